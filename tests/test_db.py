"""Engine and files: private database files, SQLite pragmas, clear refusals, where the database
lives, and nothing written at import time."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import text

from officer_tui.db.engine import BUSY_TIMEOUT_MS, make_engine
from officer_tui.db.errors import DatabaseProblem
from officer_tui.paths import display_url, resolve_db_url, sqlite_path
from officer_tui.services.database import open_database
from tests import pg_helpers

pg_url = pg_helpers.pg_url  # a fixture


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# --- files and pragmas --------------------------------------------------------------------


def test_a_new_database_file_is_private(tmp_path):
    path = tmp_path / "nested" / "folder" / "officer.db"
    engine = make_engine(f"sqlite:///{path}")
    try:
        assert path.is_file()  # created before the first connection, with its mode
        assert mode_of(path) == 0o600
    finally:
        engine.dispose()
    database = open_database(f"sqlite:///{path}")
    database.close()
    assert mode_of(path) == 0o600
    assert mode_of(path.parent) & 0o077 == 0  # a folder made for it is private too


def test_an_existing_file_keeps_its_mode(tmp_path):
    path = tmp_path / "officer.db"
    path.touch(mode=0o640)
    path.chmod(0o640)
    make_engine(f"sqlite:///{path}").dispose()
    assert mode_of(path) == 0o640


@pytest.mark.sqlite_only
def test_pragmas_are_set_on_every_connection(database):
    with database.engine.connect() as first, database.engine.connect() as second:
        for connection in (first, second):
            values = {
                name: connection.execute(text(f"PRAGMA {name}")).scalar()
                for name in ("journal_mode", "foreign_keys", "synchronous", "busy_timeout")
            }
            assert values == {
                "journal_mode": "wal",
                "foreign_keys": 1,
                "synchronous": 1,  # NORMAL
                "busy_timeout": BUSY_TIMEOUT_MS,
            }
    assert BUSY_TIMEOUT_MS == 5000


def test_postgres_sessions_wait_like_sqlite_speak_utc_and_say_who_they_are(pg_url):
    engine = make_engine(pg_url)
    try:
        with engine.connect() as first, engine.connect() as second:
            for connection in (first, second):
                values = {
                    name: connection.execute(text(f"SHOW {name}")).scalar()
                    for name in ("lock_timeout", "TimeZone", "application_name")
                }
                assert values == {"lock_timeout": "5s", "TimeZone": "UTC",
                                  "application_name": "officer"}
    finally:
        engine.dispose()


def test_the_url_may_choose_its_own_connection_settings(pg_url):
    engine = make_engine(f"{pg_url}&application_name=officer-anna&connect_timeout=3")
    try:
        with engine.connect() as connection:
            assert connection.execute(text("SHOW application_name")).scalar() == "officer-anna"
            assert connection.execute(text("SHOW lock_timeout")).scalar() == "5s"
    finally:
        engine.dispose()


def test_times_round_trip_unchanged_whatever_the_server_zone(db_url, backend):
    """The app stores aware UTC times; a server (or database) set to Berlin time must not
    shift them, on columns with and without time zone."""
    from datetime import UTC, datetime

    from officer_tui.models.history import Change
    from officer_tui.services.units import create_unit

    if backend == "postgresql":
        name = db_url.split("?", 1)[0].rsplit("/", 1)[1]
        admin = make_engine(db_url)
        with admin.begin() as connection:
            connection.execute(text(f'ALTER DATABASE "{name}" SET TimeZone = \'Europe/Berlin\''))
        admin.dispose()
    database = open_database(db_url)
    try:
        with database.session() as session:
            create_unit(session, data={"name": "Stadtmuseum"})
        moment = datetime(2026, 7, 1, 22, 30, tzinfo=UTC)  # Berlin: 00:30 the next day
        with database.session() as session:
            change = session.get(Change, 1)
            change.at = moment
            session.commit()
        with database.session() as session:
            assert session.get(Change, 1).at == moment
            raw = session.execute(text("SELECT at FROM change WHERE id = 1")).scalar()
            if backend == "postgresql":  # an aware value, whatever zone it is shown in
                assert raw == moment
            else:  # SQLite keeps the UTC time as text
                assert raw.startswith("2026-07-01 22:30:00")
    finally:
        database.close()


def test_foreign_keys_are_enforced(database):
    with database.engine.connect() as connection, pytest.raises(Exception) as caught:
        connection.execute(
            text(
                "INSERT INTO orgunit (created_at, updated_at, version, name, kind, parent_id,"
                " notes, name_folded) VALUES ('2026-03-02', '2026-03-02', 1, 'x', 'house', 99,"
                " '', 'x')"
            )
        )
    assert "foreign key" in str(caught.value).lower()


def test_a_directory_is_not_a_database(tmp_path):
    folder = tmp_path / "officer.db"
    folder.mkdir()
    with pytest.raises(DatabaseProblem) as caught:
        open_database(f"sqlite:///{folder}")
    assert "is a directory" in str(caught.value)
    assert str(folder) in str(caught.value)
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("garbage", [os.urandom(8192), b"Sehr geehrte Damen und Herren,\n" * 3])
def test_a_file_that_is_not_a_database_is_refused_and_left_alone(tmp_path, garbage):
    path = tmp_path / "officer.db"
    path.write_bytes(garbage)
    with pytest.raises(DatabaseProblem) as caught:
        open_database(f"sqlite:///{path}")
    assert "not a readable officer database" in str(caught.value)
    assert path.read_bytes() == garbage
    assert [p.name for p in tmp_path.iterdir()] == ["officer.db"]


def test_a_missing_file_is_not_created_when_asked_not_to(tmp_path):
    path = tmp_path / "missing.db"
    with pytest.raises(DatabaseProblem) as caught:
        make_engine(f"sqlite:///{path}", create=False)
    assert "no database" in str(caught.value)
    assert not path.exists()


# --- where the database lives -------------------------------------------------------------


def test_default_database_is_in_the_data_dir(tmp_path):
    # conftest points OFFICER_DATA_DIR at tmp_path/data and unsets OFFICER_DB
    assert resolve_db_url() == f"sqlite:///{tmp_path / 'data' / 'officer.db'}"


def test_officer_db_overrides_the_default(monkeypatch, tmp_path):
    monkeypatch.setenv("OFFICER_DB", str(tmp_path / "team.db"))
    assert resolve_db_url() == f"sqlite:///{tmp_path / 'team.db'}"
    monkeypatch.setenv("OFFICER_DB", "postgresql+psycopg://officer@db.example/officer")
    assert resolve_db_url() == "postgresql+psycopg://officer@db.example/officer"


def test_the_db_option_overrides_officer_db(monkeypatch, tmp_path):
    monkeypatch.setenv("OFFICER_DB", str(tmp_path / "team.db"))
    assert resolve_db_url(str(tmp_path / "mine.db")) == f"sqlite:///{tmp_path / 'mine.db'}"
    assert resolve_db_url("sqlite:///elsewhere.db") == "sqlite:///elsewhere.db"


def test_paths_become_absolute_sqlite_urls(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert resolve_db_url("rel/officer.db") == f"sqlite:///{tmp_path / 'rel' / 'officer.db'}"
    assert resolve_db_url("~/officer.db") == f"sqlite:///{tmp_path / 'home' / 'officer.db'}"
    assert sqlite_path(resolve_db_url("rel/officer.db")) == tmp_path / "rel" / "officer.db"


def test_sqlite_path():
    assert sqlite_path("sqlite:////srv/officer.db") == Path("/srv/officer.db")
    assert sqlite_path("sqlite:////srv/officer.db?timeout=3") == Path("/srv/officer.db")
    assert sqlite_path("sqlite:///:memory:") is None
    assert sqlite_path("sqlite://") is None
    assert sqlite_path("postgresql+psycopg://u:p@host/db") is None


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        (
            "postgresql+psycopg://officer:geheim@db.example:5432/officer",
            "postgresql+psycopg://officer@db.example:5432/officer",
        ),
        (
            "postgresql+psycopg://officer:p@ss:w@rd@db.example/officer",
            "postgresql+psycopg://officer@db.example/officer",
        ),
        (
            "postgresql+psycopg://:geheim@db.example/officer",
            "postgresql+psycopg://db.example/officer",
        ),
        (
            "postgresql+psycopg://officer@db.example/officer",
            "postgresql+psycopg://officer@db.example/officer",
        ),
        ("postgresql+psycopg://db.example/officer", "postgresql+psycopg://db.example/officer"),
        (
            "postgresql+psycopg://officer@/officer?host=/run/pg&password=geheim&sslmode=require",
            "postgresql+psycopg://officer@/officer?host=/run/pg&sslmode=require",
        ),
        (
            "postgresql://officer:ge%2Fheim?x@db.example/officer?sslpassword=geheim",
            "postgresql://officer@db.example/officer",
        ),
    ],
)
def test_display_url_never_shows_a_password(url, shown):
    assert display_url(url) == shown
    assert "geheim" not in display_url(url) and "rd@" not in display_url(url)


def test_display_url_names_the_sqlite_file(tmp_path):
    assert "officer.db" in display_url(f"sqlite:///{tmp_path / 'officer.db'}")


def test_problems_name_the_database_without_its_password():
    with pytest.raises(DatabaseProblem) as caught:
        make_engine("nosuchdialect://officer:geheim@db.example/officer")
    assert "geheim" not in str(caught.value)
    assert "db.example" in str(caught.value)


# --- nothing happens at import time -------------------------------------------------------

IMPORT_EVERYTHING = textwrap.dedent(
    """
    import importlib, pkgutil, sys
    import officer_tui

    skipped = {"officer_tui.__main__", "officer_tui.db.migrations.env"}  # they run, on purpose
    failed = []
    for module in pkgutil.walk_packages(officer_tui.__path__, "officer_tui."):
        if module.name in skipped:
            continue
        try:
            importlib.import_module(module.name)
        except Exception as exc:
            failed.append(f"{module.name}: {exc!r}")
    print("\\n".join(failed))
    """
)


def test_importing_the_package_creates_nothing(tmp_path):
    data_dir = tmp_path / "not-there" / "data"
    home = tmp_path / "home"
    home.mkdir()
    env = {
        **os.environ,
        "OFFICER_DATA_DIR": str(data_dir),
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    env.pop("OFFICER_DB", None)
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_EVERYTHING],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", result.stdout
    assert not data_dir.parent.exists()
    assert list(home.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home"]
