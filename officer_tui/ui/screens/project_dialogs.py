"""Small dialogs of the Projects pane: traffic light with a note, link to another project."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label, OptionList, RadioButton, RadioSet, Static
from textual.widgets.option_list import Option

from officer_tui.i18n import N_, _
from officer_tui.models.enums import LinkKind, TrafficLight
from officer_tui.services.project_views import LINK_KIND_LABELS, TRAFFIC_SYMBOLS, traffic_label
from officer_tui.ui.localize import Localized
from officer_tui.ui.screens.pickers import DIALOG_CSS


def _show_error(screen: ModalScreen, widget_id: str, text: str) -> None:
    error = screen.query_one(f"#{widget_id}-error", Static)
    error.update(text)
    error.add_class("-shown")
    screen.query_one(f"#{widget_id}").add_class("-invalid")
    screen.query_one(f"#{widget_id}").focus()


class TrafficScreen(Localized, ModalScreen[tuple[TrafficLight, str] | None]):
    """Set the traffic light; at risk and off track need a note."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", N_("Save"), id="traffic.save", tooltip=N_("Set the traffic light")),
        Binding("escape", "cancel", N_("Cancel"), id="traffic.cancel", tooltip=N_("Close without saving")),
    ]
    DEFAULT_CSS = "TrafficScreen {" + DIALOG_CSS + " RadioSet { width: 100%; } }"

    def __init__(self, *, light: TrafficLight, note: str = "") -> None:
        super().__init__()
        self._light = TrafficLight(light)
        self._note = note

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Traffic light"), classes="dialog-title", markup=False)
            with RadioSet(id="traffic-light"):
                for light in TrafficLight:
                    yield RadioButton(f"{TRAFFIC_SYMBOLS[light]} {traffic_label(light)}",
                                      value=light == self._light, id=f"light-{light.value}")
            yield Label(_("Note (required when at risk or off track)"))
            yield Input(self._note, id="traffic-note", placeholder=_("What is going on, what is next"))
            yield Static("", id="traffic-note-error", classes="field-error", markup=False)
            yield Static(_("Ctrl+S saves, Esc cancels."), classes="hint", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Cancel"), id="cancel")
                yield Button(_("Save"), id="save", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(RadioSet).focus()

    def _chosen_light(self) -> TrafficLight:
        for light in TrafficLight:
            if self.query_one(f"#light-{light.value}", RadioButton).value:
                return light
        return self._light

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        light = self._chosen_light()
        note = self.query_one("#traffic-note", Input).value.strip()
        if light != TrafficLight.ON_TRACK and not note:
            _show_error(self, "traffic-note", _("Say what puts the project at risk."))
            return
        self.dismiss((light, note))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class LinkScreen(Localized, ModalScreen[tuple[int, str, str] | None]):
    """Link a project to another: find it by title or number, choose the kind, add a note."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", N_("Link"), id="link.save", tooltip=N_("Create the link")),
        Binding("escape", "cancel", N_("Cancel"), id="link.cancel", tooltip=N_("Close without saving")),
    ]
    DEFAULT_CSS = ("LinkScreen {" + DIALOG_CSS
                   + " & > Vertical { width: 80; } OptionList { height: 8; } RadioSet { width: 100%; } }")

    class Found(Message):
        def __init__(self, text: str, matches: list[tuple[int, str, str | None]]) -> None:
            super().__init__()
            self.text = text
            self.matches = matches

    def __init__(self, *, project_id: int, title: str = "") -> None:
        super().__init__()
        self._project_id = project_id
        self._title = title

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Link #{id} {title}").format(id=self._project_id, title=self._title),
                         classes="dialog-title", markup=False)
            yield Label(_("Other project (type words of its title or its number)"))
            yield Input(id="link-search", placeholder=_("e.g. WLAN"))
            yield OptionList(id="link-target")
            yield Static("", id="link-target-error", classes="field-error", markup=False)
            with RadioSet(id="link-kind"):
                for kind in LinkKind:
                    yield RadioButton(_(LINK_KIND_LABELS[kind]), value=kind == LinkKind.SYNERGY,
                                      id=f"kind-{kind.value}")
            yield Label(_("Note"))
            yield Input(id="link-note", placeholder=_("What the link means"))
            yield Static(_("Ctrl+S links, Esc cancels."), classes="hint", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Cancel"), id="cancel")
                yield Button(_("Link"), id="save", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#link-search").focus()
        self.search("")

    @on(Input.Changed, "#link-search")
    def _search_changed(self, event: Input.Changed) -> None:
        self.search(event.value)

    @on(Input.Submitted, "#link-search")
    def _search_submitted(self) -> None:
        self.query_one("#link-target").focus()

    @work(thread=True, exclusive=True, group="link-search", exit_on_error=False)
    def search(self, text: str) -> None:
        from officer_tui.services.projects import find_projects

        with self.app.database.session() as session:  # type: ignore[attr-defined]
            matches = find_projects(session, text, exclude=self._project_id)
        self.post_message(self.Found(text, matches))

    @on(Found)
    def _found(self, message: Found) -> None:
        options = self.query_one("#link-target", OptionList)
        options.clear_options()
        for project_id, title, unit in message.matches:
            label = Text(f"#{project_id} {title}")
            if unit:
                label.append(f" · {unit}", style="dim")
            options.add_option(Option(label, id=str(project_id)))
        if message.matches:
            options.highlighted = 0

    @on(OptionList.OptionSelected, "#link-target")
    def _target_chosen(self) -> None:
        self.query_one("#link-kind").focus()

    @on(Input.Submitted, "#link-note")
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        options = self.query_one("#link-target", OptionList)
        if options.highlighted is None or options.option_count == 0:
            _show_error(self, "link-target", _("Choose the other project."))
            return
        other = int(options.get_option_at_index(options.highlighted).id or 0)
        kind = next((k for k in LinkKind if self.query_one(f"#kind-{k.value}", RadioButton).value),
                    LinkKind.SYNERGY)
        self.dismiss((other, kind.value, self.query_one("#link-note", Input).value.strip()))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
