"""``officer training|session|enroll|attend``: competence building from the command line.

Programmes with target units and a goal, their sessions, enrollments and attendance, coverage
per unit with a forecast, participant lists imported from CSV/XLSX, ICS and CSV exports.
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
    where,
    whole,
)
from officer_tui.i18n import _, format_date, ngettext

STATUSES = "invited|registered|waitlisted|attended|excused|no-show|cancelled"
_TIME = re.compile(r"^\s*(\d{1,2})(?:[:.](\d{2}))?\s*(?:uhr|h)?\s*$", re.IGNORECASE)
BAR_WIDTH = 20


# --- errors named after what was typed -------------------------------------------------------


@contextmanager
def named(options: dict[str, str]) -> Iterator[None]:
    """Service complaints name the option or argument people typed (``--on``, ``CONTACT``)."""
    from officer_tui.services.errors import ValidationError

    def named_after(field: str | None) -> str:
        return options[field] + ": " if field in options else where(field)

    try:
        yield
    except ValidationError as exc:
        parts = [named_after(field) + message for field, message in exc.problems]
        raise BadInput(None, "; ".join(parts)) from None
    except BadInput as exc:
        if exc.field is None:
            raise
        raise BadInput(None, named_after(exc.field) + exc.message) from None


PROGRAMME_OPTIONS = {"title": "TITLE", "goal": "--goal", "goal_by": "--by", "targets": "--target",
                     "topic": "--topic", "description": "--description", "unit": "--target"}
SESSION_OPTIONS = {"programme": "PROGRAMME", "date": "--on", "start": "--from", "end": "--to",
                   "link": "--url", "capacity": "--capacity", "place": "--place",
                   "trainer": "--trainer"}
ENROLL_OPTIONS = {"session": "SESSION", "contact": "CONTACT", "status": "--status"}


# --- parsing helpers ------------------------------------------------------------------------


def clock_time(text: str | None, field: str) -> time | None:
    if text is None or not text.strip():
        return None
    match = _TIME.match(text)
    if match:
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        if hour < 24 and minute < 60:
            return time(hour, minute)
    raise BadInput(field, _("{text!r} is not a time; use HH:MM").format(text=text))


def programme_id(session: Any, text: str, field: str = "programme") -> int:
    """A programme by id or by (unique, case- and accent-blind) title."""
    from sqlalchemy import select

    from officer_tui.models.training import TrainingProgramme
    from officer_tui.text import closest, fold

    text = text.strip()
    if text.isdigit():
        if session.get(TrainingProgramme, int(text)) is None:
            raise BadInput(field, _("there is no programme {id}").format(id=text))
        return int(text)
    titles = session.execute(select(TrainingProgramme.id, TrainingProgramme.title)).all()
    found = [pid for pid, title in titles if fold(title) == fold(text)]
    if not found:
        found = [pid for pid, title in titles if fold(text) and fold(text) in fold(title)]
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise BadInput(field, _("{n} programmes match {text!r}; give the id").format(
            n=len(found), text=text))
    options = closest(text, [title for _pid, title in titles])
    message = _("unknown programme {text!r}").format(text=text)
    if options:
        message += "; " + _("did you mean: {options}?").format(options=", ".join(options))
    raise BadInput(field, message)


def contact_id(session: Any, text: str, field: str = "contact") -> int:
    """A person by id or by name (a unique case- and accent-blind match)."""
    from officer_tui.models.org import Contact
    from officer_tui.services.contacts import find_contact

    if text.strip().isdigit():
        if session.get(Contact, int(text)) is None:
            raise BadInput(field, _("there is no contact {id}").format(id=text.strip()))
        return int(text)
    return find_contact(session, text, field=field).id


def unit_ref(session: Any, text: str, field: str) -> int:
    from officer_tui.models.org import OrgUnit
    from officer_tui.services.units import find_unit

    if text.strip().isdigit():
        if session.get(OrgUnit, int(text)) is None:
            raise BadInput(field, _("there is no unit {id}").format(id=text.strip()))
        return int(text)
    return find_unit(session, text, field=field).id


def percent(share: float | None) -> str:
    return "" if share is None else f"{round(share * 100)} %"


def bar(share: float | None, goal: int | None = None, width: int = BAR_WIDTH) -> str:
    """``██████▌····│····`` : the share in eighths of a cell, the goal as a mark."""
    if share is None:
        return ""
    eighths = round(min(max(share, 0.0), 1.0) * width * 8)
    full, part = divmod(eighths, 8)
    cells = ["█"] * full + ([" ▏▎▍▌▋▊▉"[part]] if part else [])
    cells += ["·"] * (width - len(cells))
    if goal:
        mark = min(round(goal / 100 * width), width) - 1
        if cells[mark] == "·":
            cells[mark] = "│"
    return "".join(cells)


def on_track_text(value: bool | None) -> str:
    if value is None:
        return ""
    return _("on track") if value else _("behind")


# --- registration ---------------------------------------------------------------------------


def register(commands: Any) -> None:
    text = _("training programmes, coverage and participant imports")
    group = commands.add_parser("training", help=text, description=text)
    actions = group.add_subparsers(dest="action", metavar="ACTION", required=True)

    add_ = actions.add_parser("add", help=_("add a training programme; prints its id"))
    add_.add_argument("title", metavar="TITLE")
    add_.add_argument("--topic", default="")
    add_.add_argument("--description", default="")
    add_.add_argument("--goal", type=whole(1), metavar="PERCENT",
                      help=_("share of the target headcount to reach, e.g. 80"))
    add_.add_argument("--by", metavar="DATE", help=_("reach the goal by this date"))
    add_.add_argument("--target", action="append", default=[], metavar="UNIT[=HEADCOUNT]",
                      help=_("a unit to reach (again for more); without a headcount the "
                             "unit's own"))
    add_.set_defaults(handler=add_programme)

    listing = actions.add_parser("list", help=_("list programmes with their coverage"))
    listing.add_argument("--text", default="", help=_("words in title, topic or description"))
    json_flag(listing)
    listing.set_defaults(handler=list_programmes)

    show_ = actions.add_parser("show", help=_("a programme: targets, sessions, coverage"))
    show_.add_argument("programme", metavar="PROGRAMME", help=_("id or title"))
    json_flag(show_)
    show_.set_defaults(handler=show_programme)

    cover = actions.add_parser("coverage", help=_("people reached per unit, and the forecast"))
    cover.add_argument("programme", metavar="PROGRAMME", help=_("id or title"))
    cover.add_argument("--unit", metavar="UNIT", help=_("also list who still needs it there"))
    json_flag(cover)
    cover.set_defaults(handler=coverage)

    grid = actions.add_parser("grid", help=_("people reached: units x programmes (counts)"))
    json_flag(grid)
    grid.set_defaults(handler=coverage_grid)

    imp = actions.add_parser("import", help=_("enroll the people of a CSV or XLSX list"))
    imp.add_argument("file", metavar="FILE", help=_(".csv or .xlsx with a header row"))
    imp.add_argument("--session", required=True, type=whole(1), metavar="ID")
    imp.add_argument("--status", default="registered", metavar=STATUSES)
    imp.add_argument("--column", action="append", default=[], metavar="FIELD=HEADER",
                     help=_("which column holds name, first-name, last-name, email, unit or "
                            "role (when the header is not recognised)"))
    imp.add_argument("--dry-run", action="store_true", help=_("show the preview; write nothing"))
    imp.set_defaults(handler=import_list)

    text = _("training sessions: dates, places, capacity, exports")
    group = commands.add_parser("session", help=text, description=text)
    actions = group.add_subparsers(dest="action", metavar="ACTION", required=True)

    add_ = actions.add_parser("add", help=_("add a session to a programme; prints its id"))
    add_.add_argument("programme", metavar="PROGRAMME", help=_("id or title"))
    add_.add_argument("--on", required=True, metavar="DATE")
    add_.add_argument("--from", dest="start", metavar="HH:MM")
    add_.add_argument("--to", dest="end", metavar="HH:MM")
    add_.add_argument("--place", default="")
    add_.add_argument("--url", dest="online_url", default="", help=_("link of an online session"))
    add_.add_argument("--trainer", default="")
    add_.add_argument("--capacity", metavar="N", help=_("seats (none: no limit)"))
    add_.set_defaults(handler=add_session)

    listing = actions.add_parser("list", help=_("list sessions by date"))
    listing.add_argument("--programme", metavar="PROGRAMME")
    listing.add_argument("--upcoming", action="store_true", help=_("from today on"))
    json_flag(listing)
    listing.set_defaults(handler=list_sessions)

    show_ = actions.add_parser("show", help=_("a session with its participants"))
    show_.add_argument("id", type=whole(1), metavar="ID")
    json_flag(show_)
    show_.set_defaults(handler=show_session)

    ics = actions.add_parser("ics", help=_("write sessions as an iCalendar file"))
    ics.add_argument("--programme", metavar="PROGRAMME")
    ics.add_argument("--upcoming", action="store_true", help=_("from today on"))
    ics.add_argument("--out", required=True, metavar="FILE.ics")
    ics.set_defaults(handler=write_ics)

    att = actions.add_parser("attendance", help=_("write a session's attendance list (CSV)"))
    att.add_argument("id", type=whole(1), metavar="ID")
    att.add_argument("--out", required=True, metavar="FILE.csv")
    att.set_defaults(handler=write_attendance)

    fb = actions.add_parser("feedback", help=_("record a session's feedback score"))
    fb.add_argument("id", type=whole(1), metavar="ID")
    fb.add_argument("--score", required=True, metavar="1-5", help=_("e.g. 4.5; 'none' clears"))
    fb.add_argument("--comment", default="")
    fb.set_defaults(handler=feedback)

    enroll_ = commands.add_parser("enroll", help=_("enroll a person in a training session"))
    enroll_.add_argument("session", type=whole(1), metavar="SESSION")
    enroll_.add_argument("contact", metavar="CONTACT", help=_("id or name"))
    enroll_.add_argument("--status", default="registered", metavar=STATUSES)
    enroll_.set_defaults(handler=enroll)

    attend_ = commands.add_parser("attend", help=_("mark how a person took part in a session"))
    attend_.add_argument("session", type=whole(1), metavar="SESSION")
    attend_.add_argument("contact", metavar="CONTACT", help=_("id or name"))
    attend_.add_argument("--status", default="attended", metavar=STATUSES)
    attend_.set_defaults(handler=attend)


# --- programmes -----------------------------------------------------------------------------


def _targets(session: Any, entries: list[str]) -> list[tuple[int, int | None]]:
    targets = []
    for entry in entries:
        name, sep, number = entry.rpartition("=") if "=" in entry else (entry, "", "")
        headcount = None
        if sep:
            try:
                headcount = int(number)
            except ValueError:
                raise BadInput("targets", _("{text!r} is not a whole number").format(
                    text=number)) from None
        targets.append((unit_ref(session, name, "targets"), headcount))
    return targets


def add_programme(args: argparse.Namespace) -> int:
    with session_for(args) as session, named(PROGRAMME_OPTIONS):
        from officer_tui.services.trainings import add_programme as add

        data = {"title": args.title, "topic": args.topic, "description": args.description,
                "goal_percent": args.goal, "goal_by": parse_date(args.by, "goal_by"),
                "targets": _targets(session, args.target)}
        print(add(session, data=data).id)
    return 0


def programme_json(row: Any) -> dict[str, Any]:
    return {"id": row.id, "title": row.title, "topic": row.topic,
            "goal_percent": row.goal_percent, "goal_by": row.goal_by, "sessions": row.sessions,
            "next_session": row.next_session_on, "target": row.target, "reached": row.reached,
            "share": None if row.share is None else round(row.share, 4),
            "on_track": row.on_track, "feedback": row.feedback}


def list_programmes(args: argparse.Namespace) -> int:
    with session_for(args) as session:
        from officer_tui.services.trainings import list_programmes as rows_of

        rows = rows_of(session, text=args.text, today=today())
    if args.json:
        print_json([programme_json(r) for r in rows])
        return 0
    if not rows:
        print(_("No matching training programmes."))
        return 0
    headers = [_("ID"), _("Title"), _("Goal"), _("Reached"), _("Share"), _("Forecast"),
               _("Next session"), _("Feedback")]
    cells = [
        [str(r.id), r.title,
         (f"{r.goal_percent} %" + (" " + format_date(r.goal_by) if r.goal_by else ""))
         if r.goal_percent else "",
         f"{r.reached}/{r.target}" if r.target is not None else str(r.reached),
         percent(r.share), on_track_text(r.on_track), format_date(r.next_session_on),
         "" if r.feedback is None else f"{r.feedback:.1f}"]
        for r in rows
    ]
    print(table(headers, cells, right=(0, 3, 4), squeeze=1))
    return 0


def session_json(row: Any) -> dict[str, Any]:
    return {"id": row.id, "title": row.programme_title, "programme_id": row.programme_id,
            "date": row.held_on, "start": row.start_time.strftime("%H:%M") if row.start_time
            else None, "end": row.end_time.strftime("%H:%M") if row.end_time else None,
            "place": row.place, "url": row.online_url, "trainer": row.trainer,
            "capacity": row.capacity, "seats_taken": row.seats_taken,
            "free_seats": row.free_seats, "waitlisted": row.waitlisted,
            "attended": row.attended, "feedback_score": row.feedback_score,
            "feedback_comment": row.feedback_comment}


def _when(row: Any) -> str:
    text = format_date(row.held_on)
    if row.start_time:
        text += " " + row.start_time.strftime("%H:%M")
        if row.end_time:
            text += "–" + row.end_time.strftime("%H:%M")
    return text


def _seats(row: Any) -> str:
    text = f"{row.seats_taken}/{row.capacity}" if row.capacity is not None else str(
        row.seats_taken)
    if row.waitlisted:
        text += " +" + str(row.waitlisted)
    return text


def _session_table(rows: list[Any], with_title: bool) -> str:
    headers = [_("ID"), _("When")] + ([_("Programme")] if with_title else []) + [
        _("Place"), _("Trainer"), _("Seats"), _("Attended"), _("Feedback")]
    cells = [
        [str(r.id), _when(r)] + ([r.programme_title] if with_title else []) + [
            r.place or (_("online") if r.online_url else ""), r.trainer, _seats(r),
            str(r.attended) if r.attended else "",
            "" if r.feedback_score is None else f"{r.feedback_score:.1f}"]
        for r in rows
    ]
    return table(headers, cells, right=(0,), squeeze=2 if with_title else 2)


def _coverage_json(result: Any) -> dict[str, Any]:
    return {
        "id": result.programme_id, "title": result.title, "goal_percent": result.goal_percent,
        "goal_by": result.goal_by, "target": result.target, "reached": result.reached,
        "share": None if result.share is None else round(result.share, 4),
        "on_track": result.forecast.on_track,
        "expected_share": None if result.forecast.expected_share is None
        else round(result.forecast.expected_share, 4),
        "booked": result.forecast.booked,
        "units": [
            {"unit_id": line.unit_id, "unit": line.unit_name, "target": line.target,
             "reached": line.reached,
             "share": None if line.share is None else round(line.share, 4),
             "missing_for_goal": line.missing_for_goal, "booked": line.booked}
            for line in result.lines
        ],
    }


def _coverage_lines(result: Any) -> list[str]:
    headers = [_("Unit"), _("Target"), _("Reached"), _("Share"), "", _("Missing")]
    cells = [
        [line.unit_name, "" if line.target is None else str(line.target), str(line.reached),
         percent(line.share), bar(line.share, result.goal_percent),
         "" if line.missing_for_goal is None else str(line.missing_for_goal)]
        for line in result.lines
    ]
    cells.append([_("Total"), "" if result.target is None else str(result.target),
                  str(result.reached), percent(result.share),
                  bar(result.share, result.goal_percent), ""])
    lines = [table(headers, cells, right=(1, 2, 3, 5), squeeze=0)]
    forecast = result.forecast
    if forecast.on_track is None:
        lines.append(_("Forecast: no goal set") if not result.goal_percent
                     else _("Forecast: no target headcount"))
    else:
        by = format_date(result.goal_by) if result.goal_by else _("the last booked session")
        lines.append(_("Forecast: {verdict}; expected {share} by {date} ({booked} booked in "
                       "upcoming sessions)").format(
            verdict=on_track_text(forecast.on_track), share=percent(forecast.expected_share),
            date=by, booked=forecast.booked))
    return lines


def _goal_text(goal: int | None, by: Any) -> str:
    if not goal:
        return _("no goal set")
    if by:
        return _("goal: {percent} % by {date}").format(percent=goal, date=format_date(by))
    return _("goal: {percent} %").format(percent=goal)


def show_programme(args: argparse.Namespace) -> int:
    with session_for(args) as session, named({"programme": "PROGRAMME"}):
        from officer_tui.services import trainings

        pid = programme_id(session, args.programme)
        programme = trainings.get_programme(session, pid)
        sessions = trainings.sessions_for(session, programme_id=pid)
        result = trainings.coverage(session, programme_id=pid, today=today())
        title, topic, description = programme.title, programme.topic, programme.description
    if args.json:
        print_json(_coverage_json(result) | {
            "topic": topic, "description": description,
            "sessions": [session_json(r) for r in sessions]})
        return 0
    lines = [f"#{pid} {title}"]
    if topic:
        lines.append(_("Topic: {topic}").format(topic=topic))
    lines.append(_goal_text(result.goal_percent, result.goal_by))
    if description:
        lines += ["", description]
    lines += ["", *_coverage_lines(result), ""]
    lines.append(_session_table(sessions, False) if sessions else _("No sessions yet."))
    print("\n".join(lines))
    return 0


def coverage(args: argparse.Namespace) -> int:
    with session_for(args) as session, named({"programme": "PROGRAMME", "unit": "--unit"}):
        from officer_tui.services import trainings

        pid = programme_id(session, args.programme)
        result = trainings.coverage(session, programme_id=pid, today=today())
        needed = None
        if args.unit:
            unit = unit_ref(session, args.unit, "unit")
            needed = trainings.still_needed(session, programme_id=pid, unit_id=unit)
    if args.json:
        data = _coverage_json(result)
        if needed is not None:
            data["still_needed"] = [{"id": cid, "name": name} for cid, name in needed]
        print_json(data)
        return 0
    lines = [f"#{result.programme_id} {result.title} — "
             + _goal_text(result.goal_percent, result.goal_by), *_coverage_lines(result)]
    if needed is not None:
        lines += ["", ngettext("{n} known person still needs it:",
                               "{n} known people still need it:", len(needed)).format(
            n=len(needed))]
        lines += [f"  {name}" for _cid, name in needed]
    print("\n".join(lines))
    return 0


def coverage_grid(args: argparse.Namespace) -> int:
    with session_for(args) as session:
        from officer_tui.services.trainings import coverage_grid as grid_of

        grid = grid_of(session)
    if args.json:
        print_json({
            "programmes": [{"id": pid, "title": title} for pid, title in grid.programmes],
            "units": [
                {"id": uid, "name": name, "headcount": headcount,
                 "reached": {str(pid): grid.reached.get((uid, pid), 0)
                             for pid, _t in grid.programmes}}
                for uid, name, headcount in grid.units
            ],
        })
        return 0
    if not grid.programmes:
        print(_("No training programmes yet."))
        return 0
    headers = [_("Unit"), _("Staff")] + [f"#{pid}" for pid, _t in grid.programmes]
    cells = [
        [name, "" if headcount is None else str(headcount)]
        + [str(grid.reached.get((uid, pid), "")) for pid, _t in grid.programmes]
        for uid, name, headcount in grid.units
    ]
    print(table(headers, cells, right=tuple(range(1, len(headers))), squeeze=0))
    print()
    for pid, title in grid.programmes:
        print(f"#{pid} {title}")
    return 0


# --- import ---------------------------------------------------------------------------------


def _mapping(headers: list[str], overrides: list[str]) -> dict[str, int]:
    from officer_tui.services.participant_import import FIELDS, guess_mapping
    from officer_tui.text import fold

    mapping = guess_mapping(headers)
    for entry in overrides:
        field, sep, header = entry.partition("=")
        field = field.strip().lower().replace("-", "_")
        if field == "e_mail":
            field = "email"
        if not sep or field not in FIELDS:
            raise BadInput("column", _("{text!r} is not FIELD=HEADER with a field of: {fields}")
                           .format(text=entry, fields=", ".join(FIELDS)))
        folded = [fold(h) for h in headers]
        if fold(header.strip()) in folded:
            index = folded.index(fold(header.strip()))
        elif header.strip().isdigit() and 1 <= int(header) <= len(headers):
            index = int(header) - 1
        else:
            raise BadInput("column", _("the file has no column {name!r}").format(name=header))
        mapping = {f: i for f, i in mapping.items() if i != index and f != field}
        mapping[field] = index
    return mapping


class _Progress:
    """A progress bar on stderr, only on a terminal and only for large lists."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total < 500:
            return
        filled = done * 30 // max(total, 1)
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {done}/{total}")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def import_list(args: argparse.Namespace) -> int:
    from officer_tui.models.enums import EnrollmentStatus

    status = choice(EnrollmentStatus, args.status, "status")
    options = {"file": "FILE", "column": "--column" if args.column else "FILE",
               "session": "--session", "status": "--status", "contact": "FILE"}
    with named(options):
        from officer_tui.services import participant_import as imp

        headers, rows = imp.read_table(Path(args.file))
        mapping = _mapping(headers, args.column)
        with session_for(args) as session:
            preview = imp.preview(session, headers=headers, rows=rows, mapping=mapping,
                                  session_id=args.session)
            _print_preview(preview)
            if args.dry_run:
                print(_("Dry run: nothing was written."))
                return 0
            counts = imp.apply_import(session, preview=preview, session_id=args.session,
                                      status=status, progress=_Progress(True))
    print(_("Enrolled {enrolled}, on the waiting list {waitlisted}, new contacts {created}, "
            "enrolled before {before}, skipped {skipped}.").format(
        enrolled=counts["enrolled"], waitlisted=counts["waitlisted"],
        created=counts["contacts_created"], before=counts["already_enrolled"],
        skipped=counts["skipped"]))
    return 0


