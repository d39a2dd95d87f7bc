"""Messages that carry results of database work from workers back to screens."""

from __future__ import annotations

from typing import Any

from textual.message import Message


class Failed(Message):
    """A worker could not finish; ``text`` says why, in the user's words."""

    def __init__(self, text: str, *, field: str | None = None) -> None:
        super().__init__()
        self.text = text
        self.field = field


class Done(Message):
    """A worker finished; ``payload`` is what it produced."""

    def __init__(self, what: str, payload: Any = None) -> None:
        super().__init__()
        self.what = what
        self.payload = payload
