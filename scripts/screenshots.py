"""Regenerate the README's pictures: one SVG screenshot per pane, from the demo data.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots] [--lang en|de]
        [--size 120x36] [--theme textual-dark] [--only today,requests]

A fresh SQLite demo database in a temporary folder, on a fixed day, by a fixed user, with the
settings and data folders in that temporary folder too (no file of the person running it is
read). The real ``OfficerApp`` runs headless, once per picture, so every picture starts from
the same state whichever others are made with it. Before a picture is saved every worker has
finished, so no list is half loaded. Running it twice writes the same files: the stored
moments (created, changed, history) are moved to the fixed day, the database's place on
screen is the usual one (``~/.local/share/officer-tui/officer.db``), and no cursor blinks.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a file: the package is the repository's
    sys.path.insert(0, str(ROOT))

DAY = date(2026, 11, 16)  # a Monday: the pictures do not change with the date they are made
USER = "Anna Berger"
OUT = ROOT / "docs" / "screenshots"
SIZE = (120, 36)
THEME = "textual-dark"
# The moment every stored "created" / "changed" time is moved to (the seeding's start).
SEEDED_AT = datetime.combine(DAY, time(7, 30), tzinfo=UTC)
BACKED_UP_AT = datetime.combine(DAY, time(8, 14))  # local time, like the backup's file time


@dataclass(frozen=True)
class Shot:
    """One picture: its file, the pane it starts on, and what is done there before saving."""

    name: str  # what ``--only`` takes
    file: str
    pane: str  # the app's mode shown first
    title: tuple[str | None, str]  # the SVG's window title: (gettext context, message)
    prepare: Callable[[object], Awaitable[None]]
    language: str | None = None  # None: ``--lang``


# --- waiting ------------------------------------------------------------------------------------


async def settle(pilot, *, rounds: int = 20) -> None:
    """Wait until no worker runs and what the workers posted has been handled.

    A worker's result often starts the next one (a list load asks for the detail), so this
    waits and pauses until a pause starts nothing new.
    """
    from textual.worker import WorkerCancelled

    app = pilot.app
    for _ in range(rounds):
        try:
            await app.workers.wait_for_complete()
        except WorkerCancelled:  # replaced by a newer exclusive worker: wait for that one
            await pilot.pause()
            continue
        await pilot.pause()
        if not any(worker.is_running for worker in app.workers):
            await pilot.pause()
            if not any(worker.is_running for worker in app.workers):
                return


async def until(pilot, condition: Callable[[], object], what: str, *, limit: int = 600) -> None:
    """Settle until ``condition()`` holds (a pane built, a debounced search answered)."""
    for _ in range(limit):
        await settle(pilot)
        if condition():
            return
        await pilot.pause(0.05)
    raise RuntimeError(f"gave up waiting for {what}: {shown(pilot.app)}")


def shown(app) -> str:
    """What is on screen, for a message when something never appeared."""
    notes = " | ".join(note.message for note in app._notifications)
    return f"screens {app.screen_stack}" + (f", notifications: {notes}" if notes else "")


async def steady_picture(pilot, title: str, *, alike: int = 3, limit: int = 200) -> str:
    """The SVG once the screen stands still: ``alike`` pictures in a row are the same.

    Workers settled is not all: a Markdown document (the help) is laid out in steps after it
    is mounted, and a scrollbar's size follows it.
    """
    app = pilot.app
    last, same = None, 0
    for _ in range(limit):
        await settle(pilot)
        picture = app.export_screenshot(title=title, simplify=True)
        same = same + 1 if picture == last else 1
        if same >= alike:
            return picture
        last = picture
        await pilot.pause(0.05)
    raise RuntimeError(f"the screen never stood still: {shown(app)}")


async def pane_ready(pilot) -> None:
    """The pane in front has loaded its list (every pane sets ``_loaded_once``)."""
    app = pilot.app
    await until(pilot, lambda: getattr(app.screen_stack[0], "_loaded_once", False)
                and app.screen_stack[0].is_current, "the pane")


async def press(pilot, *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


# --- what each picture shows -------------------------------------------------------------------


def _list(app):
    """The list in front: the focused one, else the pane's first."""
    from officer_tui.ui.widgets.virtual_table import VirtualTable

    focused = app.focused
    return focused if isinstance(focused, VirtualTable) else app.screen.query(VirtualTable).first()


def _row_with(table, text: str) -> int | None:
    """The row of ``table`` whose cells hold ``text`` (among the loaded rows)."""
    for index in range(table.row_count):
        row = table.row_at(index)
        if row is not None and any(text in str(cell) for cell in row.cells):
            return index
    return None


async def select(pilot, text: str) -> None:
    """Move the cursor of the list in front down to the row holding ``text`` (its detail
    loads)."""
    await settle(pilot)
    table = _list(pilot.app)
    target = _row_with(table, text)
    if target is None:
        raise RuntimeError(f"no row with {text!r} in the {pilot.app.current_mode} pane: "
                           + shown(pilot.app))
    while table.cursor_row < target:
        await press(pilot, "down")


async def just_the_pane(pilot) -> None:
    await pane_ready(pilot)


