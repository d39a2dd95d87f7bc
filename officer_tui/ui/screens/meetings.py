"""The Meetings pane (key 5): upcoming meetings soonest first, then past ones newest first.

Data flow as in the other list panes: workers fetch the ordered ids of the filtered list and
the rows on screen; the table and the detail panel never touch the database.
"""

from __future__ import annotations

from array import array
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static
from textual.worker import get_current_worker

from officer_tui import clock
from officer_tui.i18n import N_, _, ngettext, pgettext
from officer_tui.labels import ATTENDANCE_SYMBOLS, OUTCOME_SYMBOLS, meeting_kind_label
from officer_tui.models.enums import AgendaStatus, OutcomeKind
from officer_tui.services.meeting_views import MeetingFilter, MeetingRow
from officer_tui.ui.errors import describe
from officer_tui.ui.localize import Localized
from officer_tui.ui.screens.list_pane import ListPaneKeys
from officer_tui.ui.screens.meeting_format import (
    AGENDA_SYMBOLS,
    LOCK,
    date_cell,
    every_text,
    place_text,
    record_text,
    time_span,
    when_text,
)
from officer_tui.ui.widgets.detail_panel import DetailPanel
from officer_tui.ui.widgets.meeting_filter import MeetingFilterBar
from officer_tui.ui.widgets.pane_bar import PaneBar
from officer_tui.ui.widgets.virtual_table import Column, Row, VirtualTable

if TYPE_CHECKING:
    from officer_tui.services.database import Database
    from officer_tui.services.meeting_views import MeetingDetail

HELP = N_(
    """The Meetings pane lists upcoming meetings first (soonest at the top, today marked with
"▸"), then past ones (newest first). A closed meeting carries 🔒.

**Plan** with `n`: title, kind (jour fixe, steering group, workshop, network), date, start and
end (HH:MM), place or online link, host unit, participants and the projects, requests or
ideas it is about. "Repeats every" makes it the first of a series. `e` edits the
highlighted meeting.

**Run** it with `Enter`: the meeting screen has the participants (mark attendance), the
agenda (items with presenter, minutes, notes in Markdown, linked records) and the outcomes of
each item: information, decision, or action. An action needs an owner and a due date and
becomes a follow-up on the item's record (or on the meeting).

`N` plans the **next meeting of the series**: open agenda items carry over to it.
`d` opens the **decision register**: every decision of every meeting, searchable.

**Export**: `x` writes the highlighted meeting's minutes (Markdown), `i` its calendar entry
(ICS), `I` all upcoming meetings as one ICS file, into the exports folder of the data
directory.

**Find** with `/`: free text (title, place, notes, agenda items), upcoming or past, kind,
host unit, participant, open only. `Esc` clears the filter.

**Marks** (they read without colour too): `▸` today, 🔒 closed; participants ✓ present,
e excused, ✗ absent, · not marked; agenda ○ open, ✓ dealt with, ↷ carried over; outcomes
i information, ◆ decision, → action, `!` before its due date: overdue.
"""
)


def meeting_columns() -> list[Column]:
    return [
        Column("date", pgettext("column", "Date"), width=15),
        Column("time", pgettext("column", "Time"), width=11, hide_below=60),
        Column("kind", pgettext("column", "Kind"), width=15, shrink_to=10, hide_below=95),
        Column("title", pgettext("column", "Title"), width=None, min_width=20),
        Column("place", pgettext("column", "Place"), width=20, shrink_to=12, hide_below=80),
        Column("people", pgettext("column", "People"), width=6, align="right", hide_below=105),
        Column("actions", pgettext("column", "Actions"), width=7, align="right", hide_below=70),
        Column("closed", "", width=2),
    ]


def to_row(row: MeetingRow, today) -> Row:
    past = row.held_on < today
    actions = Text(f"→ {row.open_actions}", style="bold" if row.open_actions else "dim") \
        if row.open_actions else Text("")
    title = row.title if not row.series_title or row.series_title == row.title \
        else f"{row.title} · {row.series_title}"
    return Row(
        key=row.id,
        cells=(
            date_cell(row.held_on, today),
            Text(time_span(row.start_time, row.end_time), style="dim" if past else ""),
            Text(meeting_kind_label(row.kind), style="dim" if past else ""),
            Text(title, style="dim" if past and row.closed else ""),
            place_text(row.place, row.online),
            str(row.participants),
            actions,
            LOCK if row.closed else "",
        ),
    )


