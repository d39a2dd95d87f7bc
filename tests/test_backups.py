"""Backups: consistent copies of a live database, rotation, restore with its checks."""

from __future__ import annotations

import os
import sqlite3
import stat
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from officer_tui.db.migrate import SCHEMA_HEAD
from officer_tui.services import backup_restore, backups, requests, units
from officer_tui.services.backups import Backup, BackupKind
from officer_tui.services.errors import ValidationError
from tests import pg_helpers
from tests.conftest import TODAY

# Backups are copies of the SQLite file; on PostgreSQL every entry point refuses with a pointer
# to pg_dump (test_postgres_is_pointed_to_pg_dump, test_a_real_server_database_is_refused_...).
pytestmark = pytest.mark.sqlite_only
pg_url = pg_helpers.pg_url  # a fixture


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def titles(path: Path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return sorted(row[0] for row in connection.execute("SELECT title FROM request"))
    finally:
        connection.close()


@pytest.fixture
def office(database) -> dict:
    with database.session() as session:
        museum = units.create_unit(session, data={"name": "Stadtmuseum", "kind": "museum"}).id
        requests.create_request(session, data={"title": "Drucker defekt", "unit_id": museum})
    return {"museum": museum}


def add_request(database, title: str, unit_id: int) -> None:
    with database.session() as session:
        requests.create_request(session, data={"title": title, "unit_id": unit_id})


def db_file(db_url: str) -> Path:
    return Path(db_url.removeprefix("sqlite:///"))


# --- making backups ---------------------------------------------------------------------------


def test_a_backup_holds_the_last_commit_while_another_connection_writes(database, db_url, office,
                                                                         tmp_path):
    add_request(database, "Scanner klemmt", office["museum"])
    live = db_file(db_url)
    writer = sqlite3.connect(live, timeout=5)
    with database.engine.connect() as reader:  # an open reader keeps the WAL from being folded in
        reader.execute(text("SELECT count(*) FROM request")).scalar()
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("UPDATE request SET title = 'nicht gespeichert'")
        assert live.with_name(live.name + "-wal").stat().st_size > 0  # commits still in the WAL
        made = backups.make_backup(url=db_url, target=tmp_path / "copy.db")
        writer.rollback()
    writer.close()
    assert made.path == tmp_path / "copy.db" and made.size == made.path.stat().st_size
    assert titles(made.path) == ["Drucker defekt", "Scanner klemmt"]
    copy = sqlite3.connect(made.path)
    try:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)  # one whole file
        assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == (SCHEMA_HEAD,)
    finally:
        copy.close()
    assert mode_of(made.path) == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".copy")] == []  # no leftovers


def test_without_a_file_a_dated_backup_goes_to_a_private_folder_beside_the_database(
        database, db_url, office, tmp_path):
    made = backups.make_backup(url=db_url)
    folder = tmp_path / "backups"
    assert made.path.parent == folder
    assert made.path.name.startswith("officer-manual-2026-03-02-") and made.kind == BackupKind.MANUAL
    assert mode_of(folder) == 0o700 and mode_of(made.path) == 0o600
    assert made.made_at.date() == TODAY  # dated by the app's clock
    again = backups.make_backup(url=db_url)  # the same second: a second name, not a replacement
    assert again.path != made.path and made.path.exists()
    assert {b.path for b in backups.list_backups(url=db_url)} == {again.path, made.path}


def test_a_new_folder_for_the_file_is_created_private(database, db_url, office, tmp_path):
    made = backups.make_backup(url=db_url, target=tmp_path / "usb" / "stick" / "officer.db")
    assert mode_of(tmp_path / "usb" / "stick") == 0o700
    assert titles(made.path) == ["Drucker defekt"]


def test_bad_targets_are_refused_and_nothing_is_written(database, db_url, office, tmp_path):
    (tmp_path / "folder").mkdir()
    with pytest.raises(ValidationError, match="is a folder"):
        backups.make_backup(url=db_url, target=tmp_path / "folder")
    existing = tmp_path / "old.db"
    existing.write_bytes(b"keep me")
    with pytest.raises(ValidationError, match="exists already"):
        backups.make_backup(url=db_url, target=existing)
    assert existing.read_bytes() == b"keep me"
    with pytest.raises(ValidationError, match="is the database itself"):
        backups.make_backup(url=db_url, target=db_file(db_url), overwrite=True)
    (tmp_path / "a-file").write_text("x")
    with pytest.raises(ValidationError, match="cannot create the folder"):
        backups.make_backup(url=db_url, target=tmp_path / "a-file" / "copy.db")
    assert sorted(p.name for p in (tmp_path / "folder").iterdir()) == []
    replaced = backups.make_backup(url=db_url, target=existing, overwrite=True)
    assert titles(replaced.path) == ["Drucker defekt"]


