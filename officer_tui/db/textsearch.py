"""Substring search over folded text, behind one interface.

On SQLite, an FTS5 table with the trigram tokenizer indexes ``request.search_text`` (kept in
sync by triggers), so "every request whose text contains 'drucker'" is an index lookup instead
of a pass over the whole table. Words shorter than three characters, and other databases,
fall back to ``LIKE``. (On PostgreSQL a trigram index would need the ``pg_trgm`` extension,
which a least-privilege setup may not be allowed to create; ``LIKE`` over the folded column
answers the requests list fast enough at the sizes of one city's portfolio.) Both give the same answer: the text is folded (case, umlauts) by the
services before it is stored and before it is searched.
"""

from __future__ import annotations

from sqlalchemy import and_, literal_column, select, text
from sqlalchemy.sql import ColumnElement, Select

TRIGRAM = 3  # shortest word the trigram index can find

# The FTS shadow tables are not models: migrations and autogenerate leave them alone. On
# PostgreSQL ``search_index`` is a plain table (with its GIN index): not a model either.
FTS_TABLES = ("request_text", "search_index")

# Note for migrations: a batch operation that rebuilds the ``request`` table drops these
# triggers with it; such a migration must run SQLITE_DROP and SQLITE_DDL again afterwards.
SQLITE_DDL = (
    "CREATE VIRTUAL TABLE request_text USING fts5("
    "search_text, content='request', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER request_text_insert AFTER INSERT ON request BEGIN "
    "INSERT INTO request_text(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER request_text_delete AFTER DELETE ON request BEGIN "
    "INSERT INTO request_text(request_text, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER request_text_update AFTER UPDATE OF search_text ON request BEGIN "
    "INSERT INTO request_text(request_text, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO request_text(rowid, search_text) VALUES (new.id, new.search_text); END",
    "INSERT INTO request_text(request_text) VALUES ('rebuild')",
)

SQLITE_DROP = (
    "DROP TRIGGER IF EXISTS request_text_update",
    "DROP TRIGGER IF EXISTS request_text_delete",
    "DROP TRIGGER IF EXISTS request_text_insert",
    "DROP TABLE IF EXISTS request_text",
)


def is_fts_table(name: str | None) -> bool:
    """True for the FTS table and its shadow tables (``request_text_data`` ...)."""
    return bool(name) and any(name == t or name.startswith(f"{t}_") for t in FTS_TABLES)


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """For Alembic: ignore the FTS tables, which no model describes, and their indexes."""
    if type_ == "table":
        return not is_fts_table(name)
    table = getattr(obj, "table", None)
    return not (type_ in ("index", "unique_constraint") and is_fts_table(getattr(table, "name", None)))


def _quoted(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def indexed_request_ids(words: list[str], *, dialect: str) -> Select | None:
    """The ids of requests whose folded text contains every word, from the index.

    None when the index cannot answer (another database, or a word too short for
    trigrams): then the caller matches with ``text_contains`` row by row.
    """
    if dialect != "sqlite" or not words or any(len(word) < TRIGRAM for word in words):
        return None
    query = " AND ".join(_quoted(word) for word in words)
    return (
        select(literal_column("rowid"))
        .select_from(text("request_text"))
        .where(text("request_text MATCH :fts_query").bindparams(fts_query=query))
    )


def text_contains(column: ColumnElement, words: list[str]) -> ColumnElement:
    """The row-by-row form: ``column`` contains every word (LIKE, wildcards escaped)."""
    return and_(*[column.contains(word, autoescape=True) for word in words])
