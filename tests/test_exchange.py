"""Full export and import (JSON): round trips, merges without duplicates, newer wins, GDPR."""

from __future__ import annotations

import json
import stat
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select, text

from officer_tui.models.org import Contact, ContactLog, OrgUnit
from officer_tui.models.portfolio import FollowUp, ProjectLink
from officer_tui.models.request import Request
from officer_tui.services import exchange
from officer_tui.services.contacts import create_contact, log_contact
from officer_tui.services.database import open_database
from officer_tui.services.errors import ValidationError
from officer_tui.services.gdpr import erase_person
from officer_tui.services.requests import create_request, update_request
from officer_tui.services.search import search
from officer_tui.services.seed import seed_demo
from officer_tui.services.units import create_unit
from officer_tui.text import fold
from tests.conftest import TODAY

ODD_TITLE = "Straße zum Schloß: Übergabe 🎉\nzweite Zeile «quoted» \\ \"x\""


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
    """This test's database: a copy of the demo data with the hard cases (``fill_demo``) when
    the test asks for ``filled``, else of an empty migrated one. Built once per backend."""
    if "filled" in request.fixturenames:
        return make_db("exchange-filled", filled_at)
    return make_db("exchange-migrated", migrated_at)


@pytest.fixture
def db_url(made) -> str:
    return made[0]


@pytest.fixture
def filled(made) -> dict[str, int]:
    """The ids ``fill_demo`` returned for the database of ``session``."""
    return made[1]


def migrated_at(url: str) -> dict[str, int]:
    open_database(url).close()
    return {}


def filled_at(url: str) -> dict[str, int]:
    database = open_database(url)
    try:
        with database.session() as session:
            return fill_demo(session)
    finally:
        database.close()


def fill_demo(session) -> dict[str, int]:
    """The demo data plus the hard cases: odd text, a logged contact, an erased person."""
    seed_demo(session, today=TODAY)
    unit_id = session.scalar(select(OrgUnit.id).order_by(OrgUnit.id))
    person = create_contact(session, data={"name": "Jörg Weiß", "unit_id": unit_id})
    log_contact(session, contact_id=person.id, note="Telefonat über Schließanlage")
    gone = create_contact(session, data={"name": "Erika Gelöscht", "unit_id": unit_id,
                                         "email": "erika@example.org"})
    log_contact(session, contact_id=gone.id, note="private note")
    erase_person(session, contact_id=gone.id)
    request = create_request(session, data={"title": ODD_TITLE, "unit_id": unit_id,
                                            "requester_id": person.id}, today=TODAY)
    return {"person": person.id, "erased": gone.id, "request": request.id}


def export_tables(session, path) -> dict:
    exchange.export_json(session, path=path)
    return json.loads(path.read_text(encoding="utf-8"))


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_round_trip_of_the_demo_data_loses_nothing(session, open_db, tmp_path, filled):
    ids = filled
    first = export_tables(session, tmp_path / "first.json")
    assert stat.S_IMODE((tmp_path / "first.json").stat().st_mode) == 0o600
    assert first["format"] == "officer-tui-export" and first["schema"] == exchange.schema_head()
    assert "appstate" not in first["tables"]
    assert first["counts"] == {name: len(rows) for name, rows in first["tables"].items()}
    assert list(first)[-1] == "counts"  # written last: a cut file cannot pass

    target = open_db("restored.db")
    with target.session() as other:
        summary = exchange.import_json(other, path=tmp_path / "first.json")
        assert summary.into_empty and not summary.updated and not summary.unchanged
        assert summary.inserted == {name: n for name, n in first["counts"].items() if n}
        second = export_tables(other, tmp_path / "second.json")
        assert second["tables"] == first["tables"]

        # Spot checks through the models: same ids, links, text, GDPR markers.
        request = other.get(Request, ids["request"])
        # A title is one line (the text policy): the line break was stored as a space.
        assert request.title == ODD_TITLE.replace("\n", " ") and request.requester_id == ids["person"]
        erased = other.get(Contact, ids["erased"])
        assert erased.erased_at is not None and erased.name == "" and erased.email == ""
        logs = other.scalars(select(ContactLog.note).where(ContactLog.contact_id == ids["person"]))
        assert list(logs) == ["Telefonat über Schließanlage"]
        participants = other.execute(text(
            "SELECT meeting_id, contact_id, attendance FROM meetingparticipant ORDER BY 1, 2")).all()
        assert participants == session.execute(text(
            "SELECT meeting_id, contact_id, attendance FROM meetingparticipant ORDER BY 1, 2")).all()
        subjects = other.execute(select(FollowUp.id, FollowUp.subject_kind, FollowUp.subject_id)
                                 .order_by(FollowUp.id)).all()
        assert any(kind is not None for _id, kind, _sid in subjects)
        assert subjects == session.execute(select(FollowUp.id, FollowUp.subject_kind,
                                                  FollowUp.subject_id).order_by(FollowUp.id)).all()
        links = other.execute(select(ProjectLink.from_project_id, ProjectLink.to_project_id,
                                     ProjectLink.kind).order_by(ProjectLink.id)).all()
        assert links and links == session.execute(select(
            ProjectLink.from_project_id, ProjectLink.to_project_id, ProjectLink.kind
        ).order_by(ProjectLink.id)).all()
        # The search index was built for the imported rows.
        for word in ("schloss", "Schloß"):
            hits = search(other, word, kinds=["request"], per_group=50).hits
            assert ids["request"] in [hit.record_id for hit in hits], word


