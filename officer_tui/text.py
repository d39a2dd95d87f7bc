"""Text helpers shared by every layer (pure Python)."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable


def fold(text: str) -> str:
    """Case- and accent-blind form for matching: ``Müller`` and ``muller`` fold alike."""
    text = text.casefold().replace("ß", "ss")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def closest(word: str, candidates: Iterable[str], limit: int = 3) -> list[str]:
    """The candidates most like ``word`` (for "did you mean ...?")."""
    options = {fold(name): name for name in candidates}
    target = fold(word)
    found = [
        options[key] for key in difflib.get_close_matches(target, options, n=limit, cutoff=0.5)
    ]
    for key, name in options.items():  # a typed prefix or part also counts
        if len(found) >= limit:
            break
        if target and target in key and name not in found:
            found.append(name)
    return found


# Control characters (Unicode category Cc) but line break and tab: never written to a terminal.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def has_controls(text: str) -> bool:
    """Does ``text`` hold a control character other than line break and tab?"""
    return _CONTROL.search(text) is not None


def without_controls(text: str) -> str:
    """``text`` without control characters (line breaks and tabs kept): ESC, BEL, DEL, C1."""
    return _CONTROL.sub("", text)
