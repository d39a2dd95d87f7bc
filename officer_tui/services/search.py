"""Search everything: one query over requests, ideas, projects, meetings (with their agenda
items and outcomes), training programmes, contacts, units and follow-ups.

The query is folded (case, umlauts, ``ß`` as ``ss``) and split into words as the index splits
text (letters and digits); every word is a prefix (``druck`` finds ``Drucker``) and all words
must match. Words are quoted, so nothing typed is read as search syntax. A word with ``ss``
also matches the ``ß`` spelling (SQLite's index keeps ``ß``; PostgreSQL's folds it). Fewer than two letters in all find
nothing (``too_short``). A number (``123`` or ``#123``) also offers request, idea and project
number 123.

On PostgreSQL a word also finds its German and English stems (``Druckern`` finds
``Drucker``, ``libraries`` finds ``library``), and such words are marked in titles and
snippets too.

Results come grouped by type; each group holds its best ``per_group`` hits and how many
matched in all. The index ``search_index`` answers (see db/search_index.py): FTS5 on SQLite,
a ``tsvector`` table on PostgreSQL, alike:

- per type (a range of row ids in the index), up to ``RANK_ALL`` matches are ranked (bm25 on
  SQLite, ``ts_rank`` on PostgreSQL) with the title ten times the body;
- a broader query (a two-letter prefix can match a third of the database) is not scored
  match by match (that would take half a second): per type, the newest records whose title
  matches come first, then the newest whose other text matches. Counting is exact up to
  ``COUNT_ALL`` matches; beyond, a type's count may be a lower bound (``Group.exact``).

Other databases search the folded text columns with ``LIKE`` (title matches first, then
newest first), without snippets. ``_candidates`` is the one place that chooses.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select, text
from sqlmodel import Session

from officer_tui.db.search_index import (
    KIND_SPAN,
    SOURCES,
    TABLE,
    TITLE_LABEL,
    kind_range,
    row_id,
    split_row_id,
)
from officer_tui.db.textsearch import text_contains
from officer_tui.i18n import N_, _
from officer_tui.models.enums import RecordKind
from officer_tui.models.meeting import AgendaItem, Meeting, Outcome
from officer_tui.models.org import Contact, OrgUnit
from officer_tui.models.portfolio import FollowUp, Idea, Project
from officer_tui.models.request import Request
from officer_tui.models.training import TrainingProgramme
from officer_tui.services._common import clean
from officer_tui.services.errors import ValidationError
from officer_tui.services.search_views import END, MARK, describe, mark, plain, snippet, words_of

__all__ = ["END", "MARK", "plain", "search", "SearchResult", "Group", "Hit"]

RANK_ALL = 500  # a type with up to this many matches has them all ranked by bm25
COUNT_ALL = 10000  # up to this many, every type's count is exact
MIN_LETTERS = 2
TITLE_WEIGHT, BODY_WEIGHT = 10.0, 1.0
TITLE_HIT, BODY_HIT = -2.0, -1.0  # the rank of a broad query's hits (lower is better)
NUMBER_HIT = -1e6  # the record a number names comes first

# (group, label, the index kinds it gathers), in the order of the tie-break.
GROUPS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("request", N_("Requests"), ("request",)),
    ("idea", N_("Ideas"), ("idea",)),
    ("project", N_("Projects"), ("project",)),
    ("meeting", N_("Meetings"), ("meeting", "agenda_item", "outcome")),
    ("training", N_("Training programmes"), ("programme",)),
    ("contact", N_("Contacts and units"), ("contact", "unit")),
    ("followup", N_("Follow-ups"), ("followup",)),
)
GROUP_OF = {kind: group for group, _label, kinds in GROUPS for kind in kinds}
LABELS = {group: label for group, label, _kinds in GROUPS}
KIND_NAMES = tuple(group for group, _label, _kinds in GROUPS) + ("agenda_item", "outcome", "unit")

CODES = {source.kind: source.code for source in SOURCES}
KIND_OF_CODE = {source.code: source.kind for source in SOURCES}
MODELS = {
    "request": Request, "idea": Idea, "project": Project, "meeting": Meeting,
    "agenda_item": AgendaItem, "outcome": Outcome, "programme": TrainingProgramme,
    "contact": Contact, "unit": OrgUnit, "followup": FollowUp,
}
# Records a number may name, and how.
NUMBERED = (("request", Request), ("idea", Idea), ("project", Project))
_NUMBER = re.compile(r"#?\s*(\d{1,9})")


@dataclass(frozen=True)
class Hit:
    kind: str  # the index kind: request, agenda_item, outcome, unit ...
    record_id: int  # its id in its own table
    group: str
    open_kind: RecordKind | None  # what ``ui.open_record`` opens; None for a unit
    open_id: int  # the record to open (an agenda item's or outcome's meeting)
    title: str
    detail: str
    snippet: str  # the other text around the first match, matches marked (MARK ... END)
    marked_title: str  # the title with its matches marked
    rank: float  # lower is better


@dataclass(frozen=True)
class Group:
    name: str  # request, idea, project, meeting, training, contact, followup
    total: int  # how many records of this type match
    hits: tuple[Hit, ...]
    exact: bool = True  # False: ``total`` is a lower bound (a very broad query)

    @property
    def label(self) -> str:
        return _(LABELS[self.name])


@dataclass(frozen=True)
class SearchResult:
    query: str
    groups: tuple[Group, ...] = ()
    too_short: bool = False  # fewer than two letters: nothing was searched
    words: tuple[str, ...] = field(default=())

    @property
    def hits(self) -> list[Hit]:
        """All shown hits, group by group."""
        return [hit for group in self.groups for hit in group.hits]

    @property
    def total(self) -> int:
        return sum(group.total for group in self.groups)


def kinds_from(names: Iterable[str] | None) -> set[str]:
    """The index kinds that the groups or kinds ``names`` cover; all for None."""
    if names is None:
        return set(GROUP_OF)
    found: set[str] = set()
    for name in names:
        key = name.strip().lower().replace("-", "_")
        groups = {group: kinds for group, _label, kinds in GROUPS}
        if key in groups:
            found.update(groups[key])
        elif key in GROUP_OF:
            found.add(key)
        else:
            raise ValidationError(
                "kind", _("{text!r} is not one of: {options}").format(
                    text=name, options=", ".join(k.replace("_", "-") for k in KIND_NAMES))
            )
    return found


def _quoted(word: str) -> str:
    return '"' + word.replace('"', '""') + '"*'


def fts_query(words: Sequence[str]) -> str:
    """The FTS5 expression: every word a quoted prefix, ``ss`` also as ``ß``, all AND-ed."""
    terms = []
    for word in words:
        spellings = dict.fromkeys([word, word.replace("ss", "ß")])
        if len(spellings) == 1:
            terms.append(_quoted(word))
        else:
            terms.append("(" + " OR ".join(_quoted(w) for w in spellings) + ")")
    return " AND ".join(terms)


def search_words(query: str) -> list[str]:
    """The words searched for; one-letter words only when there is nothing longer."""
    words = words_of(query)
    longer = [word for word in words if len(word) > 1]
    return longer or words


# --- candidates: per index kind, (total, exact, [(id, rank)]) -------------------------------

Candidates = dict[str, tuple[int, bool, list[tuple[int, float]]]]


Run = Callable[[str, dict[str, Any]], Any]  # (SQL with :names, parameters) -> result


def _newest(run: Run, newest: str, bounds: dict[str, Any], title_query: str,
            per_group: int) -> list[tuple[int, float]]:
    """A broad query's hits in one kind: its newest title matches, then its newest others."""
    hits: list[tuple[int, float]] = []
    for matching, rank in ((title_query, TITLE_HIT), (bounds["q"], BODY_HIT)):
        if len(hits) >= per_group:
            break
        seen = {record_id for record_id, _rank in hits}
        rows = run(newest, {**bounds, "q": matching, "n": per_group})
        hits.extend((split_row_id(rowid)[1], rank) for (rowid,) in rows
                    if split_row_id(rowid)[1] not in seen)
    return hits[:per_group]