def test_importing_the_same_file_twice_changes_nothing(session, open_db, tmp_path, filled):
    exchange.export_json(session, path=tmp_path / "demo.json")
    target = open_db("twice.db")
    with target.session() as other:
        exchange.import_json(other, path=tmp_path / "demo.json")
        before = export_tables(other, tmp_path / "before.json")["tables"]
        again = exchange.import_json(other, path=tmp_path / "demo.json")
        assert not again.into_empty and not again.changed
        # another database's history is not merged (its record ids name other records)
        before_rows = {name: len(rows) for name, rows in before.items() if name != "change"}
        assert again.unchanged == {name: n for name, n in before_rows.items() if n}
        assert export_tables(other, tmp_path / "after.json")["tables"] == before


def test_merge_into_a_database_with_other_data_maps_ids_and_units(session, open_db, tmp_path,
                                                                  filled):
    exported = export_tables(session, tmp_path / "demo.json")
    target = open_db("mine.db")
    with target.session() as other:
        own = create_unit(other, data={"name": "Eigenes Amt"})
        same = create_unit(other, data={"name": "stadtmuseum hohenstein"})  # the demo's name
        mine = create_contact(other, data={"name": "Mia Meier", "unit_id": own.id})
        for n in range(3):
            create_request(other, data={"title": f"Eigene Anfrage {n}", "unit_id": own.id,
                                        "requester_id": mine.id}, today=TODAY)
        summary = exchange.import_json(other, path=tmp_path / "demo.json")
        assert not summary.into_empty
        assert summary.unchanged.get("orgunit") == 1  # the museum: matched by its name
        assert count(other, OrgUnit) == 2 + len(exported["tables"]["orgunit"]) - 1
        assert count(other, Request) == 3 + len(exported["tables"]["request"])
        assert count(other, Contact) == 1 + len(exported["tables"]["contact"])

        # References follow the remapped ids: compare each request's links by uid.
        units = {row["id"]: row for row in exported["tables"]["orgunit"]}
        people = {row["id"]: row["uid"] for row in exported["tables"]["contact"]}
        local_units = dict(other.execute(select(OrgUnit.id, OrgUnit.uid)).all())
        local_people = dict(other.execute(select(Contact.id, Contact.uid)).all())
        for row in exported["tables"]["request"]:
            local = other.scalars(select(Request).where(Request.uid == row["uid"])).one()
            assert local.title == row["title"]
            unit = units[row["unit_id"]]
            if unit["name_folded"] == same.name_folded:
                assert local.unit_id == same.id
            else:
                assert local_units[local.unit_id] == unit["uid"]
            if row["requester_id"] is not None:
                assert local_people[local.requester_id] == people[row["requester_id"]]
        museum_children = other.scalars(select(OrgUnit.name).where(OrgUnit.parent_id == same.id))
        assert list(museum_children) == []  # the demo's museum has no sub-units
        # The local records are untouched and no id was taken twice.
        assert other.get(Request, 1).title == "Eigene Anfrage 0"
        again = exchange.import_json(other, path=tmp_path / "demo.json")
        assert not again.changed
        assert count(other, Request) == 3 + len(exported["tables"]["request"])


