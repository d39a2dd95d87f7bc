"""The web server behind ``officer serve``: textual-serve, kept to this machine and quiet.

What it adds to textual-serve's ``Server``:

- it answers only requests addressed to this machine by name (``localhost``, ``127.0.0.1``)
  and refuses a browser connection started by another site's page (its ``Origin``):
  another web page open in the same browser, or a name that an attacker's DNS points at
  127.0.0.1, cannot drive the app;
- the page's links follow the name the browser used; the page is titled "officer" and loads
  its font from textual-serve's own folder, not from Google: nothing leaves the machine;
- each tab's app runs in a process session of its own, so Ctrl+C in the terminal reaches only
  the server, which then closes the tabs and ends their apps in order;
- its log stays quiet (warnings and errors only, one line each) unless ``verbose``.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import signal
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp_jinja2
import jinja2
from aiohttp import WSCloseCode, web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from officer_tui.i18n import _

log = logging.getLogger("textual-serve")
TITLE = "officer"
SHUTDOWN_SECONDS = 15.0  # how long a stop waits for the tabs to close and their apps to end
APP_QUIT_SECONDS = 10.0  # how long a tab's app may take to quit when told to


def run(*, command: str, host: str, port: int, verbose: bool,
        announce: Callable[[], None]) -> None:
    """Serve ``command`` on ``host``:``port`` until SIGINT or SIGTERM. ``announce`` is called
    once the port is bound. Raises OSError when the port cannot be bound."""
    _configure_logging(verbose)
    server = LocalServer(command, host=host, port=port, verbose=verbose)
    try:
        asyncio.run(server.serve_until_stopped(announce))
    except asyncio.CancelledError:  # a second Ctrl+C while stopping: stop at once
        pass


class LocalServer(Server):
    def __init__(self, command: str, *, host: str, port: int, verbose: bool) -> None:
        super().__init__(command, host=host, port=port, title=TITLE,
                         public_url=f"http://localhost:{port}")
        self.verbose = verbose
        self.hosts = _local_names(port)
        self.sockets: set[web.WebSocketResponse] = set()

    async def serve_until_stopped(self, announce: Callable[[], None]) -> None:
        loop = asyncio.get_running_loop()
        stop = asyncio.Event()
        main = asyncio.current_task()

        def on_signal() -> None:
            if stop.is_set() and main is not None:
                main.cancel()  # asked twice: do not wait for the tabs
            stop.set()

        for number in (signal.SIGINT, signal.SIGTERM):
            try:
                loop.add_signal_handler(number, on_signal)
            except NotImplementedError:  # Windows: Ctrl+C raises KeyboardInterrupt instead
                pass
        access_log = logging.getLogger("aiohttp.access") if self.verbose else None
        runner = web.AppRunner(await self._make_app(), access_log=access_log,
                               shutdown_timeout=SHUTDOWN_SECONDS)
        await runner.setup()
        try:
            await web.TCPSite(runner, self.host, self.port).start()
            announce()
            await stop.wait()
        finally:
            await runner.cleanup()

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.middlewares.append(self._local_only)
        page = _index_page(Path(self.templates_path) / "app_index.html")
        aiohttp_jinja2.setup(app, loader=jinja2.DictLoader({"app_index.html": page}))
        return app

    @web.middleware
    async def _local_only(self, request: web.Request,
                          handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
                          ) -> web.StreamResponse:
        origin = request.headers.get("Origin")
        if request.host not in self.hosts:
            refusal = _("refused a request addressed to {host!r}: only localhost may connect")
        elif origin is not None and origin.removeprefix("http://") not in self.hosts:
            refusal = _("refused a request from a page of {origin}: only the app's own page "
                        "may connect")
        else:
            return await handler(request)
        log.warning(refusal.format(host=request.host, origin=origin))
        raise web.HTTPForbidden(text=_("officer serves this machine only.") + "\n")

    async def on_startup(self, app: web.Application) -> None:
        """(textual-serve prints a banner here; ``announce`` speaks once the port is bound.)"""

    async def on_shutdown(self, app: web.Application) -> None:
        """Close every tab's connection: its app then gets told to quit, and ends."""
        for websocket in list(self.sockets):
            await websocket.close(code=WSCloseCode.GOING_AWAY, message=b"server stopped")

    async def handle_index(self, request: web.Request) -> Any:
        # The page's script and connection go to the name the browser used (checked above).
        self.public_url = f"http://{request.host}"
        return await super().handle_index(request)

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """textual-serve's handler, with the app in a session of its own and the connection
        known to ``on_shutdown``."""
        websocket = web.WebSocketResponse(heartbeat=15)
        width = _whole(request.query.get("width"), 80)
        height = _whole(request.query.get("height"), 24)
        app_service: AppService | None = None
        try:
            await websocket.prepare(request)
            self.sockets.add(websocket)
            app_service = _AppProcess(
                self.command, write_bytes=websocket.send_bytes, write_str=websocket.send_str,
                close=websocket.close, download_manager=self.download_manager,
            )
            await app_service.start(width, height)
            log.info(_("a browser tab connected: its app runs as process {pid}").format(
                pid=app_service.pid))
            await self._process_messages(websocket, app_service)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:
            log.exception(error)
        finally:
            self.sockets.discard(websocket)
            if app_service is not None:
                await app_service.stop()
                await app_service.ended()
                log.info(_("a browser tab closed: its app {pid} has ended").format(
                    pid=app_service.pid))
        return websocket


