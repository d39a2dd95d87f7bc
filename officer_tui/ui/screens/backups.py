"""Backups (from the palette): the backups of this database, back up now, restore one.

The list is read from the backups folder (newest first); ``b`` makes a backup with a progress
bar, ``Enter`` or ``r`` restores the selected one after a dialog that says what happens. After a
restore every pane is built afresh (``app.reload_all_panes()``), so they show the restored data.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, ProgressBar, Static
from textual.worker import get_current_worker

from officer_tui.i18n import N_, _, pgettext
from officer_tui.ui.errors import describe
from officer_tui.ui.localize import Localized

if TYPE_CHECKING:
    from officer_tui.services.backup_restore import RestoreReport
    from officer_tui.services.backups import Backup

HELP = N_(
    """**Backups** are complete copies of the database in the `backups` folder beside it,
newest first, with when they were made, their kind and size.

- *automatic*: the app makes one a day when it opens the database and keeps the newest 14
  (`OFFICER_BACKUP_KEEP` sets how many; 0 turns them off).
- *manual*: made with `b` here or `officer backup`; never deleted automatically.
- *before restore*: the state just before a restore; restore it to undo the restore.

`b` backs up now. `Enter` or `r` restores the selected backup: the current state is kept as a
*before restore* backup first, then the backup replaces the data, and every pane shows the
restored data. On the command line: `officer backup`, `officer backup list`,
`officer restore FILE`.
"""
)

KIND_STYLES = {"auto": "", "manual": "bold", "before-restore": "italic"}


class BackupsScreen(Localized, ModalScreen[None]):
    HELP_TITLE = N_("Backups")
    HELP = HELP
    CSS_PATH = "backups.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("b", "back_up", N_("Back up now"), id="backups.back_up",
                tooltip=N_("Make a backup of the database now")),
        Binding("r", "restore", N_("Restore"), id="backups.restore",
                tooltip=N_("Restore the selected backup (the current state is kept first)")),
        Binding("escape", "close", N_("Close"), id="backups.close", tooltip=N_("Close the backups")),
        Binding("question_mark", "app.help", N_("Help"), id="backups.help",
                tooltip=N_("Help for the backups")),
    ]

    class Loaded(Message):
        def __init__(self, backups: list[Backup], last: tuple[str, bool]) -> None:
            super().__init__()
            self.backups = backups
            self.last = last

    class Made(Message):
        def __init__(self, backup: Backup) -> None:
            super().__init__()
            self.backup = backup

    class Restored(Message):
        def __init__(self, report: RestoreReport, shown: str) -> None:
            super().__init__()
            self.report = report
            self.shown = shown

    class Failed(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, **kwargs) -> None:
        super().__init__()
        self.backups: list[Backup] = []
        self.busy = False
        self.loaded_once = False
        self._select: str | None = None  # the file to put the cursor on after a reload

    @property
    def url(self) -> str:
        return self.app.database.url  # type: ignore[attr-defined]

    @property
    def supported(self) -> bool:
        from officer_tui.services.backups import supports_backups

        return supports_backups(self.url)

    def compose(self) -> ComposeResult:
        from officer_tui.services import backups

        with Vertical():
            yield Static(_("Backups"), classes="dialog-title", markup=False)
            if not self.supported:
                yield Static(backups.postgres_backup_text(self.url), id="backups-unsupported",
                             markup=False)
            else:
                folder = backups.shown_path(backups.backups_folder(self.url))
                yield Static(_("Folder: {folder}").format(folder=folder), id="backups-folder",
                             markup=False)
                yield Static(self._automatic_text(), id="backups-automatic", markup=False)
                yield Static("", id="backups-last", markup=False)
                yield ProgressBar(id="backups-progress", show_eta=False)
                table: DataTable = DataTable(id="backups-table", cursor_type="row", zebra_stripes=True)
                table.add_column(pgettext("column", "Made"), key="when")
                table.add_column(pgettext("column", "Kind"), key="kind")
                table.add_column(pgettext("column", "Size"), key="size")
                table.add_column(pgettext("column", "Schema"), key="schema")
                table.add_column(pgettext("column", "File"), key="file")
                yield table
        yield Footer()

    @staticmethod
    def _automatic_text() -> str:
        from officer_tui.services import backups
        from officer_tui.services.errors import ValidationError

        try:
            keep = backups.configured_keep()
        except ValidationError as exc:
            return exc.message
        if keep == 0:
            import os

            if not os.environ.get(backups.KEEP_VARIABLE, "").strip():  # the settings file's
                return _("Automatic backups are off (backups.keep = 0 in the settings file).")
            return _("Automatic backups are off ({variable}=0).").format(
                variable=backups.KEEP_VARIABLE)
        return _("Automatic: one a day when the app opens the database; the newest {n} are "
                 "kept.").format(n=keep)

    def on_mount(self) -> None:
        if self.supported:
            self.query_one("#backups-table").focus()
            self.reload()

    def backup_changed(self) -> None:
        """The app made its automatic backup meanwhile."""
        if self.supported and not self.busy:
            self.reload()

    # --- the list ---------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="backups-load", exit_on_error=False)
    def reload(self) -> None:
        from officer_tui.services import backups

        worker = get_current_worker()
        try:
            found = backups.list_backups(url=self.url, revisions=True)
            last = backups.last_backup_text(found[0] if found else None)
        except Exception as exc:
            self.post_message(self.Failed(describe(exc)))
            return
        if not worker.is_cancelled:
            self.post_message(self.Loaded(found, last))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        from officer_tui.services import backups

        self.backups = message.backups
        self.loaded_once = True
        text, warn = message.last
        last = self.query_one("#backups-last", Static)
        last.update(text)
        last.set_class(warn, "-warning")
        table = self.query_one("#backups-table", DataTable)
        table.clear()
        for backup in self.backups:
            style = KIND_STYLES.get(backup.kind.value, "")
            table.add_row(backups.when_text(backup.made_at),
                          Text(backups.kind_label(backup.kind), style=style),
                          Text(backups.size_text(backup.size), justify="right"),
                          backup.revision or "?", backup.path.name,
                          key=backup.path.name)
        if not self.backups:
            self.query_one("#backups-last", Static).update(
                text + " · " + _("b makes the first one."))
        if self._select is not None and self._select in {b.path.name for b in self.backups}:
            table.move_cursor(row=table.get_row_index(self._select))
        self._select = None
        self.refresh_bindings()

    def selected(self) -> Backup | None:
        if not self.backups:
            return None
        table = self.query_one("#backups-table", DataTable)
        row = table.cursor_row
        return self.backups[row] if 0 <= row < len(self.backups) else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back_up":
            return True if self.supported and not self.busy else None
        if action == "restore":
            return True if self.supported and not self.busy and self.selected() else None
        return True

    # --- busy -------------------------------------------------------------------------------

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        bar = self.query_one("#backups-progress", ProgressBar)
        bar.set_class(busy, "-busy")
        if busy:
            bar.update(total=None, progress=0)
        self.refresh_bindings()

    def _progress(self):
        bar = self.query_one("#backups-progress", ProgressBar)

        def report(label: str, done: int, total: int) -> None:
            self.app.call_from_thread(bar.update, total=total or None, progress=done)

        return report

    # --- back up now ------------------------------------------------------------------------

    def action_back_up(self) -> None:
        if not self.supported or self.busy:
            return
        self._set_busy(True)
        self.back_up(self._progress())

    @work(thread=True, exclusive=True, group="backups-write", exit_on_error=False)
    def back_up(self, progress) -> None:
        from officer_tui.services import backups

        try:
            made = backups.make_backup(url=self.url, progress=progress)
        except Exception as exc:
            self.post_message(self.Failed(describe(exc)))
            return
        self.post_message(self.Made(made))

    @on(Made)
    def _made(self, message: Made) -> None:
        from officer_tui.services import backups

        self._set_busy(False)
        self.notify(_("Backed up to {path} ({size}).").format(
            path=backups.shown_path(message.backup.path), size=backups.size_text(message.backup.size)))
        self._select = message.backup.path.name
        self.reload()
        self._tell_panes()

    def _tell_panes(self) -> None:
        """Screens below (the Today pane) show the last backup: let them read it again."""
        for screen in self.app.screen_stack:
            if screen is not self and hasattr(screen, "backup_changed"):
                screen.backup_changed()

    # --- restore ----------------------------------------------------------------------------

    @on(DataTable.RowSelected, "#backups-table")
    def _row_chosen(self) -> None:
        self.action_restore()

    def action_restore(self) -> None:
        from officer_tui.services import backups
        from officer_tui.ui.screens.idea_dialogs import ConfirmScreen

        backup = self.selected()
        if backup is None or self.busy:
            return
        when = backups.when_text(backup.made_at)
        text = _(
            "Restore the {kind} backup of {when} ({size})?\n\n"
            "The data in the app is replaced by the state of that backup. The current state is "
            "kept first, as a backup \"before restore\" in this list: restore that one to undo."
        ).format(kind=backups.kind_label(backup.kind), when=when,
                 size=backups.size_text(backup.size))

        def chosen(yes: bool | None) -> None:
            if yes:
                self._set_busy(True)
                self.restore(backup, when, self._progress())

        self.app.push_screen(ConfirmScreen(_("Restore a backup"), text), chosen)

    @work(thread=True, exclusive=True, group="backups-write", exit_on_error=False)
    def restore(self, backup: Backup, when: str, progress) -> None:
        from officer_tui.services.backup_restore import restore_backup

        try:
            report = restore_backup(url=self.url, source=backup.path, progress=progress)
        except Exception as exc:
            self.post_message(self.Failed(describe(exc)))
            return
        self.post_message(self.Restored(report, when))

    @on(Restored)
    def _restored(self, message: Restored) -> None:
        self._set_busy(False)
        before = message.report.before
        text = _("Restored the backup of {when}.").format(when=message.shown)
        if before is not None:
            text += " " + _("The previous state is kept as {name}.").format(name=before.path.name)
        self.notify(text, timeout=10)
        self.dismiss(None)
        self.app.reload_all_panes()  # type: ignore[attr-defined]

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        if self.busy:
            self._set_busy(False)
        self.notify(message.text, severity="error", timeout=10)

    def action_close(self) -> None:
        if not self.busy:
            self.dismiss(None)