def detail_fields(detail: MeetingDetail, today) -> list[tuple[str, str | Text]]:
    """The pane's summary of one meeting: when, where, who, agenda, decisions."""
    fields: list[tuple[str, str | Text]] = [
        (_("When"), when_text(detail.held_on, detail.start_time, detail.end_time, detail.duration_minutes)),
        (_("Kind"), meeting_kind_label(detail.kind)),
    ]
    if detail.place:
        fields.append((_("Place"), detail.place))
    if detail.online_url:
        fields.append((_("Online"), detail.online_url))
    if detail.unit_name:
        fields.append((_("Host"), detail.unit_name))
    if detail.series_title:
        fields.append((_("Series"), f"{detail.series_title} ({every_text(detail.series_every)})"))
    if detail.closed:
        fields.append((_("Status"), Text(f"{LOCK} " + _("closed (read-only)"), style="bold")))
    people = Text()
    for index, person in enumerate(detail.participants):
        if index:
            people.append("\n")
        people.append(f"{ATTENDANCE_SYMBOLS[person.attendance]} {person.name}")
        if person.unit:
            people.append(f" · {person.unit}", style="dim")
    fields.append((_("Participants"), people if detail.participants else "—"))
    agenda = Text()
    decisions = Text()
    actions = 0
    for item in detail.items:
        if agenda:
            agenda.append("\n")
        agenda.append(f"{AGENDA_SYMBOLS[item.status]} {item.title}",
                      style="dim" if item.status == AgendaStatus.CARRIED else "")
        for outcome in item.outcomes:
            if outcome.kind == OutcomeKind.DECISION:
                if decisions:
                    decisions.append("\n")
                decisions.append(f"{OUTCOME_SYMBOLS[OutcomeKind.DECISION]} {outcome.text}")
            elif outcome.kind == OutcomeKind.ACTION and outcome.done_on is None:
                actions += 1
    fields.append((_("Agenda"), agenda if detail.items else "—"))
    fields.append((_("Decisions"), decisions if decisions else "—"))
    if actions:
        fields.append((_("Open actions"), str(actions)))
    if detail.links:
        fields.append((_("About"), "\n".join(record_text(link) for link in detail.links)))
    fields.append((_("Number"), f"#{detail.id}"))
    return fields


