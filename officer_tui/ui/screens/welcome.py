"""First start on an empty database: load demo data, or start empty."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from officer_tui.i18n import N_, _
from officer_tui.ui.localize import Localized


class WelcomeScreen(Localized, ModalScreen[bool]):
    """Dismisses with True for demo data, False for an empty start."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d", "choose(True)", N_("Demo data"), id="welcome.demo",
                tooltip=N_("Fill the new database with the demo data of a culture department")),
        Binding("e,escape", "choose(False)", N_("Start empty"), id="welcome.empty",
                tooltip=N_("Start with an empty database")),
    ]

    DEFAULT_CSS = """
    WelcomeScreen {
        align: center middle;
        #welcome { width: 70; max-width: 100%; height: auto; border: round $primary; padding: 1 2; background: $surface; }
        #welcome-buttons { height: auto; margin-top: 1; align-horizontal: center; }
        .title { text-style: bold; margin-bottom: 1; }
        Button { margin: 0 1; }
    }
    """

    def compose(self) -> ComposeResult:
        with Vertical(id="welcome"):
            yield Static(_("Welcome to officer"), classes="title", markup=False)
            yield Static(
                _(
                    "This database is empty. Load demo data of a fictional culture department "
                    "(museums, library, music school, events, city offices, IT provider) to look "
                    "around, or start with your own data."
                )
            )
            with Horizontal(id="welcome-buttons"):
                yield Button(_("Load demo data"), id="demo", variant="primary")
                yield Button(_("Start empty"), id="empty")

    @on(Button.Pressed, "#demo")
    def _demo(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#empty")
    def _empty(self) -> None:
        self.dismiss(False)

    def action_choose(self, demo: bool) -> None:
        self.dismiss(demo)
