"""Copy a whole database into another one (``officer db copy``), and prove the copy is whole.

A copy takes every table of the data model (records, link tables, the change history, the
settings in ``appstate``) with the same ids and uids, from SQLite or PostgreSQL to either:

- The source must be at this app's schema; it is only read, as one consistent snapshot.
- The target is brought to the schema first. Into an empty target the rows are written by the
  JSON import's restore (``exchange_merge.Importer``), fed straight from the source instead of
  from a file: same value checks, same ids, history along, PostgreSQL sequences moved past the
  copied ids, the search index filled (by the triggers, or rebuilt once on SQLite). The stored
  urgencies and the day they are for are copied as they are (the app refreshes them itself).
  Schema and rows are one transaction: an error or Ctrl+C leaves the target as it was (a new
  SQLite file is removed again).
- **Verify**: while the rows pass, a checksum per table is taken over the source's rows in
  their canonical form (key order, values as the export writes them: ISO dates, enum values,
  JSON with sorted keys), the same form on SQLite and PostgreSQL. After the commit the target
  is read back and summed the same way; every table must match.
- A target that holds data is refused (``TargetNotEmpty``) unless ``merge``: then the import's
  merge by uid runs (history stays the target's own), and the counts are reported.

Rows stream in batches: memory grows with the id maps of the import, not with the data
(tables whose rows point into themselves, such as follow-ups, are held while they are written).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Engine
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from officer_tui.db.engine import make_engine
from officer_tui.db.errors import DatabaseProblem, explain
from officer_tui.db.migrate import MIGRATION_LOCK_KEY, schema_state, upgrade
from officer_tui.i18n import _
from officer_tui.paths import display_url, sqlite_path
from officer_tui.services.errors import ValidationError
from officer_tui.services.exchange_format import FileProblem
from officer_tui.services.exchange_merge import Importer
from officer_tui.services.exchange_tables import (
    LOCAL_TABLES,
    TableInfo,
    describe,
    exported_tables,
    sqlite_converters,
)
from officer_tui.services.progress import Progress, no_progress

__all__ = [
    "CopyReport", "TableCheck", "TableSum", "TargetNotEmpty", "checksums", "copy_database",
    "copied_tables", "verify",
]

BATCH = 2000


class TargetNotEmpty(ValidationError):
    """The target holds data and no merge was asked for. Nothing was changed."""

    def __init__(self, shown: str, counts: dict[str, int]) -> None:
        self.shown = shown
        self.counts = counts  # table -> rows, tables with rows only
        self.total = sum(counts.values())
        super().__init__("to", _(
            "{where} already holds {n} rows; nothing was changed (--merge merges into it by uid)"
        ).format(where=shown, n=f"{self.total:,}"))


@dataclass(frozen=True)
class TableSum:
    rows: int
    checksum: str  # sha256 of the rows in canonical form, hex


@dataclass(frozen=True)
class TableCheck:
    table: str
    source: TableSum
    target: TableSum

    @property
    def ok(self) -> bool:
        return self.source == self.target


@dataclass
class CopyReport:
    source: str  # both shown without password
    target: str
    merged: bool = False  # False: copied into an empty target (and verified)
    created_schema: bool = False
    checks: list[TableCheck] = field(default_factory=list)  # a copy: every table
    merge: Any = None  # a merge: the import's ImportSummary
    source_rows: dict[str, int] = field(default_factory=dict)
    target_rows: dict[str, int] = field(default_factory=dict)  # after the copy or merge

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.checks)

    @property
    def differing(self) -> list[str]:
        return [check.table for check in self.checks if not check.ok]

    def expected(self) -> dict[str, TableSum]:
        """The source's sums, for ``verify`` against the target again later."""
        return {check.table: check.source for check in self.checks}


def copied_tables() -> tuple[TableInfo, ...]:
    """Every table a copy takes, in the import's order, the local settings last."""
    from sqlmodel import SQLModel

    local = tuple(describe(SQLModel.metadata.tables[name]) for name in sorted(LOCAL_TABLES))
    return (*exported_tables(), *local)


# --- reading rows in canonical form ---------------------------------------------------------


def _key_order(column: sa.Column, dialect: Any) -> Any:
    """Order by code points on both databases (PostgreSQL's collation may differ from it)."""
    if dialect.name == "postgresql" and isinstance(column.type, sa.String):
        return column.collate("C")
    return column


