"""Fill a database: realistic demo data, or many generated records for load tests.

``seed_demo`` goes through the real service functions (so the data obeys every rule) inside one
transaction. ``seed_scale`` writes with bulk inserts, computing the derived columns
(``name_folded``, ``search_text``) exactly as the services do.
"""

from __future__ import annotations

import functools
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from officer_tui.i18n import _
from officer_tui.models.enums import Channel, Priority, RequestStatus, UnitKind
from officer_tui.models.org import Contact, OrgUnit
from officer_tui.models.request import Request
from officer_tui.services import demo_data, scale_data
from officer_tui.services._bulk import bulk_insert, stamp
from officer_tui.services._common import transactional
from officer_tui.services.contacts import create_contact
from officer_tui.services.errors import ValidationError
from officer_tui.services.history_recorder import without_history
from officer_tui.services.requests import (
    create_request,
    forward,
    resolve,
    set_status,
    triage,
    urgency,
)
from officer_tui.services.units import create_unit
from officer_tui.text import fold

MAX_SCALE = 5_000_000


def _unwrapped(fn: Callable[..., Any]) -> Callable[..., Any]:
    """The service function without its own commit: the seeder commits once at the end."""
    return getattr(fn, "__wrapped__", fn)


def _has_data(session: Session) -> bool:
    return any(
        session.exec(select(func.count()).select_from(model)).one()
        for model in (OrgUnit, Contact, Request)
    )


# --- demo ---------------------------------------------------------------------------------


@transactional
def seed_demo(session: Session, *, today: date) -> dict[str, int]:
    """The culture department of Hohenstein: units, people and requests in every state.

    Only into an empty database. Dates are relative to ``today``. One transaction. Demo data
    arrives without history (it is nobody's change, and Ctrl+Z must not take it away).
    """
    with without_history(session):
        return _seed_demo(session, today=today)


def _seed_demo(session: Session, *, today: date) -> dict[str, int]:
    if _has_data(session):
        raise ValidationError(
            "demo", _("the database is not empty; demo data goes only into an empty database")
        )
    add_unit, add_contact = _unwrapped(create_unit), _unwrapped(create_contact)
    units: dict[str, int] = {}
    for key, name, short, kind, parent, headcount in demo_data.UNITS:
        unit = add_unit(
            session,
            data={
                "name": name,
                "short_name": short,
                "kind": kind,
                "parent_id": units[parent] if parent else None,
                "headcount": headcount,
            },
        )
        units[key] = unit.id
    people: dict[str, int] = {}
    for name, unit_key, role, email, phone in demo_data.CONTACTS:
        contact = add_contact(
            session,
            data={
                "name": name,
                "unit_id": units[unit_key],
                "role": role,
                "email": email,
                "phone": phone,
            },
        )
        people[name] = contact.id
    for entry in demo_data.REQUESTS:
        _demo_request(session, entry, units=units, people=people, today=today)
    counts = {
        "units": len(units),
        "contacts": len(people),
        "requests": len(demo_data.REQUESTS),
    }
    # The other domains build on these people and requests (ideas before projects: the
    # projects link the strategy's goals the ideas seed creates).
    from officer_tui.services.demo_ideas import seed_ideas
    from officer_tui.services.demo_meetings import seed_meetings
    from officer_tui.services.demo_people import seed_stakeholders
    from officer_tui.services.demo_projects import seed_projects
    from officer_tui.services.demo_training import seed_training

    session.flush()
    for seed_more in (seed_stakeholders, seed_ideas, seed_projects, seed_meetings, seed_training):
        for key, value in seed_more(session, today=today).items():
            counts[key] = counts.get(key, 0) + value
    return counts


