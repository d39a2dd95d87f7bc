"""Requests service: capture, edit, triage, status life, urgency and the list queries.

Every refused call is followed by a read in a fresh session that proves nothing changed.
"""

from __future__ import annotations

import itertools
import random
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from sqlmodel import select

from officer_tui.models.enums import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    STATUS_TRANSITIONS,
    Priority,
    RequestStatus,
)
from officer_tui.models.request import Request, RequestCreate
from officer_tui.models.views import RequestFilter, RequestSort
from officer_tui.services import contacts, units
from officer_tui.services import requests as svc
from officer_tui.services.database import open_database
from officer_tui.services.errors import NotFound, StaleVersion, ValidationError

TODAY = date(2026, 3, 2)  # fixed by tests/conftest.py
S = RequestStatus
ALL = RequestFilter(statuses=None)
OPEN = RequestFilter()


# --- fixtures -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Org:
    culture: int
    museum: int
    library: int
    branch: int
    city_office: int
    it: int
    mueller: int
    schmidt: int


@pytest.fixture
def made(request, make_db) -> tuple[str, tuple[Org, dict[str, int]]]:
    """This test's copy of a migrated database with the units and contacts of ``org`` (and
    the requests of ``sample`` when the test asks for them), built once per backend."""
    if "sample" in request.fixturenames:
        return make_db("requests-sample", build_org_and_sample)
    return make_db("requests-org", build_org_only)


@pytest.fixture
def db_url(made) -> str:
    return made[0]


@pytest.fixture
def org(made) -> Org:
    return made[1][0]


@pytest.fixture
def sample(made) -> dict[str, int]:
    """Ids of a small, varied list (``build_sample``); today is 2026-03-02."""
    return made[1][1]


@pytest.fixture
def shared(database):
    """The org database, for tests that only touch requests they create."""
    return database


@pytest.fixture
def listing(database):
    """The sample database, for tests that only read it."""
    return database


def build_org_only(url: str) -> tuple[Org, dict[str, int]]:
    database = open_database(url)
    try:
        return build_org(database), {}
    finally:
        database.close()


def build_org_and_sample(url: str) -> tuple[Org, dict[str, int]]:
    database = open_database(url)
    try:
        org = build_org(database)
        return org, build_sample(database, org)
    finally:
        database.close()


def build_org(database) -> Org:
    with database.session() as s:

        def unit(name, kind, parent=None):
            return units.create_unit(s, data={"name": name, "kind": kind, "parent_id": parent}).id

        culture = unit("Kulturbetrieb", "enterprise")
        museum = unit("Stadtmuseum", "museum", culture)
        library = unit("Stadtbibliothek", "library", culture)
        branch = unit("Zweigstelle Nord", "library", library)
        city_office = unit("Hauptamt", "city_office")
        it = unit("KDN IT-Dienstleister", "it_provider")
        mueller = contacts.create_contact(s, data={"name": "Jürgen Müller", "unit_id": museum}).id
        schmidt = contacts.create_contact(s, data={"name": "Anna Schmidt", "unit_id": library}).id
    return Org(culture, museum, library, branch, city_office, it, mueller, schmidt)


def run(database, fn, **kwargs):
    """Call a service in its own session, as the UI and CLI do."""
    with database.session() as session:
        return fn(session, **kwargs)


def snapshot(database, request_id: int) -> dict:
    with database.session() as session:
        return session.get(Request, request_id).model_dump()


def count_all(database) -> int:
    with database.session() as session:
        return len(session.exec(select(Request.id)).all())


@contextmanager
def refused(database, request_id: int, error=ValidationError, field: str | None = None):
    """The call inside must raise ``error`` (naming ``field``) and leave the request as it was."""
    before = snapshot(database, request_id)
    with pytest.raises(error) as caught:
        yield caught
    if field is not None:
        assert caught.value.field == field
    after = snapshot(database, request_id)
    assert after == before
    assert after["version"] == before["version"]


def make_request(database, org: Org, **fields) -> int:
    data = {"title": "Neue Laptops", "unit_id": org.museum} | fields
    return run(database, svc.create_request, data=data).id


