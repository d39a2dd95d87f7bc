"""The filter bar of the Ideas pane: free text plus facets. Knows nothing of the database.

Posts ``IdeaFilterBar.Changed`` with a plain ``IdeaFilter`` whenever a value changes (text
debounced), and ``Closed`` when the user leaves it with ``escape``.
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
from officer_tui.models.enums import IdeaStatus
from officer_tui.services.idea_views import OPEN_IDEA_STATUSES, IdeaFilter
from officer_tui.ui.localize import Localized
from officer_tui.ui.widgets.by_input import ByInput

OPEN = "open"
ALL = "all"


class IdeaFilterBar(Localized, Vertical):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", N_("Close filter"), id="idea_filter.close",
                tooltip=N_("Back to the list; the filter stays")),
        Binding("ctrl+r", "clear", N_("Clear filter"), id="idea_filter.clear",
                tooltip=N_("Show all open ideas again")),
    ]

    DEFAULT_CSS = """
    IdeaFilterBar {
        height: auto;
        padding: 0 1;
        background: $boost;
        & #idea-filter-facets { height: 1; }
        & Select { width: 1fr; min-width: 11; margin-right: 1; }
        & Checkbox { width: auto; margin-right: 1; }
    }
    """

    class Changed(Message):
        def __init__(self, bar: IdeaFilterBar, filters: IdeaFilter) -> None:
            super().__init__()
            self.bar = bar
            self.filters = filters

        @property
        def control(self) -> IdeaFilterBar:
            return self.bar

    class Closed(Message):
        pass

    def __init__(self, status_labels: dict[IdeaStatus, str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._status_labels = status_labels
        self._debounce: Timer | None = None
        self._quiet = False

    def compose(self) -> ComposeResult:
        yield Input(placeholder=_("Search title, description, submitter"), id="idea-filter-text",
                    compact=True)
        with Horizontal(id="idea-filter-facets"):
            options = [(_("open"), OPEN), (_("all"), ALL)] + [
                (label, status.value) for status, label in self._status_labels.items()
            ]
            yield Select(options, value=OPEN, allow_blank=False, id="idea-filter-status",
                         tooltip=_("Status"), compact=True)
            yield Select([], prompt=_("Field of action"), id="idea-filter-field", compact=True)
            yield Select([], prompt=_("Unit"), id="idea-filter-unit", compact=True)
            yield Select([], prompt=_("Goal"), id="idea-filter-goal", compact=True)
            yield Checkbox(_("unassessed"), id="idea-filter-unassessed", compact=True)
            yield ByInput(id="idea-filter-by", tooltip=_("Only ideas this person created or changed"))

    def set_choices(self, *, units: list[tuple[int, str, int]], fields: list[str],
                    goals: list[tuple[int, str, str]], users: list[str] | None = None) -> None:
        self._quiet = True
        try:
            self.query_one("#idea-filter-by", ByInput).set_users(users or [])
            for select_id, options in (
                ("#idea-filter-unit", [("  " * depth + name, uid) for uid, name, depth in units]),
                ("#idea-filter-field", [(name, name) for name in fields]),
                ("#idea-filter-goal", [(f"{code} {title}", gid) for gid, code, title in goals]),
            ):
                select = self.query_one(select_id, Select)
                current = select.value
                select.set_options(options)
                if current in {value for _label, value in options}:
                    select.value = current
        finally:
            self.call_after_refresh(self._unquiet)

    def _unquiet(self) -> None:
        self._quiet = False

    def focus_text(self) -> None:
        self.query_one("#idea-filter-text", Input).focus()

    @property
    def filters(self) -> IdeaFilter:
        status = self.query_one("#idea-filter-status", Select).value
        if status == OPEN or status is Select.NULL:
            statuses: frozenset[IdeaStatus] | None = OPEN_IDEA_STATUSES
        elif status == ALL:
            statuses = None
        else:
            statuses = frozenset({IdeaStatus(status)})

        def value(select_id: str):
            chosen = self.query_one(select_id, Select).value
            return None if chosen is Select.NULL else chosen

        unit, goal = value("#idea-filter-unit"), value("#idea-filter-goal")
        return IdeaFilter(
            text=self.query_one("#idea-filter-text", Input).value.strip(),
            statuses=statuses,
            field_of_action=value("#idea-filter-field"),
            unit_id=None if unit is None else int(unit),
            goal_id=None if goal is None else int(goal),
            unassessed=self.query_one("#idea-filter-unassessed", Checkbox).value,
            changed_by=self.query_one("#idea-filter-by", ByInput).user,
        )

    def _announce(self) -> None:
        if not self._quiet:
            self.post_message(self.Changed(self, self.filters))

    @on(Input.Changed, "#idea-filter-text")
    @on(Input.Changed, "#idea-filter-by")
    def _text_changed(self) -> None:
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(0.15, self._announce)

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
        self.query_one("#idea-filter-text", Input).value = ""
        self.query_one("#idea-filter-status", Select).value = OPEN
        for select_id in ("#idea-filter-field", "#idea-filter-unit", "#idea-filter-goal"):
            self.query_one(select_id, Select).clear()
        self.query_one("#idea-filter-unassessed", Checkbox).value = False
        self.query_one("#idea-filter-by", Input).value = ""
        self._quiet = False
        self._announce()
