"""Exports of an older version (schema 0004, before uids) are upgraded on the way in."""

from __future__ import annotations

import json
import re
import tempfile

import pytest
from sqlalchemy import select, text

from officer_tui.cli import main
from officer_tui.models.org import Contact, ContactLog, OrgUnit
from officer_tui.models.portfolio import FollowUp, ProjectLink
from officer_tui.models.request import Request
from officer_tui.services import exchange
from officer_tui.services.database import open_database
from officer_tui.services.errors import ValidationError
from officer_tui.services.exchange_tables import exported_tables
from officer_tui.services.requests import create_request
from officer_tui.services.search import search
from officer_tui.services.units import create_unit
from tests.conftest import TODAY
from tests.test_exchange import ODD_TITLE, count, filled_at, migrated_at

OLD = "0004"


@pytest.fixture(autouse=True)
def scratch(tmp_path, monkeypatch):
    """The folder temporary files go to: each test checks that nothing is left in it."""
    folder = tmp_path / "scratch"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture
def open_db(other_db_url):
    """``open_db(name)``: one more database of this test's backend, opened (closed after)."""
    opened = []

    def make(name: str):
        database = open_database(other_db_url(name))
        opened.append(database)
        return database

    yield make
    for database in opened:
        database.close()


@pytest.fixture
def made(request, make_db) -> tuple[str, dict[str, int]]:
    """As in test_exchange: the demo data with the hard cases for ``source``, built once."""
    if "source" in request.fixturenames:
        return make_db("exchange-filled", filled_at)
    return make_db("exchange-migrated", migrated_at)


@pytest.fixture
def db_url(made) -> str:
    return made[0]


@pytest.fixture
def source(session, made, tmp_path):
    """The demo data (with the hard cases) and its export, as schema 0004 wrote it: no uids."""
    ids = made[1]
    exchange.export_json(session, path=tmp_path / "current.json")
    data = json.loads((tmp_path / "current.json").read_text(encoding="utf-8"))
    current = data["tables"]
    # Schema 0004 had neither uids nor the change history.
    old = dict(data, schema=OLD, tables={
        name: [{key: value for key, value in row.items() if key != "uid"} for row in rows]
        for name, rows in current.items() if name != "change"
    }, counts={name: n for name, n in data["counts"].items() if name != "change"})
    path = write(tmp_path / "old.json", old)
    return {"ids": ids, "path": path, "data": old, "current": current}


def write(path, data):
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def without_uids(tables: dict) -> dict:
    return {name: [{k: v for k, v in row.items() if k != "uid"} for row in rows]
            for name, rows in tables.items()}


def uids(session) -> dict[str, list[str]]:
    return {info.name: list(session.scalars(select(info.table.c.uid)))
            for info in exported_tables() if info.tracked}


def state(session) -> tuple[int, ...]:
    return tuple(count(session, model) for model in (OrgUnit, Contact, Request, ContactLog))


def test_the_header_of_an_older_export_is_read_and_says_so(source, scratch):
    header = exchange.read_header(source["path"])
    assert header.schema == OLD and header.older
    assert header.counts == source["data"]["counts"]
    assert not exchange.read_header(source["path"].with_name("current.json")).older
    assert list(scratch.iterdir()) == []


def test_restore_into_an_empty_database_upgrades_every_record(source, session, open_db,
                                                              tmp_path, scratch):
    ids = source["ids"]
    target = open_db("laptop.db")
    with target.session() as other:
        summary = exchange.import_json(other, path=source["path"])
        assert summary.into_empty and not summary.updated and not summary.unchanged
        assert summary.inserted == {name: n for name, n in source["data"]["counts"].items() if n}

        # Everything is there, with the same ids and values; only the uids are new.
        exchange.export_json(other, path=tmp_path / "after.json")
        after = json.loads((tmp_path / "after.json").read_text(encoding="utf-8"))
        assert after["schema"] == exchange.schema_head()
        assert after["tables"].pop("change") == []  # the old file had no history
        assert without_uids(after["tables"]) == source["data"]["tables"]
        fresh, original = uids(other), uids(session)
        for name, values in fresh.items():
            if name == "change":
                continue
            assert all(re.fullmatch(r"[0-9a-f]{32}", uid) for uid in values), name
            assert len(set(values)) == len(values) == len(original[name]), name
            assert not set(values) & set(original[name]), name

        # Links intact: requester, participants, follow-up subjects, project links, GDPR.
        request = other.get(Request, ids["request"])
        # (a one-line title: the line break was stored as a space)
        assert request.title == ODD_TITLE.replace("\n", " ") and request.requester_id == ids["person"]
        erased = other.get(Contact, ids["erased"])
        assert erased.erased_at is not None and erased.name == ""
        for query in (
            text("SELECT meeting_id, contact_id, attendance FROM meetingparticipant ORDER BY 1, 2"),
            select(FollowUp.id, FollowUp.subject_kind, FollowUp.subject_id).order_by(FollowUp.id),
            select(ProjectLink.from_project_id, ProjectLink.to_project_id).order_by(ProjectLink.id),
        ):
            rows = other.execute(query).all()
            assert rows and rows == session.execute(query).all()

        # The search finds the request by a word of its title.
        found = search(other, "Schloß", kinds=["request"])
        assert ids["request"] in [hit.record_id for group in found.groups for hit in group.hits]
    assert list(scratch.iterdir()) == []


