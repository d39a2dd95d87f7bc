"""Import a participant list (CSV or XLSX) into a session: read, map columns, preview, confirm.

Nothing is written until the user confirms. Reading, previewing and writing run in thread
workers; a progress bar shows while they work and the import reports its progress.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Footer, Input, Label, ProgressBar, Select, Static

from officer_tui.i18n import N_, _, ngettext
from officer_tui.labels import enrollment_status_label
from officer_tui.models.enums import EnrollmentStatus
from officer_tui.ui.errors import describe
from officer_tui.ui.localize import Localized
from officer_tui.ui.screens.pickers import DIALOG_CSS

if TYPE_CHECKING:
    from officer_tui.services.training_views import ImportLine, ImportPreview

SHOWN_LINES = 300
MAPPED_FIELDS = {
    "name": N_("Name"),
    "first_name": N_("First name"),
    "last_name": N_("Last name"),
    "email": N_("E-mail"),
    "unit": N_("Unit"),
    "role": N_("Role"),
}
IMPORT_STATUSES = (EnrollmentStatus.REGISTERED, EnrollmentStatus.ATTENDED, EnrollmentStatus.INVITED)

HELP = N_(
    """Import the participant list people already have (CSV or Excel .xlsx) into this session.

1. Type the path of the file and press `Enter`. The first row must hold the column names.
2. Check the **column mapping**: the app guesses it from names such as Name, Vorname,
   Nachname, E-Mail, Fachbereich, Abteilung, Funktion. Change a column and the preview
   follows.
3. The **preview** says for each line whether it matches a known contact (by e-mail, else by
   name), makes a new contact, or is skipped, and why (no name, a bad e-mail address, an
   unknown unit, the same person twice). Lines with problems come first.
4. Choose how people are enrolled (registered, attended for a list signed at the session, or
   invited) and press `Ctrl+S` to import. Nothing is written before that. A full session puts
   further registrations on the waiting list.

