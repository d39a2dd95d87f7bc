"""``officer export`` and ``officer import``: the data out in the formats people use, and back.

- ``export --format json --out FILE``: everything, with the schema version (``import`` reads it).
- ``export --format csv --out DIR`` / ``--format xlsx --out FILE``: one file / sheet per entity.
- ``export --format ics --out FILE``: meetings, training sessions and follow-up due dates.
- ``import FILE.json``: a full export, into an empty database or merged into this one.
- ``import FILE.csv|FILE.xlsx --kind requests|contacts``: rows of a spreadsheet, with a preview.

Each format's work lives in its own module (json here, spreadsheets in ``cli/spreadsheets.py``,
the calendar in ``cli/calendar.py``); this one declares the options and dispatches.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from officer_tui.cli._common import BadInput, json_flag, print_json, session_for, table
from officer_tui.i18n import _, ngettext

FORMATS = ("json", "csv", "xlsx", "ics")
TABLE_SUFFIXES = (".csv", ".xlsx", ".txt", ".tsv")


def register(commands: Any) -> None:
    from officer_tui.cli import spreadsheets

    text = _("export the data (JSON, CSV, XLSX, iCalendar)")
    export = commands.add_parser("export", help=text, description=text)
    export.add_argument(
        "--format", dest="fmt", required=True, choices=FORMATS, metavar="|".join(FORMATS),
        help=_("json: everything, for import; csv: a folder with one file per entity; "
               "xlsx: one sheet per entity; ics: a calendar"),
    )
    export.add_argument(
        "--out", required=True, metavar="FILE|DIR",
        help=_("the file to write (a folder for csv)"),
    )
    export.add_argument("--from", dest="start", metavar="DATE",
                        help=_("ics: only dates from this day on"))
    export.add_argument("--to", dest="end", metavar="DATE",
                        help=_("ics: only dates up to this day"))
    export.set_defaults(handler=export_)

    text = _("import a JSON export, or requests or contacts from a spreadsheet")
    imports = commands.add_parser("import", help=text, description=text)
    imports.add_argument("file", metavar="FILE", help=_("a .json export, or a .csv / .xlsx table"))
    imports.add_argument(
        "--dry-run", action="store_true",
        help=_("show what would change, change nothing"),
    )
    json_flag(imports)
    spreadsheets.add_import_options(imports)
    imports.set_defaults(handler=import_)


def export_(args: argparse.Namespace) -> int:
    if args.fmt == "json":
        return export_json(args)
    if args.fmt in ("csv", "xlsx"):
        from officer_tui.cli import spreadsheets

        return spreadsheets.export_tables(args)
    from officer_tui.cli import calendar

    return calendar.export_ics(args)


def import_(args: argparse.Namespace) -> int:
    path = Path(args.file).expanduser()
    if path.suffix.lower() in TABLE_SUFFIXES:
        from officer_tui.cli import spreadsheets

        return spreadsheets.import_table(args)
    return import_json(args)


# --- json: everything -----------------------------------------------------------------------


def _export_target(text: str) -> Path:
    """``--out``: a file, or a folder that gets ``officer-export-<day>.json``."""
    from officer_tui.cli._common import today

    target = Path(text).expanduser()
    if target.is_dir():
        target = target / f"officer-export-{today().isoformat()}.json"
    if not target.parent.is_dir():
        raise BadInput("out", _("there is no folder {path}").format(path=str(target.parent)))
    return target


def export_json(args: argparse.Namespace) -> int:
    if args.start or args.end:
        raise BadInput("from" if args.start else "to",
                       _("only for --format ics (json exports everything)"))
    target = _export_target(args.out)
    from officer_tui.cli._progress import ProgressBar
    from officer_tui.services.exchange import export_json as export

    with session_for(args) as session, ProgressBar() as progress:
        summary = export(session, path=target, progress=progress)
    total = sum(summary.counts.values())
    print(ngettext("Exported {n} row to {path}.", "Exported {n} rows to {path}.", total).format(
        n=f"{total:,}", path=str(summary.path)))
    return 0


def _summary_json(summary: Any, path: Path) -> dict[str, Any]:
    tables = {
        name: {
            "inserted": summary.inserted.get(name, 0),
            "updated": summary.updated.get(name, 0),
            "unchanged": summary.unchanged.get(name, 0),
            "skipped": summary.skipped.get(name, 0),
        }
        for name in summary.tables()
    }
    totals = {key: sum(row[key] for row in tables.values())
              for key in ("inserted", "updated", "unchanged", "skipped")}
    return {"file": str(path), "into_empty": summary.into_empty, "dry_run": summary.dry_run,
            "tables": tables, "totals": totals}


def _summary_lines(summary: Any) -> list[str]:
    from officer_tui.services.exchange import table_label

    data = _summary_json(summary, Path())
    rows = [
        [table_label(name), *(f"{counts[key]:,}" for key in ("inserted", "updated", "unchanged",
                                                              "skipped"))]
        for name, counts in data["tables"].items()
    ]
    lines = []
    if rows:
        lines.append(table([_("Table"), _("New"), _("Updated"), _("Unchanged"), _("Skipped")],
                           rows, right=(1, 2, 3, 4)))
    totals = data["totals"]
    if summary.into_empty:
        text = _("Restored into an empty database: {inserted} new rows.")
    else:
        text = _("Merged: {inserted} new, {updated} updated, {unchanged} unchanged.")
    lines.append(text.format(**{key: f"{n:,}" for key, n in totals.items()}))
    if totals["skipped"]:
        lines.append(ngettext(
            "{n} row left out: logged contacts of erased people, or links to records that no longer exist.",
            "{n} rows left out: logged contacts of erased people, or links to records that no longer exist.",
            totals["skipped"]).format(n=f"{totals['skipped']:,}"))
    if summary.dry_run:
        lines.append(_("Dry run: nothing was written."))
    return lines


def import_json(args: argparse.Namespace) -> int:
    from officer_tui.cli._progress import ProgressBar
    from officer_tui.services.errors import ValidationError
    from officer_tui.services.exchange import import_json as restore

    path = Path(args.file).expanduser()
    try:
        with session_for(args) as session, ProgressBar() as progress:
            summary = restore(session, path=path, dry_run=args.dry_run, progress=progress)
    except ValidationError as exc:
        raise BadInput(None, f"{args.file}: {exc.message}") from None
    if args.json:
        print_json(_summary_json(summary, path))
        return 0
    print("\n".join(_summary_lines(summary)))
    return 0
