"""Placeholder: being built."""

from __future__ import annotations

from textual.screen import ModalScreen


class StatusReportScreen(ModalScreen[None]):
    def __init__(self, **kwargs) -> None:
        super().__init__()
