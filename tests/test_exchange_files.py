"""Bad export files: one clear message (field "file"), and the database stays as it was."""

from __future__ import annotations

import gzip
import json
import shutil

import pytest
from sqlalchemy import func, select

from officer_tui.models.org import Contact, OrgUnit
from officer_tui.models.request import Request
from officer_tui.services import exchange
from officer_tui.services.database import open_database
from officer_tui.services.errors import ValidationError
from officer_tui.services.units import create_unit
from tests.conftest import TODAY


@pytest.fixture
def export(tmp_path, demo_template):
    """A good export of the demo data, as parsed JSON (written from a SQLite database of its
    own, a copy of the demo seeded once per module, whatever database imports it)."""
    copy = tmp_path / "source.db"
    shutil.copyfile(demo_template, copy)
    database = open_database(f"sqlite:///{copy}")
    with database.session() as source:
        exchange.export_json(source, path=tmp_path / "good.json")
    database.close()
    return json.loads((tmp_path / "good.json").read_text(encoding="utf-8"))


@pytest.fixture
def target(session):
    """A database with a little data of its own, which a refused import must not touch."""
    create_unit(session, data={"name": "Eigenes Amt"})
    return session


def state(session) -> tuple[int, ...]:
    return tuple(session.scalar(select(func.count()).select_from(model))
                 for model in (OrgUnit, Contact, Request))


def write(tmp_path, data, name="bad.json") -> object:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def refused(session, path) -> str:
    before = state(session)
    with pytest.raises(ValidationError) as caught:
        exchange.import_json(session, path=path)
    assert caught.value.field == "file"
    assert state(session) == before
    with pytest.raises(ValidationError) as again:
        exchange.import_json(session, path=path, dry_run=True)
    assert again.value.message == caught.value.message
    return caught.value.message


def test_a_spreadsheet_is_not_json(target, tmp_path):
    path = tmp_path / "people.json"
    path.write_text("name;unit\nAnna;Museum\n", encoding="utf-8")
    message = refused(target, path)
    assert "is not JSON" in message


def test_plain_words_are_not_json_nor_truncated(target, tmp_path):
    path = tmp_path / "notes.json"
    path.write_text("not json at all", encoding="utf-8")
    assert "is not JSON" in refused(target, path)


def test_a_database_file_points_to_restore(target, tmp_path):
    from officer_tui.db.migrate import backup_sqlite

    source = tmp_path / "other.db"  # a SQLite backup, whatever database is importing it
    open_database(f"sqlite:///{source}").close()
    copy = backup_sqlite(source, tmp_path / "backup.json")
    assert "officer restore" in refused(target, copy)


def test_broken_json_says_where(target, tmp_path, export):
    text = json.dumps(export, ensure_ascii=False, indent=1)
    position = text.index('"Stadtmuseum Hohenstein"')
    broken = text[:position] + text[position:].replace(",", ";", 1)
    path = tmp_path / "broken.json"
    path.write_text(broken, encoding="utf-8")
    message = refused(target, path)
    line = broken[:position].count("\n") + 1
    assert f"line {line}," in message


def test_a_truncated_file_is_refused(target, tmp_path, export):
    good = (tmp_path / "good.json").read_bytes()
    for cut in (len(good) // 2, len(good) - 40, len(good) - 2):
        path = tmp_path / "cut.json"
        path.write_bytes(good[:cut])
        message = refused(target, path)
        assert "truncated" in message or "incomplete" in message, message


def test_missing_format_marker(target, tmp_path, export):
    del export["format"]
    assert "not an officer-tui export" in refused(target, write(tmp_path, export))
    assert "not an officer-tui export" in refused(target, write(tmp_path, [1, 2], "list.json"))


def test_schema_newer_older_unknown(target, tmp_path, export):
    export["schema"] = "9999"
    message = refused(target, write(tmp_path, export))
    assert "newer version" in message and "update the app" in message
    export["schema"] = "0000"  # older, but no revision this app knows
    assert "older version" in refused(target, write(tmp_path, export))
    export["schema"] = "0004"  # known, upgraded on the way in: but 0004 had no uids
    export["tables"].pop("change", None)  # (nor a change history)
    export["counts"].pop("change", None)
    assert "column uid: schema 0004 has no such column" in refused(target, write(tmp_path, export))
    export["schema"] = "abc"
    assert "unknown schema" in refused(target, write(tmp_path, export))
    export["schema"] = exchange.schema_head()
    export["format_version"] = 7
    assert "update the app" in refused(target, write(tmp_path, export))


def test_header_refuses_the_same_files(tmp_path, export):
    export["schema"] = "9999"
    with pytest.raises(ValidationError, match="newer version"):
        exchange.read_header(write(tmp_path, export))
    good = (tmp_path / "good.json").read_bytes()
    (tmp_path / "cut.json").write_bytes(good[: len(good) // 2])
    with pytest.raises(ValidationError, match="truncated"):
        exchange.read_header(tmp_path / "cut.json")


def test_rows_that_do_not_match_the_counts(target, tmp_path, export):
    export["tables"]["request"].pop()
    message = refused(target, write(tmp_path, export))
    assert "request" in message and "49" in message and "48" in message


def test_a_value_that_does_not_fit_names_table_row_and_column(target, tmp_path, export):
    export["tables"]["request"][4]["received_on"] = "yesterday"
    message = refused(target, write(tmp_path, export))
    assert "table request, row 5" in message and "received_on" in message
    assert "'yesterday' is not a date" in message
    export["tables"]["request"][4]["received_on"] = TODAY.isoformat()
    export["tables"]["request"][4]["priority"] = "very high"
    assert "priority" in refused(target, write(tmp_path, export))
    export["tables"]["request"][4]["priority"] = "high"
    export["tables"]["request"][4]["title"] = None
    assert "must not be empty" in refused(target, write(tmp_path, export))
    export["tables"]["request"][4]["title"] = "ok"
    export["tables"]["request"][4]["colour"] = "red"
    assert "colour" in refused(target, write(tmp_path, export))


def test_a_broken_reference_is_refused(target, tmp_path, export):
    export["tables"]["outcome"][-1]["meeting_id"] = 4711  # the last table: all else is written
    message = refused(target, write(tmp_path, export))
    assert "points to meeting 4711" in message and "neither in the file nor in the database" in message


def test_an_unknown_table(target, tmp_path, export):
    export["tables"]["gadgets"] = [{"id": 1}]
    export["counts"]["gadgets"] = 1
    assert "gadgets" in refused(target, write(tmp_path, export))


def test_not_utf8_and_not_a_file(target, tmp_path, export):
    text = json.dumps(export, ensure_ascii=False, indent=1)
    path = tmp_path / "latin.json"
    path.write_bytes(text.encode("latin-1", errors="replace"))
    assert "UTF-8" in refused(target, path)
    assert "no such file" in refused(target, tmp_path / "nowhere.json")
    assert "folder" in refused(target, tmp_path)


def test_a_damaged_compressed_file(target, tmp_path, export):
    good = gzip.compress((tmp_path / "good.json").read_bytes())
    path = tmp_path / "bad.json.gz"
    path.write_bytes(good[: len(good) // 2])
    refused(target, path)


def test_a_reformatted_file_still_imports(session, tmp_path, export):
    reordered = {"counts": export["counts"], **{k: v for k, v in export.items() if k != "counts"}}
    path = write(tmp_path, reordered, "pretty.json")
    assert exchange.read_header(path).counts == export["counts"]
    summary = exchange.import_json(session, path=path)
    assert summary.inserted["request"] == len(export["tables"]["request"])
