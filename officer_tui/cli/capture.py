"""``officer capture TEXT [--dry-run] [--json]``: one line becomes a record, as ``c`` in the app.

    officer capture "Anfrage Stadtmuseum: Drucker defekt !hoch bis Freitag @Schmidt"
    officer capture idea Library: chatbot for opening hours due next monday
    echo "WV: Förderbescheid nachfassen in zwei Wochen @Krüger" | officer capture -

Prints what was understood and the saved record's number. ``--dry-run`` only prints (exit 2
when the line would be refused, with the reason on stderr). A refused line exits 2 with one
line naming the field; nothing is written.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from officer_tui.cli._common import BadInput, json_flag, print_json, session_for, today
from officer_tui.i18n import _

KIND_WORDS = "request|idea|followup|project|meeting"


def register(commands: Any) -> None:
    text = _("capture a request, idea, follow-up, project or meeting in one line")
    group = commands.add_parser(
        "capture", help=text,
        description=text + ". " + _(
            "Syntax: KIND UNIT: title !priority @person date, e.g. "
            "'Anfrage Stadtmuseum: Drucker defekt !hoch bis Freitag @Schmidt'."),
    )
    group.add_argument("text", nargs="+", metavar="TEXT",
                       help=_("the line (several words are joined); '-' reads it from stdin"))
    group.add_argument("--dry-run", action="store_true",
                       help=_("only show what would be saved; write nothing"))
    json_flag(group)
    group.set_defaults(handler=capture)


def _line(words: list[str]) -> str:
    line = sys.stdin.read() if words == ["-"] else " ".join(words)
    line = " ".join(line.split())
    if not line:
        raise BadInput("TEXT", _("must not be empty"))
    return line


def _complaint(problems: list[tuple[str, str]]) -> str:
    return "; ".join(f"{field}: {message}" for field, message in problems)


def _as_json(reading: Any, saved: Any) -> dict[str, Any]:
    from officer_tui.services.capture import PERSON_ROLES

    return {
        "kind": reading.record_kind.value,
        "title": reading.title,
        "unit": {"id": reading.unit.id, "name": reading.unit.name} if reading.unit else None,
        "unit_from_person": reading.unit_from_person,
        "priority": reading.priority.value if reading.priority else None,
        "due": reading.due,
        "due_phrase": reading.due_phrase,
        "person": {"id": reading.person.id, "name": reading.person.name} if reading.person else None,
        "person_role": PERSON_ROLES[reading.kind].lower(),
        "meeting_kind": reading.meeting_kind.value if reading.meeting_kind else None,
        "problems": [{"field": field, "message": message} for field, message in reading.refused],
        "notes": list(reading.notes),
        "saved": saved is not None,
        "id": saved.record_id if saved else None,
        "followup_id": saved.followup_id if saved else None,
    }


def _as_text(reading: Any, saved: Any) -> str:
    from officer_tui.services.capture import kind_label, preview_rows

    rows = preview_rows(reading)
    width = max(len(label) for label, _value in rows) + 1
    lines = [f"{label + ':':<{width}} {value}" for label, value in rows]
    lines += [f"⚠ {field}: {message}" for field, message in reading.refused]
    lines += [f"· {note}" for note in reading.notes]
    if saved is not None:
        text = _("Saved: {kind} #{id}").format(kind=kind_label(reading.kind), id=saved.record_id)
        if saved.followup_id is not None:
            text += " " + _("(and follow-up #{id})").format(id=saved.followup_id)
        lines.append(text)
    elif not reading.refused:
        lines.append(_("Not saved (--dry-run)."))
    return "\n".join(lines)


def capture(args: argparse.Namespace) -> int:
    from officer_tui.services.errors import ValidationError

    line = _line(args.text)
    with session_for(args) as session:
        from officer_tui.services.capture import save_capture, understand_line

        reading = understand_line(session, line, today=today())
        saved = None
        if not args.dry_run and reading.can_save:
            try:
                saved = save_capture(session, reading, today=today())
            except ValidationError as exc:  # the domain services' own checks
                raise BadInput(None, _complaint(exc.problems)) from None
    if reading.refused and not args.dry_run:
        raise BadInput(None, _complaint(list(reading.refused)))
    if args.json:
        print_json(_as_json(reading, saved))
    else:
        print(_as_text(reading, saved))
    if reading.refused:  # a dry run of a line that would be refused
        print(f"officer: {_complaint(list(reading.refused))}", file=sys.stderr)
        return 2
    return 0
