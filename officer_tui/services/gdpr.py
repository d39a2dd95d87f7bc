"""Data protection for the people in the database (GDPR).

- Art. 15, access: ``export_person`` gathers everything about one person (the contact, its
  unit, purpose and legal basis, logged contacts, the timeline, and records whose free text
  mentions the name) as plain data; ``to_json`` / ``to_markdown`` render it; ``write_export``
  stores it in a file only the user can read.
- Art. 17, erasure: ``erasure_preview`` says what will change; ``erase_person`` blanks every
  personal field of the contact, deletes their logged contacts and stamps ``erased_at``. The
  row stays as a tombstone, so requests, ideas, projects and follow-ups keep their link and show
  "erased person". Free text elsewhere is not rewritten: the preview and the export list the
  records that mention the name, for the officer to review.
- Review: people whose retention review date has come are listed by
  ``contacts.contact_ids(review_due=True)``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, text
from sqlmodel import Session, select

from officer_tui import clock
from officer_tui.db import search_index
from officer_tui.db.textsearch import indexed_request_ids, text_contains
from officer_tui.i18n import _, current_language, format_date, ngettext
from officer_tui.labels import channel_label
from officer_tui.models.enums import RecordKind
from officer_tui.models.org import Contact, ContactLog, OrgUnit
from officer_tui.models.portfolio import FollowUp, Idea, Project
from officer_tui.models.request import Request
from officer_tui.services import timeline
from officer_tui.services._common import get_or_404, transactional
from officer_tui.services.contacts import erased_name
from officer_tui.services.errors import ValidationError
from officer_tui.services.history_recorder import NO_HISTORY, REDACT
from officer_tui.services.private_file import write_private
from officer_tui.text import fold

# Academic and courtesy titles left out when searching free text for a person's name.
_TITLES = frozenset({"dr.", "dr", "prof.", "prof", "frau", "herr", "mr.", "mrs.", "ms."})

# Records that point to a person, and through which column.
_LINKS: tuple[tuple[RecordKind, Any], ...] = (
    (RecordKind.REQUEST, Request.requester_id),
    (RecordKind.IDEA, Idea.submitter_id),
    (RecordKind.PROJECT, Project.lead_id),
    (RecordKind.FOLLOWUP, FollowUp.owner_id),
)



def count_text(kind: RecordKind, n: int) -> str:
    """``3 requests``: how many records of a kind, in words."""
    if kind == RecordKind.REQUEST:
        text = ngettext("{n} request", "{n} requests", n)
    elif kind == RecordKind.IDEA:
        text = ngettext("{n} idea", "{n} ideas", n)
    elif kind == RecordKind.PROJECT:
        text = ngettext("{n} project", "{n} projects", n)
    elif kind == RecordKind.FOLLOWUP:
        text = ngettext("{n} follow-up", "{n} follow-ups", n)
    else:
        text = ngettext("{n} logged contact", "{n} logged contacts", n)
    return text.format(n=n)


@dataclass(frozen=True)
class Mention:
    kind: RecordKind
    record_id: int
    title: str


@dataclass(frozen=True)
class ErasurePreview:
    """What ``erase_person`` would do to one person."""

    contact_id: int
    name: str
    blanked: tuple[str, ...]  # the fields that are emptied (service field names)
    logs_deleted: int
    kept: dict[RecordKind, int] = field(default_factory=dict)  # linked records that stay
    mentions: tuple[Mention, ...] = ()


PERSONAL_FIELDS = ("name", "role", "email", "phone", "notes", "purpose", "legal_basis")


def search_key(name: str) -> str:
    """What free text is searched for: the folded family name ("Dr. Anna Albers" -> "albers").

    The family name alone finds "Frau Albers" too; a few false hits are fine, as the officer
    reviews the list.
    """
    words = [word for word in fold(name).split() if word not in _TITLES]
    return words[-1] if words else ""


def mentions(session: Session, name: str, *, limit: int = 200) -> list[Mention]:
    """Records whose free text (title, description) mentions the person's family name."""
    key = search_key(name)
    if len(key) < 3:
        return []
    found: list[Mention] = []
    indexed = indexed_request_ids([key], dialect=session.get_bind().dialect.name)
    condition = Request.id.in_(indexed) if indexed is not None else text_contains(
        Request.search_text, [key]
    )
    for rid, title in session.exec(
        select(Request.id, Request.title).where(condition).order_by(Request.id).limit(limit)
    ).all():
        found.append(Mention(RecordKind.REQUEST, rid, title))
    for kind, model in ((RecordKind.IDEA, Idea), (RecordKind.PROJECT, Project)):
        statement = (
            select(model.id, model.title)
            .where(text_contains(model.search_text, [key]))
            .order_by(model.id)
            .limit(limit)
        )
        found.extend(Mention(kind, rid, title) for rid, title in session.exec(statement).all())
    return found