def test_a_backup_cut_off_leaves_no_half_file(database, db_url, office, tmp_path):
    def stop(label: str, done: int, total: int) -> None:
        raise InterruptedError(label)

    with pytest.raises(InterruptedError):
        backups.make_backup(url=db_url, target=tmp_path / "out" / "copy.db", progress=stop)
    assert list((tmp_path / "out").iterdir()) == []


def test_half_files_of_killed_backups_are_swept_after_an_hour(database, db_url, office, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    old, fresh = folder / ".officer-auto-2026-03-01.db.partial-4711", folder / ".officer-auto-2026-03-02.db.partial-4712"
    for path in (old, fresh):
        path.write_bytes(b"half")
    hours_ago = datetime.now().timestamp() - 2 * 3600
    os.utime(old, (hours_ago, hours_ago))
    backups.auto_backup(url=db_url, keep=14)
    assert not old.exists() and fresh.exists()


def test_postgres_is_pointed_to_pg_dump():
    url = "postgresql+psycopg://officer@localhost/officer"
    assert not backups.supports_backups(url)
    with pytest.raises(ValidationError, match="pg_dump"):
        backups.make_backup(url=url)
    with pytest.raises(ValidationError, match="pg_dump"):
        backup_restore.restore_backup(url=url, source=Path("x.db"))
    assert backups.backup_line(url=url) is None
    assert backups.auto_backup(url=url, keep=14).made is None


def test_a_real_server_database_is_refused_and_left_alone(pg_url, tmp_path):
    from officer_tui.services.database import open_database

    url = pg_url.replace("officer_test@", "officer_test:geheim123@", 1)
    database = open_database(url)
    try:
        with database.session() as session:
            units.create_unit(session, data={"name": "Stadtmuseum"})
        calls = {
            "backup": lambda: backups.make_backup(url=url),
            "backup to a file": lambda: backups.make_backup(url=url, target=tmp_path / "x.db"),
            "list": lambda: backups.list_backups(url=url),
            "restore": lambda: backup_restore.restore_backup(url=url, source=tmp_path / "x.db"),
        }
        for what, call in calls.items():
            with pytest.raises(ValidationError) as caught:
                call()
            message = str(caught.value)
            assert "pg_dump" in message and "pg_restore" in message, what
            assert "geheim123" not in message and "officer_test@" in message, what
        assert backups.auto_backup(url=url, keep=14).made is None  # at start: silently skipped
        assert backups.last_backup(url=url) is None and backups.backup_line(url=url) is None
        assert list(tmp_path.iterdir()) == []
        with database.session() as session:
            assert [unit.name for unit in units.list_units(session)] == ["Stadtmuseum"]
    finally:
        database.close()


def test_no_database_yet_is_said_plainly(tmp_path):
    with pytest.raises(ValidationError, match="there is no database"):
        backups.make_backup(url=f"sqlite:///{tmp_path / 'none.db'}")


# --- automatic backups and rotation -----------------------------------------------------------


def fake_backup(folder: Path, name: str, source: Path) -> Path:
    path = folder / name
    path.write_bytes(source.read_bytes())
    return path


def test_rotation_keeps_the_newest_14_automatic_ones_and_nothing_else(database, db_url, office,
                                                                      tmp_path):
    first = backups.make_backup(url=db_url, kind=BackupKind.MANUAL)
    folder = first.path.parent
    days = [TODAY - timedelta(days=n) for n in range(1, 17)]  # 16 earlier days
    for day in days:
        fake_backup(folder, f"officer-auto-{day.isoformat()}.db", first.path)
    fake_backup(folder, "officer-before-restore-2025-01-01-080000.db", first.path)
    fake_backup(folder, "other-auto-2025-01-01.db", first.path)  # another database's backup
    result = backups.auto_backup(url=db_url, keep=14, today=TODAY)
    assert result.made is not None and result.made.path.name == "officer-auto-2026-03-02.db"
    assert result.made.kind == BackupKind.AUTO and mode_of(result.made.path) == 0o600
    autos = sorted(p.name for p in folder.glob("officer-auto-*.db"))
    assert len(autos) == 14
    assert autos[0] == f"officer-auto-{days[12].isoformat()}.db"  # today and the 13 days before
    assert sorted(p.name for p in result.removed) == [
        f"officer-auto-{day.isoformat()}.db" for day in sorted(days[13:])]
    assert first.path.exists()
    assert (folder / "officer-before-restore-2025-01-01-080000.db").exists()
    assert (folder / "other-auto-2025-01-01.db").exists()


def test_one_automatic_backup_a_day(database, db_url, office):
    assert backups.auto_backup(url=db_url, keep=14).made is not None
    add_request(database, "Scanner klemmt", office["museum"])
    assert backups.auto_backup(url=db_url, keep=14).made is None
    tomorrow = backups.auto_backup(url=db_url, keep=14, today=TODAY + timedelta(days=1)).made
    assert tomorrow is not None and titles(tomorrow.path) == ["Drucker defekt", "Scanner klemmt"]


def test_keep_zero_turns_automatic_backups_off_and_deletes_nothing(database, db_url, office,
                                                                   tmp_path, monkeypatch):
    backups.auto_backup(url=db_url, keep=14, today=TODAY - timedelta(days=1))
    monkeypatch.setenv("OFFICER_BACKUP_KEEP", "0")
    keep = backups.configured_keep()
    assert keep == 0
    result = backups.auto_backup(url=db_url, keep=keep)
    assert result.made is None and result.removed == []
    assert [p.name for p in (tmp_path / "backups").iterdir()] == ["officer-auto-2026-03-01.db"]


@pytest.mark.parametrize(("value", "expected"), [(None, 14), ("", 14), (" 3 ", 3), ("0", 0)])
def test_keep_values(value, expected, monkeypatch):
    if value is None:
        monkeypatch.delenv("OFFICER_BACKUP_KEEP", raising=False)
    else:
        monkeypatch.setenv("OFFICER_BACKUP_KEEP", value)
    assert backups.configured_keep() == expected


@pytest.mark.parametrize("value", ["vierzehn", "-1", "2.5"])
def test_a_bad_keep_value_says_so_and_names_the_default(value, monkeypatch):
    monkeypatch.setenv("OFFICER_BACKUP_KEEP", value)
    with pytest.raises(ValidationError) as caught:
        backups.configured_keep()
    assert caught.value.field == "OFFICER_BACKUP_KEEP"
    assert value in caught.value.message and "keeping 14" in caught.value.message


# --- what the panes say -----------------------------------------------------------------------


def test_the_last_backup_line():
    def at(days: int, hour: int = 8) -> Backup:
        when = datetime.combine(TODAY - timedelta(days=days), datetime.min.time()).replace(hour=hour, minute=14)
        return Backup(path=Path("x.db"), kind=BackupKind.AUTO, made_at=when, size=1)

    assert backups.last_backup_text(None, today=TODAY) == ("⚠ No backup yet", True)
    assert backups.last_backup_text(at(0), today=TODAY) == ("Last backup: today 08:14", False)
    assert backups.last_backup_text(at(1, 17), today=TODAY) == ("Last backup: yesterday 17:14", False)
    assert backups.last_backup_text(at(7), today=TODAY) == ("Last backup: 2026-02-23 08:14", False)
    assert backups.last_backup_text(at(10), today=TODAY) == (
        "⚠ Last backup: 2026-02-20 08:14 (10 days ago)", True)


def test_sizes_in_german(german):
    assert backups.size_text(1_258_291) == "1,2 MB"
    assert backups.size_text(512) == "512 B"


def test_the_list_is_newest_first_with_kind_and_schema(database, db_url, office):
    older = backups.auto_backup(url=db_url, keep=14).made
    moment = (datetime.combine(TODAY, datetime.min.time()) - timedelta(hours=2)).timestamp()
    os.utime(older.path, (moment, moment))
    manual = backups.make_backup(url=db_url)
    found = backups.list_backups(url=db_url, revisions=True)
    assert [(b.path, b.kind, b.revision) for b in found] == [
        (manual.path, BackupKind.MANUAL, SCHEMA_HEAD), (older.path, BackupKind.AUTO, SCHEMA_HEAD)]
    assert backups.last_backup(url=db_url).path == manual.path
    assert backups.backup_line(url=db_url, today=TODAY)[0].startswith("Last backup: today ")


# --- restore ----------------------------------------------------------------------------------


def test_restore_round_trip_and_back_again(database, db_url, office, tmp_path):
    saved = backups.make_backup(url=db_url, target=tmp_path / "saved.db")
    add_request(database, "Nach der Sicherung", office["museum"])
    report = backup_restore.restore_backup(url=db_url, source=saved.path)
    assert report.revision == SCHEMA_HEAD and report.upgraded_to is None
    # A connection that stayed open all along sees the restored state.
    with database.session() as session:
        shown = [row.title for row in requests.list_requests(session, filters=requests.RequestFilter())]
    assert shown == ["Drucker defekt"]
    before = report.before
    assert before is not None and before.kind == BackupKind.BEFORE_RESTORE
    assert before.path.parent == tmp_path / "backups" and mode_of(before.path) == 0o600
    assert titles(before.path) == ["Drucker defekt", "Nach der Sicherung"]
    # Restoring the before-restore copy gets the user back.
    again = backup_restore.restore_backup(url=db_url, source=before.path)
    assert titles(db_file(db_url)) == ["Drucker defekt", "Nach der Sicherung"]
    assert again.before is not None and again.before.path != before.path
    # The search index came back with the data.
    with database.session() as session:
        found = requests.list_requests(session, filters=requests.RequestFilter(text="sicherung"))
    assert [row.title for row in found] == ["Nach der Sicherung"]


def test_restore_upgrades_a_backup_of_an_older_schema(database, db_url, office, tmp_path):
    from alembic import command

    from officer_tui.db.engine import make_engine
    from officer_tui.db.migrate import _alembic_config

    old_path = tmp_path / "old" / "officer.db"
    old = make_engine(f"sqlite:///{old_path}")
    with old.begin() as connection:
        command.upgrade(_alembic_config(connection), "0004")
    with old.begin() as connection:
        connection.execute(text(
            "INSERT INTO orgunit (created_at, updated_at, version, name, kind, notes, name_folded) "
            "VALUES ('2026-01-01', '2026-01-01', 1, 'Stadtarchiv', 'house', '', 'stadtarchiv')"))
    old.dispose()
    report = backup_restore.restore_backup(url=db_url, source=old_path)
    assert report.revision == "0004" and report.upgraded_to == SCHEMA_HEAD
    with database.session() as session:
        assert units.find_unit(session, "stadtarchiv").name == "Stadtarchiv"
        assert [unit.name for unit in units.list_units(session)] == ["Stadtarchiv"]


def corrupt(source: Path, target: Path) -> None:
    data = bytearray(source.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    for offset in range(page, len(data), page):  # every page but the first: garbage
        data[offset + 8:offset + 200] = os.urandom(192)
    target.write_bytes(bytes(data))


def make_foreign(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE kunden (name TEXT)")
    connection.commit()
    connection.close()


def make_newer(source: Path, path: Path) -> None:
    path.write_bytes(source.read_bytes())
    connection = sqlite3.connect(path)
    connection.execute("UPDATE alembic_version SET version_num = '0999'")
    connection.commit()
    connection.close()


@pytest.mark.parametrize(("make", "problem"), [
    (lambda good, path: path.write_bytes(b"Sehr geehrte Damen und Herren,\n" * 200),
     "is not a SQLite database"),
    (lambda good, path: path.write_bytes(good.read_bytes()[:12000]), "is truncated"),
    (corrupt, "is damaged"),
    (lambda good, path: make_newer(good, path), "made by a newer version"),
    (lambda good, path: make_foreign(path), "is not an officer database"),
    (lambda good, path: path.write_bytes(b""), "is empty"),
    (lambda good, path: path.mkdir(), "is a folder"),
    (lambda good, path: None, "does not exist"),
])
def test_bad_files_are_refused_and_the_database_is_untouched(database, db_url, office, tmp_path,
                                                              make, problem):
    good = backups.make_backup(url=db_url, target=tmp_path / "good.db").path
    add_request(database, "Nach der Sicherung", office["museum"])
    path = tmp_path / "candidate.db"
    make(good, path)
    with pytest.raises(ValidationError) as caught:
        backup_restore.restore_backup(url=db_url, source=path)
    assert problem in caught.value.message and str(path) in caught.value.message
    assert "nothing was changed" in caught.value.message
    assert titles(db_file(db_url)) == ["Drucker defekt", "Nach der Sicherung"]
    assert not (tmp_path / "backups").exists()  # no before-restore copy either


def test_the_database_itself_is_not_restored_over_itself(database, db_url, office):
    with pytest.raises(ValidationError, match="is the database itself"):
        backup_restore.restore_backup(url=db_url, source=db_file(db_url))


def test_restore_into_a_new_database_file(database, db_url, office, tmp_path):
    saved = backups.make_backup(url=db_url, target=tmp_path / "saved.db")
    fresh = tmp_path / "laptop" / "officer.db"
    report = backup_restore.restore_backup(url=f"sqlite:///{fresh}", source=saved.path)
    assert report.before is None
    assert titles(fresh) == ["Drucker defekt"] and mode_of(fresh) == 0o600


def test_a_destroyed_database_is_kept_as_it_is_and_restored(database, db_url, office, tmp_path):
    saved = backups.make_backup(url=db_url, target=tmp_path / "saved.db")
    database.close()
    live = db_file(db_url)
    for leftover in (live.with_name(live.name + "-wal"), live.with_name(live.name + "-shm")):
        leftover.unlink(missing_ok=True)
    garbage = os.urandom(8192)
    live.write_bytes(garbage)
    report = backup_restore.restore_backup(url=db_url, source=saved.path)
    assert report.before is not None and report.before.path.read_bytes() == garbage
    assert mode_of(report.before.path) == 0o600
    assert titles(live) == ["Drucker defekt"]
