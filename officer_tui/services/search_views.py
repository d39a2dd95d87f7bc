"""What search shows of a hit: its title, a detail line, a marked snippet, and what opens it.

Only the hits that are shown are described, with one query per kind of record. Matched words
are marked with ``MARK`` ... ``END`` (control characters that never occur in stored text);
the app turns them into highlighting, the command line drops them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from officer_tui.i18n import N_, _, format_date
from officer_tui.labels import meeting_kind_label, status_label, unit_kind_label
from officer_tui.models.enums import OutcomeKind, RecordKind
from officer_tui.models.meeting import AgendaItem, Meeting, Outcome
from officer_tui.models.org import Contact, OrgUnit
from officer_tui.models.portfolio import FollowUp, Idea, Project
from officer_tui.models.request import Request
from officer_tui.models.training import TrainingProgramme
from officer_tui.services.contacts import shown_name
from officer_tui.text import fold

MARK = "\x02"  # a matched word starts
END = "\x03"  # ... and ends

SEP = " · "
_TOKEN = re.compile(r"[^\W_]+")  # a word as the index's tokenizer sees it: letters and digits
SNIPPET_WORDS = 14  # words around the first match
SNIPPET_BEFORE = 4  # of them before it

OUTCOME_TITLES = {
    OutcomeKind.DECISION: N_("Decision: {text}"),
    OutcomeKind.ACTION: N_("Action: {text}"),
    OutcomeKind.INFORMATION: N_("Information: {text}"),
}


@dataclass(frozen=True)
class Shown:
    """One record as search lists it."""

    title: str
    detail: str
    open_kind: RecordKind | None  # what ``open_record`` needs; None: units (no record screen)
    open_id: int
    erased: bool = False  # an erased person: nothing but the placeholder is shown


def words_of(query: str) -> list[str]:
    """The query's words, folded, split as the index splits text."""
    return _TOKEN.findall(fold(query))


def plain(text: str) -> str:
    """``text`` without the match marks."""
    return text.replace(MARK, "").replace(END, "")


@lru_cache(maxsize=8192)
def _folded(token: str) -> str:
    return fold(token)


def _matches(token: str, words: Sequence[str], also: Collection[str] = ()) -> bool:
    folded = _folded(token)
    return folded in also or any(folded.startswith(word) for word in words)


def mark(text: str, words: Sequence[str], also: Collection[str] = ()) -> str:
    """``text`` with every word that starts with one of ``words`` marked, and every word
    whose folded form is in ``also`` (a word the index found by its stem: ``Druckern``)."""
    parts: list[str] = []
    last = 0
    for match in _TOKEN.finditer(text):
        if _matches(match.group(), words, also):
            parts += [text[last:match.start()], MARK, match.group(), END]
            last = match.end()
    parts.append(text[last:])
    return "".join(parts)


def snippet(body: str, words: Sequence[str], also: Collection[str] = ()) -> str:
    """A few words of ``body`` around its first match, marked; empty when it has none."""
    text = " ".join(body.replace(MARK, " ").replace(END, " ").split())
    tokens = list(_TOKEN.finditer(text))
    first = next((i for i, token in enumerate(tokens) if _matches(token.group(), words, also)),
                 None)
    if first is None:
        return ""
    start = max(0, first - SNIPPET_BEFORE)
    stop = min(len(tokens), start + SNIPPET_WORDS)
    begin, end = tokens[start].start(), tokens[stop - 1].end()
    if stop == len(tokens):
        end = len(text)  # keep the closing punctuation
    return (
        ("…" if begin > 0 else "") + mark(text[begin:end], words, also)
        + ("…" if end < len(text) else "")
    )


def _join(*parts: Any) -> str:
    return SEP.join(str(part) for part in parts if part not in (None, ""))


# --- one describer per kind: ids -> {id: Shown} ---------------------------------------------


def _requests(session: Session, ids: Sequence[int]) -> dict[int, Shown]:
    statement = (
        select(Request.id, Request.title, OrgUnit.name, Request.status, Request.received_on)
        .join(OrgUnit, Request.unit_id == OrgUnit.id, isouter=True)
        .where(Request.id.in_(ids))
    )
    return {
        rid: Shown(title, _join(f"#{rid}", unit, status_label(status), format_date(received)),
                   RecordKind.REQUEST, rid)
        for rid, title, unit, status, received in session.execute(statement)
    }


def _ideas(session: Session, ids: Sequence[int]) -> dict[int, Shown]:
    from officer_tui.services.ideas import idea_status_label

    statement = (
        select(Idea.id, Idea.title, OrgUnit.name, Idea.status, Idea.submitted_on)
        .join(OrgUnit, Idea.unit_id == OrgUnit.id, isouter=True)
        .where(Idea.id.in_(ids))
    )
    return {
        iid: Shown(title, _join(f"#{iid}", unit, idea_status_label(status), format_date(day)),
                   RecordKind.IDEA, iid)
        for iid, title, unit, status, day in session.execute(statement)
    }