def build_sample(database, org: Org) -> dict[str, int]:
    ids = {
        "laptops": make_request(
            database,
            org,
            title="Neue Laptops für die Ausstellung",
            unit_id=org.museum,
            requester_id=org.mueller,
            priority="high",
            category="Hardware",
            received_on=date(2026, 2, 20),
            due_on=date(2026, 2, 25),  # overdue
        ),
        "wlan": make_request(
            database,
            org,
            title="WLAN in der Lindenstraße",
            description="Der Router im Lesesaal ist defekt.",
            unit_id=org.library,
            requester_id=org.schmidt,
            category="Network",
            received_on=date(2026, 3, 1),
            due_on=date(2026, 3, 10),
        ),
        "website": make_request(
            database,
            org,
            title="Rabatt 50% auf der Website",
            unit_id=org.city_office,
            priority="low",
            category="Website",
            received_on=date(2026, 1, 5),
        ),
        "import": make_request(
            database,
            org,
            title="file_name beim Import",
            unit_id=org.branch,
            priority="urgent",
            category="Software",
            received_on=TODAY,
            due_on=TODAY,  # due today, not overdue
        ),
        "printers": make_request(
            database,
            org,
            title="Alte Drucker entsorgen",
            unit_id=org.museum,
            category="Hardware",
            received_on=date(2025, 12, 1),
            due_on=date(2025, 12, 10),  # past, but done: not overdue
        ),
        "account": make_request(
            database,
            org,
            title="Zugang gesperrt",
            unit_id=org.city_office,
            priority="high",
            category="Accounts",
            received_on=date(2026, 2, 1),
        ),
    }
    run(database, svc.triage, request_id=ids["laptops"])
    run(database, svc.set_status, request_id=ids["website"], status=S.IN_PROGRESS)
    run(database, svc.set_status, request_id=ids["import"], status=S.WAITING)
    run(database, svc.resolve, request_id=ids["printers"], resolution="Abgeholt")
    run(database, svc.resolve, request_id=ids["account"], resolution="Kein Fall", declined=True)
    return ids


# --- create -------------------------------------------------------------------------------


def test_create_trims_the_title_and_fills_defaults(database, org):
    request = run(
        database,
        svc.create_request,
        data={"title": "  Neue Laptops für die Ausstellung \n", "unit_id": org.museum},
    )
    stored = snapshot(database, request.id)
    assert stored["title"] == "Neue Laptops für die Ausstellung"
    assert stored["received_on"] == TODAY
    assert stored["status"] == S.NEW
    assert stored["priority"] == Priority.NORMAL
    assert stored["version"] == 1
    assert stored["closed_on"] is None
    assert stored["requester_id"] is None


def test_create_accepts_a_schema_object_and_a_requester(database, org):
    data = RequestCreate(
        title="WLAN defekt",
        unit_id=org.library,
        requester_id=org.schmidt,
        received_on=date(2026, 2, 27),
        category="  Network ",
        priority=Priority.HIGH,
    )
    request = run(database, svc.create_request, data=data)
    stored = snapshot(database, request.id)
    assert stored["requester_id"] == org.schmidt
    assert stored["received_on"] == date(2026, 2, 27)
    assert stored["category"] == "Network"
    assert stored["priority"] == Priority.HIGH


def test_create_may_be_received_today_but_not_tomorrow(database, org):
    assert make_request(database, org, received_on=TODAY)
    with pytest.raises(ValidationError) as caught:
        make_request(database, org, received_on=TODAY + timedelta(days=1))
    assert caught.value.field == "received"
    assert count_all(database) == 1


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "   "}, "title"),
        ({"title": "x" * 301}, "title"),
        ({"unit_id": 9999}, "unit"),
        ({"requester_id": 9999}, "requester"),
        ({"received_on": "2026-02-30"}, "received_on"),
        ({"priority": "whenever"}, "priority"),
    ],
)
def test_create_refuses_bad_input_and_stores_nothing(database, org, fields, field):
    with pytest.raises(ValidationError) as caught:
        make_request(database, org, **fields)
    assert caught.value.field == field
    assert count_all(database) == 0


@pytest.mark.parametrize("unit", ["missing", None])
def test_create_needs_a_unit(database, org, unit):
    data = {"title": "Neue Laptops"} | ({} if unit == "missing" else {"unit_id": unit})
    with pytest.raises(ValidationError) as caught:
        run(database, svc.create_request, data=data)
    assert caught.value.field in {"unit", "unit_id"}
    assert count_all(database) == 0


# --- update -------------------------------------------------------------------------------


def test_update_with_the_current_version_saves_and_bumps_it(shared, org):
    rid = make_request(shared, org)
    updated = run(
        shared,
        svc.update_request,
        request_id=rid,
        changes={"title": " Beamer für den Vortragssaal ", "unit_id": org.library},
        expected_version=1,
    )
    assert updated.version == 2
    stored = snapshot(shared, rid)
    assert stored["title"] == "Beamer für den Vortragssaal"
    assert stored["unit_id"] == org.library
    assert stored["version"] == 2
    # the search text follows the title
    found = run(shared, svc.list_requests, filters=RequestFilter(text="vortragssaal"))
    assert [row.id for row in found] == [rid]


def test_update_with_a_stale_version_changes_nothing(shared, org):
    rid = make_request(shared, org)
    run(shared, svc.update_request, request_id=rid, changes={"title": "Zweiter Stand"})
    with refused(shared, rid, StaleVersion) as caught:
        run(
            shared,
            svc.update_request,
            request_id=rid,
            changes={"title": "Überholt"},
            expected_version=1,
        )
    assert caught.value.expected == 1
    assert caught.value.actual == 2