def _rows(connection: sa.Connection, info: TableInfo) -> Iterator[dict[str, Any]]:
    """The table's rows in key order, valued as the export writes them (ISO dates ...)."""
    table, dialect, names = info.table, connection.dialect, info.columns
    statement = sa.select(table).order_by(
        *(_key_order(table.c[name], dialect) for name in info.primary_key))
    if dialect.name == "sqlite":  # the stored values straight from the driver: much faster
        converters = sqlite_converters(info, dialect)
        cursor = connection.connection.driver_connection.execute(
            str(statement.compile(dialect=dialect)))
        parts: Iterator[Any] = iter(lambda: cursor.fetchmany(BATCH), [])
    else:
        converters = [(index, info.to_json[name]) for index, name in enumerate(names)
                      if name in info.to_json]
        parts = connection.execution_options(yield_per=BATCH).execute(statement).partitions()
    for part in parts:
        for row in part:
            values = list(row)
            for index, convert in converters:
                if values[index] is not None:
                    values[index] = convert(values[index])
            yield dict(zip(names, values, strict=True))


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value.normalize())
    return str(value)


class _Summer:
    """Row count and checksum of one table's rows, fed in key order."""

    def __init__(self) -> None:
        self.rows = 0
        self._hash = hashlib.sha256()

    def add(self, row: dict[str, Any]) -> None:
        self.rows += 1
        self._hash.update(json.dumps(list(row.values()), ensure_ascii=False, sort_keys=True,
                                     separators=(",", ":"), default=_plain).encode("utf-8"))
        self._hash.update(b"\n")

    def result(self) -> TableSum:
        return TableSum(self.rows, self._hash.hexdigest())


def _summed(rows: Iterator[dict[str, Any]], summer: _Summer) -> Iterator[dict[str, Any]]:
    for row in rows:
        summer.add(row)
        yield row


def _counts(connection: sa.Connection, infos: tuple[TableInfo, ...]) -> dict[str, int]:
    present = set(sa.inspect(connection).get_table_names())
    return {
        info.name: connection.execute(sa.select(sa.func.count()).select_from(info.table)).scalar() or 0
        for info in infos if info.name in present
    }


def _sums(connection: sa.Connection, progress: Progress) -> dict[str, TableSum]:
    infos = copied_tables()
    totals = _counts(connection, infos)
    total, done, found = sum(totals.values()), 0, {}
    for info in infos:
        summer = _Summer()
        label = _("Checking {table}").format(table=info.name)
        for _row in _summed(_rows(connection, info), summer):
            done += 1
            if done % BATCH == 0:
                progress(label, done, total)
        found[info.name] = summer.result()
    progress(_("Checking"), total, total)
    return found


def checksums(url: str, *, progress: Progress | None = None) -> dict[str, TableSum]:
    """Rows and checksum per copied table of the database at ``url`` (read only)."""
    engine = make_engine(url, create=False)
    try:
        with _problems(url), engine.connect() as connection:
            return _sums(connection, progress or no_progress)
    finally:
        engine.dispose()


def verify(expected: dict[str, TableSum], *, target_url: str,
           progress: Progress | None = None) -> list[TableCheck]:
    """The target's sums next to ``expected`` (the source's), table by table."""
    found = checksums(target_url, progress=progress)
    missing = TableSum(0, "")
    return [TableCheck(name, expected[name], found.get(name, missing)) for name in expected]


# --- the databases --------------------------------------------------------------------------


@contextmanager
def _problems(url: str) -> Iterator[None]:
    """A failure of the database at ``url`` becomes a DatabaseProblem naming it (no password)."""
    try:
        yield
    except IntegrityError:
        raise
    except SADatabaseError as exc:
        raise explain(exc, display_url(url)) from None  # type: ignore[misc]


def _check_source(engine: Engine, url: str) -> None:
    state = schema_state(engine)
    shown = display_url(url)
    if state.up_to_date:
        return
    if state.current is None and not state.has_tables:
        raise DatabaseProblem(_("The database {where} is empty: there is nothing to copy.").format(
            where=shown))
    if state.current is None:
        raise DatabaseProblem(_("The database {where} holds tables that officer-tui did not "
                                "create; nothing was copied.").format(where=shown))
    newer = state.current.isdigit() and state.head.isdigit() and int(state.current) > int(state.head)
    if newer:
        raise DatabaseProblem(_("The database {where} was written by a newer version of "
                                "officer-tui (schema {revision}); update the app. Nothing was "
                                "copied.").format(where=shown, revision=state.current))
    raise DatabaseProblem(_("The database {where} has the schema {current}, this app needs "
                            "{head}: run 'officer db upgrade' first. Nothing was copied.").format(
        where=shown, current=state.current, head=state.head))


