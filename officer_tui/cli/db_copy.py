"""``officer db copy --to URL``: the whole database into another one (to the team's server, back
to a laptop), verified table by table; ``--merge`` merges into a target that holds data.

The work is ``services/db_copy.py``; this module asks, draws the progress and prints the report.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from officer_tui.cli._common import BadInput, confirmed, json_flag, print_json, table
from officer_tui.i18n import _, ngettext, pgettext

SHOWN_CHECKSUM = 16  # hex digits of the checksum in the table (the JSON has all)


def register(actions: Any) -> None:
    text = _("copy this database into another one (SQLite or PostgreSQL) and verify the copy")
    copier = actions.add_parser(
        "copy", help=text,
        description=text + ". " + _(
            "The target must be empty, unless --merge: then this database is merged into it, "
            "records matched by uid. The target gets the app's schema first; this database is "
            "only read."),
    )
    copier.add_argument("--to", required=True, metavar="PATH|URL",
                        help=_("the target: a SQLite file or a SQLAlchemy URL such as "
                               "postgresql+psycopg://user@host/db"))
    copier.add_argument("--merge", action="store_true",
                        help=_("merge into a target that holds data (records matched by uid)"))
    copier.add_argument("--yes", action="store_true",
                        help=_("do not ask before merging (needed in scripts)"))
    json_flag(copier)
    copier.set_defaults(handler=copy)


def _target_url(text: str) -> str:
    from officer_tui.paths import resolve_db_url

    if not text.strip():
        raise BadInput("to", _("names no database"))
    return resolve_db_url(text.strip())


def copy(args: argparse.Namespace) -> int:
    """Exit 0 when the copy matches the source table by table (or the merge went through)."""
    from officer_tui.cli._progress import ProgressBar
    from officer_tui.services import db_copy
    from officer_tui.services.errors import ValidationError

    target = _target_url(args.to)
    if args.merge and not args.yes and not _merge_confirmed(args.url, target):
        print(_("Nothing was changed."))
        return 1
    try:
        with ProgressBar() as progress:
            report = db_copy.copy_database(source_url=args.url, target_url=target,
                                           merge=args.merge, progress=progress)
    except db_copy.TargetNotEmpty as exc:
        raise BadInput("to", _not_empty_text(exc)) from None
    except ValidationError as exc:
        raise BadInput("to" if exc.field == "to" else None, exc.message) from None
    if report.merged:
        return _merged(args, report)
    return _copied(args, report)


def _merge_confirmed(source: str, target: str) -> bool:
    """Asks on a terminal before merging into a target that holds data."""
    from officer_tui.paths import display_url
    from officer_tui.services.db_copy import stored_rows

    rows = stored_rows(target)
    if not sum(rows.values()):
        return True  # an empty target: a plain copy, nothing to lose
    if not sys.stdin.isatty():
        raise BadInput("yes", _("required for --merge when not asked on a terminal; nothing was "
                                "changed"))
    print(_("Merge {source} into {target}, which holds {n} rows? Records are matched by uid; "
            "a record changed later in {source} overwrites the target's.").format(
        source=display_url(source), target=display_url(target),
        n=f"{sum(rows.values()):,}"))
    return confirmed(_("Merge? [y/N]"))


def _not_empty_text(exc: Any) -> str:
    from officer_tui.cli._common import counts_text
    from officer_tui.services.database import MAIN_TABLES

    main = {key: exc.counts[name] for name, key in MAIN_TABLES if exc.counts.get(name)}
    what = counts_text(main) if main else ngettext("{n} row", "{n} rows", exc.total).format(
        n=f"{exc.total:,}")
    return _("{where} already holds data ({what}); nothing was changed. Use --merge to merge "
             "this database into it (records are matched by uid).").format(
        where=exc.shown, what=what)


# --- a copy ---------------------------------------------------------------------------------


def _check_json(check: Any) -> dict[str, Any]:
    return {"table": check.table, "rows": check.source.rows, "checksum": check.source.checksum,
            "target_rows": check.target.rows, "target_checksum": check.target.checksum,
            "ok": check.ok}


def _short(checksum: str) -> str:
    return checksum[:SHOWN_CHECKSUM]


def _check_row(check: Any) -> list[str]:
    source, target = check.source, check.target
    rows = f"{source.rows:,}" if source.rows == target.rows else f"{source.rows:,} ≠ {target.rows:,}"
    checksum = _short(source.checksum)
    if source.checksum != target.checksum:
        checksum += " ≠ " + _short(target.checksum)
    return [check.table, rows, checksum, "✓" if check.ok else "✗ " + _("differs")]


def _copied(args: argparse.Namespace, report: Any) -> int:
    total = sum(check.source.rows for check in report.checks)
    if args.json:
        print_json({"source": report.source, "target": report.target, "merged": False,
                    "created_schema": report.created_schema, "ok": report.ok, "rows": total,
                    "tables": [_check_json(check) for check in report.checks],
                    "differing": report.differing})
    else:
        print(ngettext("Copied {source} to {target} ({n} row).",
                       "Copied {source} to {target} ({n} rows).", total).format(
            source=report.source, target=report.target, n=f"{total:,}"))
        headers = [pgettext("column", "table"), pgettext("column", "rows"),
                   pgettext("column", "checksum"), pgettext("column", "ok")]
        print(table(headers, [_check_row(check) for check in report.checks], right=(1,)))
        if report.ok:
            print(ngettext(
                "Verified: the {n} table holds the same rows in both databases.",
                "Verified: all {n} tables hold the same rows in both databases (counts and "
                "checksums).", len(report.checks)).format(n=len(report.checks)))
    if report.ok:
        return 0
    from officer_tui.cli import _complain

    _complain(_("the copy in {target} differs from the source in: {tables}. It was written: do "
                "not use it; empty the target and copy again.").format(
        target=report.target, tables=", ".join(report.differing)))
    return 1


# --- a merge --------------------------------------------------------------------------------


def _merged(args: argparse.Namespace, report: Any) -> int:
    from officer_tui.cli.exchange import _summary_json, _summary_lines

    def records(rows: dict[str, int]) -> int:  # without the history and the settings
        return sum(n for name, n in rows.items() if name not in ("change", "appstate"))

    source_total, target_total = records(report.source_rows), records(report.target_rows)
    if args.json:
        data = _summary_json(report.merge, report.source)  # type: ignore[arg-type]
        del data["file"], data["dry_run"], data["into_empty"]
        print_json({"source": report.source, "target": report.target, "merged": True, **data,
                    "source_rows": report.source_rows, "target_rows": report.target_rows})
        return 0
    print(_("Merged {source} into {target}.").format(source=report.source, target=report.target))
    print("\n".join(_summary_lines(report.merge)))
    print(_("Rows of records and links: {source} in the source, {target} in the target now."
            ).format(
        source=f"{source_total:,}", target=f"{target_total:,}"))
    if report.source_rows.get("change"):
        print(_("The change history of the source stays there: a merge keeps the target's own "
                "history."))
    return 0
