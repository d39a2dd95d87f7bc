"""Hostile text in the app (Pilot): markup, ESC sequences and right-to-left marks in stored
records are shown literally in every pane's list and detail, in the search results and in
notifications; the app neither styles them nor reacts to ``[@click=...]``. Typing such text into
the capture dialog saves it and shows it back literally."""

from __future__ import annotations

from datetime import date, time

import pytest
from sqlalchemy import select, text

from officer_tui.ui.app import OfficerApp
from tests.conftest import TODAY
from tests.ui.helpers import settle, wait_until

SIZE = (220, 50)
# Literal text that markup would swallow: tags, an action link, a hyperlink, an RTL override.
MARK = "[bold]B[/bold] [@click=app.quit]Q[/] [link=file:///etc/passwd]L[/link]"
RTL = "\u200fעברית"
SHOWN = {
    "requests": f"Drucker {MARK}",
    "ideas": f"Idee {MARK}",
    "projects": f"Projekt {MARK}",
    "meetings": f"Treffen {MARK}",
    "training": f"Kurs {MARK}",
    "contacts": f"Anna [red]Rot[/red] {RTL}",
}


@pytest.fixture
def hostile_office(database):
    from officer_tui.models.enums import RecordKind
    from officer_tui.services import (
        contacts,
        followups,
        ideas,
        meeting_agenda,
        meetings,
        projects,
        requests,
        trainings,
        units,
    )

    with database.session() as session:
        unit = units.create_unit(session, data={"name": "Haus [b]X[/b]", "kind": "museum"})
        person = contacts.create_contact(session, data={
            "name": SHOWN["contacts"], "unit_id": unit.id, "notes": f"Notiz {MARK}\n{RTL}"})
        request = requests.create_request(session, data={
            "title": SHOWN["requests"], "unit_id": unit.id, "requester_id": person.id,
            "description": f"Beschreibung {MARK}\nZeile {RTL}"})
        old = requests.create_request(session, data={"title": "Alt", "unit_id": unit.id})
        ideas.create_idea(session, data={"title": SHOWN["ideas"], "unit_id": unit.id,
                                         "description": f"Text {MARK}"})
        projects.create_project(session, data={"title": SHOWN["projects"],
                                               "owner_unit_id": unit.id})
        meeting = meetings.add_meeting(session, data={
            "title": SHOWN["meetings"], "held_on": TODAY, "start_time": time(10),
            "place": f"Raum {MARK}"})
        meeting_agenda.add_item(session, meeting_id=meeting.id,
                                data={"title": f"Punkt {MARK}"})
        trainings.add_programme(session, data={"title": SHOWN["training"],
                                               "description": f"Inhalt {MARK}"})
        followups.add_followup(session, data={
            "title": f"Nachfassen {MARK}", "due_on": date(2026, 3, 3),
            "subject_kind": RecordKind.REQUEST, "subject_id": request.id})
        # Older data (before the text policy) may still hold control characters.
        session.execute(text("UPDATE request SET title = :t WHERE id = :id"),
                        {"t": "Alt\x1b[2J\x1b[31m rot\x07", "id": old.id})
        session.commit()
    return {"request": request.id, "old": old.id, "contact": person.id}


def screen_text(app) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


KEYS = {"today": "1", "requests": "2", "ideas": "3", "projects": "4", "meetings": "5",
        "training": "6", "contacts": "7"}


async def show_pane(pilot, mode: str) -> str:
    """Switch panes as people do (the digit keys) and wait until the pane has loaded."""
    app = pilot.app
    await pilot.press(KEYS[mode])
    await wait_until(pilot, lambda: app.current_mode == mode
                     and getattr(app.screen, "_loaded_once", True), what=mode)
    await settle(pilot)
    return screen_text(app)


async def started(pilot) -> None:
    app = pilot.app
    await wait_until(pilot, lambda: app.current_mode == "requests"
                     and getattr(app.screen, "_loaded_once", False), what="the Requests pane")


async def test_every_pane_shows_hostile_titles_literally(db_url, database, hostile_office):
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        for mode, title in SHOWN.items():
            shown = await show_pane(pilot, mode)
            literal = title.split(" [link=")[0]  # long titles are cut with "…" in lists
            assert "\x1b" not in shown and "\x07" not in shown
            if mode == "requests":  # the older row with ESC sequences comes first
                assert "Alt[2J[31m rot" in shown
                await pilot.press("down")
                await settle(pilot)
                shown = screen_text(app)
            # The list and the detail (contacts: the list; the detail opens on enter).
            assert shown.count(literal) >= (1 if mode == "contacts" else 2), (mode, shown)
        assert app.is_running


