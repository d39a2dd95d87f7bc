"""Key names: what a user may write for a key, and how a key reads on screen.

Textual names keys like ``ctrl+n``, ``question_mark``, ``pagedown``, ``f2`` or ``N`` (a capital
letter is Shift and the letter). People write ``Ctrl+N``, ``?``, ``PgDn``, ``F2``,
``shift+n``: ``normalize_key`` turns all of that into Textual's name, or says what is wrong;
``key_label`` turns Textual's name back into what people read (``Strg+N`` in German).
"""

from __future__ import annotations

import string
from functools import cache

from textual.keys import Keys, _character_to_key

from officer_tui.i18n import N_, _

# Modifier as written -> Textual's name. Textual orders modifiers alphabetically.
MODIFIERS = {
    "ctrl": "ctrl", "control": "ctrl", "strg": "ctrl", "ctl": "ctrl",
    "alt": "alt", "option": "alt", "opt": "alt",
    "shift": "shift", "umschalt": "shift",
    "meta": "meta", "super": "super", "hyper": "hyper",
}

# Other names people write for named keys.
ALIASES = {
    "esc": "escape", "return": "enter", "ret": "enter", "del": "delete", "entf": "delete",
    "ins": "insert", "einfg": "insert", "pgup": "pageup", "page_up": "pageup",
    "page-up": "pageup", "bild_auf": "pageup", "pgdn": "pagedown", "pgdown": "pagedown",
    "page_down": "pagedown", "page-down": "pagedown", "bild_ab": "pagedown",
    "bksp": "backspace", "back": "backspace", "spacebar": "space", "leer": "space",
    "pos1": "home", "ende": "end", "tabulator": "tab",
}

# Keys a terminal sends as another key: a binding must name the one that arrives.
SAME_AS = {"ctrl+i": "tab", "ctrl+m": "enter", "ctrl+h": "backspace",
           "ctrl+left_square_bracket": "escape"}

# How named keys read (translated when shown).
KEY_NAMES = {
    "escape": N_("Esc"),
    "enter": N_("Enter"),
    "space": N_("Space"),
    "delete": N_("Del"),
    "insert": N_("Ins"),
    "backspace": N_("Backspace"),
    "pageup": N_("Page up"),
    "pagedown": N_("Page down"),
    "home": N_("Home"),
    "end": N_("End"),
    "tab": N_("Tab"),
    "up": "↑",
    "down": "↓",
    "left": "←",
    "right": "→",
}

MODIFIER_LABELS = {
    "ctrl": N_("Ctrl+{key}"),
    "shift": N_("Shift+{key}"),
    "alt": N_("Alt+{key}"),
}


class KeyNameError(ValueError):
    """A key that Textual cannot produce; ``message`` is marked with N_(), ``values`` fill it."""

    def __init__(self, message: str, **values: str) -> None:
        super().__init__(message.format(**values))
        self.message = message
        self.values = values

    def text(self) -> str:
        return _(self.message).format(**self.values)


@cache
def _named_keys() -> frozenset[str]:
    """Keys with a name (no modifiers): Textual's key list, F1-F24."""
    names = {key.value.rpartition("+")[2] for key in Keys if not key.value.startswith("<")}
    names -= {"return", "ctrl-at", "@", "at"}
    names |= {f"f{number}" for number in range(1, 25)}
    return frozenset(names)


@cache
def _character_names() -> dict[str, str]:
    """Textual's name of each printable character -> the character (``slash`` -> ``/``)."""
    characters = string.ascii_letters + string.digits + string.punctuation + "äöüÄÖÜß§°´€²³µ"
    return {_character_to_key(character): character for character in characters}


