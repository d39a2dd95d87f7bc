"""The settings file: reading with line numbers, every kind of problem, files that are broken in
every way a file can be, saving that keeps what the user wrote, refusals, file mode, and
concurrent saves. Real files in the test's folder; no database."""

from __future__ import annotations

import multiprocessing
import os
import stat
from pathlib import Path

import pytest

from officer_tui import settings, settings_file
from officer_tui.settings import InvalidSettings, Settings, SettingsFileBroken, UnknownSetting


@pytest.fixture
def path() -> Path:
    """Where the settings file is for this test (conftest points OFFICER_CONFIG_DIR here)."""
    return settings.settings_path()


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_bytes(text.encode("utf-8"))
    return path


def texts(loaded) -> list[str]:
    return [problem.text() for problem in loaded.problems]


# --- reading and line numbers ----------------------------------------------------------------


def test_every_setting_is_read():
    found, problems = settings.parse('''
language = "DE"
theme = "nord"
start_pane = "Ideas"
user = "  Anna Berger "

[requests]
waiting_too_long_days = 21

[contacts]
stay_in_touch_days = 45
[contacts.stay_in_touch_by_kind]
museum = 30

[ideas.weights]
reach = 5

[backups]
keep = 0

[keys]
"app.capture" = "n, f9"
''')
    assert problems == []
    assert found == Settings(language="de", theme="nord", start_pane="ideas", user="Anna Berger",
                             waiting_too_long_days=21, stay_in_touch_days=45,
                             stay_in_touch_by_kind={"museum": 30},
                             idea_weights={"benefit": 3, "effort": 2, "strategic_fit": 3,
                                           "reach": 5},
                             backup_keep=0, keys={"app.capture": "n,f9"})


def test_line_numbers_of_plain_quoted_dotted_nested_and_inline_keys():
    text = '''# a comment
"theme" = "nord"
notes = """
[requests]
waiting_too_long_days = 99
"""
ideas.weights.reach = 11
[keys]
app.capture = 5
'app.quit' = ""
[contacts]
stay_in_touch_by_kind = { museum = 0 }
array = [
  "x = 1",
  [1, 2]
]
start_pane = "nowhere"
'''
    lines = settings.key_lines(text)
    assert lines["theme"] == 2 and lines["notes"] == 3
    assert "requests" not in lines  # inside the multi-line string
    assert lines["ideas.weights.reach"] == 7
    assert lines["keys.app.capture"] == 9 and lines["keys.app.quit"] == 10
    assert lines["contacts.stay_in_touch_by_kind"] == 12
    assert lines["contacts.start_pane"] == 17  # after the multi-line array: still [contacts]
    _found, problems = settings.parse(text)
    by_key = {problem.key: problem.line for problem in problems}
    assert by_key == {
        "notes": 3,
        "ideas.weights.reach": 7,
        "keys.app.capture": 9,
        "keys.app.quit": 10,
        "contacts.stay_in_touch_by_kind.museum": 12,  # inside an inline table: its line
        "contacts.array": 13,
        "contacts.start_pane": 17,
    }
    assert [problem.line for problem in problems] == sorted(by_key.values())  # in file order


