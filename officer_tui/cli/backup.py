"""``officer backup [FILE]``, ``officer backup list`` and ``officer restore FILE``.

- ``backup FILE``: a consistent copy of the database (also while the app is open), mode 0600.
- ``backup``: the same, dated, into the backups folder beside the database.
- ``backup list``: the backups in that folder, newest first (``--json``).
- ``restore FILE``: check the file, keep the current state as a ``before-restore`` backup,
  restore, upgrade an older schema. Asks first on a terminal; ``--yes`` for scripts.

The layout of the backups folder is described in ``services/backups.py``. SQLite only: for
PostgreSQL, pg_dump and pg_restore do this job.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from officer_tui.cli._common import BadInput, confirmed, json_flag, print_json, table
from officer_tui.i18n import _, pgettext

LIST = "list"


def register(commands: Any) -> None:
    text = _("back the database up (a consistent copy, also while the app is open)")
    backup = commands.add_parser(
        "backup", help=text,
        description=text + ". " + _(
            "Without FILE: a dated backup in the backups folder beside the database. "
            "'officer backup list' lists the backups there."),
    )
    backup.add_argument("file", nargs="?", metavar="FILE|list",
                        help=_("the file to write, or 'list' (default: a dated file in the "
                               "backups folder)"))
    backup.add_argument("--force", action="store_true", help=_("replace FILE if it exists"))
    json_flag(backup)
    backup.set_defaults(handler=backup_)

    text = _("restore a backup (the current state is kept as a backup first)")
    restore = commands.add_parser("restore", help=text, description=text)
    restore.add_argument("file", metavar="FILE",
                         help=_("the backup to restore: a path, or a file name in the backups folder"))
    restore.add_argument("--yes", action="store_true", help=_("do not ask (needed in scripts)"))
    restore.set_defaults(handler=restore_)


def _refused(exc: Exception) -> BadInput:
    """A service's refusal about the file or the database: one line, the path in it."""
    return BadInput(None, exc.message)  # type: ignore[attr-defined]


def backup_(args: argparse.Namespace) -> int:
    if args.file == LIST:
        return list_(args)
    from officer_tui.cli._progress import ProgressBar
    from officer_tui.services import backups
    from officer_tui.services.errors import ValidationError

    target = Path(args.file).expanduser() if args.file else None
    try:
        with ProgressBar() as progress:
            made = backups.make_backup(url=args.url, target=target, overwrite=args.force,
                                       progress=progress)
    except ValidationError as exc:
        raise _refused(exc) from None
    if args.json:
        print_json(made.as_json())
        return 0
    print(_("Backed up {database} to {path} ({size}).").format(
        database=backups.shown_path(backups.database_file(args.url)),
        path=backups.shown_path(made.path), size=backups.size_text(made.size)))
    return 0


def list_(args: argparse.Namespace) -> int:
    from officer_tui.services import backups
    from officer_tui.services.errors import ValidationError

    try:
        found = backups.list_backups(url=args.url, revisions=True)
        folder = backups.backups_folder(args.url)
    except ValidationError as exc:
        raise _refused(exc) from None
    if args.json:
        print_json([backup.as_json() for backup in found])
        return 0
    if not found:
        print(_("No backups in {folder} yet.").format(folder=backups.shown_path(folder)))
        return 0
    rows = [(backups.when_text(backup.made_at), backups.kind_label(backup.kind),
             backups.size_text(backup.size), backup.revision or "?", backup.path.name)
            for backup in found]
    headers = [pgettext("column", "Made"), pgettext("column", "Kind"), pgettext("column", "Size"),
               pgettext("column", "Schema"), pgettext("column", "File")]
    print(table(headers, rows, right=(2,)))
    print(_("Folder: {folder}").format(folder=backups.shown_path(folder)))
    return 0


def _source(args: argparse.Namespace) -> Path:
    """FILE as given; a bare name that is not here is looked for in the backups folder."""
    from officer_tui.services import backups

    path = Path(args.file).expanduser()
    if not path.exists() and path.name == args.file and backups.supports_backups(args.url):
        candidate = backups.backups_folder(args.url) / args.file
        if candidate.exists():
            return candidate
    return path


def restore_(args: argparse.Namespace) -> int:
    from officer_tui.cli._progress import ProgressBar
    from officer_tui.services import backup_restore, backups
    from officer_tui.services.errors import ValidationError

    try:
        database = backups.database_file(args.url)
        source = _source(args)
        revision = backup_restore.check_backup(path=source)
    except ValidationError as exc:
        raise _refused(exc) from None
    if not args.yes:
        if not sys.stdin.isatty():
            raise BadInput("yes", _("required when not asked on a terminal; nothing was changed"))
        print(_("Restore {source} (schema {revision}, {size}, saved {when}) into {database}?").format(
            source=backups.shown_path(source.absolute()), revision=revision,
            size=backups.size_text(source.stat().st_size),
            when=backups.when_text(_modified(source)), database=backups.shown_path(database)))
        print(_("The current state is kept as a backup in {folder} first.").format(
            folder=backups.shown_path(backups.backups_folder(args.url))))
        if not confirmed(_("Restore? [y/N]")):
            print(_("Nothing was changed."))
            return 1
    try:
        with ProgressBar() as progress:
            report = backup_restore.restore_backup(url=args.url, source=source, progress=progress)
    except ValidationError as exc:
        raise _refused(exc) from None
    if report.before is not None:
        print(_("Kept the current state as {path} ({size}).").format(
            path=backups.shown_path(report.before.path), size=backups.size_text(report.before.size)))
    print(_("Restored {source} into {database}.").format(
        source=backups.shown_path(report.source), database=backups.shown_path(database)))
    if report.upgraded_to:
        print(_("Upgraded its schema from {old} to {new}.").format(
            old=report.revision, new=report.upgraded_to))
    if report.before is not None:
        where = f"--db {_quoted(Path(args.db))} " if args.db and "://" not in args.db else ""
        print(_("To undo: officer {where}restore {path}").format(
            where=where, path=_quoted(report.before.path)))
    return 0


def _modified(path: Path):
    from datetime import datetime

    return datetime.fromtimestamp(path.stat().st_mtime)


def _quoted(path: Path) -> str:
    import shlex

    return shlex.quote(str(path))
