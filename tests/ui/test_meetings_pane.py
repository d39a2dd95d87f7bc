"""The Meetings pane, the meeting screen and the decision register through the real app (Pilot)
on a real SQLite file."""

from __future__ import annotations

import io
import time
from datetime import date, timedelta
from datetime import time as clock_time

import pytest
from rich.console import Console
from textual.widgets import Input, Select, Static, TextArea

from officer_tui.models.enums import (
    AgendaStatus,
    Attendance,
    MeetingKind,
    OutcomeKind,
    RecordKind,
    RecurUnit,
)
from officer_tui.ui.app import OfficerApp
from officer_tui.ui.screens.decisions import DecisionsScreen
from officer_tui.ui.screens.help import HelpScreen
from officer_tui.ui.screens.meeting_detail import MeetingDetailScreen
from officer_tui.ui.screens.meeting_dialogs import ItemFormScreen, NotesScreen, OutcomeFormScreen
from officer_tui.ui.screens.meeting_form import MeetingFormScreen
from officer_tui.ui.screens.meetings import MeetingsScreen
from officer_tui.ui.widgets.detail_panel import DetailPanel
from officer_tui.ui.widgets.markdown_notes import MarkdownNotes, chunks
from officer_tui.ui.widgets.multi_pick import MultiPick
from officer_tui.ui.widgets.virtual_table import VirtualTable
from tests.conftest import TODAY
from tests.ui.helpers import press_until, settle, wait_until

SIZE = (140, 42)


@pytest.fixture
def office(database):
    """A library, an IT provider, three people, a project and a request; a fortnightly jour fixe
    (one past, one today), a workshop next week and one last month."""
    from officer_tui.services import contacts, meetings, projects, requests, units

    with database.session() as session:
        library = units.create_unit(session, data={"name": "Stadtbibliothek", "kind": "library"}).id
        it = units.create_unit(session, data={"name": "KommunalIT", "kind": "it_provider"}).id
        anna = contacts.create_contact(session, data={"name": "Anna Müller", "unit_id": library}).id
        ben = contacts.create_contact(session, data={"name": "Ben Schröder", "unit_id": it}).id
        cara = contacts.create_contact(session, data={"name": "Cara Yilmaz", "unit_id": library}).id
        wifi = projects.create_project(session, data={"title": "WLAN in allen Häusern",
                                                       "owner_unit_id": it}).id
        printer = requests.create_request(session, data={"title": "Drucker im Lesesaal defekt",
                                                         "unit_id": library}, today=TODAY).id
        earlier = meetings.add_meeting(session, data={
            "title": "Jour fixe KommunalIT", "kind": MeetingKind.JOUR_FIXE,
            "held_on": TODAY - timedelta(days=14), "start_time": clock_time(9), "end_time": clock_time(10),
            "place": "Rathaus 2.14", "participant_ids": [anna, ben], "recur_every": 2,
            "recur_unit": RecurUnit.WEEKS}).id
        jour_fixe = meetings.plan_next(session, meeting_id=earlier, held_on=TODAY).id
        workshop = meetings.add_meeting(session, data={
            "title": "Workshop Digitale Bibliothek", "kind": MeetingKind.WORKSHOP,
            "held_on": TODAY + timedelta(days=7), "start_time": clock_time(14), "end_time": clock_time(16),
            "online_url": "https://meet.example.org/bib", "participant_ids": [anna, cara],
            "links": [(RecordKind.PROJECT, wifi)]}).id
        network = meetings.add_meeting(session, data={
            "title": "Netzwerktreffen Kulturämter", "kind": MeetingKind.NETWORK,
            "held_on": TODAY - timedelta(days=30)}).id
    return {"library": library, "anna": anna, "ben": ben, "cara": cara, "wifi": wifi,
            "printer": printer, "earlier": earlier, "jour_fixe": jour_fixe, "workshop": workshop,
            "network": network}


async def open_pane(pilot) -> MeetingsScreen:
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, MeetingsScreen) and app.screen._loaded_once,
                     what="the Meetings pane")
    return app.screen


def listed(screen) -> list[int]:
    table = screen.query_one(VirtualTable) if not isinstance(screen, MeetingDetailScreen) else screen.agenda
    return [table.row_at(i).key for i in range(table.row_count) if table.row_at(i)]


