"""Dates as people type them: ISO, German, or a phrase such as "morgen" or "next friday"."""

from __future__ import annotations

import re
from datetime import date

from officer_tui import clock
from officer_tui.datewords import parse_phrase
from officer_tui.i18n import _
from officer_tui.services.errors import ValidationError

_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_GERMAN = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*$")


def parse_date(
    text: str | None, *, field: str = "date", today: date | None = None
) -> date | None:
    """``YYYY-MM-DD``, ``DD.MM.YYYY`` or a phrase of ``officer_tui.datewords`` ("morgen",
    "nächsten Freitag", "20.04.", "in 2 weeks"); empty gives None; an impossible date is
    refused."""
    if text is None or not text.strip():
        return None
    if match := _ISO.match(text):
        year, month, day = (int(part) for part in match.groups())
    elif match := _GERMAN.match(text):
        day, month, year = (int(part) for part in match.groups())
    elif (spoken := parse_phrase(text, today=today or clock.today())) is not None:
        return spoken
    else:
        raise ValidationError(
            field,
            _("{text!r} is not a date; use YYYY-MM-DD or DD.MM.YYYY").format(text=text.strip()),
        )
    try:
        return date(year, month, day)
    except ValueError:
        raise ValidationError(
            field, _("{text!r} is not a real date").format(text=text.strip())
        ) from None
