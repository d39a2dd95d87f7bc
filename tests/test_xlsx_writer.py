"""The streaming XLSX writer: what openpyxl (and LibreOffice, where installed) reads back,
the parts of the package, bold frozen filtered headers, and rows streamed, not collected."""

from __future__ import annotations

import hashlib
import io
import shutil
import subprocess
import zipfile
from datetime import UTC, date, datetime, time
from decimal import Decimal
from xml.etree import ElementTree

import pytest

from officer_tui.services.xlsx_writer import MAX_TEXT, XlsxWriter, column_letter

HEADERS = ["id", "text", "day", "moment", "start", "amount", "share", "done", "empty", "blank"]
ROW = [7, "Grüße aus Köln 🎉", date(2026, 3, 2), datetime(2026, 3, 2, 14, 30, 15), time(9, 30),
       Decimal("1234.50"), 0.25, True, None, ""]


def write(rows_by_sheet: dict[str, list[list[object]]], headers=HEADERS, **options) -> bytes:
    buffer = io.BytesIO()
    with XlsxWriter(buffer, list(rows_by_sheet), **options) as book:
        for name, rows in rows_by_sheet.items():
            assert book.write_sheet(name, headers, iter(rows), widths=[8] * len(headers),
                                    expected_rows=len(rows)) == len(rows)
    return buffer.getvalue()


def load(data: bytes, **options):
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(data), **options)


def test_every_kind_of_value_reads_back_as_the_same_kind():
    book = load(write({"data": [ROW]}))
    sheet = book["data"]
    assert [cell.value for cell in sheet[1]] == HEADERS
    values = [cell.value for cell in sheet[2]]
    assert values[0] == 7 and isinstance(values[0], int)
    assert values[1] == "Grüße aus Köln 🎉"
    assert values[2] == datetime(2026, 3, 2)  # a real date cell: openpyxl reads a datetime
    assert sheet["C2"].is_date and sheet["C2"].number_format == "yyyy-mm-dd"
    assert values[3] == datetime(2026, 3, 2, 14, 30, 15)
    assert sheet["D2"].number_format == "yyyy-mm-dd h:mm:ss"
    assert values[4] == time(9, 30)
    assert values[5] == 1234.5 and values[6] == 0.25
    assert values[7] is True
    assert values[8] is None and values[9] is None  # None and "" are empty cells
    assert sheet.max_column == len(HEADERS)


def test_text_that_looks_like_a_formula_stays_text_and_text_is_made_safe():
    long_text = "ä" * 40_000
    texts = ["=SUM(A1)", "=1+1 \x07Summe\x00", "<b>Tom & Jerry</b> \"quoted\"", "  indented",
             "line 1\nline 2\n", long_text, "\x01\x02", "a" + "🎉" * 20_000]
    rows = [[index, text] for index, text in enumerate(texts, start=1)]
    sheet = load(write({"texts": rows}, headers=["id", "text"]))["texts"]
    cells = [sheet.cell(row=row, column=2) for row in range(2, len(texts) + 2)]
    assert all(cell.data_type == "s" for cell in cells[:6] + cells[7:])  # never a formula ("f")
    assert [cell.value for cell in cells[:5]] == [
        "=SUM(A1)", "=1+1 Summe", "<b>Tom & Jerry</b> \"quoted\"", "  indented",
        "line 1\nline 2\n"]
    assert cells[5].value == "ä" * MAX_TEXT  # cut to what a cell holds
    assert cells[6].value is None  # nothing left after the control characters: empty
    assert cells[7].value == "a" + "🎉" * 16_383  # Excel counts an emoji as two characters


def test_dates_around_1900_and_odd_numbers():
    rows = [[1, date(1900, 2, 28)], [2, date(1900, 3, 1)], [3, date(1899, 12, 31)],
            [4, float("nan")], [5, 10**15], [6, False], [7, datetime(1999, 12, 31, 23, 59, 59)],
            [8, time(0, 0)]]
    sheet = load(write({"odd": rows}, headers=["id", "value"]))["odd"]
    values = [sheet.cell(row=row, column=2).value for row in range(2, len(rows) + 2)]
    assert values[0] == datetime(1900, 2, 28)  # Excel's phantom 29 February 1900 skipped
    assert values[1] == datetime(1900, 3, 1)
    assert values[2] == "1899-12-31"  # Excel shows no dates before 1900: kept as text
    assert values[3] == "nan"  # Excel has no NaN
    assert values[4] == 10**15 and values[5] is False
    assert values[6] == datetime(1999, 12, 31, 23, 59, 59)
    assert values[7] == time(0, 0)