def panel_text(screen) -> str:
    """What the detail panel shows, as plain text."""
    console = Console(width=200, record=True, file=io.StringIO())
    for static in screen.query_one(DetailPanel).query(Static):
        console.print(static.content)
    return console.export_text()


def static_text(widget: Static) -> str:
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(widget.content)
    return console.export_text()


def detail_of(database, meeting_id):
    from officer_tui.services import meetings

    with database.session() as session:
        return meetings.meeting_detail(session, meeting_id)


async def open_meeting(pilot, screen: MeetingsScreen, meeting_id: int) -> MeetingDetailScreen:
    table = screen.table
    await press_until(pilot, "up", lambda: table.cursor_row == 0, what="top")
    await press_until(pilot, "down", lambda: table.cursor_key == meeting_id, what=f"meeting {meeting_id}")
    await pilot.press("enter")
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, MeetingDetailScreen) and app.screen.detail is not None,
                     what="the meeting screen")
    return app.screen


async def test_upcoming_first_then_past_and_filter(db_url, database, office):
    app = OfficerApp(db_url, first_pane="meetings")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_pane(pilot)
        # Upcoming soonest first (today's jour fixe, next week's workshop), then past newest first.
        assert listed(screen) == [office["jour_fixe"], office["workshop"], office["earlier"], office["network"]]
        summary = static_text(screen.query_one("#summary", Static))
        assert "2 upcoming" in summary and "2 past meetings" in summary
        first = screen.table.row_at(0)
        assert first.cells[0].plain.startswith("▸Mon 2026-03-02")  # today marked, without colour too
        assert "Rathaus 2.14" in str(first.cells[4])
        await wait_until(pilot, lambda: screen.current is not None, what="the detail")
        panel = panel_text(screen)
        assert "Anna Müller" in panel and "Jour fixe KommunalIT" in panel
        await pilot.press("slash")
        await pilot.press(*"rathaus")  # the place
        await wait_until(pilot, lambda: screen.filters.text == "rathaus", what="the text filter")
        await wait_until(pilot, lambda: listed(screen) == [office["jour_fixe"], office["earlier"]],
                         what="the jour fixes")
        text = screen.query_one("#meeting-filter-text", Input)
        text.value = "bibliothek"
        await wait_until(pilot, lambda: listed(screen) == [office["workshop"]], what="the workshop")
        text.value = ""
        screen.query_one("#meeting-filter-when", Select).value = "past"
        await wait_until(pilot, lambda: listed(screen) == [office["earlier"], office["network"]],
                         what="past meetings")
        await pilot.press("escape")  # leaves the bar, the filter stays
        await settle(pilot)
        assert screen.table.has_focus
        await pilot.press("escape")  # clears it
        await wait_until(pilot, lambda: len(listed(screen)) == 4, what="all meetings again")


async def test_empty_database_says_how_to_start(db_url, database):
    from officer_tui.ui.screens.welcome import WelcomeScreen

    app = OfficerApp(db_url, first_pane="meetings")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, WelcomeScreen), what="the welcome dialog")
        await pilot.press("e")
        screen = await open_pane(pilot)
        assert listed(screen) == []
        assert "No meetings yet" in screen.table._empty_text
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, DecisionsScreen)
        assert "No decisions yet" in app.screen.table._empty_text
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)


