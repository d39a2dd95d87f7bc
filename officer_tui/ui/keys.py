"""The user's ``[keys]`` checked against the app's bindings, and applied.

``checked_keymap(settings)`` is the keymap to hand to Textual and one line per problem of the
file's ``[keys]``: an unknown binding id (with "did you mean"), a key Textual cannot produce, a
clash with a binding active in the same place. Each problem names its line; that entry is not
applied, the others are. ``binding_catalogue()`` (every binding id) lives in ``key_catalogue``.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding

from officer_tui.i18n import N_, _
from officer_tui.ui.key_catalogue import PLACES, Catalogue, Entry, binding_catalogue
from officer_tui.ui.key_names import key_label, normalize_key

__all__ = ["Entry", "KeyCheck", "binding_catalogue", "check_keys", "checked_keymap",
           "apply_user_keys", "key_in_force", "keys_in_force"]


# --- the user's keymap ---------------------------------------------------------------------


@dataclass
class KeyCheck:
    """The ``[keys]`` of a settings file, checked: what is applied and what is wrong."""

    applied: dict[str, tuple[str, ...]]  # binding id -> keys in force, for the valid entries
    problems: list  # settings.Problem, one per entry not applied
    keymap: dict[str, str]  # for Textual's ``set_keymap`` (with the siblings it would drop)

    def lines(self) -> list[str]:
        return [problem.text() for problem in self.problems]

    def problem_of(self, binding_id: str):
        return next((p for p in self.problems if p.key == f"keys.{binding_id}"), None)


def check_keys(settings) -> KeyCheck:
    """Check ``settings.keys``: each entry is applied, or reported with its line and left out."""
    from officer_tui.settings import Problem
    from officer_tui.text import closest
    from officer_tui.ui.key_names import KeyNameError, normalize_keys

    catalogue = binding_catalogue()
    problems: list[Problem] = []

    def problem(binding_id: str, message: str, **values) -> None:
        path = f"keys.{binding_id}"
        problems.append(Problem(settings.line_of(path), path, message, tuple(values.items()),
                                consequence=N_("not applied")))

    requested: dict[str, tuple[str, ...]] = {}
    for binding_id, text in settings.keys.items():
        entry = catalogue.entries.get(binding_id)
        if entry is None:
            guesses = closest(binding_id, catalogue.entries)
            if guesses:
                problem(binding_id, N_("no binding has this id (did you mean {names}?); "
                                       "officer config keys lists them"),
                        names=", ".join(f'"{name}"' for name in guesses))
            else:
                problem(binding_id, N_("no binding has this id; officer config keys lists them"))
            continue
        try:
            keys = normalize_keys(text)
        except KeyNameError as exc:
            problem(binding_id, N_("{reason}"), reason=exc.text())
            continue
        typed = [key for key in keys if key not in entry.keys and _types_text(key)]
        if entry.priority and typed:
            problem(binding_id, N_("{key} would be typed into text fields too (this binding "
                                   "works while you type): choose a key with Ctrl or Alt, or a "
                                   "function key"), key=key_label(typed[0]))
            continue
        requested[binding_id] = keys
    rejected: set[str] = set()
    while True:  # a rejected entry keeps its default key, which may now clash with another
        current = {bid: keys for bid, keys in requested.items() if bid not in rejected}
        effective = {bid: entry.keys for bid, entry in catalogue.entries.items()} | current
        clash = None
        for index, (binding_id, keys) in enumerate(current.items()):
            later = set(list(current)[index + 1:])
            clash = _first_clash(catalogue, binding_id, keys, effective, later)
            if clash:
                break
        if clash is None:
            break
        rejected.add(binding_id)
        key, other = clash
        problem(binding_id, N_("{key} is taken by {other}"), key=key_label(key), other=other)
    applied = {bid: keys for bid, keys in requested.items() if bid not in rejected}
    ordered = sorted(problems, key=lambda p: (p.line or 0))
    return KeyCheck(applied, ordered, _textual_keymap(catalogue, applied))


def checked_keymap(settings) -> tuple[dict[str, str], list[str]]:
    """The keymap to apply (binding id -> keys) and one line per problem with it."""
    if not settings.keys:
        return {}, []
    result = check_keys(settings)
    return result.keymap, result.lines()


def _types_text(key: str) -> bool:
    """Does pressing ``key`` in a text field type something?"""
    from textual.keys import key_to_character

    return "+" not in key and key_to_character(key) is not None or key == "space"


def _first_clash(catalogue: Catalogue, binding_id: str, keys: tuple[str, ...],
                 effective: dict[str, tuple[str, ...]], later: set[str]):
    """(key, the other binding as people read it) for the first new key already in use where
    ``binding_id`` is active; None when all are free. A clash with an entry further down the
    file is that entry's (it is the one reported)."""
    entry = catalogue.entries[binding_id]
    new = [key for key in keys if key not in entry.keys]
    if not new:
        return None
    for home in catalogue.homes[binding_id]:
        for other_home, link in catalogue.together[home].items():
            namespace = catalogue.namespaces[other_home]
            for binding in namespace.bindings:
                if binding.id == binding_id:
                    continue
                if link == "priority" and not (binding.priority or entry.priority):
                    continue
                if binding.id and binding.id in catalogue.entries:
                    its_keys = effective[binding.id]
                else:
                    its_keys = (normalize_key(binding.key),)
                for key in new:
                    if key not in its_keys:
                        continue
                    if binding.id in later and key not in catalogue.entries[binding.id].keys:
                        continue
                    return key, _describe(catalogue, binding, other_home)
    return None


