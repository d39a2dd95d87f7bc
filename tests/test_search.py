"""Search everything: folding, prefixes, ranking, grouping, every kind, sync, hostile input."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import delete, text

from officer_tui.models.enums import OutcomeKind, RecordKind
from officer_tui.models.portfolio import Idea
from officer_tui.services import (
    contacts,
    followups,
    gdpr,
    ideas,
    meeting_agenda,
    meetings,
    projects,
    requests,
    trainings,
    units,
)
from officer_tui.services.errors import ValidationError
from officer_tui.services.search import MARK, fts_query, plain, search
from tests.conftest import TODAY


@pytest.fixture
def office(session):
    museum = units.create_unit(session, data={"name": "Stadtmuseum", "kind": "museum"}).id
    library = units.create_unit(session, data={"name": "Stadtbibliothek", "kind": "library"}).id
    müller = contacts.create_contact(session, data={
        "name": "Jürgen Müller", "unit_id": museum, "role": "Kustos"}).id
    printer = requests.create_request(session, data={
        "title": "Drucker im Foyer defekt", "unit_id": museum,
        "description": "Seit Montag kein Druck, Papierstau im Kassenbereich."}).id
    street = requests.create_request(session, data={
        "title": "WLAN in der Goethestraße", "unit_id": library,
        "description": "Router an der Straße tauschen"}).id
    body_only = requests.create_request(session, data={
        "title": "Kassensystem langsam", "unit_id": museum,
        "description": "Der Drucker am Kassensystem braucht Minuten."}).id
    idea = ideas.create_idea(session, data={
        "title": "Chatbot für Öffnungszeiten", "description": "Beantwortet Fragen rund um die Uhr"},
        today=TODAY).id
    project = projects.create_project(session, data={
        "title": "Digitale Sammlung online", "owner_unit_id": museum}).id
    meeting = meetings.add_meeting(session, data={
        "title": "Jour fixe Museen", "held_on": TODAY, "place": "Rathaus, Raum 2"}).id
    item = meeting_agenda.add_item(session, meeting_id=meeting, data={"title": "Inventarisierung"}).id
    outcome = meeting_agenda.add_outcome(
        session, item_id=item, kind=OutcomeKind.DECISION, text="Museumsdatenbank wird beschafft").id
    programme = trainings.add_programme(session, data={
        "title": "KI-Grundlagen", "topic": "Künstliche Intelligenz"}).id
    followup = followups.add_followup(session, data={
        "title": "Angebot Scanner nachfassen", "due_on": TODAY + timedelta(days=3)}).id
    return {
        "museum": museum, "library": library, "müller": müller, "printer": printer,
        "street": street, "body_only": body_only, "idea": idea, "project": project,
        "meeting": meeting, "item": item, "outcome": outcome, "programme": programme,
        "followup": followup,
    }


def found(result) -> list[tuple[str, int]]:
    return [(hit.kind, hit.record_id) for hit in result.hits]


@pytest.mark.parametrize("query", ["muller", "MÜLLER", "Müller", "mull", "jurgen mull"])
def test_case_and_umlauts_are_folded(session, office, query):
    assert ("contact", office["müller"]) in found(search(session, query))


@pytest.mark.parametrize("query", ["strasse", "Straße", "goethestr", "GOETHESTRASSE"])
def test_sharp_s_and_ss_find_each_other(session, office, query):
    assert found(search(session, query)) == [("request", office["street"])]


def test_words_are_prefixes_and_all_must_match(session, office):
    assert ("request", office["printer"]) in found(search(session, "druck"))
    assert found(search(session, "druck foyer")) == [("request", office["printer"])]
    assert found(search(session, "drucker minuten")) == [("request", office["body_only"])]
    assert set(found(search(session, "drucker kasse"))) == {  # "Kassenbereich" counts too
        ("request", office["printer"]), ("request", office["body_only"])}
    assert found(search(session, "drucker rathaus")) == []


def test_title_hits_rank_above_body_hits(session, office):
    hits = search(session, "drucker").groups[0].hits
    assert [(h.record_id, h.title) for h in hits] == [
        (office["printer"], "Drucker im Foyer defekt"),
        (office["body_only"], "Kassensystem langsam"),
    ]
    assert hits[0].rank < hits[1].rank
    assert hits[0].marked_title == f"{MARK}Drucker\x03 im Foyer defekt"
    assert plain(hits[1].snippet) == "Der Drucker am Kassensystem braucht Minuten."
    assert f"{MARK}Drucker\x03" in hits[1].snippet


def test_groups_hold_the_best_hits_and_count_all(session, office):
    unit = office["museum"]
    for n in range(12):
        requests.create_request(session, data={"title": f"Beamer {n} flackert", "unit_id": unit})
    ideas.create_idea(session, data={"title": "Beamer ausleihen"}, today=TODAY)
    result = search(session, "beamer", per_group=5)
    assert sorted((g.name, g.total, len(g.hits), g.exact) for g in result.groups) == [
        ("idea", 1, 1, True), ("request", 12, 5, True)]
    assert result.total == 13
    assert sorted(g.label for g in result.groups) == ["Ideas", "Requests"]
    # Groups come in the order of their best hit.
    assert [g.hits[0].rank for g in result.groups] == sorted(g.hits[0].rank for g in result.groups)


def test_every_kind_is_found_and_opens_the_right_record(session, office):
    cases = {
        "foyer": ("request", office["printer"], RecordKind.REQUEST, office["printer"]),
        "chatbot": ("idea", office["idea"], RecordKind.IDEA, office["idea"]),
        "sammlung": ("project", office["project"], RecordKind.PROJECT, office["project"]),
        "rathaus": ("meeting", office["meeting"], RecordKind.MEETING, office["meeting"]),
        "inventar": ("agenda_item", office["item"], RecordKind.MEETING, office["meeting"]),
        "museumsdaten": ("outcome", office["outcome"], RecordKind.MEETING, office["meeting"]),
        "intelligenz": ("programme", office["programme"], RecordKind.TRAINING, office["programme"]),
        "kustos": ("contact", office["müller"], RecordKind.CONTACT, office["müller"]),
        "stadtbibliothek": ("unit", office["library"], None, office["library"]),
        "scanner": ("followup", office["followup"], RecordKind.FOLLOWUP, office["followup"]),
    }
    for query, (kind, record_id, open_kind, open_id) in cases.items():
        hits = [h for h in search(session, query).hits if (h.kind, h.record_id) == (kind, record_id)]
        assert len(hits) == 1, query
        assert (hits[0].open_kind, hits[0].open_id) == (open_kind, open_id), query
    decision = next(h for h in search(session, "museumsdaten").hits if h.kind == "outcome")
    assert decision.title == "Decision: Museumsdatenbank wird beschafft"
    assert decision.group == "meeting" and decision.detail == f"{TODAY.isoformat()} · Jour fixe Museen"
    item = next(h for h in search(session, "inventar").hits if h.kind == "agenda_item")
    assert item.title == "Item: Inventarisierung"
    printer = search(session, "foyer").hits[0]
    assert printer.detail == f"#{office['printer']} · Stadtmuseum · new · {TODAY.isoformat()}"
    assert search(session, "kustos").hits[0].detail == "Kustos · Stadtmuseum"


def test_kinds_restrict_the_search(session, office):
    assert {h.group for h in search(session, "st").hits} == {"request", "contact"}
    assert {h.group for h in search(session, "st", kinds=["contact"]).hits} == {"contact"}
    assert {h.kind for h in search(session, "museum", kinds=["outcome"]).hits} == {"outcome"}
    assert search(session, "museum", kinds=["agenda-item"]).hits == []
    assert {h.kind for h in search(session, "stadt", kinds=["unit"]).hits} == {"unit"}
    with pytest.raises(ValidationError) as refused:
        search(session, "stadt", kinds=["bogus"])
    assert refused.value.field == "kind"


def test_a_number_offers_the_record_with_that_id(session, office):
    for query in (str(office["printer"]), f"#{office['printer']}"):
        result = search(session, query)
        assert result.hits[0].kind == "request" and result.hits[0].record_id == office["printer"]


def test_short_and_empty_queries_find_nothing(session, office):
    for query in ("", " ", "a", "ä", "-", "#"):
        result = search(session, query)
        assert result.too_short and result.groups == ()
    assert not search(session, "ab").too_short


@pytest.mark.parametrize("query", [
    '"', "*", '"drucker', "drucker*", "'; drop table request; --", "NEAR(", "NEAR(a b)",
    "[bold]", "a AND b OR", "title:drucker", "-drucker", "^drucker", "{title}: x", "\x00",
])
def test_hostile_queries_never_raise(session, office, query):
    result = search(session, query)
    assert isinstance(result.groups, tuple)
    assert session.execute(text("select count(*) from request")).scalar_one() == 3


def test_query_words_are_quoted(session):
    assert fts_query(["near", "and"]) == '"near"* AND "and"*'
    assert fts_query(["strasse"]) == '("strasse"* OR "straße"*)'


def test_the_index_follows_changes(session, office):
    requests.update_request(session, request_id=office["printer"], changes={"title": "Plotter klemmt"})
    assert ("request", office["printer"]) not in found(search(session, "foyer"))
    assert found(search(session, "plotter")) == [("request", office["printer"])]
    session.execute(delete(Idea).where(Idea.id == office["idea"]))
    session.commit()
    assert found(search(session, "chatbot")) == []
    meetings.delete_meeting(session, meeting_id=office["meeting"])
    assert found(search(session, "inventar")) == []
    assert found(search(session, "museumsdaten")) == []


def test_an_erased_person_leaves_no_trace(session, office, backend):
    gdpr.erase_person(session, contact_id=office["müller"])
    for query in ("müller", "jurgen", "kustos"):
        assert ("contact", office["müller"]) not in found(search(session, query))
    if backend == "sqlite":
        # The index's pages no longer hold the name (the purge merged them).
        blocks = session.execute(text("select block from search_index_data")).scalars().all()
        data = b"".join(bytes(block) for block in blocks if block is not None)
        assert b"muller" not in data and b"kustos" not in data and b"jurgen" not in data
        return
    # PostgreSQL: no row of the index holds the name, in its text or its document (old row
    # versions are dead tuples, left to vacuum and invisible to every reader).
    rows = session.execute(text(
        "SELECT title || ' ' || body || ' ' || CAST(document AS text) FROM search_index")).scalars()
    every = " ".join(rows).lower()
    assert "contact" in {kind for (kind,) in session.execute(text("SELECT kind FROM search_index"))}
    for trace in ("müller", "muller", "jürgen", "jurgen", "kustos"):
        assert trace not in every, trace


def test_an_erased_person_found_by_other_means_shows_only_the_placeholder(session, office):
    gdpr.erase_person(session, contact_id=office["müller"])
    from officer_tui.services.search_views import describe

    shown = describe(session, "contact", [office["müller"]])[office["müller"]]
    assert (shown.title, shown.detail, shown.erased) == ("erased person", "", True)


def test_the_portable_way_gives_the_same_shape(session, office):
    """Databases without an index of ours: ``LIKE`` over the folded columns."""
    result = search(session, "drucker", dialect="portable")
    assert [(h.kind, h.record_id) for h in result.hits] == [
        ("request", office["printer"]), ("request", office["body_only"])]
    assert result.groups[0].total == 2
    assert found(search(session, "muller", dialect="portable")) == [("contact", office["müller"])]
    assert ("agenda_item", office["item"]) in found(search(session, "inventar", dialect="portable"))


def test_a_broad_query_lists_title_hits_newest_first(session, office, monkeypatch):
    """Beyond RANK_ALL matches nothing is scored one by one; beyond COUNT_ALL counts are bounds."""
    from officer_tui.services import search as search_module

    unit = office["museum"]
    made = [requests.create_request(session, data={"title": f"Beamer {n}", "unit_id": unit}).id
            for n in range(6)]
    in_text = requests.create_request(session, data={
        "title": "Leinwand", "unit_id": unit, "description": "für den Beamer"}).id
    monkeypatch.setattr(search_module, "RANK_ALL", 2)
    result = search(session, "beamer", per_group=4)
    group = result.groups[0]
    assert (group.total, group.exact) == (7, True)
    assert [h.record_id for h in group.hits] == made[::-1][:4]
    assert {h.rank for h in group.hits} == {search_module.TITLE_HIT}
    result = search(session, "beamer", per_group=10)
    assert result.groups[0].hits[-1].record_id == in_text
    assert result.groups[0].hits[-1].rank == search_module.BODY_HIT
    monkeypatch.setattr(search_module, "COUNT_ALL", 3)
    group = search(session, "beamer", per_group=4).groups[0]
    assert not group.exact and 4 <= group.total <= 7


def test_each_kind_keeps_its_rows_in_its_own_range_of_the_index(session, office):
    """Triggers write ``code * KIND_SPAN + id``: a search within one kind seeks to its range."""
    from officer_tui.db.search_index import SOURCES, split_row_id

    codes = {source.kind: source.code for source in SOURCES}
    rows = session.execute(text("SELECT rowid, kind, record_id FROM search_index")).all()
    assert {kind for _rowid, kind, _id in rows} >= {"request", "contact", "unit"}
    for rowid, kind, record_id in rows:
        assert split_row_id(rowid) == (codes[kind], record_id)