def test_merge_into_a_database_with_data_and_a_second_import_changes_nothing(
    source, open_db, scratch
):
    target = open_db("office.db")
    with target.session() as other:
        same_name = source["data"]["tables"]["orgunit"][0]["name"]
        unit = create_unit(other, data={"name": same_name})
        own = create_request(other, data={"title": "Eigener Antrag", "unit_id": unit.id},
                             today=TODAY)
        other.commit()
        summary = exchange.import_json(other, path=source["path"])
        assert not summary.into_empty
        file_requests = source["data"]["counts"]["request"]
        assert summary.inserted["request"] == file_requests
        assert count(other, Request) == file_requests + 1
        assert other.get(Request, own.id).title == "Eigener Antrag"
        # Records without uids are still recognised by their unique keys (a unit by its name).
        units = source["data"]["counts"]["orgunit"]
        assert summary.inserted["orgunit"] == units - 1
        assert count(other, OrgUnit) == units

        # The same old file again: its records keep the uids they got the first time.
        before = uids(other)
        again = exchange.import_json(other, path=source["path"])
        assert not again.changed
        assert uids(other) == before
    assert list(scratch.iterdir()) == []


def test_a_dry_run_upgrades_and_writes_nothing(source, open_db, scratch):
    target = open_db("dry.db")
    with target.session() as other:
        create_unit(other, data={"name": "Eigenes Amt"})
        other.commit()
        before = state(other)
        preview = exchange.import_json(other, path=source["path"], dry_run=True)
        assert preview.dry_run and preview.inserted["request"] == source["data"]["counts"]["request"]
        assert state(other) == before
        real = exchange.import_json(other, path=source["path"])
        assert real.inserted == preview.inserted and real.unchanged == preview.unchanged
    assert list(scratch.iterdir()) == []


def refused(session, path) -> str:
    before = state(session)
    with pytest.raises(ValidationError) as caught:
        exchange.import_json(session, path=path)
    assert caught.value.field == "file"
    assert state(session) == before
    with pytest.raises(ValidationError) as again:
        exchange.import_json(session, path=path, dry_run=True)
    assert again.value.message == caught.value.message
    assert state(session) == before
    return caught.value.message


def test_a_column_the_old_schema_did_not_have_is_refused(source, open_db, tmp_path, scratch):
    data = source["data"]
    data["tables"]["request"][2]["priority_score"] = 7
    path = write(tmp_path / "odd.json", data)
    target = open_db("kept.db")
    with target.session() as other:
        create_unit(other, data={"name": "Eigenes Amt"})
        other.commit()
        message = refused(other, path)
    assert message.startswith("table request, row 3 (id ")
    assert "column priority_score: schema 0004 has no such column" in message
    assert list(scratch.iterdir()) == []


def test_values_and_tables_that_do_not_fit_are_refused(source, session, tmp_path, scratch):
    data = source["data"]
    data["tables"]["request"][0]["received_on"] = "yesterday"
    message = refused(session, write(tmp_path / "date.json", data))
    assert "table request, row 1" in message and "column received_on" in message
    assert "'yesterday' is not a date" in message

    data = json.loads(source["path"].read_text(encoding="utf-8"))
    data["tables"]["appstate"] = []
    data["counts"]["appstate"] = 0
    message = refused(session, write(tmp_path / "table.json", data))
    assert message == "holds a table that schema 0004 did not have: appstate"

    data = json.loads(source["path"].read_text(encoding="utf-8"))
    data["tables"]["request"].pop()
    message = refused(session, write(tmp_path / "short.json", data))
    assert "table request has" in message and "its count says" in message
    assert list(scratch.iterdir()) == []


def test_cancelled_while_upgrading_leaves_nothing_behind(source, open_db, scratch):
    class Stop(Exception):
        pass

    seen = []

    def progress(label: str, done: int, total: int) -> None:
        seen.append(label)
        if done:
            raise Stop

    target = open_db("cancel.db")
    with target.session() as other, pytest.raises(Stop):
        exchange.import_json(other, path=source["path"], progress=progress)
    assert seen[-1] == "Upgrading the export from schema 0004 …"
    with target.session() as other:
        assert state(other) == (0, 0, 0, 0)
    assert list(scratch.iterdir()) == []


def test_the_cli_imports_an_older_export(source, other_db_url, capsys, scratch):
    laptop = other_db_url("cli.db")
    code = main(["--db", str(laptop), "import", str(source["path"]), "--dry-run"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "Dry run: nothing was written." in out
    code = main(["--db", str(laptop), "import", str(source["path"]), "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    summary = json.loads(out)
    assert summary["into_empty"] is True
    assert summary["tables"]["request"]["inserted"] == source["data"]["counts"]["request"]
    assert list(scratch.iterdir()) == []
