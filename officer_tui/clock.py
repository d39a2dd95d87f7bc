"""The app's idea of "today". Injectable so that tests and demos have fixed dates.

``OFFICER_TODAY=2026-03-02`` (an ISO date) fixes the day for a whole process, including
subprocesses started by tests; ``freeze()`` fixes it inside one process.
"""

from __future__ import annotations

import os
from datetime import date

_frozen: date | None = None


def today() -> date:
    if _frozen is not None:
        return _frozen
    fixed = os.environ.get("OFFICER_TODAY")
    if fixed:
        return date.fromisoformat(fixed)
    return date.today()


def freeze(day: date | None) -> None:
    """Fix today's date (None lets the real clock run again)."""
    global _frozen
    _frozen = day