def normalize_key(text: str) -> str:
    """Textual's name for one key as written (``Ctrl+N`` -> ``ctrl+n``, ``?`` ->
    ``question_mark``, ``shift+n`` -> ``N``). Raises ``KeyNameError`` for a key no terminal
    sends to Textual."""
    raw = text.strip()
    if not raw:
        raise KeyNameError(N_("an empty key"))
    if len(raw) == 1:
        return _single(raw)
    if raw.endswith("++"):
        modifiers, base = raw[:-2].split("+"), "+"
    else:
        *modifiers, base = raw.split("+")
    names = set()
    for modifier in modifiers:
        name = MODIFIERS.get(modifier.strip().lower())
        if name is None:
            raise KeyNameError(N_("{key!r} is not a key: {modifier!r} is not Ctrl, Alt or Shift"),
                               key=raw, modifier=modifier)
        names.add(name)
    base = base.strip()
    if not base:
        raise KeyNameError(N_("{key!r} is not a key: the key after the + is missing"), key=raw)
    if len(base) == 1:
        if base.isalpha():
            if names == {"shift"}:
                return base.upper()  # Shift+n arrives as N
            base = base.lower() if names else base
        elif "shift" in names and names <= {"shift", "alt"}:
            raise KeyNameError(N_("{key!r} is not a key: with Shift, write the character it "
                                  "types (e.g. \"?\" or \"!\")"), key=raw)
        else:
            base = _single(base)
    else:
        lowered = base.lower()
        lowered = ALIASES.get(lowered, lowered)
        if lowered in _named_keys() or lowered in _character_names():
            base = lowered
        elif base in _character_names():
            base = base
        else:
            raise KeyNameError(N_("{key!r} is not a key Textual knows (e.g. \"n\", \"ctrl+n\", "
                                  "\"f5\", \"escape\", \"pagedown\")"), key=raw)
    key = "+".join([*sorted(names), base])
    return SAME_AS.get(key, key)


def _single(character: str) -> str:
    if not character.isprintable():
        raise KeyNameError(N_("{key!r} is not a key (a control character)"), key=repr(character))
    return _character_to_key(character)


def normalize_keys(text: str) -> tuple[str, ...]:
    """``"n, F2"`` -> ``("n", "f2")``: each key normalised, repeats dropped."""
    keys: list[str] = []
    for part in split_keys(text):
        key = normalize_key(part)
        if key not in keys:
            keys.append(key)
    if not keys:
        raise KeyNameError(N_("an empty key"))
    return tuple(keys)


def split_keys(text: str) -> list[str]:
    """``"n,f2"`` -> ``["n", "f2"]``; a lone comma (``","`` or ``"n,,"``) is the comma key."""
    parts: list[str] = []
    current = ""
    for character in text:
        if character == "," and current.strip() and not current.endswith("+"):
            parts.append(current)
            current = ""
        else:
            current += character
    if current.strip():
        parts.append(current)
    return [part.strip() if part.strip() else part for part in parts]


def key_label(key: str) -> str:
    """A key as people read it: ``ctrl+s`` -> ``Ctrl+S`` (``Strg+S`` in German),
    ``question_mark`` -> ``?``, ``pagedown`` -> ``Page down``, ``f2`` -> ``F2``."""
    *modifiers, base = key.split("+") if key != "+" else ["+"]
    if not base:  # "ctrl++"
        base = "+"
        modifiers = modifiers[:-1]
    if base in KEY_NAMES:
        label = _(KEY_NAMES[base])
    elif base in _character_names():
        label = _character_names()[base]
    elif len(base) > 1 and base[0] == "f" and base[1:].isdigit():
        label = base.upper()
    else:
        label = base
    if modifiers and len(label) == 1:
        label = label.upper()
    for modifier in reversed(modifiers):
        pattern = MODIFIER_LABELS.get(modifier)
        label = _(pattern).format(key=label) if pattern else f"{modifier.title()}+{label}"
    return label


def keys_label(keys: str | tuple[str, ...] | list[str]) -> str:
    """Several keys as people read them: ``"escape,w"`` -> ``Esc, w``."""
    if isinstance(keys, str):
        keys = [key for key in keys.split(",") if key]
    return ", ".join(key_label(key) for key in keys)
