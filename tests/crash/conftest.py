"""Fixtures of the crash suite: the seed of its randomness and how many rounds to run.

``OFFICER_CRASH_SEED=N`` replays a run (a failure prints its seed); ``OFFICER_CRASH_ROUNDS=K``
runs K times the default rounds (for a long hunt on a quiet machine).
"""

from __future__ import annotations

import os
import random

import pytest


@pytest.fixture
def crash_seed() -> int:
    text = os.environ.get("OFFICER_CRASH_SEED")
    seed = int(text) if text else random.SystemRandom().randrange(1 << 31)
    print(f"crash seed: {seed} (replay with OFFICER_CRASH_SEED={seed})")
    return seed


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    """The demo database, seeded once for the whole crash suite (``demo`` copies it per test)."""
    from officer_tui import clock
    from officer_tui.services.database import open_database
    from officer_tui.services.seed import seed_demo
    from tests.conftest import TODAY

    path = tmp_path_factory.mktemp("crash-template") / "demo.db"
    clock.freeze(TODAY)
    try:
        database = open_database(f"sqlite:///{path}")
        with database.session() as session:
            seed_demo(session, today=TODAY)
        database.close()
    finally:
        clock.freeze(None)
    return path


@pytest.fixture
def rounds():
    """The number of rounds for a default of ``n``."""
    factor = float(os.environ.get("OFFICER_CRASH_ROUNDS") or 1)
    return lambda n: max(1, round(n * factor))