async def test_search_results_show_hostile_titles_literally(db_url, database, hostile_office):
    from officer_tui.ui.screens.search import SearchScreen

    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+f")
        await wait_until(pilot, lambda: isinstance(app.screen, SearchScreen), what="search")
        await pilot.press(*"Drucker")
        await wait_until(pilot, lambda: "Drucker [bold]B[/bold]" in screen_text(app),
                         what="the hit shown literally")
        await pilot.press(*' NEAR( "*')  # FTS5 syntax typed by hand: no crash
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen) and app.is_running


async def test_typed_hostile_text_is_saved_and_shown_back_literally(db_url, database,
                                                                    hostile_office):
    from officer_tui.models.request import Request
    from officer_tui.ui.screens.capture import CaptureScreen
    from officer_tui.ui.screens.requests import RequestsScreen

    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, RequestsScreen)
                         and app.screen._loaded_once, what="the pane")
        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(app.screen, CaptureScreen)
                         and app.screen.choices, what="the capture dialog")
        typed = "Anfrage Haus: Fehler [red]rot[/red] [@click=app.quit]x[/] %s {0} עברית"
        await pilot.press(*typed)
        await settle(pilot)
        assert "Fehler [red]rot[/red] [@click=app.quit]x[/] %s {0}" in screen_text(app)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, RequestsScreen), what="the pane")
        await settle(pilot)
        with database.session() as session:
            titles = set(session.execute(select(Request.title)).scalars())
        title = "Fehler [red]rot[/red] [@click=app.quit]x[/] %s {0} עברית"
        assert title in titles
        assert any(title in str(note.message) for note in app._notifications)
        await wait_until(pilot, lambda: screen_text(app).count(title[:30]) >= 2,
                         what="the new request in the list and its detail")
        assert app.is_running


async def test_today_and_the_detail_screens_show_hostile_text_literally(db_url, database,
                                                                       hostile_office):
    from officer_tui.ui.screens.contact_detail import ContactDetailScreen
    from officer_tui.ui.screens.meeting_detail import MeetingDetailScreen

    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        shown = await show_pane(pilot, "today")
        assert "Nachfassen [bold]B[/bold] [@click=app.quit]Q[/]" in shown, shown

        await show_pane(pilot, "meetings")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, MeetingDetailScreen),
                         what="the meeting")
        await settle(pilot)
        shown = screen_text(app)
        for literal in ("Treffen [bold]B[/bold] [@click=app.quit]Q[/]",
                        "Raum [bold]B[/bold]", "Punkt [bold]B[/bold] [@click=app.quit]Q[/]"):
            assert literal in shown, (literal, shown)
        await pilot.press("escape")
        await settle(pilot)

        await show_pane(pilot, "contacts")
        app.push_screen(ContactDetailScreen(hostile_office["contact"]))
        await wait_until(pilot, lambda: isinstance(app.screen, ContactDetailScreen),
                         what="the contact")
        await settle(pilot)
        shown = screen_text(app)
        for literal in ("Anna [red]Rot[/red]", "Notiz [bold]B[/bold] [@click=app.quit]Q[/]"):
            assert literal in shown, (literal, shown)
        assert app.is_running


async def test_the_request_form_saves_hostile_text_and_shows_it_back(db_url, database,
                                                                     hostile_office):
    from textual.widgets import Input, TextArea

    from officer_tui.models.request import Request
    from officer_tui.ui.screens.request_form import RequestFormScreen
    from officer_tui.ui.screens.requests import RequestsScreen

    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, RequestFormScreen), what="form")
        form = app.screen
        title = "  Formular [b]fett[/b] [@click=app.quit]x[/] '; drop table request;-- {name}  "
        await pilot.press(*title)
        form.query_one("#description", TextArea).text = "Zeile [red]1[/red]\r\nZeile 2\x1b[2J"
        form.query_one("#category", Input).value = "[link=file:///etc/passwd]Kat[/link]\x00"
        unit = pilot.app.screen.query_one("#unit")
        unit.focus()
        await pilot.press("enter", *"Haus", "enter")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, RequestsScreen), what="saved")
        await settle(pilot)
        with database.session() as session:
            saved = session.execute(select(Request).order_by(Request.id.desc())).scalars().first()
        assert saved.title == title.strip()
        assert saved.description == "Zeile [red]1[/red]\nZeile 2[2J"
        assert saved.category == "[link=file:///etc/passwd]Kat[/link]"
        shown = screen_text(app)
        assert "Formular [b]fett[/b] [@click=app.quit]x[/]" in shown, shown
        assert app.is_running
