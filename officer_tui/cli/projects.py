"""``officer project add|list|show|set|link``: the project portfolio."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

from officer_tui.cli._authors import (
    add_authors,
    by_option,
    checked_user,
    history_field,
    json_authors,
)
from officer_tui.cli._common import (
    BadInput,
    choice,
    json_flag,
    parse_date,
    print_json,
    session_for,
    table,
    today,
    unit_id,
    whole,
)
from officer_tui.i18n import _, format_date

PHASES = "future|planned|in-implementation|done|on-hold"
FUNDINGS = "funded|applied|unfunded"
LIGHTS = "on-track|at-risk|off-track"
KINDS = "synergy|depends-on|replicates"


def _amount(text: str) -> int:
    """An argparse type: whole euros, at least 0 (``45000``, ``45.000`` and ``45,000`` too)."""
    digits = text.strip().replace(".", "").replace(",", "").replace("€", "").strip()
    try:
        value = int(digits)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{text!r} is not a whole number of euros").format(text=text)) from None
    if value < 0:
        raise argparse.ArgumentTypeError(_("must not be negative"))
    return value


def _fields(parser: argparse.ArgumentParser, *, editing: bool) -> None:
    parser.add_argument("--lead", metavar="NAME", help=_("the contact leading the project"))
    parser.add_argument("--field", metavar="NAME", help=_("field of action, e.g. Daten"))
    parser.add_argument("--phase", metavar=PHASES, help=None if editing else _("default: planned"))
    parser.add_argument("--funding", metavar=FUNDINGS, help=None if editing else _("default: unfunded"))
    parser.add_argument("--amount", type=_amount, metavar="EUR", help=_("funding in whole euros"))
    parser.add_argument("--programme", metavar="NAME", help=_("the funding programme"))
    parser.add_argument("--proof-due", metavar="DATE", help=_("proof of use (Verwendungsnachweis) due"))
    parser.add_argument("--light", metavar=LIGHTS, help=_("traffic light (default: on-track)"))
    parser.add_argument("--note", help=_("why the light shows what it shows"))
    parser.add_argument("--start", metavar="DATE", help=_("start date: YYYY-MM-DD or DD.MM.YYYY"))
    parser.add_argument("--end", metavar="DATE", help=_("end date: YYYY-MM-DD or DD.MM.YYYY"))
    parser.add_argument("--goal", action="append", metavar="CODE",
                        help=_("a strategic goal it serves (repeat for several)")
                        + (" " + _("replaces the goals") if editing else ""))
    parser.add_argument("--description", help=_("details"))


def register(commands: Any) -> None:
    text = _("the project portfolio")
    group = commands.add_parser("project", help=text, description=text)
    actions = group.add_subparsers(dest="action", metavar="ACTION", required=True)

    add_ = actions.add_parser("add", help=_("add a project; prints its id"))
    add_.add_argument("title", metavar="TITLE", help=_("the project's name"))
    add_.add_argument("--unit", required=True, metavar="UNIT", help=_("the owner unit"))
    _fields(add_, editing=False)
    add_.set_defaults(handler=add)

    listing = actions.add_parser("list", help=_("list projects, off track first"))
    listing.add_argument("--phase", metavar=PHASES)
    listing.add_argument("--funding", metavar=FUNDINGS)
    listing.add_argument("--light", metavar=LIGHTS)
    listing.add_argument("--field", metavar="NAME", help=_("field of action"))
    listing.add_argument("--unit", metavar="UNIT", help=_("only this unit and the units below it"))
    listing.add_argument("--goal", metavar="CODE", help=_("only projects serving this goal"))
    listing.add_argument("--proof-due-days", type=whole(0), metavar="N",
                         help=_("proof of use due within N days (or overdue)"))
    listing.add_argument("--text", default="", help=_("words in title, description or lead"))
    by_option(listing, _("only projects USER created or changed (as the change history says; case is ignored)"))
    listing.add_argument("--limit", type=whole(1), metavar="N", help=_("show at most N"))
    json_flag(listing)
    listing.set_defaults(handler=list_)

    show_ = actions.add_parser("show", help=_("everything about one project"))
    show_.add_argument("id", type=whole(1), metavar="ID")
    json_flag(show_)
    show_.set_defaults(handler=show)

    change = actions.add_parser("set", help=_("change a project (all changes or none)"))
    change.add_argument("id", type=whole(1), metavar="ID")
    change.add_argument("--title")
    change.add_argument("--unit", metavar="UNIT", help=_("the owner unit"))
    _fields(change, editing=True)
    change.set_defaults(handler=set_)

    link = actions.add_parser("link", help=_("link two projects"))
    link.add_argument("id", type=whole(1), metavar="ID")
    link.add_argument("--to", required=True, type=whole(1), metavar="ID",
                      help=_("the other project"))
    link.add_argument("--kind", default="synergy", metavar=KINDS, help=_("default: synergy"))
    link.add_argument("--note", default="", help=_("what the link means"))
    link.set_defaults(handler=link_)


# --- add and set --------------------------------------------------------------------------


def _changes(args: argparse.Namespace, session: Any) -> dict[str, Any]:
    """The service fields the options give (only those given)."""
    from officer_tui.models.enums import Funding, ProjectPhase, TrafficLight
    from officer_tui.services.contacts import find_contact
    from officer_tui.services.projects import find_goal

    data: dict[str, Any] = {}
    if getattr(args, "title", None) is not None:
        data["title"] = args.title
    if args.description is not None:
        data["description"] = args.description
    if args.field is not None:
        data["field_of_action"] = args.field
    if args.phase is not None:
        data["phase"] = choice(ProjectPhase, args.phase, "phase")
    if args.funding is not None:
        data["funding"] = choice(Funding, args.funding, "funding")
    if args.amount is not None:
        data["funding_amount"] = args.amount
    if args.programme is not None:
        data["funding_programme"] = args.programme
    if args.proof_due is not None:
        data["proof_of_use_due"] = parse_date(args.proof_due, "proof_due")
    if args.light is not None:
        data["traffic_light"] = choice(TrafficLight, args.light, "light")
    if args.note is not None:
        data["traffic_note"] = args.note
    if args.start is not None:
        data["start_on"] = parse_date(args.start, "start")
    if args.end is not None:
        data["end_on"] = parse_date(args.end, "end")
    if args.unit is not None:
        data["owner_unit_id"] = unit_id(session, args.unit)
    if args.lead is not None:
        data["lead_id"] = find_contact(session, args.lead, field="lead").id if args.lead else None
    if args.goal is not None:
        data["goal_ids"] = [find_goal(session, code).id for code in args.goal if code.strip()]
    return data


def add(args: argparse.Namespace) -> int:
    with session_for(args) as session:
        from officer_tui.services.projects import create_project

        print(create_project(session, data=_changes(args, session)).id)
    return 0


def set_(args: argparse.Namespace) -> int:
    with session_for(args) as session:
        from officer_tui.services.projects import update_project

        changes = _changes(args, session)
        if not changes:
            hint = _("see '{command} --help'").format(command="officer project set")
            raise BadInput(None, _("nothing to change; give an option such as --phase") + f" ({hint})")
        project = update_project(session, project_id=args.id, changes=changes)
        from officer_tui.services.project_views import phase_label, traffic_words

        print(_("Project {id}: {phase}, {light}").format(
            id=project.id, phase=phase_label(project.phase), light=traffic_words(project.traffic_light)))
    return 0


def link_(args: argparse.Namespace) -> int:
    from officer_tui.models.enums import LinkKind

    kind = choice(LinkKind, args.kind, "kind")
    with session_for(args) as session:
        from officer_tui.services.projects import link_projects

        link = link_projects(session, from_project_id=args.id, to_project_id=args.to, kind=kind,
                             note=args.note)
        from officer_tui.services.project_views import link_label

        print(_("Project {a} {relation} project {b}.").format(
            a=link.from_project_id, relation=link_label(link.kind, outgoing=True), b=link.to_project_id))
    return 0


# --- list and show ------------------------------------------------------------------------


def row_json(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "title": row.title,
        "unit": row.unit_name,
        "lead": row.lead_name,
        "field_of_action": row.field_of_action,
        "phase": row.phase.value,
        "funding": row.funding.value,
        "funding_amount": row.funding_amount,
        "funding_programme": row.funding_programme,
        "proof_of_use_due": row.proof_of_use_due,
        "traffic_light": row.traffic_light.value,
        "traffic_note": row.traffic_note,
        "start": row.start_on,
        "end": row.end_on,
        "version": row.version,
    }


def list_(args: argparse.Namespace) -> int:
    from officer_tui.models.enums import Funding, ProjectPhase, TrafficLight
    from officer_tui.services.project_views import (
        ProjectFilter,
        funding_text,
        phase_label,
        traffic_words,
    )

    phase = choice(ProjectPhase, args.phase, "phase") if args.phase else None
    funding = choice(Funding, args.funding, "funding") if args.funding else None
    light = choice(TrafficLight, args.light, "light") if args.light else None
    with session_for(args) as session:
        from officer_tui.services import projects

        filters = ProjectFilter(
            text=args.text, phase=phase, funding=funding, traffic_light=light,
            field_of_action=args.field, unit_id=unit_id(session, args.unit),
            goal_id=projects.find_goal(session, args.goal).id if args.goal else None,
            proof_due_days=args.proof_due_days,
            changed_by=checked_user(session, args.by),
        )
        rows = projects.list_projects(session, filters=filters, limit=args.limit, today=today())
        if args.json:
            listed = add_authors(session, "project", [row_json(row) for row in rows])
    if args.json:
        print_json(listed)
        return 0
    if not rows:
        print(_("No matching projects."))
        return 0
    headers = [_("ID"), _("Light"), _("Phase"), _("Funding"), _("Field of action"), _("Unit"),
               _("Title"), _("End")]
    cells = [
        [str(row.id), traffic_words(row.traffic_light), phase_label(row.phase),
         funding_text(row.funding, row.funding_amount), row.field_of_action or "",
         row.unit_name or "", row.title, format_date(row.end_on)]
        for row in rows
    ]
    print(table(headers, cells, right=(0,), squeeze=6))
    return 0


def show(args: argparse.Namespace) -> int:
    with session_for(args) as session:
        from officer_tui.services.projects import project_detail

        detail = project_detail(session, args.id)
        history = history_field(session, "project", args.id)
        who = json_authors(session, "project", args.id) if args.json else {}
    project = detail.project
    if args.json:
        print_json({
            "id": project.id,
            "title": project.title,
            "description": project.description,
            "unit_id": project.owner_unit_id,
            "unit": detail.unit_name,
            "lead_id": project.lead_id,
            "lead": detail.lead_name,
            "field_of_action": project.field_of_action,
            "phase": project.phase.value,
            "funding": project.funding.value,
            "funding_amount": project.funding_amount,
            "funding_programme": project.funding_programme,
            "proof_of_use_due": project.proof_of_use_due,
            "traffic_light": project.traffic_light.value,
            "traffic_note": project.traffic_note,
            "start": project.start_on,
            "end": project.end_on,
            "goals": [{"id": gid, "code": code, "title": title} for gid, code, title in detail.goals],
            "links": [{"id": link.link_id, "kind": link.kind.value, "outgoing": link.outgoing,
                       "project_id": link.other_id, "project": link.other_title, "note": link.note}
                      for link in detail.links],
            "source_idea_id": project.source_idea_id,
            **who,
            "version": project.version,
        })
        return 0
    print(describe(detail, history=history))
    return 0


def describe(detail: Any, *, history: Sequence[tuple[str, str]] = ()) -> str:
    from officer_tui.services.project_views import funding_text, phase_label, traffic_words

    project = detail.project
    funding = funding_text(project.funding, project.funding_amount)
    if project.funding_programme:
        funding += f" ({project.funding_programme})"
    light = traffic_words(project.traffic_light)
    if project.traffic_note:
        light += f": {project.traffic_note}"
    fields = [
        (_("Unit"), detail.unit_name or "–"),
        (_("Lead"), detail.lead_name or "–"),
        (_("Field of action"), project.field_of_action or "–"),
        (_("Phase"), phase_label(project.phase)),
        (_("Traffic light"), light),
        (_("Funding"), funding),
        (_("Proof of use due"), format_date(project.proof_of_use_due) or "–"),
        (_("Start"), format_date(project.start_on) or "–"),
        (_("End"), format_date(project.end_on) or "–"),
        (_("Goals"), ", ".join(f"{code} {title}" for _id, code, title in detail.goals) or "–"),
    ]
    for link in detail.links:
        text = f"{link.label} #{link.other_id} {link.other_title}"
        fields.append((_("Link"), text + (f" ({link.note})" if link.note else "")))
    if detail.source_idea:
        fields.append((_("From idea"), f"#{detail.source_idea[0]} {detail.source_idea[1]}"))
    fields.extend(history)
    width = max(len(label) for label, _value in fields) + 1
    lines = [f"#{project.id}  {project.title}", ""]
    lines += [f"{(label + ':').ljust(width)}  {value}" for label, value in fields]
    if project.description:
        lines += ["", _("Description") + ":"] + ["  " + line for line in project.description.splitlines()]
    return "\n".join(lines)

