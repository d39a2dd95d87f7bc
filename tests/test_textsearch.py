"""The trigram index answers exactly as matching row by row would, and stays in sync."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlmodel import delete

from officer_tui.models.request import Request
from officer_tui.models.views import RequestFilter
from officer_tui.services import requests, units
from officer_tui.text import fold
from tests.conftest import TODAY

WORDS = ["Drucker", "WLAN", "Zugang", "Straße", "Müller", "50%", "a_b", 'Zitat "x"', "ab", "Ölheizung"]


def ids_for(session, text: str) -> set[int]:
    return set(requests.ordered_ids(session, filters=RequestFilter(text=text, statuses=None)))


def expected(titles: dict[int, str], text: str) -> set[int]:
    words = fold(text).split()
    return {rid for rid, title in titles.items() if all(word in fold(title) for word in words)}


def test_index_and_row_matching_agree(session):
    rng = random.Random(3)
    unit = units.create_unit(session, data={"name": "Stadtarchiv"})
    titles: dict[int, str] = {}
    for number in range(120):
        title = " ".join(rng.sample(WORDS, 3)) + f" {number}"
        request = requests.create_request(
            session, data={"title": title, "unit_id": unit.id, "received_on": TODAY - timedelta(days=1)}
        )
        titles[request.id] = title
    for query in ["drucker", "DRUCKER wlan", "strasse", "muller", "50%", "a_b", '"x"', "zitat", "ab",
                  "olheiz", "zug", "nichts-da", "ölheizung straße"]:
        assert ids_for(session, query) == expected(titles, query), query


def test_the_index_follows_edits_and_deletes(session):
    unit = units.create_unit(session, data={"name": "Musikschule"})
    first = requests.create_request(session, data={"title": "Beamer defekt", "unit_id": unit.id})
    second = requests.create_request(session, data={"title": "Noten scannen", "unit_id": unit.id})
    assert ids_for(session, "beamer") == {first.id}
    requests.update_request(session, request_id=first.id, changes={"title": "Leinwand klemmt"})
    assert ids_for(session, "beamer") == set()
    assert ids_for(session, "leinwand") == {first.id}
    session.exec(delete(Request).where(Request.id == second.id))
    session.commit()
    assert ids_for(session, "noten") == set()
    assert ids_for(session, "leinwand") == {first.id}