def test_the_package_has_every_required_part_of_well_formed_xml():
    created = datetime(2026, 3, 2, 8, 15, tzinfo=UTC)
    data = write({"units": [ROW], "requests": [ROW, ROW]}, created=created)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        assert names[0] == "[Content_Types].xml"  # first, as tools that sniff the type expect
        assert {"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml",
                "xl/_rels/workbook.xml.rels", "xl/styles.xml", "docProps/core.xml",
                "docProps/app.xml", "xl/worksheets/sheet1.xml",
                "xl/worksheets/sheet2.xml"} == set(names)
        for info in archive.infolist():
            assert info.compress_type == zipfile.ZIP_DEFLATED
            assert info.date_time == created.astimezone().timetuple()[:6]  # in local time
        for name in names:
            ElementTree.fromstring(archive.read(name))  # well-formed
        types = archive.read("[Content_Types].xml").decode()
        assert "/xl/worksheets/sheet2.xml" in types
    book = load(data)
    assert book.sheetnames == ["units", "requests"]
    assert book.properties.creator == "officer-tui"
    assert book.properties.created == datetime(2026, 3, 2, 8, 15)


def test_headers_are_bold_and_frozen_with_a_filter_and_widths():
    buffer = io.BytesIO()
    with XlsxWriter(buffer, ["requests"]) as book:
        book.write_sheet("requests", ["id", "title", "status"],
                         [[1, "Drucker", "open"], [2, "WLAN", "done"]], widths=[8, 44, 14.5])
    sheet = load(buffer.getvalue())["requests"]
    assert all(cell.font.bold for cell in sheet[1])
    assert not sheet["B2"].font.bold
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:C3"
    assert [sheet.column_dimensions[letter].width for letter in "ABC"] == [8, 44, 14.5]


def test_read_only_mode_as_the_import_reads_it_sees_every_row():
    rows = [[number, f"Anfrage {number}", None, date(2026, 1, 1)] for number in range(1, 1201)]
    book = load(write({"requests": rows}, headers=["id", "title", "note", "on"]),
                read_only=True, data_only=True)
    sheet = book["requests"]
    assert sheet.max_row == 1201 and sheet.max_column == 4  # from the dimension
    read = list(sheet.iter_rows(values_only=True))
    assert read[0] == ("id", "title", "note", "on")
    assert read[1200] == (1200, "Anfrage 1200", None, datetime(2026, 1, 1))
    book.close()


def test_rows_are_streamed_into_the_file_not_collected_first(tmp_path):
    path = tmp_path / "big.xlsx"
    sizes = []

    def rows():
        for number in range(1, 30_001):
            if number == 25_000:
                sizes.append(path.stat().st_size)  # what reached the file so far
            # text that does not compress away, so written data shows up on disk
            yield [number, hashlib.sha256(str(number).encode()).hexdigest()]

    with path.open("wb") as handle, XlsxWriter(handle, ["big"]) as book:
        assert book.write_sheet("big", ["id", "hash"], rows()) == 30_000
    assert sizes[0] > 500_000, "rows reach the file while later rows are still produced"
    sheet = load(path.read_bytes(), read_only=True)["big"]
    last = list(sheet.iter_rows(min_row=30_001, values_only=True))
    assert last == [(30_000, hashlib.sha256(b"30000").hexdigest())]


def test_mistakes_in_use_are_refused():
    with pytest.raises(ValueError, match="not a valid sheet name"):
        XlsxWriter(io.BytesIO(), ["a/b"])
    with pytest.raises(ValueError, match="not a valid sheet name"):
        XlsxWriter(io.BytesIO(), ["x" * 32])
    with pytest.raises(ValueError, match="given twice"):
        XlsxWriter(io.BytesIO(), ["Units", "units"])
    book = XlsxWriter(io.BytesIO(), ["one", "two"])
    with pytest.raises(ValueError, match="not the next one"):
        book.write_sheet("two", ["id"], [])
    book.write_sheet("one", ["id"], [])
    with pytest.raises(ValueError, match="'two' was not written"):
        book.close()


def test_column_letters():
    assert [column_letter(n) for n in (1, 26, 27, 52, 53, 702, 703, 16_384)] == [
        "A", "Z", "AA", "AZ", "BA", "ZZ", "AAA", "XFD"]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_it(tmp_path):
    path = tmp_path / "check.xlsx"
    path.write_bytes(write({"data": [ROW]}))
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless",
                    "--convert-to", "csv", "--outdir", str(tmp_path), str(path)],
                   check=True, capture_output=True, timeout=120)
    text = (tmp_path / "check.csv").read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith("id,text,day,moment")
    assert "Grüße aus Köln" in text and "2026-03-02" in text
