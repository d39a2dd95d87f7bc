"""The Training pane (key 6): competence building programmes, their coverage and sessions.

Programmes are few: the whole list is loaded at once. For the highlighted programme a worker
loads the coverage per target unit (bars with numbers and the goal marker), the forecast
and the sessions; ``enter`` on a session opens its attendance checklist.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static
from textual.worker import get_current_worker

from officer_tui import clock
from officer_tui.i18n import N_, _, format_date, ngettext
from officer_tui.models.enums import RecordKind
from officer_tui.ui.errors import describe
from officer_tui.ui.localize import Localized
from officer_tui.ui.screens.list_pane import ListPaneKeys
from officer_tui.ui.screens.training_format import (
    coverage_lines,
    forecast_text,
    programme_columns,
    programme_row,
    session_columns,
    session_row,
)
from officer_tui.ui.widgets.coverage_bars import CoverageBars
from officer_tui.ui.widgets.pane_bar import PaneBar
from officer_tui.ui.widgets.programme_filter import ProgrammeFilterBar
from officer_tui.ui.widgets.virtual_table import VirtualTable

if TYPE_CHECKING:
    from officer_tui.services.database import Database
    from officer_tui.services.training_views import Coverage, ProgrammeRow, SessionRow

HELP = N_(
    """The Training pane follows competence building: programmes such as "AI basics" or
"IT security", the units they must reach, their sessions and who attended.

**Programmes** (top): `n` adds one (title, topic, goal such as 80 % by a date, target units
with the number of people to reach there), `e` edits it. The mark in front reads:
✓ on track for the goal, ⚠ behind, – no goal set.

**Coverage** (beside or below the list): per target unit, the distinct people of the unit
(and the units below it) who attended at least one session of the programme, against the
target headcount: `34/45 · 76 %`. A person who attends three sessions counts once. The bar
fills with the share reached; `┃` marks the goal, `⚠` after the numbers a unit below it.

**Forecast**: the pace so far (people reached per day since the first session) is carried
on to the goal date, and people already booked into upcoming sessions are added. If the
share expected by the goal date reaches the goal, the programme is on track.

**Sessions** (bottom): `s` adds a session to the highlighted programme; `Enter` on a
session opens its checklist: mark attendance with single keys, enroll people, import
participant lists, record feedback, export the attendance list.

