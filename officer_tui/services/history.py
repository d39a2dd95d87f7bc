"""The change history: read it, and revert a change (undo) with a preview first.

Every saved transaction leaves one *group* of entries (``services.history_recorder``). Undo and
revert work on a whole group, so a record and what was saved with it (an idea and the project
it became, a meeting and its participants) come back together. A revert is itself a change:
it is recorded, and can be reverted again.

Reverting an update sets the fields back to their values before the change. When a field was
changed again since, the preview says so ("changed since") and the revert still sets it back:
the person saw it and chose. A revert that cannot work (the record is gone, another record
refers to one that would be deleted, an id is taken) is refused as a whole, with the reasons.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, SQLModel, select

from officer_tui.i18n import _, ngettext
from officer_tui.models.history import Change, ChangeAction
from officer_tui.services._common import transactional
from officer_tui.services.errors import NotFound, ValidationError
from officer_tui.services.history_recorder import (
    DERIVED,
    REVERTS,
    is_link_table,
    to_json,
)
from officer_tui.services.history_views import action_label, column_label, kind_label, value_text

# Fields an entry shows for a created or deleted record (the rest is in the record itself).
_HIDDEN = frozenset({"id", "uid", "created_at", "updated_at", "version"}) | DERIVED


@dataclass(frozen=True)
class FieldChange:
    name: str
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class ChangeView:
    """One entry as people read it."""

    id: int
    group_uid: str
    at: datetime
    user: str
    table: str
    kind: str  # "Request"
    record_id: int
    record: str  # its title or name then
    action: str  # ChangeAction value
    action_text: str  # "changed"
    fields: tuple[FieldChange, ...]
    version: int
    reverts: str  # the group this change reverted ("" for an ordinary change)

    @property
    def summary(self) -> str:
        """``title, priority`` or ``created``: what the entry did, in one line."""
        if self.action == ChangeAction.UPDATE.value and self.fields:
            return ", ".join(change.label for change in self.fields)
        return self.action_text


@functools.cache
def _models() -> dict[str, type[SQLModel]]:
    from officer_tui.models import register_all

    register_all()
    return {
        mapper.local_table.name: mapper.class_
        for mapper in SQLModel._sa_registry.mappers  # type: ignore[attr-defined]
    }


def _table(name: str) -> sa.Table:
    return SQLModel.metadata.tables[name]


def _owned_tables(table: str) -> list[str]:
    """Link tables whose rows belong to a record of ``table`` (its participants, goals ...)."""
    owned = []
    for candidate in SQLModel.metadata.sorted_tables:
        if is_link_table(candidate):
            first = next(iter(candidate.primary_key.columns))
            targets = {key.column.table.name for key in first.foreign_keys}
            if table in targets:
                owned.append(candidate.name)
    return owned


def _view(session: Session | None, change: Change) -> ChangeView:
    table = _table(change.table_name) if change.table_name in SQLModel.metadata.tables else None
    fields: list[FieldChange] = []
    values = change.values or {}
    if table is not None:
        if change.action == ChangeAction.UPDATE:
            for name, pair in values.items():
                if name in _HIDDEN or not isinstance(pair, list) or len(pair) != 2 or pair[0] == pair[1]:
                    continue
                fields.append(FieldChange(
                    name, column_label(table.name, name),
                    value_text(session, table, name, pair[0]), value_text(session, table, name, pair[1]),
                ))
        elif change.action in (ChangeAction.INSERT, ChangeAction.DELETE):
            for name, value in values.items():
                if name in _HIDDEN or value in (None, ""):
                    continue
                shown = value_text(session, table, name, value)
                before, after = ("—", shown) if change.action == ChangeAction.INSERT else (shown, "—")
                fields.append(FieldChange(name, column_label(table.name, name), before, after))
    return ChangeView(
        id=change.id, group_uid=change.group_uid, at=change.at, user=change.user,
        table=change.table_name, kind=kind_label(change.table_name), record_id=change.record_id,
        record=change.label, action=change.action.value, action_text=action_label(change.action.value),
        fields=tuple(fields), version=change.version, reverts=change.reverts,
    )


def record_history(
    session: Session, *, table: str, record_id: int, limit: int = 500
) -> list[ChangeView]:
    """The changes of one record, newest first: with its participants, goals and targets, and
    the parts it is made of (a meeting's agenda items and outcomes, a programme's sessions, a
    session's enrollments, a contact's logged contacts), also those deleted since."""
    tables = [table, *_owned_tables(table)]
    condition = Change.table_name.in_(tables) & (Change.record_id == record_id)
    for child, column in _PARTS.get(table, ()):
        ids = _part_ids(session, child, column, record_id)
        if ids:
            condition = condition | ((Change.table_name == child) & Change.record_id.in_(ids))
    changes = session.exec(
        select(Change).where(condition).order_by(Change.id.desc()).limit(limit)
    ).all()
    return [_view(session, change) for change in changes]


# The records another one is made of (child table, its column naming the parent): their
# changes belong to the parent's history. Not every foreign key is one: a unit's requests are
# not part of the unit.
_PARTS: dict[str, tuple[tuple[str, str], ...]] = {
    "meeting": (("agendaitem", "meeting_id"), ("outcome", "meeting_id")),
    "agendaitem": (("outcome", "item_id"),),
    "trainingprogramme": (("trainingsession", "programme_id"),),
    "trainingsession": (("enrollment", "session_id"),),
    "contact": (("contactlog", "contact_id"),),
}
_MAX_PARTS = 5_000  # a programme with more sessions shows the newest parts' changes only


def _part_ids(session: Session, child: str, column: str, parent_id: int) -> list[int]:
    """Ids of the parent's parts: those there now and those the history saw with it."""
    table = _table(child)
    ids = set(session.execute(
        sa.select(table.c.id).where(table.c[column] == parent_id).limit(_MAX_PARTS)
    ).scalars())
    ids.update(session.exec(
        select(Change.record_id).where(
            Change.table_name == child, Change.values[column].as_integer() == parent_id,
        ).limit(_MAX_PARTS)
    ))
    return sorted(ids)[-_MAX_PARTS:]


