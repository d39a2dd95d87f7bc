"""Where things live on disk. Functions only: nothing is created at import time."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "officer-tui"


def data_dir() -> Path:
    """The per-user data directory (not created here)."""
    override = os.environ.get("OFFICER_DATA_DIR")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    return data_dir() / "officer.db"


def resolve_db_url(db: str | None = None) -> str:
    """The database to open: ``--db``, else ``OFFICER_DB``, else the default SQLite file.

    Accepts a file path or a SQLAlchemy URL (``sqlite:///...``, ``postgresql+psycopg://...``).
    """
    target = db or os.environ.get("OFFICER_DB") or str(default_db_path())
    if "://" in target:
        return target
    return "sqlite:///" + str(Path(target).expanduser().absolute())


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for other databases and in-memory SQLite."""
    if not url.startswith("sqlite"):
        return None
    _, _, rest = url.partition(":///")
    rest = rest.split("?", 1)[0]
    if not rest or rest == ":memory:":
        return None
    return Path(rest)


def display_url(url: str) -> str:
    """The URL as it may be shown to people: never with a password."""
    path = sqlite_path(url)
    if path is not None:
        home = Path.home()
        return "~/" + str(path.relative_to(home)) if path.is_relative_to(home) else str(path)
    if "://" not in url or "@" not in url:
        return url
    scheme, _, rest = url.partition("://")
    credentials, _, host = rest.rpartition("@")
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user}@{host}" if user else f"{scheme}://{host}"


def backups_dir(database: Path) -> Path:
    """Where the backups of the SQLite file ``database`` go: ``backups/`` beside it (not created)."""
    return database.parent / "backups"
