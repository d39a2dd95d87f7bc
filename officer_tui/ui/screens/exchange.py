"""Export the data from the palette: JSON, CSV, XLSX or a calendar (ICS), with a progress bar.

Choose the format with the arrows, check where it goes, ``Enter`` exports. The services write
to a temporary file and rename it at the end, so a failed or cancelled export never leaves half
a file under the target's name. The import of a JSON export lives in ``exchange_import``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label, OptionList, ProgressBar, Static
from textual.widgets.option_list import Option

from officer_tui import clock
from officer_tui.i18n import N_, _, date_hint, format_date
from officer_tui.ui.errors import describe
from officer_tui.ui.localize import Localized
from officer_tui.ui.screens.exchange_format import Cancelled, Throttle, counts_text
from officer_tui.ui.screens.exchange_import import ImportScreen

__all__ = ["ExportScreen", "ImportScreen"]


@dataclass(frozen=True)
class Format:
    key: str
    name: str
    what: str
    suffix: str  # "" for a folder


FORMATS = (
    Format("json", "JSON", N_("everything, for import or a new laptop"), ".json"),
    Format("csv", "CSV", N_("a folder, one file per entity, for spreadsheets"), ""),
    Format("xlsx", "XLSX", N_("one workbook, one sheet per entity"), ".xlsx"),
    Format("ics", "ICS", N_("calendar: meetings, training sessions, follow-ups"), ".ics"),
)
BY_KEY = {fmt.key: fmt for fmt in FORMATS}

HELP = N_(
    """Export the data in the formats people use.

- **JSON**: everything, with the schema version. `Import a JSON export` (palette) or
  `officer import FILE` reads it back: onto a new laptop, or merged into another database.
- **CSV**: a folder with one file per entity (UTF-8 with BOM, so spreadsheet programs show
  umlauts right).
- **XLSX**: one workbook with one sheet per entity.
- **ICS**: a calendar with the meetings, training sessions and follow-up due dates; optionally
  only those from / up to a date. Importing it again updates the events instead of doubling them.

