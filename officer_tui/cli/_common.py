"""What every command needs: input errors, parsing helpers, a session, tables and JSON.

Standard library only at import time; the services are imported where they are used.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any, NoReturn

from officer_tui.i18n import _, ngettext

PROG = "officer"

# Service field names -> what people typed on the command line.
OPTION_NAMES = {
    "name": "NAME",
    "title": "TITLE",
    "unit_id": "--unit",
    "requester_id": "--requester",
    "due": "--due",
    "due_on": "--due",
    "received_on": "--received",
    "ticket_ref": "--ticket",
    "parent_id": "--parent",
    "short_name": "--short",
    "count": "--scale",
}

# Values people can type, for help texts (no enum import at parse time; a test keeps them true).
CHOICES = {
    "priority": "low|normal|high|urgent",
    "channel": "mail|phone|meeting|in-person|ticket",
    "status": "new|triaged|in-progress|waiting|forwarded|done|declined",
    "kind": "enterprise|department|city-office|museum|library|music-school|events|house|"
    "it-provider|external",
    "sort": "urgency|received|due",
}


class BadInput(Exception):
    """Input refused before any service ran. ``field`` is a service field name or None."""

    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def where(field: str | None) -> str:
    """``--unit: `` for the field ``unit``: the prefix of a one-line complaint."""
    if not field or field == "record":
        return ""
    return OPTION_NAMES.get(field, "--" + field.replace("_", "-")) + ": "


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line naming the option (``main`` exits with 2)."""

    def error(self, message: str) -> NoReturn:
        message = re.sub(r"^argument ([^:]+): ", r"\1: ", message)
        hint = _("see '{command} --help'").format(command=self.prog)
        raise BadInput(None, f"{message} ({hint})")


def whole(minimum: int) -> Callable[[str], int]:
    """An argparse type: a whole number of at least ``minimum``."""

    def convert(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            message = _("{text!r} is not a whole number").format(text=text)
            raise argparse.ArgumentTypeError(message) from None
        if value < minimum:
            raise argparse.ArgumentTypeError(_("must be at least {n}").format(n=minimum))
        return value

    return convert


def cli_value(member: Any) -> str:
    """An enum value as typed on the command line: ``in-progress``."""
    return str(member.value).replace("_", "-")


def choice(enum_type: Any, text: str, field: str) -> Any:
    """An enum value as typed (``in-person``, ``IN_PROGRESS`` ...), else one clear error."""
    from officer_tui.models.enums import parse_enum

    try:
        return parse_enum(enum_type, text)
    except ValueError:
        options = ", ".join(cli_value(member) for member in enum_type)
        message = _("{text!r} is not one of: {options}").format(text=text, options=options)
        raise BadInput(field, message) from None


def json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help=_("print JSON instead of a table"))


@contextmanager
def session_for(args: argparse.Namespace) -> Iterator[Any]:
    """A session on the chosen database (brought up to date first, with a backup)."""
    from officer_tui.services.database import open_database

    database = open_database(args.url)
    try:
        with database.session() as session:
            yield session
    finally:
        database.close()


def today() -> date:
    from officer_tui import clock

    return clock.today()


def parse_date(text: str | None, field: str) -> date | None:
    from officer_tui.services.dates import parse_date as parse

    return parse(text, field=field)


def unit_id(session: Any, name: str | None, field: str = "unit") -> int | None:
    """The id of the unit called ``name``; unknown names are refused with suggestions."""
    if name is None:
        return None
    from officer_tui.services.units import find_unit

    return find_unit(session, name, field=field).id


# --- text that is safe for a terminal ----------------------------------------------------------
#
# Stored text is cleaned by the services (no control characters), but older data, imports and
# other tools may still hold some. Whatever the CLI prints on stdout passes ``terminal_safe``:
# control characters other than line break and tab (ESC, CR, DEL, the C1 range) and lone
# surrogates are shown as visible escapes (``\x1b``), on a terminal and in a pipe alike (piped
# text reaches a terminal sooner or later: ``| less -R``, ``> file; cat file``). ``--json``
# stays exact JSON: those characters become JSON escapes (``\u001b``), which decode to the
# stored text.

_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\ud800-\udfff]")  # json.dumps escapes C0 itself


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_safe(text: str) -> str:
    """``text`` with control characters (but line breaks and tabs) as visible escapes."""
    return _UNSAFE.sub(_visible, text)


