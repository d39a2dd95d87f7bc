"""``officer config path|show|check|set|unset|edit``, run in-process on real files; the
language of the file; a broken file never stops other commands."""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path

import pytest

from officer_tui import settings
from officer_tui.cli import main
from tests.cli_helpers import Result


@pytest.fixture
def officer(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("OFFICER_DB", str(tmp_path / "none" / "officer.db"))  # never opened here
    monkeypatch.delenv("OFFICER_USER", raising=False)
    monkeypatch.delenv("OFFICER_BACKUP_KEEP", raising=False)

    def run(*argv: object) -> Result:
        code = main([str(arg) for arg in argv])
        out, err = capsys.readouterr()
        return Result(code, out, err)

    return run


@pytest.fixture
def path() -> Path:
    return settings.settings_path()


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def shown(result: Result) -> dict[str, dict]:
    return {row["key"]: row for row in result.json()["settings"]}


def test_path(officer, path):
    result = officer("config", "path")
    assert (result.code, result.out, result.err) == (0, f"{path}\n", "")


# --- show ----------------------------------------------------------------------------------------


def test_show_without_a_file_lists_every_setting_and_its_default(officer, path):
    result = officer("config", "show")
    assert result.code == 0 and result.err == ""
    lines = result.out.splitlines()
    assert lines[0] == f"No settings file ({path}): the defaults are in force."
    assert lines[2].split() == ["SETTING", "VALUE", "FROM"]
    table = {line.split()[0]: line.split(maxsplit=1)[1] for line in lines[3:]}
    for key in settings.leaf_keys():
        assert key in table, key
    assert table["requests.waiting_too_long_days"].split() == ["14", "default"]
    assert table["contacts.stay_in_touch_days"].split() == ["—", "default", "(per", "unit", "kind)"]
    assert table["contacts.stay_in_touch_by_kind.it_provider"].split() == ["14", "default"]
    assert table["language"].split() == ['"en"', "OFFICER_LANG"]

    data = officer("config", "show", "--json").json()
    assert data["path"] == str(path) and data["exists"] is False and data["problems"] == []
    rows = {row["key"]: row for row in data["settings"]}
    assert rows["ideas.weights.benefit"] == {"key": "ideas.weights.benefit", "value": 3,
                                             "source": "default"}
    assert rows["contacts.stay_in_touch_days"]["value"] is None
    assert rows["language"] == {"key": "language", "value": "en", "source": "environment",
                                "variable": "OFFICER_LANG"}


def test_show_says_where_each_value_comes_from(officer, path, monkeypatch):
    write(path, '''# mine
theme = "nord"
user = "Anna Berger"

[contacts]
stay_in_touch_days = 45
[contacts.stay_in_touch_by_kind]
museum = 30

[ideas.weights]
reach = 5

[backups]
keep = 3

[keys]
"app.capture" = "f9"
''')
    rows = shown(officer("config", "show", "--json"))
    assert rows["theme"] == {"key": "theme", "value": "nord", "source": "file", "line": 2}
    assert rows["user"] == {"key": "user", "value": "Anna Berger", "source": "file", "line": 3}
    assert rows["contacts.stay_in_touch_by_kind.museum"]["line"] == 8
    assert rows["contacts.stay_in_touch_by_kind.library"] == {
        "key": "contacts.stay_in_touch_by_kind.library", "value": 45, "source": "file", "line": 6}
    assert rows["ideas.weights.reach"] == {"key": "ideas.weights.reach", "value": 5,
                                           "source": "file", "line": 11}
    assert rows["ideas.weights.benefit"]["source"] == "default"
    assert rows["backups.keep"]["value"] == 3 and rows["backups.keep"]["line"] == 14
    assert rows["keys.app.capture"] == {"key": "keys.app.capture", "value": "f9",
                                        "source": "file", "line": 17}

    monkeypatch.setenv("OFFICER_USER", "Bernd")
    monkeypatch.setenv("OFFICER_BACKUP_KEEP", "0")
    monkeypatch.delenv("OFFICER_LANG")
    write(path, 'language = "de"\nuser = "Anna Berger"\n[backups]\nkeep = 3\n')
    rows = shown(officer("config", "show", "--json"))
    assert rows["user"] == {"key": "user", "value": "Bernd", "source": "environment",
                            "variable": "OFFICER_USER"}
    assert rows["backups.keep"] == {"key": "backups.keep", "value": 0, "source": "environment",
                                    "variable": "OFFICER_BACKUP_KEEP"}
    assert rows["language"] == {"key": "language", "value": "de", "source": "file", "line": 1}
    rows = shown(officer("--lang", "en", "config", "show", "--json"))
    assert rows["language"] == {"key": "language", "value": "en", "source": "option",
                                "option": "--lang"}
    text = officer("--lang", "en", "config", "show").out
    assert any(line.split() == ["user", '"Bernd"', "OFFICER_USER"] for line in text.splitlines())
    assert any(line.split() == ["language", '"en"', "--lang"] for line in text.splitlines())


def test_show_counts_what_an_earlier_version_stored_in_the_database(officer, database, db_url,
                                                                    monkeypatch):
    from officer_tui.models.enums import UnitKind
    from officer_tui.models.state import AppState
    from officer_tui.services import contacts

    with database.session() as session:
        session.add(AppState(key="idea_weight.reach", value="7"))
        session.commit()
        contacts.set_stay_default(session, kind=UnitKind.MUSEUM, days=21)
    monkeypatch.setenv("OFFICER_DB", db_url)
    rows = shown(officer("config", "show", "--json"))
    assert rows["ideas.weights.reach"] == {"key": "ideas.weights.reach", "value": 7,
                                           "source": "database"}
    assert rows["contacts.stay_in_touch_by_kind.museum"]["source"] == "database"
    assert rows["contacts.stay_in_touch_by_kind.museum"]["value"] == 21
    assert "(stored by an earlier version)" in officer("config", "show").out


# --- check ---------------------------------------------------------------------------------------


def test_check_without_a_file_and_with_a_clean_one(officer, path):
    result = officer("config", "check")
    assert result.code == 0 and result.out == f"No settings file ({path}): the defaults are in force.\n"
    write(path, 'theme = "nord"\n')
    result = officer("config", "check")
    assert result.code == 0 and result.out == f"{path}: no problems.\n"


def test_check_lists_every_problem_with_its_line(officer, path):
    write(path, '''theme = "nrod"
[requests]
waiting_too_long_days = 0
colour = "red"
[keys]
"app.nothing" = "f9"
''')
    result = officer("config", "check")
    assert result.code == 1 and result.err == ""
    lines = result.out.splitlines()
    assert lines[0] == f"{path}: 4 problems:"
    assert lines[1:4] == [
        "  line 1, theme: 'nrod' is not a theme; did you mean nord?",
        "  line 3, requests.waiting_too_long_days: must be a whole number from 1 to 365, not 0; "
        "the default applies",
        "  line 4, requests.colour: unknown setting (ignored)",
    ]
    assert lines[4].startswith("  line 6, keys.app.nothing: ")  # the keymap's own check


def test_check_a_file_that_does_not_parse(officer, path):
    write(path, 'theme = "nord"\n[requests\n')
    result = officer("config", "check")
    assert result.code == 1 and result.err == ""  # not reported twice
    assert result.out.splitlines()[1] == ("  line 2: not valid TOML (Expected ']' at the end of a "
                                          "table declaration); using the defaults")


# --- set and unset -------------------------------------------------------------------------------


def test_set_reads_each_value_as_its_type_and_keeps_comments(officer, path):
    write(path, '# by hand\n[requests]  # ours\nwaiting_too_long_days = 10  # team decision\n')
    for key, value, line in [
        ("requests.waiting_too_long_days", "21", "requests.waiting_too_long_days = 21"),
        ("ideas.weights.reach", "4", "ideas.weights.reach = 4"),
        ("keys.app.capture", "f9", 'keys.app.capture = "f9"'),
        ("language", "de", 'language = "de"'),
        ("theme", "nord", 'theme = "nord"'),
        ("contacts.stay_in_touch_by_kind.it_provider", " 7 ", "contacts.stay_in_touch_by_kind."
                                                             "it_provider = 7"),
    ]:
        result = officer("--lang", "en", "config", "set", key, value)
        assert result.code == 0, result.err
        assert result.out == f"{line} (in {path})\n"
    text = path.read_text()
    assert "# by hand" in text and "# ours" in text
    assert "waiting_too_long_days = 21  # team decision" in text
    found = settings.load().settings
    assert (found.waiting_too_long_days, found.idea_weights["reach"], found.keys, found.language,
            found.theme, found.stay_in_touch_by_kind) == (
        21, 4, {"app.capture": "f9"}, "de", "nord", {"it_provider": 7})


@pytest.mark.parametrize(("argv", "complaint"), [
    (("requests.waiting_too_long_days", "abc"),
     "officer: requests.waiting_too_long_days: must be a whole number, not 'abc'"),
    (("requests.waiting_too_long_days", "0"),
     "officer: requests.waiting_too_long_days: must be a whole number from 1 to 365, not 0"),
    (("ideas.weights.rech", "3"),
     "officer: 'ideas.weights.rech' is not a setting; did you mean ideas.weights.reach, "
     "ideas.weights?"),
    (("ideas.weights", "3"),
     "officer: ideas.weights: is a table; set one of its keys, e.g. ideas.weights.benefit"),
    (("theme", "nrod"), "officer: theme: 'nrod' is not a theme; did you mean nord?"),
    (("start_pane", "garden"), "officer: start_pane: 'garden' is not a pane (today, requests, "
                               "ideas, projects, meetings, training, contacts)"),
    (("language", "fr"), "officer: language: 'fr' is not a language of the app (de, en)"),
    (("user", " "), "officer: user: an empty value; to remove the key: officer config unset user"),
])
def test_set_refuses_a_bad_value_naming_the_key(officer, path, argv, complaint):
    write(path, "# mine\n")
    result = officer("config", "set", *argv)
    assert result.code == 2 and result.out == ""
    assert result.complaint == complaint
    assert path.read_text() == "# mine\n"


def test_set_refuses_a_key_the_keymap_would_not_apply(officer, path):
    """An unknown binding id, an empty key (the wording is the keymap check's own)."""
    for key, value in (("keys.app.nothing", "f9"), ("keys.app.capture", "ctrl+")):
        result = officer("config", "set", key, value)
        assert result.code == 2 and result.complaint.startswith(f"officer: {key}: ")
    assert not path.exists()


def test_set_and_unset_refuse_a_broken_file_naming_its_line(officer, path):
    write(path, 'theme = "nord"\n[requests\n')
    for argv in (("set", "theme", "dracula"), ("unset", "theme")):
        result = officer("config", *argv)
        assert result.code == 1 and result.out == ""
        assert result.complaint == (
            f"officer: {path}: line 2: not valid TOML (Expected ']' at the end of a table "
            "declaration). Nothing was saved: correct the file first (officer config check).")
    assert path.read_text() == 'theme = "nord"\n[requests\n'


def test_unset(officer, path):
    write(path, '# mine\ntheme = "nord"\n[keys]\napp.capture = "f9"\n[requests]\ncolour = 1\n')
    result = officer("config", "unset", "keys.app.capture")
    assert result.code == 0, result.err
    assert result.out == f"keys.app.capture removed from {path}: its default applies again.\n"
    result = officer("config", "unset", "keys.app.capture")
    assert (result.code, result.out) == (0, f"keys.app.capture is not set in {path}: nothing to "
                                            "remove.\n")
    assert officer("config", "unset", "requests.colour").code == 0  # an unknown key: removable
    assert officer("config", "unset", "colour").code == 2  # neither known nor there
    assert path.read_text() == '# mine\ntheme = "nord"\n'


# --- edit ----------------------------------------------------------------------------------------


def editor(tmp_path: Path, code: str, exit_code: int = 0) -> str:
    """An editor: a Python script that gets the file's path (like ``vi FILE``)."""
    script = tmp_path / "editor.py"
    script.write_text(f"import sys\npath = sys.argv[1]\n{code}\nsys.exit({exit_code})\n")
    return f"{sys.executable} {script}"


def test_edit_without_an_editor_creates_the_template_and_says_where(officer, path, monkeypatch):
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    result = officer("config", "edit")
    assert result.code == 0
    assert result.out.splitlines() == [
        f"Created {path} with every setting commented out.",
        f"No editor is set ($VISUAL or $EDITOR): edit {path} with any text editor, then run "
        "'officer config check'.",
    ]
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert settings.load().problems == [] and "# waiting_too_long_days = 14" in path.read_text()
    path.write_text('theme = "nord"\n')
    assert "Created" not in officer("config", "edit").out  # an existing file is left as it is
    assert path.read_text() == 'theme = "nord"\n'


def test_edit_opens_the_editor_and_checks_the_result(officer, path, tmp_path, monkeypatch):
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", editor(tmp_path, (
        "text = open(path).read().replace('# start_pane = \"today\"', 'start_pane = \"ideas\"')\n"
        "open(path, 'w').write(text)")))
    result = officer("config", "edit")
    assert result.code == 0, result.err
    assert result.out.splitlines()[-1] == f"{path}: no problems."
    assert settings.load().settings.start_pane == "ideas"

    monkeypatch.setenv("VISUAL", editor(tmp_path, (  # $VISUAL wins over $EDITOR
        "text = open(path).read()\nopen(path, 'w').write('colour = 1\\n' + text)"), 3))
    result = officer("config", "edit")
    assert result.code == 1
    assert result.err == "officer: the editor ended with code 3\n"
    assert result.out.splitlines()[-1] == "  line 1, colour: unknown setting (ignored)"

    monkeypatch.setenv("VISUAL", str(tmp_path / "no-such-editor"))
    result = officer("config", "edit")
    assert result.code == 1 and "could not be started" in result.complaint


# --- the file and the other commands ---------------------------------------------------------


def test_a_broken_file_never_stops_a_command_and_json_stays_json(officer, path, tmp_path,
                                                                monkeypatch):
    write(path, 'theme = "nord"\n[requests\n')
    monkeypatch.setenv("OFFICER_DB", str(tmp_path / "officer.db"))
    result = officer("unit", "list", "--json")
    assert result.code == 0 and json.loads(result.out) == []
    assert result.err == (f"officer: warning: settings: {path}: line 2: not valid TOML (Expected "
                          "']' at the end of a table declaration); using the defaults\n")
    result = officer("config", "show", "--json")
    assert result.code == 0 and result.json()["problems"] != []
    assert result.err == ""


def test_the_language_of_the_file(officer, path, monkeypatch):
    write(path, 'language = "de"\n')
    monkeypatch.delenv("OFFICER_LANG")
    german = "Das Arbeitswerkzeug für Digitalisierungsbeauftragte."
    assert german in officer("--help").out
    monkeypatch.setenv("OFFICER_LANG", "en")  # the variable wins over the file
    assert german not in officer("--help").out
    monkeypatch.delenv("OFFICER_LANG")
    assert german not in officer("--lang", "en", "--help").out  # and the option over both
