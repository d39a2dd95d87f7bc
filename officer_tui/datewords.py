"""Dates as people say them, in German and English: a small grammar of our own.

Date libraries handle German poorly ("übermorgen", "Ende des Monats", "in zwei Wochen"), so the
phrases the officer actually types are recognised here, against an injected ``today``:

    heute, morgen, übermorgen               today, tomorrow, the day after tomorrow
    Montag … Sonntag, Mo … So               monday … sunday, mon … sun
    nächsten Freitag, kommenden Freitag     next friday
    nächste Woche, Ende der Woche           next week, end of week
    in 3 Tagen, in zwei Wochen, in 1 Monat  in 3 days, in two weeks, in a month
    Ende des Monats, Monatsende             end of month, end of the month
    20.04., 20.04.2027, 20.4.27, 2027-04-20

Rules, so that the preview never surprises:
- A bare weekday is its next occurrence after today (on a Monday, "Montag" is in 7 days).
- "nächsten Montag" / "next monday" is the Monday of next week (Monday to Sunday weeks):
  on a Wednesday that is 5 days ahead, on a Saturday 2 days ahead.
- "nächste Woche" / "next week" is the Monday of next week; "Ende der Woche" / "end of week"
  this week's Friday (today when it is Friday; next Friday on a weekend).
- "Ende des Monats" is the last day of this month; "in N Monaten" keeps the day of the month
  (31 January + 1 month = 28/29 February).
- "20.04." is the next 20 April from today on (this year, or next year once it has passed).
Pure Python; no I/O, no Textual, no SQLAlchemy.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

_WEEKDAYS = {
    "montag": 0, "mo": 0, "monday": 0, "mon": 0,
    "dienstag": 1, "di": 1, "tuesday": 1, "tue": 1, "tues": 1,
    "mittwoch": 2, "mi": 2, "wednesday": 2, "wed": 2,
    "donnerstag": 3, "do": 3, "thursday": 3, "thu": 3, "thur": 3, "thurs": 3,
    "freitag": 4, "fr": 4, "friday": 4, "fri": 4,
    "samstag": 5, "sonnabend": 5, "sa": 5, "saturday": 5, "sat": 5,
    "sonntag": 6, "so": 6, "sunday": 6, "sun": 6,
}
# Two-letter German abbreviations are also ordinary words ("so", "do", "mi"): they count
# only after a word that announces a date ("bis Do", "am Fr").
_SHORT_WEEKDAYS = frozenset({"mo", "di", "mi", "do", "fr", "sa", "so"})

_NUMBERS = {
    "ein": 1, "eine": 1, "einen": 1, "einem": 1, "einer": 1, "a": 1, "an": 1, "one": 1,
    "zwei": 2, "two": 2, "drei": 3, "three": 3, "vier": 4, "four": 4, "fünf": 5, "five": 5,
    "sechs": 6, "six": 6, "sieben": 7, "seven": 7, "acht": 8, "eight": 8, "neun": 9,
    "nine": 9, "zehn": 10, "ten": 10, "elf": 11, "eleven": 11, "zwölf": 12, "twelve": 12,
}
_UNITS = {
    "tag": "d", "tage": "d", "tagen": "d", "day": "d", "days": "d",
    "woche": "w", "wochen": "w", "week": "w", "weeks": "w",
    "monat": "m", "monate": "m", "monaten": "m", "month": "m", "months": "m",
}
_NEXT = r"(?:nächsten|nächster|nächste|nächstes|naechsten|naechste|kommenden|kommende|next)"

_WEEKDAY_WORDS = "|".join(sorted(_WEEKDAYS, key=len, reverse=True))
_NUMBER_WORDS = "|".join(sorted(_NUMBERS, key=len, reverse=True))
_UNIT_WORDS = "|".join(sorted(_UNITS, key=len, reverse=True))

# Words that may introduce a date in a sentence; part of the match so that capture can cut
# "bis Freitag" out of "Drucker defekt bis Freitag" as a whole.
_LEAD = r"(?:(?:bis|zum|am|ab|spätestens|due|by|on|until|till)\s+)?"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")),
    ("dotted", re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})?(?![\d])")),
    ("overmorrow", re.compile(r"\b(?:übermorgen|uebermorgen|day after tomorrow)\b")),
    ("tomorrow", re.compile(r"\b(?:morgen|tomorrow)\b")),
    ("today", re.compile(r"\b(?:heute|today)\b")),
    ("end_month", re.compile(
        r"\b(?:ende\s+(?:des|dieses)\s+monats|monatsende|end\s+of\s+(?:the\s+)?month)\b")),
    ("end_week", re.compile(
        r"\b(?:ende\s+(?:der|dieser)\s+woche|wochenende|end\s+of\s+(?:the\s+)?week)\b")),
    ("next_week", re.compile(rf"\b{_NEXT}\s+(?:woche|week)\b")),
    ("in", re.compile(rf"\bin\s+(\d{{1,3}}|{_NUMBER_WORDS})\s+({_UNIT_WORDS})\b")),
    ("next_weekday", re.compile(rf"\b{_NEXT}\s+({_WEEKDAY_WORDS})\b")),
    ("weekday", re.compile(rf"\b({_WEEKDAY_WORDS})\b")),
]


@dataclass(frozen=True)
class Found:
    """A date found in a text, and where: ``text[start:end]`` is the phrase (with "bis"...)."""

    day: date
    start: int
    end: int


def add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _resolve(kind: str, groups: tuple[str | None, ...], today: date) -> date | None:
    if kind == "today":
        return today
    if kind == "tomorrow":
        return today + timedelta(days=1)
    if kind == "overmorrow":
        return today + timedelta(days=2)
    if kind == "end_month":
        return today.replace(day=calendar.monthrange(today.year, today.month)[1])
    if kind == "end_week":
        friday = today + timedelta(days=4 - today.weekday())
        return friday if friday >= today else friday + timedelta(weeks=1)
    if kind == "next_week":
        return today + timedelta(days=7 - today.weekday())
    if kind == "in":
        amount_text, unit_text = groups[0] or "", groups[1] or ""
        amount = int(amount_text) if amount_text.isdigit() else _NUMBERS[amount_text]
        unit = _UNITS[unit_text]
        if unit == "d":
            return today + timedelta(days=amount)
        if unit == "w":
            return today + timedelta(weeks=amount)
        return add_months(today, amount)
    if kind == "weekday":
        ahead = (_WEEKDAYS[groups[0] or ""] - today.weekday()) % 7
        return today + timedelta(days=ahead or 7)
    if kind == "next_weekday":
        next_monday = today + timedelta(days=7 - today.weekday())
        return next_monday + timedelta(days=_WEEKDAYS[groups[0] or ""])
    if kind == "iso":
        year, month, day = (int(part) for part in groups)  # type: ignore[arg-type]
        return _real(year, month, day)
    if kind == "dotted":
        day, month = int(groups[0] or 0), int(groups[1] or 0)
        if groups[2]:
            year = int(groups[2])
            return _real(year + 2000 if year < 100 else year, month, day)
        found = _real(today.year, month, day)
        if found is not None and found < today:
            found = _real(today.year + 1, month, day)
        return found
    return None  # pragma: no cover - every kind is handled above


def _real(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def find_date(text: str, *, today: date) -> Found | None:
    """The first date phrase in ``text`` (earliest position; the longer phrase on a tie)."""
    lowered = text.lower()
    best: Found | None = None
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(lowered):
            word = (match.group(1) or "") if kind == "weekday" else ""
            start = match.start()
            lead = re.search(rf"{_LEAD}$", lowered[:start])
            lead_start = lead.start() if lead and lead.group(0) else start
            if kind == "weekday" and word in _SHORT_WEEKDAYS and lead_start == start:
                continue  # "so" and "do" are words too; only "bis Do" is a date
            day = _resolve(kind, match.groups(), today)
            if day is None:
                continue
            candidate = Found(day, lead_start, match.end())
            if best is None or (candidate.start, -candidate.end) < (best.start, -best.end):
                best = candidate
            break  # the first match of each kind is enough
    return best


def parse_phrase(text: str, *, today: date) -> date | None:
    """A date if ``text`` is nothing but one date phrase (for date fields), else None."""
    found = find_date(text.strip(), today=today)
    if found is None:
        return None
    rest = (text.strip()[: found.start] + text.strip()[found.end:]).strip(" ,.")
    return found.day if not rest else None
