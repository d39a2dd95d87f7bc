"""Placeholder: being built."""

from __future__ import annotations

from textual.screen import ModalScreen


class BackupsScreen(ModalScreen[None]):
    def __init__(self, **kwargs) -> None:
        super().__init__()
