"""``officer db check`` (text and JSON) and the warning about a database others can read."""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from officer_tui.cli import main
from officer_tui.db.files import make_private_dir, permissions
from officer_tui.db.migrate import SCHEMA_HEAD
from tests import pg_helpers


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    """A folder other users can enter (pytest's tmp_path is private: nothing in it is exposed)."""
    folder = Path(tempfile.mkdtemp(prefix="officer-shared-"))
    folder.chmod(0o755)
    probe = folder / "probe"
    probe.touch()
    probe.chmod(0o644)
    if not permissions(probe).exposed:
        shutil.rmtree(folder)
        pytest.skip("the temporary folder is not reachable by other users")
    probe.unlink()
    yield folder
    shutil.rmtree(folder)


def run(capsys, *argv: object) -> tuple[int, str, str]:
    code = main([str(arg) for arg in argv])
    out, err = capsys.readouterr()
    return code, out, err


# --- text ----------------------------------------------------------------------------------


def test_check_reports_every_fact_on_its_own_line(capsys, demo):
    code, out, err = run(capsys, "--db", demo, "db", "check")
    assert code == 0, out + err
    assert err == ""
    lines = out.splitlines()
    assert lines[0] == f"Database: {demo}"
    assert lines[1] == f"Schema: {SCHEMA_HEAD} (current)"
    assert lines[2] == "Integrity: ok"
    assert lines[3].startswith("Size: ") and lines[3].endswith(" kB")
    assert lines[4] == "Permissions: 0600, readable by you only"
    assert lines[5] == "⚠ No backup yet"
    assert lines[6].startswith("Records: 15 units, 145 contacts, ")
    assert "49 requests" in lines[6] and "116 enrollments" in lines[6]


def test_check_names_the_last_backup(capsys, demo):
    code, out, err = run(capsys, "--db", demo, "backup")
    assert code == 0, err
    code, out, _ = run(capsys, "--db", demo, "db", "check")
    assert code == 0
    [line] = [line for line in out.splitlines() if line.startswith("Last backup")]
    assert line.startswith("Last backup: today ")
    assert str(demo.parent / "backups") in line


def test_check_shows_the_wal_while_another_connection_writes(capsys, demo):
    writer = sqlite3.connect(demo)
    writer.execute("PRAGMA wal_autocheckpoint = 0")  # keep the change in the -wal file
    writer.execute("UPDATE request SET title = title || '!' ")
    writer.commit()
    try:
        code, out, _ = run(capsys, "--db", demo, "db", "check")
    finally:
        writer.close()
    assert code == 0
    [size] = [line for line in out.splitlines() if line.startswith("Size: ")]
    assert "-wal" in size


def test_check_of_a_private_folder_explains_why_0644_is_fine(capsys, demo):
    demo.chmod(0o644)
    demo.parent.chmod(0o700)
    code, out, _ = run(capsys, "--db", demo, "db", "check")
    assert code == 0
    assert "Permissions: 0644; private, as the folder" in out


def test_check_of_an_exposed_file_fails_and_says_how_to_fix_it(capsys, demo, shared_folder):
    path = shared_folder / "officer.db"
    shutil.copyfile(demo, path)
    path.chmod(0o644)
    code, out, err = run(capsys, "--db", path, "db", "check")
    assert code == 1
    assert err == ""  # the report says it; no second warning on stderr
    [line] = [line for line in out.splitlines() if "Permissions" in line]
    assert line.startswith("⚠ Permissions: ")
    assert "mode 0644" in line and f"chmod 600 {path}" in line


# --- JSON ----------------------------------------------------------------------------------


def test_check_json(capsys, demo):
    code, out, _ = run(capsys, "--db", demo, "db", "check", "--json")
    assert code == 0
    report = json.loads(out)
    assert report["ok"] is True
    assert report["database"] == str(demo)
    assert report["schema"] == {"current": SCHEMA_HEAD, "head": SCHEMA_HEAD, "up_to_date": True}
    assert report["integrity"] == {"ok": True, "problems": []}
    assert report["permissions"]["mode"] == "0600" and report["permissions"]["private"] is True
    assert report["sizes"]["file"] == demo.stat().st_size
    assert report["records"]["requests"] == 49 and report["records"]["units"] == 15
    assert report["last_backup"] is None


def test_check_json_of_a_damaged_file(capsys, tmp_path):
    path = tmp_path / "officer.db"
    path.write_bytes(b"not a database at all" * 100)
    code, out, err = run(capsys, "--db", path, "db", "check", "--json")
    assert code == 1
    assert err == ""
    report = json.loads(out)
    assert report["ok"] is False and "damaged" in report["problem"]


