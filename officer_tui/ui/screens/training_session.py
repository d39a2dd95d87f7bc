"""One training session: its header and the enrollment checklist for fast attendance.

Single keys mark the highlighted person (attended, excused, no-show, registered, cancelled)
and move the cursor to the next line, so a list is ticked off as people walk in. The service
keeps the waiting list: a full session waitlists new registrations, a freed seat goes to the
first person waiting, and the screen says who moved up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from officer_tui.i18n import N_, _, format_date, ngettext
from officer_tui.labels import enrollment_status_label
from officer_tui.models.enums import EnrollmentStatus
from officer_tui.ui.errors import describe
from officer_tui.ui.localize import Localized
from officer_tui.ui.screens.pickers import DIALOG_CSS
from officer_tui.ui.screens.training_format import (
    enrollment_columns,
    enrollment_row,
    header_text,
    write_export,
)
from officer_tui.ui.widgets.virtual_table import VirtualTable

if TYPE_CHECKING:
    from officer_tui.services.training_views import EnrollmentRow, SessionRow

HELP = N_(
    """The checklist of one session: everyone enrolled, by name, then the waiting list in
order, then those who cancelled.

**Attendance** with single keys on the highlighted person: `a` attended, `e` excused,
`n` no-show, `r` registered, `c` cancelled. The cursor moves on to the next person, so a
list is ticked off quickly during or after the session. Only people who attended count
for the programme's coverage.

**Seats**: a session with a capacity holds that many registered or attended people. When it
is full, a new registration goes on the **waiting list** (shown with its position). When
someone cancels, is excused or removed before the session, the first person waiting
moves up, and you are told who.

`+` enrolls a person (type to search), `Del` takes the highlighted person off the list,
`i` imports a participant list (CSV or Excel), `f` records the feedback (score 1 to 5 and a
comment), `E` edits the session (date, time, place, capacity).

**Exports** into the exports folder: `x` the attendance list (CSV for spreadsheets),
`I` the session as a calendar entry (ICS). `Enter` opens the highlighted person.
`Esc` goes back to the programmes.

