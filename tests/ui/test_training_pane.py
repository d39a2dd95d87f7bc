"""The Training pane through the real app (Pilot) on a real SQLite file."""

from __future__ import annotations

import re
from datetime import date, time

import pytest
from textual.widgets import Checkbox, DataTable, Input, Static, TextArea

from officer_tui.models.enums import EnrollmentStatus
from officer_tui.ui.app import OfficerApp
from officer_tui.ui.screens.help import HelpScreen
from officer_tui.ui.screens.training import TrainingScreen
from officer_tui.ui.screens.training_forms import (
    FeedbackFormScreen,
    ProgrammeFormScreen,
    SessionFormScreen,
)
from officer_tui.ui.screens.training_grid import CoverageGridScreen, StillNeededScreen
from officer_tui.ui.screens.training_import import ParticipantImportScreen
from officer_tui.ui.screens.training_session import ContactPickScreen, SessionScreen
from officer_tui.ui.widgets.coverage_bars import CoverageBars
from officer_tui.ui.widgets.virtual_table import VirtualTable
from tests.ui.helpers import settle, wait_until

SIZE = (120, 40)
PEOPLE = ("Anna Albers", "Ben Brandt", "Carla Conrad", "Dora Diehl")


@pytest.fixture
def rollout(database):
    """A library of four people (headcount 4), an AI programme aiming at 50 % by June."""
    from officer_tui.services import contacts, trainings, units

    with database.session() as session:
        library = units.create_unit(session, data={"name": "Stadtbibliothek", "kind": "library",
                                                   "headcount": 4}).id
        people = {name: contacts.create_contact(session, data={"name": name, "unit_id": library}).id
                  for name in PEOPLE}
        programme = trainings.add_programme(session, data={
            "title": "KI-Grundlagen", "topic": "KI", "goal_percent": 50,
            "goal_by": date(2026, 6, 30), "targets": [(library, None)]}).id
        training = trainings.add_session(session, data={
            "programme_id": programme, "held_on": date(2026, 3, 10), "start_time": time(9),
            "end_time": time(12), "place": "Lesesaal", "trainer": "Dr. Voss", "capacity": None}).id
    return {"library": library, "people": people, "programme": programme, "session": training}


def enroll(database, session_id, *contact_ids):
    from officer_tui.services import trainings

    with database.session() as session:
        for contact_id in contact_ids:
            trainings.enroll(session, session_id=session_id, contact_id=contact_id)


def statuses(database, session_id) -> dict[str, EnrollmentStatus]:
    from officer_tui.services import trainings

    with database.session() as session:
        return {r.name: r.status for r in trainings.enrollments_for(session, session_id=session_id)}


def text_of(widget: Static) -> str:
    return str(widget.render())


def notices(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def open_pane(pilot) -> TrainingScreen:
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, TrainingScreen) and app.screen._loaded_once
                     and (not app.screen.rows or app.screen._detail_loaded), what="the Training pane")
    return app.screen


async def open_session(pilot, screen: TrainingScreen) -> SessionScreen:
    await pilot.press("enter")  # from the programmes to their sessions
    await settle(pilot)
    assert screen.sessions_table.has_focus
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, SessionScreen)
                     and pilot.app.screen.row is not None, what="the session checklist")
    return pilot.app.screen


def coverage_numbers(screen: TrainingScreen) -> list[str]:
    return [line.numbers for line in screen.query_one(CoverageBars).lines]


async def test_demo_data_shows_programmes_with_coverage(db_url):
    from officer_tui.ui.screens.welcome import WelcomeScreen

    app = OfficerApp(db_url, first_pane="training")
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, WelcomeScreen), what="the welcome dialog")
        await pilot.press("d")
        screen = await open_pane(pilot)
        assert len(screen.rows) >= 2
        first = screen.query_one("#programmes", VirtualTable).row_at(0)
        assert first is not None and first.cells[0].plain in ("✓", "⚠", "–")
        assert "/" in first.cells[5]  # reached/target
        assert "%" in first.cells[6]
        # The highlighted programme: bars with numbers per target unit, the forecast, sessions.
        numbers = coverage_numbers(screen)
        assert numbers and all(" · " in n or "no target" in n for n in numbers)
        assert text_of(screen.query_one("#forecast", Static))[0] in "✓⚠–"
        assert screen.sessions_table.row_count >= 1
        assert str(screen.query_one(CoverageBars).render()).count("┃") >= 1  # the goal marker
        # Filter by text: "/" opens the bar; Esc back to the list, Esc again clears.
        await pilot.press("slash")
        await pilot.press(*"sicherheit")
        await wait_until(pilot, lambda: len(screen.rows) == 1, what="the filtered programmes")
        assert "Sicherheit" in screen.rows[0].title
        await pilot.press("escape")
        await settle(pilot)
        assert screen.table.has_focus
        await pilot.press("escape")
        await wait_until(pilot, lambda: len(screen.rows) >= 2, what="all programmes again")
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        assert "Forecast" in app.screen._markdown and "coverage" in app.screen._markdown.lower()


