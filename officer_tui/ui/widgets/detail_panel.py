"""A read-only panel: a title, labelled fields and free text. Reused by every pane."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static


class DetailPanel(VerticalScroll, can_focus=False):
    DEFAULT_CSS = """
    DetailPanel {
        background: $surface;
        border-left: vkey $panel-lighten-1;
        padding: 0 1;
        & > #detail-title { text-style: bold; margin-bottom: 1; }
        & > #detail-body { margin-top: 1; }
    }
    """

    def compose(self) -> ComposeResult:
        yield Static("", id="detail-title", markup=False)
        yield Static("", id="detail-fields", markup=False)
        yield Static("", id="detail-body", markup=False)

    def show(self, title: str, fields: list[tuple[str, str | Text]], body: str = "") -> None:
        """Show a record. Text is shown literally (no markup), whatever it contains."""
        self.query_one("#detail-title", Static).update(Text(title))
        table = Table.grid(padding=(0, 1))
        table.add_column(style="dim", no_wrap=True)
        table.add_column(overflow="fold")
        for label, value in fields:
            table.add_row(Text(label), value if isinstance(value, Text) else Text(value))
        self.query_one("#detail-fields", Static).update(table)
        self.query_one("#detail-body", Static).update(Text(body))

    def clear(self, message: str = "") -> None:
        self.query_one("#detail-title", Static).update(Text(message))
        self.query_one("#detail-fields", Static).update("")
        self.query_one("#detail-body", Static).update("")