def test_a_save_based_on_a_stale_read_is_refused(shared, org):
    rid = make_request(shared, org)
    with shared.session() as slow:
        stale = svc.get_request(slow, rid)  # hold it: the session keeps what is referenced
        assert stale.version == 1
        run(shared, svc.update_request, request_id=rid, changes={"title": "Schneller"})
        with refused(shared, rid, StaleVersion):
            svc.update_request(slow, request_id=rid, changes={"title": "Langsamer"})
    assert snapshot(shared, rid)["title"] == "Schneller"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": "  "}, "title"),
        ({"title": None}, "title"),
        ({"unit_id": None}, "unit"),
        ({"unit_id": 9999}, "unit"),
        ({"requester_id": 9999}, "requester"),
        ({"received_on": TODAY + timedelta(days=1)}, "received"),
        ({"category": "x" * 81}, "category"),
    ],
)
def test_update_refuses_bad_input(shared, org, changes, field):
    rid = make_request(shared, org)
    with refused(shared, rid, field=field):
        run(shared, svc.update_request, request_id=rid, changes=changes, expected_version=1)


def test_update_of_an_unknown_request_is_not_found(shared, org):
    with pytest.raises(NotFound):
        run(shared, svc.update_request, request_id=4711, changes={"title": "x"})


# --- triage and status --------------------------------------------------------------------


def test_triage_sets_priority_and_category_and_moves_new_to_triaged(shared, org):
    rid = make_request(shared, org)
    request = run(
        shared,
        svc.triage,
        request_id=rid,
        priority=Priority.URGENT,
        category=" Hardware ",
        expected_version=1,
    )
    assert request.version == 2
    stored = snapshot(shared, rid)
    assert (stored["status"], stored["priority"], stored["category"]) == (
        S.TRIAGED,
        Priority.URGENT,
        "Hardware",
    )


def test_triage_keeps_a_later_status(shared, org):
    rid = make_request(shared, org)
    run(shared, svc.set_status, request_id=rid, status=S.IN_PROGRESS)
    run(shared, svc.triage, request_id=rid, priority=Priority.LOW)
    stored = snapshot(shared, rid)
    assert stored["status"] == S.IN_PROGRESS
    assert stored["priority"] == Priority.LOW


def test_triage_with_a_stale_version_changes_nothing(shared, org):
    rid = make_request(shared, org)
    with refused(shared, rid, StaleVersion):
        run(shared, svc.triage, request_id=rid, priority=Priority.HIGH, expected_version=7)


def put_in_status(database, org: Org, status: RequestStatus) -> int:
    """A request in ``status``, reached the way the officer would reach it."""
    rid = make_request(database, org)
    if status == S.FORWARDED:
        run(database, svc.forward, request_id=rid, unit_id=org.it, ticket_ref="KDN-1")
    elif status in CLOSED_STATUSES:
        run(
            database,
            svc.resolve,
            request_id=rid,
            resolution="Erledigt",
            declined=status == S.DECLINED,
        )
    elif status != S.NEW:
        run(database, svc.set_status, request_id=rid, status=status)
    assert snapshot(database, rid)["status"] == status
    return rid


def move_to(database, org: Org, rid: int, status: RequestStatus):
    if status == S.FORWARDED:
        return run(database, svc.forward, request_id=rid, unit_id=org.it)
    note = "Erledigt" if status in CLOSED_STATUSES else None
    return run(database, svc.set_status, request_id=rid, status=status, resolution=note)


def test_status_transitions_follow_the_table(shared, org):
    """Every pair of statuses: allowed moves happen, refused ones change nothing."""
    wrong = []
    for start, target in itertools.permutations(RequestStatus, 2):
        rid = put_in_status(shared, org, start)
        before = snapshot(shared, rid)
        try:
            move_to(shared, org, rid, target)
        except ValidationError as exc:
            if target in STATUS_TRANSITIONS[start]:
                wrong.append(f"{start} -> {target} refused: {exc}")
            elif exc.field != "status" or snapshot(shared, rid) != before:
                wrong.append(f"{start} -> {target} refused badly: {exc}")
            continue
        after = snapshot(shared, rid)
        if target not in STATUS_TRANSITIONS[start]:
            wrong.append(f"{start} -> {target} allowed")
        elif (after["status"], after["version"]) != (target, before["version"] + 1):
            wrong.append(f"{start} -> {target} stored {after['status']} v{after['version']}")
        elif after["closed_on"] != (TODAY if target in CLOSED_STATUSES else None):
            wrong.append(f"{start} -> {target} closed_on {after['closed_on']}")
    assert wrong == []


