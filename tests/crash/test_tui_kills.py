"""SIGKILL the real app while it saves through its dialogs, many times on one file: every
record the app said was saved is there, and the next start copes with the file the kill left
(WAL replayed, schema check, the daily backup) and keeps going.

The app runs headless in a subprocess (tests/crash/tui_driver.py); some kills land while it
opens the database and makes its automatic backup, the others while it saves.
"""

from __future__ import annotations

import random
import sqlite3

from tests.crash.checks import assert_sound
from tests.crash.ledger import Ledger, parse_lines
from tests.crash.procs import run


def _driver(db, lane: str, seed: int, *more: str) -> list[str]:
    import sys

    return [sys.executable, "-m", "tests.crash.tui_driver", str(db), lane, str(seed), *more]


def _backups_are_sound(db) -> int:
    """Every finished backup beside the database is a sound SQLite file (a kill mid-backup
    leaves at most a hidden ``.partial`` file, swept at the next start)."""
    folder = db.parent / "backups"
    count = 0
    for path in sorted(folder.glob("*.db")) if folder.exists() else []:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)], path
        finally:
            connection.close()
        count += 1
    return count


def test_killed_app_keeps_every_saved_record(demo, crash_seed, rounds):
    rng = random.Random(crash_seed)
    ledger = Ledger()
    saves_cut = 0
    for number in range(rounds(5)):
        lane = f"T{number}"
        seed = rng.randrange(1 << 30)
        argv = _driver(demo, lane, seed)
        if number % 4 == 1:  # while it starts: opening, checking the schema, the daily backup
            outcome = run(argv, rng.uniform(0.3, 3.0))
        elif number % 4 == 3:  # at any moment after its first save
            outcome = run(argv, rng.uniform(0.0, 5.0), after_line="ok ")
        else:  # inside a save: just after it pressed Enter or Ctrl+S the second or third time
            outcome = run(argv, rng.uniform(0.0, 0.6), after_line="try ", nth=rng.choice((2, 3)))
        assert outcome.killed, (
            f"the app stopped by itself (seed {crash_seed}):\n{outcome.stderr[-3000:]}")
        writes = parse_lines(outcome.stdout, f"app run {lane}")
        saves_cut += sum(not write.reported for write in writes)
        ledger.add(writes)
        assert_sound(demo, ledger, seed=crash_seed, after=f"app kill {number + 1}")
    # The next start works and saves as always; then it quits normally.
    outcome = run(_driver(demo, "final", rng.randrange(1 << 30), "2"), None)
    assert outcome.returncode == 0 and "stopped" in outcome.stdout, outcome.stderr[-3000:]
    final = parse_lines(outcome.stdout, "the app after the kills")
    assert sum(write.reported for write in final) == 2
    ledger.add(final)
    assert_sound(demo, ledger, seed=crash_seed, after="a normal run after the kills")
    assert _backups_are_sound(demo) >= 1  # today's automatic backup was made despite the kills
    tried, reported = ledger.counts()
    print(f"{tried} saves tried in the app, {reported} reported, {saves_cut} cut off by a kill")
    assert reported > 2
