"""The officer-tui application: panes as modes, the database opened after the first frame."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen

from officer_tui import clock
from officer_tui.i18n import N_, NP_, _, pgettext
from officer_tui.ui.commands import RecordsProvider
from officer_tui.ui.localize import Localized
from officer_tui.ui.safe_text import NoControls
from officer_tui.ui.screens.start import StartScreen

if TYPE_CHECKING:
    from officer_tui.services.database import Database

def _pane(module: str, name: str) -> Screen:
    """Import a pane's module only when it is first shown."""
    return getattr(import_module(f"officer_tui.ui.screens.{module}"), name)()


# (mode name, key, label): the panes that are built, in key order. Labels are translated
# in the context "pane" ("Training" the pane is not "Training" the request category).
_NO_CONTROLS = NoControls()

PANES: list[tuple[str, str, str]] = [
    ("today", "1", NP_("pane", "Today")),
    ("requests", "2", NP_("pane", "Requests")),
    ("ideas", "3", NP_("pane", "Ideas")),
    ("projects", "4", NP_("pane", "Projects")),
    ("meetings", "5", NP_("pane", "Meetings")),
    ("training", "6", NP_("pane", "Training")),
    ("contacts", "7", NP_("pane", "Contacts")),
]


def pane_label(label: str) -> str:
    return pgettext("pane", label)


# (title, help, pane, the pane's action): "create any kind of record" from the palette. The
# pane's own action opens its form, so the pane shows the new record when the form closes.
CREATE_COMMANDS: list[tuple[str, str, str, str]] = [
    (N_("New request"), N_("Capture a request (Anfrage, Bedarf) in the form"), "requests", "new"),
    (N_("New idea"), N_("Capture an idea in the form"), "ideas", "new"),
    (N_("New project"), N_("Add a project (Vorhaben) to the portfolio"), "projects", "new"),
    (N_("New meeting"), N_("Plan a meeting (Termin)"), "meetings", "new"),
    (N_("New training programme"), N_("Add a competence-building programme"), "training", "new"),
    (N_("New contact"), N_("Add a person"), "contacts", "new_contact"),
    (N_("New unit"), N_("Add a unit (department, house, provider)"), "contacts", "new_unit"),
]


# (title, help, module under ui/screens, screen class, keyword arguments): exchange and
# safekeeping tools, opened from the palette.
TOOL_COMMANDS: list[tuple[str, str, str, str, dict]] = [
    (N_("Status report (Lagebericht)"),
     N_("Portfolio, decisions, open items, training and requests of a period, in Markdown"),
     "status_report", "StatusReportScreen", {}),
    (N_("Export data"), N_("Everything as JSON, CSV, XLSX, or the dates as a calendar (ICS)"),
     "exchange", "ExportScreen", {}),
    (N_("Import a JSON export"),
     N_("Restore into an empty database or merge into this one, without duplicates"),
     "exchange", "ImportScreen", {}),
    (N_("Import requests from a spreadsheet"), N_("CSV or XLSX, with a preview"),
     "table_import", "TableImportScreen", {"kind": "requests"}),
    (N_("Import contacts from a spreadsheet"), N_("CSV or XLSX, with a preview"),
     "table_import", "TableImportScreen", {"kind": "contacts"}),
    (N_("Backups"), N_("Back up now, see the automatic backups, restore one"),
     "backups", "BackupsScreen", {}),
    (N_("Change history"), N_("Every change to any record: by whom, of which kind; revert one"),
     "history_changes", "ChangesScreen", {}),
    (N_("Settings"),
     N_("Language, theme, start pane, thresholds, score weights, backups, your name, keys"),
     "settings", "SettingsScreen", {}),
    (N_("Keys"), N_("Every key of the app: what it does, remap it, back to the default"),
     "keys", "KeysScreen", {}),
]


