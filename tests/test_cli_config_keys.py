"""``officer config keys``: every binding id with its default key and the key in force; the
problems of the file's [keys] on stderr, exit 0."""

from __future__ import annotations

from officer_tui import settings


def write_keys(text: str) -> None:
    path = settings.settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_lists_every_binding_with_its_default_key(officer):
    result = officer("config", "keys")
    assert result.code == 0 and result.err == ""
    lines = result.out.splitlines()
    assert lines[0].split() == ["Id", "Where", "What", "it", "does", "Default", "In", "force"]
    capture = next(line for line in lines if line.startswith("app.capture "))
    assert capture.split()[-2:] == ["c", "c"] and "Everywhere" in capture
    assert any(line.startswith("requests.new ") and "Requests" in line for line in lines)
    assert any(line.startswith("app.search ") and line.rstrip().endswith("Ctrl+F")
               for line in lines)
    assert len(lines) > 150  # every pane, list and dialog


def test_remapped_keys_are_marked_and_problems_go_to_stderr(officer):
    write_keys('# mine\n[keys]\n"app.capture" = "z"\n"app.kapture" = "x"\n'
               '"requests.sort" = "n"\n')
    result = officer("config", "keys")
    assert result.code == 0
    capture = next(line for line in result.out.splitlines() if line.startswith("app.capture "))
    assert capture.split()[-3:] == ["c", "z", "*"]
    sort = next(line for line in result.out.splitlines() if line.startswith("requests.sort "))
    assert sort.split()[-2:] == ["o", "o"]  # refused: the default stays in force
    assert "* remapped in" in result.out
    errors = result.err.splitlines()
    assert errors[0].startswith("Problems in the [keys] of ")
    assert errors[1].strip().startswith('line 4, keys.app.kapture: no binding has this id '
                                        '(did you mean "app.capture"')
    assert errors[2].strip().startswith('line 5, keys.requests.sort: n is taken by "New" '
                                        "(requests.new, Requests)")


def test_json_and_a_filter(officer):
    write_keys('[keys]\n"requests.new" = "a, F5"\n')
    result = officer("config", "keys", "--json", "requests.")
    assert result.code == 0 and result.err == ""
    rows = result.json()
    assert {row["id"] for row in rows} >= {"requests.new", "requests.sort"}
    assert all("requests." in row["id"] or "Requests" in row["where"] for row in rows)
    new = next(row for row in rows if row["id"] == "requests.new")
    assert new == {"id": "requests.new", "where": "Requests", "description": "New",
                   "tooltip": new["tooltip"], "default": ["n"], "keys": ["a", "f5"],
                   "remapped": True}
    assert new["tooltip"]


def test_in_german(officer, monkeypatch):
    monkeypatch.setenv("OFFICER_LANG", "de")
    result = officer("config", "keys", "app.search")
    assert "Strg+F" in result.out
