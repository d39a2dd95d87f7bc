"""A small streaming XLSX writer: standard library only, rows go straight into the zip.

openpyxl builds a cell object per value (about 30 µs each in pure Python); this writes the
XML text of each row directly into the sheet's compressed zip entry, a few hundred rows at a
time, so a sheet is never held in memory and 400,000 rows take seconds, not minutes.

What it writes (SpreadsheetML, as Excel, LibreOffice and openpyxl read it):

- one sheet per call of :meth:`XlsxWriter.write_sheet`, in the order the names were given;
- the first row the headers, bold and frozen, an autofilter over the used range, column
  widths (in characters);
- numbers as numbers, booleans as booleans, dates, moments and times as real Excel values
  (serial days) with a date, date-time or time format; dates before 1900 (which Excel cannot
  show) as ISO text;
- text as inline strings, never as formulas (a text starting with ``=`` stays text),
  characters XML 1.0 forbids (most control characters) removed, cut to 32,767 characters
  (what a cell holds, counted as Excel does); ``None`` and ``""`` as empty cells;
- the core properties: creator and the moment of creation.
"""

from __future__ import annotations

import math
import re
import zipfile
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import BinaryIO

MAX_TEXT = 32_767  # characters a cell holds
MAX_ROWS = 1_048_576  # rows a sheet holds
MAX_COLUMNS = 16_384
FLUSH_EVERY = 500  # rows joined and written to the zip at a time
# A sheet's XML stays under 2 GiB: larger zip entries would need the ZIP64 extension, which
# not every spreadsheet program reads (nor would one open a sheet that large).
MAX_PART_BYTES = zipfile.ZIP64_LIMIT
_EPOCH = date(1899, 12, 30).toordinal()  # Excel's day 0 (1900 date system)

# Forbidden in XML 1.0: control characters other than tab, line feed and carriage return,
# lone surrogates, U+FFFE and U+FFFF.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Anything a text needs work for: forbidden characters or characters XML escapes.
_SPECIAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f&<>\ud800-\udfff\ufffe\uffff]")
_SPACE = " \t\n\r"
_FORBIDDEN_IN_NAMES = re.compile(r"[\[\]:*?/\\]")

# Style indexes into cellXfs of styles.xml, below.
_BOLD, _DATE, _DATETIME, _TIME = 1, 2, 3, 4

_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE = "application/vnd.openxmlformats-officedocument"
_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

_STYLES = (
    _DECLARATION + f'<styleSheet xmlns="{_NS}">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
    '<numFmt numFmtId="165" formatCode="yyyy-mm-dd h:mm:ss"/></numFmts>'
    '<fonts count="2">'
    '<font><sz val="11"/><color theme="1"/><name val="Calibri"/><family val="2"/>'
    '<scheme val="minor"/></font>'
    '<font><b/><sz val="11"/><color theme="1"/><name val="Calibri"/><family val="2"/>'
    '<scheme val="minor"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="5">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="21" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '</cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    '</styleSheet>'
)

_ROOT_RELS = (
    _DECLARATION + f'<Relationships xmlns="{_PKG_REL}">'
    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
    'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{_REL}/extended-properties" Target="docProps/app.xml"/>'
    '</Relationships>'
)


class SheetTooLarge(ValueError):
    """A sheet has more rows, or more data, than an XLSX sheet holds."""

    def __init__(self, sheet: str) -> None:
        super().__init__(f"sheet {sheet!r} is too large for an XLSX file")
        self.sheet = sheet


