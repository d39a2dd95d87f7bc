"""The Projects pane (key 4): the portfolio as a list or grouped by field of action and phase.

Data flow as in the Requests pane: workers ask the services for the ordered ids of the
filtered list and the rows on screen, and post them back as messages; the table, the tree
and the detail panel never touch the database.
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
from officer_tui.i18n import N_, _, format_date, format_money, ngettext, pgettext
from officer_tui.models.enums import ProjectPhase, TrafficLight
from officer_tui.services.project_views import (
    PHASE_SYMBOLS,
    PortfolioCell,
    ProjectFilter,
    ProjectRow,
    funding_label,
    funding_text,
    phase_label,
    traffic_words,
)
from officer_tui.ui.errors import describe
from officer_tui.ui.formatting import themed
from officer_tui.ui.localize import Localized
from officer_tui.ui.screens.list_pane import ListPaneKeys
from officer_tui.ui.widgets.detail_panel import DetailPanel
from officer_tui.ui.widgets.pane_bar import PaneBar
from officer_tui.ui.widgets.portfolio_tree import TRAFFIC_STYLES, CellKey, PortfolioTree
from officer_tui.ui.widgets.project_filter import ProjectFilterBar
from officer_tui.ui.widgets.virtual_table import Column, Row, VirtualTable

if TYPE_CHECKING:
    from officer_tui.services.database import Database
    from officer_tui.services.projects import ProjectDetail

HELP = N_(
    """The Projects pane is the portfolio: every digitalisation project with its owner unit,
lead, field of action, phase, funding, traffic light and the strategic goals it serves.

**List**: off track (✗) first, then at risk (⚠), then on track (✓); within each, the soonest
end first. `n` adds a project, `Enter` opens it to edit everything, `t` sets the traffic light
with a note, `p` the phase, `l` links it to another project (synergy, depends on, replicates).

**Grouped view** with `v`: field of action, then phase, with counts, funding sums and how many
projects are at risk or off track. `Space` or `Enter` unfolds a group; `Enter` on a project
opens it.

**Find** with `/`: free text, phase, funding, traffic light, field of action, unit (with the
units below it), goal, and "proof of use due within 60 days".

**Synergies** with `y`: pairs of projects of different units that share a field of action,
goals or key words. `c` confirms a pair (a synergy link), `x` dismisses it for good.

**Report** with `R`: the portfolio as Markdown, grouped by field of action and phase, written
to a file in the data folder.