def _identity(engine: Engine) -> tuple:
    """What tells one PostgreSQL database from another, whatever the URL says."""
    with engine.connect() as connection:
        row = connection.execute(
            sa.select(sa.func.current_database(), sa.func.pg_postmaster_start_time())).one()
    return tuple(row)


def _same_database(source_url: str, target_url: str, source: Engine, target: Engine | None) -> bool:
    source_file, target_file = sqlite_path(source_url), sqlite_path(target_url)
    if source_file is not None or target_file is not None:
        if source_file is None or target_file is None or not target_file.exists():
            return False
        return os.path.samefile(source_file, target_file)
    if target is None or source.dialect.name != target.dialect.name:
        return False
    return _identity(source) == _identity(target)


def _new_file(url: str) -> Path | None:
    """The SQLite file ``url`` names when it does not exist yet (a failed copy removes it)."""
    path = sqlite_path(url)
    return path if path is not None and not path.exists() else None


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


# --- the copy -------------------------------------------------------------------------------


class _Restore(Importer):
    """The import's restore, but the stored urgencies stay as the source has them (with their
    day, copied in ``appstate``): a copy is exact, and the app refreshes them when it lists."""

    def finish(self) -> None:
        requests = self.inserted.pop("request", 0)
        try:
            super().finish()
        finally:
            if requests:
                self.inserted["request"] = requests


def _move_sequences(connection: sa.Connection) -> None:
    """PostgreSQL: each table's id sequence past the highest copied id."""
    if connection.dialect.name != "postgresql":
        return
    for info in copied_tables():
        if "id" not in info.columns:
            continue
        highest = sa.select(sa.func.max(info.table.c.id)).scalar_subquery()
        sequence = sa.func.pg_get_serial_sequence(info.name, "id")
        connection.execute(sa.select(sa.func.setval(sequence, highest)))


def _run_migrations(connection: sa.Connection) -> None:
    from alembic import command

    from officer_tui.db.migrate import _alembic_config

    command.upgrade(_alembic_config(connection), "head")


def _begin(connection: sa.Connection) -> None:
    """Open the one transaction the schema and the rows are written in."""
    if connection.dialect.name == "sqlite":
        # The write lock now (pysqlite would also commit each CREATE on its own).
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:  # after anyone who migrates this database right now, as ``migrate.upgrade`` does
        connection.execute(sa.select(sa.func.pg_advisory_xact_lock(MIGRATION_LOCK_KEY)))


def _feed(importer: Importer, source: sa.Connection, infos: tuple[TableInfo, ...],
          sums: dict[str, _Summer] | None) -> None:
    for info in infos:
        rows = _rows(source, info)
        if sums is not None:
            sums[info.name] = _Summer()
            rows = _summed(rows, sums[info.name])
        importer.table(info, rows)
    importer.finish()


def _copy_rows(source: sa.Connection, target: sa.Connection, shown: str, total: int,
               progress: Progress) -> dict[str, TableSum]:
    """Restore every table into the (empty) target on ``target``'s open transaction."""
    from officer_tui.services.history_recorder import NO_HISTORY

    data = exported_tables()
    with Session(bind=target) as session:
        session.info[NO_HISTORY] = True  # the history arrives as it was
        found = _counts(target, data)
        if any(found.values()):  # written meanwhile
            raise TargetNotEmpty(shown, {name: n for name, n in found.items() if n})
        importer = _Restore(session, into_empty=True, total=total, progress=progress)
        sums: dict[str, _Summer] = {}
        _feed(importer, source, data, sums)
        for info in copied_tables()[len(data):]:  # the settings: the source's, as they are
            summer = sums[info.name] = _Summer()
            target.execute(sa.delete(info.table))
            rows = list(_summed(_rows(source, info), summer))
            if rows:
                target.execute(sa.insert(info.table), rows)
        _move_sequences(target)
    return {name: summer.result() for name, summer in sums.items()}


@contextmanager
def _snapshot(engine: Engine) -> Iterator[sa.Connection]:
    """A connection that sees the source as of one moment, while others write to it."""
    with engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql("BEGIN")
        else:
            connection = connection.execution_options(isolation_level="REPEATABLE READ")
            connection.exec_driver_sql("SELECT 1")  # the snapshot starts with the first read
        try:
            yield connection
        finally:
            connection.rollback()


