"""Small modal dialogs for triage: pick one value, forward to a unit, resolve with a note."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import (
    Button,
    Footer,
    Input,
    Label,
    OptionList,
    RadioButton,
    RadioSet,
    Select,
    Static,
    TextArea,
)
from textual.widgets.option_list import Option

from officer_tui.i18n import N_, _
from officer_tui.models.enums import UnitKind
from officer_tui.ui.localize import Localized

if TYPE_CHECKING:
    from officer_tui.services.database import Database

DIALOG_CSS = """
    align: center middle;
    & > Vertical {
        width: 64; max-width: 95%; height: auto; max-height: 90%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    & .dialog-title { text-style: bold; margin-bottom: 1; }
    & .dialog-buttons { height: auto; align-horizontal: right; margin-top: 1; }
    & .dialog-buttons Button { margin-left: 1; }
    & .hint { color: $text-muted; }
"""


class PickScreen(Localized, ModalScreen[str | None]):
    """Choose one of a few values with arrows and enter (or the first letter)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("Cancel"), id="pick.cancel",
                tooltip=N_("Close without choosing")),
    ]
    DEFAULT_CSS = "PickScreen {" + DIALOG_CSS + " OptionList { height: auto; max-height: 14; } }"

    def __init__(self, title: str, choices: list[tuple[str | Text, str]], *, current: str | None = None) -> None:
        super().__init__()
        self._title = title
        self._choices = choices
        self._current = current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self._title, classes="dialog-title", markup=False)
            yield OptionList(*[Option(label, id=value) for label, value in self._choices], id="choices")
            yield Static(_("Enter chooses, Esc cancels."), classes="hint", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        if self._current is not None:
            for index, (_label, value) in enumerate(self._choices):
                if value == self._current:
                    options.highlighted = index
        elif self._choices:
            options.highlighted = 0
        options.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ForwardScreen(Localized, ModalScreen[tuple[int, str] | None]):
    """Forward to a unit (the IT provider is offered first) with its ticket number."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", N_("Forward"), id="forward.save", tooltip=N_("Forward the request")),
        Binding("escape", "cancel", N_("Cancel"), id="forward.cancel",
                tooltip=N_("Close without forwarding")),
    ]
    DEFAULT_CSS = "ForwardScreen {" + DIALOG_CSS + "}"

    def __init__(self, *, current_unit: int | None = None, current_ticket: str | None = None) -> None:
        super().__init__()
        self._current_unit = current_unit
        self._current_ticket = current_ticket or ""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Forward request"), classes="dialog-title", markup=False)
            yield Label(_("To unit"))
            yield Select([], prompt=_("Unit"), id="forward-unit")
            yield Static("", id="forward-unit-error", classes="field-error", markup=False)
            yield Label(_("Their ticket number"))
            yield Input(self._current_ticket, placeholder="INC-2026-0471", id="forward-ticket")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Cancel"), id="cancel")
                yield Button(_("Forward"), id="save", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.load_units()
        self.query_one("#forward-unit").focus()

    @work(thread=True, exit_on_error=False)
    def load_units(self) -> None:
        from officer_tui.services import units

        database: Database = self.app.database  # type: ignore[attr-defined]
        with database.session() as session:
            rows = units.list_units(session)
        # The IT provider first: it is where most requests go.
        rows = sorted(rows, key=lambda r: 0 if r.kind == UnitKind.IT_PROVIDER else 1)
        self.app.call_from_thread(self._set_units, [(r.name, r.id, r.kind) for r in rows])

    def _set_units(self, options: list[tuple[str, int, UnitKind]]) -> None:
        select = self.query_one("#forward-unit", Select)
        select.set_options([(name, unit_id) for name, unit_id, _kind in options])
        if self._current_unit is not None:
            select.value = self._current_unit
        elif options and options[0][2] == UnitKind.IT_PROVIDER:
            select.value = options[0][1]

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        unit = self.query_one("#forward-unit", Select).value
        if unit is Select.NULL:
            error = self.query_one("#forward-unit-error", Static)
            error.update(_("Choose the unit to forward to."))
            error.add_class("-shown")
            self.query_one("#forward-unit").focus()
            return
        self.dismiss((int(unit), self.query_one("#forward-ticket", Input).value.strip()))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class ResolveScreen(Localized, ModalScreen[tuple[str, bool] | None]):
    """Close a request as done or declined; the note is required."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", N_("Resolve"), id="resolve.save", tooltip=N_("Close the request")),
        Binding("escape", "cancel", N_("Cancel"), id="resolve.cancel",
                tooltip=N_("Close without resolving")),
    ]
    DEFAULT_CSS = "ResolveScreen {" + DIALOG_CSS + " TextArea { height: 6; } RadioSet { width: 100%; } }"

    def __init__(self, *, declined: bool = False, resolution: str = "") -> None:
        super().__init__()
        self._declined = declined
        self._resolution = resolution

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Resolve request"), classes="dialog-title", markup=False)
            with RadioSet(id="resolve-outcome"):
                yield RadioButton(_("done"), value=not self._declined, id="outcome-done")
                yield RadioButton(_("declined"), value=self._declined, id="outcome-declined")
            yield Label(_("Resolution (required)"))
            yield TextArea(self._resolution, id="resolve-note")
            yield Static("", id="resolve-note-error", classes="field-error", markup=False)
            yield Static(_("Ctrl+S saves, Esc cancels."), classes="hint", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Cancel"), id="cancel")
                yield Button(_("Resolve"), id="save", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#resolve-note").focus()

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        note = self.query_one("#resolve-note", TextArea).text.strip()
        if not note:
            error = self.query_one("#resolve-note-error", Static)
            error.update(_("A resolution note is required to close a request."))
            error.add_class("-shown")
            self.query_one("#resolve-note").add_class("-invalid")
            self.query_one("#resolve-note").focus()
            return
        declined = self.query_one("#outcome-declined", RadioButton).value
        self.dismiss((note, declined))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


