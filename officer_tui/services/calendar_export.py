"""One calendar (ICS) with meetings, training sessions and follow-up due dates. Being built."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlmodel import Session


def export_ics(
    session: Session, *, path: Path, start: date | None = None, end: date | None = None
) -> dict[str, int]:
    """Write the calendar to ``path``; events written per kind (meeting, training_session,
    followup)."""
    raise NotImplementedError
