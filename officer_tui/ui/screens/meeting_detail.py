"""One meeting, to prepare it, run it and close it.

The header says what, when, where, which series and whether the meeting is closed. Left: the
participants (attendance by single keys) and the agenda; right: the highlighted item's
outcomes and its notes (Markdown). The keys act on the list that has focus (Tab moves on);
the footer shows the ones in force. A closed meeting is read-only: its editing keys are
disabled until it is reopened.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from officer_tui import clock
from officer_tui.i18n import N_, _, format_date, ngettext, pgettext
from officer_tui.labels import meeting_kind_label
from officer_tui.models.enums import AgendaStatus, Attendance, OutcomeKind
from officer_tui.ui.errors import describe
from officer_tui.ui.localize import Localized
from officer_tui.ui.screens.meeting_format import (
    CARRIED,
    LOCK,
    agenda_status_text,
    attendance_text,
    duration_text,
    every_text,
    outcome_line,
    record_text,
    weekday_date,
    when_text,
)
from officer_tui.ui.widgets.markdown_notes import MarkdownNotes
from officer_tui.ui.widgets.virtual_table import Column, Row, VirtualTable

if TYPE_CHECKING:
    from officer_tui.services.meeting_views import ItemView, MeetingDetail, OutcomeView

HELP = N_(
    """The meeting screen is where a meeting is prepared, run and closed. `Tab` moves between
the participants, the agenda, the outcomes and the notes; the keys below act on the list
that has focus.

**Participants**: `p` present, `e` excused, `a` absent (the cursor then moves to the next
person, for a quick roll call), `-` not marked. `+` adds a person, `Del` removes one.
Symbols: ✓ present, e excused, ✗ absent, · not marked.

**Agenda**: `a` adds an item (title, presenter, minutes, the project, request or idea it is
about), `e` edits it, `Del` deletes it, `K`/`J` (or Ctrl+↑/↓) move it up or down, `Space`
marks it dealt with (or open again). `Enter` or `t` writes the item's **notes** in Markdown.
Items marked ↻ were carried over from the series' previous meeting.