def column_letter(index: int) -> str:
    """The letters of a column, from 1: 1 → A, 27 → AA."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def clean_text(text: str) -> str:
    """A text as a cell holds it: no characters XML forbids, at most 32,767 characters
    (as Excel counts them: an emoji counts two)."""
    if _ILLEGAL.search(text):
        text = _ILLEGAL.sub("", text)
    if len(text) > MAX_TEXT // 2:
        units = text.encode("utf-16-le")
        if len(units) > 2 * MAX_TEXT:  # cut, without leaving half of a pair behind
            text = units[:2 * MAX_TEXT].decode("utf-16-le", errors="ignore")
    return text


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attribute(text: str) -> str:
    return _escape(text).replace('"', "&quot;")


def _text_cell(ref: str, text: str, style: str = "") -> str:
    if not text:
        return ""
    if len(text) > MAX_TEXT // 2 or _SPECIAL.search(text):
        text = _escape(clean_text(text))
        if not text:
            return ""
    if text[0] in _SPACE or text[-1] in _SPACE:
        return (f'<c r="{ref}"{style} t="inlineStr"><is><t xml:space="preserve">{text}</t>'
                '</is></c>')
    return f'<c r="{ref}"{style} t="inlineStr"><is><t>{text}</t></is></c>'


def _days(day: date) -> int | None:
    """Excel's serial number of a day; None before 1900 (Excel shows no such dates)."""
    days = day.toordinal() - _EPOCH
    if days > 60:
        return days
    if days > 1:
        return days - 1  # Excel counts a 29 February 1900 that never was
    return None


def _seconds(moment: datetime | time) -> int | float:
    seconds = moment.hour * 3600 + moment.minute * 60 + moment.second
    return seconds + moment.microsecond / 1e6 if moment.microsecond else seconds


def _cell(ref: str, value: object) -> str:
    """A cell of a value other than a plain text or int (those are done inline)."""
    if value is None:
        return ""
    if isinstance(value, str):  # a subclass (an enum's value): its plain text
        return _text_cell(ref, str.__str__(value))
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int):
        return f'<c r="{ref}"><v>{int(value)}</v></c>'
    if isinstance(value, float):
        if math.isfinite(value):
            return f'<c r="{ref}"><v>{float(value)!r}</v></c>'
        return _text_cell(ref, str(value))  # Excel has no NaN or infinity
    if isinstance(value, Decimal):
        if value.is_finite():
            return f'<c r="{ref}"><v>{value}</v></c>'
        return _text_cell(ref, str(value))
    if isinstance(value, datetime):
        days = _days(value)
        if days is None:
            return _text_cell(ref, value.isoformat(sep=" "))
        return f'<c r="{ref}" s="{_DATETIME}"><v>{days + _seconds(value) / 86400!r}</v></c>'
    if isinstance(value, date):
        days = _days(value)
        if days is None:
            return _text_cell(ref, value.isoformat())
        return f'<c r="{ref}" s="{_DATE}"><v>{days}</v></c>'
    if isinstance(value, time):
        return f'<c r="{ref}" s="{_TIME}"><v>{_seconds(value) / 86400!r}</v></c>'
    return _text_cell(ref, str(value))


def _check_name(name: str, seen: set[str]) -> None:
    if not name or len(name) > 31 or _FORBIDDEN_IN_NAMES.search(name) or name[0] == "'" \
            or name[-1] == "'":
        raise ValueError(f"not a valid sheet name: {name!r}")
    if name.lower() in seen:
        raise ValueError(f"sheet name given twice: {name!r}")
    seen.add(name.lower())