def _linked_counts(session: Session, contact_id: int) -> dict[RecordKind, int]:
    counts = {}
    for kind, column in _LINKS:
        n = session.exec(select(func.count()).where(column == contact_id)).one()
        if n:
            counts[kind] = n
    return counts


def _live(session: Session, contact_id: int) -> Contact:
    contact = get_or_404(session, Contact, contact_id, "contact")
    if contact.erased_at is not None:
        raise ValidationError(
            "contact",
            _("contact {id} was erased already on {day}").format(
                id=contact_id, day=format_date(contact.erased_at.date())
            ),
        )
    return contact


def erasure_preview(session: Session, contact_id: int) -> ErasurePreview:
    contact = _live(session, contact_id)
    logs = session.exec(
        select(func.count()).where(ContactLog.contact_id == contact_id)
    ).one()
    return ErasurePreview(
        contact_id=contact.id,
        name=contact.name,
        blanked=tuple(f for f in PERSONAL_FIELDS if getattr(contact, f)),
        logs_deleted=logs,
        kept=_linked_counts(session, contact_id),
        mentions=tuple(mentions(session, contact.name)),
    )


@transactional
def erase_person(
    session: Session, *, contact_id: int, now: datetime | None = None
) -> ErasurePreview:
    """Art. 17: blank the person's data, delete their logged contacts, keep the tombstone.

    Returns what was done (the preview taken just before). Refused for an erased person.
    """
    preview = erasure_preview(session, contact_id)
    contact = session.get(Contact, contact_id)
    _erase_history(session, contact_id)
    session.info[NO_HISTORY] = True  # the deleted logs' notes must not stay in the history
    try:
        session.execute(delete(ContactLog).where(ContactLog.contact_id == contact_id))
    finally:
        session.info.pop(NO_HISTORY, None)
    # The erasure itself is recorded, without values: "erased (GDPR)".
    session.info.setdefault(REDACT, set()).add(("contact", contact_id))
    for name in PERSONAL_FIELDS:
        setattr(contact, name, "")
    contact.name_folded = ""
    contact.review_on = None
    contact.stay_in_touch_days = None
    contact.erased_at = now or datetime.now(UTC)
    session.add(contact)
    session.flush()
    session.info[REDACT].discard(("contact", contact_id))
    if session.get_bind().dialect.name == "sqlite":
        # The index merged anew: the erased text leaves no trace in its pages.
        session.execute(text(search_index.purge_sql()))
    # On PostgreSQL the update trigger has rewritten the person's index row without the text;
    # the old row versions are dead tuples that PostgreSQL's (auto)vacuum reclaims, like the
    # contact's own old row: no reader can see them.
    return preview


def _erase_history(session: Session, contact_id: int) -> None:
    """Remove the person's data from the change history: every entry of the contact and of
    their logged contacts goes (their values hold names, addresses, notes)."""
    from officer_tui.models.history import Change

    logs = set(session.exec(select(ContactLog.id).where(ContactLog.contact_id == contact_id)))
    # logs deleted earlier are known by the contact in their recorded values
    logs.update(session.exec(
        select(Change.record_id).where(
            Change.table_name == "contactlog",
            Change.values["contact_id"].as_integer() == contact_id,
        )
    ))
    session.execute(
        delete(Change).where(
            ((Change.table_name == "contact") & (Change.record_id == contact_id))
            | ((Change.table_name == "contactlog") & Change.record_id.in_(logs))
        )
    )


# --- Art. 15: access ----------------------------------------------------------------------


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def export_person(session: Session, contact_id: int, *, today: date | None = None) -> dict:
    """Everything stored about one person, as JSON-ready data."""
    today = today or clock.today()
    contact = get_or_404(session, Contact, contact_id, "contact")
    unit = session.get(OrgUnit, contact.unit_id) if contact.unit_id else None
    logs = session.exec(
        select(ContactLog)
        .where(ContactLog.contact_id == contact_id)
        .order_by(ContactLog.happened_on.desc(), ContactLog.id.desc())
    ).all()
    entries = timeline.timeline(session, contact_id)
    erased = contact.erased_at is not None
    return {
        "export": {
            "kind": "GDPR Art. 15",
            "created_on": today.isoformat(),
            "language": current_language(),
        },
        "contact": {
            "id": contact.id,
            "name": erased_name() if erased else contact.name,
            "role": contact.role,
            "email": contact.email,
            "phone": contact.phone,
            "notes": contact.notes,
            "unit": {"id": unit.id, "name": unit.name} if unit else None,
            "purpose": contact.purpose,
            "legal_basis": contact.legal_basis,
            "review_on": _iso(contact.review_on),
            "stay_in_touch_days": contact.stay_in_touch_days,
            "created_at": _iso(contact.created_at),
            "updated_at": _iso(contact.updated_at),
            "erased_at": _iso(contact.erased_at),
        },
        "last_contact": _iso(next((e.happened_on for e in entries if e.happened_on <= today), None)),
        "contact_logs": [
            {
                "id": log.id,
                "happened_on": log.happened_on.isoformat(),
                "channel": log.channel.value,
                "note": log.note,
            }
            for log in logs
        ],
        "timeline": [
            {
                "happened_on": entry.happened_on.isoformat(),
                "kind": entry.kind.value,
                "record_id": entry.record_id,
                "title": entry.title,
                "role": entry.role,
            }
            for entry in entries
        ],
        "records_mentioning_name": []
        if erased
        else [
            {"kind": m.kind.value, "id": m.record_id, "title": m.title}
            for m in mentions(session, contact.name)
        ],
    }


