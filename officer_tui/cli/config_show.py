"""``officer config show [--json]``: every setting, the value in force and where it comes from.

The values are those the app uses: the language of this run, ``current_user()``,
``backups.configured_keep()``; score weights and stay-in-touch intervals that older versions
stored in the database count where the file sets none (the database is read, never changed or
upgraded; when it cannot be read, the file and the defaults are shown).
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass
from typing import Any

from officer_tui.cli._common import print_json, table
from officer_tui.i18n import _, ngettext


@dataclass(frozen=True)
class Row:
    key: str
    value: Any  # None: not set
    source: str  # file, option, environment, database, default
    line: int | None = None
    detail: str = ""  # the variable's name, what the default is

    def source_text(self) -> str:
        if self.source == "file":
            return _("file, line {n}").format(n=self.line) + (f" ({self.detail})" if self.detail else "")
        if self.source in ("option", "environment"):
            return self.detail
        if self.source == "database":
            return _("database (stored by an earlier version)")
        return _("default") + (f" ({self.detail})" if self.detail else "")

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"key": self.key, "value": self.value, "source": self.source}
        if self.line is not None:
            data["line"] = self.line
        if self.source in ("option", "environment"):
            data["variable" if self.source == "environment" else "option"] = self.detail
        return data


def rows(args: argparse.Namespace, loaded: Any) -> list[Row]:
    from officer_tui import settings as settings_module
    from officer_tui.i18n import current_language

    settings = loaded.settings
    lines = settings.lines

    def from_file(key: str, value: Any, default_detail: str = "") -> Row:
        if key in lines:
            return Row(key, value, "file", lines[key])
        return Row(key, value, "default", detail=default_detail)

    result = []
    language = current_language()
    if getattr(args, "lang", None):
        result.append(Row("language", language, "option", detail="--lang"))
    elif (os.environ.get("OFFICER_LANG") or "").strip().lower()[:2] in ("de", "en"):
        result.append(Row("language", language, "environment", detail="OFFICER_LANG"))
    elif settings.language:
        result.append(Row("language", language, "file", lines.get("language")))
    else:
        result.append(Row("language", language, "default", detail=_("the system's")))
    result.append(from_file("theme", settings.theme))
    result.append(from_file("start_pane", settings.start_pane))
    result.append(_user_row(settings))
    result.append(from_file("requests.waiting_too_long_days", settings.waiting_too_long_days))
    result.append(from_file("contacts.stay_in_touch_days", settings.stay_in_touch_days,
                            _("per unit kind")))
    complete = settings.idea_weights is not None and (
        settings.stay_in_touch_days is not None or len(settings.stay_in_touch_by_kind) == len(
            settings_module.STAY_BY_KIND_DEFAULTS))
    stored = {} if complete else _stored(args.url)
    for kind, built_in in settings_module.STAY_BY_KIND_DEFAULTS.items():
        key = f"contacts.stay_in_touch_by_kind.{kind}"
        if kind in settings.stay_in_touch_by_kind:
            result.append(Row(key, settings.stay_in_touch_by_kind[kind], "file", lines.get(key)))
        elif settings.stay_in_touch_days is not None:
            result.append(Row(key, settings.stay_in_touch_days, "file",
                              lines.get("contacts.stay_in_touch_days"), "stay_in_touch_days"))
        elif (days := _whole(stored.get(f"stay_in_touch.{kind}"), 1)) is not None:
            result.append(Row(key, days, "database"))
        else:
            result.append(Row(key, built_in, "default"))
    weights = settings.idea_weights
    for criterion, default in settings_module.default_weights().items():
        key = f"ideas.weights.{criterion}"
        if weights is not None:
            result.append(from_file(key, weights[criterion]))
        elif (weight := _whole(stored.get(f"idea_weight.{criterion}"), 0)) is not None:
            result.append(Row(key, weight, "database"))
        else:
            result.append(Row(key, default, "default"))
    result.append(_keep_row(settings))
    for binding_id, keys in sorted(settings.keys.items()):
        key = f"keys.{binding_id}"
        result.append(Row(key, keys, "file", lines.get(key)))
    return result


def _user_row(settings: Any) -> Row:
    from officer_tui.services.history_recorder import current_user

    name = current_user()
    if os.environ.get("OFFICER_USER", "").strip():
        return Row("user", name, "environment", detail="OFFICER_USER")
    if settings.user:
        return Row("user", name, "file", settings.lines.get("user"))
    return Row("user", name, "default", detail=_("the login name"))


def _keep_row(settings: Any) -> Row:
    from officer_tui.services import backups
    from officer_tui.services.errors import ValidationError

    key = "backups.keep"
    try:
        keep = backups.configured_keep()
    except ValidationError as exc:
        print(f"officer: {exc.message}", file=sys.stderr)
    else:
        if os.environ.get(backups.KEEP_VARIABLE, "").strip():
            return Row(key, keep, "environment", detail=backups.KEEP_VARIABLE)
    if key in settings.lines:
        return Row(key, settings.backup_keep, "file", settings.lines[key])
    return Row(key, settings.backup_keep, "default")


def _whole(text: str | None, low: int) -> int | None:
    try:
        value = int(text) if text is not None else None
    except ValueError:
        return None
    return value if value is not None and value >= low else None


def _stored(url: str) -> dict[str, str]:
    """What older versions stored in the database (``appstate``): weights and intervals.
    Read only; a database that is missing, locked or elsewhere unreadable gives nothing."""
    from sqlalchemy import or_, select

    from officer_tui.db.engine import make_engine
    from officer_tui.models.state import AppState

    try:
        engine = make_engine(url, create=False)
    except Exception:
        return {}
    try:
        with engine.connect() as connection:
            statement = select(AppState.key, AppState.value).where(or_(
                AppState.key.like("idea\\_weight.%", escape="\\"),
                AppState.key.like("stay\\_in\\_touch.%", escape="\\")))
            return {key: value for key, value in connection.execute(statement)}
    except Exception:  # no such table yet, a server that is down: the file and defaults
        return {}
    finally:
        engine.dispose()


def show(args: argparse.Namespace) -> int:
    from officer_tui import settings

    loaded = settings.load()
    found = rows(args, loaded)
    if args.json:
        print_json({
            "path": str(loaded.path),
            "exists": loaded.exists,
            "settings": [row.as_json() for row in found],
            "problems": [problem.text() for problem in loaded.problems],
        })
        return 0
    if loaded.exists:
        print(_("Settings file: {path}").format(path=loaded.path))
    else:
        print(_("No settings file ({path}): the defaults are in force.").format(path=loaded.path))
    print()
    print(table([_("SETTING"), _("VALUE"), _("FROM")],
                [[row.key, _value_text(row.value), row.source_text()] for row in found]))
    if loaded.problems:
        count = len(loaded.problems)
        print(ngettext("The file has {n} problem: officer config check",
                       "The file has {n} problems: officer config check", count).format(n=count),
              file=sys.stderr)
    return 0


def _value_text(value: Any) -> str:
    if value is None:
        return "—"
    return f'"{value}"' if isinstance(value, str) else str(value)
