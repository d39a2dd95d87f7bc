"""``officer seed --demo|--scale N``: fill the database."""

from __future__ import annotations

import argparse
import time
from typing import Any

from officer_tui.cli._common import counts_text, session_for, today, whole
from officer_tui.i18n import _


def register(commands: Any) -> None:
    text = _("fill the database with demo or generated data")
    seed = commands.add_parser("seed", help=text, description=text)
    which = seed.add_mutually_exclusive_group(required=True)
    which.add_argument(
        "--demo",
        action="store_true",
        help=_("the culture department of a fictional city (into an empty database only)"),
    )
    which.add_argument(
        "--scale",
        type=whole(1),
        metavar="N",
        help=_("N generated requests with proportional units and contacts"),
    )
    seed.add_argument("--seed", type=int, default=1, help=_("random seed for --scale"))
    seed.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from officer_tui.paths import display_url

    started = time.perf_counter()
    with session_for(args) as session:
        from officer_tui.services.seed import seed_demo, seed_scale

        if args.demo:
            counts = seed_demo(session, today=today())
        else:
            counts = seed_scale(session, count=args.scale, today=today(), seed=args.seed)
    shown = display_url(args.url)
    if args.demo:
        print(
            _("Demo data added to {where}: {counts}.").format(
                where=shown, counts=counts_text(counts)
            )
        )
    else:
        print(
            _("Generated data added to {where}: {counts} in {seconds:.1f} s.").format(
                where=shown, counts=counts_text(counts), seconds=time.perf_counter() - started
            )
        )
    return 0
