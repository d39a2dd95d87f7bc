"""``officer config path|show|check|set|unset|edit|keys``: the user's settings file.

- ``path``: where the file is (``OFFICER_CONFIG_DIR`` moves the folder).
- ``show [--json]``: every setting, the value in force and where it comes from (``config_show``).
- ``check``: the file's problems, one line each with its line, an unknown theme and the keymap's
  problems; exit 1 when there are any.
- ``set KEY VALUE`` / ``unset KEY``: one key, dotted as in the file (``ideas.weights.reach 4``,
  ``keys.app.capture n``), read as the setting's type and checked first: a bad value exits 2
  naming the key, nothing written. The user's comments and layout stay.
- ``edit``: creates the file from a commented template if there is none, opens ``$VISUAL`` or
  ``$EDITOR`` (else says where the file is), then checks it.
- ``keys``: the bindings and their keys (``config_keys``).

A file that cannot be read or does not parse is never overwritten: ``set``/``unset`` exit 1
with the line to correct.
"""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import sys
from typing import Any

from officer_tui.cli._common import BadInput, json_flag
from officer_tui.i18n import _, ngettext


def register(commands: Any) -> None:
    text = _("the settings file: where it is, what it holds, what is wrong in it")
    config = commands.add_parser("config", help=text, description=text)
    actions = config.add_subparsers(dest="action", metavar="ACTION", required=True)
    path_ = actions.add_parser("path", help=_("print where the settings file is"))
    path_.set_defaults(handler=path)

    show_ = actions.add_parser("show", help=_(
        "every setting, its value in force and where it comes from"))
    json_flag(show_)
    show_.set_defaults(handler=show)

    check_ = actions.add_parser("check", help=_(
        "report the settings file's mistakes with their line (exit 1 if there are any)"))
    check_.set_defaults(handler=check)

    set_ = actions.add_parser("set", help=_("set one setting in the file"), description=_(
        "Set one setting in the file, keeping its comments. KEY as in the file, e.g. "
        "requests.waiting_too_long_days, ideas.weights.reach, keys.app.capture, language."))
    set_.add_argument("key", metavar="KEY", help=_("the setting, dotted as in the file"))
    set_.add_argument("value", metavar="VALUE", help=_("its new value"))
    set_.set_defaults(handler=set_value)

    unset_ = actions.add_parser("unset", help=_(
        "remove a setting (or a whole table) from the file: its default applies again"))
    unset_.add_argument("key", metavar="KEY", help=_("the setting, dotted as in the file"))
    unset_.set_defaults(handler=unset_value)

    edit_ = actions.add_parser("edit", help=_(
        "open the settings file in your editor ($VISUAL, $EDITOR), then check it"))
    edit_.set_defaults(handler=edit)
    from officer_tui.cli import config_keys

    config_keys.register(actions)  # officer config keys


def path(args: argparse.Namespace) -> int:
    from officer_tui.settings import settings_path

    print(settings_path())
    return 0


def show(args: argparse.Namespace) -> int:
    from officer_tui.cli.config_show import show as show_settings

    return show_settings(args)


# --- check -----------------------------------------------------------------------------------


def problems_of(loaded: Any) -> list[str]:
    """Every problem of the file, one line each: the file's own (by line), an unknown theme,
    then the keymap's."""
    from officer_tui.settings import Problem

    problems = list(loaded.problems)
    settings = loaded.settings
    if settings.theme not in theme_names():
        problems.append(Problem(settings.line_of("theme"), "theme", theme_problem(settings.theme)))
    lines = [problem.text() for problem in sorted(problems, key=lambda p: p.line or 0)]
    from officer_tui.ui.keys import checked_keymap

    _keymap, key_problems = checked_keymap(settings)
    return lines + list(key_problems)


def theme_names() -> set[str]:
    from textual.theme import BUILTIN_THEMES

    return set(BUILTIN_THEMES)


def theme_problem(name: str) -> str:
    """What is wrong with the theme ``name`` (did you mean ..., else the themes there are)."""
    import difflib

    close = difflib.get_close_matches(name, sorted(theme_names()), n=2, cutoff=0.6)
    if close:
        return _("{name!r} is not a theme; did you mean {close}?").format(
            name=name, close=", ".join(close))
    return _("{name!r} is not a theme ({choices})").format(
        name=name, choices=", ".join(sorted(theme_names())))


def check(args: argparse.Namespace) -> int:
    from officer_tui import settings

    loaded = settings.load()
    if not loaded.exists:
        print(_("No settings file ({path}): the defaults are in force.").format(path=loaded.path))
        return 0
    problems = problems_of(loaded)
    if not problems:
        print(_("{path}: no problems.").format(path=loaded.path))
        return 0
    print(ngettext("{path}: {n} problem:", "{path}: {n} problems:", len(problems)).format(
        path=loaded.path, n=len(problems)))
    for line in problems:
        print("  " + line)
    return 1


