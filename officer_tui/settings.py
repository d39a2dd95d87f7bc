"""The user's settings: one TOML file in the platform's config folder.

A leaf of the core, like ``clock`` and ``i18n``: the standard library only at import (``tomllib``
reads; ``tomlkit``, which keeps the user's comments and layout, loads only to write).

Reading never fails. A file that does not parse, an unknown key or a bad value becomes a
``Problem`` naming the file's line, the key and what is wrong; the setting keeps its default and
the app still starts. ``current()`` is the process's settings, set once at start-up by
``activate()`` (the CLI's ``main``), and read by services and screens where they need one.

The file, with every key (all optional)::

    language = "de"               # de | en; unset: OFFICER_LANG, else the system's
    theme = "textual-dark"        # any Textual theme
    start_pane = "today"          # today | requests | ideas | projects | meetings | training | contacts
    user = "Anna Berger"          # recorded in the history (OFFICER_USER wins)

    [requests]
    waiting_too_long_days = 14    # "waiting too long" on Today, in the report, the preset

    [contacts]
    stay_in_touch_days = 60       # for everyone without an own interval (unset: per unit kind)
    [contacts.stay_in_touch_by_kind]
    it_provider = 14              # one per unit kind, over stay_in_touch_days

    [ideas.weights]               # 0-10 each, at least one above 0
    benefit = 3
    effort = 2
    strategic_fit = 3
    reach = 2

    [backups]
    keep = 14                     # automatic backups kept; 0 turns them off (OFFICER_BACKUP_KEEP wins)

    [keys]                        # binding id = key(s), e.g. remap quick capture to n
    "app.capture" = "z"

Which value is in force (the first that is set wins):

- ``language``: ``--lang``, ``OFFICER_LANG``, the file, the system's locale, English.
- ``user``: ``OFFICER_USER``, the file, the login name.
- ``backups.keep``: ``OFFICER_BACKUP_KEEP``, the file, 14.
- ``ideas.weights``: the file, what older versions stored in the database, the defaults.
- a person's stay-in-touch interval: their own, the file's ``stay_in_touch_by_kind`` for the
  kind of their unit, the file's ``stay_in_touch_days`` (then for everyone, people without a
  unit too), what older versions stored in the database per kind, ``STAY_BY_KIND_DEFAULTS``,
  90 days.
- the others: the file, the default.

Services read ``current()`` when they need a value (never at import), so a saved change counts
from the next query on. Writing: ``save`` (by field), ``save_keys`` (by the file's dotted keys),
both in ``settings_file``.
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from officer_tui.i18n import N_, _

APP_NAME = "officer-tui"
FILE_NAME = "settings.toml"
CONFIG_DIR_VARIABLE = "OFFICER_CONFIG_DIR"

PANES = ("today", "requests", "ideas", "projects", "meetings", "training", "contacts")
CRITERIA = ("benefit", "effort", "strategic_fit", "reach")
MAX_WEIGHT = 10
# The values of ``models.enums.UnitKind`` (a test keeps them equal; importing the models here
# would load SQLAlchemy into every command's start).
UNIT_KINDS = ("enterprise", "department", "city_office", "museum", "library", "music_school",
              "events", "house", "it_provider", "external")
DEFAULT_THEME = "textual-dark"
DEFAULT_WAITING_DAYS = 14
DEFAULT_STAY_DAYS = 90  # people without a unit, when the file sets no interval for everyone
DEFAULT_BACKUP_KEEP = 14
# The built-in stay-in-touch interval per unit kind (``services.contacts.STAY_DEFAULTS``).
STAY_BY_KIND_DEFAULTS = {
    "it_provider": 14, "enterprise": 60, "department": 60, "city_office": 60, "museum": 90,
    "library": 90, "music_school": 90, "events": 90, "house": 90, "external": 180,
}


@dataclass(frozen=True)
class Settings:
    """Everything a user can set. ``None`` means "not set": the built-in behaviour applies."""

    language: str | None = None
    theme: str = DEFAULT_THEME
    start_pane: str = "today"
    user: str | None = None
    waiting_too_long_days: int = DEFAULT_WAITING_DAYS
    stay_in_touch_days: int | None = None  # None: the built-in interval of each unit kind
    stay_in_touch_by_kind: dict[str, int] = field(default_factory=dict)
    idea_weights: dict[str, int] | None = None
    backup_keep: int = DEFAULT_BACKUP_KEEP
    keys: dict[str, str] = field(default_factory=dict)
    # Where each key was read: dotted path ("ideas.weights.reach", "keys.app.capture") -> line.
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    def line_of(self, path: str) -> int | None:
        """The file's line of ``path`` (or of the nearest table holding it)."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path.rpartition(".")[0]
        return None


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the file. Translated when shown (``str``), not when found: the file
    itself may choose the language."""

    line: int | None
    key: str
    message: str  # marked with N_(), formatted with ``values``
    values: tuple[tuple[str, Any], ...] = ()
    consequence: str = ""  # what follows when reading (N_()), left out when saving is refused

    def text(self, *, consequence: bool = True) -> str:
        what = _(self.message).format(**dict(self.values))
        if consequence and self.consequence:
            what += "; " + _(self.consequence)
        where = _("line {n}").format(n=self.line) if self.line else ""
        if self.key:  # "line 4, theme: ..."
            return ", ".join(part for part in (where, f"{self.key}: {what}") if part)
        return f"{where}: {what}" if where else what  # the file as a whole: "line 2: not valid ..."

    def __str__(self) -> str:
        return self.text()


@dataclass(frozen=True)
class Loaded:
    settings: Settings
    problems: list[Problem]
    path: Path
    exists: bool

    def report(self) -> list[str]:
        """One line per problem, naming the file."""
        return [f"{self.path}: {problem.text()}" for problem in self.problems]


# --- where ---------------------------------------------------------------------------------


def config_dir() -> Path:
    """The per-user config folder (not created here); ``OFFICER_CONFIG_DIR`` overrides it."""
    override = os.environ.get(CONFIG_DIR_VARIABLE)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, appauthor=False))


def settings_path() -> Path:
    return config_dir() / FILE_NAME


# --- the process's settings ----------------------------------------------------------------

_current = Settings()


def current() -> Settings:
    return _current


def activate(settings: Settings) -> None:
    """Make ``settings`` the process's (start-up, after a save in the settings screen, tests)."""
    global _current
    _current = settings


