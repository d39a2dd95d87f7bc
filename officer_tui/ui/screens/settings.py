"""The settings screen (palette: Settings, F2). (Work in progress for issue 11.)"""

from __future__ import annotations

from textual.screen import ModalScreen
from textual.widgets import Static


class SettingsScreen(ModalScreen[None]):
    BINDINGS = [("escape", "dismiss", "Close")]

    def compose(self):
        yield Static("Settings")