async def test_create_meeting_end_before_start_is_refused_inline(db_url, database, office):
    from officer_tui.services import meetings
    from officer_tui.services.meeting_views import MeetingFilter

    app = OfficerApp(db_url, first_pane="meetings")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_pane(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, MeetingFormScreen)
        assert form.focused is form.query_one("#m-title", Input)
        await pilot.press(*"Lenkungsgruppe Digitalstrategie")
        form.query_one("#m-kind", Select).value = MeetingKind.STEERING_GROUP.value
        form.query_one("#m-date", Input).value = "2026-03-10"
        form.query_one("#m-start", Input).value = "14:00"
        form.query_one("#m-end", Input).value = "13:30"
        form.query_one("#m-link", Input).value = "https://meet.example.org/lg"
        people = form.query_one("#m-people", MultiPick)
        people.query_one(Input).value = "schr"
        await wait_until(pilot, lambda: [str(o.prompt) for o in people.query_one("SelectionList")._options]
                         == ["Ben Schröder · KommunalIT"], what="Ben found")
        people.query_one("SelectionList").focus()
        await pilot.press("space")
        await wait_until(pilot, lambda: people.chosen == [office["ben"]], what="Ben ticked")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: form.query_one("#m-end-error", Static).has_class("-shown"),
                         what="the inline error")
        assert "ends before it starts" in static_text(form.query_one("#m-end-error", Static))
        assert app.screen is form
        assert form.query_one("#m-title", Input).value == "Lenkungsgruppe Digitalstrategie"  # kept
        with database.session() as session:
            assert len(meetings.ordered_ids(session, MeetingFilter(), today=TODAY)) == 4  # nothing saved
        form.query_one("#m-end", Input).value = "15:30"
        await pilot.press("ctrl+s")
        # A new meeting opens at once, ready for its agenda.
        await wait_until(pilot, lambda: isinstance(app.screen, MeetingDetailScreen) and app.screen.detail,
                         what="the new meeting")
        detail = app.screen.detail
        assert detail.title == "Lenkungsgruppe Digitalstrategie"
        assert detail.kind == MeetingKind.STEERING_GROUP
        assert (detail.start_time, detail.end_time) == (clock_time(14), clock_time(15, 30))
        assert [p.name for p in detail.participants] == ["Ben Schröder"]
        assert "1 h 30 min" in static_text(app.screen.query_one("#meeting-header", Static))
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen and len(listed(screen)) == 5, what="listed")
        assert listed(screen).index(detail.id) == 2  # after today's and before next week's