_IN_RANGE = "rowid BETWEEN :lo AND :hi"  # one kind's rows
SQLITE_COUNT = (f"SELECT count(*) FROM (SELECT rowid FROM {TABLE} "
                f"WHERE {TABLE} MATCH :q AND {_IN_RANGE} LIMIT :n)")
SQLITE_RANKED = (
    f"SELECT rowid, bm25({TABLE}, {TITLE_WEIGHT}, {BODY_WEIGHT}) AS score FROM {TABLE} "
    f"WHERE {TABLE} MATCH :q AND {_IN_RANGE} ORDER BY score, rowid DESC LIMIT :n"
)
SQLITE_NEWEST = (f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH :q AND {_IN_RANGE} "
                 "ORDER BY rowid DESC LIMIT :n")


def _fts(session: Session, words: Sequence[str], kinds: set[str], per_group: int) -> Candidates:
    """SQLite: per kind (each a range of row ids in the index), how many match, and the best
    hits. A kind with up to ``RANK_ALL`` matches ranks them all by bm25; a kind with more (a
    two-letter prefix can match a third of the requests) shows its newest title matches, then
    its newest other matches, and counts up to ``COUNT_ALL``."""
    expression = fts_query(words)
    # Plain SQL straight to the driver: some 20 small queries, none worth compiling.
    run = session.connection().exec_driver_sql
    found: Candidates = {}
    for kind in sorted(kinds):
        lo, hi = kind_range(CODES[kind])
        bounds = {"q": expression, "lo": lo, "hi": hi}
        total = run(SQLITE_COUNT, {**bounds, "n": COUNT_ALL + 1}).scalar_one()
        if not total:
            continue
        if total <= RANK_ALL:
            rows = run(SQLITE_RANKED, {**bounds, "n": per_group}).all()
            found[kind] = (total, True, [(split_row_id(rowid)[1], rank) for rowid, rank in rows])
        else:
            hits = _newest(run, SQLITE_NEWEST, bounds, f"title : ({expression})", per_group)
            found[kind] = (min(total, COUNT_ALL), total <= COUNT_ALL, hits)
    return found


