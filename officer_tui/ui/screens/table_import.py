"""Import requests or contacts from a spreadsheet (CSV or XLSX): read, map columns, preview, import.

Nothing is written until the user confirms. Reading, checking and writing run in thread
workers with a progress bar; a worker overtaken by a newer one posts nothing.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Button, DataTable, Footer, Input, Label, ProgressBar, Select, Static
from textual.worker import get_current_worker

from officer_tui.i18n import N_, _, ngettext
from officer_tui.ui.errors import describe
from officer_tui.ui.localize import Localized

if TYPE_CHECKING:
    from officer_tui.services.table_import import ImportResult, TableLine, TablePreview

SHOWN_LINES = 500
TITLES = {"requests": N_("Import requests from a spreadsheet"),
          "contacts": N_("Import contacts from a spreadsheet")}

HELP = N_(
    """Bring requests or contacts in from a spreadsheet (CSV or Excel .xlsx).

1. Type the path of the file (`→` completes a name the app suggests) and press `Enter`.
   The first row must hold the column names.
2. Check the **column mapping**: the app guesses it from names such as Titel, Beschreibung,
   Bereich, Eingang, Priorität, Status, Fällig, Ticket (requests) or Name, Vorname, Nachname,
   E-Mail, Telefon, Funktion, Bereich (contacts). Change a column and the preview follows.
3. The **preview** gives every line a result: **new**, **duplicate** (already stored, or the
   same as an earlier line) or an **error** naming the column and the reason. Errors come first.
4. `Ctrl+S` (or `Enter` in the preview) imports the new lines in one go; duplicates and lines
   with errors are skipped. Nothing is written before that, and importing the same file again
   creates nothing twice.

Requests are duplicates with the same title, unit and date of receipt; contacts with the same
e-mail address, or the same name in the same unit. Units must exist (by name or short name).
Dates may be written 02.03.2026 or 2026-03-02; priorities and statuses in German or English.
"""
)


class PathSuggester(Suggester):
    """Completes the path typed so far with the first file or folder that starts with it."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        if not value or value.endswith(("/", os.sep)) and not Path(value).expanduser().is_dir():
            return None
        typed = Path(value).expanduser()
        folder, start = (typed, "") if value.endswith(("/", os.sep)) else (typed.parent, typed.name)
        try:
            names = sorted(entry.name + ("/" if entry.is_dir() else "")
                           for entry in os.scandir(folder) if not entry.name.startswith("."))
        except OSError:
            return None
        for name in names:
            if name.startswith(start) and name != start and (
                    name.endswith("/") or name.lower().endswith((".csv", ".xlsx", ".txt", ".tsv"))):
                return value + name[len(start):]
        return None


def result_text(line: TableLine) -> Text:
    if line.outcome == "error":
        where = _("column {name!r}").format(name=line.column) + ": " if line.column else ""
        return Text("✗ " + where + line.message, style="bold red")
    if line.outcome == "duplicate":
        return Text("= " + _("duplicate") + " · " + line.message, style="dim")
    return Text("+ " + _("new"), style="green")


def _start_path() -> str:
    from officer_tui.services.meeting_queries import exports_folder

    folder = exports_folder()
    return str(folder if folder.is_dir() else Path.home()) + os.sep