async def test_empty_database_says_how_to_start(db_url):
    from officer_tui.ui.screens.welcome import WelcomeScreen

    app = OfficerApp(db_url, first_pane="training")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, WelcomeScreen), what="the welcome dialog")
        await pilot.press("e")
        screen = await open_pane(pilot)
        assert screen.rows == []
        assert "No training programmes yet" in screen.table._empty_text
        assert text_of(screen.query_one("#summary", Static)).startswith("0 programmes")
        for action in ("edit", "new_session", "still_needed", "ics"):
            assert screen.check_action(action, ()) is None  # greyed out: nothing to act on
        await pilot.press("s")  # does nothing without a programme
        await settle(pilot)
        assert app.screen is screen


async def test_create_programme_and_session_through_the_forms(db_url, database):
    from officer_tui.services import trainings, units

    with database.session() as session:
        library = units.create_unit(session, data={"name": "Stadtbibliothek", "kind": "library",
                                                   "headcount": 12}).id
        units.create_unit(session, data={"name": "Musikschule", "kind": "music_school", "headcount": 30})
    app = OfficerApp(db_url, first_pane="training")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_pane(pilot)
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, ProgrammeFormScreen)
                         and app.screen.query(f"#target-{library}"), what="the programme form")
        form = app.screen
        assert form.focused is form.query_one("#title", Input)
        await pilot.press(*"KI-Grundlagen")
        form.query_one("#goal", Input).value = "80"
        form.query_one("#goal-by", Input).value = "2026-12-31"
        assert form.query_one(f"#headcount-{library}", Input).placeholder == "12"  # the unit's own
        box = form.query_one(f"#target-{library}", Checkbox)
        box.focus()
        await pilot.press("space")
        assert box.value
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is screen and screen.rows, what="the saved programme")
        programme = screen.rows[0]
        assert (programme.title, programme.goal_percent, programme.target) == ("KI-Grundlagen", 80, 12)
        await wait_until(pilot, lambda: screen._detail_loaded, what="its coverage")
        assert coverage_numbers(screen) == ["0/12 · 0 %"]

        # A session with a negative capacity is refused under the field; nothing is saved.
        await pilot.press("s")
        await wait_until(pilot, lambda: isinstance(app.screen, SessionFormScreen), what="the session form")
        form = app.screen
        assert form.focused is form.query_one("#held-on", Input)
        await pilot.press(*"2026-03-10")
        form.query_one("#start", Input).value = "9:00"
        form.query_one("#end", Input).value = "12:30"
        form.query_one("#place", Input).value = "Lesesaal"
        form.query_one("#capacity", Input).value = "-1"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        error = form.query_one("#capacity-error", Static)
        assert error.has_class("-shown") and "at least 0" in text_of(error)
        assert form.query_one("#capacity", Input).has_class("-invalid")
        labels = [str(label.render()) for label in form.query("Label")]
        assert any(label.startswith("Capacity") for label in labels)
        assert form.query_one("#place", Input).value == "Lesesaal"  # kept after the error
        with database.session() as session:
            assert trainings.sessions_for(session, programme_id=programme.id) == []
        form.query_one("#capacity", Input).value = "15"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is screen and screen.sessions_table.row_count == 1,
                         what="the saved session")
        with database.session() as session:
            (row,) = trainings.sessions_for(session, programme_id=programme.id)
        assert (row.held_on, row.start_time, row.end_time, row.capacity) == (
            date(2026, 3, 10), time(9), time(12, 30), 15)
        assert screen.sessions_table.row_at(0).cells[4].plain == "0/15"

        # The next session starts from the last one: place, times, capacity; a new date.
        await pilot.press("s")
        await wait_until(pilot, lambda: isinstance(app.screen, SessionFormScreen)
                         and app.screen.query_one("#place", Input).value, what="the copied session")
        form = app.screen
        assert form.query_one("#held-on", Input).value == ""
        assert (form.query_one("#start", Input).value, form.query_one("#capacity", Input).value) == (
            "09:00", "15")
        await pilot.press("escape")  # nothing typed: closes at once
        await settle(pilot)
        assert app.screen is screen


