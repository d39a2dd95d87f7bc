"""Keys every record list pane shares: new, open, the filter bar, clearing it, the order.

A pane mixes ``ListPaneKeys`` in before ``Screen`` and names its parts: ``FILTER_BAR`` (the
filter bar widget class), ``SORTS`` (its order enum, if it has one) and ``record_form()``
(the form for a record id, or None for a new one). The pane keeps ``filters``, ``sort``,
``table``, ``reload(keep_key=...)`` and ``_changed(record_id)``.
"""

from __future__ import annotations

from enum import Enum
from typing import Any, ClassVar

from textual.screen import Screen
from textual.widget import Widget


class ListPaneKeys:
    FILTER_BAR: ClassVar[type[Widget]]
    SORTS: ClassVar[type[Enum] | None] = None

    def record_form(self, record_id: int | None) -> Screen[Any]:
        raise TypeError(f"{type(self).__name__} names no record form")

    def list_widget(self) -> Widget:
        """Where focus goes back to after the filter bar."""
        return self.table  # type: ignore[attr-defined]

    def action_new(self) -> None:
        self._open_form(None)

    def _open_form(self, record_id: int | None) -> None:
        def saved(result: int | None) -> None:
            if result is not None:
                self._detail_key = None  # show the saved record's detail afresh
                # After the pane's own reload on resuming (which keeps the old cursor): the
                # cursor goes to the saved record, a new one too.
                self.call_later(self._changed, result)  # type: ignore[attr-defined]

        self.app.push_screen(self.record_form(record_id), saved)  # type: ignore[attr-defined]

    def action_filter(self) -> None:
        bar = self.query_one(self.FILTER_BAR)  # type: ignore[attr-defined]
        bar.add_class("-open")
        bar.focus_text()

    def action_clear_filter(self) -> None:
        bar = self.query_one(self.FILTER_BAR)  # type: ignore[attr-defined]
        bar.action_clear()
        bar.remove_class("-open")
        self.list_widget().focus()

    def action_sort(self) -> None:
        if self.SORTS is None:
            return
        order = list(self.SORTS)
        self.sort = order[(order.index(self.sort) + 1) % len(order)]  # type: ignore[has-type]
        self.reload(keep_key=self.table.cursor_key)  # type: ignore[attr-defined]