New contacts are recorded with the purpose "Teilnahme an Qualifizierung" and its legal basis.
"""
)


def result_text(line: ImportLine) -> Text:
    if line.problem is not None:
        return Text("✗ " + line.problem, style="bold red")
    if line.already_enrolled:
        return Text("= " + _("already enrolled"), style="dim")
    if line.creates_contact:
        return Text("+ " + _("new contact"), style="cyan")
    return Text("✓ " + _("known contact #{id}").format(id=line.contact_id), style="green")


class ImportScreen(Localized, ModalScreen[dict | None]):
    """Dismisses with the import's counts, or None when nothing was imported."""

    HELP_TITLE = N_("Import participants")
    HELP = HELP
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "confirm", N_("Import"), id="import.confirm", priority=True,
                tooltip=N_("Write the good lines: create the new contacts and enroll everyone")),
        Binding("escape", "cancel", N_("Cancel"), id="import.cancel",
                tooltip=N_("Close without importing anything")),
    ]
    DEFAULT_CSS = "ImportScreen {" + DIALOG_CSS + """
        & > Vertical { width: 98%; height: 96%; max-height: 96%; }
        & .dialog-title { margin-bottom: 0; height: 1; text-wrap: nowrap; text-overflow: ellipsis; }
        & .import-line { height: 1; margin-top: 1; }
        & .import-line Label { width: auto; padding-right: 1; color: $text-muted; }
        & #import-path { width: 1fr; }
        & .import-line Button { margin-left: 1; min-width: 8; }
        & #mapping { layout: grid; grid-size: 3; grid-gutter: 0 2; height: auto; margin-top: 1; }
        & .map-cell { height: 1; }
        & .map-cell Label { width: 12; color: $text-muted; }
        & .map-cell Select { width: 1fr; }
        & #import-status { width: 28; }
        & #import-spacer { width: 1fr; }
        & #import-progress { margin-top: 1; display: none; }
        & #import-progress.-busy { display: block; }
        & #import-summary { height: auto; margin-top: 1; }
        & #import-preview { height: 1fr; min-height: 4; }
    }"""

    class FileRead(Message):
        def __init__(self, headers: list[str], rows: list[list[str]], mapping: dict[str, int]) -> None:
            super().__init__()
            self.headers = headers
            self.rows = rows
            self.mapping = mapping

    class Previewed(Message):
        def __init__(self, preview: ImportPreview | None, mapping: dict[str, int],
                     problem: str | None = None) -> None:
            super().__init__()
            self.preview = preview
            self.mapping = mapping
            self.problem = problem

    class Imported(Message):
        def __init__(self, counts: dict[str, int]) -> None:
            super().__init__()
            self.counts = counts

    class Failed(Message):
        def __init__(self, field: str, text: str) -> None:
            super().__init__()
            self.field = field
            self.text = text

    def __init__(self, *, session_id: int, title: str = "") -> None:
        super().__init__()
        self.session_id = session_id
        self._title = title
        self.headers: list[str] = []
        self.rows: list[list[str]] = []
        self.preview: ImportPreview | None = None
        self._mapping: dict[str, int] | None = None
        self._busy = False
        self._writing = False

    def compose(self) -> ComposeResult:
        with Vertical():
            title = _("Import participants")
            if self._title:
                title += " · " + self._title
            yield Static(Text(title, no_wrap=True, overflow="ellipsis"), classes="dialog-title")
            with Horizontal(classes="import-line"):
                yield Label(_("File (.csv, .xlsx)"))
                yield Input(id="import-path", compact=True,
                            placeholder=_("e.g. ~/Downloads/participants.xlsx; Enter reads it"))
                yield Button(_("Read"), id="read", compact=True)
            yield Static("", id="import-path-error", classes="field-error", markup=False)
            with Vertical(id="mapping"):
                for field, label in MAPPED_FIELDS.items():
                    with Horizontal(classes="map-cell"):
                        yield Label(_(label))
                        yield Select([], prompt=_("(none)"), id=f"map-{field}", compact=True,
                                     disabled=True)
            yield Static("", id="mapping-error", classes="field-error", markup=False)
            with Horizontal(classes="import-line"):
                yield Label(_("Enroll as"))
                yield Select([(enrollment_status_label(s), s.value) for s in IMPORT_STATUSES],
                             value=EnrollmentStatus.REGISTERED.value, allow_blank=False,
                             id="import-status", compact=True)
                yield Static("", id="import-spacer")
                yield Button(_("Cancel"), id="cancel", compact=True)
                yield Button(_("Import"), id="confirm", variant="primary", compact=True, disabled=True)
            yield ProgressBar(id="import-progress", show_eta=False)
            yield Static(_("Nothing is written until you confirm with Ctrl+S."), id="import-summary",
                         markup=False)
            yield DataTable(id="import-preview", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#import-path").focus()

    # --- busy state -------------------------------------------------------------------------

    def _set_busy(self, busy: bool, *, total: int | None = None) -> None:
        self._busy = busy
        bar = self.query_one("#import-progress", ProgressBar)
        bar.set_class(busy, "-busy")
        if busy:
            bar.update(total=total, progress=0)
        self.query_one("#confirm", Button).disabled = busy or not self._can_import()
        self.refresh_bindings()

    def _can_import(self) -> bool:
        return self.preview is not None and self.preview.good > 0

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "confirm":
            return True if self._can_import() and not self._busy else None
        return True

    # --- reading ---------------------------------------------------------------------------

    @on(Input.Submitted, "#import-path")
    @on(Button.Pressed, "#read")
    def action_read(self) -> None:
        text = self.query_one("#import-path", Input).value.strip().strip("'\"")
        error = self.query_one("#import-path-error", Static)
        if not text:
            error.update(_("Type the path of the file."))
            error.add_class("-shown")
            return
        error.remove_class("-shown")
        self.query_one("#import-path").remove_class("-invalid")
        self.preview = None
        self._set_busy(True)
        self.read_file(Path(text).expanduser())

    @work(thread=True, exclusive=True, group="import-read", exit_on_error=False)
    def read_file(self, path: Path) -> None:
        from officer_tui.services import participant_import
        from officer_tui.services.errors import ValidationError

        try:
            headers, rows = participant_import.read_table(path)
        except ValidationError as exc:
            self.post_message(self.Failed("file", exc.message))
            return
        except Exception as exc:
            self.post_message(self.Failed("file", describe(exc)))
            return
        self.post_message(self.FileRead(headers, rows, participant_import.guess_mapping(headers)))

    @on(FileRead)
    def _file_read(self, message: FileRead) -> None:
        self.headers, self.rows = message.headers, message.rows
        options = [(header or _("column {n}").format(n=index + 1), index)
                   for index, header in enumerate(message.headers)]
        self._mapping = None
        for field in MAPPED_FIELDS:
            select = self.query_one(f"#map-{field}", Select)
            select.set_options(options)
            select.disabled = False
            if field in message.mapping:
                select.value = message.mapping[field]
        self.run_preview(dict(message.mapping))

    def _mapping_now(self) -> dict[str, int]:
        mapping = {}
        for field in MAPPED_FIELDS:
            value = self.query_one(f"#map-{field}", Select).value
            if value is not Select.NULL and value is not None:
                mapping[field] = int(value)
        return mapping

    @on(Select.Changed, "#mapping Select")
    def _mapping_changed(self) -> None:
        if not self.headers:
            return
        mapping = self._mapping_now()
        if mapping != self._mapping:
            self.run_preview(mapping)

    def run_preview(self, mapping: dict[str, int]) -> None:
        self._mapping = mapping
        self._set_busy(True)
        self.make_preview(mapping)

    @work(thread=True, exclusive=True, group="import-preview", exit_on_error=False)
    def make_preview(self, mapping: dict[str, int]) -> None:
        from officer_tui.services import participant_import
        from officer_tui.services.errors import ValidationError

        try:
            with self.app.database.session() as session:  # type: ignore[attr-defined]
                preview = participant_import.preview(session, headers=self.headers, rows=self.rows,
                                                     mapping=mapping, session_id=self.session_id)
        except ValidationError as exc:
            self.post_message(self.Previewed(None, mapping, exc.message))
            return
        except Exception as exc:
            self.post_message(self.Previewed(None, mapping, describe(exc)))
            return
        self.post_message(self.Previewed(preview, mapping))

    @on(Previewed)
    def _previewed(self, message: Previewed) -> None:
        if message.mapping != self._mapping:
            return  # an older mapping: a newer preview is on its way
        self.preview = message.preview
        error = self.query_one("#mapping-error", Static)
        table = self.query_one("#import-preview", DataTable)
        table.clear(columns=True)
        if message.preview is None:
            error.update(Text(message.problem or ""))
            error.add_class("-shown")
            self.query_one("#import-summary", Static).update(
                _("Choose the column with the names (or first and last names)."))
            self._set_busy(False)
            return
        error.remove_class("-shown")
        preview = message.preview
        for key, label in (("line", _("Line")), ("result", _("Result")), ("name", _("Name")),
                           ("email", _("E-mail")), ("unit", _("Unit"))):
            table.add_column(label, key=key)
        ordered = sorted(preview.lines, key=lambda line: (line.problem is None, line.line_no))
        for line in ordered[:SHOWN_LINES]:
            table.add_row(Text(str(line.line_no), justify="right"), result_text(line), Text(line.name),
                          Text(line.email), Text(line.unit), key=str(line.line_no))
        self.query_one("#import-summary", Static).update(self._summary(preview))
        self._set_busy(False)

    def _summary(self, preview: ImportPreview) -> Text:
        total = len(preview.lines)
        already = sum(1 for line in preview.lines if line.already_enrolled)
        text = Text(ngettext("{n} line", "{n} lines", total).format(n=total) + ": ", style="bold")
        text.append(_("{n} to import").format(n=preview.good), style="green")
        details = [ngettext("{n} new contact", "{n} new contacts", preview.new_contacts).format(
            n=preview.new_contacts)]
        if already:
            details.append(_("{n} already enrolled").format(n=already))
        text.append(" (" + ", ".join(details) + ")")
        if preview.bad:
            text.append(" · ")
            text.append(ngettext("{n} line with a problem is skipped", "{n} lines with problems are skipped",
                                 preview.bad).format(n=preview.bad), style="bold red")
        if total > SHOWN_LINES:
            text.append(" · " + _("the first {n} lines are shown, problems first").format(n=SHOWN_LINES),
                        style="dim")
        text.append("\n" + _("Nothing is written until you confirm with Ctrl+S."), style="dim")
        return text

    # --- writing ----------------------------------------------------------------------------

    @on(Button.Pressed, "#confirm")
    def action_confirm(self) -> None:
        if self._busy or not self._can_import():
            return
        status = EnrollmentStatus(self.query_one("#import-status", Select).value)
        self._writing = True
        self._set_busy(True, total=self.preview.good if self.preview else None)
        self.write_import(self.preview, status)

    @work(thread=True, exclusive=True, group="import-write", exit_on_error=False)
    def write_import(self, preview: ImportPreview, status: EnrollmentStatus) -> None:
        from officer_tui.services import participant_import
        from officer_tui.services.errors import ValidationError

        bar = self.query_one("#import-progress", ProgressBar)

        def progress(done: int, total: int) -> None:
            self.app.call_from_thread(bar.update, total=total, progress=done)

        try:
            with self.app.database.session() as session:  # type: ignore[attr-defined]
                counts = participant_import.apply_import(session, preview=preview,
                                                         session_id=self.session_id,
                                                         status=status, progress=progress)
        except ValidationError as exc:
            self.post_message(self.Failed(exc.field, describe(exc)))
            return
        except Exception as exc:
            self.post_message(self.Failed("", describe(exc)))
            return
        self.post_message(self.Imported(counts))

    @on(Imported)
    def _imported(self, message: Imported) -> None:
        counts = message.counts
        parts = [ngettext("{n} person enrolled", "{n} people enrolled",
                          counts.get("enrolled", 0)).format(n=counts.get("enrolled", 0))]
        if counts.get("waitlisted"):
            parts.append(_("{n} on the waiting list").format(n=counts["waitlisted"]))
        if counts.get("contacts_created"):
            parts.append(ngettext("{n} new contact", "{n} new contacts",
                                  counts["contacts_created"]).format(n=counts["contacts_created"]))
        if counts.get("already_enrolled"):
            parts.append(_("{n} already enrolled").format(n=counts["already_enrolled"]))
        if counts.get("skipped"):
            parts.append(ngettext("{n} line skipped", "{n} lines skipped",
                                  counts["skipped"]).format(n=counts["skipped"]))
        self.notify(_("Import done: {parts}.").format(parts=", ".join(parts)), title=_("Import"),
                    timeout=12)
        self.dismiss(counts)

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self._writing = False
        self._set_busy(False)
        if message.field == "file":
            error = self.query_one("#import-path-error", Static)
            error.update(Text(message.text))
            error.add_class("-shown")
            self.query_one("#import-path").add_class("-invalid")
            self.query_one("#import-path").focus()
        else:
            self.notify(message.text, severity="error", timeout=10)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        if self._writing:
            return  # writing: the transaction finishes or fails as a whole
        self.dismiss(None)
