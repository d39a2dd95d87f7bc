"""Dialogs of the meeting screen: an agenda item, an outcome, an item's notes, a person to add."""

from __future__ import annotations

from datetime import timedelta
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Footer, Input, Label, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option

from officer_tui import clock
from officer_tui.i18n import N_, _, date_hint, format_date
from officer_tui.labels import OUTCOME_SYMBOLS, outcome_kind_label
from officer_tui.models.enums import OutcomeKind, RecordKind
from officer_tui.services.meeting_views import ItemView, LinkView, OutcomeView
from officer_tui.text import fold
from officer_tui.ui.screens.form_base import FORM_CSS, RecordForm
from officer_tui.ui.screens.meeting_form import link_key, person_label
from officer_tui.ui.screens.meeting_format import record_text
from officer_tui.ui.widgets.multi_pick import MultiPick

KIND_HINTS = {
    OutcomeKind.INFORMATION: N_("for the record"),
    OutcomeKind.DECISION: N_("goes into the decision register"),
    OutcomeKind.ACTION: N_("becomes a follow-up with owner and due date"),
}


def _cell(label: str, widget, widget_id: str) -> ComposeResult:
    with Vertical(classes="form-cell"):
        yield Label(label)
        yield widget
        yield Static("", id=f"{widget_id}-error", classes="field-error", markup=False)


class PeopleLoaded(Message):
    """(id, name, unit) of everyone, and the meeting's participants first."""

    def __init__(self, people: list[tuple[int, str, str | None]], first: list[int]) -> None:
        super().__init__()
        self.people = people
        self.first = first


def people_options(people: list[tuple[int, str, str | None]], first: list[int]) -> list[tuple[str, int]]:
    """The meeting's participants first, then everyone else, by name."""
    order = {pid: index for index, pid in enumerate(first)}
    ranked = sorted(people, key=lambda p: (order.get(p[0], len(order)), fold(p[1])))
    return [(person_label(name, unit), pid) for pid, name, unit in ranked]


