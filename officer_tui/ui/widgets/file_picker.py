"""Pick a file by keyboard: a folder's subfolders and matching files, newest first.

``Enter`` opens a folder (``..`` goes up) or takes a file: the picker posts
``FilePicker.Picked(path)``. It reads the file system only (never the database), listing one
folder at a time, so it stays quick in a large home folder. Textual's ``DirectoryTree`` keeps a
loader worker running for as long as it is mounted, and shows every file; this shows the
files that can be taken, the newest (the last export) first and highlighted.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from officer_tui.i18n import _, format_date


def is_folder(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def folder_entries(folder: Path, suffixes: tuple[str, ...]) -> list[tuple[Path, bool]]:
    """A folder's subfolders (by name) and files ending in ``suffixes`` (newest first), hidden
    ones left out: (path, is a folder). Raises OSError when the folder cannot be read."""
    folders, files = [], []
    for entry in folder.iterdir():
        if entry.name.startswith("."):
            continue
        if is_folder(entry):
            folders.append(entry)
        elif entry.suffix.lower() in suffixes:
            files.append(entry)
    return ([(path, True) for path in sorted(folders, key=lambda p: p.name.lower())]
            + [(path, False) for path in sorted(files, key=_modified, reverse=True)])


def entry_text(path: Path, folder: bool) -> Text:
    """``name/`` for a folder; ``name  246 kB  22.11.2026 10:14`` for a file."""
    if folder:
        return Text(path.name + "/", style="bold")
    text = Text(path.name)
    try:
        info = path.stat()
    except OSError:
        return text
    size = info.st_size / 1024
    text.append(f"  {size:,.0f} kB" if size >= 1 else f"  {info.st_size} B", style="dim")
    changed = datetime.fromtimestamp(info.st_mtime)
    text.append(f"  {format_date(changed.date())} {changed:%H:%M}", style="dim")
    return text


class FilePicker(Vertical):
    """The folder shown, then its entries; ``open(folder)`` lists a folder and focuses the list."""

    DEFAULT_CSS = """
    FilePicker { height: auto; }
    FilePicker > #picker-folder { height: 1; color: $text-muted; text-wrap: nowrap; text-overflow: ellipsis; }
    FilePicker > OptionList { height: auto; max-height: 12; }
    """

    class Picked(Message):
        def __init__(self, picker: FilePicker, path: Path) -> None:
            super().__init__()
            self.picker = picker
            self.path = path

        @property
        def control(self) -> FilePicker:
            return self.picker

    def __init__(self, *, suffixes: tuple[str, ...], id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.suffixes = tuple(suffix.lower() for suffix in suffixes)
        self.folder: Path | None = None
        self._entries: list[tuple[Path, bool]] = []

    def compose(self) -> ComposeResult:
        yield Static("", id="picker-folder", markup=False)
        yield OptionList(id="picker-entries")

    @property
    def entries(self) -> OptionList:
        return self.query_one("#picker-entries", OptionList)

    def open(self, folder: Path) -> bool:
        """List ``folder``; False (and a notification) when it cannot be read."""
        try:
            entries = folder_entries(folder, self.suffixes)
        except OSError as exc:
            self.notify(_("cannot read {path}: {reason}").format(
                path=folder, reason=exc.strerror or exc), severity="error")
            return False
        self.folder = folder
        up = [(folder.parent, True)] if folder.parent != folder else []
        self._entries = up + entries
        options = self.entries
        options.clear_options()
        options.add_options([Text("../", style="bold")] if up else [])
        options.add_options([entry_text(path, folder) for path, folder in entries])
        if not entries:
            options.add_option(Option(Text(_("(nothing to pick here)"), style="dim"), disabled=True))
        first_file = next((i for i, (_path, folder) in enumerate(self._entries) if not folder), None)
        options.highlighted = first_file if first_file is not None else 0
        self.query_one("#picker-folder", Static).update(
            _("Folder: {path}  (Enter opens a folder or takes a file, Esc goes back)").format(
                path=folder))
        self.display = True
        options.focus()
        return True

    @on(OptionList.OptionSelected, "#picker-entries")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_index >= len(self._entries):
            return
        path, folder = self._entries[event.option_index]
        if folder:
            self.open(path)
        else:
            self.post_message(self.Picked(self, path))
