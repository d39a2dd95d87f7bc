"""Write a file that holds personal data: readable by its owner only, all or nothing.

``private_output(path)`` opens a temporary file beside ``path`` (mode 0600) and, when the
``with`` block ends without an error, flushes it to disk and gives it the real name in one
step; on any error the temporary file goes and an existing file at ``path`` stays as it was.
Every export, report and minutes file is written through it.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from officer_tui.i18n import _
from officer_tui.services.errors import ValidationError


def cannot_write(field: str, path: Path, exc: OSError) -> ValidationError:
    return ValidationError(field, _("cannot write {path}: {reason}").format(
        path=path, reason=exc.strerror or exc))


@contextmanager
def private_output(
    path: Path, *, field: str = "out", encoding: str | None = None, newline: str | None = None
) -> Iterator[IO[Any]]:
    """A file object to write ``path`` through: text when ``encoding`` is given, else bytes.

    Refusals (a folder, no permission, a full disk) are ``ValidationError(field, ...)``.
    """
    path = Path(path)
    if path.is_dir():
        raise ValidationError(field, _("{path} is a folder; give a file name").format(path=path))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # mkstemp creates the file with mode 0600, whatever the umask.
        descriptor, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    except OSError as exc:
        raise cannot_write(field, path, exc) from None
    temporary = Path(name)
    try:
        mode = "w" if encoding else "wb"
        with os.fdopen(descriptor, mode, encoding=encoding, newline=newline) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise cannot_write(field, path, exc) from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_private(path: Path, text: str, *, field: str = "out") -> Path:
    """Write ``text`` (UTF-8, line ends as given) to ``path`` with mode 0600, all or nothing."""
    with private_output(path, field=field, encoding="utf-8", newline="") as handle:
        handle.write(text)
    return Path(path)
