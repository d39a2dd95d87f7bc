"""Build engines and sessions. Nothing happens at import time."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from officer_tui.db import files
from officer_tui.db.errors import DatabaseProblem
from officer_tui.db.files import BUSY_TIMEOUT_MS, make_private_dir, write_problem
from officer_tui.i18n import _
from officer_tui.paths import display_url, sqlite_path

__all__ = [
    "BUSY_TIMEOUT_MS", "make_engine", "prepare_sqlite_file", "session_factory", "shown_url",
    "transaction",
]


def prepare_sqlite_file(path: Path) -> None:
    """Make sure the file can be a database that officer writes to: its folder exists (new
    folders 0700), it is a file, a new one is created with mode 0600 (it holds personal data),
    and an existing one is writable, with its folder (SQLite creates -wal and -shm there).
    """
    if path.is_dir():
        raise DatabaseProblem(
            _("The database path {path} is a directory, not a file.").format(path=path)
        )
    if path.exists():
        problem = write_problem(path)
        if problem:
            raise DatabaseProblem(problem)
        return
    try:
        make_private_dir(path.parent)
    except OSError as exc:
        raise DatabaseProblem(
            _("Cannot create the folder {folder}: {reason}").format(
                folder=path.parent, reason=exc.strerror
            )
        ) from exc
    if not path.exists():
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return
        except OSError as exc:
            raise DatabaseProblem(
                _("Cannot create the database {path}: {reason}").format(
                    path=path, reason=exc.strerror
                )
            ) from exc
        os.close(fd)


def _set_sqlite_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {files.BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
        except sqlite3.OperationalError:
            # A read-only file cannot switch journal mode; reads still work.
            pass
        cursor.execute("PRAGMA synchronous = NORMAL")
    finally:
        cursor.close()


# PostgreSQL: how long to wait for a server that does not answer, and the pool the TUI's
# worker threads share (a few panes load at once; the pool pings a connection before use, so
# one the server or a firewall dropped overnight is replaced instead of failing a save).
CONNECT_TIMEOUT_S = 10
POOL_SIZE = 5
POOL_OVERFLOW = 5
POOL_RECYCLE_S = 1800
APPLICATION_NAME = "officer"


def _server_options(_dialect, _record, _args, parameters: dict) -> None:
    """Every new PostgreSQL connection: a save waits for a row another person holds as long
    as SQLite waits for its lock (then "locked"), and times are UTC (an aware ``datetime``
    sent to a ``timestamp`` column is converted with the session's zone)."""
    ours = f"-c lock_timeout={files.BUSY_TIMEOUT_MS} -c TimeZone=UTC"
    given = parameters.get("options")
    parameters["options"] = f"{given} {ours}" if given else ours


def _postgres_url(url: str):
    """The SQLAlchemy URL; ``postgresql://`` and ``postgres://`` mean psycopg 3 (the driver
    shipped with the app), and connect timeout and application name get defaults."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() == "postgresql":
        defaults = {"connect_timeout": str(CONNECT_TIMEOUT_S), "application_name": APPLICATION_NAME}
        parsed = parsed.update_query_dict(
            {key: value for key, value in defaults.items() if key not in parsed.query}
        )
    return parsed


def make_engine(url: str, *, create: bool = True) -> Engine:
    """An engine for ``url``; for SQLite, the file is prepared and the pragmas set on connect;
    for PostgreSQL, a pool with timeouts (see ``_server_options``)."""
    path = sqlite_path(url)
    if path is not None:
        if create:
            prepare_sqlite_file(path)
        elif not path.exists():
            raise DatabaseProblem(_("There is no database at {path}.").format(path=path))
        engine = create_engine(url, connect_args={"timeout": files.BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _set_sqlite_pragmas)
        return engine
    try:
        parsed = _postgres_url(url)
        if parsed.get_backend_name() != "postgresql":
            return create_engine(parsed, pool_pre_ping=True)
        engine = create_engine(
            parsed, pool_pre_ping=True, pool_size=POOL_SIZE, max_overflow=POOL_OVERFLOW,
            pool_recycle=POOL_RECYCLE_S,
        )
    except Exception as exc:  # bad URL, driver not installed
        raise unusable_url(url, exc) from exc
    event.listen(engine, "do_connect", _server_options)
    engine.officer_shown_url = display_url(url)  # type: ignore[attr-defined]
    return engine


def shown_url(engine: Engine) -> str:
    """The database of ``engine`` as people may see it: as they wrote it, without password."""
    given = getattr(engine, "officer_shown_url", None)
    if given:
        return given
    return display_url(engine.url.render_as_string(hide_password=True))


def unusable_url(url: str, exc: BaseException) -> DatabaseProblem:
    """Why ``url`` cannot even be tried: the driver is missing, the scheme is unknown, or it
    is not a URL. Never quotes the password."""
    from officer_tui.paths import redact

    shown = display_url(url)
    if isinstance(exc, ImportError) and "psycopg" in str(exc):
        text = _(
            "PostgreSQL support is not installed, so {url} cannot be opened. Install it with: pip install 'psycopg[binary]'"
        )
    elif type(exc).__name__ == "NoSuchModuleError":
        text = _(
            "Unknown kind of database in {url}. Use a file path, sqlite:///PATH or postgresql+psycopg://USER@HOST/DATABASE."
        )
    else:
        reason = redact(str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__, url)
        return DatabaseProblem(
            _("Cannot use the database {url}: {reason}").format(url=shown, reason=reason)
        )
    return DatabaseProblem(text.format(url=shown))


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded objects usable after commit (the UI reads them later)."""
    return sessionmaker(bind=engine, class_=Session, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One short transaction: commit on success, roll back on any error."""
    with factory() as session, session.begin():
        yield session