def test_a_newer_file_updates_and_a_newer_local_record_is_kept(session, open_db, tmp_path, filled):
    ids = filled
    exchange.export_json(session, path=tmp_path / "old.json")
    target = open_db("laptop.db")
    with target.session() as other:
        exchange.import_json(other, path=tmp_path / "old.json")
        # Changed on the laptop after the export: the laptop's version stays.
        update_request(other, request_id=1, changes={"title": "Auf dem Laptop geändert"})
        # Changed at the office after the export: the office's version comes in.
        update_request(session, request_id=ids["request"], changes={"title": "Im Büro geändert"})
        update_request(session, request_id=1, changes={"title": "Auch im Büro, aber früher"})
        office_row = session.get(Request, 1)
        office_row.updated_at = datetime.now(UTC) - timedelta(days=1)
        session.add(office_row)
        session.commit()
        exchange.export_json(session, path=tmp_path / "new.json")
        version_before = other.get(Request, ids["request"]).version

        summary = exchange.import_json(other, path=tmp_path / "new.json")
        other.expire_all()
        assert summary.updated == {"request": 1}
        changed = other.get(Request, ids["request"])
        assert changed.title == "Im Büro geändert"
        assert changed.version == version_before + 1
        assert other.get(Request, 1).title == "Auf dem Laptop geändert"
        assert not exchange.import_json(other, path=tmp_path / "new.json").changed


def test_an_erased_person_stays_erased_and_an_erasure_in_the_file_comes_in(
    session, open_db, tmp_path, filled
):
    ids = filled
    exchange.export_json(session, path=tmp_path / "before.json")
    target = open_db("other.db")
    with target.session() as other:
        exchange.import_json(other, path=tmp_path / "before.json")
        # Erased here after the export: the old file brings nothing back.
        erase_person(other, contact_id=ids["person"])
        summary = exchange.import_json(other, path=tmp_path / "before.json")
        other.expire_all()
        assert not summary.changed and summary.skipped == {"contactlog": 1}
        person = other.get(Contact, ids["person"])
        assert person.erased_at is not None and person.name == ""
        assert count(other, ContactLog) == count(session, ContactLog) - 1

        # Erased at the office: the import erases here too, logged contacts included.
        victim = session.scalars(select(ContactLog.contact_id).where(
            ContactLog.contact_id != ids["person"])).first()
        name = session.get(Contact, victim).name
        erase_person(session, contact_id=victim)
        exchange.export_json(session, path=tmp_path / "after.json")
        summary = exchange.import_json(other, path=tmp_path / "after.json")
        other.expire_all()
        assert summary.updated.get("contact") == 1
        erased = other.get(Contact, victim)
        assert erased.erased_at is not None and erased.name == ""
        assert other.scalar(select(func.count()).where(ContactLog.contact_id == victim)) == 0
        assert count(other, ContactLog) == count(session, ContactLog) - 1  # still without ids["person"]
        word = name.split()[-1].lower()
        hits = search(other, word, kinds=["contact"]).total
        assert hits == 0 or word in {"der", "die"}
        indexed = other.execute(text(
            "SELECT title || ' ' || body FROM search_index WHERE kind = 'contact' "
            "AND record_id = :id"), {"id": victim}).scalars().all()
        assert all(word not in fold(row) for row in indexed)


