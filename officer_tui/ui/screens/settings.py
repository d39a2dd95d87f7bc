"""Settings (F2, palette "Settings"): the settings file as a form.

The form shows where the file is and what is wrong in it, then one field per setting with a
short hint. Ctrl+S writes only the fields that were changed (``settings.save`` keeps the
user's comments); a value out of range is shown under its field and nothing is written, and
a file that does not parse is never overwritten. What can apply at once does: the theme
(previewed while moving through the list, restored by Esc), the language (every pane is
built anew in it), the thresholds and weights (every pane reads its records again).
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Footer, Input, Label, Select, Static

from officer_tui import settings
from officer_tui.i18n import N_, _, current_language, detect_language, set_language
from officer_tui.settings import CRITERIA
from officer_tui.ui.screens.form_base import FORM_CSS, RecordForm
from officer_tui.ui.screens.idea_dialogs import CRITERION_TEXTS
from officer_tui.ui.screens.settings_apply import (
    NUMBERS,
    applies_text,
    field_problem,
    hints,
    show_new_language,
    theme_choices,
    typed_number,
)

HELP = N_(
    """**Settings** are kept in one file (shown at the top); this form writes it, keeping
what you wrote there yourself (comments, other keys). `officer config` does the same on the
command line.

- *Language*, *theme*, your *name*, the thresholds and the idea score weights apply at once;
  the *start pane* and the number of *automatic backups* at the next start.
- Moving through the theme list shows each theme; `Esc` brings the previous one back.
- A value out of range is named under its field and nothing is written. A file with a
  mistake that stops it from being read is never overwritten: fix it first (the line is named).
- *Keys…* shows every key and lets you choose your own.

