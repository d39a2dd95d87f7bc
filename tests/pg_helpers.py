"""Fixtures for tests that are about PostgreSQL only (they are not run twice: no ``db_url``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture
def pg_url(request) -> Iterator[str]:
    """The URL of a fresh, empty database on the test server (skips without PostgreSQL)."""
    server = request.getfixturevalue("pg_server")
    if callable(server):
        server()  # skips, saying why
    name = server.create()
    yield server.url(name)
    server.drop(name)


@pytest.fixture
def pg_admin(request):
    """The test server itself: ``create``, ``drop``, ``url`` and ``sql(statement, database)``."""
    server = request.getfixturevalue("pg_server")
    if callable(server):
        server()
    return server


def run_sql(url: str, *statements: str) -> list:
    """Run ``statements`` on ``url`` in autocommit mode (roles, grants, CREATE DATABASE);
    returns the rows of the last one that has any."""
    import psycopg

    dsn = url.replace("postgresql+psycopg://", "postgresql://", 1)
    rows: list = []
    with psycopg.connect(dsn, autocommit=True) as connection:
        for statement in statements:
            cursor = connection.execute(statement)
            if cursor.description:
                rows = cursor.fetchall()
    return rows


@pytest.fixture
def pg_migrated_url(request) -> Iterator[str]:
    """A fresh database with the app's schema (a copy of the run's migrated template)."""
    from tests.conftest import _migrated

    server = request.getfixturevalue("pg_admin")
    name = server.create(server.template("schema", _migrated))
    yield server.url(name)
    server.drop(name)


@pytest.fixture
def pg_demo_url(request) -> Iterator[str]:
    """A fresh database with the demo data (a copy of the run's demo template)."""
    from tests.conftest import _seeded

    server = request.getfixturevalue("pg_admin")
    name = server.create(server.template("demo", _seeded))
    yield server.url(name)
    server.drop(name)
