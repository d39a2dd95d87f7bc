"""Forms of the Training pane: a programme (goal, target units), a session, session feedback."""

from __future__ import annotations

import re
from datetime import time
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Checkbox, Footer, Input, Label, Static, TextArea

from officer_tui.i18n import _, date_hint, format_date
from officer_tui.ui.screens.form_base import FORM_CSS, RecordForm

_TIME = re.compile(r"^\s*(\d{1,2})(?:[:.h]?(\d{2}))?\s*(?:uhr)?\s*$", re.IGNORECASE)


def parse_time(text: str, *, field: str) -> time | None:
    """``9``, ``9:30``, ``09.30``, ``0930`` or empty (None); anything else is refused."""
    from officer_tui.services.errors import ValidationError

    if not text.strip():
        return None
    match = _TIME.match(text)
    if match:
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        if hour < 24 and minute < 60:
            return time(hour, minute)
    raise ValidationError(field, _("{text!r} is not a time; use HH:MM, e.g. 09:30").format(
        text=text.strip()))


def parse_whole(text: str, *, field: str, problems: list[tuple[str, str]]) -> int | None:
    """A whole number or None for an empty field; a problem is noted, not raised."""
    text = text.strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        problems.append((field, _("{text!r} is not a whole number").format(text=text)))
        return None


def _cell(label: str, widget, widget_id: str, classes: str = "form-cell") -> ComposeResult:
    with Vertical(classes=classes):
        yield Label(label)
        yield widget
        yield Static("", id=f"{widget_id}-error", classes="field-error", markup=False)


def _buttons() -> ComposeResult:
    yield Static(_("Ctrl+S saves, Esc cancels."), classes="hint", markup=False)
    with Horizontal(classes="form-buttons"):
        yield Button(_("Cancel"), id="cancel")
        yield Button(_("Save"), id="save", variant="primary")


# --- programme --------------------------------------------------------------------------------


class TargetBox(Checkbox):
    """A checkbox that reads without colour: ``✓`` when ticked, blank when not."""

    @property
    def BUTTON_INNER(self) -> str:  # noqa: N802 - Textual's name for the mark
        return "✓" if self.value else " "