async def test_prepare_and_run_a_jour_fixe(db_url, database, office):
    """Agenda, attendance, a decision and an action that becomes a follow-up on the project;
    close (read-only), reopen, plan the next one (open items carried), export the minutes."""
    from officer_tui.services import followups

    app = OfficerApp(db_url, first_pane="meetings")
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_pane(pilot)
        screen = await open_meeting(pilot, pane, office["jour_fixe"])
        assert screen.focused is screen.agenda
        # Two agenda items; the first about the Wi-Fi project.
        for title, subject in (("WLAN Ausbau Stand", "wlan"), ("Druckerkonzept", None)):
            await pilot.press("a")
            await settle(pilot)
            form = app.screen
            assert isinstance(form, ItemFormScreen)
            await pilot.press(*title)
            form.query_one("#item-minutes", Input).value = "20"
            if subject:
                pick = form.query_one("#item-subject", MultiPick)
                pick.query_one(Input).value = subject
                await wait_until(pilot, lambda pick=pick: pick.query_one("SelectionList").option_count == 1,
                                 what="the project found")
                pick.query_one("SelectionList").focus()
                await pilot.press("space")
                await wait_until(pilot, lambda pick=pick: pick.chosen == [f"project:{office['wifi']}"],
                                 what="ticked")
            await pilot.press("ctrl+s")
            await wait_until(pilot, lambda title=title: app.screen is screen and any(
                item.title == title for item in (screen.detail.items if screen.detail else ())),
                what=f"item {title}")
        items = screen.detail.items
        assert [item.title for item in items] == ["WLAN Ausbau Stand", "Druckerkonzept"]
        assert items[0].subject.record_id == office["wifi"] and items[0].minutes == 20
        assert "40 min planned" in static_text(screen.query_one("#agenda-title", Static))
        # Move the second item up, then back down.
        await press_until(pilot, "down", lambda: screen.agenda.cursor_key == items[1].id, what="item 2")
        await pilot.press("K")
        await wait_until(pilot, lambda: [i.title for i in screen.detail.items][0] == "Druckerkonzept",
                         what="moved up")
        assert screen.agenda.cursor_key == items[1].id  # the cursor moved with it
        await pilot.press("J")
        await wait_until(pilot, lambda: [i.title for i in screen.detail.items][0] == "WLAN Ausbau Stand",
                         what="moved down")
        # Attendance: the participants list, p and e; the cursor moves on after each mark.
        screen.people.focus()
        await settle(pilot)
        assert screen.people.cursor_key == office["anna"]
        await pilot.press("p")
        await wait_until(pilot, lambda: screen.people.cursor_key == office["ben"], what="next person")
        await pilot.press("e")
        await wait_until(pilot, lambda: [p.attendance for p in screen.detail.participants]
                         == [Attendance.PRESENT, Attendance.EXCUSED], what="attendance")
        assert "✓ present" in screen.people.row_at(0).cells[0].plain
        # Notes and outcomes of the first item.
        screen.agenda.focus()
        await press_until(pilot, "up", lambda: screen.agenda.cursor_row == 0, what="item 1")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, NotesScreen)
        app.screen.query_one(TextArea).text = "## Stand\n\n- Ausschreibung **läuft**\n- 3 Häuser fertig"
        await pilot.press("ctrl+s")
        notes = screen.query_one(MarkdownNotes)
        await wait_until(pilot, lambda: app.screen is screen and notes.complete
                         and "Ausschreibung läuft" in notes.rendered_text(), what="rendered notes")
        assert "**" not in notes.rendered_text()  # rendered, not shown raw
        await pilot.press("o")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, OutcomeFormScreen)
        form.query_one("#outcome-kind", Select).value = OutcomeKind.DECISION.value
        form.query_one("#outcome-text", TextArea).text = "Ausbau im Museum vor der Bibliothek"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is screen and screen.current_item.outcomes, what="decision")
        await pilot.press("o")
        await settle(pilot)
        form = app.screen
        form.query_one("#outcome-kind", Select).value = OutcomeKind.ACTION.value
        await settle(pilot)  # owner and due date appear, due in a week
        assert form.query_one("#outcome-due", Input).value == "2026-03-09"
        form.query_one("#outcome-text", TextArea).text = "Angebot für Access Points einholen"
        form.query_one("#outcome-due", Input).value = ""
        await pilot.press("ctrl+s")  # no owner, no due date: refused in place
        await wait_until(pilot, lambda: form.query_one("#outcome-owner-error", Static).has_class("-shown"),
                         what="owner error")
        assert form.query_one("#outcome-due-error", Static).has_class("-shown")
        assert app.screen is form
        form.query_one("#outcome-owner", Select).value = office["ben"]
        form.query_one("#outcome-due", Input).value = "2026-03-16"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is screen and len(screen.current_item.outcomes) == 2,
                         what="the action")
        outcomes = screen.outcomes
        outcomes_text = " ".join(str(outcomes.get_option_at_index(i).prompt) for i in range(outcomes.option_count))
        assert "◆ decision: Ausbau im Museum" in outcomes_text
        assert "→ action: Angebot für Access Points einholen · Ben Schröder · due 2026-03-16" in outcomes_text
        # The action is a follow-up on the project.
        with database.session() as session:
            rows = followups.for_record(session, kind=RecordKind.PROJECT, record_id=office["wifi"], today=TODAY)
        assert [(r.title, r.owner_name, r.due_on) for r in rows] == [
            ("Angebot für Access Points einholen", "Ben Schröder", date(2026, 3, 16))]
        # Mark the first item done; the second stays open.
        await pilot.press("space")
        await wait_until(pilot, lambda: screen.detail.items[0].status == AgendaStatus.DONE, what="done")
        # Export the minutes: the file holds the decision.
        await pilot.press("x")
        await wait_until(pilot, lambda: screen.last_export is not None, what="the export")
        minutes = screen.last_export.read_text(encoding="utf-8")
        assert "Ausbau im Museum vor der Bibliothek" in minutes
        assert "Angebot für Access Points einholen" in minutes
        assert screen.last_export.stat().st_mode & 0o777 == 0o600
        # Close: read-only; editing keys are refused.
        await pilot.press("C")
        await wait_until(pilot, lambda: screen.detail.closed, what="closed")
        assert "read-only" in static_text(screen.query_one("#meeting-state", Static))
        for key in ("a", "e", "o", "space", "t", "delete"):
            await pilot.press(key)
            await settle(pilot)
            assert app.screen is screen, key
        assert [i.status for i in detail_of(database, office["jour_fixe"]).items] == [
            AgendaStatus.DONE, AgendaStatus.OPEN]
        active = screen.active_bindings
        assert not active["a"].enabled and not active["o"].enabled
        screen.people.focus()
        await pilot.press("p")
        await settle(pilot)
        assert detail_of(database, office["jour_fixe"]).participants[1].attendance == Attendance.EXCUSED
        # Reopen, then plan the next jour fixe: the open item is carried over.
        await pilot.press("C")
        await wait_until(pilot, lambda: not screen.detail.closed, what="reopened")
        await pilot.press("N")
        await wait_until(pilot, lambda: screen.meeting_id != office["jour_fixe"] and screen.detail
                         and screen.detail.id == screen.meeting_id, what="the next meeting")
        following = screen.detail
        assert following.held_on == TODAY + timedelta(days=14)
        assert [(i.title, i.carried_from[0]) for i in following.items] == [("Druckerkonzept", office["jour_fixe"])]
        assert screen.agenda.row_at(0).cells[2].plain.startswith("↻ ")
        assert [i.status for i in detail_of(database, office["jour_fixe"]).items] == [
            AgendaStatus.DONE, AgendaStatus.CARRIED]
        await pilot.press("left_square_bracket")  # back to the previous meeting of the series
        await wait_until(pilot, lambda: screen.detail and screen.detail.id == office["jour_fixe"],
                         what="previous")


