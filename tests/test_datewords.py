"""Every date phrase of quick capture and date fields, against a fixed clock."""

from __future__ import annotations

from datetime import date

import pytest

from officer_tui.datewords import find_date, parse_phrase

MONDAY = date(2026, 3, 2)  # the tests' today
WEDNESDAY = date(2026, 3, 4)
FRIDAY = date(2026, 3, 6)
SATURDAY = date(2026, 3, 7)
JAN_31 = date(2027, 1, 31)


@pytest.mark.parametrize(
    ("phrase", "today", "expected"),
    [
        ("heute", MONDAY, date(2026, 3, 2)),
        ("today", MONDAY, date(2026, 3, 2)),
        ("morgen", MONDAY, date(2026, 3, 3)),
        ("tomorrow", MONDAY, date(2026, 3, 3)),
        ("übermorgen", MONDAY, date(2026, 3, 4)),
        ("Übermorgen", MONDAY, date(2026, 3, 4)),
        ("day after tomorrow", MONDAY, date(2026, 3, 4)),
        # a bare weekday: its next occurrence after today (never today)
        ("Montag", MONDAY, date(2026, 3, 9)),
        ("Freitag", MONDAY, date(2026, 3, 6)),
        ("Freitag", FRIDAY, date(2026, 3, 13)),
        ("monday", WEDNESDAY, date(2026, 3, 9)),
        ("Fr", WEDNESDAY, None),  # two letters alone are too ambiguous ("so", "do")
        ("Sonntag", SATURDAY, date(2026, 3, 8)),
        # "next" weekday: that day of next week
        ("nächsten Freitag", MONDAY, date(2026, 3, 13)),
        ("nächsten Freitag", WEDNESDAY, date(2026, 3, 13)),
        ("kommenden Montag", SATURDAY, date(2026, 3, 9)),
        ("next monday", MONDAY, date(2026, 3, 9)),
        ("next monday", WEDNESDAY, date(2026, 3, 9)),
        ("next friday", SATURDAY, date(2026, 3, 13)),
        ("naechsten Dienstag", MONDAY, date(2026, 3, 10)),
        ("nächste Woche", WEDNESDAY, date(2026, 3, 9)),
        ("next week", FRIDAY, date(2026, 3, 9)),
        ("Ende der Woche", MONDAY, date(2026, 3, 6)),
        ("end of week", FRIDAY, date(2026, 3, 6)),
        ("end of the week", SATURDAY, date(2026, 3, 13)),
        ("in 3 Tagen", MONDAY, date(2026, 3, 5)),
        ("in drei Tagen", MONDAY, date(2026, 3, 5)),
        ("in einem Tag", MONDAY, date(2026, 3, 3)),
        ("in zwei Wochen", MONDAY, date(2026, 3, 16)),
        ("in 2 weeks", MONDAY, date(2026, 3, 16)),
        ("in a week", MONDAY, date(2026, 3, 9)),
        ("in einem Monat", JAN_31, date(2027, 2, 28)),
        ("in 1 month", MONDAY, date(2026, 4, 2)),
        ("in three months", MONDAY, date(2026, 6, 2)),
        ("Ende des Monats", MONDAY, date(2026, 3, 31)),
        ("Monatsende", date(2026, 2, 10), date(2026, 2, 28)),
        ("end of month", date(2028, 2, 1), date(2028, 2, 29)),
        ("end of the month", MONDAY, date(2026, 3, 31)),
        ("20.04.", MONDAY, date(2026, 4, 20)),
        ("20.04.", date(2026, 5, 1), date(2027, 4, 20)),
        ("20.4.", MONDAY, date(2026, 4, 20)),
        ("20.04.2027", MONDAY, date(2027, 4, 20)),
        ("20.4.27", MONDAY, date(2027, 4, 20)),
        ("2027-04-20", MONDAY, date(2027, 4, 20)),
        ("31.02.", MONDAY, None),
        ("irgendwann", MONDAY, None),
        ("", MONDAY, None),
    ],
)
def test_phrase(phrase: str, today: date, expected: date | None) -> None:
    assert parse_phrase(phrase, today=today) == expected


@pytest.mark.parametrize(
    ("text", "expected", "phrase"),
    [
        ("Drucker defekt bis Freitag", date(2026, 3, 6), "bis Freitag"),
        ("Drucker defekt !hoch bis Freitag @Schmidt", date(2026, 3, 6), "bis Freitag"),
        ("chatbot for opening hours due next monday", date(2026, 3, 9), "due next monday"),
        ("Rückruf morgen früh", date(2026, 3, 3), "morgen"),
        ("Angebot prüfen übermorgen", date(2026, 3, 4), "übermorgen"),
        ("Bericht bis Ende des Monats", date(2026, 3, 31), "bis Ende des Monats"),
        ("Termin am 20.04. mit dem Museum", date(2026, 4, 20), "am 20.04."),
        ("Wiedervorlage in zwei Wochen", date(2026, 3, 16), "in zwei Wochen"),
        ("Update bis Do", date(2026, 3, 5), "bis Do"),
        ("so geht das nicht", None, ""),  # "so" is a word here, not Sunday
        ("WLAN im Lesesaal instabil", None, ""),
        ("Version 2.0 ausrollen", None, ""),
    ],
)
def test_find_in_a_sentence(text: str, expected: date | None, phrase: str) -> None:
    found = find_date(text, today=MONDAY)
    if expected is None:
        assert found is None
        return
    assert found is not None
    assert found.day == expected
    assert text[found.start:found.end] == phrase


def test_a_phrase_with_other_words_is_no_date_field_value() -> None:
    assert parse_phrase("morgen vielleicht", today=MONDAY) is None
    assert parse_phrase(" morgen ", today=MONDAY) == date(2026, 3, 3)
