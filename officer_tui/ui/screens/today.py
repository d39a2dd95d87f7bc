"""The Today pane (being built)."""

from __future__ import annotations

from textual.screen import Screen

from officer_tui.ui.localize import Localized


class TodayScreen(Localized, Screen[None]):
    pass