**Marks** (they read without colour too): ✓ attended, · registered, … waiting list,
? invited, e excused, ✗ no-show, – cancelled.
"""
)

class SessionScreen(Localized, Screen[bool]):
    """Dismisses with True when anything changed (the pane then reloads its coverage)."""

    HELP_TITLE = N_("Training session")
    HELP = HELP
    CSS_PATH = "training_session.tcss"
    AUTO_FOCUS = "#enrollments"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", N_("Back"), id="session.back", tooltip=N_("Back to the programmes")),
        Binding("a", "mark('attended')", N_("Attended"), id="session.attended",
                tooltip=N_("Mark the highlighted person as attended and go to the next")),
        Binding("e", "mark('excused')", N_("Excused"), id="session.excused",
                tooltip=N_("Mark the highlighted person as excused and go to the next")),
        Binding("n", "mark('no_show')", N_("No-show"), id="session.no_show",
                tooltip=N_("Mark the highlighted person as not shown up and go to the next")),
        Binding("r", "mark('registered')", N_("Registered"), id="session.registered",
                tooltip=N_("Mark the highlighted person as registered (waiting list when full)")),
        Binding("C", "mark('cancelled')", N_("Cancelled"), id="session.cancelled",
                tooltip=N_("The highlighted person cancelled: the seat goes to the waiting list")),
        Binding("plus", "enroll", N_("Enroll"), id="session.enroll",
                tooltip=N_("Enroll a person (waiting list when the session is full)")),
        Binding("delete", "remove", N_("Remove"), id="session.remove", show=False,
                tooltip=N_("Take the highlighted person off the list")),
        Binding("f", "feedback", N_("Feedback"), id="session.feedback",
                tooltip=N_("Record the feedback: a score from 1 to 5 and a comment")),
        Binding("i", "import", N_("Import"), id="session.import",
                tooltip=N_("Import a participant list (CSV or Excel)")),
        Binding("x", "export_csv", N_("Export"), id="session.export",
                tooltip=N_("Write the attendance list (CSV) into the exports folder")),
        Binding("I", "export_ics", N_("ICS"), id="session.ics", show=False,
                tooltip=N_("Write this session as a calendar entry (ICS) into the exports folder")),
        Binding("E", "edit", N_("Edit session"), id="session.edit", show=False,
                tooltip=N_("Change date, time, place, trainer or capacity")),
    ]

    class Loaded(Message):
        def __init__(self, row: SessionRow, enrollments: list[EnrollmentRow]) -> None:
            super().__init__()
            self.row = row
            self.enrollments = enrollments

    class Failed(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Notice(Message):
        def __init__(self, text: str, warning: bool = False) -> None:
            super().__init__()
            self.text = text
            self.warning = warning

    def __init__(self, session_id: int) -> None:
        super().__init__()
        self.session_id = session_id
        self.row: SessionRow | None = None
        self.enrollments: list[EnrollmentRow] = []
        self._changed = False
        self._pending = 0  # marks written but not yet reloaded

    def compose(self) -> ComposeResult:
        yield Static("", id="session-header", markup=False)
        yield Static("", id="session-counts", markup=False)
        yield VirtualTable(enrollment_columns(), id="enrollments")
        yield Static(_("a attended · e excused · n no-show · r registered · c cancelled · "
                       "+ enroll · ? help"), id="session-keys", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    @property
    def table(self) -> VirtualTable:
        return self.query_one("#enrollments", VirtualTable)

    @property
    def database(self):
        return self.app.database  # type: ignore[attr-defined]

    # --- workers --------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="session-load", exit_on_error=False)
    def load(self) -> None:
        from officer_tui.services import trainings

        try:
            with self.database.session() as session:
                row = trainings.session_row(session, self.session_id)
                enrollments = trainings.enrollments_for(session, session_id=self.session_id)
        except Exception as exc:
            self.post_message(self.Failed(describe(exc)))
            return
        self.post_message(self.Loaded(row, enrollments))

    @work(thread=True, group="session-write", exit_on_error=False)
    def write(self, operation: str, **arguments: object) -> None:
        """One service call; say what happened (who moved up, who waits), then reload."""
        from officer_tui.services import trainings

        notices: list[tuple[str, bool]] = []
        try:
            with self.database.session() as session:
                result = getattr(trainings, operation)(session, session_id=self.session_id, **arguments)
                promoted = None
                if operation == "set_status":
                    enrollment, promoted = result
                    wanted = arguments["status"]
                    if (wanted == EnrollmentStatus.REGISTERED
                            and enrollment.status == EnrollmentStatus.WAITLISTED):
                        notices.append((_("The session is full: {name} stays on the waiting list.").format(
                            name=self._person_name(session, enrollment.contact_id)), True))
                elif operation == "remove_enrollment":
                    promoted = result
                elif operation == "enroll":
                    name = self._person_name(session, result.contact_id)
                    if result.status == EnrollmentStatus.WAITLISTED:
                        position = sum(1 for r in trainings.enrollments_for(
                            session, session_id=self.session_id)
                            if r.status == EnrollmentStatus.WAITLISTED)
                        notices.append((_("The session is full: {name} was put on the waiting list "
                                          "(position {n}).").format(name=name, n=position), True))
                    else:
                        notices.append((_("{name} enrolled.").format(name=name), False))
                if promoted is not None:
                    notices.append((_("{name} moved up from the waiting list.").format(
                        name=self._person_name(session, promoted.contact_id)), False))
        except Exception as exc:
            self.post_message(self.Failed(describe(exc)))
            self.app.call_from_thread(self._written)
            return
        for text, warning in notices:
            self.post_message(self.Notice(text, warning))
        self.app.call_from_thread(self._written)

    @staticmethod
    def _person_name(session, contact_id: int) -> str:
        from officer_tui.services.contacts import get_contact, shown_name

        contact = get_contact(session, contact_id)
        return shown_name(contact.name, contact.erased_at) or "?"

    @work(thread=True, group="session-export", exit_on_error=False)
    def export(self, kind: str) -> None:
        from officer_tui.services import trainings

        try:
            with self.database.session() as session:
                if kind == "csv":
                    text = trainings.attendance_csv(session, session_id=self.session_id)
                else:
                    text = trainings.ics_text(session, session_ids=[self.session_id])
                held_on = trainings.session_row(session, self.session_id).held_on
            stem = f"training-session-{self.session_id}-{held_on.isoformat()}"
            path = write_export(f"{stem}-attendance.csv" if kind == "csv" else f"{stem}.ics", text)
        except Exception as exc:
            self.post_message(self.Failed(describe(exc)))
            return
        text = (_("Attendance list written: {path}") if kind == "csv"
                else _("Calendar file written: {path}")).format(path=str(path))
        self.post_message(self.Notice(text))

    def change(self, operation: str, **arguments: object) -> None:
        self._pending += 1
        self.write(operation, **arguments)

    def _written(self) -> None:
        # Reload once the last of a quick series of marks is stored, not after each one.
        self._pending = max(self._pending - 1, 0)
        self._changed = True
        if not self._pending:
            self.load()

    # --- results --------------------------------------------------------------------------

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        self.row = message.row
        self.enrollments = message.enrollments
        self.query_one("#session-header", Static).update(header_text(message.row))
        counts: dict[EnrollmentStatus, int] = {}
        for row in message.enrollments:
            counts[row.status] = counts.get(row.status, 0) + 1
        parts = [f"{enrollment_status_label(s)} {counts[s]}" for s in EnrollmentStatus if counts.get(s)]
        self.query_one("#session-counts", Static).update(
            ngettext("{n} person on the list", "{n} people on the list", len(message.enrollments)).format(
                n=len(message.enrollments)) + (": " + ", ".join(parts) if parts else ""))
        table = self.table
        keep = table.cursor_key
        table.reset(len(message.enrollments), [enrollment_row(r) for r in message.enrollments],
                    keep_cursor_key=keep,
                    empty_text=_("Nobody enrolled yet. Press + to enroll a person or i to import a list."))
        index = next((i for i, r in enumerate(message.enrollments) if r.contact_id == keep), None)
        if index is not None:
            table.cursor_row = index
        self.refresh_bindings()

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self.notify(message.text, severity="error", timeout=8)

    @on(Notice)
    def _notice(self, message: Notice) -> None:
        self.notify(message.text, severity="warning" if message.warning else "information", timeout=8)

    @on(VirtualTable.Selected, "#enrollments")
    def _open_person(self, message: VirtualTable.Selected) -> None:
        from officer_tui.ui.screens.contact_detail import ContactDetailScreen

        self.app.push_screen(ContactDetailScreen(message.key))

    # --- actions --------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {"mark", "remove"}:
            return True if self.table.cursor_key is not None else None
        if action in {"feedback", "edit", "export_csv", "export_ics", "enroll", "import"}:
            return True if self.row is not None else None
        return True

    def action_back(self) -> None:
        self.dismiss(self._changed)

    def action_mark(self, status: str) -> None:
        table = self.table
        key = table.cursor_key
        if key is None:
            return
        wanted = EnrollmentStatus(status)
        index = table.cursor_row
        current = next((r for r in self.enrollments if r.contact_id == key), None)
        if current is not None and current.status != wanted:
            # Show the mark at once; the reload after the write brings the final word.
            from dataclasses import replace

            shown = replace(current, status=wanted, waitlist_position=None)
            table.replace_row(key, enrollment_row(shown))
            self.enrollments = [shown if r.contact_id == key else r for r in self.enrollments]
            self.change("set_status", contact_id=key, status=wanted)
        if index + 1 < table.row_count:
            table.cursor_row = index + 1

    def action_enroll(self) -> None:
        def picked(contact_id: int | None) -> None:
            if contact_id is not None:
                self.change("enroll", contact_id=contact_id)

        enrolled = {r.contact_id for r in self.enrollments}
        self.app.push_screen(ContactPickScreen(_("Enroll a person"), exclude=enrolled), picked)

    def action_remove(self) -> None:
        from officer_tui.ui.screens.idea_dialogs import ConfirmScreen

        key = self.table.cursor_key
        current = next((r for r in self.enrollments if r.contact_id == key), None)
        if current is None:
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.change("remove_enrollment", contact_id=current.contact_id)

        self.app.push_screen(ConfirmScreen(
            _("Take {name} off this session?").format(name=current.name),
            _("The enrollment is deleted. To keep a record that the person withdrew, press C "
              "(cancelled) instead.")), confirmed)

    def action_feedback(self) -> None:
        from officer_tui.ui.screens.training_forms import FeedbackFormScreen

        row = self.row
        if row is None:
            return

        def saved(result: int | None) -> None:
            if result is not None:
                self._changed = True
                self.load()

        title = f"{row.programme_title} · {format_date(row.held_on)}"
        self.app.push_screen(FeedbackFormScreen(session_id=row.id, title=title,
                                                score=row.feedback_score,
                                                comment=row.feedback_comment), saved)

    def action_edit(self) -> None:
        from officer_tui.ui.screens.training_forms import SessionFormScreen

        row = self.row
        if row is None:
            return

        def saved(result: int | None) -> None:
            if result is not None:
                self._changed = True
                self.load()

        self.app.push_screen(SessionFormScreen(programme_id=row.programme_id,
                                               programme_title=row.programme_title,
                                               session_id=row.id), saved)

    def action_import(self) -> None:
        from officer_tui.ui.screens.training_import import ParticipantImportScreen

        row = self.row
        if row is None:
            return

        def finished(counts: dict | None) -> None:
            if counts:
                self._changed = True
                self.load()

        self.app.push_screen(ParticipantImportScreen(session_id=row.id, title=header_text(row).plain.split("\n")[0]),
                             finished)

    def action_export_csv(self) -> None:
        self.export("csv")

    def action_export_ics(self) -> None:
        self.export("ics")


class ContactPickScreen(Localized, ModalScreen[int | None]):
    """Find a person by name, e-mail or role; Enter picks, Esc cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("Cancel"), id="contact_pick.cancel", tooltip=N_("Close")),
    ]
    DEFAULT_CSS = "ContactPickScreen {" + DIALOG_CSS + """
        & > Vertical { width: 80; }
        OptionList { height: auto; max-height: 10; }
    }"""
    LIMIT = 60

    class Found(Message):
        def __init__(self, text: str, people: list[tuple[int, str, str | None]]) -> None:
            super().__init__()
            self.text = text
            self.people = people

    def __init__(self, title: str, *, exclude: set[int] | None = None) -> None:
        super().__init__()
        self._title = title
        self._exclude = exclude or set()

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self._title, classes="dialog-title", markup=False)
            yield Input(placeholder=_("Type a name, e-mail or role"), id="pick-search")
            yield OptionList(id="pick-people")
            yield Static(_("↓ to the list, Enter picks, Esc cancels. People already on the list "
                           "are not offered."), classes="hint", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#pick-search").focus()
        self.search("")

    @on(Input.Changed, "#pick-search")
    def _typed(self, event: Input.Changed) -> None:
        self.search(event.value)

    @on(Input.Submitted, "#pick-search")
    def _submitted(self) -> None:
        options = self.query_one("#pick-people", OptionList)
        if options.option_count == 1:
            self.dismiss(int(options.get_option_at_index(0).id or 0))
        elif options.option_count:
            options.focus()

    def on_key(self, event) -> None:
        if event.key == "down" and self.query_one("#pick-search").has_focus:
            self.query_one("#pick-people").focus()
            event.stop()

    @work(thread=True, exclusive=True, group="contact-pick", exit_on_error=False)
    def search(self, text: str) -> None:
        from officer_tui.services.contacts import list_contacts

        with self.app.database.session() as session:  # type: ignore[attr-defined]
            rows = list_contacts(session, text=text, limit=self.LIMIT + len(self._exclude))
        people = [(r.id, r.name, r.unit_name) for r in rows if r.id not in self._exclude][:self.LIMIT]
        self.post_message(self.Found(text, people))

    @on(Found)
    def _found(self, message: Found) -> None:
        if message.text != self.query_one("#pick-search", Input).value:
            return
        options = self.query_one("#pick-people", OptionList)
        options.clear_options()
        for contact_id, name, unit in message.people:
            label = Text(name)
            if unit:
                label.append(f" · {unit}", style="dim")
            options.add_option(Option(label, id=str(contact_id)))
        if message.people:
            options.highlighted = 0
        else:
            options.add_option(Option(Text(_("Nobody found."), style="dim"), disabled=True))

    @on(OptionList.OptionSelected, "#pick-people")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.dismiss(int(event.option.id))

    def action_cancel(self) -> None:
        self.dismiss(None)
