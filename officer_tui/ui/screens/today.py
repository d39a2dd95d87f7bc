"""The Today pane (key 1, the start screen): what needs you today, across every domain.

The frame (date, section headers marked "loading") shows before the database is read; a
worker then loads the sections one by one, the slow "contacts losing touch" last, and each
appears as it comes. Wide terminals get two columns of sections side by side.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static
from textual.worker import get_current_worker

from officer_tui import clock
from officer_tui.i18n import N_, _
from officer_tui.models.enums import RecordKind
from officer_tui.services.today_views import (
    OVERDUE,
    SECTION_ORDER,
    TODAY_MARK,
    WARNING,
    Section,
    SectionKey,
    TodayItem,
    long_date,
    more_text,
    nothing_text,
    section_title,
    summary_text,
)
from officer_tui.ui.errors import describe
from officer_tui.ui.localize import Localized
from officer_tui.ui.widgets.pane_bar import PaneBar
from officer_tui.ui.widgets.section_list import Block, Entry, SectionList

if TYPE_CHECKING:
    from officer_tui.services.database import Database

HELP = N_(
    """**Today** answers "what needs me today?": overdue follow-ups and those due today, new
requests to triage and requests waiting too long, the meetings of the next 7 days, follow-ups
coming up, training sessions with free seats, ideas awaiting assessment, projects at risk or
with a proof of use due, and the people you are losing touch with.

Each section shows how many records belong to it and its first lines; the last line
("… 35 more") leads to the full list (the follow-up list, or the pane with the matching
filter). `!` marks what is overdue, `▸` what is today, `⚠` what needs attention soon.
Priorities read ▲▲ urgent, ▲ high, – normal, ▽ low; projects ✓ on track, ⚠ at risk,
✗ off track. Every mark reads without colour too.

