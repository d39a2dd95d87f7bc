"""Keep the translation catalogs in step with the code.

    python scripts/i18n.py update    extract messages, merge them into de.po and en.po
    python scripts/i18n.py compile   compile the .po files into the .mo files the app loads
    python scripts/i18n.py check     exit 1 when a message is missing, untranslated or stale

English is the source language: en.po maps every message to itself, so that English wording
can later be adjusted in the catalog without touching the code.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "officer_tui"
LOCALE = PACKAGE / "locale"
DOMAIN = "officer"
LANGUAGES = ("de", "en")
KEYWORDS = {
    "_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2), "NP_": ((1, "c"), 2),
}


def extract() -> Catalog:
    catalog = Catalog(project="officer-tui", domain=DOMAIN)
    for filename, lineno, message, comments, context in extract_from_dir(
        PACKAGE, method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def load(language: str) -> Catalog:
    path = po_path(language)
    if not path.exists():
        return Catalog(locale=language, domain=DOMAIN, project="officer-tui")
    with path.open("rb") as handle:
        return read_po(handle, locale=language, domain=DOMAIN)


def save(catalog: Catalog, language: str) -> None:
    path = po_path(language)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100, omit_header=False, sort_output=False, include_previous=False)


def update() -> None:
    template = extract()
    for language in LANGUAGES:
        catalog = load(language)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        if language == "en":
            for message in catalog:  # English is the source: every message maps to itself
                if message.id:
                    message.string = message.id
                    message.flags.discard("fuzzy")
        save(catalog, language)
        missing = [m.id for m in catalog if m.id and not _translated(m)]
        print(f"{language}: {len(catalog)} messages, {len(missing)} untranslated")


def _translated(message) -> bool:
    if isinstance(message.string, tuple | list):
        return all(message.string) and not message.fuzzy
    return bool(message.string) and not message.fuzzy


def compiled(language: str) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, load(language), use_fuzzy=False)
    return buffer.getvalue()


def mo_path(language: str) -> Path:
    return po_path(language).with_suffix(".mo")


def compile_all() -> None:
    for language in LANGUAGES:
        mo_path(language).write_bytes(compiled(language))
        print(f"{language}: compiled {mo_path(language).relative_to(ROOT)}")


def problems() -> list[str]:
    """What is wrong with the catalogs, one line each; [] when all is well."""
    found = []
    wanted = {m.id for m in extract() if m.id}
    for language in LANGUAGES:
        catalog = load(language)
        have = {m.id: m for m in catalog if m.id}
        for key in sorted(wanted, key=str):
            message = have.get(key)
            if message is None:
                found.append(f"{language}: missing {key!r}")
            elif not _translated(message):
                found.append(f"{language}: untranslated {key!r}")
        if not mo_path(language).exists() or mo_path(language).read_bytes() != compiled(language):
            found.append(f"{language}: {mo_path(language).name} is stale; run scripts/i18n.py compile")
    return found


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "check"
    if command == "update":
        update()
    elif command == "compile":
        compile_all()
    elif command == "check":
        issues = problems()
        for line in issues:
            print(line)
        return 1 if issues else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
