"""``officer contact add|list``: the people in the units."""

from __future__ import annotations

import argparse
from typing import Any

from officer_tui.cli._common import json_flag, print_json, session_for, table, unit_id
from officer_tui.i18n import _


def register(commands: Any) -> None:
    text = _("people in the units")
    group = commands.add_parser("contact", help=text, description=text)
    actions = group.add_subparsers(dest="action", metavar="ACTION", required=True)

    add_ = actions.add_parser("add", help=_("add a contact; prints its id"))
    add_.add_argument("name", metavar="NAME", help=_("full name"))
    add_.add_argument("--unit", required=True, metavar="UNIT", help=_("the person's unit"))
    add_.add_argument("--role", default="", help=_("role or position"))
    add_.add_argument("--email", default="", help=_("e-mail address"))
    add_.add_argument("--phone", default="", help=_("phone number"))
    add_.set_defaults(handler=add)

    listing = actions.add_parser("list", help=_("list contacts by name"))
    listing.add_argument("--unit", metavar="UNIT", help=_("only this unit and the units below it"))
    listing.add_argument("--text", default="", help=_("only names containing this text"))
    json_flag(listing)
    listing.set_defaults(handler=list_)


def add(args: argparse.Namespace) -> int:
    with session_for(args) as session:
        from officer_tui.services.contacts import create_contact

        data = {
            "name": args.name,
            "unit_id": unit_id(session, args.unit),
            "role": args.role,
            "email": args.email,
            "phone": args.phone,
        }
        print(create_contact(session, data=data).id)
    return 0


def list_(args: argparse.Namespace) -> int:
    with session_for(args) as session:
        from officer_tui.services.contacts import list_contacts
        from officer_tui.services.units import unit_and_descendants

        home = unit_id(session, args.unit)
        units = unit_and_descendants(session, home) if home is not None else None
        contacts = list_contacts(session, unit_ids=units, text=args.text)
    if args.json:
        print_json(
            [
                {
                    "id": contact.id,
                    "name": contact.name,
                    "unit_id": contact.unit_id,
                    "unit": contact.unit_name,
                    "role": contact.role,
                    "email": contact.email,
                    "phone": contact.phone,
                }
                for contact in contacts
            ]
        )
        return 0
    if not contacts:
        print(_("No matching contacts."))
        return 0
    rows = [[str(c.id), c.name, c.unit_name or "", c.role, c.email, c.phone] for c in contacts]
    headers = [_("ID"), _("Name"), _("Unit"), _("Role"), _("E-mail"), _("Phone")]
    print(table(headers, rows, right=(0,), squeeze=3))
    return 0
