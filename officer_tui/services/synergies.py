"""Synergy candidates: pairs of projects of different units that might work together.

A pair scores for a shared field of action (2 points), each shared strategic goal (2 points)
and each shared key word (1 point; words of five letters or more from title and description,
folded, minus common words). Pairs already linked (in any way) or dismissed are left out, as
are pairs of one unit. At least ``MIN_SCORE`` points; the best ``limit`` first.

Pairs come from an inverted index built per call: for every word, goal and field, the projects
that have it. The rarest keys propose pairs first, until ``PAIR_BUDGET`` pairs have been
looked at, so 5,000 projects take a fraction of a second; common keys that proposed nothing
still add to the score of a proposed pair.
"""

from __future__ import annotations

import re
from collections import defaultdict
from itertools import combinations

from sqlmodel import Session, select

from officer_tui.i18n import _
from officer_tui.models.enums import LinkKind
from officer_tui.models.org import OrgUnit
from officer_tui.models.portfolio import Project, ProjectGoal, StrategicGoal, SynergyDismissal
from officer_tui.services._common import get_or_404, transactional
from officer_tui.services.errors import ValidationError
from officer_tui.services.project_views import SynergyCandidate
from officer_tui.services.projects import dismissed_pairs, link_projects, linked_pairs
from officer_tui.text import fold

FIELD_POINTS = 2
GOAL_POINTS = 2
WORD_POINTS = 1
MIN_SCORE = 3
PAIR_BUDGET = 60_000
MIN_WORD = 5

_WORD = re.compile(r"[a-z0-9]+")

# Folded German and English words too common in project texts to mean anything.
STOP_WORDS = frozenset(
    """
    aller alles allen anderen auch aufbau bereits dabei damit darauf daher diese diesem dieser
    dieses durch einem einen einer eines einfuhrung erste ersten etwas fuhren geben gemeinsam
    gemeinsame gemeinsamen gibt haben hauser heute immer insbesondere jahre jahren kommen konnen
    mehr mehrere mussen nach neuen neues noch oder ohne sollen sollte sowie stadt stadtische
    stadtischen uber unsere unter viele werden wird wurde zwischen zudem projekt projekte
    projekts einfuhren umsetzung hohenstein kulturbetrieb which their there these those about
    after before other project projects should would could where while with within without
    digital digitale digitalen digitaler digitales vorhaben
    """.split()
)


def key_words(folded_text: str) -> set[str]:
    return {
        word
        for word in _WORD.findall(folded_text)
        if len(word) >= MIN_WORD and word not in STOP_WORDS and not word.isdigit()
    }


def candidates(session: Session, *, limit: int = 50) -> list[SynergyCandidate]:
    """The best synergy candidates, best first (see the module text)."""
    projects = session.exec(
        select(Project.id, Project.owner_unit_id, Project.field_of_action, Project.title,
               Project.description)
    ).all()
    unit_of = {pid: unit for pid, unit, _f, _t, _d in projects}
    field_of = {pid: field for pid, _u, field, _t, _d in projects}
    title_of = {pid: title for pid, _u, _f, title, _d in projects}
    # Title and description only: a shared funding programme says nothing about the work.
    words_of = {pid: key_words(fold(f"{title}\n{text}")) for pid, _u, _f, title, text in projects}
    goals_of: dict[int, set[int]] = defaultdict(set)
    for project_id, goal_id in session.exec(select(ProjectGoal.project_id, ProjectGoal.goal_id)):
        goals_of[project_id].add(goal_id)

    postings: dict[tuple[str, object], list[int]] = defaultdict(list)
    for pid in unit_of:
        if unit_of[pid] is None:
            continue
        for word in words_of[pid]:
            postings[("w", word)].append(pid)
        for goal in goals_of.get(pid, ()):
            postings[("g", goal)].append(pid)
        if field_of[pid]:
            postings[("f", field_of[pid])].append(pid)

    skip = linked_pairs(session) | dismissed_pairs(session)
    proposed: set[tuple[int, int]] = set()
    spent = 0
    for members in sorted(postings.values(), key=len):
        if len(members) < 2:
            continue
        spent += len(members) * (len(members) - 1) // 2
        if spent > PAIR_BUDGET:
            break
        for a, b in combinations(sorted(members), 2):
            if unit_of[a] != unit_of[b]:
                proposed.add((a, b))
    proposed -= skip

    scored = []
    for a, b in proposed:
        same_field = field_of[a] if field_of[a] and field_of[a] == field_of[b] else None
        goals = goals_of.get(a, set()) & goals_of.get(b, set())
        words = words_of[a] & words_of[b]
        score = (FIELD_POINTS if same_field else 0) + GOAL_POINTS * len(goals) + WORD_POINTS * len(words)
        if score >= MIN_SCORE:
            scored.append((score, a, b, same_field, goals, words))
    scored.sort(key=lambda entry: (-entry[0], entry[1], entry[2]))
    best = scored[:limit]

    unit_ids = {unit_of[a] for _s, a, *_r in best} | {unit_of[b] for _s, _a, b, *_r in best}
    unit_names = dict(session.exec(
        select(OrgUnit.id, OrgUnit.name).where(OrgUnit.id.in_(unit_ids))).all()) if unit_ids else {}
    goal_ids = set().union(*(goals for *_x, goals, _w in best)) if best else set()
    codes = dict(session.exec(
        select(StrategicGoal.id, StrategicGoal.code).where(StrategicGoal.id.in_(goal_ids))).all()
    ) if goal_ids else {}
    return [
        SynergyCandidate(
            a_id=a, a_title=title_of[a], a_unit=unit_names.get(unit_of[a], ""),
            b_id=b, b_title=title_of[b], b_unit=unit_names.get(unit_of[b], ""),
            score=score, same_field=same_field,
            shared_goals=tuple(sorted(codes.get(g, str(g)) for g in goals)),
            words=tuple(sorted(words)),
        )
        for score, a, b, same_field, goals, words in best
    ]


@transactional
def confirm(session: Session, *, project_a_id: int, project_b_id: int, note: str = ""):
    """The pair works together: a synergy link from the first to the second."""
    return link_projects.__wrapped__(
        session, from_project_id=project_a_id, to_project_id=project_b_id,
        kind=LinkKind.SYNERGY, note=note,
    )


@transactional
def dismiss(session: Session, *, project_a_id: int, project_b_id: int) -> None:
    """The pair is no synergy: never suggest it again."""
    get_or_404(session, Project, project_a_id, "project")
    get_or_404(session, Project, project_b_id, "project")
    if project_a_id == project_b_id:
        raise ValidationError("to", _("a project cannot be linked to itself"))
    a, b = sorted((project_a_id, project_b_id))
    if session.get(SynergyDismissal, (a, b)) is None:
        session.add(SynergyDismissal(project_a_id=a, project_b_id=b))
    session.flush()
