"""Measurements run in a fresh interpreter each (start-up counts). Prints one JSON object.

    python bench/_probes.py officer DB_URL      the officer app on that database
    python bench/_probes.py contacts DB_URL     the officer app opened on the Contacts pane
    python bench/_probes.py ideas DB_URL        the officer app opened on its Ideas pane
    python bench/_probes.py today DB_URL        the officer app opened on its Today pane
    python bench/_probes.py search DB_URL       search everything (the service), typical words and prefixes
    python bench/_probes.py bare ROWS           a bare Textual app with the same widgets

``BENCH_T0`` (the parent's time.time() just before starting us) marks "the user pressed
enter": every figure includes interpreter start-up and imports, as a user experiences them.
A frame counts as shown when Textual has refreshed the screen after it (``call_after_refresh``).
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time

T0 = float(os.environ.get("BENCH_T0", time.time()))
SIZE = (120, 40)
FILTERS = ("drucker", "wlan", "zugang", "scanner", "lizenz")
SEARCHES = ("drucker", "museum", "drucker foyer", "müller", "lizenz", "#123")
PREFIXES = ("dr", "ma", "st", "be", "de", "ki", "mu")


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
        await asyncio.sleep(0.001)


async def past_welcome(app, pilot, ready) -> None:
    """Wait until ``ready()``; on an empty database answer the first-start dialog with "start empty"."""
    await wait_for(lambda: type(app.screen).__name__ == "WelcomeScreen" or ready())
    if type(app.screen).__name__ == "WelcomeScreen":
        await pilot.press("e")
    await wait_for(ready)


class Stamp:
    """Times taken on the app's own thread, after the refresh that shows a frame."""

    def __init__(self) -> None:
        self.at: float | None = None

    def set(self) -> None:
        self.at = time.time()

    def after_refresh(self, widget) -> None:
        self.at = None
        widget.call_after_refresh(self.set)