class ProgrammeFormScreen(RecordForm[int]):
    """Dismisses with the saved programme's id (None when cancelled)."""

    DEFAULT_CSS = "ProgrammeFormScreen {" + FORM_CSS + """
        & > #form { width: 96; }
        & TextArea { height: 4; }
        & #targets { height: auto; max-height: 10; border: round $panel-lighten-1; padding: 0 1; }
        & #targets.-invalid { border: round $error; }
        & .target-row { height: 1; }
        & .target-row Checkbox { width: 1fr; }
        & .target-row Input { width: 12; }
        & .target-row .target-unit { width: 16; color: $text-muted; padding-left: 1; }
        & #targets-hint { color: $text-muted; }
    }"""
    FIELDS: ClassVar[dict[str, str]] = {
        "title": "title", "topic": "topic", "goal": "goal", "goal_percent": "goal",
        "goal_by": "goal-by", "targets": "targets", "description": "description",
    }

    class Loaded(Message):
        def __init__(self, units: list[tuple[int, str, int, int | None]], programme: object | None,
                     targets: dict[int, int | None]) -> None:
            super().__init__()
            self.units = units
            self.programme = programme
            self.targets = targets

    def __init__(self, *, programme_id: int | None = None) -> None:
        super().__init__()
        self.programme_id = programme_id
        self._version: int | None = None
        self._units: dict[int, tuple[str, int | None]] = {}

    def compose(self) -> ComposeResult:
        title = (_("New training programme") if self.programme_id is None
                 else _("Training programme #{id}").format(id=self.programme_id))
        with VerticalScroll(id="form"):
            yield Static(title, classes="form-title", markup=False)
            with Horizontal(classes="form-row"):
                with Vertical(classes="form-cell"):
                    yield Label(_("Title"))
                    yield Input(id="title", placeholder=_("e.g. AI basics"))
                    yield Static("", id="title-error", classes="field-error", markup=False)
                yield from _cell(_("Topic"), Input(id="topic", placeholder=_("e.g. Artificial intelligence")),
                                 "topic")
            with Horizontal(classes="form-row"):
                yield from _cell(_("Goal: share of the target staff (%)"),
                                 Input(id="goal", placeholder="80", type="integer", max_length=3), "goal")
                yield from _cell(_("Goal date"), Input(id="goal-by", placeholder=date_hint()), "goal-by")
            yield Label(_("Target units and the number of people to reach in each"))
            yield Static(_("Space ticks a unit; an empty number means the unit's headcount."),
                         id="targets-hint", markup=False)
            yield VerticalScroll(id="targets")
            yield Static("", id="targets-error", classes="field-error", markup=False)
            yield Label(_("Description"))
            yield TextArea(id="description")
            yield Static("", id="description-error", classes="field-error", markup=False)
            yield from _buttons()
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#title").focus()
        self.load()

    @work(thread=True, exclusive=True, group="form-load", exit_on_error=False)
    def load(self) -> None:
        from officer_tui.services import trainings, units

        with self.app.database.session() as session:  # type: ignore[attr-defined]
            rows = [(u.id, u.name, u.depth, u.headcount) for u in units.list_units(session)]
            programme = targets = None
            if self.programme_id is not None:
                programme = trainings.get_programme(session, self.programme_id)
                targets = {t.unit_id: t.own_headcount
                           for t in trainings.programme_targets(session, self.programme_id)}
        self.post_message(self.Loaded(rows, programme, targets or {}))

    @on(Loaded)
    async def _loaded(self, message: Loaded) -> None:
        self._units = {uid: (name, headcount) for uid, name, _depth, headcount in message.units}
        rows = []
        for uid, name, depth, headcount in message.units:
            chosen = uid in message.targets
            own = message.targets.get(uid)
            row = Horizontal(
                TargetBox("  " * depth + name, chosen, id=f"target-{uid}", compact=True),
                Input("" if own is None else str(own), id=f"headcount-{uid}", compact=True,
                      type="integer", placeholder=str(headcount) if headcount is not None else "?",
                      tooltip=_("People to reach in this unit; empty: the unit's headcount")),
                Static(_("unit: {n}").format(n=headcount if headcount is not None else "–"),
                       classes="target-unit", markup=False),
                classes="target-row",
            )
            rows.append(row)
        targets = self.query_one("#targets", VerticalScroll)
        await targets.remove_children()
        if rows:
            await targets.mount_all(rows)
        else:
            await targets.mount(Static(_("No units yet: add them in the Contacts pane (key 7)."),
                                       markup=False))
        programme = message.programme
        if programme is not None:
            self._version = programme.version
            self.query_one("#title", Input).value = programme.title
            self.query_one("#topic", Input).value = programme.topic
            self.query_one("#goal", Input).value = "" if programme.goal_percent is None else str(
                programme.goal_percent)
            self.query_one("#goal-by", Input).value = format_date(programme.goal_by)
            self.query_one("#description", TextArea).text = programme.description
        self.done_loading()

    @on(Input.Changed, ".target-row Input")
    def _headcount_typed(self, event: Input.Changed) -> None:
        # Typing a headcount ticks the unit: the number would otherwise be lost.
        if event.value.strip() and event.input.id:
            box = self.query_one("#target-" + event.input.id.removeprefix("headcount-"), Checkbox)
            box.value = True

    def collect(self) -> dict | None:
        targets = []
        for box in self.query(".target-row Checkbox").results(Checkbox):
            if box.value and box.id:
                uid = int(box.id.removeprefix("target-"))
                targets.append((uid, self.query_one(f"#headcount-{uid}", Input).value))
        return {
            "title": self.value_of("title"),
            "topic": self.value_of("topic"),
            "goal": self.value_of("goal"),
            "goal_by": self.value_of("goal-by"),
            "targets": targets,
            "description": self.value_of("description"),
        }

    def write(self, session, raw: dict) -> int:
        from officer_tui.services import trainings
        from officer_tui.services.dates import parse_date
        from officer_tui.services.errors import ValidationError

        problems: list[tuple[str, str]] = []
        goal = parse_whole(raw["goal"], field="goal", problems=problems)
        goal_by = None
        try:
            goal_by = parse_date(raw["goal_by"], field="goal_by")
        except ValidationError as exc:
            problems.extend(exc.problems)
        targets: list[tuple[int, int | None]] = []
        for uid, text in raw["targets"]:
            text = text.strip()
            headcount = None
            if text:
                try:
                    headcount = int(text)
                except ValueError:
                    problems.append(("targets", _("{unit}: {text!r} is not a whole number").format(
                        unit=self._units.get(uid, ("?", None))[0], text=text)))
            targets.append((uid, headcount))
        if problems:
            raise ValidationError.many(problems)
        data = {
            "title": raw["title"], "topic": raw["topic"], "description": raw["description"],
            "goal_percent": goal, "goal_by": goal_by, "targets": targets,
        }
        if self.programme_id is None:
            return trainings.add_programme(session, data=data).id
        return trainings.update_programme(session, programme_id=self.programme_id, changes=data,
                                          expected_version=self._version).id

    def saved_text(self, record_id: int) -> str | None:
        return _("Programme #{id} saved.").format(id=record_id)


