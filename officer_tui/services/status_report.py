"""The status report for management ("Lagebericht Digitalisierung"): Markdown in the current
language, for a period (default: the 30 days up to today).

Sections: key numbers; the portfolio by field of action (phases, funding, traffic lights, and
the projects at risk or off track with their note); the decisions of meetings held in the
period; open and overdue items as of today (follow-ups, requests, proofs of use); training
coverage per programme and target unit; requests received and closed in the period. An empty
section says so in one line. Text from the database is escaped for table cells.

The queries are the other services' (portfolio cells, the decision register, follow-ups,
request lists, coverage); only the period counts of requests and training are new
(``status_report_data``). Long lists stop after ``LIMIT`` lines with "… and N more".
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from sqlmodel import Session

from officer_tui import clock
from officer_tui.i18n import _, current_language, format_date, format_money, ngettext, pgettext
from officer_tui.models.enums import ProjectPhase, TrafficLight
from officer_tui.models.views import RequestFilter, RequestSort
from officer_tui.services.errors import ValidationError
from officer_tui.services.project_views import (
    PHASE_ORDER,
    TRAFFIC_SYMBOLS,
    ProjectFilter,
    funding_text,
    phase_label,
    traffic_label,
    traffic_words,
)
from officer_tui.services.reports import cell
from officer_tui.services.today_views import PROOF_DUE_DAYS, waiting_too_long_days

DEFAULT_DAYS = 30  # the default period: this many days, ending today
LIMIT = 50  # lines per list before "… and N more"


# --- the period -------------------------------------------------------------------------------


def default_period(today: date) -> tuple[date, date]:
    """The 30 days up to and including today."""
    return today - timedelta(days=DEFAULT_DAYS - 1), today


def resolve_period(start: date | None, end: date | None, *, today: date) -> tuple[date, date]:
    """The period for what was given: no end means today, no start means 30 days before the
    end. A period that ends before it starts is refused (field ``to``)."""
    end = end or (today if start is None or start <= today else start)
    start = start or end - timedelta(days=DEFAULT_DAYS - 1)
    if start > end:
        raise ValidationError(
            "to", _("{end} is before the first day, {start}").format(end=format_date(end), start=format_date(start))
        )
    return start, end


def file_name(start: date, end: date) -> str:
    """``status-report-2026-02-01-2026-03-02.md`` (German: ``lagebericht-…``)."""
    stem = pgettext("file name", "status-report")
    return f"{stem}-{start.isoformat()}-{end.isoformat()}.md"


# --- formatting helpers -----------------------------------------------------------------------


def _number(value: float) -> str:
    """``4.5`` / ``4,5``: one decimal, in the language's way."""
    text = f"{value:.1f}"
    return text.replace(".", ",") if current_language() == "de" else text


def _percent(share: float | None) -> str:
    return "" if share is None else _("{percent} %").format(percent=round(share * 100))