class XlsxWriter:
    """Writes a workbook to a binary file opened for writing (the caller closes it).

    The sheet names are given first (the workbook's parts that list them are written at
    once); then :meth:`write_sheet` is called for each, in that order; then :meth:`close`
    (or use the writer as a context manager)::

        with XlsxWriter(handle, ["requests"]) as book:
            book.write_sheet("requests", ["id", "title"], rows, widths=[8, 44])
    """

    def __init__(self, handle: BinaryIO, sheet_names: Sequence[str], *,
                 creator: str = "officer-tui", created: datetime | None = None) -> None:
        seen: set[str] = set()
        for name in sheet_names:
            _check_name(name, seen)
        if not sheet_names:
            raise ValueError("a workbook needs at least one sheet")
        self._names = list(sheet_names)
        self._written = 0
        created = (created or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
        # zip entries: local time, and no earlier than zip's 1980
        self._stamp = max(created.astimezone().timetuple()[:6], (1980, 1, 1, 0, 0, 0))
        # zlib's default level (6): at scale a level of 1 saves a sixth of the time, and
        # makes the file a quarter larger
        self._zip = zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED)
        self._put("[Content_Types].xml", self._content_types())
        self._put("_rels/.rels", _ROOT_RELS)
        self._put("docProps/core.xml", self._core(creator, created))
        self._put("docProps/app.xml", self._app(creator))
        self._put("xl/workbook.xml", self._workbook())
        self._put("xl/_rels/workbook.xml.rels", self._workbook_rels())
        self._put("xl/styles.xml", _STYLES)

    def __enter__(self) -> XlsxWriter:
        return self

    def __exit__(self, kind, error, traceback) -> None:
        if kind is None:
            self.close()
        else:  # the caller throws the file away: only let go of it
            self._zip.close()

    def close(self) -> None:
        """Finish the file (the zip's directory); every named sheet must be written."""
        if self._written != len(self._names):
            self._zip.close()
            raise ValueError(f"sheet {self._names[self._written]!r} was not written")
        self._zip.close()

    def write_sheet(self, name: str, headers: Sequence[str], rows: Iterable[Sequence[object]],
                    *, widths: Sequence[float] | None = None,
                    expected_rows: int | None = None) -> int:
        """Write the next sheet: a bold, frozen header row with a filter, then ``rows``
        (read one by one, as they come); the number of rows written (without the header).

        ``expected_rows``, when known, goes into the sheet's dimension (a hint readers use
        for the sheet's size); without it the dimension is left out. More than 1,048,575
        rows or 2 GiB of XML raise :class:`SheetTooLarge` (the caller throws the file away).
        """
        if self._written >= len(self._names) or self._names[self._written] != name:
            raise ValueError(f"sheet {name!r} is not the next one named")
        if not headers or len(headers) > MAX_COLUMNS:
            raise ValueError(f"sheet {name!r} needs 1 to {MAX_COLUMNS} columns")
        letters = [column_letter(index) for index in range(1, len(headers) + 1)]
        last = letters[-1]
        index = self._written + 1
        with self._zip.open(self._entry(f"xl/worksheets/sheet{index}.xml"), "w") as stream:
            stream.write(self._sheet_top(index, letters, widths, expected_rows).encode())
            count = self._write_rows(stream, name, letters, headers, rows)
            stream.write((f'</sheetData><autoFilter ref="A1:{last}{count + 1}"/>'
                          '<pageMargins left="0.75" right="0.75" top="1" bottom="1" '
                          'header="0.5" footer="0.5"/></worksheet>').encode())
        self._written += 1
        return count

    def _write_rows(self, stream, name: str, letters: list[str], headers: Sequence[str],
                    rows: Iterable[Sequence[object]]) -> int:
        header = "".join(_text_cell(letter + "1", str(text), f' s="{_BOLD}"')
                         for letter, text in zip(letters, headers, strict=True))
        chunk = [f'<row r="1">{header}</row>']
        number = 1
        limit = MAX_ROWS
        size = 0  # bytes of XML written so far, roughly: the top and bottom are small
        epoch, epoch_60 = _EPOCH, _EPOCH + 60
        half = MAX_TEXT // 2  # longer texts may need cutting: checked in _text_cell
        # The hot loop: plain texts and ints (most cells) are written here, without a call.
        for values in rows:
            number += 1
            if number > limit:
                raise SheetTooLarge(name)
            row = str(number)
            parts = [f'<row r="{row}">']
            for letter, value in zip(letters, values, strict=False):  # short rows: blanks
                kind = type(value)
                if kind is str:
                    if value:
                        if len(value) > half or _SPECIAL.search(value) \
                                or value[0] in _SPACE or value[-1] in _SPACE:
                            parts.append(_text_cell(letter + row, value))
                        else:
                            parts.append(f'<c r="{letter}{row}" t="inlineStr"><is><t>{value}'
                                         '</t></is></c>')
                elif kind is int:
                    parts.append(f'<c r="{letter}{row}"><v>{value}</v></c>')
                elif kind is date and value.toordinal() > epoch_60:  # after 1900-02-28
                    parts.append(f'<c r="{letter}{row}" s="{_DATE}"><v>'
                                 f'{value.toordinal() - epoch}</v></c>')
                elif kind is datetime and value.toordinal() > epoch_60 and value.tzinfo is None:
                    seconds = value.hour * 3600 + value.minute * 60 + value.second \
                        + value.microsecond / 1e6
                    parts.append(f'<c r="{letter}{row}" s="{_DATETIME}"><v>'
                                 f'{value.toordinal() - epoch + seconds / 86400!r}</v></c>')
                elif value is not None:
                    parts.append(_cell(letter + row, value))
            parts.append("</row>")
            chunk.append("".join(parts))
            if len(chunk) >= FLUSH_EVERY:
                size = self._flush(stream, name, chunk, size)
        self._flush(stream, name, chunk, size)
        return number - 1

    @staticmethod
    def _flush(stream, name: str, chunk: list[str], size: int) -> int:
        data = "".join(chunk).encode()
        chunk.clear()
        size += len(data)
        if size > MAX_PART_BYTES - 1_000_000:  # refused before the zip entry is too large
            raise SheetTooLarge(name)
        stream.write(data)
        return size

    def _sheet_top(self, index: int, letters: list[str], widths: Sequence[float] | None,
                   expected_rows: int | None) -> str:
        top = [_DECLARATION, f'<worksheet xmlns="{_NS}" xmlns:r="{_REL}">',
               '<sheetPr><outlinePr summaryBelow="1" summaryRight="1"/></sheetPr>']
        if expected_rows is not None:
            top.append(f'<dimension ref="A1:{letters[-1]}{expected_rows + 1}"/>')
        selected = ' tabSelected="1"' if index == 1 else ""
        top.append(f'<sheetViews><sheetView{selected} workbookViewId="0">'
                   '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
                   '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
                   '</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>')
        if widths:
            top.append("<cols>")
            for number, width in enumerate(widths[:len(letters)], start=1):
                top.append(f'<col min="{number}" max="{number}" width="{float(width):g}" '
                           'customWidth="1"/>')
            top.append("</cols>")
        top.append("<sheetData>")
        return "".join(top)

    def _entry(self, name: str) -> zipfile.ZipInfo:
        entry = zipfile.ZipInfo(name, date_time=self._stamp)
        entry.compress_type = zipfile.ZIP_DEFLATED
        return entry

    def _put(self, name: str, text: str) -> None:
        self._zip.writestr(self._entry(name), text.encode())

    def _content_types(self) -> str:
        sheets = "".join(
            f'<Override PartName="/xl/worksheets/sheet{index}.xml" '
            f'ContentType="{_OFFICE}.spreadsheetml.worksheet+xml"/>'
            for index in range(1, len(self._names) + 1))
        return (
            _DECLARATION
            + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            f'ContentType="{_OFFICE}.spreadsheetml.sheet.main+xml"/>'
            + sheets
            + '<Override PartName="/xl/styles.xml" '
            f'ContentType="{_OFFICE}.spreadsheetml.styles+xml"/>'
            '<Override PartName="/docProps/core.xml" '
            'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            '<Override PartName="/docProps/app.xml" '
            f'ContentType="{_OFFICE}.extended-properties+xml"/></Types>'
        )

    def _core(self, creator: str, created: datetime) -> str:
        stamp = created.strftime("%Y-%m-%dT%H:%M:%SZ")
        return (
            _DECLARATION
            + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
            'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/'
            'dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:creator>{_escape(clean_text(creator))}</dc:creator>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
            "</cp:coreProperties>"
        )

    def _app(self, creator: str) -> str:
        return (
            _DECLARATION
            + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
            'extended-properties">'
            f"<Application>{_escape(clean_text(creator))}</Application></Properties>"
        )

    def _workbook(self) -> str:
        sheets = "".join(
            f'<sheet name="{_attribute(name)}" sheetId="{index}" r:id="rId{index}"/>'
            for index, name in enumerate(self._names, start=1))
        return (_DECLARATION + f'<workbook xmlns="{_NS}" xmlns:r="{_REL}">'
                '<bookViews><workbookView activeTab="0"/></bookViews>'
                f"<sheets>{sheets}</sheets></workbook>")

    def _workbook_rels(self) -> str:
        count = len(self._names)
        rels = "".join(
            f'<Relationship Id="rId{index}" Type="{_REL}/worksheet" '
            f'Target="worksheets/sheet{index}.xml"/>' for index in range(1, count + 1))
        return (_DECLARATION + f'<Relationships xmlns="{_PKG_REL}">{rels}'
                f'<Relationship Id="rId{count + 1}" Type="{_REL}/styles" Target="styles.xml"/>'
                "</Relationships>")