def test_check_json_reports_integrity_problems(capsys, demo):
    connection = sqlite3.connect(demo)
    connection.execute("UPDATE contact SET unit_id = 999 WHERE id = 1")
    connection.commit()
    connection.close()
    code, out, _ = run(capsys, "--db", demo, "db", "check", "--json")
    assert code == 1
    report = json.loads(out)
    assert report["ok"] is False
    assert report["integrity"]["ok"] is False
    assert any("contact" in problem for problem in report["integrity"]["problems"])


# --- the warning on other commands -------------------------------------------------------------


def test_an_exposed_database_gets_one_warning_line_per_command(capsys, demo, shared_folder):
    path = shared_folder / "officer.db"
    shutil.copyfile(demo, path)
    path.chmod(0o664)
    code, out, err = run(capsys, "--db", path, "request", "list", "--json")
    assert code == 0
    assert len(json.loads(out)) > 0  # stdout stays clean JSON
    assert err.splitlines() == [
        f"officer: warning: The database {path} can be read or changed by other users of this "
        f"computer (mode 0664); it holds personal data. Fix: chmod 600 {path}"
    ]
    path.chmod(0o600)
    code, out, err = run(capsys, "--db", path, "request", "list", "--json")
    assert code == 0 and err == ""


def test_no_warning_for_a_private_file_or_a_private_folder(capsys, demo):
    demo.chmod(0o644)  # tmp_path's folders keep others out
    code, _, err = run(capsys, "--db", demo, "unit", "list")
    assert code == 0 and err == ""


def test_private_folders_are_made_for_every_missing_level(tmp_path):
    folder = tmp_path / "a" / "b" / "c"
    make_private_dir(folder)
    for level in (folder, folder.parent, folder.parent.parent):
        assert level.stat().st_mode & 0o777 == 0o700
    tmp_mode = tmp_path.stat().st_mode & 0o777
    make_private_dir(folder)  # again: nothing changes, existing folders keep their mode
    assert tmp_path.stat().st_mode & 0o777 == tmp_mode


# --- PostgreSQL ----------------------------------------------------------------------------

pg_admin = pg_helpers.pg_admin  # fixtures
pg_demo_url = pg_helpers.pg_demo_url


def test_check_on_postgresql_tells_server_sizes_and_privileges(capsys, pg_demo_url, monkeypatch):
    monkeypatch.delenv("PGPASSWORD", raising=False)
    url = pg_demo_url.replace("officer_test@", "officer_test:geheim123@", 1)
    database = pg_demo_url.partition("?")[0].rsplit("/", 1)[1]
    code, out, err = run(capsys, "--db", url, "db", "check")
    assert code == 0, out + err  # a warning about the role, not a failure
    assert err == "" and "geheim123" not in out
    lines = out.splitlines()
    assert lines[0] == f"Database: {pg_demo_url}"
    assert lines[1] == f"Schema: {SCHEMA_HEAD} (current)"
    assert lines[2].startswith("Server: PostgreSQL ")
    assert lines[2].endswith(f", database {database}, user officer_test")
    assert lines[3].startswith("Size: ") and lines[3].endswith(" MB")
    assert lines[4].startswith("Biggest tables: ") and lines[4].count(" kB") == 5
    assert lines[5] == "Privileges: read and write the tables, and change the schema"
    assert lines[6].startswith("⚠ The user officer_test is a superuser")
    assert lines[7] == "Backups: made by the server's administrator (pg_dump)"
    assert lines[8].startswith("Records: 15 units, 145 contacts, ")
    assert len(lines) == 9  # no SQLite lines: integrity pragmas, file mode, backup files

    code, out, _err = run(capsys, "--db", url, "db", "check", "--json")
    report = json.loads(out)
    assert code == 0 and report["ok"] and "geheim123" not in out
    assert report["database"] == pg_demo_url
    assert report["permissions"] is None and report["last_backup"] is None
    server = report["server"]
    assert server["user"] == "officer_test" and server["database"] == database
    assert server["superuser"] and not server["least_privilege"]
    assert server["missing_privileges"] == [] and server["size"] > 0
    assert len(server["biggest_tables"]) == 5
    assert report["records"]["requests"] == 49


def test_check_on_a_missing_postgresql_database_is_one_line(capsys, pg_demo_url, monkeypatch):
    monkeypatch.delenv("PGPASSWORD", raising=False)
    base, _, query = pg_demo_url.partition("?")
    url = f"{base.rsplit('/', 1)[0].replace('officer_test@', 'officer_test:geheim123@')}/nowhere?{query}"
    code, out, err = run(capsys, "--db", url, "db", "check")
    assert code == 1 and out == ""
    assert err.startswith("officer: The database nowhere does not exist") and "geheim123" not in err
    code, out, err = run(capsys, "--db", url, "db", "check", "--json")
    assert code == 1 and json.loads(out)["ok"] is False and "geheim123" not in out