def _table(headers: list[str], rows: list[list[str]], *, right: tuple[int, ...] = ()) -> list[str]:
    align = "|".join("---:" if i in right else "---" for i in range(len(headers)))
    lines = ["| " + " | ".join(headers) + " |", "|" + align + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines + [""]


def _more(shown: int, total: int) -> list[str]:
    if total <= shown:
        return []
    return [_("… and {n} more.").format(n=total - shown), ""]


def _days(n: int) -> str:
    return ngettext("{n} day", "{n} days", n).format(n=n)


# --- the sections -----------------------------------------------------------------------------


def _portfolio(session: Session, today: date) -> tuple[list[str], dict]:
    from officer_tui.services.projects import list_projects, portfolio_cells

    lines = ["## " + _("Portfolio by field of action"), ""]
    cells = portfolio_cells(session, today=today)
    facts = {"projects": 0, "at_risk": 0, "off_track": 0}
    if not cells:
        return lines + [_("No projects."), ""], facts
    fields: dict[str, dict] = {}
    for c in cells:
        row = fields.setdefault(c.field_of_action, {"phases": {}, "funded": 0, "applied": 0,
                                                    "count": 0})
        row["phases"][c.phase] = row["phases"].get(c.phase, 0) + c.count
        row["funded"] += c.funded
        row["applied"] += c.applied
        row["count"] += c.count
    names = sorted(fields, key=lambda name: (name == "", name.casefold()))
    headers = [_("Field of action"), _("Projects"), *(phase_label(p) for p in PHASE_ORDER),
               _("Funded"), _("Applied for")]
    rows = []
    for name in [*names, None]:
        group = fields.values() if name is None else [fields[name]]
        label = "**" + _("All") + "**" if name is None else (cell(name) or _("No field of action"))
        rows.append([
            label, str(sum(g["count"] for g in group)),
            *(str(sum(g["phases"].get(p, 0) for g in group)) for p in PHASE_ORDER),
            format_money(sum(g["funded"] for g in group)),
            format_money(sum(g["applied"] for g in group)),
        ])
    lines += _table(headers, rows, right=tuple(range(1, len(headers))))
    facts["projects"] = sum(g["count"] for g in fields.values())

    # The lights of running projects (completed ones keep their last light but need no eye).
    risky = [
        row for light in (TrafficLight.OFF_TRACK, TrafficLight.AT_RISK)
        for row in list_projects(session, filters=ProjectFilter(traffic_light=light), today=today)
        if row.phase != ProjectPhase.DONE
    ]
    facts["off_track"] = sum(1 for r in risky if r.traffic_light == TrafficLight.OFF_TRACK)
    facts["at_risk"] = sum(1 for r in risky if r.traffic_light == TrafficLight.AT_RISK)
    lines += ["### " + _("Projects at risk or off track"), ""]
    if not risky:
        return lines + [_("No running project is at risk or off track."), ""], facts
    rows = [[
        traffic_words(r.traffic_light), f"{cell(r.title)} (#{r.id})",
        cell(r.field_of_action) or _("No field of action"), cell(r.unit_name),
        phase_label(r.phase), cell(r.traffic_note) or "–",
    ] for r in risky[:LIMIT]]
    lines += _table([_("Light"), _("Project"), _("Field of action"), _("Unit"), _("Phase"),
                     _("Note")], rows)
    return lines + _more(min(len(risky), LIMIT), len(risky)), facts


def _decisions(session: Session, start: date, end: date) -> tuple[list[str], int, int]:
    from officer_tui.services.meeting_reads import decisions

    lines = ["## " + _("Decisions of the period"), ""]
    rows = list(reversed(decisions(session, from_on=start, to_on=end)))
    if not rows:
        return lines + [_("No decisions in this period."), ""], 0, 0
    table = [[format_date(r.held_on), cell(r.meeting_title), cell(r.item_title), cell(r.text)]
             for r in rows]
    lines += _table([_("Date"), pgettext("column", "Meeting"), _("Agenda item"),
                     pgettext("column", "Decision")], table)
    return lines, len(rows), len({r.meeting_id for r in rows})


def _subject_text(kind, record_id, title) -> str:
    from officer_tui.services.followups import SUBJECT_LABELS

    if kind is None:
        return ""
    label = _(SUBJECT_LABELS.get(kind, str(kind)))  # the msgids are marked in services.followups
    return f"{label} #{record_id} {cell(title)}".rstrip()


def _open_items(session: Session, today: date) -> tuple[list[str], dict]:
    from sqlalchemy import func, select

    from officer_tui.models.portfolio import FollowUp
    from officer_tui.services import requests
    from officer_tui.services.followups import list_followups
    from officer_tui.services.idea_views import FollowUpState
    from officer_tui.services.projects import list_projects
    from officer_tui.services.status_report_data import open_request_counts

    lines = ["## " + _("Open and overdue items"), "",
             _("As of {date}.").format(date=format_date(today)), ""]
    facts: dict[str, int] = {}

    overdue_count = int(session.execute(
        select(func.count()).select_from(FollowUp)
        .where(FollowUp.done_on.is_(None), FollowUp.due_on < today)
    ).scalar_one())
    facts["followups_overdue"] = overdue_count
    lines += ["### " + _("Overdue follow-ups ({n})").format(n=overdue_count), ""]
    if not overdue_count:
        lines += [_("No follow-up is overdue."), ""]
    else:
        rows = list_followups(session, state=FollowUpState.OVERDUE, limit=LIMIT, today=today)
        lines += _table([_("Due"), _("Follow-up"), _("Owner"), _("About"), _("Overdue")], [[
            format_date(r.due_on), cell(r.title), cell(r.owner_name) or "–",
            _subject_text(r.subject_kind, r.subject_id, r.subject_title) or "–",
            _days((today - r.due_on).days),
        ] for r in rows])
        lines += _more(len(rows), overdue_count)

    open_total, overdue_requests = open_request_counts(session, today=today)
    facts["requests_open"], facts["requests_overdue"] = open_total, overdue_requests
    lines += ["### " + _("Overdue requests ({n})").format(n=overdue_requests), ""]
    overdue_filter = RequestFilter(overdue=True)
    if not overdue_requests:
        lines += [_("No request is overdue."), ""]
    else:
        rows = requests.list_requests(session, filters=overdue_filter, sort=RequestSort.DUE,
                                      limit=LIMIT, today=today)
        lines += _request_table(rows, today, due=True)
        lines += _more(len(rows), overdue_requests)

    # Waiting too long, the overdue ones (listed above) left out.
    waiting_days = waiting_too_long_days()
    waiting_filter = RequestFilter(waiting_days=waiting_days)
    both = requests.count_requests(session, filters=replace(waiting_filter, overdue=True),
                                   today=today)
    waiting = requests.count_requests(session, filters=waiting_filter, today=today) - both
    lines += ["### " + _("Requests waiting more than {days} ({n})").format(
        days=_days(waiting_days), n=waiting), ""]
    if not waiting:
        lines += [_("No other request has waited that long."), ""]
    else:
        rows = [row for row in requests.list_requests(
            session, filters=waiting_filter, sort=RequestSort.RECEIVED,
            limit=LIMIT + min(both, 5000), today=today) if not row.overdue]
        rows = sorted(rows, key=lambda row: (row.received_on, row.id))[:LIMIT]
        lines += _request_table(rows, today, due=False)
        lines += _more(len(rows), waiting)

    proofs = list_projects(session, filters=ProjectFilter(proof_due_days=PROOF_DUE_DAYS),
                           today=today)
    proofs.sort(key=lambda row: (row.proof_of_use_due or today, row.id))
    facts["proofs_due"] = len(proofs)
    lines += ["### " + _("Proofs of use due within {days} ({n})").format(
        days=_days(PROOF_DUE_DAYS), n=len(proofs)), ""]
    if not proofs:
        lines += [_("No proof of use is due soon."), ""]
    else:
        lines += _table([_("Proof of use due"), _("Project"), _("Unit"), _("Funding")], [[
            format_date(r.proof_of_use_due)
            + (" (" + _("overdue") + ")" if r.proof_of_use_due and r.proof_of_use_due < today else ""),
            f"{cell(r.title)} (#{r.id})", cell(r.unit_name),
            funding_text(r.funding, r.funding_amount)
            + (f" ({cell(r.funding_programme)})" if r.funding_programme else ""),
        ] for r in proofs[:LIMIT]])
        lines += _more(min(len(proofs), LIMIT), len(proofs))
    return lines, facts


def _request_table(rows, today: date, *, due: bool) -> list[str]:
    from officer_tui.labels import priority_label, status_label

    headers = [_("Due") if due else _("Received"), _("Request"), _("Unit"), _("Status"),
               _("Priority"), _("Waiting")]
    return _table(headers, [[
        format_date(r.due_on if due else r.received_on), f"{cell(r.title)} (#{r.id})",
        cell(r.unit_name), status_label(r.status), priority_label(r.priority), _days(r.age_days),
    ] for r in rows])


def _training(session: Session, start: date, end: date, today: date) -> tuple[list[str], dict]:
    from officer_tui.services.status_report_data import training_in_period
    from officer_tui.services.training_coverage import coverages
    from officer_tui.services.trainings import list_programmes

    lines = ["## " + _("Training coverage"), ""]
    programmes = list_programmes(session, today=today)
    period = training_in_period(session, start=start, end=end)
    facts = {"sessions": sum(p.sessions for p in period.values()),
             "trained": sum(p.attended for p in period.values())}
    if not programmes:
        return lines + [_("No training programmes."), ""], facts
    lines += [_("Reached: distinct people of the target units who attended at least one "
                "session, as of {date}.").format(date=format_date(today)), ""]
    rows = []
    for p in programmes:
        goal = ""
        if p.goal_percent:
            goal = _("{percent} %").format(percent=p.goal_percent)
            if p.goal_by:
                goal = _("{goal} by {date}").format(goal=goal, date=format_date(p.goal_by))
        track = {True: "✓ " + _("on track"), False: "✗ " + _("behind"), None: "–"}[p.on_track]
        here = period.get(p.id)
        rows.append([
            cell(p.title), goal or "–", str(p.reached),
            str(p.target) if p.target is not None else "–", _percent(p.share) or "–", track,
            str(here.sessions if here else 0), str(here.attended if here else 0),
        ])
    lines += _table([_("Programme"), _("Goal"), _("Reached"), _("Target"), _("Share"),
                     _("Forecast"), _("Sessions in the period"), _("Attended in the period")],
                    rows, right=(2, 3, 4, 6, 7))
    for detail in coverages(session, programme_ids=[p.id for p in programmes], today=today):
        if not detail.lines:
            continue
        lines += ["### " + cell(detail.title), ""]
        lines += _table([_("Target unit"), _("Reached"), _("Target"), _("Share"),
                         _("Missing for the goal")], [[
            cell(line.unit_name), str(line.reached),
            str(line.target) if line.target is not None else "–", _percent(line.share) or "–",
            str(line.missing_for_goal) if line.missing_for_goal is not None else "–",
        ] for line in detail.lines], right=(1, 2, 3, 4))
    return lines, facts


def _requests(session: Session, start: date, end: date) -> tuple[list[str], object]:
    from officer_tui.services.status_report_data import request_stats

    stats = request_stats(session, start=start, end=end)
    lines = ["## " + _("Requests of the period"), ""]
    if not stats.received and not stats.closed:
        return lines + [_("No requests received or closed in this period."), ""], stats
    parts = [
        ngettext("{n} request received", "{n} requests received", stats.received).format(
            n=stats.received),
        ngettext("{n} closed", "{n} closed", stats.closed).format(n=stats.closed),
        _("{n} of those received still open").format(n=stats.still_open),
    ]
    lines += [" · ".join(parts), ""]
    if stats.median_days is not None:
        lines += [_("Days from receipt to closing: median {median}, average {average}.").format(
            median=_number(stats.median_days), average=_number(stats.average_days or 0)), ""]
    headers = [_("Received"), _("Closed"), _("Still open")]
    for title, first, group in (
        (_("By unit"), _("Unit"), stats.by_unit),
        (_("By category"), _("Category"), stats.by_category),
    ):
        ordered = sorted(group.items(), key=lambda kv: (-kv[1].received, -kv[1].closed,
                                                        kv[0] == "", kv[0].casefold()))
        lines += ["### " + title, ""]
        lines += _table([first, *headers], [[
            cell(name) or (_("No category") if group is stats.by_category else "–"),
            str(c.received), str(c.closed), str(c.still_open),
        ] for name, c in ordered], right=(1, 2, 3))
    return lines, stats


# --- the report -------------------------------------------------------------------------------


def status_report(
    session: Session, *, start: date | None = None, end: date | None = None,
    today: date | None = None,
) -> str:
    """The report as Markdown text, for ``start`` to ``end`` (see ``resolve_period``)."""
    from officer_tui.services.status_report_data import meetings_held

    today = today or clock.today()
    start, end = resolve_period(start, end, today=today)
    portfolio, projects = _portfolio(session, today)
    decided, decision_count, decision_meetings = _decisions(session, start, end)
    open_items, items = _open_items(session, today)
    training, trained = _training(session, start, end, today)
    received, stats = _requests(session, start, end)

    lines = ["# " + _("Status report digitalisation"), ""]
    lines.append(_("Period: {start} to {end} · made on {today}").format(
        start=format_date(start), end=format_date(end), today=format_date(today)))
    lines += ["", "## " + _("Summary"), ""]
    held = meetings_held(session, start=start, end=end)
    lights = _("{symbol} {n} {light}").format(
        symbol=TRAFFIC_SYMBOLS[TrafficLight.AT_RISK], n=projects["at_risk"],
        light=traffic_label(TrafficLight.AT_RISK))
    lights += ", " + _("{symbol} {n} {light}").format(
        symbol=TRAFFIC_SYMBOLS[TrafficLight.OFF_TRACK], n=projects["off_track"],
        light=traffic_label(TrafficLight.OFF_TRACK))
    summary = [
        [_("Projects"), f"{projects['projects']} ({lights})"],
        [_("Meetings held in the period"), str(held)],
        [_("Decisions in the period"), str(decision_count) + (
            " (" + ngettext("in {n} meeting", "in {n} meetings", decision_meetings).format(
                n=decision_meetings) + ")" if decision_count else "")],
        [_("Requests received / closed in the period"), f"{stats.received} / {stats.closed}"],
        [_("Median days to close"),
         _number(stats.median_days) if stats.median_days is not None else "–"],
        [_("Open requests (overdue)"), f"{items['requests_open']} ({items['requests_overdue']})"],
        [_("Overdue follow-ups"), str(items["followups_overdue"])],
        [_("Proofs of use due within {days}").format(days=_days(PROOF_DUE_DAYS)),
         str(items["proofs_due"])],
        [_("Training sessions / people trained in the period"),
         f"{trained['sessions']} / {trained['trained']}"],
    ]
    lines += _table([_("Key figure"), _("Value")], summary)
    lines += portfolio + decided + open_items + training + received
    return "\n".join(lines).rstrip() + "\n"
