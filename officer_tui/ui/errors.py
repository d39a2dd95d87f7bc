"""Turn exceptions from the layers below into one line for people."""

from __future__ import annotations

from officer_tui.i18n import N_, _


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
    problem = _database_failure(exc)
    if problem is not None:
        return problem
    return _("Unexpected error: {error}").format(error=exc)


def _database_failure(exc: BaseException) -> str | None:
    """Locked, read-only, full, damaged: worded like the CLI (``Database.session`` does this for
    services; this covers code that used the engine directly)."""
    from officer_tui.db.errors import explain, problem_kind

    if problem_kind(exc) is None:
        return None
    where = "?"
    try:
        from textual._context import active_app

        from officer_tui.paths import display_url

        where = display_url(active_app.get().db_url)  # type: ignore[attr-defined]
    except (LookupError, AttributeError):
        pass
    problem = explain(exc, where, fallback=False)
    return str(problem) if problem else None


_FIELD_LABELS = {
    "title": N_("Title"),
    "unit": N_("Unit"),
    "unit_id": N_("Unit"),
    "requester": N_("Requester"),
    "requester_id": N_("Requester"),
    "channel": N_("Channel"),
    "received": N_("Received"),
    "received_on": N_("Received"),
    "due": N_("Due"),
    "due_on": N_("Due"),
    "category": N_("Category"),
    "priority": N_("Priority"),
    "status": N_("Status"),
    "resolution": N_("Resolution"),
    "forward_to": N_("Forward to"),
    "ticket": N_("Ticket"),
    "name": N_("Name"),
    "kind": N_("Kind"),
    "parent": N_("Parent unit"),
    "parent_id": N_("Parent unit"),
    "headcount": N_("Headcount"),
    "email": N_("E-mail"),
    "phone": N_("Phone"),
    "role": N_("Role"),
    "description": N_("Description"),
    # meetings and training
    "date": N_("Date"),
    "held_on": N_("Date"),
    "start": N_("Start"),
    "end": N_("End"),
    "place": N_("Place"),
    "link": N_("Online link"),
    "participants": N_("Participants"),
    "participant": N_("Participant"),
    "presenter": N_("Presenter"),
    "minutes": N_("Planned time"),
    "owner": N_("Owner"),
    "text": N_("Text"),
    "meeting": N_("Meeting"),
    "item": N_("Agenda item"),
    "subject": N_("Linked record"),
    "links": N_("Linked records"),
    "every": N_("Every"),
    "capacity": N_("Capacity"),
    "programme": N_("Programme"),
    "session": N_("Session"),
    "trainer": N_("Trainer"),
    "topic": N_("Topic"),
    "goal": N_("Goal"),
    "goal_by": N_("Goal date"),
    "targets": N_("Target units"),
    "score": N_("Feedback score"),
    "comment": N_("Feedback comment"),
    "contact": N_("Contact"),
    "enrollment": N_("Enrollment"),
    "file": N_("File"),
    "column": N_("Column"),
}


def field_label(field: str) -> str:
    label = _FIELD_LABELS.get(field)
    return _(label) if label else field
