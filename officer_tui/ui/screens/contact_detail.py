"""One person's whole history in one place: the contact, last contact, GDPR fields and the
timeline (requests raised, contacts logged, and whatever later domains feed), newest first.
``enter`` on a line opens its record."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static

from officer_tui import clock
from officer_tui.i18n import N_, _, format_date
from officer_tui.ui.errors import describe
from officer_tui.ui.formatting import themed
from officer_tui.ui.localize import Localized
from officer_tui.ui.open_record import open_record
from officer_tui.ui.screens.gdpr import PersonActions
from officer_tui.ui.widgets.detail_panel import DetailPanel
from officer_tui.ui.widgets.virtual_table import Column, Row, VirtualTable

if TYPE_CHECKING:
    from officer_tui.models.org import Contact
    from officer_tui.services.contacts import PersonRow
    from officer_tui.services.timeline import TimelineEntry

HELP = N_(
    """Everything that passed with one person, newest first: requests they raised, contacts you
logged, and (as those parts of the app arrive) ideas, meetings, trainings and follow-ups.

`Enter` opens the highlighted record. `l` logs a contact (date, channel, note): it counts as
"last contact". `e` edits the person, including purpose, legal basis, review date and the
stay-in-touch interval.

**Data protection**: `x` exports everything about this person as JSON and Markdown
(Art. 15 GDPR) into the exports folder of the data directory. `D` erases the person
(Art. 17): a dialog says what will change and asks you to type the name. Records they took
part in stay and show "erased person".

