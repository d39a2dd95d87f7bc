"""The line at the top: which panes exist, which one is open, and where the data lives."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget


class PaneBar(Widget):
    """Shows ``key label`` for each pane, the current one highlighted. Display only."""

    DEFAULT_CSS = """
    PaneBar {
        height: 1;
        background: $panel;
        color: $foreground;
    }
    """

    current: reactive[str] = reactive("")
    location: reactive[str] = reactive("")

    def __init__(self, panes: list[tuple[str, str, str]], *, current: str, location: str = "") -> None:
        """``panes``: (mode name, key, label) in key order."""
        super().__init__()
        self._panes = panes
        self.set_reactive(PaneBar.current, current)
        self.set_reactive(PaneBar.location, location)

    def render(self) -> Text:
        line = Text(" officer ", style="bold reverse")
        for mode, key, label in self._panes:
            active = mode == self.current
            line.append("  ")
            line.append(f" {key} {label} ", style="bold reverse" if active else "")
        if self.location:
            room = self.size.width - line.cell_len - 2
            if room > 8:
                shown = fit_location(self.location, room)
                line.append(" " * max(room - len(shown), 1))
                line.append(shown, style="dim")
        return line


def fit_location(location: str, room: int) -> str:
    """``location`` in at most ``room`` cells. A file keeps its end (the file name); a server
    URL (already without password) drops what says least first: the scheme and options, then
    the user, then the host, so the database's name stays."""
    if len(location) <= room:
        return location
    if "://" not in location:
        return "…" + location[-(room - 1):]
    from urllib.parse import parse_qs, urlsplit

    try:
        parts = urlsplit(location)
        host = parts.hostname or ""
        if parts.port:
            host += f":{parts.port}"
        host = host or parse_qs(parts.query).get("host", ["localhost"])[0]
        user = parts.username or ""
    except ValueError:
        return location[: room - 1] + "…"
    database = parts.path.lstrip("/") or "?"
    if host.startswith("/"):  # a Unix socket's folder, not a host: no path-like host/database
        where, named = f"{database} ({host})", f"{user}@{database} ({host})"
    else:
        where, named = f"{host}/{database}", f"{user}@{host}/{database}"
    for candidate in (named if user else "", where, database):
        if candidate and len(candidate) <= room:
            return candidate
    return database[: room - 1] + "…"
