"""One full-text index over every kind of record: what "search everything" reads.

On SQLite, the FTS5 table ``search_index`` holds a record's title and its other text
(description, notes, place, role ...), one row per record, with the record's kind and id.
Triggers on each source table keep it in sync, so every writer (the services, the CLI, the
bulk seeding, an import) updates it in the same transaction, and nothing in Python can
forget to. The tokenizer folds case and accents (``Müller`` is found as ``muller``) and
keeps prefix indexes of two and three characters, so "find as you type" is an index lookup.
``ß`` is not folded by the tokenizer; the search service asks for both spellings.

The row id packs kind and id (``code * KIND_SPAN + id``), so a trigger finds its row without
a lookup, and each kind's rows form one range of row ids: a search within one kind seeks to
its range instead of passing over the matches of every other kind. Other databases have no such table; the search service falls back to ``LIKE``.

Note for migrations: a batch operation that rebuilds one of the source tables drops its
triggers with it; such a migration must run this module's DROP and DDL again afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass

TABLE = "search_index"


@dataclass(frozen=True)
class Source:
    """How one table feeds the index: its kind, code, title and body (SQL over ``new.``)."""

    kind: str  # the search kind (see services.search)
    code: int  # 1..15, unique: the row id is ``code * KIND_SPAN + id``
    table: str
    title: str  # SQL expression over the row, written with the prefix ``{row}.``
    body: str
    watched: tuple[str, ...]  # the columns whose change rewrites the row


def _text(*columns: str) -> str:
    """The columns joined by line breaks, NULLs as empty text."""
    return " || char(10) || ".join(f"coalesce({{row}}.{column}, '')" for column in columns)


SOURCES: tuple[Source, ...] = (
    Source("request", 1, "request", "{row}.title",
           _text("description", "ticket_ref", "resolution"),
           ("title", "description", "ticket_ref", "resolution")),
    Source("idea", 2, "idea", "{row}.title", _text("description", "status_reason"),
           ("title", "description", "status_reason")),
    Source("project", 3, "project", "{row}.title",
           _text("description", "funding_programme", "traffic_note", "field_of_action"),
           ("title", "description", "funding_programme", "traffic_note", "field_of_action")),
    Source("meeting", 4, "meeting", "{row}.title", _text("place", "notes"),
           ("title", "place", "notes")),
    Source("agenda_item", 5, "agendaitem", "{row}.title", _text("notes"), ("title", "notes")),
    Source("outcome", 6, "outcome", "{row}.text", "''", ("text",)),
    Source("programme", 7, "trainingprogramme", "{row}.title", _text("topic", "description"),
           ("title", "topic", "description")),
    Source("contact", 8, "contact", "{row}.name", _text("role", "email", "phone", "notes"),
           ("name", "role", "email", "phone", "notes")),
    Source("unit", 9, "orgunit", "{row}.name", _text("short_name", "notes"),
           ("name", "short_name", "notes")),
    Source("followup", 10, "followup", "{row}.title", _text("notes"), ("title", "notes")),
)

KIND_SPAN = 1 << 40  # record ids stay below this


def row_id(code: int, record_id: int) -> int:
    return code * KIND_SPAN + record_id


def split_row_id(rowid: int) -> tuple[int, int]:
    """(code, record id) of an index row."""
    return divmod(rowid, KIND_SPAN)


def kind_range(code: int) -> tuple[int, int]:
    """The lowest and highest row id a kind's rows can have."""
    return code * KIND_SPAN, code * KIND_SPAN + KIND_SPAN - 1


def _row_id(source: Source, row: str) -> str:
    return f"{source.code} * {KIND_SPAN} + {row}.id"


def _insert(source: Source, row: str) -> str:
    return (
        f"INSERT INTO {TABLE}(rowid, title, body, kind, record_id) VALUES ("
        f"{_row_id(source, row)}, {source.title.format(row=row)}, "
        f"{source.body.format(row=row)}, '{source.kind}', {row}.id);"
    )


def _delete(source: Source, row: str) -> str:
    return f"DELETE FROM {TABLE} WHERE rowid = {_row_id(source, row)};"


def _source_ddl(source: Source) -> list[str]:
    name = f"{TABLE}_{source.kind}"
    watched = ", ".join(source.watched)
    select_all = (
        f"INSERT INTO {TABLE}(rowid, title, body, kind, record_id) "
        f"SELECT {_row_id(source, 'r')}, {source.title.format(row='r')}, "
        f"{source.body.format(row='r')}, '{source.kind}', r.id FROM {source.table} AS r"
    )
    return [
        f"CREATE TRIGGER {name}_insert AFTER INSERT ON {source.table} BEGIN "
        f"{_insert(source, 'new')} END",
        f"CREATE TRIGGER {name}_delete AFTER DELETE ON {source.table} BEGIN "
        f"{_delete(source, 'old')} END",
        f"CREATE TRIGGER {name}_update AFTER UPDATE OF {watched} ON {source.table} BEGIN "
        f"{_delete(source, 'old')} {_insert(source, 'new')} END",
        select_all,
    ]


SQLITE_DDL: tuple[str, ...] = (
    f"CREATE VIRTUAL TABLE {TABLE} USING fts5("
    "title, body, kind UNINDEXED, record_id UNINDEXED, "
    "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')",
    *[statement for source in SOURCES for statement in _source_ddl(source)],
    f"INSERT INTO {TABLE}({TABLE}) VALUES ('optimize')",
)

SQLITE_DROP: tuple[str, ...] = (
    *[
        f"DROP TRIGGER IF EXISTS {TABLE}_{source.kind}_{event}"
        for source in SOURCES
        for event in ("update", "delete", "insert")
    ],
    f"DROP TABLE IF EXISTS {TABLE}",
)


def purge_sql() -> str:
    """Merge the index so that deleted text (an erased person's) leaves no trace in it."""
    return f"INSERT INTO {TABLE}({TABLE}) VALUES ('optimize')"
