"""``officer config path|show|check|set|unset|keys``: the user's settings file.

(Work in progress for issue 11: ``path`` is here; the others follow.)
"""

from __future__ import annotations

import argparse
from typing import Any

from officer_tui.i18n import _


def register(commands: Any) -> None:
    text = _("the settings file: where it is, what it holds, what is wrong in it")
    config = commands.add_parser("config", help=text, description=text)
    actions = config.add_subparsers(dest="action", metavar="ACTION", required=True)
    path_ = actions.add_parser("path", help=_("print where the settings file is"))
    path_.set_defaults(handler=path)
    from officer_tui.cli import config_keys

    config_keys.register(actions)  # officer config keys


def path(args: argparse.Namespace) -> int:
    from officer_tui.settings import settings_path

    print(settings_path())
    return 0