def test_dry_run_reports_and_writes_nothing(session, open_db, tmp_path, filled):
    exchange.export_json(session, path=tmp_path / "demo.json")
    target = open_db("dry.db")
    with target.session() as other:
        seen = []
        summary = exchange.import_json(other, path=tmp_path / "demo.json", dry_run=True,
                                       progress=lambda label, done, total: seen.append(label))
        assert summary.dry_run and summary.into_empty and summary.inserted["request"] == 50
        assert count(other, Request) == 0 and count(other, OrgUnit) == 0
        assert "Requests" in seen and "Units" in seen
        real = exchange.import_json(other, path=tmp_path / "demo.json")
        assert real.inserted == summary.inserted


def test_header_is_read_without_importing(session, tmp_path, filled):
    exchange.export_json(session, path=tmp_path / "demo.json")
    header = exchange.read_header(tmp_path / "demo.json")
    assert header.schema == exchange.schema_head()
    assert header.counts["request"] == 50 and header.app_version
    assert header.exported_at.tzinfo is not None


def test_compressed_export_round_trips(session, open_db, tmp_path, filled):
    exchange.export_json(session, path=tmp_path / "demo.json.gz")
    assert (tmp_path / "demo.json.gz").read_bytes()[:2] == b"\x1f\x8b"
    assert exchange.read_header(tmp_path / "demo.json.gz").counts["request"] == 50
    target = open_db("gz.db")
    with target.session() as other:
        summary = exchange.import_json(other, path=tmp_path / "demo.json.gz")
        assert summary.inserted["request"] == 50


def test_a_few_thousand_generated_rows_round_trip_in_batches(session, open_db, tmp_path):
    from officer_tui.services.seed import seed_scale

    seed_scale(session, count=5000, today=TODAY)
    first = export_tables(session, tmp_path / "scale.json")
    assert len(first["tables"]["request"]) == 5000 > exchange.BATCH
    target = open_db("scale.db")
    with target.session() as other:
        progress = []
        exchange.import_json(other, path=tmp_path / "scale.json",
                             progress=lambda label, done, total: progress.append((done, total)))
        assert progress[-1][0] == progress[-1][1] == sum(first["counts"].values())
        assert [done for done, _ in progress] == sorted(done for done, _ in progress)
        assert export_tables(other, tmp_path / "again.json")["tables"] == first["tables"]
        merged = exchange.import_json(other, path=tmp_path / "scale.json")
        assert not merged.changed


def test_a_failed_export_leaves_the_previous_file(session, tmp_path, filled):
    target = tmp_path / "demo.json"
    target.write_text("old content", encoding="utf-8")
    with pytest.raises(ValidationError):
        exchange.export_json(session, path=target, progress=_fail_at_requests)
    assert target.read_text(encoding="utf-8") == "old content"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def _fail_at_requests(label: str, done: int, total: int) -> None:
    if label == "Requests":
        raise ValidationError("out", "stopped")


def test_dates_stay_dates(session, open_db, tmp_path, filled):
    ids = filled
    exported = export_tables(session, tmp_path / "demo.json")
    row = next(r for r in exported["tables"]["request"] if r["id"] == ids["request"])
    assert row["received_on"] == TODAY.isoformat()
    assert datetime.fromisoformat(row["created_at"]).utcoffset() == timedelta(0)
    target = open_db("dates.db")
    with target.session() as other:
        exchange.import_json(other, path=tmp_path / "demo.json")
        assert other.get(Request, ids["request"]).received_on == date(2026, 3, 2)


def test_the_daily_urgency_refresh_is_no_change_of_the_request(session, filled):
    """A merge trusts ``updated_at``: recomputing urgencies for a new day must not touch it."""
    from officer_tui.services.requests import refresh_urgency

    before = dict(session.execute(select(Request.id, Request.updated_at)).all())
    assert refresh_urgency(session, today=TODAY + timedelta(days=30)) > 0
    session.commit()
    session.expire_all()
    assert dict(session.execute(select(Request.id, Request.updated_at)).all()) == before


