"""The filter row of the contacts list: text, role, "losing touch", "review due".

Knows nothing of the database: it posts ``ContactFilterBar.Changed`` with a plain
``ContactFilter`` whenever a value changes (typing is debounced), and ``Closed`` on ``escape``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Checkbox, Input

from officer_tui.i18n import N_, _
from officer_tui.ui.localize import Localized
from officer_tui.ui.widgets.by_input import ByInput


class Facet(Checkbox):
    """A checkbox whose mark says its state without colour: ``✓`` on, blank off."""

    @property
    def _button(self):  # type: ignore[override]
        self.BUTTON_INNER = "✓" if self.value else " "
        return super()._button


@dataclass(frozen=True)
class ContactFilter:
    text: str = ""
    role: str = ""
    losing_touch: bool = False
    review_due: bool = False
    changed_by: str | None = None  # created or changed by this person (the history's user)

    @property
    def is_default(self) -> bool:
        return self == ContactFilter()


class ContactFilterBar(Localized, Horizontal):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", N_("Close filter"), id="contact_filter.close",
                tooltip=N_("Back to the list; the filter stays")),
    ]

    DEFAULT_CSS = """
    ContactFilterBar {
        height: 1;
        padding: 0 1;
        background: $boost;
        & #contact-filter { width: 2fr; margin-right: 1; }
        & #contact-role-filter { width: 1fr; margin-right: 1; }
        & Checkbox { width: auto; margin-right: 1; }
    }
    """

    class Changed(Message):
        def __init__(self, bar: ContactFilterBar, filters: ContactFilter) -> None:
            super().__init__()
            self.bar = bar
            self.filters = filters

        @property
        def control(self) -> ContactFilterBar:
            return self.bar

    class Closed(Message):
        pass

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._debounce: Timer | None = None
        self._quiet = False

    def compose(self) -> ComposeResult:
        yield Input(placeholder=_("Name, e-mail or role"), id="contact-filter", compact=True)
        yield Input(placeholder=_("Role"), id="contact-role-filter", compact=True)
        yield Facet(_("⚠ losing touch"), id="filter-losing", compact=True)
        yield Facet(_("§ review due"), id="filter-review", compact=True)
        yield ByInput(id="contact-by-filter", tooltip=_("Only contacts this person created or changed"))

    @property
    def filters(self) -> ContactFilter:
        return ContactFilter(
            text=self.query_one("#contact-filter", Input).value.strip(),
            role=self.query_one("#contact-role-filter", Input).value.strip(),
            losing_touch=self.query_one("#filter-losing", Checkbox).value,
            review_due=self.query_one("#filter-review", Checkbox).value,
            changed_by=self.query_one("#contact-by-filter", ByInput).user,
        )

    def set_filters(self, filters: ContactFilter) -> None:
        """Show ``filters`` (after a key toggled a facet) without announcing them again."""
        self._quiet = True
        self.query_one("#contact-filter", Input).value = filters.text
        self.query_one("#contact-role-filter", Input).value = filters.role
        self.query_one("#filter-losing", Checkbox).value = filters.losing_touch
        self.query_one("#filter-review", Checkbox).value = filters.review_due
        self.query_one("#contact-by-filter", Input).value = filters.changed_by or ""
        self.call_after_refresh(self._unquiet)

    def set_users(self, users: list[str]) -> None:
        """The people in the change history, suggested in the "by" field."""
        self.query_one("#contact-by-filter", ByInput).set_users(users)

    def _unquiet(self) -> None:
        self._quiet = False

    def focus_text(self) -> None:
        self.query_one("#contact-filter", Input).focus()

    def _announce(self) -> None:
        if not self._quiet:
            self.post_message(self.Changed(self, self.filters))

    @on(Input.Changed)
    def _typed(self) -> None:
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(0.15, self._announce)

    @on(Checkbox.Changed)
    def _toggled(self) -> None:
        self._announce()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        if self._debounce is not None:
            self._debounce.stop()
        self._announce()
        self.action_close()

    def action_close(self) -> None:
        self.post_message(self.Closed())
