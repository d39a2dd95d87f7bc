"""``officer request add|list|show|set``: capture, list, inspect and triage requests."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
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
    cli_value,
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
    text = _("requests from the departments")
    group = commands.add_parser("request", help=text, description=text)
    actions = group.add_subparsers(dest="action", metavar="ACTION", required=True)

    add_ = actions.add_parser("add", help=_("capture a request; prints its id"))
    add_.add_argument("title", metavar="TITLE", help=_("what is asked for, in a few words"))
    add_.add_argument("--unit", required=True, metavar="UNIT", help=_("the unit asking"))
    add_.add_argument("--requester", metavar="NAME", help=_("the contact asking"))
    add_.add_argument("--priority", metavar=CHOICES["priority"], help=_("default: normal"))
    add_.add_argument("--channel", metavar=CHOICES["channel"], help=_("default: mail"))
    add_.add_argument("--category", help=_("e.g. Hardware, Software, Website"))
    add_.add_argument("--due", metavar="DATE", help=_("due date: YYYY-MM-DD or DD.MM.YYYY"))
    add_.add_argument("--received", metavar="DATE", help=_("when it came in (default: today)"))
    add_.add_argument("--description", default="", help=_("details"))
    add_.set_defaults(handler=add)

    listing = actions.add_parser("list", help=_("list requests, most urgent first"))
    listing.add_argument(
        "--status",
        default="open",
        metavar="open|closed|all|" + CHOICES["status"],
        help=_("which requests (default: open; several separated by commas)"),
    )
    listing.add_argument("--unit", metavar="UNIT", help=_("only this unit and the units below it"))
    listing.add_argument("--priority", metavar=CHOICES["priority"])
    listing.add_argument("--category")
    listing.add_argument("--overdue", action="store_true", help=_("only open requests past due"))
    listing.add_argument(
        "--waiting-days",
        type=whole(0),
        metavar="N",
        help=_("only open requests received more than N days ago"),
    )
    listing.add_argument("--text", default="", help=_("words in title, description or requester"))
    by_option(listing, _("only requests USER created or changed (as the change history says; case is ignored)"))
    listing.add_argument("--sort", default="urgency", metavar=CHOICES["sort"])
    listing.add_argument("--limit", type=whole(1), metavar="N", help=_("show at most N"))
    json_flag(listing)
    listing.set_defaults(handler=list_)

    show_ = actions.add_parser("show", help=_("everything about one request"))
    show_.add_argument("id", type=whole(1), metavar="ID")
    json_flag(show_)
    show_.set_defaults(handler=show)

    change = actions.add_parser(
        "set", help=_("triage, forward, resolve or edit a request (all changes or none)")
    )
    change.add_argument("id", type=whole(1), metavar="ID")
    change.add_argument("--status", metavar=CHOICES["status"])
    change.add_argument("--priority", metavar=CHOICES["priority"])
    change.add_argument("--category")
    change.add_argument("--forward-to", metavar="UNIT", help=_("forward to this unit"))
    change.add_argument("--ticket", metavar="REF", help=_("the ticket number there"))
    change.add_argument("--resolution", help=_("note on the outcome (needed for done/declined)"))
    change.add_argument("--due", metavar="DATE", help=_("due date; an empty text removes it"))
    change.set_defaults(handler=set_)


# --- add ----------------------------------------------------------------------------------


def add(args: argparse.Namespace) -> int:
    from officer_tui.models.enums import Channel, Priority

    data: dict[str, Any] = {
        "title": args.title,
        "description": args.description,
        "category": args.category,
        "due_on": parse_date(args.due, "due"),
    }
    if args.priority is not None:
        data["priority"] = choice(Priority, args.priority, "priority")
    if args.channel is not None:
        data["channel"] = choice(Channel, args.channel, "channel")
    if args.received is not None:
        data["received_on"] = parse_date(args.received, "received")
    with session_for(args) as session:
        from officer_tui.services.contacts import find_contact
        from officer_tui.services.requests import create_request

        data["unit_id"] = unit_id(session, args.unit)
        if args.requester is not None:
            requester = find_contact(session, args.requester, unit_id=data["unit_id"])
            data["requester_id"] = requester.id
        print(create_request(session, data=data, today=today()).id)
    return 0


# --- list ---------------------------------------------------------------------------------


def _statuses(text: str) -> frozenset | None:
    """``open`` (the default), ``closed``, ``all`` or status values separated by commas."""
    from officer_tui.models.enums import CLOSED_STATUSES, OPEN_STATUSES, RequestStatus, parse_enum

    key = text.strip().lower()
    if key in ("all", "open", "closed"):
        return {"all": None, "open": OPEN_STATUSES, "closed": CLOSED_STATUSES}[key]
    try:
        return frozenset(parse_enum(RequestStatus, part) for part in key.split(",") if part.strip())
    except ValueError:
        options = ", ".join(["open", "closed", "all", *map(cli_value, RequestStatus)])
        message = _("{text!r} is not one of: {options}").format(text=text, options=options)
        raise BadInput("status", message) from None


def row_json(row: Any) -> dict[str, Any]:
    """One list row as JSON: stable keys, enum values as stored, dates ISO."""
    return {
        "id": row.id,
        "title": row.title,
        "status": row.status.value,
        "priority": row.priority.value,
        "unit": row.unit_name,
        "category": row.category,
        "received": row.received_on,
        "due": row.due_on,
        "age_days": row.age_days,
        "urgency": row.urgency,
        "overdue": row.overdue,
        "requester": row.requester_name,
        "ticket": row.ticket_ref,
        "version": row.version,
    }


def list_(args: argparse.Namespace) -> int:
    from officer_tui.labels import PRIORITY_SYMBOLS, priority_label, status_label
    from officer_tui.models.enums import Priority
    from officer_tui.models.views import RequestFilter, RequestSort

    statuses = _statuses(args.status)
    priority = choice(Priority, args.priority, "priority") if args.priority else None
    sort = choice(RequestSort, args.sort, "sort")
    day = today()
    with session_for(args) as session:
        from officer_tui.services import requests

        filters = RequestFilter(
            text=args.text,
            statuses=statuses,
            priority=priority,
            unit_id=unit_id(session, args.unit),
            category=args.category,
            overdue=args.overdue,
            waiting_days=args.waiting_days,
            changed_by=checked_user(session, args.by),
        )
        requests.ensure_urgency_current(session, today=day)
        rows = requests.list_requests(
            session, filters=filters, sort=sort, limit=args.limit, today=day
        )
        if args.json:
            listed = add_authors(session, "request", [row_json(row) for row in rows])
    if args.json:
        print_json(listed)
        return 0
    if not rows:
        print(_("No matching requests."))
        return 0
    headers = [_("ID"), _("Urg."), _("Priority"), _("Status"), _("Unit"), _("Title"), _("Due"),
               _("Age")]  # fmt: skip
    cells = [
        [
            str(row.id),
            str(row.urgency),
            f"{PRIORITY_SYMBOLS[row.priority]} {priority_label(row.priority)}",
            status_label(row.status),
            row.unit_name,
            row.title,
            format_date(row.due_on) + (" !" if row.overdue else ""),
            _("{n} d").format(n=row.age_days),
        ]
        for row in rows
    ]
    print(table(headers, cells, right=(0, 1, 7), squeeze=5))
    return 0


# --- show ---------------------------------------------------------------------------------


def show(args: argparse.Namespace) -> int:
    day = today()
    with session_for(args) as session:
        from officer_tui.services.requests import request_detail

        detail = request_detail(session, args.id, today=day)
        history = history_field(session, "request", args.id)
        who = json_authors(session, "request", args.id) if args.json else {}
    request = detail.request
    overdue = request.due_on is not None and request.due_on < day and not request.status.is_closed
    if args.json:
        print_json(
            {
                "id": request.id,
                "title": request.title,
                "description": request.description,
                "status": request.status.value,
                "priority": request.priority.value,
                "channel": request.channel.value,
                "unit_id": request.unit_id,
                "unit": detail.unit_name,
                "requester_id": request.requester_id,
                "requester": detail.requester_name,
                "category": request.category,
                "received": request.received_on,
                "due": request.due_on,
                "overdue": overdue,
                "age_days": detail.age_days,
                "urgency": detail.urgency,
                "urgency_parts": detail.urgency_parts,
                "forwarded_to_id": request.forwarded_to_id,
                "forwarded_to": detail.forwarded_to_name,
                "ticket": request.ticket_ref,
                "resolution": request.resolution,
                "closed": request.closed_on,
                "created_at": request.created_at,
                "updated_at": request.updated_at,
                **who,
                "version": request.version,
            }
        )
        return 0
    print(describe(detail, overdue=overdue, history=history))
    return 0


def describe(detail: Any, *, overdue: bool, history: Sequence[tuple[str, str]] = ()) -> str:
    """A request as labelled lines, for people."""
    from officer_tui.labels import PRIORITY_SYMBOLS, channel_label, priority_label, status_label

    request = detail.request
    received = ngettext("{date} ({n} day ago)", "{date} ({n} days ago)", detail.age_days)
    due = "–"
    if request.due_on:
        due = format_date(request.due_on) + (" " + _("(overdue)") if overdue else "")
    fields = [
        (_("Status"), status_label(request.status)),
        (_("Priority"), f"{PRIORITY_SYMBOLS[request.priority]} {priority_label(request.priority)}"),
        (_("Unit"), detail.unit_name),
        (_("Requester"), detail.requester_name or "–"),
        (_("Channel"), channel_label(request.channel)),
        (_("Category"), request.category or "–"),
        (_("Received"), received.format(date=format_date(request.received_on), n=detail.age_days)),
        (_("Due"), due),
    ]
    if request.forwarded_to_id:
        target = detail.forwarded_to_name or ""
        if request.ticket_ref:
            target += ", " + _("ticket {ref}").format(ref=request.ticket_ref)
        fields.append((_("Forwarded to"), target))
    if request.closed_on:
        fields.append((_("Closed"), format_date(request.closed_on)))
    if request.resolution:
        fields.append((_("Resolution"), request.resolution))
    score = _("{total} (priority {priority} + waiting {waiting} + due {due})")
    fields.append((_("Urgency"), score.format(total=detail.urgency, **detail.urgency_parts)))
    fields.extend(history)
    width = max(len(label) for label, _value in fields) + 1
    lines = [f"#{request.id}  {request.title}", ""]
    lines += [f"{(label + ':').ljust(width)}  {value}" for label, value in fields]
    if request.description:
        lines += ["", _("Description") + ":"]
        lines += ["  " + line for line in request.description.splitlines()]
    return "\n".join(lines)


# --- set ----------------------------------------------------------------------------------


def set_(args: argparse.Namespace) -> int:
    from officer_tui.labels import priority_label, status_label
    from officer_tui.models.enums import Priority, RequestStatus

    status = choice(RequestStatus, args.status, "status") if args.status else None
    priority = choice(Priority, args.priority, "priority") if args.priority else None
    changes = {"due_on": parse_date(args.due, "due")} if args.due is not None else None
    given = (status, priority, args.category, args.forward_to, args.ticket, args.resolution)
    if changes is None and all(value is None for value in given):
        hint = _("see '{command} --help'").format(command="officer request set")
        raise BadInput(None, _("nothing to change; give an option such as --status") + f" ({hint})")
    with session_for(args) as session:
        from officer_tui.services.requests import apply_changes

        request = apply_changes(
            session,
            request_id=args.id,
            status=status,
            priority=priority,
            category=args.category,
            forward_to_id=unit_id(session, args.forward_to, "forward_to"),
            ticket_ref=args.ticket,
            resolution=args.resolution,
            changes=changes,
            today=today(),
        )
        summary = _("Request {id}: {status}, {priority}").format(
            id=request.id,
            status=status_label(request.status),
            priority=priority_label(request.priority),
        )
    print(summary)
    return 0