@pytest.mark.parametrize(("text", "expected"), [
    ('language = "fr"', "line 1, language: 'fr' is not a language of the app (de, en)"),
    ("language = 1", "line 1, language: must be text in quotes"),
    ('start_pane = "garden"', "line 1, start_pane: 'garden' is not a pane (today, requests, ideas,"
                              " projects, meetings, training, contacts)"),
    ("thme = 'nord'", "line 1, thme: unknown setting (ignored); did you mean theme?"),
    ("colour = 'red'", "line 1, colour: unknown setting (ignored)"),
    ('[requests]\nwaiting_too_long_days = "14"', "line 2, requests.waiting_too_long_days: must be "
     "a whole number from 1 to 365, not '14'; the default applies"),
    ("[requests]\nwaiting_too_long_days = true", "line 2, requests.waiting_too_long_days: must be "
     "a whole number from 1 to 365, not True; the default applies"),
    ("[requests]\nwaiting_too_long_days = 1.5", "line 2, requests.waiting_too_long_days: must be "
     "a whole number from 1 to 365, not 1.5; the default applies"),
    ("[backups]\nkeep = -1", "line 2, backups.keep: must be a whole number from 0 to 10000, "
     "not -1; the default applies"),
    ("requests = 14", "line 1, requests: must be a table ([requests])"),
    ("[contacts.stay_in_touch_by_kind]\nzoo = 3",
     "line 2, contacts.stay_in_touch_by_kind.zoo: unknown setting (ignored)"),
    ("[ideas.weights]\nbenefit = 0\neffort = 0\nstrategic_fit = 0\nreach = 0",
     "line 1, ideas.weights: at least one weight must be above 0; the default weights apply"),
    ("[ideas.weights]\ncost = 2", "line 2, ideas.weights.cost: unknown setting (ignored)"),
    ('[keys]\n"app.capture" = ""', "line 2, keys.app.capture: must be a key in quotes, e.g. "
     '"ctrl+n" or "n,f2"'),
    ('[requests]\ntheme = "nord"', "line 2, requests.theme: unknown here (ignored); theme belongs "
     "at the top of the file, before the first [table]"),
    ('[ideas]\nkeep = 3', "line 2, ideas.keep: unknown here (ignored); keep belongs in [backups]"),
    ('theme = "nord"\ntheme = "dracula"', "line 2: not valid TOML (Cannot overwrite a value); "
     "using the defaults"),
    ('theme = "nord', "line 1: not valid TOML (Unterminated string); using the defaults"),
    ("x = [\n1,\n", "line 2: not valid TOML (Invalid value); using the defaults"),
])
def test_each_problem_names_its_line_and_key(text, expected):
    _found, problems = settings.parse(text)
    assert [problem.text() for problem in problems] == [expected]


def test_a_bad_value_keeps_the_default_and_the_rest_counts():
    found, problems = settings.parse('theme = "nord"\n[requests]\nwaiting_too_long_days = 0\n')
    assert found.theme == "nord" and found.waiting_too_long_days == 14
    assert len(problems) == 1


# --- files broken in every way ---------------------------------------------------------------


def test_no_file_is_no_problem(path):
    loaded = settings.load()
    assert loaded.settings == Settings() and loaded.problems == [] and not loaded.exists


@pytest.mark.parametrize(("content", "expected"), [
    (b"", []),
    (b"\n\n# only comments\n", []),
    (b'\xef\xbb\xbftheme = "nord"\n', []),
    (b'theme = "nord"\r\n[requests]\r\nwaiting_too_long_days = 7\r\n', []),
    (b'theme = "nord"\nuser = "J\xfcrgen"\n', ["line 2: not UTF-8 text (byte 0xfc); save the file "
                                                "as UTF-8; using the defaults"]),
    (b"theme = \x00\n", ["line 1: not valid TOML (Invalid value); using the defaults"]),
    (b"# x\n" * 70_000, ["is larger than 256 KiB: not a settings file; using the defaults"]),
])
def test_odd_files(path, content, expected):
    write(path, content)
    loaded = settings.load()
    assert texts(loaded) == expected
    if content.count(b"nord") and not expected:
        assert loaded.settings.theme == "nord"
    if b"waiting" in content:
        assert loaded.settings.waiting_too_long_days == 7
        assert loaded.settings.line_of("requests.waiting_too_long_days") == 3


def test_a_folder_where_the_file_should_be(path):
    path.mkdir(parents=True)
    loaded = settings.load()
    assert loaded.settings == Settings()
    assert texts(loaded) == ["is a folder, not a file; using the defaults"]
    assert loaded.report() == [f"{path}: is a folder, not a file; using the defaults"]
    with pytest.raises(SettingsFileBroken) as refused:
        settings.save({"theme": "nord"})
    assert "is a folder" in str(refused.value) and "Nothing was saved" in str(refused.value)
    assert path.is_dir()


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="root reads every file; permissions cannot make it unreadable")
def test_an_unreadable_file(path):
    write(path, 'theme = "nord"\n').chmod(0)
    try:
        assert texts(settings.load()) == ["cannot be read (permission denied); using the defaults"]
        with pytest.raises(SettingsFileBroken):
            settings.save({"theme": "dracula"})
    finally:
        path.chmod(0o600)
    assert path.read_text() == 'theme = "nord"\n'


