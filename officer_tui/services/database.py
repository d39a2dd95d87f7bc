"""Open a database for use: engine, migrations (with a backup first), sessions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

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

    def close(self) -> None:
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
