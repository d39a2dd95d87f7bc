"""Palette "Change history": the newest changes to any record, by whom and of which kind.

``Enter`` shows the preview of reverting the highlighted change (its whole group), ``o`` opens
the record when it still exists, the two choices at the top filter by user and by kind.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Footer, Select, Static
from textual.worker import get_current_worker

from officer_tui.i18n import N_, _, ngettext
from officer_tui.ui.errors import describe
from officer_tui.ui.localize import Localized
from officer_tui.ui.screens.history import HistoryScreen, RevertScreen
from officer_tui.ui.widgets.history_view import HistoryView

if TYPE_CHECKING:
    from officer_tui.services.history import ChangeView

LIMIT = 500

HELP = N_(
    """The change history of the whole database, newest first: when, who, which record, what.
Choose a user or a kind of record at the top to see only theirs (`Tab` moves between the
choices and the list).

`Enter` or `r` shows the preview of reverting the highlighted change; `o` opens the record
it was about (when it still exists); `Ctrl+Z` undoes the last change made in this window.
"""
)


class ChangesScreen(Localized, ModalScreen[None]):
    HELP_TITLE = N_("Change history")
    HELP = HELP

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", N_("Close"), id="changes.close", tooltip=N_("Close the history")),
        Binding("o", "open_record", N_("Open record"), id="changes.open",
                tooltip=N_("Open the record the highlighted change was about")),
        Binding("question_mark", "app.help", N_("Help"), id="changes.help",
                tooltip=N_("Help for the change history")),
    ]
    DEFAULT_CSS = HistoryScreen.DEFAULT_CSS + """
    ChangesScreen {
        & #changes-filters { height: auto; }
        & #changes-filters Select { width: 1fr; max-width: 40; margin-right: 1; }
    }
    """

    class Loaded(Message):
        def __init__(self, user: str | None, table: str | None, changes: list[ChangeView]) -> None:
            super().__init__()
            self.user = user
            self.table = table
            self.changes = changes

    class FacetsLoaded(Message):
        def __init__(self, users: list[str], tables: list[str]) -> None:
            super().__init__()
            self.users = users
            self.tables = tables

    class Opened(Message):
        def __init__(self, table: str, record_id: int, exists: bool) -> None:
            super().__init__()
            self.table = table
            self.record_id = record_id
            self.exists = exists

    class Failed(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, *, user: str | None = None, table: str | None = None) -> None:
        super().__init__()
        self.user = user
        self.kind_table = table
        self.loaded_once = False

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Change history"), classes="history-title", markup=False)
            with Horizontal(id="changes-filters"):
                yield Select([], prompt=_("All users"), id="changes-user", compact=True)
                yield Select([], prompt=_("All kinds of records"), id="changes-kind", compact=True)
            yield Static("", classes="history-summary", markup=False)
            yield HistoryView(with_record=True, id="changes")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(HistoryView).focus()
        self.load_facets()
        self.reload()

    def on_screen_resume(self) -> None:
        if self.loaded_once:
            self.reload()

    # --- workers ---------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="changes-load", exit_on_error=False)
    def reload(self) -> None:
        from officer_tui.services.history import recent_changes

        user, table = self.user, self.kind_table
        try:
            with self.app.database.session() as session:  # type: ignore[attr-defined]
                changes = recent_changes(session, user=user, table=table, limit=LIMIT)
        except Exception as exc:
            self.post_message(self.Failed(describe(exc)))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(self.Loaded(user, table, changes))

    @work(thread=True, exclusive=True, group="changes-facets", exit_on_error=False)
    def load_facets(self) -> None:
        from officer_tui.services.history import change_facets

        try:
            with self.app.database.session() as session:  # type: ignore[attr-defined]
                users, tables = change_facets(session)
        except Exception as exc:
            self.post_message(self.Failed(describe(exc)))
            return
        self.post_message(self.FacetsLoaded(users, tables))

    @work(thread=True, exclusive=True, group="changes-open", exit_on_error=False)
    def check_record(self, table: str, record_id: int) -> None:
        from officer_tui.services.history import owner_table, record_exists

        table = owner_table(table)  # a participant, a goal ...: the record it belongs to
        try:
            with self.app.database.session() as session:  # type: ignore[attr-defined]
                exists = record_exists(session, table=table, record_id=record_id)
        except Exception as exc:
            self.post_message(self.Failed(describe(exc)))
            return
        self.post_message(self.Opened(table, record_id, exists))

    # --- results ---------------------------------------------------------------------------

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        if (message.user, message.table) != (self.user, self.kind_table):
            return  # an older load finished late
        self.loaded_once = True
        filtered = self.user is not None or self.kind_table is not None
        empty = _("No change matches these choices.") if filtered else None
        self.query_one(HistoryView).show(message.changes, empty_text=empty)
        count = len(message.changes)
        if count >= LIMIT:
            summary = _("the newest {n} changes; choose a user or a kind to see older ones").format(n=LIMIT)
        else:
            summary = ngettext("{n} change", "{n} changes", count).format(n=count)
        self.query_one(".history-summary", Static).update(summary)

    @on(FacetsLoaded)
    def _facets(self, message: FacetsLoaded) -> None:
        from officer_tui.services.history_views import kind_label

        users = self.query_one("#changes-user", Select)
        users.set_options([(user or "?", user) for user in message.users])
        if self.user in message.users:
            users.value = self.user
        kinds = self.query_one("#changes-kind", Select)
        kinds.set_options([(kind_label(table), table) for table in message.tables])
        if self.kind_table in message.tables:
            kinds.value = self.kind_table

    @on(Select.Changed, "#changes-user")
    def _user_chosen(self, event: Select.Changed) -> None:
        value = event.value if isinstance(event.value, str) else None
        if value != self.user:
            self.user = value
            self.reload()

    @on(Select.Changed, "#changes-kind")
    def _kind_chosen(self, event: Select.Changed) -> None:
        value = event.value if isinstance(event.value, str) else None
        if value != self.kind_table:
            self.kind_table = value
            self.reload()

    @on(HistoryView.RevertRequested)
    def _revert(self, message: HistoryView.RevertRequested) -> None:
        self.app.push_screen(RevertScreen(message.change.group_uid), self._reverted)

    def _reverted(self, done: bool | None) -> None:
        if done:
            self.app.reload_all_panes()  # type: ignore[attr-defined]

    @on(Opened)
    def _opened(self, message: Opened) -> None:
        from officer_tui.services.exchange_tables import KIND_TABLES
        from officer_tui.ui.open_record import open_record

        if not message.exists:
            self.notify(_("That record no longer exists: its history is all that is left."),
                        severity="warning")
            return
        if message.table == "orgunit":
            from officer_tui.ui.screens.unit_form import UnitFormScreen

            self.app.push_screen(UnitFormScreen(unit_id=message.record_id))
            return
        kind = next((kind for kind, table in KIND_TABLES.items() if table == message.table), None)
        if kind is None or not open_record(self.app, kind, message.record_id):
            self.app.push_screen(HistoryScreen(message.table, message.record_id))

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self.notify(message.text, severity="error", timeout=8)

    # --- actions ---------------------------------------------------------------------------

    def action_open_record(self) -> None:
        change = self.query_one(HistoryView).current
        if change is not None:
            self.check_record(change.table, change.record_id)

    def action_close(self) -> None:
        self.dismiss(None)
