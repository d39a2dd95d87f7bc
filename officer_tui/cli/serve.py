"""``officer serve [--port N]``: the app in a browser on this machine (textual-serve).

(Work in progress for issue 11.)
"""

from __future__ import annotations

from typing import Any


def register(commands: Any) -> None:
    return None
