"""The filter bar of the Meetings pane: free text plus facets. Knows nothing of the database.

Posts ``MeetingFilterBar.Changed`` with a plain ``MeetingFilter`` whenever a value changes
(text debounced), and ``Closed`` when the user leaves it with ``escape``.
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
from officer_tui.labels import meeting_kind_label
from officer_tui.models.enums import MeetingKind
from officer_tui.services.meeting_views import MeetingFilter, MeetingWhen
from officer_tui.ui.localize import Localized

WHEN_LABELS = {
    MeetingWhen.ALL: N_("upcoming and past"),
    MeetingWhen.UPCOMING: N_("upcoming"),
    MeetingWhen.PAST: N_("past"),
}


class MeetingFilterBar(Localized, Vertical):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", N_("Close filter"), id="meeting_filter.close",
                tooltip=N_("Back to the list; the filter stays")),
        Binding("ctrl+r", "clear", N_("Clear filter"), id="meeting_filter.clear",
                tooltip=N_("Show all meetings again")),
    ]

    DEFAULT_CSS = """
    MeetingFilterBar {
        height: auto;
        padding: 0 1;
        background: $boost;
        & #meeting-filter-facets { height: 1; }
        & Select { width: 1fr; min-width: 11; margin-right: 1; }
        & Checkbox { width: auto; margin-right: 1; }
    }
    """

    class Changed(Message):
        def __init__(self, bar: MeetingFilterBar, filters: MeetingFilter) -> None:
            super().__init__()
            self.bar = bar
            self.filters = filters

        @property
        def control(self) -> MeetingFilterBar:
            return self.bar

    class Closed(Message):
        pass

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._debounce: Timer | None = None
        self._quiet = False

    def compose(self) -> ComposeResult:
        yield Input(placeholder=_("Search title, place, notes, agenda items"), id="meeting-filter-text",
                    compact=True)
        with Horizontal(id="meeting-filter-facets"):
            yield Select([(_(label), when.value) for when, label in WHEN_LABELS.items()],
                         value=MeetingWhen.ALL.value, allow_blank=False, id="meeting-filter-when",
                         tooltip=_("When"), compact=True)
            yield Select([(meeting_kind_label(kind), kind.value) for kind in MeetingKind],
                         prompt=_("Kind"), id="meeting-filter-kind", compact=True)
            yield Select([], prompt=_("Unit"), id="meeting-filter-unit", compact=True)
            yield Select([], prompt=_("Participant"), id="meeting-filter-person", compact=True)
            yield Checkbox(_("open only"), id="meeting-filter-open", compact=True,
                           tooltip=_("Leave out closed meetings"))

    def set_choices(self, *, units: list[tuple[int, str, int]], people: list[tuple[int, str]]) -> None:
        self._quiet = True
        try:
            for select_id, options in (
                ("#meeting-filter-unit", [("  " * depth + name, uid) for uid, name, depth in units]),
                ("#meeting-filter-person", [(name, pid) for pid, name in people]),
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
        self.query_one("#meeting-filter-text", Input).focus()

    @property
    def filters(self) -> MeetingFilter:
        def value(select_id: str):
            chosen = self.query_one(select_id, Select).value
            return None if chosen is Select.NULL else chosen

        when, kind = value("#meeting-filter-when"), value("#meeting-filter-kind")
        unit, person = value("#meeting-filter-unit"), value("#meeting-filter-person")
        return MeetingFilter(
            text=self.query_one("#meeting-filter-text", Input).value.strip(),
            when=MeetingWhen(when) if when else MeetingWhen.ALL,
            kind=MeetingKind(kind) if kind else None,
            unit_id=None if unit is None else int(unit),
            contact_id=None if person is None else int(person),
            open_only=self.query_one("#meeting-filter-open", Checkbox).value,
        )

    def _announce(self) -> None:
        if not self._quiet:
            self.post_message(self.Changed(self, self.filters))

    @on(Input.Changed, "#meeting-filter-text")
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
        self.query_one("#meeting-filter-text", Input).value = ""
        self.query_one("#meeting-filter-when", Select).value = MeetingWhen.ALL.value
        for select_id in ("#meeting-filter-kind", "#meeting-filter-unit", "#meeting-filter-person"):
            self.query_one(select_id, Select).clear()
        self.query_one("#meeting-filter-open", Checkbox).value = False
        self._quiet = False
        self._announce()
