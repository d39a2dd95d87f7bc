"""Reads and file exports the meeting screens need beyond ``services.meetings``.

Choices for pickers (people, records to link), parsing a time of day as people type it, and
writing minutes and calendar files into the exports folder (mode 0600: they name people).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, time
from pathlib import Path

from sqlalchemy import or_, select
from sqlmodel import Session

from officer_tui import clock
from officer_tui.db.textsearch import text_contains
from officer_tui.i18n import _
from officer_tui.models.enums import RecordKind
from officer_tui.models.org import Contact, OrgUnit
from officer_tui.models.portfolio import Idea, Project
from officer_tui.models.request import Request
from officer_tui.services import private_file
from officer_tui.services._common import filter_words
from officer_tui.services.errors import ValidationError
from officer_tui.services.meeting_views import LinkView

# The records a meeting or an agenda item can be about.
LINKABLE = {
    RecordKind.PROJECT: Project,
    RecordKind.REQUEST: Request,
    RecordKind.IDEA: Idea,
}

_TIME = re.compile(r"^\s*(\d{1,2})(?:\s*[:.h]\s*(\d{2}))?\s*(?:uhr)?\s*$", re.IGNORECASE)


def parse_time(text: str | None, *, field: str) -> time | None:
    """``9``, ``9:30``, ``09.30``, ``0930`` or ``9 Uhr``; empty means none."""
    if text is None or not text.strip():
        return None
    raw = text.strip()
    if raw.isdigit() and len(raw) in (3, 4):
        raw = f"{raw[:-2]}:{raw[-2:]}"
    match = _TIME.match(raw)
    if match:
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        if hour < 24 and minute < 60:
            return time(hour, minute)
    raise ValidationError(field, _("'{value}' is not a time; use HH:MM, e.g. 09:30").format(value=text.strip()))


def people_choices(session: Session) -> list[tuple[int, str, str | None]]:
    """(id, name, unit name) of everyone not erased, by name: for participant pickers."""
    statement = (
        select(Contact.id, Contact.name, OrgUnit.name)
        .join(OrgUnit, Contact.unit_id == OrgUnit.id, isouter=True)
        .where(Contact.erased_at.is_(None))
        .order_by(Contact.name_folded, Contact.id)
    )
    return [tuple(row) for row in session.execute(statement)]


def find_records(session: Session, text: str, *,
                 kinds: Sequence[RecordKind] = (RecordKind.PROJECT, RecordKind.REQUEST, RecordKind.IDEA),
                 limit: int = 40) -> list[LinkView]:
    """Projects, requests and ideas whose title (or number, ``#12``) matches ``text``.

    Projects come first (there are few and they are linked most), newest first within a kind.
    """
    words = filter_words(text)
    number = text.strip().lstrip("#")
    found: list[LinkView] = []
    for kind in kinds:
        model = LINKABLE[RecordKind(kind)]
        statement = select(model.id, model.title)
        if number.isdigit():
            statement = statement.where(or_(model.id == int(number), text_contains(model.search_text, words)))
        elif words:
            statement = statement.where(text_contains(model.search_text, words))
        statement = statement.order_by(model.id.desc()).limit(max(limit - len(found), 0))
        found += [LinkView(RecordKind(kind), record_id, title) for record_id, title in session.execute(statement)]
        if len(found) >= limit:
            break
    return found


def record_title(session: Session, kind: RecordKind, record_id: int) -> str | None:
    model = LINKABLE.get(RecordKind(kind))
    if model is None:
        return None
    return session.execute(select(model.title).where(model.id == record_id)).scalar_one_or_none()


# --- exports -------------------------------------------------------------------------------------


def exports_folder() -> Path:
    from officer_tui.services.gdpr import exports_dir

    return exports_dir()


def write_private(path: Path, text: str) -> Path:
    """Write ``text`` to ``path`` readable by its owner only; a clear message when it fails."""
    return private_file.write_private(path, text, field="file")


def export_minutes(session: Session, *, meeting_id: int, folder: Path | None = None) -> Path:
    """The meeting's minutes as Markdown: ``meeting-<id>-<date>.md`` in the exports folder."""
    from officer_tui.services import meetings

    meeting = meetings.get_meeting(session, meeting_id)
    text = meetings.minutes_markdown(session, meeting_id=meeting_id)
    path = (folder or exports_folder()) / f"meeting-{meeting_id}-{meeting.held_on.isoformat()}.md"
    return write_private(path, text)


def export_ics(session: Session, *, meeting_ids: Sequence[int] | None = None,
               upcoming_from: date | None = None, folder: Path | None = None) -> tuple[Path, int]:
    """One meeting (``meeting-<id>.ics``) or all upcoming ones (``meetings-upcoming-<date>.ics``).

    Returns the path and how many meetings the file holds.
    """
    from officer_tui.services import meetings

    events = meetings.meeting_events(session, meeting_ids=meeting_ids, upcoming_from=upcoming_from)
    text = meetings.ics_text(session, meeting_ids=meeting_ids, upcoming_from=upcoming_from)
    if meeting_ids is not None and len(meeting_ids) == 1:
        name = f"meeting-{meeting_ids[0]}.ics"
    else:
        name = f"meetings-upcoming-{(upcoming_from or clock.today()).isoformat()}.ics"
    return write_private((folder or exports_folder()) / name, text), len(events)