`↑`/`↓` choose the format, `Tab` moves to where the export goes (the exports folder and
today's date are suggested; change it freely), `Enter` exports. Esc cancels a running export
(nothing is left behind) or closes the dialog. The files hold personal data: they are readable
by you only.
"""
)


def suggested_target(fmt: Format, today: date) -> Path:
    from officer_tui.services.meeting_queries import exports_folder

    return exports_folder() / f"officer-export-{today.isoformat()}{fmt.suffix}"


def target_problem(fmt: Format, path: Path) -> str | None:
    """What is wrong with the target before anything is written (None: nothing)."""
    if fmt.suffix and path.is_dir():
        return _("{path} is a folder: add a file name, e.g. {name}").format(
            path=path, name=f"officer-export-{clock.today().isoformat()}{fmt.suffix}")
    if not fmt.suffix and path.exists() and not path.is_dir():
        return _("{path} is a file: CSV needs a folder").format(path=path)
    return None


def replaces_something(fmt: Format, path: Path) -> bool:
    if fmt.suffix:
        return path.exists()
    return path.is_dir() and any(path.glob("*.csv"))


class ExportScreen(Localized, ModalScreen[None]):
    """The export dialog: format, target, (dates for ICS), progress, what was written."""

    CSS_PATH = "exchange.tcss"
    HELP_TITLE = N_("Export data")
    HELP = HELP
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "export", N_("Export"), id="export.run", priority=True,
                tooltip=N_("Write the export (Enter does the same)")),
        Binding("escape", "close", N_("Close"), id="export.close",
                tooltip=N_("Cancel a running export, else close the dialog")),
        Binding("question_mark", "app.help", N_("Help"), id="export.help",
                tooltip=N_("Help for the export")),
    ]

    class Progressed(Message):
        def __init__(self, label: str, done: int, total: int) -> None:
            super().__init__()
            self.label = label
            self.done = done
            self.total = total

    class Exported(Message):
        def __init__(self, fmt: Format, path: Path, counts: dict[str, int], files: int | None) -> None:
            super().__init__()
            self.fmt = fmt
            self.path = path
            self.counts = counts
            self.files = files

    class Failed(Message):
        def __init__(self, text: str, *, cancelled: bool = False) -> None:
            super().__init__()
            self.text = text
            self.cancelled = cancelled

    def __init__(self, **kwargs) -> None:
        super().__init__()
        self.fmt = FORMATS[0]
        self._suggested = ""
        self._exporting = False
        self._cancel = False
        self._confirmed_replace: tuple[str, str] | None = None  # (format, path) to overwrite
        self.last_path: Path | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="export-dialog", classes="exchange-dialog"):
            yield Static(_("Export data"), classes="dialog-title", markup=False)
            yield OptionList(*[
                Option(Text.assemble((f"{fmt.name:<5}", "bold"), (_(fmt.what), "dim")), id=fmt.key)
                for fmt in FORMATS], id="export-format", compact=True)
            with Horizontal(classes="exchange-line"):
                yield Label(_("Save to"))
                yield Input(id="export-target", compact=True)
            with Horizontal(classes="exchange-line", id="export-dates"):
                yield Label(_("From"))
                yield Input(id="export-from", compact=True, placeholder=date_hint())
                yield Label(_("To"))
                yield Input(id="export-to", compact=True, placeholder=date_hint())
                yield Static(_("(empty: all dates)"), classes="hint", markup=False)
            yield Static("", id="export-error", classes="field-error", markup=False)
            with Horizontal(id="export-progress-line", classes="progress-line"):
                yield Static("", id="export-step", markup=False)
                yield ProgressBar(id="export-progress", show_eta=False)
            with VerticalScroll(id="export-summary-box", can_focus=False):
                yield Static("", id="export-summary", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Close"), id="close", compact=True)
                yield Button(_("Export"), id="export", variant="primary", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        options = self.query_one("#export-format", OptionList)
        options.highlighted = 0
        self._use_format(FORMATS[0])
        self.query_one("#export-summary-box").display = False
        options.focus()

    # --- choosing -----------------------------------------------------------------------------

    @on(OptionList.OptionHighlighted, "#export-format")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id and event.option.id != self.fmt.key:
            self._use_format(BY_KEY[event.option.id])

    def _use_format(self, fmt: Format) -> None:
        """Follow the format with the target: the suggestion, or the typed path's suffix."""
        target = self.query_one("#export-target", Input)
        old, typed = self.fmt, target.value.strip()
        self.fmt = fmt
        suggestion = str(suggested_target(fmt, clock.today()))
        if not typed or typed == self._suggested:
            target.value = suggestion
        elif old.suffix and typed.endswith(old.suffix):
            target.value = typed[: -len(old.suffix)] + fmt.suffix
        elif not old.suffix:
            target.value = typed.rstrip("/\\") + fmt.suffix
        self._suggested = suggestion
        self.query_one("#export-dates").display = fmt.key == "ics"
        self._clear_error()

    @on(Input.Changed, "#export-target")
    def _target_changed(self) -> None:
        self._confirmed_replace = None
        self._clear_error()

    def _clear_error(self) -> None:
        self.query_one("#export-error", Static).remove_class("-shown")
        for widget in self.query(".-invalid"):
            widget.remove_class("-invalid")

    def _show_error(self, text: str, widget_id: str | None = "export-target") -> None:
        error = self.query_one("#export-error", Static)
        error.update(Text(text))
        error.add_class("-shown")
        if widget_id:
            widget = self.query_one(f"#{widget_id}")
            widget.add_class("-invalid")
            widget.focus()

    # --- exporting ----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "export":
            return None if self._exporting else True
        return True

    @on(OptionList.OptionSelected, "#export-format")
    @on(Input.Submitted)
    @on(Button.Pressed, "#export")
    def action_export(self) -> None:
        if self._exporting:
            return
        self._clear_error()
        text = self.query_one("#export-target", Input).value.strip().strip("'\"")
        if not text:
            self._show_error(_("Type where the export goes."))
            return
        path = Path(text).expanduser()
        if (problem := target_problem(self.fmt, path)) is not None:
            self._show_error(problem)
            return
        start = end = None
        if self.fmt.key == "ics":
            try:
                start, end = self._dates()
            except ValueError:
                return
        if replaces_something(self.fmt, path) and self._confirmed_replace != (self.fmt.key, str(path)):
            self._confirmed_replace = (self.fmt.key, str(path))
            if self.fmt.suffix:
                text = _("{path} exists. Enter again replaces it.")
            else:
                text = _("{path} holds CSV files already. Enter again replaces them.")
            self._show_error(text.format(path=path), None)
            return
        self._confirmed_replace = None
        self._start(path, start, end)

    def _dates(self) -> tuple[date | None, date | None]:
        from officer_tui.services.dates import parse_date
        from officer_tui.services.errors import ValidationError

        values = []
        for widget_id, field in (("export-from", "start"), ("export-to", "end")):
            try:
                values.append(parse_date(self.query_one(f"#{widget_id}", Input).value, field=field))
            except ValidationError as exc:
                self._show_error(describe(exc), widget_id)
                raise ValueError from None
        start, end = values
        if start and end and end < start:
            self._show_error(_("The end ({end}) is before the start ({start}).").format(
                end=format_date(end), start=format_date(start)), "export-to")
            raise ValueError
        return start, end

    def _start(self, path: Path, start: date | None, end: date | None) -> None:
        self._exporting, self._cancel = True, False
        self.query_one("#export-summary-box").display = False
        self.query_one("#export-step", Static).update(_("Starting …"))
        self.query_one("#export-progress", ProgressBar).update(total=None, progress=0)
        self.query_one("#export-progress-line").add_class("-busy")
        self.query_one("#export", Button).disabled = True
        self.refresh_bindings()
        self.write_export(self.fmt, path, start, end)

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def write_export(self, fmt: Format, path: Path, start: date | None, end: date | None) -> None:
        from officer_tui.services.errors import ValidationError

        progress = Throttle(lambda *args: self.app.call_from_thread(self._progressed, *args),
                            lambda: self._cancel)
        files: int | None = None
        try:
            with self.app.database.session() as session:  # type: ignore[attr-defined]
                if fmt.key == "json":
                    from officer_tui.services.exchange import export_json

                    summary = export_json(session, path=path, progress=progress)
                    path, counts = summary.path, summary.counts
                elif fmt.key == "csv":
                    from officer_tui.services.spreadsheets import export_csv

                    written = export_csv(session, folder=path, progress=progress)
                    files, counts = len(written), {}
                elif fmt.key == "xlsx":
                    from officer_tui.services.spreadsheets import export_xlsx

                    counts = export_xlsx(session, path=path, progress=progress)
                else:
                    from officer_tui.services.calendar_export import export_ics

                    counts = export_ics(session, path=path, start=start, end=end, progress=progress)
        except Exception as exc:
            if self._cancel or isinstance(exc, Cancelled):
                if fmt.key == "csv":  # one file after the other: those done are there
                    text = _("Cancelled: the CSV files written so far are in {path}; the others "
                             "were not written.").format(path=path)
                else:
                    text = _("Cancelled: nothing was written.")
                self.post_message(self.Failed(text, cancelled=True))
            elif isinstance(exc, ValidationError):
                self.post_message(self.Failed("; ".join(message for _field, message in exc.problems)))
            elif isinstance(exc, OSError):
                self.post_message(self.Failed(_("cannot write {path}: {reason}").format(
                    path=path, reason=exc.strerror or exc)))
            else:
                self.post_message(self.Failed(describe(exc)))
            return
        self.post_message(self.Exported(fmt, path, dict(counts), files))

    def _progressed(self, label: str, done: int, total: int) -> None:
        if not self._exporting or not self.is_attached:
            return  # done, or the dialog closed meanwhile
        self.query_one("#export-step", Static).update(label)
        self.query_one("#export-progress", ProgressBar).update(total=total or None, progress=done)

    def _finish(self) -> None:
        self._exporting = False
        self.query_one("#export", Button).disabled = False
        self.refresh_bindings()

    @on(Exported)
    def _exported(self, message: Exported) -> None:
        self._finish()
        self.last_path = message.path
        self.query_one("#export-step", Static).update(_("Done"))
        self.query_one("#export-progress", ProgressBar).update(total=1, progress=1)
        summary = Text(_("Written: {path}").format(path=message.path), style="bold")
        if message.files is not None:
            summary.append("\n" + _("{n} CSV files, one per entity").format(n=message.files))
        if message.counts or message.files is None:
            summary.append("\n" + counts_text(message.counts))
        self.query_one("#export-summary", Static).update(summary)
        self.query_one("#export-summary-box").display = True
        self.notify(_("Exported to {path}").format(path=message.path), title=_("Export"), timeout=8)
        self.query_one("#close", Button).focus()

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self._finish()
        self.query_one("#export-progress-line").remove_class("-busy")
        self._show_error(message.text, None if message.cancelled else "export-target")

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        if self._exporting:
            if not self._cancel:
                self._cancel = True
                self.query_one("#export-step", Static).update(_("Cancelling …"))
            return
        self.dismiss(None)
