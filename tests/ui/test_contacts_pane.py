"""The Units and contacts pane (key 7), driven through the real app with Pilot."""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static
from textual.widgets._select import SelectOverlay

from officer_tui.i18n import _
from officer_tui.models.enums import UnitKind
from officer_tui.services import contacts, units
from officer_tui.ui.app import OfficerApp
from officer_tui.ui.screens.contact_form import ContactFormScreen
from officer_tui.ui.screens.contacts import ContactsScreen
from officer_tui.ui.screens.unit_form import UnitFormScreen
from officer_tui.ui.widgets.detail_panel import DetailPanel
from tests.ui.helpers import press_until, settle, wait_until

# --- data and driving helpers -------------------------------------------------------------


@pytest.fixture
def org(database) -> dict[str, int]:
    """Kulturbetrieb with Stadtmuseum and Stadtbibliothek below it, KommunalIT beside it."""
    with database.session() as session:
        def unit(name: str, kind: UnitKind, headcount: int | None, parent: int | None = None) -> int:
            return units.create_unit(session, data={
                "name": name, "kind": kind, "headcount": headcount, "parent_id": parent}).id

        kb = unit("Kulturbetrieb", UnitKind.ENTERPRISE, 14)
        museum = unit("Stadtmuseum", UnitKind.MUSEUM, 24, kb)
        library = unit("Stadtbibliothek", UnitKind.LIBRARY, 31, kb)
        kit = unit("KommunalIT", UnitKind.IT_PROVIDER, 85)
        for name, unit_id, role in [
            ("Anna Albers", museum, "Museumsleitung"),
            ("Bernd Brandt", library, "Ausleihe"),
            ("Carla Cordes", kb, "Betriebsleitung"),
            ("Dieter Dahl", kit, "Service-Desk"),
        ]:
            contacts.create_contact(session, data={"name": name, "unit_id": unit_id, "role": role,
                                                   "email": f"{name.split()[0].lower()}@example.org"})
    return {"kb": kb, "museum": museum, "library": library, "kit": kit}


async def open_pane(pilot: Pilot) -> ContactsScreen:
    await settle(pilot)
    await pilot.press("7")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ContactsScreen)
    return screen


def cursor_label(screen: ContactsScreen) -> str:
    node = screen.tree.cursor_node
    return node.label.plain if node is not None else ""


async def choose_unit(pilot: Pilot, screen: ContactsScreen, name: str | None) -> None:
    """Move the tree cursor to the unit called ``name`` (None: "All units") with the keys."""
    screen.tree.focus()
    await press_until(pilot, "up", lambda: screen.tree.cursor_line == 0, what="the tree's top")
    if name is not None:
        await press_until(pilot, "down", lambda: cursor_label(screen).startswith(name + " ·"),
                          what=f"unit {name}")
    await settle(pilot)


def listed(screen: ContactsScreen) -> list[str]:
    table = screen.table
    return [str(table.row_at(i).cells[0]) for i in range(table.row_count)]


def summary(screen: ContactsScreen) -> str:
    return str(screen.query_one("#summary", Static).render())


def detail_text(screen: ContactsScreen) -> str:
    """What the detail panel says, as plain text."""
    console = Console(width=100, record=True, file=io.StringIO())
    for static in screen.query_one(DetailPanel).query(Static):
        console.print(static.content)
    return console.export_text()


async def pick(pilot: Pilot, select: Select, label: str) -> None:
    """Open ``select`` with the keyboard and choose the option whose label contains ``label``."""
    select.focus()
    await pilot.press("enter")
    await settle(pilot)
    overlay = select.query_one(SelectOverlay)

    def on_label() -> bool:
        index = overlay.highlighted
        return index is not None and label in str(overlay.get_option_at_index(index).prompt)

    await press_until(pilot, "down", on_label, what=f"option {label}")
    await pilot.press("enter")
    await settle(pilot)


async def clear_input(pilot: Pilot, widget: Input) -> None:
    widget.focus()
    await pilot.press("end", *["backspace"] * len(widget.value))


