"""``officer report status``: to stdout or a private file, the period from --from/--to (German,
ISO, phrases), exit 2 naming the option for a bad date or a period backwards, nothing written
then."""

from __future__ import annotations

import pytest

from officer_tui.cli import main


@pytest.fixture
def officer(capsys, make_db, monkeypatch):
    """A library with a request from February and one from December."""

    def run(*argv: object) -> tuple[int, str, str]:
        code = main([str(arg) for arg in argv])
        out, err = capsys.readouterr()
        return code, out, err

    def build(url: str) -> None:
        monkeypatch.setenv("OFFICER_DB", url)
        assert run("unit", "add", "Stadtbibliothek", "--kind", "library")[0] == 0
        assert run("request", "add", "WLAN im Lesesaal", "--unit", "Stadtbibliothek",
                   "--received", "2026-02-10")[0] == 0
        assert run("request", "add", "Drucker", "--unit", "Stadtbibliothek",
                   "--received", "2025-12-01")[0] == 0

    url, _built = make_db("cli-status-report", build)
    monkeypatch.setenv("OFFICER_DB", url)
    return run


def test_prints_the_report_of_the_last_30_days(officer):
    code, out, err = officer("report", "status")
    assert code == 0, err
    assert out.startswith("# Status report digitalisation\n\nPeriod: 2026-02-01 to 2026-03-02")
    assert "1 request received · 0 closed · 1 of those received still open" in out
    assert "| Stadtbibliothek | 1 | 0 | 1 |" in out


def test_writes_a_private_file_for_the_period(officer, tmp_path):
    target = tmp_path / "lagebericht.md"
    code, out, err = officer("report", "status", "--from", "1.12.2025", "--to", "31.12.2025",
                             "--out", target)
    assert code == 0, err
    assert out.strip() == f"Status report for 2025-12-01 to 2025-12-31 written to {target}."
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    text = target.read_text(encoding="utf-8")
    assert "Period: 2025-12-01 to 2025-12-31" in text
    assert "| Stadtbibliothek | 1 | 0 | 1 |" in text  # the December request, not February's


def test_german(officer, tmp_path):
    code, out, err = officer("--lang", "de", "report", "status", "--from", "2026-02-01")
    assert code == 0, err
    assert "01.02.2026" in out and "02.03.2026" in out


@pytest.mark.parametrize("extra, message", [
    (("--from", "2026-03-05", "--to", "2026-03-01"),
     "officer: --to: 2026-03-01 is before the first day, 2026-03-05"),
    (("--from", "irgendwann"), "officer: --from: 'irgendwann' is not a date"),
    (("--to", "30.02.2026"), "officer: --to: '30.02.2026' is not a real date"),
])
def test_bad_period_exits_2_naming_the_option(officer, tmp_path, extra, message):
    target = tmp_path / "nichts.md"
    code, out, err = officer("report", "status", "--out", target, *extra)
    assert code == 2 and out == ""
    assert err.startswith(message) and err.count("\n") == 1
    assert not target.exists()


def test_bad_out(officer, tmp_path):
    code, _out, err = officer("report", "status", "--out", tmp_path / "fehlt" / "x.md")
    assert code == 2 and err.startswith("officer: --out: cannot write a file at")
    code, _out, err = officer("report", "status", "--out", tmp_path)
    assert code == 2 and "--out:" in err