async def training(pilot) -> None:
    """The AI basics rollout: coverage per unit and its sessions."""
    await pane_ready(pilot)
    await select(pilot, "KI-Grundlagen")


async def contacts(pilot) -> None:
    """A house chosen in the tree, its people listed, the first one's detail."""
    from officer_tui.ui.widgets.unit_tree import UnitTree

    await pane_ready(pilot)
    tree = pilot.app.screen.query_one(UnitTree)
    node = next(node for line in range(tree.last_line + 1)
                if (node := tree.get_node_at_line(line)) is not None
                and str(node.label).startswith("Stadtmuseum Hohenstein"))
    tree.move_cursor(node)
    await settle(pilot)
    await press(pilot, "enter")
    await pane_ready(pilot)


async def capture(pilot) -> None:
    """Quick capture with a line typed: the preview says what it becomes."""
    from textual.widgets import Input

    await pane_ready(pilot)
    await press(pilot, "c")
    field = pilot.app.screen.query_one(Input)
    await until(pilot, lambda: field.has_focus, "the capture line")
    field.insert_text_at_cursor(CAPTURED_LINE)
    await settle(pilot)


async def search(pilot) -> None:
    """Search everything (Ctrl+F) with its hits grouped by kind."""
    from textual.widgets import Input

    await pane_ready(pilot)
    await press(pilot, "ctrl+f")
    screen = pilot.app.screen
    field = screen.query_one(Input)
    field.insert_text_at_cursor(SEARCHED)
    await until(pilot, lambda: getattr(screen, "result", None) is not None
                and screen.query_one(Input).value == SEARCHED, "the search hits")


async def help_screen(pilot) -> None:
    """The help (``?``) of the Requests pane: what it is for, how to triage, the marks."""
    await pane_ready(pilot)
    await press(pilot, "question_mark")


CAPTURED_LINE = "Anfrage Stadtbibliothek: Beamer im Schulungsraum flackert !hoch bis Freitag @Szymański"
SEARCHED = "WLAN"

SHOTS: list[Shot] = [
    Shot("today", "01-today.svg", "today", ("pane", "Today"), just_the_pane),
    Shot("requests", "02-requests.svg", "requests", ("pane", "Requests"), just_the_pane),
    Shot("ideas", "03-ideas.svg", "ideas", ("pane", "Ideas"), just_the_pane),
    Shot("projects", "04-projects.svg", "projects", ("pane", "Projects"), just_the_pane),
    Shot("meetings", "05-meetings.svg", "meetings", ("pane", "Meetings"), just_the_pane),
    Shot("training", "06-training.svg", "training", ("pane", "Training"), training),
    Shot("contacts", "07-contacts.svg", "contacts", ("pane", "Contacts"), contacts),
    Shot("capture", "08-capture.svg", "today", (None, "Quick capture"), capture),
    Shot("search", "09-search.svg", "requests", (None, "Search everything"), search),
    Shot("help", "10-help.svg", "requests", (None, "Help"), help_screen),
    Shot("requests-de", "11-requests-de.svg", "requests", ("pane", "Requests"), just_the_pane,
         language="de"),
]


# --- the demo database --------------------------------------------------------------------------


@contextmanager
def environment(folder: Path) -> Iterator[None]:
    """Settings, data, home, user and day inside ``folder``; everything restored after."""
    from officer_tui import clock, i18n, settings

    home = folder / "home"
    values = {
        "HOME": str(home),
        "OFFICER_CONFIG_DIR": str(home / ".config" / "officer-tui"),
        "OFFICER_DATA_DIR": str(home / ".local" / "share" / "officer-tui"),
        "OFFICER_USER": USER,
        "OFFICER_TODAY": DAY.isoformat(),
        "OFFICER_DB": None,
        "OFFICER_BACKUP_KEEP": None,
        "OFFICER_LANG": None,
    }
    before = {name: os.environ.get(name) for name in values}
    language, active = i18n.current_language(), settings.current()
    for name, value in values.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    clock.freeze(DAY)
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        clock.freeze(None)
        i18n.set_language(language)
        settings.activate(active)


def make_demo_database() -> str:
    """The demo data in the default SQLite file, stamped as made on ``DAY``; its URL."""
    from officer_tui.paths import default_db_path, resolve_db_url
    from officer_tui.services import backups
    from officer_tui.services.database import open_database
    from officer_tui.services.seed import seed_demo

    path = default_db_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    url = resolve_db_url(str(path))
    database = open_database(url)
    started = datetime.now(UTC)
    try:
        with database.session() as session:
            seed_demo(session, today=DAY)
    finally:
        database.close()
    _move_stamps(url, SEEDED_AT - started)
    made = backups.auto_backup(url=url, keep=backups.DEFAULT_KEEP, today=DAY).made
    if made is not None:  # "Last backup: today 08:14" on Today, whenever this runs
        stamp = BACKED_UP_AT.timestamp()
        os.utime(made.path, (stamp, stamp))
    return url


STAMP_COLUMNS = ("created_at", "updated_at", "at", "closed_at", "requested_at", "erased_at")


