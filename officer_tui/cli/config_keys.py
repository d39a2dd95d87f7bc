"""``officer config keys``: every binding id, its key by default and the key in force.

(Work in progress for issue 11.)
"""

from __future__ import annotations

from typing import Any


def register(actions: Any) -> None:
    return None