async def test_attendance_with_single_keys_changes_coverage(db_url, database, rollout):
    people = rollout["people"]
    enroll(database, rollout["session"], people["Anna Albers"], people["Ben Brandt"],
           people["Carla Conrad"])
    app = OfficerApp(db_url, first_pane="training")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_pane(pilot)
        assert coverage_numbers(screen) == ["0/4 · 0 %"]
        checklist = await open_session(pilot, screen)
        table = checklist.table
        assert [table.row_at(i).cells[1].plain for i in range(3)] == list(PEOPLE[:3])
        assert table.cursor_row == 0
        await pilot.press("a")
        assert table.cursor_row == 1  # on to the next person at once
        await pilot.press("a")
        assert table.cursor_row == 2
        await pilot.press("e")
        await settle(pilot)
        assert statuses(database, rollout["session"]) == {
            "Anna Albers": EnrollmentStatus.ATTENDED, "Ben Brandt": EnrollmentStatus.ATTENDED,
            "Carla Conrad": EnrollmentStatus.EXCUSED}
        assert table.row_at(0).cells[0].plain.startswith("✓")
        assert "attended 2" in text_of(checklist.query_one("#session-header", Static))
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen and coverage_numbers(screen) == ["2/4 · 50 %"],
                         what="the coverage after attendance")
        assert screen.rows[0].reached == 2
        assert "50 %" in screen.table.row_at(0).cells[6]
        forecast = text_of(screen.query_one("#forecast", Static))
        assert forecast.startswith("✓ on track") and "2026-06-30" in forecast

        # Who still needs it: the two who have not attended.
        await pilot.press("u")
        await settle(pilot)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, StillNeededScreen) and app.screen.people,
                         what="who still needs it")
        assert [name for _id, name in app.screen.people] == ["Carla Conrad", "Dora Diehl"]


async def test_full_session_waitlists_and_a_cancellation_promotes(db_url, database, rollout):
    from officer_tui.services import trainings

    with database.session() as session:
        trainings.update_session(session, session_id=rollout["session"], changes={"capacity": 1})
    app = OfficerApp(db_url, first_pane="training")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_pane(pilot)
        checklist = await open_session(pilot, screen)
        assert "Nobody enrolled yet" in checklist.table._empty_text
        for count, name in enumerate(("Anna", "Ben"), start=1):
            await pilot.press("plus")
            await wait_until(pilot, lambda: isinstance(app.screen, ContactPickScreen), what="the picker")
            await pilot.press(*name)
            await wait_until(pilot, lambda: app.screen.query_one("#pick-people").option_count == 1,
                             what=f"only {name}")
            await pilot.press("enter")
            await wait_until(pilot, lambda n=count: app.screen is checklist and checklist.table.row_count
                             == n, what=f"{name} on the list")
        assert any("Anna Albers enrolled" in n for n in notices(app))
        assert any("full" in n and "Ben Brandt" in n and "waiting list" in n for n in notices(app))
        assert checklist.table.row_at(1).cells[0].plain == "… waiting list 1"
        assert "(full)" in text_of(checklist.query_one("#session-header", Static))

        checklist.table.cursor_row = 0
        await pilot.press("C")  # Anna cancels: Ben moves up
        await wait_until(pilot, lambda: any("Ben Brandt moved up from the waiting list" in n
                                            for n in notices(app)), what="the promotion notice")
        assert statuses(database, rollout["session"]) == {
            "Anna Albers": EnrollmentStatus.CANCELLED, "Ben Brandt": EnrollmentStatus.REGISTERED}
        await settle(pilot)
        assert checklist.table.row_at(0).cells[1].plain == "Ben Brandt"