async def test_decision_register_search_and_open(db_url, database, office):
    from officer_tui.services import meetings

    with database.session() as session:
        item = meetings.add_item(session, meeting_id=office["earlier"], data={
            "title": "Druckerersatz", "subject_kind": RecordKind.REQUEST, "subject_id": office["printer"]})
        meetings.add_outcome(session, item_id=item.id, kind=OutcomeKind.DECISION,
                             text="Neuer Drucker über Rahmenvertrag Müller")
        other = meetings.add_item(session, meeting_id=office["network"], data={"title": "Austausch"})
        meetings.add_outcome(session, item_id=other.id, kind=OutcomeKind.DECISION,
                             text="Nächstes Treffen in Hohenstein")
        meetings.add_outcome(session, item_id=other.id, kind=OutcomeKind.INFORMATION, text="Nur Info")
    app = OfficerApp(db_url, first_pane="meetings")
    async with app.run_test(size=SIZE) as pilot:
        await open_pane(pilot)
        await pilot.press("d")
        await settle(pilot)
        register = app.screen
        assert isinstance(register, DecisionsScreen)
        await wait_until(pilot, lambda: register.table.row_count == 2, what="two decisions")
        first = register.table.row_at(0)
        assert first.cells[3].plain == "Neuer Drucker über Rahmenvertrag Müller"  # newest first
        assert "Request #" in first.cells[4] and "Drucker im Lesesaal defekt" in first.cells[4]
        await pilot.press(*"muller")
        await wait_until(pilot, lambda: register.table.row_count == 1, what="search as you type")
        await pilot.press("down")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, MeetingDetailScreen) and app.screen.detail,
                         what="the meeting")
        assert app.screen.detail.id == office["earlier"]


async def test_followup_of_a_meeting_opens_the_meeting(db_url, database, office):
    from officer_tui.services import meetings
    from officer_tui.ui.screens.followups import FollowUpsScreen

    with database.session() as session:
        item = meetings.add_item(session, meeting_id=office["jour_fixe"], data={"title": "Sonstiges"})
        meetings.add_outcome(session, item_id=item.id, kind=OutcomeKind.ACTION, text="Raum buchen",
                             owner_id=office["anna"], due_on=TODAY + timedelta(days=3))
    app = OfficerApp(db_url, first_pane="meetings")
    async with app.run_test(size=SIZE) as pilot:
        await open_pane(pilot)
        await pilot.press("w")
        await wait_until(pilot, lambda: isinstance(app.screen, FollowUpsScreen) and app.screen.table.row_count,
                         what="follow-ups")
        assert "Meeting #" in app.screen.table.row_at(0).cells[3]
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, MeetingDetailScreen) and app.screen.detail,
                         what="the meeting")
        assert app.screen.detail.id == office["jour_fixe"]


async def test_long_notes_show_at_once(db_url, database, office):
    from officer_tui.services import meetings

    block = ("## Abschnitt\n\nText mit **fett** und `code` und einem [Link](https://example.org).\n\n"
             "- Punkt eins\n- Punkt zwei mit etwas längerem Text\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\n")
    notes = (block * 600)[:50_000]
    assert len(chunks(notes)) > 10
    with database.session() as session:
        meetings.add_item(session, meeting_id=office["workshop"], data={"title": "Langes Protokoll",
                                                                        "notes": notes})
    app = OfficerApp(db_url, first_pane="meetings")
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_pane(pilot)
        table = pane.table
        await press_until(pilot, "down", lambda: table.cursor_key == office["workshop"], what="workshop")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, MeetingDetailScreen) and app.screen.detail,
                         what="the meeting")
        # The long item is the only one: its notes are on the right. Measure from a fresh start
        # (polling, without waiting for the rest to render).
        view = app.screen.query_one(MarkdownNotes)
        view.show("")
        started = time.perf_counter()
        view.show(notes, "")
        while view.line_count < 20 and time.perf_counter() - started < 5:
            await pilot.pause(0.005)
        shown = time.perf_counter() - started
        print(f"first lines after {shown:.3f} s")
        # Generous for a loaded CI machine; the bench measures it properly. The whole text
        # takes longer than this: only the first chunk must be there.
        assert shown < 2.0, f"notes took {shown:.2f} s to show"
        assert "Abschnitt" in view.rendered_text()
        await wait_until(pilot, lambda: view.complete, timeout=10, what="the rest")
        assert view.line_count > 2000


