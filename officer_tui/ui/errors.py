"""Turn exceptions from the layers below into one line for people."""

from __future__ import annotations

from officer_tui.i18n import _


def describe(exc: BaseException) -> str:
    from officer_tui.db.errors import DatabaseProblem
    from officer_tui.services.errors import NotFound, StaleVersion, ValidationError

    if isinstance(exc, ValidationError):
        return "; ".join(f"{field_label(field)}: {message}" for field, message in exc.problems)
    if isinstance(exc, StaleVersion):
        return _("Someone else changed this record meanwhile. It was reloaded; please try again.")
    if isinstance(exc, NotFound):
        return _("This record no longer exists.")
    if isinstance(exc, DatabaseProblem):
        return str(exc)
    return _("Unexpected error: {error}").format(error=exc)


_FIELD_LABELS = {
    "title": "Title",
    "unit": "Unit",
    "unit_id": "Unit",
    "requester": "Requester",
    "requester_id": "Requester",
    "channel": "Channel",
    "received": "Received",
    "received_on": "Received",
    "due": "Due",
    "due_on": "Due",
    "category": "Category",
    "priority": "Priority",
    "status": "Status",
    "resolution": "Resolution",
    "forward_to": "Forward to",
    "ticket": "Ticket",
    "name": "Name",
    "kind": "Kind",
    "parent": "Parent unit",
    "parent_id": "Parent unit",
    "headcount": "Headcount",
    "email": "E-mail",
    "phone": "Phone",
    "role": "Role",
    "description": "Description",
}


def field_label(field: str) -> str:
    label = _FIELD_LABELS.get(field)
    return _(label) if label else field