# --- PostgreSQL: tsquery ----------------------------------------------------------------------

STEMMED = ("german", "english")


def _lexeme(word: str, suffix: str = "") -> str:
    """``word`` as one quoted tsquery lexeme: whatever it holds, never read as query syntax."""
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'" + suffix


def pg_query(words: Sequence[str], *, title_only: bool = False, prefix: str = "w"
             ) -> tuple[str, dict[str, str]]:
    """The SQL of the tsquery and its parameters: per word, the prefix (``simple``) or its
    German or English stem; all words AND-ed. ``title_only``: matches in the title only."""
    label = TITLE_LABEL if title_only else ""
    terms, params = [], {}
    for number, word in enumerate(words):
        whole, start = f"{prefix}{number}", f"{prefix}{number}p"
        params[start] = _lexeme(word, f":*{label}")
        params[whole] = _lexeme(word, f":{label}" if label else "")
        stems = [f"to_tsquery('pg_catalog.{config}', :{whole})" for config in STEMMED]
        terms.append(f"(to_tsquery('pg_catalog.simple', :{start}) || {' || '.join(stems)})")
    return " && ".join(terms), params


_MATCH = "document @@ CAST(:q AS tsquery)"
# ts_rank's weights are {D, C, B, A}: the other text (B) and the title (A); lower is better.
_SCORE = (f"-ts_rank(CAST('{{0, 0, {BODY_WEIGHT / TITLE_WEIGHT}, 1}}' AS real[]), document, "
          "CAST(:q AS tsquery))")
POSTGRES_NEWEST = (f"SELECT rowid FROM {TABLE} WHERE {_MATCH} AND {_IN_RANGE} "
                   "ORDER BY rowid DESC LIMIT :n")


def _of_kinds(codes: Sequence[int]) -> tuple[str, dict[str, int]]:
    """The condition "the row is of one of these kinds", as ranges of row ids (so that
    PostgreSQL combines the primary key with the GIN index), and its parameters."""
    ranges, params = [], {}
    for code in codes:
        params[f"lo{code}"], params[f"hi{code}"] = kind_range(code)
        ranges.append(f"rowid BETWEEN :lo{code} AND :hi{code}")
    return "(" + " OR ".join(ranges) + ")", params


def _pg_counts(run: Run, query: str, codes: Sequence[int]) -> dict[int, int]:
    """How many rows of each kind match: one pass over the matches."""
    kinds, params = _of_kinds(codes)
    if len(codes) == len(SOURCES):
        kinds, params = "true", {}  # every kind: no need to look at the row ids
    return dict(run(f"SELECT rowid / {KIND_SPAN} AS code, count(*) FROM {TABLE} "
                    f"WHERE {_MATCH} AND {kinds} GROUP BY 1", {"q": query, **params}).all())


def _pg_ranked(run: Run, query: str, codes: Sequence[int], per_group: int
               ) -> list[tuple[int, float]]:
    """(row id, rank) of the best ``per_group`` matches of each kind, best first: one query."""
    kinds, params = _of_kinds(codes)
    rows = run(
        "SELECT rowid, score FROM (SELECT rowid, score, row_number() OVER "
        f"(PARTITION BY rowid / {KIND_SPAN} ORDER BY score, rowid DESC) AS place FROM "
        f"(SELECT rowid, {_SCORE} AS score FROM {TABLE} WHERE {_MATCH} AND {kinds}) AS matches"
        ") AS ranked WHERE place <= :n", {"q": query, "n": per_group, **params},
    ).all()
    return sorted(((rowid, score) for rowid, score in rows), key=lambda row: (row[1], -row[0]))