class MeetingsScreen(ListPaneKeys, Localized, Screen[None]):
    HELP_TITLE = N_("Meetings")
    FILTER_BAR = MeetingFilterBar
    HELP = HELP
    CSS_PATH = "meetings.tcss"
    AUTO_FOCUS = "#meetings-table"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", N_("New"), id="meetings.new", tooltip=N_("Plan a new meeting")),
        Binding("e", "edit", N_("Edit"), id="meetings.edit",
                tooltip=N_("Edit the meeting: time, place, participants, links")),
        Binding("slash", "filter", N_("Filter"), id="meetings.filter",
                tooltip=N_("Filter by text, upcoming or past, kind, unit, participant, open only")),
        Binding("d", "decisions", N_("Decisions"), id="meetings.decisions",
                tooltip=N_("The decision register: every decision of every meeting")),
        Binding("N", "plan_next", N_("Plan next"), id="meetings.plan_next",
                tooltip=N_("Plan the next meeting of the series; open items carry over")),
        Binding("x", "minutes", N_("Minutes"), id="meetings.minutes",
                tooltip=N_("Export the meeting's minutes as Markdown")),
        Binding("i", "ics", N_("ICS"), id="meetings.ics",
                tooltip=N_("Export the meeting as a calendar file (ICS)")),
        Binding("I", "ics_upcoming", N_("ICS upcoming"), id="meetings.ics_upcoming", show=False,
                tooltip=N_("Export all upcoming meetings as one calendar file (ICS)")),
        Binding("delete", "delete", N_("Delete"), id="meetings.delete", show=False,
                tooltip=N_("Delete the meeting (not a closed one), after a confirmation")),
        Binding("escape", "clear_filter", N_("Clear filter"), show=False, id="meetings.clear_filter",
                tooltip=N_("Show all meetings again")),
    ]

    class Loaded(Message):
        def __init__(self, ids: array, rows: list[MeetingRow], filters: MeetingFilter,
                     keep_key: int | None, upcoming: int, total: int) -> None:
            super().__init__()
            self.ids = ids
            self.rows = rows
            self.filters = filters
            self.keep_key = keep_key
            self.upcoming = upcoming
            self.total = total

    class PageLoaded(Message):
        def __init__(self, start: int, rows: list[MeetingRow], generation: int) -> None:
            super().__init__()
            self.start = start
            self.rows = rows
            self.generation = generation

    class DetailLoaded(Message):
        def __init__(self, detail: MeetingDetail) -> None:
            super().__init__()
            self.detail = detail

    class ChoicesLoaded(Message):
        def __init__(self, units: list[tuple[int, str, int]], people: list[tuple[int, str]]) -> None:
            super().__init__()
            self.units = units
            self.people = people

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
        self.filters = MeetingFilter()
        self._ids: array = array("q")
        self._detail_key: int | None = None
        self._detail: MeetingDetail | None = None
        self._loaded_once = False
        self._today = clock.today()

    @property
    def database(self) -> Database:
        database = self.app.database  # type: ignore[attr-defined]
        assert database is not None, "the Meetings pane opens after the database"
        return database

    def compose(self) -> ComposeResult:
        yield PaneBar(self.app.pane_labels(), current="meetings",  # type: ignore[attr-defined]
                      location=self.database.shown_url)
        yield MeetingFilterBar(id="meeting-filter-bar")
        yield Static("", id="summary", markup=False)
        with Horizontal(id="body"):
            yield VirtualTable(meeting_columns(), id="meetings-table")
            with Vertical(id="detail-column"):
                yield DetailPanel(id="detail")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()
        self.load_choices()

    def on_screen_resume(self) -> None:
        if self._loaded_once:
            self.reload(keep_key=self.table.cursor_key)
            if self._detail_key is not None:
                self.load_detail(self._detail_key)

    def on_resize(self) -> None:
        self.set_class(self.size.width < 150, "-narrow")

    @property
    def table(self) -> VirtualTable:
        return self.query_one("#meetings-table", VirtualTable)

    @property
    def current(self) -> MeetingDetail | None:
        """The detail of the meeting under the cursor, when loaded."""
        key = self.table.cursor_key
        if key is not None and self._detail is not None and self._detail.id == key:
            return self._detail
        return None

    # --- workers --------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="meetings-load", exit_on_error=False)
    def reload(self, keep_key: int | None = None) -> None:
        from officer_tui.services import meetings as service

        filters, today = self.filters, clock.today()
        try:
            with self.database.session() as session:
                found, upcoming = service.ordered_ids_and_upcoming(session, filters, today=today)
                ids = array("q", found)
                start = 0
                if keep_key is not None and keep_key in ids:
                    start = max(ids.index(keep_key) - VirtualTable.PAGE_SIZE // 2, 0)
                first = service.rows_for(session, ids[start:start + VirtualTable.PAGE_SIZE])
                total = len(ids) if filters.is_empty() else service.count_meetings(
                    session, MeetingFilter(), today=today)
        except Exception as exc:
            self.post_message(self.Failed(describe(exc)))
            return
        if get_current_worker().is_cancelled:
            return  # a newer reload started meanwhile (after a save or delete): its ids count
        self.post_message(self.Loaded(ids, first if start == 0 else [], filters, keep_key, upcoming, total))
        if start:
            self.post_message(self.PageLoaded(start, first, -1))

    @work(thread=True, group="meetings-pages", exit_on_error=False)
    def fetch_rows(self, start: int, ids: list[int], generation: int) -> None:
        from officer_tui.services import meetings as service

        try:
            with self.database.session() as session:
                rows = service.rows_for(session, ids)
        except Exception as exc:
            self.post_message(self.Failed(describe(exc)))
            return
        self.post_message(self.PageLoaded(start, rows, generation))

    @work(thread=True, exclusive=True, group="meetings-detail", exit_on_error=False)
    def load_detail(self, meeting_id: int) -> None:
        from officer_tui.services import meetings as service
        from officer_tui.services.errors import NotFound

        try:
            with self.database.session() as session:
                detail = service.meeting_detail(session, meeting_id)
        except NotFound:
            return
        except Exception as exc:
            self.post_message(self.Failed(describe(exc)))
            return
        self.post_message(self.DetailLoaded(detail))

    @work(thread=True, exclusive=True, group="meetings-choices", exit_on_error=False)
    def load_choices(self) -> None:
        from officer_tui.services import units
        from officer_tui.services.meeting_queries import people_choices

        try:
            with self.database.session() as session:
                unit_rows = [(u.id, u.name, u.depth) for u in units.list_units(session)]
                people = [(pid, f"{name} · {unit}" if unit else name)
                          for pid, name, unit in people_choices(session)]
        except Exception as exc:
            self.post_message(self.Failed(describe(exc)))
            return
        self.post_message(self.ChoicesLoaded(unit_rows, people))

    @work(thread=True, group="meetings-write", exit_on_error=False)
    def change(self, operation: str, meeting_id: int) -> None:
        """Plan the next meeting or delete one; reload on success, say why on failure."""
        from officer_tui.services import meetings as service

        keep: int | None = meeting_id
        try:
            with self.database.session() as session:
                if operation == "plan_next":
                    following = service.plan_next(session, meeting_id=meeting_id)
                    keep = following.id
                    carried = sum(1 for item in service.meeting_detail(session, following.id).items
                                  if item.carried_from is not None)
                    notice = _("Next meeting planned: #{id} on {day}.").format(
                        id=following.id, day=when_text(following.held_on, following.start_time,
                                                       following.end_time, None))
                    notice += " " + ngettext("{n} open item carried over.", "{n} open items carried over.",
                                             carried).format(n=carried)
                else:
                    service.delete_meeting(session, meeting_id=meeting_id)
                    keep = None
                    notice = _("Meeting #{id} deleted.").format(id=meeting_id)
        except Exception as exc:
            self.post_message(self.Failed(describe(exc)))
            return
        self.post_message(self.Notice(notice))
        self.app.call_from_thread(self._changed, keep)

    @work(thread=True, group="meetings-export", exit_on_error=False)
    def export(self, what: str, meeting_id: int | None) -> None:
        from officer_tui.services import meeting_queries

        try:
            with self.database.session() as session:
                if what == "minutes":
                    path = meeting_queries.export_minutes(session, meeting_id=meeting_id)
                    text = _("Minutes written to {path}.").format(path=str(path))
                elif what == "ics":
                    path, _count = meeting_queries.export_ics(session, meeting_ids=[meeting_id])
                    text = _("Calendar file written to {path}.").format(path=str(path))
                else:
                    path, count = meeting_queries.export_ics(session, upcoming_from=clock.today())
                    text = ngettext("{n} upcoming meeting written to {path}.",
                                    "{n} upcoming meetings written to {path}.", count).format(
                        n=count, path=str(path))
        except Exception as exc:
            self.post_message(self.Failed(describe(exc)))
            return
        self.app.call_from_thread(self.app.notify, text, title=_("Export"), timeout=12)

    def _changed(self, meeting_id: int | None) -> None:
        self.reload(keep_key=meeting_id)
        if meeting_id is not None:
            self._detail_key = meeting_id
            self.load_detail(meeting_id)

    # --- results --------------------------------------------------------------------------

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        if message.filters != self.filters:
            return
        self._loaded_once = True
        self._today = clock.today()
        self._ids = message.ids
        count = len(message.ids)
        self.table.reset(count, [to_row(row, self._today) for row in message.rows],
                         keep_cursor_key=message.keep_key, empty_text=self._empty_text())
        if message.keep_key is not None and message.keep_key in message.ids:
            self.table.cursor_row = message.ids.index(message.keep_key)
        self._update_summary(count, message.upcoming, message.total)
        if count == 0:
            self._detail_key = None
            self._detail = None
            self.query_one(DetailPanel).clear(_("No meeting selected."))
        self._refresh_keys()

    def _empty_text(self) -> str:
        if self.filters.is_empty():
            return _("No meetings yet. Press n to plan one.")
        return _("No meeting matches the filter. Press / to change it, Esc to clear it.")

    def _update_summary(self, count: int, upcoming: int, total: int) -> None:
        past = count - upcoming
        text = ngettext("{n} upcoming", "{n} upcoming", upcoming).format(n=upcoming)
        text += " · " + ngettext("{n} past meeting", "{n} past meetings", past).format(n=past)
        if not self.filters.is_empty():
            text += " · " + _("filtered; {n} in all").format(n=total)
        self.query_one("#summary", Static).update(text)

    @on(PageLoaded)
    def _page_loaded(self, message: PageLoaded) -> None:
        generation = self.table.generation if message.generation == -1 else message.generation
        self.table.set_rows(message.start, [to_row(row, self._today) for row in message.rows],
                            generation=generation)

    @on(ChoicesLoaded)
    def _choices_loaded(self, message: ChoicesLoaded) -> None:
        self.query_one(MeetingFilterBar).set_choices(units=message.units, people=message.people)

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self.notify(message.text, severity="error", timeout=8)

    @on(Notice)
    def _notice(self, message: Notice) -> None:
        self.notify(message.text, timeout=8)

    @on(VirtualTable.PagesNeeded)
    def _pages_needed(self, message: VirtualTable.PagesNeeded) -> None:
        self.fetch_rows(message.start, list(self._ids[message.start:message.end]), self.table.generation)

    @on(VirtualTable.Highlighted)
    def _highlighted(self, message: VirtualTable.Highlighted) -> None:
        if message.key is not None and message.key != self._detail_key:
            self._detail_key = message.key
            self.load_detail(message.key)
        self._refresh_keys()

    @on(DetailLoaded)
    def _detail_loaded(self, message: DetailLoaded) -> None:
        detail = message.detail
        if detail.id != self._detail_key:
            return
        self._detail = detail
        self.query_one(DetailPanel).show(detail.title, detail_fields(detail, clock.today()), detail.notes)
        self._refresh_keys()

    @on(VirtualTable.Selected)
    def _selected(self, message: VirtualTable.Selected) -> None:
        self.open_meeting(message.key)

    @on(MeetingFilterBar.Changed)
    def _filter_changed(self, message: MeetingFilterBar.Changed) -> None:
        if message.filters != self.filters:
            self.filters = message.filters
            self.reload()

    @on(MeetingFilterBar.Closed)
    def _filter_closed(self) -> None:
        self.query_one(MeetingFilterBar).set_class(not self.filters.is_empty(), "-open")
        self.table.focus()

    # --- actions --------------------------------------------------------------------------

    _KEYED_ACTIONS = ("edit", "minutes", "ics", "plan_next", "delete", "clear_filter")

    def _refresh_keys(self) -> None:
        """Refresh the footer only when a key's state changed: every refresh rebuilds it,
        which costs more than loading the list (measured: ~60 ms per filter change)."""
        state = tuple(self.check_action(action, ()) for action in self._KEYED_ACTIONS)
        if state != getattr(self, "_key_state", None):
            self._key_state = state
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Only "is a meeting highlighted" decides: a state that flips while the detail loads
        # would rebuild the footer twice per cursor move. The actions say why when they can't.
        if action in {"edit", "minutes", "ics", "plan_next", "delete"}:
            return True if self.table.cursor_key is not None else None
        if action == "clear_filter":
            return not self.filters.is_empty()
        return True

    def record_form(self, record_id: int | None):
        from officer_tui.ui.screens.meeting_form import MeetingFormScreen

        return MeetingFormScreen(meeting_id=record_id)

    def action_new(self) -> None:
        def saved(result: int | None) -> None:
            if result is not None:
                self._changed(result)
                self.open_meeting(result)  # a new meeting wants its agenda next

        self.app.push_screen(self.record_form(None), saved)

    def action_edit(self) -> None:
        key = self.table.cursor_key
        if key is None:
            return
        if self.current is not None and self.current.closed:
            self.notify(_("This meeting is closed; open it (Enter) and reopen it (C) to change it."),
                        severity="warning")
            return
        self._open_form(key)

    def open_meeting(self, meeting_id: int) -> None:
        from officer_tui.ui.screens.meeting_detail import MeetingDetailScreen

        def closed(changed: bool | None) -> None:
            self._changed(self.table.cursor_key if self.table.cursor_key is not None else meeting_id)

        self.app.push_screen(MeetingDetailScreen(meeting_id), closed)

    def action_decisions(self) -> None:
        from officer_tui.ui.screens.decisions import DecisionsScreen

        self.app.push_screen(DecisionsScreen())

    def action_plan_next(self) -> None:
        detail = self.current
        if detail is None:
            return
        if detail.series_id is None:
            self.notify(_("This meeting is not part of a series. Press e and set 'repeats every'."),
                        severity="warning")
            return
        self.change("plan_next", detail.id)

    def action_minutes(self) -> None:
        key = self.table.cursor_key
        if key is not None:
            self.export("minutes", key)

    def action_ics(self) -> None:
        key = self.table.cursor_key
        if key is not None:
            self.export("ics", key)

    def action_ics_upcoming(self) -> None:
        self.export("ics_upcoming", None)

    def action_delete(self) -> None:
        from officer_tui.ui.screens.idea_dialogs import ConfirmScreen

        detail = self.current
        if detail is None:
            return
        if detail.closed:
            self.notify(_("This meeting is closed; reopen it to delete it."), severity="warning")
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.change("delete", detail.id)

        self.app.push_screen(ConfirmScreen(
            _("Delete meeting #{id}?").format(id=detail.id),
            _("'{title}' on {day} is deleted with its agenda, outcomes and participants. "
              "Follow-ups made from its actions stay.").format(
                title=detail.title, day=when_text(detail.held_on, None, None, None))), confirmed)
