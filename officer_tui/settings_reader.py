"""Checking a parsed settings file against the schema: each known key's value, or a
``Problem`` naming the key (and, through ``lines``, its line). Used by ``settings.parse``."""

from __future__ import annotations

import difflib
from typing import Any

from officer_tui.i18n import LANGUAGES, N_
from officer_tui.settings import CRITERIA, MAX_WEIGHT, PANES, UNIT_KINDS, Problem, default_weights

# Where each key of the file belongs ("" is the top of the file).
_HOMES = {"language": "", "theme": "", "start_pane": "", "user": "",
          "waiting_too_long_days": "requests", "stay_in_touch_days": "contacts",
          "stay_in_touch_by_kind": "contacts", "weights": "ideas", "keep": "backups"}


def read_values(data: dict[str, Any], lines: dict[str, int]) -> tuple[dict[str, Any], list[Problem]]:
    """The ``Settings`` fields found in ``data`` and the problems with it."""
    reader = _Reader(lines)
    values = reader.read(data)
    return values, sorted(reader.problems, key=lambda problem: problem.line or 0)


class _Reader:
    """Checks the parsed file against the schema, collecting problems."""

    def __init__(self, lines: dict[str, int]) -> None:
        self.lines = lines
        self.problems: list[Problem] = []

    def problem(self, path: str, message: str, *, consequence: str = "", **values: Any) -> None:
        line = None
        probe = path
        while probe and line is None:
            line = self.lines.get(probe)
            probe = probe.rpartition(".")[0]
        self.problems.append(Problem(line, path, message, tuple(values.items()), consequence))

    def read(self, data: dict[str, Any]) -> dict[str, Any]:
        values: dict[str, Any] = {}
        known_top = {"language", "theme", "start_pane", "user", "requests", "contacts", "ideas",
                     "backups", "keys"}
        for key in data:
            if key not in known_top:
                self.unknown(key, known_top)
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
                    self.problem("ideas.weights", N_("at least one weight must be above 0"),
                                 consequence=N_("the default weights apply"))
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
            self.problem(path, N_("must be a whole number from {low} to {high}, not {value!r}"),
                         consequence=N_("the default applies"), low=low, high=high, value=value)
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
                    self.unknown(f"{prefix}{key}.{inner}", known)
        return value

    def unknown(self, path: str, known: set[str]) -> None:
        name = path.rpartition(".")[2]
        home = _HOMES.get(name)
        if home is not None and "." in path:  # a common slip: a key added below a [table]
            if home:
                self.problem(path, N_("unknown here (ignored); {name} belongs in [{table}]"),
                             name=name, table=home)
            else:
                self.problem(path, N_("unknown here (ignored); {name} belongs at the top of the "
                                      "file, before the first [table]"), name=name)
            return
        close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
        if close:
            self.problem(path, N_("unknown setting (ignored); did you mean {name}?"),
                         name=close[0])
        else:
            self.problem(path, N_("unknown setting (ignored)"))


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