# --- reading -------------------------------------------------------------------------------

MAX_BYTES = 256 * 1024  # a settings file has a few dozen lines; anything larger is a mistake
BOM = b"\xef\xbb\xbf"
DEFAULTS_USED = N_("using the defaults")

_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"""^\s*((?:"[^"]*"|'[^']*'|[A-Za-z0-9_-]+)(?:\s*\.\s*(?:"[^"]*"|'[^']*'|[A-Za-z0-9_-]+))*)\s*=""")
_PART = re.compile(r"""\s*("[^"]*"|'[^']*'|[A-Za-z0-9_-]+)\s*(?:\.|$)""")
_QUOTED = re.compile(r""""(?:[^"\\]|\\.)*"|'[^']*'""")


def _dotted(text: str) -> str:
    return ".".join(part.strip("\"'") for part in _PART.findall(text))


def _open_brackets(value: str) -> int:
    """How many ``[``/``{`` a value leaves open (strings and comments left out)."""
    bare = _QUOTED.sub("", value).partition("#")[0]
    return bare.count("[") + bare.count("{") - bare.count("]") - bare.count("}")


def key_lines(text: str) -> dict[str, int]:
    """Dotted path of every table and key -> its line (1-based). Good enough for a settings
    file: headers, plain, quoted and dotted keys; multi-line strings and arrays are skipped
    over (their lines are values, not keys). Keys inside an inline table share its line."""
    lines: dict[str, int] = {}
    table = ""
    in_string: str | None = None
    depth = 0  # brackets a multi-line array (or a value spread over lines) left open
    for number, line in enumerate(text.splitlines(), start=1):
        if in_string:
            if line.count(in_string) % 2 == 1:
                in_string = None
            continue
        if depth > 0:
            depth += _open_brackets(line)
            continue
        if match := _HEADER.match(line):
            table = _dotted(match.group(1))
            lines.setdefault(table, number)
            continue
        if match := _KEY.match(line):
            path = ".".join(filter(None, (table, _dotted(match.group(1)))))
            lines.setdefault(path, number)
            rest = line[match.end():]
            for quote in ('"""', "'''"):
                if rest.count(quote) % 2 == 1 and rest.lstrip().startswith(quote):
                    in_string = quote
            if not in_string:
                depth = max(_open_brackets(rest), 0)
    return lines