def to_json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _md(text: str) -> str:
    """Free text inside Markdown: no line breaks, the special characters escaped."""
    escaped = "".join("\\" + ch if ch in "\\`*_[]<>" else ch for ch in text)
    return " ".join(escaped.split())


def to_markdown(data: dict) -> str:
    """The export for people, in the current language."""
    person = data["contact"]
    dash = "—"

    def day(value: str | None) -> str:
        return format_date(date.fromisoformat(value[:10])) if value else dash

    lines = [
        "# " + _("Data held about {name}").format(name=_md(person["name"])),
        "",
        _("Information under Art. 15 GDPR, created on {day}.").format(
            day=day(data["export"]["created_on"])
        ),
        "",
        "## " + _("Contact"),
        "",
    ]
    fields = [
        (_("Number"), f"#{person['id']}"),
        (_("Name"), person["name"]),
        (_("Role"), person["role"]),
        (_("Unit"), person["unit"]["name"] if person["unit"] else ""),
        (_("E-mail"), person["email"]),
        (_("Phone"), person["phone"]),
        (_("Notes"), person["notes"]),
        (_("Purpose of processing"), person["purpose"]),
        (_("Legal basis"), person["legal_basis"]),
        (_("Review on"), day(person["review_on"]) if person["review_on"] else ""),
        (_("Stored since"), day(person["created_at"])),
    ]
    if person["erased_at"]:
        fields.append((_("Erased on"), day(person["erased_at"])))
    lines += [f"- **{label}:** {_md(str(value)) if value else dash}" for label, value in fields]
    lines += ["", "## " + _("Logged contacts"), ""]
    if data["contact_logs"]:
        for log in data["contact_logs"]:
            lines.append(
                f"- {day(log['happened_on'])} · {channel_label(log['channel'])}"
                + (f": {_md(log['note'])}" if log["note"] else "")
            )
    else:
        lines.append(_("None."))
    lines += ["", "## " + _("Timeline"), ""]
    if data["timeline"]:
        for entry in data["timeline"]:
            role = timeline.role_text(entry["kind"], entry["role"])
            lines.append(
                f"- {day(entry['happened_on'])} · {timeline.kind_name(entry['kind'])} #{entry['record_id']}"
                + (f" ({role})" if role else "")
                + f": {_md(entry['title'])}"
            )
    else:
        lines.append(_("None."))
    lines += ["", "## " + _("Records whose text mentions the name"), ""]
    if data["records_mentioning_name"]:
        lines.append(_("Review these: free text is not changed automatically."))
        lines.append("")
        for mention in data["records_mentioning_name"]:
            lines.append(
                f"- {timeline.kind_name(mention['kind'])} #{mention['id']}: {_md(mention['title'])}"
            )
    else:
        lines.append(_("None."))
    return "\n".join(lines) + "\n"


def exports_dir() -> Path:
    from officer_tui.paths import data_dir

    return data_dir() / "exports"


def write_export(
    session: Session,
    contact_id: int,
    path: Path,
    *,
    fmt: str | None = None,
    today: date | None = None,
) -> Path:
    """Write the Art. 15 export to ``path`` (``json`` or ``md``, else by suffix); mode 0600."""
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    if fmt in ("markdown",):
        fmt = "md"
    if fmt not in ("json", "md"):
        raise ValidationError("format", _("use .json or .md (or --format json|md)"))
    data = export_person(session, contact_id, today=today)
    text = to_json(data) if fmt == "json" else to_markdown(data)
    return write_private(path, text, field="out")


def export_both(session: Session, contact_id: int, *, today: date | None = None) -> list[Path]:
    """The export as JSON and Markdown in the exports folder of the data directory."""
    today = today or clock.today()
    stem = f"person-{contact_id}-{today.isoformat()}"
    folder = exports_dir()
    return [
        write_export(session, contact_id, folder / f"{stem}.{fmt}", fmt=fmt, today=today)
        for fmt in ("json", "md")
    ]
