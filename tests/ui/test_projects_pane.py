"""The Projects pane driven through the real app (Pilot) on a real SQLite file."""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from textual.widgets import Input, OptionList, Select, Static

from officer_tui.models.enums import LinkKind, TrafficLight
from officer_tui.ui.app import OfficerApp
from officer_tui.ui.screens.project_dialogs import LinkScreen, TrafficScreen
from officer_tui.ui.screens.project_form import ProjectFormScreen
from officer_tui.ui.screens.projects import ProjectsScreen
from officer_tui.ui.screens.synergies import SynergyScreen
from officer_tui.ui.widgets.detail_panel import DetailPanel
from officer_tui.ui.widgets.portfolio_tree import PortfolioTree
from officer_tui.ui.widgets.virtual_table import VirtualTable
from tests.portfolio_fixtures import make_portfolio
from tests.ui.helpers import press_until, settle, wait_until

SIZE = (130, 40)


@pytest.fixture
def p(database):
    with database.session() as session:
        return make_portfolio(session)


def detail_of(database, project_id: int):
    from officer_tui.services import projects

    with database.session() as session:
        return projects.project_detail(session, project_id)


async def open_pane(pilot) -> ProjectsScreen:
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, ProjectsScreen) and app.screen._loaded_once,
                     what="the Projects pane")
    return app.screen


def table(screen) -> VirtualTable:
    return screen.query_one(VirtualTable)


async def select_row(pilot, screen, project_id: int) -> None:
    await press_until(pilot, "down", lambda: table(screen).cursor_key == project_id,
                      what=f"project {project_id} under the cursor")


def panel_text(screen) -> str:
    """What the detail panel shows, as plain text."""
    console = Console(width=200, record=True, file=io.StringIO())
    for static in screen.query_one(DetailPanel).query(Static):
        console.print(static.content)
    return console.export_text()


async def choose(pilot, select_id: str, label: str) -> None:
    select = pilot.app.screen.query_one(f"#{select_id}", Select)
    select.focus()
    await pilot.press("enter")
    for character in label:
        await pilot.press(character)
    await pilot.press("enter")
    await settle(pilot)


async def test_list_and_detail(db_url, p):
    app = OfficerApp(db_url, first_pane="projects")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_pane(pilot)
        assert table(screen).row_count == 4
        assert table(screen).cursor_key == p["lending"]  # off track first
        await select_row(pilot, screen, p["collection"])
        await wait_until(pilot, lambda: "Miriam Osterkamp" in panel_text(screen), what="the detail")
        text = panel_text(screen)
        assert "⚠ at risk" in text and "Fotograf fällt aus" in text and "L3 Daten offen" in text


async def test_create_a_project_from_the_form(db_url, database, p):
    app = OfficerApp(db_url, first_pane="projects")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_pane(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ProjectFormScreen)
        assert form.focused is form.query_one("#title", Input)
        await pilot.press(*"Musikschul-App")
        await choose(pilot, "unit", "Stadtbib")
        form.query_one("#amount", Input).value = "-3"
        form.query_one("#start", Input).value = "2026-05-01"
        form.query_one("#end", Input).value = "2026-04-01"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: form.query_one("#end-error", Static).has_class("-shown"),
                         what="the date error")
        assert form.query_one("#amount-error", Static).has_class("-shown")
        form.query_one("#amount", Input).value = "12000"
        form.query_one("#end", Input).value = "2026-12-31"
        form.query_one("#field", Input).value = "Teilhabe"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is screen, what="the form to close")
        await wait_until(pilot, lambda: table(screen).row_count == 5, what="the new row")
    from officer_tui.services import projects

    with database.session() as session:
        rows = projects.list_projects(session)
    new = next(row for row in rows if row.title == "Musikschul-App")
    assert (new.unit_name, new.funding_amount, new.field_of_action) == ("Stadtbibliothek", 12_000, "Teilhabe")


async def test_set_the_traffic_light(db_url, database, p):
    app = OfficerApp(db_url, first_pane="projects")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_pane(pilot)
        await select_row(pilot, screen, p["twin"])
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TrafficScreen)
        dialog = app.screen
        dialog.query_one("#light-off_track").value = True
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert dialog.query_one("#traffic-note-error", Static).has_class("-shown")  # note needed
        dialog.query_one("#traffic-note", Input).value = "Kein Personal"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: detail_of(database, p["twin"]).project.traffic_light
                         == TrafficLight.OFF_TRACK, what="the light saved")
        assert detail_of(database, p["twin"]).project.traffic_note == "Kein Personal"


