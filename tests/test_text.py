"""fold() makes names comparable the way people type them; closest() suggests near names."""

from __future__ import annotations

import pytest

from officer_tui.text import closest, fold


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("muller", "Müller"),
        ("MUELLER", "Mueller"),
        ("strasse", "Straße"),
        ("STRASSE", "Straße"),
        ("kulturburo", "Kulturbüro"),
        ("cafe", "Café"),
        ("oko", "Öko"),
        ("aou aou", "ÄÖÜ äöü"),
    ],
)
def test_fold_makes_case_and_umlauts_irrelevant(typed, stored):
    assert fold(typed) == fold(stored)


def test_fold_gives_lower_case_ascii_for_german_text():
    assert fold("Jürgen Müller, Straße der Einheit") == "jurgen muller, strasse der einheit"


def test_fold_keeps_what_it_cannot_simplify():
    assert fold("") == ""
    assert fold("50% _alle_ 2026") == "50% _alle_ 2026"
    assert fold("ﬁle") == "file"  # compatibility ligature


@pytest.mark.parametrize("text", ["Müller", "Straße", "ÄÖÜß", "Åsa Ørsted", "Kulturbüro"])
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


def test_fold_keeps_words_apart():
    assert fold("Muller") != fold("Miller")
    assert fold("Bar") != fold("Bär ist") and fold("Bär") == fold("bar")


UNITS = ["Stadtbibliothek", "Stadtmuseum", "Kulturbüro", "Musikschule", "Hauptamt"]


def test_closest_finds_a_typo_and_returns_the_stored_spelling():
    assert closest("Stadtbibliotek", UNITS)[0] == "Stadtbibliothek"
    assert closest("kulturburo", UNITS) == ["Kulturbüro"]


def test_closest_counts_a_typed_part_of_the_name():
    assert "Stadtbibliothek" in closest("biblio", UNITS)
    assert "Musikschule" in closest("schule", UNITS)


def test_closest_offers_nothing_for_unrelated_or_empty_words():
    assert closest("Feuerwehr", UNITS) == []
    assert closest("", UNITS) == []
    assert closest("Stadtmuseum", []) == []


def test_closest_respects_the_limit():
    names = [f"Stadtteilbibliothek {n}" for n in range(10)]
    assert len(closest("Stadtteilbibliothek", names)) == 3
    assert len(closest("Stadtteilbibliothek", names, limit=5)) == 5
    assert closest("Stadtteilbibliothek", names, limit=1)[0].startswith("Stadtteilbibliothek")


def test_closest_lists_each_name_once():
    found = closest("stadt", ["Stadtmuseum", "Stadtmuseum", "STADTMUSEUM"])
    assert len(found) == 1
    assert fold(found[0]) == "stadtmuseum"
