"""Quick capture (being built)."""

from __future__ import annotations

from textual.screen import ModalScreen

from officer_tui.ui.localize import Localized


class CaptureScreen(Localized, ModalScreen[None]):
    BINDINGS = [("escape", "dismiss", "Close")]
