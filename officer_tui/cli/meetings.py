"""``officer meeting ...`` and ``officer decision list``: prepare, run and leave a meeting from
the shell (agenda, attendance, outcomes, closing, the next one), minutes and calendar files.

A typical jour fixe::

    officer meeting add "Jour fixe IT" --on 2026-03-02 --from 10:00 --to 11:00 \\
        --kind jour-fixe --with "Jörg Müller" --every "2 weeks"
    officer meeting item 1 "WLAN im Lesesaal" --subject request:12 --minutes 15
    officer meeting attend 1 "Jörg Müller" --status present
    officer meeting outcome 1 --kind action "Angebot einholen" --owner "Jörg Müller" --due 16.03.2026
    officer meeting close 1 && officer meeting next 1
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import time
from pathlib import Path
from typing import Any

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
from officer_tui.cli.meeting_output import detail_json, detail_text, row_json, when_text
from officer_tui.i18n import _, format_date, ngettext

KINDS = "jour-fixe|steering-group|workshop|network|other"
SUBJECT = "request:ID|idea:ID|project:ID"
_TIME = re.compile(r"^\s*(\d{1,2})(?:[:.](\d{2}))?\s*(?:h|uhr)?\s*$", re.IGNORECASE)


def register(commands: Any) -> None:
    _register_meeting(commands)
    text = _("the decision register: every decision of every meeting")
    group = commands.add_parser("decision", help=text, description=text)
    actions = group.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help=_("list decisions, newest first"))
    listing.add_argument("--text", default="",
                         help=_("words in the decision, its agenda item or the meeting's title"))
    listing.add_argument("--from", dest="from_on", metavar="DATE", help=_("held on or after"))
    listing.add_argument("--to", dest="to_on", metavar="DATE", help=_("held on or before"))
    listing.add_argument("--subject", metavar=SUBJECT,
                         help=_("only decisions about this record"))
    listing.add_argument("--limit", type=whole(1), metavar="N", help=_("show at most N"))
    json_flag(listing)
    listing.set_defaults(handler=decision_list)


def _register_meeting(commands: Any) -> None:
    text = _("meetings: agenda, attendance, decisions, actions, minutes")
    group = commands.add_parser("meeting", help=text, description=text)
    actions = group.add_subparsers(dest="action", metavar="ACTION", required=True)

    add_ = actions.add_parser("add", help=_("plan a meeting; prints its id"))
    add_.add_argument("title", metavar="TITLE")
    add_.add_argument("--on", required=True, metavar="DATE", help=_("YYYY-MM-DD or DD.MM.YYYY"))
    _meeting_options(add_)
    add_.set_defaults(handler=add)

    edit_ = actions.add_parser("edit", help=_("change a meeting"))
    edit_.add_argument("id", type=whole(1), metavar="ID")
    edit_.add_argument("--title", metavar="TITLE")
    edit_.add_argument("--on", metavar="DATE")
    _meeting_options(edit_)
    edit_.set_defaults(handler=edit)

    listing = actions.add_parser(
        "list", help=_("list meetings: upcoming soonest first, then past ones newest first"))
    when = listing.add_mutually_exclusive_group()
    when.add_argument("--upcoming", action="store_true", help=_("only from today on"))
    when.add_argument("--past", action="store_true", help=_("only before today"))
    listing.add_argument("--kind", metavar=KINDS)
    listing.add_argument("--text", default="",
                         help=_("words in title, place, notes, agenda or participants"))
    listing.add_argument("--with", dest="person", metavar="NAME", help=_("only with this person"))
    listing.add_argument("--open", action="store_true", help=_("only meetings not closed"))
    listing.add_argument("--limit", type=whole(1), metavar="N", help=_("show at most N"))
    json_flag(listing)
    listing.set_defaults(handler=list_)

    show_ = actions.add_parser("show", help=_("one meeting with agenda, outcomes, attendance"))
    show_.add_argument("id", type=whole(1), metavar="ID")
    json_flag(show_)
    show_.set_defaults(handler=show)

    minutes_ = actions.add_parser("minutes", help=_("the minutes as Markdown"))
    minutes_.add_argument("id", type=whole(1), metavar="ID")
    minutes_.add_argument("--out", metavar="FILE.md", help=_("write to a file (default: print)"))
    minutes_.set_defaults(handler=minutes)

    ics_ = actions.add_parser("ics", help=_("meetings as a calendar file (.ics)"))
    ics_.add_argument("id", type=whole(1), nargs="?", metavar="ID", help=_("one meeting"))
    ics_.add_argument("--upcoming", action="store_true", help=_("every meeting from today on"))
    ics_.add_argument("--out", required=True, metavar="FILE.ics", help=_("the file ('-': print)"))
    ics_.set_defaults(handler=ics)

    item_ = actions.add_parser("item", help=_("add an agenda item; prints its id"))
    item_.add_argument("meeting", type=whole(1), metavar="MEETING")
    item_.add_argument("title", metavar="TITLE")
    item_.add_argument("--presenter", metavar="NAME|ID")
    item_.add_argument("--minutes", type=whole(1), metavar="N", help=_("time planned"))
    item_.add_argument("--subject", metavar=SUBJECT, help=_("the record it is about"))
    item_.add_argument("--notes", default="", help=_("notes (Markdown)"))
    item_.set_defaults(handler=item)

    done_ = actions.add_parser("done", help=_("mark an agenda item dealt with"))
    done_.add_argument("item", type=whole(1), metavar="ITEM")
    done_.add_argument("--undo", action="store_true", help=_("open it again"))
    done_.set_defaults(handler=item_done)

    outcome_ = actions.add_parser(
        "outcome", help=_("record an outcome of an agenda item; prints its id"))
    outcome_.add_argument("item", type=whole(1), metavar="ITEM")
    outcome_.add_argument("text", metavar="TEXT")
    outcome_.add_argument("--kind", required=True, metavar="information|decision|action")
    outcome_.add_argument("--owner", metavar="NAME|ID", help=_("who does it (an action)"))
    outcome_.add_argument("--due", metavar="DATE", help=_("by when (an action)"))
    outcome_.set_defaults(handler=outcome)

    attend_ = actions.add_parser("attend", help=_("mark how someone took part"))
    attend_.add_argument("meeting", type=whole(1), metavar="MEETING")
    attend_.add_argument("contact", metavar="NAME|ID")
    attend_.add_argument("--status", required=True, metavar="present|excused|absent")
    attend_.set_defaults(handler=attend)

    for name, handler, text in (
        ("close", close, _("close a meeting: read-only from now on")),
        ("reopen", reopen, _("reopen a closed meeting")),
        ("delete", delete, _("delete a meeting that is not closed")),
    ):
        action = actions.add_parser(name, help=text)
        action.add_argument("id", type=whole(1), metavar="ID")
        action.set_defaults(handler=handler)

    next_ = actions.add_parser(
        "next", help=_("plan the series' next meeting, open items carried over; prints its id"))
    next_.add_argument("id", type=whole(1), metavar="ID")
    next_.add_argument("--on", metavar="DATE", help=_("default: by the series' rhythm"))
    next_.set_defaults(handler=plan_next)


def _meeting_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--from", dest="start", metavar="HH:MM", help=_("start time"))
    parser.add_argument("--to", dest="end", metavar="HH:MM", help=_("end time"))
    parser.add_argument("--kind", metavar=KINDS)
    parser.add_argument("--place", metavar="TEXT")
    parser.add_argument("--url", dest="online_url", metavar="URL", help=_("the online meeting's link"))
    parser.add_argument("--unit", metavar="UNIT", help=_("the hosting unit"))
    parser.add_argument("--with", dest="people", action="append", metavar="NAME|ID",
                        help=_("a participant (repeatable)"))
    for kind in ("project", "request", "idea"):
        parser.add_argument(f"--{kind}", dest=f"{kind}s", action="append", type=whole(1),
                            metavar="ID", help=_("a linked {kind} (repeatable)").format(kind=kind))
    parser.add_argument("--notes", metavar="TEXT", help=_("notes (Markdown)"))
    parser.add_argument("--every", metavar="N days|weeks|months",
                        help=_("recurring, e.g. '2 weeks' (a series)"))


# --- helpers ------------------------------------------------------------------------------

# Service field names -> the options of these commands.
FIELDS = {
    "title": "TITLE", "date": "--on", "start": "--from", "end": "--to", "link": "--url",
    "participants": "--with", "links": "--project/--request/--idea", "every": "--every",
    "kind": "--kind", "place": "--place", "unit": "--unit", "presenter": "--presenter",
    "minutes": "--minutes", "subject": "--subject", "owner": "--owner", "due": "--due",
    "text": "TEXT", "status": "--status", "participant": "NAME|ID",
}


@contextmanager
def options(**extra: str) -> Iterator[None]:
    """A service's refusal named by this command's option (``--to: ends before it starts``)."""
    from officer_tui.services.errors import ValidationError

    try:
        yield
    except ValidationError as exc:
        names = FIELDS | extra
        parts = [f"{names[field]}: {message}" if field in names else None
                 for field, message in exc.problems]
        if None in parts:
            raise
        raise BadInput(None, "; ".join(parts)) from None


def clock_time(text: str | None, option: str) -> time | None:
    """``9``, ``9:30``, ``09.30`` or ``14 Uhr``; None for nothing."""
    if text is None or not text.strip():
        return None
    match = _TIME.match(text)
    if match:
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        if hour < 24 and minute < 60:
            return time(hour, minute)
    raise BadInput(None, f"{option}: " + _("{text!r} is not a time; use HH:MM").format(text=text))


def person(session: Any, text: str, field: str) -> int:
    """A contact by id or by name (case- and accent-blind, unique)."""
    from officer_tui.models.org import Contact
    from officer_tui.services.contacts import find_contact
    from officer_tui.services.errors import ValidationError

    if text.strip().isdigit():
        if session.get(Contact, int(text)) is None:
            raise ValidationError(field, _("unknown contact #{id}").format(id=text.strip()))
        return int(text)
    return find_contact(session, text, field=field).id


def _subject(text: str | None) -> tuple[Any, int] | tuple[None, None]:
    from officer_tui.cli.followups import subject

    return subject(text)


def _meeting_data(session: Any, args: argparse.Namespace, *, new: bool) -> dict[str, Any]:
    from officer_tui.cli.followups import every
    from officer_tui.models.enums import MeetingKind, RecordKind

    data: dict[str, Any] = {}
    if args.title is not None:
        data["title"] = args.title
    if args.on is not None:
        data["held_on"] = parse_date(args.on, "date")
    if args.start is not None or new:
        data["start_time"] = clock_time(args.start, "--from")
    if args.end is not None or new:
        data["end_time"] = clock_time(args.end, "--to")
    if args.kind is not None:
        data["kind"] = choice(MeetingKind, args.kind, "kind")
    for key, value in (("place", args.place), ("online_url", args.online_url), ("notes", args.notes)):
        if value is not None:
            data[key] = value
    if args.unit is not None:
        data["unit_id"] = unit_id(session, args.unit)
    if args.people is not None:
        data["participant_ids"] = [person(session, name, "participants") for name in args.people]
    links = [(kind, record_id)
             for kind, given in ((RecordKind.PROJECT, args.projects),
                                 (RecordKind.REQUEST, args.requests), (RecordKind.IDEA, args.ideas))
             for record_id in given or ()]
    if links or new:
        data["links"] = links
    if args.every is not None:
        data["recur_every"], data["recur_unit"] = every(args.every)
    return data


# --- meetings -----------------------------------------------------------------------------


def add(args: argparse.Namespace) -> int:
    with session_for(args) as session, options():
        from officer_tui.services.meetings import add_meeting

        print(add_meeting(session, data=_meeting_data(session, args, new=True)).id)
    return 0


def edit(args: argparse.Namespace) -> int:
    with session_for(args) as session, options(meeting=f"ID {args.id}"):
        from officer_tui.services.meetings import update_meeting

        meeting = update_meeting(session, meeting_id=args.id,
                                 changes=_meeting_data(session, args, new=False))
        print(_("Meeting {id} saved.").format(id=meeting.id))
    return 0


def list_(args: argparse.Namespace) -> int:
    from officer_tui.models.enums import MeetingKind
    from officer_tui.services.meeting_views import MeetingFilter, MeetingWhen

    when = MeetingWhen.UPCOMING if args.upcoming else MeetingWhen.PAST if args.past else None
    kind = choice(MeetingKind, args.kind, "kind") if args.kind else None
    with session_for(args) as session, options(participants="--with"):
        from officer_tui.services.meetings import list_meetings

        filters = MeetingFilter(
            text=args.text, when=when or MeetingWhen.ALL, kind=kind, open_only=args.open,
            contact_id=person(session, args.person, "participants") if args.person else None,
        )
        rows = list_meetings(session, filters, today=today(), limit=args.limit)
    if args.json:
        print_json([row_json(row) for row in rows])
        return 0
    if not rows:
        print(_("No matching meetings."))
        return 0
    from officer_tui.labels import meeting_kind_label

    headers = [_("ID"), _("When"), _("Kind"), _("Title"), _("Place"), _("People"), _("Items"),
               _("Open actions"), _("Closed")]
    cells = [
        [str(r.id), when_text(r.held_on, r.start_time, r.end_time), meeting_kind_label(r.kind),
         r.title, r.place or (_("online") if r.online else ""), str(r.participants),
         str(r.items), str(r.open_actions), "✓" if r.closed else ""]
        for r in rows
    ]
    print(table(headers, cells, right=(0, 5, 6, 7), squeeze=3))
    return 0


def show(args: argparse.Namespace) -> int:
    with session_for(args) as session:
        from officer_tui.services.meetings import meeting_detail

        detail = meeting_detail(session, args.id)
    if args.json:
        print_json(detail_json(detail))
    else:
        print(detail_text(detail))
    return 0


def _write(path: str, text: str, *, newline: str | None = None) -> None:
    target = Path(path).expanduser()
    try:
        with target.open("w", encoding="utf-8", newline=newline) as handle:
            handle.write(text)
    except OSError as exc:
        raise BadInput(None, f"--out: {exc.strerror or exc}") from None


def minutes(args: argparse.Namespace) -> int:
    with session_for(args) as session:
        from officer_tui.services.meetings import minutes_markdown

        text = minutes_markdown(session, meeting_id=args.id)
    if args.out is None or args.out == "-":
        print(text, end="")
    else:
        _write(args.out, text)
        print(_("Minutes written to {path}.").format(path=args.out))
    return 0


def ics(args: argparse.Namespace) -> int:
    if args.id is None and not args.upcoming:
        raise BadInput(None, _("give a meeting's ID or --upcoming"))
    if args.id is not None and args.upcoming:
        raise BadInput(None, _("give either a meeting's ID or --upcoming, not both"))
    with session_for(args) as session:
        from officer_tui.services.meetings import get_meeting, ics_text

        if args.id is not None:
            get_meeting(session, args.id)  # a missing one is refused
            ids, start = [args.id], None
        else:
            ids, start = None, today()
        text = ics_text(session, meeting_ids=ids, upcoming_from=start)
    count = text.count("BEGIN:VEVENT\r\n")
    if args.out == "-":
        print(text, end="")
        return 0
    _write(args.out, text, newline="")
    print(ngettext("{n} meeting written to {path}.", "{n} meetings written to {path}.", count)
          .format(n=count, path=args.out))
    return 0


def close(args: argparse.Namespace) -> int:
    with session_for(args) as session, options(meeting=f"ID {args.id}"):
        from officer_tui.services.meetings import close_meeting

        close_meeting(session, meeting_id=args.id)
    print(_("Meeting {id} closed.").format(id=args.id))
    return 0


def reopen(args: argparse.Namespace) -> int:
    with session_for(args) as session, options(meeting=f"ID {args.id}"):
        from officer_tui.services.meetings import reopen_meeting

        reopen_meeting(session, meeting_id=args.id)
    print(_("Meeting {id} reopened.").format(id=args.id))
    return 0


def delete(args: argparse.Namespace) -> int:
    with session_for(args) as session, options(meeting=f"ID {args.id}"):
        from officer_tui.services.meetings import delete_meeting

        delete_meeting(session, meeting_id=args.id)
    print(_("Meeting {id} deleted.").format(id=args.id))
    return 0


def plan_next(args: argparse.Namespace) -> int:
    with session_for(args) as session, options(meeting=f"ID {args.id}", every=f"ID {args.id}"):
        from officer_tui.services.meetings import meeting_detail
        from officer_tui.services.meetings import plan_next as plan

        held_on = parse_date(args.on, "date") if args.on else None
        following = plan(session, meeting_id=args.id, held_on=held_on)
        carried = len(meeting_detail(session, following.id).items)
        print(following.id)
    print(ngettext("Planned for {date}; {n} open item carried over.",
                   "Planned for {date}; {n} open items carried over.", carried).format(
        date=format_date(following.held_on), n=carried), file=sys.stderr)
    return 0


# --- agenda, outcomes, attendance -----------------------------------------------------------


def item(args: argparse.Namespace) -> int:
    kind, subject_id = _subject(args.subject)
    with session_for(args) as session, options(meeting=f"MEETING {args.meeting}"):
        from officer_tui.services.meetings import add_item

        data = {"title": args.title, "minutes": args.minutes, "notes": args.notes,
                "subject_kind": kind, "subject_id": subject_id}
        if args.presenter is not None:
            data["presenter_id"] = person(session, args.presenter, "presenter")
        print(add_item(session, meeting_id=args.meeting, data=data).id)
    return 0


def item_done(args: argparse.Namespace) -> int:
    from officer_tui.models.enums import AgendaStatus

    status = AgendaStatus.OPEN if args.undo else AgendaStatus.DONE
    with session_for(args) as session, options(meeting=f"ITEM {args.item}"):
        from officer_tui.labels import agenda_status_label
        from officer_tui.services.meetings import set_item_status

        set_item_status(session, item_id=args.item, status=status)
    print(_("Item {id}: {status}").format(id=args.item, status=agenda_status_label(status)))
    return 0


def outcome(args: argparse.Namespace) -> int:
    from officer_tui.models.enums import OutcomeKind

    kind = choice(OutcomeKind, args.kind, "kind")
    due = parse_date(args.due, "due") if args.due else None
    with session_for(args) as session, options(meeting=f"ITEM {args.item}"):
        from officer_tui.services.meetings import add_outcome

        owner = person(session, args.owner, "owner") if args.owner else None
        print(add_outcome(session, item_id=args.item, kind=kind, text=args.text, owner_id=owner,
                          due_on=due).id)
    return 0


def attend(args: argparse.Namespace) -> int:
    from officer_tui.models.enums import Attendance

    status = choice(Attendance, args.status, "status")
    if status == Attendance.INVITED:
        raise BadInput(None, "--status: " + _("must be present, excused or absent"))
    with session_for(args) as session, options(meeting=f"MEETING {args.meeting}",
                                               participant="NAME|ID"):
        from officer_tui.labels import attendance_label
        from officer_tui.services.meetings import set_attendance

        contact_id = person(session, args.contact, "participant")
        set_attendance(session, meeting_id=args.meeting, contact_id=contact_id, attendance=status)
        print(_("{name}: {status}").format(name=args.contact, status=attendance_label(status)))
    return 0


# --- decisions ----------------------------------------------------------------------------


def decision_list(args: argparse.Namespace) -> int:
    from_on = parse_date(args.from_on, "from")
    to_on = parse_date(args.to_on, "to")
    kind, record_id = _subject(args.subject)
    with session_for(args) as session:
        from officer_tui.services.meetings import decisions

        rows = decisions(session, text=args.text, from_on=from_on, to_on=to_on,
                         record=(kind, record_id) if kind else None, limit=args.limit)
    if args.json:
        from officer_tui.cli.meeting_output import link_json

        print_json([
            {"id": d.id, "date": d.held_on, "meeting_id": d.meeting_id,
             "meeting": d.meeting_title, "item": d.item_title, "text": d.text,
             "title": d.text, "subject": link_json(d.subject) if d.subject else None,
             "links": [link_json(link) for link in d.meeting_links]}
            for d in rows
        ])
        return 0
    if not rows:
        print(_("No matching decisions."))
        return 0
    headers = [_("ID"), _("Date"), _("Decision"), _("Meeting"), _("Item"), _("About")]
    cells = [
        [str(d.id), format_date(d.held_on), " ".join(d.text.split()),
         f"#{d.meeting_id} {d.meeting_title}", d.item_title,
         ", ".join(dict.fromkeys(
             f"{link.kind.value}:{link.record_id}"
             for link in ([d.subject] if d.subject else []) + list(d.meeting_links)))]
        for d in rows
    ]
    print(table(headers, cells, right=(0,), squeeze=2))
    return 0
