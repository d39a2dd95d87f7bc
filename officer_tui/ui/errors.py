"""Turn exceptions from the layers below into one line for people."""

from __future__ import annotations

from officer_tui.i18n import _

# Field names in people's words live in ``officer_tui.labels`` (services use them too).
from officer_tui.labels import field_label


def describe(exc: BaseException) -> str:
    from officer_tui.db.errors import DatabaseProblem
    from officer_tui.services.errors import NotFound, StaleVersion, ValidationError

    if isinstance(exc, ValidationError):
        return "; ".join(f"{field_label(field)}: {message}" for field, message in exc.problems)
    if isinstance(exc, StaleVersion):
        return _("Someone else saved this record meanwhile; nothing of yours was saved. Open it again to see their version and redo your change.")
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


