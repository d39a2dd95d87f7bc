"""The import dialog takes an export of an older version (schema 0004): it says so, then
upgrades and restores it."""

from __future__ import annotations

import json

from textual.widgets import Static

from officer_tui.ui.app import OfficerApp
from officer_tui.ui.screens.welcome import WelcomeScreen
from tests.conftest import TODAY
from tests.ui.helpers import wait_until
from tests.ui.test_exchange import SIZE, count_rows, open_tool, read_file, text_of


async def test_an_older_export_is_upgraded_and_restored(database, tmp_path):
    from officer_tui.services.exchange import export_json
    from officer_tui.services.seed import seed_demo

    with database.session() as session:
        seed_demo(session, today=TODAY)
        export_json(session, path=tmp_path / "current.json")
    requests = count_rows(database, "request")
    data = json.loads((tmp_path / "current.json").read_text(encoding="utf-8"))
    data["schema"] = "0004"
    for key in ("tables", "counts"):  # 0004 had no change history
        data[key].pop("change", None)
    for rows in data["tables"].values():
        for row in rows:
            row.pop("uid", None)  # association tables have none
    old = tmp_path / "old-laptop.json"
    old.write_text(json.dumps(data), encoding="utf-8")

    app = OfficerApp(f"sqlite:///{tmp_path / 'new-laptop.db'}", first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, WelcomeScreen), what="the welcome")
        screen = await open_tool(pilot, "ImportScreen")
        await read_file(pilot, screen, old)
        assert not screen.query_one("#import-error").has_class("-shown")
        header = text_of(screen, "#import-header")
        assert "schema 0004" in header and "older version" in header and "upgraded" in header

        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: screen.result is not None
                         or screen.query_one("#import-error").has_class("-shown"),
                         what="the import")
        assert screen.result is not None, str(screen.query_one("#import-error", Static).render())
        total = sum(data["counts"].values())
        assert f"Imported: {total:,} new, 0 updated" in text_of(screen, "#import-summary")
        assert count_rows(app.database, "request") == requests
