"""Layered fixtures: isolated environment -> database -> session -> app.

Every test runs with its own data directory, English unless it asks for German, and a fixed
"today" (Monday, 2 March 2026), so dates in assertions never drift.

**Both databases, one suite.** A test that uses ``db_url`` (directly, or through ``database``,
``session`` or ``demo_url``) runs twice: ``[sqlite]`` on a file in its folder and
``[postgresql]`` on its own database on a throw-away server the run starts (tests/pg_server.py).
Without PostgreSQL the second run is skipped with the reason. Tests of SQLite's own matters
(files, WAL, backups of the file) are marked ``sqlite_only``; the Pilot tests in tests/ui, the
crash and the hostile-input suites run on SQLite unless marked ``both_backends``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from officer_tui import clock, i18n, settings

TODAY = date(2026, 3, 2)
BACKENDS = ("sqlite", "postgresql")
SQLITE_FIRST = ("ui", "crash", "hostile")  # folders whose tests run on SQLite unless marked


def pytest_configure(config) -> None:
    config.addinivalue_line("markers", "sqlite_only: a test of SQLite's own matters (files, WAL)")
    config.addinivalue_line("markers", "both_backends: a Pilot/crash test that also runs on PostgreSQL")


def pytest_generate_tests(metafunc) -> None:
    if "backend" not in metafunc.fixturenames:
        return
    folder = Path(metafunc.definition.path).parent.name
    if metafunc.definition.get_closest_marker("sqlite_only") or (
            folder in SQLITE_FIRST and not metafunc.definition.get_closest_marker("both_backends")):
        return  # ``backend`` stays "sqlite", and the test keeps its plain name
    metafunc.parametrize("backend", BACKENDS, indirect=True)


@pytest.fixture
def backend(request) -> str:
    """``sqlite`` or ``postgresql``: the database this run of the test uses."""
    return getattr(request, "param", "sqlite")


@pytest.fixture(scope="session")
def pg_server():
    """The throw-away PostgreSQL server; skips (saying why) when there is none."""
    from tests.pg_server import Server, Unavailable

    try:
        server = Server.start()
    except Unavailable as exc:
        server = exc
    if isinstance(server, Unavailable):
        if os.environ.get("OFFICER_REQUIRE_PG"):
            pytest.exit(f"PostgreSQL is required here (OFFICER_REQUIRE_PG) but: {server}", returncode=3)

        def unavailable():
            pytest.skip(f"PostgreSQL half of the suite skipped: {server}")
        yield unavailable
        return
    yield server
    server.stop()


def _pg(request):
    server = request.getfixturevalue("pg_server")
    if callable(server):
        server()  # skips
    return server


def _migrated(url: str) -> None:
    from officer_tui.services.database import open_database

    open_database(url).close()


def _seeded(url: str) -> None:
    from officer_tui.services.database import open_database
    from officer_tui.services.seed import seed_demo

    clock.freeze(TODAY)
    database = open_database(url)
    with database.session() as session:
        seed_demo(session, today=TODAY)
    database.close()


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch) -> Iterator[None]:
    monkeypatch.setenv("OFFICER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("OFFICER_CONFIG_DIR", str(tmp_path / "config"))  # never the user's file
    settings.activate(settings.Settings())
    monkeypatch.setenv("OFFICER_TODAY", TODAY.isoformat())
    monkeypatch.setenv("OFFICER_LANG", "en")
    monkeypatch.delenv("OFFICER_DB", raising=False)
    clock.freeze(TODAY)
    i18n.set_language("en")
    yield
    clock.freeze(None)
    i18n.set_language("en")
    settings.activate(settings.Settings())


@pytest.fixture
def german() -> Iterator[None]:
    i18n.set_language("de")
    yield
    i18n.set_language("en")


@pytest.fixture
def db_url(backend, tmp_path, request) -> Iterator[str]:
    """Where this test's database is: nothing there yet, unless the test also asks for
    ``database`` (then PostgreSQL copies a migrated template instead of migrating)."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'officer.db'}"
        return
    server = _pg(request)
    template = server.template("schema", _migrated) if "database" in request.fixturenames else None
    name = server.create(template)
    yield server.url(name)
    server.drop(name)