def _pg_fts(session: Session, words: Sequence[str], kinds: set[str], per_group: int) -> Candidates:
    """PostgreSQL: as on SQLite (``_fts``), with ``ts_rank`` for bm25; all counts come in one
    query, and the ranked kinds' hits in another."""
    every, params = pg_query(words)
    title, title_params = pg_query(words, title_only=True, prefix="t")

    def run(sql: str, values: dict[str, Any]) -> Any:
        return session.execute(text(sql), values)

    # The tsqueries are built once, then passed to the other queries as constants.
    query, title_query = run(f"SELECT CAST({every} AS text), CAST({title} AS text)",
                             {**params, **title_params}).one()
    if not query:
        return {}
    counts = _pg_counts(run, query, sorted(CODES[kind] for kind in kinds))
    found: Candidates = {}
    ranked = sorted(code for code, total in counts.items() if total <= RANK_ALL)
    if ranked:
        for rowid, rank in _pg_ranked(run, query, ranked, per_group):
            code, record_id = split_row_id(rowid)
            found.setdefault(KIND_OF_CODE[code], (counts[code], True, []))[2].append(
                (record_id, rank))
    for code in sorted(set(counts) - set(ranked)):
        total = counts[code]
        lo, hi = kind_range(code)
        hits = _newest(run, POSTGRES_NEWEST, {"q": query, "lo": lo, "hi": hi}, title_query,
                       per_group)
        found[KIND_OF_CODE[code]] = (min(total, COUNT_ALL), total <= COUNT_ALL, hits)
    return found


def stemmed_matches(session: Session, words: Sequence[str], texts: Iterable[str]) -> frozenset[str]:
    """PostgreSQL: the folded words of ``texts`` that match ``words`` only by their German or
    English stem (``druckern`` for ``Drucker``), so that they can be marked too."""
    tokens = {token for body in texts for token in words_of(body)
              if not any(token.startswith(word) for word in words)}
    if not tokens:
        return frozenset()
    stems = " || ".join(f"ts_lexize('pg_catalog.{config}_stem', {{w}})" for config in STEMMED)
    rows = session.execute(text(
        f"SELECT t FROM unnest(CAST(:tokens AS text[])) AS t "
        f"WHERE ({stems.format(w='t')} || ARRAY[t]) && (SELECT array_agg(s) FROM "
        f"unnest(CAST(:words AS text[])) AS w, unnest({stems.format(w='w')}) AS s)"
    ), {"tokens": sorted(tokens), "words": list(words)})
    return frozenset(rows.scalars())


def _like(session: Session, words: Sequence[str], kinds: set[str], per_group: int) -> Candidates:
    """Other databases: the folded text columns contain every word (newest first)."""
    columns = {
        "request": Request.search_text, "idea": Idea.search_text, "project": Project.search_text,
        "meeting": Meeting.search_text, "outcome": Outcome.search_text,
        "programme": TrainingProgramme.search_text, "contact": Contact.name_folded,
        "unit": OrgUnit.name_folded, "agenda_item": func.lower(AgendaItem.title),
        "followup": func.lower(FollowUp.title),
    }
    found: Candidates = {}
    for kind in kinds:
        model, condition = MODELS[kind], text_contains(columns[kind], list(words))
        total = session.execute(select(func.count()).select_from(model).where(condition)).scalar_one()
        if total:
            ids = session.execute(
                select(model.id).where(condition).order_by(model.id.desc()).limit(per_group)
            ).scalars()
            found[kind] = (total, True, [(rid, BODY_HIT) for rid in ids])
    return found


INDEXED = {"sqlite": _fts, "postgresql": _pg_fts}


def _candidates(session: Session, words: Sequence[str], kinds: set[str], per_group: int,
                *, dialect: str | None = None) -> Candidates:
    """The one switch: the index (SQLite's FTS5, PostgreSQL's tsvector) or ``LIKE``."""
    dialect = dialect or session.get_bind().dialect.name
    return INDEXED.get(dialect, _like)(session, words, kinds, per_group)