def stored_contacts(database, text: str):
    with database.session() as session:
        return contacts.list_contacts(session, text=text)


# --- the tree and the list ----------------------------------------------------------------


async def test_tree_shows_units_with_kind_and_headcount(db_url, org):
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_pane(pilot)
        tree = screen.tree
        assert tree.root.label.plain == "All units"
        top = {node.label.plain: node for node in tree.root.children}
        assert set(top) == {"Kulturbetrieb · municipal enterprise · 14", "KommunalIT · IT provider · 85"}
        below = [node.label.plain for node in top["Kulturbetrieb · municipal enterprise · 14"].children]
        assert below == ["Stadtbibliothek · library · 31", "Stadtmuseum · museum · 24"]
        assert sorted(listed(screen)) == ["Anna Albers", "Bernd Brandt", "Carla Cordes", "Dieter Dahl"]
        assert summary(screen) == "4 contacts in all units"
        assert screen.focused is tree
        assert "All units" in detail_text(screen)


async def test_choosing_a_unit_lists_its_contacts_and_those_below(db_url, org):
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_pane(pilot)
        await choose_unit(pilot, screen, "Kulturbetrieb")
        assert listed(screen) == ["Anna Albers", "Bernd Brandt", "Carla Cordes"]
        assert summary(screen).startswith("3 contacts in Kulturbetrieb")

        await choose_unit(pilot, screen, "Stadtmuseum")
        assert listed(screen) == ["Anna Albers"]
        assert summary(screen) == "1 contact in Stadtmuseum"
        # the tree has the focus, so the panel shows the unit
        text = detail_text(screen)
        assert "Stadtmuseum" in text and "museum" in text and "24" in text and "Kulturbetrieb" in text

        await pilot.press("enter")  # to the list: the panel follows the contact
        await settle(pilot)
        assert screen.focused is screen.table
        text = detail_text(screen)
        assert "Anna Albers" in text and "anna@example.org" in text


async def test_name_filter_folds_case_and_escape_clears_it(db_url, org):
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_pane(pilot)
        await pilot.press("slash")
        assert screen.focused is screen.filter_input
        await pilot.press(*"BERND", "enter")
        await wait_until(pilot, lambda: listed(screen) == ["Bernd Brandt"], what="the filtered list")
        assert screen.focused is screen.table
        assert "“BERND”" in summary(screen)
        await pilot.press("escape")
        await settle(pilot)
        assert len(listed(screen)) == 4
        assert not screen.filter_bar.display


# --- contacts -----------------------------------------------------------------------------


async def test_new_contact_is_stored_in_the_chosen_unit_and_listed(db_url, org, database):
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_pane(pilot)
        await choose_unit(pilot, screen, "Stadtmuseum")
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ContactFormScreen)
        assert form.focused is form.query_one("#contact-name")
        assert form.query_one("#contact-unit", Select).value == org["museum"]  # preselected
        await pilot.press(*"Eva Engel", "tab", "tab", *"Volunteers", "tab", *"eva@example.org")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen

        [stored] = stored_contacts(database, "Eva Engel")
        assert (stored.unit_id, stored.role, stored.email) == (org["museum"], "Volunteers", "eva@example.org")
        assert listed(screen) == ["Anna Albers", "Eva Engel"]
        assert screen.table.cursor_key == stored.id
        assert cursor_label(screen).startswith("Stadtmuseum")  # the selection stays


