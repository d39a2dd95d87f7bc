"""Someone else saved the record while the form was open: keep mine, take theirs, or merge."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Footer, Static

from officer_tui.i18n import N_, _
from officer_tui.ui.formatting import themed
from officer_tui.ui.localize import Localized

MINE = "mine"
THEIRS = "theirs"


@dataclass(frozen=True)
class ConflictField:
    """One field whose value in the form differs from the stored one, shown as the form shows
    it (labels of choices, dates as typed)."""

    key: str  # the widget id in the form
    label: str
    base: str  # when the form was opened
    mine: str  # in the form now
    theirs: str  # stored now
    mine_changed: bool
    theirs_changed: bool

    @property
    def default(self) -> str | None:
        """Only they changed it: theirs; only I did: mine; both: no default (a conflict)."""
        if self.mine_changed and self.theirs_changed:
            return None
        return MINE if self.mine_changed else THEIRS


def _one_line(value: str, width: int = 24) -> Text:
    line = value.replace("\n", " ⏎ ")
    if len(line) > width:
        line = line[: width - 1] + "…"
    return Text(line) if line else Text("–", style="dim")


class ConflictScreen(Localized, ModalScreen[tuple[str, dict[str, str]] | None]):
    """Dismisses with ("mine", {}), ("theirs", {}), ("merge", {key: "mine"|"theirs"}), or None
    (back to the form, nothing lost)."""

    DEFAULT_CSS = """
    ConflictScreen {
        align: center middle;
        & > #conflict {
            width: 110; max-width: 98%; height: auto; max-height: 96%;
            border: round $warning; background: $surface; padding: 0 1;
        }
        & .conflict-title { text-style: bold; }
        & .hint { color: $text-muted; }
        & DataTable { height: auto; max-height: 12; margin: 1 0; }
        & #conflict-detail { height: auto; max-height: 12; border: round $panel; padding: 0 1; }
        & .conflict-buttons { height: auto; align-horizontal: right; }
        & .conflict-buttons Button { margin-left: 1; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "keep_mine", N_("Keep mine"), id="conflict.mine",
                tooltip=N_("Save your values over theirs")),
        Binding("t", "take_theirs", N_("Take theirs"), id="conflict.theirs",
                tooltip=N_("Discard your changes; the form shows the stored record")),
        Binding("1", "pick('mine')", N_("Mine"), id="conflict.pick_mine",
                tooltip=N_("Use your value for this field")),
        Binding("2", "pick('theirs')", N_("Theirs"), id="conflict.pick_theirs",
                tooltip=N_("Use their value for this field")),
        Binding("space", "toggle", N_("Switch"), id="conflict.toggle",
                tooltip=N_("Switch this field between yours and theirs")),
        Binding("ctrl+s", "merge", N_("Save merge"), id="conflict.merge",
                tooltip=N_("Save the values chosen per field")),
        Binding("escape", "back", N_("Back"), id="conflict.back",
                tooltip=N_("Back to the form; nothing is lost")),
    ]

    def __init__(self, fields: list[ConflictField], *, saved_by: str = "",
                 saved_at: datetime | None = None) -> None:
        """``saved_by``/``saved_at``: who stored the version the form met, and when (from the
        history; unknown when empty)."""
        super().__init__()
        self.fields = fields
        self.choices: dict[str, str | None] = {f.key: f.default for f in fields}
        self.saved_by = saved_by
        self.saved_at = saved_at

    @property
    def title_text(self) -> str:
        """Who saved meanwhile, and when, if the history knows."""
        if self.saved_by and self.saved_at is not None:
            from officer_tui.ui.widgets.history_view import when_text

            return _("{user} saved this record ({when}) while you were editing it").format(
                user=self.saved_by, when=when_text(self.saved_at))
        return _("Someone else saved this record while you were editing it")

    def compose(self) -> ComposeResult:
        with Vertical(id="conflict"):
            yield Static(self.title_text, classes="conflict-title", markup=False)
            yield Static(
                _("Nothing was saved yet. m: keep mine · t: take theirs · per field: ↑↓, 1 mine, "
                  "2 theirs, space switches · Enter saves the merge · Esc back to the form"),
                classes="hint", markup=False,
            )
            yield DataTable(id="conflict-fields", cursor_type="row", zebra_stripes=True)
            yield Static("", id="conflict-detail", markup=False)
            with Horizontal(classes="conflict-buttons"):
                yield Button(_("Back"), id="conflict-back")
                yield Button(_("Take theirs"), id="conflict-theirs")
                yield Button(_("Keep mine"), id="conflict-mine")
                yield Button(_("Save merge"), id="conflict-merge", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column(_("Field"), key="field")
        table.add_column(_("When opened"), key="base")
        table.add_column(_("Mine"), key="mine")
        table.add_column(_("Theirs"), key="theirs")
        table.add_column(_("Use"), key="use")
        for field in self.fields:
            table.add_row(Text(field.label), _one_line(field.base), _one_line(field.mine),
                          _one_line(field.theirs), self._use_cell(field.key), key=field.key)
        table.focus()
        self._show_detail()

    def _use_cell(self, key: str) -> Text:
        choice = self.choices[key]
        if choice == MINE:
            return Text(_("mine"), style="bold")
        if choice == THEIRS:
            return Text(_("theirs"), style="bold")
        return Text(_("conflict: choose"), style=themed("bold $text-error"))

    @property
    def current(self) -> ConflictField | None:
        table = self.query_one(DataTable)
        if not self.fields:
            return None
        return self.fields[min(max(table.cursor_row, 0), len(self.fields) - 1)]

    def _show_detail(self) -> None:
        field = self.current
        detail = self.query_one("#conflict-detail", Static)
        if field is None:
            detail.update("")
            return
        text = Text()
        text.append(field.label + "\n", style="bold")
        for caption, value in ((_("When opened"), field.base), (_("Mine"), field.mine),
                               (_("Theirs"), field.theirs)):
            text.append(caption + ": ", style="dim")
            text.append(value if value else "–")
            text.append("\n")
        detail.update(text)

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self._show_detail()

    @on(DataTable.RowSelected)
    def _selected(self) -> None:  # Enter on a row
        self.action_merge()

    def action_pick(self, choice: str) -> None:
        field = self.current
        if field is None:
            return
        self.choices[field.key] = choice
        self.query_one(DataTable).update_cell(field.key, "use", self._use_cell(field.key))

    def action_toggle(self) -> None:
        field = self.current
        if field is not None:
            self.action_pick(THEIRS if self.choices[field.key] == MINE else MINE)

    def action_keep_mine(self) -> None:
        self.dismiss((MINE, {}))

    def action_take_theirs(self) -> None:
        self.dismiss((THEIRS, {}))

    def action_back(self) -> None:
        self.dismiss(None)

    def action_merge(self) -> None:
        open_fields = [f for f in self.fields if self.choices[f.key] is None]
        if open_fields:
            table = self.query_one(DataTable)
            table.move_cursor(row=self.fields.index(open_fields[0]))
            self.notify(
                _("Both of you changed {fields}: choose mine (1) or theirs (2).").format(
                    fields=", ".join(f.label for f in open_fields)),
                severity="warning", markup=False,
            )
            return
        self.dismiss(("merge", {key: str(choice) for key, choice in self.choices.items()}))

    @on(Button.Pressed, "#conflict-back")
    def _back_pressed(self) -> None:
        self.action_back()

    @on(Button.Pressed, "#conflict-theirs")
    def _theirs_pressed(self) -> None:
        self.action_take_theirs()

    @on(Button.Pressed, "#conflict-mine")
    def _mine_pressed(self) -> None:
        self.action_keep_mine()

    @on(Button.Pressed, "#conflict-merge")
    def _merge_pressed(self) -> None:
        self.action_merge()