def _print_preview(preview: Any) -> None:
    fields = {"name": _("name"), "first_name": _("first name"), "last_name": _("last name"),
              "email": _("e-mail"), "unit": _("unit"), "role": _("role")}
    mapped = ", ".join(f"{fields[field]} ← {preview.headers[index]!r}"
                       for field, index in sorted(preview.mapping.items(), key=lambda i: i[1]))
    print(_("Columns: {mapping}").format(mapping=mapped))
    for line in preview.lines:
        if line.problem is not None:
            print(_("line {n}: {problem}").format(n=line.line_no, problem=line.problem)
                  + (f" ({line.name})" if line.name else ""))
    matched = sum(1 for line in preview.lines if line.problem is None and line.contact_id)
    before = sum(1 for line in preview.lines if line.already_enrolled)
    print(_("{good} good lines ({matched} known contacts, {new} new contacts, {before} "
            "enrolled already), {bad} lines skipped.").format(
        good=preview.good, matched=matched, new=preview.new_contacts, before=before,
        bad=preview.bad))


# --- sessions -------------------------------------------------------------------------------


def _capacity(text: str | None) -> int | None:
    if text is None or text.strip().lower() in ("", "none", "-"):
        return None
    try:
        return int(text)
    except ValueError:
        raise BadInput("capacity", _("{text!r} is not a whole number").format(text=text)) from None


