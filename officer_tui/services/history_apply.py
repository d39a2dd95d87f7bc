"""The writing side of a revert: undo one recorded change, and recompute derived columns.

``history.revert`` plans and checks first; this module only carries out a step it approved.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from officer_tui.models.history import Change, ChangeAction
from officer_tui.services.history import _HIDDEN, _current, _from_json, _models, _table
from officer_tui.services.history_recorder import BOOKKEEPING, DERIVED


def apply_change(session: Session, change: Change) -> None:
    """Do the opposite of ``change`` (one step of a revert; the caller checked it can)."""
    table = _table(change.table_name)
    values = change.values or {}
    model = _models()[table.name]
    current = _current(session, table, change)
    if change.action == ChangeAction.INSERT:
        session.delete(current)
        return
    if change.action == ChangeAction.DELETE:
        fields = {
            name: _from_json(table, name, value)
            for name, value in values.items()
            if name in table.c and name not in DERIVED
        }
        if "version" in fields:
            fields["version"] = (fields["version"] or 0) + 1
        record = model(**{k: v for k, v in fields.items() if k != "version"})
        for name, value in fields.items():  # model() may skip columns it computes itself
            setattr(record, name, value)
        _refresh_derived(session, record)
        session.add(record)
        return
    for name, pair in values.items():
        if name in _HIDDEN or name in BOOKKEEPING or name not in table.c or not isinstance(pair, list):
            continue
        if pair[0] != pair[1]:
            setattr(current, name, _from_json(table, name, pair[0]))
    _refresh_derived(session, current)
    session.add(current)


def _refresh_derived(session: Session, record: Any) -> None:
    """Recompute the columns the services derive (search text, folded names, urgency)."""
    from officer_tui import clock
    from officer_tui.text import fold

    name = record.__table__.name
    if name == "request":
        from officer_tui.services import requests

        requests._refresh_search_text(record)
        requests._refresh_urgency(record, clock.today())
    elif name == "idea":
        from officer_tui.services import ideas

        record.search_text = ideas._search_text(record.title, record.description)
    elif name == "project":
        from officer_tui.services import projects

        projects._refresh_search_text(record)
    elif name == "trainingprogramme":
        from officer_tui.services import trainings

        record.search_text = trainings._search_text(record)
    elif name in ("orgunit", "contact"):
        if getattr(record, "erased_at", None) is None:
            record.name_folded = fold(record.name)
    elif name == "meeting" and record.id is not None:
        from officer_tui.services.meeting_rules import _refresh_search

        session.flush()
        _refresh_search(session, record)
    elif name == "outcome":
        from officer_tui.models.meeting import AgendaItem, Meeting
        from officer_tui.services.meeting_rules import outcome_search_text

        item = session.get(AgendaItem, record.item_id)
        meeting = session.get(Meeting, item.meeting_id) if item else None
        if item is not None and meeting is not None:
            record.search_text = outcome_search_text(record.text, item.title, meeting.title)
