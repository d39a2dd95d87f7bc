"""Reading the tables people keep (CSV, XLSX): shared by the participant, request and contact imports.

``read_table(path)`` gives the header row and the data rows as text, whatever the file:

- .csv / .txt / .tsv: UTF-8 with or without BOM, UTF-16 with BOM (Excel's "Unicode text"),
  else Windows-1252 (what Excel on Windows writes as "CSV"); ``;``, ``,`` or tab, sniffed.
  Text that is neither (bytes Windows-1252 does not use) or that holds umlauts garbled by a
  double conversion (``Ã¤`` for ``ä``) is refused with a message naming the encoding problem,
  rather than read as mojibake.
- .xlsx / .xlsm: the first sheet; dates come as ``YYYY-MM-DD``, whole numbers without ``.0``.

Empty rows are left out; short rows are padded to the header's width.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path

from officer_tui.i18n import _
from officer_tui.services.errors import ValidationError
from officer_tui.text import fold

MAX_ROWS = 100_000
CSV_SUFFIXES = (".csv", ".txt", ".tsv")
XLSX_SUFFIXES = (".xlsx", ".xlsm")

# UTF-8 umlauts read as Windows-1252 (and saved again): "Ã¤" for "ä", "ÃŸ" for "ß".
_GARBLED = re.compile("Ã[¤¶¼Ÿ„–œ©¨±§¡]")


def header_key(header: str) -> str:
    """A header as compared with known names: folded, without spaces, dashes, dots, slashes."""
    return re.sub(r"[\s\-_.:/()*]+", "", fold(header or ""))


# --- reading files --------------------------------------------------------------------------


def decode(raw: bytes) -> str:
    """The text of a CSV file's bytes; a clear ValidationError when it is not readable text."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise ValidationError("file", _("is not readable UTF-16 text")) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError:
            raise ValidationError(
                "file",
                _("is neither UTF-8 nor Windows-1252 text (an unknown encoding); save it "
                  "again as \"CSV UTF-8\""),
            ) from None
    if "\x00" in text:
        raise ValidationError("file", _("is not a text file (CSV)"))
    if match := _GARBLED.search(text):
        raise ValidationError(
            "file",
            _("holds garbled umlauts ({found!r} instead of a letter such as 'ä'): it was "
              "converted between encodings twice; export it again as \"CSV UTF-8\"").format(
                found=match.group(0)),
        )
    return text


def _read_csv(path: Path) -> list[list[str]]:
    text = decode(path.read_bytes())
    sample = text[:20000]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
    except csv.Error:
        first = sample.splitlines()[0] if sample.splitlines() else ""
        delimiter = max(";,\t", key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return [[cell.strip() for cell in row] for row in reader]
    except csv.Error as exc:
        raise ValidationError("file", _("is not a readable CSV file: {reason}").format(
            reason=str(exc))) from None


def cell_text(value: object) -> str:
    """A spreadsheet cell as text: dates in ISO form, whole numbers without ``.0``."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value).strip()


def _read_xlsx(path: Path) -> list[list[str]]:
    import zipfile

    from openpyxl import load_workbook  # heavy: only when an XLSX is read

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise ValidationError("file", _("is not a readable XLSX file")) from exc
    try:
        if not workbook.worksheets:
            raise ValidationError("file", _("is not a readable XLSX file"))
        sheet = workbook.worksheets[0]
        rows = []
        try:
            for values in sheet.iter_rows(values_only=True):
                rows.append([cell_text(v) for v in values])
                if len(rows) > MAX_ROWS + 1:
                    break
        except (zipfile.BadZipFile, KeyError, ValueError, TypeError, EOFError) as exc:
            raise ValidationError("file", _("is not a readable XLSX file")) from exc
        return rows
    finally:
        workbook.close()


def read_table(
    path: Path, *, progress: Callable[[str, int, int], None] | None = None
) -> tuple[list[str], list[list[str]]]:
    """Headers and data rows of a .csv or .xlsx file (empty rows left out)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in CSV_SUFFIXES + XLSX_SUFFIXES:
        raise ValidationError("file", _("must be a .csv or .xlsx file"))
    if not path.is_file():
        raise ValidationError("file", _("{path} does not exist").format(path=str(path)))
    if progress is not None:
        progress(_("Reading"), 0, 0)
    try:
        rows = _read_xlsx(path) if suffix in XLSX_SUFFIXES else _read_csv(path)
    except OSError as exc:
        raise ValidationError("file", _("cannot be read: {reason}").format(
            reason=exc.strerror or str(exc))) from exc
    rows = [row for row in rows if any(cell for cell in row)]
    if not rows:
        raise ValidationError("file", _("is empty"))
    if len(rows) > MAX_ROWS + 1:
        raise ValidationError("file", _("has more than {n} lines").format(n=f"{MAX_ROWS:,}"))
    headers = rows[0]
    width = len(headers)
    data = [(row + [""] * width)[:max(width, len(row))] for row in rows[1:]]
    return headers, data
