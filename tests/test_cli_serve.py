"""``officer serve``: options, a port that cannot be had, the page on localhost only, the app
each browser tab starts, and Ctrl+C. (The app itself in a browser: tests/e2e.)"""

from __future__ import annotations

import asyncio
import errno
import re
import shlex
import socket
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from officer_tui.cli.serve import app_command, port_problem
from tests.cli_helpers import untouched
from tests.e2e import serving


def test_help_names_the_port_and_says_it_is_for_this_machine(officer):
    result = officer("serve", "--help")
    assert result.code == 0
    assert "--port N" in result.out
    assert "(default: 8000)" in result.out
    assert "this machine" in result.out
    assert "--host" not in result.out  # no way to open it to the network


@pytest.mark.parametrize("port, problem", [
    ("0", "0 is not a port; choose one from 1 to 65535"),
    ("65536", "65536 is not a port; choose one from 1 to 65535"),
    ("-1", "-1 is not a port; choose one from 1 to 65535"),
    ("http", "'http' is not a whole number"),
])
def test_a_bad_port_is_refused_naming_the_option(officer, tmp_path, port, problem):
    url = f"sqlite:///{tmp_path / 'officer.db'}"
    result = officer("--db", url, "serve", "--port", port)
    assert result.code == 2
    assert result.complaint == f"officer: --port: {problem} (see 'officer serve --help')"
    assert result.out == ""
    assert untouched(url)


def test_a_port_in_use_is_one_line_with_a_free_one_to_try(officer, tmp_path):
    url = f"sqlite:///{tmp_path / 'officer.db'}"
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = officer("--db", url, "serve", "--port", port)
    assert result.code == 1
    suggested = int(result.complaint.rpartition("--port ")[2])
    assert result.complaint == f"officer: port {port} is in use; try --port {suggested}"
    assert suggested > port
    assert result.out == ""
    assert untouched(url)  # refused before the database was opened


def test_a_port_that_needs_administrator_rights_is_named_with_one_to_try():
    problem = port_problem(80, errno.EACCES)
    assert re.fullmatch(r"port 80 needs administrator rights; try --port \d+", problem)
    assert int(problem.rpartition(" ")[2]) >= 8000
    assert port_problem(8000, None) is None  # the port was bound: nothing to say


def test_a_database_problem_shows_in_the_terminal_before_serving(officer, tmp_path):
    folder = tmp_path / "not-a-database"
    folder.mkdir()
    result = officer("--db", f"sqlite:///{folder}", "serve", "--port", serving.free_port())
    assert result.code == 1
    assert str(folder) in result.complaint
    assert result.out == ""  # no address to open


def test_the_app_command_is_this_python_on_this_database_in_this_language():
    url = "sqlite:////home/a user/officer's data/officer.db"
    assert shlex.split(app_command(url, "de")) == [
        sys.executable, "-m", "officer_tui", "--db", url, "--lang", "de"]
    assert shlex.split(app_command(url, None)) == [sys.executable, "-m", "officer_tui", "--db", url]


def test_the_page_is_served_to_this_machine_only_and_ctrl_c_stops_it(tmp_path):
    served = serving.start(f"sqlite:///{tmp_path / 'officer.db'}")
    port = served.port
    elsewhere = other_address()
    try:
        status, page = get(f"http://localhost:{port}/")
        assert status == 200
        assert "<title>officer</title>" in page
        assert f'data-session-websocket-url="ws://localhost:{port}/ws"' in page
        assert "googleapis" not in page  # the page loads nothing from outside the machine
        assert get(f"http://localhost:{port}/static/js/textual.js")[0] == 200
        status, page = get(f"http://127.0.0.1:{port}/")
        assert status == 200
        assert f'data-session-websocket-url="ws://127.0.0.1:{port}/ws"' in page
        # A name that some DNS points at this machine, or another site's page in the browser:
        assert get(f"http://localhost:{port}/", Host=f"officer.example.com:{port}")[0] == 403
        assert get(f"http://localhost:{port}/ws", Origin="https://example.com")[0] == 403
        if elsewhere is not None:
            assert not serving.answers(elsewhere, port)
    finally:
        code = served.stop()
    assert code == 0
    assert served.output().splitlines() == [
        f"Open http://localhost:{port} in a browser on this machine. Ctrl+C stops.",
        f"officer serve: refused a request addressed to 'officer.example.com:{port}': only "
        "localhost may connect",
        "officer serve: refused a request from a page of https://example.com: only the app's "
        "own page may connect",
        "The server has stopped.",
    ]
    if elsewhere is None:
        pytest.skip("this machine has no network address besides loopback to try")


async def test_each_tab_runs_its_own_app_and_ctrl_c_ends_them(db_url, backend):
    """The tab's app: this Python, this database (a password only in its environment), this
    language; Ctrl+C closes the tab and ends its app, without a traceback."""
    import aiohttp

    url = db_url
    if backend == "postgresql":  # the test server trusts any password: one to look for
        url = re.sub(r"://([^:@/]+)@", r"://\1:tab-secret@", db_url, count=1)
        assert url != db_url
    served = serving.start(url, options=("--lang", "de"))
    stopping = None
    try:
        address = f"ws://localhost:{served.port}/ws?width=100&height=30"
        async with aiohttp.ClientSession() as client, client.ws_connect(address) as tab:
            async for message in tab:  # until the app's first screen arrives
                if message.type == aiohttp.WSMsgType.BINARY and len(message.data) > 10:
                    break
            apps = serving.descendants(served.process.pid)
            commands = [command_line(pid) for pid in apps]
            expected = ["-m", "officer_tui", "--db", db_url, "--lang", "de"]
            assert any(command[-6:] == expected for command in commands), commands
            assert not any("tab-secret" in " ".join(command) for command in commands)
            if backend == "postgresql":
                assert all(environment(pid).get("PGPASSWORD") == "tab-secret" for pid in apps)
            stopping = asyncio.create_task(asyncio.to_thread(served.stop))
            async for _message in tab:  # until the server closes the tab
                pass
            assert tab.close_code == aiohttp.WSCloseCode.GOING_AWAY
            code = await stopping
    finally:
        if stopping is None:
            served.stop()
    assert code == 0
    assert not [pid for pid in apps if serving.alive(pid)]
    assert "Traceback" not in served.output()


def get(url: str, **headers: str) -> tuple[int, str]:
    """The status and text of a GET request."""
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def other_address() -> str | None:
    """An IPv4 address of this machine that is not loopback and accepts connections here
    (a listener on it answers), or None."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # chooses the outgoing address; sends nothing
        except OSError:
            return None
        address = probe.getsockname()[0]
    if address.startswith("127."):
        return None
    with socket.socket() as listener:
        listener.bind((address, 0))
        listener.listen()
        return address if serving.answers(address, listener.getsockname()[1]) else None


def command_line(pid: int) -> list[str]:
    raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    return [part.decode(errors="replace") for part in raw.split(b"\0") if part]


def environment(pid: int) -> dict[str, str]:
    raw = Path(f"/proc/{pid}/environ").read_bytes()
    pairs = (part.decode(errors="replace").partition("=") for part in raw.split(b"\0") if part)
    return {name: value for name, _eq, value in pairs}
