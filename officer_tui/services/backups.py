"""Backups of the SQLite database: by hand, automatically once a day, and restoring one safely.

Layout. The backups of a database file ``<folder>/<name>.db`` live in ``<folder>/backups/``
(for the default database: the ``backups`` folder of the per-user data directory), named
after the database, so two databases in one folder never rotate each other's backups::

    <name>-auto-2026-03-02.db                    the automatic one of a day (the app makes it
                                                 when it opens the database); the newest N stay
    <name>-manual-2026-03-02-081412.db           ``officer backup`` without a file, ``b`` in the
                                                 Backups screen; never deleted by rotation
    <name>-before-restore-2026-03-02-081412.db   the state just before a restore; never deleted

A second backup in the same second gets ``-2``, ``-3`` ... before ``.db``. The folder is
created with mode 0700, every backup with 0600 (they hold personal data). "When" is the file's
modification time. A backup is a complete SQLite database in rollback-journal mode (no
``-wal`` file beside it), copied with SQLite's backup API, so it is consistent even while the
app writes, including what is still in the write-ahead log. Files are written under a hidden
temporary name and renamed when complete: an interrupted backup leaves no half file.

Automatic backups keep the newest N (``OFFICER_BACKUP_KEEP``, else the settings file's
``backups.keep``, else 14; 0 turns them off).

PostgreSQL databases are not backed up here: ``pg_dump`` does that job.

Checking and restoring a backup: ``backup_restore``. Pure standard library at import time (the
Today pane asks for the last backup before the ORM is loaded).
"""

from __future__ import annotations

import glob
import os
import re
import sqlite3
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from urllib.parse import quote

from officer_tui import clock
from officer_tui.db.errors import DatabaseProblem
from officer_tui.i18n import N_, _, current_language, format_date, ngettext
from officer_tui.paths import backups_dir, sqlite_path
from officer_tui.services.errors import ValidationError
from officer_tui.services.progress import Progress, no_progress

DEFAULT_KEEP = 14
KEEP_VARIABLE = "OFFICER_BACKUP_KEEP"
STALE_DAYS = 7  # a last backup older than this is flagged
STEP_PAGES = 1024  # pages copied per step of the backup API (4 MiB with 4 KiB pages)
SQLITE_MAGIC = b"SQLite format 3\x00"
WARNING = "⚠"


class BackupKind(StrEnum):
    AUTO = "auto"
    MANUAL = "manual"
    BEFORE_RESTORE = "before-restore"


KIND_LABELS = {
    BackupKind.AUTO: N_("automatic"),
    BackupKind.MANUAL: N_("manual"),
    BackupKind.BEFORE_RESTORE: N_("before restore"),
}


def kind_label(kind: BackupKind) -> str:
    return _(KIND_LABELS[kind])


@dataclass(frozen=True)
class Backup:
    path: Path
    kind: BackupKind
    made_at: datetime  # the file's modification time
    size: int  # bytes
    revision: str | None = None  # schema revision inside (read only when asked for)

    def as_json(self) -> dict:
        return {"path": str(self.path), "name": self.path.name, "kind": self.kind.value,
                "made_at": self.made_at.isoformat(timespec="seconds"), "size": self.size,
                "revision": self.revision}


@dataclass(frozen=True)
class AutoBackup:
    made: Backup | None  # None: today's was there already, or automatic backups are off
    removed: list[Path] = field(default_factory=list)  # automatic ones beyond the newest N


# --- where and when ---------------------------------------------------------------------------


def now() -> datetime:
    """The app's day (``clock.today()``, fixed in tests) at the wall clock's time of day."""
    return datetime.combine(clock.today(), datetime.now().time().replace(microsecond=0))


def supports_backups(url: str) -> bool:
    """Whether ``url`` is a SQLite file (the only kind of database backed up here)."""
    return sqlite_path(url) is not None


def database_file(url: str) -> Path:
    """The SQLite file behind ``url``; other databases are refused with a pointer to pg_dump."""
    path = sqlite_path(url)
    if path is None:
        raise ValidationError("database", postgres_backup_text(url))
    return path


def postgres_backup_text(url: str) -> str:
    """Why officer does not back up a server database, and who does instead."""
    from officer_tui.paths import display_url

    return _(
        "{url} is a PostgreSQL database: the server's administrator backs it up with pg_dump (e.g. pg_dump -Fc -f officer.dump) and restores it with pg_restore. officer backs up and restores SQLite database files only."
    ).format(url=display_url(url))


def backups_folder(url: str) -> Path:
    return backups_dir(database_file(url))


def shown_path(path: Path) -> str:
    """``~/...`` for paths in the home folder."""
    home = Path.home()
    return "~/" + str(path.relative_to(home)) if path.is_relative_to(home) else str(path)


# <stem>-<kind>-YYYY-MM-DD[-HHMMSS][-N].db
BACKUP_NAME = re.compile(r"(?P<stem>.+)-(?P<kind>auto|manual|before-restore)"
                         r"-\d{4}-\d{2}-\d{2}(-\d{6})?(-\d+)?\.db")


