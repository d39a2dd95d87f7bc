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
    "app.capture" = "n"
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from officer_tui.i18n import LANGUAGES, N_, _

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
DEFAULT_STAY_DAYS = 90
DEFAULT_BACKUP_KEEP = 14


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

    def text(self) -> str:
        what = _(self.message).format(**dict(self.values))
        where = _("line {n}").format(n=self.line) if self.line else ""
        return ", ".join(part for part in (where, f"{self.key}: {what}" if self.key else what) if part)

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

_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"""^\s*((?:"[^"]*"|'[^']*'|[A-Za-z0-9_-]+)(?:\s*\.\s*(?:"[^"]*"|'[^']*'|[A-Za-z0-9_-]+))*)\s*=""")
_PART = re.compile(r"""\s*("[^"]*"|'[^']*'|[A-Za-z0-9_-]+)\s*(?:\.|$)""")


def _dotted(text: str) -> str:
    return ".".join(part.strip("\"'") for part in _PART.findall(text))


def key_lines(text: str) -> dict[str, int]:
    """Dotted path of every table and key -> its line (1-based). Good enough for a settings
    file: headers, plain, quoted and dotted keys; multi-line values are skipped over."""
    lines: dict[str, int] = {}
    table = ""
    in_string: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if in_string:
            if in_string in line:
                in_string = None
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
                if rest.count(quote) == 1:
                    in_string = quote
    return lines


def load(path: Path | None = None) -> Loaded:
    """Read the settings file (``settings_path()`` by default). Never raises for its content."""
    path = path or settings_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Loaded(Settings(), [], path, exists=False)
    except (OSError, UnicodeDecodeError) as exc:
        problem = Problem(None, "", N_("cannot be read ({reason}); using the defaults"),
                          (("reason", str(exc)),))
        return Loaded(Settings(), [problem], path, exists=True)
    settings, problems = parse(text)
    return Loaded(settings, problems, path, exists=True)


def parse(text: str) -> tuple[Settings, list[Problem]]:
    """The settings in ``text`` and what is wrong with it."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"at line (\d+)", str(exc))
        reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        return Settings(), [Problem(int(found.group(1)) if found else None, "",
                                    N_("not valid TOML ({reason}); using the defaults"),
                                    (("reason", reason),))]
    lines = key_lines(text)
    reader = _Reader(lines)
    values = reader.read(data)
    return Settings(lines=lines, **values), reader.problems


class _Reader:
    """Checks the parsed file against the schema, collecting problems."""

    def __init__(self, lines: dict[str, int]) -> None:
        self.lines = lines
        self.problems: list[Problem] = []

    def problem(self, path: str, message: str, **values: Any) -> None:
        line = None
        probe = path
        while probe and line is None:
            line = self.lines.get(probe)
            probe = probe.rpartition(".")[0]
        self.problems.append(Problem(line, path, message, tuple(values.items())))

    def read(self, data: dict[str, Any]) -> dict[str, Any]:
        values: dict[str, Any] = {}
        known_top = {"language", "theme", "start_pane", "user", "requests", "contacts", "ideas",
                     "backups", "keys"}
        for key in data:
            if key not in known_top:
                self.problem(key, N_("unknown setting (ignored)"))
        if "language" in data:
            value = self.text(data, "language", "language")
            if value is not None:
                code = value.strip().lower()
                if code in LANGUAGES:
                    values["language"] = code
                elif code:
                    self.problem("language", N_("{value!r} is not a language of the app (de, en)"),
                                 value=value)
        if "theme" in data:
            value = self.text(data, "theme", "theme")
            if value:
                values["theme"] = value.strip()
        if "start_pane" in data:
            value = self.text(data, "start_pane", "start_pane")
            if value is not None:
                if value.strip().lower() in PANES:
                    values["start_pane"] = value.strip().lower()
                else:
                    self.problem("start_pane", N_("{value!r} is not a pane ({choices})"),
                                 value=value, choices=", ".join(PANES))
        if "user" in data:
            value = self.text(data, "user", "user")
            if value and value.strip():
                values["user"] = value.strip()[:100]
        requests = self.table(data, "requests", {"waiting_too_long_days"})
        if "waiting_too_long_days" in requests:
            days = self.whole(requests, "waiting_too_long_days", "requests.waiting_too_long_days",
                              1, 365)
            if days is not None:
                values["waiting_too_long_days"] = days
        contacts = self.table(data, "contacts", {"stay_in_touch_days", "stay_in_touch_by_kind"})
        if "stay_in_touch_days" in contacts:
            days = self.whole(contacts, "stay_in_touch_days", "contacts.stay_in_touch_days", 1, 3650)
            if days is not None:
                values["stay_in_touch_days"] = days
        by_kind = self.table(contacts, "stay_in_touch_by_kind", set(UNIT_KINDS),
                             prefix="contacts.")
        kinds = {}
        for kind in UNIT_KINDS:
            if kind in by_kind:
                days = self.whole(by_kind, kind, f"contacts.stay_in_touch_by_kind.{kind}", 1, 3650)
                if days is not None:
                    kinds[kind] = days
        if kinds:
            values["stay_in_touch_by_kind"] = kinds
        ideas = self.table(data, "ideas", {"weights"})
        weights_table = self.table(ideas, "weights", set(CRITERIA), prefix="ideas.")
        if weights_table:
            weights = {}
            for criterion in CRITERIA:
                if criterion in weights_table:
                    value = self.whole(weights_table, criterion, f"ideas.weights.{criterion}", 0,
                                       MAX_WEIGHT)
                    if value is not None:
                        weights[criterion] = value
            if weights:
                from_defaults = {**default_weights(), **weights}
                if any(from_defaults.values()):
                    values["idea_weights"] = from_defaults
                else:
                    self.problem("ideas.weights", N_("at least one weight must be above 0; "
                                                     "using the defaults"))
        backups = self.table(data, "backups", {"keep"})
        if "keep" in backups:
            keep = self.whole(backups, "keep", "backups.keep", 0, 10_000)
            if keep is not None:
                values["backup_keep"] = keep
        keys = self.table(data, "keys", None)
        mapped: dict[str, str] = {}
        for binding_id, value in _flatten(keys):
            path = f"keys.{binding_id}"
            if not isinstance(value, str) or not value.strip():
                self.problem(path, N_("must be a key in quotes, e.g. \"ctrl+n\" or \"n,f2\""))
                continue
            mapped[binding_id] = ",".join(part.strip() for part in value.split(",") if part.strip())
        if mapped:
            values["keys"] = mapped
        return values

    def text(self, data: dict[str, Any], key: str, path: str) -> str | None:
        value = data[key]
        if isinstance(value, str):
            return value
        self.problem(path, N_("must be text in quotes"))
        return None

    def whole(self, data: dict[str, Any], key: str, path: str, low: int, high: int) -> int | None:
        value = data[key]
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.problem(path, N_("must be a whole number from {low} to {high}; {value!r} is "
                                  "ignored"), low=low, high=high, value=value)
            return None
        return value

    def table(self, data: dict[str, Any], key: str, known: set[str] | None, *,
              prefix: str = "") -> dict[str, Any]:
        if key not in data:
            return {}
        value = data[key]
        if not isinstance(value, dict):
            self.problem(prefix + key, N_("must be a table ([{name}])"), name=prefix + key)
            return {}
        if known is not None:
            for inner in value:
                if inner not in known:
                    self.problem(f"{prefix}{key}.{inner}", N_("unknown setting (ignored)"))
        return value


def _flatten(table: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    """``{"app": {"capture": "n"}}`` -> ``[("app.capture", "n")]``: ``app.capture = "n"``
    unquoted is a nested table in TOML, quoted a dotted name; both mean the same binding."""
    items = []
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            items.extend(_flatten(value, name + "."))
        else:
            items.append((name, value))
    return items


def default_weights() -> dict[str, int]:
    return {"benefit": 3, "effort": 2, "strategic_fit": 3, "reach": 2}


# --- writing -------------------------------------------------------------------------------

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
    """The file does not parse: saving would lose what the user wrote there."""


class InvalidSettings(ValueError):
    """The changes themselves are wrong; ``problems`` name each key and what is wrong."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(problem.text() for problem in problems))
        self.problems = problems


