"""``officer goal add|list``: the strategic goals that ideas and projects serve."""

from __future__ import annotations

import argparse
from typing import Any

from officer_tui.cli._common import BadInput, json_flag, print_json, session_for, table
from officer_tui.i18n import _


def register(commands: Any) -> None:
    text = _("strategic goals of the digital strategy")
    group = commands.add_parser("goal", help=text, description=text)
    actions = group.add_subparsers(dest="action", metavar="ACTION", required=True)

    add_ = actions.add_parser("add", help=_("add a goal; prints its id"))
    add_.add_argument("code", metavar="CODE", help=_("short code, e.g. HF1.2"))
    add_.add_argument("title", metavar="TITLE", help=_("what the goal says"))
    add_.add_argument("--description", default="", help=_("details"))
    add_.set_defaults(handler=add)

    listing = actions.add_parser("list", help=_("list goals with their ideas and projects"))
    listing.add_argument(
        "--without-project", action="store_true", help=_("only goals that no project serves")
    )
    json_flag(listing)
    listing.set_defaults(handler=list_)


def positional(exc: Any, names: dict[str, str]) -> BadInput:
    """A service's complaint about a positional argument, named as the usage shows it."""
    return BadInput(None, f"{names[exc.field]}: {exc.message}")


def add(args: argparse.Namespace) -> int:
    from officer_tui.services.errors import ValidationError

    with session_for(args) as session:
        from officer_tui.services.goals import create_goal

        try:
            goal = create_goal(
                session, code=args.code, title=args.title, description=args.description
            )
        except ValidationError as exc:
            if exc.field in ("code", "title"):
                raise positional(exc, {"code": "CODE", "title": "TITLE"}) from None
            raise
        print(goal.id)
    return 0


def list_(args: argparse.Namespace) -> int:
    with session_for(args) as session:
        from officer_tui.services.goals import list_goals

        rows = list_goals(session, without_project=args.without_project)
    if args.json:
        print_json(
            [
                {"id": r.id, "code": r.code, "title": r.title, "description": r.description,
                 "ideas": r.ideas, "projects": r.projects}
                for r in rows
            ]
        )
        return 0
    if not rows:
        print(_("No matching goals."))
        return 0
    headers = [_("ID"), _("Code"), _("Title"), _("Ideas"), _("Projects")]
    cells = [[str(r.id), r.code, r.title, str(r.ideas), str(r.projects)] for r in rows]
    print(table(headers, cells, right=(0, 3, 4), squeeze=2))
    return 0
