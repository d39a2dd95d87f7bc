"""The Ideas pane (key 3): ideas from staff, assessed, ranked, decided, turned into projects.

Data flow as in the Requests pane: workers fetch the ordered ids of the filtered list and
the rows on screen; the table and the detail panel never touch the database.
"""

from __future__ import annotations

from array import array
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static
from textual.worker import get_current_worker

from officer_tui import clock
from officer_tui.i18n import N_, _, format_date, ngettext, pgettext
from officer_tui.models.enums import IDEA_TRANSITIONS, IdeaStatus, RecordKind
from officer_tui.services.idea_views import IdeaFilter, IdeaRow, IdeaSort
from officer_tui.ui.errors import describe
from officer_tui.ui.formatting import themed
from officer_tui.ui.localize import Localized
from officer_tui.ui.screens.followups import followup_lines
from officer_tui.ui.screens.list_pane import ListPaneKeys
from officer_tui.ui.widgets.detail_panel import DetailPanel
from officer_tui.ui.widgets.idea_filter import IdeaFilterBar
from officer_tui.ui.widgets.pane_bar import PaneBar
from officer_tui.ui.widgets.virtual_table import Column, Row, VirtualTable

if TYPE_CHECKING:
    from officer_tui.services.database import Database
    from officer_tui.services.idea_views import FollowUpRow
    from officer_tui.services.ideas import IdeaDetail

STATUS_LABELS = {
    IdeaStatus.SUBMITTED: N_("submitted"),
    IdeaStatus.IN_REVIEW: N_("in review"),
    IdeaStatus.ACCEPTED: N_("accepted"),
    IdeaStatus.PARKED: N_("parked"),
    IdeaStatus.REJECTED: N_("rejected"),
    IdeaStatus.CONVERTED: N_("converted"),
}
STATUS_SYMBOLS = {
    IdeaStatus.SUBMITTED: "●",
    IdeaStatus.IN_REVIEW: "◐",
    IdeaStatus.ACCEPTED: "✓",
    IdeaStatus.PARKED: "‖",
    IdeaStatus.REJECTED: "✗",
    IdeaStatus.CONVERTED: "→",
}
SORT_LABELS = {IdeaSort.SCORE: N_("score"), IdeaSort.SUBMITTED: N_("submitted (newest first)")}

HELP = N_(
    """The Ideas pane collects ideas from staff and turns the best into projects.

**Capture** with `n`: title, description, submitter, unit, field of action. While you type
the title, existing ideas and projects with the same words are shown below it, so a
duplicate is spotted before it is saved. `Enter` opens the selected idea to edit it.

**Assess** with `a`: benefit, effort, strategic fit and reach, each 1 to 5 (one key each).
The **score** (0 to 100) is the weighted mean of benefit, 6 - effort, strategic fit and reach;
`W` changes the weights, and the list is ranked again at once. Unassessed ideas come last.

**Decide** with `s`: submitted -> in review -> accepted / parked / rejected (a reason is
required). `c` **converts** an accepted idea into a planned project: title, description,
unit, field of action and goals are carried over, and idea and project point to each other.

`g` links the **strategic goals** the idea serves; `G` lists all goals with their ideas and
projects (and the goals that have no project yet). `f` adds a **follow-up** to the idea;
`w` shows all follow-ups.

**Find** with `/`: free text, status, field of action, unit, goal, "unassessed".
`o` orders by score or by date submitted.

**Marks** (they read without colour too): ● submitted, ◐ in review, ✓ accepted, ‖ parked,
✗ rejected, → converted into a project; a score of 75 or more is bold, – not assessed yet.
"""
)


def idea_status_text(status: IdeaStatus) -> Text:
    status = IdeaStatus(status)
    style = "dim" if status in (IdeaStatus.REJECTED, IdeaStatus.CONVERTED) else (
        "bold" if status == IdeaStatus.SUBMITTED else "")
    return Text(f"{STATUS_SYMBOLS[status]} {_(STATUS_LABELS[status])}", style=style)


