"""Who did what: the people in the change history, as the lists filter and show them.

Every saved change records its user (``OFFICER_USER``, else the login name; see
``services.history_recorder``). From that history:

- ``touched_by`` is the list filter "created or changed by NAME": a condition on a model's id,
  ``id IN (SELECT record_id FROM change WHERE user IN (...) AND table_name IN (...))``, which
  looks the person's entries up through the index on ``change.user``. The name matches whole
  and without regard to case ("anna" finds "Anna", not "Annabel"), after trimming.
- ``authorship`` says, for a page of records, who created and who last changed each one, in
  one query.
- ``known_users`` lists the people who appear in the history (for suggestions).

A record's changes are those of its own table and of the link tables it owns (an idea's goals,
a project's goals): changing a project's goals changes the project. Entries of an earlier record
that had the same number (SQLite gives the number of a deleted last record to the next one) do
not count: an entry of the record's own table names the record's uid too, and a link-table entry
counts unless the record was deleted after it (and not brought back since).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlmodel import Session, SQLModel

from officer_tui.i18n import _, format_date
from officer_tui.models.history import Change, ChangeAction

_PAGE = 500  # ids per query when a whole list is described (bound parameters stay few)


def clean_user(name: str | None) -> str:
    """The name as the filter compares it: trimmed; "" means no filter."""
    return (name or "").strip()


@functools.cache
def record_tables(table: str) -> tuple[str, ...]:
    """The tables whose changes are changes of a ``table`` record: its own and its link tables."""
    from officer_tui.services.history import _owned_tables

    return (table, *_owned_tables(table))


def _belongs(records, table: str, kind):
    """Entries (``Change`` joined to ``records``, an alias of ``table``, on the record's id)
    about the record there now.

    ``kind`` is ``Change.table_name`` or an expression of it (to steer SQLite's index choice).
    Own-table entries carry the record's uid: compared, an entry of an earlier record with the
    same number drops out (and one of a record deleted and restored, same uid, stays).
    """
    own = (kind == table) & (Change.record_uid == records.c.uid)
    links = record_tables(table)[1:]
    if not links:
        return own
    return own | (kind.in_(links) & _alive(table))


def _alive(table: str):
    """Link-table entries of a ``table`` record that belong to the record there now.

    A record ends with a deletion in its own table that was not undone since (undone: the
    record, known by its uid, created again later). Entries up to such a deletion, the
    deletion included, are about an earlier record of that number. A link row's deletion (a
    goal taken off a project) ends nothing. Each test is an index lookup (``ix_change_record``).
    """
    deleted = aliased(Change, name="owner_deletion")
    restored = aliased(Change, name="owner_restoration")
    undone = (
        sa.select(restored.id)
        .where(
            restored.table_name == table,
            restored.record_id == deleted.record_id,
            restored.id > deleted.id,
            restored.action == ChangeAction.INSERT,
            restored.record_uid == deleted.record_uid,
        )
        .exists()
    )
    ended = (
        sa.select(deleted.id)
        .where(
            deleted.table_name == table,
            deleted.record_id == Change.record_id,
            deleted.id >= Change.id,  # the deletion itself included
            deleted.action == ChangeAction.DELETE,
            ~undone,
        )
        .exists()
    )
    return ~ended


def known_users(session: Session) -> list[str]:
    """Everyone who appears in the history, by name (case ignored), for suggestions: one
    spelling per person (the filter ignores case), the one most used."""
    counted = session.execute(sa.select(Change.user, sa.func.count()).group_by(Change.user)).all()
    best: dict[str, tuple[int, str]] = {}
    for user, count in counted:
        key = user.strip().casefold()
        if key and (key not in best or (count, user) > best[key]):
            best[key] = (count, user)
    return [best[key][1] for key in sorted(best)]


def matching_users(session: Session, name: str | None) -> list[str]:
    """The spellings in the history of ``name``: the whole name, case ignored ("anna" finds
    "Anna" and "ANNA", not "Annabel"). Empty when nobody of that name changed anything."""
    wanted = clean_user(name).casefold()
    if not wanted:
        return []
    users = session.execute(sa.select(Change.user).distinct()).scalars().all()
    return sorted(user for user in users if user.strip().casefold() == wanted)


def check_user(session: Session, name: str | None, *, field: str = "by") -> str:
    """``name`` trimmed, refused (``ValidationError``) when nobody of that name has changed
    anything: a typo should not look like "this person did nothing". Suggests the closest."""
    from officer_tui.services.errors import ValidationError
    from officer_tui.text import closest

    wanted = clean_user(name)
    if not wanted or matching_users(session, wanted):
        return wanted
    users = known_users(session)
    if not users:
        raise ValidationError(field, _("the change history is empty: nobody has changed anything yet"))
    near = closest(wanted, users)
    if near:
        raise ValidationError(field, _("nobody called {name!r} has changed anything; did you mean: "
                                       "{options}?").format(name=wanted, options=", ".join(near)))
    raise ValidationError(field, _("nobody called {name!r} has changed anything (known: {options})")
                          .format(name=wanted, options=", ".join(users[:10])))


def touched_by(session: Session, model: type[SQLModel], name: str | None):
    """A condition for ``select(model...).where(...)``: records of ``model`` that ``name``
    created or changed (see the module). Always false for a name not in the history."""
    users = matching_users(session, name)
    if not users:
        return sa.false()
    table: str = model.__table__.name  # type: ignore[attr-defined]
    # an alias: the outer query selects from the table too, and must not correlate
    records = model.__table__.alias("touched")  # type: ignore[attr-defined]
    # ``table_name || ''``: looked up by the person (ix_change_user, a few entries), not by
    # the kind (every entry of every request); SQLite, without statistics, would take the latter.
    kind = Change.table_name.concat(sa.literal_column("''"))
    entries = (
        sa.select(Change.record_id)
        .join(records, records.c.id == Change.record_id)
        .where(Change.user.in_(users), kind.in_(record_tables(table)), _belongs(records, table, kind))
    )
    return model.id.in_(entries)  # type: ignore[attr-defined]


# --- who created and who last changed ------------------------------------------------------


@dataclass(frozen=True)
class Authorship:
    """Who created a record and who changed it last (``None`` where the history says nothing:
    records from before the history, demo data, a record not changed since it was created)."""

    created_by: str | None = None
    created_at: datetime | None = None
    changed_by: str | None = None
    changed_at: datetime | None = None

    @property
    def known(self) -> bool:
        return self.created_at is not None or self.changed_at is not None

    @property
    def created_on(self) -> date | None:
        return local_date(self.created_at)

    @property
    def changed_on(self) -> date | None:
        return local_date(self.changed_at)

    def text(self) -> str:
        """``Created by Anna on 2026-03-02 · last changed by Ben on 2026-03-05`` ("" if unknown)."""
        parts = []
        if self.created_at is not None:
            parts.append(_("Created by {user} on {date}").format(
                user=self.created_by or _("unknown"), date=format_date(self.created_on)))
        if self.changed_at is not None:
            text = _("last changed by {user} on {date}") if parts else _("Last changed by {user} on {date}")
            parts.append(text.format(user=self.changed_by or _("unknown"),
                                     date=format_date(self.changed_on)))
        return " · ".join(parts)


NOBODY = Authorship()


def local_date(moment: datetime | None) -> date | None:
    """The local day of a stored moment (stored as UTC; naive when read back from SQLite)."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone().date()


def authorship(session: Session, *, table: str, ids: Iterable[int]) -> dict[int, Authorship]:
    """Who created and who last changed each record of ``table`` in ``ids``: one query per
    500 ids. Records the history knows nothing of are left out (``.get(id, NOBODY)``)."""
    wanted = sorted({int(i) for i in ids})
    found: dict[int, Authorship] = {}
    for start in range(0, len(wanted), _PAGE):
        found.update(_authorship_page(session, table, wanted[start : start + _PAGE]))
    return found


def authorship_of(session: Session, *, table: str, record_id: int) -> Authorship:
    return authorship(session, table=table, ids=[record_id]).get(record_id, NOBODY)


def _authorship_page(session: Session, table: str, ids: Sequence[int]) -> dict[int, Authorship]:
    if not ids:
        return {}
    records = SQLModel.metadata.tables[table].alias("described")
    belongs = _belongs(records, table, Change.table_name)
    created = (
        sa.select(sa.func.min(Change.id).label("id"), sa.literal_column("'created'").label("role"))
        .join(records, records.c.id == Change.record_id)
        .where(Change.table_name == table, Change.record_id.in_(ids),
               Change.action == ChangeAction.INSERT, belongs)
        .group_by(Change.record_id)
    )
    latest = (
        sa.select(sa.func.max(Change.id).label("id"), sa.literal_column("'changed'").label("role"))
        .join(records, records.c.id == Change.record_id)
        .where(Change.table_name.in_(record_tables(table)), Change.record_id.in_(ids), belongs)
        .group_by(Change.record_id)
    )
    roles = sa.union_all(created, latest).subquery("roles")
    rows = session.execute(
        sa.select(Change.id, Change.record_id, Change.user, Change.at, roles.c.role)
        .join(roles, roles.c.id == Change.id)
    ).all()
    creation = {row.record_id: row for row in rows if row.role == "created"}
    result: dict[int, Authorship] = {}
    for row in rows:
        if row.role != "changed":
            continue
        first = creation.get(row.record_id)
        if first is not None and first.id == row.id:  # created, not changed since
            result[row.record_id] = Authorship(created_by=first.user, created_at=first.at)
        elif first is not None:
            result[row.record_id] = Authorship(first.user, first.at, row.user, row.at)
        else:  # created before the history began
            result[row.record_id] = Authorship(changed_by=row.user, changed_at=row.at)
    return result


__all__ = [
    "NOBODY",
    "Authorship",
    "authorship",
    "authorship_of",
    "check_user",
    "clean_user",
    "known_users",
    "local_date",
    "matching_users",
    "record_tables",
    "touched_by",
]
