"""``officer export --format ics``: meetings, training sessions and follow-ups in a calendar."""

from __future__ import annotations

import argparse

from officer_tui.cli._common import BadInput
from officer_tui.i18n import _


def export_ics(args: argparse.Namespace) -> int:
    raise BadInput("fmt", _("not built yet"))
