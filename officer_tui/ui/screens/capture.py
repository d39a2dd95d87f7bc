"""``c`` from anywhere: capture a request, idea, follow-up, project or meeting in one line.

One input, and below it what the line would become, on every keystroke: kind, title, unit,
priority, date, person, and what blocks saving (a unit or person that matches none or several,
a follow-up without a date ...). The units and people are loaded once, in a worker, when the
dialog opens; reading a line is pure Python against them. ``Enter`` saves (the dialog closes,
a notification names the new record, the pane below shows it), ``Ctrl+O`` saves and opens the
record, ``Tab`` switches the kind, ``↑``/``↓`` recall earlier lines, ``Esc`` cancels.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar
from weakref import WeakKeyDictionary

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Static

from officer_tui import clock
from officer_tui.i18n import N_, _, current_language
from officer_tui.quickline import CaptureKind, split_kind
from officer_tui.ui.errors import describe, field_label
from officer_tui.ui.localize import Localized

if TYPE_CHECKING:
    from officer_tui.services.capture import Captured, Choices, Reading

HELP = N_(
    """Type one line; the preview below shows what it becomes before anything is saved.

`Kind Unit: title !priority @person date`

- **Kind** (first word): request (the default; *Anfrage*, *Bedarf*), idea (*Idee*),
  follow-up (*WV*, *Wiedervorlage*, *todo*), project (*Projekt*, *Vorhaben*), meeting
  (*Termin*). `Tab` switches it.
- **Unit** before a colon: its name, short name, or the kind of house ("Library").
  A request or project without one takes the person's unit.
- **Priority**: `!low` `!normal` `!high` `!urgent` (`!niedrig` `!hoch` `!dringend`), or
  `!!` and `!!!`.
- **Person** after `@`: last name, first name, or `@First.Last`.
- **Date**: tomorrow, friday, next monday, in 2 weeks, end of month, 20.04. (German too:
  morgen, Freitag, nächsten Montag, in zwei Wochen, Ende des Monats). A follow-up and a
  meeting need one; for an idea or a project it becomes a follow-up on it.

