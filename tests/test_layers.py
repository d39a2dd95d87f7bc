"""The core (models, services, db) never imports Textual or the UI; the layers hold."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORE = ("officer_tui.models", "officer_tui.services", "officer_tui.db")

IMPORT_CORE = textwrap.dedent(
    """
    import importlib, json, pkgutil, sys

    imported = []
    for package_name in {core!r}:
        package = importlib.import_module(package_name)
        imported.append(package_name)
        for module in pkgutil.walk_packages(package.__path__, package_name + "."):
            if module.name == "officer_tui.db.migrations.env":
                continue  # runs migrations when imported; Alembic loads it
            importlib.import_module(module.name)
            imported.append(module.name)
    print(json.dumps({{
        "imported": imported,
        "textual": sorted(m for m in sys.modules if m == "textual" or m.startswith("textual.")),
        "ui": sorted(m for m in sys.modules if m.startswith("officer_tui.ui")),
        "cli": sorted(m for m in sys.modules if m.startswith("officer_tui.cli")),
    }}))
    """
).format(core=CORE)


def test_the_core_never_imports_textual(tmp_path):
    import json

    result = subprocess.run(
        [sys.executable, "-c", IMPORT_CORE],
        cwd=ROOT,
        env={**os.environ, "OFFICER_DATA_DIR": str(tmp_path / "data")},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    # the walk really covered the core
    assert {
        "officer_tui.models.request",
        "officer_tui.services.requests",
        "officer_tui.services.units",
        "officer_tui.services.contacts",
        "officer_tui.db.engine",
        "officer_tui.db.migrate",
    } <= set(found["imported"])
    assert found["textual"] == []
    assert found["ui"] == []
    assert found["cli"] == []


def test_import_linter_contracts_hold():
    lint_imports = Path(sys.executable).with_name("lint-imports")  # a dev dependency
    result = subprocess.run(
        [str(lint_imports), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken" in result.stdout and " 0 broken" in result.stdout
