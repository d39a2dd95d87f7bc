"""Hostile text: control characters, bidi marks, combining marks, emoji, lone surrogates,
100 kB fields, SQL, markup and format fragments, surrounding white space.

``one_line`` and ``free_text`` are the documented text policy written out independently of
``services._common.clean`` (the oracle the tests compare stored text with).
"""

from __future__ import annotations

import unicodedata

from hypothesis import settings
from hypothesis import strategies as st

# The profile registered in conftest.py (examples, deadline, derandomize on CI).
HOSTILE = settings.get_profile("hostile")

FRAGMENTS = (
    "\x00", "\x1b[2J", "\x1b[31m", "\x1b]8;;file:///etc/passwd\x1b\\x\x1b]8;;\x1b\\", "\x1bc",
    "\r", "\r\n", "\n", "\t", "\x0b", "\x0c", "\x7f", "\x85", "\x9b", "\x90", "\u2028", "\u2029",
    "\u200f", "\u200e", "\u202e", "\u2066", "\u200d", "\u200b", "\ufeff", "\u0301", "e\u0301",
    "👩‍💻", "🇩🇪", "ß", "Müller", "עברית", "العربية", "\ud800", "\udcff",
    "'; drop table request;--", '"', "*", "NEAR(", "NEAR(a b)", "a OR b", "-x", "^", "(", ")",
    "[bold]", "[/]", "[/bold]", "[red]", "[link=file:///etc/passwd]x[/link]",
    "[@click=app.quit]x[/]", "[b]x[/b]", "\\[", "%s", "%(name)s", "{0}", "{name}", "{}", "%",
    "  ", " ", "\u00a0", "\u3000",
)

fragment = st.sampled_from(FRAGMENTS)
any_char = st.characters(codec=None, exclude_categories=())  # the whole range, Cs included
nasty_char = st.characters(categories=("Cc", "Cf", "Cs", "Zl", "Zp", "Zs", "Mn"))

piece = st.one_of(fragment, st.text(any_char, max_size=8), st.text(nasty_char, max_size=4),
                  st.text(max_size=12))
hostile = st.lists(piece, max_size=8).map("".join)


def _big(seed: str) -> str:
    return (seed or "x") * (100_000 // max(1, len(seed or "x")) + 1)


# Mostly short hostile text; now and then 100 kB of it (sampled rarely: it is slow to store).
hostile_text = st.one_of(
    hostile,
    hostile,
    hostile,
    hostile,
    hostile,
    hostile,
    hostile,
    hostile,
    hostile,
    hostile.map(lambda text: f"  {text}\t "),
    st.builds(_big, st.sampled_from(["a", "[bold]x", "\x1b[2J", "ä\u0301 "])),
)

_WHITE_CONTROLS = set("\t\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


def has_surrogate(text: str) -> bool:
    return any(unicodedata.category(ch) == "Cs" for ch in text)


def one_line(text: str) -> str:
    """A one-line field as stored: breaks and tabs are spaces, other controls gone, trimmed."""
    text = text.replace("\r\n", " ")
    kept = []
    for ch in text:
        if ch in _WHITE_CONTROLS:
            kept.append(" ")
        elif unicodedata.category(ch) != "Cc":
            kept.append(ch)
    return "".join(kept).strip()


def free_text(text: str) -> str:
    """A free-text field as stored: line breaks are ``\\n``, tabs kept, other controls gone."""
    text = text.replace("\r\n", "\n")
    kept = []
    for ch in text:
        if ch == "\t":
            kept.append(ch)
        elif ch in _WHITE_CONTROLS:
            kept.append("\n")
        elif unicodedata.category(ch) != "Cc":
            kept.append(ch)
    return "".join(kept).strip()


def has_controls(text: str, *, multiline: bool) -> bool:
    allowed = "\n\t" if multiline else ""
    return any(unicodedata.category(ch) == "Cc" and ch not in allowed for ch in text)