def add_session(args: argparse.Namespace) -> int:
    with session_for(args) as session, named(SESSION_OPTIONS):
        from officer_tui.services.trainings import add_session as add

        data = {"programme_id": programme_id(session, args.programme),
                "held_on": parse_date(args.on, "date"),
                "start_time": clock_time(args.start, "from"),
                "end_time": clock_time(args.end, "to"), "place": args.place,
                "online_url": args.online_url, "trainer": args.trainer,
                "capacity": _capacity(args.capacity)}
        print(add(session, data=data).id)
    return 0


def list_sessions(args: argparse.Namespace) -> int:
    with session_for(args) as session, named({"programme": "--programme"}):
        from officer_tui.services.trainings import sessions_for

        pid = programme_id(session, args.programme) if args.programme else None
        rows = sessions_for(session, programme_id=pid,
                            upcoming_from=today() if args.upcoming else None)
    if args.json:
        print_json([session_json(r) for r in rows])
        return 0
    if not rows:
        print(_("No matching sessions."))
        return 0
    print(_session_table(rows, True))
    return 0


def show_session(args: argparse.Namespace) -> int:
    from officer_tui.labels import enrollment_status_label

    with session_for(args) as session:
        from officer_tui.services.trainings import enrollments_for, session_row

        row = session_row(session, args.id)
        people = enrollments_for(session, session_id=args.id)
    if args.json:
        print_json(session_json(row) | {"enrollments": [
            {"id": p.id, "contact_id": p.contact_id, "name": p.name, "unit": p.unit,
             "status": p.status.value, "waitlist_position": p.waitlist_position}
            for p in people]})
        return 0
    lines = [f"#{row.id} {row.programme_title}", _when(row)]
    if row.place or row.online_url:
        lines.append(" · ".join(part for part in (row.place, row.online_url) if part))
    if row.trainer:
        lines.append(_("Trainer: {name}").format(name=row.trainer))
    lines.append(_("Seats: {seats}").format(seats=_seats(row)))
    if row.feedback_score is not None:
        lines.append(_("Feedback: {score}").format(score=f"{row.feedback_score:.1f}")
                     + (f" — {row.feedback_comment}" if row.feedback_comment else ""))
    lines.append("")
    if people:
        lines.append(table(
            [_("Contact"), _("Name"), _("Unit"), _("Status")],
            [[str(p.contact_id), p.name, p.unit or "",
              enrollment_status_label(p.status)
              + (f" {p.waitlist_position}" if p.waitlist_position else "")] for p in people],
            right=(0,), squeeze=1))
    else:
        lines.append(_("Nobody enrolled yet."))
    print("\n".join(lines))
    return 0