def test_the_transition_table_matches_the_rules():
    for start, targets in STATUS_TRANSITIONS.items():
        assert S.NEW not in targets  # nothing goes back to new
        assert start not in targets
    for closed in CLOSED_STATUSES:
        assert STATUS_TRANSITIONS[closed] == {S.TRIAGED, S.IN_PROGRESS}
    assert set(STATUS_TRANSITIONS) == set(RequestStatus)


def test_setting_the_current_status_again_changes_nothing(shared, org):
    rid = put_in_status(shared, org, S.WAITING)
    before = snapshot(shared, rid)
    run(shared, svc.set_status, request_id=rid, status=S.WAITING)
    assert snapshot(shared, rid) == before


@pytest.mark.parametrize("status", [S.DONE, S.DECLINED])
@pytest.mark.parametrize("note", [None, "", "   "])
def test_closing_needs_a_resolution_note(shared, org, status, note):
    rid = put_in_status(shared, org, S.IN_PROGRESS)
    with refused(shared, rid, field="resolution"):
        run(shared, svc.set_status, request_id=rid, status=status, resolution=note)


def test_set_status_forwarded_needs_a_unit(shared, org):
    rid = put_in_status(shared, org, S.TRIAGED)
    with refused(shared, rid, field="forward_to"):
        run(shared, svc.set_status, request_id=rid, status=S.FORWARDED)


def test_a_request_forwarded_before_may_be_forwarded_again_by_status(shared, org):
    rid = put_in_status(shared, org, S.FORWARDED)
    run(shared, svc.set_status, request_id=rid, status=S.IN_PROGRESS)
    run(shared, svc.set_status, request_id=rid, status=S.FORWARDED)
    stored = snapshot(shared, rid)
    assert stored["status"] == S.FORWARDED
    assert stored["forwarded_to_id"] == org.it


def test_set_status_with_a_stale_version_changes_nothing(shared, org):
    rid = make_request(shared, org)
    with refused(shared, rid, StaleVersion):
        run(shared, svc.set_status, request_id=rid, status=S.TRIAGED, expected_version=2)


def test_forward_sets_unit_ticket_and_status(shared, org):
    rid = put_in_status(shared, org, S.TRIAGED)
    request = run(
        shared,
        svc.forward,
        request_id=rid,
        unit_id=org.it,
        ticket_ref="  KDN-4711 ",
        expected_version=2,
    )
    assert request.version == 3
    stored = snapshot(shared, rid)
    assert stored["status"] == S.FORWARDED
    assert stored["forwarded_to_id"] == org.it
    assert stored["ticket_ref"] == "KDN-4711"
    assert stored["closed_on"] is None


def test_forwarding_again_updates_the_ticket_and_stays_forwarded(shared, org):
    rid = put_in_status(shared, org, S.FORWARDED)
    run(shared, svc.forward, request_id=rid, unit_id=org.city_office, ticket_ref="HA-2")
    stored = snapshot(shared, rid)
    assert (stored["status"], stored["forwarded_to_id"], stored["ticket_ref"]) == (
        S.FORWARDED,
        org.city_office,
        "HA-2",
    )


@pytest.mark.parametrize("unit", [None, 9999, "own"])
def test_forward_needs_another_existing_unit(shared, org, unit):
    rid = put_in_status(shared, org, S.TRIAGED)
    unit_id = org.museum if unit == "own" else unit
    with refused(shared, rid, field="forward_to"):
        run(shared, svc.forward, request_id=rid, unit_id=unit_id, ticket_ref="T-1")


def test_forward_a_closed_request_is_refused(shared, org):
    rid = put_in_status(shared, org, S.DONE)
    with refused(shared, rid, field="status"):
        run(shared, svc.forward, request_id=rid, unit_id=org.it, ticket_ref="T-1")


def test_forward_with_a_stale_version_changes_nothing(shared, org):
    rid = put_in_status(shared, org, S.TRIAGED)
    with refused(shared, rid, StaleVersion):
        run(shared, svc.forward, request_id=rid, unit_id=org.it, expected_version=1)


@pytest.mark.parametrize(("declined", "status"), [(False, S.DONE), (True, S.DECLINED)])
def test_resolve_closes_with_a_note_and_a_date(shared, org, declined, status):
    rid = put_in_status(shared, org, S.IN_PROGRESS)
    run(
        shared,
        svc.resolve,
        request_id=rid,
        resolution="  Geräte geliefert ",
        declined=declined,
        today=date(2026, 2, 28),
    )
    stored = snapshot(shared, rid)
    assert stored["status"] == status
    assert stored["resolution"] == "Geräte geliefert"
    assert stored["closed_on"] == date(2026, 2, 28)


