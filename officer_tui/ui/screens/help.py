"""``?``: help for the pane in front, with the keys actually in force there.

The keys come from Textual's ``active_bindings`` of the pane or dialog (and its focused
widget), so a key remapped in the settings file shows as remapped; each row names the binding
id to write under ``[keys]`` to change it.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Markdown

from officer_tui.i18n import N_, _
from officer_tui.ui.key_names import KEY_NAMES, key_label  # noqa: F401 - KEY_NAMES: re-export
from officer_tui.ui.localize import Localized


def _cell(text: str) -> str:
    """Text for a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def _code(text: str) -> str:
    if "`" in text:
        return f"`` {text} ``"
    return f"`{text}`"


def keys_table(screen: Screen) -> str:
    """The keys in force on ``screen`` (with the widget that has focus), one row per binding."""
    rows: dict[object, tuple[list[str], Binding]] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if not binding.description:
            continue
        name = binding.id or (binding.action, binding.description)
        if name not in rows:
            rows[name] = ([], binding)
        if key not in rows[name][0]:
            rows[name][0].append(key)
    lines = []
    for keys, binding in rows.values():
        shown = ", ".join(_code(_cell(key_label(key))) for key in keys)
        explanation = binding.tooltip or binding.description
        binding_id = _code(binding.id) if binding.id else ""
        lines.append(f"| {shown} | {_cell(binding.description)} | {_cell(explanation)} "
                     f"| {binding_id} |")
    key, action, explanation, binding_id = _("Key"), _("Action"), _("What it does"), _("Id")
    header = f"| {key} | {action} | {explanation} | {binding_id} |\n|---|---|---|---|"
    return header + "\n" + "\n".join(lines)


def how_to_change() -> str:
    from officer_tui.settings import settings_path

    return _("To change a key: Settings → Keys… (or the palette: Keys), or write it under "
             "`[keys]` in {path}, e.g. `\"app.capture\" = \"z\"`.").format(path=settings_path())


class HelpScreen(Localized, ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", N_("Close"), id="help.close",
                tooltip=N_("Close the help")),
    ]

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
        #help { width: 90%; max-width: 120; height: 90%; border: round $primary; background: $surface; padding: 0 1; }
    }
    """

    def __init__(self, pane: Screen) -> None:
        super().__init__()
        from officer_tui.ui.keys import key_in_force

        text = getattr(pane, "HELP", "") or ""
        title = _(getattr(pane, "HELP_TITLE", "") or N_("Help"))
        body = _(text) if text else ""
        keys = _("Keys")
        everywhere = _("Everywhere: `{undo}` undoes the last change made in this window, "
                       "`{history}` shows the history of the selected record (a revert is "
                       "previewed first).").format(
            undo=key_in_force(pane.app, "app.undo", "ctrl+z"),
            history=key_in_force(pane.app, "app.history", "ctrl+t"))
        close = key_in_force(pane.app, "help.close", "escape")
        self._markdown = (
            f"# {title}\n\n{body}\n\n## {keys}\n\n{keys_table(pane)}\n\n"
            + everywhere + "\n\n" + how_to_change() + "\n\n"
            + _("Press {key} to close this help.").format(key=close)
        )

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Markdown(self._markdown)

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
