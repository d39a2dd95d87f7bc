"""Migrations: an empty file reaches head, models and migrations agree, and databases that are
not ours (or from a newer app) are refused without being touched."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlmodel import SQLModel

from officer_tui.db.engine import make_engine
from officer_tui.db.errors import DatabaseProblem
from officer_tui.db.migrate import (
    backup_sqlite,
    head_revision,
    integrity_problems,
    schema_state,
    upgrade,
)
from officer_tui.db.textsearch import include_object, is_fts_table
from officer_tui.models import register_all
from officer_tui.paths import sqlite_path
from officer_tui.services.database import open_database
from tests import pg_helpers

pg_url = pg_helpers.pg_url  # a fixture


def table_names_of_models() -> set[str]:
    register_all()
    return set(SQLModel.metadata.tables)


def folder_listing(path: Path) -> dict[str, bytes]:
    return {child.name: child.read_bytes() for child in path.iterdir() if child.is_file()}


@pytest.fixture
def engine(db_url):
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


def test_an_empty_file_is_upgraded_to_head(engine, tmp_path, backend):
    before = schema_state(engine)
    assert (before.current, before.has_tables, before.up_to_date) == (None, False, False)

    after = upgrade(engine)

    assert after.current == after.head == head_revision()
    assert after.up_to_date and after.has_tables
    with engine.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).all() == [
            (head_revision(),)
        ]
        tables = set(inspect(connection).get_table_names())
    assert {"orgunit", "contact", "request"} <= table_names_of_models()
    assert {t for t in tables if not is_fts_table(t)} == table_names_of_models() | {"alembic_version"}
    if backend == "sqlite":
        assert "request_text" in tables  # the full-text index of the requests (SQLite)
    else:
        assert "search_index" in tables  # the tsvector index of every kind of record
    # a brand-new database needs no backup
    assert sorted(p.name for p in tmp_path.iterdir() if ".bak" in p.name) == []


def catalog_state(engine) -> tuple:
    """What a PostgreSQL schema change or rewrite would alter: the tables' oids and the
    transaction that last wrote the version row."""
    with engine.connect() as connection:
        tables = connection.execute(text(
            "SELECT relname, oid::int, relfilenode::int FROM pg_class "
            "WHERE relnamespace = 'public'::regnamespace ORDER BY relname")).all()
        version = None
        if any(row[0] == "alembic_version" for row in tables):
            version = connection.execute(text("SELECT xmin::text FROM alembic_version")).scalar()
    return tables, version


def test_upgrading_a_current_database_does_nothing(engine, tmp_path, backend):
    upgrade(engine)
    engine.dispose()
    if backend == "sqlite":
        files = folder_listing(tmp_path)
        state = upgrade(engine)
        assert state.up_to_date
        assert not any(".bak" in name for name in os.listdir(tmp_path))
        assert folder_listing(tmp_path)["officer.db"] == files["officer.db"]
    else:
        before = catalog_state(engine)
        assert upgrade(engine).up_to_date
        assert catalog_state(engine) == before
        assert os.listdir(tmp_path) == []  # no backup file anywhere


def test_models_and_migrations_agree(engine):
    upgrade(engine)
    register_all()
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_object": include_object}
        )
        diff = compare_metadata(context, SQLModel.metadata)
    assert diff == []


def test_the_migration_can_be_undone_and_redone(engine):
    from alembic import command

    from officer_tui.db.migrate import _alembic_config

    upgrade(engine)
    with engine.begin() as connection:
        command.downgrade(_alembic_config(connection), "base")
    assert schema_state(engine).current is None
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    assert upgrade(engine).up_to_date


@pytest.mark.sqlite_only
def test_backup_is_a_consistent_private_copy(database, tmp_path):
    from officer_tui.services.units import create_unit

    source = Path(database.engine.url.database)
    with database.session() as session:
        for n in range(30):
            create_unit(session, data={"name": f"Abteilung {n}"})
    # WAL mode: the latest rows may still sit in the -wal file, not in the main file
    with database.engine.connect() as reader:  # an open reader keeps the WAL in place
        reader.execute(text("SELECT 1"))
        target = backup_sqlite(source, tmp_path / "copy.db")
    assert target == tmp_path / "copy.db"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    copy = sqlite3.connect(target)
    try:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert copy.execute("SELECT count(*) FROM orgunit").fetchone() == (30,)
        assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == (
            head_revision(),
        )
    finally:
        copy.close()
    # the copy opens as an up-to-date officer database
    copied = open_database(f"sqlite:///{target}")
    try:
        assert copied.schema.up_to_date
    finally:
        copied.close()


def make_newer(db_url: str) -> None:
    open_database(db_url).close()
    path = sqlite_path(db_url)
    if path is None:
        engine = make_engine(db_url)
        with engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
        engine.dispose()
        return
    connection = sqlite3.connect(path)
    connection.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    connection.commit()
    connection.close()


def snapshot(db_url: str, folder: Path) -> object:
    """Everything that would show a change: the files (SQLite), the catalog (PostgreSQL)."""
    if sqlite_path(db_url) is not None:
        return folder_listing(folder)
    engine = make_engine(db_url, create=False)
    try:
        return catalog_state(engine), schema_state(engine), os.listdir(folder)
    finally:
        engine.dispose()


def test_a_database_from_a_newer_app_is_refused_and_untouched(db_url, tmp_path):
    make_newer(db_url)
    before = snapshot(db_url, tmp_path)
    engine = make_engine(db_url)
    try:
        with pytest.raises(DatabaseProblem) as caught:
            upgrade(engine)
    finally:
        engine.dispose()
    assert "newer version" in str(caught.value)
    assert "9999_from_the_future" in str(caught.value)
    assert snapshot(db_url, tmp_path) == before  # byte-identical, no backup, no WAL left


def test_open_database_refuses_a_newer_database_too(db_url, tmp_path):
    make_newer(db_url)
    before = snapshot(db_url, tmp_path)
    with pytest.raises(DatabaseProblem):
        open_database(db_url)
    assert snapshot(db_url, tmp_path) == before


def make_foreign(db_url: str) -> None:
    """Someone else's database (SQLite: rollback journal mode)."""
    statements = ("CREATE TABLE inventory (id INTEGER PRIMARY KEY, item TEXT)",
                  "INSERT INTO inventory (id, item) VALUES (1, 'Beamer')")
    path = sqlite_path(db_url)
    if path is None:
        engine = make_engine(db_url)
        with engine.begin() as connection:
            for statement in statements:
                connection.execute(text(statement))
        engine.dispose()
        return
    connection = sqlite3.connect(path)
    for statement in statements:
        connection.execute(statement)
    connection.commit()
    connection.close()


