"""Writers that run real ``officer`` commands one after another until they are killed.

    python -m tests.crash.cli_writer DB

The process imports the CLI once (SQLAlchemy and the services take seconds to import on a busy
machine), says ``ready``, and then takes orders on stdin, one per line:

- ``spawn LANE SEED FILE``: fork a writer; it answers ``pid N``. The writer runs command after
  command through ``officer_tui.cli.main`` exactly as typed on the command line (its own
  ``open_database``, one transaction, close) and writes to FILE, unbuffered, ``try {...}``
  before each command and ``ok {...}`` after it returned 0, with the id it printed (see
  tests/crash/ledger.py).
- ``kill N``: SIGKILL the writer N and wait until it is gone; answers ``dead N``.

The writer is a real separate process killed with SIGKILL at a random moment; as it spends its
time writing, the kill lands inside a transaction or a commit far more often than with one
process per command. No database connection is open when it forks.
"""

from __future__ import annotations

import contextlib
import io
import os
import random
import signal
import sys

from tests.crash.ledger import emit
from tests.crash.ops import Lane


def write_forever(db: str, lane_name: str, seed: int, fd: int) -> None:
    from officer_tui.cli import main as officer

    def say(line: str) -> None:
        os.write(fd, (line + "\n").encode())  # straight to the file: survives the kill

    lane = Lane(lane_name, random.Random(seed))
    op_number = 0
    while True:
        op_number += 1
        op = lane.next_op()
        write = op.write
        say(emit("try", op=op_number, kind=write.kind, table=write.table, column=write.column,
                 value=write.value, id=write.id))
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = officer(["--db", db, *op.argv])
        if code != 0:
            say(f"failed {code} {err.getvalue().strip()!r}")
            os._exit(3)
        result = op.parse(out.getvalue())
        write.id = result.get("id", write.id)
        lane.reported(op)
        say(emit("ok", op=op_number, id=write.id, followup_id=result.get("followup_id")))


def answer(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def main() -> int:
    from officer_tui.cli import main as officer

    db = sys.argv[1]
    with contextlib.redirect_stdout(io.StringIO()):  # import and warm up; writes nothing
        officer(["--db", db, "capture", "--dry-run", "Stadtmuseum: warm up"])
        officer(["--db", db, "followup", "list", "--limit", "1"])
    answer("ready")
    alive: set[int] = set()
    try:
        serve(db, alive)
    finally:  # the test is done or gone (stdin closed): no writer outlives it
        for pid in alive:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    return 0


def serve(db: str, alive: set[int]) -> None:
    for line in sys.stdin:
        order, *words = line.split()
        if order == "spawn":
            lane_name, seed, path = words[0], int(words[1]), words[2]
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            pid = os.fork()
            if pid == 0:
                try:
                    write_forever(db, lane_name, seed, fd)
                finally:
                    os._exit(4)
            os.close(fd)
            alive.add(pid)
            answer(f"pid {pid}")
        elif order == "kill":
            pid = int(words[0])
            os.kill(pid, signal.SIGKILL)
            _pid, status = os.waitpid(pid, 0)
            alive.discard(pid)
            answer(f"dead {pid} {status}")
        elif order == "quit":
            break


if __name__ == "__main__":
    sys.exit(main())
