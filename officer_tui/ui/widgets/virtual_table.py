"""A table that renders only the rows on screen and asks for the rest page by page.

Textual's DataTable measures every cell of every row; with 100,000 rows that takes seconds.
This table only knows how many rows there are. When it needs rows it does not hold, it posts
``PagesNeeded``; the screen fetches them (in a worker) and hands them down with ``set_rows``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from officer_tui.i18n import N_
from officer_tui.ui.formatting import themed
from officer_tui.ui.localize import Localized


def _fit(text: str, width: int, *, right: bool = False) -> str:
    """``text`` cut (with an ellipsis) or padded to exactly ``width`` cells."""
    length = cell_len(text)
    if length > width:
        return set_cell_size(text, max(width - 1, 0)) + "…" if width else ""
    padding = " " * (width - length)
    return padding + text if right else text + padding


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    width: int | None = None  # None: share the remaining width
    align: str = "left"  # "left" or "right"
    min_width: int = 8
    hide_below: int = 0  # hidden when the table is narrower than this
    shrink_to: int | None = None  # narrower width used when the flexible column lacks room


Cell = str | Text


@dataclass(frozen=True)
class Row:
    key: int
    cells: tuple[Cell, ...]


class VirtualTable(Localized, ScrollView, can_focus=True):
    """Rows are addressed by index; each row carries a key (the record id)."""

    PAGE_SIZE: ClassVar[int] = 100

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor_up", N_("Up"), show=False, id="table.up",
                tooltip=N_("Move the cursor up one row")),
        Binding("down,j", "cursor_down", N_("Down"), show=False, id="table.down",
                tooltip=N_("Move the cursor down one row")),
        Binding("pageup", "page_up", N_("Page up"), show=False, id="table.page_up",
                tooltip=N_("Move the cursor up one page")),
        Binding("pagedown", "page_down", N_("Page down"), show=False, id="table.page_down",
                tooltip=N_("Move the cursor down one page")),
        Binding("home", "first", N_("First"), show=False, id="table.first",
                tooltip=N_("Go to the first row")),
        Binding("end", "last", N_("Last"), show=False, id="table.last",
                tooltip=N_("Go to the last row")),
        Binding("enter", "select", N_("Open"), id="table.open", show=False,
                tooltip=N_("Open the selected record")),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "virtual-table--header",
        "virtual-table--cursor",
        "virtual-table--odd",
        "virtual-table--placeholder",
    }

    DEFAULT_CSS = """
    VirtualTable {
        height: 1fr;
        overflow-x: hidden;  /* the flexible column takes what is left; nothing to scroll */
        background: $surface;
        scrollbar-gutter: stable;
        & > .virtual-table--header { text-style: bold; background: $panel; color: $foreground; }
        & > .virtual-table--cursor { background: $block-cursor-blurred-background; }
        &:focus > .virtual-table--cursor { background: $block-cursor-background; color: $block-cursor-foreground; text-style: $block-cursor-text-style; }
        & > .virtual-table--odd { background: $surface-lighten-1 10%; }
        & > .virtual-table--placeholder { color: $text-muted; }
    }
    """

    cursor_row: reactive[int] = reactive(0, always_update=True, init=False)

    class PagesNeeded(Message):
        """Rows ``start`` to ``end`` (exclusive) are on screen but not loaded."""

        def __init__(self, table: VirtualTable, start: int, end: int) -> None:
            super().__init__()
            self.table = table
            self.start = start
            self.end = end

        @property
        def control(self) -> VirtualTable:
            return self.table

    class Highlighted(Message):
        """The cursor moved to the row with ``key`` (None when the table is empty)."""

        def __init__(self, table: VirtualTable, key: int | None, index: int) -> None:
            super().__init__()
            self.table = table
            self.key = key
            self.index = index

        @property
        def control(self) -> VirtualTable:
            return self.table

    class Selected(Message):
        """``enter`` on the row with ``key``."""

        def __init__(self, table: VirtualTable, key: int, index: int) -> None:
            super().__init__()
            self.table = table
            self.key = key
            self.index = index

        @property
        def control(self) -> VirtualTable:
            return self.table

    def __init__(self, columns: list[Column], *, name: str | None = None, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._columns = list(columns)
        self._row_count = 0
        self._rows: dict[int, Row] = {}
        self._requested: set[int] = set()  # page numbers asked for and not yet delivered
        self._generation = 0
        self._empty_text = ""
        self._strips: LRUCache[tuple, Strip] = LRUCache(1024)

    # --- data coming down -----------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return self._row_count

    @property
    def generation(self) -> int:
        """Bumped by ``reset``: rows fetched for an older generation are ignored."""
        return self._generation

    def reset(self, row_count: int, first_rows: list[Row] | None = None, *, keep_cursor_key: int | None = None,
              empty_text: str = "") -> int:
        """Start over with ``row_count`` rows; optionally the first page already fetched."""
        self._generation += 1
        self._row_count = row_count
        self._rows.clear()
        self._requested.clear()
        self._empty_text = empty_text
        for index, row in enumerate(first_rows or []):
            self._rows[index] = row
        self.virtual_size = Size(self._content_width(), row_count + 1)
        target = 0
        if keep_cursor_key is not None:
            target = next((i for i, r in self._rows.items() if r.key == keep_cursor_key), min(self.cursor_row, max(row_count - 1, 0)))
        if target == 0 and keep_cursor_key is None:
            self.scroll_to(y=0, animate=False, immediate=True)
        self.cursor_row = min(target, max(row_count - 1, 0))
        self.refresh()
        return self._generation

    def set_rows(self, start: int, rows: list[Row], *, generation: int | None = None) -> None:
        """Hand down rows from index ``start`` (ignored when from an older ``reset``)."""
        if generation is not None and generation != self._generation:
            return
        for offset, row in enumerate(rows):
            self._rows[start + offset] = row
        self._requested.discard(start // self.PAGE_SIZE)
        self.refresh()
        if start <= self.cursor_row < start + len(rows):
            self._post_highlight()

    def replace_row(self, key: int, row: Row) -> None:
        """Update a row in place (after an edit), if it is loaded."""
        for index, existing in self._rows.items():
            if existing.key == key:
                self._rows[index] = row
                self.refresh()
                return

    def row_at(self, index: int) -> Row | None:
        return self._rows.get(index)

    @property
    def cursor_key(self) -> int | None:
        row = self._rows.get(self.cursor_row)
        return row.key if row else None

    # --- geometry ---------------------------------------------------------------------------

    def _content_width(self) -> int:
        return sum((c.width or c.min_width) + 1 for c in self._columns)

    def _widths(self, width: int) -> list[int]:
        """Cell widths for a table ``width`` wide; 0 for a column hidden at this width.

        Fixed columns keep their width unless the flexible ones would fall below their
        ``min_width``; then columns with ``shrink_to`` give up room first.
        """
        shown = [c for c in self._columns if width >= c.hide_below]
        flex = [c for c in shown if c.width is None]
        fixed = {c.key: c.width for c in shown if c.width is not None}
        needed = sum(c.min_width + 1 for c in flex)
        if width - sum(w + 1 for w in fixed.values()) < needed:
            for column in shown:
                if column.shrink_to is not None:
                    fixed[column.key] = column.shrink_to
        spare = max(width - sum(w + 1 for w in fixed.values()) - len(flex), 0)
        widths = []
        for column in self._columns:
            if column.key in fixed:
                widths.append(fixed[column.key])
            elif column in flex:  # what is left, even below min_width: never wider than the table
                widths.append(max(spare // max(len(flex), 1), 4))
            else:
                widths.append(0)
        return widths

    @property
    def _visible_rows(self) -> int:
        return max(self.scrollable_content_region.height - 1, 1)

    # --- rendering --------------------------------------------------------------------------

    def _render_cells(self, cells: tuple[Cell, ...], widths: list[int], style: Style, *,
                      plain_colours: bool = False) -> Strip:
        """One segment per cell: plain text fitted to its width, in the cell's own style.

        Cells are ``str`` or a ``Text`` with one style (what the screens hand down); richer
        Text is flattened to its plain text in its base style. Nothing is parsed as markup.
        """
        segments: list[Segment] = []
        for column, width, cell in zip(self._columns, widths, cells, strict=False):
            if not width:
                continue
            if isinstance(cell, Text):
                plain, cell_style = cell.plain, cell.style
                if isinstance(cell_style, str):
                    cell_style = themed(cell_style) if cell_style else None  # "$text-error" too
            else:
                plain, cell_style = str(cell), None
            if cell_style is not None and plain_colours:  # the cursor's colours stay legible
                cell_style = cell_style.without_color
            plain = _fit(plain.replace("\n", " "), width, right=column.align == "right")
            segments.append(Segment(plain + " ", style + cell_style if cell_style else style))
        return Strip(segments)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        widths = self._widths(width)
        base = self.rich_style
        if y == 0:
            header_style = base + self.get_component_rich_style("virtual-table--header")
            labels = tuple(
                Text(c.label, justify="right") if c.align == "right" else Text(c.label) for c in self._columns
            )
            return self._render_cells(labels, widths, header_style).extend_cell_length(width, header_style).crop(0, width)
        index = int(self.scroll_offset.y) + y - 1
        if index >= self._row_count:
            if self._row_count == 0 and y == 2 and self._empty_text:
                muted = base + self.get_component_rich_style("virtual-table--placeholder")
                return Strip([Segment(f"  {self._empty_text}", muted)]).extend_cell_length(width, base).crop(0, width)
            return Strip.blank(width, base)
        style = base
        if index % 2:
            style = style + self.get_component_rich_style("virtual-table--odd")
        if index == self.cursor_row:
            style = style + self.get_component_rich_style("virtual-table--cursor")
        row = self._rows.get(index)
        if row is None:
            self._need(index)
            muted = style + self.get_component_rich_style("virtual-table--placeholder")
            return Strip([Segment("  …", muted)]).extend_cell_length(width, style).crop(0, width)
        # Rendering cells is the costly part of a frame: keep each row's strip until the row,
        # the width, its cursor state or the styles change.
        cache_key = (id(row), width, index % 2, index == self.cursor_row, self.has_focus)
        strip = self._strips.get(cache_key)
        if strip is None:
            on_cursor = index == self.cursor_row and self.has_focus
            strip = self._render_cells(row.cells, widths, style, plain_colours=on_cursor)
            strip = strip.extend_cell_length(width, style).crop(0, width)
            self._strips[cache_key] = strip
        return strip

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    def _on_focus(self, event: events.Focus) -> None:
        self.refresh()

    def _on_blur(self, event: events.Blur) -> None:
        self.refresh()

    def _need(self, index: int) -> None:
        page = index // self.PAGE_SIZE
        if page in self._requested:
            return
        self._requested.add(page)
        start = page * self.PAGE_SIZE
        self.post_message(self.PagesNeeded(self, start, min(start + self.PAGE_SIZE, self._row_count)))

    # --- cursor ---------------------------------------------------------------------------

    def watch_cursor_row(self, old: int, new: int) -> None:
        clamped = max(0, min(new, self._row_count - 1)) if self._row_count else 0
        if clamped != new:
            self.cursor_row = clamped
            return
        top = int(self.scroll_offset.y)
        visible = self._visible_rows
        if new < top:
            self.scroll_to(y=new, animate=False, immediate=True)
        elif new >= top + visible:
            self.scroll_to(y=new - visible + 1, animate=False, immediate=True)
        self.refresh()
        self._post_highlight()

    def _post_highlight(self) -> None:
        self.post_message(self.Highlighted(self, self.cursor_key, self.cursor_row))

    def action_cursor_up(self) -> None:
        self.cursor_row = max(self.cursor_row - 1, 0)

    def action_cursor_down(self) -> None:
        self.cursor_row = min(self.cursor_row + 1, max(self._row_count - 1, 0))

    def action_page_up(self) -> None:
        self.cursor_row = max(self.cursor_row - self._visible_rows, 0)

    def action_page_down(self) -> None:
        self.cursor_row = min(self.cursor_row + self._visible_rows, max(self._row_count - 1, 0))

    def action_first(self) -> None:
        self.cursor_row = 0

    def action_last(self) -> None:
        self.cursor_row = max(self._row_count - 1, 0)

    def action_select(self) -> None:
        key = self.cursor_key
        if key is not None:
            self.post_message(self.Selected(self, key, self.cursor_row))

    def on_click(self, event: events.Click) -> None:
        y = event.y
        if y < 1:  # the header
            return
        index = int(self.scroll_offset.y) + y - 1
        if 0 <= index < self._row_count:
            if index == self.cursor_row and event.chain >= 2:
                self.action_select()
            self.cursor_row = index

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self.refresh()