def _write(path: str, text: str, field: str) -> None:
    try:
        Path(path).write_text(text, encoding="utf-8", newline="")
    except OSError as exc:
        raise BadInput(field, _("cannot write {path}: {reason}").format(
            path=path, reason=exc.strerror or str(exc))) from None


def write_ics(args: argparse.Namespace) -> int:
    with session_for(args) as session, named({"programme": "--programme"}):
        from officer_tui.services.trainings import ics_text, session_events

        pid = programme_id(session, args.programme, "programme") if args.programme else None
        upcoming = today() if args.upcoming else None
        count = len(session_events(session, programme_id=pid, upcoming_from=upcoming))
        text = ics_text(session, programme_id=pid, upcoming_from=upcoming)
    _write(args.out, text, "out")
    print(ngettext("{n} session written to {path}", "{n} sessions written to {path}", count)
          .format(n=count, path=args.out))
    return 0


def write_attendance(args: argparse.Namespace) -> int:
    with session_for(args) as session, named({"session": "ID"}):
        from officer_tui.services.trainings import attendance_csv, session_row

        session_row(session, args.id)
        text = attendance_csv(session, session_id=args.id)
    _write(args.out, text, "out")
    print(_("Attendance list written to {path}").format(path=args.out))
    return 0


def feedback(args: argparse.Namespace) -> int:
    score: Any = None if args.score.strip().lower() in ("none", "-", "") else args.score
    with session_for(args) as session, named({"score": "--score"}):
        from officer_tui.services.trainings import set_feedback

        set_feedback(session, session_id=args.id, score=score, comment=args.comment)
    print(_("Feedback for session {id} saved.").format(id=args.id))
    return 0