def _unfit(exc: FileProblem | IntegrityError, shown: str) -> ValidationError:
    if isinstance(exc, FileProblem):
        reason = str(exc)
    else:
        reason = str(exc.orig).splitlines()[0] if exc.orig else str(exc)
    return ValidationError("record", _("a row of the source does not fit into {where}: {reason}. "
                                   "Nothing was changed.").format(where=shown, reason=reason))


def copy_database(*, source_url: str, target_url: str, merge: bool = False,
                  progress: Progress | None = None) -> CopyReport:
    """Copy the database at ``source_url`` into ``target_url``, or merge into it.

    Raises DatabaseProblem (a database cannot be used), TargetNotEmpty (data there and no
    ``merge``) or ValidationError (the same database twice, a row that does not fit).
    """
    report = progress or no_progress
    shown = display_url(target_url)
    result = CopyReport(source=display_url(source_url), target=shown)
    source = make_engine(source_url, create=False)
    target: Engine | None = None
    created = _new_file(target_url)
    committed = False
    try:
        with _problems(source_url):
            _check_source(source, source_url)
        target = make_engine(target_url, create=True)
        with _problems(target_url):
            same = _same_database(source_url, target_url, source, target)
        if same:
            raise ValidationError("to", _("{where} is the database being copied").format(where=shown))
        with _problems(target_url), target.connect() as connection:
            found = _counts(connection, exported_tables())
        state = schema_state(target)
        if any(found.values()) and not merge:
            raise TargetNotEmpty(shown, {name: n for name, n in found.items() if n})
        fresh = state.current is None and not state.has_tables
        if not fresh and not state.up_to_date:
            upgrade(target)  # refuses newer or foreign schemas; an older SQLite file is backed up
        if any(found.values()):
            result.merged = True
            result.merge, result.source_rows = _merge(source, target, source_url, shown, report)
        else:
            result.created_schema = fresh
            with _problems(source_url), _snapshot(source) as reading:
                result.source_rows = _counts(reading, copied_tables())
                total = sum(result.source_rows.values())
                try:
                    with _problems(target_url), target.connect() as writing:
                        _begin(writing)
                        if fresh:
                            _run_migrations(writing)
                        sums = _copy_rows(reading, writing, shown, total, report)
                        writing.commit()
                        committed = True
                except (FileProblem, IntegrityError) as exc:
                    raise _unfit(exc, shown) from None
            result.checks = verify(sums, target_url=target_url, progress=report)
        with _problems(target_url), target.connect() as connection:
            result.target_rows = _counts(connection, copied_tables())
        return result
    except BaseException:
        if target is not None:
            target.dispose()
            target = None
        if created is not None and not committed:
            _remove(created)
        raise
    finally:
        source.dispose()
        if target is not None:
            target.dispose()


def stored_rows(url: str) -> dict[str, int]:
    """Rows per data table of the database at ``url``, looked at only ({} when there is none
    yet: a missing file, an empty database)."""
    path = sqlite_path(url)
    if path is not None and not path.exists():
        return {}
    engine = make_engine(url, create=False)
    try:
        with _problems(url), engine.connect() as connection:
            return _counts(connection, exported_tables())
    finally:
        engine.dispose()


def _merge(source: Engine, target: Engine, source_url: str, shown: str,
           progress: Progress) -> tuple[Any, dict[str, int]]:
    """The import's merge by uid, rows fed from the source. One transaction."""
    from officer_tui.services.exchange import ImportSummary
    from officer_tui.services.history_recorder import NO_HISTORY

    data = exported_tables()
    with _problems(source_url), _snapshot(source) as reading:
        counts = _counts(reading, copied_tables())
        total = sum(counts[info.name] for info in data)
        with Session(target) as session:
            session.info[NO_HISTORY] = True  # merged rows arrive as they were
            try:
                connection = session.connection()
                _begin(connection)
                importer = Importer(session, into_empty=False, total=total, progress=progress)
                _feed(importer, reading, data, None)
                session.commit()
            except (FileProblem, IntegrityError) as exc:
                session.rollback()
                raise _unfit(exc, shown) from None
            except SADatabaseError as exc:
                session.rollback()
                raise explain(exc, shown) from None  # type: ignore[misc]
    summary = ImportSummary(into_empty=False, inserted=importer.inserted,
                            updated=importer.updated, unchanged=importer.unchanged,
                            skipped=importer.skipped)
    return summary, counts
