"""Create or edit a unit (department, house, IT provider, partner)."""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Footer, Input, Label, Select, Static, TextArea

from officer_tui.i18n import _
from officer_tui.labels import UNIT_KIND_LABELS
from officer_tui.models.enums import UnitKind
from officer_tui.ui.screens.form_base import FORM_CSS, RecordForm


class UnitFormScreen(RecordForm[int]):
    """Dismisses with the saved unit's id."""
    RELOADS = True  # fills the widgets again after a conflict (RecordForm)

    DEFAULT_CSS = "UnitFormScreen {" + FORM_CSS + "}"
    FIELDS: ClassVar[dict[str, str]] = {
        "name": "unit-name", "short_name": "unit-short", "kind": "unit-kind",
        "parent": "unit-parent", "parent_id": "unit-parent", "headcount": "unit-headcount",
        "notes": "unit-notes",
    }

    class Loaded(Message):
        def __init__(self, units: list[tuple[int, str, int]], unit: object | None) -> None:
            super().__init__()
            self.units = units
            self.unit = unit

    def __init__(self, *, unit_id: int | None = None, name: str = "", kind: UnitKind | None = None,
                 parent_id: int | None = None) -> None:
        """``parent_id`` preselects the parent of a new unit."""
        super().__init__()
        self.unit_id = unit_id
        self._parent_id = parent_id
        self._name = name
        self._kind = kind
        self._version: int | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="form"):
            yield Static(_("New unit") if self.unit_id is None else _("Edit unit"), classes="form-title", markup=False)
            with Horizontal(classes="form-row"):
                with Vertical(classes="form-cell"):
                    yield Label(_("Name"))
                    yield Input(self._name, id="unit-name", placeholder=_("e.g. Stadtbibliothek"))
                    yield Static("", id="unit-name-error", classes="field-error", markup=False)
                with Vertical(classes="form-cell"):
                    yield Label(_("Short name"))
                    yield Input(id="unit-short", placeholder=_("e.g. StB"))
                    yield Static("", id="unit-short-error", classes="field-error", markup=False)
            with Horizontal(classes="form-row"):
                with Vertical(classes="form-cell"):
                    yield Label(_("Kind"))
                    yield Select([(_(label), kind.value) for kind, label in UNIT_KIND_LABELS.items()],
                                 value=(self._kind or UnitKind.DEPARTMENT).value, allow_blank=False, id="unit-kind")
                    yield Static("", id="unit-kind-error", classes="field-error", markup=False)
                with Vertical(classes="form-cell"):
                    yield Label(_("Part of"))
                    yield Select([], prompt=_("(top level)"), id="unit-parent")
                    yield Static("", id="unit-parent-error", classes="field-error", markup=False)
            with Horizontal(classes="form-row"):
                with Vertical(classes="form-cell"):
                    yield Label(_("Headcount (staff)"))
                    yield Input(id="unit-headcount", type="integer", placeholder="0")
                    yield Static("", id="unit-headcount-error", classes="field-error", markup=False)
            yield Label(_("Notes"))
            yield TextArea(id="unit-notes")
            yield Static("", id="unit-notes-error", classes="field-error", markup=False)
            with Horizontal(classes="form-buttons"):
                yield Button(_("Cancel"), id="cancel")
                yield Button(_("Save"), id="save", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#unit-name").focus()
        self.load()

    @work(thread=True, exit_on_error=False)
    def load(self) -> None:
        from officer_tui.services import units

        with self.app.database.session() as session:  # type: ignore[attr-defined]
            rows = [(u.id, u.name, u.depth) for u in units.list_units(session) if u.id != self.unit_id]
            unit = units.get_unit(session, self.unit_id) if self.unit_id is not None else None
        self.post_message(self.Loaded(rows, unit))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        parent = self.query_one("#unit-parent", Select)
        parent.set_options([("  " * depth + name, unit_id) for unit_id, name, depth in message.units])
        unit = message.unit
        if unit is not None:
            self._version = unit.version
            self.query_one("#unit-name", Input).value = unit.name
            self.query_one("#unit-short", Input).value = unit.short_name or ""
            self.query_one("#unit-kind", Select).value = unit.kind.value
            if unit.parent_id is not None:
                parent.value = unit.parent_id
            self.query_one("#unit-headcount", Input).value = "" if unit.headcount is None else str(unit.headcount)
            self.query_one("#unit-notes", TextArea).text = unit.notes
        elif self._parent_id is not None and self._parent_id in {u[0] for u in message.units}:
            parent.value = self._parent_id
        self.done_loading()

    def collect(self) -> dict | None:
        headcount_text = self.value_of("unit-headcount").strip()
        if headcount_text and not headcount_text.lstrip("-").isdigit():
            self.show_errors([("headcount", _("must be a whole number"))])
            return None
        return {
            "name": self.value_of("unit-name"),
            "short_name": self.value_of("unit-short").strip() or None,
            "kind": self.choice_of("unit-kind"),
            "parent_id": self.choice_of("unit-parent"),
            "headcount": int(headcount_text) if headcount_text else None,
            "notes": self.value_of("unit-notes"),
        }

    def write(self, session, data: dict) -> int:
        from officer_tui.services import units

        if self.unit_id is None:
            return units.create_unit(session, data=data).id
        return units.update_unit(
            session, unit_id=self.unit_id, changes=data, expected_version=self._version
        ).id
