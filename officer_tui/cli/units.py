"""``officer unit add|list``: departments, houses, the IT provider and partners."""

from __future__ import annotations

import argparse
from typing import Any

from officer_tui.cli._common import (
    CHOICES,
    choice,
    json_flag,
    print_json,
    session_for,
    table,
    unit_id,
    whole,
)
from officer_tui.i18n import _, ngettext


def register(commands: Any) -> None:
    text = _("departments, houses, the IT provider, partners")
    group = commands.add_parser("unit", help=text, description=text)
    actions = group.add_subparsers(dest="action", metavar="ACTION", required=True)

    add_ = actions.add_parser("add", help=_("add a unit; prints its id"))
    add_.add_argument("name", metavar="NAME", help=_("name of the unit"))
    add_.add_argument("--kind", metavar=CHOICES["kind"], help=_("default: department"))
    add_.add_argument("--parent", metavar="UNIT", help=_("the unit it belongs to"))
    add_.add_argument("--headcount", type=whole(0), metavar="N", help=_("number of staff"))
    add_.add_argument("--short", metavar="NAME", help=_("short name"))
    add_.set_defaults(handler=add)

    listing = actions.add_parser("list", help=_("list the units as a tree"))
    listing.add_argument("--tree", action="store_true",
                         help=_("draw the tree with lines, headcount and contacts per unit"))
    json_flag(listing)
    listing.set_defaults(handler=list_)


def add(args: argparse.Namespace) -> int:
    from officer_tui.models.enums import UnitKind

    data: dict[str, Any] = {"name": args.name, "short_name": args.short}
    if args.headcount is not None:
        data["headcount"] = args.headcount
    if args.kind is not None:
        data["kind"] = choice(UnitKind, args.kind, "kind")
    with session_for(args) as session:
        from officer_tui.services.units import create_unit

        data["parent_id"] = unit_id(session, args.parent, "parent")
        print(create_unit(session, data=data).id)
    return 0


def list_(args: argparse.Namespace) -> int:
    from officer_tui.labels import unit_kind_label

    with session_for(args) as session:
        from officer_tui.services.units import list_units

        units = list_units(session)
    if args.json:
        print_json(
            [
                {
                    "id": unit.id,
                    "name": unit.name,
                    "short_name": unit.short_name,
                    "kind": unit.kind.value,
                    "parent_id": unit.parent_id,
                    "parent": unit.parent_name,
                    "headcount": unit.headcount,
                    "contacts": unit.contacts,
                    "depth": unit.depth,
                }
                for unit in units
            ]
        )
        return 0
    if not units:
        print(_("No units yet. Add one with 'officer unit add NAME'."))
        return 0
    if args.tree:
        print(draw_tree(units))
        return 0
    rows = [
        [
            str(unit.id),
            "  " * unit.depth + unit.name,
            unit_kind_label(unit.kind),
            unit.short_name or "",
            "" if unit.headcount is None else str(unit.headcount),
            str(unit.contacts),
        ]
        for unit in units
    ]
    headers = [_("ID"), _("Name"), _("Kind"), _("Short"), _("Staff"), _("Contacts")]
    print(table(headers, rows, right=(0, 4, 5), squeeze=1))
    return 0


def draw_tree(units: list[Any]) -> str:
    """The units with tree lines (``├─``, ``└─``), kind, headcount and number of contacts.

    ``units`` in tree order with depths, as ``list_units`` gives them.
    """
    from officer_tui.labels import unit_kind_label

    lines = []
    for index, unit in enumerate(units):
        prefix = ""
        for depth in range(1, unit.depth + 1):
            # Is there a later unit at this depth under the same ancestor (before we go up)?
            later = False
            for other in units[index + 1 :]:
                if other.depth < depth:
                    break
                if other.depth == depth:
                    later = True
                    break
            if depth == unit.depth:
                prefix += "├─ " if later else "└─ "
            else:
                prefix += "│  " if later else "   "
        details = [unit_kind_label(unit.kind)]
        if unit.headcount is not None:
            details.append(_("{n} staff").format(n=unit.headcount))
        details.append(ngettext("{n} contact", "{n} contacts", unit.contacts).format(n=unit.contacts))
        lines.append(f"{prefix}{unit.name}  ({', '.join(details)})  #{unit.id}")
    return "\n".join(lines)