def json_safe(text: str) -> str:
    """JSON text (from ``json.dumps``) with DEL, C1 controls and lone surrogates escaped."""
    return _UNSAFE_IN_JSON.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


class TerminalSafe:
    """A text stream that writes ``terminal_safe`` text to ``stream``; the rest is the stream's."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(terminal_safe(text))
        return len(text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


@contextmanager
def safe_stdout() -> Iterator[None]:
    """Inside: ``sys.stdout`` is ``TerminalSafe`` (a command's output, never the TUI's)."""
    original = sys.stdout
    sys.stdout = TerminalSafe(original)  # type: ignore[assignment]
    try:
        yield
    finally:
        sys.stdout = original


def print_json(data: Any) -> None:
    """Valid JSON on stdout, dates in ISO form, umlauts readable."""

    def encode(value: Any) -> Any:
        if isinstance(value, date | datetime):
            return value.isoformat()
        return str(value)

    print(json_safe(json.dumps(data, ensure_ascii=False, indent=2, default=encode)))


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    right: Sequence[int] = (),
    squeeze: int | None = None,
) -> str:
    """Aligned columns. On a terminal, column ``squeeze`` is cut (…) to fit the width."""
    widths = [max([len(head), *(len(row[i]) for row in rows)]) for i, head in enumerate(headers)]
    if squeeze is not None and sys.stdout.isatty():
        overflow = sum(widths) + 2 * (len(widths) - 1) - shutil.get_terminal_size().columns
        if overflow > 0:
            widths[squeeze] = max(12, widths[squeeze] - overflow)
    lines = []
    for cells in (headers, *rows):
        parts = []
        for i, cell in enumerate(cells):
            if len(cell) > widths[i]:
                cell = cell[: widths[i] - 1] + "…"
            parts.append(cell.rjust(widths[i]) if i in right else cell.ljust(widths[i]))
        lines.append("  ".join(parts).rstrip())
    return "\n".join(lines)


_COUNT_TEXTS: dict[str, Callable[[int], str]] = {
    "units": lambda n: ngettext("{n} unit", "{n} units", n),
    "contacts": lambda n: ngettext("{n} contact", "{n} contacts", n),
    "requests": lambda n: ngettext("{n} request", "{n} requests", n),
    "contact_logs": lambda n: ngettext("{n} logged contact", "{n} logged contacts", n),
    "reviews_due": lambda n: ngettext("{n} contact due for GDPR review", "{n} contacts due for GDPR review", n),
    "goals": lambda n: ngettext("{n} strategic goal", "{n} strategic goals", n),
    "ideas": lambda n: ngettext("{n} idea", "{n} ideas", n),
    "projects": lambda n: ngettext("{n} project", "{n} projects", n),
    "project_links": lambda n: ngettext("{n} project link", "{n} project links", n),
    "project_goals": lambda n: ngettext("{n} project goal link", "{n} project goal links", n),
    "followups": lambda n: ngettext("{n} follow-up", "{n} follow-ups", n),
    "meeting_series": lambda n: ngettext("{n} meeting series", "{n} meeting series", n),
    "meetings": lambda n: ngettext("{n} meeting", "{n} meetings", n),
    "agenda_items": lambda n: ngettext("{n} agenda item", "{n} agenda items", n),
    "outcomes": lambda n: ngettext("{n} outcome", "{n} outcomes", n),
    "decisions": lambda n: ngettext("{n} decision", "{n} decisions", n),
    "programmes": lambda n: ngettext("{n} training programme", "{n} training programmes", n),
    "sessions": lambda n: ngettext("{n} training session", "{n} training sessions", n),
    "enrollments": lambda n: ngettext("{n} enrollment", "{n} enrollments", n),
}


def counts_text(counts: dict[str, int]) -> str:
    """``15 units, 36 contacts, 49 requests``."""
    return ", ".join(
        _COUNT_TEXTS[key](n).format(n=n) if key in _COUNT_TEXTS else f"{n} {key}"
        for key, n in counts.items()
    )


YES_WORDS = ("y", "yes", "j", "ja")


def confirmed(question: str) -> bool:
    """Ask on the terminal; True for y/yes/j/ja (an empty answer or end of input is no)."""
    print(question, end=" ", flush=True)
    try:
        answer = input()
    except EOFError:
        return False
    return answer.strip().lower() in YES_WORDS