class TableImportScreen(Localized, ModalScreen["ImportResult | None"]):
    """Dismisses with the import's result, or None when nothing was imported."""

    CSS_PATH = "table_import.tcss"
    HELP_TITLE = N_("Import from a spreadsheet")
    HELP = HELP
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "confirm", N_("Import"), id="table-import.confirm", priority=True,
                tooltip=N_("Create the new lines; duplicates and lines with errors are skipped")),
        Binding("escape", "cancel", N_("Cancel"), id="table-import.cancel",
                tooltip=N_("Close without importing anything")),
    ]

    class FileRead(Message):
        def __init__(self, headers: list[str], rows: list[list[str]], mapping: dict[str, int]) -> None:
            super().__init__()
            self.headers, self.rows, self.mapping = headers, rows, mapping

    class Previewed(Message):
        def __init__(self, preview: TablePreview | None, mapping: dict[str, int],
                     problem: str | None = None) -> None:
            super().__init__()
            self.preview, self.mapping, self.problem = preview, mapping, problem

    class Imported(Message):
        def __init__(self, result: ImportResult) -> None:
            super().__init__()
            self.result = result

    class Failed(Message):
        def __init__(self, field: str, text: str) -> None:
            super().__init__()
            self.field, self.text = field, text

    class Progressed(Message):
        def __init__(self, label: str, done: int, total: int) -> None:
            super().__init__()
            self.label, self.done, self.total = label, done, total

    def __init__(self, *, kind: str = "requests") -> None:
        from officer_tui.services.table_import_fields import fields_of

        super().__init__()
        self.kind = kind if kind in TITLES else "requests"
        self.fields = fields_of(self.kind)
        self.headers: list[str] = []
        self.rows: list[list[str]] = []
        self.preview: TablePreview | None = None
        self._mapping: dict[str, int] | None = None
        self._busy = False
        self._writing = False

    def compose(self) -> ComposeResult:
        from officer_tui.services.table_import_fields import FIELD_LABELS

        with Vertical():
            yield Static(Text(_(TITLES[self.kind]), no_wrap=True, overflow="ellipsis"),
                         classes="dialog-title")
            with Horizontal(classes="import-line"):
                yield Label(_("File (.csv, .xlsx)"))
                yield Input(_start_path(), id="table-path", compact=True, suggester=PathSuggester(),
                            placeholder=_("e.g. ~/Downloads/requests.xlsx; Enter reads it"))
                yield Button(_("Read"), id="read", compact=True)
            yield Static("", id="table-path-error", classes="field-error", markup=False)
            with Vertical(id="table-mapping"):
                for field in self.fields:
                    with Horizontal(classes="map-cell"):
                        yield Label(_(FIELD_LABELS[field]))
                        yield Select([], prompt=_("(none)"), id=f"map-{field}", compact=True,
                                     disabled=True)
            yield Static("", id="table-mapping-error", classes="field-error", markup=False)
            yield ProgressBar(id="table-progress", show_eta=False)
            with Horizontal(classes="import-line"):
                yield Static(_("Nothing is written until you confirm with Ctrl+S."),
                             id="table-summary", markup=False)
                yield Button(_("Cancel"), id="cancel", compact=True)
                yield Button(_("Import"), id="confirm", variant="primary", compact=True,
                             disabled=True)
            yield DataTable(id="table-preview", cursor_type="row", zebra_stripes=True)
            yield Static("", id="table-detail", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        path = self.query_one("#table-path", Input)
        path.focus()
        path.cursor_position = len(path.value)

    # --- busy state -------------------------------------------------------------------------

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        bar = self.query_one("#table-progress", ProgressBar)
        bar.set_class(busy, "-busy")
        if busy:
            bar.update(total=None, progress=0)
        self.query_one("#confirm", Button).disabled = busy or not self._can_import()
        self.refresh_bindings()

    def _can_import(self) -> bool:
        return self.preview is not None and self.preview.new > 0

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "confirm":
            return True if self._can_import() and not self._busy else None
        return True

    def _progress(self, label: str, done: int, total: int) -> None:
        """Called from a worker thread: the bar follows through a message."""
        self.post_message(self.Progressed(label, done, total))

    @on(Progressed)
    def _progressed(self, message: Progressed) -> None:
        if self._busy:
            self.query_one("#table-progress", ProgressBar).update(
                total=message.total or None, progress=message.done)

    # --- reading ---------------------------------------------------------------------------

    @on(Input.Submitted, "#table-path")
    @on(Button.Pressed, "#read")
    def action_read(self) -> None:
        text = self.query_one("#table-path", Input).value.strip().strip("'\"")
        error = self.query_one("#table-path-error", Static)
        if not text or text.endswith(("/", os.sep)) and Path(text).expanduser().is_dir():
            error.update(_("Type the path of the file (→ completes a suggested name)."))
            error.add_class("-shown")
            return
        error.remove_class("-shown")
        self.query_one("#table-path").remove_class("-invalid")
        self.preview = None
        self._set_busy(True)
        self.read_file(Path(text).expanduser())

    @work(thread=True, exclusive=True, group="table-read", exit_on_error=False)
    def read_file(self, path: Path) -> None:
        from officer_tui.services.errors import ValidationError
        from officer_tui.services.table_import_fields import guess_mapping
        from officer_tui.services.tables import read_table

        try:
            headers, rows = read_table(path, progress=self._progress)
        except ValidationError as exc:
            message = self.Failed("file", exc.message)
        except Exception as exc:
            message = self.Failed("file", describe(exc))
        else:
            message = self.FileRead(headers, rows, guess_mapping(self.kind, headers))
        if not get_current_worker().is_cancelled:
            self.post_message(message)

    @on(FileRead)
    def _file_read(self, message: FileRead) -> None:
        self.headers, self.rows = message.headers, message.rows
        options = [(header or _("column {n}").format(n=index + 1), index)
                   for index, header in enumerate(message.headers)]
        self._mapping = None
        with self.prevent(Select.Changed):
            for field in self.fields:
                select = self.query_one(f"#map-{field}", Select)
                select.set_options(options)
                select.disabled = False
                if field in message.mapping:
                    select.value = message.mapping[field]
        self.run_preview(dict(message.mapping))

    def _mapping_now(self) -> dict[str, int]:
        mapping = {}
        for field in self.fields:
            value = self.query_one(f"#map-{field}", Select).value
            if value is not Select.NULL and value is not None:
                mapping[field] = int(value)  # type: ignore[arg-type]
        return mapping

    @on(Select.Changed, "#table-mapping Select")
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

    @work(thread=True, exclusive=True, group="table-preview", exit_on_error=False)
    def make_preview(self, mapping: dict[str, int]) -> None:
        from officer_tui.services import table_import
        from officer_tui.services.errors import ValidationError

        try:
            with self.app.database.session() as session:  # type: ignore[attr-defined]
                preview = table_import.preview(session, kind=self.kind, headers=self.headers,
                                               rows=self.rows, mapping=mapping,
                                               progress=self._progress)
        except ValidationError as exc:
            message = (self.Failed("file", exc.message) if exc.field == "file"
                       else self.Previewed(None, mapping, exc.message))
        except Exception as exc:
            message = self.Previewed(None, mapping, describe(exc))
        else:
            message = self.Previewed(preview, mapping)
        if not get_current_worker().is_cancelled:
            self.post_message(message)

    @on(Previewed)
    def _previewed(self, message: Previewed) -> None:
        if message.mapping != self._mapping:
            return  # an older mapping: a newer preview is on its way
        self.preview = message.preview
        error = self.query_one("#table-mapping-error", Static)
        table = self.query_one("#table-preview", DataTable)
        table.clear(columns=True)
        summary = self.query_one("#table-summary", Static)
        if message.preview is None:
            error.update(Text(message.problem or ""))
            error.add_class("-shown")
            summary.update(_("Choose the columns above; nothing can be imported yet."))
            self._set_busy(False)
            return
        error.remove_class("-shown")
        preview = message.preview
        label = _("Title") if self.kind == "requests" else _("Name")
        for key, text in (("line", _("Line")), ("label", label), ("unit", _("Unit")),
                          ("result", _("Result"))):
            table.add_column(text, key=key)
        order = {"error": 0, "duplicate": 1, "new": 2}
        ordered = sorted(preview.lines, key=lambda line: (order[line.outcome], line.line_no))
        for line in ordered[:SHOWN_LINES]:
            table.add_row(Text(str(line.line_no), justify="right"),
                          Text(line.label[:60], no_wrap=True, overflow="ellipsis"),
                          Text(line.unit[:30], no_wrap=True, overflow="ellipsis"),
                          result_text(line), key=str(line.line_no))
        summary.update(self._summary(preview))
        self._set_busy(False)

    def _summary(self, preview: TablePreview) -> Text:
        total = len(preview.lines)
        text = Text(ngettext("{n} line", "{n} lines", total).format(n=total) + ": ", style="bold")
        text.append(_("{n} new").format(n=preview.new), style="green")
        text.append(" · " + ngettext("{n} duplicate", "{n} duplicates", preview.duplicates).format(
            n=preview.duplicates))
        if preview.errors:
            text.append(" · ")
            text.append(ngettext("{n} line with an error is skipped",
                                 "{n} lines with errors are skipped", preview.errors).format(
                n=preview.errors), style="bold red")
        if total > SHOWN_LINES:
            text.append(" · " + _("the first {n} lines are shown, errors first").format(
                n=SHOWN_LINES), style="dim")
        if preview.new:
            text.append("\n" + _("Ctrl+S or Enter in the list imports the new lines."), style="dim")
        else:
            text.append("\n" + _("Nothing new to import."), style="dim")
        return text

    @on(DataTable.RowHighlighted, "#table-preview")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        """The whole result of the line under the cursor (the column may cut it)."""
        detail = self.query_one("#table-detail", Static)
        line = None
        if self.preview is not None and event.row_key is not None and event.row_key.value:
            number = int(event.row_key.value)
            line = next((item for item in self.preview.lines if item.line_no == number), None)
        if line is None or line.outcome == "new":
            detail.update("")
            return
        text = Text(_("line {n}").format(n=line.line_no) + ": ", style="bold")
        text.append_text(result_text(line))
        detail.update(text)

    # --- writing ----------------------------------------------------------------------------

    @on(DataTable.RowSelected, "#table-preview")
    @on(Button.Pressed, "#confirm")
    def action_confirm(self) -> None:
        if self._busy or not self._can_import() or self._mapping is None:
            return
        self._writing = True
        self._set_busy(True)
        self.write_import(dict(self._mapping))

    @work(thread=True, exclusive=True, group="table-write", exit_on_error=False)
    def write_import(self, mapping: dict[str, int]) -> None:
        from officer_tui.services import table_import
        from officer_tui.services.errors import ValidationError

        try:
            with self.app.database.session() as session:  # type: ignore[attr-defined]
                result = table_import.apply_import(session, kind=self.kind, headers=self.headers,
                                                   rows=self.rows, mapping=mapping,
                                                   progress=self._progress)
        except ValidationError as exc:
            self.post_message(self.Failed(exc.field, describe(exc)))
            return
        except Exception as exc:
            self.post_message(self.Failed("", describe(exc)))
            return
        self.post_message(self.Imported(result))

    @on(Imported)
    def _imported(self, message: Imported) -> None:
        result = message.result
        if self.kind == "requests":
            made = ngettext("{n} request imported", "{n} requests imported", result.created)
        else:
            made = ngettext("{n} contact imported", "{n} contacts imported", result.created)
        parts = [made.format(n=result.created)]
        if result.duplicates:
            parts.append(ngettext("{n} duplicate skipped", "{n} duplicates skipped",
                                  result.duplicates).format(n=result.duplicates))
        if result.errors:
            parts.append(ngettext("{n} line with an error skipped",
                                  "{n} lines with errors skipped", result.errors).format(
                n=result.errors))
        self.notify(", ".join(parts) + ".", title=_("Import"), timeout=12)
        self.dismiss(result)

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self._writing = False
        self._set_busy(False)
        if message.field == "file":
            error = self.query_one("#table-path-error", Static)
            error.update(Text(message.text))
            error.add_class("-shown")
            self.query_one("#table-path").add_class("-invalid")
            self.query_one("#table-path").focus()
        else:
            self.notify(message.text, severity="error", timeout=10)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        if self._writing:
            return  # writing: the transaction finishes or fails as a whole
        self.dismiss(None)