`Enter` opens the record under the cursor (on a header it folds the section); `Space` or
`←`/`→` fold and unfold a section, `f` folds or unfolds all of them. `d` marks the follow-up
under the cursor done. `r` reads everything afresh (the pane also does so whenever you come
back to it). On a wide terminal the sections stand in two columns: `Tab` moves between them.
"""
)

# Sections per column when the terminal is wide: what to do left, the calendar and the
# portfolio right.
LEFT = (SectionKey.FOLLOWUPS_OVERDUE, SectionKey.FOLLOWUPS_TODAY, SectionKey.REQUESTS_NEW,
        SectionKey.REQUESTS_WAITING, SectionKey.FOLLOWUPS_SOON)
RIGHT = (SectionKey.MEETINGS, SectionKey.SESSIONS, SectionKey.IDEAS, SectionKey.PROJECTS,
         SectionKey.CONTACTS)
WIDE = 150  # columns from which the sections stand side by side
# Loaded in this order: the quick sections first, the slow one (every person's last contact) last.
LOAD_ORDER = tuple(key for key in SECTION_ORDER if key != SectionKey.CONTACTS) + (SectionKey.CONTACTS,)

MARK_STYLES = {OVERDUE: "bold $text-error", TODAY_MARK: "bold", WARNING: "bold $text-warning", "": ""}
MORE = "more"  # the entry key of a section's "… N more" line


def item_parts(item: TodayItem) -> tuple[tuple[str, str], ...]:
    """``! Mon 2026-02-27  Title · detail``: the mark, the day, the title, then dim details."""
    from officer_tui.ui.screens.meeting_format import weekday_date

    style = MARK_STYLES.get(item.mark, "")
    day = weekday_date(item.day) if item.day else ""
    parts: list[tuple[str, str]] = [
        (f"{item.mark or ' '} ", style),
        (f"{day:<14}  ", style if item.mark in (OVERDUE, TODAY_MARK) else "dim"),
        (item.title, "bold $text-error" if item.mark == OVERDUE else ""),
    ]
    if item.detail:
        parts.append((f"  · {item.detail}", "dim"))
    return tuple(parts)


def section_block(key: SectionKey, section: Section | None, *, folded: bool) -> Block:
    """The block for a section: loading, empty (one dim line), or header, lines and "more"."""
    if section is None:
        return Block(key.value, ((section_title(key), ""), (" · …", "dim")),
                     (Entry(None, (("  " + _("loading…"), "dim"),)),), folded=folded)
    if not section.count:
        return Block(key.value, (("✓ " + nothing_text(key), ""),), quiet=True)
    urgent = key == SectionKey.FOLLOWUPS_OVERDUE
    header = ((section.title, ""), (f" · {section.count}", "bold $text-error" if urgent else "bold"))
    entries = [Entry((item.kind.value, item.record_id), item_parts(item)) for item in section.items]
    if section.more:
        entries.append(Entry(MORE, (("  " + more_text(key, section.more), "italic"),)))
    return Block(key.value, header, tuple(entries), folded=folded)


class TodayScreen(Localized, Screen[None]):
    HELP_TITLE = N_("Today")
    HELP = HELP
    CSS_PATH = "today.tcss"
    AUTO_FOCUS = "#today-left"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "refresh", N_("Refresh"), show=False, id="today.refresh",
                tooltip=N_("Read every section afresh")),
        Binding("f", "fold_all", N_("Fold all"), show=False, id="today.fold_all",
                tooltip=N_("Fold every section, or unfold them all when all are folded")),
        Binding("d", "done", N_("Done"), id="today.done",
                tooltip=N_("Mark the follow-up under the cursor done")),
    ]

    class SectionLoaded(Message):
        def __init__(self, section: Section, generation: int) -> None:
            super().__init__()
            self.section = section
            self.generation = generation

    class Failed(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Notice(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self) -> None:
        super().__init__()
        self.sections: dict[SectionKey, Section] = {}
        self._fresh: set[SectionKey] = set()  # sections read by the latest load
        self.folded: set[SectionKey] = set()
        self._generation = 0
        self._loaded_once = False
        self._wide: bool | None = None
        self.today = clock.today()

    @property
    def database(self) -> Database:
        database = self.app.database  # type: ignore[attr-defined]
        assert database is not None, "the Today pane opens after the database"
        return database

    def compose(self) -> ComposeResult:
        yield PaneBar(self.app.pane_labels(), current="today",  # type: ignore[attr-defined]
                      location=self.database.shown_url)
        with Horizontal(id="today-dateline"):
            yield Static(long_date(self.today), id="today-date", markup=False)
            yield Static("", id="today-backup", markup=False)
        yield Static(_("Reading what needs you today …"), id="today-summary", markup=False)
        with Horizontal(id="today-columns"):
            yield SectionList(id="today-left")
            yield SectionList(id="today-right")
        yield Footer()

    def on_mount(self) -> None:
        self._layout(self.size.width)
        self.refresh_sections()

    def on_screen_resume(self) -> None:
        if self._loaded_once:  # back from a record or another pane: things may have changed
            self.refresh_sections()

    def on_resize(self) -> None:
        self._layout(self.size.width)

    # --- layout ---------------------------------------------------------------------------

    @property
    def left(self) -> SectionList:
        return self.query_one("#today-left", SectionList)

    @property
    def right(self) -> SectionList:
        return self.query_one("#today-right", SectionList)

    @property
    def wide(self) -> bool:
        return bool(self._wide)

    def _layout(self, width: int) -> None:
        wide = width >= WIDE
        if wide == self._wide:
            return
        focused_right = self.focused is self.right
        self._wide = wide
        self.set_class(wide, "-wide")
        self.right.display = wide
        self._show()
        if focused_right and not wide:
            self.left.focus()

    def _show(self) -> None:
        """Hand the sections down to the column(s), folded as the user left them."""
        def blocks(keys):
            return [section_block(key, self.sections.get(key), folded=key in self.folded)
                    for key in keys]

        if self.wide:
            self.left.set_blocks(blocks(LEFT))
            self.right.set_blocks(blocks(RIGHT))
        else:
            self.left.set_blocks(blocks(SECTION_ORDER))
            self.right.set_blocks([])

    # --- loading --------------------------------------------------------------------------

    def refresh_sections(self) -> None:
        self._generation += 1
        self._fresh = set()
        self.today = clock.today()
        self.query_one("#today-date", Static).update(long_date(self.today))
        self.load(self._generation, self.today)
        self.backup_changed()

    @work(thread=True, exclusive=True, group="today-load", exit_on_error=False)
    def load(self, generation: int, today) -> None:
        from officer_tui.services.today import load_section

        worker = get_current_worker()
        try:
            with self.database.session() as session:
                for key in LOAD_ORDER:
                    section = load_section(session, key=key, today=today)
                    if worker.is_cancelled:
                        return  # a newer load started (after a change): its sections count
                    self.post_message(self.SectionLoaded(section, generation))
        except Exception as exc:
            self.post_message(self.Failed(describe(exc)))

    def backup_changed(self) -> None:
        """Read when the last backup was made (file times in the backups folder)."""
        self.load_backup_line(self.database.url, self.today)

    @work(thread=True, exclusive=True, group="today-backup", exit_on_error=False)
    def load_backup_line(self, url: str, today) -> None:
        from officer_tui.services.backups import backup_line

        try:
            line = backup_line(url=url, today=today)
        except Exception:  # the line is a hint; an unreadable folder shows none
            line = None
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_backup_line, line)

    def _show_backup_line(self, line: tuple[str, bool] | None) -> None:
        widget = self.query_one("#today-backup", Static)
        widget.update(line[0] if line else "")
        widget.set_class(bool(line and line[1]), "-warning")

    @on(SectionLoaded)
    def _section_loaded(self, message: SectionLoaded) -> None:
        if message.generation != self._generation:
            return
        self.sections[message.section.key] = message.section
        self._fresh.add(message.section.key)
        self._loaded_once = True
        self._show()
        self._update_summary()
        self.refresh_bindings()

    def _update_summary(self) -> None:
        loaded = [self.sections[key] for key in SECTION_ORDER if key in self.sections]
        self.query_one("#today-summary", Static).update(summary_text(loaded))

    @property
    def complete(self) -> bool:
        """Every section of the latest load is in."""
        return self._fresh >= set(SECTION_ORDER)

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self.notify(message.text, severity="error", timeout=8)

    @on(Notice)
    def _notice(self, message: Notice) -> None:
        self.notify(message.text)

    # --- folding --------------------------------------------------------------------------

    @on(SectionList.Folded)
    def _folded(self, message: SectionList.Folded) -> None:
        key = SectionKey(message.block)
        if message.folded:
            self.folded.add(key)
        else:
            self.folded.discard(key)

    def action_fold_all(self) -> None:
        foldable = {key for key in SECTION_ORDER
                    if key not in self.sections or self.sections[key].count}
        self.folded = set() if foldable <= self.folded else set(SECTION_ORDER)
        columns = [(column, column.cursor_position) for column in (self.left, self.right)]
        self._show()
        for column, where in columns:
            if where is not None:  # stay in the same section, on its header
                column.place_cursor((where[0], None))

    def action_refresh(self) -> None:
        self.refresh_sections()

    # --- opening ----------------------------------------------------------------------------

    def _item(self, block: str, key: Hashable) -> TodayItem | None:
        section = self.sections.get(SectionKey(block))
        if section is None or not isinstance(key, tuple):
            return None
        kind, record_id = key
        return next((item for item in section.items
                     if item.kind.value == kind and item.record_id == record_id), None)

    @on(SectionList.Selected)
    def _selected(self, message: SectionList.Selected) -> None:
        if message.key == MORE:
            self.show_more(SectionKey(message.block))
            return
        item = self._item(message.block, message.key)
        if item is None:
            return
        from officer_tui.ui.open_record import open_record

        # The pane reads everything afresh when it is shown again (on_screen_resume).
        if not open_record(self.app, item.kind, item.record_id):
            self.notify(_("This kind of record has no screen yet."))

    def _focused_item(self) -> TodayItem | None:
        column = self.focused if isinstance(self.focused, SectionList) else None
        where = column.cursor_position if column is not None else None
        if where is None or where[1] is None:
            return None
        return self._item(where[0], where[1])

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "done":
            item = self._focused_item()
            return True if item is not None and item.kind == RecordKind.FOLLOWUP else None
        return True

    def action_done(self) -> None:
        item = self._focused_item()
        if item is not None and item.kind == RecordKind.FOLLOWUP:
            self.mark_done(item.record_id)

    @work(thread=True, group="today-write", exit_on_error=False)
    def mark_done(self, followup_id: int) -> None:
        from officer_tui.i18n import format_date
        from officer_tui.services import followups

        try:
            with self.database.session() as session:
                _done, following = followups.mark_done(session, followup_id=followup_id,
                                                       today=clock.today())
                text = _("Follow-up #{id} done.").format(id=followup_id)
                if following is not None:
                    text += " " + _("Next one due {date}.").format(date=format_date(following.due_on))
        except Exception as exc:
            self.post_message(self.Failed(describe(exc)))
            return
        self.post_message(self.Notice(text))
        self.app.call_from_thread(self.refresh_sections)

    # --- "… N more" -------------------------------------------------------------------------

    def show_more(self, key: SectionKey) -> None:
        """The full list behind a section: the follow-up list or a pane with its filter."""
        from officer_tui.services.idea_views import FollowUpState

        if key in (SectionKey.FOLLOWUPS_OVERDUE, SectionKey.FOLLOWUPS_TODAY, SectionKey.FOLLOWUPS_SOON):
            from officer_tui.ui.screens.followups import FollowUpsScreen

            screen = FollowUpsScreen()
            if key == SectionKey.FOLLOWUPS_OVERDUE:
                screen.state = FollowUpState.OVERDUE
            self.app.push_screen(screen)
            return
        modes = {
            SectionKey.REQUESTS_NEW: "requests", SectionKey.REQUESTS_WAITING: "requests",
            SectionKey.MEETINGS: "meetings", SectionKey.SESSIONS: "training",
            SectionKey.IDEAS: "ideas", SectionKey.PROJECTS: "projects",
            SectionKey.CONTACTS: "contacts",
        }
        self.app.switch_mode(modes[key])
        pane = self.app.screen
        pane.call_after_refresh(self._filter_pane, pane, key)

    @staticmethod
    def _filter_pane(pane: Screen, key: SectionKey) -> None:
        """Ask the pane for the list the section shows (each pane knows its own filters)."""
        from officer_tui.services.today_views import waiting_too_long_days

        if key == SectionKey.REQUESTS_NEW:
            pane.show_preset("new")  # type: ignore[attr-defined]
        elif key == SectionKey.REQUESTS_WAITING:
            pane.show_preset("waiting", waiting_days=waiting_too_long_days())  # type: ignore[attr-defined]
        elif key == SectionKey.IDEAS:
            pane.show_preset("unassessed")  # type: ignore[attr-defined]
        elif key == SectionKey.CONTACTS:
            pane.show_preset("losing_touch")  # type: ignore[attr-defined]
