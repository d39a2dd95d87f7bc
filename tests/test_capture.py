"""Quick capture: a line becomes a request, idea, follow-up, project or meeting, through the
domain services; refused lines name the field and write nothing."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from officer_tui.models.enums import (
    Channel,
    IdeaStatus,
    MeetingKind,
    Priority,
    RecordKind,
    RequestStatus,
)
from officer_tui.models.meeting import Meeting, MeetingParticipant
from officer_tui.models.portfolio import FollowUp, Idea, Project
from officer_tui.models.request import Request
from officer_tui.quickline import CaptureKind, understand
from officer_tui.services import capture, contacts, units
from officer_tui.services.errors import ValidationError
from tests.conftest import TODAY

FRIDAY, NEXT_MONDAY, IN_TWO_WEEKS = date(2026, 3, 6), date(2026, 3, 9), date(2026, 3, 16)


@pytest.fixture
def city(session):
    """A small demo-like city: two museums, a library, the IT provider, five people."""
    ids = {}
    for key, name, short, kind in (
        ("museum", "Stadtmuseum Hohenstein", "Stadtmuseum", "museum"),
        ("kunsthalle", "Kunsthalle Hohenstein", "Kunsthalle", "museum"),
        ("library", "Stadtbibliothek Hohenstein", "Stadtbibliothek", "library"),
        ("it", "KommunalIT Hohenstein", "KommunalIT", "it_provider"),
    ):
        ids[key] = units.create_unit(
            session, data={"name": name, "short_name": short, "kind": kind}).id
    for key, name, unit in (
        ("jana", "Jana Schmidt", "museum"), ("petra", "Petra Schmidt", "library"),
        ("uwe", "Uwe Krüger", "library"), ("aylin", "Aylin Demir", None),
        ("jonas", "Jonas Weber", "it"),
    ):
        ids[key] = contacts.create_contact(
            session, data={"name": name, "unit_id": ids[unit] if unit else None}).id
    return ids


def counts(session) -> dict[str, int]:
    return {model.__name__: session.execute(select(func.count()).select_from(model)).scalar_one()
            for model in (Request, Idea, FollowUp, Project, Meeting)}


def save(session, line: str):
    reading = capture.understand_line(session, line, today=TODAY)
    return reading, capture.save_capture(session, reading, today=TODAY)


def test_the_german_request_of_the_issue(session, city):
    reading, saved = save(session, "Anfrage Stadtmuseum: Drucker defekt !hoch bis Freitag @Schmidt")
    # "@Schmidt" is two people, but only Jana Schmidt works at the Stadtmuseum.
    assert reading.person and reading.person.id == city["jana"] and reading.refused == ()
    assert (saved.kind, saved.title) == (RecordKind.REQUEST, "Drucker defekt")
    request = session.get(Request, saved.record_id)
    assert request.unit_id == city["museum"]
    assert request.priority == Priority.HIGH and request.due_on == FRIDAY
    assert request.requester_id == city["jana"] and request.channel == Channel.PHONE
    assert request.received_on == TODAY and request.status == RequestStatus.NEW
    assert request.urgency > 0  # kept by the requests service


def test_the_english_idea_of_the_issue_with_a_follow_up_from_its_date(session, city):
    reading, saved = save(session, "idea Library: chatbot for opening hours due next monday")
    assert reading.notes == ("the date becomes a follow-up on the idea",)
    idea = session.get(Idea, saved.record_id)
    assert (idea.title, idea.unit_id, idea.submitted_on, idea.status) == (
        "chatbot for opening hours", city["library"], TODAY, IdeaStatus.SUBMITTED)
    followup = session.get(FollowUp, saved.followup_id)
    assert (followup.title, followup.due_on, followup.subject_kind, followup.subject_id) == (
        "Review idea: chatbot for opening hours", NEXT_MONDAY, RecordKind.IDEA, idea.id)


def test_a_follow_up_with_owner(session, city):
    _reading, saved = save(session, "WV: Förderbescheid nachfassen in zwei Wochen @Krüger")
    followup = session.get(FollowUp, saved.record_id)
    assert saved.kind == RecordKind.FOLLOWUP
    assert (followup.title, followup.due_on, followup.owner_id, followup.done_on) == (
        "Förderbescheid nachfassen", IN_TWO_WEEKS, city["uwe"], None)


def test_a_follow_up_keeps_the_unit_in_its_title(session, city):
    reading, saved = save(session, "todo Kunsthalle: Leihvertrag prüfen morgen")
    assert reading.unit is None and reading.title == "Kunsthalle: Leihvertrag prüfen"
    assert session.get(FollowUp, saved.record_id).title == "Kunsthalle: Leihvertrag prüfen"
    # Even a unit nobody knows: it stays in the title, nothing is lost, nothing refused.
    reading = capture.understand_line(session, "WV Stadtarchiv: Scanner morgen", today=TODAY)
    assert reading.can_save and reading.title == "Stadtarchiv: Scanner"


def test_a_meeting_with_host_participant_and_kind(session, city):
    reading, saved = save(session, "Termin Stadtbibliothek: Jour fixe Bibliothek morgen @Uwe")
    assert reading.meeting_kind == MeetingKind.JOUR_FIXE
    meeting = session.get(Meeting, saved.record_id)
    assert (meeting.title, meeting.held_on, meeting.kind, meeting.unit_id) == (
        "Jour fixe Bibliothek", date(2026, 3, 3), MeetingKind.JOUR_FIXE, city["library"])
    people = session.execute(select(MeetingParticipant.contact_id)
                             .where(MeetingParticipant.meeting_id == meeting.id)).scalars().all()
    assert people == [city["uwe"]]


def test_the_meeting_line_of_the_brief_without_a_unit(session, city):
    _reading, saved = save(session, "Termin Jour fixe Bibliothek morgen")
    meeting = session.get(Meeting, saved.record_id)
    assert (meeting.title, meeting.held_on, meeting.unit_id) == (
        "Jour fixe Bibliothek", date(2026, 3, 3), None)


def test_a_project_with_lead_and_a_follow_up_from_its_date(session, city):
    reading, saved = save(session, "Projekt KommunalIT: Open-Data-Portal @Demir Ende des Monats !hoch")
    assert "the priority is left out: only requests have one" in reading.notes
    project = session.get(Project, saved.record_id)
    assert (project.title, project.owner_unit_id, project.lead_id) == (
        "Open-Data-Portal", city["it"], city["aylin"])
    followup = session.get(FollowUp, saved.followup_id)
    assert (followup.due_on, followup.subject_kind, followup.subject_id) == (
        date(2026, 3, 31), RecordKind.PROJECT, project.id)


def test_without_a_unit_the_persons_unit_is_taken(session, city):
    reading, saved = save(session, "Beamer im Vortragssaal flackert @Weber")
    assert reading.unit_from_person and reading.unit.id == city["it"]
    assert session.get(Request, saved.record_id).unit_id == city["it"]
    reading = capture.understand_line(session, "Idee: Kinder-Audioguide @Jana.Schmidt", today=TODAY)
    assert reading.unit_from_person and reading.unit.id == city["museum"]


@pytest.mark.parametrize(("line", "field", "words"), [
    ("Drucker defekt", "unit", "say which unit"),
    ("Projekt: Open Data", "unit", "say which unit"),
    ("Projekt Open Data @Demir", "unit", "say which unit"),  # Aylin Demir has no unit
    ("WV: Förderbescheid nachfassen @Krüger", "due", "say when"),
    ("Termin Jour fixe", "date", "say when"),
    ("Anfrage Stadtarchiv: Scanner fehlt", "unit", "unknown unit 'Stadtarchiv'"),
    ("Anfrage Museum: Vitrine", "unit", "'Museum' matches 2 units"),
    ("Idee: Chatbot @Schmidt", "person", "@Schmidt matches 2 contacts (Jana Schmidt, Petra Schmidt)"),
    ("Stadtmuseum: Vitrine @Nobody", "person", "no contact matches @Nobody"),
    ("Stadtmuseum: Vitrine !super", "priority", "'!super' is not a priority"),
    ("Anfrage Stadtmuseum:", "title", "say what it is about"),
])
def test_refused_lines_name_the_field_and_write_nothing(session, city, line, field, words):
    before = counts(session)
    reading = capture.understand_line(session, line, today=TODAY)
    assert not reading.can_save
    assert reading.refused[0][0] == field and words in reading.refused[0][1], reading.refused
    with pytest.raises(ValidationError) as error:
        capture.save_capture(session, reading, today=TODAY)
    assert error.value.field == field
    assert counts(session) == before


def test_a_bare_understood_is_checked_against_the_database(session, city):
    choices = capture.load_choices(session)
    plain = understand("Anfrage Stadtmuseum: Vitrine beschlagen @Schmidt", today=TODAY,
                       units=choices.units, people=choices.people)
    assert plain.problems == (("person", "@Schmidt"),)  # quickline alone cannot tell
    saved = capture.save_capture(session, plain, today=TODAY)
    assert session.get(Request, saved.record_id).requester_id == city["jana"]
    refused = understand("WV: nachfassen", today=TODAY)
    with pytest.raises(ValidationError) as error:
        capture.save_capture(session, refused, today=TODAY)
    assert error.value.field == "due"


def test_a_later_failure_rolls_the_whole_capture_back(session, city):
    """The idea and its follow-up are one transaction: a refused follow-up keeps no idea."""
    reading = capture.understand_line(session, "Idee Stadtmuseum: Audioguide morgen", today=TODAY)
    broken = capture.Reading(**{**reading.__dict__, "due": "not a date"})
    before = counts(session)
    with pytest.raises(ValidationError):
        capture.save_capture(session, broken, today=TODAY)
    assert counts(session) == before


def test_a_unit_or_person_deleted_meanwhile_is_refused(session, city):
    reading = capture.understand_line(session, "Stadtmuseum: Vitrine", today=TODAY)
    stale = capture.Reading(**{**reading.__dict__, "unit": capture.UnitChoice(999, "Gone")})
    with pytest.raises(ValidationError) as error:
        capture.save_capture(session, stale, today=TODAY)
    assert error.value.field == "unit" and counts(session)["Request"] == 0


def test_erased_people_are_not_matched(session, city):
    from officer_tui.services import gdpr

    gdpr.erase_person(session, contact_id=city["petra"])
    reading = capture.understand_line(session, "Idee: Chatbot @Schmidt", today=TODAY)
    assert reading.person and reading.person.id == city["jana"]


def test_notes_say_what_is_left_out(session, city):
    reading = capture.understand_line(session, "WV: nachfassen !hoch 2026-02-20", today=TODAY)
    assert reading.can_save and reading.kind == CaptureKind.FOLLOWUP
    assert reading.notes == ("the priority is left out: only requests have one",
                             "the date lies in the past")


def test_choices_hold_every_unit_and_person(session, city):
    choices = capture.load_choices(session)
    assert {unit.id for unit in choices.units} == {city[k] for k in ("museum", "kunsthalle", "library", "it")}
    assert [person.name for person in choices.people][:2] == ["Aylin Demir", "Jana Schmidt"]
    assert choices.unit_of_person[city["uwe"]] == city["library"]
    assert city["aylin"] not in choices.unit_of_person
