"""``w``: every follow-up (Wiedervorlage) across requests, ideas and projects.

Overdue ones first (red, marked "!"), then by due date. ``enter`` opens the record a
follow-up belongs to, ``space``/``d`` marks it done (a recurring one comes back), ``n`` adds
one, ``e`` edits it, ``t`` switches between open, overdue, done and all.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Footer, Input, Static

from officer_tui import clock
from officer_tui.i18n import N_, _, format_date, ngettext, pgettext
from officer_tui.models.enums import RecordKind
from officer_tui.services.idea_views import FollowUpRow, FollowUpState
from officer_tui.ui.errors import describe
from officer_tui.ui.formatting import themed
from officer_tui.ui.localize import Localized
from officer_tui.ui.widgets.by_input import ByInput
from officer_tui.ui.widgets.virtual_table import Column, Row, VirtualTable

STATE_LABELS = {
    FollowUpState.OPEN: N_("open"),
    FollowUpState.OVERDUE: N_("overdue"),
    FollowUpState.DONE: N_("done"),
    FollowUpState.ALL: N_("all"),
}
KIND_LABELS = {
    RecordKind.REQUEST: N_("Request"),
    RecordKind.IDEA: N_("Idea"),
    RecordKind.PROJECT: N_("Project"),
    RecordKind.MEETING: N_("Meeting"),
    RecordKind.TRAINING: N_("Training"),
}
UNIT_LABELS = {"days": N_("days"), "weeks": N_("weeks"), "months": N_("months")}
LIMIT = 2000

HELP = N_(
    """Follow-ups (Wiedervorlagen) are actions with a due date and an owner, on a request, an
idea or a project. Overdue ones are marked with "!" everywhere (and red where colours show);
↻ marks a recurring one.

