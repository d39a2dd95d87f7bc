"""The Requests pane (key 2): capture, triage and follow what departments need.

Data flow: the screen asks services (in thread workers) for the ordered ids of the filtered
list, keeps them, and hands the table only the rows it shows. Workers report back with
messages; the table and the detail panel never touch the database.
"""

from __future__ import annotations

from array import array
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static
from textual.worker import get_current_worker

from officer_tui import clock
from officer_tui.i18n import N_, _, format_date, ngettext, pgettext
from officer_tui.labels import channel_label, priority_label, status_label
from officer_tui.models.enums import CLOSED_STATUSES, STATUS_TRANSITIONS, Priority, RequestStatus
from officer_tui.models.views import RequestFilter, RequestRow, RequestSort
from officer_tui.ui.errors import describe
from officer_tui.ui.formatting import (
    age_text,
    due_text,
    priority_text,
    received_text,
    status_text,
    urgency_text,
    waiting_too_long,
)
from officer_tui.ui.localize import Localized
from officer_tui.ui.screens.followups import followup_lines
from officer_tui.ui.screens.list_pane import ListPaneKeys
from officer_tui.ui.widgets.detail_panel import DetailPanel
from officer_tui.ui.widgets.pane_bar import PaneBar
from officer_tui.ui.widgets.request_filter import RequestFilterBar
from officer_tui.ui.widgets.virtual_table import Column, Row, VirtualTable

if TYPE_CHECKING:
    from officer_tui.services.database import Database
    from officer_tui.services.requests import RequestDetail

SORT_LABELS = {
    RequestSort.URGENCY: N_("urgency"),
    RequestSort.RECEIVED: N_("received (newest first)"),
    RequestSort.DUE: N_("due date"),
}

HELP = N_(
    """The Requests pane holds what departments need from you: problems, wishes, questions,
from mail, phone, meetings or tickets.

**Capture** with `n`: the title comes first, the rest can wait. `Enter` opens the selected
request to edit it. In a form, `Ctrl+S` saves and `Esc` cancels.

**Triage** right from the list: `p` priority, `s` status, `f` forward to a unit (usually the
IT provider) with its ticket number, `r` resolve as done or declined with a note.

**Find** with `/`: free text over title, description and requester, and facets for status,
priority, unit (with the units below it), category, overdue, "waiting more than N days" and
"by" (requests a person created or changed, as the change history says; `→` completes a name).
Done and declined requests leave the default view; choose status "all" or "done" to see them.
`o` changes the order: urgency, received, due date.

**Urgency** (0 to 125) says what to look at first:
- priority: low 0, normal 10, high 25, urgent 45
- waiting: one point per two days since the request came in, at most 30
- due date: due in d days (up to 14 days ahead) 30 - 2 x d; overdue by d days 30 + d, at most 50
- done and declined requests score 0.

**Marks** (they read without colour too): priority ▲▲ urgent, ▲ high, – normal, ▽ low;
status ● new, ◐ triaged, ▶ in progress, ‖ waiting, ↗ forwarded, ✓ done, ✗ declined;
`!` before a due date: overdue; `⚠` before the age: waiting too long (open for more days than
the settings' "waiting too long").
"""
)


def request_columns() -> list[Column]:
    return [
        # Headers are short forms (context "column"); narrow tables shrink the wider columns.
        Column("urgency", pgettext("column", "Urgency"), width=7),
        Column("age", pgettext("column", "Age"), width=6, align="right", hide_below=90),
        Column("priority", pgettext("column", "Priority"), width=11, shrink_to=9),
        Column("status", pgettext("column", "Status"), width=16, shrink_to=12),
        Column("unit", pgettext("column", "Unit"), width=18, shrink_to=13),
        Column("title", pgettext("column", "Title"), width=None, min_width=24),
        Column("due", pgettext("column", "Due"), width=12),
    ]


def to_row(row: RequestRow) -> Row:
    from officer_tui import settings

    too_long = waiting_too_long(row.status, row.age_days, settings.current().waiting_too_long_days)
    return Row(
        key=row.id,
        cells=(
            urgency_text(row.urgency),
            age_text(row.age_days, too_long=too_long),
            priority_text(row.priority),
            status_text(row.status),
            row.unit_name,
            row.title,
            due_text(row.due_on, row.overdue),
        ),
    )


