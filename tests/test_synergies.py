"""Synergy candidates: different units only, linked and dismissed pairs gone, confirm links."""

from __future__ import annotations

import random

import pytest

from officer_tui.models.enums import LinkKind
from officer_tui.services import projects, synergies
from tests.conftest import TODAY
from tests.portfolio_fixtures import make_portfolio


@pytest.fixture
def p(session):
    return make_portfolio(session)


def pairs(session) -> set[tuple[int, int]]:
    return {(c.a_id, c.b_id) for c in synergies.candidates(session)}


def test_candidates_pair_different_units_with_a_reason(session, p):
    found = synergies.candidates(session)
    assert found, "the museum and the archive share field, goal and words"
    best = found[0]
    assert {best.a_id, best.b_id} == {p["collection"], p["photos"]}
    assert best.same_field == "Daten"
    assert best.shared_goals == ("L3",)
    assert "sammlung" in best.words and "digitalisierung" in best.words
    assert "Daten" in best.reason() and "1 shared goal" in best.reason()
    # "Sammlung Inventar" belongs to the museum too: never paired with the museum's project.
    assert (min(p["collection"], p["twin"]), max(p["collection"], p["twin"])) not in pairs(session)
    for candidate in found:
        assert candidate.a_unit != candidate.b_unit


def test_dismissed_pairs_do_not_come_back(session, p):
    pair = (p["collection"], p["photos"])
    synergies.dismiss(session, project_a_id=p["photos"], project_b_id=p["collection"])
    synergies.dismiss(session, project_a_id=p["photos"], project_b_id=p["collection"])  # twice is fine
    assert pair not in pairs(session)


def test_confirmed_pairs_become_synergy_links(session, p):
    synergies.confirm(session, project_a_id=p["collection"], project_b_id=p["photos"], note="Gleiche Ausschreibung")
    assert (p["collection"], p["photos"]) not in pairs(session)
    links = projects.project_detail(session, p["photos"]).links
    assert [(link.kind, link.other_id, link.note) for link in links] == [
        (LinkKind.SYNERGY, p["collection"], "Gleiche Ausschreibung")]


def test_stop_words_and_short_words_do_not_count():
    assert synergies.key_words("digitale sammlung der stadt und 2026 wlan") == {"sammlung"}


def test_candidates_at_scale_are_bounded(session):
    """5,000 projects: the candidate list stays a short, ranked list (its speed is measured in
    bench/, not here: a timed unit test fails on a busy machine)."""
    from officer_tui.services import demo_projects, units

    for name in ("Stadtmuseum", "Stadtarchiv", "Stadtbibliothek", "Musikschule"):
        units.create_unit(session, data={"name": name})
    demo_projects.scale_projects(session, count_requests=100_000, today=TODAY, rng=random.Random(1))
    session.commit()
    assert projects.count_projects(session) == 5000
    found = synergies.candidates(session)
    assert len(found) == 50
