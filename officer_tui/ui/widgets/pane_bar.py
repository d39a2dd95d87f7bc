"""The line at the top: which panes exist, which one is open, and where the data lives."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget


class PaneBar(Widget):
    """Shows ``key label`` for each pane, the current one highlighted. Display only."""

    DEFAULT_CSS = """
    PaneBar {
        height: 1;
        background: $panel;
        color: $foreground;
    }
    """

    current: reactive[str] = reactive("")
    location: reactive[str] = reactive("")

    def __init__(self, panes: list[tuple[str, str, str]], *, current: str, location: str = "") -> None:
        """``panes``: (mode name, key, label) in key order."""
        super().__init__()
        self._panes = panes
        self.set_reactive(PaneBar.current, current)
        self.set_reactive(PaneBar.location, location)

    def render(self) -> Text:
        line = Text(" officer ", style="bold reverse")
        for mode, key, label in self._panes:
            active = mode == self.current
            line.append("  ")
            line.append(f" {key} {label} ", style="bold reverse" if active else "")
        if self.location:
            room = self.size.width - line.cell_len - 2
            if room > 8:
                shown = self.location if len(self.location) <= room else "…" + self.location[-(room - 1):]
                line.append(" " * max(room - len(shown), 1))
                line.append(shown, style="dim")
        return line
