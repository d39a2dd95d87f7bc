"""Translate binding descriptions per instance.

Bindings are declared at class level, before the language is known, with ``N_()`` markers.
Textual copies a class's bindings into each instance; ``Localized`` swaps that copy for a
translated one, so the footer, the help screen and the palette speak the user's language.
"""

from __future__ import annotations

from dataclasses import replace

from textual.binding import BindingsMap

from officer_tui.i18n import N_, _

# Textual's own binding texts that reach the footer, the help and the palette: marked here
# so that the catalogs translate them too.
TEXTUAL_TEXTS = (
    N_("palette"),
    N_("Open the command palette"),
    N_("Quit"),
    N_("Quit the app and return to the command prompt."),
    N_("Copy selected text"),
    N_("Show menu"),
    N_("Toggle"),
    N_("Select"),
)


def translated(bindings: BindingsMap) -> BindingsMap:
    keys = {
        key: [
            replace(
                binding,
                description=_(binding.description) if binding.description else "",
                tooltip=_(binding.tooltip) if binding.tooltip else "",
            )
            for binding in key_bindings
        ]
        for key, key_bindings in bindings.key_to_bindings.items()
    }
    return BindingsMap.from_keys(keys)


class Localized:
    """Mixin for widgets, screens and the app: translate bindings when created."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._bindings = translated(self._bindings)  # type: ignore[has-type]