def test_a_database_with_foreign_tables_is_refused_and_untouched(db_url, tmp_path):
    make_foreign(db_url)
    before = snapshot(db_url, tmp_path)
    engine = make_engine(db_url)
    try:
        assert schema_state(engine).has_tables
        with pytest.raises(DatabaseProblem) as caught:
            upgrade(engine)
    finally:
        engine.dispose()
    assert "did not create" in str(caught.value)
    # not even switched to WAL: the file is byte-identical and nothing was added beside it
    assert snapshot(db_url, tmp_path) == before


def test_integrity_problems_is_empty_on_a_good_database(database):
    from officer_tui.services.units import create_unit

    with database.session() as session:
        parent = create_unit(session, data={"name": "Kulturbetrieb"})
        create_unit(session, data={"name": "Stadtmuseum", "parent_id": parent.id})
    assert integrity_problems(database.engine) == []


@pytest.mark.sqlite_only  # PostgreSQL never lets a dangling reference in (test_db)
def test_integrity_problems_reports_a_dangling_reference(database, tmp_path):
    connection = sqlite3.connect(tmp_path / "officer.db")
    connection.execute("PRAGMA foreign_keys = OFF")
    connection.execute(
        "INSERT INTO contact (created_at, updated_at, version, name, unit_id, role, email,"
        " phone, notes, name_folded) VALUES ('2026-03-02', '2026-03-02', 1, 'Anna', 42,"
        " '', '', '', '', 'anna')"
    )
    connection.commit()
    connection.close()
    problems = integrity_problems(database.engine)
    assert len(problems) == 1
    assert "contact" in problems[0] and "orgunit" in problems[0]


def test_the_schema_head_constant_matches_the_migrations():
    from officer_tui.db.migrate import SCHEMA_HEAD

    assert SCHEMA_HEAD == head_revision()


