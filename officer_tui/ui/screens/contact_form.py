"""Add or edit a contact: a person with a unit, a role and how to reach them."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Footer, Input, Label, Select, Static, TextArea

from officer_tui.i18n import N_, _, date_hint, format_date
from officer_tui.ui.errors import describe
from officer_tui.ui.screens.form_base import FORM_CSS, RecordForm

if TYPE_CHECKING:
    from officer_tui.models.org import Contact


class ContactFormScreen(RecordForm[int]):
    """Dismisses with the saved contact's id (None when cancelled)."""
    RELOADS = True  # fills the widgets again after a conflict (RecordForm)

    DEFAULT_CSS = "ContactFormScreen {" + FORM_CSS + "& TextArea { height: 4; } }"
    FIELDS: ClassVar[dict[str, str]] = {
        "name": "contact-name", "unit": "contact-unit", "unit_id": "contact-unit",
        "role": "contact-role", "email": "contact-email", "phone": "contact-phone",
        "notes": "contact-notes", "purpose": "contact-purpose", "legal_basis": "contact-basis",
        "review_on": "contact-review", "stay_in_touch_days": "contact-stay", "contact": "contact-name",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        # priority: a focused Input would take Ctrl+U for "delete to the start of the line"
        Binding("ctrl+u", "new_unit", N_("New unit"), id="contact_form.new_unit", priority=True,
                tooltip=N_("Create a unit that does not exist yet")),
    ]

    class Loaded(Message):
        def __init__(self, units: list[tuple[int, str, int]], contact: Contact | None, select_unit: int | None = None) -> None:
            super().__init__()
            self.select_unit = select_unit
            self.units = units
            self.contact = contact

    def __init__(self, *, contact_id: int | None = None, unit_id: int | None = None) -> None:
        """``unit_id`` preselects the unit of a new contact."""
        super().__init__()
        self.contact_id = contact_id
        self._unit_id = unit_id
        self._version: int | None = None

    def compose(self) -> ComposeResult:
        title = _("New contact") if self.contact_id is None else _("Contact #{id}").format(id=self.contact_id)
        with VerticalScroll(id="form"):
            yield Static(title, classes="form-title", markup=False)
            with Horizontal(classes="form-row"):
                with Vertical(classes="form-cell"):
                    yield Label(_("Name"))
                    yield Input(id="contact-name", placeholder=_("First and last name"))
                    yield Static("", id="contact-name-error", classes="field-error", markup=False)
                with Vertical(classes="form-cell"):
                    yield Label(_("Unit (Ctrl+U: new unit)"))
                    yield Select([], prompt=_("(no unit)"), id="contact-unit")
                    yield Static("", id="contact-unit-error", classes="field-error", markup=False)
            with Horizontal(classes="form-row"):
                with Vertical(classes="form-cell"):
                    yield Label(_("Role"))
                    yield Input(id="contact-role", placeholder=_("e.g. IT contact"))
                    yield Static("", id="contact-role-error", classes="field-error", markup=False)
                with Vertical(classes="form-cell"):
                    yield Label(_("E-mail"))
                    yield Input(id="contact-email", placeholder=_("name@example.org"))
                    yield Static("", id="contact-email-error", classes="field-error", markup=False)
                with Vertical(classes="form-cell"):
                    yield Label(_("Phone"))
                    yield Input(id="contact-phone", placeholder=_("e.g. 05555 1234-56"))
                    yield Static("", id="contact-phone-error", classes="field-error", markup=False)
            yield Label(_("Notes"))
            yield TextArea(id="contact-notes")
            yield Static("", id="contact-notes-error", classes="field-error", markup=False)
            with Horizontal(classes="form-row"):
                with Vertical(classes="form-cell"):
                    yield Label(_("Purpose (GDPR)"))
                    yield Input(id="contact-purpose", placeholder=_("why you keep this person's data"))
                    yield Static("", id="contact-purpose-error", classes="field-error", markup=False)
                with Vertical(classes="form-cell"):
                    yield Label(_("Legal basis"))
                    yield Input(id="contact-basis", placeholder=_("e.g. Art. 6(1)(e) GDPR"))
                    yield Static("", id="contact-basis-error", classes="field-error", markup=False)
            with Horizontal(classes="form-row"):
                with Vertical(classes="form-cell"):
                    yield Label(_("Review on"))
                    yield Input(id="contact-review", placeholder=date_hint())
                    yield Static("", id="contact-review-error", classes="field-error", markup=False)
                with Vertical(classes="form-cell"):
                    yield Label(_("Stay in touch every … days"))
                    yield Input(id="contact-stay", type="integer", placeholder=_("default of the unit kind"))
                    yield Static("", id="contact-stay-error", classes="field-error", markup=False)
            yield Static(_("Ctrl+S saves, Esc cancels."), classes="hint", markup=False)
            with Horizontal(classes="form-buttons"):
                yield Button(_("Cancel"), id="cancel")
                yield Button(_("Save"), id="save", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#contact-name").focus()
        self.load()

    # --- loading ------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="form-load", exit_on_error=False)
    def load(self, select_unit: int | None = None) -> None:
        from officer_tui.services import contacts, units

        try:
            with self.app.database.session() as session:  # type: ignore[attr-defined]
                rows = [(u.id, u.name, u.depth) for u in units.list_units(session)]
                contact = contacts.get_contact(session, self.contact_id) if self.contact_id else None
        except Exception as exc:
            self.post_message(self.Invalid([("record", describe(exc))]))
            return
        self.post_message(self.Loaded(rows, contact, select_unit=select_unit))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        unit_select = self.query_one("#contact-unit", Select)
        known = {unit_id for unit_id, _name, _depth in message.units}
        current = unit_select.value
        unit_select.set_options([("  " * depth + name, unit_id) for unit_id, name, depth in message.units])
        if current is not Select.NULL and current in known:
            unit_select.value = current
        contact = message.contact
        if contact is not None and self.filling:
            self._version = contact.version
            self.query_one("#contact-name", Input).value = contact.name
            if contact.unit_id in known:
                unit_select.value = contact.unit_id
            self.query_one("#contact-role", Input).value = contact.role
            self.query_one("#contact-email", Input).value = contact.email
            self.query_one("#contact-phone", Input).value = contact.phone
            self.query_one("#contact-notes", TextArea).text = contact.notes
            self.query_one("#contact-purpose", Input).value = contact.purpose
            self.query_one("#contact-basis", Input).value = contact.legal_basis
            self.query_one("#contact-review", Input).value = format_date(contact.review_on)
            stay = contact.stay_in_touch_days
            self.query_one("#contact-stay", Input).value = "" if stay is None else str(stay)
        elif self.contact_id is None and current is Select.NULL and self._unit_id in known:
            unit_select.value = self._unit_id
        if message.select_unit is not None:  # a unit just created with Ctrl+U
            unit_select.value = message.select_unit
        self.done_loading()

    # --- saving -------------------------------------------------------------------------------

    def collect(self) -> dict | None:
        return {
            "name": self.value_of("contact-name"),
            "unit_id": self.choice_of("contact-unit"),
            "role": self.value_of("contact-role"),
            "email": self.value_of("contact-email"),
            "phone": self.value_of("contact-phone"),
            "notes": self.value_of("contact-notes"),
            "purpose": self.value_of("contact-purpose"),
            "legal_basis": self.value_of("contact-basis"),
            "review_on": self.value_of("contact-review"),
            "stay_in_touch_days": self.value_of("contact-stay").strip() or None,
        }

    def write(self, session, data: dict) -> int:
        from officer_tui.services import contacts
        from officer_tui.services.dates import parse_date

        data = dict(data, review_on=parse_date(data["review_on"], field="review_on"))
        if self.contact_id is None:
            return contacts.create_contact(session, data=data).id
        return contacts.update_contact(
            session, contact_id=self.contact_id, changes=data, expected_version=self._version
        ).id

    def saved_text(self, record_id: int) -> str | None:
        return _("Contact saved.")
