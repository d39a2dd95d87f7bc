"""Search on PostgreSQL: the tsvector index (German and English stems, prefixes, folding),
its triggers and its migration; and the promises both databases keep alike.

Tests that ask for ``postgresql_only`` are about PostgreSQL's own index (stems, the SQL fold)
and are skipped, saying so, on SQLite.
"""

from __future__ import annotations

import random
import unicodedata

import pytest
from sqlalchemy import delete, text

from officer_tui.db.search_index import _FOLD_RANGES, SOURCES
from officer_tui.models.request import Request
from officer_tui.services import contacts, ideas, projects, requests, units
from officer_tui.services.database import open_database
from officer_tui.services.search import MARK, plain, search
from officer_tui.services.search_views import END, words_of
from officer_tui.text import fold
from tests.conftest import TODAY


@pytest.fixture
def postgresql_only(backend):
    if backend != "postgresql":
        pytest.skip("PostgreSQL's own search (stems, folding in SQL)")


@pytest.fixture
def museum(session) -> int:
    return units.create_unit(session, data={"name": "Stadtmuseum", "kind": "museum"}).id


def request(session, unit: int, title: str, description: str = "") -> int:
    return requests.create_request(
        session, data={"title": title, "unit_id": unit, "description": description}).id


def found(session, query: str, **options) -> list[tuple[str, int]]:
    return [(hit.kind, hit.record_id) for hit in search(session, query, **options).hits]


def marked(text_: str) -> list[str]:
    """The words a title or snippet marks."""
    return [part.split(END)[0] for part in text_.split(MARK)[1:]]


# --- PostgreSQL's own: stems and the SQL fold ---------------------------------------------------


def test_german_stems_find_other_forms_of_a_word(postgresql_only, session, museum):
    printer = request(session, museum, "Drucker im Foyer defekt")
    bills = request(session, museum, "Kasse", "Die Rechnung vom März fehlt.")
    forms = request(session, museum, "Formulare", "Alle Anträge liegen im Sekretariat.")
    assert found(session, "Druckern") == [("request", printer)]
    assert found(session, "rechnungen") == [("request", bills)]
    assert found(session, "Anträgen sekretariat") == [("request", forms)]
    # What the stem found is marked, in the title and in the snippet.
    assert marked(search(session, "druckern").hits[0].marked_title) == ["Drucker"]
    hit = search(session, "anträgen").hits[0]
    assert plain(hit.snippet) == "Alle Anträge liegen im Sekretariat."
    assert marked(hit.snippet) == ["Anträge"]


def test_english_stems_find_other_forms_of_a_word(postgresql_only, session, museum):
    library = units.create_unit(session, data={"name": "City library"}).id
    printers = request(session, museum, "Printer queue stuck", "Two printers in the library.")
    assert ("unit", library) in found(session, "libraries")
    assert found(session, "printers queues") == [("request", printers)]
    hit = search(session, "libraries", kinds=["request"]).hits[0]
    assert marked(hit.snippet) == ["library"]


def test_the_sql_fold_splits_and_folds_as_the_query_does(postgresql_only, session):
    """``search_fold`` (the index's side) and ``words_of`` (the query's side) agree on every
    character they know: letters of Latin, Greek and Cyrillic, marks, punctuation."""
    rng = random.Random(10)
    alphabet = [chr(code) for low, high in _FOLD_RANGES for code in range(low, high + 1)
                if unicodedata.category(chr(code)) != "Cn"  # assigned characters
                and code not in (0x345, 0x37A)]  # Greek iota subscript: casefold's own rule
    samples = ["Jürgen MÜLLER-Lüdenscheidt, Straße 5; max@museum.de", "ẞ ĲSSEL Ǆemal …x‥y",
               "Ελληνικά Αθήναι Кириллица Йод", "50% a_b c:d e/f 3.5 #12"]
    samples += ["".join(rng.choice(alphabet + [" "] * 40) for _ in range(60)) for _ in range(200)]
    folded = session.execute(
        text("SELECT search_fold(s) FROM unnest(CAST(:samples AS text[])) WITH ORDINALITY "
             "AS t(s, n) ORDER BY n"), {"samples": samples}).scalars().all()
    # ``fold`` is not idempotent for a few compatibility characters (``₨`` -> ``Rs``, lunate
    # sigma -> final sigma): the SQL side gives what folding twice gives.
    for sample, result in zip(samples, folded, strict=True):
        assert result.split() == [fold(word).lower() for word in words_of(sample)], sample


def test_query_text_is_never_tsquery_syntax(postgresql_only, session, museum):
    request(session, museum, "Drucker defekt")
    for query in ["drucker & !defekt", "drucker:*A", "' | x", "\\'", "drucker <-> defekt", "(((",
                  "drucker:D", "!!"]:
        result = search(session, query)
        assert isinstance(result.groups, tuple), query
    assert found(session, "drucker:D") == found(session, "drucker d")


# --- both databases: folding, prefixes, ranking, triggers ----------------------------------------


def test_prefixes_find_as_you_type(session, museum):
    printer = request(session, museum, "Multifunktionsdrucker im Foyer")
    for typed in ["mu", "mul", "multif", "multifunktionsdrucker", "MULTIFUNKTIONSDRUCKER", "foy"]:
        assert ("request", printer) in found(session, typed), typed
    assert found(session, "drucker") == []  # a word is found by its start, not its middle