@pytest.mark.parametrize("content", [
    b'theme = "nord"\n[requests\nwaiting_too_long_days = 3\n',
    b'user = "J\xfcrgen"\n',
])
def test_saving_into_a_broken_file_is_refused_and_loses_nothing(path, content):
    write(path, content)
    with pytest.raises(SettingsFileBroken) as refused:
        settings.save({"theme": "dracula"})
    assert str(refused.value).startswith(f"{path}: line ")
    assert "Nothing was saved" in str(refused.value) and "using the defaults" not in str(refused.value)
    assert path.read_bytes() == content
    assert settings.current() == Settings()


# --- saving --------------------------------------------------------------------------------------


KEPT = '''# My settings, by hand.
theme = "nord"  # dark, for the evening

[requests]
# two weeks is too long for us
waiting_too_long_days = 10  # team decision
colour = "red"

[ideas.weights]  # what counts
benefit = 4  # most of all
reach = 1

[keys]
app.quit = "ctrl+q"  # written unquoted: a nested table in TOML
'''


def test_saving_keeps_comments_order_and_unknown_keys(path):
    write(path, KEPT)
    loaded = settings.save({"waiting_too_long_days": 21, "start_pane": "ideas",
                            "idea_weights": {"benefit": 5, "effort": 2, "strategic_fit": 3,
                                             "reach": 1},
                            "keys": {"app.quit": "ctrl+x", "app.capture": "n"}})
    text = path.read_text()
    for kept in ("# My settings, by hand.", "# dark, for the evening", "# two weeks is too long",
                 "# team decision", 'colour = "red"', "# what counts", "# most of all",
                 "# written unquoted"):
        assert kept in text
    assert "waiting_too_long_days = 21  # team decision" in text
    assert "benefit = 5  # most of all" in text
    assert 'app.quit = "ctrl+x"' in text and '"app.capture" = "n"' in text
    assert text.index("start_pane") < text.index("[requests]")  # a top-level key stays on top
    assert loaded.settings.start_pane == "ideas" and loaded.settings.waiting_too_long_days == 21
    assert loaded.settings.keys == {"app.quit": "ctrl+x", "app.capture": "n"}
    assert settings.current() == loaded.settings  # activated
    assert [problem.key for problem in loaded.problems] == ["requests.colour"]  # still reported


def test_a_whole_table_replaces_the_known_keys_only(path):
    write(path, '[ideas.weights]\nbenefit = 4\nmood = 3\n[keys]\n"app.quit" = "x"\n"a.b" = 3\n')
    settings.save({"idea_weights": {"reach": 4}, "keys": {"app.capture": "n"}})
    text = path.read_text()
    assert "benefit" not in text and "reach = 4" in text and "mood = 3" in text
    assert "app.quit" not in text and '"a.b" = 3' in text  # not a key the app read: kept


def test_removing_keys_and_emptied_tables(path):
    write(path, 'theme = "nord"\n[backups]\nkeep = 3\n[requests]\n# why\nwaiting_too_long_days = 5\n')
    settings.save({"backup_keep": None, "waiting_too_long_days": None, "user": None})
    assert path.read_text() == 'theme = "nord"\n[requests]\n# why\n'  # its comment keeps [requests]


def test_crlf_files_stay_crlf_and_a_bom_goes(path):
    write(path, b'\xef\xbb\xbftheme = "nord"\r\n[requests]\r\nwaiting_too_long_days = 7\r\n')
    settings.save({"backup_keep": 3, "user": "Anna"})
    data = path.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\n") == data.count(b"\r\n") > 3
    assert settings.load().settings.backup_keep == 3


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_a_new_file_is_private_and_an_existing_one_keeps_its_mode(path):
    settings.save({"user": "Anna Berger"})
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    path.chmod(0o640)
    settings.save({"user": "Bernd"})
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert [p.name for p in path.parent.iterdir()] == ["settings.toml"]  # no temporary left


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
def test_a_symbolic_link_is_followed(path, tmp_path):
    real = write(tmp_path / "dotfiles" / "officer.toml", 'theme = "nord"\n')
    path.parent.mkdir(parents=True)
    path.symlink_to(real)
    settings.save({"start_pane": "ideas"})
    assert path.is_symlink()
    assert real.read_text() == 'theme = "nord"\nstart_pane = "ideas"\n'


