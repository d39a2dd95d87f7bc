"""``officer export --format ics``: meetings, training sessions and follow-ups in a calendar.

``--from``/``--to`` (ISO, German or a phrase such as ``today``) limit the dates; without them
the calendar holds everything. The file is written with mode 0600 (it names people).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from officer_tui.cli._common import BadInput, parse_date, session_for, today
from officer_tui.i18n import _, ngettext


def output_file(text: str | None, *, suffix: str) -> Path:
    """The file ``--out`` names: not a folder, in a folder that exists."""
    if not text or not text.strip():
        raise BadInput("out", _("give the file to write"))
    target = Path(text).expanduser()
    if target.is_dir():
        raise BadInput("out", _("{path} is a folder; give a file name such as {example}").format(
            path=str(target), example=str(target / ("officer" + suffix))))
    if not target.parent.is_dir():
        raise BadInput("out", _("the folder {path} does not exist").format(path=str(target.parent)))
    return target


def date_range(args: argparse.Namespace):
    """``--from`` and ``--to`` as dates (None when not given); from after to is refused."""
    from officer_tui.services.calendar_export import check_range

    start = parse_date(args.start, "from")
    end = parse_date(args.end, "to")
    check_range(start, end)
    return start, end


def summary(counts: dict[str, int], path: Path) -> str:
    """``Wrote 42 meetings, 12 training sessions and 87 follow-ups to FILE.``"""
    meetings, sessions, followups = (counts.get(key, 0) for key in
                                     ("meeting", "training_session", "followup"))
    return _("Wrote {meetings}, {sessions} and {followups} to {path}.").format(
        meetings=ngettext("{n} meeting", "{n} meetings", meetings).format(n=meetings),
        sessions=ngettext("{n} training session", "{n} training sessions", sessions).format(
            n=sessions),
        followups=ngettext("{n} follow-up", "{n} follow-ups", followups).format(n=followups),
        path=str(path),
    )


def export_ics(args: argparse.Namespace) -> int:
    target = output_file(args.out, suffix=".ics")
    start, end = date_range(args)
    from officer_tui.cli._progress import ProgressBar
    from officer_tui.services.calendar_export import export_ics as write_calendar

    with session_for(args) as session, ProgressBar() as progress:
        counts = write_calendar(session, path=target, start=start, end=end, today=today(),
                                progress=progress)
    print(summary(counts, target))
    return 0
