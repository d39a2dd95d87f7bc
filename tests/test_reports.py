"""The portfolio report: sections by field and phase, funding, lights, notes, totals, umlauts."""

from __future__ import annotations

import pytest

from officer_tui.services.reports import portfolio_report
from tests.portfolio_fixtures import make_portfolio


@pytest.fixture
def p(session):
    return make_portfolio(session)


def test_report_groups_by_field_and_phase_with_totals(session, p):
    text = portfolio_report(session)
    assert text.startswith("# Project portfolio\n")
    assert "As of 2026-03-02 · 4 projects · funded €63,500 · applied for €28,000" in text
    assert text.index("## Daten") < text.index("## Zivilgesellschaft und Teilhabe") < text.index("## Totals")
    daten = text[text.index("## Daten"):text.index("## Zivilgesellschaft")]
    assert daten.index("### in implementation (1)") < daten.index("### planned (2)")
    assert "3 projects · funded €45,000 · applied for €28,000 · ✓ 2 ⚠ 1 ✗ 0" in daten
    assert f"| ⚠ at risk | Digitale Sammlung Online (#{p['collection']}) | Stadtmuseum | Miriam Osterkamp |" in daten
    assert "€45,000 funded (Förderprogramm Digitale Kultur), proof of use due 2026-04-01" in daten
    assert "Fotograf fällt aus" in daten
    assert "Nachweis \\| fehlt" in text  # a pipe in a note does not break the table
    assert "| Daten | 3 | €45,000 | €28,000 | 2 | 1 | 0 |" in text
    assert "| **All** | 4 | €63,500 | €28,000 | 2 | 1 | 1 |" in text


def test_report_in_german(session, p, german):
    text = portfolio_report(session)
    assert "45.000 €" in text
    assert "02.03.2026" in text
    assert "Förderprogramm Digitale Kultur" in text


def test_empty_report(session):
    assert "No projects." in portfolio_report(session)
