"""What the writers tried and what they reported as saved, and the promise it implies.

A writer (a CLI command, a loop of CLI commands, the TUI driver) announces each write before it
starts (``try``) and reports it after it was saved (``ok``, with the id it got). A write is
*reported* only when its ``ok`` line came out (for a single command: and it exited 0). The
database must then hold every reported write exactly as reported; a write that was tried but
not reported may or may not be there (the kill may have come after its commit), but never
twice and never half (an idea captured with a date has its follow-up, or neither exists).

Edits to one field are ordered per writer lane (lanes never touch each other's records), so
the field must hold the last reported value or a value tried after it.

The line protocol, one JSON object per line: ``try {...}`` / ``ok {...}``, keys ``op`` (a
unique number within the writer), ``kind`` (create|edit), ``table``, ``column``, ``value``
(the unique token for a create), ``id`` (the record edited, or the id a create reported),
``followup_id`` (an idea captured with a date: its follow-up).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Write:
    kind: str  # create | edit
    table: str
    column: str
    value: Any  # create: the unique token written into ``column``; edit: the new value
    id: int | None = None  # edit: the record; create: the id reported
    followup_id: int | None = None
    reported: bool = False
    origin: str = ""  # which writer, for messages

    @property
    def key(self) -> tuple[str, int | None, str]:
        return (self.table, self.id, self.column)


def parse_lines(text: str, origin: str) -> list[Write]:
    """The writes in a writer's stdout, in order; ``ok`` marks its ``try`` as reported."""
    writes: dict[str, Write] = {}
    order: list[str] = []
    for line in text.splitlines():
        tag, _sep, payload = line.partition(" ")
        if tag not in ("try", "ok"):
            continue
        try:
            data = json.loads(payload)
        except ValueError:  # the kill cut the last line: it is not an ``ok`` then
            continue
        op = str(data["op"])
        if tag == "try":
            writes[op] = Write(kind=data["kind"], table=data["table"], column=data["column"],
                               value=data["value"], id=data.get("id"), origin=origin)
            order.append(op)
        else:
            write = writes[op]
            write.reported = True
            write.id = data.get("id", write.id)
            write.followup_id = data.get("followup_id")
    return [writes[op] for op in order]


def emit(tag: str, **data: Any) -> str:
    return f"{tag} {json.dumps(data, ensure_ascii=False)}"


@dataclass
class Ledger:
    """Every write of a test, in the order each lane made them."""

    writes: list[Write] = field(default_factory=list)

    def add(self, writes: list[Write]) -> None:
        self.writes.extend(writes)

    @property
    def reported(self) -> list[Write]:
        return [w for w in self.writes if w.reported]

    def counts(self) -> tuple[int, int]:
        """(tried, reported)."""
        return len(self.writes), len(self.reported)

    def acceptable_values(self) -> dict[tuple[str, int | None, str], set[Any]]:
        """Per edited field with a reported edit: the values it may hold now."""
        history: dict[tuple[str, int | None, str], list[Write]] = {}
        for write in self.writes:
            if write.kind == "edit":
                history.setdefault(write.key, []).append(write)
        result: dict[tuple[str, int | None, str], set[Any]] = {}
        for key, edits in history.items():
            last = max((i for i, w in enumerate(edits) if w.reported), default=None)
            if last is not None:
                result[key] = {w.value for w in edits[last:]}
        return result
