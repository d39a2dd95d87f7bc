"""Exports written by an older version of the app: upgraded on the way in.

A file whose schema is an older revision this app ships is

1. loaded into a temporary SQLite database created at that revision, row by row into the tables
   as they were then (reflected from the temporary database; values converted by the reflected
   column types; a table or column that revision did not have is refused, naming it),
2. upgraded to the head revision by the same migrations that upgrade databases (so every data
   migration applies; 0005, for example, gives each record its uid),
3. exported again with ``export_json``: the caller imports that file as any current one.

Records from before uids (schema 0004 and older) get uids derived from the file's content and
their ids instead of the random ones the migration gives: importing the same file twice (or
into two databases) recognises its records instead of duplicating them.

The temporary folder (database and file) is readable by its owner only and removed in every
case, also when the file is refused or the work is cancelled.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlmodel import Session

from officer_tui.i18n import _
from officer_tui.services.errors import ValidationError
from officer_tui.services.exchange_format import ExportReader, FileProblem
from officer_tui.services.exchange_tables import LOCAL_TABLES, BadValue, describe
from officer_tui.services.progress import Progress

BATCH = 2000
PROGRESS_EVERY = 2000
_MISSING = object()


def is_known_revision(schema: str) -> bool:
    """Whether this app ships the migration ``schema`` (so it can upgrade data from there)."""
    from officer_tui.db.migrate import _is_known_revision

    return _is_known_revision(schema)


def upgrade_label(schema: str) -> str:
    return _("Upgrading the export from schema {schema} …").format(schema=schema)


@contextmanager
def upgraded_export(path: Path, header: Any, *, progress: Progress) -> Iterator[Path]:
    """The export at ``path`` (schema ``header.schema``, older than head) as a current export.

    Yields the path of a temporary file with the head schema; removes it (and the temporary
    database) when the block ends. Raises FileProblem when the file does not fit its schema.
    """
    schema = header.schema
    label = upgrade_label(schema)
    rows = sum(header.counts.values())
    total = 2 * rows  # loading the rows, then writing them again
    folder = Path(tempfile.mkdtemp(prefix="officer-upgrade-"))  # mode 0700
    try:
        progress(label, 0, total)
        engine = _database_at(folder / "upgrade.db", schema)
        try:
            _load(engine, path, header, label=label, total=total, progress=progress)
            progress(label, rows, total)
            missing_uids = _tables_without_uids(engine, header)
            _migrate(engine, schema)
            _give_uids(engine, path, missing_uids)
            current = folder / "upgraded.json"
            _export(engine, current, label=label, done=rows, total=total, progress=progress)
        finally:
            engine.dispose()
        yield current
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# --- the temporary database -----------------------------------------------------------------


def _database_at(path: Path, schema: str) -> sa.Engine:
    from alembic import command

    from officer_tui.db.engine import make_engine
    from officer_tui.db.migrate import _alembic_config

    engine = make_engine(f"sqlite:///{path}")
    try:
        with engine.begin() as connection:
            command.upgrade(_alembic_config(connection), schema)
    except BaseException:
        engine.dispose()
        raise
    return engine


def _migrate(engine: sa.Engine, schema: str) -> None:
    from officer_tui.db.errors import DatabaseProblem
    from officer_tui.db.migrate import upgrade

    try:
        upgrade(engine, backup=False)
    except (DatabaseProblem, SADatabaseError) as exc:
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        raise FileProblem(
            _("cannot be upgraded from schema {schema}: {reason}").format(schema=schema,
                                                                          reason=reason)
        ) from None


def _export(engine: sa.Engine, target: Path, *, label: str, done: int, total: int,
            progress: Progress) -> None:
    from officer_tui.services.exchange import export_json

    def report(_label: str, written: int, _total: int) -> None:
        progress(label, done + written, total)

    try:
        with Session(engine) as session:
            export_json(session, path=target, progress=report)
    except ValidationError as exc:  # the temporary file could not be written (disk full ...)
        raise FileProblem("; ".join(message for _field, message in exc.problems)) from None


def _tables_without_uids(engine: sa.Engine, header: Any) -> list[str]:
    """The file's tables that have no uid at its schema (before the upgrade)."""
    with engine.connect() as connection:
        inspector = sa.inspect(connection)
        present = set(inspector.get_table_names())
        return [name for name in header.counts if name in present
                and "uid" not in {column["name"] for column in inspector.get_columns(name)}]