async def test_import_previews_and_writes_only_after_confirming(db_url, database, rollout, tmp_path):
    from officer_tui.services import contacts, trainings

    path = tmp_path / "teilnehmer.csv"
    path.write_text("Vorname;Nachname;E-Mail;Fachbereich\n"
                    "Erika;Neumann;erika@example.org;Stadtbibliothek\n"
                    "Max;Fehler;max@;Stadtbibliothek\n"
                    "Anna;Albers;;\n", encoding="utf-8")
    app = OfficerApp(db_url, first_pane="training")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_pane(pilot)
        checklist = await open_session(pilot, screen)
        await pilot.press("i")
        await wait_until(pilot, lambda: isinstance(app.screen, ParticipantImportScreen), what="the import")
        dialog = app.screen
        assert dialog.check_action("confirm", ()) is None  # nothing to import yet
        dialog.query_one("#import-path", Input).value = str(path)
        await pilot.press("enter")
        await wait_until(pilot, lambda: dialog.preview is not None and not dialog._busy, what="the preview")
        table = dialog.query_one("#import-preview", DataTable)
        assert table.row_count == 3
        problem = [str(cell) for cell in table.get_row_at(0)]
        assert problem[0].strip() == "3" and "not an e-mail address" in problem[1]
        results = [str(table.get_row_at(i)[1]) for i in range(3)]
        assert any("new contact" in r for r in results) and any("known contact" in r for r in results)
        summary = text_of(dialog.query_one("#import-summary", Static))
        assert "2 to import" in summary and "1 line with a problem is skipped" in summary
        assert dialog.query_one("#map-first_name").value == 0  # guessed from "Vorname"
        # Nothing written before the confirmation.
        with database.session() as session:
            assert trainings.enrollments_for(session, session_id=rollout["session"]) == []
            assert len(contacts.list_contacts(session)) == 4
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is checklist and checklist.table.row_count == 2,
                         what="the imported people")
        assert any("Import done: 2 people enrolled" in n for n in notices(app))
        assert statuses(database, rollout["session"]) == {
            "Anna Albers": EnrollmentStatus.REGISTERED, "Erika Neumann": EnrollmentStatus.REGISTERED}
        with database.session() as session:
            erika = [c for c in contacts.list_contacts(session, text="Erika")]
            assert len(erika) == 1 and erika[0].unit_id == rollout["library"]


async def test_import_of_a_missing_file_is_refused_under_the_field(db_url, database, rollout, tmp_path):
    app = OfficerApp(db_url, first_pane="training")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_pane(pilot)
        await open_session(pilot, screen)
        await pilot.press("i")
        await wait_until(pilot, lambda: isinstance(app.screen, ParticipantImportScreen), what="the import")
        dialog = app.screen
        dialog.query_one("#import-path", Input).value = str(tmp_path / "fehlt.csv")
        await pilot.press("enter")
        await wait_until(pilot, lambda: dialog.query_one("#import-path-error").has_class("-shown"),
                         what="the file error")
        assert "does not exist" in text_of(dialog.query_one("#import-path-error", Static))
        assert dialog.preview is None and dialog.check_action("confirm", ()) is None


async def test_grid_shows_counts_per_unit_and_programme(db_url, database, rollout):
    from officer_tui.services import trainings

    people = rollout["people"]
    enroll(database, rollout["session"], people["Anna Albers"], people["Ben Brandt"])
    with database.session() as session:
        for name in ("Anna Albers", "Ben Brandt"):
            trainings.set_status(session, session_id=rollout["session"], contact_id=people[name],
                                 status=EnrollmentStatus.ATTENDED)
    app = OfficerApp(db_url, first_pane="training")
    async with app.run_test(size=SIZE) as pilot:
        await open_pane(pilot)
        await pilot.press("g")
        await wait_until(pilot, lambda: isinstance(app.screen, CoverageGridScreen)
                         and app.screen.grid is not None, what="the grid")
        table = app.screen.query_one("#grid", DataTable)
        row = [str(cell) for cell in table.get_row_at(0)]
        assert row == ["Stadtbibliothek", "4", "2 · 50 %"]
        assert not any(name in " ".join(row) for name in PEOPLE)  # counts, never names
        await pilot.press("enter")  # the cell: who still needs it
        await wait_until(pilot, lambda: isinstance(app.screen, StillNeededScreen) and app.screen.people,
                         what="who still needs it")
        assert len(app.screen.people) == 2


