"""How long work reports how far it got: exports, imports, backups.

A service that may run for seconds takes ``progress: Progress | None`` and calls it with
what it is doing (a short, translated label such as "Requests"), how many steps are done and
how many there are in all (``total`` 0: unknown). The CLI draws a bar on stderr, the TUI a
``ProgressBar``; the service knows neither. Calls are cheap but not free: report every few
hundred rows, not every row.
"""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    def __call__(self, label: str, done: int, total: int) -> None: ...


def no_progress(label: str, done: int, total: int) -> None:
    """The default: report nothing."""
