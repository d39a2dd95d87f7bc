"""``officer export --format json`` and ``officer import FILE.json``: output, exit codes, refusals."""

from __future__ import annotations

import json
import stat

import pytest

from officer_tui.cli import main


@pytest.fixture
def officer(capsys, demo_url, monkeypatch):
    """The demo data in the office's database (SQLite or PostgreSQL)."""
    monkeypatch.setenv("OFFICER_DB", demo_url)

    def run(*argv: object) -> tuple[int, str, str]:
        code = main([str(arg) for arg in argv])
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def laptop(backend, tmp_path, request):
    """A second database with nothing in it yet, on the same kind of database as the office's."""
    if backend == "sqlite":
        yield tmp_path / "laptop.db"
        return
    server = request.getfixturevalue("pg_server")
    name = server.create()
    yield server.url(name)
    server.drop(name)


def one_line(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1 and err.startswith("officer: "), err
    assert "Traceback" not in err
    return lines[0]


def test_export_then_import_into_an_empty_database(officer, laptop, tmp_path):
    code, out, err = officer("export", "--format", "json", "--out", tmp_path / "all.json")
    assert code == 0 and err == ""
    assert "Exported" in out and str(tmp_path / "all.json") in out
    assert stat.S_IMODE((tmp_path / "all.json").stat().st_mode) == 0o600
    data = json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))
    assert data["counts"]["request"] == 49

    code, out, err = officer("--db", laptop, "import", tmp_path / "all.json", "--dry-run")
    assert code == 0, err
    assert "Requests" in out and "49" in out and "Dry run: nothing was written." in out
    code, out, _ = officer("--db", laptop, "request", "list", "--json", "--status", "all")
    assert code == 0 and json.loads(out) == []

    code, out, err = officer("--db", laptop, "import", tmp_path / "all.json")
    assert code == 0, err
    assert "Restored into an empty database" in out
    code, out, _ = officer("--db", laptop, "request", "list", "--json", "--status", "all")
    restored = json.loads(out)
    assert len(restored) == 49
    # New records follow the restored ones (PostgreSQL's sequences were moved on).
    code, out, err = officer("--db", laptop, "request", "add", "Nach dem Umzug", "--unit",
                             "Stadtmuseum")
    assert code == 0, err
    assert int(out) > max(row["id"] for row in restored)

    code, out, err = officer("--db", laptop, "import", tmp_path / "all.json", "--json")
    assert code == 0, err
    summary = json.loads(out)
    assert summary["into_empty"] is False and summary["dry_run"] is False
    assert summary["totals"]["inserted"] == summary["totals"]["updated"] == 0
    assert summary["tables"]["request"] == {"inserted": 0, "updated": 0, "unchanged": 49,
                                            "skipped": 0}


def test_export_into_a_folder_names_the_file(officer, tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()
    code, out, _ = officer("export", "--format", "json", "--out", folder)
    assert code == 0
    assert (folder / "officer-export-2026-03-02.json").exists()


def test_refusals_exit_2_with_one_line(officer, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "officer-tui-export", "format_version": 1, "schema": "9999"}',
                   encoding="utf-8")
    code, out, err = officer("import", bad)
    assert code == 2 and out == ""
    line = one_line(err)
    assert str(bad) in line and "newer version" in line

    bad.write_text("{\n  \"format\": oops\n}", encoding="utf-8")
    code, _, err = officer("import", bad)
    assert code == 2 and "line 2, column 13" in one_line(err)

    code, _, err = officer("import", tmp_path / "missing.json")
    assert code == 2 and "no such file" in one_line(err)

    code, _, err = officer("export", "--format", "json", "--out", tmp_path / "no" / "x.json")
    assert code == 2 and one_line(err).startswith("officer: --out: ")

    code, _, err = officer("export", "--format", "json", "--out", tmp_path / "x.json",
                           "--from", "2026-01-01")
    assert code == 2 and "--format ics" in one_line(err)
    assert not (tmp_path / "x.json").exists()