@pytest.mark.parametrize(("changes", "key"), [
    ({"waiting_too_long_days": 0}, "requests.waiting_too_long_days"),
    ({"theme": 3}, "theme"),
    ({"idea_weights": {"benefit": 0, "effort": 0, "strategic_fit": 0, "reach": 0}},
     "ideas.weights"),
    ({"stay_in_touch_by_kind": {"zoo": 3}}, "contacts.stay_in_touch_by_kind.zoo"),
    ({"keys": {"app.capture": ""}}, "keys.app.capture"),
])
def test_a_wrong_value_is_refused_and_nothing_written(path, changes, key):
    write(path, '# mine\nlanguage = "xx"\n')  # a problem already there is not the change's
    assert [problem.key for problem in settings.validate(changes)] == [key]
    with pytest.raises(InvalidSettings) as refused:
        settings.save(changes)
    assert [problem.key for problem in refused.value.problems] == [key]
    assert refused.value.problems[0].line is None  # the line of a text never written
    assert path.read_text() == '# mine\nlanguage = "xx"\n'


def test_an_unknown_field_is_a_programming_error():
    with pytest.raises(ValueError, match="unknown settings field"):
        settings.save({"colour": "red"})


def _save_one(args: tuple[str, int]) -> None:
    directory, n = args
    os.environ["OFFICER_CONFIG_DIR"] = directory
    settings.save_keys({f"contacts.stay_in_touch_by_kind.{settings.UNIT_KINDS[n]}": n + 1})


def test_concurrent_saves_lose_nothing(path):
    """Ten processes each set another key at the same time: every key arrives (the folder
    lock serialises read-modify-write; the replace is atomic)."""
    path.parent.mkdir(parents=True)
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        pool.map(_save_one, [(str(path.parent), n) for n in range(10)])
    loaded = settings.load()
    assert loaded.problems == []
    assert loaded.settings.stay_in_touch_by_kind == {
        kind: n + 1 for n, kind in enumerate(settings.UNIT_KINDS)}


# --- by the file's keys (officer config set / unset) -----------------------------------------


def test_save_keys_by_dotted_name(path):
    write(path, '[keys]\napp.capture = "c"  # mine\n')
    settings.save_keys({"ideas.weights.reach": 4, "keys.app.capture": "n", "language": "de",
                        "keys.requests.new": "ctrl+n"})
    text = path.read_text()
    assert 'app.capture = "n"  # mine' in text  # the user's spelling stays
    assert '"requests.new" = "ctrl+n"' in text
    loaded = settings.load()
    assert loaded.settings.idea_weights["reach"] == 4 and loaded.settings.language == "de"
    settings.save_keys({"keys.app.capture": None, "ideas.weights": None})
    loaded = settings.load()
    assert loaded.settings.keys == {"requests.new": "ctrl+n"}
    assert loaded.settings.idea_weights is None and "app" not in path.read_text()


def test_unknown_keys_and_tables_are_refused_by_name(path):
    with pytest.raises(UnknownSetting, match="did you mean ideas.weights.reach"):
        settings.save_keys({"ideas.weights.rech": 3})
    with pytest.raises(InvalidSettings, match="is a table"):
        settings.save_keys({"ideas.weights": 3})
    assert not path.exists()


# --- the schema agrees with the rest of the app ------------------------------------------------


def test_unit_kinds_and_defaults_agree_with_the_models_and_services():
    from officer_tui.models.enums import UnitKind
    from officer_tui.services.contacts import STAY_DEFAULTS
    from officer_tui.services.idea_views import CRITERIA, DEFAULT_WEIGHTS

    assert set(settings.UNIT_KINDS) == {kind.value for kind in UnitKind}
    assert set(settings.STAY_BY_KIND_DEFAULTS) == set(settings.UNIT_KINDS)
    assert {kind.value: days for kind, days in STAY_DEFAULTS.items()} == settings.STAY_BY_KIND_DEFAULTS
    assert DEFAULT_WEIGHTS == settings.default_weights()
    assert CRITERIA == settings.CRITERIA


def test_the_template_has_every_key_and_no_problem():
    text = settings_file.template()
    assert settings.parse(text) == (Settings(lines=settings.key_lines(text)), [])
    for key in settings.leaf_keys():
        name = key.rpartition(".")[2]
        assert f"# {name} = " in text, key
    uncommented = settings.parse(text.replace("# language", "language").replace("# reach", "reach")
                                 .replace("# museum", "museum").replace("# keep", "keep"))
    assert uncommented[1] == []
    assert uncommented[0].stay_in_touch_by_kind == {"museum": 90}
