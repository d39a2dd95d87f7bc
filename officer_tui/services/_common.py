"""Helpers shared by the service modules: transactions and validation."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from enum import Enum
from typing import Any, ParamSpec, TypeVar

import pydantic
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, SQLModel

from officer_tui.i18n import _
from officer_tui.services.errors import NotFound, StaleVersion, ValidationError
from officer_tui.text import fold

P = ParamSpec("P")
R = TypeVar("R")
M = TypeVar("M", bound=SQLModel)


def transactional(fn: Callable[P, R]) -> Callable[P, R]:
    """Run the service call as one transaction: commit on success, roll back on any error."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        session: Session = args[0]  # type: ignore[assignment]
        try:
            result = fn(*args, **kwargs)
            session.commit()
        except StaleDataError as exc:
            session.rollback()
            raise StaleVersion("record", "?", -1, -1) from exc
        except IntegrityError as exc:
            session.rollback()
            raise ValidationError("record", _("conflicts with data already stored")) from exc
        except BaseException:
            session.rollback()
            raise
        return result

    return wrapper


def _describe(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind in ("string_too_short", "missing"):
        return _("must not be empty")
    if kind == "string_too_long":
        return _("is too long (at most {n} characters)").format(n=ctx.get("max_length"))
    if kind in ("greater_than_equal", "greater_than"):
        return _("must be at least {n}").format(n=ctx.get("ge", ctx.get("gt")))
    if kind in ("less_than_equal", "less_than"):
        return _("must be at most {n}").format(n=ctx.get("le", ctx.get("lt")))
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return _("must be a whole number")
    if kind == "enum":
        return _("must be one of: {options}").format(options=ctx.get("expected", ""))
    if kind.startswith("date"):
        return _("is not a valid date")
    return _("is not valid")


def validated(schema: type[M], data: dict[str, Any] | SQLModel, *, model: Any = None) -> M:
    """Build ``schema`` from ``data``; pydantic's errors become one ValidationError.

    Text values pass the text policy first (``scrub``; ``model`` is the table they go to).
    """
    if isinstance(data, SQLModel):
        data = data.model_dump(exclude_unset=True)
    data = scrub(dict(data), model=model)
    try:
        return schema.model_validate(data)
    except pydantic.ValidationError as exc:
        problems = [
            (str(error["loc"][0]) if error["loc"] else "record", _describe(error))
            for error in exc.errors()
        ]
        raise ValidationError.many(problems) from None


def get_or_404(session: Session, model: type[M], record_id: int, kind: str) -> M:
    obj = session.get(model, record_id)
    if obj is None:
        raise NotFound(kind, record_id)
    return obj


def check_version(obj: Any, expected_version: int | None, kind: str) -> None:
    if expected_version is not None and obj.version != expected_version:
        raise StaleVersion(kind, obj.id, expected_version, obj.version)


# --- the text policy ------------------------------------------------------------------------
#
# Every text a service stores passes through ``clean`` (one line) or ``clean_text`` (free text):
#
# - one-line fields (titles, names, categories, places, tickets ...): line breaks, tabs and the
#   other white-space control characters become a space; surrounding white space is trimmed.
# - free-text fields (descriptions, notes, outcomes ...): ``\r\n`` and ``\r`` become ``\n``;
#   ``\n`` and ``\t`` are kept; surrounding white space is trimmed.
# - in both, every other control character (Unicode category Cc: NUL, ESC, DEL, the C1 range) is
#   removed, not refused: pasted text from mails, PDFs and spreadsheets often carries invisible
#   ones that people cannot see, let alone delete; what they mean (a colour, a screen clear) has
#   no place in a record. An ESC sequence such as ``\x1b[2J`` therefore arrives as ``[2J``.
#   Format characters (category Cf: right-to-left marks, zero-width joiners in emoji) are text
#   and are kept.
# - lone surrogates (undecodable bytes, e.g. from a command line in a broken encoding) cannot be
#   stored: refused with a message naming the field.
# - length: at most the column's length (the models' ``max_length``), else LINE_LIMIT for one
#   line and TEXT_LIMIT for free text; longer text is refused, naming the field and the limit.

LINE_LIMIT = 1_000
TEXT_LIMIT = 100_000

# Keys that hold free text when no model says so.
FREE_TEXT_KEYS = frozenset({
    "description", "notes", "note", "resolution", "text", "reason", "status_reason",
    "traffic_note", "feedback_comment", "purpose", "comment",
})

_LINE_BREAKS = "\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_ONE_LINE = {code: None for code in [*range(0x20), *range(0x7F, 0xA0)]}
_ONE_LINE.update({ord(ch): " " for ch in "\t\r" + _LINE_BREAKS})
_FREE_TEXT = {code: None for code in [*range(0x20), *range(0x7F, 0xA0)]}
_FREE_TEXT.update({ord(ch): "\n" for ch in "\r" + _LINE_BREAKS})
_FREE_TEXT[ord("\t")] = "\t"


def _refuse_surrogates(text: str, field: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValidationError(
            field, _("contains bytes that are not valid text (a broken encoding?); retype it")
        ) from None


def clean(
    text: str | None, field: str = "text", *, multiline: bool = False, limit: int | None = None
) -> str:
    """``text`` by the text policy above (one line unless ``multiline``); None becomes empty.

    Raises ValidationError(field, ...) for lone surrogates and for text longer than ``limit``
    (default LINE_LIMIT, or TEXT_LIMIT for free text).
    """
    if not text:
        return ""
    text = str(text)
    _refuse_surrogates(text, field)
    if multiline:
        text = text.replace("\r\n", "\n").translate(_FREE_TEXT).strip()
    else:
        text = text.replace("\r\n", " ").translate(_ONE_LINE).strip()
    limit = limit if limit is not None else (TEXT_LIMIT if multiline else LINE_LIMIT)
    if len(text) > limit:
        raise ValidationError(field, _("is too long (at most {n} characters)").format(n=limit))
    return text


def clean_text(text: str | None, field: str = "text", *, limit: int = TEXT_LIMIT) -> str:
    """Free text (descriptions, notes) by the text policy: keeps line breaks and tabs."""
    return clean(text, field, multiline=True, limit=limit)


def _column_length(model: Any, key: str) -> tuple[bool, int | None]:
    """(known column, its length) of ``model.key``; a column without length holds free text."""
    table = getattr(model, "__table__", None)
    if table is None or key not in table.c:
        return False, None
    return True, getattr(table.c[key].type, "length", None)


def scrub(fields: dict[str, Any], *, model: Any = None) -> dict[str, Any]:
    """Every text value of ``fields`` by the text policy, in place; returns ``fields``.

    With ``model`` (a table), a column with a length is one line of at most that length and a
    column without one is free text; other keys are free text if in FREE_TEXT_KEYS.
    """
    for key, value in fields.items():
        if not isinstance(value, str) or isinstance(value, Enum):
            continue
        known, length = _column_length(model, key) if model is not None else (False, None)
        multiline = (known and length is None) or (not known and key in FREE_TEXT_KEYS)
        fields[key] = clean(value, key, multiline=multiline, limit=length)
    return fields


MAX_FILTER_WORDS = 32
MAX_FILTER_WORD = 500


def filter_words(text: str | None) -> list[str]:
    """The folded words of a list filter, bounded: LIKE patterns and query trees have limits
    (a pasted 100 kB filter must not fail with "pattern too complex"); repeats dropped."""
    words = dict.fromkeys(word[:MAX_FILTER_WORD] for word in fold(clean(
        (text or "").encode("utf-8", "replace").decode("utf-8"), limit=sys.maxsize)).split())
    return list(words)[:MAX_FILTER_WORDS]
