"""Quick capture: one typed line becomes a request, idea, follow-up, project or meeting.

``officer_tui.quickline`` understands the line; this module checks what saving would do and
saves through the domain services, so all their validation applies:

- **request**: the unit is required; without one typed, the person's unit is taken (the
  requester usually speaks for their unit). The person is the requester, the channel is the
  phone (a line captured in passing is mostly a call or a word in the corridor), received
  today, the date is the due date.
- **idea**: unit and submitter optional (the submitter's unit when none is typed); a date
  becomes a follow-up on the idea ("Review idea: …").
- **follow-up** (Wiedervorlage): the date is required ("say when"); the person owns it. A
  follow-up has no unit: a typed unit stays in front of the title ("Stadtmuseum: …").
- **project**: owner unit required (else the lead's unit); the person leads it; a date
  becomes a follow-up on the project.
- **meeting**: the date is required; the unit hosts it, the person takes part; "Jour fixe",
  "Workshop", "Lenkungsgruppe" in the title set the kind of meeting.

A line is refused when it names a unit or person that matches none or several, has an unknown
``!priority``, or lacks what its kind needs; ``Reading.refused`` says why per field (the same
``(field, message)`` pairs ``save_capture`` raises as one ``ValidationError``). Reading a line
is pure Python against ``Choices`` loaded once (cheap enough for every keystroke with 20,000
contacts); saving is one transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlmodel import Session

from officer_tui.i18n import N_, _, format_date
from officer_tui.models.enums import Channel, MeetingKind, Priority, RecordKind
from officer_tui.models.org import Contact, OrgUnit
from officer_tui.quickline import (
    CaptureKind,
    PersonChoice,
    Understood,
    UnitChoice,
    people_matching,
    understand,
    units_matching,
)
from officer_tui.services._common import transactional
from officer_tui.services.errors import ValidationError
from officer_tui.text import closest, fold

RECORD_KINDS = {
    CaptureKind.REQUEST: RecordKind.REQUEST,
    CaptureKind.IDEA: RecordKind.IDEA,
    CaptureKind.FOLLOWUP: RecordKind.FOLLOWUP,
    CaptureKind.PROJECT: RecordKind.PROJECT,
    CaptureKind.MEETING: RecordKind.MEETING,
}
KIND_LABELS = {
    CaptureKind.REQUEST: N_("request"),
    CaptureKind.IDEA: N_("idea"),
    CaptureKind.FOLLOWUP: N_("follow-up"),
    CaptureKind.PROJECT: N_("project"),
    CaptureKind.MEETING: N_("meeting"),
}
# What the person typed after "@" becomes, per kind.
PERSON_ROLES = {
    CaptureKind.REQUEST: N_("Requester"),
    CaptureKind.IDEA: N_("Submitter"),
    CaptureKind.FOLLOWUP: N_("Owner"),
    CaptureKind.PROJECT: N_("Lead"),
    CaptureKind.MEETING: N_("Participant"),
}
# What the date becomes, per kind.
DATE_ROLES = {
    CaptureKind.REQUEST: N_("Due"),
    CaptureKind.IDEA: N_("Follow-up due"),
    CaptureKind.FOLLOWUP: N_("Due"),
    CaptureKind.PROJECT: N_("Follow-up due"),
    CaptureKind.MEETING: N_("Date"),
}
REQUEST_CHANNEL = Channel.PHONE
MAX_TITLE = 300

# Words at the start of a meeting's title that say what kind of meeting it is.
_MEETING_KIND_WORDS = (
    ("jour fixe", MeetingKind.JOUR_FIXE), ("jourfixe", MeetingKind.JOUR_FIXE),
    ("jf ", MeetingKind.JOUR_FIXE), ("workshop", MeetingKind.WORKSHOP),
    ("lenkungs", MeetingKind.STEERING_GROUP), ("steering", MeetingKind.STEERING_GROUP),
    ("steuerungs", MeetingKind.STEERING_GROUP), ("netzwerk", MeetingKind.NETWORK),
    ("network", MeetingKind.NETWORK),
)


@dataclass(frozen=True)
class Choices:
    """What a line is matched against: every unit, every (not erased) person and their unit."""

    units: tuple[UnitChoice, ...] = ()
    people: tuple[PersonChoice, ...] = ()
    unit_of_person: Mapping[int, int] = field(default_factory=dict)

    def unit(self, unit_id: int | None) -> UnitChoice | None:
        return next((unit for unit in self.units if unit.id == unit_id), None)


@dataclass(frozen=True)
class Reading(Understood):
    """A line understood and checked: what saving would create, or why it is refused."""

    unit_from_person: bool = False  # no unit typed: the person's unit is taken
    meeting_kind: MeetingKind | None = None
    refused: tuple[tuple[str, str], ...] = ()  # (field, message): saving is refused
    notes: tuple[str, ...] = ()  # what saving also does, or leaves out

    @property
    def record_kind(self) -> RecordKind:
        return RECORD_KINDS[self.kind]

    @property
    def can_save(self) -> bool:
        return not self.refused


@dataclass(frozen=True)
class Captured:
    """What was saved: the record (and the follow-up made from its date, if any)."""

    kind: RecordKind
    record_id: int
    title: str
    followup_id: int | None = None


def kind_label(kind: CaptureKind) -> str:
    return _(KIND_LABELS[CaptureKind(kind)])


# --- reading ------------------------------------------------------------------------------


def load_choices(session: Session) -> Choices:
    """Units and people to match a line against (one query each; load once per dialog)."""
    units = tuple(
        UnitChoice(row.id, row.name, row.short_name, row.kind)
        for row in session.execute(
            select(OrgUnit.id, OrgUnit.name, OrgUnit.short_name, OrgUnit.kind)
        )
    )
    people, unit_of_person = [], {}
    for contact_id, name, unit_id in session.execute(
        select(Contact.id, Contact.name, Contact.unit_id)
        .where(Contact.erased_at.is_(None), Contact.name != "")
        .order_by(Contact.name_folded, Contact.id)
    ):
        people.append(PersonChoice(contact_id, name))
        if unit_id is not None:
            unit_of_person[contact_id] = unit_id
    return Choices(units=units, people=tuple(people), unit_of_person=unit_of_person)


def _names(found: list, limit: int = 3) -> str:
    distinct = list(dict.fromkeys(item.name for item in found))
    names = ", ".join(distinct[:limit])
    if len(distinct) > limit:
        names += " " + _("and {n} more").format(n=len(distinct) - limit)
    return names


def _person_problem(typed: str, found: list[PersonChoice]) -> str:
    if not found:
        return _("no contact matches {typed}").format(typed=typed)
    if len({person.folded for person in found}) == 1:
        return _("{n} contacts are called {name}: leave out the @ and choose the person in the "
                 "form after saving").format(n=len(found), name=found[0].name)
    return _("{typed} matches {n} contacts ({names}); type more of the name, e.g. "
             "@First.Last").format(typed=typed, n=len(found), names=_names(found))


def _unit_problem(typed: str, choices: Choices) -> str:
    found = units_matching(typed, choices.units)
    if found:
        return _("{typed!r} matches {n} units ({names}); type more of the name").format(
            typed=typed, n=len(found), names=_names(found))
    suggestions = closest(typed, [unit.name for unit in choices.units])
    if suggestions:
        return _("unknown unit {typed!r}; did you mean: {options}?").format(
            typed=typed, options=", ".join(suggestions))
    return _("unknown unit {typed!r}").format(typed=typed)


def _meeting_kind(title: str) -> MeetingKind | None:
    folded = fold(title) + " "
    return next((kind for word, kind in _MEETING_KIND_WORDS if folded.startswith(word)), None)


def review(understood: Understood, *, choices: Choices, today: date) -> Reading:
    """Check ``understood`` for saving: fill in what follows from it, list what blocks."""
    kind = understood.kind
    unit, person, title = understood.unit, understood.person, understood.title
    refused: list[tuple[str, str]] = []
    notes: list[str] = []
    typed_unit = ""
    for what, typed in understood.problems:
        if what == "person":
            found = people_matching(typed.lstrip("@"), choices.people)
            in_unit = [p for p in found if unit and choices.unit_of_person.get(p.id) == unit.id]
            if len(in_unit) == 1:  # "@Schmidt" of the unit named in the line
                person = in_unit[0]
            else:
                refused.append(("person", _person_problem(typed, found)))
        elif what == "unit":
            typed_unit = typed
            if kind != CaptureKind.FOLLOWUP:
                refused.append(("unit", _unit_problem(typed, choices)))
        elif what == "priority":
            refused.append(("priority", _(
                "{typed!r} is not a priority: !low, !normal, !high, !urgent (or !! and !!!)"
            ).format(typed=typed)))

    if kind == CaptureKind.FOLLOWUP:
        # A follow-up has no unit: what was typed before the colon stays in the title.
        head = typed_unit or (unit.short_name or unit.name if unit else "")
        if head and title:
            title = f"{head}: {title}"
        unit = None
    unit_from_person = False
    if unit is None and person is not None and not typed_unit and kind in (
        CaptureKind.REQUEST, CaptureKind.IDEA, CaptureKind.PROJECT
    ):
        unit = choices.unit(choices.unit_of_person.get(person.id))
        unit_from_person = unit is not None

    if not title:
        refused.append(("title", _("say what it is about")))
    elif len(title) > MAX_TITLE:
        refused.append(("title", _("is too long (at most {n} characters)").format(n=MAX_TITLE)))
    if unit is None and not typed_unit and kind in (CaptureKind.REQUEST, CaptureKind.PROJECT):
        refused.append(("unit", _("say which unit, before a colon: 'Stadtmuseum: …'")))
    if understood.due is None and kind == CaptureKind.FOLLOWUP:
        refused.append(("due", _("say when: tomorrow, friday, in 2 weeks, 20.04. …")))
    if understood.due is None and kind == CaptureKind.MEETING:
        refused.append(("date", _("say when: tomorrow, friday, in 2 weeks, 20.04. …")))

    if understood.priority is not None and kind != CaptureKind.REQUEST:
        notes.append(_("the priority is left out: only requests have one"))
    if understood.due is not None and understood.due < today:
        notes.append(_("the date lies in the past"))
    if understood.due is not None and kind in (CaptureKind.IDEA, CaptureKind.PROJECT):
        notes.append(_("the date becomes a follow-up on the {kind}").format(kind=kind_label(kind)))
    return Reading(
        kind=kind, title=title, unit=unit, priority=understood.priority, due=understood.due,
        due_phrase=understood.due_phrase, person=person, problems=understood.problems,
        unit_from_person=unit_from_person,
        meeting_kind=_meeting_kind(title) if kind == CaptureKind.MEETING else None,
        refused=tuple(refused), notes=tuple(notes),
    )


def read_line(line: str, *, today: date, choices: Choices) -> Reading:
    """What ``line`` would become (pure Python: call it on every keystroke)."""
    understood = understand(line, today=today, units=choices.units, people=choices.people)
    return review(understood, choices=choices, today=today)


def understand_line(
    session: Session, line: str, *, today: date, choices: Choices | None = None
) -> Reading:
    """What ``line`` would become, matched against the units and people in the database."""
    return read_line(line, today=today, choices=choices or load_choices(session))


# --- saving -------------------------------------------------------------------------------


def _followup_on(session: Session, kind: RecordKind, record_id: int, title: str, due: date) -> int:
    from officer_tui.services.followups import add_followup

    title = title if len(title) <= MAX_TITLE else title[: MAX_TITLE - 1] + "…"
    return add_followup.__wrapped__(session, data={
        "title": title, "due_on": due, "subject_kind": kind, "subject_id": record_id}).id


def _save(session: Session, reading: Reading, today: date) -> Captured:
    from officer_tui.services import followups, ideas, meetings, projects, requests

    kind = reading.kind
    unit_id = reading.unit.id if reading.unit else None
    person_id = reading.person.id if reading.person else None
    followup_id = None
    if kind == CaptureKind.REQUEST:
        data = {"title": reading.title, "unit_id": unit_id, "requester_id": person_id,
                "channel": REQUEST_CHANNEL, "received_on": today, "due_on": reading.due}
        if reading.priority is not None:
            data["priority"] = Priority(reading.priority)
        record = requests.create_request.__wrapped__(session, data=data, today=today)
    elif kind == CaptureKind.IDEA:
        record = ideas.create_idea.__wrapped__(session, data={
            "title": reading.title, "unit_id": unit_id, "submitter_id": person_id}, today=today)
        if reading.due is not None:
            followup_id = _followup_on(
                session, RecordKind.IDEA, record.id,
                _("Review idea: {title}").format(title=record.title), reading.due)
    elif kind == CaptureKind.FOLLOWUP:
        record = followups.add_followup.__wrapped__(session, data={
            "title": reading.title, "due_on": reading.due, "owner_id": person_id})
    elif kind == CaptureKind.PROJECT:
        record = projects.create_project.__wrapped__(session, data={
            "title": reading.title, "owner_unit_id": unit_id, "lead_id": person_id})
        if reading.due is not None:
            followup_id = _followup_on(
                session, RecordKind.PROJECT, record.id,
                _("Check on project: {title}").format(title=record.title), reading.due)
    else:
        record = meetings.add_meeting.__wrapped__(session, data={
            "title": reading.title, "held_on": reading.due, "unit_id": unit_id,
            "kind": reading.meeting_kind or MeetingKind.OTHER,
            "participant_ids": [person_id] if person_id is not None else []})
    return Captured(kind=reading.record_kind, record_id=record.id, title=record.title,
                    followup_id=followup_id)


@transactional
def save_capture(session: Session, understood: Understood, *, today: date) -> Captured:
    """Create the record a line describes, in one transaction; refused lines write nothing.

    ``understood`` is a ``Reading`` (from ``read_line``) or a bare ``Understood``, which is
    checked against the database first.
    """
    reading = understood if isinstance(understood, Reading) else review(
        understood, choices=load_choices(session), today=today)
    if reading.refused:
        raise ValidationError.many(list(reading.refused))
    if reading.unit is not None and session.get(OrgUnit, reading.unit.id) is None:
        raise ValidationError("unit", _("unknown unit"))
    if reading.person is not None and session.get(Contact, reading.person.id) is None:
        raise ValidationError("person", _("unknown contact"))
    return _save(session, reading, today)



# --- what a reading says, for people --------------------------------------------------------

WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))
UNIT_ROLES = {
    CaptureKind.REQUEST: N_("Unit"),
    CaptureKind.IDEA: N_("Unit"),
    CaptureKind.PROJECT: N_("Owner unit"),
    CaptureKind.MEETING: N_("Host"),
}


def format_day(day: date, phrase: str = "") -> str:
    """``Fri 2026-03-06 (bis Freitag)``: the weekday, the date and what was typed."""
    text = f"{_(WEEKDAYS[day.weekday()])} {format_date(day)}"
    return f"{text} ({phrase})" if phrase else text


def preview_rows(reading: Reading) -> list[tuple[str, str]]:
    """(label, value) of what saving would create, in reading order (no problems, no notes)."""
    from officer_tui.labels import channel_label, meeting_kind_label, priority_label

    kind = reading.kind
    what = kind_label(kind)
    what = what[:1].upper() + what[1:]
    if reading.meeting_kind is not None:
        what += " · " + meeting_kind_label(reading.meeting_kind)
    rows = [(_("Kind"), what), (_("Title"), reading.title)]
    if kind in UNIT_ROLES:
        unit = reading.unit.name if reading.unit else "–"
        if reading.unit_from_person and reading.person is not None:
            unit += " " + _("(unit of {name})").format(name=reading.person.name)
        rows.append((_(UNIT_ROLES[kind]), unit))
    if kind == CaptureKind.REQUEST:
        priority = reading.priority or Priority.NORMAL
        rows.append((_("Priority"), priority_label(priority)))
    if reading.due is not None or kind in (CaptureKind.FOLLOWUP, CaptureKind.MEETING):
        day = format_day(reading.due, reading.due_phrase) if reading.due else "–"
        rows.append((_(DATE_ROLES[kind]), day))
    rows.append((_(PERSON_ROLES[kind]), reading.person.name if reading.person else "–"))
    if kind == CaptureKind.REQUEST:
        rows.append((_("Channel"), channel_label(REQUEST_CHANNEL)))
    return rows
