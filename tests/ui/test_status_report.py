"""The status report screen through the real app: opened from the palette, the report of the
last 30 days, a new period typed in German, a bad period refused in place, saved as a private
file in the exports folder, Esc closes."""

from __future__ import annotations

from datetime import date

import pytest
from textual.command import CommandPalette
from textual.widgets import Input, Static

from officer_tui.paths import data_dir
from officer_tui.ui.app import OfficerApp
from officer_tui.ui.screens.status_report import StatusReportScreen
from officer_tui.ui.widgets.markdown_notes import MarkdownNotes
from tests.ui.helpers import settle, wait_until

SIZE = (120, 36)


@pytest.fixture
def office(database):
    from officer_tui.models.enums import MeetingKind, OutcomeKind
    from officer_tui.services import meetings, requests, units

    with database.session() as session:
        library = units.create_unit(session, data={"name": "Stadtbibliothek",
                                                   "kind": "library"}).id
        requests.create_request(session, data={"title": "WLAN", "unit_id": library,
                                               "received_on": date(2026, 2, 20)})
        for held_on, decision in ((date(2026, 2, 12), "Angebot B nehmen"),
                                  (date(2025, 10, 8), "Budget [bold]freigegeben[/bold]")):
            meeting = meetings.add_meeting(session, data={
                "title": "Jour fixe", "kind": MeetingKind.JOUR_FIXE, "held_on": held_on})
            item = meetings.add_item(session, meeting_id=meeting.id, data={"title": "Punkt"})
            meetings.add_outcome(session, item_id=item.id, kind=OutcomeKind.DECISION,
                                 text=decision)


def report(app) -> MarkdownNotes:
    return app.screen.query_one("#report-text", MarkdownNotes)


def shown(app) -> str:
    view = report(app)
    return view.rendered_text() if view.complete else ""


async def open_from_palette(pilot, app) -> None:
    await pilot.press("ctrl+p")
    await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette), what="the palette")
    await pilot.press(*"Status report")
    await settle(pilot)
    await pilot.pause(0.3)  # the palette gathers its hits in the background
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(app.screen, StatusReportScreen), what="the screen")


async def test_palette_period_and_save(db_url, office):
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_from_palette(pilot, app)
        screen = app.screen
        await wait_until(pilot, lambda: "Status report digitalisation" in shown(app),
                         what="the report")
        assert screen.query_one("#report-from", Input).value == "2026-02-01"
        assert screen.query_one("#report-to", Input).value == "2026-03-02"
        assert "Angebot B nehmen" in shown(app)
        assert "freigegeben" not in shown(app)

        # Another period, typed the German way: the report follows.
        await pilot.press("p")
        assert screen.query_one("#report-from", Input).has_focus
        await pilot.press(*"1.10.2025", "tab")
        await pilot.press(*"31.10.2025", "enter")
        await wait_until(pilot, lambda: "Period: 2025-10-01 to 2025-10-31" in shown(app),
                         what="the October report")
        text = shown(app)
        assert "Budget [bold]freigegeben[/bold]" in text  # shown literally, never as markup
        assert "Angebot B nehmen" not in text
        assert report(app).has_focus, app.focused  # s saves, arrows scroll

        await pilot.press("s")
        path = data_dir() / "exports" / "status-report-2025-10-01-2025-10-31.md"
        await wait_until(pilot, path.exists, what="the saved file")
        assert oct(path.stat().st_mode & 0o777) == "0o600"
        saved = path.read_text(encoding="utf-8")
        assert saved.startswith("# Status report digitalisation")
        assert "Budget [bold]freigegeben[/bold]" in saved

        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, StatusReportScreen),
                         what="the screen to close")


async def test_a_bad_period_is_refused_in_place(db_url, office):
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(StatusReportScreen())
        await wait_until(pilot, lambda: isinstance(app.screen, StatusReportScreen)
                         and "Status report digitalisation" in shown(app), what="the report")
        screen = app.screen
        before = screen.text
        await pilot.press("p")
        await pilot.press(*"5.3.2026", "tab", *"1.3.2026", "enter")
        await settle(pilot)
        error = screen.query_one("#report-error", Static)
        assert error.has_class("-shown")
        assert "To: 2026-03-01 is before the first day, 2026-03-05" in str(error.render())
        to_field = screen.query_one("#report-to", Input)
        assert to_field.has_class("-invalid") and to_field.has_focus
        assert screen.text == before and screen.shown == (date(2026, 2, 1), date(2026, 3, 2))

        # Typing a good date replaces the bad one (it is selected) and clears the error.
        await pilot.press(*"31.3.2026", "enter")
        await wait_until(pilot, lambda: "Period: 2026-03-05 to 2026-03-31" in shown(app),
                         what="the new report")
        assert not error.has_class("-shown") and not to_field.has_class("-invalid")