def _demo_request(
    session: Session, entry: tuple, *, units: dict[str, int], people: dict[str, int], today: date
) -> None:
    (title, unit, requester, channel, category, priority, ago, due_in, steps, description) = entry
    received = today - timedelta(days=ago)
    request = _unwrapped(create_request)(
        session,
        data={
            "title": title,
            "description": description,
            "unit_id": units[unit],
            "requester_id": people[requester] if requester else None,
            "channel": Channel(channel),
            "priority": Priority(priority),
            "category": category if "new" in steps else None,
            "received_on": received,
            "due_on": today + timedelta(days=due_in) if due_in is not None else None,
        },
        today=today,
    )
    if "new" in steps:
        return
    _unwrapped(triage)(session, request_id=request.id, category=category, today=today)
    for step in steps:
        if step == "progress":
            _unwrapped(set_status)(
                session, request_id=request.id, status=RequestStatus.IN_PROGRESS, today=today
            )
        elif step == "wait":
            _unwrapped(set_status)(
                session, request_id=request.id, status=RequestStatus.WAITING, today=today
            )
        elif step[0] == "fwd":
            _unwrapped(forward)(
                session,
                request_id=request.id,
                unit_id=units[step[1]],
                ticket_ref=step[2],
                today=today,
            )
        elif step[0] in ("done", "declined"):
            _unwrapped(resolve)(
                session,
                request_id=request.id,
                resolution=step[2],
                declined=step[0] == "declined",
                today=min(received + timedelta(days=step[1]), today),
            )
        else:  # pragma: no cover - a typo in demo_data
            raise ValueError(f"unknown demo step {step!r}")