def recent_changes(
    session: Session, *, user: str | None = None, table: str | None = None, limit: int = 200,
    before_id: int | None = None,
) -> list[ChangeView]:
    """The newest changes in the database (optionally by one user or of one kind)."""
    statement = select(Change).order_by(Change.id.desc()).limit(limit)
    if user:
        statement = statement.where(Change.user == user)
    if table:
        statement = statement.where(Change.table_name == table)
    if before_id is not None:
        statement = statement.where(Change.id < before_id)
    return [_view(session, change) for change in session.exec(statement).all()]


def group_changes(session: Session, *, group_uid: str) -> list[Change]:
    changes = list(
        session.exec(select(Change).where(Change.group_uid == group_uid).order_by(Change.id)).all()
    )
    if not changes:
        raise NotFound("change", group_uid)
    return changes


def group_of(session: Session, *, change_id: int) -> str:
    change = session.get(Change, change_id)
    if change is None:
        raise NotFound("change", change_id)
    return change.group_uid


# --- revert ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldRevert:
    label: str
    now: str
    becomes: str
    changed_since: bool  # somebody changed the field again after this change


@dataclass(frozen=True)
class RevertStep:
    change_id: int
    table: str
    kind: str
    record_id: int
    record: str
    what: str  # "Delete the request created then", "Set 2 fields back", ...
    fields: tuple[FieldRevert, ...] = ()
    problem: str = ""  # why this step cannot be done ("" when it can)
    warning: str = ""  # what the person should know (later changes are lost ...)
    noop: bool = False  # already as it was: nothing to do


@dataclass(frozen=True)
class RevertPlan:
    group_uid: str
    at: datetime
    user: str
    steps: tuple[RevertStep, ...] = field(default_factory=tuple)

    @property
    def problems(self) -> list[str]:
        return [f"{step.kind} #{step.record_id}: {step.problem}" for step in self.steps if step.problem]

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def nothing_to_do(self) -> bool:
        return all(step.noop for step in self.steps)

    @property
    def changed_since(self) -> int:
        """How many fields were changed again after the change (their later value is lost)."""
        return sum(1 for step in self.steps for f in step.fields if f.changed_since)