@pytest.mark.parametrize("note", ["", "  \n "])
def test_resolve_needs_a_note(shared, org, note):
    rid = put_in_status(shared, org, S.IN_PROGRESS)
    with refused(shared, rid, field="resolution"):
        run(shared, svc.resolve, request_id=rid, resolution=note)


def test_resolve_with_a_stale_version_changes_nothing(shared, org):
    rid = put_in_status(shared, org, S.IN_PROGRESS)
    with refused(shared, rid, StaleVersion):
        run(shared, svc.resolve, request_id=rid, resolution="ok", expected_version=1)


@pytest.mark.parametrize("closed", [S.DONE, S.DECLINED])
@pytest.mark.parametrize("reopened", [S.TRIAGED, S.IN_PROGRESS])
def test_reopening_clears_the_closing_date(shared, org, closed, reopened):
    rid = put_in_status(shared, org, closed)
    assert snapshot(shared, rid)["closed_on"] == TODAY
    run(shared, svc.set_status, request_id=rid, status=reopened)
    stored = snapshot(shared, rid)
    assert stored["status"] == reopened
    assert stored["closed_on"] is None
    # closing again needs no new note: the old one is kept
    run(shared, svc.set_status, request_id=rid, status=S.DONE)
    assert snapshot(shared, rid)["resolution"] == "Erledigt"


def test_request_detail_resolves_names_and_explains_urgency(shared, org):
    rid = make_request(
        shared,
        org,
        requester_id=org.mueller,
        received_on=TODAY - timedelta(days=10),
        due_on=TODAY + timedelta(days=3),
        priority="high",
    )
    run(shared, svc.forward, request_id=rid, unit_id=org.it)
    detail = run(shared, svc.request_detail, request_id=rid)
    assert (detail.unit_name, detail.requester_name, detail.forwarded_to_name) == (
        "Stadtmuseum",
        "Jürgen Müller",
        "KDN IT-Dienstleister",
    )
    assert detail.age_days == 10
    assert detail.urgency_parts == {"priority": 25, "waiting": 5, "due": 24}
    assert detail.urgency == 54


# --- urgency ------------------------------------------------------------------------------

# (priority, age in days, due in days (negative: overdue) or None, status, expected score)
URGENCY_CASES = [
    (Priority.LOW, 0, None, S.NEW, 0),
    (Priority.NORMAL, 0, None, S.NEW, 10),
    (Priority.HIGH, 0, None, S.NEW, 25),
    (Priority.URGENT, 0, None, S.NEW, 45),
    (Priority.NORMAL, 1, None, S.TRIAGED, 10),
    (Priority.NORMAL, 2, None, S.TRIAGED, 11),
    (Priority.NORMAL, 3, None, S.TRIAGED, 11),
    (Priority.NORMAL, 59, None, S.WAITING, 39),
    (Priority.NORMAL, 60, None, S.WAITING, 40),
    (Priority.NORMAL, 61, None, S.WAITING, 40),
    (Priority.NORMAL, 400, None, S.WAITING, 40),
    (Priority.LOW, 0, 0, S.NEW, 30),  # due today
    (Priority.LOW, 0, 1, S.NEW, 28),
    (Priority.LOW, 0, 14, S.NEW, 2),
    (Priority.LOW, 0, 15, S.NEW, 0),
    (Priority.LOW, 0, 365, S.NEW, 0),
    (Priority.LOW, 0, -1, S.IN_PROGRESS, 31),
    (Priority.LOW, 0, -20, S.IN_PROGRESS, 50),
    (Priority.LOW, 0, -21, S.IN_PROGRESS, 50),
    (Priority.LOW, 0, -200, S.FORWARDED, 50),
    (Priority.HIGH, 7, 3, S.FORWARDED, 25 + 3 + 24),
    (Priority.URGENT, 100, -100, S.TRIAGED, 125),  # the maximum
    (Priority.URGENT, 100, -100, S.DONE, 0),
    (Priority.URGENT, 100, -100, S.DECLINED, 0),
    (Priority.HIGH, 5, 2, S.DONE, 0),
]


@pytest.mark.parametrize(("priority", "age", "due", "status", "expected"), URGENCY_CASES)
def test_urgency_follows_the_documented_formula(priority, age, due, status, expected):
    score = svc.urgency(
        priority=priority,
        received_on=TODAY - timedelta(days=age),
        due_on=None if due is None else TODAY + timedelta(days=due),
        status=status,
        today=TODAY,
    )
    assert score == expected
    assert 0 <= score <= 125


def test_urgency_ignores_a_receipt_date_in_the_future():
    kwargs = {"priority": Priority.NORMAL, "due_on": None, "status": S.NEW, "today": TODAY}
    assert svc.urgency(received_on=TODAY + timedelta(days=9), **kwargs) == 10


