"""CSV and XLSX exports of everything: files read back (BOM, umlauts, counts, resolved names),
XLSX opened with openpyxl (sheets, bold frozen header, real dates), privacy of the files."""

from __future__ import annotations

import csv
import io
import stat
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from officer_tui.models.org import Contact
from officer_tui.models.request import Request
from officer_tui.services import contacts, requests, units
from officer_tui.services.database import open_database
from officer_tui.services.errors import ValidationError
from officer_tui.services.spreadsheet_tables import TABLES
from officer_tui.services.spreadsheets import export_csv, export_xlsx


@pytest.fixture
def demo_session(demo_url):
    """A session on a copy of the demo data (seeded once per run and database)."""
    database = open_database(demo_url)
    with database.session() as session:
        yield session
    database.close()


def read_csv(path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM, for spreadsheet programs"
    return list(csv.DictReader(io.StringIO(raw[3:].decode("utf-8"), newline=""), delimiter=";"))


def count(session, model) -> int:
    return session.execute(select(func.count()).select_from(model)).scalar_one()


def test_csv_has_one_private_file_per_entity_with_all_rows(demo_session, tmp_path):
    folder = tmp_path / "out" / "csv"  # created, with its parent
    seen = []
    files = export_csv(demo_session, folder=folder, progress=lambda label, done, total: seen.append(label))
    assert [f.name for f in files] == [f"{t.key}.csv" for t in TABLES]
    assert {"requests.csv", "contacts.csv", "units.csv", "meeting_participants.csv",
            "enrollments.csv", "contact_logs.csv", "strategic_goals.csv"} <= {f.name for f in files}
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    rows = read_csv(folder / "requests.csv")
    assert len(rows) == count(demo_session, Request)
    assert list(rows[0])[:5] == ["id", "title", "description", "unit_id", "unit"]
    assert "Requests" in seen and "Contacts" in seen
    assert not list(folder.glob(".*")), "no temporary files left behind"


def test_csv_resolves_names_keeps_umlauts_iso_dates_and_stored_enum_values(session, tmp_path):
    museum = units.create_unit(session, data={"name": "Stadtmuseum Köln-Süd", "kind": "museum"})
    jorg = contacts.create_contact(session, data={"name": "Jörg Weiß", "unit_id": museum.id,
                                                  "email": "jw@example.org"})
    request = requests.create_request(session, data={
        "title": "Drucker für Führungen; „dringend“", "unit_id": museum.id,
        "requester_id": jorg.id, "received_on": date(2026, 2, 20), "due_on": date(2026, 3, 9),
        "description": "Zeile 1\nZeile 2"})
    requests.set_status(session, request_id=request.id, status="in_progress")
    export_csv(session, folder=tmp_path)
    [row] = read_csv(tmp_path / "requests.csv")
    assert row["title"] == "Drucker für Führungen; „dringend“"  # ; inside a field is quoted
    assert row["description"] == "Zeile 1\nZeile 2"
    assert (row["unit_id"], row["unit"]) == (str(museum.id), "Stadtmuseum Köln-Süd")
    assert (row["requester_id"], row["requester"]) == (str(jorg.id), "Jörg Weiß")
    assert (row["received_on"], row["due_on"]) == ("2026-02-20", "2026-03-09")
    assert (row["status"], row["priority"], row["channel"]) == ("in_progress", "normal", "mail")


def test_erased_people_show_as_erased_without_personal_data(session, tmp_path):
    from officer_tui.services.gdpr import erase_person

    unit = units.create_unit(session, data={"name": "Stadtbibliothek"})
    anna = contacts.create_contact(session, data={"name": "Anna Albers", "unit_id": unit.id,
                                                  "email": "anna@example.org", "phone": "0555 1"})
    requests.create_request(session, data={"title": "WLAN", "unit_id": unit.id,
                                           "requester_id": anna.id})
    erase_person(session, contact_id=anna.id)
    export_csv(session, folder=tmp_path)
    [person] = read_csv(tmp_path / "contacts.csv")
    assert person["name"] == "" and person["email"] == "" and person["phone"] == ""
    assert person["erased"]  # the moment of the erasure
    [request] = read_csv(tmp_path / "requests.csv")
    assert request["requester"] == "erased person"
    assert "Anna" not in (tmp_path / "requests.csv").read_text(encoding="utf-8-sig")


def test_rerunning_overwrites_and_a_file_as_folder_is_refused(session, tmp_path):
    unit = units.create_unit(session, data={"name": "Musikschule"})
    export_csv(session, folder=tmp_path)
    (tmp_path / "units.csv").chmod(0o644)
    units.update_unit(session, unit_id=unit.id, changes={"name": "Musikschule Hohenstein"})
    export_csv(session, folder=tmp_path)
    [row] = read_csv(tmp_path / "units.csv")
    assert row["name"] == "Musikschule Hohenstein"
    assert stat.S_IMODE((tmp_path / "units.csv").stat().st_mode) == 0o600
    with pytest.raises(ValidationError) as error:
        export_csv(session, folder=tmp_path / "units.csv")
    assert error.value.field == "out" and "is a file" in error.value.message


def test_xlsx_has_a_sheet_per_entity_bold_frozen_headers_and_real_dates(demo_session, tmp_path):
    from openpyxl import load_workbook

    path = tmp_path / "officer.xlsx"
    counts = export_xlsx(demo_session, path=path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert counts["requests"] == count(demo_session, Request) and counts["contacts"] == count(demo_session, Contact)
    book = load_workbook(path)
    assert book.sheetnames == [t.key for t in TABLES]
    sheet = book["requests"]
    header = [cell.value for cell in sheet[1]]
    assert header[:5] == ["id", "title", "description", "unit_id", "unit"]
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.max_row == counts["requests"] + 1
    received = sheet.cell(row=2, column=header.index("received_on") + 1).value
    assert isinstance(received, datetime)  # a real date cell (openpyxl reads it as datetime)
    assert sheet.column_dimensions["B"].width >= 40  # titles get room


def test_xlsx_keeps_text_that_looks_like_a_formula_as_text(session, tmp_path):
    from openpyxl import load_workbook

    unit = units.create_unit(session, data={"name": "=HYPERLINK(\"x\")"})
    request = requests.create_request(session, data={"title": "=1+1 Summe", "unit_id": unit.id})
    request.title = "=1+1 Summe \x07"  # older data: the services no longer store control characters
    session.add(request)
    session.commit()
    path = tmp_path / "out.xlsx"
    export_xlsx(session, path=path)
    cell = load_workbook(path)["requests"]["B2"]
    assert cell.data_type == "s" and cell.value == "=1+1 Summe "
    with pytest.raises(ValidationError) as error:
        export_xlsx(session, path=tmp_path / "out.csv")
    assert error.value.field == "out"


def test_xlsx_reads_back_like_the_csv_through_the_import_reader(demo_session, tmp_path):
    from openpyxl import load_workbook

    from officer_tui.services.tables import read_table

    export_csv(demo_session, folder=tmp_path)
    path = tmp_path / "officer.xlsx"
    export_xlsx(demo_session, path=path)
    headers, rows = read_table(path)  # the first sheet, as `officer import` reads it
    csv_rows = read_csv(tmp_path / "units.csv")
    assert headers == list(csv_rows[0])
    # the same texts, numbers and dates (the import reads moments to the minute only)
    assert [row[:-2] for row in rows] == [list(row.values())[:-2] for row in csv_rows]
    book = load_workbook(path, read_only=True)
    assert book.properties.creator == "officer-tui"
    assert book.properties.created is not None
    book.close()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_xlsx_refuses_a_table_larger_than_a_sheet_and_leaves_no_file(demo_session, tmp_path, monkeypatch):
    from officer_tui.services import xlsx_writer

    monkeypatch.setattr(xlsx_writer, "MAX_ROWS", 4)  # Excel's 1,048,576, made reachable
    folder = tmp_path / "out"
    with pytest.raises(ValidationError) as error:
        export_xlsx(demo_session, path=folder / "officer.xlsx")
    assert error.value.field == "out"
    assert error.value.message.startswith("Units: more rows or text than an XLSX sheet holds")
    assert list(folder.iterdir()) == []  # neither the file nor its temporary part
