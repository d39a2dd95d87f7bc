"""Bring the rows of an export into this database: restore into an empty one, merge otherwise.

Each file row is mapped to a local row, table by table in the file's (dependency) order:

- A record (a table with ``uid``) is the local record with the same uid, else the one with the
  same value of a unique key (a unit's folded name, a goal's code, an enrollment's session and
  person, a project link's ends and kind), else a new record. Into an empty database new records
  keep the file's ids ("#123" stays #123); otherwise they get the next free ids.
- A link row (meeting participants, goals of an idea ...) is the local row with the same mapped
  primary key, else a new row.
- Every reference is translated through the ids mapped so far: foreign keys, and the record
  kind/id pairs (``subject_kind/subject_id``). A foreign key to a row that is neither in the
  file nor in the database is refused; a kind/id pair that pointed nowhere in the source stays
  as it is in a restore and is cleared in a merge (there it would point to an unrelated record).
- A matched record is overwritten only when the file's ``updated_at`` is newer and some value
  differs; its ``version`` goes up by one, so an editor open on it notices. A link row takes the
  file's values only when its owner (the meeting of a participant ...) was written from the file.
- GDPR: an erased person stays erased (a file from before the erasure brings nothing back, not
  even their logged contacts); a person erased in the file is erased here through
  ``gdpr.erase_person``, so their texts leave the search index too.

Rows are written with SQLAlchemy Core in batches; the caller owns the transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy import bindparam, func, select
from sqlmodel import Session

from officer_tui.db import search_index, textsearch
from officer_tui.i18n import _
from officer_tui.services.exchange_format import FileProblem
from officer_tui.services.exchange_tables import KIND_TABLES, BadValue, TableInfo, table_label

BATCH = 2000
LOOKUP = 500  # ids per ``IN (...)`` when reading local rows
PROGRESS_EVERY = 500
_REQUIRED = object()  # a column the file must hold
_NOT_COMPARED = frozenset({"id", "uid", "created_at", "updated_at", "version"})


@dataclass
class _Keys:
    """The local rows of one table by uid and by each unique key."""

    by_uid: dict[str, int] = field(default_factory=dict)
    by_key: dict[tuple[str, ...], dict[tuple, int]] = field(default_factory=dict)
    next_id: int = 1


@dataclass
class _Row:
    number: int  # 1-based position in the file's table
    values: dict[str, Any]
    local_id: int | None = None
    new: bool = False


class Importer:
    def __init__(
        self,
        session: Session,
        *,
        into_empty: bool,
        total: int,
        progress: Callable[[str, int, int], None],
    ) -> None:
        self.session = session
        self.connection = session.connection()
        self.into_empty = into_empty
        self.total = total
        self.progress = progress
        self.done = 0
        self.maps: dict[str, dict[int, int]] = {}  # table -> file id -> local id
        self.written: dict[str, set[int]] = {}  # table -> local ids inserted or updated
        self.erased: set[int] = set()  # local contacts that are erased after the import
        self.inserted: dict[str, int] = {}
        self.updated: dict[str, int] = {}
        self.unchanged: dict[str, int] = {}
        self.skipped: dict[str, int] = {}
        self._exists_cache: dict[tuple[str, int], bool] = {}
        self._spec_cache: dict[str, tuple[frozenset[str], list[tuple]]] = {}
        self._insert_cache: dict[str, tuple[str, list[str], list[tuple[int, Any]]]] = {}
        # Restoring into an empty SQLite database: the search indexes are built once at the
        # end instead of row by row by their triggers (several times faster).
        self.rebuild_index = into_empty and self.connection.dialect.name == "sqlite"
        if self.rebuild_index:
            for statement in (*search_index.SQLITE_DROP, *textsearch.SQLITE_DROP):
                self.connection.exec_driver_sql(statement)
        self._label = ""

    # --- bookkeeping ------------------------------------------------------------------------

    def _count(self, kind: dict[str, int], name: str, n: int = 1) -> None:
        if not n:
            return
        kind[name] = kind.get(name, 0) + n

    def _tick(self) -> None:
        self.done += 1
        if self.done % PROGRESS_EVERY == 0:
            self.progress(self._label, self.done, self.total)

    def _problem(self, info: TableInfo, row: _Row | int, column: str | None, text: str) -> FileProblem:
        number = row.number if isinstance(row, _Row) else row
        record = row.values.get("id") if isinstance(row, _Row) else None
        where = _("table {table}, row {n}").format(table=info.name, n=number)
        if record is not None:
            where += " " + _("(id {id})").format(id=record)
        if column:
            where += ", " + _("column {column}").format(column=column)
        return FileProblem(where + ": " + text)

    # --- values and references --------------------------------------------------------------

    def _specs(self, info: TableInfo) -> tuple[frozenset[str], list[tuple]]:
        """Per column: (name, nullable, converter, value when missing or _REQUIRED)."""
        if info.name not in self._spec_cache:
            specs = []
            for column in info.table.columns:
                default = column.default
                if column.nullable:
                    missing: Any = None
                elif default is not None and default.is_scalar:
                    missing = getattr(default.arg, "value", default.arg)
                else:
                    missing = _REQUIRED
                specs.append((column.name, column.nullable, info.from_json[column.name], missing))
            self._spec_cache[info.name] = (frozenset(info.from_json), specs)
        return self._spec_cache[info.name]

    def _convert(self, info: TableInfo, number: int, row: dict) -> _Row:
        known, specs = self._specs(info)
        if not row.keys() <= known:
            unknown = next(key for key in row if key not in known)
            raise self._problem(info, number, unknown, _("this app has no such column"))
        values: dict[str, Any] = {}
        converted = _Row(number, values)
        for name, nullable, convert, missing in specs:
            value = row.get(name, _REQUIRED)
            if value is None:
                if not nullable:
                    raise self._problem(info, converted, name, _("must not be empty (null)"))
                values[name] = None
            elif value is _REQUIRED:
                if missing is _REQUIRED:
                    raise self._problem(info, converted, name, _("is missing"))
                values[name] = missing
            else:
                try:
                    values[name] = convert(value)
                except BadValue as exc:
                    raise self._problem(info, converted, name, str(exc)) from None
        return converted

    def _exists(self, table: str, record_id: int) -> bool:
        key = (table, record_id)
        if key not in self._exists_cache:
            from sqlmodel import SQLModel

            sql_table = SQLModel.metadata.tables[table]
            found = self.connection.execute(
                select(sa.literal(1)).select_from(sql_table).where(sql_table.c.id == record_id)
            ).first()
            self._exists_cache[key] = found is not None
        return self._exists_cache[key]

    def _link(self, info: TableInfo, row: _Row, column: str, target: str) -> None:
        value = row.values[column]
        if value is None:
            return
        mapped = self.maps.get(target, {}).get(value)
        if mapped is None:
            if not self._exists(target, value):
                raise self._problem(
                    info, row, column,
                    _("points to {table} {id}, which is neither in the file nor in the "
                      "database").format(table=target, id=value),
                )
            mapped = value
        row.values[column] = mapped

    def _pair(self, info: TableInfo, row: _Row, kind_column: str, id_column: str) -> None:
        kind, value = row.values[kind_column], row.values[id_column]
        if kind is None or value is None:
            return
        target = KIND_TABLES.get(kind)
        if target is None:
            return
        mapped = self.maps.get(target, {}).get(value)
        if mapped is not None:
            row.values[id_column] = mapped
        elif not self.into_empty:
            # It pointed to no record in the source; here the same number is another record.
            row.values[kind_column] = row.values[id_column] = None

    def _references(self, info: TableInfo, row: _Row, *, own: bool) -> None:
        """Translate links to other tables (``own`` False) or to this table (``own`` True)."""
        for column, target in info.links.items():
            if (target == info.name) == own:
                self._link(info, row, column, target)
        for kind_column, id_column in info.pairs:
            points_here = KIND_TABLES.get(row.values[kind_column] or "") == info.name
            if points_here == own:
                self._pair(info, row, kind_column, id_column)

    def _insert(self, table: sa.Table, rows: list[dict[str, Any]]) -> None:
        """Insert rows that hold a value for every column.

        On SQLite the values go through the columns' own converters straight to the driver's
        ``executemany``: SQLAlchemy's per-row parameter handling would cost more than SQLite.
        """
        if not rows:
            return
        if self.connection.dialect.name != "sqlite":
            self.connection.execute(sa.insert(table), rows)
            return
        sql, names, processors = self._insert_sql(table)
        values = []
        for row in rows:
            line = [row[name] for name in names]
            for index, process in processors:
                if line[index] is not None:
                    line[index] = process(line[index])
            values.append(tuple(line))
        self.connection.exec_driver_sql(sql, values)

    def _insert_sql(self, table: sa.Table) -> tuple[str, list[str], list[tuple[int, Any]]]:
        if table.name not in self._insert_cache:
            dialect = self.connection.dialect
            quote = dialect.identifier_preparer.quote
            names = [column.name for column in table.columns]
            processors = []
            for index, column in enumerate(table.columns):
                process = column.type.dialect_impl(dialect).bind_processor(dialect)
                if process is not None:
                    processors.append((index, process))
            sql = (
                f"INSERT INTO {quote(table.name)} ({', '.join(quote(name) for name in names)}) "
                f"VALUES ({', '.join('?' * len(names))})"
            )
            self._insert_cache[table.name] = (sql, names, processors)
        return self._insert_cache[table.name]

    # --- records (tables with a uid) --------------------------------------------------------

    def _local_keys(self, info: TableInfo) -> _Keys:
        keys = _Keys(by_key={key: {} for key in info.unique_keys})
        if self.into_empty:
            return keys
        table = info.table
        columns = [table.c.id, table.c.uid, *(table.c[name] for key in info.unique_keys for name in key)]
        for row in self.connection.execute(select(*columns)):
            keys.by_uid[row[1]] = row[0]
            position = 2
            for key in info.unique_keys:
                value = tuple(row[position : position + len(key)])
                position += len(key)
                if None not in value:
                    keys.by_key[key][value] = row[0]
        highest = self.connection.execute(select(func.max(table.c.id))).scalar()
        keys.next_id = (highest or 0) + 1
        return keys

    def _identify(self, info: TableInfo, row: _Row, keys: _Keys) -> None:
        values = row.values
        local = keys.by_uid.get(values["uid"])
        if local is None:
            for key in info.unique_keys:
                value = tuple(values[name] for name in key)
                if None not in value and (local := keys.by_key[key].get(value)) is not None:
                    break
        if local is None:
            if self.into_empty:
                local = values["id"]
            else:
                local, keys.next_id = keys.next_id, keys.next_id + 1
            row.new = True
            keys.by_uid[values["uid"]] = local
            for key in info.unique_keys:
                value = tuple(values[name] for name in key)
                if None not in value:
                    keys.by_key[key][value] = local
        row.local_id = local
        self.maps[info.name][values["id"]] = local

    def records(self, info: TableInfo, rows: Iterable[dict]) -> int:
        """Import a table whose rows have a uid. Returns how many rows the file held."""
        self.maps[info.name] = {}
        self.written.setdefault(info.name, set())
        keys = self._local_keys(info)
        numbered = enumerate(rows, 1)
        if info.refers_to_itself:
            # All rows first: a row may point to one further down the same table.
            prepared = [self._prepare(info, number, raw, keys) for number, raw in numbered]
            for row in prepared:
                self._references(info, row, own=True)
            self._write_records(info, prepared)
            return len(prepared)
        count = 0
        for batch in _batches(numbered, BATCH):
            prepared = [self._prepare(info, number, raw, keys) for number, raw in batch]
            self._write_records(info, prepared)
            count += len(prepared)
        return count

    def _prepare(self, info: TableInfo, number: int, raw: dict, keys: _Keys) -> _Row:
        row = self._convert(info, number, raw)
        self._references(info, row, own=False)
        self._identify(info, row, keys)
        self._tick()
        return row

    def _write_records(self, info: TableInfo, rows: list[_Row]) -> None:
        table = info.table
        written = self.written[info.name]
        new = [row for row in rows if row.new]
        for row in new:
            row.values["id"] = row.local_id
        if info.name == "contactlog":  # an erased person's logged contacts stay gone
            kept = [row for row in new if row.values["contact_id"] not in self.erased]
            self._count(self.skipped, info.name, len(new) - len(kept))
            new = kept
        fixes = self._order_inserts(info, new)
        for batch in _batches(iter(new), BATCH):
            self._insert(table, [row.values for row in batch])
        written.update(row.local_id for row in new)
        self._count(self.inserted, info.name, len(new))
        if fixes:
            self.connection.execute(
                sa.update(table).where(table.c.id == bindparam("_id")),
                [{"_id": local, column: target} for local, column, target in fixes],
            )
        matched = [row for row in rows if not row.new]
        for batch in _batches(iter(matched), LOOKUP):
            self._update_records(info, batch)

    def _order_inserts(self, info: TableInfo, new: list[_Row]) -> list[tuple[int, str, int]]:
        """New rows that point to a new row inserted after them: the link is set afterwards."""
        if not info.self_links or not new:
            return []
        pending = {row.local_id for row in new}
        fixes = []
        for row in new:
            pending.discard(row.local_id)
            for column in info.self_links:
                target = row.values[column]
                if target is not None and (target in pending or target == row.local_id):
                    fixes.append((row.local_id, column, target))
                    row.values[column] = None
        return fixes

    def _update_records(self, info: TableInfo, rows: list[_Row]) -> None:
        table = info.table
        current = {
            found.id: found._mapping
            for found in self.connection.execute(
                select(table).where(table.c.id.in_([row.local_id for row in rows]))
            )
        }
        compared = [name for name in info.columns if name not in _NOT_COMPARED]
        changes = []
        for row in rows:
            local = current.get(row.local_id)
            if local is None:  # matched a row written earlier in this import: counted there
                self._count(self.unchanged, info.name)
                continue
            values = row.values
            if info.name == "contact" and self._erasure(row, local):
                continue
            newer = values["updated_at"] > local["updated_at"]
            if not newer or all(values[name] == local[name] for name in compared):
                self._count(self.unchanged, info.name)
                continue
            change = {name: values[name] for name in compared}
            change["updated_at"] = values["updated_at"]
            change["version"] = local["version"] + 1
            change["_id"] = row.local_id
            changes.append(change)
        if changes:
            self.connection.execute(sa.update(table).where(table.c.id == bindparam("_id")), changes)
            self.written[info.name].update(change["_id"] for change in changes)
            self._count(self.updated, info.name, len(changes))

    def _erasure(self, row: _Row, local: Any) -> bool:
        """GDPR rules for a matched person; True when the row is dealt with."""
        file_erased = row.values["erased_at"] is not None
        local_erased = local["erased_at"] is not None
        if local_erased and not file_erased:
            self._count(self.unchanged, "contact")
            return True
        if file_erased and not local_erased:
            from officer_tui.services import gdpr

            erase = getattr(gdpr.erase_person, "__wrapped__", gdpr.erase_person)
            erase(self.session, contact_id=row.local_id, now=row.values["erased_at"])
            self.written["contact"].add(row.local_id)
            self._count(self.updated, "contact")
            return True
        return False

    def after_contacts(self) -> None:
        """Remember who is erased now: their logged contacts are not imported."""
        from sqlmodel import SQLModel

        table = SQLModel.metadata.tables["contact"]
        self.erased = set(
            self.connection.execute(select(table.c.id).where(table.c.erased_at.is_not(None))).scalars()
        )

    # --- link rows (no uid) -----------------------------------------------------------------

    def links(self, info: TableInfo, rows: Iterable[dict]) -> int:
        """Import a table of link rows, identified by their (mapped) primary key."""
        table = info.table
        primary = info.primary_key
        others = [name for name in info.columns if name not in primary]
        owner_column = primary[0]
        owner = info.links.get(owner_column)
        existing: dict[tuple, Any] = {}
        if not self.into_empty:
            for found in self.connection.execute(select(table)):
                existing[tuple(found._mapping[name] for name in primary)] = found._mapping
        count = 0
        for batch in _batches(enumerate(rows, 1), BATCH):
            new, changes = [], []
            for number, raw in batch:
                count += 1
                self._tick()
                row = self._convert(info, number, raw)
                self._references(info, row, own=False)
                self._references(info, row, own=True)
                values = row.values
                if any(values[name] is None for name in primary):
                    self._count(self.skipped, info.name)  # it pointed to no record
                    continue
                if info.name == "synergydismissal":  # the pair is stored smaller id first
                    if values["project_a_id"] > values["project_b_id"]:
                        values["project_a_id"], values["project_b_id"] = (
                            values["project_b_id"], values["project_a_id"])
                key = tuple(values[name] for name in primary)
                local = existing.get(key)
                if local is None:
                    existing[key] = dict(values)
                    new.append(values)
                    continue
                owner_written = owner is not None and values[owner_column] in self.written.get(owner, ())
                if not owner_written or all(values[name] == local[name] for name in others):
                    self._count(self.unchanged, info.name)
                    continue
                change = {name: values[name] for name in others}
                change.update({"_key_" + name: values[name] for name in primary})
                changes.append(change)
                existing[key] = dict(values)
            if new:
                self._insert(table, new)
                self._count(self.inserted, info.name, len(new))
            if changes:
                condition = sa.and_(*(table.c[name] == bindparam("_key_" + name) for name in primary))
                self.connection.execute(sa.update(table).where(condition), changes)
                self._count(self.updated, info.name, len(changes))
        return count

    # --- the whole file ---------------------------------------------------------------------

    def table(self, info: TableInfo, rows: Iterator[dict]) -> int:
        self._label = table_label(info.name)
        self.progress(self._label, self.done, self.total)
        if info.name == "change" and not self.into_empty:
            # Another database's history: its record ids name other records here. Only a
            # restore brings history along.
            count = sum(1 for _row in rows)
            self.done += count
            return count
        count = self.records(info, rows) if info.tracked else self.links(info, rows)
        if info.name == "contact":
            self.after_contacts()
        return count

    def finish(self) -> None:
        """After the last table: stored urgencies for today, sequences past the new ids."""
        self.progress(self._label, self.total, self.total)
        if self.rebuild_index:
            self.progress(_("Search index"), self.total, self.total)
            for statement in (*search_index.SQLITE_DDL, *textsearch.SQLITE_DDL):
                self.connection.exec_driver_sql(statement)
        if self.inserted.get("request") or self.updated.get("request"):
            from officer_tui import clock
            from officer_tui.services.requests import refresh_urgency

            refresh_urgency(self.session, today=clock.today())
        if self.connection.dialect.name == "postgresql":
            for name, count in self.inserted.items():
                if count and name in self.maps:
                    self.connection.exec_driver_sql(
                        f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                        f"(SELECT max(id) FROM {name}))"
                    )


def _batches(items: Iterator | Iterable, size: int) -> Iterator[list]:
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