def _give_uids(engine: sa.Engine, path: Path, names: list[str]) -> None:
    """Uids from the file's bytes and each record's table and id: the same file, the same uids."""
    from officer_tui.services.exchange_tables import table_info

    infos = [info for name in names if (info := table_info(name)) is not None and info.tracked]
    if not infos:
        return
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    seed = digest.hexdigest()
    with engine.begin() as connection:  # (plain SQL: the model would stamp ``updated_at``)
        quote = connection.dialect.identifier_preparer.quote
        for info in infos:
            table = quote(info.name)
            ids = connection.exec_driver_sql(f"SELECT id FROM {table}").scalars().all()
            if ids:
                connection.exec_driver_sql(
                    f"UPDATE {table} SET uid = ? WHERE id = ?",  # noqa: S608 (a table name)
                    [(_uid(seed, info.name, record), record) for record in ids],
                )


def _uid(seed: str, table: str, record: int) -> str:
    return hashlib.sha256(f"{seed}:{table}:{record}".encode()).hexdigest()[:32]


# --- loading the file's rows ----------------------------------------------------------------


def _tables(connection: sa.Connection, names: list[str]) -> dict[str, sa.Table]:
    """The tables of the temporary database the file may fill (reflected as they are)."""
    from officer_tui.db.textsearch import is_fts_table

    present = set(sa.inspect(connection).get_table_names())
    wanted = [name for name in names if name in present]
    metadata = sa.MetaData()
    metadata.reflect(connection, only=wanted)
    return {
        name: table for name, table in metadata.tables.items()
        if name in wanted and name not in LOCAL_TABLES and name != "alembic_version"
        and not is_fts_table(name)
    }


def _load(engine: sa.Engine, path: Path, header: Any, *, label: str, total: int,
          progress: Progress) -> None:
    from officer_tui.services.exchange import _counts, _header

    schema = header.schema
    with engine.connect() as connection:
        # The file's references are checked when it is imported; rows of a table may point
        # to later rows of the same table.
        connection.exec_driver_sql("PRAGMA foreign_keys = OFF")
        try:
            tables = _tables(connection, list(header.counts))
            for name in header.counts:
                if name not in tables:
                    raise _no_table(name, schema)
            triggers = _suspend_triggers(connection)
            loader = _Loader(connection, schema, label=label, total=total, progress=progress)
            with ExportReader(path) as reader:
                _header(reader)
                done: list[str] = []
                for name, rows in reader.tables():
                    if name not in tables:
                        raise _no_table(name, schema)
                    if name in done:
                        raise FileProblem(_("holds the table {table} twice").format(table=name))
                    found = loader.table(tables[name], rows)
                    expected = header.counts.get(name)
                    if expected != found:
                        raise FileProblem(
                            _("is incomplete or changed: table {table} has {found} rows, its "
                              "count says {expected}").format(table=name, found=found,
                                                              expected=expected)
                        )
                    done.append(name)
                trailer = reader.trailer()
                if "counts" in trailer and _counts(trailer) != header.counts:
                    raise FileProblem(_("has two different row counts"))
                missing = [name for name, n in header.counts.items() if n and name not in done]
                if missing:
                    raise FileProblem(
                        _("is incomplete: the rows of table {table} are missing").format(
                            table=missing[0])
                    )
            _restore_triggers(connection, triggers)
            connection.commit()
        finally:
            connection.rollback()
            connection.exec_driver_sql("PRAGMA foreign_keys = ON")


def _suspend_triggers(connection: sa.Connection) -> list[str]:
    """Drop the triggers (search indexes) while the rows go in; their SQL to create them again.

    Half the time of loading went into indexing text that nothing reads: the upgraded file is
    exported from the tables, and the import indexes what it writes.
    """
    found = connection.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND sql IS NOT NULL"
    ).all()
    quote = connection.dialect.identifier_preparer.quote
    for name, _sql in found:
        connection.exec_driver_sql(f"DROP TRIGGER {quote(name)}")
    return [sql for _name, sql in found]


def _restore_triggers(connection: sa.Connection, statements: list[str]) -> None:
    """The triggers again, exactly as they were; external-content full-text indexes rebuilt
    from their tables, so that a migration that changes indexed rows finds them consistent."""
    for statement in statements:
        connection.exec_driver_sql(statement)
    quote = connection.dialect.identifier_preparer.quote
    tables = connection.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' "
        "AND sql LIKE 'CREATE VIRTUAL TABLE%'"
    ).all()
    for name, sql in tables:
        if re.search(r"content\s*=\s*'[^']", sql):  # content='request', not content=''
            connection.exec_driver_sql(
                f"INSERT INTO {quote(name)}({quote(name)}) VALUES ('rebuild')")


