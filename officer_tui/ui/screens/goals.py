"""``G`` (Ideas pane) or the palette: the strategic goals, with how many ideas and projects
serve each, and a toggle for "goals without a project"."""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label, Static, TextArea

from officer_tui.i18n import N_, _, ngettext, pgettext
from officer_tui.ui.errors import describe
from officer_tui.ui.localize import Localized
from officer_tui.ui.screens.form_base import FORM_CSS, RecordForm
from officer_tui.ui.widgets.virtual_table import Column, Row, VirtualTable

HELP = N_(
    """The strategic goals (guidelines) of the digital strategy that ideas and projects serve,
each with the number of ideas and projects linked to it.

`p` shows only the goals **without a project**: where the strategy has no project yet.
`n` adds a goal, `Enter` edits it. Link goals to an idea with `g` in the Ideas pane.
"""
)


class GoalFormScreen(RecordForm[int]):
    RELOADS = True  # fills the widgets again after a conflict (RecordForm)
    DEFAULT_CSS = "GoalFormScreen {" + FORM_CSS + " #form { width: 70; } }"
    FIELDS: ClassVar[dict[str, str]] = {"code": "goal-code", "title": "goal-title",
                                        "description": "goal-description"}

    class Loaded(Message):
        def __init__(self, goal: object) -> None:
            super().__init__()
            self.goal = goal

    def __init__(self, *, goal_id: int | None = None) -> None:
        super().__init__()
        self.goal_id = goal_id
        self._version: int | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="form"):
            yield Static(_("New goal") if self.goal_id is None else _("Goal #{id}").format(id=self.goal_id),
                         classes="form-title", markup=False)
            yield Label(_("Code"))
            yield Input(id="goal-code", placeholder="HF1.2", max_length=20)
            yield Static("", id="goal-code-error", classes="field-error", markup=False)
            yield Label(_("Title"))
            yield Input(id="goal-title")
            yield Static("", id="goal-title-error", classes="field-error", markup=False)
            yield Label(_("Description"))
            yield TextArea(id="goal-description")
            yield Static("", id="goal-description-error", classes="field-error", markup=False)
            with Horizontal(classes="form-buttons"):
                yield Button(_("Cancel"), id="cancel")
                yield Button(_("Save"), id="save", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#goal-code").focus()
        if self.goal_id is not None:
            self.load()
        else:
            self.done_loading()

    @work(thread=True, exit_on_error=False)
    def load(self) -> None:
        from officer_tui.models.portfolio import StrategicGoal

        with self.app.database.session() as session:  # type: ignore[attr-defined]
            goal = session.get(StrategicGoal, self.goal_id)
        self.post_message(self.Loaded(goal))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        goal = message.goal
        if goal is not None:
            self._version = goal.version
            self.query_one("#goal-code", Input).value = goal.code
            self.query_one("#goal-title", Input).value = goal.title
            self.query_one("#goal-description", TextArea).text = goal.description
        self.done_loading()

    def collect(self) -> dict | None:
        return {"code": self.value_of("goal-code"), "title": self.value_of("goal-title"),
                "description": self.value_of("goal-description")}

    def write(self, session, data: dict) -> int:
        from officer_tui.services import goals

        if self.goal_id is None:
            return goals.create_goal(session, **data).id
        return goals.update_goal(session, goal_id=self.goal_id, changes=data,
                                 expected_version=self._version).id


class GoalsScreen(Localized, ModalScreen[None]):
    HELP_TITLE = N_("Strategic goals")
    HELP = HELP
    BINDINGS: ClassVar[list[BindingType]] = [
        # Modal screens do not see the app's own keys: help is offered here too.
        Binding("question_mark", "app.help", N_("Help"), id="goals.help", tooltip=N_("Help for this list")),
        Binding("escape", "close", N_("Close"), id="goals.close", tooltip=N_("Close the list")),
        Binding("p", "without_project", N_("Without project"), id="goals.without_project",
                tooltip=N_("Show only goals that no project serves, or all goals again")),
        Binding("n", "new", N_("New"), id="goals.new", tooltip=N_("Add a strategic goal")),
    ]
    DEFAULT_CSS = """
    GoalsScreen {
        align: center middle;
        & > Vertical { width: 96%; max-width: 130; height: 90%; border: round $primary;
                       background: $surface; padding: 0 1; }
        & #goals-title { text-style: bold; }
        & #goals-summary { color: $text-muted; }
    }
    """

    class Loaded(Message):
        def __init__(self, rows: list, without_project: bool) -> None:
            super().__init__()
            self.rows = rows
            self.without_project = without_project

    def __init__(self) -> None:
        super().__init__()
        self.without_project = False
        self.rows: list = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Strategic goals"), id="goals-title", markup=False)
            yield Static("", id="goals-summary", markup=False)
            yield VirtualTable([
                Column("code", pgettext("column", "Code"), width=10),
                Column("title", pgettext("column", "Title"), width=None, min_width=20),
                Column("ideas", pgettext("column", "Ideas"), width=6, align="right"),
                Column("projects", pgettext("column", "Projects"), width=9, align="right"),
            ], id="goals-table")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def reload(self, keep: int | None = None) -> None:
        from officer_tui.services import goals

        flag = self.without_project
        try:
            with self.app.database.session() as session:  # type: ignore[attr-defined]
                rows = goals.list_goals(session, without_project=flag)
        except Exception as exc:
            self.app.call_from_thread(self.notify, describe(exc), severity="error")
            return
        self.post_message(self.Loaded(rows, flag))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        if message.without_project != self.without_project:
            return
        self.rows = message.rows
        table = self.query_one(VirtualTable)
        table.reset(len(message.rows), [
            Row(key=r.id, cells=(r.code, r.title, str(r.ideas), str(r.projects))) for r in message.rows
        ], empty_text=_("No goals here. Press n to add one."))
        text = ngettext("{n} goal", "{n} goals", len(message.rows)).format(n=len(message.rows))
        if self.without_project:
            text += " · " + _("only goals without a project (p: all)")
        else:
            text += " · " + _("p: only goals without a project")
        self.query_one("#goals-summary", Static).update(text)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_without_project(self) -> None:
        self.without_project = not self.without_project
        self.reload()

    def action_new(self) -> None:
        self.app.push_screen(GoalFormScreen(), lambda saved: self.reload() if saved else None)

    @on(VirtualTable.Selected)
    def _selected(self, message: VirtualTable.Selected) -> None:
        self.app.push_screen(GoalFormScreen(goal_id=message.key),
                             lambda saved: self.reload() if saved else None)
