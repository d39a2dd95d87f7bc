"""Translations: complete catalogs, intact placeholders, language choice, German in use.

The catalogs are checked against the code (every marked message present, translated, compiled)
and the German entries against their English originals: same ``{placeholders}``, and the long
Markdown help keeps its structure.
"""

from __future__ import annotations

import importlib.util
import re
import string
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from officer_tui import i18n
from officer_tui.cli import main
from officer_tui.labels import priority_label, status_label
from officer_tui.models.enums import Priority, RequestStatus

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "officer_tui" / "locale"
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE", "OFFICER_LANG")


def load_script():
    """``scripts/i18n.py`` as a module (scripts/ is not a package)."""
    spec = importlib.util.spec_from_file_location("i18n_script", ROOT / "scripts" / "i18n.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def german_entries() -> list:
    with (LOCALE / "de" / "LC_MESSAGES" / "officer.po").open("rb") as handle:
        catalog = read_po(handle, locale="de", domain="officer")
    return [message for message in catalog if message.id]


def entry_id(message) -> str:
    text = message.id[0] if isinstance(message.id, tuple | list) else message.id
    return text[:40]


GERMAN = german_entries()


def fields(text: str) -> Counter:
    """The ``{placeholders}`` of ``text`` with conversion and format spec, counted."""
    return Counter(
        (name, conversion, spec)
        for _literal, name, spec, conversion in string.Formatter().parse(text)
        if name is not None
    )


def pairs(message) -> list[tuple[str, str]]:
    """(original, translation) for each form of an entry; plural forms pair up in order."""
    if isinstance(message.id, tuple | list):
        singular, plural = message.id
        forms = list(message.string)
        return [(singular, forms[0])] + [(plural, form) for form in forms[1:]]
    return [(message.id, message.string)]


# --- the catalogs -------------------------------------------------------------------------


def test_catalogs_match_the_code_and_are_compiled():
    assert load_script().problems() == []


@pytest.mark.parametrize("message", GERMAN, ids=entry_id)
def test_german_keeps_the_placeholders(message):
    for original, translation in pairs(message):
        assert translation, f"untranslated: {original!r}"
        assert fields(translation) == fields(original), (original, translation)


LONG_TEXTS = [message for message in GERMAN if isinstance(message.id, str) and "**" in message.id]


def test_there_are_long_help_texts():
    assert len(LONG_TEXTS) >= 2


@pytest.mark.parametrize("message", LONG_TEXTS, ids=entry_id)
def test_german_help_keeps_the_markdown(message):
    original, translation = message.id, message.string

    def shape(text: str) -> dict[str, int]:
        return {
            "code spans": len(re.findall(r"`[^`\n]+`", text)),
            "bold": len(re.findall(r"\*\*[^*\n]+\*\*", text)),
            "list items": len(re.findall(r"^- ", text, flags=re.MULTILINE)),
            "paragraphs": len(re.findall(r"\n\n", text)),
        }

    assert shape(translation) == shape(original)
    assert translation.endswith("\n") == original.endswith("\n")


# --- choosing the language ----------------------------------------------------------------


@pytest.fixture
def no_locale(monkeypatch):
    for variable in LOCALE_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    return monkeypatch


@pytest.mark.parametrize(
    ("requested", "officer_lang", "lang", "expected"),
    [
        ("de", "en", "C", "de"),  # --lang beats everything
        ("en", "de", "de_DE.UTF-8", "en"),
        (None, "de", "C", "de"),  # then OFFICER_LANG
        (None, "en", "de_DE.UTF-8", "en"),
        (None, None, "de_DE.UTF-8", "de"),  # then the locale
        (None, None, "C", "en"),
        (None, None, "en_GB.UTF-8", "en"),
    ],
)
def test_detect_language(no_locale, requested, officer_lang, lang, expected):
    if officer_lang is not None:
        no_locale.setenv("OFFICER_LANG", officer_lang)
    no_locale.setenv("LANG", lang)
    assert i18n.detect_language(requested) == expected


def test_lc_all_beats_lang(no_locale):
    no_locale.setenv("LC_ALL", "de_AT.UTF-8")
    no_locale.setenv("LANG", "C")
    assert i18n.detect_language() == "de"


def test_an_unknown_requested_language_falls_through(no_locale):
    no_locale.setenv("OFFICER_LANG", "de")
    assert i18n.detect_language("fr") == "de"


# --- German in use ------------------------------------------------------------------------


def test_german_lookups(german):
    assert i18n.current_language() == "de"
    assert i18n._("Requests") == "Anfragen"
    assert i18n._("Save") == "Speichern"
    assert status_label(RequestStatus.NEW) == "neu"
    assert status_label(RequestStatus.IN_PROGRESS) == "in Bearbeitung"
    assert status_label(RequestStatus.DONE) == "erledigt"
    assert priority_label(Priority.URGENT) == "dringend"
    assert i18n.ngettext("{n} request", "{n} requests", 1).format(n=1) == "1 Anfrage"
    assert i18n.ngettext("{n} request", "{n} requests", 3).format(n=3) == "3 Anfragen"
    assert i18n.format_date(date(2026, 3, 2)) == "02.03.2026"
    assert i18n.date_hint() == "TT.MM.JJJJ"


def test_english_is_the_source():
    assert i18n.current_language() == "en"
    assert i18n._("Requests") == "Requests"
    assert status_label(RequestStatus.IN_PROGRESS) == "in progress"
    assert i18n.format_date(date(2026, 3, 2)) == "2026-03-02"
    assert i18n.format_date(None) == ""


def test_switching_back_to_english(german):
    i18n.set_language("en")
    assert i18n._("Requests") == "Requests"
    with pytest.raises(ValueError):
        i18n.set_language("fr")


# --- the command line in German -----------------------------------------------------------


def test_cli_refuses_an_unknown_unit_in_german(tmp_path, capsys):
    db = str(tmp_path / "x.db")
    argv = ["--lang", "de", "--db", db, "request", "add", "X", "--unit", "Nirgendwo"]
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0] == "officer: --unit: unbekannter Bereich 'Nirgendwo'"


def test_cli_help_in_german(capsys):
    assert main(["--lang", "de", "request", "add", "--help"]) == 0
    out = capsys.readouterr().out
    assert "Fälligkeit: JJJJ-MM-TT oder TT.MM.JJJJ" in out
    assert "anfragender Bereich" in out
