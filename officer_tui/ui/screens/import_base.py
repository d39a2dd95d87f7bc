"""The dialog both spreadsheet imports share: read a file, map its columns, preview, import.

``SpreadsheetImportScreen`` holds the steps that are the same for every table a user brings in
(requests and contacts, a session's participants): the path field, the column mapping, the
thread workers that read, check and write, the progress bar, the busy state and the messages
between them. Nothing is written until the user confirms; a worker overtaken by a newer one
posts nothing. A subclass says what is different:

- the ids of the parts (the CSS and the tests know them) and the texts of the steps;
- ``fields``: the fields a column can be mapped to, with their labels;
- ``compose_actions``: what stands below the mapping (buttons, progress, summary, preview);
- ``guess_mapping`` / ``check_lines`` / ``writer``: which services guess, preview and import;
- ``show_lines`` / ``summary`` / ``done_text``: the preview's columns and rows, the summary
  above it and the notice after the import (the screen then dismisses with the result).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, DataTable, Footer, Input, Label, ProgressBar, Select, Static
from textual.worker import get_current_worker

from officer_tui.i18n import N_, _
from officer_tui.ui.errors import describe
from officer_tui.ui.localize import Localized

if TYPE_CHECKING:
    from sqlmodel import Session

    from officer_tui.services.progress import Progress

    Writer = Callable[[Session, Progress], Any]

ResultT = TypeVar("ResultT")
WidgetT = TypeVar("WidgetT", bound=Widget)


def import_bindings(prefix: str, confirm_tooltip: str) -> list[BindingType]:
    """Ctrl+S imports, Escape closes; ``confirm_tooltip`` marked with ``N_()`` by the caller."""
    return [
        Binding("ctrl+s", "confirm", N_("Import"), id=f"{prefix}.confirm", priority=True,
                tooltip=confirm_tooltip),
        Binding("escape", "cancel", N_("Cancel"), id=f"{prefix}.cancel",
                tooltip=N_("Close without importing anything")),
    ]


class SpreadsheetImportScreen(Localized, ModalScreen[ResultT]):
    """Dismisses with the import's result, or None when nothing was imported."""

    # The parts' ids (the CSS and the tests know them) start with it: "table" gives
    # #table-path, #table-path-error, #table-mapping, #table-mapping-error, #table-progress,
    # #table-summary, #table-preview. The mapping's Selects are #map-<field>.
    ID_PREFIX: ClassVar[str]
    # Texts of the steps, marked with N_() and translated when shown: the path field's
    # placeholder, what an empty path (or a folder) says, what the summary says while the
    # mapping cannot be previewed.
    PLACEHOLDER: ClassVar[str]
    MISSING_PATH: ClassVar[str] = N_("Type the path of the file.")
    NO_PREVIEW: ClassVar[str]

    class FileRead(Message):
        def __init__(self, headers: list[str], rows: list[list[str]], mapping: dict[str, int]) -> None:
            super().__init__()
            self.headers, self.rows, self.mapping = headers, rows, mapping

    class Previewed(Message):
        def __init__(self, preview: Any, mapping: dict[str, int], problem: str | None = None) -> None:
            super().__init__()
            self.preview, self.mapping, self.problem = preview, mapping, problem

    class Imported(Message):
        def __init__(self, result: Any) -> None:
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

    def __init__(self, *, fields: dict[str, str]) -> None:
        super().__init__()
        self.fields = fields  # field -> its label (a msgid)
        self.headers: list[str] = []
        self.rows: list[list[str]] = []
        self.preview: Any = None
        self._mapping: dict[str, int] | None = None
        self._busy = False
        self._writing = False

    # --- what a subclass says ------------------------------------------------------------------

    def title_text(self) -> str:
        raise NotImplementedError

    def path_input(self) -> Input:
        """The path field; a subclass may start it with a folder or suggest names."""
        return Input(id=self.part_id("path"), compact=True, placeholder=_(self.PLACEHOLDER))

    def compose_actions(self) -> ComposeResult:
        """What stands below the mapping: built from the parts below."""
        raise NotImplementedError

    def guess_mapping(self, headers: list[str]) -> dict[str, int]:
        """Which column is which field (runs in the reading worker)."""
        raise NotImplementedError

    def check_lines(self, session: Session, mapping: dict[str, int], progress: Progress) -> Any:
        """The preview of ``self.rows`` under ``mapping`` (runs in the preview worker)."""
        raise NotImplementedError

    def importable(self, preview: Any) -> int:
        """How many lines of the preview an import would write."""
        raise NotImplementedError

    def show_lines(self, table: DataTable, preview: Any) -> None:
        """The preview's columns and rows (the table is empty)."""
        raise NotImplementedError

    def summary(self, preview: Any) -> Text:
        raise NotImplementedError

    def writer(self) -> Writer | None:
        """What the import does, built when the user confirms (reads the dialog's state now);
        it runs in the writing worker with a session and a progress callback."""
        raise NotImplementedError

    def done_text(self, result: Any) -> str:
        """The notice after the import."""
        raise NotImplementedError

    # --- parts ---------------------------------------------------------------------------------

    def part_id(self, part: str) -> str:
        return f"{self.ID_PREFIX}-{part}"

    def part(self, part: str, expect_type: type[WidgetT]) -> WidgetT:
        return self.query_one("#" + self.part_id(part), expect_type)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.title_text(), no_wrap=True, overflow="ellipsis"),
                         classes="dialog-title")
            with Horizontal(classes="import-line"):
                yield Label(_("File (.csv, .xlsx)"))
                yield self.path_input().add_class("file-path")
                yield Button(_("Read"), id="read", compact=True)
            yield Static("", id=self.part_id("path-error"), classes="field-error", markup=False)
            with Vertical(id=self.part_id("mapping"), classes="column-mapping"):
                for field, label in self.fields.items():
                    with Horizontal(classes="map-cell"):
                        yield Label(_(label))
                        yield Select([], prompt=_("(none)"), id=f"map-{field}", compact=True,
                                     disabled=True)
            yield Static("", id=self.part_id("mapping-error"), classes="field-error", markup=False)
            yield from self.compose_actions()
        yield Footer()

    def buttons(self) -> ComposeResult:
        yield Button(_("Cancel"), id="cancel", compact=True)
        yield Button(_("Import"), id="confirm", variant="primary", compact=True, disabled=True)

    def progress_bar(self) -> ProgressBar:
        return ProgressBar(id=self.part_id("progress"), show_eta=False)

    def summary_line(self) -> Static:
        return Static(_("Nothing is written until you confirm with Ctrl+S."),
                      id=self.part_id("summary"), markup=False)

    def preview_table(self) -> DataTable:
        return DataTable(id=self.part_id("preview"), cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        path = self.part("path", Input)
        path.focus()
        path.cursor_position = len(path.value)

    # --- busy state ----------------------------------------------------------------------------

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        bar = self.part("progress", ProgressBar)
        bar.set_class(busy, "-busy")
        if busy:
            bar.update(total=None, progress=0)
        self.query_one("#confirm", Button).disabled = busy or not self._can_import()
        self.refresh_bindings()

    def _can_import(self) -> bool:
        return self.preview is not None and self.importable(self.preview) > 0

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
            self.part("progress", ProgressBar).update(total=message.total or None,
                                                      progress=message.done)

    # --- reading -------------------------------------------------------------------------------

    @on(Input.Submitted, ".file-path")
    @on(Button.Pressed, "#read")
    def action_read(self) -> None:
        text = self.part("path", Input).value.strip().strip("'\"")
        error = self.part("path-error", Static)
        if not text or text.endswith(("/", os.sep)) and Path(text).expanduser().is_dir():
            error.update(_(self.MISSING_PATH))
            error.add_class("-shown")
            return
        error.remove_class("-shown")
        self.part("path", Input).remove_class("-invalid")
        self.preview = None
        self._set_busy(True)
        self.read_file(Path(text).expanduser())

    @work(thread=True, exclusive=True, group="import-read", exit_on_error=False)
    def read_file(self, path: Path) -> None:
        from officer_tui.services.errors import ValidationError
        from officer_tui.services.tables import read_table

        try:
            headers, rows = read_table(path, progress=self._progress)
        except ValidationError as exc:
            message = self.Failed("file", exc.message)
        except Exception as exc:
            message = self.Failed("file", describe(exc))
        else:
            message = self.FileRead(headers, rows, self.guess_mapping(headers))
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

    @on(Select.Changed, ".column-mapping Select")
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
        from officer_tui.services.errors import ValidationError

        try:
            with self.app.database.session() as session:  # type: ignore[attr-defined]
                preview = self.check_lines(session, mapping, self._progress)
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
        error = self.part("mapping-error", Static)
        table = self.part("preview", DataTable)
        table.clear(columns=True)
        summary = self.part("summary", Static)
        if message.preview is None:
            error.update(Text(message.problem or ""))
            error.add_class("-shown")
            summary.update(_(self.NO_PREVIEW))
        else:
            error.remove_class("-shown")
            self.show_lines(table, message.preview)
            summary.update(self.summary(message.preview))
        self._set_busy(False)

    # --- writing -------------------------------------------------------------------------------

    @on(Button.Pressed, "#confirm")
    def action_confirm(self) -> None:
        if self._busy or not self._can_import():
            return
        write = self.writer()
        if write is None:
            return
        self._writing = True
        self._set_busy(True)
        self.write_import(write)

    @work(thread=True, exclusive=True, group="import-write", exit_on_error=False)
    def write_import(self, write: Writer) -> None:
        from officer_tui.services.errors import ValidationError

        try:
            with self.app.database.session() as session:  # type: ignore[attr-defined]
                result = write(session, self._progress)
        except ValidationError as exc:
            self.post_message(self.Failed(exc.field, describe(exc)))
            return
        except Exception as exc:
            self.post_message(self.Failed("", describe(exc)))
            return
        self.post_message(self.Imported(result))

    @on(Imported)
    def _imported(self, message: Imported) -> None:
        self.notify(self.done_text(message.result), title=_("Import"), timeout=12)
        self.dismiss(message.result)

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self._writing = False
        self._set_busy(False)
        if message.field == "file":
            error = self.part("path-error", Static)
            error.update(Text(message.text))
            error.add_class("-shown")
            path = self.part("path", Input)
            path.add_class("-invalid")
            path.focus()
        else:
            self.notify(message.text, severity="error", timeout=10)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        if self._writing:
            return  # writing: the transaction finishes or fails as a whole
        self.dismiss(None)
