"""Follow-ups: validation, recurrence (days, weeks, months; from due or done), overdue, lists."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from officer_tui.models.enums import RecordKind, RecurFrom, RecurUnit
from officer_tui.models.portfolio import FollowUp
from officer_tui.services import contacts, followups, ideas, requests, units
from officer_tui.services.errors import ValidationError
from officer_tui.services.idea_views import FollowUpState
from tests.conftest import TODAY


@pytest.fixture
def records(session):
    unit = units.create_unit(session, data={"name": "Bibliothek", "kind": "library"}).id
    person = contacts.create_contact(session, data={"name": "Ute Hagedorn", "unit_id": unit}).id
    request = requests.create_request(session, data={"title": "Drucker", "unit_id": unit}).id
    idea = ideas.create_idea(session, data={"title": "Tablets"}, today=TODAY).id
    return {"unit": unit, "person": person, "request": request, "idea": idea}


def add(session, **data):
    data.setdefault("title", "Nachfassen")
    data.setdefault("due_on", TODAY)
    return followups.add_followup(session, data=data)


@pytest.mark.parametrize("data, field", [
    ({"title": " "}, "title"),
    ({"due_on": None}, "due"),
    ({"subject_kind": "request", "subject_id": 999}, "subject"),
    ({"subject_kind": "idea", "subject_id": 999}, "subject"),
    ({"subject_kind": "project", "subject_id": 1}, "subject"),
    ({"subject_kind": "meeting", "subject_id": 1}, "subject"),
    ({"subject_kind": "request"}, "subject"),
    ({"owner_id": 999}, "owner"),
    ({"recur_every": 0, "recur_unit": "days"}, "every"),
    ({"recur_every": 2}, "every"),
    ({"recur_every": 2, "recur_unit": "years"}, "every"),
])
def test_bad_follow_ups_are_refused(session, records, data, field):
    with pytest.raises(ValidationError) as error:
        add(session, **data)
    assert error.value.field == field
    assert session.execute(select(FollowUp)).first() is None


def test_follow_up_on_a_request_and_an_idea(session, records):
    on_request = add(session, subject_kind="request", subject_id=records["request"],
                     owner_id=records["person"])
    add(session, subject_kind=RecordKind.IDEA, subject_id=records["idea"], title="Angebote")
    rows = followups.for_record(session, kind=RecordKind.REQUEST, record_id=records["request"])
    assert [(r.id, r.subject_title, r.owner_name) for r in rows] == [
        (on_request.id, "Drucker", "Ute Hagedorn")]


@pytest.mark.parametrize("due, done, every, unit, counted_from, expected", [
    (date(2026, 3, 2), date(2026, 3, 5), 3, "days", "due", date(2026, 3, 5)),
    (date(2026, 3, 2), date(2026, 3, 5), 3, "days", "done", date(2026, 3, 8)),
    (date(2026, 3, 2), date(2026, 3, 5), 2, "weeks", "due", date(2026, 3, 16)),
    (date(2026, 3, 2), date(2026, 3, 5), 2, "weeks", "done", date(2026, 3, 19)),
    (date(2026, 1, 31), date(2026, 2, 3), 1, "months", "due", date(2026, 2, 28)),
    (date(2028, 1, 31), date(2028, 2, 3), 1, "months", "due", date(2028, 2, 29)),
    (date(2026, 3, 31), date(2026, 4, 1), 1, "months", "due", date(2026, 4, 30)),
    (date(2026, 11, 30), date(2026, 12, 1), 3, "months", "due", date(2027, 2, 28)),
    (date(2026, 1, 10), date(2026, 1, 31), 1, "months", "done", date(2026, 2, 28)),
    (date(2026, 12, 15), date(2026, 12, 15), 13, "months", "due", date(2028, 1, 15)),
])
def test_next_due(due, done, every, unit, counted_from, expected):
    assert followups.next_due(due_on=due, done_on=done, every=every, unit=RecurUnit(unit),
                              counted_from=RecurFrom(counted_from)) == expected


def test_done_recurring_creates_the_next_one(session, records):
    first = add(session, due_on=date(2026, 1, 31), recur_every=1, recur_unit="months",
                subject_kind="idea", subject_id=records["idea"], owner_id=records["person"])
    done, following = followups.mark_done(session, followup_id=first.id, today=TODAY)
    assert done.done_on == TODAY
    assert following.due_on == date(2026, 2, 28)
    assert (following.subject_kind, following.subject_id, following.owner_id) == (
        RecordKind.IDEA, records["idea"], records["person"])
    assert following.recur_from == RecurFrom.DUE
    with pytest.raises(ValidationError):
        followups.mark_done(session, followup_id=first.id, today=TODAY)


def test_done_once_creates_nothing(session, records):
    single = add(session)
    _done, following = followups.mark_done(session, followup_id=single.id, today=TODAY)
    assert following is None
    assert len(session.execute(select(FollowUp)).all()) == 1


def test_overdue_and_list_order(session, records):
    later = add(session, title="später", due_on=TODAY + timedelta(days=5)).id
    late = add(session, title="überfällig", due_on=TODAY - timedelta(days=3)).id
    today_ = add(session, title="heute", due_on=TODAY).id
    done = add(session, title="erledigt", due_on=TODAY - timedelta(days=9)).id
    followups.mark_done(session, followup_id=done, today=TODAY)
    rows = followups.list_followups(session, today=TODAY)
    assert [r.id for r in rows] == [late, today_, later]
    assert [r.overdue for r in rows] == [True, False, False]
    overdue = followups.list_followups(session, state=FollowUpState.OVERDUE, today=TODAY)
    assert [r.id for r in overdue] == [late]
    assert [r.id for r in followups.list_followups(session, state="done", today=TODAY)] == [done]
    assert len(followups.list_followups(session, state="all", today=TODAY)) == 4


def test_feed_has_the_six_timeline_columns(session, records):
    from officer_tui.services.timeline import COLUMNS

    open_one = add(session, owner_id=records["person"], due_on=TODAY + timedelta(days=2))
    done_one = add(session, owner_id=records["person"], title="Fertig")
    followups.mark_done(session, followup_id=done_one.id, today=TODAY - timedelta(days=1))
    result = session.execute(followups.followups_feed())
    assert tuple(result.keys()) == COLUMNS
    got = sorted(result.all(), key=lambda row: row[3])
    assert [(row[1], row[3], row[5]) for row in got] == [
        (TODAY + timedelta(days=2), open_one.id, "owns follow-up"),
        (TODAY - timedelta(days=1), done_one.id, "owns follow-up"),
    ]