# --- scale --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScalePlan:
    """How many of each record ``seed_scale`` makes for ``requests`` requests.

    Later record types (ideas, projects, meetings, trainings) get a field and a step here.
    """

    requests: int
    units: int
    contacts: int

    @classmethod
    def for_requests(cls, count: int) -> ScalePlan:
        return cls(requests=count, units=max(10, count // 2000), contacts=max(20, count // 5))


@dataclass
class _World:
    """What the generated records point to; filled step by step."""

    rng: random.Random
    today: date
    units: list[tuple[int, str, UnitKind]]  # id, name, kind
    contacts_by_unit: dict[int, list[int]]
    provider_ids: list[int]  # where requests are forwarded to


@transactional
def seed_scale(session: Session, *, count: int, today: date, seed: int = 1) -> dict[str, int]:
    """``count`` generated requests with proportional units and contacts. One transaction.

    May add to a database that holds data already (units with the same name are reused).
    Deterministic for a given ``seed`` and ``today``.
    """
    if not 1 <= count <= MAX_SCALE:
        raise ValidationError("count", _("must be between 1 and {n}").format(n=f"{MAX_SCALE:,}"))
    plan = ScalePlan.for_requests(count)
    rng = random.Random(seed)
    units, created_units = _scale_units(session, plan.units)
    world = _World(
        rng=rng,
        today=today,
        units=units,
        contacts_by_unit={},
        provider_ids=[uid for uid, _n, kind in units if kind == UnitKind.IT_PROVIDER]
        or [uid for uid, _n, kind in units if kind == UnitKind.DEPARTMENT],
    )
    contacts = _scale_contacts(session, world, plan.contacts)
    requests = _scale_requests(session, world, plan.requests)
    counts = {"units": created_units, "contacts": contacts, "requests": requests}
    from officer_tui.services.demo_ideas import scale_ideas
    from officer_tui.services.demo_meetings import scale_meetings
    from officer_tui.services.demo_projects import scale_projects
    from officer_tui.services.demo_training import scale_training

    for scale_more in (scale_ideas, scale_projects, scale_meetings, scale_training):
        counts.update(scale_more(session, count_requests=count, today=today, rng=rng))
    # Bulk rows skip the services, so their stored urgency is computed here in one UPDATE.
    from officer_tui.services.requests import refresh_urgency

    refresh_urgency(session, today=today)
    return counts


def _scale_units(session: Session, wanted: int) -> tuple[list[tuple[int, str, UnitKind]], int]:
    """The unit tree: the demo's units first, then branches of the houses. Existing reused."""
    existing = {
        folded: (uid, name, kind)
        for uid, name, kind, folded in session.exec(
            select(OrgUnit.id, OrgUnit.name, OrgUnit.kind, OrgUnit.name_folded)
        ).all()
    }
    ids_by_key: dict[str, int] = {}
    result: list[tuple[int, str, UnitKind]] = []
    created = 0
    for key, name, short, kind, parent, headcount in scale_data.unit_specs(wanted):
        found = existing.get(fold(name))
        if found is None:
            unit = OrgUnit(
                name=name,
                name_folded=fold(name),
                short_name=short,
                kind=kind,
                parent_id=ids_by_key.get(parent) if parent else None,
                headcount=headcount,
            )
            session.add(unit)
            session.flush()
            found = (unit.id, name, kind)
            existing[fold(name)] = found
            created += 1
        ids_by_key[key] = found[0]
        result.append((found[0], found[1], UnitKind(found[2])))
    return result, created


def _scale_contacts(session: Session, world: _World, count: int) -> int:
    rng, pick = world.rng, scale_data.pick
    homes = scale_data.Weighted(
        tuple(
            ((uid, kind), scale_data.CONTACT_WEIGHT.get(kind, 1)) for uid, _n, kind in world.units
        )
    )

    def rows() -> Iterator[dict]:
        for index in range(count):
            unit_id, kind = homes.draw(rng)
            first, last = pick(rng, scale_data.FIRST_NAMES), pick(rng, scale_data.LAST_NAMES)
            name = f"{first} {last}"
            yield {
                "name": name,
                "name_folded": fold(name),
                "unit_id": unit_id,
                "role": pick(rng, scale_data.ROLES.get(kind, scale_data.ROLES[None])),
                "email": f"{fold(first)}.{fold(last)}@{scale_data.domain_for(kind)}",
                "phone": f"05555 {1234 + unit_id % 8000}-{100 + index % 900}",
                "notes": "",
            }

    written = bulk_insert(session, Contact, rows(), constants=stamp())
    for contact_id, unit_id in session.exec(select(Contact.id, Contact.unit_id)).all():
        world.contacts_by_unit.setdefault(unit_id, []).append(contact_id)
    return written


def _scale_requests(session: Session, world: _World, count: int) -> int:
    rng, today, pick = world.rng, world.today, scale_data.pick
    askers = [(uid, name) for uid, name, kind in world.units if kind in scale_data.ASKING_KINDS]
    askers = askers or [(uid, name) for uid, name, _kind in world.units]
    folded = functools.lru_cache(maxsize=65536)(fold)
    statuses = scale_data.Weighted(scale_data.STATUS_WEIGHTS)
    channels = scale_data.Weighted(scale_data.CHANNEL_WEIGHTS)
    priorities = scale_data.Weighted(scale_data.PRIORITY_WEIGHTS)
    closing = {
        RequestStatus.DONE: scale_data.DONE_NOTES,
        RequestStatus.DECLINED: scale_data.DECLINED_NOTES,
    }

    def rows() -> Iterator[dict]:
        for index in range(count):
            status = statuses.draw(rng)
            notes = closing.get(status)
            # Closed requests spread over three years; open ones are mostly recent.
            age = int(rng.random() * 1096) if notes else min(int(rng.expovariate(1 / 35)), 400)
            received = today - timedelta(days=age)
            unit_id, unit_name = pick(rng, askers)
            people = world.contacts_by_unit.get(unit_id)
            category = pick(rng, scale_data.CATEGORIES)
            title, description = scale_data.title_and_text(rng, category, unit_name)
            forwarded = status == RequestStatus.FORWARDED or (notes and rng.random() < 0.25)
            provider = pick(rng, world.provider_ids) if forwarded and world.provider_ids else None
            due_in = int(rng.random() * 58) + 3 if rng.random() < 0.3 else None
            due_on = received + timedelta(days=due_in) if due_in else None
            priority = priorities.draw(rng)
            yield {
                "title": title,
                "description": description,
                # == fold(f"{title}\n{description}") as the services compute it: folding
                # works character by character, so the parts are folded (and cached) apart.
                "search_text": f"{folded(title)}\n{folded(description)}",
                "unit_id": unit_id,
                "requester_id": pick(rng, people) if people and rng.random() < 0.9 else None,
                "channel": channels.draw(rng),
                "received_on": received,
                "category": None
                if status == RequestStatus.NEW and rng.random() < 0.5
                else category,
                "priority": priority,
                "due_on": due_on,
                "status": status,
                "forwarded_to_id": provider,
                "ticket_ref": f"INC-{received.year}-{index % 100000:05d}" if provider else None,
                "resolution": pick(rng, notes) if notes else "",
                "closed_on": received + timedelta(days=int(rng.random() * (min(age, 60) + 1)))
                if notes
                else None,
                "urgency": urgency(
                    priority=priority,
                    received_on=received,
                    due_on=due_on,
                    status=status,
                    today=today,
                ),
            }

    return bulk_insert(session, Request, rows(), constants=stamp())
