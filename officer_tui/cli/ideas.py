"""``officer idea add|list|show|assess|status|convert|weights``: ideas from staff."""

from __future__ import annotations

import argparse
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
    cli_value,
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

IDEA_STATUSES = "submitted|in-review|accepted|parked|rejected|converted"


def rating(text: str) -> int:
    """An argparse type: a rating from 1 to 5."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{text!r} is not a whole number").format(text=text)
        ) from None
    if not 1 <= value <= 5:
        raise argparse.ArgumentTypeError(_("must be from 1 to 5, not {value}").format(value=value))
    return value


def weight(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{text!r} is not a whole number").format(text=text)
        ) from None
    if not 0 <= value <= 10:
        raise argparse.ArgumentTypeError(_("must be from 0 to 10, not {value}").format(value=value))
    return value


def register(commands: Any) -> None:
    text = _("ideas from staff: capture, assess, rank, convert into projects")
    group = commands.add_parser("idea", help=text, description=text)
    actions = group.add_subparsers(dest="action", metavar="ACTION", required=True)

    add_ = actions.add_parser("add", help=_("capture an idea; prints its id"))
    add_.add_argument("title", metavar="TITLE", help=_("the idea in a few words"))
    add_.add_argument("--unit", metavar="UNIT", help=_("the unit it comes from"))
    add_.add_argument("--submitter", metavar="NAME", help=_("the contact who brought it"))
    add_.add_argument("--field-of-action", "--field", dest="field_of_action", metavar="TEXT",
                      help=_("field of action of the strategy"))
    add_.add_argument("--goal", action="append", default=[], metavar="CODE",
                      help=_("a strategic goal it serves (repeatable)"))
    add_.add_argument("--submitted", metavar="DATE", help=_("when it came in (default: today)"))
    add_.add_argument("--description", default="", help=_("details"))
    add_.set_defaults(handler=add)

    listing = actions.add_parser("list", help=_("list ideas, best score first"))
    listing.add_argument("--status", default="open", metavar="open|all|" + IDEA_STATUSES,
                         help=_("which ideas (default: open; several separated by commas)"))
    listing.add_argument("--unit", metavar="UNIT", help=_("only this unit and the units below it"))
    listing.add_argument("--field-of-action", "--field", dest="field_of_action", metavar="TEXT")
    listing.add_argument("--goal", metavar="CODE", help=_("only ideas serving this goal"))
    listing.add_argument("--unassessed", action="store_true", help=_("only ideas not yet rated"))
    listing.add_argument("--text", default="", help=_("words in title, description or submitter"))
    by_option(listing, _("only ideas USER created or changed (as the change history says; case is ignored)"))
    listing.add_argument("--sort", default="score", metavar="score|submitted")
    listing.add_argument("--limit", type=whole(1), metavar="N", help=_("show at most N"))
    json_flag(listing)
    listing.set_defaults(handler=list_)

    show_ = actions.add_parser("show", help=_("everything about one idea"))
    show_.add_argument("id", type=whole(1), metavar="ID")
    json_flag(show_)
    show_.set_defaults(handler=show)

    assess_ = actions.add_parser("assess", help=_("rate an idea from 1 to 5 on each criterion"))
    assess_.add_argument("id", type=whole(1), metavar="ID")
    assess_.add_argument("--benefit", type=rating, required=True, metavar="1-5")
    assess_.add_argument("--effort", type=rating, required=True, metavar="1-5",
                         help=_("5 is the most effort; counts against the score"))
    assess_.add_argument("--strategic-fit", "--fit", dest="strategic_fit", type=rating,
                         required=True, metavar="1-5")
    assess_.add_argument("--reach", type=rating, required=True, metavar="1-5")
    assess_.set_defaults(handler=assess)

    status_ = actions.add_parser("status", help=_("move an idea to another status"))
    status_.add_argument("id", type=whole(1), metavar="ID")
    status_.add_argument("status", metavar="in-review|accepted|parked|rejected")
    status_.add_argument("--reason", help=_("why (required to reject)"))
    status_.set_defaults(handler=set_status)

    convert_ = actions.add_parser("convert", help=_("turn an accepted idea into a project; prints its id"))
    convert_.add_argument("id", type=whole(1), metavar="ID")
    convert_.set_defaults(handler=convert)

    weights_ = actions.add_parser("weights", help=_("show or change the weights of the score"))
    for name in ("benefit", "effort", "strategic-fit", "reach"):
        weights_.add_argument(f"--{name}", type=weight, metavar="0-10")
    json_flag(weights_)
    weights_.set_defaults(handler=weights)


# --- add ----------------------------------------------------------------------------------


def add(args: argparse.Namespace) -> int:
    data: dict[str, Any] = {
        "title": args.title,
        "description": args.description,
        "field_of_action": args.field_of_action,
        "submitted_on": parse_date(args.submitted, "submitted"),
    }
    with session_for(args) as session:
        from officer_tui.services.contacts import find_contact
        from officer_tui.services.goals import find_goal
        from officer_tui.services.ideas import create_idea

        data["unit_id"] = unit_id(session, args.unit)
        if args.submitter is not None:
            person = find_contact(session, args.submitter, unit_id=data["unit_id"], field="submitter")
            data["submitter_id"] = person.id
            if data["unit_id"] is None:
                data["unit_id"] = person.unit_id
        data["goal_ids"] = [find_goal(session, code).id for code in args.goal]
        print(create_idea(session, data=data, today=today()).id)
    return 0


# --- list ---------------------------------------------------------------------------------


def _statuses(text: str) -> frozenset | None:
    from officer_tui.models.enums import IdeaStatus, parse_enum
    from officer_tui.services.idea_views import OPEN_IDEA_STATUSES

    key = text.strip().lower()
    if key in ("all", "open"):
        return None if key == "all" else OPEN_IDEA_STATUSES
    try:
        return frozenset(parse_enum(IdeaStatus, part) for part in key.split(",") if part.strip())
    except ValueError:
        options = ", ".join(["open", "all", *map(cli_value, IdeaStatus)])
        message = _("{text!r} is not one of: {options}").format(text=text, options=options)
        raise BadInput("status", message) from None


def row_json(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "title": row.title,
        "status": row.status.value,
        "score": row.score,
        "field_of_action": row.field_of_action,
        "unit": row.unit_name,
        "submitter": row.submitter_name,
        "submitted": row.submitted_on,
        "version": row.version,
    }


def list_(args: argparse.Namespace) -> int:
    from officer_tui.services.idea_views import IdeaFilter, IdeaSort

    statuses = _statuses(args.status)
    sort = choice(IdeaSort, args.sort, "sort")
    with session_for(args) as session:
        from officer_tui.services import ideas
        from officer_tui.services.goals import find_goal

        filters = IdeaFilter(
            text=args.text,
            statuses=statuses,
            field_of_action=args.field_of_action,
            unit_id=unit_id(session, args.unit),
            goal_id=find_goal(session, args.goal).id if args.goal else None,
            unassessed=args.unassessed,
            changed_by=checked_user(session, args.by),
        )
        rows = ideas.list_ideas(session, filters=filters, sort=sort, limit=args.limit)
        from officer_tui.services.ideas import idea_status_label

        if args.json:
            listed = add_authors(session, "idea", [row_json(row) for row in rows])
    if args.json:
        print_json(listed)
        return 0
    if not rows:
        print(_("No matching ideas."))
        return 0
    headers = [_("ID"), _("Score"), _("Status"), _("Field of action"), _("Unit"), _("Title"),
               _("Submitted")]  # fmt: skip
    cells = [
        [
            str(row.id),
            "–" if row.score is None else str(row.score),
            idea_status_label(row.status),
            row.field_of_action or "",
            row.unit_name or "",
            row.title,
            format_date(row.submitted_on),
        ]
        for row in rows
    ]
    print(table(headers, cells, right=(0, 1), squeeze=5))
    return 0


# --- show ---------------------------------------------------------------------------------


def show(args: argparse.Namespace) -> int:
    with session_for(args) as session:
        from officer_tui.models.enums import RecordKind
        from officer_tui.services.followups import for_record
        from officer_tui.services.ideas import idea_detail, idea_status_label

        detail = idea_detail(session, args.id)
        followups = for_record(session, kind=RecordKind.IDEA, record_id=args.id, today=today())
        history = history_field(session, "idea", args.id)
        who = json_authors(session, "idea", args.id) if args.json else {}
    idea = detail.idea
    if args.json:
        print_json(
            {
                "id": idea.id, "title": idea.title, "description": idea.description,
                "status": idea.status.value, "status_reason": idea.status_reason,
                "unit_id": idea.unit_id, "unit": detail.unit_name,
                "submitter_id": idea.submitter_id, "submitter": detail.submitter_name,
                "field_of_action": idea.field_of_action, "submitted": idea.submitted_on,
                "benefit": idea.benefit, "effort": idea.effort,
                "strategic_fit": idea.strategic_fit, "reach": idea.reach, "score": detail.score,
                "goals": [{"id": g[0], "code": g[1], "title": g[2]} for g in detail.goals],
                "project_id": detail.project_id,
                "followups": [{"id": f.id, "title": f.title, "due": f.due_on, "done": f.done_on,
                               "overdue": f.overdue} for f in followups],
                **who,
                "version": idea.version,
            }
        )
        return 0
    fields = [
        (_("Status"), idea_status_label(idea.status)
         + (f" ({idea.status_reason})" if idea.status_reason else "")),
        (_("Score"), "–" if detail.score is None else str(detail.score)),
        (_("Unit"), detail.unit_name or "–"),
        (_("Submitter"), detail.submitter_name or "–"),
        (_("Field of action"), idea.field_of_action or "–"),
        (_("Submitted"), format_date(idea.submitted_on)),
        (_("Goals"), ", ".join(f"{code} {title}" for _i, code, title in detail.goals) or "–"),
    ]
    if detail.project_id:
        fields.append((_("Project"), f"#{detail.project_id} {detail.project_title}"))
    fields.extend(history)
    width = max(len(label) for label, _value in fields) + 1
    lines = [f"#{idea.id}  {idea.title}", ""]
    lines += [f"{(label + ':').ljust(width)}  {value}" for label, value in fields]
    if idea.description:
        lines += ["", _("Description") + ":"] + ["  " + x for x in idea.description.splitlines()]
    print("\n".join(lines))
    return 0


# --- assess, status, convert, weights -------------------------------------------------------


def assess(args: argparse.Namespace) -> int:
    with session_for(args) as session:
        from officer_tui.services.ideas import assess as rate
        from officer_tui.services.ideas import idea_detail

        rate(session, idea_id=args.id, benefit=args.benefit, effort=args.effort,
             strategic_fit=args.strategic_fit, reach=args.reach)
        detail = idea_detail(session, args.id)
    print(_("Idea {id}: score {score}").format(id=args.id, score=detail.score))
    return 0


def set_status(args: argparse.Namespace) -> int:
    from officer_tui.models.enums import IdeaStatus

    status = choice(IdeaStatus, args.status, "status")
    with session_for(args) as session:
        from officer_tui.services.ideas import idea_status_label
        from officer_tui.services.ideas import set_status as move

        idea = move(session, idea_id=args.id, status=status, reason=args.reason)
        text = _("Idea {id}: {status}").format(id=idea.id, status=idea_status_label(idea.status))
    print(text)
    return 0


def convert(args: argparse.Namespace) -> int:
    with session_for(args) as session:
        from officer_tui.services.errors import ValidationError
        from officer_tui.services.ideas import convert as to_project

        try:
            project = to_project(session, idea_id=args.id)
        except ValidationError as exc:
            raise BadInput(None, f"ID {args.id}: {exc.message}") from None
        print(project.id)
    return 0


def weights(args: argparse.Namespace) -> int:
    from officer_tui.services.idea_views import CRITERIA

    given = {c: getattr(args, c) for c in CRITERIA if getattr(args, c) is not None}
    with session_for(args) as session:
        from officer_tui.services import ideas

        current = ideas.set_weights(session, values=given) if given else ideas.weights(session)
        labels = {c: _(ideas.CRITERION_LABELS[c]) for c in CRITERIA}
    if args.json:
        print_json(current)
        return 0
    for criterion in CRITERIA:
        print(f"{labels[criterion]}: {current[criterion]}")
    return 0
