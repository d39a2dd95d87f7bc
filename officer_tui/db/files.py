"""The database file on disk: private folders, write access, who else may read it.

Pure standard library: the CLI warns about permissions before SQLAlchemy is loaded.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from officer_tui.i18n import _

# How long a write waits for another program's lock before it gives up.
BUSY_TIMEOUT_MS = 5000

# SQLite keeps these beside the database (WAL mode; the rollback journal in other modes).
COMPANIONS = ("-wal", "-shm", "-journal")


def make_private_dir(folder: Path) -> None:
    """Create ``folder`` and any missing parents, each readable by its owner only (0700).

    Folders that exist keep their mode. Raises OSError.
    """
    missing = []
    current = folder
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for path in reversed(missing):
        try:
            path.mkdir(mode=0o700)
        except FileExistsError:
            continue
        path.chmod(0o700)  # mkdir's mode is reduced by the umask, never widened: make it exact


def write_problem(path: Path) -> str | None:
    """Why officer cannot write the existing database ``path``, or None.

    Uses the permission bits (``os.access``), so it says nothing for root, who may write
    anyway; SQLite's own read-only error covers what slips through (read-only mounts).
    """
    if not os.access(path, os.W_OK):
        return _(
            "The database {path} is read-only: officer cannot save anything there. Make it writable (chmod 600 {path}) or open a copy. It was not changed."
        ).format(path=path)
    folder = path.parent
    if not os.access(folder, os.W_OK | os.X_OK):
        return _(
            "The folder {folder} is read-only: SQLite needs to create its journal files (-wal, -shm) beside the database {path}. Make the folder writable or open a copy. Nothing was changed."
        ).format(folder=folder, path=path)
    return None


@dataclass(frozen=True)
class Permissions:
    """The mode of a database file and whether people other than its owner can get at it.

    A file with mode 0644 inside a folder of mode 0700 is private all the same: others cannot
    pass the folder. ``reachable`` holds the group/others bits of the folders on the way that
    let them through (0o011 when all do).
    """

    path: Path
    mode: int  # permission bits, e.g. 0o600
    reachable: int = 0o011
    guard: Path | None = None  # the nearest folder that keeps group and others out

    @property
    def open_bits(self) -> int:
        """The group/others bits of the file that really apply (the folders let them pass)."""
        mask = (0o070 if self.reachable & 0o010 else 0) | (0o007 if self.reachable & 0o001 else 0)
        return self.mode & mask

    @property
    def exposed(self) -> bool:
        return bool(self.open_bits)

    @property
    def mode_text(self) -> str:
        return f"{self.mode:04o}"

    def warning(self) -> str | None:
        """The one line to show when others can read or write the file; None when private."""
        if not self.exposed:
            return None
        if self.open_bits & 0o022:
            text = _(
                "The database {path} can be read or changed by other users of this computer (mode {mode}); it holds personal data. Fix: chmod 600 {path}"
            )
        else:
            text = _(
                "The database {path} can be read by other users of this computer (mode {mode}); it holds personal data. Fix: chmod 600 {path}"
            )
        return text.format(path=self.path, mode=self.mode_text)


def permissions(path: Path | None) -> Permissions | None:
    """The permissions of the database file ``path``; None when it does not exist (or no file)."""
    if path is None:
        return None
    try:
        info = path.stat()
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    reachable, guard = 0o011, None
    for folder in path.absolute().parents:
        try:
            folder_mode = stat.S_IMODE(folder.stat().st_mode)
        except OSError:
            continue
        reachable &= folder_mode
        if guard is None and not folder_mode & 0o011:
            guard = folder
    return Permissions(path=path, mode=stat.S_IMODE(info.st_mode), reachable=reachable, guard=guard)


def permission_warning(url: str) -> str | None:
    """The warning for the database behind ``url`` (SQLite files only), or None."""
    from officer_tui.paths import sqlite_path

    found = permissions(sqlite_path(url))
    return found.warning() if found else None


def companion_sizes(path: Path) -> dict[str, int]:
    """Sizes in bytes of the file and the SQLite companions that exist (``""``, ``-wal`` ...)."""
    sizes: dict[str, int] = {}
    for suffix in ("", *COMPANIONS):
        try:
            sizes[suffix] = os.stat(f"{path}{suffix}").st_size
        except OSError:
            continue
    return sizes