def sqlite_uri(path: Path, *, immutable: bool = False) -> str:
    return f"file:{quote(str(path))}?mode=ro" + ("&immutable=1" if immutable else "")


def _revision(path: Path) -> str | None:
    """The schema revision stored in a backup; None when it cannot be read."""
    try:
        connection = sqlite3.connect(sqlite_uri(path, immutable=True), uri=True)
        try:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            connection.close()
    except sqlite3.Error:
        return None
    return row[0] if row else None


def list_backups(*, url: str, revisions: bool = False) -> list[Backup]:
    """The backups of this database in its backups folder, newest first."""
    database = database_file(url)
    folder = backups_dir(database)
    found = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    for entry in entries:
        match = BACKUP_NAME.fullmatch(entry.name)
        if match is None or match["stem"] != database.stem or not entry.is_file():
            continue
        stat = entry.stat()
        path = Path(entry.path)
        found.append(Backup(path=path, kind=BackupKind(match["kind"]),
                            made_at=datetime.fromtimestamp(stat.st_mtime).replace(microsecond=0),
                            size=stat.st_size, revision=_revision(path) if revisions else None))
    return sorted(found, key=lambda backup: (backup.made_at, backup.path.name), reverse=True)


def last_backup(*, url: str) -> Backup | None:
    """The newest backup of any kind; None when there is none (or not a SQLite database)."""
    if not supports_backups(url):
        return None
    backups = list_backups(url=url)
    return backups[0] if backups else None


# --- making one -------------------------------------------------------------------------------


def make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise ValidationError("file", _("cannot create the folder {folder}: {reason}").format(
            folder=folder, reason=exc.strerror)) from None


def free_name(folder: Path, stem: str, kind: BackupKind, when: datetime) -> Path:
    stamp = when.strftime("%Y-%m-%d") if kind == BackupKind.AUTO else when.strftime("%Y-%m-%d-%H%M%S")
    base = f"{stem}-{kind.value}-{stamp}"
    path, number = folder / f"{base}.db", 2
    while path.exists():
        path, number = folder / f"{base}-{number}.db", number + 1
    return path


def step_reporter(progress: Progress, label: str):
    def report(_status: int, remaining: int, total: int) -> None:
        progress(label, total - remaining, total)

    return report


def copy_database(source: Path, target: Path, *, progress: Progress, label: str) -> None:
    """Copy the database ``source`` into the new file ``target`` with the backup API."""
    partial = target.with_name(f".{target.name}.partial-{os.getpid()}")
    try:
        os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
    except OSError as exc:
        raise ValidationError("file", _("cannot write {path}: {reason}").format(
            path=target, reason=exc.strerror)) from None
    try:
        try:
            reader = sqlite3.connect(sqlite_uri(source), uri=True)
        except sqlite3.Error as exc:
            raise DatabaseProblem(_("Cannot read the database {path}: {reason}").format(
                path=source, reason=exc)) from None
        try:
            writer = sqlite3.connect(partial)
            try:
                reader.backup(writer, pages=STEP_PAGES, progress=step_reporter(progress, label))
                writer.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
            finally:
                writer.close()
        except sqlite3.DatabaseError as exc:
            if "full" in str(exc):  # "database or disk is full": the target's side
                raise ValidationError("file", _("cannot write {path}: {reason}").format(
                    path=target, reason=exc)) from None
            raise DatabaseProblem(_("Cannot read the database {path}: {reason}").format(
                path=source, reason=exc)) from None
        finally:
            reader.close()
        os.chmod(partial, 0o600)
        os.replace(partial, target)
    except BaseException:
        for leftover in (partial, partial.with_name(partial.name + "-journal")):
            leftover.unlink(missing_ok=True)
        raise


def stamp_backup(path: Path, when: datetime, kind: BackupKind) -> Backup:
    """Date the file by the app's clock (the same as the wall clock outside tests)."""
    moment = when.timestamp()
    os.utime(path, (moment, moment))
    return Backup(path=path, kind=kind, made_at=when, size=path.stat().st_size,
                  revision=_revision(path))


def _live(url: str) -> Path:
    database = database_file(url)
    if not database.is_file():
        raise ValidationError("database", _("there is no database at {path}").format(path=database))
    return database


def make_backup(*, url: str, target: Path | None = None, overwrite: bool = False,
                kind: BackupKind = BackupKind.MANUAL, progress: Progress | None = None) -> Backup:
    """A consistent copy of the database, also while the app is open and writing.

    Without ``target``: a dated file of ``kind`` in the backups folder. An existing ``target``
    is replaced only with ``overwrite``.
    """
    database = _live(url)
    when = now()
    if target is None:
        folder = backups_dir(database)
        make_folder(folder)
        target = free_name(folder, database.stem, kind, when)
    else:
        target = target.expanduser().absolute()
        if target.is_dir():
            raise ValidationError("file", _("{path} is a folder; give the backup a file name").format(
                path=target))
        if target.exists() and target.samefile(database):
            raise ValidationError("file", _("{path} is the database itself").format(path=target))
        if target.exists() and not overwrite:
            raise ValidationError("file", _(
                "{path} exists already; choose another name or replace it with --force").format(
                path=target))
        if not target.parent.is_dir():
            make_folder(target.parent)
    copy_database(database, target, progress=progress or no_progress, label=_("Backup"))
    return stamp_backup(target, when, kind)


