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


# Query parameters of a database URL that hold secrets (libpq's names).
SECRET_PARAMETERS = ("password", "sslpassword")


def _split(url: str) -> tuple[str, str, str, str]:
    """``scheme``, ``credentials`` (``user:password``, may be empty), ``host/db``, ``query``.

    The credentials end at the last ``@`` (a password may hold ``@``, ``/`` or ``?``)."""
    scheme, _, rest = url.partition("://")
    credentials, _, location = rest.rpartition("@")
    location, _, query = location.partition("?")
    return scheme, credentials, location, query


def display_url(url: str) -> str:
    """The URL as it may be shown to people: never with a password (neither ``user:secret@``
    nor ``?password=secret``)."""
    path = sqlite_path(url)
    if path is not None:
        home = Path.home()
        return "~/" + str(path.relative_to(home)) if path.is_relative_to(home) else str(path)
    if "://" not in url:
        return url
    scheme, credentials, location, query = _split(url)
    user = credentials.split(":", 1)[0]
    shown = f"{scheme}://{user}@{location}" if user else f"{scheme}://{location}"
    kept = [part for part in query.split("&")
            if part and part.split("=", 1)[0].lower() not in SECRET_PARAMETERS]
    return shown + ("?" + "&".join(kept) if kept else "")


def url_password(url: str) -> str | None:
    """The password written into a database URL (decoded), or None."""
    if sqlite_path(url) is not None or "://" not in url:
        return None
    from urllib.parse import parse_qsl, unquote

    _scheme, credentials, _location, query = _split(url)
    if ":" in credentials:
        return unquote(credentials.split(":", 1)[1])
    for name, value in parse_qsl(query):
        if name.lower() == "password":
            return value
    return None


def without_password(url: str) -> tuple[str, str | None]:
    """``url`` without its password, and the password (None when it had none).

    The app hands the password to libpq through ``PGPASSWORD`` instead, so no string it
    carries around (messages, tracebacks, the TUI) can hold it."""
    password = url_password(url)
    if password is None:
        return url, None
    scheme, credentials, location, query = _split(url)
    user = credentials.split(":", 1)[0]
    kept = [part for part in query.split("&")
            if part and part.split("=", 1)[0].lower() != "password"]
    bare = f"{scheme}://{user}@{location}" if user else f"{scheme}://{location}"
    return bare + ("?" + "&".join(kept) if kept else ""), password


def redact(text: str, url: str | None) -> str:
    """``text`` with the password of ``url`` (as written and decoded) replaced by ``***``.

    A last guard for messages built from foreign text (driver errors). Passwords shorter than
    three characters are left alone: replacing them would garble every word."""
    password = url_password(url) if url else None
    if not password or len(password) < 3:
        return text
    from urllib.parse import quote

    for form in {password, quote(password, safe=""), quote(password)}:
        text = text.replace(form, "***")
    return text


def backups_dir(database: Path) -> Path:
    """Where the backups of the SQLite file ``database`` go: ``backups/`` beside it (not created)."""
    return database.parent / "backups"