**Marks** (they read without colour too): traffic light ✓ on track, ⚠ at risk, ✗ off track;
phase ○ future, ◔ planned, ▶ in implementation, ✓ completed, ‖ on hold; `!` before the proof
of use date: overdue.
"""
)


def project_columns() -> list[Column]:
    return [
        Column("light", pgettext("column", "Light"), width=11, shrink_to=9),
        Column("phase", pgettext("column", "Phase"), width=19, shrink_to=13),
        Column("funding", pgettext("column", "Funding"), width=20, shrink_to=14),
        Column("field", pgettext("column", "Field of action"), width=18, hide_below=130),
        Column("unit", pgettext("column", "Unit"), width=18, shrink_to=14),
        Column("title", pgettext("column", "Title"), width=None, min_width=20),
        Column("end", pgettext("column", "End"), width=10, hide_below=90),
    ]


def light_text(light: TrafficLight) -> Text:
    return Text(traffic_words(light), style=themed(TRAFFIC_STYLES[TrafficLight(light)]))


def phase_text(phase: ProjectPhase) -> Text:
    phase = ProjectPhase(phase)
    style = "dim" if phase in (ProjectPhase.DONE, ProjectPhase.ON_HOLD) else ""
    return Text(f"{PHASE_SYMBOLS[phase]} {phase_label(phase)}", style=style)


def to_row(row: ProjectRow) -> Row:
    return Row(
        key=row.id,
        cells=(
            light_text(row.traffic_light),
            phase_text(row.phase),
            funding_text(row.funding, row.funding_amount),
            row.field_of_action or "",
            row.unit_name or "",
            row.title,
            format_date(row.end_on),
        ),
    )


class ProjectsScreen(ListPaneKeys, Localized, Screen[None]):
    HELP_TITLE = N_("Projects")
    FILTER_BAR = ProjectFilterBar
    HELP = HELP
    CSS_PATH = "projects.tcss"
    AUTO_FOCUS = "#projects-table"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", N_("New"), id="projects.new", tooltip=N_("Add a project")),
        Binding("slash", "filter", N_("Filter"), id="projects.filter",
                tooltip=N_("Filter by text, phase, funding, light, field, unit, goal, proof of use")),
        Binding("t", "traffic", N_("Light"), id="projects.traffic",
                tooltip=N_("Set the traffic light with a note")),
        Binding("p", "phase", N_("Phase"), id="projects.phase", tooltip=N_("Set the phase")),
        Binding("l", "link", N_("Link"), id="projects.link",
                tooltip=N_("Link to another project: synergy, depends on, replicates")),
        Binding("v", "toggle_view", N_("Grouped"), id="projects.view",
                tooltip=N_("Switch between the list and the view by field of action and phase")),
        Binding("y", "synergies", N_("Synergies"), id="projects.synergies",
                tooltip=N_("Suggested pairs of projects of different units")),
        Binding("R", "report", N_("Report"), id="projects.report",
                tooltip=N_("Write the portfolio report (Markdown) to a file")),
        Binding("escape", "clear_filter", N_("Clear filter"), show=False, id="projects.clear_filter",
                tooltip=N_("Show all projects again")),
    ]

    # --- messages from workers --------------------------------------------------------------

    class Loaded(Message):
        def __init__(self, ids: array, rows: list[ProjectRow], filters: ProjectFilter,
                     keep_key: int | None, total: int) -> None:
            super().__init__()
            self.ids = ids
            self.rows = rows
            self.filters = filters
            self.keep_key = keep_key
            self.total = total

    class PageLoaded(Message):
        def __init__(self, start: int, rows: list[ProjectRow], generation: int) -> None:
            super().__init__()
            self.start = start
            self.rows = rows
            self.generation = generation

    class CellsLoaded(Message):
        def __init__(self, cells: list[PortfolioCell], filters: ProjectFilter) -> None:
            super().__init__()
            self.cells = cells
            self.filters = filters

    class CellRowsLoaded(Message):
        def __init__(self, key: CellKey, rows: list[ProjectRow]) -> None:
            super().__init__()
            self.key = key
            self.rows = rows

    class DetailLoaded(Message):
        def __init__(self, detail: ProjectDetail, authors: str = "") -> None:
            super().__init__()
            self.detail = detail
            self.authors = authors  # "Created by … · last changed by …" ("" if unknown)

    class ChoicesLoaded(Message):
        def __init__(self, fields: list[str], units: list[tuple[int, str, int]],
                     goals: list[tuple[int, str, str]], users: list[str] | None = None) -> None:
            super().__init__()
            self.fields = fields
            self.units = units
            self.goals = goals
            self.users = users or []

    class Failed(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    # --- composition ----------------------------------------------------------------------

    def __init__(self) -> None:
        super().__init__()
        self.filters = ProjectFilter()
        self.grouped = False
        self._ids: array = array("q")
        self._detail_key: int | None = None
        self._detail: ProjectDetail | None = None
        self._loaded_once = False
        self._total: int | None = None

    @property
    def database(self) -> Database:
        database = self.app.database  # type: ignore[attr-defined]
        assert database is not None, "the Projects pane opens after the database"
        return database

    def compose(self) -> ComposeResult:
        yield PaneBar(self.app.pane_labels(), current="projects",  # type: ignore[attr-defined]
                      location=self.database.shown_url)
        yield ProjectFilterBar(id="filter-bar")
        yield Static("", id="summary", markup=False)
        with Horizontal(id="body"):
            yield VirtualTable(project_columns(), id="projects-table")
            yield PortfolioTree(id="projects-groups")
            with Vertical(id="detail-column"):
                yield DetailPanel(id="detail")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()
        self.load_choices()

    def on_screen_resume(self) -> None:
        if self._loaded_once:
            self._total = None
            self.reload(keep_key=self.current_key)
            if self._detail_key is not None:  # someone else may have changed it meanwhile
                self.load_detail(self._detail_key)

    def on_resize(self) -> None:
        self.set_class(self.size.width < 150, "-narrow")

    @property
    def table(self) -> VirtualTable:
        return self.query_one("#projects-table", VirtualTable)

    @property
    def tree(self) -> PortfolioTree:
        return self.query_one("#projects-groups", PortfolioTree)

    @property
    def current_key(self) -> int | None:
        """The project under the cursor, in whichever view is shown."""
        return self.tree.highlighted_project if self.grouped else self.table.cursor_key

    # --- workers ----------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="projects-load", exit_on_error=False)
    def reload(self, keep_key: int | None = None) -> None:
        from officer_tui.services import projects as service

        filters, known_total, grouped = self.filters, self._total, self.grouped
        today = clock.today()
        try:
            with self.database.session() as session:
                ids = service.ordered_ids(session, filters=filters, today=today)
                start = 0
                if keep_key is not None and keep_key in ids:
                    start = max(ids.index(keep_key) - VirtualTable.PAGE_SIZE // 2, 0)
                first = service.rows_for(session, ids[start : start + VirtualTable.PAGE_SIZE])
                total = len(ids) if filters.is_default else (
                    known_total if known_total is not None else service.count_projects(session))
                cells = service.portfolio_cells(session, filters=filters, today=today) if grouped else None
        except Exception as exc:
            self.post_message(self.Failed(describe(exc)))
            return
        if get_current_worker().is_cancelled:
            return  # a newer reload started meanwhile (after a save or capture): its ids count
        self.post_message(self.Loaded(ids, first if start == 0 else [], filters, keep_key, total))
        if start:
            self.post_message(self.PageLoaded(start, first, -1))
        if cells is not None:
            self.post_message(self.CellsLoaded(cells, filters))

    @work(thread=True, group="projects-pages", exit_on_error=False)
    def fetch_rows(self, start: int, ids: list[int], generation: int) -> None:
        from officer_tui.services import projects as service

        try:
            with self.database.session() as session:
                rows = service.rows_for(session, ids)
        except Exception as exc:
            self.post_message(self.Failed(describe(exc)))
            return
        self.post_message(self.PageLoaded(start, rows, generation))

    @work(thread=True, group="projects-cells", exit_on_error=False)
    def load_cell(self, key: CellKey) -> None:
        from officer_tui.services import projects as service

        try:
            with self.database.session() as session:
                rows = service.cell_projects(session, field_of_action=key.field_of_action,
                                             phase=key.phase, filters=self.filters)
        except Exception as exc:
            self.post_message(self.Failed(describe(exc)))
            return
        self.post_message(self.CellRowsLoaded(key, rows))

    @work(thread=True, exclusive=True, group="projects-detail", exit_on_error=False)
    def load_detail(self, project_id: int) -> None:
        from officer_tui.services import projects as service
        from officer_tui.services.authors import authorship_of
        from officer_tui.services.errors import NotFound

        try:
            with self.database.session() as session:
                detail = service.project_detail(session, project_id)
                authors = authorship_of(session, table="project", record_id=project_id).text()
        except NotFound:
            return
        except Exception as exc:
            self.post_message(self.Failed(describe(exc)))
            return
        self.post_message(self.DetailLoaded(detail, authors))

    @work(thread=True, exclusive=True, group="projects-choices", exit_on_error=False)
    def load_choices(self) -> None:
        from officer_tui.services import projects as service
        from officer_tui.services import units
        from officer_tui.services.authors import known_users

        try:
            with self.database.session() as session:
                fields = service.fields_of_action(session)
                unit_rows = [(u.id, u.name, u.depth) for u in units.list_units(session)]
                goals = service.list_goals(session)
                users = known_users(session)
        except Exception as exc:
            self.post_message(self.Failed(describe(exc)))
            return
        self.post_message(self.ChoicesLoaded(fields, unit_rows, goals, users))

    @work(thread=True, group="projects-write", exit_on_error=False)
    def change(self, operation: str, key: int, **arguments: object) -> None:
        """Run one service call about project ``key``; reload on success, say why on failure."""
        from officer_tui.services import projects as service

        try:
            with self.database.session() as session:
                getattr(service, operation)(session, **arguments)
        except Exception as exc:
            self.post_message(self.Failed(describe(exc)))
            return
        self.app.call_from_thread(self._changed, key)

    @work(thread=True, group="projects-report", exit_on_error=False)
    def write_report(self) -> None:
        from officer_tui.paths import data_dir
        from officer_tui.services.reports import portfolio_report

        today = clock.today()
        try:
            with self.database.session() as session:
                text = portfolio_report(session, today=today)
            folder = data_dir()
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"portfolio-{today.isoformat()}.md"
            path.write_text(text, encoding="utf-8")
        except Exception as exc:
            self.post_message(self.Failed(describe(exc)))
            return
        self.app.call_from_thread(
            self.notify, _("Portfolio report written to {path}.").format(path=str(path)), timeout=10)

    def _changed(self, project_id: int) -> None:
        self._total = None
        self.reload(keep_key=project_id)
        self.load_choices()
        self._detail_key = project_id
        self.load_detail(project_id)

    # --- results coming back --------------------------------------------------------------

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        if message.filters != self.filters:
            return
        self._loaded_once = True
        self._total = message.total
        self._ids = message.ids
        count = len(message.ids)
        self.table.reset(count, [to_row(row) for row in message.rows],
                         keep_cursor_key=message.keep_key, empty_text=self._empty_text())
        if message.keep_key is not None and message.keep_key in message.ids:
            self.table.cursor_row = message.ids.index(message.keep_key)
        self._update_summary(count, message.total)
        if count == 0:
            self._detail_key = None
            self.query_one(DetailPanel).clear(_("No project selected."))

    def _empty_text(self) -> str:
        if self.filters.is_default:
            return _("No projects yet. Press n to add one.")
        return _("No project matches the filter. Press / to change it, Esc to clear it.")

    def _update_summary(self, count: int, total: int) -> None:
        if self.filters.is_default:
            text = ngettext("{n} project", "{n} projects", count).format(n=count)
        else:
            text = ngettext("{n} project matches", "{n} projects match", count).format(n=count)
            text += " · " + _("{n} in all").format(n=total)
            if self.filters.changed_by:
                text += " · " + _("by {user}").format(user=self.filters.changed_by)
        if self.grouped:
            text += " · " + _("grouped by field of action and phase")
        self.query_one("#summary", Static).update(text)

    @on(PageLoaded)
    def _page_loaded(self, message: PageLoaded) -> None:
        generation = self.table.generation if message.generation == -1 else message.generation
        self.table.set_rows(message.start, [to_row(row) for row in message.rows], generation=generation)

    @on(CellsLoaded)
    def _cells_loaded(self, message: CellsLoaded) -> None:
        if message.filters == self.filters:
            self.tree.show_cells(message.cells)

    @on(CellRowsLoaded)
    def _cell_rows_loaded(self, message: CellRowsLoaded) -> None:
        self.tree.show_projects(message.key, message.rows)

    @on(PortfolioTree.CellOpened)
    def _cell_opened(self, message: PortfolioTree.CellOpened) -> None:
        self.load_cell(message.key)

    @on(PortfolioTree.ProjectHighlighted)
    def _tree_highlighted(self, message: PortfolioTree.ProjectHighlighted) -> None:
        if message.project_id != self._detail_key:
            self._detail_key = message.project_id
            self.load_detail(message.project_id)

    @on(PortfolioTree.ProjectChosen)
    def _tree_chosen(self, message: PortfolioTree.ProjectChosen) -> None:
        self._open_form(message.project_id)

    @on(ChoicesLoaded)
    def _choices_loaded(self, message: ChoicesLoaded) -> None:
        self.query_one(ProjectFilterBar).set_choices(fields=message.fields, units=message.units,
                                                     goals=message.goals, users=message.users)

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self.notify(message.text, severity="error", timeout=8)

    @on(VirtualTable.PagesNeeded)
    def _pages_needed(self, message: VirtualTable.PagesNeeded) -> None:
        self.fetch_rows(message.start, list(self._ids[message.start : message.end]), self.table.generation)

    @on(VirtualTable.Highlighted)
    def _highlighted(self, message: VirtualTable.Highlighted) -> None:
        if message.key is not None and message.key != self._detail_key:
            self._detail_key = message.key
            self.load_detail(message.key)

    @on(DetailLoaded)
    def _detail_loaded(self, message: DetailLoaded) -> None:
        detail = message.detail
        if detail.project.id != self._detail_key:
            return
        self._detail = detail
        project = detail.project
        light = light_text(project.traffic_light)
        if project.traffic_note:
            light.append(" · " + project.traffic_note, style="")
        funding = funding_label(project.funding)
        if project.funding_amount is not None:
            funding = f"{format_money(project.funding_amount)} · {funding}"
        if project.funding_programme:
            funding += f" · {project.funding_programme}"
        dates = " – ".join(format_date(d) or "…" for d in (project.start_on, project.end_on))
        fields: list[tuple[str, object]] = [
            (_("Traffic light"), light),
            (_("Phase"), phase_text(project.phase)),
            (_("Field of action"), project.field_of_action or "—"),
            (_("Unit"), detail.unit_name or "—"),
            (_("Lead"), detail.lead_name or "—"),
            (_("Funding"), funding),
        ]
        if project.proof_of_use_due:
            overdue = project.proof_of_use_due < clock.today()
            fields.append((_("Proof of use due"), Text(
                ("! " if overdue else "") + format_date(project.proof_of_use_due),
                style=themed("bold $text-error" if overdue else ""))))
        fields.append((_("Dates"), dates if project.start_on or project.end_on else "—"))
        fields.append((_("Goals"), "\n".join(f"{code} {title}" for _i, code, title in detail.goals) or "—"))
        for link in detail.links:
            text = f"{link.label} #{link.other_id} {link.other_title}"
            fields.append((_("Link"), text + (f" ({link.note})" if link.note else "")))
        if detail.source_idea:
            fields.append((_("From idea"), f"#{detail.source_idea[0]} {detail.source_idea[1]}"))
        for _fid, title, due, done in detail.followups:
            mark = "✓ " if done else ("! " if due < clock.today() else "")
            fields.append((_("Follow-up"), f"{mark}{format_date(due)} {title}"))
        if message.authors:  # nothing when the history does not know (demo data)
            fields.append((_("History"), message.authors))
        fields.append((_("Number"), f"#{project.id}"))
        self.query_one(DetailPanel).show(project.title, fields, project.description)  # type: ignore[arg-type]

    @on(VirtualTable.Selected)
    def _selected(self, message: VirtualTable.Selected) -> None:
        self._open_form(message.key)

    @on(ProjectFilterBar.Changed)
    def _filter_changed(self, message: ProjectFilterBar.Changed) -> None:
        if message.filters != self.filters:
            self.filters = message.filters
            self.reload()

    @on(ProjectFilterBar.Closed)
    def _filter_closed(self) -> None:
        self.query_one(ProjectFilterBar).set_class(not self.filters.is_default, "-open")
        (self.tree if self.grouped else self.table).focus()

    # --- actions --------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {"traffic", "phase", "link"}:
            return True if self.current_key is not None else None
        if action == "clear_filter":
            return not self.filters.is_default
        return True

    def _detail_for(self, key: int) -> ProjectDetail | None:
        return self._detail if self._detail and self._detail.project.id == key else None

    def record_form(self, record_id: int | None):
        from officer_tui.ui.screens.project_form import ProjectFormScreen

        return ProjectFormScreen(project_id=record_id)

    def list_widget(self):
        return self.tree if self.grouped else self.table

    def action_toggle_view(self) -> None:
        self.grouped = not self.grouped
        self.set_class(self.grouped, "-grouped")
        (self.tree if self.grouped else self.table).focus()
        self.reload(keep_key=self.table.cursor_key)
        self.refresh_bindings()

    def action_traffic(self) -> None:
        from officer_tui.ui.screens.project_dialogs import TrafficScreen

        key = self.current_key
        if key is None:
            return
        detail = self._detail_for(key)

        def chosen(result: tuple[TrafficLight, str] | None) -> None:
            if result is not None:
                light, note = result
                self.change("set_traffic_light", key, project_id=key, light=light, note=note)

        self.app.push_screen(TrafficScreen(
            light=detail.project.traffic_light if detail else TrafficLight.ON_TRACK,
            note=detail.project.traffic_note if detail else ""), chosen)

    def action_phase(self) -> None:
        from officer_tui.ui.screens.pickers import PickScreen

        key = self.current_key
        if key is None:
            return
        detail = self._detail_for(key)
        choices = [(phase_text(p), p.value) for p in ProjectPhase]

        def picked(value: str | None) -> None:
            if value is not None:
                self.change("set_phase", key, project_id=key, phase=ProjectPhase(value))

        self.app.push_screen(PickScreen(_("Phase of #{id}").format(id=key), choices,
                                        current=detail.project.phase.value if detail else None), picked)

    def action_link(self) -> None:
        from officer_tui.ui.screens.project_dialogs import LinkScreen

        key = self.current_key
        if key is None:
            return

        def chosen(result: tuple[int, str, str] | None) -> None:
            if result is not None:
                other, kind, note = result
                self.change("link_projects", key, from_project_id=key, to_project_id=other,
                            kind=kind, note=note)

        detail = self._detail_for(key)
        self.app.push_screen(LinkScreen(project_id=key, title=detail.project.title if detail else ""),
                             chosen)

    def action_synergies(self) -> None:
        from officer_tui.ui.screens.synergies import SynergyScreen

        self.app.push_screen(SynergyScreen())

    def action_report(self) -> None:
        self.write_report()

