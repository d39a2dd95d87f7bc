"""Add or edit a project: every field, the strategic goals as a multi-select."""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.suggester import SuggestFromList
from textual.widgets import Button, Footer, Input, Label, Select, SelectionList, Static, TextArea

from officer_tui.i18n import N_, _, date_hint, format_date
from officer_tui.models.enums import Funding, ProjectPhase, TrafficLight
from officer_tui.services.project_views import (
    FUNDING_LABELS,
    PHASE_LABELS,
    TRAFFIC_LABELS,
    TRAFFIC_SYMBOLS,
)
from officer_tui.ui.screens.form_base import FORM_CSS, RecordForm


def _cell(label: str, widget, widget_id: str) -> ComposeResult:
    with Vertical(classes="form-cell"):
        yield Label(label)
        yield widget
        yield Static("", id=f"{widget_id}-error", classes="field-error", markup=False)


class ProjectFormScreen(RecordForm[int]):
    """Dismisses with the saved project's id (None when cancelled)."""
    RELOADS = True  # fills the widgets again after a conflict (RecordForm)

    DEFAULT_CSS = ("ProjectFormScreen {" + FORM_CSS
                   + " & > #form { width: 100; } & SelectionList { height: 6; } & TextArea { height: 4; } }")
    FIELDS: ClassVar[dict[str, str]] = {
        "title": "title", "unit": "unit", "lead": "lead", "field": "field", "phase": "phase",
        "funding": "funding", "amount": "amount", "programme": "programme",
        "proof_due": "proof-due", "light": "light", "note": "note", "start": "start",
        "end": "end", "goal": "goals", "description": "description",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+u", "new_unit", N_("New unit"), id="project_form.new_unit", priority=True,
                tooltip=N_("Create a unit that does not exist yet")),
    ]

    class Loaded(Message):
        def __init__(self, units: list[tuple[int, str, int]], fields: list[str],
                     goals: list[tuple[int, str, str]], project: object | None,
                     goal_ids: list[int], select_unit: int | None = None) -> None:
            super().__init__()
            self.units = units
            self.fields = fields
            self.goals = goals
            self.project = project
            self.goal_ids = goal_ids
            self.select_unit = select_unit

    class ContactsLoaded(Message):
        def __init__(self, contacts: list[tuple[int, str]]) -> None:
            super().__init__()
            self.contacts = contacts

    def __init__(self, *, project_id: int | None = None) -> None:
        super().__init__()
        self.project_id = project_id
        self._version: int | None = None
        self._lead_id: int | None = None
        self._snapshot: dict | None = None

    def compose(self) -> ComposeResult:
        title = _("New project") if self.project_id is None else _("Project #{id}").format(id=self.project_id)
        hint = date_hint()
        with VerticalScroll(id="form"):
            yield Static(title, classes="form-title", markup=False)
            yield Label(_("Title"))
            yield Input(id="title", placeholder=_("The project's name"))
            yield Static("", id="title-error", classes="field-error", markup=False)
            with Horizontal(classes="form-row"):
                yield from _cell(_("Owner unit (Ctrl+U: new unit)"),
                                 Select([], prompt=_("Choose the unit"), id="unit"), "unit")
                yield from _cell(_("Lead"), Select([], prompt=_("(nobody yet)"), id="lead"), "lead")
                yield from _cell(_("Field of action"),
                                 Input(id="field", placeholder=_("e.g. Daten")), "field")
            with Horizontal(classes="form-row"):
                yield from _cell(_("Phase"), Select(
                    [(_(label), p.value) for p, label in PHASE_LABELS.items()],
                    value=ProjectPhase.PLANNED.value, allow_blank=False, id="phase"), "phase")
                yield from _cell(_("Traffic light"), Select(
                    [(f"{TRAFFIC_SYMBOLS[t]} {_(label)}", t.value) for t, label in TRAFFIC_LABELS.items()],
                    value=TrafficLight.ON_TRACK.value, allow_blank=False, id="light"), "light")
                yield from _cell(_("Note on the light"),
                                 Input(id="note", placeholder=_("needed when at risk")), "note")
            with Horizontal(classes="form-row"):
                yield from _cell(_("Funding"), Select(
                    [(_(label), f.value) for f, label in FUNDING_LABELS.items()],
                    value=Funding.UNFUNDED.value, allow_blank=False, id="funding"), "funding")
                yield from _cell(_("Amount (whole euros)"),
                                 Input(id="amount", placeholder="45000"), "amount")
                yield from _cell(_("Funding programme"), Input(id="programme"), "programme")
            with Horizontal(classes="form-row"):
                yield from _cell(_("Proof of use due"), Input(id="proof-due", placeholder=hint), "proof-due")
                yield from _cell(_("Start"), Input(id="start", placeholder=hint), "start")
                yield from _cell(_("End"), Input(id="end", placeholder=hint), "end")
            yield Label(_("Strategic goals (Space selects)"))
            yield SelectionList[int](id="goals")
            yield Static("", id="goals-error", classes="field-error", markup=False)
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

    def on_selection_list_selected_changed(self) -> None:
        self.mark_dirty()

    # --- loading ------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="form-load", exit_on_error=False)
    def load(self, select_unit: int | None = None) -> None:
        from officer_tui.services import projects, units

        with self.app.database.session() as session:  # type: ignore[attr-defined]
            rows = [(u.id, u.name, u.depth) for u in units.list_units(session)]
            fields = projects.fields_of_action(session)
            goals = projects.list_goals(session)
            project = projects.get_project(session, self.project_id) if self.project_id else None
            goal_ids = projects.goal_ids_of(session, self.project_id) if self.project_id else []
        self.post_message(self.Loaded(rows, fields, goals, project, goal_ids, select_unit))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        unit_select = self.query_one("#unit", Select)
        current = unit_select.value
        unit_select.set_options([("  " * depth + name, uid) for uid, name, depth in message.units])
        if current is not Select.NULL and current in {u[0] for u in message.units}:
            unit_select.value = current
        self.query_one("#field", Input).suggester = SuggestFromList(message.fields, case_sensitive=False)
        goals = self.query_one("#goals", SelectionList)
        if not goals.option_count:
            goals.add_options([(f"{code} {title}", gid, gid in message.goal_ids)
                               for gid, code, title in message.goals])
        project = message.project
        if project is not None and self.filling:
            self._version = project.version
            self._lead_id = project.lead_id
            values = {
                "title": project.title, "field": project.field_of_action or "",
                "note": project.traffic_note, "programme": project.funding_programme,
                "amount": "" if project.funding_amount is None else str(project.funding_amount),
                "proof-due": format_date(project.proof_of_use_due),
                "start": format_date(project.start_on), "end": format_date(project.end_on),
            }
            for widget_id, value in values.items():
                self.query_one(f"#{widget_id}", Input).value = value
            if project.owner_unit_id is not None:
                unit_select.value = project.owner_unit_id
            self.query_one("#phase", Select).value = project.phase.value
            self.query_one("#light", Select).value = project.traffic_light.value
            self.query_one("#funding", Select).value = project.funding.value
            self.query_one("#description", TextArea).text = project.description
        if message.select_unit is not None:
            unit_select.value = message.select_unit
        self.load_contacts()
        self.done_loading()

    @on(Select.Changed, "#unit")
    def _unit_changed(self) -> None:
        self.load_contacts()

    @work(thread=True, exclusive=True, group="form-contacts", exit_on_error=False)
    def load_contacts(self) -> None:
        """Everyone, people of the chosen unit first."""
        from officer_tui.services import contacts

        unit = self.query_one("#unit", Select).value
        with self.app.database.session() as session:  # type: ignore[attr-defined]
            people = contacts.list_contacts(session)
        people = sorted(people, key=lambda c: (c.unit_id != unit, c.name))
        self.post_message(self.ContactsLoaded(
            [(c.id, c.name + (f" · {c.unit_name}" if c.unit_name else "")) for c in people]))

    @on(ContactsLoaded)
    def _contacts_loaded(self, message: ContactsLoaded) -> None:
        select = self.query_one("#lead", Select)
        current = select.value if select.value is not Select.NULL else self._lead_id
        select.set_options([(label, cid) for cid, label in message.contacts])
        if current is not None and current in {c[0] for c in message.contacts}:
            select.value = current
        if self._snapshot is None:  # the form is complete now: what "unchanged" means
            self._snapshot = self.collect()

    def action_cancel(self) -> None:
        # Selects announce values set while loading only later; compare values instead.
        if self._snapshot is not None and self.collect() == self._snapshot:
            self.dismiss(None)
            return
        super().action_cancel()

    # --- saving -------------------------------------------------------------------------------

    def collect(self) -> dict | None:
        return {
            "title": self.value_of("title"),
            "unit": self.choice_of("unit"),
            "lead": self.choice_of("lead"),
            "field": self.value_of("field"),
            "phase": self.choice_of("phase"),
            "light": self.choice_of("light"),
            "note": self.value_of("note"),
            "funding": self.choice_of("funding"),
            "amount": self.value_of("amount"),
            "programme": self.value_of("programme"),
            "proof_due": self.value_of("proof-due"),
            "start": self.value_of("start"),
            "end": self.value_of("end"),
            "goals": list(self.query_one("#goals", SelectionList).selected),
            "description": self.value_of("description"),
        }

    def write(self, session, raw: dict) -> int:
        from officer_tui.services import projects
        from officer_tui.services.dates import parse_date
        from officer_tui.services.errors import ValidationError

        problems: list[tuple[str, str]] = []
        data: dict = {
            "title": raw["title"], "owner_unit_id": raw["unit"], "lead_id": raw["lead"],
            "field_of_action": raw["field"], "phase": raw["phase"], "traffic_light": raw["light"],
            "traffic_note": raw["note"], "funding": raw["funding"],
            "funding_programme": raw["programme"], "goal_ids": raw["goals"],
            "description": raw["description"],
        }
        amount = raw["amount"].strip().replace(".", "").replace(",", "").replace("€", "").strip()
        if amount:
            try:
                data["funding_amount"] = int(amount)
            except ValueError:
                problems.append(("amount", _("must be a whole number")))
        else:
            data["funding_amount"] = None
        for field, key in (("proof_due", "proof_of_use_due"), ("start", "start_on"), ("end", "end_on")):
            try:
                data[key] = parse_date(raw[field], field=field)
            except ValidationError as exc:
                problems.extend(exc.problems)
        if problems:
            raise ValidationError.many(problems)
        if self.project_id is None:
            return projects.create_project(session, data=data).id
        return projects.update_project(session, project_id=self.project_id, changes=data,
                                       expected_version=self._version).id

    def saved_text(self, record_id: int) -> str | None:
        return _("Project #{id} saved.").format(id=record_id)
