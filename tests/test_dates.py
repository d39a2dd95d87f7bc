"""parse_date: dates as people type them, in ISO or German form."""

from __future__ import annotations

from datetime import date

import pytest

from officer_tui.services.dates import parse_date
from officer_tui.services.errors import ValidationError


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-02", date(2026, 3, 2)),
        ("2026-3-2", date(2026, 3, 2)),
        ("02.03.2026", date(2026, 3, 2)),
        ("2.3.2026", date(2026, 3, 2)),
        ("  31.12.2026 ", date(2026, 12, 31)),
        ("2028-02-29", date(2028, 2, 29)),  # leap year
        ("29.02.2028", date(2028, 2, 29)),
        ("0001-01-01", date(1, 1, 1)),
    ],
)
def test_parse_date_reads_iso_and_german_dates(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", [None, "", "   ", "\t\n"])
def test_parse_date_gives_none_for_blanks(text):
    assert parse_date(text) is None


@pytest.mark.parametrize(
    "text", ["2026-02-30", "31.04.2026", "2026-13-01", "00.01.2026", "29.02.2026", "2026-00-10"]
)
def test_parse_date_refuses_impossible_dates_naming_the_field(text):
    with pytest.raises(ValidationError) as caught:
        parse_date(text, field="due")
    assert caught.value.field == "due"
    assert "not a real date" in caught.value.message
    assert text in caught.value.message


@pytest.mark.parametrize(
    "text",
    [
        "sometime",
        "2026/03/02",
        "03-02-2026",
        "tomorrow maybe",
        "20260302",
        "2026-03-02T10:00",
        "2026-03-02 extra",
        "1.2.3.4",
    ],
)
def test_parse_date_refuses_garbage(text):
    with pytest.raises(ValidationError) as caught:
        parse_date(text, field="received")
    assert caught.value.field == "received"
    assert "YYYY-MM-DD or DD.MM.YYYY" in caught.value.message


@pytest.mark.parametrize(
    ("text", "expected"),
    [("morgen", date(2026, 3, 3)), ("next friday", date(2026, 3, 13)),
     ("2.3.26", date(2026, 3, 2)), ("20.04.", date(2026, 4, 20))],
)
def test_parse_date_understands_phrases(text, expected):
    assert parse_date(text, today=date(2026, 3, 2)) == expected


def test_parse_date_names_the_default_field():
    with pytest.raises(ValidationError) as caught:
        parse_date("soon")
    assert caught.value.field == "date"
