"""CSV and XLSX: ``officer export --format csv|xlsx`` and ``officer import FILE.csv --kind ...``.

``import`` prints the preview (the column mapping, every line that is skipped with its reason,
the counts) and then imports, unless ``--dry-run``. Without ``--kind`` the kind is guessed from
the headers (and the guess is said). A file that cannot be read exits with 2; lines with errors
are skipped and listed, the others are imported in one transaction.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from officer_tui.cli._common import BadInput, print_json, session_for
from officer_tui.i18n import _, ngettext


def add_import_options(parser: argparse.ArgumentParser) -> None:
    """The options of ``officer import`` that only spreadsheets use."""
    parser.add_argument(
        "--kind", choices=("requests", "contacts"), metavar="requests|contacts",
        help=_("spreadsheets: what the rows are (guessed from the headers when left out)"),
    )
    parser.add_argument(
        "--map", dest="map", action="append", default=[], metavar="FIELD=COLUMN",
        help=_("spreadsheets: which column holds a field, by header or number "
               "(e.g. --map title=Betreff --map unit=3; FIELD= leaves the field out)"),
    )


# --- export ---------------------------------------------------------------------------------


def export_tables(args: argparse.Namespace) -> int:
    if args.start or args.end:
        raise BadInput("from" if args.start else "to",
                       _("only for --format ics (csv and xlsx export everything)"))
    from officer_tui.cli._progress import ProgressBar
    from officer_tui.services import spreadsheets

    target = Path(args.out).expanduser()
    with session_for(args) as session, ProgressBar() as progress:
        if args.fmt == "csv":
            files = spreadsheets.export_csv(session, folder=target, progress=progress)
            print(ngettext("Wrote {n} CSV file to {path}.", "Wrote {n} CSV files to {path}.",
                           len(files)).format(n=len(files), path=str(target)))
            return 0
        counts = spreadsheets.export_xlsx(session, path=target, progress=progress)
    total = sum(counts.values())
    print(ngettext("Wrote {n} row in {sheets} sheets to {path}.",
                   "Wrote {n} rows in {sheets} sheets to {path}.", total).format(
        n=f"{total:,}", sheets=len(counts), path=str(target)))
    return 0


# --- import ---------------------------------------------------------------------------------


def _mapping(kind: str, headers: list[str], overrides: list[str]) -> dict[str, int]:
    """The guessed mapping with ``--map FIELD=COLUMN`` applied (COLUMN: a header or 1, 2 ...)."""
    from officer_tui.services.table_import_fields import fields_of, guess_mapping
    from officer_tui.text import fold

    fields = fields_of(kind)
    mapping = guess_mapping(kind, headers)
    folded = [fold(h.strip()) for h in headers]
    for entry in overrides:
        field, sep, column = entry.partition("=")
        field = field.strip().lower().replace("-", "_")
        field = {"e_mail": "email", "received": "received_on", "due": "due_on",
                 "ticket": "ticket_ref"}.get(field, field)
        if sep and field not in fields:  # a header people use: "Betreff=3", "Titel=Betreff"
            field = next(iter(guess_mapping(kind, [field])), field)
        if not sep or field not in fields:
            raise BadInput("map", _("{text!r} is not FIELD=COLUMN with a field of: {fields}")
                           .format(text=entry, fields=", ".join(fields)))
        column = column.strip()
        if not column:  # "--map requester=": leave the field out
            mapping.pop(field, None)
            continue
        if fold(column) in folded:
            index = folded.index(fold(column))
        elif column.isdigit() and 1 <= int(column) <= len(headers):
            index = int(column) - 1
        else:
            raise BadInput("map", _("the file has no column {name!r} (columns: {headers})").format(
                name=column, headers=", ".join(h for h in headers if h)))
        mapping = {f: i for f, i in mapping.items() if i != index and f != field}
        mapping[field] = index
    return mapping


def _kind(args: argparse.Namespace, headers: list[str]) -> str:
    if args.kind:
        return args.kind
    from officer_tui.services.table_import_fields import KIND_LABELS, guess_kind

    kind = guess_kind(headers)
    if kind is None:
        raise BadInput("kind", _("cannot tell from the headers ({headers}) whether the file holds "
                                 "requests or contacts; say --kind requests or --kind contacts")
                       .format(headers=", ".join(h for h in headers if h) or "-"))
    if not args.json:
        print(_("The columns look like {kind} (say --kind to choose).").format(
            kind=_(KIND_LABELS[kind])), file=sys.stderr)
    return kind


def _line_text(line: Any) -> str:
    where = _("line {n}").format(n=line.line_no)
    if line.column:
        where += ", " + _("column {name!r}").format(name=line.column)
    label = f" ({line.label})" if line.label else ""
    return f"{where}: {line.message}{label}"


def _preview_json(preview: Any, result: Any | None, dry_run: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": preview.kind,
        "columns": {field: preview.headers[index] for field, index in preview.mapping.items()},
        "lines": [{"line": line.line_no, "result": line.outcome, "label": line.label,
                   "unit": line.unit, "column": line.column or None,
                   "message": line.message or None, "existing_id": line.existing_id}
                  for line in preview.lines],
        "new": preview.new, "duplicates": preview.duplicates, "errors": preview.errors,
        "dry_run": dry_run,
    }
    if result is not None:
        data["created_ids"] = list(result.created_ids)
    return data


def _print_preview(preview: Any) -> None:
    from officer_tui.services.table_import_fields import FIELD_LABELS

    mapped = ", ".join(f"{_(FIELD_LABELS[field])} ← {preview.headers[index]!r}"
                       for field, index in sorted(preview.mapping.items(), key=lambda i: i[1]))
    print(_("Columns: {mapping}").format(mapping=mapped))
    for line in preview.lines:
        if line.outcome == "error":
            print(_line_text(line))
    print(_("{lines}: {new} new, {duplicates} already there (duplicates), {errors} with errors "
            "(skipped).").format(
        lines=ngettext("{n} line", "{n} lines", len(preview.lines)).format(n=len(preview.lines)),
        new=preview.new, duplicates=preview.duplicates, errors=preview.errors))


def _file_problem(name: str, message: str) -> str:
    return message if name in message else f"{name}: {message}"


def import_table(args: argparse.Namespace) -> int:
    from officer_tui.cli._progress import ProgressBar
    from officer_tui.services import table_import
    from officer_tui.services.errors import ValidationError
    from officer_tui.services.tables import read_table

    path = Path(args.file).expanduser()
    try:
        with ProgressBar() as progress:
            headers, rows = read_table(path, progress=progress)
    except ValidationError as exc:
        raise BadInput(None, _file_problem(args.file, exc.message)) from None
    kind = _kind(args, headers)
    mapping = _mapping(kind, headers, args.map)
    try:
        with session_for(args) as session:
            with ProgressBar() as progress:
                preview = table_import.preview(session, kind=kind, headers=headers, rows=rows,
                                               mapping=mapping, progress=progress)
            if not args.json:
                _print_preview(preview)
            result = None
            if not args.dry_run and preview.new:
                with ProgressBar() as progress:
                    result = table_import.apply_import(session, kind=kind, headers=headers,
                                                       rows=rows, mapping=mapping,
                                                       progress=progress)
    except ValidationError as exc:
        field = "map" if exc.field == "column" else exc.field
        if field == "file":
            raise BadInput(None, _file_problem(args.file, exc.message)) from None
        raise BadInput(field, exc.message) from None
    if args.json:
        print_json(_preview_json(preview, result, args.dry_run))
        return 0
    if args.dry_run:
        print(_("Dry run: nothing was written."))
    elif result is None:
        print(_("Nothing to import."))
    elif kind == "requests":
        print(ngettext("Imported {n} request.", "Imported {n} requests.", result.created).format(
            n=result.created))
    else:
        print(ngettext("Imported {n} contact.", "Imported {n} contacts.", result.created).format(
            n=result.created))
    return 0