async def test_attendance_keys_typed_fast_mark_one_person_each(db_url, database, office):
    """During the meeting: p, e, a in quick succession mark three people, not one three times."""
    from officer_tui.services import meetings

    with database.session() as session:
        meetings.add_participant(session, meeting_id=office["jour_fixe"], contact_id=office["cara"])
    app = OfficerApp(db_url, first_pane="meetings")
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_pane(pilot)
        await press_until(pilot, "down", lambda: pane.table.cursor_key == office["jour_fixe"],
                          what="the jour fixe")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, MeetingDetailScreen) and app.screen.detail,
                         what="the meeting")
        screen = app.screen
        screen.people.focus()
        await settle(pilot)
        await pilot.press("p", "e", "a")  # no waiting in between
        expected = {office["anna"]: Attendance.PRESENT, office["ben"]: Attendance.EXCUSED,
                    office["cara"]: Attendance.ABSENT}
        await wait_until(pilot, lambda: {p.contact_id: p.attendance
                                         for p in detail_of(database, office["jour_fixe"]).participants}
                         == expected, what="three people marked")
        await wait_until(pilot, lambda: {p.contact_id: p.attendance for p in screen.detail.participants}
                         == expected, what="the screen reloaded")


async def test_german_labels(db_url, database, office, german):
    app = OfficerApp(db_url, first_pane="meetings")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_pane(pilot)
        first = screen.table.row_at(0)
        assert "02.03.2026" in first.cells[0].plain  # German dates
        footer = {binding.binding.description for binding in screen.active_bindings.values()}
        assert {"Neu", "Bearbeiten", "Filter"} <= footer
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, MeetingFormScreen)
        assert form.query_one("#m-date", Input).value == "02.03.2026"
        await pilot.press("ctrl+s")  # no title
        await wait_until(pilot, lambda: form.query_one("#m-title-error", Static).has_class("-shown"),
                         what="the error")
        assert "darf nicht leer sein" in static_text(form.query_one("#m-title-error", Static))


async def test_demo_data_upcoming_first_and_ics_of_all_upcoming(db_url, database):
    from officer_tui.services import meetings
    from officer_tui.services.meeting_queries import exports_folder
    from officer_tui.ui.screens.welcome import WelcomeScreen

    app = OfficerApp(db_url, first_pane="meetings")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, WelcomeScreen), what="the welcome dialog")
        await pilot.press("d")
        screen = await open_pane(pilot)
        await wait_until(pilot, lambda: screen.table.row_count > 5, what="demo meetings")
        with database.session() as session:
            rows = meetings.rows_for(session, list(screen._ids))
        days = [row.held_on for row in rows]
        upcoming = [day for day in days if day >= TODAY]
        assert upcoming and len(upcoming) < len(days)
        assert days[:len(upcoming)] == sorted(upcoming)  # soonest first
        assert days[len(upcoming):] == sorted(days[len(upcoming):], reverse=True)  # then newest first
        await pilot.press("I")
        folder = exports_folder()
        await wait_until(pilot, lambda: list(folder.glob("meetings-upcoming-*.ics")), what="the ICS file")
        ics = next(folder.glob("meetings-upcoming-*.ics")).read_text(encoding="utf-8")
        assert ics.startswith("BEGIN:VCALENDAR") and ics.count("BEGIN:VEVENT") == len(upcoming)
        await pilot.press("enter")  # the first upcoming meeting, with its agenda
        await wait_until(pilot, lambda: isinstance(app.screen, MeetingDetailScreen) and app.screen.detail,
                         what="the meeting")
        assert app.screen.detail.held_on == upcoming[0]
        assert app.screen.agenda.row_count == len(app.screen.detail.items)
