"""Full export and import (JSON): everything, with the schema version.

- ``export_json`` writes every table of the data model (not the local facts in ``appstate``)
  to one file, read as one consistent snapshot, written beside the target and renamed at the
  end, readable by its owner only. The layout is in ``exchange_format``.
- ``read_header`` says what a file is (schema, when, how many rows) without importing it, and
  refuses files that are not ours, are cut short, or come from a newer or unknown schema.
  A file from an older schema this app knows is upgraded on import (``exchange_upgrade``).
- ``import_json`` restores a file into an empty database (same ids) or merges it into this one
  without duplicates (see ``exchange_merge``); a second import of the same file changes
  nothing. One transaction: a refused file changes nothing. ``dry_run`` does all the work and
  rolls it back, so its counts are exactly what an import would do.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session

from officer_tui.i18n import _
from officer_tui.services.errors import ValidationError
from officer_tui.services.exchange_format import (
    FORMAT,
    FORMAT_VERSION,
    ExportReader,
    ExportWriter,
    FileProblem,
    encoder,
    tail_fields,
)
from officer_tui.services.exchange_tables import (
    exported_tables,
    sqlite_converters,
    table_info,
    table_label,
)
from officer_tui.services.progress import Progress, no_progress

__all__ = [
    "ExportHeader", "ExportSummary", "ImportSummary", "export_json", "import_json",
    "read_header", "table_label",
]

BATCH = 2000
PROGRESS_EVERY = 2000


@dataclass(frozen=True)
class ExportHeader:
    """What an export file says about itself (read without importing it)."""

    schema: str
    exported_at: datetime
    app_version: str
    counts: dict[str, int]  # table name -> rows

    @property
    def older(self) -> bool:
        """Written by an older version: the import upgrades it to this app's schema first."""
        return self.schema != schema_head()


@dataclass
class ExportSummary:
    path: Path
    counts: dict[str, int] = field(default_factory=dict)  # table name -> rows written


@dataclass
class ImportSummary:
    into_empty: bool
    inserted: dict[str, int] = field(default_factory=dict)  # table name -> rows
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    dry_run: bool = False
    # Rows left out on purpose: logged contacts of erased people, links to nothing.
    skipped: dict[str, int] = field(default_factory=dict)

    def tables(self) -> list[str]:
        """The tables the file held, in import order."""
        seen = {**self.inserted, **self.updated, **self.unchanged, **self.skipped}
        return [info.name for info in exported_tables() if info.name in seen]

    @property
    def changed(self) -> bool:
        return any(self.inserted.values()) or any(self.updated.values())


def schema_head() -> str:
    from officer_tui.db.migrate import SCHEMA_HEAD

    return SCHEMA_HEAD


# --- export ---------------------------------------------------------------------------------


def _snapshot(session: Session) -> sa.Connection:
    """A connection that sees the database as of one moment, while other programs write."""
    if session.get_bind().dialect.name == "sqlite":
        connection = session.connection()
        driver = connection.connection.driver_connection
        if not driver.in_transaction:
            connection.exec_driver_sql("BEGIN")
        return connection
    if session.in_transaction():
        # The isolation level is chosen when a transaction begins: one the session began
        # already (a read before the export) would see every commit made meanwhile. The
        # export ends its transaction anyway (``export_json`` rolls back).
        session.rollback()
    return session.connection(execution_options={"isolation_level": "REPEATABLE READ"})


def _row_encoder(info: Any, dialect: Any) -> Any:
    """One row (as read by ``_rows``) -> one line of JSON."""
    names = info.columns
    if dialect.name == "sqlite":
        converters = sqlite_converters(info, dialect)
    else:
        converters = [(index, info.to_json[name]) for index, name in enumerate(names)
                      if name in info.to_json]
    encode = encoder()

    def line(row: Any) -> str:
        values = list(row)
        for index, convert in converters:
            if values[index] is not None:
                values[index] = convert(values[index])
        return encode(dict(zip(names, values, strict=True)))

    return line


def _rows(connection: sa.Connection, info: Any) -> Iterator[Sequence[Any]]:
    """The table's rows in key order, in batches: as stored on SQLite, else as Python values."""
    order = [info.table.c[name] for name in info.primary_key]
    statement = sa.select(info.table).order_by(*order)
    if connection.dialect.name == "sqlite":
        sql = str(statement.compile(dialect=connection.dialect))
        cursor = connection.connection.driver_connection.execute(sql)
        try:
            while part := cursor.fetchmany(BATCH):
                yield part
        finally:
            cursor.close()
        return
    result = connection.execution_options(yield_per=BATCH).execute(statement)
    yield from result.partitions()