def insert_raw(database, specs) -> list[int]:
    """Store requests as given (statuses set directly): the formula is under test, not triage."""
    unit_id = run(database, units.create_unit, data={"name": "Amt"}).id
    with database.session() as session:
        rows = [
            Request(
                title=f"Anfrage {n}",
                unit_id=unit_id,
                priority=priority,
                received_on=received_on,
                due_on=due_on,
                status=status,
            )
            for n, (priority, received_on, due_on, status) in enumerate(specs)
        ]
        session.add_all(rows)
        session.commit()
        return [row.id for row in rows]


def test_urgency_in_sql_gives_the_documented_scores(database):
    specs = [
        (
            priority,
            TODAY - timedelta(days=age),
            None if due is None else TODAY + timedelta(days=due),
            status,
        )
        for priority, age, due, status, _expected in URGENCY_CASES
    ]
    ids = insert_raw(database, specs)
    expected = {rid: case[-1] for rid, case in zip(ids, URGENCY_CASES, strict=True)}
    rows = run(database, svc.list_requests, filters=ALL)
    assert {row.id: row.urgency for row in rows} == expected


def random_specs(rng: random.Random, n: int):
    ages = [0, 1, 2, 3, 58, 59, 60, 61, 62, 120, -1, -3]
    dues = [None, None, 0, 1, 13, 14, 15, 16, -1, -2, -19, -20, -21, -22, -90]
    for _ in range(n):
        age = rng.choice(ages) if rng.random() < 0.5 else rng.randint(-5, 90)
        due = rng.choice(dues) if rng.random() < 0.5 else rng.randint(-40, 40)
        yield (
            rng.choice(list(Priority)),
            TODAY - timedelta(days=age),
            None if due is None else TODAY + timedelta(days=due),
            rng.choice(list(RequestStatus)),
        )


def python_urgency(row, today: date) -> int:
    return svc.urgency(
        priority=row.priority,
        received_on=row.received_on,
        due_on=row.due_on,
        status=row.status,
        today=today,
    )


def stored_urgency(database) -> dict[int, int]:
    with database.session() as session:
        return dict(session.exec(select(Request.id, Request.urgency)).all())


def test_urgency_in_sql_equals_urgency_in_python_and_orders_the_list(database):
    rng = random.Random(20260302)
    insert_raw(database, list(random_specs(rng, 400)))
    for today in (TODAY, TODAY - timedelta(days=17), TODAY + timedelta(days=45)):
        with database.session() as session:
            svc.ensure_urgency_current(session, today=today)
        rows = run(database, svc.list_requests, filters=ALL, today=today)
        assert len(rows) == 400
        python = {row.id: python_urgency(row, today) for row in rows}
        # the score computed in SQL for the list rows
        assert [(row.id, row.urgency) for row in rows if row.urgency != python[row.id]] == []
        # the score stored for sorting, refreshed in SQL once a day: whole numbers too
        stored = stored_urgency(database)
        assert {rid: score for rid, score in stored.items() if score != python[rid]} == {}
        assert all(type(score) is int for score in stored.values())
        # the list is ordered by it, most urgent first
        scores = [python[row.id] for row in rows]
        assert scores == sorted(scores, reverse=True)
        assert list(run(database, svc.ordered_ids, filters=ALL, today=today)) == [
            row.id for row in rows
        ]


def test_urgency_is_refreshed_only_when_the_day_changes(database, org):
    rid = make_request(database, org, received_on=TODAY, due_on=TODAY + timedelta(days=14))
    assert stored_urgency(database)[rid] == 10 + 0 + 2
    later = TODAY + timedelta(days=10)
    with database.session() as session:
        svc.ensure_urgency_current(session, today=later)
    assert stored_urgency(database)[rid] == 10 + 5 + 22
    with database.session() as session:  # the same day again: nothing to do
        session.exec(select(Request)).one().urgency = 99
        session.commit()
        svc.ensure_urgency_current(session, today=later)
    assert stored_urgency(database)[rid] == 99


def test_every_write_keeps_the_stored_urgency_current(shared, org):
    rid = make_request(shared, org, received_on=TODAY - timedelta(days=8))
    assert stored_urgency(shared)[rid] == 10 + 4
    run(shared, svc.triage, request_id=rid, priority=Priority.URGENT)
    assert stored_urgency(shared)[rid] == 45 + 4
    run(shared, svc.update_request, request_id=rid, changes={"due_on": TODAY})
    assert stored_urgency(shared)[rid] == 45 + 4 + 30
    run(shared, svc.resolve, request_id=rid, resolution="Erledigt")
    assert stored_urgency(shared)[rid] == 0
    run(shared, svc.set_status, request_id=rid, status=S.IN_PROGRESS)
    assert stored_urgency(shared)[rid] == 45 + 4 + 30


# --- listing ------------------------------------------------------------------------------