def read_text(path: Path) -> tuple[str | None, Problem | None]:
    """The file's text (``None``: there is no file), or why it cannot be used.

    A byte-order mark is dropped, CRLF line ends are fine (TOML allows them); a folder, an
    unreadable, oversized or non-UTF-8 file is a ``Problem`` (with the line of the first bad
    byte)."""
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return None, None
    except IsADirectoryError:
        return None, Problem(None, "", N_("is a folder, not a file"), consequence=DEFAULTS_USED)
    except PermissionError:
        return None, Problem(None, "", N_("cannot be read (permission denied)"),
                             consequence=DEFAULTS_USED)
    except OSError as exc:
        return None, Problem(None, "", N_("cannot be read ({reason})"),
                             (("reason", exc.strerror or str(exc)),), DEFAULTS_USED)
    if len(data) > MAX_BYTES:
        return None, Problem(None, "", N_("is larger than {size} KiB: not a settings file"),
                             (("size", MAX_BYTES // 1024),), DEFAULTS_USED)
    if data.startswith(BOM):
        data = data[len(BOM):]
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        return None, Problem(line, "", N_("not UTF-8 text (byte {byte}); save the file as UTF-8"),
                             (("byte", f"0x{data[exc.start]:02x}"),), DEFAULTS_USED)


def load(path: Path | None = None) -> Loaded:
    """Read the settings file (``settings_path()`` by default). Never raises for its content."""
    path = path or settings_path()
    text, problem = read_text(path)
    if problem is not None:
        return Loaded(Settings(), [problem], path, exists=True)
    if text is None:
        return Loaded(Settings(), [], path, exists=False)
    settings, problems = parse(text)
    return Loaded(settings, problems, path, exists=True)


def syntax_problem(text: str) -> Problem | None:
    """The first TOML mistake in ``text`` (with its line), or None."""
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return _syntax_problem(text, exc)
    return None


def _syntax_problem(text: str, exc: tomllib.TOMLDecodeError) -> Problem:
    found = re.search(r"at line (\d+)", str(exc))
    if found:
        line: int | None = int(found.group(1))
    elif "end of document" in str(exc):
        line = max(len(text.splitlines()), 1)
    else:
        line = None
    reason = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", str(exc))
    return Problem(line, "", N_("not valid TOML ({reason})"), (("reason", reason),),
                   DEFAULTS_USED)


def parse(text: str) -> tuple[Settings, list[Problem]]:
    """The settings in ``text`` and what is wrong with it."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return Settings(), [_syntax_problem(text, exc)]
    from officer_tui.settings_reader import read_values

    lines = key_lines(text)
    values, problems = read_values(data, lines)
    return Settings(lines=lines, **values), problems


def default_weights() -> dict[str, int]:
    return {"benefit": 3, "effort": 2, "strategic_fit": 3, "reach": 2}


# --- writing (the work is done in settings_file; tomlkit loads only there) -----------------

# Settings field -> its place in the file.
PLACES: dict[str, tuple[str, ...]] = {
    "language": ("language",),
    "theme": ("theme",),
    "start_pane": ("start_pane",),
    "user": ("user",),
    "waiting_too_long_days": ("requests", "waiting_too_long_days"),
    "stay_in_touch_days": ("contacts", "stay_in_touch_days"),
    "stay_in_touch_by_kind": ("contacts", "stay_in_touch_by_kind"),
    "idea_weights": ("ideas", "weights"),
    "backup_keep": ("backups", "keep"),
    "keys": ("keys",),
}

HEADER = (
    "# officer-tui settings. Edit here or in the app (palette: Settings).\n"
    "# Every key is optional; `officer config check` reports mistakes with their line.\n"
)


class SettingsFileBroken(ValueError):
    """The file does not parse (or cannot be read): saving would lose what the user wrote
    there. The message names the file and the line; ``problem`` is what is wrong."""

    def __init__(self, path: Path, problem: Problem) -> None:
        super().__init__(_("{path}: {problem}. Nothing was saved: correct the file first "
                           "(officer config check).").format(
            path=path, problem=problem.text(consequence=False)))
        self.path = path
        self.problem = problem


class InvalidSettings(ValueError):
    """The changes themselves are wrong; ``problems`` name each key and what is wrong."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(problem.text(consequence=False) for problem in problems))
        self.problems = problems


def validate(changes: dict[str, Any], path: Path | None = None) -> list[Problem]:
    """What would be wrong with the file after ``changes``: only problems of the changed keys
    (those already in the file are the user's to fix, and reported by ``load``)."""
    from officer_tui import settings_file

    return settings_file.validate(settings_file.field_edits(changes), path or settings_path())


def save(changes: dict[str, Any], path: Path | None = None) -> Loaded:
    """Write ``changes`` (Settings field -> value; ``None`` removes the key) into the file,
    keeping everything else in it (comments, order, unknown keys). A dict value is the whole
    table: its keys are set in place (their comments stay), keys not in it are removed.
    Atomic: the old file stays whole if the write fails; a new file gets mode 0600. Returns
    the file as read back, and activates it.

    Raises ``InvalidSettings`` when a changed value is wrong (nothing is written),
    ``SettingsFileBroken`` when the file does not parse, ``ValueError`` for a field this module
    does not know, ``OSError`` when the folder cannot be written.
    """
    from officer_tui import settings_file

    return settings_file.save(settings_file.field_edits(changes), path or settings_path())


def save_keys(values: dict[str, Any], path: Path | None = None) -> Loaded:
    """Like ``save``, by the file's dotted keys (``"ideas.weights.reach": 4``, ``"keys.app.
    capture": "n"``; ``None`` removes a key or a whole table): ``officer config set/unset``.
    Raises ``UnknownSetting`` for a key the file cannot have, and what ``save`` raises."""
    from officer_tui import settings_file

    return settings_file.save(settings_file.key_edits(values), path or settings_path())


def with_changes(settings: Settings, **changes: Any) -> Settings:
    """``settings`` with some fields changed (tests, previews)."""
    return replace(settings, **changes)


# --- the file's keys, by name ----------------------------------------------------------------

TABLES = ("requests", "contacts", "contacts.stay_in_touch_by_kind", "ideas", "ideas.weights",
          "backups", "keys")
TEXT_KEYS = ("language", "theme", "start_pane", "user")
WHOLE_KEYS = ("requests.waiting_too_long_days", "contacts.stay_in_touch_days", "backups.keep")


@dataclass(frozen=True)
class Key:
    """A key of the file as people write it (``ideas.weights.reach``, ``keys.app.capture``)."""

    name: str
    parts: tuple[str, ...]  # its TOML path: ("keys", "app.capture")
    kind: str  # "text", "whole" or "table"


class UnknownSetting(ValueError):
    def __init__(self, name: str, close: list[str]) -> None:
        if close:
            text = _("{name!r} is not a setting; did you mean {close}?").format(
                name=name, close=", ".join(close))
        else:
            text = _("{name!r} is not a setting (officer config show lists them)").format(name=name)
        super().__init__(text)
        self.name = name


def leaf_keys() -> list[str]:
    """Every key that holds a value, but the ``keys.<binding id>`` ones."""
    return [*TEXT_KEYS, "requests.waiting_too_long_days", "contacts.stay_in_touch_days",
            *(f"contacts.stay_in_touch_by_kind.{kind}" for kind in UNIT_KINDS),
            *(f"ideas.weights.{criterion}" for criterion in CRITERIA), "backups.keep"]


def find_key(name: str) -> Key:
    """The key called ``name`` (``UnknownSetting`` with suggestions if there is none)."""
    name = name.strip()
    if name.startswith("keys.") and name != "keys.":
        return Key(name, ("keys", name[len("keys."):]), "text")
    if name in TABLES:
        return Key(name, tuple(name.split(".")), "table")
    if name in leaf_keys():
        kind = "text" if name in TEXT_KEYS else "whole"
        return Key(name, tuple(name.split(".")), kind)
    raise UnknownSetting(name, difflib.get_close_matches(name, [*leaf_keys(), *TABLES], n=2,
                                                         cutoff=0.6))