def export_json(session: Session, *, path: Path, progress: Progress | None = None) -> ExportSummary:
    """Write everything to ``path`` (``.json``, or ``.json.gz`` compressed); mode 0600."""
    from officer_tui import __version__

    report = progress or no_progress
    infos = exported_tables()
    counts: dict[str, int] = {}
    try:
        connection = _snapshot(session)
        totals = {
            info.name: connection.execute(sa.select(sa.func.count()).select_from(info.table)).scalar()
            for info in infos
        }
        total = sum(totals.values())
        writer = ExportWriter(path)
        try:
            writer.header({
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "schema": schema_head(),
                "app_version": __version__,
                "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
            })
            done = 0
            for info in infos:
                label = table_label(info.name)
                report(label, done, total)
                writer.begin_table(info.name)
                line = _row_encoder(info, connection.dialect)
                written = 0
                for part in _rows(connection, info):
                    writer.rows([line(row) for row in part])
                    written += len(part)
                    done += len(part)
                    report(label, done, total)
                writer.end_table()
                counts[info.name] = written
            writer.finish(counts)
            writer.commit()
        except BaseException:
            writer.abandon()
            raise
    except FileProblem as exc:
        raise ValidationError("out", str(exc)) from None
    finally:
        session.rollback()  # ends the snapshot; nothing was written
    return ExportSummary(path=path, counts=counts)


# --- the header -----------------------------------------------------------------------------


def _check_fields(fields: dict[str, Any]) -> None:
    if fields.get("format") != FORMAT:
        raise FileProblem(
            _("is not an officer-tui export (it lacks \"format\": \"{format}\")").format(format=FORMAT)
        )
    version = fields.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise FileProblem(_("has no valid format_version"))
    if version > FORMAT_VERSION:
        raise FileProblem(
            _("uses export format {version}, which is newer than this app reads ({supported}): "
              "update the app").format(version=version, supported=FORMAT_VERSION)
        )
    schema, head = fields.get("schema"), schema_head()
    if not isinstance(schema, str) or not schema:
        raise FileProblem(_("names no schema version"))
    if schema != head:
        if not (schema.isdigit() and head.isdigit()):
            raise FileProblem(_("has an unknown schema version {schema!r}").format(schema=schema))
        if int(schema) > int(head):
            raise FileProblem(
                _("was written by a newer version of officer-tui (schema {schema}; this app has "
                  "{head}): update the app").format(schema=schema, head=head)
            )
        from officer_tui.services.exchange_upgrade import is_known_revision

        if not is_known_revision(schema):
            raise FileProblem(
                _("was exported by an older version of officer-tui with the schema {schema}, "
                  "which this app cannot upgrade: export it again with this version").format(
                    schema=schema
                )
            )


def _counts(fields: dict[str, Any]) -> dict[str, int]:
    counts = fields.get("counts")
    if not isinstance(counts, dict) or not all(
        isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in counts.values()
    ):
        raise FileProblem(_("has no valid row counts"))
    return counts


def _header(reader: ExportReader) -> dict[str, Any]:
    fields = reader.header()
    _check_fields(fields)
    if fields.get("__end__"):
        raise FileProblem(_("has no tables"))
    return fields


def _read_header(path: Path) -> ExportHeader:
    with ExportReader(path) as reader:
        fields = _header(reader)
        if "counts" not in fields:
            fields.update(tail_fields(path) or {})
        if "counts" not in fields:  # not where we put it: walk the file to its end
            for _name, rows in reader.tables():
                for _row in rows:
                    pass
            fields = reader.trailer()
            if "counts" not in fields:
                raise FileProblem(_("is incomplete: it has no row counts at its end"))
    counts = _counts(fields)
    try:
        exported_at = datetime.fromisoformat(str(fields.get("exported_at")))
    except ValueError:
        raise FileProblem(_("has no valid exported_at")) from None
    return ExportHeader(
        schema=fields["schema"],
        exported_at=exported_at,
        app_version=str(fields.get("app_version", "")),
        counts=counts,
    )


