"""``d`` in the Meetings pane: the decision register, every decision of every meeting.

Newest first, searchable as you type (the decision, its agenda item, the meeting; ``muller``
finds ``Müller``). ``enter`` opens the meeting the decision was taken in.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Footer, Input, Static

from officer_tui.i18n import N_, _, format_date, ngettext, pgettext
from officer_tui.services.meeting_views import DecisionRow
from officer_tui.ui.errors import describe
from officer_tui.ui.localize import Localized
from officer_tui.ui.screens.meeting_format import record_text
from officer_tui.ui.widgets.virtual_table import Column, Row, VirtualTable

LIMIT = 2000

HELP = N_(
    """The decision register lists every decision recorded in any meeting, newest first, with
the meeting's date, the meeting, the agenda item and the records it concerns (the item's
linked project, request or idea and the meeting's links).

Type to search: the words are looked for in the decision, the item and the meeting title
(capitals and accents do not matter). `↓` moves from the search to the list; `Enter` opens the
meeting, `/` goes back to the search, `Esc` closes the register.
"""
)


def records_of(row: DecisionRow) -> str:
    links = ([row.subject] if row.subject is not None else []) + [
        link for link in row.meeting_links if row.subject is None
        or (link.kind, link.record_id) != (row.subject.kind, row.subject.record_id)]
    return "; ".join(record_text(link) for link in links)


def to_row(row: DecisionRow) -> Row:
    return Row(key=row.id, cells=(
        format_date(row.held_on),
        row.meeting_title,
        row.item_title,
        Text(row.text, style="bold"),
        records_of(row),
    ))


class DecisionsScreen(Localized, ModalScreen[None]):
    HELP_TITLE = N_("Decision register")
    HELP = HELP

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "app.help", N_("Help"), id="decisions.help",
                tooltip=N_("Help for the decision register")),
        Binding("escape", "close", N_("Close"), id="decisions.close", tooltip=N_("Close the register")),
        Binding("slash", "search", N_("Search"), id="decisions.search", tooltip=N_("Back to the search field")),
        Binding("down", "to_list", N_("To the list"), id="decisions.to_list", show=False,
                tooltip=N_("From the search field to the list")),
    ]
    DEFAULT_CSS = """
    DecisionsScreen {
        align: center middle;
        & > Vertical { width: 96%; max-width: 160; height: 92%; border: round $primary;
                       background: $surface; padding: 0 1; }
        & #decisions-title { text-style: bold; }
        & #decisions-summary { color: $text-muted; }
        & VirtualTable { height: 1fr; }
        & #decision-full { height: auto; max-height: 6; border-top: hkey $panel-lighten-1; }
    }
    """

    class Loaded(Message):
        def __init__(self, text: str, rows: list[DecisionRow]) -> None:
            super().__init__()
            self.text = text
            self.rows = rows

    class Failed(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self) -> None:
        super().__init__()
        self._rows: dict[int, DecisionRow] = {}
        self._text = ""
        self._debounce: Timer | None = None
        self.loaded_once = False

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Decision register"), id="decisions-title", markup=False)
            yield Input(id="decisions-search", placeholder=_("Search decisions, items, meetings"), compact=True)
            yield Static("", id="decisions-summary", markup=False)
            yield VirtualTable([
                Column("date", pgettext("column", "Date"), width=10),
                Column("meeting", pgettext("column", "Meeting"), width=22, shrink_to=14, hide_below=70),
                Column("item", pgettext("column", "Item"), width=22, shrink_to=14, hide_below=100),
                Column("text", pgettext("column", "Decision"), width=None, min_width=24),
                Column("records", pgettext("column", "Concerns"), width=26, shrink_to=16, hide_below=120),
            ], id="decisions-table")
            yield Static("", id="decision-full", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#decisions-search").focus()
        self.reload("")

    def on_screen_resume(self) -> None:
        if self.loaded_once:
            self.reload(self._text)

    @property
    def table(self) -> VirtualTable:
        return self.query_one("#decisions-table", VirtualTable)

    @work(thread=True, exclusive=True, group="decisions-load", exit_on_error=False)
    def reload(self, text: str) -> None:
        from officer_tui.services import meetings

        try:
            with self.app.database.session() as session:  # type: ignore[attr-defined]
                rows = meetings.decisions(session, text=text, limit=LIMIT + 1)
        except Exception as exc:
            self.post_message(self.Failed(describe(exc)))
            return
        self.post_message(self.Loaded(text, rows))

    @on(Input.Changed, "#decisions-search")
    def _typed(self, event: Input.Changed) -> None:
        self._text = event.value
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(0.12, lambda: self.reload(self._text))

    @on(Input.Submitted, "#decisions-search")
    def _submitted(self) -> None:
        self.action_to_list()

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        if message.text != self._text:
            return
        self.loaded_once = True
        more = len(message.rows) > LIMIT
        rows = message.rows[:LIMIT]
        self._rows = {row.id: row for row in rows}
        keep = self.table.cursor_key
        empty = _("No decision matches.") if message.text.strip() else _(
            "No decisions yet. Record them in a meeting: Enter on it, then o on an agenda item.")
        self.table.reset(len(rows), [to_row(row) for row in rows], keep_cursor_key=keep, empty_text=empty)
        summary = ngettext("{n} decision", "{n} decisions", len(rows)).format(n=len(rows))
        if more:
            summary = _("the newest {n} decisions; search to narrow them down").format(n=LIMIT)
        self.query_one("#decisions-summary", Static).update(summary)
        self._show_full()

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self.notify(message.text, severity="error", timeout=8)

    @on(VirtualTable.Highlighted)
    def _highlighted(self) -> None:
        self._show_full()

    def _show_full(self) -> None:
        key = self.table.cursor_key
        row = self._rows.get(key) if key is not None else None
        full = self.query_one("#decision-full", Static)
        if row is None:
            full.update("")
            return
        text = Text(row.text, style="bold")
        text.append("\n" + _("{day}, {meeting} – item: {item}").format(
            day=format_date(row.held_on), meeting=row.meeting_title, item=row.item_title), style="dim")
        records = records_of(row)
        if records:
            text.append("\n" + records, style="dim")
        full.update(text)

    @on(VirtualTable.Selected)
    def _selected(self, message: VirtualTable.Selected) -> None:
        from officer_tui.ui.screens.meeting_detail import MeetingDetailScreen

        row = self._rows.get(message.key)
        if row is not None:
            self.app.push_screen(MeetingDetailScreen(row.meeting_id))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "to_list":
            return isinstance(self.focused, Input)
        if action == "search":
            return not isinstance(self.focused, Input)
        return True

    def action_to_list(self) -> None:
        self.table.focus()

    def action_search(self) -> None:
        self.query_one("#decisions-search").focus()

    def action_close(self) -> None:
        self.dismiss(None)
