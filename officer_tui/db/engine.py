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

__all__ = ["BUSY_TIMEOUT_MS", "make_engine", "prepare_sqlite_file", "session_factory", "transaction"]


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


def make_engine(url: str, *, create: bool = True) -> Engine:
    """An engine for ``url``; for SQLite, the file is prepared and the pragmas set on connect."""
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
        return create_engine(url, pool_pre_ping=True)
    except Exception as exc:  # bad URL, driver not installed
        raise DatabaseProblem(
            _("Cannot use the database {url}: {reason}").format(url=display_url(url), reason=exc)
        ) from exc


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded objects usable after commit (the UI reads them later)."""
    return sessionmaker(bind=engine, class_=Session, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One short transaction: commit on success, roll back on any error."""
    with factory() as session, session.begin():
        yield session
