"""Fill a database: realistic demo data, or many generated records for load tests.

``seed_demo`` goes through the real service functions (so the data obeys every rule) inside one
transaction. ``seed_scale`` writes with bulk inserts, computing the derived columns
(``name_folded``, ``search_text``) exactly as the services do.
"""

from __future__ import annotations

import functools
import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, insert
from sqlmodel import Session, select

from officer_tui.i18n import _
from officer_tui.models.base import utcnow
from officer_tui.models.enums import Channel, Priority, RequestStatus, UnitKind
from officer_tui.models.org import Contact, OrgUnit
from officer_tui.models.request import Request
from officer_tui.services import demo_data, scale_data
from officer_tui.services._common import transactional
from officer_tui.services.contacts import create_contact
from officer_tui.services.errors import ValidationError
from officer_tui.services.requests import create_request, forward, resolve, set_status, triage
from officer_tui.services.units import create_unit
from officer_tui.text import fold

CHUNK = 5000  # rows per bulk INSERT
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

    Only into an empty database. Dates are relative to ``today``. One transaction.
    """
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
            data={"name": name, "unit_id": units[unit_key], "role": role, "email": email,
                  "phone": phone},
        )
        people[name] = contact.id
    for entry in demo_data.REQUESTS:
        _demo_request(session, entry, units=units, people=people, today=today)
    return {
        "units": len(units),
        "contacts": len(people),
        "requests": len(demo_data.REQUESTS),
    }


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
    _unwrapped(triage)(session, request_id=request.id, category=category)
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
                session, request_id=request.id, unit_id=units[step[1]], ticket_ref=step[2],
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
        raise ValidationError(
            "count", _("must be between 1 and {n}").format(n=f"{MAX_SCALE:,}")
        )
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
    return {"units": created_units, "contacts": contacts, "requests": requests}


def _chunks(rows: Iterator[dict], size: int = CHUNK) -> Iterator[list[dict]]:
    batch: list[dict] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _bulk_insert(session: Session, model: type, rows: Iterator[dict]) -> int:
    """Plain multi-row INSERTs on the table (the ORM's bulk path would go row by row here)."""
    written = 0
    statement = insert(model.__table__)
    for batch in _chunks(rows):
        session.execute(statement, batch)
        written += len(batch)
    return written


def _stamp() -> dict[str, Any]:
    now = utcnow()
    return {"created_at": now, "updated_at": now, "version": 1}


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
    rng = world.rng
    homes = [(uid, kind) for uid, _name, kind in world.units]
    weights = [scale_data.CONTACT_WEIGHT.get(kind, 1) for _uid, kind in homes]
    plan = [rng.choices(homes, weights)[0] for _ in range(count)]
    stamp = _stamp()

    def rows() -> Iterator[dict]:
        for index, (unit_id, kind) in enumerate(plan):
            first, last = rng.choice(scale_data.FIRST_NAMES), rng.choice(scale_data.LAST_NAMES)
            name = f"{first} {last}"
            mailbox = fold(f"{first}.{last}").replace(" ", "")
            domain = scale_data.domain_for(kind)
            yield {
                "name": name,
                "name_folded": fold(name),
                "unit_id": unit_id,
                "role": rng.choice(scale_data.ROLES.get(kind, scale_data.ROLES[None])),
                "email": f"{mailbox}@{domain}",
                "phone": f"05555 {1234 + unit_id % 8000}-{100 + index % 900}",
                "notes": "",
                **stamp,
            }

    written = _bulk_insert(session, Contact, rows())
    for contact_id, unit_id in session.exec(select(Contact.id, Contact.unit_id)).all():
        world.contacts_by_unit.setdefault(unit_id, []).append(contact_id)
    return written


def _weighted(rng: random.Random, table: Sequence[tuple[Any, int]]) -> Any:
    values, weights = zip(*table, strict=True)
    return rng.choices(values, weights)[0]


def _scale_requests(session: Session, world: _World, count: int) -> int:
    rng, today = world.rng, world.today
    askers = [(uid, name) for uid, name, kind in world.units if kind in scale_data.ASKING_KINDS]
    askers = askers or [(uid, name) for uid, name, _kind in world.units]
    stamp = _stamp()
    folded = functools.lru_cache(maxsize=65536)(fold)

    def rows() -> Iterator[dict]:
        for index in range(count):
            status = _weighted(rng, scale_data.STATUS_WEIGHTS)
            closed = status in (RequestStatus.DONE, RequestStatus.DECLINED)
            age = rng.randint(0, 1095) if closed else min(int(rng.expovariate(1 / 35)), 400)
            received = today - timedelta(days=age)
            unit_id, unit_name = rng.choice(askers)
            people = world.contacts_by_unit.get(unit_id)
            category = rng.choice(scale_data.CATEGORIES)
            title, description = scale_data.title_and_text(rng, category, unit_name)
            forwarded = status == RequestStatus.FORWARDED or (closed and rng.random() < 0.25)
            provider = rng.choice(world.provider_ids) if forwarded and world.provider_ids else None
            yield {
                "title": title,
                "description": description,
                # == fold(f"{title}\n{description}"), as the services compute it: folding
                # works character by character, so the parts can be folded (and cached) apart.
                "search_text": f"{folded(title)}\n{folded(description)}",
                "unit_id": unit_id,
                "requester_id": rng.choice(people) if people and rng.random() < 0.9 else None,
                "channel": _weighted(rng, scale_data.CHANNEL_WEIGHTS),
                "received_on": received,
                "category": None if status == RequestStatus.NEW and rng.random() < 0.5 else category,
                "priority": _weighted(rng, scale_data.PRIORITY_WEIGHTS),
                "due_on": received + timedelta(days=rng.randint(3, 60))
                if rng.random() < 0.3
                else None,
                "status": status,
                "forwarded_to_id": provider,
                "ticket_ref": f"INC-{received.year}-{index % 100000:05d}" if provider else None,
                "resolution": rng.choice(
                    scale_data.DECLINED_NOTES
                    if status == RequestStatus.DECLINED
                    else scale_data.DONE_NOTES
                )
                if closed
                else "",
                "closed_on": received + timedelta(days=rng.randint(0, min(age, 60)))
                if closed
                else None,
                **stamp,
            }

    return _bulk_insert(session, Request, rows())
