"""The timeline of one person, "last contact", and who we are losing touch with."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import update

from officer_tui.models.enums import Channel, RecordKind, UnitKind
from officer_tui.models.org import Contact
from officer_tui.services import contacts, requests, timeline, units
from officer_tui.services.errors import ValidationError

TODAY = date(2026, 3, 2)


@pytest.fixture
def people(session) -> dict[str, int]:
    """A museum person, an IT provider person and an external one, all added a year ago."""
    museum = units.create_unit(session, data={"name": "Stadtmuseum", "kind": UnitKind.MUSEUM}).id
    kit = units.create_unit(session, data={"name": "KommunalIT", "kind": UnitKind.IT_PROVIDER}).id
    ext = units.create_unit(session, data={"name": "Förderverein", "kind": UnitKind.EXTERNAL}).id
    ids = {
        "anna": contacts.create_contact(session, data={"name": "Anna Albers", "unit_id": museum}).id,
        "dieter": contacts.create_contact(session, data={"name": "Dieter Dahl", "unit_id": kit}).id,
        "gisela": contacts.create_contact(session, data={"name": "Gisela Hartung", "unit_id": ext}).id,
        "museum": museum,
        "kit": kit,
    }
    year_ago = datetime(2025, 3, 1, tzinfo=UTC)
    session.execute(update(Contact).values(created_at=year_ago))
    session.commit()
    return ids


def request_from(session, person: int, unit: int, days_ago: int, title: str) -> int:
    return requests.create_request(session, data={
        "title": title, "unit_id": unit, "requester_id": person,
        "received_on": TODAY - timedelta(days=days_ago)}, today=TODAY).id


def test_timeline_merges_requests_and_logs_newest_first(session, people):
    old = request_from(session, people["anna"], people["museum"], 40, "Drucker im Foyer")
    new = request_from(session, people["anna"], people["museum"], 3, "WLAN im Depot")
    log = contacts.log_contact(session, contact_id=people["anna"], channel=Channel.MEETING,
                               note="Jour fixe", happened_on=TODAY - timedelta(days=10), today=TODAY).id
    request_from(session, people["dieter"], people["kit"], 1, "Not Anna's")
    entries = timeline.timeline(session, people["anna"])
    assert [(e.kind, e.record_id) for e in entries] == [
        (RecordKind.REQUEST, new), (RecordKind.CONTACT_LOG, log), (RecordKind.REQUEST, old)]
    assert entries[0].title == "WLAN im Depot" and entries[0].role == "requested"
    assert entries[1].title == "Jour fixe" and entries[1].role == "meeting"
    assert timeline.role_text(entries[1].kind, entries[1].role) == "meeting"
    assert timeline.kind_name(RecordKind.CONTACT_LOG) == "logged contact"
    assert timeline.last_contact(session, people["anna"]) == TODAY - timedelta(days=3)
    assert timeline.last_contact(session, people["gisela"]) is None


def test_log_contact_refuses_future_dates_and_unknown_channels(session, people):
    with pytest.raises(ValidationError) as error:
        contacts.log_contact(session, contact_id=people["anna"], happened_on=TODAY + timedelta(days=1),
                             today=TODAY)
    assert error.value.field == "happened_on"
    with pytest.raises(ValidationError) as error:
        contacts.log_contact(session, contact_id=people["anna"], channel="pigeon", today=TODAY)
    assert error.value.field == "channel"
    assert timeline.timeline(session, people["anna"]) == []


def losing(session, **kwargs) -> list[int]:
    return list(contacts.contact_ids(session, losing_touch=True, today=TODAY, **kwargs))


def test_losing_touch_uses_the_unit_kind_default(session, people):
    # museum: 90 days, IT provider: 14, external: 180; all were added a year ago
    request_from(session, people["anna"], people["museum"], 80, "recent enough")
    contacts.log_contact(session, contact_id=people["dieter"], happened_on=TODAY - timedelta(days=20),
                         today=TODAY)
    # Gisela was never contacted and was added 366 days ago: losing touch (most overdue first)
    assert losing(session) == [people["gisela"], people["dieter"]]
    rows = {r.id: r for r in contacts.list_contacts(session, today=TODAY)}
    assert rows[people["anna"]].interval_days == 90 and not rows[people["anna"]].losing_touch
    assert rows[people["dieter"]].interval_days == 14 and rows[people["dieter"]].losing_touch
    assert rows[people["dieter"]].days_since(TODAY) == 20
    assert rows[people["gisela"]].last_on is None and rows[people["gisela"]].losing_touch


def test_losing_touch_per_contact_interval_and_changed_default(session, people):
    request_from(session, people["anna"], people["museum"], 30, "a month ago")
    contacts.log_contact(session, contact_id=people["dieter"], happened_on=TODAY - timedelta(days=5),
                         today=TODAY)
    contacts.log_contact(session, contact_id=people["gisela"], happened_on=TODAY - timedelta(days=5),
                         today=TODAY)
    assert losing(session) == []
    contacts.update_contact(session, contact_id=people["anna"], changes={"stay_in_touch_days": 21})
    assert losing(session) == [people["anna"]]
    contacts.set_stay_default(session, kind=UnitKind.IT_PROVIDER, days=3)
    assert losing(session) == [people["anna"], people["dieter"]]  # 9 days over, then 2
    assert contacts.stay_defaults(session)[UnitKind.IT_PROVIDER] == 3
    # the SQL filter and the Python flag agree
    flagged = {r.id for r in contacts.list_contacts(session, today=TODAY) if r.losing_touch}
    assert flagged == set(losing(session))
    # combined with a unit filter
    assert losing(session, unit_ids={people["kit"]}) == [people["dieter"]]


def test_a_new_contact_without_history_is_not_losing_touch(session, people):
    fresh = contacts.create_contact(session, data={"name": "Neu Person", "unit_id": people["kit"]}).id
    session.execute(update(Contact).where(Contact.id == fresh).values(
        created_at=datetime(2026, 2, 25, tzinfo=UTC)))
    session.commit()
    assert fresh not in losing(session)


def test_stay_in_touch_interval_is_validated(session, people):
    with pytest.raises(ValidationError) as error:
        contacts.update_contact(session, contact_id=people["anna"], changes={"stay_in_touch_days": 0})
    assert error.value.field == "stay_in_touch_days"
    with pytest.raises(ValidationError):
        contacts.set_stay_default(session, kind=UnitKind.MUSEUM, days=-5)


def test_an_open_follow_up_is_a_plan_not_a_contact(session, people):
    """Owning an overdue follow-up does not count as having spoken to someone; doing it does."""
    from officer_tui.services import followups

    owner = people["dieter"]  # IT provider: stay in touch every 14 days
    followups.add_followup(session, data={
        "title": "Lizenzliste abgleichen", "due_on": TODAY - timedelta(days=3), "owner_id": owner,
    })
    entries = timeline.timeline(session, owner)
    assert [e.kind for e in entries] == [RecordKind.FOLLOWUP]  # shown on the timeline ...
    assert timeline.last_contact(session, owner, until=TODAY) is None  # ... but no contact
    assert owner in set(contacts.contact_ids(session, losing_touch=True, today=TODAY))
