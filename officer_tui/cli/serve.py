"""``officer serve [--port N]``: the app in a browser on this machine (textual-serve).

Every browser tab that opens the page starts its own app: the same Python, the same database
and the same language as this command. The database is checked (and brought up to date) once
here first, so a problem with it shows in the terminal and every tab opens fast.

The server listens on 127.0.0.1 only, and there is no option to open it to the network: the app
has no login and holds personal data. The web server itself lives in ``cli/_webserver.py``,
imported only when the command runs (aiohttp and textual-serve cost start-up time).
"""

from __future__ import annotations

import argparse
import errno
import shlex
import socket
import sys
from typing import Any

from officer_tui.i18n import _

DEFAULT_PORT = 8000
HOST = "127.0.0.1"  # this machine only: see the module's docstring


def register(commands: Any) -> None:
    text = _("open the app in a web browser on this machine")
    parser = commands.add_parser(
        "serve",
        help=text,
        description=_(
            "Serve the app for a web browser on this machine: every browser tab runs its own "
            "app on the same database. Only this machine can connect, as the app has no login. "
            "Ctrl+C stops the server."
        ),
    )
    parser.add_argument(
        "--port",
        type=port_number,
        default=DEFAULT_PORT,
        metavar="N",
        help=_("the port to listen on (default: {port})").format(port=DEFAULT_PORT),
    )
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help=_("show the web server's log (pages served, apps started)"),
    )
    parser.set_defaults(handler=serve)


def port_number(text: str) -> int:
    """An argparse type: a TCP port, 1 to 65535."""
    try:
        value = int(text)
    except ValueError:
        message = _("{text!r} is not a whole number").format(text=text)
        raise argparse.ArgumentTypeError(message) from None
    if not 1 <= value <= 65535:
        message = _("{port} is not a port; choose one from 1 to 65535").format(port=value)
        raise argparse.ArgumentTypeError(message)
    return value


def serve(args: argparse.Namespace) -> int:
    """Serve until Ctrl+C (exit 0); a port that cannot be had is one line and exit 1."""
    from officer_tui.cli import _complain

    problem = port_problem(args.port)
    if problem is not None:
        _complain(problem)
        return 1
    from officer_tui.services.database import open_database

    open_database(args.url).close()  # a DatabaseProblem is reported by main(): exit 1
    from officer_tui.cli import _webserver

    address = f"http://localhost:{args.port}"

    def announce() -> None:
        print(_("Open {address} in a browser on this machine. Ctrl+C stops.").format(
            address=address), flush=True)

    try:
        _webserver.run(
            command=app_command(args.url, args.lang),
            host=HOST,
            port=args.port,
            verbose=args.verbose,
            announce=announce,
        )
    except OSError as exc:  # the port was taken between the check and the start
        problem = port_problem(args.port, exc.errno)
        if problem is None:
            raise
        _complain(problem)
        return 1
    if sys.stdout.isatty():
        print()  # after the ^C the terminal shows
    print(_("The server has stopped."), flush=True)
    return 0


def app_command(url: str, language: str | None) -> str:
    """The shell command each browser tab runs: this Python, this database, this language.

    ``url`` carries no password: ``main()`` moved it to ``PGPASSWORD``, which the app
    processes inherit, so it shows neither in the process list nor in the server's log.
    """
    argv = [sys.executable, "-m", "officer_tui", "--db", url]
    if language:
        argv += ["--lang", language]
    return shlex.join(argv)


def port_problem(port: int, error: int | None = -1) -> str | None:
    """Why ``port`` cannot be served on (one line), or None. ``error``: an errno seen already
    (the default -1 tries to bind the port now)."""
    if error == -1:
        error = _bind_error(port)
    if error == errno.EADDRINUSE:
        free = _free_port(port + 1)
        if free is None:
            return _("port {port} is in use; choose another with --port N").format(port=port)
        return _("port {port} is in use; try --port {free}").format(port=port, free=free)
    if error == errno.EACCES:
        free = _free_port(DEFAULT_PORT)
        return _("port {port} needs administrator rights; try --port {free}").format(
            port=port, free=free or DEFAULT_PORT)
    return None


def _bind_error(port: int) -> int | None:
    """The errno of binding ``port`` on HOST as the web server will (None: it is free)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as aiohttp does
        try:
            probe.bind((HOST, port))
        except OSError as exc:
            return exc.errno
    return None


def _free_port(first: int, tries: int = 20) -> int | None:
    """The first port from ``first`` on that is free to serve on (None: none of ``tries``)."""
    for port in range(first, min(first + tries, 65536)):
        if _bind_error(port) is None:
            return port
    return None
