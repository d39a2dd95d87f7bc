"""The ``officer`` command. Bare ``officer`` opens the app; subcommands script the services.

One module per command group (``db``, ``units``, ``contacts``, ``requests``, ``seed``), each with
a ``register(commands)`` that declares its arguments and the handlers that run them.

Start-up stays fast: only the standard library and ``i18n`` load before a command runs;
SQLAlchemy, the services and Textual are imported by the command that needs them. Bad input
exits with 2 and one line on stderr naming the option; database problems exit with 1; never a
traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from officer_tui.i18n import N_, _, setup

# One module per command group under officer_tui/cli/, each with ``register(commands)``.
COMMAND_GROUPS = (
    "db", "units", "contacts", "requests", "ideas", "goals", "projects", "followups", "meetings",
    "training", "reports", "today", "search", "capture", "exchange", "backup", "seed", "history",
    "config", "serve",
)

RECORD_KINDS = {
    "request": N_("request"), "unit": N_("unit"), "contact": N_("contact"),
    "meeting": N_("meeting"), "agenda item": N_("agenda item"),
    "outcome": N_("outcome"), "programme": N_("training programme"),
    "session": N_("training session"), "idea": N_("idea"), "project": N_("project"),
    "followup": N_("follow-up"), "goal": N_("strategic goal"),
    "contact log": N_("logged contact"), "link": N_("project link"),
}


def build_parser() -> argparse.ArgumentParser:
    """The whole command line (help texts in the current language)."""
    from importlib import import_module

    from officer_tui import __version__
    from officer_tui.cli._common import PROG, Parser

    parser = Parser(
        prog=PROG,
        description=_(
            "A workbench for the digitalisation officer. Without a command, opens the app."
        ),
    )
    parser.add_argument(
        "--db",
        metavar="PATH|URL",
        help=_(
            "database file or SQLAlchemy URL (default: $OFFICER_DB, else the per-user data folder)"
        ),
    )
    parser.add_argument(
        "--lang",
        choices=("de", "en"),
        help=_("language of the messages (default: $OFFICER_LANG, else the system locale)"),
    )
    parser.add_argument("--version", action="version", version=f"officer-tui {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", title=_("commands"))
    for name in COMMAND_GROUPS:
        import_module(f"officer_tui.cli.{name}").register(commands)
    return parser


def _requested_language(argv: Sequence[str]) -> str | None:
    """``--lang`` among the global options, read before the parser (whose help is translated)."""
    index = 0
    while index < len(argv):
        token = argv[index]
        if token == "--lang":
            return argv[index + 1] if index + 1 < len(argv) else None
        if token.startswith("--lang="):
            return token.partition("=")[2]
        if token == "--db":
            index += 1
        elif not token.startswith("-"):
            break  # the command: options after it are its own
        index += 1
    return None


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    from officer_tui import settings

    loaded = settings.load()  # never raises: problems are reported below, defaults used
    settings.activate(loaded.settings)
    # First: every message below is translated (--lang, OFFICER_LANG, the file, the locale).
    setup(_requested_language(argv), loaded.settings.language)
    from officer_tui.cli._common import BadInput, where
    from officer_tui.db.errors import DatabaseProblem
    from officer_tui.services.errors import NotFound, StaleVersion, ValidationError

    url = None
    try:
        args = build_parser().parse_args(argv)
        from officer_tui.paths import resolve_db_url

        args.url = url = _password_to_environment(resolve_db_url(args.db))
        if args.command is not None and (args.command, getattr(args, "action", None)) not in _NO_WARNING:
            _warn_about_permissions(args.url)
        if args.command is None:
            from officer_tui.ui.app import run

            return run(db_url=args.url, settings_problems=[p.text() for p in loaded.problems])
        if args.command != "config":  # `officer config check` reports them itself
            for line in loaded.report():
                _complain(_("warning: settings: {problem}").format(problem=line))
        from officer_tui.cli._common import safe_stdout

        with safe_stdout():  # stored text may hold control characters: shown as escapes
            return args.handler(args)
    except SystemExit as exc:  # --help and --version
        return exc.code if isinstance(exc.code, int) else 0
    except BadInput as exc:
        _complain(where(exc.field) + exc.message)
        return 2
    except ValidationError as exc:
        _complain("; ".join(where(field) + message for field, message in exc.problems))
        return 2
    except NotFound as exc:
        kind = _(RECORD_KINDS.get(exc.kind, exc.kind))
        _complain(_("{kind} {id} does not exist").format(kind=kind, id=exc.record_id))
        return 2
    except StaleVersion:
        _complain(_("the record was changed by someone else meanwhile; nothing was saved"))
        return 1
    except DatabaseProblem as exc:
        _complain(str(exc))
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `officer request list | head`: the reader has gone
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except Exception as exc:  # a message, never a traceback
        problem = _database_failure(exc, url)
        if problem is not None:
            _complain(problem)
            return 1
        from officer_tui.paths import redact

        first_line = redact((str(exc).strip().splitlines() or [""])[0], _SECRET_URL)
        _complain(
            _("unexpected error: {kind}: {message}").format(
                kind=type(exc).__name__, message=first_line
            )
        )
        return 1


def _password_to_environment(url: str) -> str:
    """The URL without its password, which goes to libpq as ``PGPASSWORD`` instead: no message,
    traceback or screen of the app can then show it. An unexpected error's text (written by
    a library, not by us) is still masked, in case."""
    from officer_tui.paths import without_password

    global _SECRET_URL
    bare, password = without_password(url)
    if password is not None:
        _SECRET_URL = url
        os.environ["PGPASSWORD"] = password
    return bare


_SECRET_URL: str | None = None  # the URL as given, when it held a password


def _complain(message: str) -> None:
    from officer_tui.cli._common import terminal_safe

    line = terminal_safe(f"officer: {message}").replace("\n", "\\n").replace("\t", " ")
    print(line, file=sys.stderr)  # one line, whatever text the message quotes


# Commands that do not open the database, or report its permissions themselves.
_NO_WARNING = {("db", "path"), ("db", "check"),
               *(("config", action) for action in ("path", "show", "check", "set", "unset", "edit",
                                                   "keys"))}


def _warn_about_permissions(url: str) -> None:
    """One line on stderr when others may read the database file (the TUI notifies instead)."""
    from officer_tui.db.files import permission_warning

    warning = permission_warning(url)
    if warning:
        _complain(_("warning: {message}").format(message=warning))


def _database_failure(exc: Exception, url: str | None) -> str | None:
    """The message for a failure of the database itself (locked, full, damaged ...), else None.

    Services run inside ``Database.session()``, which already says this; commands that use the
    engine directly end up here.
    """
    from officer_tui.db.errors import explain
    from officer_tui.paths import display_url

    if url is None or not type(exc).__module__.startswith(("sqlite3", "sqlalchemy")):
        return None
    problem = explain(exc, display_url(url), fallback=False)
    return str(problem) if problem else None
