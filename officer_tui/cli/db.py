"""``officer db path|check|upgrade``: which database, is it sound, bring it up to date."""

from __future__ import annotations

import argparse
from typing import Any

from officer_tui.cli._common import counts_text
from officer_tui.i18n import _, ngettext


def register(commands: Any) -> None:
    text = _("where the database is, check it, upgrade it")
    group = commands.add_parser("db", help=text, description=text)
    actions = group.add_subparsers(dest="action", metavar="ACTION", required=True)
    actions.add_parser("path", help=_("print which database is used")).set_defaults(handler=path)
    actions.add_parser(
        "check", help=_("check schema and integrity without changing anything")
    ).set_defaults(handler=check)
    actions.add_parser(
        "upgrade", help=_("bring the schema up to date (backs the database up first)")
    ).set_defaults(handler=upgrade)


def path(args: argparse.Namespace) -> int:
    from officer_tui.paths import display_url

    print(display_url(args.url))
    return 0


def check(args: argparse.Namespace) -> int:
    """Exit 0 when the schema is current and nothing is broken, else 1."""
    from officer_tui.services.database import check_database

    report = check_database(args.url)
    schema = report.schema
    print(_("Database: {where}").format(where=report.shown_url))
    if schema.up_to_date:
        print(_("Schema: {revision} (current)").format(revision=schema.current))
    elif schema.current is None and not schema.has_tables:
        print(_("Schema: none (empty database); run 'officer db upgrade'"))
    elif schema.current is None:
        print(_("Schema: none, and the database holds tables officer-tui did not create"))
    else:
        print(
            _("Schema: {current}, this app needs {head}; run 'officer db upgrade'").format(
                current=schema.current, head=schema.head
            )
        )
    if report.problems:
        count = len(report.problems)
        print(ngettext("Integrity: {n} problem", "Integrity: {n} problems", count).format(n=count))
        for problem in report.problems:
            print("  " + problem)
    elif schema.current is not None:
        print(_("Integrity: ok"))
    if report.counts:
        print(_("Records: {counts}").format(counts=counts_text(report.counts)))
    return 0 if report.ok else 1


def upgrade(args: argparse.Namespace) -> int:
    from officer_tui.paths import display_url
    from officer_tui.services.database import upgrade_database

    report = upgrade_database(args.url)
    shown = display_url(args.url)
    before, after = report.before, report.after
    if before.up_to_date:
        message = _("{where} is up to date (schema {revision}).")
    elif before.current is None:
        message = _("Created the schema {revision} in {where}.")
    else:
        message = _("Upgraded {where} from schema {old} to {revision}.")
    print(message.format(where=shown, revision=after.current, old=before.current))
    for backup in report.backups:
        print(_("Backup: {path}").format(path=backup))
    return 0
