"""Requests and contacts from CSV/XLSX: encodings, header guessing, preview with per-line
results (new / duplicate / error naming the column), apply in one transaction, twice → nothing."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from officer_tui.models.enums import Priority, RequestStatus
from officer_tui.models.org import Contact
from officer_tui.models.request import Request
from officer_tui.services import contacts, requests, units
from officer_tui.services import table_import as ti
from officer_tui.services.errors import ValidationError
from officer_tui.services.table_import_fields import guess_kind, guess_mapping
from officer_tui.services.tables import read_table

REQUESTS_CSV = (
    "Titel;Beschreibung;Bereich;Eingegangen am;Priorität;Status;Fällig;Anfragende;Ticket\n"
    "Drucker im Lesesaal;Papierstau;Stadtbibliothek;02.03.2026;hoch;neu;10.03.2026;Jörg Weiß;\n"
    "Scanner kaputt;;Stadtbiblothek;01.03.2026;;;;;\n"
    "WLAN weg;;Stadtmuseum;31.02.2026;;;;;\n"
    "Drucker im Lesesaal;;stadtbibliothek;2026-03-02;;;;;\n"
    "Kasse;;Stadtmuseum;27.02.2026;dringend;weitergeleitet;;;INC-1\n"
    "Alte Anfrage;;SM;2026-01-05;normal;erledigt;;;\n"
)


@pytest.fixture
def org(session) -> dict[str, int]:
    library = units.create_unit(session, data={"name": "Stadtbibliothek", "kind": "library"})
    museum = units.create_unit(session, data={"name": "Stadtmuseum", "short_name": "SM",
                                              "kind": "museum"})
    it = units.create_unit(session, data={"name": "KommunalIT", "kind": "it_provider"})
    jorg = contacts.create_contact(session, data={"name": "Jörg Weiß", "unit_id": library.id,
                                                  "email": "joerg.weiss@example.org"})
    return {"library": library.id, "museum": museum.id, "it": it.id, "jorg": jorg.id}


def count(session, model) -> int:
    return session.execute(select(func.count()).select_from(model)).scalar_one()


def table(tmp_path, text: str, *, name: str = "liste.csv", encoding: str = "utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    headers, rows = read_table(path)
    return headers, rows


def test_windows_1252_file_with_german_headers_is_read_and_guessed(tmp_path):
    headers, rows = table(tmp_path, REQUESTS_CSV, encoding="cp1252")
    assert headers[4] == "Priorität" and rows[0][7] == "Jörg Weiß"  # no mojibake
    assert guess_kind(headers) == "requests"
    assert guess_mapping("requests", headers) == {
        "title": 0, "description": 1, "unit": 2, "received_on": 3, "priority": 4, "status": 5,
        "due_on": 6, "requester": 7, "ticket_ref": 8}


@pytest.mark.parametrize("raw, reason", [
    ("Titel;Bereich\nFührung;Museum\n".encode().decode("cp1252").encode("utf-8"),
     "garbled umlauts"),
    (b"Titel;Bereich\nF\x81hrung;Museum\n", "neither UTF-8 nor Windows-1252"),
])
def test_garbled_or_unknown_encodings_are_refused_by_name(tmp_path, raw, reason):
    path = tmp_path / "kaputt.csv"
    path.write_bytes(raw)
    with pytest.raises(ValidationError) as error:
        read_table(path)
    assert error.value.field == "file" and reason in error.value.message


def test_utf16_from_excel_unicode_text_is_read(tmp_path):
    headers, rows = table(tmp_path, "Name\tE-Mail\nÄnne Öz\ta@example.org\n", name="l.txt",
                          encoding="utf-16")
    assert headers == ["Name", "E-Mail"] and rows == [["Änne Öz", "a@example.org"]]
    assert guess_kind(headers) == "contacts"


def test_preview_gives_each_line_its_result_and_writes_nothing(session, org, tmp_path):
    headers, rows = table(tmp_path, REQUESTS_CSV, encoding="cp1252")
    headers.append("Weitergeleitet an")
    rows = [row + ["KommunalIT" if row[0] == "Kasse" else ""] for row in rows]
    preview = ti.preview(session, kind="requests", headers=headers, rows=rows,
                         mapping=guess_mapping("requests", headers))
    by_line = {line.line_no: line for line in preview.lines}
    assert by_line[2].outcome == "new"
    assert by_line[3].outcome == "error" and by_line[3].column == "Bereich"
    assert "did you mean: Stadtbibliothek" in by_line[3].message
    assert by_line[4].outcome == "error" and by_line[4].column == "Eingegangen am"
    assert "not a real date" in by_line[4].message
    assert by_line[5].outcome == "duplicate" and "line 2" in by_line[5].message
    assert by_line[6].outcome == "new"  # forwarded, with the unit it went to
    assert by_line[7].outcome == "error" and by_line[7].column == "Status"
    assert "resolution" in by_line[7].message
    assert (preview.new, preview.duplicates, preview.errors) == (2, 1, 3)
    assert count(session, Request) == 0


def test_apply_creates_the_good_lines_with_the_request_rules_and_twice_nothing(session, org, tmp_path):
    headers, rows = table(tmp_path, REQUESTS_CSV)
    mapping = guess_mapping("requests", headers)
    result = ti.apply_import(session, kind="requests", headers=headers, rows=rows, mapping=mapping)
    assert (result.created, result.duplicates, result.errors) == (1, 1, 4)  # Kasse: no unit
    printer = session.get(Request, result.created_ids[0])
    assert printer.title == "Drucker im Lesesaal" and printer.unit_id == org["library"]
    assert printer.requester_id == org["jorg"] and printer.priority == Priority.HIGH
    assert printer.received_on == date(2026, 3, 2) and printer.due_on == date(2026, 3, 10)
    assert printer.status == RequestStatus.NEW and printer.urgency > 0
    assert printer.search_text  # kept like a request captured in the app
    again = ti.apply_import(session, kind="requests", headers=headers, rows=rows, mapping=mapping)
    assert again.created == 0 and again.duplicates == 2
    assert count(session, Request) == 1
    line = ti.preview(session, kind="requests", headers=headers, rows=rows,
                      mapping=mapping).lines[0]
    assert line.outcome == "duplicate" and line.existing_id == printer.id


def test_a_future_received_date_is_refused_as_the_service_refuses_it(session, org, tmp_path):
    headers, rows = table(tmp_path, "Title;Unit;Received\nX;Stadtmuseum;2027-01-01\n")
    [line] = ti.preview(session, kind="requests", headers=headers, rows=rows,
                        mapping=guess_mapping("requests", headers)).lines
    assert line.outcome == "error" and line.column == "Received"
    assert line.message == "cannot lie in the future"


def test_contacts_from_xlsx_by_first_and_last_name_with_duplicates(session, org, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Vorname", "Nachname", "E-Mail", "Telefon", "Funktion", "Fachbereich"])
    sheet.append(["Jörg", "Weiß", "", "", "", "Stadtbibliothek"])  # same name, same unit
    sheet.append(["J.", "Weiss", "JOERG.WEISS@example.org", "", "", ""])  # same e-mail
    sheet.append(["Erika", "Neumann", "erika@example.org", "0555 12-3", "Leitung", "SM"])
    sheet.append(["Ben", "Brandt", "kein-mail", "", "", ""])
    sheet.append(["Erika", "Neumann", "", "", "", "Stadtmuseum"])  # as line 4
    path = tmp_path / "kontakte.xlsx"
    book.save(path)
    headers, rows = read_table(path)
    assert guess_kind(headers) == "contacts"
    mapping = guess_mapping("contacts", headers)
    preview = ti.preview(session, kind="contacts", headers=headers, rows=rows, mapping=mapping)
    outcomes = [(line.line_no, line.outcome) for line in preview.lines]
    assert outcomes == [(2, "duplicate"), (3, "duplicate"), (4, "new"), (5, "error"),
                        (6, "duplicate")]
    assert preview.lines[3].column == "E-Mail" and "e-mail address" in preview.lines[3].message
    result = ti.apply_import(session, kind="contacts", headers=headers, rows=rows, mapping=mapping)
    erika = session.get(Contact, result.created_ids[0])
    assert (erika.name, erika.unit_id, erika.phone, erika.role) == (
        "Erika Neumann", org["museum"], "0555 12-3", "Leitung")
    assert erika.name_folded == "erika neumann"
    assert count(session, Contact) == 2


def test_an_exported_requests_file_comes_back_as_duplicates(session, org, tmp_path):
    from officer_tui.services.spreadsheets import export_csv

    requests.create_request(session, data={"title": "Beamer", "unit_id": org["museum"],
                                           "received_on": date(2026, 2, 2)})
    export_csv(session, folder=tmp_path)
    headers, rows = read_table(tmp_path / "requests.csv")
    assert guess_kind(headers) == "requests"
    preview = ti.preview(session, kind="requests", headers=headers, rows=rows,
                         mapping=guess_mapping("requests", headers))
    assert [line.outcome for line in preview.lines] == ["duplicate"]


@pytest.mark.parametrize("text, kind, reason", [
    ("Titel;Bereich\n", "requests", "header row but no lines"),
    ("Beschreibung;Bereich\nx;Stadtmuseum\n", "requests", "a request needs a title and a unit"),
    ("Telefon;Bereich\n0555;Stadtmuseum\n", "contacts", "no column with the people's names"),
])
def test_tables_without_what_is_needed_are_refused(session, org, tmp_path, text, kind, reason):
    headers, rows = table(tmp_path, text)
    with pytest.raises(ValidationError) as error:
        ti.preview(session, kind=kind, headers=headers, rows=rows,
                   mapping=guess_mapping(kind, headers))
    assert reason in error.value.message


def test_a_corrupt_xlsx_is_refused(tmp_path):
    path = tmp_path / "kaputt.xlsx"
    path.write_bytes(b"PK\x03\x04 truncated")
    with pytest.raises(ValidationError) as error:
        read_table(path)
    assert error.value.message == "is not a readable XLSX file"
