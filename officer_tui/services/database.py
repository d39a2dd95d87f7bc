"""Open a database for use: engine, migrations (with a backup first), sessions."""

from __future__ import annotations

import glob
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, func
from sqlmodel import Session, select

from officer_tui.db.engine import make_engine, session_factory
from officer_tui.db.migrate import SchemaState, upgrade
from officer_tui.models.org import Contact, OrgUnit
from officer_tui.models.request import Request
from officer_tui.paths import display_url


@dataclass
class Database:
    url: str
    engine: Engine
    schema: SchemaState

    def __post_init__(self) -> None:
        self._sessions = session_factory(self.engine)

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self._sessions() as session:
            yield session

    @property
    def shown_url(self) -> str:
        return display_url(self.url)

    def is_empty(self) -> bool:
        """True when nothing has been stored yet (offer demo data then)."""
        with self.session() as session:
            for model in (OrgUnit, Contact, Request):
                if session.exec(select(func.count()).select_from(model)).one():
                    return False
        return True

    def optimize(self) -> None:
        """Let SQLite refresh its planner statistics (cheap; recommended before closing)."""
        if self.engine.dialect.name == "sqlite":
            with self.engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA optimize")

    def close(self) -> None:
        try:
            self.optimize()
        except Exception:  # a read-only or vanished file: nothing to optimise
            pass
        self.engine.dispose()


def open_database(url: str, *, migrate: bool = True) -> Database:
    """Open ``url`` and bring its schema up to date. Raises DatabaseProblem with a message."""
    engine = make_engine(url)
    try:
        schema = upgrade(engine) if migrate else None
    except BaseException:
        engine.dispose()
        raise
    from officer_tui.db.migrate import schema_state

    return Database(url=url, engine=engine, schema=schema or schema_state(engine))


def record_counts(session: Session) -> dict[str, int]:
    """How many units, contacts and requests are stored."""
    return {
        name: session.exec(select(func.count()).select_from(model)).one()
        for name, model in (("units", OrgUnit), ("contacts", Contact), ("requests", Request))
    }


@dataclass(frozen=True)
class HealthReport:
    """What ``check_database`` found. ``ok`` when the schema is current and nothing is broken."""

    shown_url: str
    schema: SchemaState
    problems: list[str]
    counts: dict[str, int]

    @property
    def ok(self) -> bool:
        return self.schema.up_to_date and not self.problems


def check_database(url: str) -> HealthReport:
    """Look at a database without migrating it: schema revision against the app's, integrity.

    A missing SQLite file is reported (DatabaseProblem), not created.
    """
    from officer_tui.db.migrate import integrity_problems, schema_state

    engine = make_engine(url, create=False)
    try:
        schema = schema_state(engine)
        # A database that is not ours is only looked at, never opened with our pragmas.
        problems = integrity_problems(engine) if schema.current is not None else []
        counts: dict[str, int] = {}
        if schema.up_to_date:
            with session_factory(engine)() as session:
                counts = record_counts(session)
    finally:
        engine.dispose()
    return HealthReport(shown_url=display_url(url), schema=schema, problems=problems, counts=counts)


@dataclass(frozen=True)
class UpgradeReport:
    before: SchemaState
    after: SchemaState
    backups: list[Path]  # copies made before migrating (SQLite)


def upgrade_database(url: str) -> UpgradeReport:
    """Bring ``url`` to the schema this app needs, backing an existing SQLite file up first."""
    from officer_tui.db.migrate import schema_state
    from officer_tui.paths import sqlite_path

    engine = make_engine(url)
    path = sqlite_path(url)

    def backups() -> set[Path]:
        return set(path.parent.glob(f"{glob.escape(path.name)}.before-*.bak")) if path else set()

    try:
        before = schema_state(engine)
        existing = backups()
        after = upgrade(engine)
        made = sorted(backups() - existing)
    finally:
        engine.dispose()
    return UpgradeReport(before=before, after=after, backups=made)
