"""The last line of defence for the screen: no control character from stored text reaches
the terminal.

The services store no control characters any more, but older data, imports and other tools may
still hold some; an ESC in a title would otherwise be written to the terminal as it is
(``\\x1b[2J`` clears the screen). ``NoControls`` is a line filter the app applies to every
rendered line: it removes them (they occupy no cell, so the layout stays exact)."""

from __future__ import annotations

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

from officer_tui.text import has_controls, without_controls


class NoControls(LineFilter):
    """Drops control characters from the text of rendered segments."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        if not any(not segment.control and has_controls(segment.text) for segment in segments):
            return segments
        return [
            segment if segment.control else Segment(
                without_controls(segment.text), segment.style, segment.control)
            for segment in segments
        ]