def test_opening_a_current_database_does_not_load_alembic(db_url):
    open_database(db_url).close()
    script = (
        "import sys\n"
        "from officer_tui.services.database import open_database\n"
        f"open_database({db_url!r}).close()\n"
        "print('alembic' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_an_older_database_is_backed_up_beside_itself_then_upgraded(db_url, tmp_path, backend):
    """A database of the first schema, with data, upgraded by simply opening it (PostgreSQL:
    without a backup file, the server's administrator backs up with pg_dump)."""
    from alembic import command

    from officer_tui.db.migrate import _alembic_config
    from officer_tui.services import requests, units

    old = make_engine(db_url)
    with old.begin() as connection:
        command.upgrade(_alembic_config(connection), "0001")
    with old.begin() as connection:
        connection.execute(text(
            "INSERT INTO orgunit (created_at, updated_at, version, name, kind, notes, name_folded) "
            "VALUES ('2026-01-01', '2026-01-01', 1, 'Stadtmuseum', 'museum', '', 'stadtmuseum')"
        ))
        connection.execute(text(
            "INSERT INTO request (created_at, updated_at, version, title, description, unit_id, channel, "
            "received_on, priority, status, resolution, search_text, urgency) VALUES ('2026-01-01', "
            "'2026-01-01', 1, 'Drucker defekt', '', 1, 'mail', '2026-02-20', 'high', 'new', '', "
            "'drucker defekt', 0)"
        ))
    old.dispose()
    assert schema_state(make_engine(db_url)).current == "0001"

    database = open_database(db_url)
    try:
        assert database.schema.up_to_date and database.schema.current == head_revision()
        with database.session() as session:
            rows = requests.list_requests(session, filters=requests.RequestFilter(text="drucker"))
            assert [row.title for row in rows] == ["Drucker defekt"]
            museum = units.find_unit(session, "stadtmuseum")
            assert museum.name == "Stadtmuseum"
            # The full-text triggers survived the upgrade: a new request is found at once.
            requests.create_request(session, data={"title": "Scanner klemmt", "unit_id": museum.id})
            rows = requests.list_requests(session, filters=requests.RequestFilter(text="scanner"))
            assert [row.title for row in rows] == ["Scanner klemmt"]
    finally:
        database.close()
    backups = [p for p in tmp_path.iterdir() if ".before-" in p.name and p.name.endswith(".bak")]
    if backend == "postgresql":
        assert backups == []
        return
    assert len(backups) == 1
    assert stat.S_IMODE(backups[0].stat().st_mode) == 0o600
    copy = sqlite3.connect(backups[0])
    try:
        assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        assert copy.execute("SELECT title FROM request").fetchall() == [("Drucker defekt",)]
    finally:
        copy.close()


def test_a_migration_that_fails_half_way_leaves_no_half_built_schema(tmp_path, monkeypatch):
    """pysqlite commits CREATE statements one by one unless a transaction is open: a failure
    (or a kill) in a late migration must not leave the tables of the earlier ones behind."""
    from officer_tui.db import search_index

    monkeypatch.setattr(search_index, "SQLITE_DDL", [*search_index.SQLITE_DDL, "CREATE TABLE broken ("])
    path = tmp_path / "new.db"
    engine = make_engine(f"sqlite:///{path}")
    try:
        with pytest.raises(Exception):  # noqa: B017 (whatever the failure, nothing may stay)
            upgrade(engine)
    finally:
        engine.dispose()
    connection = sqlite3.connect(path)
    try:
        tables = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    finally:
        connection.close()
    assert tables == []
    monkeypatch.undo()
    database = open_database(f"sqlite:///{path}")  # the file is usable: it starts afresh
    try:
        assert database.schema.up_to_date
    finally:
        database.close()


def test_two_apps_upgrading_one_server_at_once_migrate_once(pg_url):
    """Two people start a new version at the same time: the second waits for the first's
    advisory lock, then finds the schema current. (Without the lock, both would create the
    same tables and one would fail.) A third connection holds the lock until both wait."""
    import threading

    import psycopg

    from officer_tui.db.migrate import MIGRATION_LOCK_KEY

    dsn = pg_url.replace("postgresql+psycopg://", "postgresql://", 1)
    holder = psycopg.connect(dsn)
    holder.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK_KEY,))
    results: list[object] = []

    def start_app() -> None:
        engine = make_engine(pg_url)
        try:
            results.append(upgrade(engine))
        except Exception as exc:  # noqa: BLE001 (the assertion below shows it)
            results.append(exc)
        finally:
            engine.dispose()

    threads = [threading.Thread(target=start_app) for _ in range(2)]
    for thread in threads:
        thread.start()
    try:
        waiting = 0
        watcher = psycopg.connect(dsn, autocommit=True)  # sees each moment afresh
        for _ in range(600):  # until both wait for the lock (a hang guard, not a timing)
            waiting = watcher.execute(
                "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a USING (pid) "
                "WHERE l.locktype = 'advisory' AND NOT l.granted "
                "AND a.application_name = 'officer'").fetchone()[0]
            if waiting == 2:
                break
            threading.Event().wait(0.05)
        watcher.close()
        assert waiting == 2
    finally:
        holder.rollback()  # releases the lock
        holder.close()
        for thread in threads:
            thread.join(120)
    assert all(getattr(result, "up_to_date", False) for result in results), results
    assert len(results) == 2
    engine = make_engine(pg_url)
    try:
        with engine.connect() as connection:
            assert connection.execute(text("SELECT version_num FROM alembic_version")).all() == [
                (head_revision(),)]
    finally:
        engine.dispose()
