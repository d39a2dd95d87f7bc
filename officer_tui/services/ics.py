"""iCalendar (RFC 5545) files that calendar programs accept: meetings, training sessions and,
later, follow-up due dates.

Times are local wall-clock times of Europe/Berlin (the app's users work in Germany), written
with ``TZID`` and the zone's definition, so Outlook, Thunderbird, Apple and Google calendars
place them right. An event without a start time is an all-day event. Each event has a stable
``UID`` named after the record's ``uid`` column (``meeting-<32 hex>@officer-tui``), the same in
every file and in every database the data moves to, so importing a file again updates events
instead of duplicating them. ``DTSTAMP`` and ``LAST-MODIFIED`` come from the record's
``updated_at`` and ``SEQUENCE`` from its ``version``: a calendar sees which copy is newer, and
the same data always gives the same file. Pure Python: no library needed for this small,
strict format.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

TZID = "Europe/Berlin"
PRODID = "-//officer-tui//officer-tui//DE"

# The zone's rules since 1996 (last Sunday of March / October).
_VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    f"TZID:{TZID}",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
)


@dataclass(frozen=True)
class Event:
    uid: str  # stable per record, e.g. "meeting-<uid>@officer-tui"
    summary: str
    day: date
    start: time | None = None  # None: all day
    end: time | None = None  # None with a start: one hour
    location: str = ""
    url: str = ""
    description: str = ""
    categories: tuple[str, ...] = field(default=())
    modified: datetime | None = None  # DTSTAMP and LAST-MODIFIED (naive: UTC)
    sequence: int | None = None  # SEQUENCE: grows with every change of the record
    transparent: bool = False  # TRANSP:TRANSPARENT: shows, but does not block the time


def event_uid(kind: str, uid: str) -> str:
    """``meeting-<uid>@officer-tui``: one event, one UID, in every file and every database."""
    return f"{kind}-{uid}@officer-tui"


def latest(*moments: datetime | None) -> datetime | None:
    """The newest of the moments given (naive ones read as UTC); None when none is given."""
    known = [m if m.tzinfo is not None else m.replace(tzinfo=UTC) for m in moments if m is not None]
    return max(known) if known else None


def escape(text: str) -> str:
    """TEXT value escaping: backslash, semicolon, comma, and line breaks."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(ch for ch in text if ch == "\n" or ch == "\t" or ord(ch) >= 32)
    return (
        text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (never inside a
    UTF-8 character)."""
    out, current, size = [], [], 0
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > 75:
            out.append("".join(current))
            current, size = [" "], 1
        current.append(ch)
        size += width
    out.append("".join(current))
    return "\r\n".join(out)


def _stamp(moment: datetime) -> str:
    if moment.tzinfo is None:  # SQLite gives back naive datetimes; the app stores UTC
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _event_lines(event: Event, now: datetime) -> list[str]:
    stamp = _stamp(event.modified if event.modified is not None else now)
    lines = ["BEGIN:VEVENT", f"UID:{event.uid}", f"DTSTAMP:{stamp}"]
    if event.sequence is not None:
        lines.append(f"SEQUENCE:{max(event.sequence, 0)}")
    if event.start is None:
        lines.append(f"DTSTART;VALUE=DATE:{event.day:%Y%m%d}")
        lines.append(f"DTEND;VALUE=DATE:{event.day + timedelta(days=1):%Y%m%d}")
    else:
        begin = datetime.combine(event.day, event.start)
        finish = (
            datetime.combine(event.day, event.end)
            if event.end is not None and event.end > event.start
            else begin + timedelta(hours=1)
        )
        lines.append(f"DTSTART;TZID={TZID}:{begin:%Y%m%dT%H%M%S}")
        lines.append(f"DTEND;TZID={TZID}:{finish:%Y%m%dT%H%M%S}")
    lines.append(f"SUMMARY:{escape(event.summary)}")
    if event.location:
        lines.append(f"LOCATION:{escape(event.location)}")
    if event.url:
        lines.append(f"URL:{escape(event.url)}")
    if event.description:
        lines.append(f"DESCRIPTION:{escape(event.description)}")
    if event.categories:
        lines.append("CATEGORIES:" + ",".join(escape(c) for c in event.categories))
    if event.transparent:
        lines.append("TRANSP:TRANSPARENT")
    if event.modified is not None:
        lines.append(f"LAST-MODIFIED:{stamp}")
    lines.append("END:VEVENT")
    return lines


def calendar(events: Iterable[Event], *, name: str = "officer", now: datetime | None = None) -> str:
    """A whole VCALENDAR, CRLF line endings, folded lines."""
    now = now or datetime.now(UTC)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
        *_VTIMEZONE,
    ]
    for event in events:
        lines.extend(_event_lines(event, now))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
