"""Plan or edit a meeting: title, kind, date and times, place or link, host, participants,
the records it is about, a rhythm for a series, general notes."""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Footer, Input, Label, Select, Static, TextArea

from officer_tui import clock
from officer_tui.i18n import N_, _, date_hint, format_date
from officer_tui.labels import meeting_kind_label
from officer_tui.models.enums import MeetingKind, RecordKind, RecurUnit
from officer_tui.services.meeting_views import LinkView, MeetingDetail
from officer_tui.text import fold
from officer_tui.ui.screens.followups import UNIT_LABELS
from officer_tui.ui.screens.form_base import FORM_CSS, RecordForm
from officer_tui.ui.screens.meeting_format import clock_time, every_text, record_text
from officer_tui.ui.widgets.multi_pick import MultiPick


def _cell(label: str, widget, widget_id: str, classes: str = "form-cell") -> ComposeResult:
    with Vertical(classes=classes):
        yield Label(label)
        yield widget
        yield Static("", id=f"{widget_id}-error", classes="field-error", markup=False)


def person_label(name: str, unit: str | None) -> str:
    return f"{name} · {unit}" if unit else name


def link_key(link: LinkView) -> str:
    return f"{link.kind.value}:{link.record_id}"


class MeetingFormScreen(RecordForm[int]):
    """Dismisses with the saved meeting's id (None when cancelled)."""

    DEFAULT_CSS = ("MeetingFormScreen {" + FORM_CSS + """
        & > #form { width: 104; }
        & .form-cell.-narrow { width: 14; }
        & #m-every-row { height: auto; }
        & #m-series { color: $text-muted; height: auto; display: none; }
        & #m-series.-shown { display: block; }
        & TextArea { height: 4; }
    }""")
    FIELDS: ClassVar[dict[str, str]] = {
        "title": "m-title", "kind": "m-kind", "date": "m-date", "held_on": "m-date",
        "start": "m-start", "end": "m-end", "place": "m-place", "link": "m-link",
        "online_url": "m-link", "unit": "m-unit", "unit_id": "m-unit", "participants": "m-people",
        "participant": "m-people", "links": "m-links", "subject": "m-links", "every": "m-every",
        "notes": "m-notes",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+u", "new_unit", N_("New unit"), id="meeting_form.new_unit", priority=True,
                tooltip=N_("Create a unit that does not exist yet")),
    ]

    class Loaded(Message):
        def __init__(self, units: list[tuple[int, str, int]], people: list[tuple[int, str, str | None]],
                     detail: MeetingDetail | None, select_unit: int | None) -> None:
            super().__init__()
            self.units = units
            self.people = people
            self.detail = detail
            self.select_unit = select_unit

    class RecordsFound(Message):
        def __init__(self, text: str, records: list[LinkView]) -> None:
            super().__init__()
            self.text = text
            self.records = records

    def __init__(self, *, meeting_id: int | None = None) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self._version: int | None = None
        self._people: list[tuple[int, str, str]] = []  # (id, label, folded label)
        self._series_every: tuple[int, RecurUnit] | None = None

    def compose(self) -> ComposeResult:
        title = _("New meeting") if self.meeting_id is None else _("Meeting #{id}").format(id=self.meeting_id)
        with VerticalScroll(id="form"):
            yield Static(title, classes="form-title", markup=False)
            yield Label(_("Title"))
            yield Input(id="m-title", placeholder=_("e.g. Jour fixe IT provider"))
            yield Static("", id="m-title-error", classes="field-error", markup=False)
            with Horizontal(classes="form-row"):
                yield from _cell(_("Kind"), Select(
                    [(meeting_kind_label(kind), kind.value) for kind in MeetingKind],
                    value=MeetingKind.JOUR_FIXE.value, allow_blank=False, id="m-kind"), "m-kind")
                yield from _cell(_("Date"), Input(format_date(clock.today()), id="m-date",
                                                  placeholder=date_hint()), "m-date")
                yield from _cell(_("Start"), Input(id="m-start", placeholder=_("HH:MM")), "m-start")
                yield from _cell(_("End"), Input(id="m-end", placeholder=_("HH:MM")), "m-end")
            with Horizontal(classes="form-row"):
                yield from _cell(_("Place"), Input(id="m-place", placeholder=_("e.g. Rathaus, room 2.14")),
                                 "m-place")
                yield from _cell(_("Online link"), Input(id="m-link", placeholder="https://…"), "m-link")
            with Horizontal(classes="form-row", id="m-every-row"):
                yield from _cell(_("Host unit"),
                                 Select([], prompt=_("(none)"), id="m-unit"), "m-unit")
                yield from _cell(_("Repeats every"), Input(id="m-every", type="integer",
                                                           placeholder=_("(once)")), "m-every")
                with Vertical(classes="form-cell"):
                    yield Label(" ")
                    yield Select([(_(UNIT_LABELS[u.value]), u.value) for u in RecurUnit],
                                 value=RecurUnit.WEEKS.value, allow_blank=False, id="m-every-unit")
            yield Static("", id="m-series", markup=False)
            with Horizontal(classes="form-row"):
                with Vertical(classes="form-cell"):
                    yield Label(_("Participants (Space ticks)"))
                    yield MultiPick(placeholder=_("Find people"), id="m-people")
                    yield Static("", id="m-people-error", classes="field-error", markup=False)
                with Vertical(classes="form-cell"):
                    yield Label(_("About (projects, requests, ideas)"))
                    yield MultiPick(placeholder=_("Find by title or #number"), id="m-links")
                    yield Static("", id="m-links-error", classes="field-error", markup=False)
            yield Label(_("Notes (Markdown)"))
            yield TextArea(id="m-notes")
            yield Static("", id="m-notes-error", classes="field-error", markup=False)
            yield Static(_("Ctrl+S saves, Esc cancels, Ctrl+U creates a unit."), classes="hint", markup=False)
            with Horizontal(classes="form-buttons"):
                yield Button(_("Cancel"), id="cancel")
                yield Button(_("Save"), id="save", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#m-title").focus()
        self.load()
        self.find_records("")

    # --- loading ------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="form-load", exit_on_error=False)
    def load(self, select_unit: int | None = None) -> None:
        from officer_tui.services import meetings, units
        from officer_tui.services.meeting_queries import people_choices

        with self.app.database.session() as session:  # type: ignore[attr-defined]
            unit_rows = [(u.id, u.name, u.depth) for u in units.list_units(session)]
            people = people_choices(session)
            detail = meetings.meeting_detail(session, self.meeting_id) if self.meeting_id else None
        self.post_message(self.Loaded(unit_rows, people, detail, select_unit))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        unit_select = self.query_one("#m-unit", Select)
        current = unit_select.value
        unit_select.set_options([("  " * depth + name, uid) for uid, name, depth in message.units])
        if current is not Select.NULL and current in {u[0] for u in message.units}:
            unit_select.value = current
        first_load = not self._people
        self._people = [(pid, label, fold(label)) for pid, label in
                        ((pid, person_label(name, unit)) for pid, name, unit in message.people)]
        people = self.query_one("#m-people", MultiPick)
        detail = message.detail
        if detail is not None and self._version is None:
            self._version = detail.version
            self.query_one("#m-title", Input).value = detail.title
            self.query_one("#m-kind", Select).value = detail.kind.value
            self.query_one("#m-date", Input).value = format_date(detail.held_on)
            self.query_one("#m-start", Input).value = clock_time(detail.start_time)
            self.query_one("#m-end", Input).value = clock_time(detail.end_time)
            self.query_one("#m-place", Input).value = detail.place
            self.query_one("#m-link", Input).value = detail.online_url
            if detail.unit_id is not None:
                unit_select.value = detail.unit_id
            self.query_one("#m-notes", TextArea).text = detail.notes
            people.set_chosen([(p.contact_id, person_label(p.name, p.unit)) for p in detail.participants])
            self.query_one("#m-links", MultiPick).set_chosen([(link_key(link), record_text(link))
                                                              for link in detail.links])
            if detail.series_every is not None:
                self._series_every = detail.series_every
                every, unit = detail.series_every
                self.query_one("#m-every", Input).value = str(every)
                self.query_one("#m-every-unit", Select).value = RecurUnit(unit).value
                self.query_one("#m-series", Static).add_class("-shown")
                self.query_one("#m-series", Static).update(
                    _("Part of the series '{title}' ({every}). N in the list plans the next one.").format(
                        title=detail.series_title or detail.title, every=every_text(detail.series_every)))
        if message.select_unit is not None:
            unit_select.value = message.select_unit
        if first_load:
            self._match_people(people.search_text)
        self.done_loading()

    # --- the two pickers ----------------------------------------------------------------------

    def _match_people(self, text: str) -> None:
        words = fold(text).split()
        matches = [(pid, label) for pid, label, folded in self._people
                   if all(word in folded for word in words)]
        self.query_one("#m-people", MultiPick).set_matches(matches)

    @on(MultiPick.SearchChanged, "#m-people")
    def _people_search(self, message: MultiPick.SearchChanged) -> None:
        self._match_people(message.text)

    @on(MultiPick.SearchChanged, "#m-links")
    def _links_search(self, message: MultiPick.SearchChanged) -> None:
        self.find_records(message.text)

    @work(thread=True, exclusive=True, group="form-records", exit_on_error=False)
    def find_records(self, text: str) -> None:
        from officer_tui.services.meeting_queries import find_records

        with self.app.database.session() as session:  # type: ignore[attr-defined]
            records = find_records(session, text)
        self.post_message(self.RecordsFound(text, records))

    @on(RecordsFound)
    def _records_found(self, message: RecordsFound) -> None:
        self.query_one("#m-links", MultiPick).set_matches(
            [(link_key(link), record_text(link)) for link in message.records])

    def _values(self) -> dict[str, object]:
        values = super()._values()  # the pickers' choices count as values too
        for pick in self.query(MultiPick):
            values[pick.id or ""] = tuple(pick.chosen)
        return values

    # --- saving -------------------------------------------------------------------------------

    def collect(self) -> dict | None:
        links = []
        for key in self.query_one("#m-links", MultiPick).chosen:
            kind, _sep, record_id = str(key).partition(":")
            links.append((RecordKind(kind), int(record_id)))
        return {
            "title": self.value_of("m-title"),
            "kind": self.choice_of("m-kind"),
            "date": self.value_of("m-date"),
            "start": self.value_of("m-start"),
            "end": self.value_of("m-end"),
            "place": self.value_of("m-place"),
            "online_url": self.value_of("m-link"),
            "unit_id": self.choice_of("m-unit"),
            "every": self.value_of("m-every").strip(),
            "every_unit": self.choice_of("m-every-unit"),
            "participant_ids": [int(pid) for pid in self.query_one("#m-people", MultiPick).chosen],
            "links": links,
            "notes": self.value_of("m-notes"),
        }

    def write(self, session, raw: dict) -> int:
        from officer_tui.services import meetings
        from officer_tui.services.dates import parse_date
        from officer_tui.services.errors import ValidationError
        from officer_tui.services.meeting_queries import parse_time

        problems: list[tuple[str, str]] = []
        if not raw["title"].strip():
            problems.append(("title", _("must not be empty")))
        data: dict = {key: raw[key] for key in ("title", "kind", "place", "online_url", "unit_id",
                                                "participant_ids", "links", "notes")}
        try:
            data["held_on"] = parse_date(raw["date"], field="date")
            if data["held_on"] is None:
                problems.append(("date", _("a date is required")))
        except ValidationError as exc:
            problems.extend(exc.problems)
        for field, key in (("start", "start_time"), ("end", "end_time")):
            try:
                data[key] = parse_time(raw[field], field=field)
            except ValidationError as exc:
                problems.extend(exc.problems)
        if data.get("end_time") is not None and data.get("start_time") is None \
                and not any(field == "start" for field, _m in problems):
            problems.append(("start", _("an end time needs a start time")))
        elif data.get("start_time") and data.get("end_time") and data["end_time"] < data["start_time"]:
            problems.append(("end", _("ends before it starts")))
        if raw["every"]:
            try:
                every = int(raw["every"])
                rhythm = (every, RecurUnit(raw["every_unit"]))
                if rhythm != self._series_every:
                    data["recur_every"], data["recur_unit"] = rhythm
            except ValueError:
                problems.append(("every", _("must be a whole number")))
        if problems:
            raise ValidationError.many(problems)
        if self.meeting_id is None:
            return meetings.add_meeting(session, data=data).id
        return meetings.update_meeting(session, meeting_id=self.meeting_id, changes=data,
                                       expected_version=self._version).id

    def saved_text(self, record_id: int) -> str | None:
        return _("Meeting #{id} saved.").format(id=record_id)
