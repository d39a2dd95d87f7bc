"""What the in-process CLI tests share: a command's outcome, and a terminal as standard input."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self):
        return json.loads(self.out)

    @property
    def complaint(self) -> str:
        """The one line on stderr (fails when there is not exactly one)."""
        lines = self.err.splitlines()
        assert len(lines) == 1, f"expected one line on stderr, got: {self.err!r}"
        assert self.err.startswith("officer: ")
        return lines[0]


class Terminal(io.StringIO):
    """Standard input as a person at a terminal who types the given answer."""

    def isatty(self) -> bool:
        return True
