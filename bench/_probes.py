"""Measurements run in a fresh interpreter each (start-up counts). Prints one JSON object.

    python bench/_probes.py officer DB_URL      the officer app on that database
    python bench/_probes.py bare ROWS           a bare Textual app with the same widgets

``BENCH_T0`` (the parent's time.time() just before starting us) marks "the user pressed
enter": every figure includes interpreter start-up and imports, as a user experiences them.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time

T0 = float(os.environ.get("BENCH_T0", time.time()))
SIZE = (120, 40)


def rss_mib() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


async def wait_for(condition, timeout: float = 60.0) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("condition not reached")
        await asyncio.sleep(0.002)


async def probe_officer(db_url: str) -> dict:
    from officer_tui import i18n

    i18n.setup("en")
    from officer_tui.ui.app import OfficerApp

    app = OfficerApp(db_url)
    result: dict = {}
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        result["shell_frame_s"] = time.time() - T0

        def pane_ready() -> bool:
            screen = app.screen
            return type(screen).__name__ == "RequestsScreen" and getattr(screen, "_loaded_once", False)

        def welcome_or_ready() -> bool:
            return type(app.screen).__name__ == "WelcomeScreen" or pane_ready()

        await wait_for(welcome_or_ready)
        if type(app.screen).__name__ == "WelcomeScreen":  # empty database: "start empty"
            await pilot.press("e")
        await wait_for(pane_ready)
        await pilot.pause()
        result["first_frame_s"] = time.time() - T0
        screen = app.screen
        result["rows"] = screen.table.row_count

        from officer_tui.models.views import RequestFilter

        timings = []
        for text in ("drucker", "wlan", "zugang", "scanner", "lizenz"):
            generation = screen.table.generation
            started = time.perf_counter()
            screen.filters = RequestFilter(text=text)
            screen.reload()
            await wait_for(lambda g=generation: screen.table.generation != g)
            await pilot.pause()
            timings.append(time.perf_counter() - started)
        result["filter_s"] = sorted(timings)[len(timings) // 2]
        result["rss_mib"] = rss_mib()
    return result


async def probe_bare(rows: int) -> dict:
    """The same widgets without officer: a top bar, a summary, a line-API list, a footer."""
    from rich.segment import Segment
    from textual.app import App, ComposeResult
    from textual.geometry import Size
    from textual.scroll_view import ScrollView
    from textual.strip import Strip
    from textual.widgets import Footer, Static

    data = [
        (f"{i % 125:>3}", f"{i % 90}d", "normal", "new", "Stadtmuseum", f"Drucker im Foyer defekt {i}", "")
        for i in range(rows)
    ]

    class Lines(ScrollView, can_focus=True):
        def __init__(self) -> None:
            super().__init__()
            self.lines = data
            self.virtual_size = Size(100, len(self.lines) + 1)

        def show(self, lines: list) -> None:
            self.lines = lines
            self.virtual_size = Size(100, len(lines) + 1)
            self.refresh()

        def render_line(self, y: int) -> Strip:
            index = int(self.scroll_offset.y) + y
            if index >= len(self.lines):
                return Strip.blank(self.size.width)
            return Strip([Segment("  ".join(self.lines[index]))]).crop(0, self.size.width)

    class Bare(App):
        def compose(self) -> ComposeResult:
            yield Static("officer")
            yield Static(f"{rows} rows")
            yield Lines()
            yield Footer()

    app = Bare()
    result: dict = {}
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        result["first_frame_s"] = time.time() - T0
        result["shell_frame_s"] = result["first_frame_s"]
        lines = app.query_one(Lines)
        timings = []
        for text in ("drucker", "wlan", "zugang", "scanner", "lizenz"):
            started = time.perf_counter()
            lines.show([row for row in data if text in row[5].lower()])
            await pilot.pause()
            timings.append(time.perf_counter() - started)
        result["filter_s"] = sorted(timings)[len(timings) // 2]
        result["rss_mib"] = rss_mib()
    return result


def main() -> None:
    kind, argument = sys.argv[1], sys.argv[2]
    if kind == "officer":
        result = asyncio.run(probe_officer(argument))
    else:
        result = asyncio.run(probe_bare(int(argument)))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
