"""The filter bar of the Projects pane: free text plus facets. Knows nothing of the database.

Posts ``ProjectFilterBar.Changed`` with a plain ``ProjectFilter`` whenever a value changes
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
from officer_tui.models.enums import Funding, ProjectPhase, TrafficLight
from officer_tui.services.project_views import (
    FUNDING_LABELS,
    NO_FIELD,
    PHASE_LABELS,
    TRAFFIC_LABELS,
    TRAFFIC_SYMBOLS,
    ProjectFilter,
)
from officer_tui.ui.localize import Localized
from officer_tui.ui.widgets.by_input import ByInput

PROOF_DUE_DAYS = 60


class ProjectFilterBar(Localized, Vertical):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", N_("Close filter"), id="project_filter.close",
                tooltip=N_("Back to the list; the filter stays")),
        Binding("ctrl+r", "clear", N_("Clear filter"), id="project_filter.clear",
                tooltip=N_("Show all projects again")),
    ]

    DEFAULT_CSS = """
    ProjectFilterBar {
        height: auto;
        padding: 0 1;
        background: $boost;
        & .filter-facets { height: 1; }
        & Select { width: 1fr; min-width: 10; margin-right: 1; }
        & Checkbox { width: auto; margin-right: 1; }
    }
    """

    class Changed(Message):
        def __init__(self, bar: ProjectFilterBar, filters: ProjectFilter) -> None:
            super().__init__()
            self.bar = bar
            self.filters = filters

        @property
        def control(self) -> ProjectFilterBar:
            return self.bar

    class Closed(Message):
        pass

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._debounce: Timer | None = None
        self._quiet = False

    def compose(self) -> ComposeResult:
        yield Input(placeholder=_("Search title, description, programme, lead"), id="pf-text",
                    compact=True)
        with Horizontal(classes="filter-facets"):
            yield Select([(_(label), p.value) for p, label in PHASE_LABELS.items()],
                         prompt=_("Phase"), id="pf-phase", compact=True)
            yield Select([(_(label), f.value) for f, label in FUNDING_LABELS.items()],
                         prompt=_("Funding"), id="pf-funding", compact=True)
            yield Select([(f"{TRAFFIC_SYMBOLS[t]} {_(label)}", t.value)
                          for t, label in TRAFFIC_LABELS.items()],
                         prompt=_("Light"), id="pf-light", compact=True)
            yield Checkbox(_("proof of use ≤ {n} d").format(n=PROOF_DUE_DAYS), id="pf-proof",
                           compact=True,
                           tooltip=_("Proof of use due within {n} days, or overdue").format(
                               n=PROOF_DUE_DAYS))
        with Horizontal(classes="filter-facets"):
            yield Select([], prompt=_("Field of action"), id="pf-field", compact=True)
            yield Select([], prompt=_("Unit"), id="pf-unit", compact=True)
            yield Select([], prompt=_("Goal"), id="pf-goal", compact=True)
            yield ByInput(id="pf-by", tooltip=_("Only projects this person created or changed"))

    def set_choices(self, *, fields: list[str], units: list[tuple[int, str, int]],
                    goals: list[tuple[int, str, str]], users: list[str] | None = None) -> None:
        """Fields of action in use, units (id, name, depth) in tree order, goals (id, code, title),
        the people in the change history (suggested in the "by" field)."""
        self._quiet = True
        try:
            self.query_one("#pf-by", ByInput).set_users(users or [])
            self._refill("#pf-field", [(name, name) for name in fields]
                         + [(_("(no field of action)"), NO_FIELD)])
            self._refill("#pf-unit", [("  " * depth + name, uid) for uid, name, depth in units])
            self._refill("#pf-goal", [(f"{code} {title}", gid) for gid, code, title in goals])
        finally:
            self.call_after_refresh(self._unquiet)

    def _refill(self, selector: str, options: list[tuple[str, object]]) -> None:
        select = self.query_one(selector, Select)
        current = select.value
        select.set_options(options)
        if current in {value for _label, value in options}:
            select.value = current

    def _unquiet(self) -> None:
        self._quiet = False

    def focus_text(self) -> None:
        self.query_one("#pf-text", Input).focus()

    def _value(self, selector: str) -> object | None:
        value = self.query_one(selector, Select).value
        return None if value is Select.NULL else value

    @property
    def filters(self) -> ProjectFilter:
        phase, funding, light = (self._value(s) for s in ("#pf-phase", "#pf-funding", "#pf-light"))
        unit, goal, field = (self._value(s) for s in ("#pf-unit", "#pf-goal", "#pf-field"))
        return ProjectFilter(
            text=self.query_one("#pf-text", Input).value.strip(),
            phase=ProjectPhase(phase) if phase else None,
            funding=Funding(funding) if funding else None,
            traffic_light=TrafficLight(light) if light else None,
            field_of_action=None if field is None else str(field),
            unit_id=None if unit is None else int(unit),
            goal_id=None if goal is None else int(goal),
            proof_due_days=PROOF_DUE_DAYS if self.query_one("#pf-proof", Checkbox).value else None,
            changed_by=self.query_one("#pf-by", ByInput).user,
        )

    def _announce(self) -> None:
        if not self._quiet:
            self.post_message(self.Changed(self, self.filters))

    @on(Input.Changed, "#pf-text")
    @on(Input.Changed, "#pf-by")
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
        self.query_one("#pf-text", Input).value = ""
        for selector in ("#pf-phase", "#pf-funding", "#pf-light", "#pf-field", "#pf-unit", "#pf-goal"):
            self.query_one(selector, Select).clear()
        self.query_one("#pf-proof", Checkbox).value = False
        self.query_one("#pf-by", Input).value = ""
        self._quiet = False
        self._announce()
