"""The checks after every kill: a sound file that holds every write reported as saved."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.crash.ledger import Ledger

DOMAIN_TABLES = (
    "orgunit", "contact", "contactlog", "request", "strategicgoal", "idea", "project",
    "projectlink", "followup", "meetingseries", "meeting", "agendaitem", "outcome",
    "trainingprogramme", "trainingsession", "enrollment",
)


def connect(path: Path) -> sqlite3.Connection:
    """A plain connection (not the app's): what any SQLite reader sees after the crash."""
    connection = sqlite3.connect(path, timeout=10)
    connection.execute("PRAGMA foreign_keys = ON")
    return connection


def file_problems(path: Path) -> list[str]:
    """integrity_check, foreign_key_check, FTS5's own check, and the index matching its tables."""
    from officer_tui.db.search_index import SOURCES, TABLE

    connection = connect(path)
    try:
        problems = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        problems = [] if problems == ["ok"] else ["integrity_check: " + p for p in problems]
        problems += [f"foreign_key_check: {row}"
                     for row in connection.execute("PRAGMA foreign_key_check")]
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        if TABLE not in tables:  # killed before its migration made the index: nothing to check
            return problems
        try:
            connection.execute(f"INSERT INTO {TABLE}({TABLE}) VALUES ('integrity-check')")
            connection.rollback()
        except sqlite3.DatabaseError as exc:
            problems.append(f"FTS5 integrity-check: {exc}")
        for source in SOURCES:
            rows = connection.execute(f"SELECT count(*) FROM {source.table}").fetchone()[0]
            indexed = connection.execute(
                f"SELECT count(*) FROM {TABLE} WHERE kind = ?", (source.kind,)).fetchone()[0]
            if rows != indexed:
                problems.append(
                    f"search index: {indexed} {source.kind} rows for {rows} in {source.table}")
    finally:
        connection.close()
    return problems


def ledger_problems(path: Path, ledger: Ledger) -> list[str]:
    """Every reported write is there as reported; no write twice or half; edits in order."""
    problems: list[str] = []
    connection = connect(path)
    try:
        history = connection.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'change'").fetchone()
        for write in ledger.writes:
            if write.kind != "create":
                continue
            ids = [row[0] for row in connection.execute(
                f"SELECT id FROM {write.table} WHERE {write.column} = ?", (write.value,))]
            if len(ids) > 1:
                problems.append(f"{write.table} {write.value!r} stored {len(ids)} times: {ids}")
            if write.reported and ids != [write.id]:
                problems.append(f"lost: {write.origin} reported {write.table} #{write.id} "
                                f"{write.value!r} as saved; found {ids}")
            if write.table == "idea":
                problems += _idea_with_followup(connection, write.value, ids)
            if history and write.column == "title":
                problems += _history_of(connection, write.table, write.value, ids)
        for (table, record_id, column), values in ledger.acceptable_values().items():
            row = connection.execute(
                f"SELECT {column} FROM {table} WHERE id = ?", (record_id,)).fetchone()
            if row is None or row[0] not in values:
                problems.append(f"{table} #{record_id}.{column} is {row and row[0]!r}, "
                                f"expected one of {sorted(map(str, values))}")
    finally:
        connection.close()
    return problems


def _idea_with_followup(connection: sqlite3.Connection, title: str,
                        idea_ids: list[int]) -> list[str]:
    """An idea captured with a date and its follow-up are one transaction: both or neither."""
    followups = connection.execute(
        "SELECT subject_kind, subject_id FROM followup WHERE title = ?",
        ("Review idea: " + title,)).fetchall()
    expected = [("idea", idea_id) for idea_id in idea_ids]
    if followups != expected:
        return [f"idea {title!r} {idea_ids} has the follow-ups {followups}: half a capture"]
    return []


def _history_of(connection: sqlite3.Connection, table: str, title: str,
                record_ids: list[int]) -> list[str]:
    """The history entry of a new record is written in its transaction: a record that is
    there has its one ``insert`` entry, a write rolled back by the kill left none."""
    entries = [row[0] for row in connection.execute(
        "SELECT record_id FROM change WHERE table_name = ? AND action = 'insert' AND label = ?",
        (table, title))]
    if entries != record_ids:
        return [f"{table} {title!r} {record_ids} has the history entries {entries}"]
    return []


def app_problems(path: Path) -> list[str]:
    """The app's own ``open_database`` opens the file (WAL replayed, schema current) and reads."""
    from officer_tui.services.database import open_database, record_counts

    try:
        database = open_database(f"sqlite:///{path}")
    except Exception as exc:  # noqa: BLE001 - reported, with its type
        return [f"open_database failed: {type(exc).__name__}: {exc}"]
    try:
        with database.session() as session:
            record_counts(session)
        if not database.schema.up_to_date:
            return [f"schema not current after opening: {database.schema}"]
    except Exception as exc:  # noqa: BLE001
        return [f"reading after open failed: {type(exc).__name__}: {exc}"]
    finally:
        database.close()
    return []


def table_counts(path: Path) -> dict[str, int]:
    """Rows per domain table (the history the app records of them is left out)."""
    connection = connect(path)
    try:
        return {table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in DOMAIN_TABLES}
    finally:
        connection.close()


def assert_sound(path: Path, ledger: Ledger | None, *, seed: int, after: str) -> None:
    """All checks; a failure names the seed that replays it."""
    problems = file_problems(path)
    if not problems and ledger is not None:
        problems = ledger_problems(path, ledger)
    if not problems:
        problems = app_problems(path)
    if problems:
        shown = "\n  ".join(problems[:20])
        raise AssertionError(
            f"after {after} (replay with OFFICER_CRASH_SEED={seed}):\n  {shown}")
