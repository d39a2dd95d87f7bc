"""Record every change to every record in the ``change`` table, in the same transaction.

Two session listeners do it, so no service has to remember:

- ``after_flush`` sees the ORM's inserts, updates and deletes (``session.add``/``delete``);
- ``do_orm_execute`` sees UPDATE and DELETE statements run through ``session.execute``: it reads
  the rows they will touch first (and, for an update, again afterwards).

A transaction's entries share one ``group_uid``: undo reverts a group. Columns the services
derive (folded search text, the urgency score) are not history: a change of only those leaves no
entry. ``session.info[NO_HISTORY]`` switches recording off for bulk loads (demo data, a restore);
``session.info[REDACT]`` names records whose values must not be kept (a person being erased).
"""

from __future__ import annotations

import functools
import getpass
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event, inspect
from sqlalchemy.orm import ORMExecuteState, Session

from officer_tui.models.base import new_uid, utcnow
from officer_tui.models.history import Change, ChangeAction

NO_HISTORY = "officer.no_history"
GROUP = "officer.change_group"
REDACT = "officer.redact"  # set of (table name, record id)
REVERTS = "officer.reverts"  # the group uid an undo reverts
GROUP_REVERTS = "officer.group_reverts"  # what the transaction's group reverts, until commit
ON_COMMIT = "officer.on_commit"  # callable(group uid, reverts) after a commit that recorded

# Kept by the services from other columns; restored by recomputing, never from history.
DERIVED = frozenset({"search_text", "name_folded", "urgency"})
# Bookkeeping every tracked row has; shown by the entry itself (when, version), not as fields.
BOOKKEEPING = frozenset({"updated_at", "version"})
# Tables whose rows are not records: the history itself and local app state.
UNRECORDED = frozenset({"change", "appstate", "alembic_version"})
LABEL_COLUMNS = ("title", "name", "text", "code")


def current_user() -> str:
    """Who is working: ``OFFICER_USER``, else the settings file's ``user``, else the login
    name."""
    from officer_tui import settings

    name = os.environ.get("OFFICER_USER", "").strip() or (settings.current().user or "").strip()
    if name:
        return name[:100]
    try:
        return getpass.getuser()[:100]
    except Exception:  # no login name (a container without a passwd entry)
        return ""


@functools.cache
def _converters(table: sa.Table) -> dict[str, Callable[[Any], Any]]:
    from officer_tui.services.exchange_tables import describe

    return describe(table).to_json


def to_json(table: sa.Table, column: str, value: Any) -> Any:
    """A column value as the history stores it (dates as ISO text, enums as their value)."""
    if value is None:
        return None
    convert = _converters(table).get(column)
    return convert(value) if convert is not None else value


def is_link_table(table: sa.Table) -> bool:
    """A table without its own id: a link between records (participants, goals, targets)."""
    return "id" not in table.c


def owner_id(table: sa.Table, row: dict[str, Any]) -> int:
    """The record a row belongs to: its own id, or a link row's first key (its owner's id)."""
    if "id" in table.c:
        return int(row["id"])
    first = next(iter(table.primary_key.columns))
    return int(row[first.name])


def _label(row: dict[str, Any]) -> str:
    for name in LABEL_COLUMNS:
        value = row.get(name)
        if isinstance(value, str) and value:
            return value[:300]
    return ""


def _recorded(table: sa.Table) -> bool:
    return table.name not in UNRECORDED


def _entry(
    session: Session, table: sa.Table, action: ChangeAction, row: dict[str, Any],
    values: dict[str, Any], version: int,
) -> dict[str, Any] | None:
    record_id = owner_id(table, row)
    redacted = session.info.get(REDACT) or set()
    label = _label(row)
    if (table.name, record_id) in redacted and "id" in table.c:
        if action is not ChangeAction.UPDATE:
            return None
        action, values, label = ChangeAction.ERASE, {}, ""
    reverts = session.info.get(REVERTS, "")
    if reverts:  # remembered until the commit, which tells the undo list
        session.info[GROUP_REVERTS] = reverts
    return {
        "uid": new_uid(),
        "group_uid": session.info.setdefault(GROUP, new_uid()),
        "at": utcnow(),
        "user": current_user(),
        "table_name": table.name,
        "record_id": record_id,
        "record_uid": row.get("uid") or "",
        "action": action.value,
        "label": label,
        "version": version,
        "values": values,
        "reverts": reverts,
    }


def _snapshot(table: sa.Table, row: dict[str, Any]) -> dict[str, Any]:
    return {
        name: to_json(table, name, row.get(name))
        for name in table.c.keys()
        if name not in DERIVED
    }


def _write(session: Session, entries: list[dict[str, Any]]) -> None:
    if entries:
        session.connection().execute(sa.insert(Change.__table__), entries)


# --- the ORM's own inserts, updates and deletes ---------------------------------------------


def _column_values(obj: Any) -> tuple[sa.Table, dict[str, Any]]:
    state = inspect(obj)
    return state.mapper.local_table, {
        attr.key: state.dict.get(attr.key) for attr in state.mapper.column_attrs
    }


@functools.cache
def _table_rank() -> dict[str, int]:
    from sqlmodel import SQLModel

    return {table.name: index for index, table in enumerate(SQLModel.metadata.sorted_tables)}


def _ordered(objects: Any, *, parents_first: bool) -> list[Any]:
    rank = _table_rank()
    found = [obj for obj in objects if hasattr(obj, "__table__")]
    return sorted(
        found,
        key=lambda obj: rank.get(obj.__table__.name, 0) * (1 if parents_first else -1),
    )