def test_umlauts_and_sharp_s_fold_both_ways(session, museum):
    fest = request(session, museum, "Straßenfest im Sommer")
    tram = request(session, museum, "Strassenbahn-Haltestelle")
    müller = contacts.create_contact(session, data={"name": "Jürgen Müller", "unit_id": museum}).id
    muller = contacts.create_contact(session, data={"name": "Anne Muller", "unit_id": museum}).id
    for query in ["straße", "STRASSE", "strasse", "Straßen"]:
        assert set(found(session, query, kinds=["request"])) == {
            ("request", fest), ("request", tram)}, query
    for query in ["müller", "muller", "MÜLLER", "Muller"]:
        assert set(found(session, query, kinds=["contact"])) == {
            ("contact", müller), ("contact", muller)}, query
    assert found(session, "jurgen") == [("contact", müller)]


def test_a_title_match_ranks_above_text_matches(session, museum):
    body = request(session, museum, "Kassensystem",
                   "Beamer, Beamer und noch ein Beamer: alle Beamer im Haus sind alt.")
    title = request(session, museum, "Beamer im Saal", "flackert")
    hits = search(session, "beamer").groups[0].hits
    assert [hit.record_id for hit in hits] == [title, body]
    assert hits[0].rank < hits[1].rank
    assert marked(hits[1].snippet)[:2] == ["Beamer", "Beamer"]


def test_the_index_follows_every_write(session, museum):
    printer = request(session, museum, "Drucker im Foyer")
    idea = ideas.create_idea(session, data={"title": "Chatbot"}, today=TODAY).id
    project = projects.create_project(
        session, data={"title": "Sammlung online", "owner_unit_id": museum}).id
    requests.update_request(session, request_id=printer, changes={"description": "Toner leer"})
    assert found(session, "toner") == [("request", printer)]
    requests.update_request(session, request_id=printer, changes={"title": "Plotter"})
    assert found(session, "foyer") == [] and found(session, "plotter toner") == [("request", printer)]
    ideas.update_idea(session, idea_id=idea, changes={"description": "beantwortet Fragen"})
    assert found(session, "fragen") == [("idea", idea)]
    projects.update_project(session, project_id=project, changes={"funding_programme": "EFRE"})
    assert found(session, "efre") == [("project", project)]
    units.update_unit(session, unit_id=museum, changes={"name": "Kunstmuseum"})
    assert ("unit", museum) in found(session, "kunstmuseum")
    assert found(session, "stadtmuseum") == []
    session.execute(delete(Request).where(Request.id == printer))
    session.commit()
    assert found(session, "plotter") == []
    # One index row per record, no more, no fewer.
    for source in SOURCES:
        rows = session.execute(text(f"SELECT count(*) FROM {source.table}")).scalar_one()
        indexed = session.execute(text("SELECT count(*) FROM search_index WHERE kind = :kind"),
                                  {"kind": source.kind}).scalar_one()
        assert indexed == rows, source.kind


def test_an_older_database_gets_its_index_filled_by_the_upgrade(db_url, backend):
    """0006 -> 0007: on PostgreSQL the index is built from the rows already there; on SQLite
    it has been there since 0004. Either way search finds the old rows, and new ones."""
    from alembic import command

    from officer_tui.db.engine import make_engine
    from officer_tui.db.migrate import _alembic_config

    old = make_engine(db_url)
    with old.begin() as connection:
        command.upgrade(_alembic_config(connection), "0006")
    old.dispose()
    database = open_database(db_url, migrate=False)
    try:
        with database.session() as session:
            unit = units.create_unit(session, data={"name": "Stadtbibliothek"}).id
            printer = request(session, unit, "Drucker im Lesesaal", "Papierstau seit Montag")
            if backend == "postgresql":
                assert not session.execute(text(
                    "SELECT to_regclass('search_index') IS NOT NULL")).scalar_one()
    finally:
        database.close()
    database = open_database(db_url)
    try:
        assert database.schema.current == "0007"
        with database.session() as session:
            assert found(session, "papierstau") == [("request", printer)]
            assert ("unit", unit) in found(session, "stadtbib")
            hit = search(session, "lesesaal").hits[0]
            assert plain(hit.marked_title) == "Drucker im Lesesaal"
            newer = request(session, unit, "Scanner klemmt")
            assert found(session, "scanner") == [("request", newer)]
    finally:
        database.close()


def test_the_longest_texts_are_saved_and_found(session, museum):
    """Free text may hold 100,000 characters per field: the index takes it (on PostgreSQL a
    tsvector holds at most 1 MB; the document reads the first ``BODY_LIMIT`` characters)."""
    rng = random.Random(7)
    words = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(9))
             for _ in range(12_000)]
    description = " ".join(["Kernwort", *words])[:100_000]
    record = request(session, museum, "Langer Text", description)
    requests.update_request(session, request_id=record, changes={"resolution": description})
    assert found(session, "kernwort") == [("request", record)]
    assert found(session, words[5000]) == [("request", record)]
