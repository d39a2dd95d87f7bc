"""Writing the settings file: edits that keep what the user wrote (comments, order, unknown
keys: tomlkit), checked before anything is written, written atomically under a lock.

Loaded only when something is written (``settings.save``, ``settings.save_keys``, ``officer
config set|unset|edit``). The rules:

- A file that cannot be read or does not parse is never overwritten: ``SettingsFileBroken``
  names its line, nothing is saved.
- A changed value that is wrong is refused (``InvalidSettings``), nothing is saved.
- Writes go to a temporary file in the same folder, then replace the file: a crash leaves the
  old file or the new one, never half of one. A symbolic link is followed (the file it points
  to is replaced), so settings kept in a dotfiles folder stay there.
- Two processes saving at once (the app and ``officer config set``) take turns (an advisory
  lock on the folder, POSIX), so neither loses the other's change.
- A new file gets mode 0600 (it holds the user's name); an existing file keeps its mode.
- CRLF line ends stay CRLF; a byte-order mark is dropped.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import replace
from pathlib import Path
from typing import Any

from officer_tui.i18n import N_, _
from officer_tui.settings import (
    CRITERIA,
    HEADER,
    PLACES,
    UNIT_KINDS,
    InvalidSettings,
    Loaded,
    Problem,
    SettingsFileBroken,
    activate,
    find_key,
    load,
    parse,
    read_text,
    syntax_problem,
)

Edit = tuple[tuple[str, ...], Any]  # a TOML path and its new value (None removes it)

# Inside these tables only the keys the app knows are replaced by a whole-table save: anything
# else the user wrote there stays (and is reported as unknown by ``load``).
_KNOWN_INSIDE: dict[tuple[str, ...], tuple[str, ...]] = {
    ("contacts", "stay_in_touch_by_kind"): UNIT_KINDS,
    ("ideas", "weights"): CRITERIA,
}


def field_edits(changes: dict[str, Any]) -> list[Edit]:
    """``Settings`` field -> value, as edits of the file."""
    unknown = set(changes) - set(PLACES)
    if unknown:
        raise ValueError(f"unknown settings field(s): {', '.join(sorted(unknown))}")
    return [(PLACES[name], value) for name, value in changes.items()]


def key_edits(values: dict[str, Any]) -> list[Edit]:
    """The file's dotted key -> value, as edits (a table can only be removed)."""
    edits = []
    for name, value in values.items():
        key = find_key(name)
        if key.kind == "table" and value is not None:
            raise InvalidSettings([Problem(None, key.name, N_(
                "is a table; set one of its keys (officer config show lists them)"))])
        edits.append((key.parts, value))
    return edits


# --- the new text ----------------------------------------------------------------------------


def current_text(path: Path) -> str:
    """The file's text for editing (the header of a new file when there is none)."""
    text, problem = read_text(path)
    if problem is not None:
        raise SettingsFileBroken(path, problem)
    if text is None:
        return HEADER
    problem = syntax_problem(text)
    if problem is not None:
        raise SettingsFileBroken(path, problem)
    return text


def changed_text(edits: list[Edit], path: Path) -> str:
    """The file's text with ``edits`` applied."""
    import tomlkit

    text = current_text(path)
    try:
        document = tomlkit.parse(text)
    except tomlkit.exceptions.TOMLKitError as exc:  # valid TOML that tomlkit cannot keep
        raise SettingsFileBroken(path, Problem(getattr(exc, "line", None), "", N_(
            "not valid TOML ({reason})"), (("reason", str(exc)),))) from exc
    for parts, value in edits:
        _apply(document, parts, value)
    new_text = tomlkit.dumps(document)
    if new_text and not new_text.endswith("\n"):
        new_text += "\n"
    if "\r\n" in text:  # keep the file's line ends
        new_text = re.sub(r"(?<!\r)\n", "\r\n", new_text)
    return new_text


def _apply(document: Any, parts: tuple[str, ...], value: Any) -> None:
    import tomlkit

    *tables, key = parts
    container = document
    for table in tables:
        inner = container.get(table)
        if not isinstance(inner, dict):
            if value is None:
                return  # nothing to remove
            container[table] = tomlkit.table()  # (a wrong value there: replaced)
            inner = container[table]
        container = inner
    if value is None or value == {}:
        _remove(container, key)
        _prune(document, tables)
    elif isinstance(value, dict):
        table = container.get(key)
        if not isinstance(table, dict):
            container[key] = table = tomlkit.table()
        known = _KNOWN_INSIDE.get(tuple(parts))
        for name, old in _flat(table):
            if name not in value and (name in known if known is not None else isinstance(old, str)):
                _remove(table, name)
        for name, inner_value in value.items():
            _set(table, name, inner_value)
    else:
        _set(container, key, value)


