"""Capture or edit an idea. While the title is typed, similar ideas and projects show below it."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.suggester import SuggestFromList
from textual.timer import Timer
from textual.widgets import Button, Footer, Input, Label, Select, Static, TextArea

from officer_tui import clock
from officer_tui.i18n import N_, _, date_hint, format_date
from officer_tui.models.enums import RecordKind
from officer_tui.services.idea_views import SimilarItem
from officer_tui.ui.formatting import themed
from officer_tui.ui.screens.form_base import FORM_CSS, RecordForm

DEBOUNCE_S = 0.25


def similar_text(items: list[SimilarItem]) -> Text:
    """"Similar:" and one line per idea or project; titles shown literally."""
    text = Text(_("Similar ideas and projects:"), style=themed("bold $text-warning"))
    for item in items:
        kind = _("Idea") if item.kind == RecordKind.IDEA else _("Project")
        text.append(f"\n  {kind} #{item.id} ", style=themed("$text-warning"))
        text.append(item.title)
        status = item.status.replace("_", " ")
        if item.kind == RecordKind.IDEA:
            from officer_tui.ui.screens.ideas import STATUS_LABELS

            status = _(STATUS_LABELS.get(item.status, item.status))
        text.append(f"  ({status})", style="dim")
    return text


class IdeaFormScreen(RecordForm[int]):
    """Dismisses with the saved idea's id (None when cancelled)."""
    RELOADS = True  # fills the widgets again after a conflict (RecordForm)

    DEFAULT_CSS = "IdeaFormScreen {" + FORM_CSS + " #similar { height: auto; display: none; } #similar.-shown { display: block; } }"
    FIELDS: ClassVar[dict[str, str]] = {
        "title": "title", "unit": "unit", "unit_id": "unit", "submitter": "submitter",
        "submitter_id": "submitter", "field_of_action": "field", "submitted": "submitted",
        "submitted_on": "submitted", "description": "description",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+u", "new_unit", N_("New unit"), id="idea_form.new_unit", priority=True,
                tooltip=N_("Create a unit that does not exist yet")),
    ]

    class Loaded(Message):
        def __init__(self, units: list[tuple[int, str, int]], people: list[tuple[int, str, int | None]],
                     fields: list[str], idea: object | None, select_unit: int | None) -> None:
            super().__init__()
            self.units = units
            self.people = people
            self.fields = fields
            self.idea = idea
            self.select_unit = select_unit

    class SimilarFound(Message):
        def __init__(self, title: str, items: list[SimilarItem]) -> None:
            super().__init__()
            self.title = title
            self.items = items

    def __init__(self, *, idea_id: int | None = None) -> None:
        super().__init__()
        self.idea_id = idea_id
        self._version: int | None = None
        self._debounce: Timer | None = None
        self.similar: list[SimilarItem] = []

    def compose(self) -> ComposeResult:
        title = _("New idea") if self.idea_id is None else _("Idea #{id}").format(id=self.idea_id)
        with VerticalScroll(id="form"):
            yield Static(title, classes="form-title", markup=False)
            yield Label(_("Title"))
            yield Input(id="title", placeholder=_("The idea in a few words"))
            yield Static("", id="title-error", classes="field-error", markup=False)
            yield Static("", id="similar", markup=False)
            with Horizontal(classes="form-row"):
                with Vertical(classes="form-cell"):
                    yield Label(_("Submitter"))
                    yield Select([], prompt=_("(nobody in particular)"), id="submitter")
                    yield Static("", id="submitter-error", classes="field-error", markup=False)
                with Vertical(classes="form-cell"):
                    yield Label(_("Unit (Ctrl+U: new unit)"))
                    yield Select([], prompt=_("Choose the unit"), id="unit")
                    yield Static("", id="unit-error", classes="field-error", markup=False)
            with Horizontal(classes="form-row"):
                with Vertical(classes="form-cell"):
                    yield Label(_("Field of action"))
                    yield Input(id="field", placeholder=_("e.g. Digital administration"))
                    yield Static("", id="field-error", classes="field-error", markup=False)
                with Vertical(classes="form-cell"):
                    yield Label(_("Submitted"))
                    yield Input(format_date(clock.today()), id="submitted", placeholder=date_hint())
                    yield Static("", id="submitted-error", classes="field-error", markup=False)
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

    @work(thread=True, exclusive=True, group="form-load", exit_on_error=False)
    def load(self, select_unit: int | None = None) -> None:
        from sqlalchemy import select

        from officer_tui.models.org import Contact
        from officer_tui.services import ideas, units

        with self.app.database.session() as session:  # type: ignore[attr-defined]
            unit_rows = [(u.id, u.name, u.depth) for u in units.list_units(session)]
            people = [tuple(row) for row in session.execute(
                select(Contact.id, Contact.name, Contact.unit_id).order_by(Contact.name_folded))]
            fields = ideas.fields_of_action(session)
            idea = ideas.get_idea(session, self.idea_id) if self.idea_id else None
        self.post_message(self.Loaded(unit_rows, people, fields, idea, select_unit))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        unit_select = self.query_one("#unit", Select)
        current = unit_select.value
        unit_select.set_options([("  " * depth + name, uid) for uid, name, depth in message.units])
        if current is not Select.NULL and current in {u[0] for u in message.units}:
            unit_select.value = current
        self._people = {pid: unit for pid, _name, unit in message.people}
        submitter = self.query_one("#submitter", Select)
        chosen = submitter.value
        submitter.set_options([(name, pid) for pid, name, _unit in message.people])
        if chosen is not Select.NULL:
            submitter.value = chosen
        self.query_one("#field", Input).suggester = SuggestFromList(message.fields, case_sensitive=False)
        idea = message.idea
        if idea is not None and self.filling:
            self._version = idea.version
            self.query_one("#title", Input).value = idea.title
            if idea.unit_id is not None:
                unit_select.value = idea.unit_id
            if idea.submitter_id is not None:
                submitter.value = idea.submitter_id
            self.query_one("#field", Input).value = idea.field_of_action or ""
            self.query_one("#submitted", Input).value = format_date(idea.submitted_on)
            self.query_one("#description", TextArea).text = idea.description
        if message.select_unit is not None:
            unit_select.value = message.select_unit
        self.done_loading()

    @on(Select.Changed, "#submitter")
    def _submitter_changed(self, event: Select.Changed) -> None:
        # The submitter's unit fills an empty unit field.
        unit = self.query_one("#unit", Select)
        if event.value is not Select.NULL and unit.value is Select.NULL:
            home = getattr(self, "_people", {}).get(event.value)
            if home is not None:
                unit.value = home

    # --- similar ideas and projects ---------------------------------------------------------

    @on(Input.Changed, "#title")
    def _title_changed(self, event: Input.Changed) -> None:
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(DEBOUNCE_S, lambda: self.find_similar(event.value))

    @work(thread=True, exclusive=True, group="form-similar", exit_on_error=False)
    def find_similar(self, title: str) -> None:
        from officer_tui.services import ideas

        with self.app.database.session() as session:  # type: ignore[attr-defined]
            items = ideas.similar(session, title=title, limit=5, exclude_idea_id=self.idea_id)
        self.post_message(self.SimilarFound(title, items))

    @on(SimilarFound)
    def _similar_found(self, message: SimilarFound) -> None:
        if message.title != self.query_one("#title", Input).value:
            return  # typed on meanwhile
        self.similar = message.items
        box = self.query_one("#similar", Static)
        box.update(similar_text(message.items) if message.items else "")
        box.set_class(bool(message.items), "-shown")

    # --- saving -------------------------------------------------------------------------------

    def collect(self) -> dict | None:
        return {
            "title": self.value_of("title"),
            "unit_id": self.choice_of("unit"),
            "submitter_id": self.choice_of("submitter"),
            "field_of_action": self.value_of("field"),
            "submitted": self.value_of("submitted"),
            "description": self.value_of("description"),
        }

    def write(self, session, raw: dict) -> int:
        from officer_tui.services import ideas
        from officer_tui.services.dates import parse_date
        from officer_tui.services.errors import ValidationError

        problems: list[tuple[str, str]] = []
        data = {key: raw[key] for key in ("title", "unit_id", "submitter_id", "field_of_action",
                                          "description")}
        if not raw["title"].strip():
            problems.append(("title", _("must not be empty")))
        try:
            data["submitted_on"] = parse_date(raw["submitted"], field="submitted")
        except ValidationError as exc:
            problems.extend(exc.problems)
        if problems:
            raise ValidationError.many(problems)
        if self.idea_id is None:
            return ideas.create_idea(session, data=data).id
        return ideas.update_idea(session, idea_id=self.idea_id, changes=data,
                                 expected_version=self._version).id

    def saved_text(self, record_id: int) -> str | None:
        return _("Idea #{id} saved.").format(id=record_id)
