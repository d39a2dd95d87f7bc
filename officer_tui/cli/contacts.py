"""``officer contact add|list|show|log|export|erase``: the people in the units, their history,
and data protection (access under Art. 15, erasure under Art. 17 GDPR)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from officer_tui.cli._authors import (
    add_authors,
    by_option,
    checked_user,
    history_field,
    json_authors,
)
from officer_tui.cli._common import (
    CHOICES,
    BadInput,
    choice,
    json_flag,
    parse_date,
    print_json,
    session_for,
    table,
    today,
    unit_id,
    whole,
)
from officer_tui.i18n import _, format_date, ngettext


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
    add_.add_argument("--purpose", help=_("why the person's data is kept (GDPR)"))
    add_.add_argument("--legal-basis", help=_("legal basis of keeping it (GDPR)"))
    add_.add_argument("--review", metavar="DATE", help=_("date to review keeping the data"))
    add_.add_argument("--stay-in-touch", type=whole(1), metavar="DAYS",
                      help=_("talk to the person at least every DAYS days"))
    add_.set_defaults(handler=add)

    listing = actions.add_parser("list", help=_("list contacts by name"))
    listing.add_argument("--unit", metavar="UNIT", help=_("only this unit and the units below it"))
    listing.add_argument("--text", default="", help=_("only names, e-mails or roles containing this"))
    listing.add_argument("--role", default="", help=_("only roles containing this text"))
    listing.add_argument("--losing-touch", action="store_true",
                         help=_("only people not heard from within their interval, most overdue first"))
    listing.add_argument("--review-due", action="store_true",
                         help=_("only people whose data protection review date has come"))
    by_option(listing, _("only contacts USER created or changed (as the change history says; case is ignored)"))
    json_flag(listing)
    listing.set_defaults(handler=list_)

    show_ = actions.add_parser("show", help=_("a person with their whole timeline"))
    show_.add_argument("id", type=whole(1), metavar="ID")
    json_flag(show_)
    show_.set_defaults(handler=show)

    log_ = actions.add_parser("log", help=_("log a contact (call, meeting, conversation); prints its id"))
    log_.add_argument("id", type=whole(1), metavar="ID")
    log_.add_argument("--channel", default="phone", metavar=CHOICES["channel"], help=_("default: phone"))
    log_.add_argument("--note", default="", metavar="TEXT", help=_("what it was about"))
    log_.add_argument("--date", metavar="DATE", help=_("when (default: today)"))
    log_.set_defaults(handler=log)

    export_ = actions.add_parser("export", help=_("everything about a person, as JSON or Markdown (Art. 15 GDPR)"))
    export_.add_argument("id", type=whole(1), metavar="ID")
    export_.add_argument("--out", required=True, metavar="PATH", help=_("file to write: .json or .md"))
    export_.add_argument("--format", choices=("json", "md"), help=_("default: by the file's suffix"))
    export_.set_defaults(handler=export)

    erase_ = actions.add_parser("erase", help=_("erase a person's data (Art. 17 GDPR); records stay"))
    erase_.add_argument("id", type=whole(1), metavar="ID")
    erase_.add_argument("--yes", action="store_true", help=_("really erase (without it: say what would change)"))
    erase_.set_defaults(handler=erase)


def add(args: argparse.Namespace) -> int:
    review = parse_date(args.review, "review")
    with session_for(args) as session:
        from officer_tui.services.contacts import create_contact

        data = {
            "name": args.name,
            "unit_id": unit_id(session, args.unit),
            "role": args.role,
            "email": args.email,
            "phone": args.phone,
        }
        if args.purpose is not None:
            data["purpose"] = args.purpose
        if args.legal_basis is not None:
            data["legal_basis"] = args.legal_basis
        if review is not None:
            data["review_on"] = review
        if args.stay_in_touch is not None:
            data["stay_in_touch_days"] = args.stay_in_touch
        print(create_contact(session, data=data).id)
    return 0


def _last_text(row: Any) -> str:
    days = row.days_since(today())
    if days is None:
        text = _("never")
    else:
        text = ngettext("{n} day ago", "{n} days ago", days).format(n=days)
    return ("⚠ " + text) if row.losing_touch else text


def list_(args: argparse.Namespace) -> int:
    with session_for(args) as session:
        from officer_tui.services.contacts import list_contacts
        from officer_tui.services.units import unit_and_descendants

        home = unit_id(session, args.unit)
        units = unit_and_descendants(session, home) if home is not None else None
        contacts = list_contacts(
            session, unit_ids=units, text=args.text, role=args.role,
            losing_touch=args.losing_touch, review_due=args.review_due, today=today(),
            changed_by=checked_user(session, args.by),
        )
        if args.json:
            listed = add_authors(session, "contact", [
                {
                    "id": contact.id,
                    "name": contact.name,
                    "unit_id": contact.unit_id,
                    "unit": contact.unit_name,
                    "role": contact.role,
                    "email": contact.email,
                    "phone": contact.phone,
                    "last_contact": contact.last_on,
                    "stay_in_touch_days": contact.interval_days,
                    "losing_touch": contact.losing_touch,
                    "review_on": contact.review_on,
                    "review_due": contact.review_due,
                }
                for contact in contacts
            ])
    if args.json:
        print_json(listed)
        return 0
    if not contacts:
        print(_("No matching contacts."))
        return 0
    rows = [
        [str(c.id), c.name, c.unit_name or "", c.role, _last_text(c),
         ("§ " if c.review_due else "") + format_date(c.review_on), c.email, c.phone]
        for c in contacts
    ]
    headers = [_("ID"), _("Name"), _("Unit"), _("Role"), _("Last contact"), _("Review"), _("E-mail"),
               _("Phone")]
    print(table(headers, rows, right=(0,), squeeze=3))
    return 0


def show(args: argparse.Namespace) -> int:
    from officer_tui.services.timeline import kind_name, role_text

    with session_for(args) as session:
        from officer_tui.services import contacts, gdpr

        contacts.get_contact(session, args.id)
        row = contacts.person_row(session, args.id, today=today())
        data = gdpr.export_person(session, args.id, today=today())
        history = history_field(session, "contact", args.id)
        who = json_authors(session, "contact", args.id) if args.json else {}
    if args.json:
        data.update(who)
        data.pop("export")
        data["losing_touch"] = row.losing_touch
        data["review_due"] = row.review_due
        data["stay_in_touch_interval_days"] = row.interval_days
        print_json(data)
        return 0
    person = data["contact"]
    fields = [
        (_("Role"), person["role"] or "–"),
        (_("Unit"), row.unit_name or "–"),
        (_("E-mail"), person["email"] or "–"),
        (_("Phone"), person["phone"] or "–"),
        (_("Last contact"), _last_text(row) if not row.erased else "–"),
        (_("Stay in touch"), _("every {n} days").format(n=row.interval_days)),
        (_("Purpose"), person["purpose"] or "–"),
        (_("Legal basis"), person["legal_basis"] or "–"),
        (_("Review on"), ("§ " if row.review_due else "") + (format_date(row.review_on) or "–")),
    ]
    if row.erased:
        fields.append((_("Erased on"), person["erased_at"][:10]))
    fields.extend(history)
    width = max(len(label) for label, _value in fields) + 1
    lines = [f"#{person['id']}  {person['name']}", ""]
    lines += [f"{(label + ':').ljust(width)}  {value}" for label, value in fields]
    lines += ["", _("Timeline (newest first):")]
    if not data["timeline"]:
        lines.append("  " + _("nothing yet"))
    from datetime import date

    for entry in data["timeline"]:
        role = role_text(entry["kind"], entry["role"])
        lines.append(
            f"  {format_date(date.fromisoformat(entry['happened_on']))}  "
            f"{kind_name(entry['kind'])} #{entry['record_id']}"
            + (f" ({role})" if role else "") + f"  {entry['title']}"
        )
    print("\n".join(lines))
    return 0


def log(args: argparse.Namespace) -> int:
    from officer_tui.models.enums import Channel

    channel = choice(Channel, args.channel, "channel")
    day = parse_date(args.date, "date")
    if day is not None and day > today():
        raise BadInput("date", _("cannot lie in the future"))
    with session_for(args) as session:
        from officer_tui.services.contacts import log_contact

        entry = log_contact(session, contact_id=args.id, channel=channel, note=args.note,
                            happened_on=day, today=today())
        print(entry.id)
    return 0


def export(args: argparse.Namespace) -> int:
    path = Path(args.out).expanduser()
    fmt = args.format or path.suffix.lstrip(".").lower()
    if fmt not in ("json", "md"):
        raise BadInput("out", _("use a .json or .md file, or --format json|md"))
    with session_for(args) as session:
        from officer_tui.services.gdpr import write_export

        written = write_export(session, args.id, path, fmt=fmt, today=today())
    print(_("Exported contact {id} to {path}.").format(id=args.id, path=written))
    return 0


def erase(args: argparse.Namespace) -> int:
    from officer_tui.services.timeline import kind_name

    with session_for(args) as session:
        from officer_tui.services import gdpr

        if not args.yes:
            preview = gdpr.erasure_preview(session, args.id)
        else:
            preview = gdpr.erase_person(session, contact_id=args.id)
    kept = ", ".join(gdpr.count_text(kind, n) for kind, n in preview.kept.items()) or "–"
    logs = ngettext("{n} logged contact", "{n} logged contacts", preview.logs_deleted)
    if args.yes:
        print(_("Erased contact {id}: personal data emptied, {logs} deleted; kept as "
                "“erased person”: {kept}.").format(id=args.id, logs=logs.format(n=preview.logs_deleted),
                                                   kept=kept))
    else:
        print(_("Would erase contact {id} ({name}): personal data emptied, {logs} deleted; kept as "
                "“erased person”: {kept}. Run again with --yes to erase.").format(
            id=args.id, name=preview.name, logs=logs.format(n=preview.logs_deleted), kept=kept))
    if preview.mentions:
        print(_("Free text is not rewritten; these records mention the name, review them:"))
        for mention in preview.mentions:
            print(f"  {kind_name(mention.kind)} #{mention.record_id}  {mention.title}")
    if not args.yes:
        raise BadInput("yes", _("required to erase; nothing was changed"))
    return 0
