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


# What PostgreSQL says. SQLSTATE codes where the server sends one; libpq's connection
# failures come without a code, so their text (lower case) is matched. Checked in this order.
_PG_CODES = (
    ("locked", ("55P03",)),  # lock_not_available: lock_timeout ran out
    ("conflict", ("40001", "40P01")),  # serialization failure, deadlock
    ("denied", ("42501",)),  # insufficient_privilege
    ("auth", ("28000", "28P01")),
    ("no_database", ("3D000",)),
    ("readonly", ("25006",)),  # read_only_sql_transaction: a standby
    ("full", ("53100",)),
    ("crowded", ("53300",)),  # too_many_connections
    ("disconnected", ("57P01", "57P02", "57P03", "08000", "08003", "08006")),
)
_PG_NEEDLES = (
    ("auth", ("password authentication failed", "authentication failed", "no password supplied",
              "role \"", "pg_hba.conf")),
    ("no_database", ("database \"",)),
    ("crowded", ("too many clients", "remaining connection slots")),
    ("disconnected", ("server closed the connection", "terminating connection",
                      "connection is closed", "consuming input failed", "connection is lost",
                      "the database system is", "ssl connection has been closed",
                      "connection already closed")),
    ("unreachable", ("connection refused", "no such file or directory", "failed to resolve host",
                     "could not translate host name", "name or service not known",
                     "temporary failure in name resolution", "timeout expired",
                     "network is unreachable", "no route to host", "connection timed out",
                     "could not connect", "connection failed", "connection is bad")),
)


def _original(exc: BaseException) -> BaseException:
    return getattr(exc, "orig", None) or exc


def _is_postgres(exc: BaseException) -> bool:
    return type(_original(exc)).__module__.startswith("psycopg")


def _postgres_kind(exc: BaseException) -> str | None:
    original = _original(exc)
    code = getattr(original, "sqlstate", None) or ""
    for kind, codes in _PG_CODES:
        if code in codes:
            return kind
    if code:
        return None  # the server said what it was: not a problem of the connection
    message = str(original).lower()
    for kind, needles in _PG_NEEDLES:
        if any(needle in message for needle in needles):
            return kind
    return None


def problem_kind(exc: BaseException) -> str | None:
    """The kind of problem with the database as a whole, or None.

    SQLite: ``locked``, ``readonly``, ``full``, ``corrupt``, ``io``, ``cannot_open``.
    PostgreSQL also: ``unreachable``, ``auth``, ``no_database``, ``denied``, ``conflict``,
    ``crowded``, ``disconnected`` (and ``locked``, ``readonly``, ``full``).

    ``exc`` may be a driver error or a SQLAlchemy one wrapping it (``.orig``). Errors
    that are not about the database itself (constraint violations, SQL mistakes) give None.
    """
    if isinstance(exc, DatabaseProblem):
        return None
    if _is_postgres(exc):
        return _postgres_kind(exc)
    message = str(_original(exc)).lower()
    for kind, needles in _KINDS:
        if any(needle in message for needle in needles):
            return kind
    return None


def _first_line(exc: BaseException) -> str:
    lines = str(_original(exc)).strip().splitlines()
    return lines[0].strip() if lines else type(exc).__name__


def _quoted_name(exc: BaseException, after: str) -> str | None:
    """The name in double quotes after ``after`` in the server's message (``database "x"``)."""
    message = str(_original(exc))
    index = message.find(after + ' "')
    if index < 0:
        return None
    rest = message[index + len(after) + 2:]
    return rest.split('"', 1)[0] or None


def _unreachable_reason(exc: BaseException) -> str:
    message = str(_original(exc)).lower()
    if "connection refused" in message:
        return _("connection refused: no server listens there")
    if "no such file or directory" in message:
        return _("no server socket in that folder")
    if any(n in message for n in ("resolve host", "translate host", "not known", "name resolution")):
        return _("unknown host name")
    if "timeout expired" in message or "timed out" in message:
        return _("no answer within the connect timeout")
    return _first_line(exc)


def _denied_text(exc: BaseException) -> tuple[str, dict[str, str]]:
    statement = (getattr(exc, "statement", None) or "").lstrip().split(None, 1)
    verb = statement[0].upper() if statement else ""
    table = _quoted_name(exc, "table") or _first_line(exc).rpartition(" ")[2]
    if verb in ("SELECT", "INSERT", "UPDATE", "DELETE"):
        return _(
            "The database user has no {privilege} permission on the table {table} in {where}. Nothing was changed; ask the administrator to grant it (see 'Team server' in the README)."
        ), {"privilege": verb, "table": table}
    return _(
        "The database user may not do this in {where} ({reason}). Nothing was changed; ask the administrator (see 'Team server' in the README)."
    ), {"reason": _first_line(exc)}


def _postgres_text(kind: str, exc: BaseException) -> tuple[str, dict[str, str]] | None:
    """The message template for a PostgreSQL problem and its values besides ``where`` and
    ``waited``."""
    if kind == "unreachable":
        return _(
            "Cannot reach the PostgreSQL server of {where}: {reason}. Check the host name and that the server runs; nothing was changed."
        ), {"reason": _unreachable_reason(exc)}
    if kind == "auth":
        return _(
            "The PostgreSQL server refused the login to {where}: wrong user name or password, or no such role. Nothing was changed."
        ), {}
    if kind == "no_database":
        name = _quoted_name(exc, "database") or "DATABASE"
        return _(
            "The database {name} does not exist on the server of {where}. Ask the administrator to create it (createdb -O OWNER {name}), or check the name."
        ), {"name": name}
    if kind == "denied":
        return _denied_text(exc)
    if kind == "locked":
        return _(
            "The record is locked by another user of {where} ({waited}). Nothing was changed; try again in a moment."
        ), {}
    if kind == "conflict":
        return _(
            "Another user of {where} changed the same records at the same moment. Nothing was changed; try again."
        ), {}
    if kind == "readonly":
        return _(
            "The PostgreSQL server of {where} accepts only reading (a standby server, or read-only mode). Nothing was changed."
        ), {}
    if kind == "full":
        return _(
            "The disk of the PostgreSQL server of {where} is full. Nothing was changed; tell the administrator."
        ), {}
    if kind == "crowded":
        return _(
            "The PostgreSQL server of {where} has no free connections right now. Nothing was changed; try again in a moment."
        ), {}
    if kind == "disconnected":
        return _(
            "The PostgreSQL server of {where} closed the connection (restarted or stopped?). Nothing was changed; try again in a moment."
        ), {}
    return None


def explain(exc: BaseException, where: str, *, fallback: bool = True) -> DatabaseProblem | None:
    """One sentence for people about ``exc`` on the database shown as ``where``.

    Every message says that nothing was changed: a failed transaction is rolled back.
    Unknown errors give a generic message, or None when ``fallback`` is false.
    ``where`` must already be free of passwords (``paths.display_url``).
    """
    kind = problem_kind(exc)
    found = _postgres_text(kind, exc) if kind and _is_postgres(exc) else None
    text, values = found or ("", {})
    if found is not None:
        pass
    elif kind == "locked":
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
    return DatabaseProblem(text.format(where=where, waited=waited, **values))
