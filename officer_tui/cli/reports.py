"""``officer report portfolio|status [--out FILE.md]``: reports for management, in Markdown.

``report status`` is the Lagebericht for a period (``--from``/``--to``; default: the 30 days
up to today); a file it writes gets mode 0600 (it names people).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from officer_tui.cli._common import BadInput, parse_date, session_for, today
from officer_tui.i18n import _, format_date


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
    status = kinds.add_parser(
        "status",
        help=_("the status report (Lagebericht) of a period: portfolio, decisions, open items, "
               "training, requests"),
    )
    status.add_argument("--out", metavar="FILE.md", help=_("write to this file (default: print)"))
    status.add_argument("--from", dest="start", metavar="DATE",
                        help=_("first day of the period (default: 30 days before --to)"))
    status.add_argument("--to", dest="end", metavar="DATE",
                        help=_("last day of the period (default: today)"))
    status.set_defaults(handler=status_)


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


def status_(args: argparse.Namespace) -> int:
    target = Path(args.out).expanduser() if args.out else None
    if target is not None and (target.is_dir() or not target.parent.is_dir()):
        raise BadInput("out", _("cannot write a file at {path}").format(path=str(target)))
    from officer_tui.services.status_report import resolve_period

    start, end = resolve_period(parse_date(args.start, "from"), parse_date(args.end, "to"),
                                today=today())
    with session_for(args) as session:
        from officer_tui.services.status_report import status_report

        text = status_report(session, start=start, end=end, today=today())
    if target is None:
        print(text, end="")
        return 0
    from officer_tui.services.private_file import write_private

    write_private(target, text, field="out")
    print(_("Status report for {start} to {end} written to {path}.").format(
        start=format_date(start), end=format_date(end), path=str(target)))
    return 0
