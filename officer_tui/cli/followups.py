"""``officer followup add|list|done``: follow-ups (Wiedervorlagen) on requests, ideas, projects."""

from __future__ import annotations

import argparse
import re
from typing import Any

from officer_tui.cli._authors import add_authors, by_option, checked_user
from officer_tui.cli._common import (
    BadInput,
    choice,
    json_flag,
    parse_date,
    print_json,
    session_for,
    table,
    today,
    whole,
)
from officer_tui.i18n import _, format_date

SUBJECT = "request:ID|idea:ID|project:ID|meeting:ID|training:ID"
_EVERY = re.compile(r"^\s*(\d+)\s*([a-zäöü]+)\s*$", re.IGNORECASE)
_UNITS = {
    "d": "days", "day": "days", "days": "days", "tag": "days", "tage": "days",
    "w": "weeks", "week": "weeks", "weeks": "weeks", "woche": "weeks", "wochen": "weeks",
    "m": "months", "month": "months", "months": "months", "monat": "months", "monate": "months",
}


def register(commands: Any) -> None:
    text = _("follow-ups (Wiedervorlagen) on requests, ideas and projects")
    group = commands.add_parser("followup", help=text, description=text)
    actions = group.add_subparsers(dest="action", metavar="ACTION", required=True)

    add_ = actions.add_parser("add", help=_("add a follow-up; prints its id"))
    add_.add_argument("title", metavar="TITLE", help=_("what to do"))
    add_.add_argument("--due", required=True, metavar="DATE", help=_("YYYY-MM-DD or DD.MM.YYYY"))
    add_.add_argument("--owner", metavar="NAME", help=_("the contact who does it"))
    add_.add_argument("--subject", metavar=SUBJECT, help=_("the record it belongs to"))
    add_.add_argument("--every", metavar="N days|weeks|months",
                      help=_("recurring, e.g. '2 weeks' or '1 month'"))
    add_.add_argument("--from", dest="recur_from", default="due", metavar="due|done",
                      help=_("count the next one from the due date (default) or from completion"))
    add_.add_argument("--notes", default="", help=_("details"))
    add_.set_defaults(handler=add)

    listing = actions.add_parser("list", help=_("list follow-ups: overdue first, then by due date"))
    listing.add_argument("--state", default="open", metavar="open|overdue|done|all")
    listing.add_argument("--owner", metavar="NAME")
    listing.add_argument("--subject", metavar=SUBJECT)
    by_option(listing, _("only follow-ups USER created or changed (as the change history says; case is ignored)"))
    listing.add_argument("--limit", type=whole(1), metavar="N")
    json_flag(listing)
    listing.set_defaults(handler=list_)

    done_ = actions.add_parser("done", help=_("mark a follow-up done (a recurring one comes back)"))
    done_.add_argument("id", type=whole(1), metavar="ID")
    done_.set_defaults(handler=done)


def subject(text: str | None) -> tuple[Any, int] | tuple[None, None]:
    from officer_tui.models.enums import RecordKind

    if text is None:
        return None, None
    kind, _sep, number = text.partition(":")
    if not number.strip().isdigit():
        raise BadInput("subject", _("{text!r} is not KIND:ID, e.g. request:12").format(text=text))
    kinds = {
        "request": RecordKind.REQUEST, "idea": RecordKind.IDEA, "project": RecordKind.PROJECT,
        "meeting": RecordKind.MEETING, "training": RecordKind.TRAINING,
    }
    found = kinds.get(kind.strip().lower())
    if found is None:
        raise BadInput("subject", _("{text!r} is not one of: {options}").format(
            text=kind, options=", ".join(kinds)))
    return found, int(number)


def every(text: str | None) -> tuple[int, str] | tuple[None, None]:
    if text is None:
        return None, None
    match = _EVERY.match(text)
    unit = _UNITS.get(match.group(2).lower()) if match else None
    if not match or unit is None:
        raise BadInput("every", _("{text!r} is not like '2 weeks'; use days, weeks or months")
                       .format(text=text))
    return int(match.group(1)), unit


def add(args: argparse.Namespace) -> int:
    from officer_tui.models.enums import RecurFrom

    kind, subject_id = subject(args.subject)
    count, unit = every(args.every)
    due = parse_date(args.due, "due")
    data: dict[str, Any] = {
        "title": args.title, "due_on": due, "notes": args.notes, "subject_kind": kind,
        "subject_id": subject_id, "recur_every": count, "recur_unit": unit,
        "recur_from": choice(RecurFrom, args.recur_from, "from") if count else None,
    }
    with session_for(args) as session:
        from officer_tui.services.contacts import find_contact
        from officer_tui.services.followups import add_followup

        if args.owner is not None:
            data["owner_id"] = find_contact(session, args.owner, field="owner").id
        print(add_followup(session, data=data).id)
    return 0


def list_(args: argparse.Namespace) -> int:
    from officer_tui.services.idea_views import FollowUpState

    state = choice(FollowUpState, args.state, "state")
    kind, subject_id = subject(args.subject)
    with session_for(args) as session:
        from officer_tui.services.contacts import find_contact
        from officer_tui.services.followups import list_followups

        owner = find_contact(session, args.owner, field="owner").id if args.owner else None
        rows = list_followups(session, state=state, owner_id=owner, subject_kind=kind,
                              subject_id=subject_id, limit=args.limit, today=today(),
                              changed_by=checked_user(session, args.by))
        if args.json:
            listed = add_authors(session, "followup", [
            {"id": r.id, "title": r.title, "due": r.due_on, "done": r.done_on,
             "overdue": r.overdue, "owner": r.owner_name,
             "subject_kind": r.subject_kind.value if r.subject_kind else None,
             "subject_id": r.subject_id, "subject": r.subject_title,
             "every": f"{r.recurrence[0]} {r.recurrence[1]}" if r.recurrence else None,
             "from": r.recurrence[2] if r.recurrence else None, "version": r.version}
            for r in rows
        ])
    if args.json:
        print_json(listed)
        return 0
    if not rows:
        print(_("No matching follow-ups."))
        return 0
    headers = [_("ID"), _("Due"), _("Title"), _("Owner"), _("On"), _("Done")]
    cells = [
        [
            str(r.id),
            ("! " if r.overdue else "") + format_date(r.due_on),
            r.title + (" ↻" if r.recurrence else ""),
            r.owner_name or "",
            f"{r.subject_kind.value}:{r.subject_id}" if r.subject_kind else "",
            format_date(r.done_on),
        ]
        for r in rows
    ]
    print(table(headers, cells, right=(0,), squeeze=2))
    return 0


def done(args: argparse.Namespace) -> int:
    with session_for(args) as session:
        from officer_tui.services.followups import mark_done

        _done, following = mark_done(session, followup_id=args.id, today=today())
        text = _("Follow-up {id} done.").format(id=args.id)
        if following is not None:
            text += " " + _("Next one: #{id}, due {date}.").format(
                id=following.id, date=format_date(following.due_on))
    print(text)
    return 0
