"""SIGKILL the bulk writers halfway: ``officer import`` of a JSON export and ``officer seed
--scale``. Both are one transaction, and that is the promise: after a kill the data is all
there or none of it, the file is sound, and the next run works.
"""

from __future__ import annotations

import random
import shutil

from tests.crash.checks import assert_sound, table_counts
from tests.crash.procs import OFFICER, WalWatch, run

SCALE = "600"  # generated requests: big enough that a kill lands inside the transaction


def _empty(counts: dict[str, int]) -> bool:
    return not any(counts.values())


def _kill(rng: random.Random, number: int, seconds: float, wal_size: int, target, argv):
    """Run ``argv`` and kill it: in even rounds after a random part of the time the whole run
    took (mostly while it computes and inserts), in odd rounds when the write-ahead log has
    grown to a random part of its largest size (SQLite writes a big transaction's pages there
    when its cache fills and at the commit: the kill tears the commit itself)."""
    if number % 2 == 0:
        moment = rng.uniform(0.3, 0.9) * seconds
        return run(argv, moment), f"after {moment:.2f} s"
    size = int(rng.uniform(0.05, 0.9) * wal_size)
    return run(argv, None, kill_when=WalWatch(target).beyond(size)), f"at {size} bytes of WAL"


def test_killed_import_is_all_or_nothing(demo, tmp_path, crash_seed, rounds):
    from officer_tui.services.database import open_database
    from officer_tui.services.exchange import export_json
    from officer_tui.services.seed import seed_scale
    from tests.conftest import TODAY

    database = open_database(f"sqlite:///{demo}")
    with database.session() as session:
        seed_scale(session, count=int(SCALE), today=TODAY, seed=3)
    with database.session() as session:
        export_json(session, path=tmp_path / "export.json")
    database.close()
    everything = table_counts(demo)

    # A whole import first: how long it takes here, and that it restores everything.
    whole = tmp_path / "whole.db"
    wal = WalWatch(whole)
    done = run([*OFFICER, "--db", str(whole), "import", str(tmp_path / "export.json")], None,
               kill_when=wal.watch)
    assert done.returncode == 0, done.stderr
    assert table_counts(whole) == everything
    rng = random.Random(crash_seed)
    outcomes = []
    for number in range(rounds(2)):
        target = tmp_path / f"target{number}.db"  # a new, empty database: created by the import
        argv = [*OFFICER, "--db", str(target), "import", str(tmp_path / "export.json")]
        outcome, moment = _kill(rng, number, done.seconds, wal.largest, target, argv)
        assert outcome.killed or outcome.returncode == 0, outcome.stderr
        assert_sound(target, None, seed=crash_seed, after=f"killed import {number + 1}")
        counts = table_counts(target)
        assert counts == everything or _empty(counts), (
            f"half an import after the kill {moment} (seed {crash_seed}): {counts}")
        outcomes.append("all" if counts == everything else "none")
    print(f"after the kills the imports were: {outcomes} (WAL up to {wal.largest} bytes)")

    # The next run works: importing again into the last target (empty or complete) ends complete.
    again = run([*OFFICER, "--db", str(target), "import", str(tmp_path / "export.json")], None)
    assert again.returncode == 0, again.stderr
    assert table_counts(target) == everything
    assert_sound(target, None, seed=crash_seed, after="an import after the kills")


def test_killed_scale_seed_is_all_or_nothing(demo, tmp_path, crash_seed, rounds):
    before = table_counts(demo)
    reference = tmp_path / "reference.db"
    shutil.copyfile(demo, reference)
    command = ["seed", "--scale", SCALE, "--seed", "5"]
    wal = WalWatch(reference)
    done = run([*OFFICER, "--db", str(reference), *command], None, kill_when=wal.watch)
    assert done.returncode == 0, done.stderr
    after = table_counts(reference)
    assert after["request"] == before["request"] + int(SCALE)
    rng = random.Random(crash_seed)
    outcomes = []
    for number in range(rounds(2)):
        target = tmp_path / f"seeded{number}.db"
        shutil.copyfile(demo, target)
        outcome, moment = _kill(rng, number, done.seconds, wal.largest, target,
                                [*OFFICER, "--db", str(target), *command])
        assert outcome.killed or outcome.returncode == 0, outcome.stderr
        assert_sound(target, None, seed=crash_seed, after=f"killed seed --scale {number + 1}")
        counts = table_counts(target)
        assert counts in (before, after), (
            f"half a seed after the kill {moment} (seed {crash_seed}): {counts}")
        outcomes.append("all" if counts == after else "none")
    print(f"after the kills the seeding was: {outcomes} (WAL up to {wal.largest} bytes)")

    # The next run works on the killed file, and adds exactly one batch more.
    start = table_counts(target)
    again = run([*OFFICER, "--db", str(target), "seed", "--scale", "50", "--seed", "9"], None)
    assert again.returncode == 0, again.stderr
    assert table_counts(target)["request"] == start["request"] + 50
    assert_sound(target, None, seed=crash_seed, after="seeding after the kills")