class ItemFormScreen(RecordForm[int]):
    """Add or edit an agenda item: title, presenter, minutes, the record it is about."""

    DEFAULT_CSS = "ItemFormScreen {" + FORM_CSS + " & > #form { width: 90; } }"
    FIELDS: ClassVar[dict[str, str]] = {
        "title": "item-title", "presenter": "item-presenter", "presenter_id": "item-presenter",
        "minutes": "item-minutes", "subject": "item-subject", "subject_id": "item-subject",
        "notes": "item-title",
    }

    class RecordsFound(Message):
        def __init__(self, records: list[LinkView]) -> None:
            super().__init__()
            self.records = records

    def __init__(self, *, meeting_id: int, participants: list[int], item: ItemView | None = None,
                 suggested: list[LinkView] | None = None) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.item = item
        self._participants = participants
        self._suggested = suggested or []

    def compose(self) -> ComposeResult:
        title = _("New agenda item") if self.item is None else _("Agenda item {n}").format(n=self.item.position)
        with VerticalScroll(id="form"):
            yield Static(title, classes="form-title", markup=False)
            yield Label(_("Title"))
            yield Input(id="item-title", placeholder=_("e.g. Status of the Wi-Fi rollout"))
            yield Static("", id="item-title-error", classes="field-error", markup=False)
            with Horizontal(classes="form-row"):
                yield from _cell(_("Presenter"), Select([], prompt=_("(nobody in particular)"),
                                                        id="item-presenter"), "item-presenter")
                yield from _cell(_("Minutes planned"), Input(id="item-minutes", type="integer",
                                                             placeholder="15"), "item-minutes")
            yield Label(_("About (one project, request or idea; Space ticks)"))
            yield MultiPick(placeholder=_("Find by title or #number"), id="item-subject")
            yield Static("", id="item-subject-error", classes="field-error", markup=False)
            yield Static(_("Ctrl+S saves, Esc cancels. Notes: Enter on the item."), classes="hint",
                         markup=False)
            with Horizontal(classes="form-buttons"):
                yield Button(_("Cancel"), id="cancel")
                yield Button(_("Save"), id="save", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#item-title").focus()
        item = self.item
        if item is not None:
            self.query_one("#item-title", Input).value = item.title
            self.query_one("#item-minutes", Input).value = "" if item.minutes is None else str(item.minutes)
            if item.subject is not None:
                self.query_one("#item-subject", MultiPick).set_chosen(
                    [(link_key(item.subject), record_text(item.subject))])
        self.load_people()
        self.find_records("")

    @work(thread=True, exclusive=True, group="form-load", exit_on_error=False)
    def load_people(self) -> None:
        from officer_tui.services.meeting_queries import people_choices

        with self.app.database.session() as session:  # type: ignore[attr-defined]
            people = people_choices(session)
        self.post_message(PeopleLoaded(people, self._participants))

    @on(PeopleLoaded)
    def _people_loaded(self, message: PeopleLoaded) -> None:
        select = self.query_one("#item-presenter", Select)
        select.set_options(people_options(message.people, message.first))
        if self.item is not None and self.item.presenter_id is not None:
            select.value = self.item.presenter_id
        self.done_loading()

    @on(MultiPick.SearchChanged)
    def _search(self, message: MultiPick.SearchChanged) -> None:
        self.find_records(message.text)

    @on(MultiPick.ChosenChanged)
    def _one_subject(self, message: MultiPick.ChosenChanged) -> None:
        pick = message.pick
        if len(pick.chosen) > 1:  # one record per item: the latest tick wins
            pick.set_chosen([(pick.chosen[-1], pick.chosen_labels[-1])])

    @work(thread=True, exclusive=True, group="form-records", exit_on_error=False)
    def find_records(self, text: str) -> None:
        from officer_tui.services.meeting_queries import find_records

        with self.app.database.session() as session:  # type: ignore[attr-defined]
            records = find_records(session, text)
        if not text.strip():  # what the meeting is about comes first
            known = {(r.kind, r.record_id) for r in self._suggested}
            records = self._suggested + [r for r in records if (r.kind, r.record_id) not in known]
        self.post_message(self.RecordsFound(records))

    @on(RecordsFound)
    def _records_found(self, message: RecordsFound) -> None:
        self.query_one("#item-subject", MultiPick).set_matches(
            [(link_key(link), record_text(link)) for link in message.records])

    def _values(self) -> dict[str, object]:
        values = super()._values()
        values["item-subject"] = tuple(self.query_one("#item-subject", MultiPick).chosen)
        return values

    def collect(self) -> dict | None:
        chosen = self.query_one("#item-subject", MultiPick).chosen
        kind, record_id = None, None
        if chosen:
            raw_kind, _sep, raw_id = str(chosen[0]).partition(":")
            kind, record_id = RecordKind(raw_kind), int(raw_id)
        return {
            "title": self.value_of("item-title"),
            "presenter_id": self.choice_of("item-presenter"),
            "minutes": self.value_of("item-minutes").strip(),
            "subject_kind": kind,
            "subject_id": record_id,
        }

    def write(self, session, raw: dict) -> int:
        from officer_tui.services import meetings
        from officer_tui.services.errors import ValidationError

        data = dict(raw)
        problems: list[tuple[str, str]] = []
        if not raw["title"].strip():
            problems.append(("title", _("must not be empty")))
        data["minutes"] = None
        if raw["minutes"]:
            try:
                data["minutes"] = int(raw["minutes"])
            except ValueError:
                problems.append(("minutes", _("must be a whole number")))
        if problems:
            raise ValidationError.many(problems)
        if self.item is None:
            return meetings.add_item(session, meeting_id=self.meeting_id, data=data).id
        return meetings.update_item(session, item_id=self.item.id, changes=data,
                                    expected_version=self.item.version).id

    def saved_text(self, record_id: int) -> str | None:
        return None


class OutcomeFormScreen(RecordForm[int]):
    """What came out of an item: information, a decision, or an action (owner and due date)."""

    DEFAULT_CSS = ("OutcomeFormScreen {" + FORM_CSS
                   + " & > #form { width: 84; } & #outcome-action { height: auto; }"
                   + " & #outcome-action.-hidden { display: none; } & TextArea { height: 4; } }")
    FIELDS: ClassVar[dict[str, str]] = {
        "kind": "outcome-kind", "text": "outcome-text", "owner": "outcome-owner",
        "owner_id": "outcome-owner", "due": "outcome-due", "due_on": "outcome-due",
    }

    def __init__(self, *, item: ItemView, participants: list[int], outcome: OutcomeView | None = None,
                 kind: OutcomeKind = OutcomeKind.DECISION) -> None:
        super().__init__()
        self.item = item
        self.outcome = outcome
        self._participants = participants
        self._kind = OutcomeKind(outcome.kind) if outcome is not None else kind

    def compose(self) -> ComposeResult:
        title = (_("Outcome of '{item}'") if self.outcome is None else _("Change outcome of '{item}'")).format(
            item=self.item.title)
        with VerticalScroll(id="form"):
            yield Static(Text(title), classes="form-title", markup=False)
            yield from _cell(_("Kind"), Select(
                [(f"{OUTCOME_SYMBOLS[kind]} {outcome_kind_label(kind)} – {_(KIND_HINTS[kind])}", kind.value)
                 for kind in OutcomeKind],
                value=self._kind.value, allow_blank=False, id="outcome-kind",
                disabled=self.outcome is not None), "outcome-kind")
            yield Label(_("What was said, decided or is to be done"))
            yield TextArea(id="outcome-text")
            yield Static("", id="outcome-text-error", classes="field-error", markup=False)
            with Horizontal(classes="form-row", id="outcome-action"):
                yield from _cell(_("Owner (required)"), Select([], prompt=_("Who does it"),
                                                               id="outcome-owner"), "outcome-owner")
                yield from _cell(_("Due (required)"), Input(id="outcome-due", placeholder=date_hint()),
                                 "outcome-due")
            subject = self.item.subject
            where = record_text(subject) if subject is not None else _("the meeting")
            yield Static(Text(_("An action becomes a follow-up on {record}.").format(record=where)),
                         id="outcome-where", classes="hint", markup=False)
            yield Static(_("Ctrl+S saves, Esc cancels."), classes="hint", markup=False)
            with Horizontal(classes="form-buttons"):
                yield Button(_("Cancel"), id="cancel")
                yield Button(_("Save"), id="save", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#outcome-text").focus()
        if self.outcome is not None:
            self.query_one("#outcome-text", TextArea).text = self.outcome.text
            if self.outcome.due_on is not None:
                self.query_one("#outcome-due", Input).value = format_date(self.outcome.due_on)
        self._show_action_fields()
        self.load_people()

    @work(thread=True, exclusive=True, group="form-load", exit_on_error=False)
    def load_people(self) -> None:
        from officer_tui.services.meeting_queries import people_choices

        with self.app.database.session() as session:  # type: ignore[attr-defined]
            people = people_choices(session)
        self.post_message(PeopleLoaded(people, self._participants))

    @on(PeopleLoaded)
    def _people_loaded(self, message: PeopleLoaded) -> None:
        select = self.query_one("#outcome-owner", Select)
        select.set_options(people_options(message.people, message.first))
        if self.outcome is not None and self.outcome.owner_id is not None:
            select.value = self.outcome.owner_id
        self.done_loading()

    @on(Select.Changed, "#outcome-kind")
    def _show_action_fields(self) -> None:
        is_action = self.choice_of("outcome-kind") == OutcomeKind.ACTION.value
        self.query_one("#outcome-action").set_class(not is_action, "-hidden")
        self.query_one("#outcome-where").display = is_action
        due = self.query_one("#outcome-due", Input)
        if is_action and not due.value:
            due.value = format_date(clock.today() + timedelta(days=7))

    def collect(self) -> dict | None:
        kind = OutcomeKind(self.choice_of("outcome-kind"))
        action = kind == OutcomeKind.ACTION
        return {
            "kind": kind,
            "text": self.value_of("outcome-text"),
            "owner_id": self.choice_of("outcome-owner") if action else None,
            "due": self.value_of("outcome-due") if action else "",
        }

    def write(self, session, raw: dict) -> int:
        from officer_tui.services import meetings
        from officer_tui.services.dates import parse_date
        from officer_tui.services.errors import ValidationError

        problems: list[tuple[str, str]] = []
        if not raw["text"].strip():
            problems.append(("text", _("must not be empty")))
        due = None
        if raw["kind"] == OutcomeKind.ACTION:
            if raw["owner_id"] is None:
                problems.append(("owner", _("an action needs an owner")))
            try:
                due = parse_date(raw["due"], field="due")
                if due is None:
                    problems.append(("due", _("an action needs a due date")))
            except ValidationError as exc:
                problems.extend(exc.problems)
        if problems:
            raise ValidationError.many(problems)
        if self.outcome is None:
            return meetings.add_outcome(session, item_id=self.item.id, kind=raw["kind"], text=raw["text"],
                                        owner_id=raw["owner_id"], due_on=due).id
        return meetings.update_outcome(session, outcome_id=self.outcome.id, text=raw["text"],
                                       owner_id=raw["owner_id"], due_on=due).id


class NotesScreen(RecordForm[int]):
    """An agenda item's notes in Markdown: a large editor; Ctrl+S saves."""

    DEFAULT_CSS = ("NotesScreen {" + FORM_CSS
                   + " & > #form { width: 110; height: 96%; } & TextArea { height: 1fr; } }")
    FIELDS: ClassVar[dict[str, str]] = {"notes": "notes-text"}

    def __init__(self, *, item: ItemView) -> None:
        super().__init__()
        self.item = item

    def compose(self) -> ComposeResult:
        with Vertical(id="form"):
            yield Static(Text(_("Notes on '{item}' (Markdown)").format(item=self.item.title)),
                         classes="form-title", markup=False)
            yield TextArea(self.item.notes, id="notes-text", language=None, soft_wrap=True,
                           tab_behavior="indent")
            yield Static("", id="notes-text-error", classes="field-error", markup=False)
            yield Static(_("Ctrl+S saves, Esc cancels. # heading, - list, **bold**, `code`."),
                         classes="hint", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        area = self.query_one("#notes-text", TextArea)
        area.focus()
        area.move_cursor(area.document.end)
        self.done_loading()

    def collect(self) -> dict | None:
        return {"notes": self.value_of("notes-text")}

    def write(self, session, raw: dict) -> int:
        from officer_tui.services import meetings

        return meetings.update_item(session, item_id=self.item.id, changes={"notes": raw["notes"]},
                                    expected_version=self.item.version).id


class PersonPickScreen(RecordForm[int]):
    """Add one person to the meeting: type to find, Enter adds."""

    DEFAULT_CSS = "PersonPickScreen {" + FORM_CSS + " & > #form { width: 70; } & OptionList { height: 12; } }"
    FIELDS: ClassVar[dict[str, str]] = {"participant": "person-search", "participants": "person-search"}

    def __init__(self, *, meeting_id: int, present: set[int]) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self._present = present
        self._people: list[tuple[int, str]] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="form"):
            yield Static(_("Add a participant"), classes="form-title", markup=False)
            yield Input(id="person-search", placeholder=_("Find people"))
            yield Static("", id="person-search-error", classes="field-error", markup=False)
            yield OptionList(id="person-list")
            yield Static(_("Enter adds the highlighted person, Esc cancels."), classes="hint", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#person-search").focus()
        self.load_people()
        self.done_loading()

    @work(thread=True, exclusive=True, group="form-load", exit_on_error=False)
    def load_people(self) -> None:
        from officer_tui.services.meeting_queries import people_choices

        with self.app.database.session() as session:  # type: ignore[attr-defined]
            people = people_choices(session)
        self.post_message(PeopleLoaded(people, []))

    @on(PeopleLoaded)
    def _people_loaded(self, message: PeopleLoaded) -> None:
        self._people = [(pid, person_label(name, unit)) for pid, name, unit in message.people
                        if pid not in self._present]
        self._match(self.value_of("person-search"))

    @on(Input.Changed, "#person-search")
    def _typed(self, event: Input.Changed) -> None:
        self._match(event.value)

    def _match(self, text: str) -> None:
        words = fold(text).split()
        options = self.query_one("#person-list", OptionList)
        options.clear_options()
        matches = [(pid, label) for pid, label in self._people if all(w in fold(label) for w in words)][:200]
        options.add_options([Option(Text(label), id=str(pid)) for pid, label in matches])
        if matches:
            options.highlighted = 0

    @on(Input.Submitted, "#person-search")
    def _submitted(self) -> None:
        self.action_save()

    @on(OptionList.OptionSelected)
    def _chosen(self) -> None:
        self.action_save()

    def collect(self) -> dict | None:
        options = self.query_one("#person-list", OptionList)
        if options.highlighted is None or options.option_count == 0:
            self.show_errors([("participant", _("Choose a person from the list."))])
            return None
        return {"contact_id": int(options.get_option_at_index(options.highlighted).id or 0)}

    def write(self, session, raw: dict) -> int:
        from officer_tui.services import meetings

        meetings.add_participant(session, meeting_id=self.meeting_id, contact_id=raw["contact_id"])
        return raw["contact_id"]