@pytest.fixture(scope="session")
def _sqlite_templates(tmp_path_factory) -> dict:
    return {"folder": tmp_path_factory.mktemp("templates"), "built": {}}


@pytest.fixture
def make_db(backend, tmp_path, request, _sqlite_templates):
    """``make_db(key, build)``: the URL of this test's own copy of a database that
    ``build(url)`` fills once per run (per backend), and what ``build`` returned then.

    For a module's own starting point (units and contacts, sample requests ...): building
    once and copying is much faster than building per test, on both databases.
    """
    made: list[str] = []

    def make(key: str, build) -> tuple[str, object]:
        if backend == "sqlite":
            built = _sqlite_templates["built"]
            if key not in built:
                path = _sqlite_templates["folder"] / f"{key}.db"
                built[key] = (path, build(f"sqlite:///{path}"))
            path, value = built[key]
            target = tmp_path / "officer.db"
            import shutil

            shutil.copyfile(path, target)
            target.chmod(0o600)
            return f"sqlite:///{target}", value
        server = _pg(request)
        values = server.values

        def build_and_keep(url: str) -> None:
            values[key] = build(url)

        name = server.create(server.template(key, build_and_keep))
        made.append(name)
        return server.url(name), values[key]

    yield make
    if made:
        server = _pg(request)
        for name in made:
            server.drop(name)


@pytest.fixture
def other_db_url(backend, tmp_path, request):
    """``other_db_url(name)``: the URL of one more empty database of this test's backend, for
    tests that move data between databases (export here, import there). SQLite: a new file
    ``name`` in the test's folder; PostgreSQL: a database of its own, migrated already."""
    made: list[str] = []

    def make(name: str) -> str:
        if backend == "sqlite":
            return f"sqlite:///{tmp_path / name}"
        server = _pg(request)
        made.append(server.create(server.template("schema", _migrated)))
        return server.url(made[-1])

    yield make
    if made:
        server = _pg(request)
        for name in made:
            server.drop(name)


@pytest.fixture
def demo_url(backend, tmp_path, request) -> Iterator[str]:
    """A database holding the demo data (seeded once per run, copied for each test)."""
    if backend == "sqlite":
        path = request.getfixturevalue("demo")
        yield f"sqlite:///{path}"
        return
    server = _pg(request)
    name = server.create(server.template("demo", _seeded))
    yield server.url(name)
    server.drop(name)


@pytest.fixture
def database(db_url):
    from officer_tui.services.database import open_database

    db = open_database(db_url)
    yield db
    db.close()


@pytest.fixture
def session(database):
    with database.session() as session:
        yield session


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory):
    """The demo database, seeded once per module and copied for each test (``demo``)."""
    from officer_tui.services.database import open_database
    from officer_tui.services.seed import seed_demo

    path = tmp_path_factory.mktemp("template") / "demo.db"
    clock.freeze(TODAY)  # module fixtures start before the autouse clock fixture
    try:
        database = open_database(f"sqlite:///{path}")
        with database.session() as session:
            seed_demo(session, today=TODAY)
        database.close()
    finally:
        clock.freeze(None)
    return path


@pytest.fixture
def demo(tmp_path, demo_template):
    """``officer.db`` in the test's folder: a copy of the demo database, mode 0600."""
    import shutil

    path = tmp_path / "officer.db"
    shutil.copyfile(demo_template, path)
    path.chmod(0o600)
    return path


@pytest.fixture
def officer(capsys):
    """The ``officer`` command run in-process: ``officer("request", "list")`` -> ``Result``
    (exit code, stdout, stderr). Modules that need more set-up define their own."""
    from officer_tui.cli import main
    from tests.cli_helpers import Result

    def run(*argv: object) -> Result:
        code = main([str(arg) for arg in argv])
        out, err = capsys.readouterr()
        return Result(code, out, err)

    return run
