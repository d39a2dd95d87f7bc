"""Keys (palette: Keys; Settings → Keys…): every binding of the app, remapped here.

Grouped: everywhere, pane by pane, in lists, dialogs. Enter on a row asks for the new key
(Esc cancels); the key is checked like the settings file's ``[keys]`` (a clash is refused and
nothing is saved), written to the file and in force at once. Del or Backspace puts a binding
back to its default key.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Input, Static

from officer_tui.i18n import N_, _
from officer_tui.ui.key_names import keys_label
from officer_tui.ui.localize import Localized

HELP = N_(
    """**Keys**: every key of the app, where it works, its default and the key in force.

`Enter` on a row asks for the new key: press it (`Esc` cancels). A key already used where the
binding works is refused, and nothing is saved. `Del` or `Backspace` puts the binding back to
its default key. `/` filters the list (by what a key does, its id, where, or the key).

Changes are saved in the settings file under `[keys]` (binding id = key) and are in force at
once. Keys without Ctrl or Alt do nothing while the cursor is in a text field.
"""
)

REMAPPED = "●"


class KeyCaptureScreen(Localized, ModalScreen[str | None]):
    """Waits for one key: dismisses with Textual's name of it, or None on Esc. While it is up,
    no binding runs (``blocks_bindings``), so even Ctrl+F or Ctrl+Q can be taken."""

    blocks_bindings = True

    DEFAULT_CSS = """
    KeyCaptureScreen {
        align: center middle;
        & > Static { width: auto; max-width: 70; border: round $accent; background: $surface;
                     padding: 1 2; }
    }
    """

    def __init__(self, prompt: str) -> None:
        super().__init__()
        self._prompt = prompt

    def compose(self) -> ComposeResult:
        yield Static(self._prompt, markup=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return False

    def on_key(self, event: events.Key) -> None:
        event.stop()
        event.prevent_default()
        self.dismiss(None if event.key == "escape" else event.key)


class KeysScreen(Localized, ModalScreen[None]):
    HELP_TITLE = N_("Keys")
    HELP = HELP
    CSS_PATH = "keys.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "change", N_("Change"), id="keymap.change",
                tooltip=N_("Press a new key for the selected binding")),
        Binding("delete,backspace", "reset", N_("Default"), id="keymap.reset",
                tooltip=N_("Put the selected binding back to its default key")),
        Binding("slash", "filter", N_("Filter"), id="keymap.filter",
                tooltip=N_("Filter the list by what a key does, its id, where, or the key")),
        Binding("escape", "close", N_("Close"), id="keymap.close", tooltip=N_("Close the keys")),
        Binding("question_mark", "app.help", N_("Help"), id="keymap.help",
                tooltip=N_("Help for the keys")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._entries: list = []
        self._check = None  # keys.KeyCheck of the file
        self._file_keys: dict[str, str] = {}
        # What the last change said, about which binding: shown while that row is selected.
        self._note: tuple[str, str, bool] | None = None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Keys"), classes="dialog-title")
            yield Static(self._where_text(), id="keys-file", markup=False)
            yield Input(placeholder=_("Filter: what it does, id, where, key"), id="keys-filter")
            yield DataTable(id="keys-table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="keys-status", markup=False)
        yield Footer()

    def _where_text(self) -> str:
        from officer_tui.settings import settings_path

        return (_("{mark} remapped in {path} under [keys]").format(mark=REMAPPED,
                                                                    path=settings_path())
                + "  " + _("Enter: new key · Del: default · /: filter"))

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(_("Where"), _("Action"), _("Key"), _("Default"), _("Id"))
        table.loading = True
        self.load()

    @work(thread=True, exclusive=True, group="keys-load", exit_on_error=False)
    def load(self) -> None:
        """The catalogue (imports every screen the first time) and the file's keys, checked."""
        from officer_tui import settings
        from officer_tui.ui.keys import binding_catalogue, check_keys

        try:
            loaded = settings.load()
            entries = binding_catalogue().ordered()
            check = check_keys(loaded.settings)
        except Exception as exc:
            from officer_tui.ui.errors import describe

            self.app.call_from_thread(self._show_status, describe(exc), True)
            return
        self.app.call_from_thread(self._loaded, entries, check, dict(loaded.settings.keys))

    def _loaded(self, entries: list, check, file_keys: dict[str, str]) -> None:
        self._entries, self._check, self._file_keys = entries, check, file_keys
        table = self.query_one(DataTable)
        table.loading = False
        self._fill()
        table.focus()

    def _current(self, entry) -> tuple[str, ...]:
        return self._check.applied.get(entry.id, entry.keys) if self._check else entry.keys

    def _fill(self, keep: str | None = None) -> None:
        table = self.query_one(DataTable)
        cursor = keep or self._selected_id()
        table.clear()
        words = self.query_one("#keys-filter", Input).value.casefold().split()
        group = None
        for entry in self._entries:
            current = self._current(entry)
            where, what = entry.where(), entry.what()
            text = " ".join((where, what, entry.id, keys_label(current), keys_label(entry.keys),
                             " ".join(current))).casefold()
            if any(word not in text for word in words):
                continue
            heading = self._heading(entry)
            if heading != group:
                group = heading
                table.add_row(Text(heading, style="bold"), "", "", "", "", key=f"group:{heading}")
            remapped = entry.id in self._check.applied if self._check else False
            refused = self._check.problem_of(entry.id) if self._check else None
            key_text = Text(keys_label(current), style="bold" if remapped else "")
            if remapped:
                key_text.append(f" {REMAPPED}")
            elif refused is not None:
                key_text.append(" !", style="bold")
            table.add_row(where, what, key_text, keys_label(entry.keys), entry.id, key=entry.id)
        if cursor:
            try:
                table.move_cursor(row=table.get_row_index(cursor))
            except Exception:  # filtered away: the cursor stays at the top
                pass
        self._describe_selected()

    def _heading(self, entry) -> str:
        if entry.group == "app":
            return _("Everywhere")
        if entry.group == "pane":
            from officer_tui.ui.key_catalogue import pane_label

            return _("Pane: {pane}").format(pane=pane_label(entry.pane))
        if entry.group == "lists":
            return _("In lists")
        return _("Dialogs and other screens")

    def _selected_id(self) -> str | None:
        table = self.query_one(DataTable)
        if table.row_count == 0 or table.cursor_row < 0:
            return None
        key = table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value
        return None if key is None or key.startswith("group:") else key

    def _entry(self, binding_id: str | None):
        return next((entry for entry in self._entries if entry.id == binding_id), None)

    @on(DataTable.RowHighlighted)
    def _describe_selected(self) -> None:
        entry = self._entry(self._selected_id())
        if entry is None:
            self._show_status("")
            return
        if self._note and self._note[0] == entry.id:
            self._show_status(self._note[1], self._note[2])
            return
        text = _(entry.tooltip) if entry.tooltip else entry.what()
        refused = self._check.problem_of(entry.id) if self._check else None
        if refused is not None:
            text += "\n" + _("In the file but not applied: {reason}").format(
                reason=refused.text(consequence=False))
        self._show_status(text)

    def _tell(self, entry, text: str, error: bool = False) -> None:
        """Say ``text`` about ``entry`` until another row is selected."""
        self._note = (entry.id, text, error)
        self._show_status(text, error)

    def _show_status(self, text: str, error: bool = False) -> None:
        status = self.query_one("#keys-status", Static)
        status.update(text)
        status.set_class(error, "-error")

    @on(Input.Changed, "#keys-filter")
    def _filter_changed(self) -> None:
        self._fill()

    @on(Input.Submitted, "#keys-filter")
    def _filter_done(self) -> None:
        self.query_one(DataTable).focus()

    @on(DataTable.RowSelected)
    def _row_chosen(self) -> None:
        self.action_change()

    def action_filter(self) -> None:
        self.query_one("#keys-filter", Input).focus()

    def action_close(self) -> None:
        if self.focused is self.query_one("#keys-filter", Input) and self.query_one(
                "#keys-filter", Input).value:
            self.query_one("#keys-filter", Input).value = ""
            self.query_one(DataTable).focus()
            return
        self.dismiss(None)

    def action_change(self) -> None:
        entry = self._entry(self._selected_id())
        if entry is None:
            return
        prompt = _("Press the new key for “{what}” ({id}, now {keys}).\nEsc cancels.").format(
            what=entry.what(), id=entry.id, keys=keys_label(self._current(entry)))
        self.app.push_screen(KeyCaptureScreen(prompt), lambda key: self._captured(entry, key))

    def _captured(self, entry, key: str | None) -> None:
        if key is None:
            self._tell(entry, _("Nothing changed."))
            return
        self._save(entry, key)

    def action_reset(self) -> None:
        entry = self._entry(self._selected_id())
        if entry is None:
            return
        if entry.id not in self._file_keys:
            self._tell(entry, _("“{what}” already has its default key ({keys}).").format(
                what=entry.what(), keys=keys_label(entry.keys)))
            return
        self._save(entry, None)

    def _save(self, entry, key: str | None) -> None:
        """Check, write and apply ``key`` for ``entry`` (None: back to the default)."""
        from officer_tui import settings
        from officer_tui.ui.keys import check_keys, written_key

        file = settings.load().settings
        keys = dict(file.keys)
        if key is None or (key,) == entry.keys:
            keys.pop(entry.id, None)
        else:
            keys[entry.id] = written_key(key)
        trial = check_keys(settings.with_changes(file, keys=keys))
        refused = trial.problem_of(entry.id)
        if refused is not None:
            reason = _(refused.message).format(**dict(refused.values))
            self._tell(entry, _("Not saved: {reason}").format(reason=reason), error=True)
            return
        try:
            loaded = settings.save_keys({f"keys.{entry.id}": keys.get(entry.id)})
        except (OSError, ValueError) as exc:
            self._tell(entry, _("Not saved: {reason}").format(reason=exc), error=True)
            return
        self._check = check_keys(loaded.settings)
        self._file_keys = dict(loaded.settings.keys)
        self.app.set_keymap(self._check.keymap)
        self._fill(keep=entry.id)
        now = keys_label(self._current(entry))
        self._tell(entry, _("“{what}” is now {keys} (saved in {path}).").format(
            what=entry.what(), keys=now, path=loaded.path))