def _move_stamps(url: str, shift: timedelta) -> None:
    """Move every stored moment by ``shift`` (from when the seeding ran to ``SEEDED_AT``):
    "created on …" and the history read the same whenever this runs, and the order and
    distances of the moments stay."""
    import sqlalchemy as sa
    from sqlmodel import SQLModel

    from officer_tui.db.engine import make_engine
    from officer_tui.models import register_all

    register_all()  # every table in the metadata

    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            for table in SQLModel.metadata.sorted_tables:
                columns = [column for column in table.columns
                           if column.name in STAMP_COLUMNS and _is_moment(column.type)]
                if not columns:
                    continue
                keys = list(table.primary_key.columns)
                for row in connection.execute(sa.select(*keys, *columns)).all():
                    # Every stamp column is set, the empty ones to None again, so that no
                    # ``onupdate`` stamps "now".
                    values = {column.name: None if value is None else _in_utc(value) + shift
                              for column, value in zip(columns, row[len(keys):], strict=True)}
                    where = [key == value for key, value in zip(keys, row, strict=False)]
                    connection.execute(table.update().where(*where).values(values))
    finally:
        engine.dispose()


def _is_moment(column_type) -> bool:
    import sqlalchemy as sa

    return isinstance(getattr(column_type, "impl", column_type), sa.DateTime)


def _in_utc(moment: datetime) -> datetime:
    """Aware, in UTC (SQLite hands back what was stored, naive UTC)."""
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


# --- running the app ----------------------------------------------------------------------------


async def take(shot: Shot, *, url: str, out: Path, size: tuple[int, int], language: str) -> Path:
    """Run the app on ``url``, do the shot's steps, save its SVG into ``out``."""
    from officer_tui import i18n
    from officer_tui.ui.app import OfficerApp

    i18n.set_language(shot.language or language)
    context, message = shot.title
    title = "officer: " + (i18n.pgettext(context, message) if context else i18n._(message))
    app = OfficerApp(url, first_pane=shot.pane)
    async with app.run_test(size=size) as pilot:
        await shot.prepare(pilot)
        _still(app)
        svg = await steady_picture(pilot, title)
    target = out / shot.file
    target.write_text(svg, encoding="utf-8")
    return target


def _still(app) -> None:
    """No blinking cursor: its phase at the moment of the picture is chance."""
    from textual.widgets import Input, TextArea

    for screen in app.screen_stack:
        for widget in screen.query("Input, TextArea"):
            if isinstance(widget, Input | TextArea):
                widget.cursor_blink = False


def chosen(only: str | None) -> list[Shot]:
    if not only:
        return list(SHOTS)
    names = [name.strip() for name in only.split(",") if name.strip()]
    known = {shot.name: shot for shot in SHOTS}
    unknown = [name for name in names if name not in known]
    if unknown:
        raise ValueError("--only: unknown picture(s) {}; choose from {}".format(
            ", ".join(unknown), ", ".join(known)))
    return [shot for shot in SHOTS if shot.name in names]  # in the usual order


def parse_size(text: str) -> tuple[int, int]:
    width, _, height = text.lower().partition("x")
    try:
        size = int(width), int(height)
    except ValueError:
        raise ValueError(f"--size: {text!r} is not WIDTHxHEIGHT, e.g. 120x36") from None
    if size[0] < 80 or size[1] < 24:
        raise ValueError(f"--size: {text!r} is smaller than 80x24")
    return size


def make(shots: Sequence[Shot], *, out: Path, size: tuple[int, int] = SIZE,
         language: str = "en", theme: str = THEME) -> list[Path]:
    """Make the pictures ``shots`` into ``out``; the files written, in order."""
    from officer_tui import settings

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory(prefix="officer-screenshots-") as folder, \
            environment(Path(folder)):
        settings.activate(settings.Settings(theme=theme, user=USER))
        url = make_demo_database()
        for shot in shots:
            path = asyncio.run(take(shot, url=url, out=out, size=size, language=language))
            print(path)
            written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Regenerate the README's screenshots (SVG).")
    parser.add_argument("--out", type=Path, default=OUT, help="folder of the SVG files")
    parser.add_argument("--lang", choices=("en", "de"), default="en", help="language of the pictures")
    parser.add_argument("--size", default="{}x{}".format(*SIZE), help="terminal size, WIDTHxHEIGHT")
    parser.add_argument("--theme", default=THEME, help="a Textual theme")
    parser.add_argument("--only", help="comma-separated pictures: " + ",".join(s.name for s in SHOTS))
    args = parser.parse_args(argv)
    from textual.theme import BUILTIN_THEMES

    try:
        size = parse_size(args.size)
        shots = chosen(args.only)
    except ValueError as exc:
        parser.error(str(exc))
    if args.theme not in BUILTIN_THEMES:
        parser.error(f"--theme: {args.theme!r} is not a Textual theme; choose from "
                     + ", ".join(sorted(BUILTIN_THEMES)))
    try:
        make(shots, out=args.out, size=size, language=args.lang, theme=args.theme)
    except (RuntimeError, OSError) as exc:
        print(f"screenshots: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
