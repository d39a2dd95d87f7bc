"""A list of foldable sections: a header line each, then its lines. Draws only what is on screen.

Knows nothing of the data: the screen hands down ``Block``s (a header and entries made of
styled text parts) and hears ``Selected`` when ``enter`` is pressed on an entry. Folding is
the list's own business (``enter``/``space`` on a header, ``left``/``right``); the screen
keeps which sections are folded across reloads through ``folded_keys``.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field, replace
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from officer_tui.i18n import N_
from officer_tui.ui.formatting import themed
from officer_tui.ui.localize import Localized

Parts = tuple[tuple[str, str], ...]  # (text, rich style) pieces of one line


@dataclass(frozen=True)
class Entry:
    """One line under a header. ``key`` None: shown but not selectable."""

    key: Hashable | None
    parts: Parts


@dataclass(frozen=True)
class Block:
    """A section: its header (shown after the fold mark) and its entries.

    ``quiet``: the whole block is one dim line (an empty section), never folded or selected.
    """

    key: str
    header: Parts
    entries: tuple[Entry, ...] = ()
    folded: bool = False
    quiet: bool = False


@dataclass(frozen=True)
class _Line:
    block: int  # index into blocks
    entry: int | None  # None: the header; -1: a blank spacer line
    selectable: bool


@dataclass
class _State:
    blocks: list[Block] = field(default_factory=list)
    lines: list[_Line] = field(default_factory=list)


class SectionList(Localized, ScrollView, can_focus=True):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor_up", N_("Up"), show=False, id="sections.up",
                tooltip=N_("Move the cursor up one row")),
        Binding("down,j", "cursor_down", N_("Down"), show=False, id="sections.down",
                tooltip=N_("Move the cursor down one row")),
        Binding("pageup", "page_up", N_("Page up"), show=False, id="sections.page_up",
                tooltip=N_("Move the cursor up one page")),
        Binding("pagedown", "page_down", N_("Page down"), show=False, id="sections.page_down",
                tooltip=N_("Move the cursor down one page")),
        Binding("home", "first", N_("First"), show=False, id="sections.first",
                tooltip=N_("Go to the first row")),
        Binding("end", "last", N_("Last"), show=False, id="sections.last",
                tooltip=N_("Go to the last row")),
        Binding("enter", "select", N_("Open"), id="sections.open",
                tooltip=N_("Open the record; on a header, fold or unfold the section")),
        Binding("space", "toggle", N_("Fold"), id="sections.toggle",
                tooltip=N_("Fold or unfold the section under the cursor")),
        Binding("left", "fold", N_("Fold"), show=False, id="sections.fold",
                tooltip=N_("Fold the section (the cursor goes to its header)")),
        Binding("right", "unfold", N_("Unfold"), show=False, id="sections.unfold",
                tooltip=N_("Unfold the section")),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "section-list--header",
        "section-list--cursor",
        "section-list--quiet",
    }

    DEFAULT_CSS = """
    SectionList {
        height: 1fr;
        overflow-x: hidden;
        background: $surface;
        scrollbar-gutter: stable;
        & > .section-list--header { text-style: bold; background: $panel; color: $foreground; }
        & > .section-list--cursor { background: $block-cursor-blurred-background; }
        &:focus > .section-list--cursor { background: $block-cursor-background; color: $block-cursor-foreground; }
        & > .section-list--quiet { color: $text-muted; }
    }
    """

    cursor: reactive[int] = reactive(0, always_update=True, init=False)

    class Selected(Message):
        """``enter`` on an entry: ``block`` is the section key, ``key`` the entry's key."""

        def __init__(self, section_list: SectionList, block: str, key: Hashable) -> None:
            super().__init__()
            self.section_list = section_list
            self.block = block
            self.key = key

        @property
        def control(self) -> SectionList:
            return self.section_list

    class Folded(Message):
        """A section was folded or unfolded here (the screen remembers it)."""

        def __init__(self, section_list: SectionList, block: str, folded: bool) -> None:
            super().__init__()
            self.section_list = section_list
            self.block = block
            self.folded = folded

        @property
        def control(self) -> SectionList:
            return self.section_list

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._state = _State()

    # --- data coming down -----------------------------------------------------------------

    @property
    def blocks(self) -> list[Block]:
        return list(self._state.blocks)

    def set_blocks(self, blocks: Iterable[Block]) -> None:
        """Show ``blocks``; the cursor stays on the same line (by keys) where it still exists."""
        where = self.cursor_position
        state = _State(blocks=list(blocks))
        for index, block in enumerate(state.blocks):
            previous = state.blocks[index - 1] if index else None
            if previous is not None and not (previous.folded or previous.quiet):
                # A blank line after an open section; folded and empty ones stand together.
                state.lines.append(_Line(index, -1, False))
            state.lines.append(_Line(index, None, not block.quiet))
            if block.folded or block.quiet:
                continue
            for number, entry in enumerate(block.entries):
                state.lines.append(_Line(index, number, entry.key is not None))
        self._state = state
        self.virtual_size = Size(self.size.width, len(state.lines))
        self.place_cursor(where)
        self.refresh()

    def place_cursor(self, where: tuple[str, Hashable | None] | None) -> None:
        """Put the cursor on (section key, entry key), else that section's header, else near."""
        lines = self._state.lines
        target = None
        if where is not None:
            block_key, entry_key = where
            for index, line in enumerate(lines):
                block = self._state.blocks[line.block]
                if block.key != block_key or not line.selectable:
                    continue
                if line.entry is None and target is None:
                    target = index  # at least the section's header
                if entry_key is not None and line.entry is not None and line.entry >= 0 \
                        and block.entries[line.entry].key == entry_key:
                    target = index
                    break
        if target is None:
            target = self._nearest_selectable(min(self.cursor, max(len(lines) - 1, 0)), 1)
        self.cursor = target if target is not None else 0

    @property
    def cursor_position(self) -> tuple[str, Hashable | None] | None:
        """(section key, entry key or None on the header) under the cursor."""
        line = self._line(self.cursor)
        if line is None or not line.selectable:
            return None
        block = self._state.blocks[line.block]
        entry = block.entries[line.entry].key if line.entry is not None and line.entry >= 0 else None
        return block.key, entry

    def _line(self, index: int) -> _Line | None:
        lines = self._state.lines
        return lines[index] if 0 <= index < len(lines) else None

    def _nearest_selectable(self, start: int, step: int) -> int | None:
        lines = self._state.lines
        for direction in (step, -step):
            index = start
            while 0 <= index < len(lines):
                if lines[index].selectable:
                    return index
                index += direction
        return None

    # --- rendering --------------------------------------------------------------------------

    def _style(self, text: str) -> Style:
        """A part's style; ``$text-error`` and the like in the theme's colours."""
        return themed(text) if text else Style()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        index = int(self.scroll_offset.y) + y
        line = self._line(index)
        if line is None or line.entry == -1:
            return Strip.blank(width, base)
        block = self._state.blocks[line.block]
        if line.entry is None:
            if block.quiet:
                style = base + self.get_component_rich_style("section-list--quiet")
                parts: Parts = (("  ", ""), *block.header)
            else:
                style = base + self.get_component_rich_style("section-list--header")
                parts = (("▶ " if block.folded else "▼ ", ""), *block.header)
        else:
            style = base
            parts = (("  ", ""), *block.entries[line.entry].parts)
        on_cursor = index == self.cursor and line.selectable
        if on_cursor:
            style = style + self.get_component_rich_style("section-list--cursor")
        plain_colours = on_cursor and self.has_focus  # the cursor's colours stay legible
        segments = []
        room = width
        for text, part_style in parts:
            if room <= 0:
                break
            text = text.replace("\n", " ")
            length = cell_len(text)
            if length > room:
                text = set_cell_size(text, max(room - 1, 0)) + "…"
                length = room
            part = self._style(part_style) if part_style else None
            if part is not None and plain_colours:
                part = part.without_color
            segments.append(Segment(text, style + part if part is not None else style))
            room -= length
        return Strip(segments).extend_cell_length(width, style).crop(0, width)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self.refresh()

    def _on_focus(self, event: events.Focus) -> None:
        self.refresh()

    def _on_blur(self, event: events.Blur) -> None:
        self.refresh()

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self._state.lines))

    # --- cursor ---------------------------------------------------------------------------

    @property
    def _visible(self) -> int:
        return max(self.scrollable_content_region.height, 1)

    def watch_cursor(self, old: int, new: int) -> None:
        top = int(self.scroll_offset.y)
        if new < top:
            # Keep the section's header in sight when moving up into it.
            self.scroll_to(y=max(new - 1, 0) if new > 0 else 0, animate=False, immediate=True)
        elif new >= top + self._visible:
            self.scroll_to(y=new - self._visible + 1, animate=False, immediate=True)
        self.refresh()

    def _move(self, step: int, count: int = 1) -> None:
        index = self.cursor
        target = index
        for _ in range(count):
            probe = target + step
            while 0 <= probe < len(self._state.lines) and not self._state.lines[probe].selectable:
                probe += step
            if not 0 <= probe < len(self._state.lines):
                break
            target = probe
        if target == index and step < 0 and index > 0:
            self.scroll_to(y=0, animate=False, immediate=True)  # show the date and first lines
        self.cursor = target

    def action_cursor_up(self) -> None:
        self._move(-1)

    def action_cursor_down(self) -> None:
        self._move(1)

    def action_page_up(self) -> None:
        self._move(-1, self._visible - 1)

    def action_page_down(self) -> None:
        self._move(1, self._visible - 1)

    def action_first(self) -> None:
        first = self._nearest_selectable(0, 1)
        self.scroll_to(y=0, animate=False, immediate=True)
        if first is not None:
            self.cursor = first

    def action_last(self) -> None:
        last = self._nearest_selectable(len(self._state.lines) - 1, -1)
        if last is not None:
            self.cursor = last

    # --- folding and selecting --------------------------------------------------------------

    def _block_at_cursor(self) -> tuple[int, Block] | None:
        line = self._line(self.cursor)
        if line is None or not line.selectable:
            return None
        return line.block, self._state.blocks[line.block]

    def set_folded(self, block_key: str, folded: bool) -> None:
        blocks = [
            replace(block, folded=folded) if block.key == block_key and not block.quiet else block
            for block in self._state.blocks
        ]
        if blocks != self._state.blocks:
            self.set_blocks(blocks)
            self.post_message(self.Folded(self, block_key, folded))

    def action_toggle(self) -> None:
        found = self._block_at_cursor()
        if found is None:
            return
        _index, block = found
        self.set_folded(block.key, not block.folded)
        if block.folded is False:  # now folded: the cursor goes to its header
            self.place_cursor((block.key, None))

    def action_fold(self) -> None:
        found = self._block_at_cursor()
        if found is not None:
            self.set_folded(found[1].key, True)
            self.place_cursor((found[1].key, None))

    def action_unfold(self) -> None:
        found = self._block_at_cursor()
        if found is not None:
            self.set_folded(found[1].key, False)

    def action_select(self) -> None:
        line = self._line(self.cursor)
        if line is None or not line.selectable:
            return
        block = self._state.blocks[line.block]
        if line.entry is None:
            self.action_toggle()
            return
        key = block.entries[line.entry].key
        if key is not None:
            self.post_message(self.Selected(self, block.key, key))

    def on_click(self, event: events.Click) -> None:
        index = int(self.scroll_offset.y) + event.y
        line = self._line(index)
        if line is None or not line.selectable:
            return
        if index == self.cursor or line.entry is None:
            self.cursor = index
            self.action_select()
        else:
            self.cursor = index