# --- enrollments ----------------------------------------------------------------------------


def _report(enrollment: Any, promoted: Any, name: str, session: Any) -> str:
    from officer_tui.labels import enrollment_status_label
    from officer_tui.models.enums import EnrollmentStatus
    from officer_tui.models.org import Contact

    text = _("{name}: {status}").format(name=name, status=enrollment_status_label(
        enrollment.status))
    if enrollment.status == EnrollmentStatus.WAITLISTED:
        text += " " + _("(the session is full)")
    if promoted is not None:
        other = session.get(Contact, promoted.contact_id)
        text += "\n" + _("{name} moved up from the waiting list.").format(
            name=other.name if other else promoted.contact_id)
    return text


def enroll(args: argparse.Namespace) -> int:
    from officer_tui.models.enums import EnrollmentStatus

    status = choice(EnrollmentStatus, args.status, "status")
    with session_for(args) as session, named(ENROLL_OPTIONS):
        from officer_tui.services.trainings import enroll as enroll_person

        person = contact_id(session, args.contact, "contact")
        enrollment = enroll_person(session, session_id=args.session, contact_id=person,
                                   status=status)
        print(_report(enrollment, None, args.contact, session))
    return 0


def attend(args: argparse.Namespace) -> int:
    from officer_tui.models.enums import EnrollmentStatus

    status = choice(EnrollmentStatus, args.status, "status")
    with session_for(args) as session, named(ENROLL_OPTIONS):
        from officer_tui.services.trainings import set_status

        person = contact_id(session, args.contact, "contact")
        enrollment, promoted = set_status(session, session_id=args.session, contact_id=person,
                                          status=status, today=today())
        print(_report(enrollment, promoted, args.contact, session))
    return 0
