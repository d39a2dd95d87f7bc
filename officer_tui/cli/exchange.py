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

from officer_tui.cli._common import BadInput, json_flag
from officer_tui.i18n import _

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


def export_json(args: argparse.Namespace) -> int:
    raise BadInput("fmt", _("not built yet"))


def import_json(args: argparse.Namespace) -> int:
    raise BadInput("file", _("not built yet"))
