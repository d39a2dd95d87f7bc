"""Import requests or contacts from a spreadsheet (CSV or XLSX): read, map columns, preview, import.

The steps are those of every spreadsheet import (``import_base``); this dialog adds the kind
of record, a path field that starts in the exports folder and completes names, and the full
result of the line under the cursor. Nothing is written until the user confirms.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.suggester import Suggester
from textual.widgets import DataTable, Input, Static

from officer_tui.i18n import N_, _, ngettext
from officer_tui.ui.formatting import themed
from officer_tui.ui.screens.import_base import SpreadsheetImportScreen, import_bindings

if TYPE_CHECKING:
    from sqlmodel import Session

    from officer_tui.services.progress import Progress
    from officer_tui.services.table_import import ImportResult, TableLine, TablePreview
    from officer_tui.ui.screens.import_base import Writer

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
        return Text("✗ " + where + line.message, style=themed("bold $text-error"))
    if line.outcome == "duplicate":
        return Text("= " + _("duplicate") + " · " + line.message, style="dim")
    return Text("+ " + _("new"), style=themed("$text-success"))


def _start_path() -> str:
    from officer_tui.services.meeting_queries import exports_folder

    folder = exports_folder()
    return str(folder if folder.is_dir() else Path.home()) + os.sep


class TableImportScreen(SpreadsheetImportScreen["ImportResult | None"]):
    """Dismisses with the import's result, or None when nothing was imported."""

    CSS_PATH = "table_import.tcss"
    HELP_TITLE = N_("Import from a spreadsheet")
    HELP = HELP
    BINDINGS: ClassVar[list[BindingType]] = import_bindings(
        "table-import", N_("Create the new lines; duplicates and lines with errors are skipped"))
    ID_PREFIX = "table"
    PLACEHOLDER = N_("e.g. ~/Downloads/requests.xlsx; Enter reads it")
    MISSING_PATH = N_("Type the path of the file (→ completes a suggested name).")
    NO_PREVIEW = N_("Choose the columns above; nothing can be imported yet.")

    def __init__(self, *, kind: str = "requests") -> None:
        from officer_tui.services.table_import_fields import FIELD_LABELS, fields_of

        kind = kind if kind in TITLES else "requests"
        super().__init__(fields={field: FIELD_LABELS[field] for field in fields_of(kind)})
        self.kind = kind
        self.preview: TablePreview | None = None

    def title_text(self) -> str:
        return _(TITLES[self.kind])

    def path_input(self) -> Input:
        return Input(_start_path(), id=self.part_id("path"), compact=True, suggester=PathSuggester(),
                     placeholder=_(self.PLACEHOLDER))

    def compose_actions(self) -> ComposeResult:
        yield self.progress_bar()
        with Horizontal(classes="import-line"):
            yield self.summary_line()
            yield from self.buttons()
        yield self.preview_table()
        yield Static("", id="table-detail", markup=False)

    # --- the table services -----------------------------------------------------------------

    def guess_mapping(self, headers: list[str]) -> dict[str, int]:
        from officer_tui.services.table_import_fields import guess_mapping

        return guess_mapping(self.kind, headers)

    def check_lines(self, session: Session, mapping: dict[str, int],
                    progress: Progress) -> TablePreview:
        from officer_tui.services import table_import

        return table_import.preview(session, kind=self.kind, headers=self.headers, rows=self.rows,
                                    mapping=mapping, progress=progress)

    def importable(self, preview: TablePreview) -> int:
        return preview.new

    def writer(self) -> Writer | None:
        if self._mapping is None:
            return None
        kind, headers, rows, mapping = self.kind, self.headers, self.rows, dict(self._mapping)

        def write(session: Session, progress: Progress) -> ImportResult:
            from officer_tui.services import table_import

            return table_import.apply_import(session, kind=kind, headers=headers, rows=rows,
                                             mapping=mapping, progress=progress)

        return write

    # --- what the user sees -----------------------------------------------------------------

    def show_lines(self, table: DataTable, preview: TablePreview) -> None:
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

    def summary(self, preview: TablePreview) -> Text:
        total = len(preview.lines)
        text = Text(ngettext("{n} line", "{n} lines", total).format(n=total) + ": ", style="bold")
        text.append(_("{n} new").format(n=preview.new), style=themed("$text-success"))
        text.append(" · " + ngettext("{n} duplicate", "{n} duplicates", preview.duplicates).format(
            n=preview.duplicates))
        if preview.errors:
            text.append(" · ")
            text.append(ngettext("{n} line with an error is skipped",
                                 "{n} lines with errors are skipped", preview.errors).format(
                n=preview.errors), style=themed("bold $text-error"))
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

    @on(DataTable.RowSelected, "#table-preview")
    def _chosen(self) -> None:
        """Enter in the preview imports, as Ctrl+S does."""
        self.action_confirm()

    def done_text(self, result: ImportResult) -> str:
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
        return ", ".join(parts) + "."
