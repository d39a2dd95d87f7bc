"""Enumerations of the domain. Pure Python: no SQLAlchemy, no Textual.

Values are stable identifiers stored in the database and used on the command line; labels for
people come from ``officer_tui.labels`` (translated).
"""

from __future__ import annotations

from enum import StrEnum


class UnitKind(StrEnum):
    ENTERPRISE = "enterprise"  # Eigenbetrieb, e.g. the culture department with its houses
    DEPARTMENT = "department"  # Fachbereich / Amt
    CITY_OFFICE = "city_office"
    MUSEUM = "museum"
    LIBRARY = "library"
    MUSIC_SCHOOL = "music_school"
    EVENTS = "events"
    HOUSE = "house"  # another cultural house: archive, theatre, adult education ...
    IT_PROVIDER = "it_provider"
    EXTERNAL = "external"


class Priority(StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"


class Channel(StrEnum):
    MAIL = "mail"
    PHONE = "phone"
    MEETING = "meeting"
    IN_PERSON = "in_person"
    TICKET = "ticket"


class RequestStatus(StrEnum):
    NEW = "new"
    TRIAGED = "triaged"
    IN_PROGRESS = "in_progress"
    WAITING = "waiting"
    FORWARDED = "forwarded"
    DONE = "done"
    DECLINED = "declined"

    @property
    def is_closed(self) -> bool:
        return self in CLOSED_STATUSES


CLOSED_STATUSES = frozenset({RequestStatus.DONE, RequestStatus.DECLINED})
OPEN_STATUSES = frozenset(set(RequestStatus) - CLOSED_STATUSES)

# Which status may follow which. Nothing goes back to "new"; closed requests can be reopened.
STATUS_TRANSITIONS: dict[RequestStatus, frozenset[RequestStatus]] = {
    RequestStatus.NEW: frozenset(OPEN_STATUSES - {RequestStatus.NEW} | CLOSED_STATUSES),
    RequestStatus.TRIAGED: frozenset(
        {RequestStatus.IN_PROGRESS, RequestStatus.WAITING, RequestStatus.FORWARDED}
        | CLOSED_STATUSES
    ),
    RequestStatus.IN_PROGRESS: frozenset(
        {RequestStatus.TRIAGED, RequestStatus.WAITING, RequestStatus.FORWARDED} | CLOSED_STATUSES
    ),
    RequestStatus.WAITING: frozenset(
        {RequestStatus.TRIAGED, RequestStatus.IN_PROGRESS, RequestStatus.FORWARDED}
        | CLOSED_STATUSES
    ),
    RequestStatus.FORWARDED: frozenset(
        {RequestStatus.TRIAGED, RequestStatus.IN_PROGRESS, RequestStatus.WAITING} | CLOSED_STATUSES
    ),
    RequestStatus.DONE: frozenset({RequestStatus.TRIAGED, RequestStatus.IN_PROGRESS}),
    RequestStatus.DECLINED: frozenset({RequestStatus.TRIAGED, RequestStatus.IN_PROGRESS}),
}


def parse_enum(enum_type: type[StrEnum], text: str) -> StrEnum:
    """Read an enum value as people type it: case-insensitive, ``-`` or space for ``_``."""
    key = text.strip().lower().replace("-", "_").replace(" ", "_")
    return enum_type(key)


# --- ideas, projects, follow-ups (issue "Ideas intake and the project portfolio") ---------


class IdeaStatus(StrEnum):
    SUBMITTED = "submitted"
    IN_REVIEW = "in_review"
    ACCEPTED = "accepted"
    PARKED = "parked"
    REJECTED = "rejected"  # needs a reason
    CONVERTED = "converted"  # became a project; final


IDEA_TRANSITIONS: dict[IdeaStatus, frozenset[IdeaStatus]] = {
    IdeaStatus.SUBMITTED: frozenset(
        {IdeaStatus.IN_REVIEW, IdeaStatus.ACCEPTED, IdeaStatus.PARKED, IdeaStatus.REJECTED}
    ),
    IdeaStatus.IN_REVIEW: frozenset({IdeaStatus.ACCEPTED, IdeaStatus.PARKED, IdeaStatus.REJECTED}),
    IdeaStatus.ACCEPTED: frozenset({IdeaStatus.IN_REVIEW, IdeaStatus.PARKED, IdeaStatus.CONVERTED}),
    IdeaStatus.PARKED: frozenset({IdeaStatus.IN_REVIEW, IdeaStatus.ACCEPTED, IdeaStatus.REJECTED}),
    IdeaStatus.REJECTED: frozenset({IdeaStatus.IN_REVIEW}),
    IdeaStatus.CONVERTED: frozenset(),
}


class ProjectPhase(StrEnum):
    FUTURE = "future"  # Zukunftsprojekt
    PLANNED = "planned"  # in Planung
    IN_IMPLEMENTATION = "in_implementation"  # in Umsetzung
    DONE = "done"
    ON_HOLD = "on_hold"


class Funding(StrEnum):
    FUNDED = "funded"
    APPLIED = "applied"
    UNFUNDED = "unfunded"


class TrafficLight(StrEnum):
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"


class LinkKind(StrEnum):
    SYNERGY = "synergy"
    DEPENDS_ON = "depends_on"
    REPLICATES = "replicates"


class RecordKind(StrEnum):
    """What a follow-up hangs off, and what a timeline line points to."""

    REQUEST = "request"
    IDEA = "idea"
    PROJECT = "project"
    MEETING = "meeting"
    TRAINING = "training"  # a training programme
    TRAINING_SESSION = "training_session"  # one session of a programme
    CONTACT = "contact"
    FOLLOWUP = "followup"
    CONTACT_LOG = "contact_log"


class RecurUnit(StrEnum):
    DAYS = "days"
    WEEKS = "weeks"
    MONTHS = "months"


class RecurFrom(StrEnum):
    DUE = "due"  # the next one is N units after this one's due date
    DONE = "done"  # ... after the day this one was done


# --- meetings (issue "Meetings") -------------------------------------------------------------


class MeetingKind(StrEnum):
    JOUR_FIXE = "jour_fixe"
    STEERING_GROUP = "steering_group"
    WORKSHOP = "workshop"
    NETWORK = "network"  # meet-up with peers of other institutions
    OTHER = "other"


class Attendance(StrEnum):
    INVITED = "invited"  # not marked yet
    PRESENT = "present"
    EXCUSED = "excused"
    ABSENT = "absent"


class AgendaStatus(StrEnum):
    OPEN = "open"  # still to be dealt with; carries over to the series' next meeting
    DONE = "done"
    CARRIED = "carried"  # moved on to the next meeting of the series (a copy lives there)


class OutcomeKind(StrEnum):
    INFORMATION = "information"
    DECISION = "decision"
    ACTION = "action"  # becomes a follow-up with owner and due date


# --- competence building (issue "Competence building") --------------------------------------


class EnrollmentStatus(StrEnum):
    INVITED = "invited"
    REGISTERED = "registered"
    WAITLISTED = "waitlisted"  # the session was full; promoted when a seat frees up
    ATTENDED = "attended"
    EXCUSED = "excused"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"  # withdrew before the session; frees the seat


# Who holds a seat in a session (counted against its capacity). An invitation holds none.
SEAT_HOLDING = frozenset({EnrollmentStatus.REGISTERED, EnrollmentStatus.ATTENDED})
