"""The first frame: shown at once, while the database opens in a worker."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Middle
from textual.screen import Screen
from textual.widgets import Static

from officer_tui.i18n import N_, _
from officer_tui.ui.localize import Localized


class StartScreen(Localized, Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.quit", N_("Quit"), show=False, id="start.quit",
                tooltip=N_("Quit officer")),
    ]

    DEFAULT_CSS = """
    StartScreen {
        align: center middle;
        #start-message { width: auto; max-width: 90; padding: 1 2; }
        #start-message.-problem { border: round $error; }
    }
    """

    def compose(self) -> ComposeResult:
        with Middle(), Center():
            yield Static(_("Opening the database …"), id="start-message", markup=False)

    def on_mount(self) -> None:
        # A file others can read holds personal data: say so at once (a stat, no database yet).
        from officer_tui.db.files import permission_warning

        url = getattr(self.app, "db_url", None)
        warning = permission_warning(url) if url else None
        if warning:
            self.app.notify(warning, title=_("Database permissions"), severity="warning", timeout=20)

    def show_problem(self, text: str) -> None:
        message = self.query_one("#start-message", Static)
        message.add_class("-problem")
        message.update(
            Text(
                _("The database cannot be opened.")
                + "\n\n"
                + text  # may quote a path: shown literally
                + "\n\n"
                + _("Nothing was changed. Press q to quit.")
            )
        )
