"""The status report (Lagebericht): its sections on a small hand-made database (what is in the
period shows, what is outside does not; request counts and days to close; escaping), an empty
period and an empty database (every section says so), the demo data, German."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from officer_tui.models.enums import EnrollmentStatus, MeetingKind, OutcomeKind, TrafficLight
from officer_tui.services import (
    contacts,
    followups,
    meetings,
    projects,
    requests,
    trainings,
    units,
)
from officer_tui.services.errors import ValidationError
from officer_tui.services.status_report import (
    default_period,
    file_name,
    resolve_period,
    status_report,
)
from tests.conftest import TODAY

FEB = (date(2026, 2, 1), date(2026, 2, 28))


def section(text: str, heading: str) -> str:
    """The text of the ``## heading`` section, up to the next ``## ``."""
    start = text.index("## " + heading + "\n")
    end = text.find("\n## ", start + 3)
    return text[start:] if end < 0 else text[start:end]


def request(session, title, unit, received, *, category=None, closed=None, due=None):
    data = {"title": title, "unit_id": unit, "received_on": received, "category": category,
            "due_on": due}
    made = requests.create_request(session, data=data, today=received)
    if closed is not None:
        requests.resolve(session, request_id=made.id, resolution="erledigt", today=closed)
    return made


@pytest.fixture
def world(session) -> dict:
    library = units.create_unit(session, data={"name": "Stadtbibliothek", "kind": "library",
                                               "headcount": 10}).id
    museum = units.create_unit(session, data={"name": "Stadtmuseum", "kind": "museum"}).id
    anna = contacts.create_contact(session, data={"name": "Anna Acker", "unit_id": library}).id
    bernd = contacts.create_contact(session, data={"name": "Bernd Bauer", "unit_id": library}).id

    # Requests: three received in February (one closed after 4 days, one after 10), one
    # received in January and closed in February (31 days), one received in March.
    request(session, "Drucker | defekt", library, date(2026, 2, 2), category="Hardware",
            closed=date(2026, 2, 6))
    request(session, "WLAN Lesesaal", library, date(2026, 2, 10), category="Netz",
            closed=date(2026, 2, 20))
    request(session, "Scanner fürs Depot", museum, date(2026, 2, 15), category="Hardware",
            due=date(2026, 2, 25))
    request(session, "Alte Anfrage", museum, date(2026, 1, 10), closed=date(2026, 2, 10))
    request(session, "Neu im März", museum, date(2026, 3, 1))

    inside = meetings.add_meeting(session, data={
        "title": "Jour fixe IT", "kind": MeetingKind.JOUR_FIXE, "held_on": date(2026, 2, 12),
        "start_time": time(10)})
    item = meetings.add_item(session, meeting_id=inside.id, data={"title": "Ausleihsystem"})
    meetings.add_outcome(session, item_id=item.id, kind=OutcomeKind.DECISION,
                         text="Wir nehmen Angebot B | nicht C")
    outside = meetings.add_meeting(session, data={
        "title": "Lenkungsgruppe", "kind": MeetingKind.OTHER, "held_on": date(2026, 1, 20)})
    item = meetings.add_item(session, meeting_id=outside.id, data={"title": "Budget"})
    meetings.add_outcome(session, item_id=item.id, kind=OutcomeKind.DECISION,
                         text="Budget 2026 freigegeben")

    risky = projects.create_project(session, data={
        "title": "Digitale Sammlung", "owner_unit_id": museum, "field_of_action": "Daten",
        "funding": "funded", "funding_amount": 45000,
        "proof_of_use_due": TODAY + timedelta(days=10)})
    projects.set_traffic_light(session, project_id=risky.id, light=TrafficLight.OFF_TRACK,
                               note="Fotograf fällt aus\nneue Ausschreibung")
    projects.create_project(session, data={"title": "Ruhiges Projekt", "owner_unit_id": library})

    followups.add_followup(session, data={"title": "Angebot nachfassen", "owner_id": anna,
                                          "due_on": TODAY - timedelta(days=5)})
    followups.add_followup(session, data={"title": "Noch Zeit", "due_on": TODAY + timedelta(days=5)})

    ai = trainings.add_programme(session, data={
        "title": "KI-Grundlagen", "goal_percent": 80, "goal_by": date(2026, 6, 30),
        "targets": [(library, None)]})
    held = trainings.add_session(session, data={"programme_id": ai.id,
                                                "held_on": date(2026, 2, 17)})
    for person in (anna, bernd):
        trainings.enroll(session, session_id=held.id, contact_id=person,
                         status=EnrollmentStatus.ATTENDED)
    return {"library": library, "museum": museum, "risky": risky.id}


def test_title_period_and_summary(session, world):
    text = status_report(session, start=FEB[0], end=FEB[1], today=TODAY)
    assert text.startswith("# Status report digitalisation\n\nPeriod: 2026-02-01 to 2026-02-28"
                           " · made on 2026-03-02\n")
    summary = section(text, "Summary")
    assert "| Projects | 2 (⚠ 0 at risk, ✗ 1 off track) |" in summary
    assert "| Meetings held in the period | 1 |" in summary
    assert "| Decisions in the period | 1 (in 1 meeting) |" in summary
    assert "| Requests received / closed in the period | 3 / 3 |" in summary
    assert "| Median days to close | 10.0 |" in summary
    assert "| Overdue follow-ups | 1 |" in summary
    assert "| Training sessions / people trained in the period | 1 / 2 |" in summary
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == ["## Summary", "## Portfolio by field of action", "## Decisions of the period",
                        "## Open and overdue items", "## Training coverage",
                        "## Requests of the period"]


