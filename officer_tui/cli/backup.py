"""``officer backup [FILE]``, ``officer backup list`` and ``officer restore FILE``."""

from __future__ import annotations

from typing import Any


def register(commands: Any) -> None:
    """Placeholder: the backup commands are being built."""