def _key_of(table: sa.Table, change: Change) -> dict[str, Any]:
    """The primary key of the row a change touched."""
    values = change.values or {}
    if "id" in table.c:
        return {"id": change.record_id}
    key = {}
    for column in table.primary_key.columns:
        value = values.get(column.name)
        if isinstance(value, list):  # an update: [before, after]
            value = value[1]
        key[column.name] = _from_json(table, column.name, value)
    return key


def _from_json(table: sa.Table, column: str, value: Any) -> Any:
    from officer_tui.services.exchange_tables import BadValue, describe

    if value is None:
        return None
    try:
        return _describe_cached(table).from_json[column](value)
    except (BadValue, KeyError):
        return describe(table).from_json.get(column, lambda v: v)(value)


@functools.cache
def _describe_cached(table: sa.Table) -> Any:
    from officer_tui.services.exchange_tables import describe

    return describe(table)


def _current(session: Session, table: sa.Table, change: Change) -> Any:
    model = _models()[table.name]
    key = _key_of(table, change)
    return session.get(model, key["id"] if "id" in key else tuple(key.values()))


def _references(session: Session, table: sa.Table, record_id: int, leaving: set[tuple[str, int]]) -> int:
    """How many rows (not about to be deleted too) refer to the record."""
    from officer_tui.services.exchange_tables import KIND_TABLES

    count = 0
    for other in SQLModel.metadata.sorted_tables:
        if other.name == "change":
            continue
        # A link row is known by its owner's id, as the history records it.
        ident = other.c.id if "id" in other.c else next(iter(other.primary_key.columns))
        for column in other.columns:
            if any(key.column.table is table for key in column.foreign_keys):
                ids = session.execute(sa.select(ident).where(column == record_id)).scalars().all()
                count += sum(1 for found in ids if (other.name, found) not in leaving)
        for kind_column in other.columns:
            if not kind_column.name.endswith("_kind"):
                continue
            partner = kind_column.name[: -len("_kind")] + "_id"
            kinds = [kind for kind, name in KIND_TABLES.items() if name == table.name]
            if partner not in other.c or not kinds:
                continue
            # a link row (a meeting's records) is known by its owner, as above
            ids = session.execute(
                sa.select(ident).where(kind_column.in_(kinds), other.c[partner] == record_id)
            ).scalars().all()
            count += sum(1 for found in ids if (other.name, found) not in leaving)
    return count


def _step(session: Session, change: Change, leaving: set[tuple[str, int]],
          coming: set[tuple[str, int]]) -> RevertStep:
    table = _table(change.table_name)
    kind = kind_label(table.name)
    base = {"change_id": change.id, "table": table.name, "kind": kind,
            "record_id": change.record_id, "record": change.label}
    if change.action == ChangeAction.ERASE:
        return RevertStep(**base, what=_("Erasure"), problem=_("an erasure (GDPR) cannot be undone"))
    current = _current(session, table, change)
    values = change.values or {}
    if change.action == ChangeAction.INSERT:
        if current is None:
            return RevertStep(**base, what=_("Delete it again"), noop=True,
                              warning=_("already deleted"))
        refs = _references(session, table, change.record_id, leaving) if "id" in table.c else 0
        problem = ngettext("{n} other record refers to it", "{n} other records refer to it",
                           refs).format(n=refs) if refs else ""
        warning = ""
        if any(
            to_json(table, name, getattr(current, name)) != value
            for name, value in values.items()
            if name not in _HIDDEN and name in table.c
        ):
            warning = _("changed since it was created: those changes go too")
        return RevertStep(**base, what=_("Delete it again (it was created then)"),
                          problem=problem, warning=warning)
    if change.action == ChangeAction.DELETE:
        if current is not None:
            same = getattr(current, "uid", None) == values.get("uid")
            if same or is_link_table(table):
                return RevertStep(**base, what=_("Create it again"), noop=True,
                                  warning=_("already there"))
            return RevertStep(**base, what=_("Create it again"),
                              problem=_("its number is taken by another record"))
        missing = _missing_parent(session, table, values, coming)
        return RevertStep(**base, what=_("Create it again (it was deleted then)"),
                          problem=missing)
    # an update
    if current is None:
        return RevertStep(**base, what=_("Set fields back"), problem=_("it no longer exists"))
    fields = []
    for name, pair in values.items():
        if name in _HIDDEN or name not in table.c or not isinstance(pair, list) or pair[0] == pair[1]:
            continue
        now = to_json(table, name, getattr(current, name))
        if now == pair[0]:
            continue  # already back
        fields.append(FieldRevert(
            label=column_label(table.name, name),
            now=value_text(session, table, name, now),
            becomes=value_text(session, table, name, pair[0]),
            changed_since=now != pair[1],
        ))
    if not fields:
        return RevertStep(**base, what=_("Set fields back"), noop=True, warning=_("already as before"))
    what = ngettext("Set {n} field back", "Set {n} fields back", len(fields)).format(n=len(fields))
    return RevertStep(**base, what=what, fields=tuple(fields))


