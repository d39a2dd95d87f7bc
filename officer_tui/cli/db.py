"""``officer db path|check|upgrade``: which database, is it sound, bring it up to date."""

from __future__ import annotations

import argparse
from typing import Any

from officer_tui.cli._common import counts_text, json_flag
from officer_tui.i18n import _, ngettext


def register(commands: Any) -> None:
    text = _("where the database is, check it, upgrade it")
    group = commands.add_parser("db", help=text, description=text)
    actions = group.add_subparsers(dest="action", metavar="ACTION", required=True)
    actions.add_parser("path", help=_("print which database is used")).set_defaults(handler=path)
    checker = actions.add_parser(
        "check",
        help=_("check schema, integrity, sizes, permissions and the last backup without changing anything"),
    )
    json_flag(checker)
    checker.set_defaults(handler=check)
    actions.add_parser(
        "upgrade",
        help=_("bring the schema up to date (backs a SQLite database up first; on PostgreSQL, run it as the owner role)"),
    ).set_defaults(handler=upgrade)
    from officer_tui.cli import db_copy

    db_copy.register(actions)


def path(args: argparse.Namespace) -> int:
    from officer_tui.paths import display_url

    print(display_url(args.url))
    return 0


def check(args: argparse.Namespace) -> int:
    """Exit 0 when the schema is current, nothing is broken and the file is private; else 1."""
    from officer_tui.db.errors import DatabaseProblem
    from officer_tui.paths import display_url
    from officer_tui.services.database import check_database

    try:
        report = check_database(args.url)
    except DatabaseProblem as exc:
        if not args.json:
            raise
        print_json({"database": display_url(args.url), "ok": False, "problem": str(exc)})
        return 1
    if args.json:
        print_json(report.as_json())
        return 0 if report.ok else 1
    for line in check_lines(report):
        print(line)
    return 0 if report.ok else 1


def print_json(data: dict) -> None:
    import json

    print(json.dumps(data, ensure_ascii=False, indent=2))


def check_lines(report: Any) -> list[str]:
    """The text of ``officer db check``: one fact per line, the record counts last."""
    from officer_tui.services.backups import last_backup_text, size_text

    schema = report.schema
    lines = [_("Database: {where}").format(where=report.shown_url)]
    if schema.up_to_date:
        lines.append(_("Schema: {revision} (current)").format(revision=schema.current))
    elif schema.current is None and not schema.has_tables:
        lines.append(_("Schema: none (empty database); run 'officer db upgrade'"))
    elif schema.current is None:
        lines.append(_("Schema: none, and the database holds tables officer-tui did not create"))
    else:
        lines.append(
            _("Schema: {current}, this app needs {head}; run 'officer db upgrade'").format(
                current=schema.current, head=schema.head
            )
        )
    if report.problems:
        count = len(report.problems)
        lines.append(
            ngettext("Integrity: {n} problem", "Integrity: {n} problems", count).format(n=count)
        )
        lines.extend("  " + problem for problem in report.problems)
    elif schema.current is not None and report.server is None:  # PostgreSQL checks it itself
        lines.append(_("Integrity: ok"))
    if report.sizes:
        size = _("Size: {size}").format(size=size_text(report.sizes.get("", 0)))
        if report.sizes.get("-wal"):
            size += " " + _("(+ {size} not yet merged, in the -wal file)").format(
                size=size_text(report.sizes["-wal"])
            )
        lines.append(size)
    permissions = report.permissions
    if permissions is not None:
        if permissions.exposed:
            lines.append("⚠ " + _("Permissions: {warning}").format(warning=permissions.warning()))
        elif permissions.mode & 0o077 and permissions.guard is not None:
            lines.append(
                _("Permissions: {mode}; private, as the folder {folder} keeps others out").format(
                    mode=permissions.mode_text, folder=permissions.guard
                )
            )
        else:
            lines.append(
                _("Permissions: {mode}, readable by you only").format(mode=permissions.mode_text)
            )
    if report.server is not None:
        lines.extend(server_lines(report.server))
    if report.backups_supported:
        text, _attention = last_backup_text(report.last_backup)
        if report.last_backup is not None:
            text += " — " + str(report.last_backup.path)
        lines.append(text)
    if report.counts:
        lines.append(_("Records: {counts}").format(counts=counts_text(report.counts)))
    return lines


def server_lines(server: Any) -> list[str]:
    """What ``officer db check`` says about a PostgreSQL server and the role the app uses."""
    from officer_tui.services.backups import size_text

    lines = [
        _("Server: PostgreSQL {version}, database {database}, user {user}").format(
            version=server.version, database=server.database, user=server.user),
        _("Size: {size}").format(size=size_text(server.size)),
    ]
    if server.biggest:
        biggest = ", ".join(f"{table} {size_text(size)}" for table, size in server.biggest)
        lines.append(_("Biggest tables: {tables}").format(tables=biggest))
    if server.least_privilege and not server.missing:
        lines.append(_("Privileges: read and write the tables, nothing more (least privilege)"))
    elif not server.missing:
        lines.append(_("Privileges: read and write the tables, and change the schema"))
    lines.extend("⚠ " + warning for warning in server.warnings())
    lines.append(_("Backups: made by the server's administrator (pg_dump)"))
    return lines


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
    from officer_tui.paths import sqlite_path

    if sqlite_path(args.url) is None and before.current is not None and not before.up_to_date:
        print(_(
            "No backup was made here: on PostgreSQL the server's administrator backs the database up (pg_dump) before upgrading."
        ))
    return 0
