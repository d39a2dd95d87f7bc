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
its range instead of passing over the matches of every other kind.

On PostgreSQL, ``search_index`` is a plain table with the same row ids, kinds, titles and
bodies, plus a ``tsvector`` document under a GIN index. The document holds the folded text
(``search_fold``: lower case, accents removed, ``ß`` as ``ss``, punctuation as spaces, as
``officer_tui.text.fold`` and the search service's ``words_of`` see it) three times: as
``simple`` words (prefix search, "find as you type"), as ``german`` and as ``english`` stems
(``Druckern`` finds ``Drucker``, ``libraries`` finds ``library``); the title weighs ``A``, the
other text ``B``; the other text counts up to ``BODY_LIMIT`` characters (a tsvector holds at
most 1 MB). One PL/pgSQL trigger per source table keeps it in sync, as on SQLite. The folding
is plain SQL (``normalize`` and regular expressions whose character classes are generated
here from Python's Unicode data), so it needs no extension and no superuser; it needs a UTF-8
database (PostgreSQL's default). Other databases have no index; the search service falls back
to ``LIKE``.

Note for migrations: a batch operation that rebuilds one of the source tables drops its
triggers with it (SQLite); such a migration must run this module's DROP and DDL again
afterwards. PostgreSQL alters tables in place and keeps its triggers.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

TABLE = "search_index"
NEWLINE = {"sqlite": "char(10)", "postgresql": "chr(10)"}  # how each database writes a line break


@dataclass(frozen=True)
class Source:
    """How one table feeds the index: its kind, code, title and body (SQL over ``new.``)."""

    kind: str  # the search kind (see services.search)
    code: int  # 1..15, unique: the row id is ``code * KIND_SPAN + id``
    table: str
    title: str  # SQL expression over the row, written with the prefix ``{row}.``
    body: str  # ... and ``{nl}`` for a line break
    watched: tuple[str, ...]  # the columns whose change rewrites the row

    def title_sql(self, row: str, dialect: str = "sqlite") -> str:
        return self.title.format(row=row, nl=NEWLINE[dialect])

    def body_sql(self, row: str, dialect: str = "sqlite") -> str:
        return self.body.format(row=row, nl=NEWLINE[dialect])


def _text(*columns: str) -> str:
    """The columns joined by line breaks, NULLs as empty text."""
    return " || {nl} || ".join(f"coalesce({{row}}.{column}, '')" for column in columns)


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
        f"{_row_id(source, row)}, {source.title_sql(row)}, "
        f"{source.body_sql(row)}, '{source.kind}', {row}.id);"
    )


def _delete(source: Source, row: str) -> str:
    return f"DELETE FROM {TABLE} WHERE rowid = {_row_id(source, row)};"


def _source_ddl(source: Source) -> list[str]:
    name = f"{TABLE}_{source.kind}"
    watched = ", ".join(source.watched)
    select_all = (
        f"INSERT INTO {TABLE}(rowid, title, body, kind, record_id) "
        f"SELECT {_row_id(source, 'r')}, {source.title_sql('r')}, "
        f"{source.body_sql('r')}, '{source.kind}', r.id FROM {source.table} AS r"
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
    """SQLite: merge the index so that deleted text (an erased person's) leaves no trace in
    it. (PostgreSQL needs none: the trigger rewrites the row; old row versions are left to
    vacuum and no reader sees them.)"""
    return f"INSERT INTO {TABLE}({TABLE}) VALUES ('optimize')"


# --- PostgreSQL ------------------------------------------------------------------------------

FOLD_FUNCTION = "search_fold"
DOCUMENT_FUNCTION = "search_document"
CONFIGS = ("simple", "german", "english")  # prefixes; German and English stems
BODY_LIMIT = 100_000  # characters of the other text in the document (a tsvector holds 1 MB)
TITLE_LABEL, BODY_LABEL = "A", "B"  # the weights of title and other text

# The characters the SQL fold is made for (and tested on): Latin, Greek, Cyrillic, marks,
# punctuation and the symbols of office text.
_FOLD_RANGES = (
    (0x21, 0x7E), (0xA0, 0x24F), (0x300, 0x36F), (0x370, 0x3FF), (0x400, 0x52F),
    (0x1E00, 0x1EFF), (0x2000, 0x206F), (0x20A0, 0x20CF),
)
# Where separators and marks are looked for: the Basic Multilingual Plane and the emoji.
_CLASS_RANGES = ((0x21, 0xFFFD), (0x1F000, 0x1FAFF))


def _class(wanted) -> str:
    """A regular-expression bracket of every character ``wanted`` accepts, as ranges of
    ``\\u``/``\\U`` escapes (no literal character that any layer might misread)."""
    def escape(code: int) -> str:
        return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"

    ranges: list[list[int]] = []
    for low, high in _CLASS_RANGES:
        for code in range(low, high + 1):
            if 0xD800 <= code <= 0xDFFF or not wanted(chr(code)):  # surrogates: never text
                continue
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    return "[" + "".join(
        escape(low) if low == high else f"{escape(low)}-{escape(high)}" for low, high in ranges
    ) + "]"


def _is_mark(char: str) -> bool:
    return unicodedata.combining(char) != 0  # what ``fold`` drops after decomposing


def _is_separator(char: str) -> bool:
    return not char.isalnum() and not _is_mark(char)  # not a word character (``words_of``)


def _fold_function() -> str:
    """``fold`` in SQL: decompose (NFKD), drop the marks, ``ß`` as ``ss``, lower case; and
    every character that is not a letter or digit becomes a space, as ``words_of`` splits."""
    expression = "normalize(value, NFKD)"
    expression = f"regexp_replace({expression}, '{_class(_is_mark)}', '', 'g')"
    for char, folded in (("ß", "ss"), ("ẞ", "ss"), ("ς", "σ")):  # where lower() is not casefold
        expression = f"replace({expression}, '{char}', '{folded}')"
    expression = f"regexp_replace(lower({expression}), '{_class(_is_separator)}', ' ', 'g')"
    return (
        f"CREATE FUNCTION {FOLD_FUNCTION}(value text) RETURNS text "
        f"LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fold$ SELECT {expression} $fold$"
    )


def _vector(text: str, weight: str) -> str:
    vectors = " || ".join(f"to_tsvector('pg_catalog.{config}', {text})" for config in CONFIGS)
    return f"setweight({vectors}, '{weight}')"


DOCUMENT_DDL = (
    f"CREATE FUNCTION {DOCUMENT_FUNCTION}(title text, body text) RETURNS tsvector "
    "LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $document$ DECLARE "
    f"t text := {FOLD_FUNCTION}(coalesce(title, '')); "
    f"b text := {FOLD_FUNCTION}(left(coalesce(body, ''), {BODY_LIMIT})); "
    f"BEGIN RETURN {_vector('t', TITLE_LABEL)} || {_vector('b', BODY_LABEL)}; END $document$"
)


def _pg_values(source: Source, row: str) -> str:
    title, body = source.title_sql(row, "postgresql"), source.body_sql(row, "postgresql")
    return (
        f"SELECT {_row_id(source, row)}, '{source.kind}', {row}.id, coalesce({title}, ''), "
        f"coalesce({body}, ''), {DOCUMENT_FUNCTION}({title}, {body})"
    )


_PG_COLUMNS = f"{TABLE}(rowid, kind, record_id, title, body, document)"


def _pg_source_ddl(source: Source) -> list[str]:
    name = f"{TABLE}_{source.kind}"
    watched = ", ".join(source.watched)
    return [
        f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $trigger$ BEGIN "
        "IF TG_OP <> 'INSERT' THEN "
        f"DELETE FROM {TABLE} WHERE rowid = {_row_id(source, 'OLD')}; END IF; "
        "IF TG_OP <> 'DELETE' THEN "
        f"INSERT INTO {_PG_COLUMNS} {_pg_values(source, 'NEW')}; END IF; "
        "RETURN NULL; END $trigger$",
        f"CREATE TRIGGER {name} AFTER INSERT OR DELETE OR UPDATE OF {watched} "
        f"ON {source.table} FOR EACH ROW EXECUTE FUNCTION {name}()",
        f"INSERT INTO {_PG_COLUMNS} {_pg_values(source, 'r')} FROM {source.table} AS r",
    ]


POSTGRES_DDL: tuple[str, ...] = (
    _fold_function(),
    DOCUMENT_DDL,
    f"CREATE TABLE {TABLE} (rowid bigint PRIMARY KEY, kind varchar(20) NOT NULL, "
    "record_id bigint NOT NULL, title text NOT NULL, body text NOT NULL, "
    "document tsvector NOT NULL)",
    *[statement for source in SOURCES for statement in _pg_source_ddl(source)],
    f"CREATE INDEX ix_{TABLE}_document ON {TABLE} USING gin (document)",
    f"ANALYZE {TABLE}",
)

POSTGRES_DROP: tuple[str, ...] = (
    *[
        statement
        for source in SOURCES
        for statement in (
            f"DROP TRIGGER IF EXISTS {TABLE}_{source.kind} ON {source.table}",
            f"DROP FUNCTION IF EXISTS {TABLE}_{source.kind}()",
        )
    ],
    f"DROP TABLE IF EXISTS {TABLE}",
    f"DROP FUNCTION IF EXISTS {DOCUMENT_FUNCTION}(text, text)",
    f"DROP FUNCTION IF EXISTS {FOLD_FUNCTION}(text)",
)
