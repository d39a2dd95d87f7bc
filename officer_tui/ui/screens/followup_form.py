"""Add or edit a follow-up: title, due date, owner, recurrence, notes; on a record or none."""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Footer, Input, Label, Select, Static, TextArea

from officer_tui import clock
from officer_tui.i18n import _, date_hint, format_date
from officer_tui.models.enums import RecordKind, RecurFrom, RecurUnit
from officer_tui.ui.screens.followups import KIND_LABELS, UNIT_LABELS
from officer_tui.ui.screens.form_base import FORM_CSS, RecordForm


class FollowUpFormScreen(RecordForm[int]):
    """Dismisses with the saved follow-up's id (None when cancelled)."""
    RELOADS = True  # fills the widgets again after a conflict (RecordForm)

    DEFAULT_CSS = "FollowUpFormScreen {" + FORM_CSS + " #form { width: 76; } }"
    FIELDS: ClassVar[dict[str, str]] = {
        "title": "fu-title", "due": "fu-due", "due_on": "fu-due", "owner": "fu-owner",
        "owner_id": "fu-owner", "every": "fu-every", "recur_every": "fu-every",
        "notes": "fu-notes", "subject": "fu-title",
    }

    class Loaded(Message):
        def __init__(self, owners: list[tuple[int, str]], followup: object | None,
                     subject_title: str | None) -> None:
            super().__init__()
            self.owners = owners
            self.followup = followup
            self.subject_title = subject_title

    def __init__(self, *, followup_id: int | None = None,
                 subject: tuple[RecordKind, int] | None = None) -> None:
        super().__init__()
        self.followup_id = followup_id
        self.subject = subject
        self._version: int | None = None

    def compose(self) -> ComposeResult:
        title = _("New follow-up") if self.followup_id is None else _("Follow-up #{id}").format(
            id=self.followup_id)
        with VerticalScroll(id="form"):
            yield Static(title, classes="form-title", markup=False)
            yield Static("", id="fu-subject", markup=False)
            yield Label(_("What to do"))
            yield Input(id="fu-title", placeholder=_("e.g. Ask the IT provider for the status"))
            yield Static("", id="fu-title-error", classes="field-error", markup=False)
            with Horizontal(classes="form-row"):
                with Vertical(classes="form-cell"):
                    yield Label(_("Due"))
                    yield Input(format_date(clock.today()), id="fu-due", placeholder=date_hint())
                    yield Static("", id="fu-due-error", classes="field-error", markup=False)
                with Vertical(classes="form-cell"):
                    yield Label(_("Owner"))
                    yield Select([], prompt=_("(me)"), id="fu-owner")
                    yield Static("", id="fu-owner-error", classes="field-error", markup=False)
            with Horizontal(classes="form-row"):
                with Vertical(classes="form-cell"):
                    yield Label(_("Repeat every"))
                    yield Input(id="fu-every", type="integer", placeholder=_("(once)"))
                    yield Static("", id="fu-every-error", classes="field-error", markup=False)
                with Vertical(classes="form-cell"):
                    yield Label(_("Unit"))
                    yield Select([(_(UNIT_LABELS[u.value]), u.value) for u in RecurUnit],
                                 value=RecurUnit.WEEKS.value, allow_blank=False, id="fu-unit")
                with Vertical(classes="form-cell"):
                    yield Label(_("Counted from"))
                    yield Select([(_("the due date"), RecurFrom.DUE.value),
                                  (_("the day it was done"), RecurFrom.DONE.value)],
                                 value=RecurFrom.DUE.value, allow_blank=False, id="fu-from")
            yield Label(_("Notes"))
            yield TextArea(id="fu-notes")
            yield Static("", id="fu-notes-error", classes="field-error", markup=False)
            yield Static(_("Ctrl+S saves, Esc cancels."), classes="hint", markup=False)
            with Horizontal(classes="form-buttons"):
                yield Button(_("Cancel"), id="cancel")
                yield Button(_("Save"), id="save", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#fu-title").focus()
        self.load()

    @work(thread=True, exclusive=True, group="form-load", exit_on_error=False)
    def load(self) -> None:
        from officer_tui.services import followups

        with self.app.database.session() as session:  # type: ignore[attr-defined]
            owners = followups.owner_choices(session)
            followup = followups.get_followup(session, self.followup_id) if self.followup_id else None
            subject = self.subject
            if followup is not None and followup.subject_kind is not None:
                subject = (RecordKind(followup.subject_kind), followup.subject_id)
            title = None
            if subject is not None:
                record = session.get(followups.SUBJECTS[subject[0]], subject[1])
                title = record.title if record is not None else None
        self.post_message(self.Loaded(owners, followup, title))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        owner = self.query_one("#fu-owner", Select)
        owner.set_options([(name, cid) for cid, name in message.owners])
        followup = message.followup
        if followup is not None and self.filling:
            self._version = followup.version
            self.query_one("#fu-title", Input).value = followup.title
            self.query_one("#fu-due", Input).value = format_date(followup.due_on)
            if followup.owner_id is not None:
                owner.value = followup.owner_id
            if followup.recur_every:
                self.query_one("#fu-every", Input).value = str(followup.recur_every)
                self.query_one("#fu-unit", Select).value = RecurUnit(followup.recur_unit).value
                self.query_one("#fu-from", Select).value = RecurFrom(followup.recur_from or "due").value
            self.query_one("#fu-notes", TextArea).text = followup.notes
            if followup.subject_kind is not None:
                self.subject = (RecordKind(followup.subject_kind), followup.subject_id)
        if self.subject is not None:
            kind, record_id = self.subject
            self.query_one("#fu-subject", Static).update(
                _("On {kind} #{id}: {title}").format(kind=_(KIND_LABELS[kind]), id=record_id,
                                                     title=message.subject_title or "?"))
        self.done_loading()

    def collect(self) -> dict | None:
        return {
            "title": self.value_of("fu-title"),
            "due": self.value_of("fu-due"),
            "owner_id": self.choice_of("fu-owner"),
            "every": self.value_of("fu-every").strip(),
            "unit": self.choice_of("fu-unit"),
            "from": self.choice_of("fu-from"),
            "notes": self.value_of("fu-notes"),
        }

    def write(self, session, raw: dict) -> int:
        from officer_tui.services import followups
        from officer_tui.services.dates import parse_date
        from officer_tui.services.errors import ValidationError

        problems: list[tuple[str, str]] = []
        if not raw["title"].strip():
            problems.append(("title", _("must not be empty")))
        due = None
        try:
            due = parse_date(raw["due"], field="due")
            if due is None:
                problems.append(("due", _("a due date is required")))
        except ValidationError as exc:
            problems.extend(exc.problems)
        every = None
        if raw["every"]:
            try:
                every = int(raw["every"])
            except ValueError:
                problems.append(("every", _("must be a whole number")))
        if problems:
            raise ValidationError.many(problems)
        data = {
            "title": raw["title"], "due_on": due, "owner_id": raw["owner_id"], "notes": raw["notes"],
            "recur_every": every, "recur_unit": raw["unit"] if every else None,
            "recur_from": raw["from"] if every else None,
        }
        if self.followup_id is None:
            if self.subject is not None:
                data["subject_kind"], data["subject_id"] = self.subject
            return followups.add_followup(session, data=data).id
        return followups.update_followup(session, followup_id=self.followup_id, changes=data,
                                         expected_version=self._version).id

    def saved_text(self, record_id: int) -> str | None:
        return _("Follow-up #{id} saved.").format(id=record_id)
