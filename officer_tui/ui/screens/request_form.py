"""Capture or edit a request: title first, everything else optional but the unit."""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.suggester import SuggestFromList
from textual.widgets import Button, Footer, Input, Label, Select, Static, TextArea

from officer_tui import clock
from officer_tui.i18n import N_, _, date_hint, format_date
from officer_tui.labels import CHANNEL_LABELS, PRIORITY_LABELS
from officer_tui.models.enums import Channel, Priority
from officer_tui.ui.screens.form_base import FORM_CSS, RecordForm


class RequestFormScreen(RecordForm[int]):
    """Dismisses with the saved request's id (None when cancelled)."""

    DEFAULT_CSS = "RequestFormScreen {" + FORM_CSS + "}"
    FIELDS: ClassVar[dict[str, str]] = {
        "title": "title", "unit": "unit", "unit_id": "unit", "requester": "requester",
        "requester_id": "requester", "channel": "channel", "received": "received",
        "received_on": "received", "due": "due", "due_on": "due", "category": "category",
        "priority": "priority", "description": "description",
    }
    RELOADS = True
    BINDINGS: ClassVar[list[BindingType]] = [
        # priority: an Input would otherwise take Ctrl+U (delete to the start of the line).
        Binding("ctrl+u", "new_unit", N_("New unit"), id="request_form.new_unit", priority=True,
                tooltip=N_("Create a unit that does not exist yet")),
    ]

    class Loaded(Message):
        def __init__(self, units: list[tuple[int, str, int]], categories: list[str], request: object | None, select_unit: int | None = None) -> None:
            super().__init__()
            self.select_unit = select_unit
            self.units = units
            self.categories = categories
            self.request = request

    class ContactsLoaded(Message):
        def __init__(self, unit_id: int, contacts: list[tuple[int, str]]) -> None:
            super().__init__()
            self.unit_id = unit_id
            self.contacts = contacts

    def __init__(self, *, request_id: int | None = None) -> None:
        super().__init__()
        self.request_id = request_id
        self._version: int | None = None
        self._requester_id: int | None = None
        self._requester_shown = False

    def compose(self) -> ComposeResult:
        title = _("New request") if self.request_id is None else _("Request #{id}").format(id=self.request_id)
        hint = date_hint()
        with VerticalScroll(id="form"):
            yield Static(title, classes="form-title", markup=False)
            yield Label(_("Title"))
            yield Input(id="title", placeholder=_("What is needed, in a few words"))
            yield Static("", id="title-error", classes="field-error", markup=False)
            with Horizontal(classes="form-row"):
                with Vertical(classes="form-cell"):
                    yield Label(_("Unit (Ctrl+U: new unit)"))
                    yield Select([], prompt=_("Choose the unit"), id="unit")
                    yield Static("", id="unit-error", classes="field-error", markup=False)
                with Vertical(classes="form-cell"):
                    yield Label(_("Requester"))
                    yield Select([], prompt=_("(nobody in particular)"), id="requester")
                    yield Static("", id="requester-error", classes="field-error", markup=False)
            with Horizontal(classes="form-row"):
                with Vertical(classes="form-cell"):
                    yield Label(_("Priority"))
                    yield Select([(_(label), p.value) for p, label in PRIORITY_LABELS.items()],
                                 value=Priority.NORMAL.value, allow_blank=False, id="priority")
                    yield Static("", id="priority-error", classes="field-error", markup=False)
                with Vertical(classes="form-cell"):
                    yield Label(_("Channel"))
                    yield Select([(_(label), c.value) for c, label in CHANNEL_LABELS.items()],
                                 value=Channel.MAIL.value, allow_blank=False, id="channel")
                    yield Static("", id="channel-error", classes="field-error", markup=False)
                with Vertical(classes="form-cell"):
                    yield Label(_("Category"))
                    yield Input(id="category", placeholder=_("e.g. Hardware"))
                    yield Static("", id="category-error", classes="field-error", markup=False)
            with Horizontal(classes="form-row"):
                with Vertical(classes="form-cell"):
                    yield Label(_("Received"))
                    yield Input(format_date(clock.today()), id="received", placeholder=hint)
                    yield Static("", id="received-error", classes="field-error", markup=False)
                with Vertical(classes="form-cell"):
                    yield Label(_("Due"))
                    yield Input(id="due", placeholder=hint)
                    yield Static("", id="due-error", classes="field-error", markup=False)
            yield Label(_("Description"))
            yield TextArea(id="description")
            yield Static("", id="description-error", classes="field-error", markup=False)
            yield Static(_("Ctrl+S saves, Esc cancels."), classes="hint", markup=False)
            with Horizontal(classes="form-buttons"):
                yield Button(_("Cancel"), id="cancel")
                yield Button(_("Save"), id="save", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#title").focus()
        self.load()

    # --- loading ------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="form-load", exit_on_error=False)
    def load(self, select_unit: int | None = None) -> None:
        from officer_tui.services import requests, units

        with self.app.database.session() as session:  # type: ignore[attr-defined]
            rows = [(u.id, u.name, u.depth) for u in units.list_units(session)]
            categories = requests.categories(session)
            request = requests.get_request(session, self.request_id) if self.request_id else None
        self.post_message(self.Loaded(rows, categories, request, select_unit=select_unit))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        unit_select = self.query_one("#unit", Select)
        current = unit_select.value
        unit_select.set_options([("  " * depth + name, unit_id) for unit_id, name, depth in message.units])
        if current is not Select.NULL and current in {u[0] for u in message.units}:
            unit_select.value = current
        self.query_one("#category", Input).suggester = SuggestFromList(message.categories, case_sensitive=False)
        request = message.request
        if request is not None and self.filling:
            self._version = request.version
            self._requester_id = request.requester_id
            self.put_values({"requester": request.requester_id})  # when already a choice
            self.query_one("#title", Input).value = request.title
            unit_select.value = request.unit_id
            self.query_one("#priority", Select).value = request.priority.value
            self.query_one("#channel", Select).value = request.channel.value
            self.query_one("#category", Input).value = request.category or ""
            self.query_one("#received", Input).value = format_date(request.received_on)
            self.query_one("#due", Input).value = format_date(request.due_on)
            self.query_one("#description", TextArea).text = request.description
        if message.select_unit is not None:  # a unit just created with Ctrl+U
            unit_select.value = message.select_unit
        self.done_loading()

    @on(Select.Changed, "#unit")
    def _unit_changed(self, event: Select.Changed) -> None:
        if event.value is not Select.NULL:
            self.load_contacts(int(event.value))

    @work(thread=True, exclusive=True, group="form-contacts", exit_on_error=False)
    def load_contacts(self, unit_id: int) -> None:
        from officer_tui.services import contacts, units

        keep = self._requester_id  # stays choosable even if erased, so saving keeps the link
        with self.app.database.session() as session:  # type: ignore[attr-defined]
            people = [
                person
                for person in contacts.list_contacts(
                    session, unit_ids=units.unit_and_descendants(session, unit_id), include_erased=True
                )
                if not person.erased or person.id == keep
            ]
        choices = [(c.id, c.name + (f" · {c.role}" if c.role else "")) for c in people]
        self.post_message(self.ContactsLoaded(unit_id, choices))

    @on(ContactsLoaded)
    def _contacts_loaded(self, message: ContactsLoaded) -> None:
        select = self.query_one("#requester", Select)
        current = select.value if select.value is not Select.NULL else self._requester_id
        select.set_options([(label, contact_id) for contact_id, label in message.contacts])
        if current is not None and current in {c[0] for c in message.contacts}:
            select.value = current
        if not self._requester_shown:  # the stored requester, filled in late, is no change
            self._requester_shown = True
            self.refresh_pristine("requester")

    # --- saving -------------------------------------------------------------------------------

    def collect(self) -> dict | None:
        return {
            "title": self.value_of("title"),
            "unit_id": self.choice_of("unit"),
            "requester_id": self.choice_of("requester"),
            "priority": self.choice_of("priority"),
            "channel": self.choice_of("channel"),
            "category": self.value_of("category"),
            "received": self.value_of("received"),
            "due": self.value_of("due"),
            "description": self.value_of("description"),
        }

    def write(self, session, raw: dict) -> int:
        from officer_tui.services import requests
        from officer_tui.services.dates import parse_date
        from officer_tui.services.errors import ValidationError

        # Everything wrong at once, so that every field is marked in one go.
        problems: list[tuple[str, str]] = []
        data = {key: raw[key] for key in ("title", "unit_id", "requester_id", "priority", "channel",
                                          "category", "description")}
        if not raw["title"].strip():
            problems.append(("title", _("must not be empty")))
        if raw["unit_id"] is None:
            problems.append(("unit", _("choose a unit")))
        for field, key in (("received", "received_on"), ("due", "due_on")):
            try:
                data[key] = parse_date(raw[field], field=field)
            except ValidationError as exc:
                problems.extend(exc.problems)
        if problems:
            raise ValidationError.many(problems)
        if data["received_on"] is None:
            data["received_on"] = clock.today()
        if self.request_id is None:
            return requests.create_request(session, data=data).id
        return requests.update_request(
            session, request_id=self.request_id, changes=data, expected_version=self._version
        ).id

    def saved_text(self, record_id: int) -> str | None:
        return _("Request #{id} saved.").format(id=record_id)
