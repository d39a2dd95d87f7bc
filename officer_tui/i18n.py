"""Translations (gettext) and locale-aware formatting. A leaf module: imports nothing of ours.

Every user-visible string goes through ``_()``. Strings needed before the language is known
(class-level binding descriptions, labels) are marked with ``N_()`` and translated where shown.
"""

from __future__ import annotations

import gettext as _gettext
import locale
import os
from datetime import date
from pathlib import Path

DOMAIN = "officer"
LANGUAGES = ("de", "en")
LOCALE_DIR = Path(__file__).parent / "locale"

_translation: _gettext.NullTranslations = _gettext.NullTranslations()
_language = "en"


def _(message: str) -> str:
    """Translate ``message`` into the current language."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translation.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """Translate ``message`` as meant in ``context`` (e.g. a short column header)."""
    return _translation.pgettext(context, message)


def N_(message: str) -> str:  # noqa: N802 - the conventional gettext marker
    """Mark ``message`` for translation without translating it yet."""
    return message


def NP_(context: str, message: str) -> str:  # noqa: N802 - gettext marker with a context
    """Mark ``message`` for translation in ``context``; translate later with ``pgettext``."""
    return message


def detect_language(requested: str | None = None, configured: str | None = None) -> str:
    """``--lang``, else ``OFFICER_LANG``, else the settings file's ``language`` (``configured``),
    else the locale (German for ``de_*``), else English."""
    for candidate in (requested, os.environ.get("OFFICER_LANG"), configured):
        if candidate:
            code = candidate.strip().lower()[:2]
            if code in LANGUAGES:
                return code
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(variable)
        if value:
            return "de" if value.lower().startswith("de") else "en"
    try:
        system = locale.getlocale()[0] or ""
    except ValueError:
        system = ""
    return "de" if system.lower().startswith("de") else "en"


def set_language(language: str) -> None:
    """Switch every later ``_()`` call to ``language`` (``de`` or ``en``)."""
    global _translation, _language
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language: {language}")
    _language = language
    _translation = _gettext.translation(
        DOMAIN, localedir=LOCALE_DIR, languages=[language], fallback=True
    )


def setup(requested: str | None = None, configured: str | None = None) -> str:
    language = detect_language(requested, configured)
    set_language(language)
    return language


def current_language() -> str:
    return _language


def format_date(value: date | None) -> str:
    """``DD.MM.YYYY`` in German, ISO ``YYYY-MM-DD`` in English; empty for no date."""
    if value is None:
        return ""
    if _language == "de":
        return value.strftime("%d.%m.%Y")
    return value.isoformat()


def date_hint() -> str:
    """How to type a date, for placeholders."""
    return "TT.MM.JJJJ" if _language == "de" else "YYYY-MM-DD"


def format_money(amount: int | None) -> str:
    """Whole euros: ``45.000 €`` in German, ``€45,000`` in English; empty for no amount."""
    if amount is None:
        return ""
    sign = "-" if amount < 0 else ""
    digits = f"{abs(int(amount)):,}"
    if _language == "de":
        return f"{sign}{digits.replace(',', '.')} €"
    return f"{sign}€{digits}"