`Space` or `d` marks the selected follow-up done; a **recurring** one (every N days, weeks or
months, counted from its due date or from the day it was done) then comes back with its next
due date. `Enter` opens the record it belongs to, `e` edits it, `n` adds one without a
record, `t` shows open, overdue, done or all. `/` goes to the "by" field: only the follow-ups
that person created or changed (`→` completes a name; `Enter` or `Esc` back to the list).
`Esc` closes the list.
"""
)


def due_cell(row: FollowUpRow) -> Text:
    if row.done_on is not None:
        return Text(f"✓ {format_date(row.done_on)}", style="dim")
    if row.overdue:
        return Text(f"! {format_date(row.due_on)}", style=themed("bold $text-error"))
    return Text(f"  {format_date(row.due_on)}")


def recurrence_text(row: FollowUpRow) -> str:
    if row.recurrence is None:
        return ""
    every, unit, counted_from = row.recurrence
    text = _("every {n} {unit}").format(n=every, unit=_(UNIT_LABELS[unit]))
    return text + (" " + _("(from done)") if counted_from == "done" else "")


def subject_text(row: FollowUpRow) -> str:
    if row.subject_kind is None:
        return ""
    label = _(KIND_LABELS.get(row.subject_kind, row.subject_kind.value))
    return f"{label} #{row.subject_id} {row.subject_title or ''}".rstrip()


def followup_lines(rows: list[FollowUpRow]) -> Text:
    """Follow-ups of one record for a detail panel: open ones (overdue red, "!"), then done."""
    if not rows:
        return Text("—")
    text = Text()
    for index, row in enumerate(rows):
        if index:
            text.append("\n")
        if row.done_on is not None:
            text.append(f"✓ {format_date(row.done_on)} {row.title}", style="dim")
        elif row.overdue:
            text.append(f"! {format_date(row.due_on)} {row.title}", style=themed("bold $text-error"))
        else:
            text.append(f"  {format_date(row.due_on)} {row.title}")
        if row.recurrence and row.done_on is None:
            text.append(" ↻", style="dim")
        if row.owner_name:
            text.append(f" · {row.owner_name}", style="dim")
    return text


def to_row(row: FollowUpRow) -> Row:
    return Row(key=row.id, cells=(
        due_cell(row),
        Text(row.title + (" ↻" if row.recurrence else ""),
             style=themed("bold $text-error" if row.overdue else "")),
        row.owner_name or "",
        subject_text(row),
    ))


class FollowUpsScreen(Localized, ModalScreen[None]):
    HELP_TITLE = N_("Follow-ups")
    HELP = HELP
    AUTO_FOCUS = "#followups-table"  # the list, not the "by" field

    BINDINGS: ClassVar[list[BindingType]] = [
        # Modal screens do not see the app's own keys: help is offered here too.
        Binding("question_mark", "app.help", N_("Help"), id="followups.help", tooltip=N_("Help for this list")),
        Binding("escape,w", "close", N_("Close"), id="followups.close", tooltip=N_("Close the list")),
        Binding("space,d", "done", N_("Done"), id="followups.done",
                tooltip=N_("Mark done; a recurring one comes back")),
        Binding("n", "new", N_("New"), id="followups.new", tooltip=N_("Add a follow-up")),
        Binding("e", "edit", N_("Edit"), id="followups.edit", tooltip=N_("Edit the follow-up")),
        Binding("t", "state", N_("Show"), id="followups.state",
                tooltip=N_("Show open, overdue, done or all follow-ups")),
        Binding("slash", "by", N_("By"), id="followups.by",
                tooltip=N_("Only the follow-ups a person created or changed")),
    ]
    DEFAULT_CSS = """
    FollowUpsScreen {
        align: center middle;
        & > Vertical { width: 96%; max-width: 140; height: 90%; border: round $primary;
                       background: $surface; padding: 0 1; }
        & #followups-title { text-style: bold; }
        & #followups-bar { height: 1; }
        & #followups-summary { color: $text-muted; width: 1fr; }
        & #followups-who { color: $text-muted; height: 1; }
        & VirtualTable { height: 1fr; }
    }
    """

    class Loaded(Message):
        def __init__(self, rows: list[FollowUpRow], state: FollowUpState, keep: int | None,
                     by: str | None = None, users: list[str] | None = None) -> None:
            super().__init__()
            self.rows = rows
            self.state = state
            self.keep = keep
            self.by = by
            self.users = users or []

    class AuthorsLoaded(Message):
        def __init__(self, followup_id: int, text: str) -> None:
            super().__init__()
            self.followup_id = followup_id
            self.text = text

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
        self.state = FollowUpState.OPEN
        self.by: str | None = None  # only what this person created or changed
        self._rows: dict[int, FollowUpRow] = {}
        self._debounce: Timer | None = None
        self.loaded_once = False

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Follow-ups"), id="followups-title", markup=False)
            with Horizontal(id="followups-bar"):
                yield Static("", id="followups-summary", markup=False)
                yield ByInput(id="followups-by", tooltip=_("Only follow-ups this person created or changed"))
            yield VirtualTable([
                Column("due", pgettext("column", "Due"), width=13),
                Column("title", pgettext("column", "Title"), width=None, min_width=20),
                Column("owner", pgettext("column", "Owner"), width=20, shrink_to=14, hide_below=70),
                Column("subject", pgettext("column", "On"), width=None, min_width=16),
            ], id="followups-table")
            yield Static("", id="followups-who", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.reload()

    def on_screen_resume(self) -> None:
        if self.loaded_once:
            self.reload(keep=self.table.cursor_key)

    @property
    def table(self) -> VirtualTable:
        return self.query_one("#followups-table", VirtualTable)

    @work(thread=True, exclusive=True, group="followups-load", exit_on_error=False)
    def reload(self, keep: int | None = None) -> None:
        from officer_tui.services import followups
        from officer_tui.services.authors import known_users

        state, by = self.state, self.by
        try:
            with self.app.database.session() as session:  # type: ignore[attr-defined]
                rows = followups.list_followups(session, state=state, limit=LIMIT, today=clock.today(),
                                                changed_by=by)
                users = known_users(session)
        except Exception as exc:
            self.post_message(self.Failed(describe(exc)))
            return
        self.post_message(self.Loaded(rows, state, keep, by, users))

    @work(thread=True, exclusive=True, group="followups-who", exit_on_error=False)
    def load_authors(self, followup_id: int) -> None:
        from officer_tui.services.authors import authorship_of

        try:
            with self.app.database.session() as session:  # type: ignore[attr-defined]
                text = authorship_of(session, table="followup", record_id=followup_id).text()
        except Exception as exc:
            self.post_message(self.Failed(describe(exc)))
            return
        self.post_message(self.AuthorsLoaded(followup_id, text))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        if message.state != self.state or message.by != self.by:
            return
        self.query_one("#followups-by", ByInput).set_users(message.users)
        self.loaded_once = True
        self._rows = {row.id: row for row in message.rows}
        self.table.reset(len(message.rows), [to_row(row) for row in message.rows],
                         keep_cursor_key=message.keep,
                         empty_text=_("No follow-ups here. Press n to add one."))
        ids = [row.id for row in message.rows]
        if message.keep in ids:
            self.table.cursor_row = ids.index(message.keep)
        overdue = sum(1 for row in message.rows if row.overdue)
        text = ngettext("{n} follow-up", "{n} follow-ups", len(ids)).format(n=len(ids))
        text += " · " + _("showing: {state}").format(state=_(STATE_LABELS[self.state]))
        if self.by:
            text += " · " + _("by {user}").format(user=self.by)
        if overdue:
            text += " · " + ngettext("{n} overdue", "{n} overdue", overdue).format(n=overdue)
        self.query_one("#followups-summary", Static).update(text)

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self.notify(message.text, severity="error", timeout=8)

    @on(Notice)
    def _notice(self, message: Notice) -> None:
        self.notify(message.text)

    @work(thread=True, group="followups-write", exit_on_error=False)
    def mark_done(self, followup_id: int) -> None:
        from officer_tui.services import followups

        try:
            with self.app.database.session() as session:  # type: ignore[attr-defined]
                _done, following = followups.mark_done(session, followup_id=followup_id,
                                                       today=clock.today())
                text = _("Follow-up #{id} done.").format(id=followup_id)
                if following is not None:
                    text += " " + _("Next one due {date}.").format(date=format_date(following.due_on))
        except Exception as exc:
            self.post_message(self.Failed(describe(exc)))
            return
        self.post_message(self.Notice(text))
        self.app.call_from_thread(self.reload, keep=None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {"done", "edit"}:
            return True if self.table.cursor_key is not None else None
        return True

    def action_close(self) -> None:
        if isinstance(self.focused, ByInput):  # Esc in the "by" field: back to the list
            self.table.focus()
            return
        self.dismiss(None)

    def action_by(self) -> None:
        self.query_one("#followups-by", ByInput).focus()

    @on(Input.Changed, "#followups-by")
    def _by_typed(self) -> None:
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(0.15, self._by_changed)

    @on(Input.Submitted, "#followups-by")
    def _by_submitted(self) -> None:
        if self._debounce is not None:
            self._debounce.stop()
        self._by_changed()
        self.table.focus()

    def _by_changed(self) -> None:
        by = self.query_one("#followups-by", ByInput).user
        if by != self.by:
            self.by = by
            self.reload()

    @on(VirtualTable.Highlighted)
    def _highlighted(self, message: VirtualTable.Highlighted) -> None:
        self.query_one("#followups-who", Static).update("")
        if message.key is not None:
            self.load_authors(message.key)

    @on(AuthorsLoaded)
    def _authors_loaded(self, message: AuthorsLoaded) -> None:
        if message.followup_id == self.table.cursor_key:
            self.query_one("#followups-who", Static).update(message.text)

    def action_done(self) -> None:
        key = self.table.cursor_key
        row = self._rows.get(key) if key is not None else None
        if row is None:
            return
        if row.done_on is not None:
            self.notify(_("This follow-up is done already."))
            return
        self.mark_done(row.id)

    def action_state(self) -> None:
        order = list(FollowUpState)
        self.state = order[(order.index(self.state) + 1) % len(order)]
        self.reload()

    def action_new(self) -> None:
        self._open_form(None)

    def action_edit(self) -> None:
        key = self.table.cursor_key
        if key is not None:
            self._open_form(key)

    def _open_form(self, followup_id: int | None) -> None:
        from officer_tui.ui.screens.followup_form import FollowUpFormScreen

        def saved(result: int | None) -> None:
            if result is not None:
                self.reload(keep=result)

        self.app.push_screen(FollowUpFormScreen(followup_id=followup_id), saved)

    @on(VirtualTable.Selected)
    def _selected(self, message: VirtualTable.Selected) -> None:
        row = self._rows.get(message.key)
        if row is None or row.subject_kind is None:
            return
        from officer_tui.ui.open_record import open_record

        # The record may get or close follow-ups while open: read the list afresh after.
        open_record(self.app, row.subject_kind, row.subject_id,
                    lambda _result: self.reload(keep=row.id))
