"""SIGKILL real ``officer`` commands mid-write, several at once, many times: every write that
was reported as saved is still there, exactly once, and the file is sound.

A command counts as reported only when it printed its id and exited 0. After each round the
database passes ``integrity_check``, ``foreign_key_check``, the search index's own check, and
opens with the app's ``open_database`` (which replays the WAL the killed writers left).
"""

from __future__ import annotations

import json
import random
import time

from officer_tui.services.database import check_database
from tests.crash.checks import assert_sound
from tests.crash.ledger import Ledger, Write, parse_lines
from tests.crash.ops import Lane
from tests.crash.procs import OFFICER, Outcome, WriterPool, run, run_together

LANES = 3  # writers at the same time: they wait for each other's write lock


def _argv(db, op) -> list[str]:
    return [*OFFICER, "--db", str(db), *op.argv]


def _settle_outcome(lane: Lane, op, outcome: Outcome, seed: int) -> Write:
    """The write as the test saw it: reported when the command printed its id and exited 0."""
    write = op.write
    if outcome.killed:
        return write
    assert outcome.returncode == 0, (
        f"{op.argv} failed without being killed (seed {seed}): {outcome.stderr.strip()}")
    result = op.parse(outcome.stdout)
    write.id = result.get("id", write.id)
    write.followup_id = result.get("followup_id")
    write.reported = True
    lane.reported(op)
    return write


def test_killed_commands_keep_every_reported_write(demo, crash_seed, rounds):
    rng = random.Random(crash_seed)
    lanes = [Lane(f"L{i}", random.Random(rng.random())) for i in range(LANES)]
    ledger = Ledger()
    # First round: nobody is killed; how long a command takes here, with LANES at once.
    ops = [lane.next_op() for lane in lanes]
    outcomes = run_together([(_argv(demo, op), None) for op in ops])
    ledger.add([_settle_outcome(lane, op, out, crash_seed)
                for lane, op, out in zip(lanes, ops, outcomes, strict=True)])
    took = min(outcome.seconds for outcome in outcomes)
    killed = 0
    for number in range(rounds(2)):
        ops = [lane.next_op() for lane in lanes]
        # Most kills land before the command is done, some after; the write comes last.
        moments = [rng.uniform(0.3 * took, 1.1 * took) for _ in lanes]
        outcomes = run_together([(_argv(demo, op), moment)
                                 for op, moment in zip(ops, moments, strict=True)])
        ledger.add([_settle_outcome(lane, op, out, crash_seed)
                    for lane, op, out in zip(lanes, ops, outcomes, strict=True)])
        killed += sum(outcome.killed for outcome in outcomes)
        assert_sound(demo, ledger, seed=crash_seed, after=f"round {number + 1} of killed commands")
    tried, reported = ledger.counts()
    print(f"{tried} commands, {killed} killed, {reported} reported as saved")
    assert killed and reported >= LANES  # both happened: the run proved something

    # The next run works: a command after all the kills saves and reports as usual.
    after = run([*OFFICER, "--db", str(demo), "capture", "--json", "Stadtmuseum: Nach dem Absturz"],
                None)
    assert after.returncode == 0, after.stderr
    saved = json.loads(after.stdout)
    ledger.add([Write("create", "request", "title", "Nach dem Absturz", id=saved["id"],
                      reported=True)])
    assert_sound(demo, ledger, seed=crash_seed, after="a command after the kills")
    report = check_database(f"sqlite:///{demo}")  # what `officer db check` says
    assert report.ok and not report.problems, report.as_json()


def test_killed_command_loops_keep_every_reported_write(demo, tmp_path, crash_seed, rounds):
    """Writers that run command after command (tests/crash/cli_writer.py) spend their time
    writing, so most kills land inside a transaction or a commit."""
    rng = random.Random(crash_seed)
    ledger = Ledger()
    pool = WriterPool(demo)
    kills = 0
    try:
        for number in range(rounds(12)):
            started = time.monotonic()
            writers = []
            for lane in range(LANES):
                name = f"W{lane}r{number}"
                log = tmp_path / f"{name}.log"
                pid = pool.spawn(name, rng.randrange(1 << 30), log)
                writers.append((rng.uniform(0.02, 1.2), pid, name, log))
            for moment, pid, name, log in sorted(writers):
                time.sleep(max(0.0, started + moment - time.monotonic()))
                text_so_far = log.read_text() if log.exists() else ""
                assert pool.kill(pid), (
                    f"writer {name} stopped by itself (seed {crash_seed}): {text_so_far[-800:]}")
                kills += 1
            for _moment, _pid, name, log in writers:
                ledger.add(parse_lines(log.read_text(), f"writer {name}"))
            assert_sound(demo, ledger, seed=crash_seed, after=f"round {number + 1} of killed writers")
    finally:
        pool.close()
    tried, reported = ledger.counts()
    print(f"{tried} writes tried, {reported} reported as saved, {kills} kills")
    assert reported >= LANES  # writers saved before their kills
    assert tried > reported  # and writes were cut off