def read_header(path: Path) -> ExportHeader:
    """Raises ValidationError("file", ...) for a file that is not an export of ours."""
    try:
        return _read_header(Path(path))
    except FileProblem as exc:
        raise ValidationError("file", str(exc)) from None


# --- import ---------------------------------------------------------------------------------


def _write_lock(session: Session) -> None:
    """On SQLite, take the write lock now: what is read to match rows stays true until commit."""
    if session.get_bind().dialect.name != "sqlite":
        return
    connection = session.connection()
    if not connection.connection.driver_connection.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def _is_empty(session: Session) -> bool:
    connection = session.connection()
    for info in exported_tables():
        if connection.execute(sa.select(sa.literal(1)).select_from(info.table).limit(1)).first():
            return False
    return True


def _import(session: Session, path: Path, header: ExportHeader, progress: Progress,
            dry_run: bool) -> ImportSummary:
    from officer_tui.services.exchange_merge import Importer

    for name in header.counts:
        if table_info(name) is None:
            raise FileProblem(_("holds a table this app does not know: {table}").format(table=name))
    with ExportReader(path) as reader:
        _header(reader)
        _write_lock(session)
        into_empty = _is_empty(session)
        importer = Importer(session, into_empty=into_empty, total=sum(header.counts.values()),
                            progress=progress)
        done: list[str] = []
        for name, rows in reader.tables():
            info = table_info(name)
            if info is None:
                raise FileProblem(_("holds a table this app does not know: {table}").format(table=name))
            if name in done:
                raise FileProblem(_("holds the table {table} twice").format(table=name))
            later = sorted(info.dependencies() & (set(header.counts) - set(done)))
            if later:
                raise FileProblem(
                    _("lists the table {table} before {other}, which it refers to").format(
                        table=name, other=later[0])
                )
            found = importer.table(info, rows)
            expected = header.counts.get(name)
            if expected != found:
                raise FileProblem(
                    _("is incomplete or changed: table {table} has {found} rows, its count says "
                      "{expected}").format(table=name, found=found, expected=expected)
                )
            done.append(name)
        trailer = reader.trailer()
        if "counts" in trailer and _counts(trailer) != header.counts:
            raise FileProblem(_("has two different row counts"))
        missing = [name for name, n in header.counts.items() if n and name not in done]
        if missing:
            raise FileProblem(
                _("is incomplete: the rows of table {table} are missing").format(table=missing[0])
            )
        importer.finish()
    return ImportSummary(
        into_empty=into_empty,
        inserted=importer.inserted,
        updated=importer.updated,
        unchanged=importer.unchanged,
        skipped=importer.skipped,
        dry_run=dry_run,
    )


def import_json(
    session: Session, *, path: Path, dry_run: bool = False, progress: Progress | None = None
) -> ImportSummary:
    """Restore or merge the export at ``path``. All or nothing; ``dry_run`` writes nothing.

    Raises ValidationError("file", ...) when the file is refused; the database is unchanged.
    """
    from officer_tui.services.history_recorder import NO_HISTORY

    path = Path(path)
    session.info[NO_HISTORY] = True  # imported data arrives as it was, with its own history
    try:
        header = _read_header(path)
        report = progress or no_progress
        if header.older:
            from officer_tui.services.exchange_upgrade import upgraded_export

            with upgraded_export(path, header, progress=report) as current:
                summary = _import(session, current, _read_header(current), report, dry_run)
        else:
            summary = _import(session, path, header, report, dry_run)
        if dry_run:
            session.rollback()
        else:
            session.commit()
        return summary
    except FileProblem as exc:
        session.rollback()
        raise ValidationError("file", str(exc)) from None
    except IntegrityError as exc:
        session.rollback()
        detail = str(exc.orig).splitlines()[0] if exc.orig else ""
        raise ValidationError(
            "file", _("conflicts with data already stored: {detail}").format(detail=detail)
        ) from None
    except OperationalError as exc:
        session.rollback()
        from officer_tui.db.errors import DatabaseProblem

        raise DatabaseProblem(
            _("The import could not write to the database: {reason}. Nothing was changed.").format(
                reason=str(exc.orig).splitlines()[0] if exc.orig else exc
            )
        ) from None
    except BaseException:
        session.rollback()
        raise
    finally:
        session.info.pop(NO_HISTORY, None)