async def test_new_contact_in_a_picked_unit(db_url, org, database):
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_pane(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert form.query_one("#contact-unit", Select).value is Select.NULL
        await pilot.press(*"Fritz Fink")
        await pick(pilot, form.query_one("#contact-unit", Select), "KommunalIT")
        await pilot.press("ctrl+s")
        await settle(pilot)
        [stored] = stored_contacts(database, "Fritz")
        assert stored.unit_id == org["kit"]
        assert "Fritz Fink" in listed(screen)


async def test_invalid_email_is_refused_inline_and_the_input_stays(db_url, org, database):
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_pane(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        await pilot.press(*"Eva Engel", "tab", "tab", *"Volunteers", "tab", *"eva@", "ctrl+s")
        await settle(pilot)
        assert app.screen is form  # still open
        error = form.query_one("#contact-email-error", Static)
        assert error.has_class("-shown")
        assert "not an e-mail address" in str(error.render())
        assert form.query_one("#contact-email").has_class("-invalid")
        assert form.focused is form.query_one("#contact-email")
        assert form.query_one("#contact-name", Input).value == "Eva Engel"
        assert form.query_one("#contact-role", Input).value == "Volunteers"
        assert stored_contacts(database, "Eva") == []

        await pilot.press(*"example.org", "ctrl+s")  # corrected: now it is saved
        await settle(pilot)
        assert not isinstance(app.screen, ContactFormScreen)
        [stored] = stored_contacts(database, "Eva")
        assert stored.email == "eva@example.org"


async def test_invalid_phone_and_empty_name_are_refused(db_url, org, database):
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_pane(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert form.query_one("#contact-name-error").has_class("-shown")
        await pilot.press(*"Eva", "tab", "tab", "tab", "tab", *"call me", "ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "not a phone number" in str(form.query_one("#contact-phone-error", Static).render())
        assert stored_contacts(database, "Eva") == []


async def test_e_in_the_list_edits_the_highlighted_contact(db_url, org, database):
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_pane(pilot)
        await choose_unit(pilot, screen, "Stadtbibliothek")
        await pilot.press("enter", "e")  # to the list, then edit Bernd
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ContactFormScreen)
        role = form.query_one("#contact-role", Input)
        assert form.query_one("#contact-name", Input).value == "Bernd Brandt"
        assert role.value == "Ausleihe"
        await clear_input(pilot, role)
        await pilot.press(*"Fernleihe", "ctrl+s")
        await settle(pilot)
        [stored] = stored_contacts(database, "Bernd")
        assert stored.role == "Fernleihe"
        assert screen.table.row_at(0).cells[1] == "Fernleihe"
        assert "Fernleihe" in detail_text(screen)


async def test_escape_guards_unsaved_changes(db_url, org):
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_pane(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("escape")  # nothing typed: closes at once
        await settle(pilot)
        assert app.screen is screen

        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        await pilot.press(*"Eva", "escape")
        await settle(pilot)
        assert app.screen is form  # warned, still open
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen


# --- units --------------------------------------------------------------------------------


async def test_u_creates_a_unit_below_the_chosen_one(db_url, org, database):
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_pane(pilot)
        await choose_unit(pilot, screen, "Kulturbetrieb")
        await pilot.press("u")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, UnitFormScreen)
        assert form.query_one("#unit-parent", Select).value == org["kb"]
        await pilot.press(*"Stadtarchiv", "ctrl+s")
        await settle(pilot)
        assert app.screen is screen

        with database.session() as session:
            archive = units.find_unit(session, "Stadtarchiv")
        assert archive.parent_id == org["kb"]
        kb_node = next(n for n in screen.tree.root.children if n.data == org["kb"])
        assert [n.label.plain.split(" ·")[0] for n in kb_node.children] == [
            "Stadtarchiv", "Stadtbibliothek", "Stadtmuseum"]
        assert cursor_label(screen).startswith("Kulturbetrieb")  # the selection stays


async def test_e_edits_the_chosen_unit(db_url, org, database):
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_pane(pilot)
        await choose_unit(pilot, screen, "Stadtmuseum")
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, UnitFormScreen)
        headcount = form.query_one("#unit-headcount", Input)
        assert headcount.value == "24"
        await clear_input(pilot, headcount)
        await pilot.press(*"30", "ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        with database.session() as session:
            assert units.get_unit(session, org["museum"]).headcount == 30
        assert cursor_label(screen) == "Stadtmuseum · museum · 30"
        assert "30" in detail_text(screen)


async def test_e_does_nothing_on_all_units(db_url, org):
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_pane(pilot)
        assert screen.check_action("edit", ()) is None  # greyed out in the footer
        await pilot.press("e")
        await settle(pilot)
        assert app.screen is screen


async def test_ctrl_u_in_the_contact_form_creates_and_selects_a_unit(db_url, org, database):
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_pane(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        await pilot.press(*"Gerda Graf", "ctrl+u")
        await settle(pilot)
        assert isinstance(app.screen, UnitFormScreen)
        await pilot.press(*"Musikschule", "ctrl+s")
        await settle(pilot)
        assert app.screen is form
        with database.session() as session:
            school = units.find_unit(session, "Musikschule")
        assert form.query_one("#contact-unit", Select).value == school.id
        await pilot.press("ctrl+s")
        await settle(pilot)
        [stored] = stored_contacts(database, "Gerda")
        assert stored.unit_id == school.id


# --- text, layout, language ---------------------------------------------------------------


async def test_text_from_the_database_is_shown_literally(db_url, database):
    with database.session() as session:
        unit_id = units.create_unit(session, data={"name": "[b]Haus[/b] der Kunst"}).id
        contacts.create_contact(session, data={"name": "[red]Rita[/]", "unit_id": unit_id,
                                               "notes": "[link=x]notes[/link]"})
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_pane(pilot)
        assert screen.tree.root.children[0].label.plain.startswith("[b]Haus[/b] der Kunst ·")
        await choose_unit(pilot, screen, "[b]Haus[/b] der Kunst")
        assert "[b]Haus[/b] der Kunst" in summary(screen)
        assert listed(screen) == ["[red]Rita[/]"]
        await pilot.press("enter")
        await settle(pilot)
        text = detail_text(screen)
        assert "[red]Rita[/]" in text and "[link=x]notes[/link]" in text


@pytest.mark.parametrize(("size", "stacked"), [((80, 24), True), ((120, 36), True), ((180, 40), False)])
async def test_layout_fits_narrow_and_wide_terminals(db_url, org, size, stacked):
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=size) as pilot:
        screen = await open_pane(pilot)
        tree, table, detail = screen.tree.region, screen.table.region, screen.query_one(DetailPanel).region
        width, height = size
        for region in (tree, table, detail):
            assert region.width > 0 and region.height > 0
            assert region.right <= width and region.bottom <= height
        assert tree.right <= table.x
        if stacked:
            assert detail.y >= table.bottom and detail.x == table.x
        else:
            assert detail.x >= table.right
        assert table.height >= 8


async def test_help_describes_the_pane(db_url, org):
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_pane(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        from officer_tui.ui.screens.help import HelpScreen

        assert isinstance(app.screen, HelpScreen)
        assert "Units and contacts" in app.screen._markdown
        assert "New unit" in app.screen._markdown


async def test_german_ui_smoke(db_url, org, german):
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_pane(pilot)
        assert screen.tree.root.label.plain == _("All units")
        descriptions = {b.binding.description for b in screen.active_bindings.values()}
        assert {_("New contact"), _("New unit"), _("Edit"), _("Filter"), _("Log contact"),
                _("Losing touch"), _("Review due"), _("Export"), _("Erase")} <= descriptions
        await choose_unit(pilot, screen, "Stadtmuseum")
        assert listed(screen) == ["Anna Albers"]
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, ContactFormScreen)
        assert str(app.screen.query_one(".form-title", Static).render()) == _("New contact")


# --- stakeholders: timeline, logging, losing touch, GDPR ------------------------------------


@pytest.fixture
def history(database, org) -> dict[str, int]:
    """Anna raised a request 10 days ago; Dieter (IT provider: 14 days) was last heard of 30 days ago."""
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import update

    from officer_tui.models.org import Contact
    from officer_tui.services import requests
    from tests.conftest import TODAY

    with database.session() as session:
        anna = contacts.find_contact(session, "Anna Albers").id
        dieter = contacts.find_contact(session, "Dieter Dahl").id
        request = requests.create_request(session, data={
            "title": "Drucker im Foyer", "unit_id": org["museum"], "requester_id": anna,
            "received_on": TODAY - timedelta(days=10)}, today=TODAY).id
        contacts.log_contact(session, contact_id=dieter, note="Tickets besprochen",
                             happened_on=TODAY - timedelta(days=30), today=TODAY)
        session.execute(update(Contact).values(created_at=datetime(2026, 1, 20, tzinfo=UTC)))
        session.commit()
    return {"anna": anna, "dieter": dieter, "request": request}


async def to_person(pilot: Pilot, screen: ContactsScreen, name: str) -> None:
    screen.table.focus()
    await press_until(pilot, "up", lambda: screen.table.cursor_row == 0, what="the top")
    await press_until(pilot, "down", lambda: listed(screen)[screen.table.cursor_row] == name, what=name)


async def test_l_logs_a_contact_and_updates_last_contact(db_url, history, database):
    from officer_tui.services import timeline
    from officer_tui.ui.screens.gdpr import LogContactScreen

    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_pane(pilot)
        await to_person(pilot, screen, "Carla Cordes")
        assert str(screen.table.row_at(screen.table.cursor_row).cells[3]) == "never"
        await pilot.press("l")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, LogContactScreen)
        assert form.query_one("#log-date", Input).value == "2026-03-02"
        await pick(pilot, form.query_one("#log-channel", Select), "meeting")
        form.query_one("#log-note").focus()
        await pilot.press(*"Jour fixe", "ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        with database.session() as session:
            [entry] = timeline.timeline(session, contacts.find_contact(session, "Carla Cordes").id)
        assert (entry.title, entry.role) == ("Jour fixe", "meeting")
        assert str(screen.table.row_at(screen.table.cursor_row).cells[3]) == "today"


async def test_timeline_opens_the_request(db_url, history):
    from officer_tui.ui.screens.contact_detail import ContactDetailScreen
    from officer_tui.ui.screens.request_form import RequestFormScreen

    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_pane(pilot)
        await to_person(pilot, screen, "Anna Albers")
        await pilot.press("enter")
        await settle(pilot)
        detail = app.screen
        assert isinstance(detail, ContactDetailScreen)
        assert detail.table.row_count == 1
        assert detail.table.row_at(0).cells[1:] == ("request", "requested", "Drucker im Foyer")
        assert "10 days ago" in detail_text_of(detail)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RequestFormScreen)
        assert app.screen.request_id == history["request"]
        await press_until(pilot, "escape", lambda: app.screen is detail, limit=2, what="the detail")
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen


async def test_timeline_shows_and_opens_meetings_and_trainings(db_url, history, database):
    """Issue 5/6: a person's meetings and training sessions are on their timeline, count as
    contact, and Enter opens the meeting or the session."""
    from datetime import timedelta

    from officer_tui.models.enums import Attendance, EnrollmentStatus
    from officer_tui.services import meetings, timeline, trainings
    from officer_tui.ui.screens.contact_detail import ContactDetailScreen
    from officer_tui.ui.screens.meeting_detail import MeetingDetailScreen
    from officer_tui.ui.screens.training_session import SessionScreen
    from tests.conftest import TODAY

    carla = None
    with database.session() as session:
        carla = contacts.find_contact(session, "Carla Cordes").id
        meeting = meetings.add_meeting(session, data={
            "title": "Jour fixe KommunalIT", "held_on": TODAY - timedelta(days=3),
            "participant_ids": [carla]}).id
        meetings.set_attendance(session, meeting_id=meeting, contact_id=carla,
                                attendance=Attendance.PRESENT)
        programme = trainings.add_programme(session, data={"title": "KI-Grundlagen"}).id
        sitting = trainings.add_session(session, data={
            "programme_id": programme, "held_on": TODAY - timedelta(days=1)}).id
        trainings.enroll(session, session_id=sitting, contact_id=carla)
        trainings.set_status(session, session_id=sitting, contact_id=carla,
                             status=EnrollmentStatus.ATTENDED, today=TODAY)
        assert timeline.last_contact(session, carla) == TODAY - timedelta(days=1)

    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_pane(pilot)
        await to_person(pilot, screen, "Carla Cordes")
        await pilot.press("enter")
        await settle(pilot)
        detail = app.screen
        assert isinstance(detail, ContactDetailScreen)
        lines = [detail.table.row_at(row).cells[1:] for row in range(detail.table.row_count)]
        assert lines == [
            ("training session", "attended training", "KI-Grundlagen"),
            ("meeting", "attended", "Jour fixe KommunalIT"),
        ]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)
        await press_until(pilot, "escape", lambda: app.screen is detail, limit=3, what="back")
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, MeetingDetailScreen)
        assert app.screen.meeting_id == meeting


