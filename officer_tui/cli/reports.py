"""``officer report portfolio [--out FILE.md]``: reports for management, in Markdown."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from officer_tui.cli._common import BadInput, session_for, today
from officer_tui.i18n import _


def register(commands: Any) -> None:
    text = _("reports for management (Markdown)")
    group = commands.add_parser("report", help=text, description=text)
    kinds = group.add_subparsers(dest="report", metavar="REPORT", required=True)
    portfolio = kinds.add_parser(
        "portfolio",
        help=_("the project portfolio by field of action and phase, with funding and traffic lights"),
    )
    portfolio.add_argument("--out", metavar="FILE.md", help=_("write to this file (default: print)"))
    portfolio.set_defaults(handler=portfolio_)


def portfolio_(args: argparse.Namespace) -> int:
    target = Path(args.out).expanduser() if args.out else None
    if target is not None and (target.is_dir() or not target.parent.is_dir()):
        raise BadInput("out", _("cannot write a file at {path}").format(path=str(target)))
    with session_for(args) as session:
        from officer_tui.services.reports import portfolio_report

        text = portfolio_report(session, today=today())
    if target is None:
        print(text, end="")
        return 0
    try:
        target.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise BadInput("out", _("cannot write {path}: {reason}").format(
            path=str(target), reason=exc.strerror or exc)) from None
    print(_("Portfolio report written to {path}.").format(path=str(target)))
    return 0
