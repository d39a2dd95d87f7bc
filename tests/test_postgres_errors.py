"""A PostgreSQL server that fails: one clear line naming the server, never its password.

Every failure here is real: a port nobody listens on, a socket folder without a server, a host
name that does not resolve, a role or database that does not exist, a role without rights, a
row another connection holds, two transactions that collide, a connection the server ends.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import psycopg
import pytest
from sqlalchemy import text

from officer_tui.cli import main
from officer_tui.db import files
from officer_tui.db.engine import make_engine
from officer_tui.db.errors import DatabaseProblem, explain, problem_kind
from officer_tui.paths import display_url, redact, url_password, without_password
from officer_tui.services import units
from officer_tui.services.database import open_database
from tests import pg_helpers
from tests.cli_helpers import Result
from tests.pg_helpers import run_sql

pg_url = pg_helpers.pg_url  # fixtures
pg_admin = pg_helpers.pg_admin
pg_migrated_url = pg_helpers.pg_migrated_url

SECRET = "Ge-heim%40Pw"  # written percent-encoded: the password is "Ge-heim@Pw"


@pytest.fixture(autouse=True)
def no_password_in_the_environment(monkeypatch) -> None:
    """``main`` moves a URL's password to PGPASSWORD; monkeypatch puts it back afterwards."""
    monkeypatch.delenv("PGPASSWORD", raising=False)


def with_password(url: str, user: str | None = None) -> str:
    scheme, _, rest = url.partition("://")
    name, _, location = rest.partition("@")
    return f"{scheme}://{user or name}:{SECRET}@{location}"


def officer(capsys, *argv: str) -> Result:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return Result(code, out, err)


def assert_no_password(*texts: str) -> None:
    for value in texts:
        assert "Ge-heim" not in value and SECRET not in value, value


@pytest.fixture
def migrated(pg_migrated_url) -> str:
    return pg_migrated_url


def socket_folder(url: str) -> str:
    return url.partition("?host=")[2]


def other_database(url: str, name: str) -> str:
    base, _, query = url.partition("?")
    return f"{base.rsplit('/', 1)[0]}/{name}?{query}"


# --- the server cannot be reached or refuses the login --------------------------------------


@pytest.mark.parametrize(("where", "reason"), [
    ("postgresql+psycopg://officer:{pw}@127.0.0.1:1/officer", "connection refused"),
    ("postgresql+psycopg://officer:{pw}@/officer?host={tmp}/nothing-here", "no server socket"),
    ("postgresql+psycopg://officer:{pw}@no-such-host.invalid/officer", "unknown host name"),
])
def test_a_server_that_cannot_be_reached_is_named_without_password(capsys, tmp_path, where, reason):
    url = where.format(pw=SECRET, tmp=tmp_path)
    result = officer(capsys, "--db", url, "request", "list")
    assert result.code == 1 and result.out == ""
    line = result.complaint
    assert "Cannot reach the PostgreSQL server of" in line and reason in line
    assert display_url(url) in line
    assert_no_password(line)
    with pytest.raises(DatabaseProblem) as caught:  # the TUI's start gets the same sentence
        open_database(url)
    assert reason in str(caught.value)
    assert_no_password(str(caught.value))


def test_an_unknown_role_is_a_refused_login(capsys, pg_url):
    url = with_password(pg_url, user="nobody_here")
    result = officer(capsys, "--db", url, "request", "list")
    assert result.code == 1
    assert "refused the login" in result.complaint and "nobody_here@" in result.complaint
    assert_no_password(result.err)


def test_a_missing_database_says_how_to_create_it(capsys, pg_url):
    url = with_password(other_database(pg_url, "officer_not_there"))
    result = officer(capsys, "--db", url, "request", "list")
    assert result.code == 1
    assert "The database officer_not_there does not exist" in result.complaint
    assert "createdb -O OWNER officer_not_there" in result.complaint
    assert_no_password(result.err)


