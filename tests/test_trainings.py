"""Training programmes: validation, seats and the waiting list, coverage of units and their
sub-units, the forecast, still needed, exports, and trainings on timelines and last contact."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from sqlalchemy import func, select

from officer_tui.models.enums import EnrollmentStatus
from officer_tui.models.training import Enrollment, ProgrammeTarget, TrainingProgramme
from officer_tui.services import contacts, timeline, trainings, units
from officer_tui.services.errors import ValidationError
from tests.conftest import TODAY

E = EnrollmentStatus


@pytest.fixture
def org(session) -> dict[str, int]:
    """Kulturbetrieb (10 people) with Stadtmuseum (20) and its Depot (5) below; Bibliothek (30)."""
    kb = units.create_unit(session, data={"name": "Kulturbetrieb", "kind": "enterprise",
                                          "headcount": 10})
    museum = units.create_unit(session, data={"name": "Stadtmuseum", "kind": "museum",
                                              "parent_id": kb.id, "headcount": 20})
    depot = units.create_unit(session, data={"name": "Depot", "kind": "house",
                                             "parent_id": museum.id, "headcount": 5})
    library = units.create_unit(session, data={"name": "Stadtbibliothek", "kind": "library",
                                               "headcount": 30})
    ids = {"kb": kb.id, "museum": museum.id, "depot": depot.id, "library": library.id}
    for name, unit in (("Anna Acker", "museum"), ("Bernd Bauer", "museum"),
                       ("Carla Christ", "depot"), ("Dora Dietz", "library"),
                       ("Emil Engel", "library"), ("Frida Fuchs", "kb")):
        ids[name] = contacts.create_contact(session, data={"name": name, "unit_id": ids[unit]}).id
    return ids


def programme(session, org, **extra):
    data = {"title": "KI-Grundlagen", "topic": "KI", "goal_percent": 80,
            "goal_by": TODAY + timedelta(days=90),
            "targets": [(org["museum"], None), (org["library"], 4)]} | extra
    return trainings.add_programme(session, data=data)


def training(session, programme_id, days=7, **extra):
    data = {"programme_id": programme_id, "held_on": TODAY + timedelta(days=days)} | extra
    return trainings.add_session(session, data=data)


# --- validation -----------------------------------------------------------------------------


@pytest.mark.parametrize("data, field", [
    ({"title": " "}, "title"),
    ({"title": "x", "goal_percent": 0}, "goal"),
    ({"title": "x", "goal_percent": 101}, "goal"),
    ({"title": "x", "targets": [(999, None)]}, "targets"),
    ({"title": "x", "targets": "negative"}, "targets"),
    ({"title": "x", "targets": "nested"}, "targets"),
])
def test_programme_refuses_bad_input(session, org, data, field):
    if data.get("targets") == "negative":
        data["targets"] = [(org["museum"], -1)]
    if data.get("targets") == "nested":
        data["targets"] = [(org["kb"], None), (org["depot"], None)]
    with pytest.raises(ValidationError) as error:
        trainings.add_programme(session, data=data)
    assert error.value.field == field
    assert session.execute(select(func.count()).select_from(TrainingProgramme)).scalar() == 0


def test_targets_use_the_units_headcount_with_sub_units_unless_set(session, org):
    ai = programme(session, org)
    views = {view.unit_name: view.headcount for view in trainings.programme_targets(session, ai.id)}
    assert views == {"Stadtmuseum": 25, "Stadtbibliothek": 4}  # 20 + Depot 5; own 4
    trainings.update_programme(session, programme_id=ai.id,
                               changes={"targets": [(org["kb"], None)]})
    views = trainings.programme_targets(session, ai.id)
    assert [(v.unit_name, v.headcount) for v in views] == [("Kulturbetrieb", 35)]


@pytest.mark.parametrize("data, field", [
    ({"capacity": -1}, "capacity"),
    ({"held_on": None}, "date"),
    ({"programme_id": 999}, "programme"),
    ({"start_time": time(10), "end_time": time(9)}, "end"),
    ({"end_time": time(9)}, "start"),
    ({"online_url": "nicht eine adresse"}, "link"),
])
def test_session_refuses_bad_input(session, org, data, field):
    ai = programme(session, org)
    with pytest.raises(ValidationError) as error:
        trainings.add_session(session, data={"programme_id": ai.id, "held_on": TODAY} | data)
    assert error.value.field == field
    assert trainings.sessions_for(session, programme_id=ai.id) == []


def test_capacity_below_the_seats_taken_is_refused(session, org):
    ai = programme(session, org)
    s = training(session, ai.id, capacity=3)
    for name in ("Anna Acker", "Bernd Bauer"):
        trainings.enroll(session, session_id=s.id, contact_id=org[name])
    with pytest.raises(ValidationError) as error:
        trainings.update_session(session, session_id=s.id, changes={"capacity": 1})
    assert error.value.field == "capacity"
    assert "2" in error.value.message
    assert trainings.session_row(session, s.id).capacity == 3


# --- enrollments and the waiting list -------------------------------------------------------


def test_full_session_waitlists_and_promotes_the_first_waiting_on_cancel(session, org):
    ai = programme(session, org)
    s = training(session, ai.id, capacity=2)
    statuses = [
        trainings.enroll(session, session_id=s.id, contact_id=org[name]).status
        for name in ("Anna Acker", "Bernd Bauer", "Carla Christ", "Dora Dietz")
    ]
    assert statuses == [E.REGISTERED, E.REGISTERED, E.WAITLISTED, E.WAITLISTED]
    row = trainings.session_row(session, s.id)
    assert (row.seats_taken, row.waitlisted, row.free_seats) == (2, 2, 0)
    waiting = [(r.name, r.waitlist_position) for r in trainings.enrollments_for(
        session, session_id=s.id) if r.status == E.WAITLISTED]
    assert waiting == [("Carla Christ", 1), ("Dora Dietz", 2)]

    changed, promoted = trainings.set_status(session, session_id=s.id,
                                             contact_id=org["Anna Acker"], status=E.CANCELLED)
    assert changed.status == E.CANCELLED
    assert promoted is not None and promoted.contact_id == org["Carla Christ"]
    assert promoted.status == E.REGISTERED
    # Registering again when full goes to the back of the waiting list.
    again, _ = trainings.set_status(session, session_id=s.id, contact_id=org["Anna Acker"],
                                    status=E.REGISTERED)
    assert again.status == E.WAITLISTED
    order = [r.name for r in trainings.enrollments_for(session, session_id=s.id)
             if r.status == E.WAITLISTED]
    assert order == ["Dora Dietz", "Anna Acker"]
    # Removing someone also frees the seat.
    moved = trainings.remove_enrollment(session, session_id=s.id, contact_id=org["Bernd Bauer"])
    assert moved is not None and moved.contact_id == org["Dora Dietz"]


def test_raising_capacity_promotes_from_the_waiting_list(session, org):
    ai = programme(session, org)
    s = training(session, ai.id, capacity=1)
    for name in ("Anna Acker", "Bernd Bauer", "Carla Christ"):
        trainings.enroll(session, session_id=s.id, contact_id=org[name])
    trainings.update_session(session, session_id=s.id, changes={"capacity": 2})
    statuses = {r.name: r.status for r in trainings.enrollments_for(session, session_id=s.id)}
    assert statuses == {"Anna Acker": E.REGISTERED, "Bernd Bauer": E.REGISTERED,
                        "Carla Christ": E.WAITLISTED}


def test_no_show_after_the_session_promotes_nobody(session, org):
    ai = programme(session, org)
    past = training(session, ai.id, days=-3, capacity=1)
    trainings.enroll(session, session_id=past.id, contact_id=org["Anna Acker"])
    trainings.enroll(session, session_id=past.id, contact_id=org["Bernd Bauer"])
    _changed, promoted = trainings.set_status(session, session_id=past.id,
                                              contact_id=org["Anna Acker"], status=E.NO_SHOW)
    assert promoted is None


def test_attendance_for_someone_not_enrolled_is_refused(session, org):
    ai = programme(session, org)
    s = training(session, ai.id)
    with pytest.raises(ValidationError) as error:
        trainings.set_status(session, session_id=s.id, contact_id=org["Anna Acker"],
                             status=E.ATTENDED)
    assert (error.value.field, error.value.message) == ("contact", "is not enrolled in this session")
    assert session.execute(select(func.count()).select_from(Enrollment)).scalar() == 0


def test_enrolling_twice_is_refused(session, org):
    ai = programme(session, org)
    s = training(session, ai.id)
    trainings.enroll(session, session_id=s.id, contact_id=org["Anna Acker"])
    with pytest.raises(ValidationError) as error:
        trainings.enroll(session, session_id=s.id, contact_id=org["Anna Acker"])
    assert error.value.field == "contact"


def test_feedback_score_range_and_programme_average(session, org):
    ai = programme(session, org)
    one, two = training(session, ai.id, days=-10), training(session, ai.id, days=-5)
    with pytest.raises(ValidationError) as error:
        trainings.set_feedback(session, session_id=one.id, score=5.5, comment="")
    assert error.value.field == "score"
    trainings.set_feedback(session, session_id=one.id, score=4.0, comment="Praxisnah")
    trainings.set_feedback(session, session_id=two.id, score="4,5", comment="")
    row = trainings.list_programmes(session, today=TODAY)[0]
    assert row.feedback == 4.25
    assert trainings.session_row(session, one.id).feedback_comment == "Praxisnah"


# --- coverage -------------------------------------------------------------------------------


def attend(session, session_id, *names, org):
    for name in names:
        trainings.enroll(session, session_id=session_id, contact_id=org[name], status=E.ATTENDED)


def test_coverage_counts_distinct_people_of_the_unit_and_its_sub_units(session, org):
    ai = programme(session, org)
    first, second = training(session, ai.id, days=-20), training(session, ai.id, days=-10)
    attend(session, first.id, "Anna Acker", "Carla Christ", "Dora Dietz", "Frida Fuchs", org=org)
    attend(session, second.id, "Anna Acker", org=org)  # twice: one person
    trainings.enroll(session, session_id=second.id, contact_id=org["Bernd Bauer"],
                     status=E.NO_SHOW)
    result = trainings.coverage(session, programme_id=ai.id, today=TODAY)
    lines = {line.unit_name: line for line in result.lines}
    assert (lines["Stadtmuseum"].reached, lines["Stadtmuseum"].target) == (2, 25)  # Anna + Depot
    assert lines["Stadtmuseum"].share == pytest.approx(0.08)
    assert lines["Stadtmuseum"].missing_for_goal == 18  # 80 % of 25 = 20
    assert (lines["Stadtbibliothek"].reached, lines["Stadtbibliothek"].target) == (1, 4)
    assert (result.reached, result.target) == (3, 29)  # Frida is not in a target unit


def test_on_track_answers_from_attendance_pace_and_booked_seats(session, org):
    """Target 10, goal 50 % (5 people) in 20 days; 1 reached 10 days ago: pace 0.1 a day."""
    extra = [contacts.create_contact(session, data={"name": f"Leser {n}",
                                                    "unit_id": org["library"]}).id
             for n in range(4)]
    ai = programme(session, org, targets=[(org["library"], 10)], goal_percent=50,
                   goal_by=TODAY + timedelta(days=20))
    attend(session, training(session, ai.id, days=-10).id, "Dora Dietz", org=org)
    forecast = trainings.coverage(session, programme_id=ai.id, today=TODAY).forecast
    assert (forecast.on_track, forecast.booked) == (False, 0)
    assert forecast.expected_share == pytest.approx(0.3)  # 1 + 0.1 x 20 days
    upcoming = training(session, ai.id, days=14)
    for contact_id in extra[:3]:
        trainings.enroll(session, session_id=upcoming.id, contact_id=contact_id)
    # Someone who attended already and registers again is not booked twice.
    trainings.enroll(session, session_id=upcoming.id, contact_id=org["Dora Dietz"])
    forecast = trainings.coverage(session, programme_id=ai.id, today=TODAY).forecast
    assert forecast.booked == 3
    assert forecast.expected_share == pytest.approx(0.46)  # 1 + 3 + 0.1 x 6 days after
    assert forecast.on_track is False
    trainings.enroll(session, session_id=upcoming.id, contact_id=extra[3])
    forecast = trainings.coverage(session, programme_id=ai.id, today=TODAY).forecast
    assert (forecast.booked, forecast.on_track) == (4, True)
    assert trainings.list_programmes(session, today=TODAY)[0].on_track is True
    line = trainings.coverage(session, programme_id=ai.id, today=TODAY).lines[0]
    assert (line.reached, line.booked, line.missing_for_goal) == (1, 4, 4)


def test_behind_the_goal_when_nobody_is_booked_and_the_date_has_passed(session, org):
    ai = programme(session, org, targets=[(org["library"], 10)], goal_percent=80,
                   goal_by=TODAY - timedelta(days=1))
    attend(session, training(session, ai.id, days=-30).id, "Dora Dietz", org=org)
    result = trainings.coverage(session, programme_id=ai.id, today=TODAY)
    assert result.forecast.on_track is False
    assert result.forecast.expected_share == pytest.approx(0.1)
    row = trainings.list_programmes(session, today=TODAY)[0]
    assert (row.reached, row.target, row.on_track) == (1, 10, False)


def test_no_goal_means_no_forecast(session, org):
    ai = programme(session, org, goal_percent=None, goal_by=None)
    assert trainings.coverage(session, programme_id=ai.id, today=TODAY).forecast.on_track is None


def test_still_needed_lists_known_people_who_have_not_attended(session, org):
    ai = programme(session, org)
    s = training(session, ai.id, days=-2)
    attend(session, s.id, "Anna Acker", org=org)
    trainings.enroll(session, session_id=s.id, contact_id=org["Bernd Bauer"], status=E.EXCUSED)
    needed = trainings.still_needed(session, programme_id=ai.id, unit_id=org["museum"])
    assert [name for _id, name in needed] == ["Bernd Bauer", "Carla Christ"]


def test_grid_counts_people_per_unit_and_programme(session, org):
    ai = programme(session, org)
    security = programme(session, org, title="IT-Sicherheit", targets=[(org["kb"], None)])
    attend(session, training(session, ai.id, days=-3).id, "Anna Acker", "Carla Christ", org=org)
    attend(session, training(session, security.id, days=-3).id, "Anna Acker", org=org)
    grid = trainings.coverage_grid(session)
    assert [title for _id, title in grid.programmes] == ["IT-Sicherheit", "KI-Grundlagen"]
    assert grid.reached[(org["museum"], ai.id)] == 1
    assert grid.reached[(org["depot"], ai.id)] == 1
    assert grid.reached[(org["museum"], security.id)] == 1
    assert {unit_id for unit_id, _n, _h in grid.units} >= {org["kb"], org["museum"], org["library"]}


def test_delete_programme_takes_sessions_and_enrollments(session, org):
    ai = programme(session, org)
    s = training(session, ai.id)
    trainings.enroll(session, session_id=s.id, contact_id=org["Anna Acker"])
    trainings.delete_programme(session, programme_id=ai.id)
    assert session.execute(select(func.count()).select_from(Enrollment)).scalar() == 0
    assert session.execute(select(func.count()).select_from(ProgrammeTarget)).scalar() == 0


# --- lists, exports, timeline ---------------------------------------------------------------


def test_list_programmes_filters_by_text_and_shows_next_session(session, org):
    ai = programme(session, org)
    programme(session, org, title="E-Rechnung für Sachbearbeitung", topic="Finanzen",
              targets=[])
    training(session, ai.id, days=-5)
    training(session, ai.id, days=12)
    training(session, ai.id, days=40)
    rows = trainings.list_programmes(session, text="ki", today=TODAY)
    assert [r.title for r in rows] == ["KI-Grundlagen"]
    assert (rows[0].sessions, rows[0].next_session_on) == (3, TODAY + timedelta(days=12))
    assert [r.title for r in trainings.list_programmes(session, text="rechnung", today=TODAY)] \
        == ["E-Rechnung für Sachbearbeitung"]


def test_ics_and_attendance_csv(session, org):
    ai = programme(session, org)
    s = training(session, ai.id, start_time=time(9), end_time=time(12), place="Raum 2; EG",
                 trainer="Heike Brinkmann")
    training(session, ai.id, days=-30)
    trainings.enroll(session, session_id=s.id, contact_id=org["Anna Acker"])
    text = trainings.ics_text(session, programme_id=ai.id, upcoming_from=TODAY)
    assert text.count("BEGIN:VEVENT") == 1
    assert f"UID:training-session-{s.uid}@officer-tui" in text
    assert "DTSTART;TZID=Europe/Berlin:20260309T090000" in text
    assert "LOCATION:Raum 2\\; EG" in text
    csv_text = trainings.attendance_csv(session, session_id=s.id)
    assert csv_text.startswith("\ufeffName;Unit;E-mail;Status\r\n")
    assert "Anna Acker;Stadtmuseum;;registered" in csv_text


def test_attended_training_is_on_the_timeline_and_counts_as_last_contact(session, org):
    ai = programme(session, org)
    past = training(session, ai.id, days=-4)
    future = training(session, ai.id, days=10)
    attend(session, past.id, "Anna Acker", org=org)
    trainings.enroll(session, session_id=future.id, contact_id=org["Anna Acker"])
    trainings.enroll(session, session_id=past.id, contact_id=org["Bernd Bauer"],
                     status=E.NO_SHOW)
    entries = timeline.timeline(session, org["Anna Acker"])
    assert [(e.happened_on, e.role) for e in entries if e.title == "KI-Grundlagen"] == [
        (TODAY + timedelta(days=10), "registered for training"),
        (TODAY - timedelta(days=4), "attended training"),
    ]
    assert timeline.last_contact(session, org["Anna Acker"], until=TODAY) == TODAY - timedelta(days=4)
    assert timeline.last_contact(session, org["Bernd Bauer"], until=TODAY) is None
