"""CSV (one file per entity, UTF-8 with BOM) and XLSX (one sheet per entity) exports. Being built."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session

from officer_tui.services.progress import Progress


def export_csv(session: Session, *, folder: Path, progress: Progress | None = None) -> list[Path]:
    """Write one CSV file per entity into ``folder`` (created if missing); the files written."""
    raise NotImplementedError


def export_xlsx(session: Session, *, path: Path, progress: Progress | None = None) -> dict[str, int]:
    """Write one sheet per entity; rows written per sheet."""
    raise NotImplementedError