class RequestsScreen(ListPaneKeys, Localized, Screen[None]):
    HELP_TITLE = N_("Requests")
    FILTER_BAR = RequestFilterBar
    SORTS = RequestSort
    HELP = HELP
    CSS_PATH = "requests.tcss"
    AUTO_FOCUS = "#requests-table"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", N_("New"), id="requests.new", tooltip=N_("Capture a new request")),
        Binding("slash", "filter", N_("Filter"), id="requests.filter",
                tooltip=N_("Filter by text, status, priority, unit, category, overdue, waiting, who")),
        Binding("p", "priority", N_("Priority"), id="requests.priority",
                tooltip=N_("Set the priority (a new request becomes triaged)")),
        Binding("s", "status", N_("Status"), id="requests.status", tooltip=N_("Set the status")),
        Binding("f", "forward", N_("Forward"), id="requests.forward",
                tooltip=N_("Forward to a unit, e.g. the IT provider, with its ticket number")),
        Binding("r", "resolve", N_("Resolve"), id="requests.resolve",
                tooltip=N_("Close as done or declined, with a resolution note")),
        Binding("F", "followup", N_("Follow-up"), id="requests.followup",
                tooltip=N_("Add a follow-up to this request")),
        Binding("o", "sort", N_("Order"), id="requests.sort",
                tooltip=N_("Sort by urgency, received or due date")),
        Binding("escape", "clear_filter", N_("Clear filter"), show=False, id="requests.clear_filter",
                tooltip=N_("Show all open requests again")),
    ]

    # --- messages from workers --------------------------------------------------------------

    class Loaded(Message):
        def __init__(self, ids: array, rows: list[RequestRow], filters: RequestFilter,
                     sort: RequestSort, keep_key: int | None, total_open: int) -> None:
            super().__init__()
            self.ids = ids
            self.rows = rows
            self.filters = filters
            self.sort = sort
            self.keep_key = keep_key
            self.total_open = total_open

    class PageLoaded(Message):
        def __init__(self, start: int, rows: list[RequestRow], generation: int) -> None:
            super().__init__()
            self.start = start
            self.rows = rows
            self.generation = generation

    class DetailLoaded(Message):
        def __init__(self, detail: RequestDetail, followups: list | None = None,
                     authors: str = "") -> None:
            super().__init__()
            self.detail = detail
            self.followups = followups or []
            self.authors = authors  # "Created by … · last changed by …" ("" if unknown)

    class ChoicesLoaded(Message):
        def __init__(self, units: list[tuple[int, str, int]], categories: list[str],
                     users: list[str] | None = None) -> None:
            super().__init__()
            self.units = units
            self.categories = categories
            self.users = users or []

    class Failed(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    # --- composition ----------------------------------------------------------------------

    def __init__(self) -> None:
        super().__init__()
        self.filters = RequestFilter()
        self.sort = RequestSort.URGENCY
        self._ids: array = array("q")
        self._detail_key: int | None = None
        self._detail: RequestDetail | None = None
        self._loaded_once = False
        self._total_open: int | None = None

    @property
    def database(self) -> Database:
        database = self.app.database  # type: ignore[attr-defined]
        assert database is not None, "the Requests pane opens after the database"
        return database

    def compose(self) -> ComposeResult:
        yield PaneBar(self.app.pane_labels(), current="requests",  # type: ignore[attr-defined]
                      location=self.database.shown_url)
        yield RequestFilterBar(id="filter-bar")
        yield Static("", id="summary", markup=False)
        with Horizontal(id="body"):
            yield VirtualTable(request_columns(), id="requests-table")
            with Vertical(id="detail-column"):
                yield DetailPanel(id="detail")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()
        self.load_choices()

    def on_screen_resume(self) -> None:
        if self._loaded_once:  # back from a dialog or another pane: data may have changed
            self._total_open = None
            self.reload(keep_key=self.table.cursor_key)
            if self._detail_key is not None:  # someone else may have changed it meanwhile
                self.load_detail(self._detail_key)

    def on_resize(self) -> None:
        # Side by side only when the title column still gets room; else the detail goes below.
        self.set_class(self.size.width < 150, "-narrow")

    @property
    def table(self) -> VirtualTable:
        return self.query_one("#requests-table", VirtualTable)

    # --- workers: database work off the UI thread -----------------------------------------

    @work(thread=True, exclusive=True, group="requests-load", exit_on_error=False)
    def reload(self, keep_key: int | None = None) -> None:
        from officer_tui.services import requests as service

        filters, sort = self.filters, self.sort
        known_open = self._total_open  # counted again only after a change of data
        today = clock.today()
        try:
            with self.database.session() as session:
                ids = service.ordered_ids(session, filters=filters, sort=sort, today=today)
                start = 0
                if keep_key is not None and keep_key in ids:
                    start = max(ids.index(keep_key) - VirtualTable.PAGE_SIZE // 2, 0)
                first = service.rows_for(session, ids[start : start + VirtualTable.PAGE_SIZE], today=today)
                if filters.is_default:
                    total_open = len(ids)
                elif known_open is not None:
                    total_open = known_open
                else:
                    total_open = service.count_requests(session, today=today)
        except Exception as exc:
            self.post_message(self.Failed(describe(exc)))
            return
        if get_current_worker().is_cancelled:
            return  # a newer reload started meanwhile (after a save or capture): its ids count
        self.post_message(self.Loaded(ids, first if start == 0 else [], filters, sort, keep_key, total_open))
        if start:
            self.post_message(self.PageLoaded(start, first, -1))

    @work(thread=True, group="requests-pages", exit_on_error=False)
    def fetch_rows(self, start: int, ids: list[int], generation: int) -> None:
        from officer_tui.services import requests as service

        try:
            with self.database.session() as session:
                rows = service.rows_for(session, ids, today=clock.today())
        except Exception as exc:
            self.post_message(self.Failed(describe(exc)))
            return
        self.post_message(self.PageLoaded(start, rows, generation))

    @work(thread=True, exclusive=True, group="requests-detail", exit_on_error=False)
    def load_detail(self, request_id: int) -> None:
        from officer_tui.models.enums import RecordKind
        from officer_tui.services import requests as service
        from officer_tui.services.authors import authorship_of
        from officer_tui.services.errors import NotFound
        from officer_tui.services.followups import for_record

        try:
            with self.database.session() as session:
                detail = service.request_detail(session, request_id, today=clock.today())
                followups = for_record(session, kind=RecordKind.REQUEST, record_id=request_id,
                                       today=clock.today())
                authors = authorship_of(session, table="request", record_id=request_id).text()
        except NotFound:
            return
        except Exception as exc:
            self.post_message(self.Failed(describe(exc)))
            return
        self.post_message(self.DetailLoaded(detail, followups, authors))

    @work(thread=True, exclusive=True, group="requests-choices", exit_on_error=False)
    def load_choices(self) -> None:
        from officer_tui.services import requests as service
        from officer_tui.services import units
        from officer_tui.services.authors import known_users

        try:
            with self.database.session() as session:
                unit_rows = units.list_units(session)
                categories = service.categories(session)
                users = known_users(session)
        except Exception as exc:
            self.post_message(self.Failed(describe(exc)))
            return
        self.post_message(
            self.ChoicesLoaded([(u.id, u.name, u.depth) for u in unit_rows], categories, users)
        )

    @work(thread=True, group="requests-write", exit_on_error=False)
    def change(self, operation: str, request_id: int, **arguments: object) -> None:
        """Run one triage service call; reload on success, say why on failure."""
        from officer_tui.services import requests as service

        try:
            with self.database.session() as session:
                getattr(service, operation)(session, request_id=request_id, **arguments)
        except Exception as exc:
            self.post_message(self.Failed(describe(exc)))
            self.app.call_from_thread(self.reload, keep_key=request_id)
            return
        self.app.call_from_thread(self._changed, request_id)

    def _changed(self, request_id: int) -> None:
        self._total_open = None
        self.reload(keep_key=request_id)
        self.load_choices()
        if self._detail_key == request_id:
            self.load_detail(request_id)

    # --- results coming back --------------------------------------------------------------

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        if message.filters != self.filters or message.sort != self.sort:
            return  # an older load finished late
        self._loaded_once = True
        self._total_open = message.total_open
        self._ids = message.ids
        count = len(message.ids)
        self.table.reset(
            count,
            [to_row(row) for row in message.rows],
            keep_cursor_key=message.keep_key,
            empty_text=self._empty_text(),
        )
        if message.keep_key is not None and message.keep_key in message.ids:
            self.table.cursor_row = message.ids.index(message.keep_key)
        self._update_summary(count, message.total_open)
        if count == 0:
            self._detail_key = None
            self.query_one(DetailPanel).clear(_("No request selected."))

    def _empty_text(self) -> str:
        if self.filters.is_default:
            return _("No open requests. Press n to capture one.")
        return _("No request matches the filter. Press / to change it, Esc to clear it.")

    def _update_summary(self, count: int, total_open: int) -> None:
        if self.filters.is_default:
            text = ngettext("{n} open request", "{n} open requests", count).format(n=count)
        else:
            text = ngettext("{n} request matches", "{n} requests match", count).format(n=count)
            text += " · " + _("{n} open in all").format(n=total_open)
            text += " · " + _("filter: {what}").format(what=self._describe_filter())
        text += " · " + _("order: {sort}").format(sort=_(SORT_LABELS[self.sort]))
        self.query_one("#summary", Static).update(text)

    def _describe_filter(self) -> str:
        f = self.filters
        parts = []
        if f.text:
            parts.append(_("“{text}”").format(text=f.text))
        if f.statuses is None:
            parts.append(_("all statuses"))
        elif f.statuses != RequestFilter().statuses:
            parts.extend(status_label(s) for s in sorted(f.statuses))
        if f.priority:
            parts.append(priority_label(f.priority))
        if f.unit_id is not None:
            parts.append(_("unit"))
        if f.category:
            parts.append(f.category)
        if f.overdue:
            parts.append(_("overdue"))
        if f.waiting_days is not None:
            parts.append(_("waiting > {n} days").format(n=f.waiting_days))
        if f.changed_by:
            parts.append(_("by {user}").format(user=f.changed_by))
        return ", ".join(parts)

    @on(PageLoaded)
    def _page_loaded(self, message: PageLoaded) -> None:
        generation = self.table.generation if message.generation == -1 else message.generation
        self.table.set_rows(message.start, [to_row(row) for row in message.rows], generation=generation)

    @on(ChoicesLoaded)
    def _choices_loaded(self, message: ChoicesLoaded) -> None:
        self.query_one(RequestFilterBar).set_choices(units=message.units, categories=message.categories,
                                                     users=message.users)

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self.notify(message.text, severity="error", timeout=8)

    @on(VirtualTable.PagesNeeded)
    def _pages_needed(self, message: VirtualTable.PagesNeeded) -> None:
        ids = list(self._ids[message.start : message.end])
        self.fetch_rows(message.start, ids, self.table.generation)

    @on(VirtualTable.Highlighted)
    def _highlighted(self, message: VirtualTable.Highlighted) -> None:
        if message.key is not None and message.key != self._detail_key:
            self._detail_key = message.key
            self.load_detail(message.key)

    @on(DetailLoaded)
    def _detail_loaded(self, message: DetailLoaded) -> None:
        detail = message.detail
        if detail.request.id != self._detail_key:
            return
        self._detail = detail
        request = detail.request
        parts = detail.urgency_parts
        fields: list[tuple[str, object]] = [
            (_("Status"), status_text(request.status)),
            (_("Priority"), priority_text(request.priority)),
            (_("Urgency"), _("{total} (priority {p} + waiting {w} + due {d})").format(
                total=detail.urgency, p=parts["priority"], w=parts["waiting"], d=parts["due"])),
            (_("Unit"), detail.unit_name),
            (_("Requester"), detail.requester_name or "—"),
            (_("Channel"), channel_label(request.channel)),
            (_("Received"), received_text(request.received_on, request.status, detail.age_days)),
            (_("Due"), due_text(request.due_on, request.due_on is not None and request.due_on < clock.today()
                                  and request.status not in CLOSED_STATUSES, words=True) if request.due_on else "—"),
            (_("Category"), request.category or "—"),
        ]
        if request.forwarded_to_id:
            fields.append((_("Forwarded to"), detail.forwarded_to_name or ""))
            fields.append((_("Ticket"), request.ticket_ref or "—"))
        if request.resolution:
            fields.append((_("Resolution"), request.resolution))
        if request.closed_on:
            fields.append((_("Closed"), format_date(request.closed_on)))
        fields.append((_("Follow-ups"), followup_lines(message.followups)))
        if message.authors:  # nothing when the history does not know (demo data)
            fields.append((_("History"), message.authors))
        fields.append((_("Number"), f"#{request.id}"))
        self.query_one(DetailPanel).show(request.title, fields, request.description)  # type: ignore[arg-type]

    @on(VirtualTable.Selected)
    def _selected(self, message: VirtualTable.Selected) -> None:
        self._open_form(message.key)

    @on(RequestFilterBar.Changed)
    def _filter_changed(self, message: RequestFilterBar.Changed) -> None:
        if message.filters != self.filters:
            self.filters = message.filters
            self.reload()

    @on(RequestFilterBar.Closed)
    def _filter_closed(self) -> None:
        bar = self.query_one(RequestFilterBar)
        bar.set_class(not self.filters.is_default, "-open")
        self.table.focus()

    def show_preset(self, preset: str, *, waiting_days: int | None = None) -> None:
        """A ready-made list asked for elsewhere (the Today pane's "… N more"): ``new``
        requests, newest first, or those ``waiting`` longer than ``waiting_days``.

        The bar's facets are set, so the bar tells what is shown and ``Esc`` clears it; the
        pane takes the bar's filter at once (the bar may be quiet while it fills its choices).
        """
        from textual.widgets import Input, Select

        bar = self.query_one(RequestFilterBar)
        if preset == "new":
            self.sort = RequestSort.RECEIVED
            bar.query_one("#filter-status", Select).value = RequestStatus.NEW.value
        elif preset == "waiting" and waiting_days is not None:
            bar.query_one("#filter-days", Input).value = str(waiting_days)
        else:
            return
        bar.add_class("-open")
        self.filters = bar.filters
        self.reload()

    # --- actions --------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {"priority", "status", "forward", "resolve", "followup"}:
            return True if self.table.cursor_key is not None else None
        if action == "clear_filter":
            return not self.filters.is_default
        return True

    def record_form(self, record_id: int | None):
        from officer_tui.ui.screens.request_form import RequestFormScreen

        return RequestFormScreen(request_id=record_id)

    def action_priority(self) -> None:
        from officer_tui.ui.screens.pickers import PickScreen

        key = self.table.cursor_key
        if key is None:
            return
        current = self._detail.request.priority if self._detail and self._detail.request.id == key else None
        choices = [(priority_text(p), p.value) for p in reversed(list(Priority))]

        def picked(value: str | None) -> None:
            if value is not None:
                self.change("triage", key, priority=Priority(value))

        self.app.push_screen(
            PickScreen(_("Priority"), choices, current=current.value if current else None), picked
        )

    def action_status(self) -> None:
        from officer_tui.ui.screens.pickers import PickScreen

        key = self.table.cursor_key
        if key is None or self._detail is None or self._detail.request.id != key:
            return
        current = self._detail.request.status
        allowed = [s for s in RequestStatus if s in STATUS_TRANSITIONS[current]]
        choices = [(status_text(s), s.value) for s in allowed]

        def picked(value: str | None) -> None:
            if value is None:
                return
            status = RequestStatus(value)
            if status in CLOSED_STATUSES:
                self._resolve(key, declined=status == RequestStatus.DECLINED)
            elif status == RequestStatus.FORWARDED:
                self.action_forward()
            else:
                self.change("set_status", key, status=status)

        self.app.push_screen(
            PickScreen(_("Status of #{id} (now: {status})").format(id=key, status=status_label(current)), choices),
            picked,
        )

    def action_forward(self) -> None:
        from officer_tui.ui.screens.pickers import ForwardScreen

        key = self.table.cursor_key
        if key is None:
            return
        detail = self._detail if self._detail and self._detail.request.id == key else None

        def chosen(result: tuple[int, str] | None) -> None:
            if result is not None:
                unit_id, ticket = result
                self.change("forward", key, unit_id=unit_id, ticket_ref=ticket)

        self.app.push_screen(
            ForwardScreen(
                current_unit=detail.request.forwarded_to_id if detail else None,
                current_ticket=detail.request.ticket_ref if detail else None,
            ),
            chosen,
        )

    def action_resolve(self) -> None:
        key = self.table.cursor_key
        if key is not None:
            self._resolve(key, declined=False)

    def _resolve(self, key: int, *, declined: bool) -> None:
        from officer_tui.ui.screens.pickers import ResolveScreen

        def chosen(result: tuple[str, bool] | None) -> None:
            if result is not None:
                note, is_declined = result
                self.change("resolve", key, resolution=note, declined=is_declined)

        existing = self._detail.request.resolution if self._detail and self._detail.request.id == key else ""
        self.app.push_screen(ResolveScreen(declined=declined, resolution=existing), chosen)

    def action_followup(self) -> None:
        from officer_tui.models.enums import RecordKind
        from officer_tui.ui.screens.followup_form import FollowUpFormScreen

        key = self.table.cursor_key
        if key is None:
            return

        def saved(result: int | None) -> None:
            if result is not None and self._detail_key == key:
                self.load_detail(key)

        self.app.push_screen(FollowUpFormScreen(subject=(RecordKind.REQUEST, key)), saved)
