"""Synergy candidates: pairs of projects of different units, best first; confirm or dismiss."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from officer_tui.i18n import N_, _, ngettext
from officer_tui.services.project_views import SynergyCandidate
from officer_tui.ui.errors import describe
from officer_tui.ui.localize import Localized
from officer_tui.ui.screens.pickers import DIALOG_CSS

HELP = N_(
    """Pairs of projects of **different units** that may work together: they share a field of
action (2 points), strategic goals (2 points each) or key words of title and description
(1 point each). Pairs already linked or dismissed are not shown; the best 50 come first.

`c` confirms a pair: the two projects get a synergy link with the reason as note.
`x` dismisses it: the pair is never suggested again. `Esc` goes back to the projects.
"""
)


def candidate_label(candidate: SynergyCandidate) -> Text:
    text = Text(f"{candidate.score:>2}  ", style="bold")
    text.append(f"#{candidate.a_id} {candidate.a_title}")
    text.append(f" ({candidate.a_unit})", style="dim")
    text.append("  ↔  ", style="bold")
    text.append(f"#{candidate.b_id} {candidate.b_title}")
    text.append(f" ({candidate.b_unit})", style="dim")
    text.append("\n    " + candidate.reason(), style="italic dim")
    return text


class SynergyScreen(Localized, ModalScreen[None]):
    HELP_TITLE = N_("Synergy candidates")
    HELP = HELP

    BINDINGS: ClassVar[list[BindingType]] = [
        # Modal screens do not see the app's own keys: help is offered here too.
        Binding("question_mark", "app.help", N_("Help"), id="synergies.help", tooltip=N_("Help for this list")),
        Binding("y", "confirm", N_("Confirm"), id="synergies.confirm",
                tooltip=N_("Link the pair as a synergy")),
        Binding("x", "dismiss_pair", N_("Dismiss"), id="synergies.dismiss",
                tooltip=N_("Not a synergy: never suggest this pair again")),
        Binding("escape", "close", N_("Close"), id="synergies.close", tooltip=N_("Back to the projects")),
    ]
    DEFAULT_CSS = ("SynergyScreen {" + DIALOG_CSS
                   + " & > Vertical { width: 120; height: 90%; } OptionList { height: 1fr; } }")

    class Loaded(Message):
        def __init__(self, candidates: list[SynergyCandidate]) -> None:
            super().__init__()
            self.candidates = candidates

    class Failed(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self) -> None:
        super().__init__()
        self.candidates: list[SynergyCandidate] = []
        self.loaded = False

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Synergy candidates"), classes="dialog-title", markup=False)
            yield Static(_("Looking for pairs …"), id="synergy-summary", classes="hint", markup=False)
            yield OptionList(id="synergy-list")
            yield Static(_("c confirms, x dismisses, Esc closes."), classes="hint", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self.load()

    @work(thread=True, exclusive=True, group="synergies", exit_on_error=False)
    def load(self) -> None:
        from officer_tui.services.synergies import candidates

        try:
            with self.app.database.session() as session:  # type: ignore[attr-defined]
                found = candidates(session)
        except Exception as exc:
            self.post_message(self.Failed(describe(exc)))
            return
        self.post_message(self.Loaded(found))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        options = self.query_one(OptionList)
        keep = options.highlighted or 0
        self.candidates = message.candidates
        self.loaded = True
        options.clear_options()
        for index, candidate in enumerate(self.candidates):
            options.add_option(Option(candidate_label(candidate), id=str(index)))
        if self.candidates:
            options.highlighted = min(keep, len(self.candidates) - 1)
        n = len(self.candidates)
        text = ngettext("{n} candidate", "{n} candidates", n).format(n=n) if n else _(
            "No candidates: every likely pair is linked or dismissed.")
        self.query_one("#synergy-summary", Static).update(text)

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self.notify(message.text, severity="error", timeout=8)

    @property
    def current(self) -> SynergyCandidate | None:
        index = self.query_one(OptionList).highlighted
        if index is None or not 0 <= index < len(self.candidates):
            return None
        return self.candidates[index]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {"confirm", "dismiss_pair"}:
            return True if self.current is not None else None
        return True

    @work(thread=True, group="synergies-write", exit_on_error=False)
    def decide(self, candidate: SynergyCandidate, confirmed: bool) -> None:
        from officer_tui.services import synergies

        try:
            with self.app.database.session() as session:  # type: ignore[attr-defined]
                if confirmed:
                    synergies.confirm(session, project_a_id=candidate.a_id,
                                      project_b_id=candidate.b_id, note=candidate.reason())
                else:
                    synergies.dismiss(session, project_a_id=candidate.a_id,
                                      project_b_id=candidate.b_id)
        except Exception as exc:
            self.post_message(self.Failed(describe(exc)))
            return
        text = (_("Linked #{a} and #{b} as a synergy.") if confirmed
                else _("Dismissed #{a} and #{b}.")).format(a=candidate.a_id, b=candidate.b_id)
        self.app.call_from_thread(self.notify, text)
        self.app.call_from_thread(self.load)

    def action_confirm(self) -> None:
        if self.current is not None:
            self.decide(self.current, True)

    def action_dismiss_pair(self) -> None:
        if self.current is not None:
            self.decide(self.current, False)

    def action_close(self) -> None:
        self.dismiss(None)