def listed(database, sample, filters=OPEN, sort=RequestSort.URGENCY) -> list[str]:
    """Names of the listed requests; checks that ids, rows and count agree."""
    names = {rid: name for name, rid in sample.items()}
    rows = run(database, svc.list_requests, filters=filters, sort=sort)
    ids = run(database, svc.ordered_ids, filters=filters, sort=sort)
    assert list(ids) == [row.id for row in rows]
    assert run(database, svc.count_requests, filters=filters) == len(rows)
    assert run(database, svc.rows_for, ids=ids) == rows
    return [names[row.id] for row in rows]


def test_the_default_list_hides_closed_requests(listing, sample):
    assert set(listed(listing, sample)) == {"laptops", "wlan", "website", "import"}
    assert set(listed(listing, sample, ALL)) == set(sample)
    assert listed(listing, sample, RequestFilter(statuses=frozenset({S.DONE}))) == ["printers"]
    both = RequestFilter(statuses=frozenset({S.NEW, S.WAITING}))
    assert set(listed(listing, sample, both)) == {"wlan", "import"}
    assert listed(listing, sample, RequestFilter(statuses=frozenset())) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("muller", {"laptops"}),  # requester name, umlaut-blind
        ("MÜLLER", {"laptops"}),
        ("jurgen muller", {"laptops"}),
        ("schmidt", {"wlan"}),
        ("strasse", {"wlan"}),  # title with ß
        ("LINDENSTRASSE", {"wlan"}),
        ("router", {"wlan"}),  # description
        ("lesesaal WLAN", {"wlan"}),  # every word, in any order
        ("ausstellung", {"laptops"}),
        ("laptops router", set()),
        ("50%", {"website"}),
        ("%", {"website"}),  # literal, not "anything"
        ("a%e", set()),
        ("_", {"import"}),  # literal, not "one character"
        ("e_n", {"import"}),
        ("t_a", set()),  # would match "Lindenstraße" as a wildcard
        ("drucker", set()),  # done: hidden by default
        ("   ", {"laptops", "wlan", "website", "import"}),
    ],
)
def test_text_filter(listing, sample, text, expected):
    assert set(listed(listing, sample, RequestFilter(text=text))) == expected


def test_text_filter_finds_closed_requests_when_asked(listing, sample):
    assert listed(listing, sample, RequestFilter(text="drucker", statuses=None)) == ["printers"]


def test_priority_filter(listing, sample):
    assert listed(listing, sample, RequestFilter(priority=Priority.HIGH)) == ["laptops"]
    high = RequestFilter(priority=Priority.HIGH, statuses=None)
    assert set(listed(listing, sample, high)) == {"laptops", "account"}
    assert listed(listing, sample, RequestFilter(priority="urgent")) == ["import"]


def test_unit_filter_includes_the_units_below(listing, org, sample):
    def names(unit_id):
        return set(listed(listing, sample, RequestFilter(unit_id=unit_id)))

    assert names(org.culture) == {"laptops", "wlan", "import"}
    assert names(org.library) == {"wlan", "import"}
    assert names(org.branch) == {"import"}
    assert names(org.museum) == {"laptops"}
    assert names(org.city_office) == {"website"}
    assert names(org.it) == set()


def test_category_filter(listing, sample):
    assert listed(listing, sample, RequestFilter(category="Hardware")) == ["laptops"]
    every = RequestFilter(category="Hardware", statuses=None)
    assert set(listed(listing, sample, every)) == {"laptops", "printers"}
    assert listed(listing, sample, RequestFilter(category="Telephony")) == []


def test_overdue_filter_counts_open_requests_due_before_today(listing, sample):
    assert listed(listing, sample, RequestFilter(overdue=True)) == ["laptops"]
    assert listed(listing, sample, RequestFilter(overdue=True, statuses=None)) == ["laptops"]
    rows = run(listing, svc.list_requests, filters=ALL)
    assert {row.id for row in rows if row.overdue} == {sample["laptops"]}


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (0, {"laptops", "wlan", "website"}),  # received before today
        (1, {"laptops", "website"}),
        (9, {"laptops", "website"}),
        (10, {"website"}),  # the laptops came in exactly 10 days ago
        (56, set()),
        (55, {"website"}),
    ],
)
def test_waiting_days_filter(listing, sample, days, expected):
    assert set(listed(listing, sample, RequestFilter(waiting_days=days))) == expected
    # closed requests never wait
    assert set(listed(listing, sample, RequestFilter(waiting_days=days, statuses=None))) == expected


def test_filters_combine(listing, org, sample):
    both = RequestFilter(unit_id=org.culture, priority=Priority.HIGH)
    assert listed(listing, sample, both) == ["laptops"]
    text_and_unit = RequestFilter(text="lindenstrasse", unit_id=org.museum)
    assert listed(listing, sample, text_and_unit) == []


