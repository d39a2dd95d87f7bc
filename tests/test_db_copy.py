"""``services/db_copy``: a whole database from SQLite to PostgreSQL and back, verified.

These tests need both databases at once: the sources are SQLite files (the demo data, with
some history and settings), the targets databases on the test run's PostgreSQL server (skipped
with the reason when there is none) or new SQLite files.
"""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

import pytest
import sqlalchemy as sa

from officer_tui import clock
from officer_tui.db.errors import DatabaseProblem
from officer_tui.services import db_copy
from officer_tui.services.errors import ValidationError
from tests.conftest import TODAY, _pg, _seeded


@pytest.fixture(scope="module")
def worked_on(demo_template, tmp_path_factory) -> Path:
    """The demo data after some work: a new request, a triage (history) and a stay-in-touch
    interval (settings in ``appstate``)."""
    from officer_tui.models.enums import Priority, UnitKind
    from officer_tui.services.contacts import set_stay_default
    from officer_tui.services.database import open_database
    from officer_tui.services.requests import create_request, triage

    path = tmp_path_factory.mktemp("worked") / "laptop.db"
    shutil.copyfile(demo_template, path)
    clock.freeze(TODAY)
    try:
        database = open_database(f"sqlite:///{path}")
        with database.session() as session:
            request = create_request(session, data={"title": "Beamer flackert im Trausaal",
                                                    "unit_id": 1, "description": "Seit Montag"})
            session.commit()
            triage(session, request_id=request.id, priority=Priority.HIGH, category="Hardware")
            set_stay_default(session, kind=UnitKind.IT_PROVIDER, days=21)
        database.close()
    finally:
        clock.freeze(None)
    return path


@pytest.fixture
def laptop(worked_on, tmp_path) -> str:
    path = tmp_path / "laptop.db"
    shutil.copyfile(worked_on, path)
    path.chmod(0o600)
    return f"sqlite:///{path}"


@pytest.fixture
def server(request):
    return _pg(request)


@pytest.fixture
def empty_pg(server):
    name = server.create()
    yield server.url(name)
    server.drop(name)


def _engine(url: str):
    from officer_tui.db.engine import make_engine

    return make_engine(url, create=False)


def _table_names(url: str) -> set[str]:
    engine = _engine(url)
    try:
        with engine.connect() as connection:
            return set(sa.inspect(connection).get_table_names())
    finally:
        engine.dispose()


def _read_back(url: str) -> dict:
    """What the app shows of the copy: a request, a search, the history of a record."""
    from officer_tui.services.database import open_database
    from officer_tui.services.history import record_history
    from officer_tui.services.requests import get_request
    from officer_tui.services.search import search

    database = open_database(url)
    try:
        with database.session() as session:
            found = session.execute(sa.text(
                "SELECT id FROM request WHERE title = 'Beamer flackert im Trausaal'")).scalar_one()
            request = get_request(session, found)
            hits = search(session, "beamer trausaal")
            history = record_history(session, table="request", record_id=found)
        return {"id": found, "priority": request.priority.value, "category": request.category,
                "hits": [(hit.kind, hit.record_id) for hit in hits.hits],
                "history": [change.action for change in history]}
    finally:
        database.close()


def test_sqlite_to_postgresql_and_back_gives_the_same_data(laptop, empty_pg, server, tmp_path):
    report = db_copy.copy_database(source_url=laptop, target_url=empty_pg)
    assert report.ok and not report.merged and report.created_schema
    assert report.differing == []
    checks = {check.table: check for check in report.checks}
    assert set(checks) == {info.name for info in db_copy.copied_tables()}
    assert checks["request"].source.rows == 50 and checks["contact"].source.rows == 145
    assert checks["change"].source.rows >= 2 and checks["appstate"].source.rows >= 1
    assert checks["meetingparticipant"].source.rows > 0  # link tables too
    assert report.source_rows == report.target_rows

    on_server = _read_back(empty_pg)
    assert on_server["priority"] == "high" and on_server["category"] == "Hardware"
    assert ("request", on_server["id"]) in on_server["hits"]  # the index was filled
    assert on_server["history"] == ["update", "insert"]

    back = tmp_path / "back" / "officer.db"
    again = db_copy.copy_database(source_url=empty_pg, target_url=f"sqlite:///{back}")
    assert again.ok and again.created_schema
    assert stat.S_IMODE(back.stat().st_mode) == 0o600
    assert again.expected() == report.expected()  # SQLite -> PostgreSQL -> SQLite: identical
    assert db_copy.checksums(f"sqlite:///{back}") == db_copy.checksums(laptop)
    assert _read_back(f"sqlite:///{back}") == on_server

    other = server.create()  # PostgreSQL -> PostgreSQL
    try:
        third = db_copy.copy_database(source_url=empty_pg, target_url=server.url(other))
        assert third.ok and third.expected() == report.expected()
    finally:
        server.drop(other)
    assert _new_request_id(empty_pg) == 51  # the sequence moved past the copied ids


def _new_request_id(url: str) -> int:
    from officer_tui.services.database import open_database
    from officer_tui.services.requests import create_request

    database = open_database(url)
    try:
        with database.session() as session:
            return create_request(session, data={"title": "Neu nach der Kopie", "unit_id": 1}).id
    finally:
        database.close()