async def median_filter_time(app, screen, frame, make_filter, texts) -> float:
    """Set each filter on a settled pane (the last one's detail shown, as when a person types
    a word and reads the result); the median time until the new rows are on screen."""
    timings = []
    for text in texts:
        await app.workers.wait_for_complete()
        await asyncio.sleep(0.2)
        generation = screen.table.generation
        started = time.time()
        screen.filters = make_filter(text)
        screen.reload()
        await wait_for(lambda g=generation: screen.table.generation != g)
        frame.after_refresh(screen)
        await wait_for(lambda: frame.at is not None)
        timings.append(frame.at - started)
    return sorted(timings)[len(timings) // 2]


async def probe_officer(db_url: str) -> dict:
    from officer_tui import i18n

    i18n.setup("en")
    from officer_tui.ui.app import OfficerApp

    shell = Stamp()

    class Probe(OfficerApp):
        def open_database(self):  # runs after the first refresh: the first frame is up
            if shell.at is None:
                shell.set()
            return super().open_database()

    app = Probe(db_url, first_pane="requests")
    result: dict = {}
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(lambda: shell.at is not None)
        result["shell_frame_s"] = shell.at - T0

        def pane_ready() -> bool:
            screen = app.screen
            return type(screen).__name__ == "RequestsScreen" and getattr(screen, "_loaded_once", False)

        await wait_for(lambda: type(app.screen).__name__ == "WelcomeScreen" or pane_ready())
        if type(app.screen).__name__ == "WelcomeScreen":  # empty database: "start empty"
            await pilot.press("e")
        await wait_for(pane_ready)
        frame = Stamp()
        frame.after_refresh(app.screen)
        await wait_for(lambda: frame.at is not None)
        result["first_frame_s"] = frame.at - T0
        screen = app.screen
        result["rows"] = screen.table.row_count

        from officer_tui.models.views import RequestFilter

        result["filter_s"] = await median_filter_time(
            app, screen, frame, lambda text: RequestFilter(text=text), FILTERS)
        result["rss_mib"] = rss_mib()
    return result


IDEA_FILTERS = ("ausleihe", "museum", "chatbot", "podcast", "ticketing")


async def probe_ideas(db_url: str) -> dict:
    """The Ideas pane opened first (ranked by score), then filtered by text five times."""
    from officer_tui import i18n

    i18n.setup("en")
    from officer_tui.services.idea_views import IdeaFilter
    from officer_tui.ui.app import OfficerApp

    app = OfficerApp(db_url, first_pane="ideas")
    result: dict = {}
    async with app.run_test(size=SIZE) as pilot:

        def pane_ready() -> bool:
            screen = app.screen
            return type(screen).__name__ == "IdeasScreen" and getattr(screen, "_loaded_once", False)

        await past_welcome(app, pilot, pane_ready)
        frame = Stamp()
        frame.after_refresh(app.screen)
        await wait_for(lambda: frame.at is not None)
        result["first_frame_s"] = frame.at - T0
        screen = app.screen
        result["rows"] = screen.table.row_count
        result["filter_s"] = await median_filter_time(
            app, screen, frame, lambda text: IdeaFilter(text=text), IDEA_FILTERS)
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

    first = Stamp()

    class Bare(App):
        def compose(self) -> ComposeResult:
            yield Static("officer")
            yield Static(f"{rows} rows")
            yield Lines()
            yield Footer()

        def on_mount(self) -> None:
            self.call_after_refresh(first.set)

    app = Bare()
    result: dict = {}
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(lambda: first.at is not None)
        result["first_frame_s"] = first.at - T0
        result["shell_frame_s"] = result["first_frame_s"]
        lines = app.query_one(Lines)
        frame = Stamp()
        timings = []
        for text in FILTERS:
            await asyncio.sleep(0.2)
            started = time.time()
            lines.show([row for row in data if text in row[5].lower()])
            frame.after_refresh(lines)
            await wait_for(lambda: frame.at is not None)
            timings.append(frame.at - started)
        result["filter_s"] = sorted(timings)[len(timings) // 2]
        result["rss_mib"] = rss_mib()
        await pilot.pause()
    return result


PROJECT_FILTERS = ("sammlung", "wlan", "schulung", "kasse", "archiv")


async def probe_projects(db_url: str) -> dict:
    """The Projects pane (key 4) on a database with projects: first frame, filter, grouped view."""
    from officer_tui import i18n

    i18n.setup("en")
    from officer_tui.ui.app import OfficerApp

    app = OfficerApp(db_url, first_pane="projects")
    result: dict = {}
    async with app.run_test(size=SIZE) as pilot:

        def pane_ready() -> bool:
            screen = app.screen
            return type(screen).__name__ == "ProjectsScreen" and getattr(screen, "_loaded_once", False)

        await past_welcome(app, pilot, pane_ready)
        frame = Stamp()
        frame.after_refresh(app.screen)
        await wait_for(lambda: frame.at is not None)
        result["first_frame_s"] = frame.at - T0
        screen = app.screen
        result["rows"] = screen.table.row_count

        from officer_tui.services.project_views import ProjectFilter

        result["filter_s"] = await median_filter_time(
            app, screen, frame, lambda text: ProjectFilter(text=text), PROJECT_FILTERS)

        await app.workers.wait_for_complete()
        screen.filters = ProjectFilter()
        tree = screen.tree
        started = time.time()
        screen.action_toggle_view()
        await wait_for(lambda: len(tree.root.children) > 0)
        frame.after_refresh(screen)
        await wait_for(lambda: frame.at is not None)
        result["grouped_s"] = frame.at - started
        result["rss_mib"] = rss_mib()
    return result


async def probe_contacts(db_url: str) -> dict:
    """The Contacts pane (key 7) opened first: its first frame, then the losing-touch filter."""
    from officer_tui import i18n

    i18n.setup("en")
    from officer_tui.ui.app import OfficerApp

    app = OfficerApp(db_url, first_pane="contacts")
    result: dict = {}
    async with app.run_test(size=SIZE) as pilot:
        def pane_ready() -> bool:
            screen = app.screen
            return type(screen).__name__ == "ContactsScreen" and getattr(screen, "_loaded_once", False)

        await past_welcome(app, pilot, pane_ready)
        frame = Stamp()
        frame.after_refresh(app.screen)
        await wait_for(lambda: frame.at is not None)
        result["first_frame_s"] = frame.at - T0
        screen = app.screen
        result["rows"] = screen.table.row_count
        timings = []
        for _round in range(3):
            for _toggle in range(2):  # on, then off again; both count
                await app.workers.wait_for_complete()
                await asyncio.sleep(0.2)
                generation = screen.table.generation
                started = time.time()
                screen.action_toggle_losing()
                await wait_for(lambda g=generation: screen.table.generation != g)
                frame.after_refresh(screen)
                await wait_for(lambda: frame.at is not None)
                timings.append(frame.at - started)
        result["filter_s"] = sorted(timings)[len(timings) // 2]
        result["rss_mib"] = rss_mib()
    return result


MEETING_FILTERS = ("jour", "lenkung", "workshop", "netzwerk", "budget")


async def probe_meetings(db_url: str) -> dict:
    """The Meetings pane (key 5) opened first (upcoming, then past), then filtered by text."""
    from officer_tui import i18n

    i18n.setup("en")
    from officer_tui.ui.app import OfficerApp

    app = OfficerApp(db_url, first_pane="meetings")
    result: dict = {}
    async with app.run_test(size=SIZE) as pilot:

        def pane_ready() -> bool:
            screen = app.screen
            return type(screen).__name__ == "MeetingsScreen" and getattr(screen, "_loaded_once", False)

        await past_welcome(app, pilot, pane_ready)
        frame = Stamp()
        frame.after_refresh(app.screen)
        await wait_for(lambda: frame.at is not None)
        result["first_frame_s"] = frame.at - T0
        screen = app.screen
        result["rows"] = screen.table.row_count
        from officer_tui.services.meeting_views import MeetingFilter

        result["filter_s"] = await median_filter_time(
            app, screen, frame, lambda text: MeetingFilter(text=text), MEETING_FILTERS)
        result["rss_mib"] = rss_mib()
    return result


async def probe_training(db_url: str) -> dict:
    """The Training pane (key 6) opened first: the programme list with coverage, then the
    highlighted programme's coverage bars and sessions."""
    from officer_tui import i18n

    i18n.setup("en")
    from officer_tui.ui.app import OfficerApp

    app = OfficerApp(db_url, first_pane="training")
    result: dict = {}
    async with app.run_test(size=SIZE) as pilot:

        def pane_ready() -> bool:
            screen = app.screen
            return (type(screen).__name__ == "TrainingScreen"
                    and getattr(screen, "_loaded_once", False)
                    and (getattr(screen, "_detail_loaded", False) or not screen.rows))

        await past_welcome(app, pilot, pane_ready)
        frame = Stamp()
        frame.after_refresh(app.screen)
        await wait_for(lambda: frame.at is not None)
        result["first_frame_s"] = frame.at - T0
        result["rows"] = len(app.screen.rows)
        result["rss_mib"] = rss_mib()
    return result


async def probe_today(db_url: str) -> dict:
    """The Today pane (key 1, the start screen): its first frame with every section but the
    slow one (contacts losing touch) filled, then the frame with all of them."""
    from officer_tui import i18n

    i18n.setup("en")
    from officer_tui.services.today_views import SECTION_ORDER, SectionKey
    from officer_tui.ui.app import OfficerApp

    app = OfficerApp(db_url, first_pane="today")
    result: dict = {}
    quick = [key for key in SECTION_ORDER if key != SectionKey.CONTACTS]
    async with app.run_test(size=SIZE) as pilot:

        def pane_ready() -> bool:
            screen = app.screen
            return type(screen).__name__ == "TodayScreen" and all(
                key in getattr(screen, "sections", {}) for key in quick)

        await past_welcome(app, pilot, pane_ready)
        frame = Stamp()
        frame.after_refresh(app.screen)
        await wait_for(lambda: frame.at is not None)
        result["first_frame_s"] = frame.at - T0
        screen = app.screen
        await wait_for(lambda: screen.complete)
        frame.after_refresh(screen)
        await wait_for(lambda: frame.at is not None)
        result["complete_s"] = frame.at - T0
        result["rows"] = sum(section.count for section in screen.sections.values())
        result["rss_mib"] = rss_mib()
    return result


async def probe_search(db_url: str) -> dict:
    """Search everything (the service the ctrl+f screen and the palette call): the slowest
    of the typical words and of the two-letter prefixes (best of 5 each), and one raw query
    of the index for the same words as the bare baseline (FTS5 on SQLite; on PostgreSQL a
    bare tsvector prefix query, ranked)."""
    from sqlalchemy import text

    from officer_tui import i18n

    i18n.setup("en")
    from officer_tui.services.database import open_database
    from officer_tui.services.search import fts_query, search, search_words

    def best_ms(run) -> float:
        times = []
        for _ in range(5):
            start = time.perf_counter()
            run()
            times.append((time.perf_counter() - start) * 1000)
        return min(times)

    database = open_database(db_url)
    result: dict = {}
    with database.session() as session:
        raw = text("SELECT rowid FROM search_index WHERE search_index MATCH :q ORDER BY rank LIMIT 50")
        bare = fts_query
        if database.engine.dialect.name == "postgresql":
            raw = text("SELECT rowid FROM search_index WHERE document @@ to_tsquery('simple', :q) "
                       "ORDER BY ts_rank(document, to_tsquery('simple', :q)) DESC LIMIT 50")

            def bare(words):
                return " & ".join(f"'{word}':*" for word in words)
        for name, queries in (("typical", SEARCHES), ("prefix", PREFIXES)):
            result[f"{name}_ms"] = max(best_ms(lambda q=q: search(session, q)) for q in queries)
            result[f"{name}_raw_ms"] = max(
                best_ms(lambda q=q: session.execute(raw, {"q": bare(search_words(q))}).all())
                for q in queries)
        result["rows"] = session.execute(text("SELECT count(*) FROM search_index")).scalar_one()
    database.close()
    return result


def main() -> None:
    kind, argument = sys.argv[1], sys.argv[2]
    if kind == "officer":
        result = asyncio.run(probe_officer(argument))
    elif kind == "ideas":
        result = asyncio.run(probe_ideas(argument))
    elif kind == "contacts":
        result = asyncio.run(probe_contacts(argument))
    elif kind == "projects":
        result = asyncio.run(probe_projects(argument))
    elif kind == "meetings":
        result = asyncio.run(probe_meetings(argument))
    elif kind == "training":
        result = asyncio.run(probe_training(argument))
    elif kind == "today":
        result = asyncio.run(probe_today(argument))
    elif kind == "search":
        result = asyncio.run(probe_search(argument))
    else:
        result = asyncio.run(probe_bare(int(argument)))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
