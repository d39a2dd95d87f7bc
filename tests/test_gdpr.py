"""Data protection: review dates, the Art. 15 export and the Art. 17 erasure."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import text
from sqlmodel import SQLModel, select

from officer_tui.models.enums import Channel, RecordKind, UnitKind
from officer_tui.models.org import Contact, ContactLog
from officer_tui.services import contacts, gdpr, requests, timeline, units
from officer_tui.services.errors import ValidationError

TODAY = date(2026, 3, 2)


@pytest.fixture
def jürgen(session) -> dict[str, int]:
    museum = units.create_unit(session, data={"name": "Stadtmuseum", "kind": UnitKind.MUSEUM}).id
    person = contacts.create_contact(session, data={
        "name": "Jürgen Müller-Weiß", "unit_id": museum, "role": "Kasse", "email": "jm@example.org",
        "phone": "05555 1", "notes": "mag Kaffee", "purpose": "Ansprechperson Kasse",
        "legal_basis": "Art. 6 Abs. 1 lit. e DSGVO", "review_on": TODAY - timedelta(days=3)}).id
    other = contacts.create_contact(session, data={"name": "Anna Albers", "unit_id": museum,
                                                   "review_on": TODAY + timedelta(days=30)}).id
    req = requests.create_request(session, data={
        "title": "Kassendrucker", "unit_id": museum, "requester_id": person,
        "received_on": TODAY - timedelta(days=5)}, today=TODAY).id
    mention = requests.create_request(session, data={
        "title": "Schulung", "unit_id": museum, "requester_id": other,
        "description": "Herr Müller-Weiß möchte teilnehmen", "received_on": TODAY}, today=TODAY).id
    log = contacts.log_contact(session, contact_id=person, channel=Channel.PHONE,
                               note="Rückruf wegen Kasse", today=TODAY).id
    return {"museum": museum, "person": person, "other": other, "request": req,
            "mention": mention, "log": log}


def test_review_due_lists_people_past_their_date(session, jürgen):
    assert list(contacts.contact_ids(session, review_due=True, today=TODAY)) == [jürgen["person"]]
    [row] = contacts.list_contacts(session, review_due=True, today=TODAY)
    assert row.review_due and row.review_on == TODAY - timedelta(days=3)
    later = contacts.contact_ids(session, review_due=True, today=TODAY + timedelta(days=40))
    assert set(later) == {jürgen["person"], jürgen["other"]}


def test_gdpr_fields_are_edited_and_validated(session, jürgen):
    contacts.update_contact(session, contact_id=jürgen["other"], changes={
        "purpose": "  Projekt ", "legal_basis": "Einwilligung", "review_on": TODAY})
    contact = contacts.get_contact(session, jürgen["other"])
    assert (contact.purpose, contact.legal_basis, contact.review_on) == ("Projekt", "Einwilligung", TODAY)
    with pytest.raises(ValidationError) as error:
        contacts.update_contact(session, contact_id=jürgen["other"], changes={"legal_basis": "x" * 201})
    assert error.value.field == "legal_basis"


def test_export_holds_everything_about_the_person(session, jürgen):
    data = gdpr.export_person(session, jürgen["person"], today=TODAY)
    assert data["contact"]["name"] == "Jürgen Müller-Weiß"
    assert data["contact"]["unit"] == {"id": jürgen["museum"], "name": "Stadtmuseum"}
    assert data["contact"]["legal_basis"] == "Art. 6 Abs. 1 lit. e DSGVO"
    assert data["contact"]["review_on"] == "2026-02-27"
    assert data["contact_logs"] == [{"id": jürgen["log"], "happened_on": "2026-03-02",
                                     "channel": "phone", "note": "Rückruf wegen Kasse"}]
    assert [(e["kind"], e["record_id"]) for e in data["timeline"]] == [
        ("contact_log", jürgen["log"]), ("request", jürgen["request"])]
    assert data["last_contact"] == "2026-03-02"
    assert data["records_mentioning_name"] == [
        {"kind": "request", "id": jürgen["mention"], "title": "Schulung"}]
    encoded = gdpr.to_json(data)
    assert "Jürgen Müller-Weiß" in encoded  # umlauts kept, not \u escapes
    assert json.loads(encoded) == data


def test_markdown_export_reads_in_english_and_german(session, jürgen, german):
    from officer_tui.i18n import _

    markdown = gdpr.to_markdown(gdpr.export_person(session, jürgen["person"], today=TODAY))
    assert markdown.startswith("# " + _("Data held about {name}").format(name="Jürgen Müller-Weiß"))
    assert "02.03.2026" in markdown  # German dates
    assert "Rückruf wegen Kasse" in markdown and "Kassendrucker" in markdown
    assert "#" + str(jürgen["mention"]) in markdown


def test_write_export_by_suffix_with_private_mode(session, jürgen, tmp_path):
    written = gdpr.write_export(session, jürgen["person"], tmp_path / "out" / "p.md", today=TODAY)
    assert written.read_text(encoding="utf-8").startswith("# Data held about Jürgen Müller-Weiß")
    assert written.stat().st_mode & 0o777 == 0o600
    with pytest.raises(ValidationError) as error:
        gdpr.write_export(session, jürgen["person"], tmp_path / "p.txt")
    assert error.value.field == "format"
    paths = gdpr.export_both(session, jürgen["person"], today=TODAY)
    assert [p.name for p in paths] == [f"person-{jürgen['person']}-2026-03-02.json",
                                       f"person-{jürgen['person']}-2026-03-02.md"]
    assert paths[0].parent == gdpr.exports_dir()


def test_preview_says_what_will_change(session, jürgen):
    preview = gdpr.erasure_preview(session, jürgen["person"])
    assert preview.name == "Jürgen Müller-Weiß"
    assert set(preview.blanked) == {"name", "role", "email", "phone", "notes", "purpose", "legal_basis"}
    assert preview.logs_deleted == 1
    assert preview.kept == {RecordKind.REQUEST: 1}
    assert [m.record_id for m in preview.mentions] == [jürgen["mention"]]
    assert gdpr.count_text(RecordKind.REQUEST, 1) == "1 request"


def test_erase_leaves_a_tombstone_and_keeps_the_records(session, jürgen):
    gdpr.erase_person(session, contact_id=jürgen["person"])
    session.expire_all()
    contact = session.get(Contact, jürgen["person"])
    assert contact.erased_at is not None
    assert (contact.name, contact.role, contact.email, contact.phone, contact.notes,
            contact.purpose, contact.legal_basis, contact.name_folded) == ("",) * 8
    assert session.exec(select(ContactLog)).all() == []
    # the request stays, linked, and shows "erased person"
    assert requests.get_request(session, jürgen["request"]).requester_id == jürgen["person"]
    assert requests.request_detail(session, jürgen["request"], today=TODAY).requester_name == "erased person"
    [row] = [r for r in requests.list_requests(session, today=TODAY) if r.id == jürgen["request"]]
    assert row.requester_name == "erased person"
    assert [e.record_id for e in timeline.timeline(session, jürgen["person"])] == [jürgen["request"]]
    # hidden from lists and searches, shown as "erased person" when asked for
    assert jürgen["person"] not in contacts.contact_ids(session)
    assert jürgen["person"] in contacts.contact_ids(session, include_erased=True)
    assert contacts.person_row(session, jürgen["person"]).name == "erased person"
    with pytest.raises(ValidationError):
        contacts.find_contact(session, "Jürgen Müller-Weiß")
    assert dangling_references(session) == []
    exported = gdpr.export_person(session, jürgen["person"], today=TODAY)
    assert exported["contact"]["name"] == "erased person" and exported["contact_logs"] == []


def dangling_references(session) -> list[str]:
    """Rows whose foreign key points to no row, for every foreign key of the schema, as the
    database itself reports them: SQLite's ``foreign_key_check``; on PostgreSQL, which
    refuses such rows, any foreign key that is missing or not validated there, and a join per
    key to be sure."""
    from sqlalchemy import and_, func

    found = []
    bind = session.connection()
    if bind.dialect.name == "sqlite":
        found += [repr(row) for row in session.execute(text("PRAGMA foreign_key_check")).all()]
    else:
        enforced = set(session.execute(text(
            "SELECT conrelid::regclass::text, conname FROM pg_constraint "
            "WHERE contype = 'f' AND convalidated")).all())
    for table in SQLModel.metadata.sorted_tables:
        for key in table.foreign_key_constraints:
            if bind.dialect.name != "sqlite" and (table.name, key.name) not in enforced:
                found.append(f"{table.name}.{key.name} is not enforced")
            parent = key.referred_table.alias()
            joined = and_(*(parent.c[e.column.name] == e.parent for e in key.elements))
            orphans = session.execute(
                select(func.count()).select_from(table.outerjoin(parent, joined)).where(
                    and_(*(e.parent.is_not(None) for e in key.elements)),
                    parent.c[key.elements[0].column.name].is_(None))).scalar_one()
            if orphans:
                found.append(f"{table.name}.{key.name}: {orphans} rows")
    return found


def test_an_erased_person_cannot_be_erased_again_or_edited(session, jürgen):
    gdpr.erase_person(session, contact_id=jürgen["person"])
    with pytest.raises(ValidationError) as error:
        gdpr.erase_person(session, contact_id=jürgen["person"])
    assert "erased already" in error.value.message
    with pytest.raises(ValidationError) as error:
        contacts.update_contact(session, contact_id=jürgen["person"], changes={"name": "Neu"})
    assert "was erased" in error.value.message
    with pytest.raises(ValidationError):
        contacts.log_contact(session, contact_id=jürgen["person"], today=TODAY)


def test_search_key_drops_titles():
    assert gdpr.search_key("Dr. Katharina Albers") == "albers"
    assert gdpr.search_key("Prof. Dr. Jürgen Weiß") == "weiss"