def _missing_parent(session: Session, table: sa.Table, values: dict, coming: set[tuple[str, int]]) -> str:
    for column in table.columns:
        value = values.get(column.name)
        if value is None or not column.foreign_keys or column.name == "id":
            continue
        target = next(iter(column.foreign_keys)).column.table
        if (target.name, value) in coming:
            continue
        exists = session.execute(sa.select(target.c.id).where(target.c.id == value)).first()
        if exists is None:
            return _("the {kind} #{id} it belonged to no longer exists").format(
                kind=kind_label(target.name), id=value)
    return ""


def revert_preview(session: Session, *, group_uid: str) -> RevertPlan:
    """What reverting the group would do, step by step (nothing is changed)."""
    changes = group_changes(session, group_uid=group_uid)
    leaving = {(c.table_name, c.record_id) for c in changes if c.action == ChangeAction.INSERT}
    coming = {(c.table_name, c.record_id) for c in changes if c.action == ChangeAction.DELETE}
    # created and deleted in one go (nothing of it remained): nothing to bring back or remove
    # (link rows are known by their owner only: a replaced goal is no such case)
    passing = {key for key in leaving & coming if "id" in _table(key[0]).c}
    steps = tuple(
        RevertStep(change_id=change.id, table=change.table_name, kind=kind_label(change.table_name),
                   record_id=change.record_id, record=change.label, what=action_label(change.action.value),
                   noop=True)
        if (change.table_name, change.record_id) in passing
        else _step(session, change, leaving - passing, coming - passing)
        for change in reversed(changes)
    )
    first = changes[0]
    return RevertPlan(group_uid=group_uid, at=first.at, user=first.user, steps=steps)


@transactional
def revert(session: Session, *, group_uid: str) -> RevertPlan:
    """Undo the group: all of it or nothing. Refused (ValidationError "change") with the
    reasons when a step cannot be done. The revert is recorded as a change of its own."""
    plan = revert_preview(session, group_uid=group_uid)
    if not plan.ok:
        raise ValidationError("change", "; ".join(plan.problems))
    if plan.nothing_to_do:
        raise ValidationError("change", _("there is nothing to undo: everything is as before"))
    from officer_tui.services.history_apply import apply_change

    session.info[REVERTS] = group_uid
    try:
        changes = {change.id: change for change in group_changes(session, group_uid=group_uid)}
        for step in plan.steps:
            if not step.noop:
                apply_change(session, changes[step.change_id])
                session.flush()
    finally:
        session.info.pop(REVERTS, None)
    return plan


# --- for the change-history screens ------------------------------------------------------------


def change_facets(session: Session) -> tuple[list[str], list[str]]:
    """The users and the tables that have changes: the choices of the history filters."""
    users = session.execute(sa.select(Change.user).distinct().order_by(Change.user)).scalars().all()
    tables = session.execute(sa.select(Change.table_name).distinct()).scalars().all()
    return list(users), sorted(tables, key=kind_label)


def record_exists(session: Session, *, table: str, record_id: int) -> bool:
    """Whether the record a change was about is still there (to open it)."""
    if table not in SQLModel.metadata.tables or "id" not in _table(table).c:
        return False
    target = _table(table)
    return session.execute(sa.select(target.c.id).where(target.c.id == record_id)).first() is not None


def owner_table(table: str) -> str:
    """The table whose record a change of ``table`` is about: a link row (a meeting's
    participant, an idea's goal) belongs to the record its first key column refers to."""
    _models()  # every table known
    if table not in SQLModel.metadata.tables or not is_link_table(_table(table)):
        return table
    first = next(iter(_table(table).primary_key.columns))
    return next(iter(first.foreign_keys)).column.table.name