**Outcomes**: `o` records what came out of the item: information, a **decision** (it goes
into the decision register) or an **action**, which needs an owner and a due date and
becomes a follow-up on the item's record (or on the meeting). On the outcomes list `e`
changes one and `Del` deletes it (an action's open follow-up goes with it).

`E` edits the meeting itself (time, place, participants, links). `c` **closes** the meeting:
it becomes read-only; `c` again reopens it. `N` plans the series' next meeting (open items
carry over), `[` and `]` go to the previous and next meeting of the series. `x` exports the
minutes (Markdown), `i` the calendar entry (ICS). `Esc` goes back.
"""
)

# Which list an action works on: the key does nothing (and is not shown) elsewhere.
CONTEXT = {
    "present": "people", "excused": "people", "absent": "people", "unmarked": "people",
    "add_person": "people", "remove_person": "people",
    "add_item": "agenda", "edit_item": "agenda", "notes": "agenda", "toggle_done": "agenda",
    "delete_item": "agenda", "move_up": "agenda", "move_down": "agenda",
    "add_outcome": "agenda outcomes notes", "edit_outcome": "outcomes", "delete_outcome": "outcomes",
}
# Refused while the meeting is closed.
EDITING = set(CONTEXT) | {"edit"}
NEEDS_ITEM = {"edit_item", "notes", "toggle_done", "delete_item", "move_up", "move_down", "add_outcome"}
NEEDS_PERSON = {"present", "excused", "absent", "unmarked", "remove_person"}
NEEDS_OUTCOME = {"edit_outcome", "delete_outcome"}


def person_row(person) -> Row:
    return Row(key=person.contact_id, cells=(attendance_text(person.attendance), person.name, person.unit or ""))


def item_row(item: ItemView) -> Row:
    dimmed = item.status == AgendaStatus.CARRIED
    title = Text(item.title, style="dim" if dimmed else "")
    if item.carried_from is not None:
        title = Text(f"{CARRIED} " + item.title, style=title.style)
    decisions = sum(1 for o in item.outcomes if o.kind == OutcomeKind.DECISION)
    actions = sum(1 for o in item.outcomes if o.kind == OutcomeKind.ACTION)
    marks = ("◆" * min(decisions, 3)) + ("→" * min(actions, 3))
    return Row(key=item.id, cells=(
        f"{item.position}.",
        agenda_status_text(item.status),
        title,
        item.presenter_name or "",
        "" if item.minutes is None else str(item.minutes),
        record_text(item.subject) if item.subject else "",
        marks,
    ))


def outcome_option(outcome: OutcomeView, today) -> Option:
    """One outcome, wrapped over as many lines as it needs (decisions bold, overdue red)."""
    return Option(outcome_line(outcome, today), id=str(outcome.id))


class MeetingDetailScreen(Localized, Screen[bool]):
    """Dismisses with True when something changed."""

    HELP_TITLE = N_("Meeting")
    HELP = HELP
    CSS_PATH = "meeting_detail.tcss"
    AUTO_FOCUS = "#agenda"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", N_("Back"), id="meeting.back", tooltip=N_("Back to the list")),
        # the participants
        Binding("p", "present", N_("Present"), id="meeting.present", tooltip=N_("Mark present")),
        Binding("e", "excused", N_("Excused"), id="meeting.excused", tooltip=N_("Mark excused")),
        Binding("a", "absent", N_("Absent"), id="meeting.absent", tooltip=N_("Mark absent")),
        Binding("minus", "unmarked", N_("Not marked"), id="meeting.unmarked", show=False,
                tooltip=N_("Attendance not marked")),
        Binding("plus", "add_person", N_("Add"), id="meeting.add_person",
                tooltip=N_("Add a participant")),
        Binding("delete", "remove_person", N_("Remove"), id="meeting.remove_person", show=False,
                tooltip=N_("Remove the participant from the meeting")),
        # the agenda
        Binding("a", "add_item", N_("Add item"), id="meeting.add_item", tooltip=N_("Add an agenda item")),
        Binding("e", "edit_item", N_("Edit item"), id="meeting.edit_item",
                tooltip=N_("Edit title, presenter, minutes and linked record of the item")),
        Binding("t", "notes", N_("Notes"), id="meeting.notes",
                tooltip=N_("Write the item's notes in Markdown (Enter does the same)")),
        Binding("space", "toggle_done", N_("Done"), id="meeting.toggle_done",
                tooltip=N_("Mark the item dealt with, or open again")),
        Binding("o", "add_outcome", N_("Outcome"), id="meeting.add_outcome",
                tooltip=N_("Record information, a decision or an action for the item")),
        Binding("ctrl+up,K", "move_up", N_("Move up"), id="meeting.move_up", show=False,
                tooltip=N_("Move the item up the agenda")),
        Binding("ctrl+down,J", "move_down", N_("Move down"), id="meeting.move_down", show=False,
                tooltip=N_("Move the item down the agenda")),
        Binding("delete", "delete_item", N_("Delete item"), id="meeting.delete_item", show=False,
                tooltip=N_("Delete the item with its outcomes")),
        # the outcomes
        Binding("e", "edit_outcome", N_("Edit outcome"), id="meeting.edit_outcome",
                tooltip=N_("Change the outcome's text, owner or due date")),
        Binding("delete", "delete_outcome", N_("Delete outcome"), id="meeting.delete_outcome",
                tooltip=N_("Delete the outcome; an action's open follow-up goes with it")),
        # the meeting
        Binding("E", "edit", N_("Edit meeting"), id="meeting.edit",
                tooltip=N_("Edit time, place, participants and links of the meeting")),
        Binding("C", "close_meeting", N_("Close"), id="meeting.close",
                tooltip=N_("Close the meeting: it becomes read-only")),
        Binding("C", "reopen", N_("Reopen"), id="meeting.reopen",
                tooltip=N_("Reopen the meeting to change it")),
        Binding("N", "plan_next", N_("Plan next"), id="meeting.plan_next",
                tooltip=N_("Plan the series' next meeting; open items carry over")),
        Binding("x", "minutes", N_("Minutes"), id="meeting.minutes",
                tooltip=N_("Export the minutes as Markdown")),
        Binding("i", "ics", N_("ICS"), id="meeting.ics", show=False,
                tooltip=N_("Export the meeting as a calendar file (ICS)")),
        Binding("left_square_bracket", "previous", N_("Previous"), id="meeting.previous", show=False,
                tooltip=N_("The series' previous meeting")),
        Binding("right_square_bracket", "next", N_("Next"), id="meeting.next", show=False,
                tooltip=N_("The series' next meeting")),
    ]

    class Loaded(Message):
        def __init__(self, detail: MeetingDetail) -> None:
            super().__init__()
            self.detail = detail

    class Failed(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Notice(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, meeting_id: int) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.detail: MeetingDetail | None = None
        self.changed = False
        self._item_id: int | None = None  # the agenda item shown on the right
        self.last_export: Path | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="meeting-header", markup=False)
        yield Static("", id="meeting-state", markup=False)
        with Horizontal(id="meeting-body"):
            with Vertical(id="meeting-left"):
                yield Static("", id="people-title", classes="section-title", markup=False)
                yield VirtualTable([
                    Column("attendance", pgettext("column", "Attendance"), width=16, shrink_to=3),
                    Column("name", pgettext("column", "Name"), width=None, min_width=14),
                    Column("unit", pgettext("column", "Unit"), width=None, min_width=10, hide_below=50),
                ], id="people")
                yield Static("", id="agenda-title", classes="section-title", markup=False)
                yield VirtualTable([
                    Column("pos", "#", width=3, align="right"),
                    Column("status", pgettext("column", "Status"), width=14, shrink_to=3),
                    Column("title", pgettext("column", "Item"), width=None, min_width=16),
                    Column("presenter", pgettext("column", "Presenter"), width=16, shrink_to=12, hide_below=70),
                    Column("minutes", pgettext("column", "Min."), width=4, align="right", hide_below=56),
                    Column("about", pgettext("column", "About"), width=18, hide_below=100),
                    Column("outcomes", "", width=3, hide_below=60),
                ], id="agenda")
            with Vertical(id="meeting-right"):
                yield Static("", id="item-title", classes="section-title", markup=False)
                yield Static("", id="item-meta", markup=False)
                yield Static(_("Outcomes"), id="outcomes-title", markup=False)
                yield OptionList(id="outcomes")
                yield MarkdownNotes(id="notes")
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    def on_resize(self) -> None:
        # Side by side unless narrow and tall enough to stack; compact on short terminals.
        self.set_class(self.size.width < 100 and self.size.height >= 40, "-narrow")
        self.set_class(self.size.height < 32, "-short")

    @property
    def people(self) -> VirtualTable:
        return self.query_one("#people", VirtualTable)

    @property
    def agenda(self) -> VirtualTable:
        return self.query_one("#agenda", VirtualTable)

    @property
    def outcomes(self) -> OptionList:
        return self.query_one("#outcomes", OptionList)

    @property
    def current_item(self) -> ItemView | None:
        if self.detail is None or self.agenda.cursor_key is None:
            return None
        return next((item for item in self.detail.items if item.id == self.agenda.cursor_key), None)

    @property
    def current_outcome(self) -> OutcomeView | None:
        item = self.current_item
        options = self.outcomes
        if item is None or options.highlighted is None or not options.option_count:
            return None
        key = int(options.get_option_at_index(options.highlighted).id or 0)
        return next((o for o in item.outcomes if o.id == key), None)

    def _focus_context(self) -> str:
        focused = self.focused
        return focused.id if focused is not None and focused.id else ""

    # --- loading ----------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="meeting-load", exit_on_error=False)
    def load(self) -> None:
        from officer_tui.services import meetings

        try:
            with self.app.database.session() as session:  # type: ignore[attr-defined]
                detail = meetings.meeting_detail(session, self.meeting_id)
        except Exception as exc:
            self.post_message(self.Failed(describe(exc)))
            return
        self.post_message(self.Loaded(detail))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        detail = message.detail
        if detail.id != self.meeting_id:
            return
        self.detail = detail
        today = clock.today()
        self._show_header(detail)
        keep_person = self.people.cursor_key
        rows = [person_row(p) for p in detail.participants]
        self.people.reset(len(rows), rows, keep_cursor_key=keep_person,
                          empty_text=_("Nobody invited yet. Press + to add someone."))
        keys = [p.contact_id for p in detail.participants]
        if keep_person in keys:
            self.people.cursor_row = keys.index(keep_person)
        self.people.styles.height = min(max(len(rows), 1) + 1, 9)
        present = sum(1 for p in detail.participants if p.attendance == Attendance.PRESENT)
        title = ngettext("Participants ({n})", "Participants ({n})", len(rows)).format(n=len(rows))
        if any(p.attendance != Attendance.INVITED for p in detail.participants):
            title += " · " + _("{n} present").format(n=present)
        self.query_one("#people-title", Static).update(title)
        keep_item = self.agenda.cursor_key if self._item_id is None else self._item_id
        rows = [item_row(item) for item in detail.items]
        self.agenda.reset(len(rows), rows, keep_cursor_key=keep_item,
                          empty_text=_("No agenda yet. Press a to add an item."))
        ids = [item.id for item in detail.items]
        if keep_item in ids:
            self.agenda.cursor_row = ids.index(keep_item)
        planned = detail.planned_minutes
        title = ngettext("Agenda ({n} item)", "Agenda ({n} items)", len(ids)).format(n=len(ids))
        if planned:
            title += " · " + _("{time} planned").format(time=duration_text(planned))
            if detail.duration_minutes and planned > detail.duration_minutes:
                title += " · " + _("more than the meeting's {time}!").format(
                    time=duration_text(detail.duration_minutes))
        self.query_one("#agenda-title", Static).update(title)
        self._show_item(self.current_item, today, force=True)
        self.refresh_bindings()

    def _show_header(self, detail: MeetingDetail) -> None:
        header = Text(detail.title, style="bold")
        header.append(f"  #{detail.id}", style="dim")
        header.append("\n" + meeting_kind_label(detail.kind) + " · ")
        header.append(when_text(detail.held_on, detail.start_time, detail.end_time, detail.duration_minutes))
        if detail.unit_name:
            header.append(" · " + _("Host: {unit}").format(unit=detail.unit_name))
        where = [part for part in (detail.place, detail.online_url) if part]
        if where:
            header.append("\n" + " · ".join(where))
        if detail.series_title:
            series = _("Series: {title} ({every})").format(title=detail.series_title,
                                                          every=every_text(detail.series_every))
            steps = []
            if detail.previous_id is not None:
                steps.append(_("[ previous"))
            if detail.next_id is not None:
                steps.append(_("] next"))
            header.append("\n" + series, style="dim")
            if steps:
                header.append("  " + "  ".join(steps), style="dim")
        if detail.links:
            header.append("\n" + _("About: {records}").format(
                records=", ".join(record_text(link) for link in detail.links)), style="dim")
        self.query_one("#meeting-header", Static).update(header)
        state = self.query_one("#meeting-state", Static)
        if detail.closed:
            state.update(Text(f"{LOCK} " + _("Closed on {day}: read-only. Press C to reopen it.").format(
                day=format_date(detail.closed_at.date())), style="bold"))
        else:
            state.update("")
        state.display = detail.closed
        self.set_class(detail.closed, "-closed")

    def _show_item(self, item: ItemView | None, today, *, force: bool = False) -> None:
        if item is not None and item.id == self._item_id and not force:
            return
        self._item_id = item.id if item is not None else None
        title = self.query_one("#item-title", Static)
        meta = self.query_one("#item-meta", Static)
        notes = self.query_one(MarkdownNotes)
        if item is None:
            title.update(_("General notes"))
            meta.update("")
            self.outcomes.clear_options()
            self.outcomes.display = False
            self.query_one("#outcomes-title").display = False
            notes.show(self.detail.notes if self.detail else "", _("No notes. E edits the meeting."))
            return
        title.update(Text(f"{item.position}. {item.title}"))
        parts = Text()
        parts.append_text(agenda_status_text(item.status))
        if item.presenter_name:
            parts.append(" · " + _("presented by {name}").format(name=item.presenter_name))
        if item.minutes:
            parts.append(" · " + _("{n} min").format(n=item.minutes))
        if item.subject is not None:
            parts.append("\n" + record_text(item.subject))
        if item.carried_from is not None:
            parts.append("\n" + f"{CARRIED} " + _("carried over from the meeting of {day}").format(
                day=weekday_date(item.carried_from[1])), style="dim")
        meta.update(parts)
        options = self.outcomes
        keep = options.highlighted
        options.clear_options()
        options.add_options([outcome_option(outcome, today) for outcome in item.outcomes])
        if item.outcomes:
            options.highlighted = min(keep or 0, len(item.outcomes) - 1)
        options.display = bool(item.outcomes)
        outcomes_title = self.query_one("#outcomes-title", Static)
        outcomes_title.display = True
        outcomes_title.update(_("Outcomes") if item.outcomes else _("Outcomes: none yet (o adds one)"))
        notes.show(item.notes, _("No notes yet. Press Enter to write them."))

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self.notify(message.text, severity="error", timeout=8)

    @on(Notice)
    def _notice(self, message: Notice) -> None:
        self.notify(message.text, timeout=8)

    @on(VirtualTable.Highlighted, "#agenda")
    def _item_highlighted(self, message: VirtualTable.Highlighted) -> None:
        self._show_item(self.current_item, clock.today())
        self.refresh_bindings()

    @on(VirtualTable.Highlighted)
    def _any_highlighted(self) -> None:
        self.refresh_bindings()

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    @on(VirtualTable.Selected, "#agenda")
    def _item_selected(self) -> None:
        self.action_notes()

    @on(OptionList.OptionHighlighted, "#outcomes")
    def _outcome_highlighted(self) -> None:
        self.refresh_bindings()

    @on(OptionList.OptionSelected, "#outcomes")
    def _outcome_selected(self) -> None:
        self.action_edit_outcome()

    @on(VirtualTable.Selected, "#people")
    def _person_selected(self) -> None:
        self.action_present()

    # --- writing ----------------------------------------------------------------------------

    @work(thread=True, group="meeting-write", exit_on_error=False)
    def change(self, operation: str, notice: str | None = None, **arguments: object) -> None:
        """One service call; the meeting is reloaded after it, the error said if refused."""
        from officer_tui.services import meetings

        try:
            with self.app.database.session() as session:  # type: ignore[attr-defined]
                getattr(meetings, operation)(session, **arguments)
        except Exception as exc:
            self.post_message(self.Failed(describe(exc)))
            self.app.call_from_thread(self.load)
            return
        if notice:
            self.post_message(self.Notice(notice))
        self.app.call_from_thread(self._changed)

    def _changed(self) -> None:
        self.changed = True
        self.load()

    def _after_form(self, result: int | None) -> None:
        if result is not None:
            self._changed()

    # --- actions ----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        detail = self.detail
        context = CONTEXT.get(action)
        if context is not None and self._focus_context() not in context.split():
            return False
        if action == "close_meeting":
            return False if detail is not None and detail.closed else (detail is not None or None)
        if action == "reopen":
            return True if detail is not None and detail.closed else False
        if action == "back":
            return True
        if detail is None:
            return None
        if action in EDITING and detail.closed:
            return None
        if action in NEEDS_ITEM and self.current_item is None:
            return None
        if action in NEEDS_PERSON and self.people.cursor_key is None:
            return None
        if action in NEEDS_OUTCOME and self.current_outcome is None:
            return None
        if action == "toggle_done":
            item = self.current_item
            return True if item is not None and item.status != AgendaStatus.CARRIED else None
        if action == "plan_next":
            return True if detail.series_id is not None else None
        if action == "previous":
            return True if detail.previous_id is not None else None
        if action == "next":
            return True if detail.next_id is not None else None
        return True

    def _refuse_closed(self) -> bool:
        """Said when a key is pressed that a closed meeting does not allow."""
        if self.detail is not None and self.detail.closed:
            self.notify(_("This meeting is closed; press C to reopen it."), severity="warning")
            return True
        return False

    def action_back(self) -> None:
        self.dismiss(self.changed)

    def _mark(self, attendance: Attendance) -> None:
        key = self.people.cursor_key
        if key is None or self._refuse_closed():
            return
        # Shown and moved on at once, so that marking a room full of people is one key per
        # person however fast they are typed; the write follows in a worker.
        person = next((p for p in self.detail.participants if p.contact_id == key), None) if self.detail else None
        if person is not None:
            self.people.replace_row(key, person_row(replace(person, attendance=attendance)))
        row = self.people.cursor_row
        if attendance != Attendance.INVITED and row < self.people.row_count - 1:
            self.people.cursor_row = row + 1
        self.change("set_attendance", meeting_id=self.meeting_id, contact_id=key, attendance=attendance)

    def action_present(self) -> None:
        self._mark(Attendance.PRESENT)

    def action_excused(self) -> None:
        self._mark(Attendance.EXCUSED)

    def action_absent(self) -> None:
        self._mark(Attendance.ABSENT)

    def action_unmarked(self) -> None:
        self._mark(Attendance.INVITED)

    def action_add_person(self) -> None:
        from officer_tui.ui.screens.meeting_dialogs import PersonPickScreen

        if self.detail is None or self._refuse_closed():
            return
        present = {p.contact_id for p in self.detail.participants}

        def added(contact_id: int | None) -> None:
            if contact_id is not None:
                self._changed()

        self.app.push_screen(PersonPickScreen(meeting_id=self.meeting_id, present=present), added)

    def action_remove_person(self) -> None:
        from officer_tui.ui.screens.idea_dialogs import ConfirmScreen

        key = self.people.cursor_key
        if key is None or self.detail is None or self._refuse_closed():
            return
        name = next((p.name for p in self.detail.participants if p.contact_id == key), "?")

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.change("remove_participant", meeting_id=self.meeting_id, contact_id=key)

        self.app.push_screen(ConfirmScreen(_("Remove {name} from the meeting?").format(name=name),
                                           _("Their attendance is forgotten.")), confirmed)

    def _participant_ids(self) -> list[int]:
        return [p.contact_id for p in self.detail.participants] if self.detail else []

    def action_add_item(self) -> None:
        from officer_tui.ui.screens.meeting_dialogs import ItemFormScreen

        if self.detail is None or self._refuse_closed():
            return

        def saved(item_id: int | None) -> None:
            if item_id is not None:
                self._item_id = item_id  # the cursor goes to the new item
                self._changed()

        self.app.push_screen(ItemFormScreen(meeting_id=self.meeting_id, participants=self._participant_ids(),
                                            suggested=list(self.detail.links)), saved)

    def action_edit_item(self) -> None:
        from officer_tui.ui.screens.meeting_dialogs import ItemFormScreen

        item = self.current_item
        if item is None or self.detail is None or self._refuse_closed():
            return
        self.app.push_screen(ItemFormScreen(meeting_id=self.meeting_id, participants=self._participant_ids(),
                                            item=item, suggested=list(self.detail.links)), self._after_form)

    def action_notes(self) -> None:
        from officer_tui.ui.screens.meeting_dialogs import NotesScreen

        item = self.current_item
        if item is None or self._refuse_closed():
            return
        self.app.push_screen(NotesScreen(item=item), self._after_form)

    def action_toggle_done(self) -> None:
        item = self.current_item
        if item is None or self._refuse_closed() or item.status == AgendaStatus.CARRIED:
            return
        status = AgendaStatus.OPEN if item.status == AgendaStatus.DONE else AgendaStatus.DONE
        self.change("set_item_status", item_id=item.id, status=status)

    def _move(self, offset: int) -> None:
        item = self.current_item
        if item is None or self._refuse_closed():
            return
        self._item_id = item.id
        self.change("move_item", item_id=item.id, offset=offset)

    def action_move_up(self) -> None:
        self._move(-1)

    def action_move_down(self) -> None:
        self._move(1)

    def action_delete_item(self) -> None:
        from officer_tui.ui.screens.idea_dialogs import ConfirmScreen

        item = self.current_item
        if item is None or self._refuse_closed():
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._item_id = None
                self.change("delete_item", item_id=item.id)

        text = _("Its notes go with it.")
        if item.outcomes:
            text = ngettext("Its notes and {n} outcome go with it (open follow-ups of actions too).",
                            "Its notes and {n} outcomes go with it (open follow-ups of actions too).",
                            len(item.outcomes)).format(n=len(item.outcomes))
        self.app.push_screen(ConfirmScreen(_("Delete item '{title}'?").format(title=item.title), text), confirmed)

    def action_add_outcome(self) -> None:
        from officer_tui.ui.screens.meeting_dialogs import OutcomeFormScreen

        item = self.current_item
        if item is None or self._refuse_closed():
            return
        self.app.push_screen(OutcomeFormScreen(item=item, participants=self._participant_ids()), self._after_form)

    def action_edit_outcome(self) -> None:
        from officer_tui.ui.screens.meeting_dialogs import OutcomeFormScreen

        item, outcome = self.current_item, self.current_outcome
        if item is None or outcome is None or self._refuse_closed():
            return
        self.app.push_screen(OutcomeFormScreen(item=item, participants=self._participant_ids(),
                                               outcome=outcome), self._after_form)

    def action_delete_outcome(self) -> None:
        from officer_tui.ui.screens.idea_dialogs import ConfirmScreen

        outcome = self.current_outcome
        if outcome is None or self._refuse_closed():
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.change("delete_outcome", outcome_id=outcome.id)

        text = _("The outcome is deleted.")
        if outcome.kind == OutcomeKind.ACTION and outcome.done_on is None:
            text = _("The action and its open follow-up are deleted.")
        self.app.push_screen(ConfirmScreen(_("Delete this outcome?"), text), confirmed)

    def action_edit(self) -> None:
        from officer_tui.ui.screens.meeting_form import MeetingFormScreen

        if self.detail is None or self._refuse_closed():
            return
        self.app.push_screen(MeetingFormScreen(meeting_id=self.meeting_id), self._after_form)

    def action_close_meeting(self) -> None:
        if self.detail is None or self.detail.closed:
            return
        open_items = sum(1 for item in self.detail.items if item.status == AgendaStatus.OPEN)
        notice = _("Meeting closed: it is read-only now.")
        if open_items and self.detail.series_id is not None:
            notice += " " + ngettext("{n} open item carries over when you plan the next meeting (N).",
                                     "{n} open items carry over when you plan the next meeting (N).",
                                     open_items).format(n=open_items)
        self.change("close_meeting", notice, meeting_id=self.meeting_id)

    def action_reopen(self) -> None:
        if self.detail is None or not self.detail.closed:
            return
        self.change("reopen_meeting", _("Meeting reopened."), meeting_id=self.meeting_id)

    def action_plan_next(self) -> None:
        if self.detail is not None and self.detail.series_id is not None:
            self.plan_next()

    @work(thread=True, group="meeting-write", exit_on_error=False)
    def plan_next(self) -> None:
        from officer_tui.services import meetings

        try:
            with self.app.database.session() as session:  # type: ignore[attr-defined]
                following = meetings.plan_next(session, meeting_id=self.meeting_id)
                carried = sum(1 for item in meetings.meeting_detail(session, following.id).items
                              if item.carried_from is not None)
                text = _("Next meeting planned: #{id} on {day}.").format(
                    id=following.id, day=weekday_date(following.held_on))
                text += " " + ngettext("{n} open item carried over.", "{n} open items carried over.",
                                       carried).format(n=carried)
        except Exception as exc:
            self.post_message(self.Failed(describe(exc)))
            return
        self.post_message(self.Notice(text))
        self.app.call_from_thread(self._go_to, following.id)

    def _go_to(self, meeting_id: int) -> None:
        self.changed = True
        self.meeting_id = meeting_id
        self._item_id = None
        self.people.reset(0, [])
        self.agenda.reset(0, [])
        self.load()

    def action_previous(self) -> None:
        if self.detail is not None and self.detail.previous_id is not None:
            self._go_to(self.detail.previous_id)

    def action_next(self) -> None:
        if self.detail is not None and self.detail.next_id is not None:
            self._go_to(self.detail.next_id)

    @work(thread=True, group="meeting-export", exit_on_error=False)
    def export(self, what: str) -> None:
        from officer_tui.services import meeting_queries

        try:
            with self.app.database.session() as session:  # type: ignore[attr-defined]
                if what == "minutes":
                    path = meeting_queries.export_minutes(session, meeting_id=self.meeting_id)
                    text = _("Minutes written to {path}.").format(path=str(path))
                else:
                    path, _count = meeting_queries.export_ics(session, meeting_ids=[self.meeting_id])
                    text = _("Calendar file written to {path}.").format(path=str(path))
        except Exception as exc:
            self.post_message(self.Failed(describe(exc)))
            return
        self.last_export = path
        self.app.call_from_thread(self.app.notify, text, title=_("Export"), timeout=12)

    def action_minutes(self) -> None:
        self.export("minutes")

    def action_ics(self) -> None:
        self.export("ics")
