"""Seed data: the demo culture department and generated data at scale."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, timedelta

import pytest
from sqlmodel import func, select

from officer_tui.models.enums import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    Channel,
    Priority,
    RequestStatus,
    UnitKind,
)
from officer_tui.models.org import Contact, OrgUnit
from officer_tui.models.request import Request
from officer_tui.models.views import RequestFilter
from officer_tui.services import demo_data, scale_data
from officer_tui.services.database import open_database
from officer_tui.services.errors import ValidationError
from officer_tui.services.requests import get_request, list_requests, urgency
from officer_tui.services.seed import ScalePlan, seed_demo, seed_scale
from officer_tui.text import fold

TODAY = date(2026, 3, 2)  # fixed by tests/conftest.py
GERMAN_CATEGORIES = {
    "Hardware", "Software", "Zugänge", "Netzwerk", "Telefonie", "Webseite", "Datenschutz",
    "Beschaffung", "Schulung", "Digitalisierung",
}  # fmt: skip


@pytest.fixture
def demo_db(make_db):
    """A copy of the demo database (seeded once per backend) and what seeding counted."""
    url, counts = make_db("seed-demo", seeded_demo)
    database = open_database(url)
    yield database, counts
    database.close()


@pytest.fixture
def scale_db(make_db):
    """2,000 generated requests (seeded once per backend) and what seeding counted."""
    url, counts = make_db("seed-scale-2000", seeded_scale)
    database = open_database(url)
    yield database, counts
    database.close()


def seeded_demo(url: str) -> dict[str, int]:
    database = open_database(url)
    try:
        with database.session() as session:
            return seed_demo(session, today=TODAY)
    finally:
        database.close()


def seeded_scale(url: str, *, count: int = 2000, seed: int = 1) -> dict[str, int]:
    database = open_database(url)
    try:
        with database.session() as session:
            return seed_scale(session, count=count, today=TODAY, seed=seed)
    finally:
        database.close()


def everything(session, model):
    """Every row, in the order they were created (PostgreSQL has no order without ORDER BY)."""
    return session.exec(select(model).order_by(model.id)).all()


# --- demo ---------------------------------------------------------------------------------


def test_demo_counts_are_realistic(demo_db):
    database, counts = demo_db
    core = {key: counts[key] for key in ("units", "requests")}
    assert core == {"units": 15, "requests": 49}
    # 36 named people, plus staff of the houses the training rollout reaches.
    assert 36 < counts["contacts"] < 200
    # The other domains seed on top: goals, ideas, projects, follow-ups, logged contacts.
    assert counts["goals"] >= 5 and counts["ideas"] >= 10 and counts["projects"] >= 10
    assert counts["followups"] >= 5 and counts["contact_logs"] >= 5
    with database.session() as s:
        for model, key in ((OrgUnit, "units"), (Contact, "contacts"), (Request, "requests")):
            assert s.exec(select(func.count()).select_from(model)).one() == counts[key]


def test_demo_units_form_a_culture_department(demo_db):
    database, _counts = demo_db
    with database.session() as s:
        units = {u.name: u for u in everything(s, OrgUnit)}
    culture = units["Kulturbetrieb der Stadt Hohenstein"]
    assert culture.kind == UnitKind.ENTERPRISE and culture.parent_id is None
    houses = {u.kind for u in units.values() if u.parent_id == culture.id}
    assert {UnitKind.MUSEUM, UnitKind.LIBRARY, UnitKind.MUSIC_SCHOOL, UnitKind.EVENTS,
            UnitKind.HOUSE} <= houses  # fmt: skip
    kinds = Counter(u.kind for u in units.values())
    assert kinds[UnitKind.IT_PROVIDER] == 1
    assert kinds[UnitKind.EXTERNAL] >= 2
    assert kinds[UnitKind.CITY_OFFICE] >= 3
    assert all(u.headcount for u in units.values() if u.parent_id == culture.id)


def test_demo_contacts_are_fictional(demo_db):
    database, _counts = demo_db
    with database.session() as s:
        people = everything(s, Contact)
    assert all(p.email.endswith(".example") for p in people)
    assert all(p.phone.startswith("05555 ") for p in people)
    assert all(p.unit_id and p.role for p in people)
    assert len({p.name for p in people}) == len(people)
    assert any(p.role == "Datenschutzbeauftragte" for p in people)
    assert any(p.role == "Ticket-Hotline" for p in people)


def test_demo_requests_cover_the_life_of_a_request(demo_db):
    database, _counts = demo_db
    with database.session() as s:
        requests = everything(s, Request)
        units = {u.id: u for u in everything(s, OrgUnit)}
        people = {p.id: p for p in everything(s, Contact)}
    assert {r.status for r in requests} == set(RequestStatus)
    assert {r.priority for r in requests} == set(Priority)
    assert {r.channel for r in requests} == set(Channel)
    assert {r.category for r in requests} - {None} == GERMAN_CATEGORIES
    for r in requests:
        assert r.unit_id in units
        assert TODAY - timedelta(days=120) <= r.received_on <= TODAY
        assert r.search_text == fold(f"{r.title}\n{r.description}")
        if r.requester_id:
            assert people[r.requester_id].unit_id == r.unit_id
        if r.status in CLOSED_STATUSES:
            assert r.resolution and r.received_on <= r.closed_on <= TODAY
        else:
            assert r.closed_on is None
        if r.status == RequestStatus.NEW:
            assert r.category is None
    forwarded = [r for r in requests if r.status == RequestStatus.FORWARDED]
    assert len(forwarded) >= 5
    assert all(r.forwarded_to_id and r.forwarded_to_id != r.unit_id for r in forwarded)
    tickets = [r.ticket_ref for r in forwarded if r.ticket_ref]
    assert tickets and all(t.startswith(("INC-2026-", "RITM-2026-")) for t in tickets)
    assert {units[r.forwarded_to_id].kind for r in forwarded if r.ticket_ref} == {
        UnitKind.IT_PROVIDER
    }


def test_demo_has_overdue_requests(demo_db):
    database, _counts = demo_db
    with database.session() as s:
        overdue = list_requests(s, filters=RequestFilter(overdue=True), today=TODAY)
    assert 3 <= len(overdue) <= 10
    assert all(row.overdue and row.due_on < TODAY for row in overdue)


def test_demo_dates_follow_today(db_url):
    later = TODAY + timedelta(days=100)
    database = open_database(db_url)
    with database.session() as s:
        seed_demo(s, today=later)
        received = sorted(r.received_on for r in everything(s, Request))
    database.close()
    assert received[-1] == later
    assert received[0] == later - timedelta(days=max(entry[6] for entry in demo_data.REQUESTS))


def test_seeding_the_demo_twice_is_refused(demo_url):
    database = open_database(demo_url)  # seeded once already
    with database.session() as s, pytest.raises(ValidationError) as refused:
        seed_demo(s, today=TODAY)
    assert refused.value.field == "demo"
    with database.session() as s:
        assert s.exec(select(func.count()).select_from(Request)).one() == 49
        assert s.exec(select(func.count()).select_from(OrgUnit)).one() == 15
    database.close()


def test_the_demo_is_one_transaction(db_url, monkeypatch):
    """When one record is refused half way, nothing of the demo is left behind."""
    broken = (*demo_data.REQUESTS, ("  ", "museum", None, "mail", "Hardware", "low", 1, None,
                                    (), ""))  # fmt: skip
    monkeypatch.setattr(demo_data, "REQUESTS", broken)
    database = open_database(db_url)
    with database.session() as s, pytest.raises(ValidationError) as refused:
        seed_demo(s, today=TODAY)
    assert refused.value.field == "title"
    assert database.is_empty()
    database.close()


# --- scale --------------------------------------------------------------------------------


def test_scale_plan_is_proportional():
    assert ScalePlan.for_requests(2000) == ScalePlan(requests=2000, units=10, contacts=400)
    assert ScalePlan.for_requests(100) == ScalePlan(requests=100, units=10, contacts=20)
    assert ScalePlan.for_requests(100_000) == ScalePlan(requests=100_000, units=50, contacts=20_000)


def test_scale_unit_tree_is_realistic():
    specs = list(scale_data.unit_specs(400))
    names = [spec[1] for spec in specs]
    assert len(set(map(fold, names))) == 400  # names are unique, as the database demands
    seen: set[str] = set()
    for key, _name, _short, _kind, parent, _headcount in specs:
        assert parent is None or parent in seen  # parents come first
        seen.add(key)
    first_ten_kinds = {spec[3] for spec in specs[:10]}
    assert {UnitKind.ENTERPRISE, UnitKind.IT_PROVIDER, UnitKind.MUSEUM} <= first_ten_kinds


def test_scale_counts(scale_db):
    database, counts = scale_db
    assert {key: counts[key] for key in ("units", "contacts", "requests")} == {
        "units": 10, "contacts": 400, "requests": 2000
    }
    assert (counts["ideas"], counts["projects"]) == (400, 100)  # 20 % and 5 % of the requests
    with database.session() as s:
        assert s.exec(select(func.count()).select_from(Request)).one() == 2000
        assert s.exec(select(func.count()).select_from(Contact)).one() == 400
        assert s.exec(select(func.count()).select_from(OrgUnit)).one() == 10


def test_scale_requests_are_consistent(scale_db):
    database, _counts = scale_db
    with database.session() as s:
        requests = everything(s, Request)
        units = {u.id: u for u in everything(s, OrgUnit)}
        contacts = {c.id for c in everything(s, Contact)}
    statuses = Counter(r.status for r in requests)
    closed = sum(statuses[status] for status in CLOSED_STATUSES)
    assert 0.5 < closed / len(requests) < 0.7
    assert set(statuses) == set(RequestStatus)
    for r in requests:
        assert r.unit_id in units
        assert r.requester_id is None or r.requester_id in contacts
        assert r.received_on <= TODAY
        assert r.search_text == fold(f"{r.title}\n{r.description}")
        assert r.category is None or r.category in GERMAN_CATEGORIES
        if r.status in CLOSED_STATUSES:
            assert r.resolution and r.received_on <= r.closed_on <= TODAY
        else:
            assert r.closed_on is None and not r.resolution
        if r.status == RequestStatus.FORWARDED:
            assert units[r.forwarded_to_id].kind == UnitKind.IT_PROVIDER and r.ticket_ref
        if r.due_on is not None:
            assert r.due_on > r.received_on
        expected = urgency(priority=r.priority, received_on=r.received_on, due_on=r.due_on,
                           status=r.status, today=TODAY)  # fmt: skip
        assert r.urgency == expected


def test_scale_rows_read_back_like_service_rows(scale_db):
    database, _counts = scale_db
    with database.session() as s:
        request = get_request(s, 1)
    assert isinstance(request.received_on, date)
    assert request.created_at.tzinfo == UTC
    assert isinstance(request.status, RequestStatus)
    assert request.version == 1


def test_scale_search_finds_folded_title_words(scale_db):
    database, _counts = scale_db
    with database.session() as s:
        requests = everything(s, Request)
        for r in requests[:: len(requests) // 25]:
            word = max(r.title.split(), key=len)
            found = list_requests(
                s, filters=RequestFilter(text=fold(word), statuses=None), today=TODAY
            )
            assert r.id in {row.id for row in found}, word
        umlaut = next(r for r in requests if "ü" in r.title or "ä" in r.title)
        word = next(w for w in umlaut.title.split() if "ü" in w or "ä" in w)
        plain = word.replace("ü", "u").replace("ä", "a").upper()
        found = list_requests(s, filters=RequestFilter(text=plain, statuses=None), today=TODAY)
        assert umlaut.id in {row.id for row in found}


def test_scale_contacts_are_fictional(scale_db):
    database, _counts = scale_db
    with database.session() as s:
        people = everything(s, Contact)
    assert all(p.email.endswith(".example") and p.phone.startswith("05555 ") for p in people)
    assert all(p.name_folded == fold(p.name) for p in people)
    units_with_people = {p.unit_id for p in people}
    assert len(units_with_people) == 10


def test_scale_is_deterministic(make_db):
    def titles(name: str, seed: int) -> list[str]:
        """Seed a database of its own (``make_db`` builds each name once) and read the titles."""

        def build(url: str) -> list[str]:
            seeded_scale(url, count=200, seed=seed)
            database = open_database(url)
            with database.session() as s:
                result = [r.title for r in everything(s, Request)]
            database.close()
            return result

        return make_db(f"seed-deterministic-{name}", build)[1]

    assert titles("a", 7) == titles("b", 7)
    assert titles("c", 8) != titles("a2", 7)


def test_scale_adds_to_the_demo(demo_url):
    both = open_database(demo_url)
    with both.session() as s:
        counts = seed_scale(s, count=500, today=TODAY)
        core = {key: counts[key] for key in ("units", "contacts", "requests")}
        assert core == {"units": 0, "contacts": 100, "requests": 500}  # units reused
        assert s.exec(select(func.count()).select_from(Request)).one() == 549
        assert s.exec(select(func.count()).select_from(OrgUnit)).one() == 15
    both.close()


def test_scale_refuses_a_count_below_one(db_url):
    database = open_database(db_url)
    with database.session() as s, pytest.raises(ValidationError) as refused:
        seed_scale(s, count=0, today=TODAY)
    assert refused.value.field == "count"
    assert database.is_empty()
    database.close()


def test_open_requests_of_the_scale_data_list_in_urgency_order(scale_db):
    database, _counts = scale_db
    with database.session() as s:
        rows = list_requests(s, today=TODAY)
    assert rows and {row.status for row in rows} <= OPEN_STATUSES
    scores = [row.urgency for row in rows]
    assert scores == sorted(scores, reverse=True)
