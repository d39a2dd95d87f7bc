"""Write a file that holds personal data: readable by its owner only, all or nothing."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from officer_tui.i18n import _
from officer_tui.services.errors import ValidationError


def write_private(path: Path, text: str, *, field: str = "out") -> Path:
    """Write ``text`` (UTF-8, line ends as given) to ``path`` with mode 0600.

    The text goes to a temporary file beside ``path`` first and replaces it in one step, so a
    failed write leaves no half file and an existing file stays as it was. Refusals name
    ``field``.
    """
    path = Path(path)
    if path.is_dir():
        raise ValidationError(field, _("{path} is a folder; give a file name").format(path=path))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise ValidationError(field, _("cannot write {path}: {reason}").format(
            path=path, reason=exc.strerror or exc)) from None
    try:
        os.fchmod(descriptor, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(temporary, path)
    except OSError as exc:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise ValidationError(field, _("cannot write {path}: {reason}").format(
            path=path, reason=exc.strerror or exc)) from None
    return path