async def test_export_writes_attendance_list_and_calendar(db_url, database, rollout):
    from officer_tui.paths import data_dir

    enroll(database, rollout["session"], rollout["people"]["Anna Albers"])
    app = OfficerApp(db_url, first_pane="training")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_pane(pilot)
        checklist = await open_session(pilot, screen)
        # Feedback: a score with a decimal comma or point, and a comment.
        await pilot.press("f")
        await wait_until(pilot, lambda: isinstance(app.screen, FeedbackFormScreen), what="the feedback")
        await pilot.press(*"7")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "from 1 to 5" in text_of(app.screen.query_one("#score-error", Static))
        app.screen.query_one("#score", Input).value = "4,5"
        app.screen.query_one("#comment", TextArea).text = "praxisnah"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is checklist and checklist.row.feedback_score == 4.5,
                         what="the saved feedback")
        assert "feedback 4.5 “praxisnah”" in text_of(checklist.query_one("#session-header", Static))
        # E edits the session itself.
        await pilot.press("E")
        await wait_until(pilot, lambda: isinstance(app.screen, SessionFormScreen)
                         and app.screen.query_one("#held-on", Input).value, what="the session form")
        assert app.screen.query_one("#held-on", Input).value == "2026-03-10"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("x")
        await pilot.press("I")
        await settle(pilot)
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen, what="the pane")
        await pilot.press("escape")  # from the sessions back to the programmes
        assert screen.table.has_focus
        await pilot.press("i")  # all sessions of the programme as a calendar file
        await settle(pilot)
    folder = data_dir() / "exports"
    programme_ics = folder / f"training-{rollout['programme']}-sessions.ics"
    assert programme_ics.read_text(encoding="utf-8").count("BEGIN:VEVENT") == 1
    csv_file = folder / f"training-session-{rollout['session']}-2026-03-10-attendance.csv"
    ics_file = folder / f"training-session-{rollout['session']}-2026-03-10.ics"
    assert "Anna Albers" in csv_file.read_text(encoding="utf-8-sig")
    assert re.search(r"UID:training-session-[0-9a-f]{32}@officer-tui",
                     ics_file.read_text(encoding="utf-8"))
    assert oct(csv_file.stat().st_mode & 0o777) == "0o600"


async def test_german_dates_and_decimal_comma(db_url, database, rollout, german):
    from officer_tui.services import trainings

    with database.session() as session:
        trainings.set_feedback(session, session_id=rollout["session"], score=4.5, comment="gut")
    app = OfficerApp(db_url, first_pane="training")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_pane(pilot)
        assert screen.sessions_table.row_at(0).cells[0].plain == "10.03.2026"
        assert screen.sessions_table.row_at(0).cells[7].plain == "4,5"
        assert screen.table.row_at(0).cells[7] == "4,5"
        assert "30.06.2026" in text_of(screen.query_one("#coverage-title", Static))
        assert screen.active_bindings["n"].binding.description == "Neu"
        assert screen.active_bindings["e"].binding.description == "Bearbeiten"


async def test_followup_and_delete_of_a_programme(db_url, database, rollout):
    from officer_tui.models.enums import RecordKind
    from officer_tui.services import trainings
    from officer_tui.ui.screens.followup_form import FollowUpFormScreen
    from officer_tui.ui.screens.idea_dialogs import ConfirmScreen

    enroll(database, rollout["session"], rollout["people"]["Anna Albers"])
    app = OfficerApp(db_url, first_pane="training")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_pane(pilot)
        await pilot.press("f")
        await wait_until(pilot, lambda: isinstance(app.screen, FollowUpFormScreen), what="the follow-up form")
        assert app.screen.subject == (RecordKind.TRAINING, rollout["programme"])
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("D")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), what="the confirmation")
        assert "KI-Grundlagen" in app.screen._title and "1 session" in app.screen._text
        await pilot.press("y")
        await wait_until(pilot, lambda: app.screen is screen and screen.rows == [], timeout=15,
                         what="the empty list")
        await settle(pilot)
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert coverage_numbers(screen) == []
        with database.session() as session:
            assert trainings.list_programmes(session, today=date(2026, 3, 2)) == []
