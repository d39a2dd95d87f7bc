"""Choose several out of many: type to narrow the list, Space ticks; ticked ones stay on top.

Knows nothing of the database: the screen answers ``MultiPick.SearchChanged`` with
``set_matches`` (from a list it holds or from a query), and reads ``chosen`` when saving.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, SelectionList

from officer_tui.ui.localize import Localized


class MultiPick(Localized, Vertical):
    DEFAULT_CSS = """
    MultiPick {
        height: auto;
        & > Input { margin-bottom: 0; }
        & > SelectionList { height: 6; }
    }
    """
    DEBOUNCE_S: ClassVar[float] = 0.15

    class SearchChanged(Message):
        """The search text changed (debounced): the screen sends new matches down."""

        def __init__(self, pick: MultiPick, text: str) -> None:
            super().__init__()
            self.pick = pick
            self.text = text

        @property
        def control(self) -> MultiPick:
            return self.pick

    class ChosenChanged(Message):
        def __init__(self, pick: MultiPick) -> None:
            super().__init__()
            self.pick = pick

        @property
        def control(self) -> MultiPick:
            return self.pick

    def __init__(self, *, placeholder: str = "", id: str | None = None, limit: int = 60) -> None:
        super().__init__(id=id)
        self._placeholder = placeholder
        self._limit = limit
        self._chosen: dict[Hashable, str] = {}
        self._matches: list[tuple[Hashable, str]] = []
        self._debounce: Timer | None = None
        self._rebuilding = False

    def compose(self) -> ComposeResult:
        yield Input(placeholder=self._placeholder, classes="pick-search", compact=True)
        yield SelectionList[Hashable](classes="pick-list")

    @property
    def chosen(self) -> list[Hashable]:
        return list(self._chosen)

    @property
    def chosen_labels(self) -> list[str]:
        return list(self._chosen.values())

    @property
    def search_text(self) -> str:
        return self.query_one(".pick-search", Input).value

    def set_chosen(self, chosen: list[tuple[Hashable, str]]) -> None:
        self._chosen = dict(chosen)
        self._rebuild()

    def set_matches(self, matches: list[tuple[Hashable, str]]) -> None:
        self._matches = matches
        self._rebuild()

    def _rebuild(self) -> None:
        options = self.query_one(".pick-list", SelectionList)
        highlighted = options.highlighted
        self._rebuilding = True
        try:
            options.clear_options()
            shown = [(Text(label), value, True) for value, label in self._chosen.items()]
            shown += [(Text(label), value, False) for value, label in self._matches
                      if value not in self._chosen][: self._limit]
            options.add_options(shown)
            if shown:
                options.highlighted = min(highlighted or 0, len(shown) - 1)
        finally:
            self._rebuilding = False

    @on(Input.Changed, ".pick-search")
    def _search_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._debounce is not None:
            self._debounce.stop()
        text = event.value
        self._debounce = self.set_timer(self.DEBOUNCE_S, lambda: self.post_message(self.SearchChanged(self, text)))

    @on(Input.Submitted, ".pick-search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one(".pick-list", SelectionList).focus()

    @on(SelectionList.SelectionToggled)
    def _toggled(self, event: SelectionList.SelectionToggled) -> None:
        event.stop()
        if self._rebuilding:
            return
        value = event.selection.value
        if value in self._chosen:
            del self._chosen[value]
        else:
            self._chosen[value] = str(event.selection.prompt)
        self.post_message(self.ChosenChanged(self))
