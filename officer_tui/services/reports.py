"""The portfolio report for management: Markdown in the current language.

Grouped by field of action, then phase (in the order of a project's life); per project the
traffic light as symbol and word with its note, funding with amount, programme and the proof
of use deadline, and the end date; totals per field and for the whole portfolio.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlmodel import Session

from officer_tui import clock
from officer_tui.i18n import _, format_date, format_money, ngettext
from officer_tui.models.enums import Funding, TrafficLight
from officer_tui.services.project_views import (
    PHASE_ORDER,
    TRAFFIC_SYMBOLS,
    ProjectFilter,
    ProjectRow,
    funding_text,
    phase_label,
    traffic_label,
    traffic_words,
)
from officer_tui.services.projects import list_projects


def cell(text: str | None) -> str:
    """Text from the database, safe inside a Markdown table cell."""
    return (text or "").replace("\\", "\\\\").replace("|", "\\|").replace("\r", "").replace(
        "\n", " "
    ).strip()


def _sums(rows: list[ProjectRow]) -> tuple[int, int, dict[TrafficLight, int]]:
    funded = sum(r.funding_amount or 0 for r in rows if r.funding == Funding.FUNDED)
    applied = sum(r.funding_amount or 0 for r in rows if r.funding == Funding.APPLIED)
    lights = {light: sum(1 for r in rows if r.traffic_light == light) for light in TrafficLight}
    return funded, applied, lights


def _summary(rows: list[ProjectRow]) -> str:
    funded, applied, lights = _sums(rows)
    count = ngettext("{n} project", "{n} projects", len(rows)).format(n=len(rows))
    parts = [
        count,
        _("funded {amount}").format(amount=format_money(funded)),
        _("applied for {amount}").format(amount=format_money(applied)),
        " ".join(f"{TRAFFIC_SYMBOLS[light]} {lights[light]}" for light in TrafficLight),
    ]
    return " · ".join(parts)


def _funding_cell(row: ProjectRow) -> str:
    text = funding_text(row.funding, row.funding_amount)
    if row.funding_programme:
        text += f" ({cell(row.funding_programme)})"
    if row.proof_of_use_due:
        text += ", " + _("proof of use due {date}").format(date=format_date(row.proof_of_use_due))
    return text


def portfolio_report(
    session: Session, *, filters: ProjectFilter | None = None, today: date | None = None
) -> str:
    """The report as Markdown text."""
    today = today or clock.today()
    rows = list_projects(session, filters=filters or ProjectFilter(), today=today)
    by_field: dict[str, list[ProjectRow]] = defaultdict(list)
    for row in rows:
        by_field[row.field_of_action or ""].append(row)
    fields = sorted(by_field, key=lambda name: (name == "", name.casefold()))

    lines = ["# " + _("Project portfolio"), ""]
    lines.append(_("As of {date}").format(date=format_date(today)) + " · " + _summary(rows))
    lines.append("")
    legend = ", ".join(traffic_words(light) for light in TrafficLight)
    lines.append(_("Traffic lights: {legend}").format(legend=legend))
    lines.append("")
    if not rows:
        lines.append(_("No projects."))
        return "\n".join(lines) + "\n"

    headers = (_("Light"), _("Project"), _("Unit"), _("Lead"), _("Funding"), _("End"), _("Note"))
    for name in fields:
        group = by_field[name]
        lines.append(f"## {cell(name) or _('No field of action')}")
        lines.append("")
        lines.append(_summary(group))
        lines.append("")
        for phase in PHASE_ORDER:
            in_phase = [row for row in group if row.phase == phase]
            if not in_phase:
                continue
            lines.append(f"### {phase_label(phase)} ({len(in_phase)})")
            lines.append("")
            lines.append("| " + " | ".join(headers) + " |")
            lines.append("|" + "---|" * len(headers))
            for row in in_phase:
                lines.append("| " + " | ".join((
                    traffic_words(row.traffic_light),
                    f"{cell(row.title)} (#{row.id})",
                    cell(row.unit_name),
                    cell(row.lead_name),
                    _funding_cell(row),
                    format_date(row.end_on),
                    cell(row.traffic_note),
                )) + " |")
            lines.append("")

    lines.append("## " + _("Totals"))
    lines.append("")
    total_headers = (_("Field of action"), _("Projects"), _("Funded"), _("Applied for"),
                     *(traffic_label(light) for light in TrafficLight))
    lines.append("| " + " | ".join(total_headers) + " |")
    lines.append("|---|" + "---:|" * (len(total_headers) - 1))
    for name in [*fields, None]:
        group = rows if name is None else by_field[name]
        funded, applied, lights = _sums(group)
        label = "**" + _("All") + "**" if name is None else (cell(name) or _("No field of action"))
        lines.append("| " + " | ".join((
            label, str(len(group)), format_money(funded), format_money(applied),
            *(str(lights[light]) for light in TrafficLight),
        )) + " |")
    return "\n".join(lines) + "\n"
