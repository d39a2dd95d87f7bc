"""Import a JSON export from the palette: read its header, show what would change, then import.

Nothing is written before the user confirms; the import is one transaction, so a failed or
cancelled import changes nothing. Afterwards every pane shows the imported data.
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
from textual.widgets import (
    Button,
    DataTable,
    Footer,
    Input,
    Label,
    ProgressBar,
    Static,
)

from officer_tui.i18n import N_, _, ngettext
from officer_tui.ui.errors import describe
from officer_tui.ui.formatting import themed
from officer_tui.ui.localize import Localized
from officer_tui.ui.screens.exchange_format import (
    Cancelled,
    Throttle,
    counts_text,
    format_count,
    moment_text,
    ordered,
    table_label,
)
from officer_tui.ui.widgets.file_picker import FilePicker, is_folder

if TYPE_CHECKING:
    from officer_tui.services.exchange import ExportHeader, ImportSummary

HELP = N_(
    """Import a JSON export (made with `Export data` or `officer export --format json`).

1. Type the path of the file and press `Enter`, or press `Ctrl+O` to pick it from the folders
   (`Enter` opens a folder or takes a file).
2. The dialog reads the file's header first: when it was exported, its schema version and how
   many records it holds. A file that is not an export of officer, or is damaged, is refused
   here and nothing changes.
3. Into an **empty** database the export is restored as it was (the same numbers). Into a
   database with data it is **merged**: records already here are recognised, updated only where
   the file's version is newer, and nothing is duplicated; importing the same file twice changes
   nothing. A dry run shows per entity what would be new, updated or unchanged.
4. `Enter` on Import (or `Ctrl+S`) imports. The import is one transaction: Esc while it runs
   cancels it and nothing is imported.