def test_a_target_that_holds_data_is_refused_and_left_alone(laptop, server, tmp_path):
    name = server.create(server.template("demo", _seeded))
    target = server.url(name)
    try:
        before = db_copy.checksums(target)
        with pytest.raises(db_copy.TargetNotEmpty) as refused:
            db_copy.copy_database(source_url=laptop, target_url=target)
        assert refused.value.counts["request"] == 49 and refused.value.total > 600
        assert "--merge" in refused.value.message
        assert db_copy.checksums(target) == before
    finally:
        server.drop(name)


def test_a_merge_brings_the_new_and_the_changed_records(laptop, tmp_path):
    from officer_tui.services.database import open_database
    from officer_tui.services.requests import create_request, resolve

    office = f"sqlite:///{tmp_path / 'office.db'}"  # SQLite -> SQLite, then a merge
    assert db_copy.copy_database(source_url=laptop, target_url=office).ok
    database = open_database(laptop)
    with database.session() as session:
        create_request(session, data={"title": "WLAN im Lesesaal", "unit_id": 1})
        session.commit()
        resolve(session, request_id=3, resolution="Erledigt vor Ort")
    database.close()

    report = db_copy.copy_database(source_url=laptop, target_url=office, merge=True)
    assert report.merged and report.checks == []
    summary = report.merge
    assert summary.inserted == {"request": 1}
    assert summary.updated == {"request": 1}
    assert summary.unchanged["contact"] == 145
    assert report.target_rows["request"] == report.source_rows["request"] == 51
    assert report.target_rows["change"] < report.source_rows["change"]  # history stays home


def test_the_same_database_is_refused(laptop, tmp_path, server):
    twisted = laptop.replace("laptop.db", "./laptop.db")
    with pytest.raises(ValidationError) as same:
        db_copy.copy_database(source_url=laptop, target_url=twisted)
    assert same.value.field == "to" and "is the database being copied" in same.value.message

    name = server.create(server.template("demo", _seeded))
    try:
        url = server.url(name)  # postgresql+psycopg://officer_test@/NAME?host=...
        with_password = url.replace("officer_test@", "officer_test:secret@")
        with pytest.raises(ValidationError) as same:
            db_copy.copy_database(source_url=url, target_url=with_password, merge=True)
        assert same.value.field == "to" and "secret" not in same.value.message
    finally:
        server.drop(name)


def test_a_changed_target_fails_the_verification(laptop, tmp_path):
    target = f"sqlite:///{tmp_path / 'copy.db'}"
    report = db_copy.copy_database(source_url=laptop, target_url=target)
    assert report.ok
    engine = _engine(target)
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE request SET title = 'anders' WHERE id = 7"))
        connection.execute(sa.text("DELETE FROM ideagoal WHERE idea_id = "
                                   "(SELECT min(idea_id) FROM ideagoal)"))
    engine.dispose()
    checks = db_copy.verify(report.expected(), target_url=target)
    wrong = {check.table: check for check in checks if not check.ok}
    assert set(wrong) == {"request", "ideagoal"}
    assert wrong["request"].source.rows == wrong["request"].target.rows
    assert wrong["request"].source.checksum != wrong["request"].target.checksum
    assert wrong["ideagoal"].target.rows < wrong["ideagoal"].source.rows


def test_a_row_that_does_not_fit_leaves_no_trace(laptop, empty_pg, tmp_path):
    path = Path(laptop.removeprefix("sqlite:///"))
    import sqlite3

    connection = sqlite3.connect(path)  # SQLite does not enforce lengths; PostgreSQL does
    connection.execute("UPDATE orgunit SET short_name = ? WHERE id = 2", ("x" * 500,))
    connection.commit()
    connection.close()
    with pytest.raises(ValidationError) as unfit:
        db_copy.copy_database(source_url=laptop, target_url=empty_pg)
    assert "orgunit" in unfit.value.message and "short_name" in unfit.value.message
    assert _table_names(empty_pg) == set()  # not even the schema: one transaction

    new_file = tmp_path / "new" / "copy.db"
    with pytest.raises(ValidationError):
        db_copy.copy_database(source_url=laptop, target_url=f"sqlite:///{new_file}")
    assert not new_file.exists()


def test_an_interrupted_copy_leaves_the_target_as_it_was(laptop, empty_pg, tmp_path):
    def interrupt(label: str, done: int, total: int) -> None:
        if done >= 500:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        db_copy.copy_database(source_url=laptop, target_url=empty_pg, progress=interrupt)
    assert _table_names(empty_pg) == set()

    existing = tmp_path / "kept.db"  # an empty file someone prepared stays, empty
    existing.touch(mode=0o600)
    with pytest.raises(KeyboardInterrupt):
        db_copy.copy_database(source_url=laptop, target_url=f"sqlite:///{existing}",
                              progress=interrupt)
    assert existing.exists() and _table_names(f"sqlite:///{existing}") == set()


def test_a_source_behind_the_schema_is_not_copied(laptop, tmp_path):
    import sqlite3

    connection = sqlite3.connect(laptop.removeprefix("sqlite:///"))
    connection.execute("UPDATE alembic_version SET version_num = '0005'")
    connection.commit()
    connection.close()
    target = tmp_path / "copy.db"
    with pytest.raises(DatabaseProblem, match="run 'officer db upgrade' first"):
        db_copy.copy_database(source_url=laptop, target_url=f"sqlite:///{target}")
    assert not target.exists()
