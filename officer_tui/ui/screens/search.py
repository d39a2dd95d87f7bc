"""``ctrl+f`` anywhere: search everything, results grouped by type as you type.

The cursor stays in the search field: ``up``/``down`` move through the hits (headers are
skipped), ``enter`` opens the highlighted one on top of the search, so ``escape`` on the record
comes back to the same results. A unit opens the Contacts pane on that unit (the search
closes). ``escape`` in the search closes it.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from officer_tui.i18n import N_, _, ngettext
from officer_tui.services.search import END, MARK, Hit, SearchResult
from officer_tui.ui.errors import describe
from officer_tui.ui.localize import Localized

PER_GROUP = 8
DEBOUNCE = 0.08  # seconds of quiet typing before a search starts
MATCH_STYLE = "bold underline"

HELP = N_(
    """Search everything: requests, ideas, projects, meetings with their agenda items and
decisions, training programmes, contacts, units and follow-ups.

Type a few letters: every word is the start of a word in the record (`druck` finds
`Drucker`), all words must match, capitals and accents do not matter (`muller` finds
`Müller`). A number such as `123` or `#123` also offers request, idea and project 123.

Results come grouped by type, the best first; a header shows how many matched in all.
`↑`/`↓` move through the hits while you keep typing, `Enter` opens the highlighted one
(`Esc` on it comes back here), `Esc` closes the search.
"""
)


def marked(text: str, base: str = "") -> Text:
    """``text`` whose MARK ... END parts are highlighted; everything else literal."""
    result = Text(style=base)
    rest = text
    while MARK in rest:
        before, _sep, after = rest.partition(MARK)
        match, _sep, rest = after.partition(END)
        result.append(before)
        result.append(match, style=MATCH_STYLE)
    result.append(rest)
    return result


def hit_prompt(hit: Hit) -> Text:
    """One hit: the title (matches highlighted) and its detail; the snippet below."""
    line = marked(hit.marked_title, "bold")
    if hit.detail:
        line.append("  " + hit.detail, style="dim")
    if hit.snippet:
        line.append("\n  ")
        line.append_text(marked(hit.snippet, "italic"))
    line.no_wrap = True
    line.overflow = "ellipsis"
    return line


def header_text(label: str, total: int, exact: bool) -> Text:
    return Text(f"{label} · {total}" + ("" if exact else "+"), style="bold")


class SearchScreen(Localized, ModalScreen[None]):
    HELP_TITLE = N_("Search everything")
    HELP = HELP

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", N_("Close"), id="search.close", tooltip=N_("Close the search")),
        Binding("enter", "open", N_("Open"), id="search.open", tooltip=N_("Open the highlighted hit")),
        Binding("down", "move(1)", N_("Next"), id="search.next", show=False,
                tooltip=N_("The next hit")),
        Binding("up", "move(-1)", N_("Previous"), id="search.previous", show=False,
                tooltip=N_("The previous hit")),
        Binding("pagedown", "page(1)", N_("Page down"), id="search.page_down", show=False,
                tooltip=N_("A page of hits further")),
        Binding("pageup", "page(-1)", N_("Page up"), id="search.page_up", show=False,
                tooltip=N_("A page of hits back")),
        Binding("f1", "app.help", N_("Help"), id="search.help", tooltip=N_("Help for the search")),
    ]
    DEFAULT_CSS = """
    SearchScreen {
        align: center top;
        & > Vertical { width: 96%; max-width: 140; height: 90%; margin-top: 1;
                       border: round $primary; background: $surface; padding: 0 1; }
        & #search-title { text-style: bold; }
        & #search-summary { color: $text-muted; }
        & OptionList { height: 1fr; border: none; padding: 0; background: $surface;
                       text-wrap: nowrap; text-overflow: ellipsis; }
        & OptionList > .option-list--option-disabled { color: $accent; }
    }
    """

    class Found(Message):
        def __init__(self, query: str, result: SearchResult) -> None:
            super().__init__()
            self.query = query
            self.result = result

    class Failed(Message):
        def __init__(self, query: str, text: str) -> None:
            super().__init__()
            self.query = query
            self.text = text

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self._query = query
        self._hits: dict[str, Hit] = {}  # option id -> hit
        self._debounce: Timer | None = None
        self.result: SearchResult | None = None  # the results shown (for tests and the title)
        self.searched = 0  # how many results came back (tests wait for it)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Search everything"), id="search-title", markup=False)
            yield Input(self._query, id="search-input", compact=True,
                        placeholder=_("Words or a number: requests, ideas, meetings, people …"))
            yield Static("", id="search-summary", markup=False)
            yield OptionList(id="search-results")
        yield Footer()

    def on_mount(self) -> None:
        self.results.can_focus = False  # the cursor stays in the search field
        self.query_one("#search-input", Input).focus()
        self._show_summary()
        if self._query:
            self.run_search(self._query)

    def on_screen_resume(self) -> None:
        if self.result is not None:  # back from a record: it may have changed
            self.run_search(self._query)

    @property
    def results(self) -> OptionList:
        return self.query_one("#search-results", OptionList)

    # --- searching ------------------------------------------------------------------------

    @on(Input.Changed, "#search-input")
    def _typed(self, event: Input.Changed) -> None:
        self._query = event.value
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(DEBOUNCE, lambda: self.run_search(self._query))

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def run_search(self, query: str) -> None:
        from officer_tui.services.search import search

        worker = get_current_worker()
        try:
            with self.app.database.session() as session:  # type: ignore[attr-defined]
                result = search(session, query, per_group=PER_GROUP)
        except Exception as exc:
            if not worker.is_cancelled:
                self.post_message(self.Failed(query, describe(exc)))
            return
        if not worker.is_cancelled:
            self.post_message(self.Found(query, result))

    @on(Found)
    def _found(self, message: Found) -> None:
        if message.query != self._query:
            return  # overtaken by newer typing
        self.searched += 1
        keep = self.current_hit
        self.result = message.result
        options: list[Option] = []
        self._hits = {}
        highlight = None
        for group in message.result.groups:
            options.append(Option(header_text(group.label, group.total, group.exact), disabled=True))
            for hit in group.hits:
                key = f"{hit.kind}-{hit.record_id}"
                self._hits[key] = hit
                if keep is not None and (hit.kind, hit.record_id) == (keep.kind, keep.record_id):
                    highlight = len(options)
                options.append(Option(hit_prompt(hit), id=key))
        results = self.results
        results.set_options(options)
        if options:
            results.highlighted = highlight if highlight is not None else 1
        self._show_summary()

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        if message.query == self._query:
            self.notify(message.text, severity="error", timeout=8)

    def _show_summary(self) -> None:
        result = self.result
        if len(self._query.strip()) < 2 or (result is not None and result.too_short
                                              and result.query == self._query):
            text = _("Type at least 2 letters.")
        elif result is None:
            text = _("Searching …")
        elif not result.groups:
            text = _("No matches for “{query}”.").format(query=self._query.strip())
        else:
            exact = all(group.exact for group in result.groups)
            text = ngettext("{n} match", "{n} matches", result.total).format(
                n=f"{result.total}" + ("" if exact else "+"))
            text += " · " + _("↑↓ choose, Enter opens, Esc closes")
        self.query_one("#search-summary", Static).update(text)

    # --- moving and opening ---------------------------------------------------------------

    @property
    def current_hit(self) -> Hit | None:
        results = self.results
        if results.highlighted is None or not results.option_count:
            return None
        option = results.get_option_at_index(results.highlighted)
        return self._hits.get(option.id or "")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("open", "move", "page"):
            return bool(self._hits) or None
        return True

    def action_move(self, step: int) -> None:
        if step > 0:
            self.results.action_cursor_down()
        else:
            self.results.action_cursor_up()

    def action_page(self, step: int) -> None:
        if step > 0:
            self.results.action_page_down()
        else:
            self.results.action_page_up()

    @on(Input.Submitted, "#search-input")
    def _submitted(self) -> None:
        self.action_open()

    @on(OptionList.OptionSelected, "#search-results")
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        self.open_hit(self._hits.get(event.option.id or ""))

    def action_open(self) -> None:
        self.open_hit(self.current_hit)

    def open_hit(self, hit: Hit | None) -> None:
        if hit is None:
            return
        if hit.open_kind is None:  # a unit: the Contacts pane on that unit
            app = self.app
            self.dismiss(None)
            show_unit(app, hit.open_id)
            return
        from officer_tui.ui.open_record import open_record

        open_record(self.app, hit.open_kind, hit.open_id)

    def action_close(self) -> None:
        self.dismiss(None)


def show_unit(app: Any, unit_id: int) -> None:
    """Switch to the Contacts pane with ``unit_id`` chosen in its tree."""
    from officer_tui.ui.screens.contacts import ContactsScreen

    app.action_pane("contacts")

    def choose() -> None:
        pane = app.screen_stack[0] if app.screen_stack else None
        if isinstance(pane, ContactsScreen):
            pane.unit_id = unit_id
            pane.load_units()
            pane.reload()

    app.call_after_refresh(choose)
