"""How the export and import dialogs speak about tables, counts, times and progress."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime

from officer_tui.i18n import _, current_language, format_date

# The order the dialogs list tables in (the order people think of them); unknown ones (added
# later) come after. Names as the JSON export has them; spreadsheet sheets ("project_links")
# and calendar kinds ("training_session") map onto them.
ORDER = (
    "request", "idea", "ideagoal", "project", "projectgoal", "projectlink", "synergydismissal",
    "strategicgoal", "followup", "meetingseries", "meeting", "agendaitem", "outcome",
    "meetingparticipant", "meetinglink", "trainingprogramme", "programmetarget",
    "trainingsession", "enrollment", "orgunit", "contact", "contactlog",
)
_RANK = {name: index for index, name in enumerate(ORDER)}
_ALIASES = {"unit": "orgunit", "units": "orgunit"}


def table_name(name: str) -> str:
    """The export's table name for a table, sheet or calendar kind (``project_links`` ->
    ``projectlink``); unknown names as they are."""
    key = name.lower().replace("_", "")
    if key in _ALIASES:
        return _ALIASES[key]
    if key not in _RANK and key.endswith("s") and key[:-1] in _RANK:
        return key[:-1]
    return key if key in _RANK else name


def table_label(name: str) -> str:
    """What people call a table ("Requests"); the services' labels, so the progress bar and the
    summary say the same."""
    from officer_tui.services.exchange_tables import table_label as label

    return label(table_name(name))


def ordered(counts: dict[str, int]) -> list[tuple[str, int]]:
    """The tables in the order people think of them; unknown ones at the end."""
    return sorted(counts.items(), key=lambda item: (_RANK.get(table_name(item[0]), len(_RANK)), item[0]))


def format_count(n: int) -> str:
    """``1,234`` in English, ``1.234`` in German."""
    digits = f"{int(n):,}"
    return digits.replace(",", ".") if current_language() == "de" else digits


def counts_text(counts: dict[str, int], *, skip_zero: bool = True) -> str:
    """``Requests 1,234 · Contacts 56 · …``"""
    parts = [f"{table_label(name)} {format_count(n)}" for name, n in ordered(counts)
             if n or not skip_zero]
    return " · ".join(parts) if parts else _("no records")


def moment_text(value: datetime) -> str:
    """A point in time in local time: ``22.11.2026 10:14`` (German) or ``2026-11-22 10:14``."""
    if value.tzinfo is not None:
        value = value.astimezone()
    return format_date(value.date()) + " " + value.strftime("%H:%M")


class Cancelled(Exception):
    """Raised from a progress report when the user cancelled: the service stops and rolls back."""


class Throttle:
    """Passes at most one progress report per ``interval`` seconds on (and every change of label
    and the last step), so a worker does not flood the UI thread; raises ``Cancelled`` once
    ``cancelled()`` says so."""

    def __init__(self, show: Callable[[str, int, int], None], cancelled: Callable[[], bool],
                 *, interval: float = 0.1) -> None:
        self._show = show
        self._cancelled = cancelled
        self._interval = interval
        self._label: str | None = None
        self._last = 0.0

    def __call__(self, label: str, done: int, total: int) -> None:
        if self._cancelled():
            raise Cancelled
        now = time.monotonic()
        if label != self._label or (total and done >= total) or now - self._last >= self._interval:
            self._label, self._last = label, now
            self._show(label, done, total)
