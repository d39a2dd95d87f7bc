"""Full export and import (JSON): everything, with the schema version. Being built."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlmodel import Session

from officer_tui.services.progress import Progress


@dataclass(frozen=True)
class ExportHeader:
    """What an export file says about itself (read without importing it)."""

    schema: str
    exported_at: datetime
    app_version: str
    counts: dict[str, int]  # table name -> rows


@dataclass
class ExportSummary:
    path: Path
    counts: dict[str, int] = field(default_factory=dict)  # table name -> rows written


@dataclass
class ImportSummary:
    into_empty: bool
    inserted: dict[str, int] = field(default_factory=dict)  # table name -> rows
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    dry_run: bool = False


def export_json(session: Session, *, path: Path, progress: Progress | None = None) -> ExportSummary:
    raise NotImplementedError


def read_header(path: Path) -> ExportHeader:
    """Raises ValidationError("file", ...) for a file that is not an export of ours."""
    raise NotImplementedError


def import_json(
    session: Session, *, path: Path, dry_run: bool = False, progress: Progress | None = None
) -> ImportSummary:
    raise NotImplementedError
