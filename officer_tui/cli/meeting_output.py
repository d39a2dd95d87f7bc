"""How ``officer meeting list|show`` print a meeting: as text and as JSON.

Standard library at import time; labels are imported where used.
"""

from __future__ import annotations

from datetime import date, time
from typing import Any

from officer_tui.i18n import _, format_date


def when_text(held_on: date, start: time | None, end: time | None) -> str:
    """``2026-03-02 10:00–11:00``; the date alone for an all-day meeting."""
    text = format_date(held_on)
    if start is not None:
        text += f" {start:%H:%M}"
        if end is not None:
            text += f"–{end:%H:%M}"
    return text


def _clock(value: time | None) -> str | None:
    return None if value is None else f"{value:%H:%M}"


def link_json(link: Any) -> dict[str, Any]:
    return {"kind": link.kind.value, "id": link.record_id, "title": link.title}


def row_json(row: Any) -> dict[str, Any]:
    return {
        "id": row.id, "title": row.title, "kind": row.kind.value, "date": row.held_on,
        "start": _clock(row.start_time), "end": _clock(row.end_time),
        "duration_minutes": row.duration_minutes, "place": row.place, "online": row.online,
        "participants": row.participants, "items": row.items, "decisions": row.decisions,
        "open_actions": row.open_actions, "closed": row.closed, "series": row.series_title,
    }


def detail_json(detail: Any) -> dict[str, Any]:
    return {
        "id": detail.id, "title": detail.title, "kind": detail.kind.value,
        "date": detail.held_on, "start": _clock(detail.start_time), "end": _clock(detail.end_time),
        "duration_minutes": detail.duration_minutes, "place": detail.place,
        "url": detail.online_url, "notes": detail.notes, "unit_id": detail.unit_id,
        "unit": detail.unit_name, "series_id": detail.series_id, "series": detail.series_title,
        "every": f"{detail.series_every[0]} {detail.series_every[1].value}"
        if detail.series_every else None,
        "previous_id": detail.previous_id, "next_id": detail.next_id,
        "closed": detail.closed, "closed_at": detail.closed_at, "version": detail.version,
        "participants": [
            {"id": p.contact_id, "name": p.name, "unit": p.unit, "attendance": p.attendance.value}
            for p in detail.participants
        ],
        "links": [link_json(link) for link in detail.links],
        "items": [
            {
                "id": i.id, "position": i.position, "title": i.title,
                "presenter_id": i.presenter_id, "presenter": i.presenter_name,
                "minutes": i.minutes, "notes": i.notes, "status": i.status.value,
                "subject": link_json(i.subject) if i.subject else None,
                "carried_from": {"meeting_id": i.carried_from[0], "date": i.carried_from[1]}
                if i.carried_from else None,
                "outcomes": [
                    {"id": o.id, "kind": o.kind.value, "text": o.text,
                     "followup_id": o.followup_id, "owner_id": o.owner_id, "owner": o.owner_name,
                     "due": o.due_on, "done": o.done_on}
                    for o in i.outcomes
                ],
                "version": i.version,
            }
            for i in detail.items
        ],
    }


def _link_text(link: Any) -> str:
    return f"{link.kind.value}:{link.record_id} {link.title}"


def detail_text(detail: Any) -> str:
    from officer_tui.labels import (
        ATTENDANCE_SYMBOLS,
        OUTCOME_SYMBOLS,
        agenda_status_label,
        attendance_label,
        meeting_kind_label,
        outcome_kind_label,
    )

    when = when_text(detail.held_on, detail.start_time, detail.end_time)
    if detail.duration_minutes:
        when += " (" + _("{n} min").format(n=detail.duration_minutes) + ")"
    fields = [(_("When"), when), (_("Kind"), meeting_kind_label(detail.kind))]
    if detail.place:
        fields.append((_("Place"), detail.place))
    if detail.online_url:
        fields.append((_("Online"), detail.online_url))
    if detail.unit_name:
        fields.append((_("Host"), detail.unit_name))
    if detail.series_title:
        series = detail.series_title
        neighbours = [text.format(id=value) for text, value in (
            (_("previous #{id}"), detail.previous_id), (_("next #{id}"), detail.next_id)) if value]
        if neighbours:
            series += f" ({', '.join(neighbours)})"
        fields.append((_("Series"), series))
    fields.append((_("Status"), _("closed") if detail.closed else _("open")))
    if detail.links:
        fields.append((_("About"), "; ".join(_link_text(link) for link in detail.links)))
    width = max(len(label) for label, _value in fields) + 1
    lines = [f"#{detail.id}  {detail.title}", ""]
    lines += [f"{(label + ':').ljust(width)}  {value}" for label, value in fields]
    lines += ["", _("Participants") + ":"]
    if not detail.participants:
        lines.append("  –")
    for p in detail.participants:
        unit = f" ({p.unit})" if p.unit else ""
        lines.append(f"  {ATTENDANCE_SYMBOLS[p.attendance]} {p.name}{unit}  "
                     f"{attendance_label(p.attendance)}")
    if detail.notes.strip():
        lines += ["", _("Notes") + ":"] + ["  " + line for line in detail.notes.splitlines()]
    lines += ["", _("Agenda") + ":"]
    if not detail.items:
        lines.append("  –")
    for number, i in enumerate(detail.items, start=1):
        extras = [e for e in (i.presenter_name,
                              _("{n} min").format(n=i.minutes) if i.minutes else None) if e]
        head = f"  {number}. [{i.id}] {i.title}"
        if extras:
            head += f" ({', '.join(extras)})"
        head += f"  – {agenda_status_label(i.status)}"
        lines.append(head)
        if i.subject:
            lines.append("       " + _link_text(i.subject))
        if i.carried_from:
            lines.append("       " + _("carried over from {date}").format(
                date=format_date(i.carried_from[1])))
        lines += ["       " + line for line in i.notes.splitlines()]
        for o in i.outcomes:
            text = f"     {OUTCOME_SYMBOLS[o.kind]} [{o.id}] {outcome_kind_label(o.kind)}: {o.text}"
            if o.followup_id:
                text += "  (" + _("{owner}, due {date}").format(
                    owner=o.owner_name or "?", date=format_date(o.due_on))
                if o.done_on:
                    text += ", " + _("done")
                text += ", " + _("follow-up #{id}").format(id=o.followup_id) + ")"
            lines.append(text)
    return "\n".join(lines)