class _AppProcess(AppService):
    """One tab's app, started as textual-serve does, but in a process session of its own."""

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    async def ended(self) -> None:
        """Wait until the app has ended (it was told to quit); one that does not within
        APP_QUIT_SECONDS is stopped (SIGTERM)."""
        process = self._process
        if process is None:
            return
        try:
            await asyncio.wait_for(process.wait(), APP_QUIT_SECONDS)
        except TimeoutError:
            log.warning(_("the app {pid} did not quit; stopping it").format(pid=process.pid))
            process.terminate()
            await process.wait()

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Any:
        self._process = process = await asyncio.create_subprocess_shell(
            # POSIX: the shell becomes the app (one process, its pid, its signals).
            ("exec " if os.name == "posix" else "") + self.command,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=self._build_environment(width=width, height=height),
            start_new_session=True,  # Ctrl+C in the terminal is the server's to handle
        )
        self._stdin = process.stdin
        return process


def _local_names(port: int) -> set[str]:
    """The ``Host`` values (and origins without ``http://``) that mean this machine."""
    names = {"localhost", "127.0.0.1"}
    hosts = {f"{name}:{port}" for name in names}
    return hosts | names if port == 80 else hosts


def _index_page(template: Path) -> str:
    """textual-serve's page with a title and the font from its own static folder."""
    page = template.read_text(encoding="utf-8")
    page = re.sub(r"\s*<link[^>]*fonts\.googleapis\.com[^>]*>", "", page)
    font = "{{ config.static.url }}fonts/RobotoMono-VariableFont_wght.ttf"
    head = (
        "<head>\n    <title>{{ application.name }}</title>\n"
        f'    <link rel="preload" as="font" type="font/ttf" href="{font}" crossorigin />\n'
        '    <style>@font-face { font-family: "Roboto Mono"; font-weight: 100 700;\n'
        f'      src: url("{font}") format("truetype"); }}</style>'
    )
    return page.replace("<head>", head, 1)


def _whole(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


class _OneLine(logging.Formatter):
    """``officer serve: <message>``: the first line only, no traceback."""

    def format(self, record: logging.LogRecord) -> str:
        lines = record.getMessage().strip().splitlines()
        return "officer serve: " + (lines[0] if lines else record.levelname.lower())


def _configure_logging(verbose: bool) -> None:
    handler = logging.StreamHandler()
    if verbose:
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s: %(message)s", "%H:%M:%S"))
    else:
        handler.setFormatter(_OneLine())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO if verbose else logging.WARNING)
