"""Fast inserts of many generated rows (seeding, later imports).

The rows bypass the ORM, so the caller fills every column the services would fill
(``name_folded``, ``search_text`` ...); ``stamp()`` gives the bookkeeping columns.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session

from officer_tui.models.base import new_uid, utcnow

CHUNK = 5000  # rows per executemany


def _chunks(rows: Iterator[dict], size: int = CHUNK) -> Iterator[list[dict]]:
    batch: list[dict] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def bulk_insert(
    session: Session, model: type, rows: Iterator[dict], *, constants: dict[str, Any]
) -> int:
    """Insert generated rows in chunks; ``constants`` go into every row.

    On SQLite the values are converted by the columns' own types (their bind processors,
    constants once) and handed to the driver's ``executemany``: SQLAlchemy's per-row parameter
    handling would take twice as long as the database itself. Elsewhere a Core insert does it.
    """
    table = model.__table__
    if "uid" in table.c and "uid" not in constants:
        rows = _with_uids(rows)
    connection = session.connection()
    dialect = connection.dialect
    written = 0
    if dialect.name != "sqlite":
        statement = insert(table)
        for batch in _chunks(rows):
            session.execute(statement, [{**row, **constants} for row in batch])
            written += len(batch)
        return written
    sql, keys, processors = None, [], []
    fixed: tuple = ()
    for batch in _chunks(rows):
        if sql is None:
            keys = list(batch[0])
            processors = [
                (index, processor)
                for index, key in enumerate(keys)
                if (processor := _bind_processor(table.c[key], dialect)) is not None
            ]
            fixed = tuple(
                processor(value) if (processor := _bind_processor(table.c[key], dialect)) else value
                for key, value in constants.items()
            )
            quote = dialect.identifier_preparer.quote
            names = ", ".join(quote(table.c[key].name) for key in [*keys, *constants])
            marks = ", ".join("?" * (len(keys) + len(constants)))
            sql = f"INSERT INTO {quote(table.name)} ({names}) VALUES ({marks})"
        values = []
        for row in batch:
            row_values = [row[key] for key in keys]
            for index, processor in processors:
                if row_values[index] is not None:
                    row_values[index] = processor(row_values[index])
            values.append((*row_values, *fixed))
        connection.exec_driver_sql(sql, values)
        written += len(batch)
    return written


def _with_uids(rows: Iterator[dict]) -> Iterator[dict]:
    """Each row that brings no ``uid`` gets a fresh one, as the models would give it."""
    for row in rows:
        if "uid" not in row:
            row = {**row, "uid": new_uid()}
        yield row


def _bind_processor(column: Any, dialect: Any) -> Callable[[Any], Any] | None:
    """How SQLAlchemy would convert a Python value of ``column`` for the driver."""
    return column.type.dialect_impl(dialect).bind_processor(dialect)


def stamp() -> dict[str, Any]:
    """created_at, updated_at and version for new rows, as the models would set them."""
    now = utcnow()
    return {"created_at": now, "updated_at": now, "version": 1}
