"""Start processes and SIGKILL them at chosen moments; several at once, for lock waits."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OFFICER = [sys.executable, "-m", "officer_tui"]


@dataclass
class Outcome:
    stdout: str
    stderr: str
    returncode: int
    killed: bool  # SIGKILLed by us (not finished before its moment)
    seconds: float


def run(argv: list[str], kill_after: float | None, *, after_line: str | None = None,
        nth: int = 1, kill_when: Callable[[], bool] | None = None, timeout: float = 120) -> Outcome:
    """Run ``argv`` from the repository; SIGKILL it ``kill_after`` seconds after it started,
    or after it printed the ``nth`` line starting with ``after_line``, unless it finished
    before.

    ``kill_when`` is asked every few milliseconds instead: True kills at once (it may also
    just watch the process, returning False)."""
    started = time.monotonic()
    process = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env=os.environ.copy())
    out: list[str] = []
    err: list[str] = []
    marked = threading.Event()

    def read_stdout() -> None:
        seen = 0
        for line in process.stdout:  # type: ignore[union-attr]
            out.append(line)
            if after_line is not None and line.startswith(after_line):
                seen += 1
                if seen >= nth:
                    marked.set()
        marked.set()  # the process ended (or closed its output)

    readers = [threading.Thread(target=read_stdout),
               threading.Thread(target=lambda: err.extend(process.stderr))]  # type: ignore[arg-type]
    for reader in readers:
        reader.start()
    killed = False
    try:
        if kill_when is not None:
            deadline = time.monotonic() + timeout
            while process.poll() is None:
                if kill_when():
                    process.send_signal(signal.SIGKILL)
                    process.wait()
                    killed = process.returncode == -signal.SIGKILL
                    break
                if time.monotonic() > deadline:
                    raise subprocess.TimeoutExpired(argv, timeout)
                time.sleep(0.005)
        elif kill_after is None:
            process.wait(timeout)
        else:
            if after_line is not None and not marked.wait(timeout):
                raise subprocess.TimeoutExpired(argv, timeout)
            try:
                process.wait(kill_after)
            except subprocess.TimeoutExpired:
                process.send_signal(signal.SIGKILL)
                process.wait()
                killed = process.returncode == -signal.SIGKILL
    finally:
        if process.poll() is None:  # timed out, or the test was interrupted: never leave it
            process.kill()
            process.wait()
        for reader in readers:
            reader.join()
    return Outcome("".join(out), "".join(err), process.returncode, killed,
                   time.monotonic() - started)


def run_together(jobs: list[tuple[list[str], float | None]], *,
                 after_line: str | None = None) -> list[Outcome]:
    """Run the jobs at the same time (each with its own kill moment); outcomes in job order."""
    outcomes: list[Outcome | None] = [None] * len(jobs)
    errors: list[BaseException] = []

    def one(index: int, argv: list[str], kill_after: float | None) -> None:
        try:
            outcomes[index] = run(argv, kill_after, after_line=after_line)
        except BaseException as exc:  # noqa: BLE001 - raised in the caller
            errors.append(exc)

    threads = [threading.Thread(target=one, args=(i, argv, delay))
               for i, (argv, delay) in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return outcomes  # type: ignore[return-value]


class WalWatch:
    """The size of a database's write-ahead log: while a big transaction runs, it grows."""

    def __init__(self, db: Path) -> None:
        self.wal = db.with_name(db.name + "-wal")
        self.largest = 0

    def size(self) -> int:
        try:
            return self.wal.stat().st_size
        except FileNotFoundError:
            return 0

    def watch(self) -> bool:
        self.largest = max(self.largest, self.size())
        return False

    def beyond(self, size: int) -> Callable[[], bool]:
        return lambda: self.size() >= size


class WriterPool:
    """tests/crash/cli_writer.py: forks writers on order and kills them on order."""

    def __init__(self, db: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.crash.cli_writer", str(db)], cwd=ROOT,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=os.environ.copy())
        self._expect("ready")

    def _order(self, text: str) -> str:
        assert self.process.stdin is not None
        self.process.stdin.write(text + "\n")
        self.process.stdin.flush()
        return self._expect("")

    def _expect(self, start: str) -> str:
        assert self.process.stdout is not None
        line = self.process.stdout.readline().strip()
        if not line.startswith(start):
            raise RuntimeError(f"the writer pool said {line!r}, not {start!r}")
        return line

    def spawn(self, lane: str, seed: int, path: Path) -> int:
        return int(self._order(f"spawn {lane} {seed} {path}").split()[1])

    def kill(self, pid: int) -> bool:
        """SIGKILL the writer and wait for it; True when the kill ended it (not its own exit)."""
        status = int(self._order(f"kill {pid}").split()[2])
        return os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL

    def close(self) -> None:
        try:
            assert self.process.stdin is not None
            self.process.stdin.write("quit\n")
            self.process.stdin.close()
            self.process.wait(30)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()
