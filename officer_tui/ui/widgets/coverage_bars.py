"""Horizontal bars in the terminal: reached against a target per line, with a goal marker.

Display only: the screen hands down ``BarLine`` values; the widget draws them to its width.
A bar reads without colour: ``█`` for reached, ``░`` for the rest, ``┃`` where the goal is,
and ``⚠`` after the numbers of a line below the goal.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual.widget import Widget

from officer_tui.ui.formatting import themed

EIGHTHS = " ▏▎▍▌▋▊▉"
FULL, EMPTY, GOAL = "█", "░", "┃"
BELOW_GOAL = "⚠"


@dataclass(frozen=True)
class BarLine:
    label: str
    reached: int
    target: int | None  # None: no target, no bar
    numbers: str  # e.g. "34/45 · 76 %", already formatted
    bold: bool = False


def bar(share: float, width: int, goal: float | None = None) -> Text:
    """A bar ``width`` cells wide filled to ``share`` (0..1; more is cut), goal marked."""
    share = max(0.0, min(share, 1.0))
    eighths = round(share * width * 8)
    full, rest = divmod(eighths, 8)
    cells = [FULL] * full
    if rest and full < width:
        cells.append(EIGHTHS[rest])
    filled = len(cells)
    cells += [EMPTY] * (width - filled)
    text = Text()
    goal_at = None
    if goal is not None and width > 0:
        goal_at = min(max(round(goal * width) - 1, 0), width - 1)
    for index, cell in enumerate(cells):
        if index == goal_at:
            text.append(GOAL, style=themed("bold $text-warning"))
        elif index < filled:
            text.append(cell, style=themed("$text-success" if share >= (goal or 0) else "$text-secondary"))
        else:
            text.append(cell, style="dim")
    return text


def _fit(text: str, width: int) -> str:
    if cell_len(text) > width:
        return set_cell_size(text, max(width - 1, 0)) + "…"
    return text + " " * (width - cell_len(text))


class CoverageBars(Widget):
    """One bar per line; lines without a target show only their numbers."""

    DEFAULT_CSS = """
    CoverageBars {
        height: auto;
        width: 1fr;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._lines: list[BarLine] = []
        self._goal: float | None = None
        self._empty = ""

    def show(self, lines: list[BarLine], *, goal_percent: int | None, empty_text: str = "") -> None:
        self._lines = list(lines)
        self._goal = goal_percent / 100 if goal_percent else None
        self._empty = empty_text
        self.refresh(layout=True)

    @property
    def lines(self) -> list[BarLine]:
        return list(self._lines)

    def get_content_height(self, container, viewport, width: int) -> int:
        return max(len(self._lines), 1)

    def render(self) -> Text:
        if not self._lines:
            return Text(self._empty, style="dim")
        width = self.size.width or 60
        numbers_width = max(cell_len(line.numbers) for line in self._lines)
        label_width = min(max(cell_len(line.label) for line in self._lines), max(width // 3, 10), 26)
        marks = 2 if self._goal is not None else 0  # room for " ⚠" after the numbers
        bar_width = min(max(width - label_width - numbers_width - 2 - marks, 0), 60)
        if bar_width < 6:  # too narrow for a bar: label and numbers only
            bar_width = 0
        out = Text(no_wrap=True, overflow="crop")
        for index, line in enumerate(self._lines):
            if index:
                out.append("\n")
            style = "bold" if line.bold else ""
            out.append(_fit(line.label, label_width) + " ", style=style)
            if bar_width:
                if line.target:
                    out.append_text(bar(line.reached / line.target, bar_width, self._goal))
                else:
                    out.append(_fit("–", bar_width), style="dim")
                out.append(" ")
            out.append(line.numbers.rjust(numbers_width), style=style)
            if marks and line.target and line.reached / line.target < (self._goal or 0):
                out.append(" " + BELOW_GOAL, style=themed("bold $text-warning"))
        return out
