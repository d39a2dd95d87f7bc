"""Problems with the database as a whole, worded for the person at the keyboard.

Pure standard library (the CLI and the first frame import it before SQLAlchemy).
"""

from __future__ import annotations

from officer_tui.i18n import _, ngettext


class DatabaseProblem(Exception):
    """The database cannot be used as it is. ``str(exc)`` is a message for people."""


# What SQLite says (lower case) -> the kind of problem. Checked in this order.
_KINDS = (
    ("locked", ("database is locked", "database table is locked", "database is busy")),
    ("readonly", ("readonly database", "read-only", "readonly")),
    ("full", ("database or disk is full", "disk is full", "no space left")),
    ("corrupt", ("malformed", "not a database", "corrupt", "file is encrypted")),
    ("io", ("disk i/o error",)),
    ("cannot_open", ("unable to open database file",)),
)


def problem_kind(exc: BaseException) -> str | None:
    """``locked``, ``readonly``, ``full``, ``corrupt``, ``io``, ``cannot_open`` or None.

    ``exc`` may be a ``sqlite3`` error or a SQLAlchemy one wrapping it (``.orig``). Errors
    that are not about the database file (constraint violations, SQL mistakes) give None.
    """
    if isinstance(exc, DatabaseProblem):
        return None
    message = str(getattr(exc, "orig", None) or exc).lower()
    for kind, needles in _KINDS:
        if any(needle in message for needle in needles):
            return kind
    return None


def explain(exc: BaseException, where: str, *, fallback: bool = True) -> DatabaseProblem | None:
    """One sentence for people about ``exc`` on the database shown as ``where``.

    Every message says that nothing was changed: SQLite rolls a failed transaction back.
    Unknown errors give a generic message, or None when ``fallback`` is false.
    """
    kind = problem_kind(exc)
    if kind == "locked":
        text = _(
            "The database {where} is locked by another program ({waited}). Nothing was changed; close the other program or try again in a moment."
        )
    elif kind == "readonly":
        text = _(
            "The database {where} is read-only (no write permission for the file or its folder). Nothing was changed."
        )
    elif kind == "full":
        text = _(
            "The disk holding the database {where} is full. Nothing was changed; free some space and try again."
        )
    elif kind == "corrupt":
        text = _(
            "The file {where} is not a readable officer database (damaged or another format). It was not changed."
        )
    elif kind == "io":
        text = _(
            "Reading or writing the database {where} failed (disk error). Nothing was changed; check the disk."
        )
    elif kind == "cannot_open":
        text = _(
            "Cannot open the database {where}: the file or its folder cannot be read or written (SQLite needs to create journal files beside it)."
        )
    elif fallback:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()
        return DatabaseProblem(
            _("Cannot use the database {where}: {reason}").format(
                where=where, reason=reason[0] if reason else type(exc).__name__
            )
        )
    else:
        return None
    from officer_tui.db import files

    seconds = max(1, round(files.BUSY_TIMEOUT_MS / 1000))
    waited = ngettext("waited {n} second", "waited {n} seconds", seconds).format(n=seconds)
    return DatabaseProblem(text.format(where=where, waited=waited))