def _flat(table: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    items = []
    for name, value in list(table.items()):
        if isinstance(value, dict):
            items.extend(_flat(value, f"{prefix}{name}."))
        else:
            items.append((prefix + name, value))
    return items


def _nested(table: Any, name: str) -> tuple[Any, str] | None:
    """Where ``name`` (``app.capture``) sits when written unquoted (``app.capture = ...`` or
    ``[keys.app]``): the inner table and the last part; None if it is not there."""
    *heads, last = name.split(".")
    for head in heads:
        table = table.get(head) if isinstance(table, dict) else None
        if table is None:
            return None
    return (table, last) if isinstance(table, dict) and last in table else None


def _set(table: Any, name: str, value: Any) -> None:
    if name not in table and "." in name and (found := _nested(table, name)):
        inner, last = found
        inner[last] = value  # the user's spelling stays
    else:
        table[name] = value  # tomlkit quotes a name with dots


def _remove(table: Any, name: str) -> None:
    if name in table:
        del table[name]
        return
    if "." in name and (found := _nested(table, name)):
        inner, last = found
        del inner[last]
        heads = name.split(".")[:-1]
        while heads:  # drop the tables that held only this key
            parent = table
            for head in heads[:-1]:
                parent = parent[head]
            if len(parent[heads[-1]]) == 0:
                del parent[heads[-1]]
            heads.pop()


def _prune(document: Any, tables: list[str]) -> None:
    """Drop the tables a removal left empty (unless the user wrote comments in them)."""
    from tomlkit.items import Comment

    for depth in range(len(tables), 0, -1):
        parent = document
        for name in tables[:depth - 1]:
            parent = parent[name]
        table = parent.get(tables[depth - 1])
        body = getattr(getattr(table, "value", None), "body", [])
        if not isinstance(table, dict) or len(table) or any(
                isinstance(item, Comment) for _name, item in body):
            return
        del parent[tables[depth - 1]]


# --- checking and writing --------------------------------------------------------------------


def _concerns(problem: Problem, edits: list[Edit]) -> bool:
    """Whether ``problem`` is one of the edits' own: at a written key or below it, or at a
    table holding it. A whole table written keeps the problems of keys it did not write."""
    for parts, value in edits:
        base = ".".join(parts)
        written = [f"{base}.{name}" for name in value] if isinstance(value, dict) and value else []
        for path in [base, *written]:
            if problem.key == path or path.startswith(problem.key + "."):
                return True
        if not written and problem.key.startswith(base + "."):
            return True
        if any(problem.key.startswith(path + ".") for path in written):
            return True
    return False


def validate(edits: list[Edit], path: Path) -> list[Problem]:
    """What would be wrong with the changed keys after ``edits`` (without line numbers: the
    lines are those of a text not written yet)."""
    _settings, problems = parse(changed_text(edits, path))
    return [replace(problem, line=None) for problem in problems
            if not problem.key or _concerns(problem, edits)]


def save(edits: list[Edit], path: Path) -> Loaded:
    """Check ``edits``, write them, read the file back and activate it."""
    problems = validate(edits, path)  # refuse before making the folder
    if problems:
        raise InvalidSettings(problems)
    target = _target(path)
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with locked(target.parent):
        problems = validate(edits, target)  # again: another process may have saved meanwhile
        if problems:
            raise InvalidSettings(problems)
        write_atomically(target, changed_text(edits, target))
    loaded = load(path)
    activate(loaded.settings)
    return loaded


def create(path: Path, text: str) -> bool:
    """Write ``text`` as a new file (mode 0600); False if the file exists already."""
    target = _target(path)
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with locked(target.parent):
        if target.exists():
            return False
        write_atomically(target, text)
    return True


def _target(path: Path) -> Path:
    return path.resolve() if path.is_symlink() else path


@contextmanager
def locked(folder: Path) -> Iterator[None]:
    """An exclusive advisory lock on ``folder`` while saving (POSIX; elsewhere a no-op)."""
    try:
        import fcntl
    except ImportError:  # Windows: the atomic replace alone
        yield
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # releases the lock


def write_atomically(path: Path, text: str) -> None:
    try:
        mode: int | None = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = None  # mkstemp makes it 0600
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp",
                                             dir=path.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(temporary)
        raise


# --- a new file ------------------------------------------------------------------------------


def template() -> str:
    """A new file for ``officer config edit``: every key commented out, with its default and a
    short hint (in the current language). The table headers are not commented out, so a key
    that is uncommented lands in its table."""
    from officer_tui.settings import (
        DEFAULT_BACKUP_KEEP,
        DEFAULT_THEME,
        DEFAULT_WAITING_DAYS,
        PANES,
        STAY_BY_KIND_DEFAULTS,
        default_weights,
    )

    def line(setting: str, hint: str) -> str:
        return f"# {setting:<34} # {hint}"

    by_kind = list(STAY_BY_KIND_DEFAULTS.items())
    lines = [
        HEADER.rstrip("\n"),
        "# " + _("Remove the # in front of a key to set it; the values shown are the defaults."),
        "",
        line('language = "de"', _("de or en; unset: OFFICER_LANG, else the system's language")),
        line(f'theme = "{DEFAULT_THEME}"', _("any Textual theme (palette: Theme)")),
        line('start_pane = "today"', " | ".join(PANES)),
        line('user = "Anna Berger"', _("your name in the history; unset: the login name")),
        "",
        "[requests]",
        line(f"waiting_too_long_days = {DEFAULT_WAITING_DAYS}",
             _("open requests older than this wait too long")),
        "",
        "[contacts]",
        line("stay_in_touch_days = 90",
             _("one interval for everyone; unset: per unit kind (below)")),
        "",
        "[contacts.stay_in_touch_by_kind]",
        line(f"{by_kind[0][0]} = {by_kind[0][1]}", _("days, per kind of unit")),
        *(f"# {kind} = {days}" for kind, days in by_kind[1:]),
        "",
        "[ideas.weights]",
        line(f"benefit = {default_weights()['benefit']}", _("0-10 each; at least one above 0")),
        *(f"# {criterion} = {weight}" for criterion, weight in default_weights().items()
          if criterion != "benefit"),
        "",
        "[backups]",
        line(f"keep = {DEFAULT_BACKUP_KEEP}",
             _("automatic backups kept; 0 turns them off")),
        "",
        "[keys]",
        line('"app.capture" = "z"', _("binding id = key(s); officer config keys lists them")),
    ]
    return "\n".join(lines) + "\n"
