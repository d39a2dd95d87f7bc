"""Helpers shared by the service modules: transactions and validation."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

import pydantic
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, SQLModel

from officer_tui.i18n import _
from officer_tui.services.errors import NotFound, StaleVersion, ValidationError

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


def validated(schema: type[M], data: dict[str, Any] | SQLModel) -> M:
    """Build ``schema`` from ``data``; pydantic's errors become one ValidationError."""
    if isinstance(data, SQLModel):
        data = data.model_dump(exclude_unset=True)
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


def clean(text: str | None) -> str:
    """Trim surrounding white space; None becomes empty."""
    return (text or "").strip()