def score_text(score: int | None) -> Text:
    if score is None:
        return Text("  –", style="dim")
    style = "bold $text-success" if score >= 75 else ("" if score >= 40 else "dim")
    return Text(f"{score:>3}", style=themed(style))


def idea_columns() -> list[Column]:
    return [
        Column("score", pgettext("column", "Score"), width=5),
        Column("status", pgettext("column", "Status"), width=13, shrink_to=11),
        Column("field", pgettext("column", "Field of action"), width=18, shrink_to=12, hide_below=90),
        Column("unit", pgettext("column", "Unit"), width=18, shrink_to=12),
        Column("title", pgettext("column", "Title"), width=None, min_width=24),
        Column("submitted", pgettext("column", "Submitted"), width=10, hide_below=80),
    ]


def to_row(row: IdeaRow) -> Row:
    return Row(
        key=row.id,
        cells=(
            score_text(row.score),
            idea_status_text(row.status),
            row.field_of_action or "",
            row.unit_name or "",
            row.title,
            format_date(row.submitted_on),
        ),
    )


class IdeasScreen(ListPaneKeys, Localized, Screen[None]):
    HELP_TITLE = N_("Ideas")
    FILTER_BAR = IdeaFilterBar
    SORTS = IdeaSort
    HELP = HELP
    CSS_PATH = "ideas.tcss"
    AUTO_FOCUS = "#ideas-table"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", N_("New"), id="ideas.new", tooltip=N_("Capture a new idea")),
        Binding("slash", "filter", N_("Filter"), id="ideas.filter",
                tooltip=N_("Filter by text, status, field of action, unit, goal, unassessed")),
        Binding("a", "assess", N_("Assess"), id="ideas.assess",
                tooltip=N_("Rate benefit, effort, strategic fit and reach (1 to 5)")),
        Binding("s", "status", N_("Status"), id="ideas.status",
                tooltip=N_("Move the idea on: in review, accepted, parked, rejected")),
        Binding("p", "convert", N_("Convert"), id="ideas.convert",
                tooltip=N_("Turn the accepted idea into a project")),
        Binding("g", "goals", N_("Goals"), id="ideas.goals",
                tooltip=N_("Link the strategic goals this idea serves")),
        Binding("f", "followup", N_("Follow-up"), id="ideas.followup",
                tooltip=N_("Add a follow-up to this idea")),
        Binding("o", "sort", N_("Order"), id="ideas.sort",
                tooltip=N_("Order by score or by date submitted")),
        Binding("W", "weights", N_("Weights"), id="ideas.weights", show=False,
                tooltip=N_("Change the weights of the score")),
        Binding("G", "all_goals", N_("All goals"), id="ideas.all_goals", show=False,
                tooltip=N_("List the strategic goals with their ideas and projects")),
        Binding("escape", "clear_filter", N_("Clear filter"), show=False, id="ideas.clear_filter",
                tooltip=N_("Show all open ideas again")),
    ]

    class Loaded(Message):
        def __init__(self, ids: array, rows: list[IdeaRow], filters: IdeaFilter, sort: IdeaSort,
                     keep_key: int | None, total: int, weights: dict[str, int]) -> None:
            super().__init__()
            self.ids = ids
            self.rows = rows
            self.filters = filters
            self.sort = sort
            self.keep_key = keep_key
            self.total = total
            self.weights = weights

    class PageLoaded(Message):
        def __init__(self, start: int, rows: list[IdeaRow], generation: int) -> None:
            super().__init__()
            self.start = start
            self.rows = rows
            self.generation = generation

    class DetailLoaded(Message):
        def __init__(self, detail: IdeaDetail, followups: list[FollowUpRow], authors: str = "") -> None:
            super().__init__()
            self.detail = detail
            self.followups = followups
            self.authors = authors  # "Created by … · last changed by …" ("" if unknown)

    class ChoicesLoaded(Message):
        def __init__(self, units: list[tuple[int, str, int]], fields: list[str],
                     goals: list[tuple[int, str, str]], users: list[str] | None = None) -> None:
            super().__init__()
            self.units = units
            self.fields = fields
            self.goals = goals
            self.users = users or []

    class Failed(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Notice(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self) -> None:
        super().__init__()
        self.filters = IdeaFilter()
        self.sort = IdeaSort.SCORE
        self._ids: array = array("q")
        self._detail_key: int | None = None
        self._detail: IdeaDetail | None = None
        self._loaded_once = False
        self._goals: list[tuple[int, str, str]] = []
        self._weights: dict[str, int] = {}

    @property
    def database(self) -> Database:
        database = self.app.database  # type: ignore[attr-defined]
        assert database is not None, "the Ideas pane opens after the database"
        return database

    def compose(self) -> ComposeResult:
        yield PaneBar(self.app.pane_labels(), current="ideas",  # type: ignore[attr-defined]
                      location=self.database.shown_url)
        yield IdeaFilterBar({s: _(label) for s, label in STATUS_LABELS.items()}, id="idea-filter-bar")
        yield Static("", id="summary", markup=False)
        with Horizontal(id="body"):
            yield VirtualTable(idea_columns(), id="ideas-table")
            with Vertical(id="detail-column"):
                yield DetailPanel(id="detail")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()
        self.load_choices()

    def on_screen_resume(self) -> None:
        if self._loaded_once:
            self.reload(keep_key=self.table.cursor_key)
            self.load_choices()
            if self._detail_key is not None:
                self.load_detail(self._detail_key)

    def on_resize(self) -> None:
        self.set_class(self.size.width < 150, "-narrow")

    @property
    def table(self) -> VirtualTable:
        return self.query_one("#ideas-table", VirtualTable)

    @property
    def current(self) -> IdeaDetail | None:
        """The detail of the idea under the cursor, when loaded."""
        key = self.table.cursor_key
        if key is not None and self._detail is not None and self._detail.idea.id == key:
            return self._detail
        return None

    # --- workers --------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="ideas-load", exit_on_error=False)
    def reload(self, keep_key: int | None = None) -> None:
        from officer_tui.services import ideas as service

        filters, sort = self.filters, self.sort
        try:
            with self.database.session() as session:
                ids = service.ordered_ids(session, filters=filters, sort=sort)
                start = 0
                if keep_key is not None and keep_key in ids:
                    start = max(ids.index(keep_key) - VirtualTable.PAGE_SIZE // 2, 0)
                first = service.rows_for(session, ids[start:start + VirtualTable.PAGE_SIZE])
                total = len(ids) if filters.is_default else service.count_ideas(session)
                weights = service.weights(session)
        except Exception as exc:
            self.post_message(self.Failed(describe(exc)))
            return
        if get_current_worker().is_cancelled:
            return  # a newer reload started meanwhile (after a save or capture): its ids count
        self.post_message(self.Loaded(ids, first if start == 0 else [], filters, sort, keep_key,
                                      total, weights))
        if start:
            self.post_message(self.PageLoaded(start, first, -1))

    @work(thread=True, group="ideas-pages", exit_on_error=False)
    def fetch_rows(self, start: int, ids: list[int], generation: int) -> None:
        from officer_tui.services import ideas as service

        try:
            with self.database.session() as session:
                rows = service.rows_for(session, ids)
        except Exception as exc:
            self.post_message(self.Failed(describe(exc)))
            return
        self.post_message(self.PageLoaded(start, rows, generation))

    @work(thread=True, exclusive=True, group="ideas-detail", exit_on_error=False)
    def load_detail(self, idea_id: int) -> None:
        from officer_tui.services import followups
        from officer_tui.services import ideas as service
        from officer_tui.services.authors import authorship_of
        from officer_tui.services.errors import NotFound

        try:
            with self.database.session() as session:
                detail = service.idea_detail(session, idea_id)
                rows = followups.for_record(session, kind=RecordKind.IDEA, record_id=idea_id,
                                            today=clock.today())
                authors = authorship_of(session, table="idea", record_id=idea_id).text()
        except NotFound:
            return
        except Exception as exc:
            self.post_message(self.Failed(describe(exc)))
            return
        self.post_message(self.DetailLoaded(detail, rows, authors))

    @work(thread=True, exclusive=True, group="ideas-choices", exit_on_error=False)
    def load_choices(self) -> None:
        from officer_tui.services import goals, units
        from officer_tui.services import ideas as service
        from officer_tui.services.authors import known_users

        try:
            with self.database.session() as session:
                unit_rows = [(u.id, u.name, u.depth) for u in units.list_units(session)]
                fields = service.fields_of_action(session)
                goal_rows = goals.goal_choices(session)
                users = known_users(session)
        except Exception as exc:
            self.post_message(self.Failed(describe(exc)))
            return
        self.post_message(self.ChoicesLoaded(unit_rows, fields, goal_rows, users))

    @work(thread=True, group="ideas-write", exit_on_error=False)
    def change(self, operation: str, idea_id: int, **arguments: object) -> None:
        """Run one service call on an idea; reload on success, say why on failure."""
        from officer_tui.services import ideas as service

        try:
            with self.database.session() as session:
                result = getattr(service, operation)(session, idea_id=idea_id, **arguments)
                notice = None
                if operation == "convert":
                    notice = _("Idea #{idea} became project #{project}.").format(
                        idea=idea_id, project=result.id)
        except Exception as exc:
            self.post_message(self.Failed(describe(exc)))
            return
        if notice:
            self.post_message(self.Notice(notice))
        self.app.call_from_thread(self._changed, idea_id)

    @work(thread=True, group="ideas-write", exit_on_error=False)
    def change_weights(self, values: dict[str, int]) -> None:
        from officer_tui.services import ideas as service

        try:
            with self.database.session() as session:
                service.set_weights(session, values=values)
        except Exception as exc:
            self.post_message(self.Failed(describe(exc)))
            return
        self.app.call_from_thread(self._changed, self.table.cursor_key)

    def _changed(self, idea_id: int | None) -> None:
        self.reload(keep_key=idea_id)
        self.load_choices()
        if idea_id is not None and self._detail_key == idea_id:
            self.load_detail(idea_id)

    # --- results --------------------------------------------------------------------------

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        if message.filters != self.filters or message.sort != self.sort:
            return
        self._loaded_once = True
        self._ids = message.ids
        self._weights = message.weights
        count = len(message.ids)
        self.table.reset(count, [to_row(row) for row in message.rows],
                         keep_cursor_key=message.keep_key, empty_text=self._empty_text())
        if message.keep_key is not None and message.keep_key in message.ids:
            self.table.cursor_row = message.ids.index(message.keep_key)
        self._update_summary(count, message.total)
        if count == 0:
            self._detail_key = None
            self._detail = None
            self.query_one(DetailPanel).clear(_("No idea selected."))

    def _empty_text(self) -> str:
        if self.filters.is_default:
            return _("No open ideas. Press n to capture one.")
        return _("No idea matches the filter. Press / to change it, Esc to clear it.")

    def _update_summary(self, count: int, total: int) -> None:
        if self.filters.is_default:
            text = ngettext("{n} open idea", "{n} open ideas", count).format(n=count)
        else:
            text = ngettext("{n} idea matches", "{n} ideas match", count).format(n=count)
            text += " · " + _("{n} open in all").format(n=total)
            if self.filters.changed_by:
                text += " · " + _("by {user}").format(user=self.filters.changed_by)
        text += " · " + _("order: {sort}").format(sort=_(SORT_LABELS[self.sort]))
        w = self._weights
        if w:
            text += " · " + _("weights B{b} E{e} S{s} R{r}").format(
                b=w["benefit"], e=w["effort"], s=w["strategic_fit"], r=w["reach"])
        self.query_one("#summary", Static).update(text)

    @on(PageLoaded)
    def _page_loaded(self, message: PageLoaded) -> None:
        generation = self.table.generation if message.generation == -1 else message.generation
        self.table.set_rows(message.start, [to_row(row) for row in message.rows], generation=generation)

    @on(ChoicesLoaded)
    def _choices_loaded(self, message: ChoicesLoaded) -> None:
        self._goals = message.goals
        self.query_one(IdeaFilterBar).set_choices(units=message.units, fields=message.fields,
                                                  goals=message.goals, users=message.users)

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self.notify(message.text, severity="error", timeout=8)

    @on(Notice)
    def _notice(self, message: Notice) -> None:
        self.notify(message.text)

    @on(VirtualTable.PagesNeeded)
    def _pages_needed(self, message: VirtualTable.PagesNeeded) -> None:
        self.fetch_rows(message.start, list(self._ids[message.start:message.end]), self.table.generation)

    @on(VirtualTable.Highlighted)
    def _highlighted(self, message: VirtualTable.Highlighted) -> None:
        if message.key is not None and message.key != self._detail_key:
            self._detail_key = message.key
            self.load_detail(message.key)

    @on(DetailLoaded)
    def _detail_loaded(self, message: DetailLoaded) -> None:
        detail = message.detail
        if detail.idea.id != self._detail_key:
            return
        self._detail = detail
        idea = detail.idea
        rated = idea.benefit is not None
        fields: list[tuple[str, str | Text]] = [
            (_("Status"), idea_status_text(idea.status)),
        ]
        if idea.status_reason:
            fields.append((_("Reason"), idea.status_reason))
        fields += [
            (_("Score"), _("{score} of 100").format(score=detail.score) if detail.score is not None
             else _("not assessed (press a)")),
        ]
        if rated:
            fields.append((_("Assessment"), _("benefit {b} · effort {e} · fit {s} · reach {r}").format(
                b=idea.benefit, e=idea.effort, s=idea.strategic_fit, r=idea.reach)))
        fields += [
            (_("Unit"), detail.unit_name or "—"),
            (_("Submitter"), detail.submitter_name or "—"),
            (_("Field of action"), idea.field_of_action or "—"),
            (_("Submitted"), format_date(idea.submitted_on)),
            (_("Goals"), "\n".join(f"{code} {title}" for _i, code, title in detail.goals) or "—"),
        ]
        if detail.project_id is not None:
            fields.append((_("Project"), f"#{detail.project_id} {detail.project_title}"))
        fields.append((_("Follow-ups"), followup_lines(message.followups)))
        if message.authors:  # nothing when the history does not know (demo data)
            fields.append((_("History"), message.authors))
        fields.append((_("Number"), f"#{idea.id}"))
        self.query_one(DetailPanel).show(idea.title, fields, idea.description)

    @on(VirtualTable.Selected)
    def _selected(self, message: VirtualTable.Selected) -> None:
        self._open_form(message.key)

    @on(IdeaFilterBar.Changed)
    def _filter_changed(self, message: IdeaFilterBar.Changed) -> None:
        if message.filters != self.filters:
            self.filters = message.filters
            self.reload()

    @on(IdeaFilterBar.Closed)
    def _filter_closed(self) -> None:
        self.query_one(IdeaFilterBar).set_class(not self.filters.is_default, "-open")
        self.table.focus()

    def show_preset(self, preset: str) -> None:
        """A ready-made list asked for elsewhere (the Today pane): ``unassessed`` ideas."""
        from textual.widgets import Checkbox

        if preset != "unassessed":
            return
        bar = self.query_one(IdeaFilterBar)
        bar.query_one("#idea-filter-unassessed", Checkbox).value = True
        bar.add_class("-open")
        self.filters = bar.filters
        self.reload()

    # --- actions --------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {"assess", "status", "goals", "followup"}:
            return True if self.table.cursor_key is not None else None
        if action == "convert":
            detail = self.current
            if detail is None:
                return None
            return detail.idea.status == IdeaStatus.ACCEPTED or None
        if action == "clear_filter":
            return not self.filters.is_default
        return True

    def record_form(self, record_id: int | None):
        from officer_tui.ui.screens.idea_form import IdeaFormScreen

        return IdeaFormScreen(idea_id=record_id)

    def action_assess(self) -> None:
        from officer_tui.ui.screens.idea_dialogs import AssessScreen

        detail = self.current
        if detail is None:
            return
        idea = detail.idea
        values = {"benefit": idea.benefit, "effort": idea.effort,
                  "strategic_fit": idea.strategic_fit, "reach": idea.reach}

        def rated(result: dict[str, int] | None) -> None:
            if result is not None:
                self.change("assess", idea.id, **result)

        self.app.push_screen(AssessScreen(_("Assess idea #{id}").format(id=idea.id), values), rated)

    def action_weights(self) -> None:
        from officer_tui.ui.screens.idea_dialogs import WeightsScreen

        def chosen(result: dict[str, int] | None) -> None:
            if result is not None:
                self.change_weights(result)

        self.app.push_screen(WeightsScreen(_("Weights of the score"), dict(self._weights)), chosen)

    def action_status(self) -> None:
        from officer_tui.ui.screens.idea_dialogs import ReasonScreen
        from officer_tui.ui.screens.pickers import PickScreen

        detail = self.current
        if detail is None:
            return
        idea = detail.idea
        allowed = [s for s in IdeaStatus if s in IDEA_TRANSITIONS[idea.status] and s != IdeaStatus.CONVERTED]
        if not allowed:
            self.notify(_("A converted idea keeps its status; its project carries on."))
            return

        def picked(value: str | None) -> None:
            if value is None:
                return
            status = IdeaStatus(value)
            if status == IdeaStatus.REJECTED:
                def reason_given(reason: str | None) -> None:
                    if reason:
                        self.change("set_status", idea.id, status=status, reason=reason)

                self.app.push_screen(ReasonScreen(_("Reject idea #{id}").format(id=idea.id)), reason_given)
            else:
                self.change("set_status", idea.id, status=status)

        self.app.push_screen(
            PickScreen(_("Status of #{id} (now: {status})").format(id=idea.id, status=_(STATUS_LABELS[idea.status])),
                       [(idea_status_text(s), s.value) for s in allowed]),
            picked,
        )

    def action_convert(self) -> None:
        from officer_tui.ui.screens.idea_dialogs import ConfirmScreen

        detail = self.current
        if detail is None:
            return
        idea = detail.idea
        if detail.project_id is not None:
            self.notify(_("Idea #{id} was already converted (project #{project}).").format(
                id=idea.id, project=detail.project_id), severity="warning")
            return
        if idea.status != IdeaStatus.ACCEPTED:
            self.notify(_("Only an accepted idea can become a project. Press s to accept it first."),
                        severity="warning")
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.change("convert", idea.id)

        self.app.push_screen(ConfirmScreen(
            _("Convert idea #{id} into a project?").format(id=idea.id),
            _("A planned project is created with the title, description, unit, field of action "
              "and goals of the idea; the idea becomes 'converted'.")), confirmed)

    def action_goals(self) -> None:
        from officer_tui.ui.screens.idea_dialogs import GoalPickScreen

        detail = self.current
        if detail is None:
            return
        idea_id = detail.idea.id

        def chosen(goal_ids: list[int] | None) -> None:
            if goal_ids is not None:
                self.change("set_goals", idea_id, goal_ids=goal_ids)

        self.app.push_screen(GoalPickScreen(_("Goals of idea #{id}").format(id=idea_id), self._goals,
                                            {g[0] for g in detail.goals}), chosen)

    def action_all_goals(self) -> None:
        from officer_tui.ui.screens.goals import GoalsScreen

        self.app.push_screen(GoalsScreen())

    def action_followup(self) -> None:
        from officer_tui.ui.screens.followup_form import FollowUpFormScreen

        key = self.table.cursor_key
        if key is None:
            return

        def saved(result: int | None) -> None:
            if result is not None and self._detail_key == key:
                self.load_detail(key)

        self.app.push_screen(FollowUpFormScreen(subject=(RecordKind.IDEA, key)), saved)