`g` shows all units against all programmes (counts, not names); `u` lists who in a unit
still needs the programme. `i` writes the programme's sessions as a calendar file (ICS)
into the exports folder. `f` adds a follow-up. `/` filters the programmes by text.
"""
)


# --- the pane -------------------------------------------------------------------------------


class TrainingScreen(ListPaneKeys, Localized, Screen[None]):
    HELP_TITLE = N_("Training")
    HELP = HELP
    FILTER_BAR = ProgrammeFilterBar
    CSS_PATH = "training.tcss"
    AUTO_FOCUS = "#programmes"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", N_("New"), id="training.new", tooltip=N_("Add a training programme")),
        Binding("e", "edit", N_("Edit"), id="training.edit",
                tooltip=N_("Edit the programme: goal, target units, description")),
        Binding("s", "new_session", N_("Session"), id="training.session",
                tooltip=N_("Add a session to the highlighted programme")),
        Binding("g", "grid", N_("Grid"), id="training.grid",
                tooltip=N_("All units against all programmes: people reached (counts, not names)")),
        Binding("u", "still_needed", N_("Still needed"), id="training.still_needed",
                tooltip=N_("Pick a target unit: the people there who have not attended yet")),
        Binding("slash", "filter", N_("Filter"), id="training.filter",
                tooltip=N_("Filter the programmes by text")),
        Binding("i", "ics", N_("ICS"), id="training.ics",
                tooltip=N_("Write the programme's sessions as a calendar file (ICS)")),
        Binding("f", "followup", N_("Follow-up"), id="training.followup", show=False,
                tooltip=N_("Add a follow-up to this programme")),
        Binding("D", "delete", N_("Delete"), id="training.delete", show=False,
                tooltip=N_("Delete the programme with its sessions and enrollments")),
        Binding("escape", "clear_filter", N_("Back / clear filter"), show=False,
                id="training.clear_filter",
                tooltip=N_("From the sessions back to the programmes; else show all programmes again")),
    ]

    class Loaded(Message):
        def __init__(self, rows: list[ProgrammeRow], text: str, keep_key: int | None) -> None:
            super().__init__()
            self.rows = rows
            self.text = text
            self.keep_key = keep_key

    class DetailLoaded(Message):
        def __init__(self, programme_id: int, coverage: Coverage, sessions: list[SessionRow],
                     keep_session: int | None) -> None:
            super().__init__()
            self.programme_id = programme_id
            self.coverage = coverage
            self.sessions = sessions
            self.keep_session = keep_session

    class Failed(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Notice(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self) -> None:
        super().__init__()
        self.text = ""
        self.rows: list[ProgrammeRow] = []
        self.coverage: Coverage | None = None
        self.sessions: list[SessionRow] = []
        self._detail_key: int | None = None
        self._loaded_once = False
        self._detail_loaded = False

    @property
    def database(self) -> Database:
        database = self.app.database  # type: ignore[attr-defined]
        assert database is not None, "the Training pane opens after the database"
        return database

    def compose(self) -> ComposeResult:
        yield PaneBar(self.app.pane_labels(), current="training",  # type: ignore[attr-defined]
                      location=self.database.shown_url)
        yield ProgrammeFilterBar(id="programme-filter-bar")
        yield Static("", id="summary", markup=False)
        with Horizontal(id="top"):
            yield VirtualTable(programme_columns(), id="programmes")
            with VerticalScroll(id="coverage-column") as column:
                column.can_focus = False
                yield Static("", id="coverage-title", markup=False)
                yield CoverageBars(id="coverage")
                yield Static("", id="forecast", markup=False)
        yield Static("", id="sessions-title", markup=False)
        yield VirtualTable(session_columns(), id="sessions")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()

    def on_screen_resume(self) -> None:
        if self._loaded_once:
            self._changed(self.table.cursor_key)

    def on_resize(self) -> None:
        self.set_class(self.size.width < 140, "-narrow")

    @property
    def table(self) -> VirtualTable:
        return self.query_one("#programmes", VirtualTable)

    @property
    def sessions_table(self) -> VirtualTable:
        return self.query_one("#sessions", VirtualTable)

    @property
    def current(self) -> ProgrammeRow | None:
        key = self.table.cursor_key
        return next((row for row in self.rows if row.id == key), None)

    # --- workers --------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="training-load", exit_on_error=False)
    def reload(self, keep_key: int | None = None) -> None:
        from officer_tui.services import trainings

        text = self.text
        try:
            with self.database.session() as session:
                rows = trainings.list_programmes(session, text=text, today=clock.today())
        except Exception as exc:
            self.post_message(self.Failed(describe(exc)))
            return
        if get_current_worker().is_cancelled:
            return  # a newer reload started meanwhile (e.g. after a delete): its rows count
        self.post_message(self.Loaded(rows, text, keep_key))

    @work(thread=True, exclusive=True, group="training-detail", exit_on_error=False)
    def load_detail(self, programme_id: int, keep_session: int | None = None) -> None:
        from officer_tui.services import trainings
        from officer_tui.services.errors import NotFound

        try:
            with self.database.session() as session:
                coverage = trainings.coverage(session, programme_id=programme_id, today=clock.today())
                sessions = trainings.sessions_for(session, programme_id=programme_id)
        except NotFound:
            return
        except Exception as exc:
            self.post_message(self.Failed(describe(exc)))
            return
        if get_current_worker().is_cancelled:
            return
        self.post_message(self.DetailLoaded(programme_id, coverage, sessions, keep_session))

    @work(thread=True, group="training-write", exit_on_error=False)
    def delete_programme(self, programme_id: int, title: str) -> None:
        from officer_tui.services import trainings

        try:
            with self.database.session() as session:
                trainings.delete_programme(session, programme_id=programme_id)
        except Exception as exc:
            self.post_message(self.Failed(describe(exc)))
            return
        self.post_message(self.Notice(_("Programme deleted: {title}").format(title=title)))
        self.app.call_from_thread(self._deleted)

    def _deleted(self) -> None:
        """Forget the deleted programme's detail at once (a late load of it is ignored), then
        read the list; the next programme highlighted shows its own."""
        self._detail_key = None
        self._show_no_detail()
        self.reload()

    @work(thread=True, group="training-export", exit_on_error=False)
    def export_ics(self, programme_id: int) -> None:
        from officer_tui.services import trainings
        from officer_tui.ui.screens.training_format import write_export

        try:
            with self.database.session() as session:
                text = trainings.ics_text(session, programme_id=programme_id)
            path = write_export(f"training-{programme_id}-sessions.ics", text)
        except Exception as exc:
            self.post_message(self.Failed(describe(exc)))
            return
        self.post_message(self.Notice(_("Calendar file written: {path}").format(path=str(path))))

    def _changed(self, programme_id: int | None, keep_session: int | None = None) -> None:
        self.reload(keep_key=programme_id)
        key = programme_id if programme_id is not None else self._detail_key
        if key is not None:
            self.load_detail(key, keep_session if keep_session is not None
                             else self.sessions_table.cursor_key)

    # --- results --------------------------------------------------------------------------

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        if message.text != self.text:
            return
        self._loaded_once = True
        self.rows = message.rows
        keep = message.keep_key if message.keep_key is not None else self.table.cursor_key
        self.table.reset(len(message.rows), [programme_row(r) for r in message.rows],
                         keep_cursor_key=keep, empty_text=self._empty_text())
        if keep is not None:
            index = next((i for i, r in enumerate(message.rows) if r.id == keep), None)
            if index is not None:
                self.table.cursor_row = index
        self.table.styles.height = min(len(message.rows), 10) + 1
        self._update_summary()
        if not message.rows:
            self._detail_key = None
            self._show_no_detail()
        self.refresh_bindings()

    def _empty_text(self) -> str:
        if self.text:
            return _("No programme matches the filter. Press / to change it, Esc to clear it.")
        return _("No training programmes yet. Press n to add one (e.g. AI basics).")

    def _update_summary(self) -> None:
        rows = self.rows
        text = ngettext("{n} programme", "{n} programmes", len(rows)).format(n=len(rows))
        if self.text:
            text = ngettext("{n} programme matches", "{n} programmes match", len(rows)).format(
                n=len(rows)) + " " + _("“{text}”").format(text=self.text)
        on_track = sum(1 for r in rows if r.on_track)
        behind = sum(1 for r in rows if r.on_track is False)
        if on_track:
            text += " · " + _("{n} on track").format(n=on_track)
        if behind:
            text += " · " + _("{n} behind").format(n=behind)
        upcoming = [r.next_session_on for r in rows if r.next_session_on is not None]
        if upcoming:
            text += " · " + _("next session {day}").format(day=format_date(min(upcoming)))
        self.query_one("#summary", Static).update(text)

    def _show_no_detail(self) -> None:
        self.coverage = None
        self.sessions = []
        self.query_one("#coverage-title", Static).update("")
        self.query_one(CoverageBars).show([], goal_percent=None)
        self.query_one("#forecast", Static).update("")
        self.query_one("#sessions-title", Static).update("")
        self.sessions_table.reset(0, [], empty_text="")

    @on(VirtualTable.Highlighted, "#programmes")
    def _highlighted(self, message: VirtualTable.Highlighted) -> None:
        if message.key is not None and message.key != self._detail_key:
            self._detail_key = message.key
            self._detail_loaded = False
            self.load_detail(message.key)
        self.refresh_bindings()

    @on(DetailLoaded)
    def _detail_shown(self, message: DetailLoaded) -> None:
        if message.programme_id != self._detail_key:
            return
        self._detail_loaded = True
        coverage = message.coverage
        self.coverage = coverage
        self.sessions = message.sessions
        title = Text(coverage.title, style="bold")
        if coverage.goal_percent is not None:
            goal = _("goal {percent} %").format(percent=coverage.goal_percent)
            if coverage.goal_by is not None:
                goal = _("goal {percent} % by {day}").format(percent=coverage.goal_percent,
                                                            day=format_date(coverage.goal_by))
            title.append(f" · {goal}", style="")
        self.query_one("#coverage-title", Static).update(title)
        self.query_one(CoverageBars).show(
            coverage_lines(coverage), goal_percent=coverage.goal_percent,
            empty_text=_("No target units: press e to name the units this programme must reach."))
        self.query_one("#forecast", Static).update(
            forecast_text(coverage))
        self._show_sessions(message.sessions, message.keep_session)

    def _show_sessions(self, sessions: list[SessionRow], keep: int | None) -> None:
        today = clock.today()
        table = self.sessions_table
        table.reset(len(sessions), [session_row(s, today) for s in sessions],
                    empty_text=_("No sessions yet. Press s to add one."))
        index = next((i for i, s in enumerate(sessions) if s.id == keep), None)
        if index is None:  # the next session to come, else the last one held
            index = next((i for i, s in enumerate(sessions) if s.held_on >= today),
                         max(len(sessions) - 1, 0))
        table.cursor_row = index
        upcoming = sum(1 for s in sessions if s.held_on >= today)
        text = ngettext("{n} session", "{n} sessions", len(sessions)).format(n=len(sessions))
        if sessions:
            text += " · " + _("{n} to come").format(n=upcoming)
            waiting = sum(s.waitlisted for s in sessions if s.held_on >= today)
            if waiting:
                text += " · " + ngettext("{n} person waiting for a seat", "{n} people waiting for a seat",
                                         waiting).format(n=waiting)
            text += " · " + _("Enter opens the checklist")
        self.query_one("#sessions-title", Static).update(Text(text, style="bold"))

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self.notify(message.text, severity="error", timeout=8)

    @on(Notice)
    def _notice(self, message: Notice) -> None:
        self.notify(message.text, timeout=10)

    @on(ProgrammeFilterBar.Changed)
    def _filter_changed(self, message: ProgrammeFilterBar.Changed) -> None:
        if message.text != self.text:
            self.text = message.text
            self.reload()

    @on(ProgrammeFilterBar.Closed)
    def _filter_closed(self) -> None:
        self.query_one(ProgrammeFilterBar).set_class(bool(self.text), "-open")
        self.table.focus()

    @on(VirtualTable.Selected, "#programmes")
    def _programme_selected(self) -> None:
        if self.sessions:
            self.sessions_table.focus()
        else:
            self.action_new_session()

    @on(VirtualTable.Selected, "#sessions")
    def _session_selected(self, message: VirtualTable.Selected) -> None:
        self.open_session(message.key)

    # --- actions --------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {"edit", "new_session", "still_needed", "ics", "followup", "delete"}:
            return True if self.table.cursor_key is not None else None
        if action == "clear_filter":
            return bool(self.text) or self.sessions_table.has_focus
        return True

    def action_clear_filter(self) -> None:
        if self.sessions_table.has_focus:  # Esc from the sessions: back to the programmes
            self.table.focus()
            return
        super().action_clear_filter()

    def record_form(self, record_id: int | None):
        from officer_tui.ui.screens.training_forms import ProgrammeFormScreen

        return ProgrammeFormScreen(programme_id=record_id)

    def action_edit(self) -> None:
        key = self.table.cursor_key
        if key is not None:
            self._open_form(key)

    def action_new_session(self) -> None:
        from officer_tui.ui.screens.training_forms import SessionFormScreen

        programme = self.current
        if programme is None:
            return

        def saved(session_id: int | None) -> None:
            if session_id is not None:
                self._changed(programme.id, keep_session=session_id)
                self.sessions_table.focus()

        self.app.push_screen(SessionFormScreen(programme_id=programme.id,
                                               programme_title=programme.title), saved)

    def open_session(self, session_id: int) -> None:
        from officer_tui.ui.screens.training_session import SessionScreen

        def closed(changed: bool | None) -> None:
            if changed:
                self._changed(self.table.cursor_key, keep_session=session_id)

        self.app.push_screen(SessionScreen(session_id), closed)

    def action_grid(self) -> None:
        from officer_tui.ui.screens.training_grid import CoverageGridScreen

        self.app.push_screen(CoverageGridScreen())

    def action_still_needed(self) -> None:
        from officer_tui.ui.screens.pickers import PickScreen
        from officer_tui.ui.screens.training_grid import StillNeededScreen

        programme, coverage = self.current, self.coverage
        if programme is None:
            return
        if coverage is None or coverage.programme_id != programme.id:
            self.notify(_("The coverage is still loading; try again in a moment."))
            return
        if not coverage.lines:
            self.notify(_("This programme has no target units yet: press e to add them."),
                        severity="warning")
            return

        def label(line) -> Text:
            text = Text(line.unit_name)
            missing = (line.target - line.reached) if line.target is not None else None
            if missing is not None and missing > 0:
                text.append("  " + _("{n} of {target} still to reach").format(
                    n=missing, target=line.target), style="dim")
            else:
                text.append("  " + _("{n} reached").format(n=line.reached), style="dim")
            return text

        names = {str(line.unit_id): line.unit_name for line in coverage.lines}

        def picked(value: str | None) -> None:
            if value is not None:
                self.app.push_screen(StillNeededScreen(
                    programme_id=programme.id, programme_title=programme.title,
                    unit_id=int(value), unit_name=names[value]))

        self.app.push_screen(PickScreen(_("Who still needs “{title}”? Pick a unit").format(
            title=programme.title), [(label(line), str(line.unit_id)) for line in coverage.lines]),
            picked)

    def action_ics(self) -> None:
        key = self.table.cursor_key
        if key is not None:
            self.export_ics(key)

    def action_followup(self) -> None:
        from officer_tui.ui.screens.followup_form import FollowUpFormScreen

        key = self.table.cursor_key
        if key is not None:
            self.app.push_screen(FollowUpFormScreen(subject=(RecordKind.TRAINING, key)))

    def action_delete(self) -> None:
        from officer_tui.ui.screens.idea_dialogs import ConfirmScreen

        programme = self.current
        if programme is None:
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.delete_programme(programme.id, programme.title)

        self.app.push_screen(ConfirmScreen(
            _("Delete the programme “{title}”?").format(title=programme.title),
            ngettext("Its {n} session and all enrollments are deleted too. This cannot be undone.",
                     "Its {n} sessions and all enrollments are deleted too. This cannot be undone.",
                     programme.sessions).format(n=programme.sessions)), confirmed)
