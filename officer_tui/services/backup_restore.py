"""Restore a backup: check the file first, keep the current state, then restore and upgrade.

The checks, in order: the file exists and is a file; it starts with the SQLite header and is as
long as its header says (not truncated); ``PRAGMA integrity_check`` is ok; it is an officer
database (``alembic_version`` holds a revision this app knows; a newer one is refused, so is a
database of other tables). Anything refused changes nothing. Then the current database is
copied to ``<name>-before-restore-<stamp>.db`` in the backups folder (restoring that copy undoes
the restore), the file is copied into the live database with SQLite's backup API (one
transaction: a connection open meanwhile, such as the app's, sees the old or the restored state,
never a mixture), and an older schema is upgraded.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from officer_tui.db.errors import DatabaseProblem
from officer_tui.i18n import _
from officer_tui.paths import backups_dir
from officer_tui.services.backups import (
    SQLITE_MAGIC,
    STEP_PAGES,
    Backup,
    BackupKind,
    copy_database,
    database_file,
    free_name,
    make_folder,
    now,
    sqlite_uri,
    stamp_backup,
    step_reporter,
)
from officer_tui.services.errors import ValidationError
from officer_tui.services.progress import Progress, no_progress


@dataclass(frozen=True)
class RestoreReport:
    source: Path
    revision: str  # the schema revision of the restored file
    before: Backup | None  # the copy of the state before (None: there was no database yet)
    upgraded_to: str | None  # the schema it was upgraded to, when the file was older


def _refuse(path: Path, problem: str) -> ValidationError:
    return ValidationError("file", _("{path}: {problem}; nothing was changed").format(
        path=path, problem=problem))


def _check_header(path: Path) -> None:
    """A SQLite header, and as many bytes as the header says the database has."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError as exc:
        raise _refuse(path, _("cannot be read ({reason})").format(reason=exc.strerror)) from None
    if not header:
        raise _refuse(path, _("is empty"))
    if not header.startswith(SQLITE_MAGIC):
        raise _refuse(path, _("is not a SQLite database"))
    if len(header) < 100:
        raise _refuse(path, _("is truncated"))
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    valid = header[24:28] == header[92:96]  # the page count is current
    if page_size < 512 or size % page_size or (valid and pages and size < pages * page_size):
        raise _refuse(path, _("is truncated ({size} bytes)").format(size=size))


def check_backup(*, path: Path) -> str:
    """Check a file before it is restored; return its schema revision.

    A SQLite file, complete, ``PRAGMA integrity_check`` ok, an officer database (its
    ``alembic_version`` holds a revision this app knows). Anything else is refused.
    """
    from officer_tui.db.migrate import _is_known_revision

    path = path.expanduser().absolute()
    if not path.exists():
        raise _refuse(path, _("does not exist"))
    if path.is_dir():
        raise _refuse(path, _("is a folder, not a backup file"))
    _check_header(path)
    try:
        connection = sqlite3.connect(sqlite_uri(path), uri=True)
        try:
            problems = [row[0] for row in connection.execute("PRAGMA integrity_check(5)")]
            tables = {row[0] for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            revision = None
            if "alembic_version" in tables:
                row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        raise _refuse(path, _("is damaged ({reason})").format(reason=exc)) from None
    if problems != ["ok"]:
        raise _refuse(path, _("is damaged ({reason})").format(reason=problems[0]))
    if revision is None:
        raise _refuse(path, _("is not an officer database"))
    if not _is_known_revision(revision):
        raise _refuse(path, _("was made by a newer version of officer-tui (schema {revision}); "
                              "update the app").format(revision=revision))
    return revision


def _keep_current(database: Path, progress: Progress) -> Backup:
    """The before-restore copy; a damaged database is copied file by file instead."""
    folder = backups_dir(database)
    make_folder(folder)
    when = now()
    target = free_name(folder, database.stem, BackupKind.BEFORE_RESTORE, when)
    try:
        copy_database(database, target, progress=progress, label=_("Keeping the current state"))
    except DatabaseProblem:
        try:
            for suffix in ("", "-wal"):
                source = database.with_name(database.name + suffix)
                if source.exists():
                    copy = target.with_name(target.name + suffix)
                    shutil.copyfile(source, copy)
                    os.chmod(copy, 0o600)
        except OSError as exc:
            raise ValidationError("file", _("cannot write {path}: {reason}").format(
                path=target, reason=exc.strerror)) from None
    return stamp_backup(target, when, BackupKind.BEFORE_RESTORE)


def _copy_into_live(source: Path, database: Path, progress: Progress) -> None:
    """The backup API from the file into the live database: one transaction, so a connection
    that is open meanwhile sees either the old or the restored state. A live file that is no
    database any more (destroyed) is replaced as a whole instead."""
    reader = sqlite3.connect(sqlite_uri(source), uri=True)
    try:
        writer = sqlite3.connect(database, timeout=5)
        try:
            reader.backup(writer, pages=STEP_PAGES, progress=step_reporter(progress, _("Restore")))
        finally:
            writer.close()
    except sqlite3.OperationalError as exc:  # locked, read-only, a different page size ...
        raise DatabaseProblem(_(
            "Could not restore into {path}: {reason}. The database was not changed.").format(
            path=database, reason=exc)) from None
    except sqlite3.DatabaseError:  # "file is not a database", "malformed": nobody can use it
        reader.close()
        for suffix in ("-wal", "-shm"):
            database.with_name(database.name + suffix).unlink(missing_ok=True)
        copy_database(source, database, progress=progress, label=_("Restore"))
    finally:
        reader.close()


def restore_backup(*, url: str, source: Path, progress: Progress | None = None) -> RestoreReport:
    """Check ``source``, keep a copy of the current state, restore, upgrade an older schema."""
    progress = progress or no_progress
    database = database_file(url)
    source = source.expanduser().absolute()
    if database.exists() and source.exists() and source.samefile(database):
        raise _refuse(source, _("is the database itself"))
    revision = check_backup(path=source)
    before = None
    if database.is_file() and database.stat().st_size > 0:
        before = _keep_current(database, progress)
    else:
        from officer_tui.db.engine import prepare_sqlite_file

        prepare_sqlite_file(database)
    _copy_into_live(source, database, progress)
    upgraded_to = None
    from officer_tui.db.migrate import SCHEMA_HEAD

    if revision != SCHEMA_HEAD:
        from officer_tui.db.engine import make_engine
        from officer_tui.db.migrate import upgrade

        engine = make_engine(url)
        try:
            upgraded_to = upgrade(engine, backup=False).current
        finally:
            engine.dispose()
    return RestoreReport(source=source, revision=revision, before=before, upgraded_to=upgraded_to)
