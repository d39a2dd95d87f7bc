"""Quick capture lines, understood against a fixed clock and a small city."""

from __future__ import annotations

from datetime import date

import pytest

from officer_tui.models.enums import Priority, UnitKind
from officer_tui.quickline import CaptureKind, PersonChoice, UnitChoice, understand

TODAY = date(2026, 3, 2)  # a Monday
UNITS = [
    UnitChoice(1, "Stadtmuseum Hohenstein", "Museum", UnitKind.MUSEUM),
    UnitChoice(2, "Stadtbibliothek Hohenstein", "Bibliothek", UnitKind.LIBRARY),
    UnitChoice(3, "Musikschule Hohenstein", "MuS", UnitKind.MUSIC_SCHOOL),
    UnitChoice(4, "KommunalIT Hohenstein", "KIT", UnitKind.IT_PROVIDER),
    UnitChoice(5, "Amt für Kultur", None, UnitKind.DEPARTMENT),
]
PEOPLE = [
    PersonChoice(10, "Jana Schmidt"),
    PersonChoice(11, "Uwe Krüger"),
    PersonChoice(12, "Aylin Demir"),
    PersonChoice(13, "Paul Schmidtke"),
    PersonChoice(14, "Petra Schmidt"),
]


def read(line: str):
    return understand(line, today=TODAY, units=UNITS, people=PEOPLE)


def test_the_german_example_of_the_issue() -> None:
    got = read("Anfrage Stadtmuseum: Drucker defekt !hoch bis Freitag @Krüger")
    assert got.kind == CaptureKind.REQUEST
    assert got.unit and got.unit.id == 1
    assert got.title == "Drucker defekt"
    assert got.priority == Priority.HIGH
    assert got.due == date(2026, 3, 6) and got.due_phrase == "bis Freitag"
    assert got.person == PersonChoice(11, "Uwe Krüger")
    assert got.problems == ()


def test_the_english_example_of_the_issue() -> None:
    got = read("idea Library: chatbot for opening hours due next monday")
    assert got.kind == CaptureKind.IDEA
    assert got.unit and got.unit.id == 2  # the only library
    assert got.title == "chatbot for opening hours"
    assert got.due == date(2026, 3, 9)


def test_a_person_that_matches_several_contacts_is_a_problem_not_a_guess() -> None:
    got = read("Anfrage Stadtmuseum: Drucker defekt @Schmidt")
    assert got.person is None
    assert got.problems == (("person", "@Schmidt"),)
    assert got.title == "Drucker defekt"
    assert read("x @Jana.Schmidt").person == PersonChoice(10, "Jana Schmidt")
    assert read("x @krueger").person is None  # no transliteration guessing: a problem
    assert read("x @kruger").person == PersonChoice(11, "Uwe Krüger")  # folded


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Bedarf: Tablets für die Vermittlung", CaptureKind.REQUEST),
        ("Tablets für die Vermittlung", CaptureKind.REQUEST),
        ("Idee: Chatbot", CaptureKind.IDEA),
        ("WV: Förderbescheid nachfassen", CaptureKind.FOLLOWUP),
        ("Wiedervorlage Förderbescheid nachfassen", CaptureKind.FOLLOWUP),
        ("todo call back", CaptureKind.FOLLOWUP),
        ("Vorhaben: Open Data Portal", CaptureKind.PROJECT),
        ("Termin Jour fixe morgen", CaptureKind.MEETING),
    ],
)
def test_kind_words(line: str, kind: CaptureKind) -> None:
    assert read(line).kind == kind


@pytest.mark.parametrize(
    ("mark", "priority"),
    [("!hoch", Priority.HIGH), ("!HIGH", Priority.HIGH), ("!dringend", Priority.URGENT),
     ("!urgent", Priority.URGENT), ("!niedrig", Priority.LOW), ("!low", Priority.LOW),
     ("!normal", Priority.NORMAL), ("!!", Priority.HIGH), ("!!!", Priority.URGENT)],
)
def test_priority_marks(mark: str, priority: Priority) -> None:
    got = read(f"Drucker defekt {mark}")
    assert got.priority == priority and got.title == "Drucker defekt"


def test_an_exclamation_mark_in_the_text_stays_text() -> None:
    got = read("Drucker defekt! Bitte schnell")
    assert got.priority is None and got.title == "Drucker defekt! Bitte schnell"
    weird = read("Drucker !super")
    assert weird.priority is None and weird.problems == (("priority", "!super"),)


def test_unknown_unit_is_reported_and_its_text_not_lost_from_the_preview() -> None:
    got = read("Anfrage Stadtarchiv: Scanner fehlt")
    assert got.unit is None
    assert got.problems == (("unit", "Stadtarchiv"),)
    assert got.title == "Scanner fehlt"


@pytest.mark.parametrize(
    ("head", "unit_id"),
    [("Stadtbibliothek", 2), ("bibliothek", 2), ("MuS", 3), ("Musikschule", 3),
     ("music school", 3), ("KIT", 4), ("IT", 4), ("amt für kultur", 5), ("Amt fur Kultur", 5)],
)
def test_unit_by_name_short_name_or_kind(head: str, unit_id: int) -> None:
    got = read(f"{head}: Termin abstimmen")
    assert got.unit and got.unit.id == unit_id


def test_a_colon_later_in_the_text_is_no_unit() -> None:
    got = read("Drucker defekt !hoch: bitte prüfen")
    assert got.unit is None and got.problems == ()
    assert got.priority == Priority.HIGH and got.title == "Drucker defekt: bitte prüfen"


def test_no_date_no_person_plain_title() -> None:
    got = read("  WLAN   im Lesesaal instabil  ")
    assert (got.title, got.due, got.person, got.unit) == ("WLAN im Lesesaal instabil", None, None, None)


def test_split_kind_finds_the_kind_word_at_the_start() -> None:
    from officer_tui.quickline import split_kind

    assert split_kind("WV: nachfassen") == (CaptureKind.FOLLOWUP, ": nachfassen")
    assert split_kind("  idea chatbot") == (CaptureKind.IDEA, "chatbot")
    assert split_kind("Drucker defekt") == (None, "Drucker defekt")


def test_people_are_matched_by_the_start_of_each_name() -> None:
    from officer_tui.quickline import people_matching

    assert [p.id for p in people_matching("schmidt", PEOPLE)] == [10, 13, 14]  # Schmidtke too
    assert [p.id for p in people_matching("p.schm", PEOPLE)] == [13, 14]
    assert people_matching("midt", PEOPLE) == []  # inside a name is no match
    assert PersonChoice(10, "Jana Schmidt").folded == "jana schmidt"
