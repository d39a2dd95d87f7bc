"""``?``: help for the pane in front, with the keys actually in force there."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Markdown

from officer_tui.i18n import N_, _
from officer_tui.ui.localize import Localized

KEY_NAMES = {
    "question_mark": "?",
    "slash": "/",
    "escape": N_("Esc"),
    "enter": N_("Enter"),
    "plus": "+",
    "minus": "-",
    "space": N_("Space"),
    "delete": N_("Del"),
    "pageup": N_("Page up"),
    "pagedown": N_("Page down"),
    "home": N_("Home"),
    "end": N_("End"),
    "up": "↑",
    "down": "↓",
    "tab": N_("Tab"),
}


def key_label(key: str) -> str:
    """A key as people read it (``ctrl+s`` becomes ``Strg+S`` in German)."""
    if key in KEY_NAMES:
        return _(KEY_NAMES[key])
    if key.startswith("ctrl+"):
        return _("Ctrl+{key}").format(key=key.removeprefix("ctrl+").upper())
    return key


def keys_table(screen: Screen) -> str:
    rows = []
    seen = set()
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if not binding.description or (binding.action, binding.description) in seen:
            continue
        seen.add((binding.action, binding.description))
        explanation = binding.tooltip or binding.description
        rows.append(f"| `{key_label(key)}` | {binding.description} | {explanation} |")
    key, action, explanation = _("Key"), _("Action"), _("What it does")
    header = f"| {key} | {action} | {explanation} |\n|---|---|---|"
    return header + "\n" + "\n".join(rows)


class HelpScreen(Localized, ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", N_("Close"), id="help.close"),
    ]

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
        #help { width: 90%; max-width: 110; height: 90%; border: round $primary; background: $surface; padding: 0 1; }
    }
    """

    def __init__(self, pane: Screen) -> None:
        super().__init__()
        text = getattr(pane, "HELP", "") or ""
        title = _(getattr(pane, "HELP_TITLE", "") or N_("Help"))
        body = _(text) if text else ""
        keys = _("Keys")
        self._markdown = (
            f"# {title}\n\n{body}\n\n## {keys}\n\n{keys_table(pane)}\n\n"
            + _("Everywhere: `Ctrl+Z` undoes the last change made in this window, `Ctrl+T` shows "
                "the history of the selected record (a revert is previewed first).") + "\n\n"
            + _("Press Esc to close this help.")
        )

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Markdown(self._markdown)

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
