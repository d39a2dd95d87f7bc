"""``officer export --format csv|xlsx`` and ``officer import FILE.csv|.xlsx --kind ...``:
exit codes, the preview, --dry-run changes nothing, --map, --json, bad files."""

from __future__ import annotations

import json
import stat

import pytest

from officer_tui.cli import main


@pytest.fixture
def officer(capsys, make_db, monkeypatch):
    """A museum and a library, nothing else yet."""

    def run(*argv: object):
        code = main([str(arg) for arg in argv])
        out, err = capsys.readouterr()
        return code, out, err

    def build(url: str) -> None:
        monkeypatch.setenv("OFFICER_DB", url)
        assert run("unit", "add", "Stadtmuseum", "--kind", "museum")[0] == 0
        assert run("unit", "add", "Stadtbibliothek", "--kind", "library")[0] == 0

    url, _built = make_db("cli-spreadsheets", build)
    monkeypatch.setenv("OFFICER_DB", url)
    return run


def requests_json(officer) -> list[dict]:
    code, out, _err = officer("request", "list", "--status", "all", "--json")
    assert code == 0
    return json.loads(out)


@pytest.fixture
def sheet(tmp_path):
    path = tmp_path / "anfragen.csv"
    path.write_bytes(("Betreff;Amt;Eingang;Prio\n"
                      "Drucker defekt;Stadtmuseum;02.03.2026;hoch\n"
                      "Beamer;Stadtmusem;01.03.2026;\n").encode("cp1252"))
    return path


def test_dry_run_shows_the_preview_and_writes_nothing(officer, sheet):
    code, out, err = officer("import", sheet, "--kind", "requests", "--dry-run")
    assert code == 0
    assert "Columns: Title ← 'Betreff', Unit ← 'Amt', Received ← 'Eingang', Priority ← 'Prio'" in out
    assert "line 3, column 'Amt': unknown unit 'Stadtmusem'; did you mean: Stadtmuseum?" in out
    assert "2 lines: 1 new, 0 already there (duplicates), 1 with errors (skipped)." in out
    assert "Dry run: nothing was written." in out
    assert requests_json(officer) == []


def test_import_applies_and_a_second_time_creates_nothing(officer, sheet):
    code, out, err = officer("import", sheet)  # the kind guessed from the headers, and said
    assert code == 0 and "Imported 1 request." in out
    assert "look like requests" in err
    [request] = requests_json(officer)
    assert request["title"] == "Drucker defekt" and request["priority"] == "high"
    code, out, _err = officer("import", sheet, "--kind", "requests")
    assert code == 0 and "Nothing to import." in out and "1 already there" in out
    assert len(requests_json(officer)) == 1


def test_map_overrides_the_guess_and_json_reports_each_line(officer, tmp_path):
    path = tmp_path / "liste.csv"
    path.write_text("Was;Wo;Wer\nScanner;Stadtbibliothek;x\n", encoding="utf-8")
    code, out, err = officer("import", path, "--kind", "requests", "--map", "title=Was",
                             "--map", "Bereich=2", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["columns"] == {"title": "Was", "unit": "Wo"}
    assert data["lines"][0]["result"] == "new" and len(data["created_ids"]) == 1
    code, _out, err = officer("import", path, "--kind", "requests", "--map", "title=Nix")
    assert code == 2 and err.startswith("officer: --map: the file has no column 'Nix'")


def test_contacts_import(officer, tmp_path):
    path = tmp_path / "kontakte.csv"
    path.write_text("Name,E-Mail,Bereich\nAnna Albers,anna@example.org,Stadtbibliothek\n",
                    encoding="utf-8-sig")
    code, out, _err = officer("import", path, "--kind", "contacts")
    assert code == 0 and "Imported 1 contact." in out
    code, out, _err = officer("contact", "list", "--json")
    assert [c["name"] for c in json.loads(out)] == ["Anna Albers"]


@pytest.mark.parametrize("name, content, reason", [
    ("leer.csv", b"", "is empty"),
    ("kopf.csv", b"Titel;Bereich\n", "header row but no lines with data"),
    ("kaputt.xlsx", b"not a zip", "is not a readable XLSX file"),
    ("alt.csv", b"Titel;Bereich\nF\x81hrung;Museum\n", "neither UTF-8 nor Windows-1252"),
])
def test_unreadable_files_exit_2_with_one_line(officer, tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    code, out, err = officer("import", path, "--kind", "requests")
    assert code == 2 and len(err.splitlines()) == 1
    assert err.startswith(f"officer: {path}: ") and reason in err


def test_unknown_kind_is_asked_for(officer, tmp_path):
    path = tmp_path / "zahlen.csv"
    path.write_text("A;B\n1;2\n", encoding="utf-8")
    code, _out, err = officer("import", path)
    assert code == 2 and "officer: --kind: cannot tell from the headers (A, B)" in err


def test_export_csv_and_xlsx(officer, tmp_path):
    code, out, _err = officer("export", "--format", "csv", "--out", tmp_path / "csv")
    assert code == 0 and "Wrote 16 CSV files" in out
    units = (tmp_path / "csv" / "units.csv").read_bytes()
    assert units.startswith(b"\xef\xbb\xbfid;name;") and b"Stadtmuseum" in units
    code, out, _err = officer("export", "--format", "xlsx", "--out", tmp_path / "all.xlsx")
    assert code == 0 and "Wrote 2 rows in 16 sheets" in out
    assert stat.S_IMODE((tmp_path / "all.xlsx").stat().st_mode) == 0o600
    code, _out, err = officer("export", "--format", "xlsx", "--out", tmp_path / "csv")
    assert code == 2 and err.startswith("officer: --out: ") and "is a folder" in err
    code, _out, err = officer("export", "--format", "csv", "--out", tmp_path, "--from", "heute")
    assert code == 2 and err.startswith("officer: --from: ")
