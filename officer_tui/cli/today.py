"""``officer today [--json] [--limit N]``: what needs you today, as the Today pane shows it."""

from __future__ import annotations

import argparse
from typing import Any

from officer_tui.cli._common import json_flag, print_json, session_for, today, whole
from officer_tui.i18n import _, format_date

# How a line names its record: ``request 12``, as the other commands take it.
KIND_WORDS = {
    "request": "request", "idea": "idea", "project": "project", "meeting": "meeting",
    "training": "training", "training_session": "session", "contact": "contact",
    "followup": "followup",
}

# Where the rest of a section is: the command that lists all of it.
MORE_COMMANDS = {
    "followups_overdue": "officer followup list --state overdue",
    "followups_today": "officer followup list",
    "requests_new": "officer request list --status new --sort received",
    "requests_waiting": "officer request list --waiting-days {days}",
    "meetings": "officer meeting list --upcoming",
    "followups_soon": "officer followup list",
    "sessions": "officer session list --upcoming",
    "ideas": "officer idea list --unassessed",
    "projects": "officer project list",
    "contacts": "officer contact list --losing-touch",
}


def register(commands: Any) -> None:
    text = _("what needs you today: follow-ups, requests, meetings, trainings, ideas, "
             "projects, contacts")
    parser = commands.add_parser("today", help=text, description=text)
    parser.add_argument("--limit", type=whole(1), default=None, metavar="N",
                        help=_("lines per section (default: 8)"))
    json_flag(parser)
    parser.set_defaults(handler=show)


def show(args: argparse.Namespace) -> int:
    from officer_tui.services.today import today_sections
    from officer_tui.services.today_views import LIMIT, long_date, section_json, summary_text

    day = today()
    with session_for(args) as session:
        sections = today_sections(session, today=day, limit=args.limit or LIMIT)
    if args.json:
        print_json({
            "today": day,
            "summary": summary_text(sections),
            "sections": [section_json(section) for section in sections],
        })
        return 0
    print(f"{long_date(day)} · {summary_text(sections)}")
    print(render(sections))
    return 0


def render(sections: list) -> str:
    """Plain text: a header with its count per section, then its lines, then "… N more"."""
    from officer_tui.i18n import ngettext
    from officer_tui.services.today_views import nothing_text, waiting_too_long_days

    blocks = []
    for section in sections:
        lines = [f"\n{section.title} · {section.count}"]
        if not section.count:
            lines.append("  ✓ " + nothing_text(section.key))
        width = max((len(f"{KIND_WORDS[item.kind.value]} {item.record_id}") for item in section.items),
                    default=0)
        for item in section.items:
            ref = f"{KIND_WORDS[item.kind.value]} {item.record_id}".ljust(width)
            day = format_date(item.day) if item.day else ""
            line = f"{item.mark or ' '} {day:<10}  {ref}  {item.title}"
            if item.detail:
                line += f" · {item.detail}"
            lines.append(line.rstrip())
        if section.more:
            more = ngettext("… {n} more", "… {n} more", section.more).format(n=section.more)
            command = MORE_COMMANDS[section.key.value].format(days=waiting_too_long_days())
            lines.append("  " + _("{more}: {command}").format(more=more, command=command))
        blocks.append("\n".join(lines))
    return "\n".join(blocks).lstrip("\n")
