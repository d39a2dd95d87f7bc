"""Errors services raise. Messages are translated and meant for people."""

from __future__ import annotations


class ValidationError(Exception):
    """Input was refused. ``problems`` lists (field, message); nothing was written."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.problems: list[tuple[str, str]] = [(field, message)]

    @classmethod
    def many(cls, problems: list[tuple[str, str]]) -> ValidationError:
        error = cls(*problems[0])
        error.problems = list(problems)
        error.args = ("; ".join(f"{field}: {message}" for field, message in problems),)
        return error

    @property
    def field(self) -> str:
        return self.problems[0][0]

    @property
    def message(self) -> str:
        return self.problems[0][1]


class NotFound(Exception):
    """The record does not exist (any more)."""

    def __init__(self, kind: str, record_id: object) -> None:
        super().__init__(f"{kind} {record_id}")
        self.kind = kind
        self.record_id = record_id


class StaleVersion(Exception):
    """Someone else saved this record since it was read; the save was refused."""

    def __init__(self, kind: str, record_id: object, expected: int, actual: int) -> None:
        super().__init__(f"{kind} {record_id}: expected version {expected}, found {actual}")
        self.kind = kind
        self.record_id = record_id
        self.expected = expected
        self.actual = actual