def _numbered(session: Session, query: str, kinds: set[str]) -> list[tuple[str, int]]:
    """Request, idea and project ``123`` for the query ``123`` or ``#123``."""
    number = _NUMBER.fullmatch(query.strip())
    if number is None:
        return []
    record_id = int(number.group(1))
    return [(kind, record_id) for kind, model in NUMBERED
            if kind in kinds and session.get(model, record_id) is not None]


def _bodies(
    session: Session, keys: Sequence[tuple[str, int]], dialect: str
) -> dict[tuple[str, int], str]:
    """The indexed other text of the shown hits (from the index; without one, no snippets)."""
    if not keys or dialect not in INDEXED:
        return {}
    rowids = ",".join(str(row_id(CODES[kind], record_id)) for kind, record_id in keys)
    rows = session.execute(text(f"SELECT rowid, body FROM {TABLE} WHERE rowid IN ({rowids})"))
    bodies = {}
    for rowid, body in rows:
        code, record_id = split_row_id(rowid)
        bodies[(KIND_OF_CODE[code], record_id)] = body or ""
    return bodies


def _hits(session: Session, found: Candidates, words: Sequence[str], dialect: str
          ) -> tuple[dict[str, list[Hit]], dict[str, tuple[int, bool]]]:
    """The candidates as shown (titles, details, marked snippets), per group; and per group
    how many matched and whether that count is exact."""
    keys = [(kind, rid) for kind, (_n, _e, hits) in found.items() for rid, _r in hits]
    bodies = _bodies(session, keys, dialect)
    shown = {kind: describe(session, kind, [rid for rid, _rank in hits])
             for kind, (_n, _e, hits) in found.items()}
    also: frozenset[str] = frozenset()  # words found by their stems
    if dialect == "postgresql" and keys:
        titles = [view.title for views in shown.values() for view in views.values()]
        also = stemmed_matches(session, words, [*titles, *bodies.values()])
    per_group_hits: dict[str, list[Hit]] = {}
    totals: dict[str, tuple[int, bool]] = {}
    for kind, (total, exact, hits) in found.items():
        group = GROUP_OF[kind]
        n, all_exact = totals.get(group, (0, True))
        totals[group] = (n + total, all_exact and exact)
        for rid, rank in hits:
            view = shown[kind].get(rid)
            if view is None:  # gone since the index was read
                continue
            title = view.title if view.erased else mark(view.title, words, also)
            if dialect not in INDEXED and rank == BODY_HIT and title != view.title:
                rank = TITLE_HIT  # the portable way: title matches first
            body = "" if view.erased else snippet(bodies.get((kind, rid), ""), words, also)
            per_group_hits.setdefault(group, []).append(Hit(
                kind=kind, record_id=rid, group=group, open_kind=view.open_kind,
                open_id=view.open_id, title=view.title, detail=view.detail, snippet=body,
                marked_title=title, rank=rank,
            ))
    return per_group_hits, totals


def search(
    session: Session, query: str, *, kinds: Iterable[str] | None = None, per_group: int = 8,
    dialect: str | None = None,
) -> SearchResult:
    """Find ``query`` in every kind of record (or in ``kinds``: group or index kind names).

    ``dialect`` forces a way: ``sqlite`` (FTS5), ``postgresql`` (tsvector), anything else
    the portable ``LIKE``.
    """
    wanted = kinds_from(kinds)
    query = clean(query, "query")  # no control characters; lone surrogates refused
    words = search_words(query)
    numbered = _numbered(session, query, wanted)
    short = sum(len(word) for word in words) < MIN_LETTERS
    if short and not numbered:
        return SearchResult(query=query, too_short=True)
    per_group = max(1, per_group)
    dialect = dialect or session.get_bind().dialect.name
    found = {} if short else _candidates(session, words, wanted, per_group, dialect=dialect)
    for kind, record_id in numbered:
        total, exact, hits = found.get(kind, (0, True, []))
        rest = [hit for hit in hits if hit[0] != record_id]
        if len(rest) == len(hits):
            total += 1
        found[kind] = (total, exact, [(record_id, NUMBER_HIT), *rest][:per_group])
    per_group_hits, totals = _hits(session, found, words, dialect)
    order = [group for group, _label, _kinds in GROUPS]
    groups = []
    for group, hits in per_group_hits.items():
        hits.sort(key=lambda hit: (hit.rank, -hit.record_id))
        total, exact = totals[group]
        groups.append(Group(group, max(total, len(hits)), tuple(hits[:per_group]), exact))
    groups.sort(key=lambda g: (g.hits[0].rank, order.index(g.name)))
    return SearchResult(query=query, groups=tuple(groups), words=tuple(words))

