"""A throw-away PostgreSQL server for the test run, and one fresh database per test.

The server is the machine's own PostgreSQL (Debian's ``postgresql`` package, or any
``initdb``/``pg_ctl`` on PATH), started by the test run in a temporary folder: ``initdb``, then
``pg_ctl start`` listening only on a Unix socket under /tmp (no TCP port, nothing to clash
with), with durability switched off because the data dies with the run. PostgreSQL refuses
to run as root, so under root the server runs as the ``postgres`` user through ``runuser``.

``OFFICER_TEST_PG`` names an existing server instead (an admin URL such as
``postgresql+psycopg://me@/postgres?host=/var/run/postgresql``); the run creates and drops its
databases there.

Each test gets its own database, copied from a template (``CREATE DATABASE ... TEMPLATE``):
an empty one, one migrated to the app's schema, or one with the demo data. Copying a
template takes a few milliseconds; migrating would take a second.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ADMIN = "officer_test"
SERVER_OPTIONS = (
    "-c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off "
    "-c max_connections=200 -c shared_buffers=64MB"
)


class Unavailable(Exception):
    """No PostgreSQL here: the reason says why, for the skip message."""


def bin_dir() -> Path | None:
    """Where ``initdb`` and ``pg_ctl`` are: PATH first, then Debian's versioned folders."""
    found = shutil.which("pg_ctl")
    if found and shutil.which("initdb"):
        return Path(found).resolve().parent
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True,
                            key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit() else 0):
        if (Path(candidate) / "pg_ctl").exists() and (Path(candidate) / "initdb").exists():
            return Path(candidate)
    return None


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    if shutil.which("runuser") is None:
        raise Unavailable("running as root and 'runuser' is missing, so PostgreSQL cannot start")
    return ["runuser", "-u", "postgres", "--", *command]


@dataclass
class Server:
    """A running server the tests may create databases on."""

    admin_url: str  # postgresql+psycopg:// URL of the maintenance database
    folder: Path | None = None  # the temporary cluster (None: an existing server)
    _names: itertools.count = field(default_factory=lambda: itertools.count(1))
    templates: dict[str, str] = field(default_factory=dict)
    values: dict[str, object] = field(default_factory=dict)  # what each template's build returned

    @classmethod
    def start(cls) -> Server:
        existing = os.environ.get("OFFICER_TEST_PG")
        if existing:
            return cls(existing)
        where = bin_dir()
        if where is None:
            raise Unavailable("PostgreSQL is not installed (no initdb/pg_ctl; Debian: apt-get "
                              "install postgresql)")
        folder = Path(tempfile.mkdtemp(prefix="officer-pg-", dir="/tmp"))
        if os.geteuid() == 0:
            shutil.chown(folder, "postgres", "postgres")
        data = folder / "data"
        run = [str(where / "initdb"), "-D", str(data), "-A", "trust", "-U", ADMIN, "--no-sync",
               "-E", "UTF8", "--locale=C.UTF-8"]
        log = folder / "server.log"
        try:
            subprocess.run(_as_server_user(run), check=True, capture_output=True, text=True)
            subprocess.run(_as_server_user([
                str(where / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-t", "60",
                "-o", f"-k {folder} {SERVER_OPTIONS}", "start"]),
                check=True, capture_output=True, text=True)
        except subprocess.CalledProcessError as exc:
            detail = (exc.stderr or exc.stdout or "").strip().splitlines()[-1:] or [""]
            shutil.rmtree(folder, ignore_errors=True)
            raise Unavailable(f"the test server did not start: {detail[0]}") from exc
        return cls(f"postgresql+psycopg://{ADMIN}@/postgres?host={folder}", folder)

    def stop(self) -> None:
        if self.folder is None:
            return
        where = bin_dir()
        if where is not None:
            subprocess.run(_as_server_user([str(where / "pg_ctl"), "-D", str(self.folder / "data"),
                                            "-m", "immediate", "stop"]),
                           capture_output=True, check=False)
        shutil.rmtree(self.folder, ignore_errors=True)

    # --- databases ------------------------------------------------------------------------

    def url(self, name: str) -> str:
        base, _, query = self.admin_url.partition("?")
        base = base.rsplit("/", 1)[0]
        return f"{base}/{name}" + (f"?{query}" if query else "")

    def _admin(self, statement: str) -> None:
        import psycopg

        dsn = self.admin_url.replace("postgresql+psycopg://", "postgresql://", 1)
        with psycopg.connect(dsn, autocommit=True) as connection:
            connection.execute(statement)

    def create(self, template: str | None = None, *, name: str | None = None) -> str:
        """A new database (a copy of ``template``); returns its name."""
        name = name or f"officer_t{os.getpid()}_{next(self._names)}"
        source = f' TEMPLATE "{template}"' if template else ' TEMPLATE template0'
        self._admin(f'CREATE DATABASE "{name}"{source}')
        return name

    def drop(self, name: str) -> None:
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def template(self, key: str, build) -> str:
        """The template database ``key``, built once by ``build(url)``."""
        if key not in self.templates:
            name = self.create(name=f"officer_tpl{os.getpid()}_{key}")
            build(self.url(name))
            self.templates[key] = name
        return self.templates[key]
