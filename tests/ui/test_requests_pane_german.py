"""The Requests pane in German: capture, triage and filter as a German-speaking officer sees them."""

from __future__ import annotations

from datetime import date

from textual.widgets import Input, Static

from officer_tui.models.enums import Priority, RequestStatus
from officer_tui.ui.app import OfficerApp
from officer_tui.ui.screens.pickers import PickScreen
from officer_tui.ui.screens.request_form import RequestFormScreen
from officer_tui.ui.screens.requests import RequestsScreen
from tests.ui.helpers import press_until, settle, wait_until
from tests.ui.test_requests_pane import (
    SIZE,
    choose,
    listed_ids,
    office,
    open_pane,
    select_row,
    stored,
)

__all__ = ["office"]  # the fixture, shared with the English tests


def rendered(widget) -> str:
    return str(widget.render())


async def test_german_list_capture_triage_and_filter(german, db_url, database, office):
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_pane(pilot)
        assert "2 offene Anfragen" in rendered(screen.query_one("#summary", Static))
        assert "Sortierung: Dringlichkeit" in rendered(screen.query_one("#summary", Static))

        # Capture: German labels, German dates, German inline errors.
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, RequestFormScreen)
        assert "Neue Anfrage" in rendered(form.query_one(".form-title", Static))
        assert form.query_one("#received", Input).value == "02.03.2026"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "darf nicht leer sein" in rendered(form.query_one("#title-error", Static))
        assert "bitte einen Bereich wählen" in rendered(form.query_one("#unit-error", Static))
        await pilot.press(*"Beamer im Vortragssaal")
        await choose(pilot, "unit", "Stadtmus")
        form.query_one("#due", Input).value = "31.04.2026"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "kein existierendes Datum" in rendered(form.query_one("#due-error", Static))
        form.query_one("#due", Input).value = "30.04.2026"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, RequestsScreen), what="the form to close")
        await settle(pilot)
        known = {office["printer"], office["wifi"], office["old"]}
        (new_id,) = [i for i in listed_ids(screen) if i not in known]
        request = stored(database, new_id)
        assert request.title == "Beamer im Vortragssaal"
        assert request.due_on == date(2026, 4, 30)

        # Triage: the priority picker speaks German.
        await select_row(pilot, screen, new_id)
        await pilot.press("p")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, PickScreen)
        labels = [str(option.prompt) for option in picker.query_one("OptionList").options]
        assert labels[0].endswith("dringend") and labels[1].endswith("hoch")
        await press_until(pilot, "down", lambda: picker.query_one("OptionList").highlighted == 1,
                          what="'hoch' highlighted")
        await pilot.press("enter")
        await settle(pilot)
        request = stored(database, new_id)
        assert request.priority == Priority.HIGH
        assert request.status == RequestStatus.TRIAGED

        # Filter: umlaut-blind free text, German summary.
        await pilot.press("slash")
        await settle(pilot)
        await pilot.press(*"muller")
        await wait_until(pilot, lambda: listed_ids(screen) == [office["printer"]], what="text filter")
        summary = rendered(screen.query_one("#summary", Static))
        assert "1 Anfrage passt" in summary
        assert "„muller“" in summary