def detail_text_of(screen) -> str:
    console = Console(width=100, record=True, file=io.StringIO())
    for static in screen.query_one(DetailPanel).query(Static):
        console.print(static.content)
    return console.export_text()


async def test_losing_touch_filter_with_t(db_url, history):
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_pane(pilot)
        screen.table.focus()
        await pilot.press("t")
        await wait_until(pilot, lambda: listed(screen) == ["Dieter Dahl"], what="the losing-touch list")
        row = screen.table.row_at(0)
        assert str(row.cells[3]) == "⚠ 30 days ago"  # a symbol, not only colour
        assert "losing touch" in summary(screen)
        assert screen.filter_bar.display
        await pilot.press("t")
        await wait_until(pilot, lambda: len(listed(screen)) == 4, what="the whole list")
        await pilot.press("escape")
        await settle(pilot)
        assert not screen.filter_bar.display


async def test_review_due_filter_with_r(db_url, history, database):
    from datetime import date

    with database.session() as session:
        contacts.update_contact(session, contact_id=history["anna"], changes={"review_on": date(2026, 3, 1)})
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_pane(pilot)
        screen.table.focus()
        await pilot.press("r")
        await wait_until(pilot, lambda: listed(screen) == ["Anna Albers"], what="the review list")
        assert str(screen.table.row_at(0).cells[4]) == "§ 2026-03-01"