def _paths(name: str, value: Any) -> list[str]:
    """The dotted paths in the file that the field ``name`` with ``value`` writes."""
    base = ".".join(PLACES[name])
    if isinstance(value, dict):
        return [base] + [f"{base}.{key}" for key in value]
    return [base]


def validate(changes: dict[str, Any], path: Path | None = None) -> list[Problem]:
    """What would be wrong with the file after ``changes``: only problems of the changed keys
    (those already in the file are the user's to fix, and reported by ``load``)."""
    text = _changed_text(changes, path or settings_path())
    _settings, problems = parse(text)
    touched = {p for name, value in changes.items() for p in _paths(name, value)}
    return [problem for problem in problems
            if not problem.key or problem.key in touched
            or any(problem.key.startswith(t + ".") for t in touched)]


def save(changes: dict[str, Any], path: Path | None = None) -> Loaded:
    """Write ``changes`` (Settings field -> value; ``None`` removes the key) into the file,
    keeping everything else in it (comments, order, unknown keys). Atomic: the old file stays
    whole if the write fails. Returns the file as read back, and activates it.

    Raises ``InvalidSettings`` when a changed value is wrong (nothing is written),
    ``SettingsFileBroken`` when the file does not parse, ``ValueError`` for a field this module
    does not know, ``OSError`` when the folder cannot be written.
    """
    path = path or settings_path()
    problems = validate(changes, path)
    if problems:
        raise InvalidSettings(problems)
    new_text = _changed_text(changes, path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(new_text, encoding="utf-8")
    os.replace(temporary, path)
    loaded = load(path)
    activate(loaded.settings)
    return loaded


def _changed_text(changes: dict[str, Any], path: Path) -> str:
    """The file's text with ``changes`` applied (``SettingsFileBroken`` if it does not parse)."""
    import tomlkit

    unknown = set(changes) - set(PLACES)
    if unknown:
        raise ValueError(f"unknown settings field(s): {', '.join(sorted(unknown))}")
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = HEADER
    try:
        tomllib.loads(text)
        document = tomlkit.parse(text)
    except (tomllib.TOMLDecodeError, tomlkit.exceptions.TOMLKitError) as exc:
        raise SettingsFileBroken(str(exc)) from exc
    for name, value in changes.items():
        *tables, key = PLACES[name]
        container: Any = document
        for table in tables:
            if table not in container or not isinstance(container[table], dict):
                if value is None:
                    container = None
                    break
                container[table] = tomlkit.table()
            container = container[table]
        if container is None:
            continue
        if value is None or value == {}:
            if key in container:
                del container[key]
        elif isinstance(value, dict):
            inner = tomlkit.table()
            for inner_key, inner_value in value.items():
                inner[inner_key] = inner_value
            container[key] = inner
        else:
            container[key] = value
    return tomlkit.dumps(document)


def with_changes(settings: Settings, **changes: Any) -> Settings:
    """``settings`` with some fields changed (tests, previews)."""
    return replace(settings, **changes)
