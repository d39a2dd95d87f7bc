"""The filter bar of the Training pane: one text field. Knows nothing of the database.

Posts ``ProgrammeFilterBar.Changed`` with the text (debounced) and ``Closed`` on ``escape``.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, Static

from officer_tui.i18n import N_, _
from officer_tui.ui.localize import Localized


class ProgrammeFilterBar(Localized, Horizontal):
    """``/``: one text field; the pane reloads as it changes. Knows nothing of the database."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", N_("Close filter"), id="training_filter.close",
                tooltip=N_("Back to the list; the filter stays")),
    ]

    class Changed(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Closed(Message):
        pass

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._debounce: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Static(_("Filter:"), classes="filter-label", markup=False)
        yield Input(placeholder=_("Words of the title, topic or description"),
                    id="programme-filter", compact=True)

    def focus_text(self) -> None:
        self.query_one("#programme-filter", Input).focus()

    @property
    def text(self) -> str:
        return self.query_one("#programme-filter", Input).value.strip()

    @on(Input.Changed, "#programme-filter")
    def _typed(self) -> None:
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(0.2, self._announce)

    @on(Input.Submitted, "#programme-filter")
    def _submitted(self) -> None:
        self._announce()
        self.action_close()

    def _announce(self) -> None:
        self.post_message(self.Changed(self.text))

    def action_clear(self) -> None:
        self.query_one("#programme-filter", Input).value = ""
        self.post_message(self.Changed(""))

    def action_close(self) -> None:
        self.post_message(self.Closed())