# --- session ----------------------------------------------------------------------------------


class SessionFormScreen(RecordForm[int]):
    """Dismisses with the saved session's id (None when cancelled)."""
    RELOADS = True  # fills the widgets again after a conflict (RecordForm)

    DEFAULT_CSS = "SessionFormScreen {" + FORM_CSS + " & > #form { width: 84; } }"
    FIELDS: ClassVar[dict[str, str]] = {
        "date": "held-on", "held_on": "held-on", "start": "start", "start_time": "start",
        "end": "end", "end_time": "end", "place": "place", "link": "link", "online_url": "link",
        "trainer": "trainer", "capacity": "capacity",
    }

    class Loaded(Message):
        def __init__(self, row: object) -> None:
            super().__init__()
            self.row = row

    def __init__(self, *, programme_id: int, programme_title: str = "",
                 session_id: int | None = None) -> None:
        super().__init__()
        self.programme_id = programme_id
        self.programme_title = programme_title
        self.session_id = session_id
        self._version: int | None = None

    def compose(self) -> ComposeResult:
        title = _("New session") if self.session_id is None else _("Session #{id}").format(
            id=self.session_id)
        with VerticalScroll(id="form"):
            yield Static(title, classes="form-title", markup=False)
            yield Static(_("Programme: {title}").format(title=self.programme_title), markup=False,
                         classes="hint")
            copied = Static("", id="copied", markup=False, classes="hint")
            copied.display = False
            yield copied
            with Horizontal(classes="form-row"):
                yield from _cell(_("Date"), Input(id="held-on", placeholder=date_hint()), "held-on")
                yield from _cell(_("Start"), Input(id="start", placeholder="09:00"), "start")
                yield from _cell(_("End"), Input(id="end", placeholder="12:00"), "end")
            with Horizontal(classes="form-row"):
                yield from _cell(_("Place"), Input(id="place", placeholder=_("e.g. Town hall, room 2.14")),
                                 "place")
                yield from _cell(_("Trainer"), Input(id="trainer"), "trainer")
            with Horizontal(classes="form-row"):
                yield from _cell(_("Online link"), Input(id="link", placeholder="https://…"), "link")
                yield from _cell(_("Capacity (empty: no limit)"),
                                 Input(id="capacity", placeholder="15"), "capacity")
            yield from _buttons()
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#held-on").focus()
        self.load()

    @work(thread=True, exclusive=True, group="form-load", exit_on_error=False)
    def load(self) -> None:
        """The session to edit; for a new one, the programme's last session to copy from."""
        from officer_tui.services import trainings

        with self.app.database.session() as session:  # type: ignore[attr-defined]
            if self.session_id is not None:
                row = trainings.session_row(session, self.session_id)
            else:
                rows = trainings.sessions_for(session, programme_id=self.programme_id)
                row = rows[-1] if rows else None
        self.post_message(self.Loaded(row))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        from officer_tui.ui.screens.training_format import time_text

        row = message.row
        if row is None:
            self.done_loading()
            return
        new = self.session_id is None
        if new:
            copied = self.query_one("#copied", Static)
            copied.display = True
            copied.update(
                _("Place, times, trainer and capacity copied from the session of {day}.").format(
                    day=format_date(row.held_on)))
        else:
            self._version = row.version
        values = {
            "held-on": "" if new else format_date(row.held_on), "start": time_text(row.start_time),
            "end": time_text(row.end_time), "place": row.place, "trainer": row.trainer,
            "link": row.online_url, "capacity": "" if row.capacity is None else str(row.capacity),
        }
        for widget_id, value in values.items():
            self.query_one(f"#{widget_id}", Input).value = value
        self.done_loading()

    def collect(self) -> dict | None:
        return {key: self.value_of(widget) for key, widget in (
            ("date", "held-on"), ("start", "start"), ("end", "end"), ("place", "place"),
            ("trainer", "trainer"), ("link", "link"), ("capacity", "capacity"))}

    def write(self, session, raw: dict) -> int:
        from officer_tui.services import trainings
        from officer_tui.services.dates import parse_date
        from officer_tui.services.errors import ValidationError

        problems: list[tuple[str, str]] = []
        data: dict = {"programme_id": self.programme_id, "place": raw["place"],
                      "trainer": raw["trainer"], "online_url": raw["link"].strip()}
        try:
            data["held_on"] = parse_date(raw["date"], field="date")
            if data["held_on"] is None:
                problems.append(("date", _("a date is required")))
        except ValidationError as exc:
            problems.extend(exc.problems)
        for field in ("start", "end"):
            try:
                data[f"{field}_time"] = parse_time(raw[field], field=field)
            except ValidationError as exc:
                problems.extend(exc.problems)
        data["capacity"] = parse_whole(raw["capacity"], field="capacity", problems=problems)
        if problems:
            raise ValidationError.many(problems)
        if self.session_id is None:
            return trainings.add_session(session, data=data).id
        data.pop("programme_id")
        return trainings.update_session(session, session_id=self.session_id, changes=data,
                                        expected_version=self._version).id

    def saved_text(self, record_id: int) -> str | None:
        return _("Session #{id} saved.").format(id=record_id)


