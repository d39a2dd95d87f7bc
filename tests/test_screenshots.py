"""scripts/screenshots.py: the README's pictures, made from the demo data by the real app."""

from __future__ import annotations

import importlib.util
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from officer_tui import clock, i18n, settings
from officer_tui.services import demo_data
from tests.conftest import TODAY

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "screenshots.py"
PICTURES = ROOT / "docs" / "screenshots"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def script():
    """The script as a module (it is no package: loaded from its file)."""
    spec = importlib.util.spec_from_file_location("officer_screenshots", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.modules.pop(spec.name, None)


def read_picture(path: Path) -> tuple[str, list[str]]:
    """The SVG's window title and its screen, line by line (it must be valid XML)."""
    root = ET.parse(path).getroot()
    title = ""
    rows: dict[float, list[tuple[float, str]]] = {}
    for element in root.iter(SVG + "text"):
        text = "".join(element.itertext()).replace("\xa0", " ")
        if element.get("class", "").endswith("-title"):
            title = text
        elif element.get("clip-path"):  # a piece of a terminal line
            rows.setdefault(float(element.get("y")), []).append((float(element.get("x")), text))
    lines = ["".join(piece for _, piece in sorted(row)) for _, row in sorted(rows.items())]
    return title, lines


def test_panes_are_pictured_from_the_demo_data(script, tmp_path, capsys):
    """Two panes in English and one in German; the caller's process is left as it was (the
    script sets HOME, the settings, the day and the language for the app)."""
    import os

    home, active = os.environ.get("HOME"), settings.current()
    out = tmp_path / "pictures"
    assert script.main(["--out", str(out), "--only", "requests-de,contacts,requests"]) == 0

    assert os.environ.get("HOME") == home
    assert os.environ["OFFICER_TODAY"] == TODAY.isoformat()
    assert clock.today() == TODAY
    assert settings.current() == active
    assert i18n.current_language() == "en"

    made = ["02-requests.svg", "07-contacts.svg", "11-requests-de.svg"]
    assert sorted(path.name for path in out.iterdir()) == made
    printed = capsys.readouterr().out.splitlines()
    assert [Path(line).name for line in printed] == made  # in the usual order

    title, lines = read_picture(out / "02-requests.svg")
    screen = "\n".join(lines)
    assert title == "officer: Requests"
    assert "2 Requests" in lines[0]  # the pane bar
    assert "officer.db" in lines[0]
    assert "officer-screenshots-" not in (out / "02-requests.svg").read_text()  # the temp folder
    assert re.search(r"\d+ open requests", screen)
    request_titles = [request[0] for request in demo_data.REQUESTS]
    assert any(title in screen for title in request_titles)

    title, lines = read_picture(out / "07-contacts.svg")
    screen = "\n".join(lines)
    assert title == "officer: Contacts"
    assert "contacts in Stadtmuseum Hohenstein" in screen
    assert any(name in screen for name, unit, *_ in demo_data.CONTACTS if unit == "museum")

    title, lines = read_picture(out / "11-requests-de.svg")
    screen = "\n".join(lines)
    assert title == "officer: Anfragen"
    assert "2 Anfragen" in lines[0]
    assert re.search(r"\d+ offene Anfragen", screen)
    assert any(title in screen for title in request_titles)


def test_the_same_picture_twice_is_the_same_file(script, tmp_path):
    script.main(["--out", str(tmp_path / "first"), "--only", "today"])
    script.main(["--out", str(tmp_path / "second"), "--only", "today"])
    first = (tmp_path / "first" / "01-today.svg").read_bytes()
    assert first == (tmp_path / "second" / "01-today.svg").read_bytes()
    assert "Last backup: today 08:14" in "\n".join(read_picture(tmp_path / "first" / "01-today.svg")[1])


@pytest.mark.parametrize("arguments, named", [
    (["--only", "requests,kanban"], "--only"),
    (["--size", "wide"], "--size"),
    (["--size", "60x20"], "--size"),
    (["--theme", "no-such-theme"], "--theme"),
])
def test_bad_options_are_one_line_naming_the_option(script, tmp_path, capsys, arguments, named):
    with pytest.raises(SystemExit) as stopped:
        script.main(["--out", str(tmp_path / "never"), *arguments])
    assert stopped.value.code == 2
    error = capsys.readouterr().err.strip().splitlines()[-1]
    assert named in error
    assert not (tmp_path / "never").exists()


def test_docs_hold_one_picture_per_shot(script):
    names = sorted(path.name for path in PICTURES.glob("*.svg"))
    assert names == sorted(shot.file for shot in script.SHOTS)
    panes = {"today", "requests", "ideas", "projects", "meetings", "training", "contacts"}
    assert panes <= {shot.name for shot in script.SHOTS}
    for name in names:
        title, lines = read_picture(PICTURES / name)
        assert title.startswith("officer: ")
        assert len(lines) > 20


def test_readme_pictures_point_at_existing_files():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    pictures = re.findall(r"!\[([^\]]*)\]\(([^)\s]+)", readme)
    shots = [(alt, target) for alt, target in pictures if "docs/screenshots/" in target]
    if not shots:
        pytest.skip("README.md has no screenshot section yet")
    for alt, target in shots:
        assert alt.strip(), f"{target} has no alt text"
        assert (ROOT / target).is_file(), f"README.md shows {target}, which does not exist"
    shown = {Path(target).name for _, target in shots}
    assert {path.name for path in PICTURES.glob("*.svg")} <= shown, "a picture the README misses"
