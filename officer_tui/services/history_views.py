"""How the change history reads: record kinds, field names and values in people's words."""

from __future__ import annotations

import functools
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from officer_tui.i18n import N_, _, format_date
from officer_tui.labels import field_label

# One record of each table, in people's words.
_KINDS = {
    "orgunit": N_("Unit"),
    "contact": N_("Contact"),
    "contactlog": N_("Logged contact"),
    "request": N_("Request"),
    "strategicgoal": N_("Strategic goal"),
    "idea": N_("Idea"),
    "ideagoal": N_("Goal of an idea"),
    "project": N_("Project"),
    "projectgoal": N_("Goal of a project"),
    "projectlink": N_("Project link"),
    "synergydismissal": N_("Dismissed synergy"),
    "followup": N_("Follow-up"),
    "meetingseries": N_("Meeting series"),
    "meeting": N_("Meeting"),
    "meetingparticipant": N_("Meeting participant"),
    "meetinglink": N_("Record of a meeting"),
    "agendaitem": N_("Agenda item"),
    "outcome": N_("Outcome"),
    "trainingprogramme": N_("Training programme"),
    "programmetarget": N_("Target unit"),
    "trainingsession": N_("Training session"),
    "enrollment": N_("Enrollment"),
}

_ACTIONS = {
    "insert": N_("created"),
    "update": N_("changed"),
    "delete": N_("deleted"),
    "erase": N_("erased (GDPR)"),
}

# Columns that point to another record and what to show for it.
_NAME_COLUMNS = ("title", "name", "code", "text")


def kind_label(table: str) -> str:
    return _(_KINDS[table]) if table in _KINDS else table


def action_label(action: str) -> str:
    return _(_ACTIONS[action]) if action in _ACTIONS else action


@functools.cache
def _enum_labels() -> dict[type, dict]:
    from officer_tui import labels
    from officer_tui.services import ideas, project_views

    found: dict[type, dict] = {}
    for source in (labels, ideas, project_views):
        for name in dir(source):
            table = getattr(source, name)
            if name.endswith("_LABELS") and isinstance(table, dict) and table:
                first = next(iter(table))
                value = next(iter(table.values()))
                if isinstance(value, str) and hasattr(first, "value"):
                    found.setdefault(type(first), table)
    return found


def _enum_text(column: sa.Column, value: Any) -> str:
    enum_class = getattr(column.type, "enum_class", None)
    if enum_class is None:
        return str(value)
    try:
        member = enum_class(value)
    except ValueError:
        return str(value)
    labels = _enum_labels().get(enum_class)
    if labels and member in labels:
        return _(labels[member])
    return str(value)


def _reference_text(session: Session, table: sa.Table, value: Any) -> str:
    if table.name == "contact":
        from officer_tui.models.org import Contact
        from officer_tui.services.contacts import erased_name

        person = session.get(Contact, value)
        if person is None:
            return f"#{value}"
        return erased_name() if person.erased_at is not None else person.name
    names = [table.c[name] for name in _NAME_COLUMNS if name in table.c]
    if not names:
        return f"#{value}"
    row = session.execute(sa.select(*names).where(table.c.id == value)).first()
    if row is None:
        return "#{id} ({gone})".format(id=value, gone=_("deleted"))
    return next((str(part) for part in row if part), f"#{value}")


def value_text(session: Session | None, table: sa.Table, column: str, value: Any) -> str:
    """A stored (JSON) value as a person reads it: dates dd.mm.yyyy, enum labels, names."""
    if value is None or value == "":
        return "—"
    if column not in table.c:
        return str(value)
    col = table.c[column]
    if session is not None and col.foreign_keys and column != "id":
        target = next(iter(col.foreign_keys)).column.table
        return _reference_text(session, target, value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(col.type, sa.Enum) or getattr(col.type, "enum_class", None) is not None:
        return _enum_text(col, value)
    python_type = _python_type(col)
    if python_type is date and isinstance(value, str):
        try:
            return format_date(date.fromisoformat(value))
        except ValueError:
            return value
    if python_type is datetime and isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value).astimezone()
        except ValueError:
            return value
        return format_date(moment.date()) + moment.strftime(" %H:%M")
    text = str(value)
    return text


def _python_type(column: sa.Column) -> type | None:
    try:
        return column.type.python_type
    except NotImplementedError:
        return None


def column_label(table: str, column: str) -> str:
    return field_label(column)
