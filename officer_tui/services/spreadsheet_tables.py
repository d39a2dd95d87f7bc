"""What the CSV and XLSX exports hold: one table per entity, its columns and their order.

Each table starts with ``id``, then the record's own columns, foreign keys followed by the
name they point to (``unit_id``, ``unit``) so a person reading the sheet needs no lookups,
and ends with ``created_at`` / ``updated_at``. Headers are the field names in English, the
same in every language, so scripts can rely on them and ``officer import`` recognises them.
Enum values are written as stored (``in_progress``), dates as dates. Erased people have a
blank name and a date in ``erased``; where others point to them they show as "erased person".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import case, literal, or_, select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from officer_tui.i18n import N_
from officer_tui.models.meeting import (
    AgendaItem,
    Meeting,
    MeetingParticipant,
    MeetingSeries,
    Outcome,
)
from officer_tui.models.org import Contact, ContactLog, OrgUnit
from officer_tui.models.portfolio import (
    FollowUp,
    Idea,
    IdeaGoal,
    Project,
    ProjectGoal,
    ProjectLink,
    StrategicGoal,
)
from officer_tui.models.request import Request
from officer_tui.models.training import (
    Enrollment,
    ProgrammeTarget,
    TrainingProgramme,
    TrainingSession,
)
from officer_tui.services.contacts import erased_name

# Widths (in characters) by kind of column, for the XLSX sheets.
WIDTHS = {"id": 8, "date": 12, "datetime": 19, "time": 8, "short": 14, "name": 26,
          "title": 44, "text": 50, "number": 10}


@dataclass(frozen=True)
class Column:
    header: str
    expression: object
    kind: str = "short"  # a key of WIDTHS


@dataclass(frozen=True)
class Table:
    key: str  # file name without .csv, sheet name
    label: str  # for progress, marked with N_ (translated when shown)
    model: type  # counted for progress
    build: Callable[[], tuple[list[Column], object]]  # columns and the ordered statement
    # A last column listing linked records per id (the goals of an idea), read in one query.
    listing: Callable[[Session], tuple[str, dict[int, str]]] | None = None


def _person(alias) -> object:
    """A contact's name for others' rows: "erased person" for an erased one."""
    return case(
        (or_(alias.erased_at.is_not(None), alias.name == ""), literal(erased_name())),
        else_=alias.name,
    )


def _stamps(model) -> list[Column]:
    return [Column("created_at", model.created_at, "datetime"),
            Column("updated_at", model.updated_at, "datetime")]


def _statement(columns: list[Column], model, *joins) -> object:
    statement = select(*[column.expression.label(f"c{i}")  # type: ignore[attr-defined]
                         for i, column in enumerate(columns)]).select_from(model)
    for target, on in joins:
        statement = statement.outerjoin(target, on)
    return statement.order_by(model.id)


def _units():
    parent = aliased(OrgUnit)
    columns = [
        Column("id", OrgUnit.id, "id"), Column("name", OrgUnit.name, "name"),
        Column("short_name", OrgUnit.short_name), Column("kind", OrgUnit.kind),
        Column("parent_id", OrgUnit.parent_id, "id"), Column("parent", parent.name, "name"),
        Column("headcount", OrgUnit.headcount, "number"), Column("notes", OrgUnit.notes, "text"),
        *_stamps(OrgUnit),
    ]
    return columns, _statement(columns, OrgUnit, (parent, parent.id == OrgUnit.parent_id))


def _contacts():
    columns = [
        Column("id", Contact.id, "id"), Column("name", Contact.name, "name"),
        Column("erased", Contact.erased_at, "datetime"),
        Column("unit_id", Contact.unit_id, "id"), Column("unit", OrgUnit.name, "name"),
        Column("role", Contact.role, "name"), Column("email", Contact.email, "name"),
        Column("phone", Contact.phone), Column("notes", Contact.notes, "text"),
        Column("purpose", Contact.purpose, "text"), Column("legal_basis", Contact.legal_basis, "text"),
        Column("review_on", Contact.review_on, "date"),
        Column("stay_in_touch_days", Contact.stay_in_touch_days, "number"),
        *_stamps(Contact),
    ]
    return columns, _statement(columns, Contact, (OrgUnit, OrgUnit.id == Contact.unit_id))


def _requests():
    forwarded = aliased(OrgUnit)
    requester = aliased(Contact)
    columns = [
        Column("id", Request.id, "id"), Column("title", Request.title, "title"),
        Column("description", Request.description, "text"),
        Column("unit_id", Request.unit_id, "id"), Column("unit", OrgUnit.name, "name"),
        Column("requester_id", Request.requester_id, "id"),
        Column("requester", _person(requester), "name"),
        Column("channel", Request.channel), Column("received_on", Request.received_on, "date"),
        Column("category", Request.category), Column("priority", Request.priority),
        Column("status", Request.status), Column("due_on", Request.due_on, "date"),
        Column("forwarded_to_id", Request.forwarded_to_id, "id"),
        Column("forwarded_to", forwarded.name, "name"), Column("ticket_ref", Request.ticket_ref),
        Column("resolution", Request.resolution, "text"),
        Column("closed_on", Request.closed_on, "date"), *_stamps(Request),
    ]
    return columns, _statement(
        columns, Request, (OrgUnit, OrgUnit.id == Request.unit_id),
        (requester, requester.id == Request.requester_id),
        (forwarded, forwarded.id == Request.forwarded_to_id),
    )


def _ideas():
    submitter = aliased(Contact)
    columns = [
        Column("id", Idea.id, "id"), Column("title", Idea.title, "title"),
        Column("description", Idea.description, "text"),
        Column("submitter_id", Idea.submitter_id, "id"),
        Column("submitter", _person(submitter), "name"),
        Column("unit_id", Idea.unit_id, "id"), Column("unit", OrgUnit.name, "name"),
        Column("field_of_action", Idea.field_of_action, "name"),
        Column("submitted_on", Idea.submitted_on, "date"), Column("status", Idea.status),
        Column("status_reason", Idea.status_reason, "text"),
        Column("benefit", Idea.benefit, "number"), Column("effort", Idea.effort, "number"),
        Column("strategic_fit", Idea.strategic_fit, "number"), Column("reach", Idea.reach, "number"),
        *_stamps(Idea),
    ]
    return columns, _statement(columns, Idea, (OrgUnit, OrgUnit.id == Idea.unit_id),
                               (submitter, submitter.id == Idea.submitter_id))


def _projects():
    lead = aliased(Contact)
    idea = aliased(Idea)
    columns = [
        Column("id", Project.id, "id"), Column("title", Project.title, "title"),
        Column("description", Project.description, "text"),
        Column("owner_unit_id", Project.owner_unit_id, "id"),
        Column("owner_unit", OrgUnit.name, "name"),
        Column("lead_id", Project.lead_id, "id"), Column("lead", _person(lead), "name"),
        Column("field_of_action", Project.field_of_action, "name"),
        Column("phase", Project.phase), Column("funding", Project.funding),
        Column("funding_amount", Project.funding_amount, "number"),
        Column("funding_programme", Project.funding_programme, "name"),
        Column("proof_of_use_due", Project.proof_of_use_due, "date"),
        Column("traffic_light", Project.traffic_light),
        Column("traffic_note", Project.traffic_note, "text"),
        Column("start_on", Project.start_on, "date"), Column("end_on", Project.end_on, "date"),
        Column("source_idea_id", Project.source_idea_id, "id"),
        Column("source_idea", idea.title, "title"), *_stamps(Project),
    ]
    return columns, _statement(columns, Project, (OrgUnit, OrgUnit.id == Project.owner_unit_id),
                               (lead, lead.id == Project.lead_id),
                               (idea, idea.id == Project.source_idea_id))


def _project_links():
    source, target = aliased(Project), aliased(Project)
    columns = [
        Column("id", ProjectLink.id, "id"),
        Column("from_project_id", ProjectLink.from_project_id, "id"),
        Column("from_project", source.title, "title"), Column("kind", ProjectLink.kind),
        Column("to_project_id", ProjectLink.to_project_id, "id"),
        Column("to_project", target.title, "title"), Column("note", ProjectLink.note, "text"),
        *_stamps(ProjectLink),
    ]
    return columns, _statement(columns, ProjectLink,
                               (source, source.id == ProjectLink.from_project_id),
                               (target, target.id == ProjectLink.to_project_id))


def _goals():
    columns = [
        Column("id", StrategicGoal.id, "id"), Column("code", StrategicGoal.code),
        Column("title", StrategicGoal.title, "title"),
        Column("description", StrategicGoal.description, "text"), *_stamps(StrategicGoal),
    ]
    return columns, _statement(columns, StrategicGoal)


def _followups():
    owner = aliased(Contact)
    columns = [
        Column("id", FollowUp.id, "id"), Column("title", FollowUp.title, "title"),
        Column("due_on", FollowUp.due_on, "date"), Column("done_on", FollowUp.done_on, "date"),
        Column("owner_id", FollowUp.owner_id, "id"), Column("owner", _person(owner), "name"),
        Column("subject_kind", FollowUp.subject_kind), Column("subject_id", FollowUp.subject_id, "id"),
        Column("notes", FollowUp.notes, "text"), Column("recur_every", FollowUp.recur_every, "number"),
        Column("recur_unit", FollowUp.recur_unit), Column("recur_from", FollowUp.recur_from),
        *_stamps(FollowUp),
    ]
    return columns, _statement(columns, FollowUp, (owner, owner.id == FollowUp.owner_id))


def _meetings():
    columns = [
        Column("id", Meeting.id, "id"), Column("title", Meeting.title, "title"),
        Column("kind", Meeting.kind), Column("held_on", Meeting.held_on, "date"),
        Column("start_time", Meeting.start_time, "time"), Column("end_time", Meeting.end_time, "time"),
        Column("place", Meeting.place, "name"), Column("online_url", Meeting.online_url, "name"),
        Column("unit_id", Meeting.unit_id, "id"), Column("unit", OrgUnit.name, "name"),
        Column("series_id", Meeting.series_id, "id"), Column("series", MeetingSeries.title, "title"),
        Column("closed_at", Meeting.closed_at, "datetime"), Column("notes", Meeting.notes, "text"),
        *_stamps(Meeting),
    ]
    return columns, _statement(columns, Meeting, (OrgUnit, OrgUnit.id == Meeting.unit_id),
                               (MeetingSeries, MeetingSeries.id == Meeting.series_id))


def _agenda_items():
    presenter = aliased(Contact)
    columns = [
        Column("id", AgendaItem.id, "id"), Column("meeting_id", AgendaItem.meeting_id, "id"),
        Column("meeting", Meeting.title, "title"), Column("held_on", Meeting.held_on, "date"),
        Column("position", AgendaItem.position, "number"), Column("title", AgendaItem.title, "title"),
        Column("presenter_id", AgendaItem.presenter_id, "id"),
        Column("presenter", _person(presenter), "name"),
        Column("minutes", AgendaItem.minutes, "number"), Column("status", AgendaItem.status),
        Column("subject_kind", AgendaItem.subject_kind),
        Column("subject_id", AgendaItem.subject_id, "id"),
        Column("carried_from_id", AgendaItem.carried_from_id, "id"),
        Column("notes", AgendaItem.notes, "text"), *_stamps(AgendaItem),
    ]
    return columns, _statement(columns, AgendaItem, (Meeting, Meeting.id == AgendaItem.meeting_id),
                               (presenter, presenter.id == AgendaItem.presenter_id))


def _outcomes():
    columns = [
        Column("id", Outcome.id, "id"), Column("meeting_id", Outcome.meeting_id, "id"),
        Column("meeting", Meeting.title, "title"), Column("held_on", Meeting.held_on, "date"),
        Column("item_id", Outcome.item_id, "id"), Column("item", AgendaItem.title, "title"),
        Column("kind", Outcome.kind), Column("text", Outcome.text, "text"),
        Column("followup_id", Outcome.followup_id, "id"), *_stamps(Outcome),
    ]
    return columns, _statement(columns, Outcome, (Meeting, Meeting.id == Outcome.meeting_id),
                               (AgendaItem, AgendaItem.id == Outcome.item_id))


def _participants():
    columns = [
        Column("meeting_id", MeetingParticipant.meeting_id, "id"),
        Column("meeting", Meeting.title, "title"), Column("held_on", Meeting.held_on, "date"),
        Column("contact_id", MeetingParticipant.contact_id, "id"),
        Column("contact", _person(Contact), "name"),
        Column("attendance", MeetingParticipant.attendance),
    ]
    statement = select(*[c.expression.label(f"c{i}") for i, c in enumerate(columns)]).select_from(  # type: ignore[attr-defined]
        MeetingParticipant
    ).outerjoin(Meeting, Meeting.id == MeetingParticipant.meeting_id).outerjoin(
        Contact, Contact.id == MeetingParticipant.contact_id
    ).order_by(MeetingParticipant.meeting_id, MeetingParticipant.contact_id)
    return columns, statement


def _programmes():
    columns = [
        Column("id", TrainingProgramme.id, "id"), Column("title", TrainingProgramme.title, "title"),
        Column("topic", TrainingProgramme.topic, "name"),
        Column("description", TrainingProgramme.description, "text"),
        Column("goal_percent", TrainingProgramme.goal_percent, "number"),
        Column("goal_by", TrainingProgramme.goal_by, "date"), *_stamps(TrainingProgramme),
    ]
    return columns, _statement(columns, TrainingProgramme)


def _sessions():
    columns = [
        Column("id", TrainingSession.id, "id"),
        Column("programme_id", TrainingSession.programme_id, "id"),
        Column("programme", TrainingProgramme.title, "title"),
        Column("held_on", TrainingSession.held_on, "date"),
        Column("start_time", TrainingSession.start_time, "time"),
        Column("end_time", TrainingSession.end_time, "time"),
        Column("place", TrainingSession.place, "name"),
        Column("online_url", TrainingSession.online_url, "name"),
        Column("trainer", TrainingSession.trainer, "name"),
        Column("capacity", TrainingSession.capacity, "number"),
        Column("feedback_score", TrainingSession.feedback_score, "number"),
        Column("feedback_comment", TrainingSession.feedback_comment, "text"),
        *_stamps(TrainingSession),
    ]
    return columns, _statement(
        columns, TrainingSession,
        (TrainingProgramme, TrainingProgramme.id == TrainingSession.programme_id))


def _enrollments():
    columns = [
        Column("id", Enrollment.id, "id"), Column("session_id", Enrollment.session_id, "id"),
        Column("programme", TrainingProgramme.title, "title"),
        Column("held_on", TrainingSession.held_on, "date"),
        Column("contact_id", Enrollment.contact_id, "id"),
        Column("contact", _person(Contact), "name"), Column("status", Enrollment.status),
        Column("requested_at", Enrollment.requested_at, "datetime"), *_stamps(Enrollment),
    ]
    return columns, _statement(
        columns, Enrollment, (TrainingSession, TrainingSession.id == Enrollment.session_id),
        (TrainingProgramme, TrainingProgramme.id == TrainingSession.programme_id),
        (Contact, Contact.id == Enrollment.contact_id))


def _contact_logs():
    columns = [
        Column("id", ContactLog.id, "id"), Column("contact_id", ContactLog.contact_id, "id"),
        Column("contact", _person(Contact), "name"),
        Column("happened_on", ContactLog.happened_on, "date"), Column("channel", ContactLog.channel),
        Column("note", ContactLog.note, "text"), *_stamps(ContactLog),
    ]
    return columns, _statement(columns, ContactLog, (Contact, Contact.id == ContactLog.contact_id))


def _joined(pairs) -> dict[int, str]:
    joined: dict[int, list[str]] = {}
    for record_id, text in pairs:
        joined.setdefault(record_id, []).append(text)
    return {record_id: ", ".join(texts) for record_id, texts in joined.items()}


def _idea_goals(session: Session) -> tuple[str, dict[int, str]]:
    rows = session.execute(select(IdeaGoal.idea_id, StrategicGoal.code).join(
        StrategicGoal, StrategicGoal.id == IdeaGoal.goal_id).order_by(StrategicGoal.code))
    return "goals", _joined(rows)


def _project_goals(session: Session) -> tuple[str, dict[int, str]]:
    rows = session.execute(select(ProjectGoal.project_id, StrategicGoal.code).join(
        StrategicGoal, StrategicGoal.id == ProjectGoal.goal_id).order_by(StrategicGoal.code))
    return "goals", _joined(rows)


def _targets(session: Session) -> tuple[str, dict[int, str]]:
    rows = session.execute(select(ProgrammeTarget.programme_id, OrgUnit.name,
                                  ProgrammeTarget.headcount).join(
        OrgUnit, OrgUnit.id == ProgrammeTarget.unit_id).order_by(OrgUnit.name))
    return "targets", _joined(
        (pid, name if headcount is None else f"{name} ({headcount})")
        for pid, name, headcount in rows)


TABLES: tuple[Table, ...] = (
    Table("units", N_("Units"), OrgUnit, _units),
    Table("contacts", N_("Contacts"), Contact, _contacts),
    Table("requests", N_("Requests"), Request, _requests),
    Table("ideas", N_("Ideas"), Idea, _ideas, _idea_goals),
    Table("projects", N_("Projects"), Project, _projects, _project_goals),
    Table("project_links", N_("Project links"), ProjectLink, _project_links),
    Table("strategic_goals", N_("Strategic goals"), StrategicGoal, _goals),
    Table("followups", N_("Follow-ups"), FollowUp, _followups),
    Table("meetings", N_("Meetings"), Meeting, _meetings),
    Table("agenda_items", N_("Agenda items"), AgendaItem, _agenda_items),
    Table("outcomes", N_("Outcomes"), Outcome, _outcomes),
    Table("meeting_participants", N_("Meeting participants"), MeetingParticipant, _participants),
    Table("training_programmes", N_("Training programmes"), TrainingProgramme, _programmes,
          _targets),
    Table("training_sessions", N_("Training sessions"), TrainingSession, _sessions),
    Table("enrollments", N_("Enrollments"), Enrollment, _enrollments),
    Table("contact_logs", N_("Logged contacts"), ContactLog, _contact_logs),
)