`Ctrl+S` saves, `Esc` closes (asking once when something was changed).
"""
)

SYSTEM = "system"  # the language choice "as the system": no `language` in the file

# The file's dotted keys (what ``settings`` names in a problem) -> the widget showing them.
FIELDS = {
    "language": "language", "theme": "theme", "start_pane": "start-pane", "user": "user",
    "requests.waiting_too_long_days": "waiting-days", "contacts.stay_in_touch_days": "stay-days",
    "backups.keep": "backup-keep", "ideas.weights": "weights",
    **{f"ideas.weights.{criterion}": f"weight-{criterion}" for criterion in CRITERIA},
}


class SettingsScreen(RecordForm[bool]):
    """Dismisses with True when the settings were saved."""

    HELP_TITLE = N_("Settings")
    HELP = HELP
    CSS_PATH = "settings.tcss"
    DEFAULT_CSS = "SettingsScreen {" + FORM_CSS + "}"
    FIELDS: ClassVar[dict[str, str]] = FIELDS

    class WeightsLoaded(Message):
        def __init__(self, weights: dict[str, int] | None) -> None:
            super().__init__()
            self.weights = weights

    class Written(Message):
        """The file was written; ``changes`` are the fields that changed."""

        def __init__(self, changes: dict[str, Any]) -> None:
            super().__init__()
            self.changes = changes

    class Refused(Message):
        """The file was not written: ``text`` says why (a broken file, a folder not writable)."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self) -> None:
        super().__init__()
        self._loaded = settings.load()
        self._initial: dict[str, Any] = {}
        self._themes: list[str] = []
        self._theme_at_open = ""

    # --- the form -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        from officer_tui.ui.app import PANES, pane_label

        loaded, app = self._loaded, self.app
        file = loaded.settings
        self._theme_at_open = app.theme
        choices = theme_choices(app)
        self._themes = [name for _label, name in choices]
        hint = hints(app, file)
        with VerticalScroll(id="form"):
            yield Static(_("Settings"), classes="form-title", markup=False)
            where = _("File: {path}") if loaded.exists else _("File: {path} (made when you save)")
            yield Static(where.format(path=loaded.path), id="settings-path", classes="hint",
                         markup=False)
            yield Static("", id="settings-problems", markup=False)
            with Horizontal(classes="form-row"):
                with Vertical(classes="form-cell"):
                    yield Label(_("Language"))
                    yield Select([(_("As the system"), SYSTEM), ("Deutsch", "de"),
                                  ("English", "en")],
                                 value=file.language or SYSTEM, allow_blank=False, id="language")
                    yield from self._after("language", hint["language"])
                with Vertical(classes="form-cell"):
                    yield Label(_("Theme"))
                    yield Select(choices, value=app.theme, allow_blank=False, id="theme")
                    yield from self._after("theme", hint["theme"])
            with Horizontal(classes="form-row"):
                with Vertical(classes="form-cell"):
                    yield Label(_("Start pane"))
                    yield Select([(pane_label(label), mode) for mode, _key, label in PANES],
                                 value=file.start_pane, allow_blank=False, id="start-pane")
                    yield from self._after("start-pane", hint["start_pane"])
                with Vertical(classes="form-cell"):
                    yield Label(_("Your name"))
                    yield Input(file.user or "", id="user", max_length=100,
                                placeholder=hint["login"] or _("your name"))
                    yield from self._after("user", hint["user"])
            with Horizontal(classes="form-row"):
                for name, widget_id, label, placeholder, default in NUMBERS:
                    with Vertical(classes="form-cell"):
                        yield Label(_(label))
                        value = getattr(file, name)
                        yield Input("" if value is None else str(value), id=widget_id,
                                    max_length=6, placeholder=_(placeholder).format(n=default))
                        yield from self._after(widget_id, hint[name])
            yield Label(_("Idea score weights (0 to 10 each)"))
            weights = file.idea_weights or settings.default_weights()
            with Horizontal(classes="form-row", id="weights"):
                for criterion in CRITERIA:
                    with Vertical(classes="form-cell"):
                        yield Label(_(CRITERION_TEXTS[criterion][0]))
                        yield Input(str(weights[criterion]), id=f"weight-{criterion}",
                                    max_length=3)
                        yield Static("", id=f"weight-{criterion}-error", classes="field-error",
                                     markup=False)
            yield from self._after("weights", hint["weights"])
            yield Static(_("Ctrl+S saves, Esc cancels."), classes="hint", markup=False)
            with Horizontal(classes="form-buttons"):
                yield Button(_("Keys…"), id="keys")
                yield Button(_("Cancel"), id="cancel")
                yield Button(_("Save"), id="save", variant="primary")
        yield Footer()

    @staticmethod
    def _after(widget_id: str, hint: str) -> ComposeResult:
        """A field's error line (hidden until needed) and its hint."""
        yield Static("", id=f"{widget_id}-error", classes="field-error", markup=False)
        yield Static(hint, classes="hint", markup=False)

    def on_mount(self) -> None:
        self._show_file_problems()
        self.query_one("#language", Select).focus()
        theme = self.query_one("#theme", Select)
        # The open list of a Select: moving through it previews each theme.
        self.watch(theme.query_one("SelectOverlay"), "highlighted", self._theme_highlighted,
                   init=False)
        self.watch(theme, "expanded", self._theme_list_toggled, init=False)
        if self._loaded.settings.idea_weights is None:
            self.load()  # in force meanwhile: what an older version stored in the database
        else:
            self._remember_initial()

    def _show_file_problems(self, refusal: str = "") -> None:
        from officer_tui.ui.keys import checked_keymap

        file = self._loaded.settings
        lines = [problem.text() for problem in self._loaded.problems]
        if file.theme not in self.app.available_themes:
            line = file.line_of("theme")
            where = (_("line {n}").format(n=line) + ", ") if line else ""
            lines.append(where + _("theme: {name!r} is not a theme").format(name=file.theme))
        lines += checked_keymap(file)[1]
        box = self.query_one("#settings-problems", Static)
        text = "\n".join(["• " + line for line in lines])
        if lines:
            text = _("Problems in the file (the defaults apply there):") + "\n" + text
        if refusal:
            text = refusal + ("\n" + text if text else "")
        box.update(text)
        box.display = bool(text)
        box.set_class(bool(refusal), "-refused")

    @work(thread=True, exclusive=True, group="form-load", exit_on_error=False)
    def load(self) -> None:
        from officer_tui.services import ideas

        try:
            with self.app.database.session() as session:  # type: ignore[attr-defined]
                weights = ideas.weights(session)
        except Exception:  # the defaults stay in the form; saving still works
            weights = None
        self.post_message(self.WeightsLoaded(weights))

    @on(WeightsLoaded)
    def _weights_loaded(self, message: WeightsLoaded) -> None:
        for criterion, value in (message.weights or {}).items():
            self.query_one(f"#weight-{criterion}", Input).value = str(value)
        self._remember_initial()

    def _remember_initial(self) -> None:
        self._initial = self._typed()
        self.done_loading()

    def _typed(self) -> dict[str, Any]:
        """The form's values as settings (Settings field -> value; None: not set)."""
        language = self.choice_of("language")
        values: dict[str, Any] = {
            "language": None if language == SYSTEM else language,
            "theme": self.choice_of("theme"),
            "start_pane": self.choice_of("start-pane"),
            "user": self.value_of("user").strip() or None,
        }
        for name, widget_id, *_rest in NUMBERS:
            values[name] = typed_number(self.value_of(widget_id))
        values["idea_weights"] = {
            criterion: typed_number(self.value_of(f"weight-{criterion}"), blank="")
            for criterion in CRITERIA
        }
        return values

    # --- the theme, previewed -----------------------------------------------------------------

    def _theme_highlighted(self, index: int | None) -> None:
        if self.query_one("#theme", Select).expanded and index is not None:
            self._preview(self._themes[index])

    def _theme_list_toggled(self, expanded: bool) -> None:
        if not expanded:  # closed without a choice: the chosen theme again
            self._preview(str(self.choice_of("theme")))

    @on(Select.Changed, "#theme")
    def _theme_chosen(self, event: Select.Changed) -> None:
        self._preview(str(event.value))

    def _preview(self, name: str) -> None:
        if name not in self.app.available_themes or name == self.app.theme:
            return
        # A preview is no choice yet: the app remembers a theme only when it differs from the
        # settings in force, so they follow the preview (the file is written on Ctrl+S only;
        # Textual publishes the theme change later, so a flag around the assignment would not do).
        settings.activate(settings.with_changes(settings.current(), theme=name))
        self.app.theme = name

    def action_cancel(self) -> None:
        if self.is_dirty and not self._warned:
            super().action_cancel()  # warns once
            return
        self._preview(self._theme_at_open)
        self.dismiss(None)

    # --- saving -------------------------------------------------------------------------------

    def collect(self) -> dict | None:
        typed = self._typed()
        changes = {name: value for name, value in typed.items() if value != self._initial.get(name)}
        if not changes:
            self.notify(_("Nothing was changed."))
            self.dismiss(None)
            return None
        return changes

    @work(thread=True, exclusive=True, group="form-save", exit_on_error=False)
    def _store(self, data: dict) -> None:
        path = self._loaded.path
        try:
            settings.save(data, path)
        except settings.InvalidSettings as exc:
            self.post_message(self.Invalid([field_problem(problem) for problem in exc.problems]))
        except settings.SettingsFileBroken as exc:
            # The message names the file and the line ("... Nothing was saved: correct ...").
            self.post_message(self.Refused(
                _("{reason} What you changed here is still in the form.").format(reason=exc)))
        except OSError as exc:
            self.post_message(self.Refused(
                _("Not saved: {path} cannot be written ({reason}).").format(
                    path=path, reason=exc.strerror or exc)))
        else:
            self.post_message(self.Written(data))

    @on(Refused)
    def _refused(self, message: Refused) -> None:
        self._saving = False
        self.clear_errors()
        self._show_file_problems(message.text)
        self.query_one("#form", VerticalScroll).scroll_home(animate=False)
        self.notify(message.text, severity="error", timeout=10)

    @on(Written)
    def _written(self, message: Written) -> None:
        changes, app = message.changes, self.app
        language_changed = False
        if "language" in changes:
            language = changes["language"] or detect_language()
            if language != current_language():
                set_language(language)
                language_changed = True
        self.notify(applies_text(changes), timeout=8)
        if language_changed:  # the pane shown is built anew (this form goes with it)
            show_new_language(app)
            return
        self.dismiss(True)
        if set(changes) & {"waiting_too_long_days", "stay_in_touch_days", "idea_weights"}:
            app.reload_all_panes()  # type: ignore[attr-defined]

    @on(Button.Pressed, "#keys")
    def _keys(self) -> None:
        try:
            from officer_tui.ui.screens.keys import KeysScreen
        except ImportError:
            self.notify(_("The key settings are not available in this version."),
                        severity="warning")
            return
        self.app.push_screen(KeysScreen())
