"""A progress bar on stderr for long commands (exports, imports, backups).

Drawn only when stderr is a terminal, so scripts and logs get no control characters; redrawn
at most ten times a second. Use as a context manager and pass the object as ``progress``::

    with ProgressBar() as progress:
        export_json(..., progress=progress)
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

WIDTH = 28


class ProgressBar:
    def __init__(self, stream: TextIO | None = None, *, force: bool = False) -> None:
        self.stream = stream or sys.stderr
        self.enabled = force or bool(getattr(self.stream, "isatty", lambda: False)())
        self._last_draw = 0.0
        self._drawn = False

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __call__(self, label: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last_draw < 0.1 and not (total and done >= total):
            return
        self._last_draw = now
        self.stream.write("\r" + self.line(label, done, total) + "\x1b[K")
        self.stream.flush()
        self._drawn = True

    @staticmethod
    def line(label: str, done: int, total: int) -> str:
        """``[##########··········]  50 %  Requests 50,000 / 100,000``"""
        if total:
            share = min(max(done / total, 0.0), 1.0)
            filled = round(share * WIDTH)
            bar = "#" * filled + "·" * (WIDTH - filled)
            return f"[{bar}] {share:4.0%}  {label} {done:,} / {total:,}"
        return f"{label} {done:,}"

    def close(self) -> None:
        if self._drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._drawn = False
