"""Who did what, for the list and show commands: ``--by USER``, the ``created_by`` and
``changed_by`` of JSON rows, and the "Created by … · last changed by …" line."""

from __future__ import annotations

import argparse
from typing import Any

from officer_tui.i18n import _


def by_option(parser: argparse.ArgumentParser, help_text: str) -> None:
    """``--by USER``: only records USER created or changed, as the change history says."""
    parser.add_argument("--by", metavar="USER", help=help_text)


def checked_user(session: Any, name: str | None) -> str | None:
    """The ``--by`` value, refused when nobody of that name is in the history (exit 2)."""
    if name is None:
        return None
    from officer_tui.services.authors import check_user

    return check_user(session, name, field="by") or None


def add_authors(session: Any, table: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """JSON rows (with ``id``) gain ``created_by`` and ``changed_by`` (null when the history
    does not say: records from before it, or not changed since they were created)."""
    from officer_tui.services.authors import NOBODY, authorship

    found = authorship(session, table=table, ids=[row["id"] for row in rows])
    for row in rows:
        known = found.get(row["id"], NOBODY)
        row["created_by"] = known.created_by
        row["changed_by"] = known.changed_by
    return rows


def history_field(session: Any, table: str, record_id: int) -> list[tuple[str, str]]:
    """``[("History", "Created by Anna on … · last changed by Ben on …")]``, or ``[]`` when the
    history knows nothing of the record (nothing is better than "unknown")."""
    from officer_tui.services.authors import authorship_of

    text = authorship_of(session, table=table, record_id=record_id).text()
    return [(_("History"), text)] if text else []


def json_authors(session: Any, table: str, record_id: int) -> dict[str, Any]:
    """``created_by``/``created_on``/``changed_by``/``changed_on`` for a ``show --json``."""
    from officer_tui.services.authors import authorship_of

    known = authorship_of(session, table=table, record_id=record_id)
    return {"created_by": known.created_by, "created_on": known.created_on,
            "changed_by": known.changed_by, "changed_on": known.changed_on}