# --- feedback ---------------------------------------------------------------------------------


class FeedbackFormScreen(RecordForm[int]):
    """The session's feedback: a score 1 to 5 (one decimal) and a comment."""

    DEFAULT_CSS = "FeedbackFormScreen {" + FORM_CSS + " & > #form { width: 72; } }"
    FIELDS: ClassVar[dict[str, str]] = {"score": "score", "comment": "comment"}

    def __init__(self, *, session_id: int, title: str, score: float | None, comment: str) -> None:
        super().__init__()
        self.session_id = session_id
        self._title = title
        self._score = score
        self._comment = comment

    def compose(self) -> ComposeResult:
        from officer_tui.ui.screens.training_format import score_text

        with VerticalScroll(id="form"):
            yield Static(_("Feedback"), classes="form-title", markup=False)
            yield Static(self._title, classes="hint", markup=False)
            yield Label(_("Score from 1 (poor) to 5 (excellent), one decimal, e.g. 4.3"))
            yield Input(score_text(self._score) if self._score is not None else "", id="score",
                        placeholder="4.3", max_length=4)
            yield Static("", id="score-error", classes="field-error", markup=False)
            yield Label(_("Comment"))
            yield TextArea(self._comment, id="comment")
            yield Static("", id="comment-error", classes="field-error", markup=False)
            yield from _buttons()
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#score").focus()
        self.done_loading()

    def collect(self) -> dict | None:
        return {"score": self.value_of("score"), "comment": self.value_of("comment")}

    def write(self, session, raw: dict) -> int:
        from officer_tui.services import trainings
        from officer_tui.services.errors import ValidationError

        text = raw["score"].strip().replace(",", ".")
        score = None
        if text:
            try:
                score = round(float(text), 1)
            except ValueError:
                raise ValidationError("score", _("{text!r} is not a number; use e.g. 4.3").format(
                    text=raw["score"].strip())) from None
        trainings.set_feedback(session, session_id=self.session_id, score=score,
                               comment=raw["comment"].strip())
        return self.session_id

    def saved_text(self, record_id: int) -> str | None:
        return _("Feedback saved.")