def test_sort_by_urgency(listing, sample):
    assert listed(listing, sample, sort=RequestSort.URGENCY) == [
        "import",  # urgent 45 + waiting 0 + due today 30 = 75
        "laptops",  # high 25 + 10 days 5 + overdue 5 days 35 = 65
        "website",  # low 0 + 56 days 28 = 28
        "wlan",  # normal 10 + 1 day 0 + due in 8 days 14 = 24
    ]


def test_sort_by_received_newest_first(listing, sample):
    assert listed(listing, sample, ALL, RequestSort.RECEIVED) == [
        "import",
        "wlan",
        "laptops",
        "account",
        "website",
        "printers",
    ]


def test_sort_by_due_soonest_first_without_due_last(listing, sample):
    assert listed(listing, sample, ALL, RequestSort.DUE) == [
        "printers",
        "laptops",
        "import",
        "wlan",
        "website",  # no due date: last, by id
        "account",
    ]


def test_sort_ties_are_broken_by_id(database, org):
    first = make_request(database, org, received_on=date(2026, 2, 2), due_on=date(2026, 3, 5))
    second = make_request(database, org, received_on=date(2026, 2, 2), due_on=date(2026, 3, 5))
    assert list(run(database, svc.ordered_ids, sort=RequestSort.RECEIVED)) == [second, first]
    assert list(run(database, svc.ordered_ids, sort=RequestSort.DUE)) == [first, second]


def test_list_limit(listing, sample):
    rows = run(listing, svc.list_requests, filters=ALL, sort=RequestSort.RECEIVED, limit=2)
    assert [row.id for row in rows] == [sample["import"], sample["wlan"]]


def test_rows_for_keeps_the_given_order_and_skips_vanished_ids(database, org, sample):
    wanted = [sample["website"], 999_999, sample["laptops"], sample["printers"]]
    rows = run(database, svc.rows_for, ids=wanted)
    assert [row.id for row in rows] == [sample["website"], sample["laptops"], sample["printers"]]
    with database.session() as session:
        session.delete(session.get(Request, sample["laptops"]))
        session.commit()
    rows = run(database, svc.rows_for, ids=wanted)
    assert [row.id for row in rows] == [sample["website"], sample["printers"]]
    assert run(database, svc.rows_for, ids=[]) == []


def test_rows_carry_what_the_list_shows(listing, org, sample):
    (row,) = run(listing, svc.rows_for, ids=[sample["laptops"]])
    assert row.title == "Neue Laptops für die Ausstellung"
    assert row.unit_name == "Stadtmuseum"
    assert row.requester_name == "Jürgen Müller"
    assert row.status == S.TRIAGED
    assert row.priority == Priority.HIGH
    assert row.category == "Hardware"
    assert row.age_days == 10
    assert row.overdue is True
    assert row.urgency == 25 + 5 + 35
    assert row.version == 2
    (row,) = run(listing, svc.rows_for, ids=[sample["website"]])
    assert row.requester_name is None
    assert row.overdue is False


def test_default_filter_is_the_open_list():
    assert RequestFilter().statuses == OPEN_STATUSES
    assert RequestFilter().is_default
    assert not RequestFilter(text="x").is_default


def test_categories_lists_used_ones_first(listing, sample):
    found = run(listing, svc.categories)
    assert found[0] == "Hardware"  # used twice
    assert {"Network", "Website", "Software", "Accounts"} <= set(found)
    assert "Telephony" in found  # a usual one, not used yet
    assert len(found) == len(set(found))


def test_ordered_ids_keep_the_sql_order_on_many_rows(database):
    """``ordered_ids`` reads SQLite's ids as one group_concat string; its order must be the
    list's order for every sort and filter, also with ties and hundreds of rows."""
    rng = random.Random(7)
    with database.session() as session:
        unit = units.create_unit(session, data={"name": "Order test house"})
        for number in range(300):
            svc.create_request(
                session,
                data={
                    "title": f"Ordertest {number} {'Drucker' if number % 3 else 'WLAN'}",
                    "unit_id": unit.id,
                    "priority": rng.choice(list(Priority)),
                    "received_on": TODAY - timedelta(days=rng.randint(0, 90)),
                    "due_on": rng.choice([None, TODAY + timedelta(days=rng.randint(-30, 30))]),
                },
            )
    for sort in RequestSort:
        for filters in (
            RequestFilter(unit_id=unit.id),
            RequestFilter(statuses=None, unit_id=unit.id),
            RequestFilter(text="ordertest drucker"),
        ):
            with database.session() as session:
                ids = svc.ordered_ids(session, filters=filters, sort=sort)
                rows = svc.list_requests(session, filters=filters, sort=sort)
            assert list(ids) == [row.id for row in rows], (sort, filters)
            assert len(ids) > 50
