"""``officer config keys [--json] [FILTER]``: every binding id, where it works, what it does,
its default key(s) and the key(s) in force; remapped ones are marked. The problems of the
file's ``[keys]`` follow on stderr (exit 0: the app starts with them, leaving those out).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from officer_tui.cli._common import json_flag
from officer_tui.i18n import _

REMAPPED = "*"


def register(actions: Any) -> None:
    text = _("every key binding: its id (for [keys] in the settings file), where it works, "
             "what it does, its default key and the key in force")
    keys = actions.add_parser("keys", help=text, description=text)
    keys.add_argument("filter", nargs="?", default="", metavar="FILTER",
                      help=_("only bindings whose id, place or description holds this text"))
    json_flag(keys)
    keys.set_defaults(handler=show_keys)


def show_keys(args: argparse.Namespace) -> int:
    from officer_tui import settings
    from officer_tui.cli._common import print_json, safe_stdout, table, terminal_safe
    from officer_tui.ui.key_names import keys_label
    from officer_tui.ui.keys import binding_catalogue, check_keys

    loaded = settings.load()
    check = check_keys(loaded.settings)
    words = args.filter.casefold().split()
    rows = []
    for entry in binding_catalogue().ordered():
        current = check.applied.get(entry.id, entry.keys)
        row = {
            "id": entry.id,
            "where": entry.where(),
            "description": entry.what(),
            "tooltip": _(entry.tooltip) if entry.tooltip else "",
            "default": list(entry.keys),
            "keys": list(current),
            "remapped": entry.id in check.applied and current != entry.keys,
        }
        text = " ".join((entry.id, row["where"], row["description"], keys_label(current),
                         keys_label(entry.keys))).casefold()
        if all(word in text for word in words):
            rows.append(row)
    with safe_stdout():
        if args.json:
            print_json(rows)
        else:
            headers = (_("Id"), _("Where"), _("What it does"), _("Default"), _("In force"))
            print(table(headers, [
                (row["id"], row["where"], row["description"], keys_label(row["default"]),
                 keys_label(row["keys"]) + (f" {REMAPPED}" if row["remapped"] else ""))
                for row in rows], squeeze=2))
            if any(row["remapped"] for row in rows):
                print(_("{mark} remapped in {path}").format(mark=REMAPPED, path=loaded.path))
    lines = check.lines()
    if lines:
        print(_("Problems in the [keys] of {path} (these are not applied):").format(
            path=loaded.path), file=sys.stderr)
        for line in lines:
            print(f"  {terminal_safe(line)}", file=sys.stderr)
    return 0
