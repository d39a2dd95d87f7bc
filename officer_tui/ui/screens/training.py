"""Placeholder: the training pane is being built."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Static

from officer_tui.ui.localize import Localized
from officer_tui.ui.widgets.pane_bar import PaneBar


class TrainingScreen(Localized, Screen[None]):
    def compose(self) -> ComposeResult:
        yield PaneBar(self.app.pane_labels(), current="training")  # type: ignore[attr-defined]
        yield Static("…", markup=False)
        yield Footer()
