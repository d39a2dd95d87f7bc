"""Dialogs about one person: log a contact (``l``), erase them (Art. 17), and the actions
shared by the contacts pane and the contact detail (log, export under Art. 15, erase)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label, Select, Static, TextArea

from officer_tui import clock
from officer_tui.i18n import N_, _, date_hint, format_date, ngettext
from officer_tui.labels import CHANNEL_LABELS
from officer_tui.models.enums import Channel
from officer_tui.text import fold
from officer_tui.ui.errors import describe
from officer_tui.ui.localize import Localized
from officer_tui.ui.screens.form_base import FORM_CSS, RecordForm
from officer_tui.ui.screens.pickers import DIALOG_CSS

if TYPE_CHECKING:
    from officer_tui.services.gdpr import ErasurePreview


class LogContactScreen(RecordForm[int]):
    """``l``: note a call, a meeting, a chat. Dismisses with the log's id (None: cancelled)."""

    DEFAULT_CSS = "LogContactScreen {" + FORM_CSS + "& > #form { width: 64; } & TextArea { height: 4; } }"
    FIELDS: ClassVar[dict[str, str]] = {
        "happened_on": "log-date", "date": "log-date", "channel": "log-channel", "note": "log-note",
    }

    def __init__(self, *, contact_id: int, name: str) -> None:
        super().__init__()
        self.contact_id = contact_id
        self._name = name

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="form"):
            yield Static(Text(_("Log a contact with {name}").format(name=self._name)), classes="form-title", markup=False)
            with Horizontal(classes="form-row"):
                with Vertical(classes="form-cell"):
                    yield Label(_("Date"))
                    yield Input(format_date(clock.today()), placeholder=date_hint(), id="log-date")
                    yield Static("", id="log-date-error", classes="field-error", markup=False)
                with Vertical(classes="form-cell"):
                    yield Label(_("Channel"))
                    yield Select([(_(label), c.value) for c, label in CHANNEL_LABELS.items()],
                                 value=Channel.PHONE.value, allow_blank=False, id="log-channel")
                    yield Static("", id="log-channel-error", classes="field-error", markup=False)
            yield Label(_("Note"))
            yield TextArea(id="log-note")
            yield Static("", id="log-note-error", classes="field-error", markup=False)
            yield Static(_("Ctrl+S saves, Esc cancels."), classes="hint", markup=False)
            with Horizontal(classes="form-buttons"):
                yield Button(_("Cancel"), id="cancel")
                yield Button(_("Save"), id="save", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#log-note").focus()
        self.done_loading()

    def collect(self) -> dict | None:
        return {
            "happened_on": self.value_of("log-date"),
            "channel": self.choice_of("log-channel"),
            "note": self.value_of("log-note"),
        }

    def write(self, session, data: dict) -> int:
        from officer_tui.services import contacts
        from officer_tui.services.dates import parse_date

        day = parse_date(data["happened_on"], field="happened_on")
        return contacts.log_contact(session, contact_id=self.contact_id, happened_on=day,
                                    channel=data["channel"] or Channel.PHONE, note=data["note"]).id

    def saved_text(self, record_id: int) -> str | None:
        return _("Contact logged.")


FIELD_NAMES = {
    "name": N_("name"),
    "role": N_("role"),
    "email": N_("e-mail"),
    "phone": N_("phone"),
    "notes": N_("notes"),
    "purpose": N_("purpose"),
    "legal_basis": N_("legal basis"),
}


def preview_text(preview: ErasurePreview) -> Text:
    """What erasing will change, in words (the person's name shown literally)."""
    from officer_tui.services.gdpr import count_text
    from officer_tui.services.timeline import kind_name

    text = Text()
    text.append(_("Erasing removes the personal data of this person everywhere:") + "\n")
    fields = ", ".join(_(FIELD_NAMES.get(f, f)) for f in preview.blanked) or "—"
    text.append("• " + _("emptied: {fields}").format(fields=fields) + "\n")
    text.append("• " + ngettext("{n} logged contact is deleted", "{n} logged contacts are deleted",
                                preview.logs_deleted).format(n=preview.logs_deleted) + "\n")
    if preview.kept:
        kept = ", ".join(count_text(kind, n) for kind, n in preview.kept.items())
        text.append("• " + _("kept, showing “{erased}”: {records}").format(
            erased=_("erased person"), records=kept) + "\n")
    text.append("• " + _("Free-text fields (descriptions, notes) are not rewritten automatically.") + "\n")
    if preview.mentions:
        text.append(ngettext("{n} record mentions the name; review it:",
                             "{n} records mention the name; review them:",
                             len(preview.mentions)).format(n=len(preview.mentions)) + "\n")
        for mention in preview.mentions[:8]:
            text.append(f"  {kind_name(mention.kind)} #{mention.record_id}: ")
            text.append(mention.title + "\n")
        if len(preview.mentions) > 8:
            text.append("  " + _("… and {n} more (see the export)").format(n=len(preview.mentions) - 8) + "\n")
    text.append(_("This cannot be undone."), style="bold")
    return text


class EraseScreen(Localized, ModalScreen[bool]):
    """Art. 17: says what will change; erases after the person's name is typed. True: erased."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("Cancel"), id="erase.cancel", tooltip=N_("Keep the person")),
    ]
    DEFAULT_CSS = "EraseScreen {" + DIALOG_CSS + " & > Vertical { width: 80; } #erase-what { height: auto; } }"

    class Loaded(Message):
        def __init__(self, preview: ErasurePreview) -> None:
            super().__init__()
            self.preview = preview

    class Finished(Message):
        def __init__(self, error: str | None) -> None:
            super().__init__()
            self.error = error

    def __init__(self, *, contact_id: int) -> None:
        super().__init__()
        self.contact_id = contact_id
        self.preview: ErasurePreview | None = None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Erase person (Art. 17 GDPR)"), classes="dialog-title", id="erase-title", markup=False)
            yield Static(_("Loading…"), id="erase-what", markup=False)
            yield Label(_("Type the name to confirm"), id="erase-label")
            yield Input(id="erase-name")
            yield Static("", id="erase-name-error", classes="field-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Cancel"), id="cancel")
                yield Button(_("Erase"), id="erase", variant="error")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#erase-name").focus()
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def load(self) -> None:
        from officer_tui.services import gdpr

        try:
            with self.app.database.session() as session:  # type: ignore[attr-defined]
                preview = gdpr.erasure_preview(session, self.contact_id)
        except Exception as exc:
            self.post_message(self.Finished(describe(exc)))
            return
        self.post_message(self.Loaded(preview))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        self.preview = message.preview
        self.query_one("#erase-title", Static).update(
            Text(_("Erase {name} (Art. 17 GDPR)").format(name=message.preview.name)))
        self.query_one("#erase-what", Static).update(preview_text(message.preview))

    @on(Input.Submitted, "#erase-name")
    @on(Button.Pressed, "#erase")
    def action_erase(self) -> None:
        if self.preview is None:
            return
        typed = fold(self.query_one("#erase-name", Input).value).split()
        if typed != fold(self.preview.name).split():
            error = self.query_one("#erase-name-error", Static)
            error.update(_("Type the name exactly as shown to erase this person."))
            error.add_class("-shown")
            self.query_one("#erase-name").focus()
            return
        self.erase()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def erase(self) -> None:
        from officer_tui.services import gdpr

        try:
            with self.app.database.session() as session:  # type: ignore[attr-defined]
                gdpr.erase_person(session, contact_id=self.contact_id)
        except Exception as exc:
            self.post_message(self.Finished(describe(exc)))
            return
        self.post_message(self.Finished(None))

    @on(Finished)
    def _finished(self, message: Finished) -> None:
        if message.error:
            self.notify(message.error, severity="error", timeout=8)
            self.dismiss(False)
        else:
            self.notify(_("The person was erased."))
            self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)


class PersonActions:
    """Log, export and erase for a screen that knows which person is meant (mixin)."""

    def log_contact_for(self, contact_id: int, name: str, done: Callable[[], None]) -> None:
        def saved(result: int | None) -> None:
            if result is not None:
                done()

        self.app.push_screen(LogContactScreen(contact_id=contact_id, name=name), saved)  # type: ignore[attr-defined]

    def erase_contact(self, contact_id: int, done: Callable[[], None]) -> None:
        def finished(erased: bool | None) -> None:
            if erased:
                done()

        self.app.push_screen(EraseScreen(contact_id=contact_id), finished)  # type: ignore[attr-defined]

    @work(thread=True, group="person-export", exit_on_error=False)
    def export_contact(self, contact_id: int) -> None:
        """Art. 15: the person's data as JSON and Markdown in the exports folder."""
        from officer_tui.services import gdpr

        app = self.app  # type: ignore[attr-defined]
        try:
            with app.database.session() as session:
                paths = gdpr.export_both(session, contact_id, today=clock.today())
        except Exception as exc:
            app.call_from_thread(app.notify, describe(exc), severity="error", timeout=8)
            return
        text = _("Exported (Art. 15) to {folder}: {files}").format(
            folder=paths[0].parent, files=", ".join(p.name for p in paths))
        app.call_from_thread(app.notify, text, title=_("Export"), timeout=12, markup=False)