TEXT_FIELDS = ("Input", "TextArea")


def _describe(catalogue: Catalogue, binding: Binding, home: type) -> str:
    """The binding that holds a key, as people read it: what it does, its id, where."""
    description = _(binding.description) if binding.description else binding.action
    entry = catalogue.entries.get(binding.id or "")
    if entry is not None:
        return _('"{description}" ({id}, {where})').format(
            description=description, id=binding.id, where=entry.where())
    kind = catalogue.namespaces[home].kind
    if kind == "app":
        where = _("everywhere")
    elif home.__name__ in TEXT_FIELDS:
        where = _("in text fields")
    elif kind == "textual":
        where = _("in {widget} fields").format(widget=home.__name__)
    else:
        where = _("in {place}").format(place=_(PLACES.get(home.__name__)
                                               or getattr(home, "HELP_TITLE", "")
                                               or home.__name__))
    return _('"{description}" {where}').format(description=description, where=where)


def _textual_keymap(catalogue: Catalogue, applied: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Textual's keymap for ``applied``. Textual drops every binding on a key when it moves
    one of them (``a`` is both "Absent" and "Add item" in a meeting): the others on those keys
    are named too, with their own keys, so they stay."""
    keymap = {bid: keys for bid, keys in applied.items() if keys != catalogue.entries[bid].keys}
    pending = list(keymap)
    while pending:
        binding_id = pending.pop()
        for home in catalogue.homes.get(binding_id, []):
            namespace = catalogue.namespaces[home]
            own = set(namespace.ids.get(binding_id, []))
            for binding in namespace.bindings:
                if binding.key in own and binding.id and binding.id not in keymap:
                    keymap[binding.id] = applied.get(binding.id) or tuple(
                        normalize_key(key) for key in namespace.ids[binding.id])
                    pending.append(binding.id)
    return {bid: ",".join(keys) for bid, keys in keymap.items()}


def keys_in_force(binding_id: str, settings=None) -> tuple[str, ...]:
    """The keys of ``binding_id`` with the user's keymap (its default if not remapped or
    not applied)."""
    from officer_tui import settings as settings_module

    entry = binding_catalogue().entries[binding_id]
    check = check_keys(settings or settings_module.current())
    return check.applied.get(binding_id, entry.keys)


# --- in the app ------------------------------------------------------------------------------


def apply_user_keys(app) -> None:
    """Apply the user's ``[keys]`` to ``app``: checked in a worker (the catalogue imports every
    screen, about a second), applied when done; what is wrong shows in a notification."""
    from officer_tui import settings

    current = settings.current()
    if not current.keys:
        return

    def check() -> None:
        try:
            result = check_keys(current)
        except Exception as exc:  # a broken catalogue must not stop the app: defaults apply
            from officer_tui.ui.errors import describe

            text = _("Your keys could not be applied: {reason}").format(reason=describe(exc))
            app.call_from_thread(app.notify, text, severity="error", timeout=20)
            return
        app.call_from_thread(_apply, app, result)

    app.run_worker(check, thread=True, group="keymap", exclusive=True, exit_on_error=False)


def _apply(app, result: KeyCheck) -> None:
    from officer_tui.settings import settings_path

    app.set_keymap(result.keymap)
    lines = result.lines()
    if not lines:
        return
    if hasattr(app, "settings_problems"):
        app.settings_problems += lines
    shown = lines[:6]
    text = _("Settings file {path}:").format(path=settings_path()) + "\n" + "\n".join(shown)
    if len(lines) > len(shown):
        text += "\n" + _("… and {n} more (officer config check)").format(n=len(lines) - len(shown))
    app.notify(text, severity="warning", timeout=20)


def key_in_force(app, binding_id: str, default: str) -> str:
    """The key(s) of ``binding_id`` in ``app`` now, as people read them (palette hints)."""
    from officer_tui.ui.key_names import keys_label

    keymap = getattr(app, "_keymap", {}) or {}
    return keys_label(keymap.get(binding_id) or default)


def written_key(key: str) -> str:
    """Textual's name of a key as the settings file shows it: ``question_mark`` -> ``?``
    (reads back the same); names that would not (``comma``, ``plus``) stay names."""
    from officer_tui.ui.key_names import _character_names

    character = _character_names().get(key)
    if character and character not in ",+" and normalize_key(character) == key:
        return character
    return key
