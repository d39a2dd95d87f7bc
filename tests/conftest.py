"""Layered fixtures: isolated environment -> database -> session -> app.

Every test runs with its own data directory, English unless it asks for German, and a fixed
"today" (Monday, 2 March 2026), so dates in assertions never drift.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from officer_tui import clock, i18n

TODAY = date(2026, 3, 2)


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch) -> Iterator[None]:
    monkeypatch.setenv("OFFICER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("OFFICER_TODAY", TODAY.isoformat())
    monkeypatch.setenv("OFFICER_LANG", "en")
    monkeypatch.delenv("OFFICER_DB", raising=False)
    clock.freeze(TODAY)
    i18n.set_language("en")
    yield
    clock.freeze(None)
    i18n.set_language("en")


@pytest.fixture
def german() -> Iterator[None]:
    i18n.set_language("de")
    yield
    i18n.set_language("en")


@pytest.fixture
def db_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'officer.db'}"


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