def _new_records(session, unit_id: int) -> dict[str, int]:
    """One new record of each kind, through the services: the ids the database hands out."""
    from officer_tui.services import followups, goals, ideas, meetings, projects, trainings

    person = create_contact(session, data={"name": "Neu Nach Restore", "unit_id": unit_id})
    programme = trainings.add_programme(session, data={"title": "KI nach dem Restore"})
    return {
        "orgunit": create_unit(session, data={"name": "Amt nach dem Restore"}).id,
        "contact": person.id,
        "contactlog": log_contact(session, contact_id=person.id, note="Erstgespräch").id,
        "request": create_request(session, data={"title": "Neu", "unit_id": unit_id},
                                  today=TODAY).id,
        "strategicgoal": goals.create_goal(session, code="R9", title="Nach dem Restore").id,
        "idea": ideas.create_idea(session, data={"title": "Neue Idee"}, today=TODAY).id,
        "project": projects.create_project(session, data={"title": "Neues Projekt",
                                                          "owner_unit_id": unit_id}).id,
        "meeting": meetings.add_meeting(session, data={"title": "Neuer Termin", "kind": "workshop",
                                                       "held_on": TODAY}).id,
        "followup": followups.add_followup(session, data={"title": "Neu nachfassen",
                                                          "due_on": TODAY}).id,
        "trainingprogramme": programme.id,
        "trainingsession": trainings.add_session(session, data={
            "programme_id": programme.id, "held_on": TODAY + timedelta(days=7)}).id,
    }


def test_records_created_after_a_restore_or_a_merge_get_numbers_of_their_own(
    session, open_db, tmp_path, filled
):
    """An import writes rows with their numbers; the next record of every kind must get the
    next free number, not clash with one (PostgreSQL: the sequences are moved past them)."""
    from officer_tui.models.history import Change

    exported = export_tables(session, tmp_path / "demo.json")
    highest = {name: max(row["id"] for row in rows)
               for name, rows in exported["tables"].items() if rows and "id" in rows[0]}
    restored = open_db("restored.db")
    with restored.session() as other:
        assert exchange.import_json(other, path=tmp_path / "demo.json").into_empty
        unit_id = other.scalar(select(OrgUnit.id).order_by(OrgUnit.id))
        history_before = other.scalar(select(func.max(Change.id)))
        assert history_before == highest["change"]  # a restore brings the history
        new = _new_records(other, unit_id)
        assert new == {name: highest[name] + 1 for name in new}
        assert other.scalar(select(func.min(Change.id)).where(Change.id > history_before)) == (
            history_before + 1)  # and the history goes on after its own numbers
    busy = open_db("busy.db")
    with busy.session() as other:
        for number in range(3):
            create_unit(other, data={"name": f"Eigenes Amt {number}"})
        summary = exchange.import_json(other, path=tmp_path / "demo.json")
        assert not summary.into_empty
        taken = {name: other.scalar(text(f"SELECT max(id) FROM {name}")) or 0 for name in highest
                 if name != "change"}
        unit_id = other.scalar(select(OrgUnit.id).order_by(OrgUnit.id))
        new = _new_records(other, unit_id)
        assert new == {name: taken[name] + 1 for name in new}


def test_an_export_is_one_moment_while_another_program_writes(session, database, tmp_path,
                                                              filled):
    """Another program adds a request while the export runs (after its first rows): the file
    holds the database as it was when the export began, its counts and rows agreeing (also
    when the exporting session had read before)."""
    requests_before = count(session, Request)  # this session's transaction has begun
    unit_id = session.scalar(select(OrgUnit.id).order_by(OrgUnit.id))
    other = open_database(database.url)
    wrote = []

    def write_meanwhile(label: str, done: int, total: int) -> None:
        if wrote or not done:
            return
        with other.session() as meanwhile:
            create_request(meanwhile, data={"title": "Meanwhile", "unit_id": unit_id},
                           today=TODAY)
        wrote.append(label)

    try:
        exchange.export_json(session, path=tmp_path / "moment.json", progress=write_meanwhile)
    finally:
        other.close()
    assert wrote  # the other program did write while the export was running
    data = json.loads((tmp_path / "moment.json").read_text(encoding="utf-8"))
    assert len(data["tables"]["request"]) == data["counts"]["request"] == requests_before
    assert "Meanwhile" not in {row["title"] for row in data["tables"]["request"]}
    assert wrote[0] != "Requests"  # written before the requests were read
    assert count(session, Request) == requests_before + 1  # it is there for the next export
