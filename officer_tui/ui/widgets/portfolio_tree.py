"""The grouped view of the portfolio: field of action, then phase, then the projects.

Display and navigation only. The screen hands down the groups with ``show_cells`` (plain
``PortfolioCell``s) and, when a phase is unfolded and posts ``CellOpened``, its projects with
``show_projects``. ``enter`` on a project posts ``ProjectChosen``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from officer_tui.i18n import N_, _, format_date, format_money, ngettext
from officer_tui.models.enums import ProjectPhase, TrafficLight
from officer_tui.services.project_views import (
    NO_FIELD,
    PHASE_ORDER,
    TRAFFIC_SYMBOLS,
    PortfolioCell,
    ProjectRow,
    phase_label,
)
from officer_tui.ui.formatting import themed
from officer_tui.ui.localize import Localized

TRAFFIC_STYLES = {TrafficLight.ON_TRACK: "$text-success", TrafficLight.AT_RISK: "bold $text-warning",
                  TrafficLight.OFF_TRACK: "bold $text-error"}


@dataclass(frozen=True)
class CellKey:
    field_of_action: str
    phase: ProjectPhase


def _figures(count: int, funded: int, applied: int, lights: dict[TrafficLight, int]) -> Text:
    text = Text(" · ", style="dim")
    text.append(ngettext("{n} project", "{n} projects", count).format(n=count))
    if funded:
        text.append(" · " + _("{amount} funded").format(amount=format_money(funded)))
    if applied:
        text.append(" · " + _("{amount} applied for").format(amount=format_money(applied)), style="dim")
    for light in (TrafficLight.AT_RISK, TrafficLight.OFF_TRACK):
        if lights.get(light):
            text.append(f" {TRAFFIC_SYMBOLS[light]}{lights[light]}", style=themed(TRAFFIC_STYLES[light]))
    return text


class PortfolioTree(Localized, Tree[object]):
    """Node data: a field name (str) for fields, a ``CellKey`` for phases, an int for projects."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "choose", N_("Open"), show=False, id="portfolio.choose",
                tooltip=N_("Open the project, or unfold the group")),
        Binding("space", "toggle_node", N_("Fold"), show=False, id="portfolio.fold",
                tooltip=N_("Fold or unfold the group")),
    ]

    DEFAULT_CSS = """
    PortfolioTree {
        background: $surface;
        padding: 0 1 0 0;
    }
    """

    class CellOpened(Message):
        """A phase group was unfolded: the screen should hand down its projects."""

        def __init__(self, tree: PortfolioTree, key: CellKey) -> None:
            super().__init__()
            self.tree = tree
            self.key = key

        @property
        def control(self) -> PortfolioTree:
            return self.tree

    class ProjectChosen(Message):
        def __init__(self, tree: PortfolioTree, project_id: int) -> None:
            super().__init__()
            self.tree = tree
            self.project_id = project_id

        @property
        def control(self) -> PortfolioTree:
            return self.tree

    class ProjectHighlighted(Message):
        def __init__(self, tree: PortfolioTree, project_id: int) -> None:
            super().__init__()
            self.tree = tree
            self.project_id = project_id

        @property
        def control(self) -> PortfolioTree:
            return self.tree

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(_("Portfolio"), id=id)
        self.show_root = False
        self.guide_depth = 3
        self._cells: dict[CellKey, TreeNode] = {}

    def show_cells(self, cells: list[PortfolioCell]) -> None:
        """Rebuild the groups; groups that were open stay open (and ask for their projects)."""
        was_open = {key for key, node in self._cells.items() if node.is_expanded}
        fields_open = {node.data for node in self.root.children if node.is_expanded}
        self.clear()
        self._cells = {}
        by_field: dict[str, list[PortfolioCell]] = defaultdict(list)
        for cell in cells:
            by_field[cell.field_of_action].append(cell)
        for name in sorted(by_field, key=lambda n: (n == NO_FIELD, n.casefold())):
            group = by_field[name]
            lights: dict[TrafficLight, int] = defaultdict(int)
            for cell in group:
                for light, n in cell.lights.items():
                    lights[light] += n
            label = Text(name or _("(no field of action)"), style="bold")
            label.append_text(_figures(sum(c.count for c in group), sum(c.funded for c in group),
                                       sum(c.applied for c in group), lights))
            field_node = self.root.add(label, data=name, expand=name in fields_open)
            order = {phase: index for index, phase in enumerate(PHASE_ORDER)}
            for cell in sorted(group, key=lambda c: order[c.phase]):
                key = CellKey(name, cell.phase)
                text = Text(phase_label(cell.phase))
                text.append_text(_figures(cell.count, cell.funded, cell.applied, cell.lights))
                node = field_node.add(text, data=key, allow_expand=True)
                node.add_leaf(Text("…", style="dim"))
                self._cells[key] = node
                if key in was_open:
                    node.expand()
        if self.cursor_line < 0 and self.root.children:
            self.cursor_line = 0

    def show_projects(self, key: CellKey, rows: list[ProjectRow]) -> None:
        node = self._cells.get(key)
        if node is None:
            return
        node.remove_children()
        for row in rows:
            label = Text(TRAFFIC_SYMBOLS[row.traffic_light] + " ",
                         style=themed(TRAFFIC_STYLES[row.traffic_light]))
            label.append(row.title)
            details = [row.unit_name or ""]
            if row.funding_amount:
                details.append(format_money(row.funding_amount))
            if row.end_on:
                details.append(format_date(row.end_on))
            label.append(" · " + " · ".join(d for d in details if d), style="dim")
            node.add_leaf(label, data=row.id)

    def on_tree_node_expanded(self, event: Tree.NodeExpanded) -> None:
        if isinstance(event.node.data, CellKey):
            event.stop()
            self.post_message(self.CellOpened(self, event.node.data))

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted) -> None:
        if isinstance(event.node.data, int):
            self.post_message(self.ProjectHighlighted(self, event.node.data))

    def action_choose(self) -> None:
        node = self.cursor_node
        if node is None:
            return
        if isinstance(node.data, int):
            self.post_message(self.ProjectChosen(self, node.data))
        else:
            node.toggle()

    @property
    def highlighted_project(self) -> int | None:
        node = self.cursor_node
        return node.data if node is not None and isinstance(node.data, int) else None