def _projects(session: Session, ids: Sequence[int]) -> dict[int, Shown]:
    from officer_tui.services.project_views import phase_label, traffic_label

    statement = (
        select(Project.id, Project.title, OrgUnit.name, Project.phase, Project.traffic_light)
        .join(OrgUnit, Project.owner_unit_id == OrgUnit.id, isouter=True)
        .where(Project.id.in_(ids))
    )
    return {
        pid: Shown(title, _join(f"#{pid}", unit, phase_label(phase), traffic_label(light)),
                   RecordKind.PROJECT, pid)
        for pid, title, unit, phase, light in session.execute(statement)
    }


def _meetings(session: Session, ids: Sequence[int]) -> dict[int, Shown]:
    statement = select(Meeting.id, Meeting.title, Meeting.held_on, Meeting.kind, Meeting.place).where(
        Meeting.id.in_(ids)
    )
    return {
        mid: Shown(title, _join(format_date(day), meeting_kind_label(kind), place),
                   RecordKind.MEETING, mid)
        for mid, title, day, kind, place in session.execute(statement)
    }


def _agenda_items(session: Session, ids: Sequence[int]) -> dict[int, Shown]:
    statement = (
        select(AgendaItem.id, AgendaItem.title, Meeting.id, Meeting.title, Meeting.held_on)
        .join(Meeting, AgendaItem.meeting_id == Meeting.id)
        .where(AgendaItem.id.in_(ids))
    )
    return {
        aid: Shown(_("Item: {title}").format(title=title), _join(format_date(day), meeting),
                   RecordKind.MEETING, mid)
        for aid, title, mid, meeting, day in session.execute(statement)
    }


def _outcomes(session: Session, ids: Sequence[int]) -> dict[int, Shown]:
    statement = (
        select(Outcome.id, Outcome.kind, Outcome.text, Meeting.id, Meeting.title, Meeting.held_on)
        .join(Meeting, Outcome.meeting_id == Meeting.id)
        .where(Outcome.id.in_(ids))
    )
    return {
        oid: Shown(_(OUTCOME_TITLES[OutcomeKind(kind)]).format(text=" ".join(text.split())),
                   _join(format_date(day), meeting), RecordKind.MEETING, mid)
        for oid, kind, text, mid, meeting, day in session.execute(statement)
    }


def _programmes(session: Session, ids: Sequence[int]) -> dict[int, Shown]:
    statement = select(
        TrainingProgramme.id, TrainingProgramme.title, TrainingProgramme.topic,
        TrainingProgramme.goal_percent, TrainingProgramme.goal_by,
    ).where(TrainingProgramme.id.in_(ids))
    found = {}
    for pid, title, topic, percent, by in session.execute(statement):
        goal = ""
        if percent:
            goal = (_("goal {percent} % by {date}").format(percent=percent, date=format_date(by))
                    if by else _("goal {percent} %").format(percent=percent))
        found[pid] = Shown(title, _join(_("training programme"), topic, goal), RecordKind.TRAINING, pid)
    return found


def _contacts(session: Session, ids: Sequence[int]) -> dict[int, Shown]:
    statement = (
        select(Contact.id, Contact.name, Contact.erased_at, Contact.role, OrgUnit.name)
        .join(OrgUnit, Contact.unit_id == OrgUnit.id, isouter=True)
        .where(Contact.id.in_(ids))
    )
    found = {}
    for cid, name, erased_at, role, unit in session.execute(statement):
        erased = erased_at is not None or not name
        found[cid] = Shown(
            shown_name(name, erased_at) or "", "" if erased else _join(role, unit),
            RecordKind.CONTACT, cid, erased=erased,
        )
    return found


def _units(session: Session, ids: Sequence[int]) -> dict[int, Shown]:
    parent = aliased(OrgUnit)
    statement = (
        select(OrgUnit.id, OrgUnit.name, OrgUnit.kind, OrgUnit.short_name, parent.name)
        .join(parent, OrgUnit.parent_id == parent.id, isouter=True)
        .where(OrgUnit.id.in_(ids))
    )
    return {
        uid: Shown(name, _join(_("unit"), unit_kind_label(kind), short, above), None, uid)
        for uid, name, kind, short, above in session.execute(statement)
    }


def _followups(session: Session, ids: Sequence[int]) -> dict[int, Shown]:
    statement = (
        select(FollowUp.id, FollowUp.title, FollowUp.due_on, FollowUp.done_on,
               Contact.name, Contact.erased_at)
        .join(Contact, FollowUp.owner_id == Contact.id, isouter=True)
        .where(FollowUp.id.in_(ids))
    )
    found = {}
    for fid, title, due, done, owner, erased_at in session.execute(statement):
        when = (_("done {date}").format(date=format_date(done)) if done
                else _("due {date}").format(date=format_date(due)))
        found[fid] = Shown(title, _join(when, shown_name(owner, erased_at)), RecordKind.FOLLOWUP, fid)
    return found


DESCRIBERS: dict[str, Callable[[Session, Sequence[int]], dict[int, Shown]]] = {
    "request": _requests,
    "idea": _ideas,
    "project": _projects,
    "meeting": _meetings,
    "agenda_item": _agenda_items,
    "outcome": _outcomes,
    "programme": _programmes,
    "contact": _contacts,
    "unit": _units,
    "followup": _followups,
}


def describe(session: Session, kind: str, ids: Sequence[int]) -> dict[int, Shown]:
    """How the records of one kind are shown (missing ids are left out)."""
    return DESCRIBERS[kind](session, list(ids)) if ids else {}