async def test_link_two_projects(db_url, database, p):
    app = OfficerApp(db_url, first_pane="projects")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_pane(pilot)
        await select_row(pilot, screen, p["photos"])
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, LinkScreen)
        await pilot.press(*"Sammlung Online")
        await wait_until(pilot, lambda: dialog.query_one(OptionList).option_count == 1, what="one match")
        await pilot.press("enter")  # to the matches
        await pilot.press("enter")  # choose the match: on to the kind
        await settle(pilot)
        dialog.query_one("#kind-depends_on").value = True
        dialog.query_one("#link-note", Input).value = "braucht die Plattform"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: detail_of(database, p["photos"]).links, what="the link")
        await wait_until(pilot, lambda: f"depends on #{p['collection']}" in panel_text(screen),
                         what="the link in the detail")
    link = detail_of(database, p["collection"]).links[0]
    assert (link.kind, link.outgoing, link.other_id) == (LinkKind.DEPENDS_ON, False, p["photos"])


async def test_grouped_view_shows_counts_and_opens_projects(db_url, p):
    app = OfficerApp(db_url, first_pane="projects")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_pane(pilot)
        await pilot.press("v")
        tree = screen.query_one(PortfolioTree)
        await wait_until(pilot, lambda: len(tree.root.children) == 2, what="two fields of action")
        daten = tree.root.children[0]
        assert str(daten.label).startswith("Daten · 3 projects · €45,000 funded · €28,000 applied for")
        assert tree.has_focus
        await pilot.press("enter")  # unfold "Daten"
        await settle(pilot)
        phases = [str(node.label) for node in daten.children]
        assert phases[0].startswith("in implementation · 1 project · €45,000 funded")
        assert phases[1].startswith("planned · 2 projects")
        await pilot.press("down", "enter")  # unfold "in implementation"
        await wait_until(pilot, lambda: daten.children[0].children
                         and daten.children[0].children[0].data == p["collection"], what="its projects")
        await pilot.press("down")
        await wait_until(pilot, lambda: "Miriam Osterkamp" in panel_text(screen), what="the detail")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ProjectFormScreen)
        assert app.screen.project_id == p["collection"]


async def test_confirm_a_synergy_candidate(db_url, database, p):
    app = OfficerApp(db_url, first_pane="projects")
    async with app.run_test(size=SIZE) as pilot:
        await open_pane(pilot)
        await pilot.press("y")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, SynergyScreen)
        await wait_until(pilot, lambda: dialog.loaded, what="the candidates")
        best = dialog.candidates[0]
        assert {best.a_id, best.b_id} == {p["collection"], p["photos"]}
        await pilot.press("y")
        await wait_until(pilot, lambda: detail_of(database, p["photos"]).links, what="the synergy link")
        await wait_until(pilot, lambda: all({c.a_id, c.b_id} != {best.a_id, best.b_id}
                                            for c in dialog.candidates), what="the pair gone")
        link = detail_of(database, p["photos"]).links[0]
        assert link.kind == LinkKind.SYNERGY and "Daten" in link.note
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ProjectsScreen)


async def test_german_pane_smoke(db_url, p, german):
    app = OfficerApp(db_url, first_pane="projects")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_pane(pilot)
        assert table(screen).row_count == 4
        await pilot.press("v")
        await settle(pilot)
        assert len(screen.query_one(PortfolioTree).root.children) == 2
        await pilot.press("question_mark")
        await settle(pilot)
        assert type(app.screen).__name__ == "HelpScreen"


async def test_unchanged_form_closes_with_one_escape_and_phase_picker(db_url, database, p):
    app = OfficerApp(db_url, first_pane="projects")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_pane(pilot)
        await select_row(pilot, screen, p["twin"])
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ProjectFormScreen)
                         and app.screen._snapshot is not None, what="the loaded form")
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("p")
        await settle(pilot)
        await press_until(pilot, "down", lambda: app.screen.query_one(OptionList).highlighted == 4,
                          what="on hold")
        await pilot.press("enter")
        await wait_until(pilot, lambda: detail_of(database, p["twin"]).project.phase.value == "on_hold",
                         what="the phase saved")