# --- set and unset ---------------------------------------------------------------------------


def set_value(args: argparse.Namespace) -> int:
    from officer_tui import settings

    key = _key(args.key)
    if key.kind == "table":
        raise BadInput(None, _("{key}: is a table; set one of its keys, e.g. {example}").format(
            key=key.name, example=_example(key.name)))
    value: Any = args.value.strip()
    if not value:
        raise BadInput(None, _("{key}: an empty value; to remove the key: officer config unset "
                               "{key}").format(key=key.name))
    if key.kind == "whole":
        try:
            value = int(value)
        except ValueError:
            raise BadInput(None, _("{key}: must be a whole number, not {value!r}").format(
                key=key.name, value=args.value)) from None
    elif key.name == "theme" and value not in theme_names():
        raise BadInput(None, "theme: " + theme_problem(value))
    elif key.parts[0] == "keys":
        _check_keymap_change(key.parts[1], value)
    return _save(settings, {key.name: value}, _("{key} = {value} (in {path})").format(
        key=key.name, value=_shown(value), path=settings.settings_path()))


def unset_value(args: argparse.Namespace) -> int:
    from officer_tui import settings, settings_file

    path = settings.settings_path()
    try:
        text = settings_file.current_text(path)
    except settings.SettingsFileBroken as exc:
        _complain(str(exc))
        return 1
    name = args.key.strip()
    if name not in settings.key_lines(text):
        _key(name)  # an unknown name is refused as such
        print(_("{key} is not set in {path}: nothing to remove.").format(key=name, path=path))
        return 0
    try:
        parts = settings.find_key(name).parts
    except settings.UnknownSetting:  # a key the app does not know: it may be removed too
        parts = tuple(name.split("."))
    return _save(settings, [(parts, None)], _(
        "{key} removed from {path}: its default applies again.").format(key=name, path=path))


def _save(settings: Any, values: dict[str, Any] | list[Any], done: str) -> int:
    """Save ``values`` (the file's keys, or edits of ``settings_file``); print ``done``."""
    from officer_tui import settings_file

    try:
        if isinstance(values, dict):
            settings.save_keys(values)
        else:
            settings_file.save(values, settings.settings_path())
    except settings.InvalidSettings as exc:
        raise BadInput(None, "; ".join(p.text(consequence=False) for p in exc.problems)) from None
    except settings.SettingsFileBroken as exc:
        _complain(str(exc))
        return 1
    except OSError as exc:
        _complain(_("the settings file {path} cannot be written ({reason}); nothing was saved")
                  .format(path=settings.settings_path(), reason=exc.strerror or exc))
        return 1
    print(done)
    return 0


def _key(name: str) -> Any:
    from officer_tui.settings import UnknownSetting, find_key

    try:
        return find_key(name)
    except UnknownSetting as exc:
        raise BadInput(None, str(exc)) from None


def _example(table: str) -> str:
    from officer_tui.settings import leaf_keys

    if table == "keys":
        return "keys.app.capture"
    return next(key for key in leaf_keys() if key.startswith(table + "."))


def _shown(value: Any) -> str:
    return f'"{value}"' if isinstance(value, str) else str(value)


def _check_keymap_change(binding_id: str, keys: str) -> None:
    """Refuse a key the keymap would reject (unknown binding, unknown key name, a clash)."""
    from officer_tui import settings
    from officer_tui.ui.keys import checked_keymap

    before = settings.load().settings
    after = settings.with_changes(before, keys={**before.keys, binding_id: keys})
    known = set(checked_keymap(before)[1])
    new = [problem for problem in checked_keymap(after)[1] if problem not in known]
    if new:
        raise BadInput(None, "; ".join(new))


def _complain(message: str) -> None:
    from officer_tui.cli._common import terminal_safe

    print(terminal_safe(f"officer: {message}").replace("\n", " "), file=sys.stderr)


# --- edit ------------------------------------------------------------------------------------


def edit(args: argparse.Namespace) -> int:
    from officer_tui import settings, settings_file

    target = settings.settings_path()
    try:
        if settings_file.create(target, settings_file.template()):
            print(_("Created {path} with every setting commented out.").format(path=target))
    except OSError as exc:
        _complain(_("the settings file {path} cannot be written ({reason})").format(
            path=target, reason=exc.strerror or exc))
        return 1
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        print(_("No editor is set ($VISUAL or $EDITOR): edit {path} with any text editor, "
                "then run 'officer config check'.").format(path=target))
        return 0
    try:
        command = shlex.split(editor, posix=os.name == "posix")
        finished = subprocess.run([*command, str(target)], check=False)
    except (OSError, ValueError) as exc:
        _complain(_("the editor {editor!r} could not be started ({reason})").format(
            editor=editor, reason=getattr(exc, "strerror", None) or exc))
        return 1
    if finished.returncode != 0:
        _complain(_("the editor ended with code {code}").format(code=finished.returncode))
    return check(args)
