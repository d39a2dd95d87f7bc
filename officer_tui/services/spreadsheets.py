"""CSV (one file per entity) and XLSX (one sheet per entity) exports of everything.

CSV: ``units.csv``, ``requests.csv`` ... (English names, as the headers: stable for scripts and
``officer import``), UTF-8 with BOM and ``;`` between fields, CRLF line ends: what Excel with
German settings opens right with a double-click (it splits on ``;`` there, and reads umlauts
right only with the BOM); LibreOffice detects both; our own import sniffs ``;`` and ``,``.
Dates ISO (``2026-03-02``, sorts as text), times ``HH:MM``, moments ``YYYY-MM-DD HH:MM:SS``
in local time, enum values as stored.

XLSX: the same tables, one sheet each, header bold and frozen with a filter, widths by kind of
column, dates and times as real Excel values; streamed row by row into the file by our own
small writer (services/xlsx_writer.py: openpyxl takes minutes for 100,000 requests).

Files hold personal data: written readable by the owner only (0600), to a temporary file that
replaces the old one at the end, so a failed export leaves no half-written file.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from enum import Enum
from pathlib import Path

from sqlalchemy import func, select
from sqlmodel import Session

from officer_tui.i18n import _
from officer_tui.services.errors import ValidationError
from officer_tui.services.private_file import cannot_write, private_output
from officer_tui.services.progress import Progress, no_progress
from officer_tui.services.spreadsheet_tables import TABLES, WIDTHS, Column, Table
from officer_tui.services.xlsx_writer import SheetTooLarge, XlsxWriter

DELIMITER = ";"
REPORT_EVERY = 500
_UNIX_EPOCH = datetime(1970, 1, 1)
_SECOND = timedelta(seconds=1)
# Values exported as they come from the database (most of them): checked by exact type, fast.
_AS_IS = frozenset({str, int, float, bool, type(None), date, time})


def _local(moment: datetime) -> datetime:
    """A stored moment (UTC) in local time, without a zone (spreadsheets know none)."""
    if moment.tzinfo is None:  # as stored: naive UTC; fromtimestamp is 5× astimezone()
        return datetime.fromtimestamp((moment - _UNIX_EPOCH) // _SECOND)
    return moment.astimezone().replace(tzinfo=None, microsecond=0)


def _plain(value: object) -> object:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return _local(value)
    return value


def _csv_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return str(value)


def _rows(session: Session, table: Table, progress: Progress) -> tuple[list[Column], int, Iterator]:
    """The table's columns, its row count, and its rows (plain Python values), streamed."""
    columns, statement = table.build()
    total = session.execute(select(func.count()).select_from(table.model)).scalar_one()
    extra = table.listing(session) if table.listing is not None else None
    at = len(columns)
    if extra is not None:  # before created_at / updated_at
        at = len(columns) - 2 if columns[-1].header == "updated_at" else len(columns)
        columns = [*columns[:at], Column(extra[0], None, "text"), *columns[at:]]
    label = _(table.label)

    def rows() -> Iterator[list[object]]:
        progress(label, 0, total)
        done = 0
        as_is = _AS_IS
        result = session.execute(statement.execution_options(yield_per=2000))
        for row in result:
            values = [value if type(value) in as_is else _plain(value) for value in row]
            if extra is not None:
                values.insert(at, extra[1].get(values[0], ""))
            yield values
            done += 1
            if done % REPORT_EVERY == 0:
                progress(label, done, total)
        progress(label, done, total)

    return columns, total, rows()


def export_csv(session: Session, *, folder: Path, progress: Progress | None = None) -> list[Path]:
    """Write one CSV file per entity into ``folder`` (created if missing); the files written."""
    progress = progress or no_progress
    folder = Path(folder).expanduser()
    if folder.exists() and not folder.is_dir():
        raise ValidationError("out", _("{path} is a file; give a folder for the CSV files").format(
            path=folder))
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise cannot_write("out", folder, exc) from None
    written = []
    for table in TABLES:
        path = folder / f"{table.key}.csv"
        columns, _total, rows = _rows(session, table, progress)
        with private_output(path, encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle, delimiter=DELIMITER, lineterminator="\r\n")
            writer.writerow([column.header for column in columns])
            writer.writerows([_csv_text(value) for value in row] for row in rows)
        written.append(path)
    return written


def export_xlsx(session: Session, *, path: Path, progress: Progress | None = None) -> dict[str, int]:
    """Write one sheet per entity; rows written per sheet."""
    progress = progress or no_progress
    path = Path(path).expanduser()
    if path.is_dir():
        raise ValidationError("out", _("{path} is a folder; give a file name ending in .xlsx")
                              .format(path=path))
    if path.suffix.lower() != ".xlsx":
        raise ValidationError("out", _("the file name must end in .xlsx"))
    counts: dict[str, int] = {}
    try:
        with private_output(path) as handle, \
                XlsxWriter(handle, [table.key for table in TABLES]) as book:
            for table in TABLES:
                columns, total, rows = _rows(session, table, progress)
                widths = [max(WIDTHS[column.kind], len(column.header) + 2) for column in columns]
                counts[table.key] = book.write_sheet(
                    table.key, [column.header for column in columns], rows, widths=widths,
                    expected_rows=total)
    except SheetTooLarge as exc:  # the half-written file is gone already
        label = next(_(table.label) for table in TABLES if table.key == exc.sheet)
        raise ValidationError("out", _(
            "{table}: more rows or text than an XLSX sheet holds; export as CSV instead"
        ).format(table=label)) from None
    return counts
