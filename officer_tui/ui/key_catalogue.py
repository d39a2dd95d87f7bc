"""Every binding of the app: its id, where it works, its default keys, and which bindings are
active together (so that a remapped key can be checked for clashes).

``binding_catalogue()`` imports the screen and widget modules and walks their classes'
``BINDINGS`` (no app needed). It takes about a second: built once per process, in a worker when
the app asks. A widget counts as part of a screen when the screen's module names it (a little
more than is true, never less: a clash reported too often is safer than one missed).
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from dataclasses import dataclass, field
from functools import cache

from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen

from officer_tui.i18n import N_, _, pgettext
from officer_tui.ui.key_names import normalize_key

# The panes (app modes): screen class -> mode.
PANE_SCREENS = {
    "TodayScreen": "today", "RequestsScreen": "requests", "IdeasScreen": "ideas",
    "ProjectsScreen": "projects", "MeetingsScreen": "meetings", "TrainingScreen": "training",
    "ContactsScreen": "contacts",
}
# Textual's own widgets whose keys count when they sit in one of our screens.
TEXTUAL_WIDGETS = ("Input", "TextArea", "DataTable", "Tree", "OptionList", "SelectionList",
                   "Select", "ListView", "Checkbox", "RadioSet", "Switch", "Button", "Tabs",
                   "TabbedContent", "Markdown", "VerticalScroll", "ScrollableContainer")
# Where a binding is, for classes without a HELP_TITLE.
PLACES = {
    "RecordForm": N_("Every form"), "RequestFormScreen": N_("Request form"),
    "IdeaFormScreen": N_("Idea form"), "ProjectFormScreen": N_("Project form"),
    "MeetingFormScreen": N_("Meeting form"), "ContactFormScreen": N_("Contact form"),
    "ConflictScreen": N_("Edit conflict"), "EraseScreen": N_("Erase a person (GDPR)"),
    "HelpScreen": N_("Help"), "NumbersScreen": N_("Assess an idea"),
    "ReasonScreen": N_("Reason"), "GoalPickScreen": N_("Choose strategic goals"),
    "ConfirmScreen": N_("Confirm"), "PickScreen": N_("Choose a value"),
    "ForwardScreen": N_("Forward a request"), "ResolveScreen": N_("Resolve a request"),
    "TrafficScreen": N_("Traffic light"), "LinkScreen": N_("Link projects"),
    "ContactPickScreen": N_("Choose a person"), "WelcomeScreen": N_("Welcome"),
    "StartScreen": N_("Start"), "SettingsScreen": N_("Settings"), "KeysScreen": N_("Keys"),
    "VirtualTable": N_("Lists"), "SectionList": N_("List"), "UnitTree": N_("Unit tree"),
    "PortfolioTree": N_("Portfolio tree"), "HistoryView": N_("History"),
}
GROUPS = ("app", "pane", "lists", "dialog")  # everywhere / per pane / in lists / dialogs


@dataclass(frozen=True)
class Entry:
    """One binding id: where it is, its default keys (Textual's names) and what it does."""

    id: str
    keys: tuple[str, ...]
    description: str  # msgid
    tooltip: str  # msgid
    owner: str  # the class that declares it
    group: str  # one of GROUPS
    place: str  # msgid of the dialog or widget ("" for the app and the panes themselves)
    pane: str | None  # the pane's mode, for group "pane"
    priority: bool
    order: int

    def where(self) -> str:
        """Where the binding works, as the user reads it."""
        if self.group == "app":
            return _("Everywhere")
        if self.group == "pane" and self.pane:
            label = pane_label(self.pane)
            return f"{label}: {_(self.place)}" if self.place else label
        return _(self.place)

    def what(self) -> str:
        return _(self.description) if self.description else self.id


@dataclass
class Namespace:
    """A class whose bindings are active together when one of its instances has focus."""

    cls: type
    kind: str  # app, pane, screen, modal, widget, textual
    bindings: list[Binding]
    ids: dict[str, list[str]] = field(default_factory=dict)  # binding id -> default keys here


@dataclass
class Catalogue:
    entries: dict[str, Entry]
    namespaces: dict[type, Namespace]
    # namespace -> the namespaces active with it: "full", or "priority" (the app's keys over a
    # dialog: only its priority bindings reach there).
    together: dict[type, dict[type, str]]
    homes: dict[str, list[type]]  # binding id -> the namespaces it is in

    def ordered(self) -> list[Entry]:
        """Everywhere, then pane by pane, then lists, then dialogs by name."""
        from officer_tui.settings import PANES

        def rank(entry: Entry) -> tuple:
            group = GROUPS.index(entry.group)
            pane = PANES.index(entry.pane) if entry.pane in PANES else 0
            place = entry.where().casefold() if entry.group == "dialog" else ""
            return (group, pane, place, entry.order)

        return sorted(self.entries.values(), key=rank)


def pane_label(mode: str) -> str:
    from officer_tui.ui.app import PANES

    for name, _key, label in PANES:
        if name == mode:
            return pgettext("pane", label)
    return mode


def _ui_modules() -> list:
    import officer_tui.ui as ui

    modules = [importlib.import_module("officer_tui.ui.app")]
    for info in pkgutil.walk_packages(ui.__path__, "officer_tui.ui."):
        modules.append(importlib.import_module(info.name))
    return modules


def _words(module) -> set[str]:
    try:
        return set(re.findall(r"\b[A-Z]\w+\b", inspect.getsource(module)))
    except (OSError, TypeError):
        return set()


def _kind(cls: type) -> str:
    from officer_tui.ui.app import OfficerApp

    if issubclass(cls, OfficerApp):
        return "app"
    if cls.__name__ in PANE_SCREENS:
        return "pane"
    if issubclass(cls, ModalScreen):
        return "modal"
    if issubclass(cls, Screen):
        return "screen"
    return "widget"


def _merged(cls: type) -> list[Binding]:
    merged = cls._merged_bindings or cls._merge_bindings()
    bindings = [binding for _key, binding in merged]
    if _kind(cls) == "app":  # added by App.__init__, not in BINDINGS
        bindings.append(Binding("ctrl+p", "command_palette", N_("palette"), priority=True))
    return bindings


@cache
def binding_catalogue() -> Catalogue:
    """Every binding id in the app, and which bindings are active together (cached)."""
    import textual.containers
    import textual.widgets

    modules = _ui_modules()
    classes: list[type] = []
    words: dict[type, set[str]] = {}
    module_words = {module.__name__: _words(module) for module in modules}
    for module in modules:
        for cls in vars(module).values():
            if (inspect.isclass(cls) and issubclass(cls, DOMNode)
                    and cls.__module__ == module.__name__ and cls not in classes):
                classes.append(cls)
    for cls in classes:  # the words of the class's module and of its bases' modules
        words[cls] = set().union(*(module_words.get(base.__module__, set())
                                   for base in cls.__mro__))
    namespaces = {cls: Namespace(cls, _kind(cls), _merged(cls)) for cls in classes}
    for name in TEXTUAL_WIDGETS:
        cls = getattr(textual.widgets, name, None) or getattr(textual.containers, name)
        namespaces[cls] = Namespace(cls, "textual", _merged(cls))
    for namespace in namespaces.values():
        for binding in namespace.bindings:
            if binding.id:
                namespace.ids.setdefault(binding.id, []).append(binding.key)
    widgets = [cls for cls, ns in namespaces.items() if ns.kind in ("widget", "textual")]

    def inside(cls: type, seen: frozenset = frozenset()) -> set[type]:
        """The widgets an instance of ``cls`` may hold (named in its module), nested too."""
        found = {widget for widget in widgets
                 if widget is not cls and widget.__name__ in words.get(cls, set())}
        for widget in list(found):
            if widget in words and widget not in seen:
                found |= inside(widget, seen | {cls})
        return found

    app = next(cls for cls, ns in namespaces.items() if ns.kind == "app")
    together: dict[type, dict[type, str]] = {cls: {cls: "full"} for cls in namespaces}
    for cls in classes:
        contained = inside(cls)
        for widget in contained:
            together[cls][widget] = together[widget][cls] = "full"
        if namespaces[cls].kind in ("pane", "screen", "modal"):
            link = "priority" if namespaces[cls].kind == "modal" else "full"
            for member in {cls} | contained:
                if together[member].get(app) != "full":
                    together[member][app] = together[app][member] = link
    entries, homes = _entries(classes, namespaces, together, app)
    return Catalogue(entries, namespaces, together, homes)


def _entries(classes, namespaces, together, app) -> tuple[dict[str, Entry], dict[str, list]]:
    entries: dict[str, Entry] = {}
    homes: dict[str, list[type]] = {}
    for cls, namespace in namespaces.items():
        for binding_id in namespace.ids:
            homes.setdefault(binding_id, []).append(cls)
    order = 0
    for cls in classes:
        for binding in Binding.make_bindings(cls.__dict__.get("BINDINGS", [])):
            order += 1
            if not binding.id:
                continue
            if binding.id in entries:  # "escape,w": one entry, every key
                entry = entries[binding.id]
                if entry.owner == cls.__name__ and binding.key not in entry.keys:
                    entries[binding.id] = _with_key(entry, binding.key)
                continue
            group, place, pane = _where(cls, namespaces, together, app)
            entries[binding.id] = Entry(
                binding.id, (normalize_key(binding.key),), binding.description,
                binding.tooltip, cls.__name__, group, place, pane, binding.priority, order)
    return entries, homes


def _with_key(entry: Entry, key: str) -> Entry:
    from dataclasses import replace

    return replace(entry, keys=(*entry.keys, normalize_key(key)))


def _where(cls, namespaces, together, app) -> tuple[str, str, str | None]:
    kind = namespaces[cls].kind
    if kind == "app":
        return "app", "", None
    if kind == "pane":
        return "pane", "", PANE_SCREENS[cls.__name__]
    place = (PLACES.get(cls.__name__) or getattr(cls, "HELP_TITLE", "")
             or (N_("Filter bar") if cls.__name__.endswith("FilterBar") else cls.__name__))
    if kind == "widget":
        screens = [other for other in together[cls] if namespaces[other].kind in
                   ("pane", "screen", "modal") and other is not cls]
        panes = [other for other in screens if namespaces[other].kind == "pane"]
        if len(panes) == 1 and len(screens) == 1:
            return "pane", place, PANE_SCREENS[panes[0].__name__]
        if panes:
            return "lists", place, None
    return "dialog", place, None