def _update_values(obj: Any, table: sa.Table) -> dict[str, Any]:
    state = inspect(obj)
    changed: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        key = attr.key
        if key in DERIVED or key in BOOKKEEPING:
            continue
        history = state.attrs[key].history
        if not history.added and not history.deleted:
            continue
        before = history.deleted[0] if history.deleted else None
        after = history.added[0] if history.added else None
        if before == after:
            continue
        changed[key] = [to_json(table, key, before), to_json(table, key, after)]
    if changed and is_link_table(table):
        for column in table.primary_key.columns:  # a link row is found again by its key
            value = to_json(table, column.name, getattr(obj, column.name))
            changed.setdefault(column.name, [value, value])
    return changed


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _context: Any) -> None:
    if session.info.get(NO_HISTORY):
        return
    entries = []
    for obj in _ordered(session.new, parents_first=True):
        table, row = _column_values(obj)
        if _recorded(table):
            entry = _entry(session, table, ChangeAction.INSERT, row, _snapshot(table, row),
                           row.get("version") or 0)
            entries.append(entry)
    for obj in session.dirty:
        if not hasattr(obj, "__table__") or obj in session.deleted:
            continue
        table, row = _column_values(obj)
        if not _recorded(table):
            continue
        values = _update_values(obj, table)
        if values or (table.name, row.get("id")) in (session.info.get(REDACT) or set()):
            entries.append(_entry(session, table, ChangeAction.UPDATE, row, values,
                                  row.get("version") or 0))
    for obj in _ordered(session.deleted, parents_first=False):
        table, row = _committed_values(obj)
        if _recorded(table):
            entries.append(_entry(session, table, ChangeAction.DELETE, row, _snapshot(table, row), 0))
    _write(session, [entry for entry in entries if entry is not None])


def _committed_values(obj: Any) -> tuple[sa.Table, dict[str, Any]]:
    """A deleted object's stored values (before any unsaved edits)."""
    state = inspect(obj)
    table = state.mapper.local_table
    row = {}
    for attr in state.mapper.column_attrs:
        history = state.attrs[attr.key].history
        if history.deleted:
            row[attr.key] = history.deleted[0]
        elif history.unchanged:
            row[attr.key] = history.unchanged[0]
        else:
            row[attr.key] = getattr(obj, attr.key, None)
    return table, row


# --- UPDATE and DELETE statements through session.execute ------------------------------------


def _statement_table(statement: Any) -> sa.Table | None:
    table = getattr(statement, "table", None)
    if isinstance(table, sa.Table):
        return table
    entity = getattr(table, "entity_namespace", None) or getattr(statement, "entity_description", None)
    if isinstance(entity, dict):
        entity = entity.get("entity")
    local = getattr(inspect(entity, raiseerr=False), "local_table", None) if entity is not None else None
    return local if isinstance(local, sa.Table) else None


def _assigned(statement: Any) -> set[str]:
    names = set()
    for key in getattr(statement, "_values", None) or {}:
        names.add(key if isinstance(key, str) else getattr(key, "key", getattr(key, "name", str(key))))
    return names


@event.listens_for(Session, "do_orm_execute")
def _statement(state: ORMExecuteState) -> Any:
    if not (state.is_update or state.is_delete) or state.session.info.get(NO_HISTORY):
        return None
    table = _statement_table(state.statement)
    if table is None or not _recorded(table):
        return None
    if state.is_update and not (_assigned(state.statement) - DERIVED - BOOKKEEPING):
        return None  # only derived columns: no change anyone made
    session = state.session
    where = state.statement.whereclause
    query = sa.select(table) if where is None else sa.select(table).where(where)
    before = [dict(row._mapping) for row in session.connection().execute(query)]
    result = state.invoke_statement()
    if not before:
        return result
    entries = []
    if state.is_delete:
        for row in before:
            entries.append(_entry(session, table, ChangeAction.DELETE, row, _snapshot(table, row), 0))
    else:
        keys = list(table.primary_key.columns)
        condition = sa.tuple_(*keys).in_([tuple(row[c.name] for c in keys) for row in before]) \
            if len(keys) > 1 else keys[0].in_([row[keys[0].name] for row in before])
        after = {}
        for found in session.connection().execute(sa.select(table).where(condition)):
            now = dict(found._mapping)
            after[tuple(now[c.name] for c in keys)] = now
        for row in before:
            now = after.get(tuple(row[c.name] for c in keys))
            if now is None:
                continue
            values = {
                name: [to_json(table, name, row[name]), to_json(table, name, now[name])]
                for name in table.c.keys()
                if name not in DERIVED and name not in BOOKKEEPING and row[name] != now[name]
            }
            if values:
                if is_link_table(table):
                    for column in keys:
                        value = to_json(table, column.name, now[column.name])
                        values.setdefault(column.name, [value, value])
                entries.append(_entry(session, table, ChangeAction.UPDATE, now, values,
                                      now.get("version") or 0))
    _write(session, [entry for entry in entries if entry is not None])
    return result


# --- the end of a transaction ------------------------------------------------------------------


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    group = session.info.pop(GROUP, None)
    reverts = session.info.pop(GROUP_REVERTS, "")
    callback = session.info.get(ON_COMMIT)
    if group and callback is not None:
        callback(group, reverts)


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(GROUP, None)
    session.info.pop(GROUP_REVERTS, None)


@contextmanager
def without_history(session: Session) -> Iterator[None]:
    """Write without history entries (bulk loads); what is pending is flushed inside."""
    before = session.info.get(NO_HISTORY)
    session.info[NO_HISTORY] = True
    try:
        yield
        session.flush()
    finally:
        if before is None:
            session.info.pop(NO_HISTORY, None)
        else:
            session.info[NO_HISTORY] = before


def install() -> None:
    """Importing this module installs the listeners; call it to make the import explicit."""
