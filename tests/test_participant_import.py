"""Participant lists from CSV and XLSX: reading, column mapping, preview with reasons, apply."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from officer_tui.models.enums import EnrollmentStatus
from officer_tui.models.org import Contact
from officer_tui.models.training import Enrollment
from officer_tui.services import contacts, trainings, units
from officer_tui.services import participant_import as imp
from officer_tui.services.errors import ValidationError
from tests.conftest import TODAY


@pytest.fixture
def setup(session) -> dict[str, int]:
    museum = units.create_unit(session, data={"name": "Stadtmuseum", "kind": "museum",
                                              "headcount": 20})
    library = units.create_unit(session, data={"name": "Stadtbibliothek", "kind": "library"})
    anna = contacts.create_contact(session, data={"name": "Anna Müller", "unit_id": museum.id,
                                                  "email": "anna.mueller@hohenstein.example"})
    jorg = contacts.create_contact(session, data={"name": "Jörg Weiß", "unit_id": library.id})
    programme = trainings.add_programme(session, data={"title": "KI-Grundlagen",
                                                       "targets": [(museum.id, None)]})
    training = trainings.add_session(session, data={"programme_id": programme.id,
                                                    "held_on": TODAY, "capacity": 3})
    return {"museum": museum.id, "library": library.id, "anna": anna.id, "jorg": jorg.id,
            "session": training.id}


def count(session, model) -> int:
    return session.execute(select(func.count()).select_from(model)).scalar_one()


def test_csv_with_semicolons_and_bom(tmp_path):
    path = tmp_path / "liste.csv"
    path.write_bytes("\ufeffName;E-Mail;Fachbereich\nAnna Müller;a@x.example;Stadtmuseum\n"
                     .encode("utf-8"))
    headers, rows = imp.read_table(path)
    assert headers == ["Name", "E-Mail", "Fachbereich"]
    assert rows == [["Anna Müller", "a@x.example", "Stadtmuseum"]]
    assert imp.guess_mapping(headers) == {"name": 0, "email": 1, "unit": 2}


def test_csv_with_commas_and_windows_1252_umlauts(tmp_path):
    path = tmp_path / "liste.csv"
    path.write_bytes('Vorname,Nachname,Abteilung,Funktion\nJörg,Weiß,"Stadtbibliothek",Leitung\n'
                     .encode("cp1252"))
    headers, rows = imp.read_table(path)
    assert rows == [["Jörg", "Weiß", "Stadtbibliothek", "Leitung"]]
    assert imp.guess_mapping(headers) == {"first_name": 0, "last_name": 1, "unit": 2, "role": 3}


def test_xlsx_written_with_openpyxl(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Teilnehmer/in", "Mail", "Einrichtung"])
    sheet.append(["Anna Müller", "anna.mueller@hohenstein.example", "Stadtmuseum"])
    sheet.append([None, None, None])
    sheet.append(["Jörg Weiß", None, "Stadtbibliothek"])
    path = tmp_path / "liste.xlsx"
    book.save(path)
    headers, rows = imp.read_table(path)
    assert headers == ["Teilnehmer/in", "Mail", "Einrichtung"]
    assert [row[0] for row in rows] == ["Anna Müller", "Jörg Weiß"]
    assert imp.guess_mapping(headers) == {"name": 0, "email": 1, "unit": 2}


@pytest.mark.parametrize("name, content, reason", [
    ("liste.pdf", b"%PDF", "must be a .csv or .xlsx file"),
    ("leer.csv", b"", "is empty"),
    ("kaputt.xlsx", b"not a zip", "is not a readable XLSX file"),
])
def test_bad_files_are_refused(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ValidationError) as error:
        imp.read_table(path)
    assert (error.value.field, error.value.message) == ("file", reason)


def test_a_list_without_a_name_column_is_refused(session, setup, tmp_path):
    path = tmp_path / "liste.csv"
    path.write_text("E-Mail;Abteilung\na@x.example;Stadtmuseum\n", encoding="utf-8")
    headers, rows = imp.read_table(path)
    mapping = imp.guess_mapping(headers)
    with pytest.raises(ValidationError) as error:
        imp.preview(session, headers=headers, rows=rows, mapping=mapping,
                    session_id=setup["session"])
    assert error.value.field == "column"
    assert "E-Mail, Abteilung" in error.value.message


HEADERS = ["Name", "E-Mail", "Fachbereich"]
ROWS = [
    ["Anna Mueller", "ANNA.MUELLER@hohenstein.example", ""],  # 2: known by e-mail
    ["jörg weiss", "", ""],  # 3: known by folded name
    ["Neu, Nina", "nina.neu@hohenstein.example", "Stadtmuseum"],  # 4: new contact
    ["", "x@y.example", "Stadtmuseum"],  # 5: no name
    ["Otto Ohne", "kein-at-zeichen", ""],  # 6: bad e-mail
    ["Paula Plan", "", "Stadtmusem"],  # 7: unknown unit
    ["Nina Neu", "nina.neu@hohenstein.example", ""],  # 8: duplicate of line 4
    ["Rita Rot", "", "Stadtbibliothek"],  # 9: new
    ["Sam Still", "", ""],  # 10: new, no unit
]


def test_preview_matches_contacts_and_reports_each_bad_line(session, setup):
    preview = imp.preview(session, headers=HEADERS, rows=ROWS,
                          mapping=imp.guess_mapping(HEADERS), session_id=setup["session"])
    by_line = {line.line_no: line for line in preview.lines}
    assert by_line[2].contact_id == setup["anna"]
    assert by_line[3].contact_id == setup["jorg"]
    assert (by_line[4].name, by_line[4].creates_contact) == ("Nina Neu", True)
    assert by_line[5].problem == "no name"
    assert by_line[6].problem == "'kein-at-zeichen' is not an e-mail address"
    assert by_line[7].problem == "unknown unit 'Stadtmusem'"
    assert by_line[8].problem == "the same person as line 4"
    assert (preview.good, preview.bad) == (5, 4)
    assert count(session, Enrollment) == 0
    assert count(session, Contact) == 2  # nothing written


def test_apply_writes_all_good_lines_in_one_go_with_the_waiting_list(session, setup):
    preview = imp.preview(session, headers=HEADERS, rows=ROWS,
                          mapping=imp.guess_mapping(HEADERS), session_id=setup["session"])
    counts = imp.apply_import(session, preview=preview, session_id=setup["session"])
    assert counts == {"enrolled": 3, "waitlisted": 2, "contacts_created": 3,
                      "already_enrolled": 0, "skipped": 4}
    nina = session.execute(select(Contact).where(Contact.name == "Nina Neu")).scalar_one()
    assert nina.unit_id == setup["museum"]
    assert nina.purpose == imp.PURPOSE and nina.legal_basis
    rows = trainings.enrollments_for(session, session_id=setup["session"])
    waiting = [r.name for r in rows if r.status == EnrollmentStatus.WAITLISTED]
    assert waiting == ["Rita Rot", "Sam Still"]  # in the order of the list
    # Importing the same list again enrolls nobody twice.
    again = imp.preview(session, headers=HEADERS, rows=ROWS,
                        mapping=imp.guess_mapping(HEADERS), session_id=setup["session"])
    assert again.new_contacts == 0
    assert sum(1 for line in again.lines if line.already_enrolled) == 5
    counts = imp.apply_import(session, preview=again, session_id=setup["session"])
    assert (counts["enrolled"], counts["already_enrolled"]) == (0, 5)


def test_apply_is_one_transaction(session, setup):
    preview = imp.preview(session, headers=HEADERS, rows=ROWS,
                          mapping=imp.guess_mapping(HEADERS), session_id=setup["session"])
    from officer_tui.services.gdpr import erase_person

    erase_person(session, contact_id=setup["jorg"])  # erased between preview and apply
    with pytest.raises(ValidationError):
        imp.apply_import(session, preview=preview, session_id=setup["session"])
    assert count(session, Enrollment) == 0
    assert session.execute(select(Contact).where(Contact.name == "Nina Neu")).first() is None


def test_a_5000_line_file(session, setup, tmp_path):
    trainings.update_session(session, session_id=setup["session"], changes={"capacity": None})
    path = tmp_path / "gross.csv"
    lines = ["Vorname;Nachname;E-Mail;Amt"] + [
        f"Person{n};Nummer{n};person{n}@hohenstein.example;Stadtbibliothek" for n in range(5000)
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    headers, rows = imp.read_table(path)
    preview = imp.preview(session, headers=headers, rows=rows,
                          mapping=imp.guess_mapping(headers), session_id=setup["session"])
    assert (preview.good, preview.bad) == (5000, 0)
    seen = []
    counts = imp.apply_import(session, preview=preview, session_id=setup["session"],
                              progress=lambda done, total: seen.append((done, total)))
    assert counts["enrolled"] == counts["contacts_created"] == 5000
    assert seen[-1] == (5000, 5000) and len(seen) > 10
    assert trainings.session_row(session, setup["session"]).seats_taken == 5000