`Enter` saves, `Ctrl+O` saves and opens the new record, `↑`/`↓` recall earlier lines,
`Esc` cancels.
"""
)

# The kind words Tab cycles through, in the user's language.
KIND_CYCLE = (CaptureKind.REQUEST, CaptureKind.IDEA, CaptureKind.FOLLOWUP,
              CaptureKind.PROJECT, CaptureKind.MEETING)
KIND_WORDS = {
    "de": {CaptureKind.REQUEST: "Anfrage", CaptureKind.IDEA: "Idee", CaptureKind.FOLLOWUP: "WV",
           CaptureKind.PROJECT: "Projekt", CaptureKind.MEETING: "Termin"},
    "en": {CaptureKind.REQUEST: "request", CaptureKind.IDEA: "idea",
           CaptureKind.FOLLOWUP: "follow-up", CaptureKind.PROJECT: "project",
           CaptureKind.MEETING: "meeting"},
}
# The list pane of each kind: after a save it moves its cursor to the new record.
PANES = {"request": "RequestsScreen", "idea": "IdeasScreen", "project": "ProjectsScreen",
         "meeting": "MeetingsScreen"}

# Lines captured in this run of the app, oldest first (``↑`` recalls them).
_HISTORY: WeakKeyDictionary[App, list[str]] = WeakKeyDictionary()


def with_kind(line: str, kind: CaptureKind) -> str:
    """``line`` starting with the word for ``kind`` instead of its own kind word."""
    _old, rest = split_kind(line)
    word = KIND_WORDS.get(current_language(), KIND_WORDS["en"])[kind]
    return f"{word} {rest.lstrip()}" if not rest.startswith(":") else word + rest


def preview_text(reading: Reading) -> Text:
    from officer_tui.models.enums import Priority
    from officer_tui.services.capture import preview_rows
    from officer_tui.ui.formatting import priority_text

    rows = preview_rows(reading)
    width = max(len(label) for label, _value in rows) + 2
    text = Text()
    for index, (label, value) in enumerate(rows):
        if index:
            text.append("\n")
        text.append(label.ljust(width), style="dim")
        if label == _("Priority"):
            text.append_text(priority_text(reading.priority or Priority.NORMAL))
        elif value == "–":
            text.append(value, style="dim")
        else:
            text.append(value, style="bold" if index < 2 else "")
    return text


def problems_text(reading: Reading) -> str:
    from officer_tui.services.capture import PERSON_ROLES

    lines = []
    for field, message in reading.refused:
        label = _(PERSON_ROLES[reading.kind]) if field == "person" else field_label(field)
        lines.append(f"⚠ {label}: {message}")
    return "\n".join(lines)


class CaptureScreen(Localized, ModalScreen[None]):
    HELP_TITLE = N_("Quick capture")
    HELP = HELP

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("Cancel"), id="capture.cancel",
                tooltip=N_("Close without saving")),
        Binding("ctrl+s", "save", N_("Save"), id="capture.save",
                tooltip=N_("Save the record (Enter does the same)")),
        Binding("ctrl+o", "save(True)", N_("Save and open"), id="capture.save_open",
                tooltip=N_("Save the record and open it")),
        Binding("tab", "kind(1)", N_("Kind"), id="capture.kind",
                tooltip=N_("Switch the kind: request, idea, follow-up, project, meeting")),
        Binding("shift+tab", "kind(-1)", N_("Kind back"), show=False, id="capture.kind_back",
                tooltip=N_("Switch the kind backwards")),
        # Priority: the input would take them as (useless) scroll keys.
        Binding("up", "history(-1)", N_("Earlier line"), id="capture.earlier", priority=True,
                tooltip=N_("Recall a line captured earlier")),
        Binding("down", "history(1)", N_("Later line"), show=False, id="capture.later",
                priority=True,
                tooltip=N_("Go forward through the earlier lines")),
        Binding("f1", "app.help", N_("Help"), id="capture.help",
                tooltip=N_("How to write a capture line")),
    ]
    CSS_PATH = "capture.tcss"

    class Loaded(Message):
        def __init__(self, choices: Choices) -> None:
            super().__init__()
            self.choices = choices

    class Saved(Message):
        def __init__(self, line: str, captured: Captured, open_it: bool) -> None:
            super().__init__()
            self.line = line
            self.captured = captured
            self.open_it = open_it

    class Failed(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self) -> None:
        super().__init__()
        self.choices: Choices | None = None
        self.reading: Reading | None = None
        self.saving = False
        self._today = clock.today()
        self._recalled: int | None = None  # index into the history while recalling
        self._draft = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="capture"):
            yield Input(id="capture-line", placeholder=_(
                "Capture: request, idea, follow-up, project, meeting …"))
            yield Static("", id="capture-preview", markup=False)
            yield Static("", id="capture-problems", markup=False)
            yield Static("", id="capture-notes", markup=False)
            yield Static(
                _("Kind Unit: title !priority @person date") + "\n" + _(
                    "e.g. Anfrage Stadtmuseum: Drucker defekt !hoch bis Freitag @Schmidt · "
                    "idea Library: chatbot for opening hours due next monday · "
                    "WV: Förderbescheid nachfassen in zwei Wochen @Krüger"),
                id="capture-hint", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#capture", Vertical).border_title = _("Quick capture")
        self.input.focus()
        self._show()
        self.load_choices()

    @property
    def input(self) -> Input:
        return self.query_one("#capture-line", Input)

    @property
    def history(self) -> list[str]:
        return _HISTORY.setdefault(self.app, [])

    # --- loading and reading ----------------------------------------------------------------

    @work(thread=True, exclusive=True, group="capture-choices", exit_on_error=False)
    def load_choices(self) -> None:
        from officer_tui.services.capture import load_choices

        try:
            with self.app.database.session() as session:  # type: ignore[attr-defined]
                choices = load_choices(session)
        except Exception as exc:
            self.post_message(self.Failed(describe(exc)))
            return
        self.post_message(self.Loaded(choices))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        self.choices = message.choices
        self._show()

    @on(Input.Changed, "#capture-line")
    def _typed(self) -> None:
        self._show()

    def _show(self) -> None:
        """Read the line against the loaded units and people and show what it would become."""
        from officer_tui.services.capture import read_line

        line = self.input.value
        preview = self.query_one("#capture-preview", Static)
        problems = self.query_one("#capture-problems", Static)
        notes = self.query_one("#capture-notes", Static)
        self.reading = None
        if self.choices is None:
            preview.update(Text(_("Loading units and people …"), style="dim"))
        elif not line.strip():
            preview.update(Text(_("Type a line; what it becomes shows here before it is saved."),
                                style="dim"))
        else:
            self.reading = read_line(line, today=self._today, choices=self.choices)
            preview.update(preview_text(self.reading))
        problems.update(problems_text(self.reading) if self.reading else "")
        notes.update("\n".join("· " + note for note in self.reading.notes) if self.reading else "")
        problems.display = bool(self.reading and self.reading.refused)
        notes.display = bool(self.reading and self.reading.notes)

    # --- saving -------------------------------------------------------------------------------

    @on(Input.Submitted, "#capture-line")
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self, open_it: bool = False) -> None:
        if self.saving:
            return
        if self.choices is None:
            self.notify(_("Still loading units and people; try again in a moment."))
            return
        self._show()
        reading = self.reading
        if reading is None:
            self.notify(_("Type what to capture first."), severity="warning")
            return
        if not reading.can_save:
            self.query_one("#capture-problems", Static).add_class("-flash")
            self.set_timer(0.6, lambda: self.query_one("#capture-problems").remove_class("-flash"))
            self.notify(problems_text(reading).replace("⚠ ", ""), severity="warning",
                        title=_("Not saved"))
            return
        self.saving = True
        self.save(self.input.value, reading, open_it)

    @work(thread=True, exclusive=True, group="capture-save", exit_on_error=False)
    def save(self, line: str, reading: Reading, open_it: bool) -> None:
        from officer_tui.services.capture import save_capture

        try:
            with self.app.database.session() as session:  # type: ignore[attr-defined]
                captured = save_capture(session, reading, today=self._today)
        except Exception as exc:
            self.post_message(self.Failed(describe(exc)))
            return
        self.post_message(self.Saved(line, captured, open_it))

    @on(Saved)
    def _saved(self, message: Saved) -> None:
        from officer_tui.services.capture import kind_label
        from officer_tui.ui.open_record import open_record

        captured = message.captured
        history = self.history
        if not history or history[-1] != message.line:
            history.append(message.line)
        kind = kind_label(CaptureKind(captured.kind.value))
        self.notify(_("{kind} #{id} saved: {title}").format(
            kind=kind[:1].upper() + kind[1:], id=captured.record_id, title=captured.title))
        app = self.app
        below = app.screen_stack[-2] if len(app.screen_stack) > 1 else None
        self.dismiss(None)
        if message.open_it:
            open_record(app, captured.kind, captured.record_id)
        elif below is not None and type(below).__name__ == PANES.get(captured.kind.value):
            # After the pane's own reload on resume: put its cursor on the new record.
            below.call_later(below.reload, keep_key=captured.record_id)  # type: ignore[attr-defined]

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self.saving = False
        problems = self.query_one("#capture-problems", Static)
        problems.update("⚠ " + message.text)
        problems.display = True
        self.notify(message.text, severity="error", timeout=8)

    # --- keys ---------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "history":
            return True if self.history else None  # greyed out until a line was captured
        return True

    def action_kind(self, step: int) -> None:
        current = self.reading.kind if self.reading else (split_kind(self.input.value)[0]
                                                          or CaptureKind.REQUEST)
        kind = KIND_CYCLE[(KIND_CYCLE.index(current) + step) % len(KIND_CYCLE)]
        self.input.value = with_kind(self.input.value, kind)
        self.input.cursor_position = len(self.input.value)

    def action_history(self, step: int) -> None:
        history = self.history
        if not history:
            return
        if self._recalled is None:
            if step > 0:
                return
            self._draft = self.input.value
            index = len(history) - 1
        else:
            index = self._recalled + step
        if index >= len(history):
            self._recalled = None
            self.input.value = self._draft
        else:
            self._recalled = max(index, 0)
            self.input.value = history[self._recalled]
        self.input.cursor_position = len(self.input.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
