"""The units as a tree under an "All units" root. Display and navigation only.

The screen hands the units down with ``show_units`` (plain ``UnitRow``s in tree order) and hears
``NodeHighlighted`` when the cursor moves and ``UnitTree.Chosen`` on ``enter``. Each node's
data is the unit id; the root's is None.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from officer_tui.i18n import N_
from officer_tui.labels import unit_kind_label
from officer_tui.models.views import UnitRow
from officer_tui.ui.localize import Localized


def unit_label(unit: UnitRow) -> Text:
    """``Stadtmuseum · museum · 24``: the name literally, kind and headcount dimmed."""
    label = Text(unit.name)
    details = [unit_kind_label(unit.kind)]
    if unit.headcount is not None:
        details.append(str(unit.headcount))
    label.append(" · " + " · ".join(details), style="dim")
    return label


class UnitTree(Localized, Tree[int | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "choose", N_("Contacts"), show=False, id="units.choose",
                tooltip=N_("Go to the contacts of this unit")),
        Binding("space", "toggle_node", N_("Fold"), show=False, id="units.fold",
                tooltip=N_("Fold or unfold the units below this one")),
    ]

    DEFAULT_CSS = """
    UnitTree {
        background: $surface;
        padding: 0 1 0 0;
    }
    """

    class Chosen(Message):
        """``enter`` on a unit (``unit_id`` None for "All units")."""

        def __init__(self, tree: UnitTree, unit_id: int | None) -> None:
            super().__init__()
            self.tree = tree
            self.unit_id = unit_id

        @property
        def control(self) -> UnitTree:
            return self.tree

    def __init__(self, root_label: str, *, id: str | None = None) -> None:
        super().__init__(Text(root_label), None, id=id)
        self.guide_depth = 2
        self.auto_expand = False
        self.root.expand()

    @property
    def unit_id(self) -> int | None:
        """The unit under the cursor (None for the root)."""
        node = self.cursor_node
        return node.data if node is not None else None

    def show_units(self, units: Sequence[UnitRow], *, cursor: int | None) -> None:
        """Rebuild from ``units`` (parents before children), folded nodes stay folded."""
        folded = {node.data for node in self._all_nodes() if node.data is not None and not node.is_expanded}
        self.clear()
        self.root.expand()
        with_children = {unit.parent_id for unit in units if unit.parent_id is not None}
        nodes: dict[int, TreeNode[int | None]] = {}
        for unit in units:
            parent = nodes.get(unit.parent_id, self.root) if unit.parent_id is not None else self.root
            if unit.id in with_children:
                nodes[unit.id] = parent.add(unit_label(unit), unit.id, expand=unit.id not in folded)
            else:
                nodes[unit.id] = parent.add_leaf(unit_label(unit), unit.id)
        target = nodes.get(cursor) if cursor is not None else None
        if target is not None:
            ancestor = target.parent
            while ancestor is not None:  # the chosen unit must be visible
                ancestor.expand()
                ancestor = ancestor.parent
        _ = self.last_line  # lay out the lines, so nodes know where they are
        self.move_cursor(target or self.root)

    def _all_nodes(self) -> list[TreeNode[int | None]]:
        found, todo = [], [self.root]
        while todo:
            node = todo.pop()
            found.append(node)
            todo.extend(node.children)
        return found

    def action_choose(self) -> None:
        self.post_message(self.Chosen(self, self.unit_id))
