"""The "by" field of the filter bars: a person's name, completed from those in the history.

An ``Input`` that suggests the users the screen hands it (``set_users``); the filter bars read
its value as ``changed_by`` (records that person created or changed). Knows nothing of the
database.
"""

from __future__ import annotations

from textual.suggester import SuggestFromList
from textual.widgets import Input

from officer_tui.i18n import _


class ByInput(Input):
    DEFAULT_CSS = """
    ByInput { width: 14; margin-right: 1; }
    """

    def __init__(self, *, tooltip: str, id: str | None = None) -> None:
        super().__init__(placeholder=_("by …"), id=id, compact=True, tooltip=tooltip)

    def set_users(self, users: list[str]) -> None:
        """The names to complete (``→`` takes the suggestion), as the history spells them."""
        self.suggester = SuggestFromList(users, case_sensitive=False) if users else None

    @property
    def user(self) -> str | None:
        return self.value.strip() or None