"""
)

COLUMNS = (("entity", N_("Entity")), ("file", N_("In the file")), ("new", N_("New")),
           ("updated", N_("Updated")), ("unchanged", N_("Unchanged")))


def picker_start() -> Path:
    from officer_tui.services.meeting_queries import exports_folder

    folder = exports_folder()
    return folder if is_folder(folder) else Path.home()


def totals(summary: ImportSummary) -> tuple[int, int, int]:
    return (sum(summary.inserted.values()), sum(summary.updated.values()),
            sum(summary.unchanged.values()))


class ImportScreen(Localized, ModalScreen["ImportSummary | None"]):
    """Dismisses with the import's summary, or None when nothing was imported."""

    CSS_PATH = "exchange.tcss"
    HELP_TITLE = N_("Import a JSON export")
    HELP = HELP
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "confirm", N_("Import"), id="import-json.confirm", priority=True,
                tooltip=N_("Import the file as the dry run showed")),
        Binding("ctrl+o", "browse", N_("Browse"), id="import-json.browse",
                tooltip=N_("Pick the file from the folders")),
        Binding("escape", "close", N_("Close"), id="import-json.close",
                tooltip=N_("Cancel a running import, else close the dialog")),
        Binding("question_mark", "app.help", N_("Help"), id="import-json.help",
                tooltip=N_("Help for the import")),
    ]

    class HeaderRead(Message):
        def __init__(self, path: Path, header: ExportHeader | None, problem: str = "",
                     empty: bool = False) -> None:
            super().__init__()
            self.path = path
            self.header = header
            self.problem = problem
            self.empty = empty  # this database holds nothing yet

    class Checked(Message):
        """The dry run (``summary.dry_run``) or the import is done."""

        def __init__(self, path: Path, summary: ImportSummary) -> None:
            super().__init__()
            self.path = path
            self.summary = summary

    class Failed(Message):
        def __init__(self, path: Path, text: str, *, cancelled: bool = False) -> None:
            super().__init__()
            self.path = path
            self.text = text
            self.cancelled = cancelled

    def __init__(self, **kwargs) -> None:
        super().__init__()
        self.path: Path | None = None  # the file read (header, dry run)
        self.header: ExportHeader | None = None
        self.preview: ImportSummary | None = None
        self.result: ImportSummary | None = None
        self._busy = ""  # "", "read", "check", "import"
        self._cancel = False
        self._run = 0  # the dry run or import wanted now: older ones stop at their next report

    def compose(self) -> ComposeResult:
        with Vertical(id="import-dialog", classes="exchange-dialog"):
            yield Static(_("Import a JSON export"), classes="dialog-title", markup=False)
            with Horizontal(classes="exchange-line"):
                yield Label(_("File (.json)"))
                yield Input(id="import-file", compact=True,
                            placeholder=_("e.g. ~/Downloads/officer-export.json; Enter reads it"))
                yield Button(_("Browse"), id="browse", compact=True)
            yield Static("", id="import-error", classes="field-error", markup=False)
            yield FilePicker(suffixes=(".json",), id="import-picker")
            yield Static(_("Type the path of an export, or press Ctrl+O to pick it."),
                         id="import-header", markup=False)
            yield Static("", id="import-mode", markup=False)
            yield DataTable(id="import-table", cursor_type="none", zebra_stripes=True)
            with Horizontal(id="import-progress-line", classes="progress-line"):
                yield Static("", id="import-step", markup=False)
                yield ProgressBar(id="import-progress", show_eta=False)
            yield Static("", id="import-summary", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Close"), id="close", compact=True)
                yield Button(_("Import"), id="confirm", variant="primary", compact=True, disabled=True)
        yield Footer()

    def on_mount(self) -> None:
        self._show_picker(False)
        self.query_one("#import-table").display = False
        self.query_one("#import-file").focus()

    # --- state ---------------------------------------------------------------------------------

    def _can_import(self) -> bool:
        if self._busy or self.preview is None or self.result is not None:
            return False
        new, updated, _unchanged = totals(self.preview)
        return bool(new or updated)

    def _set_busy(self, busy: str, step: str = "") -> None:
        self._busy = busy
        line = self.query_one("#import-progress-line")
        line.set_class(bool(busy), "-busy")
        if busy:
            self._cancel = False
            self.query_one("#import-step", Static).update(step)
            self.query_one("#import-progress", ProgressBar).update(total=None, progress=0)
        self.query_one("#confirm", Button).disabled = not self._can_import()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "confirm":
            return True if self._can_import() else None
        if action == "browse":
            return None if self._busy == "import" else True
        return True

    def _show_error(self, text: str) -> None:
        error = self.query_one("#import-error", Static)
        error.update(Text(text))
        error.add_class("-shown")
        field = self.query_one("#import-file", Input)
        field.add_class("-invalid")
        field.focus()

    def _clear(self) -> None:
        """Forget what was read: a new file is on its way (or the path changed)."""
        self.path = self.header = self.preview = self.result = None
        self.query_one("#import-error", Static).remove_class("-shown")
        self.query_one("#import-file", Input).remove_class("-invalid")
        self.query_one("#import-header", Static).update("")
        self.query_one("#import-mode", Static).update("")
        self.query_one("#import-summary", Static).update("")
        table = self.query_one("#import-table", DataTable)
        table.clear(columns=True)
        table.display = False
        self.query_one("#confirm", Button).disabled = True
        self.refresh_bindings()

    @on(Input.Changed, "#import-file")
    def _file_changed(self, event: Input.Changed) -> None:
        if self._busy == "import":
            return
        if self.path is not None and self._typed_path() != self.path:
            self._run += 1  # a dry run of the old file need not finish
            self._busy = ""
            self.query_one("#import-progress-line").remove_class("-busy")
            self._clear()
            self.query_one("#import-header", Static).update(_("Enter reads the file."))

    def _typed_path(self) -> Path | None:
        text = self.query_one("#import-file", Input).value.strip().strip("'\"")
        return Path(text).expanduser() if text else None

    # --- picking the file ----------------------------------------------------------------------

    def _show_picker(self, shown: bool) -> None:
        self.query_one("#import-picker").display = shown

    @property
    def picking(self) -> bool:
        return bool(self.query_one("#import-picker").display)

    @on(Button.Pressed, "#browse")
    def action_browse(self) -> None:
        if self._busy == "import":
            return
        if self.picking:
            self._show_picker(False)
            self.query_one("#import-file").focus()
            return
        typed = self._typed_path()
        folder = picker_start()
        if typed is not None:
            folder = typed if is_folder(typed) else typed.parent if is_folder(typed.parent) else folder
        self.query_one("#import-picker", FilePicker).open(folder)

    @on(FilePicker.Picked, "#import-picker")
    def _picked(self, event: FilePicker.Picked) -> None:
        self._show_picker(False)
        field = self.query_one("#import-file", Input)
        field.value = str(event.path)
        field.focus()
        self.action_read()

    # --- reading the header, then the dry run ------------------------------------------------

    @on(Input.Submitted, "#import-file")
    def action_read(self) -> None:
        if self._busy == "import":
            return
        path = self._typed_path()
        if path is None:
            self._show_error(_("Type the path of the file."))
            return
        if path == self.path and self._can_import():
            self.action_confirm()  # read already: Enter again imports
            return
        self._clear()
        self.path = path
        self.query_one("#import-header", Static).update(_("Reading {name} …").format(name=path.name))
        self._set_busy("read", _("Reading the header …"))
        self.read_header(path)

    @work(thread=True, exclusive=True, group="import-json-read", exit_on_error=False)
    def read_header(self, path: Path) -> None:
        from officer_tui.services.errors import ValidationError
        from officer_tui.services.exchange import read_header

        try:
            header = read_header(path)
            empty = self.app.database.is_empty()  # type: ignore[attr-defined]
        except ValidationError as exc:
            self.post_message(self.HeaderRead(path, None, "; ".join(m for _f, m in exc.problems)))
            return
        except Exception as exc:
            self.post_message(self.HeaderRead(path, None, describe(exc)))
            return
        self.post_message(self.HeaderRead(path, header, empty=empty))

    @on(HeaderRead)
    def _header_read(self, message: HeaderRead) -> None:
        if message.path != self.path or self._busy != "read":
            return  # another file was asked for meanwhile
        if message.header is None:
            self._set_busy("")
            self.path = None
            self.query_one("#import-header", Static).update(_("Nothing was imported."))
            self._show_error(message.problem)
            return
        self.header = header = message.header
        self.query_one("#import-header", Static).update(self._header_text(header, counts=True))
        if message.empty:
            # A restore: everything in the file is new. A dry run would take as long as the
            # import itself (minutes for 100,000 requests) to say just that; the import checks
            # every row anyway and writes nothing unless all of it fits.
            from officer_tui.services.exchange import ImportSummary

            self._set_busy("check")
            self.post_message(self.Checked(message.path, ImportSummary(
                into_empty=True, inserted=dict(header.counts), dry_run=True)))
            return
        self._set_busy("check", _("Checking what would change …"))
        self._run += 1
        self.run_import(message.path, True, self._run)

    @staticmethod
    def _header_text(header: ExportHeader, *, counts: bool) -> Text:
        """When and by what the file was written; its counts until the table shows them."""
        total = sum(header.counts.values())
        text = Text(_("Export of {when} · schema {schema} · officer {version}").format(
            when=moment_text(header.exported_at), schema=header.schema, version=header.app_version),
            style="bold")
        text.append(" · " + ngettext("{n} record", "{n} records", total).format(n=format_count(total)))
        if header.older:
            text.append("\n" + _("Written by an older version: it is upgraded to this version's "
                                  "schema on the way in."))
        if counts:
            text.append("\n" + counts_text(header.counts), style="dim")
        return text

    @work(thread=True, exclusive=True, group="import-json-run", exit_on_error=False)
    def run_import(self, path: Path, dry_run: bool, run: int) -> None:
        from officer_tui.services.errors import ValidationError
        from officer_tui.services.exchange import import_json

        progress = Throttle(lambda *args: self.app.call_from_thread(self._progressed, *args),
                            lambda: self._cancel or run != self._run)
        try:
            with self.app.database.session() as session:  # type: ignore[attr-defined]
                summary = import_json(session, path=path, dry_run=dry_run, progress=progress)
        except Exception as exc:
            if run != self._run:
                return  # overtaken: another file was asked for
            if self._cancel or isinstance(exc, Cancelled):
                self.post_message(self.Failed(path, _("Cancelled: nothing was imported."),
                                              cancelled=True))
            elif isinstance(exc, ValidationError):
                self.post_message(self.Failed(path, "; ".join(m for _f, m in exc.problems)))
            else:
                self.post_message(self.Failed(path, describe(exc)))
            return
        if run == self._run:
            self.post_message(self.Checked(path, summary))

    def _progressed(self, label: str, done: int, total: int) -> None:
        if not self._busy or not self.is_attached:
            return  # done, or the dialog closed meanwhile
        self.query_one("#import-step", Static).update(label)
        self.query_one("#import-progress", ProgressBar).update(total=total or None, progress=done)

    @on(Checked)
    def _checked(self, message: Checked) -> None:
        if message.path != self.path or self._busy not in ("check", "import"):
            return
        summary = message.summary
        self._set_busy("")
        if summary.dry_run:
            self.preview = summary
        else:
            self.result = summary
            self.query_one("#import-progress", ProgressBar).update(total=1, progress=1)
            self.query_one("#import-step", Static).update(_("Done"))
            self.query_one("#import-progress-line").add_class("-busy")  # stays: shows 100 %
        if self.header is not None:
            self.query_one("#import-header", Static).update(self._header_text(self.header, counts=False))
        self._show_mode(summary)
        self._fill_table(summary)
        self._show_summary(summary)
        self.query_one("#confirm", Button).disabled = not self._can_import()
        self.refresh_bindings()
        if not summary.dry_run:
            new, updated, _unchanged = totals(summary)
            self.notify(_("Imported {name}: {new} new, {updated} updated.").format(
                name=message.path.name, new=format_count(new), updated=format_count(updated)),
                title=_("Import"), timeout=10)
            reload_all = getattr(self.app, "reload_all_panes", None)
            if reload_all is not None:
                reload_all()
        self.query_one("#confirm" if self._can_import() else "#close", Button).focus()

    def _show_mode(self, summary: ImportSummary) -> None:
        if summary.into_empty:
            text = _("This database is empty: the export is restored as it was (same numbers).")
        else:
            text = _("This database has data: the export is merged. Known records are updated "
                     "where the file's are newer; nothing is duplicated.")
        self.query_one("#import-mode", Static).update(Text(text, style="italic"))

    def _fill_table(self, summary: ImportSummary) -> None:
        table = self.query_one("#import-table", DataTable)
        table.clear(columns=True)
        for key, label in COLUMNS:
            table.add_column(_(label), key=key)
        in_file = dict(self.header.counts) if self.header is not None else {}
        names = set(in_file) | set(summary.inserted) | set(summary.updated) | set(summary.unchanged)
        for name, _n in ordered(dict.fromkeys(names, 0)):
            values = (in_file.get(name, 0), summary.inserted.get(name, 0),
                      summary.updated.get(name, 0), summary.unchanged.get(name, 0))
            if not any(values):
                continue
            table.add_row(Text(table_label(name)), *self._numbers(values), key=name)
        table.display = True

    @staticmethod
    def _numbers(values: tuple[int, ...]) -> list[Text]:
        styles = ("", "$text-success", "$text-warning", "dim")
        return [Text(format_count(n) if n else "–", style=themed(style if n else "dim"), justify="right")
                for n, style in zip(values, styles, strict=True)]

    def _show_summary(self, summary: ImportSummary) -> None:
        new, updated, unchanged = totals(summary)
        numbers = {"new": format_count(new), "updated": format_count(updated),
                   "unchanged": format_count(unchanged)}
        if not summary.dry_run:
            text = Text(_("Imported: {new} new, {updated} updated, {unchanged} unchanged.").format(
                **numbers), style=themed("bold $text-success"))
        elif new or updated:
            text = Text(_("The import would add {new}, update {updated} and leave {unchanged} "
                          "unchanged.").format(**numbers), style="bold")
            text.append(" " + _("Nothing is written before you press Import."), style="dim")
        else:
            text = Text(_("Nothing would change: everything in this file is here already "
                          "({unchanged} unchanged).").format(**numbers), style="bold")
        skipped = sum(getattr(summary, "skipped", {}).values())
        if skipped:
            text.append(" " + ngettext(
                "{n} row is left out on purpose (a logged contact of an erased person, or a link "
                "to nothing).",
                "{n} rows are left out on purpose (logged contacts of erased people, links to "
                "nothing).", skipped).format(n=format_count(skipped)), style="dim")
        self.query_one("#import-summary", Static).update(text)

    # --- importing --------------------------------------------------------------------------------

    @on(Button.Pressed, "#confirm")
    def action_confirm(self) -> None:
        if not self._can_import() or self.path is None:
            return
        self._set_busy("import", _("Importing …"))
        self.query_one("#import-summary", Static).update(
            Text(_("Importing … Esc cancels; then nothing is imported."), style="dim"))
        self._run += 1
        self.run_import(self.path, False, self._run)

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        if message.path != self.path:
            return
        was = self._busy
        self._set_busy("")
        if message.cancelled and was == "check":
            return  # the dry run of a file no longer wanted
        summary = self.query_one("#import-summary", Static)
        if message.cancelled:
            summary.update(Text(message.text, style="bold"))
            self.query_one("#confirm" if self._can_import() else "#close", Button).focus()
            return
        summary.update(Text(_("Nothing was imported."), style="bold"))
        if was == "check":  # the file's rows are refused: keep the header, offer nothing
            self.preview = None
            self.query_one("#confirm", Button).disabled = True
            self.refresh_bindings()
        self._show_error(message.text)

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        if self.picking:
            self._show_picker(False)
            self.query_one("#import-file").focus()
            return
        if self._busy == "import":
            if not self._cancel:
                self._cancel = True
                self.query_one("#import-step", Static).update(_("Cancelling …"))
            return
        self._cancel = True  # a header read or dry run still running: its result is not wanted
        app = self.app
        self.dismiss(self.result)
        if self.result is not None and self.result.changed:
            app.call_later(self._leave_welcome, app)

    @staticmethod
    def _leave_welcome(app) -> None:
        """Imported on the first start (over the welcome of an empty database): the database is
        not empty any more, so the welcome goes and the first pane shows the data."""
        from officer_tui.ui.screens.welcome import WelcomeScreen

        if isinstance(app.screen, WelcomeScreen):
            app.screen.dismiss(False)
