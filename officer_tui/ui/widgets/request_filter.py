"""The filter bar of the Requests pane: free text plus facets. Knows nothing of the database.

It posts ``RequestFilterBar.Changed`` with a plain ``RequestFilter`` whenever a value changes
(text is debounced), and ``Closed`` when the user leaves it with ``escape``.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Checkbox, Input, Select

from officer_tui.i18n import N_, _
from officer_tui.labels import PRIORITY_LABELS, STATUS_LABELS
from officer_tui.models.enums import OPEN_STATUSES, Priority, RequestStatus
from officer_tui.models.views import RequestFilter
from officer_tui.ui.localize import Localized
from officer_tui.ui.widgets.by_input import ByInput

OPEN = "open"
ALL = "all"


class RequestFilterBar(Localized, Vertical):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", N_("Close filter"), id="filter.close",
                tooltip=N_("Back to the list; the filter stays")),
        Binding("ctrl+r", "clear", N_("Clear filter"), id="filter.clear",
                tooltip=N_("Show all open requests again")),
    ]

    DEFAULT_CSS = """
    RequestFilterBar {
        height: auto;
        padding: 0 1;
        background: $boost;
        & #filter-facets { height: 1; }
        & Select { width: 1fr; min-width: 11; margin-right: 1; }
        & #filter-days { width: 14; margin-right: 1; }
        & Checkbox { width: auto; margin-right: 1; }
    }
    """

    class Changed(Message):
        def __init__(self, bar: RequestFilterBar, filters: RequestFilter) -> None:
            super().__init__()
            self.bar = bar
            self.filters = filters

        @property
        def control(self) -> RequestFilterBar:
            return self.bar

    class Closed(Message):
        pass

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._debounce: Timer | None = None
        self._quiet = False

    def compose(self) -> ComposeResult:
        yield Input(placeholder=_("Search title, description, requester"), id="filter-text", compact=True)
        with Horizontal(id="filter-facets"):
            yield from self._facets()

    def _facets(self) -> ComposeResult:
        status_options = [(_("open"), OPEN), (_("all"), ALL)] + [
            (_(STATUS_LABELS[s]), s.value) for s in RequestStatus
        ]
        yield Select(status_options, value=OPEN, allow_blank=False, id="filter-status",
                     tooltip=_("Status"), compact=True)
        yield Select([(_(PRIORITY_LABELS[p]), p.value) for p in Priority], prompt=_("Priority"),
                     id="filter-priority", compact=True)
        yield Select([], prompt=_("Unit"), id="filter-unit", compact=True)
        yield Select([], prompt=_("Category"), id="filter-category", compact=True)
        yield Checkbox(_("overdue"), id="filter-overdue", compact=True)
        yield Input(placeholder=_("waiting > days"), id="filter-days", type="integer", compact=True,
                    tooltip=_("Only requests waiting more than this many days"))
        yield ByInput(id="filter-by", tooltip=_("Only requests this person created or changed"))

    def set_choices(self, *, units: list[tuple[int, str, int]], categories: list[str],
                    users: list[str] | None = None) -> None:
        """``units``: (id, name, depth) in tree order; ``categories``: names in use;
        ``users``: the people in the change history (suggested in the "by" field)."""
        self._quiet = True
        try:
            self.query_one("#filter-by", ByInput).set_users(users or [])
            unit_select = self.query_one("#filter-unit", Select)
            current_unit = unit_select.value
            unit_select.set_options([("  " * depth + name, unit_id) for unit_id, name, depth in units])
            if current_unit in {u[0] for u in units}:
                unit_select.value = current_unit
            category_select = self.query_one("#filter-category", Select)
            current_category = category_select.value
            category_select.set_options([(name, name) for name in categories])
            if current_category in categories:
                category_select.value = current_category
        finally:
            self.call_after_refresh(self._unquiet)

    def _unquiet(self) -> None:
        self._quiet = False

    def focus_text(self) -> None:
        self.query_one("#filter-text", Input).focus()

    @property
    def filters(self) -> RequestFilter:
        text = self.query_one("#filter-text", Input).value
        status = self.query_one("#filter-status", Select).value
        if status == OPEN or status is Select.NULL:
            statuses: frozenset[RequestStatus] | None = OPEN_STATUSES
        elif status == ALL:
            statuses = None
        else:
            statuses = frozenset({RequestStatus(status)})
        priority = self.query_one("#filter-priority", Select).value
        unit = self.query_one("#filter-unit", Select).value
        category = self.query_one("#filter-category", Select).value
        days_text = self.query_one("#filter-days", Input).value.strip()
        try:
            days = int(days_text) if days_text else None
        except ValueError:
            days = None
        return RequestFilter(
            text=text.strip(),
            statuses=statuses,
            priority=None if priority is Select.NULL else Priority(priority),
            unit_id=None if unit is Select.NULL else int(unit),
            category=None if category is Select.NULL else str(category),
            overdue=self.query_one("#filter-overdue", Checkbox).value,
            waiting_days=days if days is None or days >= 0 else None,
            changed_by=self.query_one("#filter-by", ByInput).user,
        )

    def _announce(self) -> None:
        if not self._quiet:
            self.post_message(self.Changed(self, self.filters))

    @on(Input.Changed, "#filter-text")
    @on(Input.Changed, "#filter-by")
    def _text_changed(self) -> None:
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(0.15, self._announce)

    @on(Input.Changed, "#filter-days")
    @on(Select.Changed)
    @on(Checkbox.Changed)
    def _facet_changed(self) -> None:
        self._announce()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self._announce()
        self.action_close()

    def action_close(self) -> None:
        self.post_message(self.Closed())

    def action_clear(self) -> None:
        self._quiet = True
        self.query_one("#filter-text", Input).value = ""
        self.query_one("#filter-status", Select).value = OPEN
        self.query_one("#filter-priority", Select).clear()
        self.query_one("#filter-unit", Select).clear()
        self.query_one("#filter-category", Select).clear()
        self.query_one("#filter-overdue", Checkbox).value = False
        self.query_one("#filter-days", Input).value = ""
        self.query_one("#filter-by", Input).value = ""
        self._quiet = False
        self._announce()
