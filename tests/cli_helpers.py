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


def query(url: str, sql: str, **params) -> list[tuple]:
    """The rows of one SQL statement on the database at ``url``, through a plain connection
    of its own (not the app's code): for tests that look behind the CLI on either database."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(sql), params)]
    finally:
        engine.dispose()


def untouched(url: str) -> bool:
    """Nothing was created at ``url``: no SQLite file, or a PostgreSQL database without tables."""
    from officer_tui.paths import sqlite_path

    path = sqlite_path(url)
    if path is not None:
        return not path.exists()
    from sqlalchemy import create_engine, inspect
    from sqlalchemy.pool import NullPool

    engine = create_engine(url, poolclass=NullPool)
    try:
        return inspect(engine).get_table_names() == []
    finally:
        engine.dispose()