def _no_table(name: str, schema: str) -> FileProblem:
    return FileProblem(
        _("holds a table that schema {schema} did not have: {table}").format(schema=schema,
                                                                             table=name)
    )


class _Loader:
    """Inserts the file's rows into the temporary tables, checked against their columns."""

    def __init__(self, connection: sa.Connection, schema: str, *, label: str, total: int,
                 progress: Progress) -> None:
        self.connection = connection
        self.schema = schema
        self.label = label
        self.total = total
        self.progress = progress
        self.done = 0
        self.known: frozenset[str] = frozenset()
        self._statements: dict[tuple, tuple[str, list[tuple[int, Any]]]] = {}

    def table(self, table: sa.Table, rows: Iterator[dict]) -> int:
        converters = describe(table).from_json
        self.known = frozenset(table.columns.keys())
        specs = [(column.name, column.nullable, converters[column.name], _optional(column))
                 for column in table.columns]
        number = 0
        batch: list[dict[str, Any]] = []
        for row in rows:
            number += 1
            batch.append(self._convert(table, number, row, specs))
            if len(batch) >= BATCH:
                self._insert(table, batch, number - len(batch) + 1)
                batch = []
            self.done += 1
            if self.done % PROGRESS_EVERY == 0:
                self.progress(self.label, self.done, self.total)
        if batch:
            self._insert(table, batch, number - len(batch) + 1)
        return number

    def _problem(self, table: sa.Table, number: int, row: dict, column: str | None,
                 text: str) -> FileProblem:
        where = _("table {table}, row {n}").format(table=table.name, n=number)
        if row.get("id") is not None:
            where += " " + _("(id {id})").format(id=row["id"])
        if column:
            where += ", " + _("column {column}").format(column=column)
        return FileProblem(where + ": " + text)

    def _convert(self, table: sa.Table, number: int, row: dict, specs: list[tuple]) -> dict:
        if not row.keys() <= self.known:
            unknown = next(key for key in row if key not in self.known)
            raise self._problem(
                table, number, row, unknown,
                _("schema {schema} has no such column (is the file's schema right?)").format(
                    schema=self.schema),
            )
        values: dict[str, Any] = {}
        for name, nullable, convert, optional in specs:
            value = row.get(name, _MISSING)
            if value is _MISSING:
                if not (nullable or optional):
                    raise self._problem(table, number, row, name, _("is missing"))
                continue  # the column's default
            if value is None:
                if not nullable:
                    raise self._problem(table, number, row, name, _("must not be empty (null)"))
                values[name] = None
                continue
            try:
                values[name] = convert(value)
            except BadValue as exc:
                raise self._problem(table, number, row, name, str(exc)) from None
        return values

    def _insert(self, table: sa.Table, rows: list[dict[str, Any]], first: int) -> None:
        """Straight to the driver's ``executemany`` through the columns' own converters (as
        the merge writes): SQLAlchemy's per-row parameter handling costs more than SQLite."""
        groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for row in rows:  # one statement per set of columns (rows usually have them all)
            groups.setdefault(tuple(row), []).append(row)
        try:
            for names, group in groups.items():
                sql, processors = self._statement(table, names)
                values = []
                for row in group:
                    line = list(row.values())
                    for index, process in processors:
                        if line[index] is not None:
                            line[index] = process(line[index])
                    values.append(tuple(line))
                self.connection.exec_driver_sql(sql, values)
        except sa.exc.IntegrityError as exc:
            detail = str(exc.orig).splitlines()[0] if exc.orig else ""
            raise FileProblem(
                _("table {table}, rows {first} to {last}: {detail}").format(
                    table=table.name, first=first, last=first + len(rows) - 1, detail=detail)
            ) from None

    def _statement(self, table: sa.Table,
                   names: tuple[str, ...]) -> tuple[str, list[tuple[int, Any]]]:
        key = (table.name, names)
        if key not in self._statements:
            dialect = self.connection.dialect
            quote = dialect.identifier_preparer.quote
            processors = []
            for index, name in enumerate(names):
                column_type = table.columns[name].type
                process = column_type.dialect_impl(dialect).bind_processor(dialect)
                if process is not None:
                    processors.append((index, process))
            sql = (f"INSERT INTO {quote(table.name)} ({', '.join(quote(n) for n in names)}) "
                   f"VALUES ({', '.join('?' * len(names))})")
            self._statements[key] = (sql, processors)
        return self._statements[key]


def _optional(column: sa.Column) -> bool:
    """A column a row may leave out: it has a default in the database, or is the row number."""
    if column.server_default is not None:
        return True
    return bool(column.primary_key and isinstance(column.type, sa.Integer)
                and len(column.table.primary_key.columns) == 1)
