"""The CLI writes the crash tests make: real ``officer`` commands on the demo database.

A ``Lane`` is one writer: it creates records with unique titles (its tokens) and edits only
the records it created and saw reported, so edits of different lanes never meet.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.crash.ledger import Write

PRIORITIES = ("low", "normal", "high", "urgent")
TODAY = "2026-03-02"  # OFFICER_TODAY of the tests


def _last_int(stdout: str) -> dict[str, Any]:
    return {"id": int(stdout.strip().splitlines()[-1])}


def _capture_json(stdout: str) -> dict[str, Any]:
    data = json.loads(stdout)
    return {"id": data["id"], "followup_id": data["followup_id"]}


def _nothing(stdout: str) -> dict[str, Any]:
    return {}


@dataclass
class CliOp:
    argv: list[str]
    write: Write
    parse: Callable[[str], dict[str, Any]]


class Lane:
    """One writer's choice of commands, seeded."""

    def __init__(self, name: str, rng: random.Random) -> None:
        self.name = name
        self.rng = rng
        self.count = 0
        self.requests: list[int] = []  # created and reported: free to edit
        self.followups: list[int] = []  # created, reported and not yet marked done

    def token(self) -> str:
        self.count += 1
        return f"Crashtest {self.name} n{self.count}"

    def next_op(self) -> CliOp:
        choices = ["capture-request", "capture-idea", "request-add", "followup-add", "contact-log"]
        if self.requests:
            choices += ["request-set"] * 2
        if self.followups:
            choices.append("followup-done")
        return getattr(self, "_" + self.rng.choice(choices).replace("-", "_"))()

    def reported(self, op: CliOp) -> None:
        """Remember a reported create, so later edits can target it."""
        write = op.write
        if write.kind == "create" and write.table == "request":
            self.requests.append(write.id)  # type: ignore[arg-type]
        elif write.kind == "create" and write.table == "followup":
            self.followups.append(write.id)  # type: ignore[arg-type]

    # --- the commands ---------------------------------------------------------------------

    def _create(self, argv: list[str], table: str, column: str, token: str,
                parse: Callable[[str], dict[str, Any]]) -> CliOp:
        return CliOp(argv, Write("create", table, column, token, origin=self.name), parse)

    def _capture_request(self) -> CliOp:
        token = self.token()
        line = f"Anfrage Stadtmuseum: {token} !hoch"
        return self._create(["capture", "--json", line], "request", "title", token, _capture_json)

    def _capture_idea(self) -> CliOp:
        token = self.token()
        line = f"idea Stadtbibliothek: {token} due next monday"
        return self._create(["capture", "--json", line], "idea", "title", token, _capture_json)

    def _request_add(self) -> CliOp:
        token = self.token()
        argv = ["request", "add", token, "--unit", "Stadtmuseum", "--description", "x" * 2000]
        return self._create(argv, "request", "title", token, _last_int)

    def _followup_add(self) -> CliOp:
        token = self.token()
        argv = ["followup", "add", token, "--due", "2026-04-01"]
        return self._create(argv, "followup", "title", token, _last_int)

    def _contact_log(self) -> CliOp:
        token = self.token()
        contact = self.rng.randint(1, 20)
        argv = ["contact", "log", str(contact), "--channel", "mail", "--note", token]
        return self._create(argv, "contactlog", "note", token, _last_int)

    def _request_set(self) -> CliOp:
        request_id = self.rng.choice(self.requests)
        priority = self.rng.choice(PRIORITIES)
        argv = ["request", "set", str(request_id), "--priority", priority]
        write = Write("edit", "request", "priority", priority, id=request_id, origin=self.name)
        return CliOp(argv, write, _nothing)

    def _followup_done(self) -> CliOp:
        followup_id = self.followups.pop(self.rng.randrange(len(self.followups)))
        write = Write("edit", "followup", "done_on", TODAY, id=followup_id, origin=self.name)
        return CliOp(["followup", "done", str(followup_id)], write, _nothing)
