"""Markdown notes that show at once, however long they are.

Textual's ``Markdown`` widget, and even one Rich ``Markdown`` renderable in a ``Static``, take
about a second for 50 kB of notes, on the UI thread. This view splits the text into chunks at
block boundaries, renders them to lines in a thread (the first chunk first, so the top shows
within a few milliseconds), and draws only the lines on screen. Knows nothing of the database;
text is rendered as Markdown, never as console markup.
"""

from __future__ import annotations

import io
import textwrap
from typing import ClassVar

from rich.console import Console
from rich.markdown import Markdown
from rich.segment import Segment
from textual import work
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

FIRST_CHARS = 600  # about a screenful: shown first
CHUNK_CHARS = 3000
FENCES = ("```", "~~~")


def chunks(text: str, size: int = CHUNK_CHARS, first: int = FIRST_CHARS) -> list[str]:
    """``text`` in pieces of about ``size`` characters (the first one ``first``), cut only at
    blank lines between blocks (never inside a fenced code block, a table or a list item)."""
    pieces: list[str] = []
    current: list[str] = []
    length = 0
    fence: str | None = None
    for line in text.splitlines():
        stripped = line.lstrip()
        if fence is None and stripped.startswith(FENCES):
            fence = stripped[:3]
        elif fence is not None and stripped.startswith(fence):
            fence = None
        if fence is None and not line.strip() and length >= (size if pieces else first):
            pieces.append("\n".join(current))
            current, length = [], 0
            continue
        current.append(line)
        length += len(line) + 1
    if current and any(part.strip() for part in current):
        pieces.append("\n".join(current))
    return pieces


def render_chunk(text: str, width: int) -> list[Strip]:
    """One chunk as lines ``width`` cells wide (thread-safe: a console of its own)."""
    console = Console(file=io.StringIO(), width=width, color_system="truecolor", force_terminal=True,
                      legacy_windows=False, emoji=False, markup=False)
    options = console.options.update_width(width)
    lines = console.render_lines(Markdown(text), options, pad=False)
    return [Strip(line) for line in lines]


class MarkdownNotes(ScrollView, can_focus=True):
    DEFAULT_CSS = """
    MarkdownNotes {
        height: 1fr;
        background: $surface;
        padding: 0 1;
        &:focus { background-tint: $foreground 4%; }
        & > .markdown-notes--placeholder { color: $text-muted; }
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"markdown-notes--placeholder"}

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._text = ""
        self._placeholder = ""
        self._lines: list[Strip] = []
        self._generation = 0
        self._width = 0
        self.complete = True  # every chunk rendered (tests wait for it)

    @property
    def text(self) -> str:
        return self._text

    def show(self, text: str, placeholder: str = "") -> None:
        """Show ``text`` (Markdown) from the top; ``placeholder`` when it is empty."""
        if text == self._text and placeholder == self._placeholder and self._width:
            return
        self._text = text
        self._placeholder = placeholder
        self.scroll_to(y=0, animate=False, immediate=True)
        self._start()

    def _start(self) -> None:
        self._generation += 1
        self._lines = []
        width = self._content_width()
        self._width = width
        self.virtual_size = Size(width, 0)
        self.refresh()
        if self._text.strip() and width > 0:
            self.complete = False
            self._render(self._text, width, self._generation)
        else:
            self.complete = True

    def _content_width(self) -> int:
        return max(self.scrollable_content_region.width, 0)

    def on_resize(self) -> None:
        if self._content_width() != self._width:
            self._start()

    class Rendered(Message):
        """Lines rendered in the worker, for the view of ``generation``."""

        def __init__(self, lines: list[Strip], generation: int, last: bool) -> None:
            super().__init__()
            self.lines = lines
            self.generation = generation
            self.last = last

    @work(thread=True, exclusive=True, group="markdown-notes", exit_on_error=False)
    def _render(self, text: str, width: int, generation: int) -> None:
        """The first chunk at once (what is on screen), the rest in batches: few messages."""
        pieces = chunks(text)
        batch: list[Strip] = []
        for index, piece in enumerate(pieces):
            if generation != self._generation:
                return
            last = index == len(pieces) - 1
            batch += render_chunk(piece, width)
            if not last:
                batch.append(Strip([], 0))  # the blank line between blocks
            if index == 0 or last or len(batch) > 400:
                self.post_message(self.Rendered(batch, generation, last))
                batch = []

    def on_markdown_notes_rendered(self, message: Rendered) -> None:
        message.stop()
        if message.generation != self._generation:
            return
        self._lines.extend(message.lines)
        self.virtual_size = Size(self._width, len(self._lines))
        if message.last:
            self.complete = True
        self.refresh()

    @property
    def line_count(self) -> int:
        return len(self._lines)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        index = int(self.scroll_offset.y) + y
        if not self._text.strip():
            lines = textwrap.wrap(self._placeholder, max(width, 8))
            if y < len(lines):
                muted = base + self.get_component_rich_style("markdown-notes--placeholder")
                return Strip([Segment(lines[y], muted)]).extend_cell_length(width, base).crop(0, width)
            return Strip.blank(width, base)
        if index >= len(self._lines):
            return Strip.blank(width, base)
        return self._lines[index].apply_style(base).extend_cell_length(width, base).crop(0, width)

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self.refresh()

    @staticmethod
    def plain(strips: list[Strip]) -> str:
        return "\n".join("".join(segment.text for segment in strip) for strip in strips)

    def rendered_text(self) -> str:
        """What is rendered so far, as plain text (for tests and copying)."""
        return self.plain(self._lines)

