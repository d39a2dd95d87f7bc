"""Coverage at a glance: units x programmes (counts, never names), and "who still needs it"."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Static

from officer_tui.i18n import N_, _, ngettext
from officer_tui.ui.errors import describe
from officer_tui.ui.formatting import themed
from officer_tui.ui.localize import Localized
from officer_tui.ui.screens.pickers import DIALOG_CSS
from officer_tui.ui.screens.training_format import percent_text

if TYPE_CHECKING:
    from officer_tui.services.training_views import CoverageGrid

GRID_HELP = N_(
    """Every unit that is a target of a programme or has people who attended one, against every
programme: the number of distinct people of that unit (not counting the units below it) who
attended at least one session, and their share of the unit's headcount. Only counts are
shown, never names.

`Enter` on a cell lists the people of that unit who have not attended the programme yet.
`Esc` closes the grid.
"""
)


def grid_cell(reached: int, headcount: int | None) -> Text:
    if not reached:
        return Text("·", style="dim", justify="right")
    if headcount:
        style = "bold $text-success" if reached >= headcount else ""
        return Text(f"{reached} · {percent_text(reached / headcount)}", style=themed(style), justify="right")
    return Text(str(reached), justify="right")


class CoverageGridScreen(Localized, ModalScreen[None]):
    HELP_TITLE = N_("Coverage grid")
    HELP = GRID_HELP
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", N_("Close"), id="training_grid.close", tooltip=N_("Back to the programmes")),
    ]
    DEFAULT_CSS = "CoverageGridScreen {" + DIALOG_CSS + """
        & > Vertical { width: 96%; height: auto; max-height: 90%; }
        DataTable { height: auto; max-height: 75vh; }
    }"""

    class Loaded(Message):
        def __init__(self, grid: CoverageGrid) -> None:
            super().__init__()
            self.grid = grid

    class Failed(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self) -> None:
        super().__init__()
        self.grid: CoverageGrid | None = None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("People reached: units x programmes"), classes="dialog-title", markup=False)
            yield DataTable(id="grid", cursor_type="cell", zebra_stripes=True)
            yield Static(_("Counts of distinct people who attended, and their share of the unit's "
                           "headcount. Enter lists who still needs it; Esc closes."),
                         classes="hint", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="training-grid", exit_on_error=False)
    def load(self) -> None:
        from officer_tui.services import trainings

        try:
            with self.app.database.session() as session:  # type: ignore[attr-defined]
                grid = trainings.coverage_grid(session)
        except Exception as exc:
            self.post_message(self.Failed(describe(exc)))
            return
        self.post_message(self.Loaded(grid))

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self.notify(message.text, severity="error", timeout=8)

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        grid = self.grid = message.grid
        table = self.query_one("#grid", DataTable)
        table.clear(columns=True)
        table.add_column(_("Unit"), key="unit")
        table.add_column(Text(_("Headcount"), justify="right"), key="headcount")
        for programme_id, title in grid.programmes:
            short = title if len(title) <= 16 else title[:15] + "…"
            table.add_column(Text(short, justify="right"), key=f"p{programme_id}")
        for unit_id, name, headcount in grid.units:
            cells = [Text(name if len(name) <= 28 else name[:27] + "…"), Text("" if headcount is None else str(headcount), justify="right")]
            cells += [grid_cell(grid.reached.get((unit_id, pid), 0), headcount)
                      for pid, _title in grid.programmes]
            table.add_row(*cells, key=f"u{unit_id}")
        if not grid.units or not grid.programmes:
            self.query_one(".hint", Static).update(
                _("Nothing to show yet: add programmes with target units, then record attendance."))
        elif len(grid.programmes):
            table.move_cursor(row=0, column=2)
        table.focus()

    @on(DataTable.CellSelected, "#grid")
    def _cell_chosen(self, event: DataTable.CellSelected) -> None:
        grid = self.grid
        if grid is None:
            return
        row, column = event.coordinate.row, event.coordinate.column
        if column < 2 or row >= len(grid.units):
            return
        unit_id, unit_name, _headcount = grid.units[row]
        programme_id, title = grid.programmes[column - 2]
        self.app.push_screen(StillNeededScreen(programme_id=programme_id, programme_title=title,
                                               unit_id=unit_id, unit_name=unit_name))

    def action_close(self) -> None:
        self.dismiss(None)


class StillNeededScreen(Localized, ModalScreen[None]):
    """The people of a unit (and the units below) who have not attended the programme yet."""

    HELP_TITLE = N_("Who still needs it")
    HELP = N_(
        """The people of the unit, and of the units below it, who are known as contacts and
have not attended any session of the programme yet, by name. The target headcount may be
larger: people who are not recorded as contacts cannot be listed.

`Enter` opens the highlighted person; `Esc` closes the list.
"""
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", N_("Close"), id="still_needed.close", tooltip=N_("Close the list")),
    ]
    DEFAULT_CSS = "StillNeededScreen {" + DIALOG_CSS + """
        & > Vertical { width: 80; height: 80%; }
        DataTable { height: 1fr; }
    }"""

    class Loaded(Message):
        def __init__(self, people: list[tuple[int, str]]) -> None:
            super().__init__()
            self.people = people

    class Failed(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, *, programme_id: int, programme_title: str, unit_id: int, unit_name: str) -> None:
        super().__init__()
        self.programme_id = programme_id
        self.unit_id = unit_id
        self._title = _("{programme} · {unit}").format(programme=programme_title, unit=unit_name)
        self.people: list[tuple[int, str]] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self._title, classes="dialog-title", markup=False)
            yield Static(_("Loading…"), id="still-count", markup=False)
            yield DataTable(id="still-people", cursor_type="row", zebra_stripes=True)
            yield Static(_("Enter opens the person, Esc closes."), classes="hint", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="still-needed", exit_on_error=False)
    def load(self) -> None:
        from officer_tui.services import trainings

        try:
            with self.app.database.session() as session:  # type: ignore[attr-defined]
                people = trainings.still_needed(session, programme_id=self.programme_id,
                                                unit_id=self.unit_id)
        except Exception as exc:
            self.post_message(self.Failed(describe(exc)))
            return
        self.post_message(self.Loaded(people))

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self.notify(message.text, severity="error", timeout=8)

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        self.people = message.people
        count = len(message.people)
        text = ngettext("{n} person has not attended yet.", "{n} people have not attended yet.",
                        count).format(n=count)
        if not count:
            text = _("Everyone known in this unit has attended.")
        self.query_one("#still-count", Static).update(text)
        table = self.query_one("#still-people", DataTable)
        table.clear(columns=True)
        table.add_column(_("Name"), key="name")
        for contact_id, name in message.people:
            table.add_row(Text(name), key=str(contact_id))
        table.focus()

    @on(DataTable.RowSelected, "#still-people")
    def _open(self, event: DataTable.RowSelected) -> None:
        from officer_tui.ui.screens.contact_detail import ContactDetailScreen

        if event.row_key.value:
            self.app.push_screen(ContactDetailScreen(int(event.row_key.value)))

    def action_close(self) -> None:
        self.dismiss(None)
