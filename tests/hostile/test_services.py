"""Every service that takes text, with hostile text (hypothesis), on a real SQLite file.

Properties per call: it succeeds or raises ValidationError/NotFound naming a field with a
message (never another exception); a refused call leaves the domain tables exactly as before;
what was stored reads back as the text policy says (one line / free text, trimmed, no control
characters) and lone surrogates are refused.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select, text
from sqlmodel import SQLModel

from officer_tui import clock
from officer_tui.services.errors import NotFound, ValidationError
from tests.hostile.strategies import (
    HOSTILE,
    free_text,
    has_controls,
    has_surrogate,
    hostile_text,
    one_line,
)

TODAY = date(2026, 3, 2)
BENIGN = "ok"
NOT_COMPARED = ("change", "alembic_version")


@pytest.fixture(scope="module")
def world(tmp_path_factory, demo_template):
    """One copy of the demo database per module and the ids the cases work on."""
    from officer_tui.models.meeting import AgendaItem, Meeting
    from officer_tui.models.org import Contact, OrgUnit
    from officer_tui.models.portfolio import Idea, Project
    from officer_tui.models.request import Request
    from officer_tui.models.training import TrainingProgramme, TrainingSession
    from officer_tui.services.database import open_database

    path = tmp_path_factory.mktemp("hostile") / "officer.db"
    shutil.copyfile(demo_template, path)
    database = open_database(f"sqlite:///{path}")
    with database.session() as session:

        def first(model, *where):
            return session.execute(select(model.id).where(*where).order_by(model.id)).scalar()

        ids = {
            "unit": first(OrgUnit),
            "other_unit": first(OrgUnit, OrgUnit.id != first(OrgUnit)),
            "contact": first(Contact, Contact.erased_at.is_(None)),
            "request": first(Request),
            "idea": first(Idea),
            "project": first(Project),
            "other_project": first(Project, Project.id != first(Project)),
            "meeting": first(Meeting, Meeting.closed_at.is_(None)),
            "programme": first(TrainingProgramme),
            "session": first(TrainingSession),
        }
        ids["item"] = first(AgendaItem, AgendaItem.meeting_id == ids["meeting"])
    assert all(value is not None for value in ids.values()), ids
    yield database, ids
    database.close()


def snapshot(session) -> str:
    """A digest of every domain table (the history table ``change`` grows on success only)."""
    digest = hashlib.sha256()
    connection = session.connection()
    for table in sorted(SQLModel.metadata.tables):
        if table in NOT_COMPARED:
            continue
        rows = connection.execute(text(f'SELECT * FROM "{table}" ORDER BY rowid')).all()
        digest.update(repr((table, rows)).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


@dataclass
class Case:
    """A service call: ``call(session, ids, texts)`` returns the stored record (or None)."""

    name: str
    call: Callable[[Any, dict, dict], Any]
    lines: tuple[str, ...] = ()  # one-line text arguments (stored under the same name)
    texts: tuple[str, ...] = ()  # free-text arguments
    stored: dict[str, str] = field(default_factory=dict)  # argument -> attribute, if different
    fields: dict[str, str] = field(default_factory=dict)  # argument -> field in errors
    unique: tuple[str, ...] = ()  # arguments that may clash with what is stored already
    setup: Callable[[Any, dict], dict] | None = None  # fresh records (before the snapshot)
    lookup: bool = False  # finds, not stores: "unknown" or "ambiguous" is a fine answer

    @property
    def args(self) -> tuple[str, ...]:
        return self.lines + self.texts


def _requests():
    from officer_tui.services import requests as svc

    def new(session, ids, t):
        return svc.create_request(session, data={
            "title": t["title"], "description": t["description"], "category": t["category"],
            "unit_id": ids["unit"]}, today=TODAY)

    def update(session, ids, t):
        return svc.update_request(session, request_id=ids["request"], changes={
            "title": t["title"], "description": t["description"]}, today=TODAY)

    def triage(session, ids, t):
        return svc.triage(session, request_id=ids["request"], category=t["category"], today=TODAY)

    def fresh(session, ids):
        data = {"title": "x", "unit_id": ids["unit"]}
        return {"fresh": svc.create_request(session, data=data, today=TODAY).id}

    def forward(session, ids, t):
        return svc.forward(session, request_id=ids["fresh"], unit_id=ids["other_unit"],
                           ticket_ref=t["ticket_ref"], today=TODAY)

    def resolve(session, ids, t):
        return svc.resolve(session, request_id=ids["fresh"], resolution=t["resolution"],
                           today=TODAY)

    return [
        Case("request.create", new, lines=("title", "category"), texts=("description",)),
        Case("request.update", update, lines=("title",), texts=("description",)),
        Case("request.triage", triage, lines=("category",)),
        Case("request.forward", forward, lines=("ticket_ref",), setup=fresh),
        Case("request.resolve", resolve, texts=("resolution",), setup=fresh),
    ]


def _portfolio():
    from officer_tui.models.enums import IdeaStatus, LinkKind, TrafficLight
    from officer_tui.services import goals, ideas, projects

    def idea(session, ids, t):
        return ideas.create_idea(session, data={
            "title": t["title"], "description": t["description"],
            "field_of_action": t["field_of_action"], "unit_id": ids["unit"]}, today=TODAY)

    def fresh_idea(session, ids):
        return {"fresh": ideas.create_idea(session, data={"title": "x"}, today=TODAY).id}

    def reject(session, ids, t):
        return ideas.set_status(session, idea_id=ids["fresh"], status=IdeaStatus.REJECTED,
                                reason=t["status_reason"])

    def project(session, ids, t):
        return projects.create_project(session, data={
            "title": t["title"], "description": t["description"],
            "funding_programme": t["funding_programme"], "owner_unit_id": ids["unit"]})

    def light(session, ids, t):
        return projects.set_traffic_light(session, project_id=ids["project"],
                                          light=TrafficLight.AT_RISK, note=t["traffic_note"])

    def two_projects(session, ids):
        data = {"title": "a", "owner_unit_id": ids["unit"]}
        return {"a": projects.create_project(session, data=data).id,
                "b": projects.create_project(session, data=data).id}

    def link(session, ids, t):
        return projects.link_projects(session, from_project_id=ids["a"], to_project_id=ids["b"],
                                      kind=LinkKind.SYNERGY, note=t["note"])

    def goal(session, ids, t):
        return goals.create_goal(session, code=t["code"], title=t["title"],
                                 description=t["description"])

    def find_goal(session, ids, t):
        goals.find_goal(session, t["code"])

    return [
        Case("idea.create", idea, lines=("title", "field_of_action"), texts=("description",),
             fields={"field_of_action": "field_of_action"}),
        Case("idea.reject", reject, texts=("status_reason",), fields={"status_reason": "reason"},
             setup=fresh_idea),
        Case("project.create", project, lines=("title", "funding_programme"),
             texts=("description",), fields={"funding_programme": "programme"}),
        Case("project.traffic_light", light, texts=("traffic_note",),
             fields={"traffic_note": "note"}),
        Case("project.link", link, texts=("note",), setup=two_projects),
        Case("goal.create", goal, lines=("code", "title"), texts=("description",),
             unique=("code",)),
        Case("goal.find", find_goal, lines=("code",), fields={"code": "goal"}, lookup=True),
    ]


def _people():
    from officer_tui.services import contacts, units

    def contact(session, ids, t):
        return contacts.create_contact(session, data={
            "name": t["name"], "role": t["role"], "notes": t["notes"], "purpose": t["purpose"],
            "unit_id": ids["unit"]})

    def log(session, ids, t):
        return contacts.log_contact(session, contact_id=ids["contact"], note=t["note"],
                                    today=TODAY)

    def find_contact(session, ids, t):
        contacts.find_contact(session, t["name"])

    def unit(session, ids, t):
        return units.create_unit(session, data={"name": t["name"], "notes": t["notes"]})

    def find_unit(session, ids, t):
        units.find_unit(session, t["name"])

    return [
        Case("contact.create", contact, lines=("name", "role"), texts=("notes", "purpose")),
        Case("contact.log", log, texts=("note",)),
        Case("contact.find", find_contact, lines=("name",), fields={"name": "requester"},
             lookup=True),
        Case("unit.create", unit, lines=("name",), texts=("notes",), unique=("name",)),
        Case("unit.find", find_unit, lines=("name",), fields={"name": "unit"}, lookup=True),
    ]


def _meetings():
    from officer_tui.models.enums import OutcomeKind, RecordKind
    from officer_tui.services import followups, meeting_agenda, meetings

    def meeting(session, ids, t):
        return meetings.add_meeting(session, data={
            "title": t["title"], "place": t["place"], "notes": t["notes"],
            "held_on": TODAY, "start_time": time(10), "end_time": time(11)})

    def item(session, ids, t):
        return meeting_agenda.add_item(session, meeting_id=ids["meeting"], data={
            "title": t["title"], "notes": t["notes"]})

    def outcome(session, ids, t):
        return meeting_agenda.add_outcome(session, item_id=ids["item"],
                                          kind=OutcomeKind.DECISION, text=t["text"])

    def followup(session, ids, t):
        return followups.add_followup(session, data={
            "title": t["title"], "notes": t["notes"], "due_on": TODAY,
            "subject_kind": RecordKind.REQUEST, "subject_id": ids["request"]})

    return [
        Case("meeting.add", meeting, lines=("title", "place"), texts=("notes",)),
        Case("agenda.add_item", item, lines=("title",), texts=("notes",)),
        Case("agenda.add_outcome", outcome, texts=("text",)),
        Case("followup.add", followup, lines=("title",), texts=("notes",)),
    ]


def _trainings():
    from officer_tui.services import trainings

    def programme(session, ids, t):
        return trainings.add_programme(session, data={
            "title": t["title"], "topic": t["topic"], "description": t["description"]})

    def training(session, ids, t):
        return trainings.add_session(session, data={
            "programme_id": ids["programme"], "held_on": TODAY, "place": t["place"],
            "trainer": t["trainer"]})

    def feedback(session, ids, t):
        return trainings.set_feedback(session, session_id=ids["session"], score=4,
                                      comment=t["feedback_comment"])

    return [
        Case("training.programme", programme, lines=("title", "topic"), texts=("description",)),
        Case("training.session", training, lines=("place", "trainer")),
        Case("training.feedback", feedback, texts=("feedback_comment",),
             fields={"feedback_comment": "comment"}),
    ]


def _search_and_capture():
    from officer_tui.services import capture, search

    def find(session, ids, t):
        result = search.search(session, t["query"])
        for group in result.groups:
            assert group.hits is not None

    def quick(session, ids, t):
        reading = capture.read_line(t["line"], today=TODAY,
                                    choices=capture.load_choices(session))
        if not reading.can_save:
            return None
        capture.save_capture(session, reading, today=TODAY)

    return [
        Case("search", find, lines=("query",)),
        Case("capture", quick, lines=("line",), fields={"line": "title"}),
    ]


CASES = [*_requests(), *_portfolio(), *_people(), *_meetings(), *_trainings(),
         *_search_and_capture()]


def _texts(case: Case) -> st.SearchStrategy[dict[str, str]]:
    """Each text argument hostile or a plain word (so every argument gets its turn alone)."""
    return st.fixed_dictionaries(
        {arg: st.one_of(hostile_text, hostile_text, st.just(BENIGN)) for arg in case.args}
    )


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_hostile_text_is_stored_as_the_policy_says_or_refused_cleanly(world, case):
    database, ids = world

    @HOSTILE
    @given(texts=_texts(case))
    def run(texts):
        clock.freeze(TODAY)
        with database.session() as session:
            known = {**ids, **(case.setup(session, ids) if case.setup else {})}
            before = snapshot(session)
            try:
                record = case.call(session, known, dict(texts))
            except (ValidationError, NotFound) as exc:
                session.rollback()
                _check_refusal(case, texts, exc)
                assert snapshot(session) == before, f"{case.name}: a refused call wrote data"
                return
            session.commit()
            if record is None:
                return
            kind, record_id = type(record), record.id
        with database.session() as session:
            stored = session.get(kind, record_id)
            for arg in case.args:
                _check_stored(case, arg, texts[arg], getattr(stored, case.stored.get(arg, arg)))

    run()


def _check_refusal(case: Case, texts: dict[str, str], exc: Exception) -> None:
    if isinstance(exc, NotFound):
        return
    hostile = {arg for arg, value in texts.items() if value != BENIGN} | set(case.unique)
    named = {case.fields.get(arg, arg) for arg in hostile} | hostile
    for problem_field, message in exc.problems:
        assert message.strip(), f"{case.name}: a refusal without a message"
        if case.lookup:
            assert problem_field in {case.fields.get(arg, arg) for arg in case.args}
            continue
        assert problem_field in named, (
            f"{case.name}: refused {problem_field!r} ({message}) though only {sorted(hostile)} "
            f"were hostile"
        )
        arg = next((a for a in hostile if problem_field in (a, case.fields.get(a))), None)
        value = texts.get(arg, "") if arg else ""
        tidy = one_line(value) if arg in case.lines else free_text(value)
        justified = (
            has_surrogate(value) or not tidy or len(tidy) > 300 or arg in case.unique
            or case.name == "capture"
            or ("e-mail" in message or "phone" in message)
        )
        assert justified, f"{case.name}: refused {value!r} for {problem_field}: {message}"


def _check_stored(case: Case, arg: str, given_text: str, stored: str | None) -> None:
    stored = stored or ""
    multiline = arg in case.texts
    assert not has_surrogate(given_text), f"{case.name}: stored a lone surrogate in {arg}"
    assert not has_controls(stored, multiline=multiline), f"{case.name}.{arg}: {stored!r}"
    expected = free_text(given_text) if multiline else one_line(given_text)
    assert stored == expected, f"{case.name}.{arg}: stored {stored!r}, expected {expected!r}"


@HOSTILE
@given(text=hostile_text)
def test_the_policy_functions_match_the_documented_policy(text):
    from officer_tui.services._common import clean, clean_text

    for function, oracle in ((clean, one_line), (clean_text, free_text)):
        try:
            result = function(text, "field", limit=10**9)
        except ValidationError as exc:
            assert has_surrogate(text) and exc.field == "field"
        else:
            assert result == oracle(text)


@HOSTILE
@given(rows=st.lists(st.tuples(hostile_text, hostile_text, hostile_text, hostile_text),
                     min_size=1, max_size=4))
def test_a_participant_import_with_hostile_cells_previews_and_applies_cleanly(world, rows):
    """Cells of an import file: never a crash; names and roles stored by the one-line policy."""
    from officer_tui.models.org import Contact
    from officer_tui.services import participant_import as imp

    database, ids = world
    headers = ["Name", "E-Mail", "Bereich", "Funktion"]
    mapping = imp.guess_mapping(headers)
    clock.freeze(TODAY)
    with database.session() as session:
        before = snapshot(session)
        try:
            preview = imp.preview(session, headers=headers, rows=[list(row) for row in rows],
                                  mapping=mapping, session_id=ids["session"])
        except ValidationError:
            assert snapshot(session) == before
            return
        for line in preview.lines:
            for value in (line.name, line.email, line.unit, line.role):
                assert not has_controls(value, multiline=False) and not has_surrogate(value)
        try:
            imp.apply_import(session, preview=preview, session_id=ids["session"])
        except ValidationError:
            session.rollback()
            assert snapshot(session) == before
            return
        created = [line for line in preview.lines if line.creates_contact]
        for line in created:
            contact = session.execute(
                select(Contact).where(Contact.name == line.name).order_by(Contact.id.desc())
            ).scalars().first()
            assert contact is not None and contact.name == line.name