class OfficerApp(Localized, App[None]):
    """One pane per mode; ``2`` and ``7`` switch between them."""

    TITLE = "officer"
    CSS_PATH = Path(__file__).parent / "app.tcss"  # absolute: subclasses live elsewhere
    COMMANDS = App.COMMANDS | {RecordsProvider}  # the palette also opens any record by title
    MODES: ClassVar[dict[str, Callable[[], Screen]]] = {
        "today": lambda: _pane("today", "TodayScreen"),
        "requests": lambda: _pane("requests", "RequestsScreen"),
        "ideas": lambda: _pane("ideas", "IdeasScreen"),
        "projects": lambda: _pane("projects", "ProjectsScreen"),
        "meetings": lambda: _pane("meetings", "MeetingsScreen"),
        "training": lambda: _pane("training", "TrainingScreen"),
        "contacts": lambda: _pane("contacts", "ContactsScreen"),
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "pane('today')", N_("Today"), show=False, id="pane.today",
                tooltip=N_("Show the Today pane: what needs you today")),
        Binding("2", "pane('requests')", N_("Requests"), show=False, id="pane.requests",
                tooltip=N_("Show the Requests pane")),
        Binding("3", "pane('ideas')", N_("Ideas"), show=False, id="pane.ideas",
                tooltip=N_("Show the Ideas pane")),
        Binding("4", "pane('projects')", N_("Projects"), show=False, id="pane.projects",
                tooltip=N_("Show the Projects pane")),
        Binding("5", "pane('meetings')", N_("Meetings"), show=False, id="pane.meetings",
                tooltip=N_("Show the Meetings pane")),
        Binding("6", "pane('training')", N_("Training"), show=False, id="pane.training",
                tooltip=N_("Show the Training (competence building) pane")),
        Binding("7", "pane('contacts')", N_("Contacts"), show=False, id="pane.contacts",
                tooltip=N_("Show the Units and contacts pane")),
        Binding("c", "capture", N_("Capture"), id="app.capture",
                tooltip=N_("Capture a request, idea, follow-up ... in one line")),
        Binding("ctrl+f", "search", N_("Search"), id="app.search", priority=True,
                tooltip=N_("Search everything: requests, ideas, projects, meetings, people ...")),
        Binding("w", "followups", N_("Follow-ups"), show=False, id="app.followups",
                tooltip=N_("All follow-ups: overdue first, then by due date")),
        Binding("ctrl+t", "history", N_("History"), id="app.history", priority=True,
                tooltip=N_("The changes of the selected record: who changed what when; revert one")),
        Binding("ctrl+z", "undo", N_("Undo"), show=False, id="app.undo", priority=True,
                tooltip=N_("Undo the last change made in this window")),
        Binding("f2", "settings", N_("Settings"), show=False, id="app.settings",
                tooltip=N_("Your settings: language, theme, start pane, thresholds, keys ...")),
        Binding("question_mark", "help", N_("Help"), id="app.help", tooltip=N_("Help for this pane")),
        Binding("q", "quit", N_("Quit"), id="app.quit", tooltip=N_("Quit officer")),
    ]

    class DatabaseReady(Message):
        """The database is open and up to date."""

    def __init__(self, db_url: str, *, first_pane: str | None = None,
                 settings_problems: Iterable[str] = ()) -> None:
        super().__init__()
        from officer_tui import settings

        current = settings.current()
        self.db_url = db_url
        self.first_pane = first_pane or current.start_pane
        # What is wrong in the settings file: shown once the first frame is up.
        self.settings_problems = list(settings_problems)
        from officer_tui.ui.themes import apply_settings_theme

        problem = apply_settings_theme(self, current.theme, current.line_of("theme"))
        self.settings_problems += [problem] if problem else []
        self.previewing_theme = False  # True while a screen previews themes: nothing is saved
        self.database: Database | None = None
        self._stale_modes: set[str] = set()  # see reload_all_panes
        self._stale_modes_watched = False

    def get_default_screen(self) -> StartScreen:
        return StartScreen()

    def on_mount(self) -> None:
        # After the first frame: the worker imports SQLAlchemy, which would delay it.
        self.call_after_refresh(self.open_database)
        # The user's [keys]: checked in a worker (it imports every screen), applied when done.
        from officer_tui.ui.keys import apply_user_keys

        self.call_after_refresh(apply_user_keys, self)
        if self.settings_problems:
            self.call_after_refresh(self._report_settings_problems)
        self.theme_changed_signal.subscribe(self, self._remember_theme)

    def _report_settings_problems(self) -> None:
        from officer_tui.settings import settings_path

        shown = self.settings_problems[:6]
        more = len(self.settings_problems) - len(shown)
        text = _("Settings file {path}:").format(path=settings_path()) + "\n" + "\n".join(shown)
        if more > 0:
            text += "\n" + _("… and {n} more (officer config check)").format(n=more)
        self.notify(text, severity="warning", timeout=20)

    def _remember_theme(self, theme: object) -> None:
        """A theme chosen in the palette is the theme of the next start too."""
        from officer_tui.ui.themes import remember_theme

        if not self.previewing_theme:
            remember_theme(self, theme)

    def action_light_or_dark(self) -> None:
        """Switch between the light and the dark version of the theme (remembered)."""
        from officer_tui.ui.themes import light_or_dark

        self.theme = light_or_dark(self)

    @work(thread=True, exclusive=True, group="database", exit_on_error=False)
    def open_database(self) -> None:
        from officer_tui.services.database import open_database

        try:
            database = open_database(self.db_url)
            empty = database.is_empty()
        except Exception as exc:  # shown to the user, never a traceback
            from officer_tui.ui.errors import describe

            self.call_from_thread(self._database_failed, describe(exc))
            return
        self.call_from_thread(self._database_opened, database, empty)

    def _database_failed(self, text: str) -> None:
        start = self.screen
        if isinstance(start, StartScreen):
            start.show_problem(text)

    def _database_opened(self, database: Database, empty: bool) -> None:
        self.database = database
        if empty:
            from officer_tui.ui.screens.welcome import WelcomeScreen

            self.push_screen(WelcomeScreen(), self._after_welcome)
        else:
            self._show_first_pane()
            from officer_tui.paths import sqlite_path

            if sqlite_path(self.db_url) is not None:  # a server's admin backs up with pg_dump
                self.back_up_automatically()  # an empty database has nothing to keep yet

    def _after_welcome(self, demo: bool | None) -> None:
        if demo:
            self.seed_demo()
        else:
            self._show_first_pane()

    @work(thread=True, exclusive=True, group="database", exit_on_error=False)
    def seed_demo(self) -> None:
        from officer_tui.services.seed import seed_demo

        assert self.database is not None
        try:
            with self.database.session() as session:
                seed_demo(session, today=clock.today())
        except Exception as exc:
            from officer_tui.ui.errors import describe

            self.call_from_thread(self.notify, describe(exc), severity="error")
        self.call_from_thread(self._show_first_pane)

    def _show_first_pane(self) -> None:
        self.switch_mode(self.first_pane)

    @work(thread=True, exclusive=True, group="auto-backup", exit_on_error=False)
    def back_up_automatically(self) -> None:
        """Today's automatic backup (SQLite, once a day), then the rotation; off the first frame."""
        from textual.worker import get_current_worker

        from officer_tui.services import backups
        from officer_tui.services.errors import ValidationError
        from officer_tui.ui.errors import describe

        try:
            keep = backups.configured_keep()
        except ValidationError as exc:
            self.call_from_thread(self.notify, exc.message, severity="warning", timeout=10)
            keep = backups.keep_from_file()
        worker = get_current_worker()

        def progress(label: str, done: int, total: int) -> None:
            if worker.is_cancelled:  # the app is closing: stop copying (no half file stays)
                raise InterruptedError(label)

        try:
            made = backups.auto_backup(url=self.db_url, keep=keep, progress=progress).made
        except Exception as exc:
            if worker.is_cancelled:
                return
            text = _("The automatic backup failed: {reason}").format(reason=describe(exc))
            self.call_from_thread(self.notify, text, severity="warning", timeout=10)
            return
        if made is not None:
            self.call_from_thread(self._backup_made)

    def _backup_made(self) -> None:
        """Screens showing the last backup (Today, Backups) read it again."""
        for screen in self.screen_stack:
            if hasattr(screen, "backup_changed"):
                screen.backup_changed()

    def action_pane(self, mode: str) -> None:
        if self.database is None:
            return
        if self.current_mode != mode:
            self.switch_mode(mode)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if getattr(self.screen, "blocks_bindings", False):  # waiting for a key to remap
            return False
        if action in ("pane", "followups", "capture", "search", "settings"):
            return self.database is not None
        if action == "history":
            from officer_tui.ui.screens.history import has_history

            return self.database is not None and has_history(self.screen)
        if action == "undo":
            # A text field's own undo (TextArea) wins; an Input has none, and a form open with
            # unsaved edits keeps its record as it is.
            from textual.widgets import Input, TextArea

            from officer_tui.ui.screens.form_base import RecordForm

            if isinstance(self.focused, Input | TextArea) or isinstance(self.screen, RecordForm):
                return False
            return self.database is not None
        return True

    def action_history(self) -> None:
        from officer_tui.ui.screens.history import open_history

        if self.database is not None:
            open_history(self)

    def action_undo(self) -> None:
        from officer_tui.ui.screens.history import undo_last

        if self.database is not None:
            undo_last(self)

    def action_followups(self) -> None:
        from officer_tui.ui.screens.followups import FollowUpsScreen

        if self.database is not None and not isinstance(self.screen, FollowUpsScreen):
            self.push_screen(FollowUpsScreen())

    def action_capture(self) -> None:
        from officer_tui.ui.screens.capture import CaptureScreen

        if self.database is not None and not isinstance(self.screen, CaptureScreen):
            self.push_screen(CaptureScreen())

    def action_search(self) -> None:
        from officer_tui.ui.screens.search import SearchScreen

        if self.database is not None and not isinstance(self.screen, SearchScreen):
            self.push_screen(SearchScreen())

    def create_record(self, mode: str, action: str) -> None:
        """Show the pane of that kind of record and open its form for a new one."""
        if self.database is None:
            return
        if self.current_mode != mode:
            self.switch_mode(mode)
        # The pane is at the bottom of its mode's stack (a record may be open above it).
        self.call_after_refresh(lambda: self.screen_stack[0].run_action(action))

    def create_followup(self) -> None:
        """Open the follow-up list and its form: the list shows the new follow-up after."""
        from officer_tui.ui.screens.followups import FollowUpsScreen

        if self.database is None:
            return
        self.action_followups()
        self.call_after_refresh(
            lambda: isinstance(self.screen, FollowUpsScreen) and self.screen.run_action("new"))

    def action_settings(self) -> None:
        from officer_tui.ui.screens.settings import SettingsScreen

        if self.database is not None and not isinstance(self.screen, SettingsScreen):
            self.push_screen(SettingsScreen())

    def action_help(self) -> None:
        from officer_tui.ui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.screen))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette (Ctrl+P): every pane, the current pane's actions, then Textual's own."""
        if self.database is not None:
            from officer_tui.ui.keys import key_in_force

            for mode, key, label in PANES:
                key = key_in_force(self, f"pane.{mode}", key)
                yield SystemCommand(
                    _("Go to {pane}").format(pane=pane_label(label)),
                    _("Show the {pane} pane (key {key})").format(pane=pane_label(label), key=key),
                    partial(self.action_pane, mode),
                )
            yield SystemCommand(
                _("Quick capture"),
                _("One line becomes a request, idea, follow-up, project or meeting (key {key})")
                .format(key=key_in_force(self, "app.capture", "c")),
                self.action_capture,
            )
            yield SystemCommand(
                _("Search everything"),
                _("Requests, ideas, projects, meetings, training, people ({key})")
                .format(key=key_in_force(self, "app.search", "ctrl+f")),
                self.action_search,
            )
            for title, help_text, mode, action in CREATE_COMMANDS:
                yield SystemCommand(_(title), _(help_text), partial(self.create_record, mode, action))
            yield SystemCommand(
                _("New follow-up"), _("Add a follow-up (Wiedervorlage) with a due date"),
                self.create_followup,
            )
            for title, help_text, module, name, kwargs in TOOL_COMMANDS:
                yield SystemCommand(
                    _(title), _(help_text), partial(self.open_tool, module, name, **kwargs)
                )
            for binding in screen.active_bindings.values():
                if binding.binding.show and binding.enabled and binding.node is screen:
                    yield SystemCommand(
                        binding.binding.description,
                        binding.binding.tooltip or binding.binding.description,
                        partial(screen.run_action, binding.binding.action),
                    )
        yield SystemCommand(_("Light or dark theme"),
                            _("Switch between the light and the dark theme (remembered)"),
                            self.action_light_or_dark)
        yield from super().get_system_commands(screen)

    def open_tool(self, module: str, name: str, **kwargs) -> None:
        """Push one of the TOOL_COMMANDS' screens."""
        from importlib import import_module

        if self.database is None:
            return
        screen_type = getattr(import_module(f"officer_tui.ui.screens.{module}"), name)
        self.push_screen(screen_type(**kwargs))

    def reload_all_panes(self) -> None:
        """The data changed underneath (an import, a restore): every pane shows it afresh.

        Panes are modes, built when first shown. Those not shown now are dropped, with what was
        open over them, and built anew when shown next. The pane shown now reads its records
        again when the dialog over it closes (every pane reloads on resume) and is built anew
        (its filter choices, its detail) as soon as another pane is shown.
        """
        if not self._stale_modes_watched:
            self._stale_modes_watched = True
            self.mode_change_signal.subscribe(self, self._rebuild_stale_modes)
        for mode in self.MODES:
            if mode == self.current_mode:
                self._stale_modes.add(mode)
            else:
                self._rebuild_mode(mode)
        self.call_later(self._leave_welcome)

    def _leave_welcome(self) -> None:
        """Data arrived on the first start (an import, a restore over the welcome of an empty
        database): the welcome goes and the first pane shows the data."""
        from officer_tui.ui.screens.welcome import WelcomeScreen

        if isinstance(self.screen, WelcomeScreen):
            self.screen.dismiss(False)

    def _rebuild_mode(self, mode: str) -> None:
        if mode == self.current_mode:
            self._stale_modes.add(mode)  # shown again meanwhile: rebuilt when left
            return
        self._stale_modes.discard(mode)
        self.remove_mode(mode)
        self.add_mode(mode, self.MODES[mode])

    def _rebuild_stale_modes(self, current: str) -> None:
        for mode in list(self._stale_modes):
            if mode != current:
                self._rebuild_mode(mode)

    def get_line_filters(self):  # type: ignore[override]
        """Textual's filters, then ``NoControls``: no stored ESC ever reaches the terminal."""
        return [*super().get_line_filters(), _NO_CONTROLS]

    def notify(self, message: str, *, markup: bool = False, **kwargs) -> None:  # type: ignore[override]
        """Notifications often quote what people typed: never read as markup.

        (Widgets pass ``markup=True`` by default; it is ignored on purpose.)
        """
        super().notify(message, markup=False, **kwargs)

    def pane_labels(self) -> list[tuple[str, str, str]]:
        return [(mode, key, pane_label(label)) for mode, key, label in PANES]

    def on_unmount(self) -> None:
        if self.database is not None:
            self.database.close()


def run(*, db_url: str, settings_problems: Iterable[str] = ()) -> int:
    OfficerApp(db_url, settings_problems=settings_problems).run()
    return 0
