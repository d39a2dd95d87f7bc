"""Demo and scale data for meetings (being built)."""

from __future__ import annotations

import random
from datetime import date

from sqlmodel import Session


def seed_meetings(session: Session, *, today: date) -> dict[str, int]:
    return {}


def scale_meetings(
    session: Session, *, count_requests: int, today: date, rng: random.Random
) -> dict[str, int]:
    return {}