async def test_erase_after_typing_the_name(db_url, history, database):
    from officer_tui.services import requests
    from officer_tui.ui.screens.gdpr import EraseScreen

    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_pane(pilot)
        await to_person(pilot, screen, "Anna Albers")
        await pilot.press("D")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, EraseScreen)
        what = str(dialog.query_one("#erase-what", Static).render())
        assert "1 request" in what and "not rewritten automatically" in what
        await pilot.press(*"Anna", "enter")  # not the whole name: refused
        await settle(pilot)
        assert app.screen is dialog
        assert dialog.query_one("#erase-name-error").has_class("-shown")
        await pilot.press(*" albers", "enter")  # case does not matter
        await settle(pilot)
        assert app.screen is screen
        assert "Anna Albers" not in listed(screen)
        with database.session() as session:
            detail = requests.request_detail(session, history["request"])
        assert detail.requester_name == "erased person"


async def test_x_exports_to_the_data_folder(db_url, history, tmp_path):
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_pane(pilot)
        await to_person(pilot, screen, "Anna Albers")
        await pilot.press("x")
        await settle(pilot)
        folder = tmp_path / "data" / "exports"
        names = sorted(p.name for p in folder.iterdir())
        assert names == [f"person-{history['anna']}-2026-03-02.json", f"person-{history['anna']}-2026-03-02.md"]
        assert any(str(folder) in str(n.message) for n in app._notifications)


async def test_german_stakeholder_smoke(db_url, history, german):
    from officer_tui.ui.screens.contact_detail import ContactDetailScreen

    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_pane(pilot)
        assert [c.label for c in screen.table._columns][3] == _("Last contact")
        await to_person(pilot, screen, "Anna Albers")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ContactDetailScreen)
        assert app.screen.table.row_at(0).cells[0] == "20.02.2026"  # German dates
        descriptions = {b.binding.description for b in app.screen.active_bindings.values()}
        assert {_("Log contact"), _("Export"), _("Erase")} <= descriptions
