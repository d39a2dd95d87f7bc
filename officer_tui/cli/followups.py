"""``officer followup ...``: being built (issue "Ideas intake and the project portfolio")."""

from __future__ import annotations

from typing import Any


def register(commands: Any) -> None:
    """No commands yet."""