def test_an_unknown_scheme_and_a_missing_driver_are_said_plainly(capsys, pg_url):
    result = officer(capsys, "--db", f"nosuchdb://officer:{SECRET}@db.example/officer", "db", "check")
    assert result.code == 1
    assert "Unknown kind of database in nosuchdb://officer@db.example/officer" in result.complaint
    assert_no_password(result.err)
    script = (  # a Python without psycopg: importing it fails as it would there
        "import sys\nsys.modules['psycopg'] = None\n"
        "from officer_tui.cli import main\n"
        f"raise SystemExit(main(['--db', {with_password(pg_url)!r}, 'request', 'list']))\n"
    )
    env = {**os.environ, "OFFICER_LANG": "en"}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=60, env=env)
    assert done.returncode == 1
    assert done.stderr.startswith("officer: PostgreSQL support is not installed")
    assert "pip install 'psycopg[binary]'" in done.stderr and len(done.stderr.splitlines()) == 1
    assert_no_password(done.stderr, done.stdout)


def test_postgresql_urls_without_a_driver_use_psycopg(migrated):
    bare = migrated.replace("postgresql+psycopg://", "postgresql://", 1)
    database = open_database(bare)
    try:
        assert database.schema.up_to_date
        assert database.shown_url.startswith("postgresql://")  # as written
    finally:
        database.close()


# --- the password never shows ----------------------------------------------------------------


def test_the_password_never_shows_on_a_good_server(capsys, migrated):
    url = with_password(migrated)
    outputs = [
        officer(capsys, "--db", url, "db", "path"),
        officer(capsys, "--db", url, "db", "check"),
        officer(capsys, "--db", url, "db", "check", "--json"),
        officer(capsys, "--db", url, "db", "upgrade"),
        officer(capsys, "--db", url, "unit", "add", "Stadtmuseum"),
        officer(capsys, "--db", url, "unit", "list", "--json"),
        officer(capsys, "--db", url, "request", "show", "999"),  # refused
        officer(capsys, "--db", url, "backup"),  # refused: pg_dump
    ]
    assert [result.code for result in outputs] == [0, 0, 0, 0, 0, 0, 2, 2]
    assert outputs[0].out.strip() == display_url(url) == display_url(migrated)
    assert "Stadtmuseum" in outputs[5].out
    for result in outputs:
        assert_no_password(result.out, result.err)


def test_the_password_leaves_the_url_and_travels_in_pgpassword(capsys, migrated):
    url = with_password(migrated)
    assert url_password(url) == "Ge-heim@Pw"
    bare, password = without_password(url)
    assert password == "Ge-heim@Pw" and bare == display_url(url)
    assert officer(capsys, "--db", url, "request", "list").code == 0
    assert os.environ["PGPASSWORD"] == "Ge-heim@Pw"  # libpq sends it; the URL holds none
    query_form = f"{migrated}&password=Ge-heim"
    assert display_url(query_form) == migrated and without_password(query_form)[1] == "Ge-heim"
    assert redact("failed for Ge-heim@Pw and Ge-heim%40Pw", url) == "failed for *** and ***"


async def test_the_tui_shows_the_server_without_password(pg_url):
    from officer_tui.ui.app import OfficerApp

    url = with_password(other_database(pg_url, "officer_gone"))
    app = OfficerApp(url)
    async with app.run_test(size=(120, 32)) as pilot:
        from tests.ui.helpers import wait_until

        await wait_until(pilot, lambda: "officer_gone" in app.export_screenshot(),
                         what="the problem on the start screen")
        screen = app.export_screenshot()
    assert "createdb" in screen
    assert_no_password(screen)


# --- work refused by the server --------------------------------------------------------------