def test_decisions_of_the_period_only(session, world):
    decisions = section(status_report(session, start=FEB[0], end=FEB[1], today=TODAY),
                        "Decisions of the period")
    assert "| 2026-02-12 | Jour fixe IT | Ausleihsystem | Wir nehmen Angebot B \\| nicht C |" \
        in decisions
    assert "Budget 2026 freigegeben" not in decisions
    january = status_report(session, start=date(2026, 1, 1), end=date(2026, 1, 31), today=TODAY)
    assert "Budget 2026 freigegeben" in section(january, "Decisions of the period")


def test_portfolio_names_the_projects_off_track_with_their_note(session, world):
    portfolio = section(status_report(session, start=FEB[0], end=FEB[1], today=TODAY),
                        "Portfolio by field of action")
    assert "| Daten | 1 | 0 | 1 | 0 | 0 | 0 | €45,000 | €0 |" in portfolio
    assert "| **All** | 2 |" in portfolio
    assert (f"| ✗ off track | Digitale Sammlung (#{world['risky']}) | Daten | Stadtmuseum | "
            "planned | Fotograf fällt aus neue Ausschreibung |") in portfolio
    assert "Ruhiges Projekt" not in portfolio


def test_open_and_overdue_items(session, world):
    items = section(status_report(session, start=FEB[0], end=FEB[1], today=TODAY),
                    "Open and overdue items")
    assert "As of 2026-03-02." in items
    assert "### Overdue follow-ups (1)" in items
    assert "| 2026-02-25 | Angebot nachfassen | Anna Acker | – | 5 days |" in items
    assert "Noch Zeit" not in items
    assert "### Overdue requests (1)" in items and "Scanner fürs Depot" in items
    assert "### Proofs of use due within 30 days (1)" in items
    assert "| 2026-03-12 | Digitale Sammlung" in items


def test_training_coverage(session, world):
    training = section(status_report(session, start=FEB[0], end=FEB[1], today=TODAY),
                       "Training coverage")
    assert "| KI-Grundlagen | 80 % by 2026-06-30 | 2 | 10 | 20 % |" in training
    assert training.rstrip().endswith("| Stadtbibliothek | 2 | 10 | 20 % | 6 |")
    march = section(status_report(session, start=date(2026, 3, 1), end=TODAY, today=TODAY),
                    "Training coverage")
    assert "| 0 | 0 |" in march  # no session in March; coverage stays


def test_requests_of_the_period(session, world):
    text = section(status_report(session, start=FEB[0], end=FEB[1], today=TODAY),
                   "Requests of the period")
    assert "3 requests received · 3 closed · 1 of those received still open" in text
    assert "Days from receipt to closing: median 10.0, average 15.0." in text
    assert "| Stadtbibliothek | 2 | 2 | 0 |" in text
    assert "| Stadtmuseum | 1 | 1 | 1 |" in text
    assert "| Hardware | 2 | 1 | 1 |" in text
    assert "| No category | 0 | 1 | 0 |" in text
    assert "Neu im März" not in text


def test_an_empty_period_says_so_in_every_section(session, world):
    text = status_report(session, start=date(2025, 6, 1), end=date(2025, 6, 30), today=TODAY)
    assert "No decisions in this period." in text
    assert "No requests received or closed in this period." in text
    assert "| Requests received / closed in the period | 0 / 0 |" in text
    assert "| Median days to close | – |" in text


def test_an_empty_database(session):
    text = status_report(session, today=TODAY)
    for line in ("No projects.", "No decisions in this period.", "No follow-up is overdue.",
                 "No request is overdue.", "No other request has waited that long.",
                 "No proof of use is due soon.", "No training programmes.",
                 "No requests received or closed in this period."):
        assert line in text, line


def test_the_default_period_is_the_30_days_up_to_today():
    assert default_period(TODAY) == (date(2026, 2, 1), TODAY)
    assert resolve_period(None, None, today=TODAY) == (date(2026, 2, 1), TODAY)
    assert resolve_period(date(2026, 1, 1), None, today=TODAY) == (date(2026, 1, 1), TODAY)
    assert resolve_period(None, date(2026, 1, 30), today=TODAY) == (date(2026, 1, 1),
                                                                     date(2026, 1, 30))
    with pytest.raises(ValidationError) as error:
        resolve_period(date(2026, 3, 5), date(2026, 3, 1), today=TODAY)
    assert error.value.field == "to"
    assert file_name(*FEB) == "status-report-2026-02-01-2026-02-28.md"


def test_demo_data(demo_url):
    from officer_tui.services.database import open_database

    database = open_database(demo_url)
    with database.session() as session:
        text = status_report(session, today=TODAY)
    database.close()
    assert "Period: 2026-02-01 to 2026-03-02" in text
    for heading in ("Portfolio by field of action", "Decisions of the period",
                    "Open and overdue items", "Training coverage", "Requests of the period"):
        body = section(text, heading)
        assert body.count("\n") > 4, heading  # each has content with the demo data
    assert "### Projects at risk or off track" in text
    assert "No decisions in this period." not in text
    # Every table row has as many cells as its header.
    widths = None
    for line in text.splitlines():
        if not line.startswith("|"):
            widths = None
            continue
        cells = line.replace("\\|", "").count("|")
        widths = widths or cells
        assert cells == widths, line


def test_german(session, world, german):
    text = status_report(session, start=FEB[0], end=FEB[1], today=TODAY)
    assert "01.02.2026" in text and "28.02.2026" in text and "02.03.2026" in text
    assert "45.000 €" in text
    assert "10,0" in text  # the median with a decimal comma
