"""``officer serve`` as a real process for tests: start it on a free port, wait until it
answers, stop it with Ctrl+C (SIGINT) and leave no process of its tree behind."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

START_SECONDS = 60  # a generous limit for a slow CI machine; it answers in about a second


def free_port() -> int:
    """A port nothing listens on now (the kernel's choice)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def answers(host: str, port: int) -> bool:
    """Something accepts a TCP connection on ``host``:``port``."""
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False


@dataclass
class Served:
    process: subprocess.Popen
    port: int
    log: Path  # what the command printed (stdout and stderr)

    @property
    def url(self) -> str:
        return f"http://localhost:{self.port}"

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self, timeout: float = 30) -> int:
        """Ctrl+C, as a person would press it; the exit code. Whatever of its tree still
        runs after ``timeout`` (the server, an app of a browser tab) is killed."""
        tree = descendants(self.process.pid)
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            code = self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            code = self.process.wait()
        for pid in tree + descendants(self.process.pid):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        return code

    def wait_until_answering(self) -> None:
        deadline = time.monotonic() + START_SECONDS
        while not answers("127.0.0.1", self.port):
            if self.process.poll() is not None:
                raise AssertionError(
                    f"officer serve ended ({self.process.returncode}): {self.output()}")
            if time.monotonic() > deadline:
                self.stop()
                raise AssertionError(f"officer serve did not answer: {self.output()}")
            time.sleep(0.1)


def start(db_url: str, *args: str, options: tuple[str, ...] = (), port: int | None = None,
          wait: bool = True) -> Served:
    """``officer --db URL OPTIONS serve --port P ARGS``; running once its port answers (unless
    not ``wait``: then call ``wait_until_answering`` before using it)."""
    port = free_port() if port is None else port
    folder = Path(os.environ.get("OFFICER_DATA_DIR", "."))
    folder.mkdir(parents=True, exist_ok=True)
    log = folder / f"serve-{port}.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "officer_tui", "--db", db_url, *options,
             "serve", "--port", str(port), *args],
            stdout=output, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )
    served = Served(process, port, log)
    if wait:
        served.wait_until_answering()
    return served


def descendants(pid: int) -> list[int]:
    """The process ids below ``pid`` (children, grandchildren ...), read from /proc."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rpartition(")")[2].split()[1])
        parents.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        children = parents.get(todo.pop(), [])
        found += children
        todo += children
    return found


def alive(pid: int) -> bool:
    """The process runs (a zombie that only waits to be reaped does not count)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except OSError:
        return False
    return state != "Z"
