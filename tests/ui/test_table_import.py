"""Import requests and contacts from a spreadsheet in the app: opened from the palette, a file
read, the guessed mapping and the preview shown, the mapping changed, imported, the pane reloaded."""

from __future__ import annotations

import pytest
from textual.command import CommandPalette
from textual.widgets import DataTable, Input, Select, Static

from officer_tui.ui.app import OfficerApp
from officer_tui.ui.screens.contacts import ContactsScreen
from officer_tui.ui.screens.requests import RequestsScreen
from officer_tui.ui.screens.table_import import TableImportScreen
from officer_tui.ui.widgets.virtual_table import VirtualTable
from tests.ui.helpers import settle, wait_until

SIZE = (120, 40)


@pytest.fixture
def office(database):
    from officer_tui.services import units

    with database.session() as session:
        units.create_unit(session, data={"name": "Stadtbibliothek", "kind": "library"})
        units.create_unit(session, data={"name": "Stadtmuseum", "kind": "museum"})


@pytest.fixture
def sheet(tmp_path):
    path = tmp_path / "anfragen.csv"
    path.write_bytes(("Titel;Bereich;Eingang;Priorität;Notiz\n"
                      "Drucker im Lesesaal;Stadtbibliothek;02.03.2026;hoch;Papierstau\n"
                      "Beamer;Stadtmusem;01.03.2026;;\n"
                      "Drucker im Lesesaal;Stadtbibliothek;02.03.2026;;\n").encode("cp1252"))
    return path


def text_of(widget: Static) -> str:
    return str(widget.render())


async def open_from_palette(pilot, words: str) -> TableImportScreen:
    app = pilot.app
    await pilot.press("ctrl+p")
    await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette), what="the palette")
    await pilot.press(*words)
    await settle(pilot)
    await pilot.pause(0.3)  # the palette gathers its hits in the background
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(app.screen, TableImportScreen), what="the import")
    return app.screen


async def read(pilot, dialog: TableImportScreen, path) -> None:
    dialog.query_one("#table-path", Input).value = str(path)
    dialog.query_one("#table-path", Input).focus()
    await pilot.press("enter")
    await wait_until(pilot, lambda: dialog.preview is not None and not dialog._busy,
                     what="the preview")


async def test_requests_from_a_spreadsheet_land_in_the_list(db_url, database, office, sheet):
    app = OfficerApp(db_url, first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, RequestsScreen)
                         and app.screen._loaded_once, what="the Requests pane")
        pane = app.screen
        dialog = await open_from_palette(pilot, "Import requests from")
        assert dialog.kind == "requests"
        assert dialog.check_action("confirm", ()) is None  # nothing to import yet
        await read(pilot, dialog, sheet)
        assert dialog.query_one("#map-title", Select).value == 0  # guessed from "Titel"
        assert dialog.query_one("#map-priority", Select).value == 3  # "Priorität" from cp1252
        table = dialog.query_one("#table-preview", DataTable)
        assert table.row_count == 3
        first = [str(cell) for cell in table.get_row_at(0)]  # errors first
        assert first[0].strip() == "3" and "column 'Bereich'" in first[3]
        assert "did you mean: Stadtmuseum" in first[3]
        assert "duplicate" in str(table.get_row_at(1)[3]) and "new" in str(table.get_row_at(2)[3])
        summary = text_of(dialog.query_one("#table-summary", Static))
        assert "3 lines: 1 new · 1 duplicate · 1 line with an error is skipped" in summary
        # The user maps the note as the description: the preview follows.
        dialog.query_one("#map-description", Select).value = 4
        await wait_until(pilot, lambda: dialog.preview is not None and not dialog._busy
                         and dialog.preview.mapping.get("description") == 4, what="a new preview")
        with database.session() as session:
            from officer_tui.services import requests

            assert requests.count_requests(session) == 0  # nothing before the confirmation
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is pane and pane.query_one(VirtualTable).row_count == 1,
                         what="the imported request in the list")
        assert pane.query_one(VirtualTable).row_at(0).key is not None
        assert any("1 request imported, 1 duplicate skipped, 1 line with an error skipped"
                   in str(n.message) for n in app._notifications)
        with database.session() as session:
            from sqlmodel import select

            from officer_tui.models.request import Request

            [request] = session.exec(select(Request)).all()
            assert (request.title, request.description) == ("Drucker im Lesesaal", "Papierstau")


async def test_contacts_import_and_a_bad_file_named_under_the_path(db_url, database, office, tmp_path):
    bad = tmp_path / "alt.csv"
    bad.write_bytes("Name;Bereich\nFührung;Stadtmuseum\n".encode().decode("cp1252").encode())
    good = tmp_path / "kontakte.csv"
    good.write_text("Vorname;Nachname;E-Mail;Bereich\nAnna;Albers;anna@example.org;Stadtmuseum\n",
                    encoding="utf-8")
    app = OfficerApp(db_url, first_pane="contacts")
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ContactsScreen), what="the pane")
        pane = app.screen
        app.open_tool("table_import", "TableImportScreen", kind="contacts")
        await wait_until(pilot, lambda: isinstance(app.screen, TableImportScreen), what="the import")
        dialog = app.screen
        dialog.query_one("#table-path", Input).value = str(bad)
        await pilot.press("enter")
        await wait_until(pilot, lambda: dialog.query_one("#table-path-error").has_class("-shown"),
                         what="the file error")
        assert "garbled umlauts" in text_of(dialog.query_one("#table-path-error", Static))
        assert dialog.preview is None and dialog.check_action("confirm", ()) is None
        await read(pilot, dialog, good)
        assert dialog.preview.new == 1
        table = dialog.query_one("#table-preview", DataTable)
        table.focus()
        await pilot.press("enter")  # Enter in the preview imports
        await wait_until(pilot, lambda: app.screen is pane, what="back in the pane")
        with database.session() as session:
            from officer_tui.services import contacts

            assert [c.name for c in contacts.list_contacts(session)] == ["Anna Albers"]