# --- automatic backups --------------------------------------------------------------------------


def parse_keep(text: str | None) -> int:
    """How many automatic backups to keep, as configured; None or blank: the default."""
    if text is None or not text.strip():
        return DEFAULT_KEEP
    try:
        value = int(text.strip())
    except ValueError:
        value = -1
    if value < 0:
        raise ValidationError(KEEP_VARIABLE, _(
            "{variable}={text!r} is not a number of backups to keep (0 turns automatic backups "
            "off); keeping {n}").format(variable=KEEP_VARIABLE, text=text, n=keep_from_file()))
    return value


def configured_keep() -> int:
    """How many automatic backups to keep: ``OFFICER_BACKUP_KEEP``, else the settings file's
    ``backups.keep``, else 14. A bad variable raises ``ValidationError`` (the caller warns and
    keeps ``keep_from_file()``)."""
    text = os.environ.get(KEEP_VARIABLE)
    if text is None or not text.strip():
        return keep_from_file()
    return parse_keep(text)


def keep_from_file() -> int:
    """The settings file's ``backups.keep`` (14 when it sets none)."""
    from officer_tui import settings

    return settings.current().backup_keep


def rotate(*, url: str, keep: int) -> list[Path]:
    """Delete the automatic backups beyond the newest ``keep`` (by their day). Others stay."""
    if keep <= 0:
        return []
    autos = sorted((backup.path for backup in list_backups(url=url)
                    if backup.kind == BackupKind.AUTO), key=lambda path: path.name, reverse=True)
    removed = []
    for path in autos[keep:]:
        try:
            path.unlink()
        except OSError:
            continue
        removed.append(path)
    return removed


def _sweep_partials(folder: Path, stem: str) -> None:
    """Half files of backups that were cut off (the process was killed) an hour ago or more."""
    limit = datetime.now().timestamp() - 3600
    for path in folder.glob(f".{glob.escape(stem)}-*.partial-*"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except OSError:
            continue


def auto_backup(*, url: str, keep: int, today: date | None = None,
                progress: Progress | None = None) -> AutoBackup:
    """Today's automatic backup unless there is one, then the rotation. ``keep`` 0: nothing."""
    if keep <= 0 or not supports_backups(url) or not database_file(url).is_file():
        return AutoBackup(made=None)
    database = database_file(url)
    folder = backups_dir(database)
    day = today or clock.today()
    made = None
    _sweep_partials(folder, database.stem)
    if not (folder / f"{database.stem}-auto-{day.isoformat()}.db").exists():
        make_folder(folder)
        made = make_backup(url=url, target=folder / f"{database.stem}-auto-{day.isoformat()}.db",
                           kind=BackupKind.AUTO, progress=progress)
    return AutoBackup(made=made, removed=rotate(url=url, keep=keep))


# --- words --------------------------------------------------------------------------------------


def size_text(size: int) -> str:
    """``1.2 MB`` (German ``1,2 MB``)."""
    for unit, factor in (("GB", 1 << 30), ("MB", 1 << 20), ("kB", 1 << 10)):
        if size >= factor:
            value = f"{size / factor:.1f}"
            return (value.replace(".", ",") if current_language() == "de" else value) + " " + unit
    return f"{size} B"


def when_text(made_at: datetime, *, today: date | None = None) -> str:
    """``today 08:14``, ``yesterday 17:02``, else the date and time."""
    today = today or clock.today()
    at = made_at.strftime("%H:%M")
    days = (today - made_at.date()).days
    if days == 0:
        return _("today {time}").format(time=at)
    if days == 1:
        return _("yesterday {time}").format(time=at)
    return f"{format_date(made_at.date())} {at}"


def last_backup_text(last: Backup | None, *, today: date | None = None) -> tuple[str, bool]:
    """The line "Last backup: today 08:14", and whether it needs attention (⚠)."""
    today = today or clock.today()
    if last is None:
        return WARNING + " " + _("No backup yet"), True
    text = _("Last backup: {when}").format(when=when_text(last.made_at, today=today))
    days = (today - last.made_at.date()).days
    if days > STALE_DAYS:
        ago = ngettext("{n} day ago", "{n} days ago", days).format(n=days)
        return f"{WARNING} {text} ({ago})", True
    return text, False


def backup_line(*, url: str, today: date | None = None) -> tuple[str, bool] | None:
    """What the Today pane says about backups; None for databases that are not SQLite files."""
    if not supports_backups(url):
        return None
    return last_backup_text(last_backup(url=url), today=today)
