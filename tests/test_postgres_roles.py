"""A team server with least privilege: an owner role that owns the database and upgrades its
schema, and an app role that may only read and write the rows.

The SQL below is the README's "Team server" setup, run on the test server: the owner migrates,
then real work runs as the app role through the command line (add, list, search, history,
revert, a GDPR erasure), and a schema that is behind tells the app role to ask the
administrator, without changing anything.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import text

from officer_tui.cli import main
from officer_tui.db.engine import make_engine
from officer_tui.db.migrate import SCHEMA_HEAD, schema_state
from officer_tui.paths import display_url
from tests import pg_helpers
from tests.cli_helpers import Result
from tests.pg_helpers import run_sql

pg_admin = pg_helpers.pg_admin  # a fixture


def server_setup(database: str, owner: str, app: str) -> list[str]:
    """As the server's administrator (a superuser), connected to any database."""
    return [
        f"CREATE ROLE {owner} LOGIN PASSWORD 'owner-secret'",
        f"CREATE ROLE {app} LOGIN PASSWORD 'app-secret'",
        f"CREATE DATABASE {database} OWNER {owner}",
        f"REVOKE ALL ON DATABASE {database} FROM PUBLIC",
        f"GRANT CONNECT ON DATABASE {database} TO {app}",
    ]


def database_setup(owner: str, app: str) -> list[str]:
    """As the administrator, connected to the new database (before or after the first upgrade:
    the last two lines cover tables and sequences that already exist)."""
    return [
        "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
        f"GRANT USAGE ON SCHEMA public TO {app}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {app}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public "
        f"GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO {app}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {app}",
        f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {app}",
    ]


@dataclass
class Team:
    owner_url: str
    app_url: str


def role_url(admin, database: str, role: str, password: str) -> str:
    url = admin.url(database)
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{role}:{password}@{rest.partition('@')[2]}"


@pytest.fixture
def team(pg_admin, monkeypatch) -> Iterator[Team]:
    monkeypatch.delenv("PGPASSWORD", raising=False)  # main() sets it from the URL
    suffix = f"{os.getpid()}_{id(monkeypatch) % 100000}"
    database, owner, app = f"officer_team_{suffix}", f"officer_owner_{suffix}", f"officer_app_{suffix}"
    run_sql(pg_admin.admin_url, *server_setup(database, owner, app))
    try:
        run_sql(pg_admin.url(database), *database_setup(owner, app))
        team = Team(role_url(pg_admin, database, owner, "owner-secret"),
                    role_url(pg_admin, database, app, "app-secret"))
        yield team
    finally:
        pg_admin.drop(database)
        run_sql(pg_admin.admin_url, f"DROP ROLE IF EXISTS {app}", f"DROP ROLE IF EXISTS {owner}")


def officer(capsys, url: str, *argv: object) -> Result:
    code = main(["--db", url, *map(str, argv)])
    out, err = capsys.readouterr()
    assert "secret" not in out + err  # neither password ever shows
    return Result(code, out, err)


def test_the_owner_upgrades_and_the_app_role_does_the_daily_work(capsys, team, monkeypatch):
    upgraded = officer(capsys, team.owner_url, "db", "upgrade")
    assert upgraded.code == 0, upgraded.err
    assert upgraded.out.startswith(f"Created the schema {SCHEMA_HEAD} in ")

    app = team.app_url
    monkeypatch.setenv("OFFICER_USER", "anna")
    assert officer(capsys, app, "unit", "add", "Stadtmuseum", "--kind", "museum").code == 0
    added = officer(capsys, app, "request", "add", "Drucker defekt", "--unit", "Stadtmuseum")
    assert added.code == 0, added.err
    request_id = int(added.out.split()[-1].strip("#."))
    listed = officer(capsys, app, "request", "list", "--json").json()
    assert [(row["id"], row["title"]) for row in listed] == [(request_id, "Drucker defekt")]
    found = officer(capsys, app, "search", "drucker", "--json").json()
    assert [(hit["kind"], hit["id"]) for hit in found] == [("request", request_id)]

    history = officer(capsys, app, "history", "--json").json()
    assert {entry["user"] for entry in history} == {"anna"}
    created = next(e for e in history if e["table"] == "request" and e["action"] == "insert")
    reverted = officer(capsys, app, "revert", created["id"], "--yes")
    assert reverted.code == 0, reverted.err
    assert officer(capsys, app, "request", "list", "--json").json() == []

    person = officer(capsys, app, "contact", "add", "Anna Beispiel", "--unit", "Stadtmuseum",
                     "--email", "anna@example.org")
    assert person.code == 0, person.err
    contact_id = int(person.out.split()[-1].strip("#."))
    erased = officer(capsys, app, "contact", "erase", contact_id, "--yes")
    assert erased.code == 0, erased.err
    contacts = officer(capsys, app, "contact", "list", "--json").json()
    assert "Anna Beispiel" not in str(contacts) and "anna@example.org" not in str(contacts)

    check = officer(capsys, app, "db", "check")
    assert check.code == 0, check.out
    assert "Privileges: read and write the tables, nothing more (least privilege)" in check.out
    assert "Backups: made by the server's administrator (pg_dump)" in check.out
    assert "⚠" not in check.out
    owner_check = officer(capsys, team.owner_url, "db", "check")
    assert "⚠ The user officer_owner_" in owner_check.out and "owns the database" in owner_check.out

    engine = make_engine(app)  # and truly no more: the app role cannot change the schema
    try:
        for statement in ("CREATE TABLE notes (id integer)", "DROP TABLE request",
                          "ALTER TABLE request ADD COLUMN x integer"):
            with pytest.raises(Exception, match="permission denied|must be owner"):
                with engine.begin() as connection:
                    connection.execute(text(statement))
    finally:
        engine.dispose()


def test_a_schema_behind_tells_the_app_role_to_ask_the_administrator(capsys, team):
    from alembic import command

    from officer_tui.db.migrate import _alembic_config

    owner = make_engine(team.owner_url)
    try:
        with owner.begin() as connection:
            command.upgrade(_alembic_config(connection), "0006")
    finally:
        owner.dispose()

    refused = officer(capsys, team.app_url, "request", "list")
    assert refused.code == 1
    line = refused.complaint
    assert f"has schema 0006; this app needs {SCHEMA_HEAD}" in line
    assert "Ask the administrator to run 'officer db upgrade' with the owner role" in line
    assert display_url(team.app_url) in line
    engine = make_engine(team.app_url)
    try:
        assert schema_state(engine).current == "0006"  # nothing was changed
    finally:
        engine.dispose()

    upgraded = officer(capsys, team.owner_url, "db", "upgrade")
    assert upgraded.code == 0
    assert "the server's administrator backs the database up (pg_dump)" in upgraded.out
    # Tables the new migration created are the app role's to use (ALTER DEFAULT PRIVILEGES).
    assert officer(capsys, team.app_url, "unit", "add", "Stadtmuseum").code == 0
    assert officer(capsys, team.app_url, "search", "stadtmuseum", "--json").json()