@pytest.fixture
def reader_role(pg_admin, migrated) -> Iterator[str]:
    """A role that may log in and read the units, nothing else."""
    role = f"officer_reader_{os.getpid()}"
    name = migrated.partition("?")[0].rsplit("/", 1)[1]
    run_sql(pg_admin.admin_url, f'CREATE ROLE "{role}" LOGIN PASSWORD \'x\'',
            f'GRANT CONNECT ON DATABASE "{name}" TO "{role}"')
    run_sql(migrated, f'GRANT USAGE ON SCHEMA public TO "{role}"',
            f'GRANT SELECT ON ALL TABLES IN SCHEMA public TO "{role}"')
    yield role
    run_sql(migrated, f'DROP OWNED BY "{role}"')
    run_sql(pg_admin.admin_url, f'DROP ROLE "{role}"')


def test_a_missing_privilege_is_named(capsys, migrated, reader_role):
    url = with_password(migrated, user=reader_role)
    result = officer(capsys, "--db", url, "unit", "add", "Stadtmuseum")
    assert result.code == 1
    assert "has no INSERT permission on the table orgunit" in result.complaint
    assert "ask the administrator" in result.complaint
    assert_no_password(result.err)
    assert officer(capsys, "--db", url, "unit", "list").code == 0  # reading works
    check = officer(capsys, "--db", url, "db", "check")
    assert check.code == 1  # the app cannot work like this
    assert "lacks: INSERT on agendaitem" in check.out and "USAGE on orgunit_id_seq" in check.out


def test_a_row_another_user_holds_gives_locked_after_the_wait(migrated, monkeypatch):
    monkeypatch.setattr(files, "BUSY_TIMEOUT_MS", 300)  # read by each new connection
    database = open_database(migrated)
    try:
        with database.session() as session:
            unit = units.create_unit(session, data={"name": "Stadtmuseum"})
        other = psycopg.connect(migrated.replace("postgresql+psycopg://", "postgresql://"))
        try:
            other.execute("SELECT * FROM orgunit WHERE id = %s FOR UPDATE", (unit.id,))
            with pytest.raises(DatabaseProblem) as caught, database.session() as session:
                units.update_unit(session, unit_id=unit.id, changes={"notes": "mine"},
                                  expected_version=unit.version)
                session.commit()
        finally:
            other.rollback()
            other.close()
        message = str(caught.value)
        assert "locked by another user" in message and "try again" in message
        assert display_url(migrated) in message
        with database.session() as session:  # free again: the same save works
            units.update_unit(session, unit_id=unit.id, changes={"notes": "mine"},
                              expected_version=unit.version)
            session.commit()
            assert units.get_unit(session, unit.id).notes == "mine"
    finally:
        database.close()


def test_colliding_transactions_say_try_again(migrated):
    database = open_database(migrated)
    with database.session() as session:
        units.create_unit(session, data={"name": "Stadtmuseum"})
    database.close()
    dsn = migrated.replace("postgresql+psycopg://", "postgresql://")
    first = psycopg.connect(dsn)
    second = psycopg.connect(dsn, autocommit=True)
    try:
        first.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        first.execute("SELECT notes FROM orgunit").fetchall()
        second.execute("UPDATE orgunit SET notes = 'theirs'")
        with pytest.raises(psycopg.Error) as caught:
            first.execute("UPDATE orgunit SET notes = 'mine'")
    finally:
        first.close()
        second.close()
    assert problem_kind(caught.value) == "conflict"
    message = str(explain(caught.value, display_url(migrated)))
    assert "changed the same records at the same moment" in message and "try again" in message


def test_a_connection_the_server_ends_is_said_plainly(migrated):
    engine = make_engine(migrated)
    dsn = migrated.replace("postgresql+psycopg://", "postgresql://")
    try:
        with engine.connect() as connection:
            pid = connection.execute(text("SELECT pg_backend_pid()")).scalar()
            with psycopg.connect(dsn, autocommit=True) as admin:
                admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
            with pytest.raises(Exception) as caught:
                connection.execute(text("SELECT 1"))
    finally:
        engine.dispose()
    assert problem_kind(caught.value) == "disconnected"
    assert "closed the connection" in str(explain(caught.value, display_url(migrated)))
