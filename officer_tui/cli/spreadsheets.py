"""CSV and XLSX: ``officer export --format csv|xlsx`` and ``officer import FILE.csv --kind ...``."""

from __future__ import annotations

import argparse

from officer_tui.cli._common import BadInput
from officer_tui.i18n import _


def add_import_options(parser: argparse.ArgumentParser) -> None:
    """The options of ``officer import`` that only spreadsheets use."""


def export_tables(args: argparse.Namespace) -> int:
    raise BadInput("fmt", _("not built yet"))


def import_table(args: argparse.Namespace) -> int:
    raise BadInput("file", _("not built yet"))
