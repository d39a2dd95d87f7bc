"""The keymap: the user's ``[keys]`` settings checked against the app's binding ids.

(Work in progress for issue 11: checks follow.)
"""

from __future__ import annotations

from officer_tui.settings import Settings


def checked_keymap(settings: Settings) -> tuple[dict[str, str], list[str]]:
    """The keymap to apply (binding id -> keys) and one line per problem with it."""
    return dict(settings.keys), []
