"""A record's change history: newest first, and for the highlighted entry its fields before → after.

The widget never touches the database: its screen hands it the entries (``show``) and gets
``HistoryView.RevertRequested`` back when the person presses ``r`` or ``Enter`` on one.
Everything people typed (titles, field values) is shown literally, never read as markup.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static

from officer_tui import clock
from officer_tui.i18n import N_, _, format_date, pgettext
from officer_tui.ui.formatting import themed
from officer_tui.ui.localize import Localized
from officer_tui.ui.widgets.virtual_table import Column, Row, VirtualTable

if TYPE_CHECKING:
    from officer_tui.services.history import ChangeView

EMPTY = N_("No changes recorded yet. History starts with the first change after the update to "
           "this version.")


def when_text(moment: datetime) -> str:
    """Local time: ``today 14:02``, ``yesterday 09:10`` or ``22.11.2026 14:02``."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    local = moment.astimezone()
    hour = local.strftime("%H:%M")
    days = (clock.today() - local.date()).days
    if days == 0:
        return _("today {time}").format(time=hour)
    if days == 1:
        return _("yesterday {time}").format(time=hour)
    return format_date(local.date()) + " " + hour


def what_text(change: ChangeView, *, with_record: bool = False) -> str:
    """``changed: Title, Priority``, ``created``, ``deleted`` ... (and whose, for link rows)."""
    text = change.action_text
    if change.action == "update" and change.fields:
        text = _("changed: {fields}").format(fields=", ".join(f.label for f in change.fields))
    if change.reverts:
        text = _("undo – {what}").format(what=text)
    if with_record:
        return f"#{change.record_id} “{change.record}”: {text}"
    return text


def fields_text(change: ChangeView) -> Text:
    """The entry in full: what, who, when, then each field ``before → after`` (literal text)."""
    text = Text()
    text.append(f"{change.kind} #{change.record_id} ", style="bold")
    text.append(change.record)
    text.append("\n")
    text.append(_("{what} by {user}, {when}").format(
        what=change.action_text, user=change.user, when=when_text(change.at)), style="dim")
    if change.reverts:
        text.append("\n" + _("This change undid an earlier one."), style="dim")
    for field in change.fields:
        text.append("\n")
        text.append(field.label + ": ", style="bold")
        text.append(field.before, style=themed("$text-error" if change.action == "update" else ""))
        text.append(" → ")
        text.append(field.after, style=themed("$text-success" if change.action == "update" else ""))
    return text


def history_columns(*, with_record: bool = False) -> list[Column]:
    columns = [
        Column("when", pgettext("column", "When"), width=17),
        Column("who", pgettext("column", "Who"), width=12, shrink_to=8),
    ]
    if with_record:
        columns.append(Column("kind", pgettext("column", "Kind"), width=14, shrink_to=10))
    columns.append(Column("what", pgettext("column", "What"), width=None, min_width=20))
    return columns


def to_row(change: ChangeView, *, with_record: bool = False) -> Row:
    cells: tuple = (when_text(change.at), change.user)
    if with_record:
        cells += (change.kind,)
    return Row(key=change.id, cells=(*cells, what_text(change, with_record=with_record)))


class HistoryView(Localized, Vertical, can_focus=False):
    """The changes of one record (or of many, ``with_record=True``), newest first."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "revert", N_("Revert"), id="history.revert",
                tooltip=N_("Undo the highlighted change, after a preview")),
    ]

    DEFAULT_CSS = """
    HistoryView {
        height: 1fr;
        & > VirtualTable { height: 1fr; min-height: 4; }
        & > .history-fields { height: auto; max-height: 12; overflow-y: auto;
                              border-top: hkey $panel-lighten-1; padding: 0 1; }
    }
    """

    class RevertRequested(Message):
        """``r`` or ``Enter`` on an entry: the screen shows the preview of its group."""

        def __init__(self, view: HistoryView, change: ChangeView) -> None:
            super().__init__()
            self.view = view
            self.change = change

        @property
        def control(self) -> HistoryView:
            return self.view

    class Highlighted(Message):
        def __init__(self, view: HistoryView, change: ChangeView | None) -> None:
            super().__init__()
            self.view = view
            self.change = change

        @property
        def control(self) -> HistoryView:
            return self.view

    def __init__(self, *, with_record: bool = False, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.with_record = with_record
        self._changes: dict[int, ChangeView] = {}

    def compose(self) -> ComposeResult:
        yield VirtualTable(history_columns(with_record=self.with_record))
        yield Static("", classes="history-fields", markup=False)

    @property
    def table(self) -> VirtualTable:
        return self.query_one(VirtualTable)

    @property
    def current(self) -> ChangeView | None:
        key = self.table.cursor_key
        return self._changes.get(key) if key is not None else None

    def show(self, changes: list[ChangeView], *, empty_text: str | None = None) -> None:
        """Show these entries (newest first); the cursor stays on the entry it was on."""
        keep = self.table.cursor_key
        self._changes = {change.id: change for change in changes}
        rows = [to_row(change, with_record=self.with_record) for change in changes]
        self.table.reset(len(rows), rows, keep_cursor_key=keep,
                         empty_text=empty_text if empty_text is not None else _(EMPTY))
        self._show_fields()

    def focus(self, scroll_visible: bool = True) -> HistoryView:
        self.table.focus(scroll_visible)
        return self

    @on(VirtualTable.Highlighted)
    def _highlighted(self, event: VirtualTable.Highlighted) -> None:
        event.stop()
        self._show_fields()
        self.post_message(self.Highlighted(self, self.current))

    @on(VirtualTable.Selected)
    def _selected(self, event: VirtualTable.Selected) -> None:
        event.stop()
        self.action_revert()

    def _show_fields(self) -> None:
        change = self.current
        self.query_one(".history-fields", Static).update(
            fields_text(change) if change is not None else "")

    def action_revert(self) -> None:
        change = self.current
        if change is not None:
            self.post_message(self.RevertRequested(self, change))