`Esc` goes back to the list.
"""
)


def last_contact_text(row: PersonRow, today) -> Text:
    """``⚠ 45 days ago`` (the mark when losing touch), ``never``, or ``today``."""
    from officer_tui.i18n import ngettext

    days = row.days_since(today)
    if days is None:
        text = _("never")
    elif days == 0:
        text = _("today")
    else:
        text = ngettext("{n} day ago", "{n} days ago", days).format(n=days)
    if row.losing_touch:
        return Text("⚠ " + text, style=themed("bold $text-warning"))
    return Text(text)


class ContactDetailScreen(PersonActions, Localized, Screen[bool]):
    """Dismisses with True when something changed (logged, edited, erased)."""

    HELP_TITLE = N_("Contact and timeline")
    HELP = HELP
    DEFAULT_CSS = """
    ContactDetailScreen {
        #person { height: auto; max-height: 50%; border-left: none; border-bottom: hkey $panel-lighten-1; }
        #timeline-title { padding: 0 1; text-style: bold; height: 1; }
        #timeline { height: 1fr; }
    }
    """
    AUTO_FOCUS = "#timeline"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", N_("Back"), id="contact_detail.back", tooltip=N_("Back to the contacts")),
        Binding("l", "log", N_("Log contact"), id="contact_detail.log",
                tooltip=N_("Note a call, meeting or conversation with this person")),
        Binding("e", "edit", N_("Edit"), id="contact_detail.edit",
                tooltip=N_("Edit the person, GDPR fields and stay-in-touch interval")),
        Binding("x", "export", N_("Export"), id="contact_detail.export",
                tooltip=N_("Export everything about this person (Art. 15 GDPR)")),
        Binding("D", "erase", N_("Erase"), id="contact_detail.erase",
                tooltip=N_("Erase this person (Art. 17 GDPR), after a confirmation")),
    ]

    class Loaded(Message):
        def __init__(self, contact: Contact, row: PersonRow, entries: list[TimelineEntry]) -> None:
            super().__init__()
            self.contact = contact
            self.row = row
            self.entries = entries

    class Failed(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, contact_id: int) -> None:
        super().__init__()
        self.contact_id = contact_id
        self.contact: Contact | None = None
        self.entries: list[TimelineEntry] = []
        self._changed = False

    def compose(self) -> ComposeResult:
        yield DetailPanel(id="person")
        yield Static(_("Timeline"), id="timeline-title", markup=False)
        yield VirtualTable(
            [
                Column("day", _("Date"), width=10),
                Column("kind", _("Kind"), width=16),
                Column("role", _("Role"), width=12, hide_below=70),
                Column("title", _("Title"), width=None, min_width=20),
            ],
            id="timeline",
        )
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    @property
    def table(self) -> VirtualTable:
        return self.query_one("#timeline", VirtualTable)

    @work(thread=True, exclusive=True, group="contact-detail", exit_on_error=False)
    def load(self) -> None:
        from officer_tui.services import contacts, timeline

        try:
            with self.app.database.session() as session:  # type: ignore[attr-defined]
                contact = contacts.get_contact(session, self.contact_id)
                row = contacts.person_row(session, self.contact_id, today=clock.today())
                entries = timeline.timeline(session, self.contact_id)
        except Exception as exc:
            self.post_message(self.Failed(describe(exc)))
            return
        self.post_message(self.Loaded(contact, row, entries))

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self.notify(message.text, severity="error", timeout=8)

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        from officer_tui.services.timeline import kind_name, role_text

        contact, row = message.contact, message.row
        self.contact = contact
        self.entries = message.entries
        today = clock.today()
        erased = contact.erased_at is not None
        interval = _("every {n} days").format(n=row.interval_days)
        if contact.stay_in_touch_days is None:
            interval += " " + _("(default of the unit kind)")
        review: str | Text = format_date(contact.review_on) if contact.review_on else "—"
        if row.review_due:
            review = Text("§ " + _("due since {day}").format(day=format_date(contact.review_on)), style=themed("bold $text-warning"))
        fields: list[tuple[str, str | Text]] = [
            (_("Role"), contact.role or "—"),
            (_("Unit"), row.unit_name or "—"),
            (_("E-mail"), contact.email or "—"),
            (_("Phone"), contact.phone or "—"),
            (_("Last contact"), last_contact_text(row, today) if not erased else "—"),
            (_("Stay in touch"), interval if not erased else "—"),
            (_("Purpose"), contact.purpose or "—"),
            (_("Legal basis"), contact.legal_basis or "—"),
            (_("Review on"), review),
            (_("Number"), f"#{contact.id}"),
        ]
        if erased:
            fields.insert(0, (_("Erased on"), format_date(contact.erased_at.date())))
        self.query_one(DetailPanel).show(row.name, fields, contact.notes)
        rows = [
            Row(key=index, cells=(format_date(entry.happened_on), kind_name(entry.kind),
                                  role_text(entry.kind, entry.role), entry.title))
            for index, entry in enumerate(message.entries)
        ]
        self.table.reset(len(rows), rows, keep_cursor_key=self.table.cursor_key,
                         empty_text=_("Nothing yet. Press l to log a contact."))
        self.query_one("#timeline-title", Static).update(
            _("Timeline ({n}, newest first)").format(n=len(rows)))
        self.refresh_bindings()

    def _reload(self) -> None:
        self._changed = True
        self.load()

    # --- opening a line -------------------------------------------------------------------

    @on(VirtualTable.Selected, "#timeline")
    def _open(self, message: VirtualTable.Selected) -> None:
        from officer_tui.models.enums import RecordKind
        from officer_tui.services.timeline import kind_name

        if not 0 <= message.key < len(self.entries):
            return
        entry = self.entries[message.key]

        def closed(result: object) -> None:
            if result:  # saved or changed: the timeline may read differently now
                self._reload()

        if entry.kind == RecordKind.CONTACT_LOG:
            self.notify(entry.title or _("(no note)"), title=f"{format_date(entry.happened_on)} · "
                        f"{kind_name(entry.kind)}", markup=False, timeout=10)
        elif not open_record(self.app, entry.kind, entry.record_id, closed):
            self.notify(_("{kind} #{id}: this kind of record has no screen yet.").format(
                kind=kind_name(entry.kind), id=entry.record_id), markup=False)

    # --- actions --------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {"log", "edit", "erase"}:
            return True if self.contact is not None and self.contact.erased_at is None else None
        if action == "export":
            return True if self.contact is not None else None
        return True

    def action_back(self) -> None:
        self.dismiss(self._changed)

    def action_log(self) -> None:
        if self.contact is not None and self.contact.erased_at is None:
            self.log_contact_for(self.contact_id, self.contact.name, self._reload)

    def action_edit(self) -> None:
        from officer_tui.ui.screens.contact_form import ContactFormScreen

        def saved(result: int | None) -> None:
            if result is not None:
                self._reload()

        if self.contact is not None and self.contact.erased_at is None:
            self.app.push_screen(ContactFormScreen(contact_id=self.contact_id), saved)

    def action_export(self) -> None:
        if self.contact is not None:
            self.export_contact(self.contact_id)

    def action_erase(self) -> None:
        if self.contact is not None and self.contact.erased_at is None:
            self.erase_contact(self.contact_id, self._reload)
