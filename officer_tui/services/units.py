"""Units: departments, houses, the IT provider and external partners."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, select

from officer_tui.i18n import _
from officer_tui.models.org import Contact, OrgUnit, OrgUnitCreate, OrgUnitUpdate
from officer_tui.models.views import UnitRow
from officer_tui.services._common import (
    check_version,
    clean,
    get_or_404,
    transactional,
    validated,
)
from officer_tui.services.errors import ValidationError
from officer_tui.text import closest, fold


def find_unit(session: Session, name: str, *, field: str = "unit") -> OrgUnit:
    """The unit called ``name`` (case- and accent-blind; short names count too).

    An unknown name is refused with the closest known names suggested.
    """
    key = fold(clean(name, field))
    if not key:
        raise ValidationError(field, _("must not be empty"))
    unit = session.exec(select(OrgUnit).where(OrgUnit.name_folded == key)).first()
    if unit is None:  # folded in Python: SQLite's lower() leaves umlauts alone ("KÜB")
        with_short_names = session.exec(select(OrgUnit).where(OrgUnit.short_name.is_not(None)))
        unit = next((u for u in with_short_names if fold(u.short_name.strip()) == key), None)
    if unit is not None:
        return unit
    names = session.exec(select(OrgUnit.name)).all()
    suggestions = closest(name, names)
    if suggestions:
        message = _("unknown unit {name!r}; did you mean: {options}?").format(
            name=clean(name), options=", ".join(suggestions)
        )
    else:
        message = _("unknown unit {name!r}").format(name=clean(name))
    raise ValidationError(field, message)


def _check_name_free(session: Session, name: str, *, own_id: int | None = None) -> None:
    clash = session.exec(select(OrgUnit).where(OrgUnit.name_folded == fold(name))).first()
    if clash is not None and clash.id != own_id:
        raise ValidationError(
            "name", _("a unit called {name!r} exists already").format(name=clash.name)
        )


def _check_parent(session: Session, parent_id: int | None, own_id: int | None) -> None:
    if parent_id is None:
        return
    parent = session.get(OrgUnit, parent_id)
    if parent is None:
        raise ValidationError("parent", _("unknown unit"))
    seen = set()
    while parent is not None and parent.id not in seen:  # no unit may contain itself
        if parent.id == own_id:
            raise ValidationError("parent", _("a unit cannot be inside itself"))
        seen.add(parent.id)
        parent = session.get(OrgUnit, parent.parent_id) if parent.parent_id else None


@transactional
def create_unit(session: Session, *, data: OrgUnitCreate | dict) -> OrgUnit:
    fields = validated(OrgUnitCreate, data, model=OrgUnit)
    fields.name = clean(fields.name)
    if not fields.name:
        raise ValidationError("name", _("must not be empty"))
    _check_name_free(session, fields.name)
    _check_parent(session, fields.parent_id, None)
    unit = OrgUnit.model_validate(fields, update={"name_folded": fold(fields.name)})
    session.add(unit)
    session.flush()
    return unit


@transactional
def update_unit(
    session: Session,
    *,
    unit_id: int,
    changes: OrgUnitUpdate | dict,
    expected_version: int | None = None,
) -> OrgUnit:
    unit = get_or_404(session, OrgUnit, unit_id, "unit")
    check_version(unit, expected_version, "unit")
    update = validated(OrgUnitUpdate, changes, model=OrgUnit).model_dump(exclude_unset=True)
    if "name" in update:
        update["name"] = clean(update["name"])
        if not update["name"]:
            raise ValidationError("name", _("must not be empty"))
        _check_name_free(session, update["name"], own_id=unit.id)
        update["name_folded"] = fold(update["name"])
    if "parent_id" in update:
        _check_parent(session, update["parent_id"], unit.id)
    unit.sqlmodel_update(update)
    session.add(unit)
    session.flush()
    return unit


def get_unit(session: Session, unit_id: int) -> OrgUnit:
    return get_or_404(session, OrgUnit, unit_id, "unit")


def list_units(session: Session) -> list[UnitRow]:
    """All units as a tree in reading order: each parent followed by its children."""
    counts = dict(
        session.exec(select(Contact.unit_id, func.count()).group_by(Contact.unit_id)).all()
    )
    units = session.exec(select(OrgUnit)).all()
    by_id = {unit.id: unit for unit in units}
    children: dict[int | None, list[OrgUnit]] = {}
    for unit in units:
        parent = unit.parent_id if unit.parent_id in by_id else None
        children.setdefault(parent, []).append(unit)
    rows: list[UnitRow] = []

    def walk(parent: int | None, depth: int) -> None:
        for unit in sorted(children.get(parent, []), key=lambda u: u.name_folded):
            parent_unit = by_id.get(unit.parent_id) if unit.parent_id else None
            rows.append(
                UnitRow(
                    id=unit.id,
                    name=unit.name,
                    short_name=unit.short_name,
                    kind=unit.kind,
                    parent_id=unit.parent_id,
                    parent_name=parent_unit.name if parent_unit else None,
                    headcount=unit.headcount,
                    contacts=counts.get(unit.id, 0),
                    version=unit.version,
                    depth=depth,
                )
            )
            walk(unit.id, depth + 1)

    walk(None, 0)
    return rows


def unit_and_descendants(session: Session, unit_id: int) -> set[int]:
    """``unit_id`` and every unit below it (a department with its houses)."""
    pairs = session.exec(select(OrgUnit.id, OrgUnit.parent_id)).all()
    below: dict[int, list[int]] = {}
    for child, parent in pairs:
        if parent is not None:
            below.setdefault(parent, []).append(child)
    found, todo = set(), [unit_id]
    while todo:
        current = todo.pop()
        if current not in found:
            found.add(current)
            todo.extend(below.get(current, []))
    return found


def unit_names(session: Session) -> list[tuple[int, str]]:
    return [(row.id, row.name) for row in list_units(session)]
