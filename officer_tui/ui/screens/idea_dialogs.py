"""Small modal dialogs of the Ideas pane: assess, weights, a reason, goals, a confirmation."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label, SelectionList, Static, TextArea

from officer_tui.i18n import N_, _
from officer_tui.services.idea_views import CRITERIA
from officer_tui.ui.localize import Localized
from officer_tui.ui.screens.pickers import DIALOG_CSS

CRITERION_TEXTS = {
    "benefit": (N_("Benefit"), N_("1 little use … 5 great use")),
    "effort": (N_("Effort"), N_("1 very little … 5 very much (counts against)")),
    "strategic_fit": (N_("Strategic fit"), N_("1 off the strategy … 5 right on it")),
    "reach": (N_("Reach"), N_("1 a few people … 5 the whole city")),
}


class NumbersScreen(Localized, ModalScreen[dict[str, int] | None]):
    """Four whole numbers, one per criterion; typing a digit moves to the next field."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", N_("Save"), id="numbers.save", tooltip=N_("Save and close")),
        Binding("escape", "cancel", N_("Cancel"), id="numbers.cancel",
                tooltip=N_("Close without saving")),
    ]
    DEFAULT_CSS = "NumbersScreen {" + DIALOG_CSS + """
        & .number-row { height: 3; }
        & .number-row Label { width: 16; padding-top: 1; }
        & .number-row Input { width: 8; }
        & .number-row .number-hint { width: 1fr; padding-top: 1; color: $text-muted; }
    }"""

    LOW, HIGH = 1, 5
    TITLE_TEXT = ""
    HINT_TEXT = ""

    def __init__(self, title: str, values: dict[str, int | None]) -> None:
        super().__init__()
        self._title = title
        self._values = values

    def hint(self, criterion: str) -> str:
        return _(CRITERION_TEXTS[criterion][1])

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self._title, classes="dialog-title", markup=False)
            for criterion in CRITERIA:
                value = self._values.get(criterion)
                with Horizontal(classes="number-row"):
                    yield Label(_(CRITERION_TEXTS[criterion][0]))
                    yield Input("" if value is None else str(value), id=f"n-{criterion}",
                                type="integer", max_length=2)
                    yield Static(self.hint(criterion), classes="number-hint", markup=False)
            yield Static("", id="numbers-error", classes="field-error", markup=False)
            yield Static(self.HINT_TEXT and _(self.HINT_TEXT), classes="hint", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Cancel"), id="cancel")
                yield Button(_("Save"), id="save", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(f"#n-{CRITERIA[0]}", Input).focus()

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        # Single-key entry: a complete rating moves on to the next criterion.
        value = event.value.strip()
        if self.HIGH <= 9 and len(value) == 1 and value.isdigit() and event.input.has_focus:
            index = CRITERIA.index(event.input.id.removeprefix("n-"))
            if index + 1 < len(CRITERIA):
                self.query_one(f"#n-{CRITERIA[index + 1]}", Input).focus()
            else:
                self.query_one("#save", Button).focus()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        result: dict[str, int] = {}
        for criterion in CRITERIA:
            text = self.query_one(f"#n-{criterion}", Input).value.strip()
            try:
                number = int(text)
            except ValueError:
                number = None
            if number is None or not self.LOW <= number <= self.HIGH:
                error = self.query_one("#numbers-error", Static)
                error.update(_("{what}: enter a whole number from {low} to {high}.").format(
                    what=_(CRITERION_TEXTS[criterion][0]), low=self.LOW, high=self.HIGH))
                error.add_class("-shown")
                field = self.query_one(f"#n-{criterion}", Input)
                field.add_class("-invalid")
                field.focus()
                return
            result[criterion] = number
        self.dismiss(result)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class AssessScreen(NumbersScreen):
    """Rate benefit, effort, strategic fit and reach from 1 to 5."""

    DEFAULT_CSS = ""
    HINT_TEXT = N_("Type one digit per criterion; Enter or Ctrl+S saves, Esc cancels.")


class WeightsScreen(NumbersScreen):
    """Weights of the four criteria in the score, 0 to 10."""

    DEFAULT_CSS = ""
    LOW, HIGH = 0, 10
    HINT_TEXT = N_("0 leaves a criterion out. Changing the weights re-ranks every idea.")

    def hint(self, criterion: str) -> str:
        return _("0 to 10")

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:  # "10" needs two keys: no auto-advance
        return


class ReasonScreen(Localized, ModalScreen[str | None]):
    """A note that must not be empty (why an idea is rejected)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", N_("Save"), id="reason.save", tooltip=N_("Save and close")),
        Binding("escape", "cancel", N_("Cancel"), id="reason.cancel",
                tooltip=N_("Close without saving")),
    ]
    DEFAULT_CSS = "ReasonScreen {" + DIALOG_CSS + " TextArea { height: 5; } }"

    def __init__(self, title: str, text: str = "") -> None:
        super().__init__()
        self._title = title
        self._text = text

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self._title, classes="dialog-title", markup=False)
            yield Label(_("Reason (required)"))
            yield TextArea(self._text, id="reason")
            yield Static("", id="reason-error", classes="field-error", markup=False)
            yield Static(_("Ctrl+S saves, Esc cancels."), classes="hint", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Cancel"), id="cancel")
                yield Button(_("Save"), id="save", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#reason").focus()

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        text = self.query_one("#reason", TextArea).text.strip()
        if not text:
            error = self.query_one("#reason-error", Static)
            error.update(_("Say why; the reason is required."))
            error.add_class("-shown")
            self.query_one("#reason").add_class("-invalid")
            return
        self.dismiss(text)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class GoalPickScreen(Localized, ModalScreen[list[int] | None]):
    """Tick the strategic goals an idea serves (space ticks, enter or Ctrl+S saves)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # priority: the list itself would take Enter to tick (Space does that here).
        Binding("ctrl+s,enter", "save", N_("Save"), id="goal_pick.save", priority=True,
                tooltip=N_("Save the ticked goals")),
        Binding("escape", "cancel", N_("Cancel"), id="goal_pick.cancel",
                tooltip=N_("Close without saving")),
    ]
    DEFAULT_CSS = "GoalPickScreen {" + DIALOG_CSS + """
        & > Vertical { width: 90; }
        SelectionList { height: auto; max-height: 18; }
    }"""

    def __init__(self, title: str, goals: list[tuple[int, str, str]], chosen: set[int]) -> None:
        super().__init__()
        self._title = title
        self._goals = goals
        self._chosen = chosen

    def compose(self) -> ComposeResult:
        from rich.text import Text

        with Vertical():
            yield Static(self._title, classes="dialog-title", markup=False)
            if self._goals:
                yield SelectionList[int](
                    *[(Text(f"{code}  {title}"), gid, gid in self._chosen)
                      for gid, code, title in self._goals],
                    id="goals",
                )
            else:
                yield Static(_("No strategic goals yet. Add them with G (goals list)."), markup=False)
            yield Static(_("Space ticks a goal; Enter saves, Esc cancels."), classes="hint", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        for widget in self.query("#goals"):
            widget.focus()

    def action_save(self) -> None:
        found = self.query("#goals")
        if not found:
            self.dismiss(None)
            return
        self.dismiss(list(found.first(SelectionList).selected))

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmScreen(Localized, ModalScreen[bool]):
    """Yes or no: ``y``/enter confirms, ``n``/Esc cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "yes", N_("Yes"), id="confirm.yes", tooltip=N_("Go ahead")),
        Binding("n,escape", "no", N_("No"), id="confirm.no", tooltip=N_("Cancel")),
    ]
    DEFAULT_CSS = "ConfirmScreen {" + DIALOG_CSS + "}"

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self._title = title
        self._text = text

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self._title, classes="dialog-title", markup=False)
            yield Static(self._text, markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("No"), id="no")
                yield Button(_("Yes"), id="yes", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#yes", Button).focus()

    @on(Button.Pressed, "#yes")
    def action_yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def action_no(self) -> None:
        self.dismiss(False)
