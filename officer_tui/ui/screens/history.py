"""History and undo: a record's changes (``ctrl+t``), the preview of a revert, ``ctrl+z``.

``HistoryScreen`` lists one record's changes; ``r`` or ``Enter`` on one shows ``RevertScreen``,
the preview of undoing that change's whole group (what each record becomes, what was changed
since, why it cannot be done), confirmed with ``Enter`` or ``y``. ``undo_last`` (``ctrl+z`` in
the app) reverts the newest change saved in this app at once. ``ChangesScreen`` (palette:
"Change history") lives in ``history_changes``.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Static
from textual.worker import get_current_worker

from officer_tui.i18n import N_, _, ngettext
from officer_tui.ui.errors import describe
from officer_tui.ui.formatting import themed
from officer_tui.ui.localize import Localized
from officer_tui.ui.widgets.history_view import HistoryView, when_text

if TYPE_CHECKING:
    from officer_tui.services.history import ChangeView, RevertPlan

HISTORY_HELP = N_(
    """Every change to a record is recorded: when, who, which fields, before and after. The
newest change comes first; the lines below the list show the highlighted change in full.

`r` or `Enter` reverts the highlighted change: a preview shows what each record becomes and
what was changed since; `Enter` or `y` confirms, `Esc` cancels. A revert is a change of its
own, so it can be reverted again. `Ctrl+Z` anywhere undoes the last change made in this window.
"""
)

REVERT_HELP = N_(
    """The preview of a revert: each record the change touched, what reverting does to it and
its fields now → after the revert. ⚠ marks a field that was changed again after this change:
that later value is lost. A revert that cannot be done (a record is gone, another one refers to
it) says why and cannot be confirmed; nothing is changed.
"""
)

# --- which record a screen shows ----------------------------------------------------------------


@dataclass(frozen=True)
class HistoryTarget:
    table: str
    record_id: int


# Screens that show one record, by class name: (attribute holding its id, table).
_RECORD_SCREENS: dict[str, tuple[str, str]] = {
    "RequestFormScreen": ("request_id", "request"),
    "IdeaFormScreen": ("idea_id", "idea"),
    "ProjectFormScreen": ("project_id", "project"),
    "FollowUpFormScreen": ("followup_id", "followup"),
    "MeetingFormScreen": ("meeting_id", "meeting"),
    "MeetingDetailScreen": ("meeting_id", "meeting"),
    "SessionScreen": ("session_id", "trainingsession"),
    "SessionFormScreen": ("session_id", "trainingsession"),
    "ProgrammeFormScreen": ("programme_id", "trainingprogramme"),
    "ContactDetailScreen": ("contact_id", "contact"),
    "ContactFormScreen": ("contact_id", "contact"),
    "UnitFormScreen": ("unit_id", "orgunit"),
    "GoalFormScreen": ("goal_id", "strategicgoal"),
}

# Lists whose highlighted row is a record: (how to find its id, table).
_LIST_SCREENS: dict[str, str] = {
    "RequestsScreen": "request",
    "IdeasScreen": "idea",
    "ProjectsScreen": "project",
    "MeetingsScreen": "meeting",
    "TrainingScreen": "trainingprogramme",
    "ContactsScreen": "contact",
    "FollowUpsScreen": "followup",
}


def has_history(screen: Screen[Any]) -> bool:
    """Whether the screen shows records whose history ``ctrl+t`` can open."""
    name = type(screen).__name__
    return name in _RECORD_SCREENS or name in _LIST_SCREENS


def history_target(screen: Screen[Any]) -> HistoryTarget | None:
    """The record the screen shows or highlights (None: a new record, an empty list)."""
    name = type(screen).__name__
    if name in _RECORD_SCREENS:
        attribute, table = _RECORD_SCREENS[name]
        record_id = getattr(screen, attribute, None)
        return HistoryTarget(table, record_id) if isinstance(record_id, int) else None
    if name not in _LIST_SCREENS:
        return None
    table = _LIST_SCREENS[name]
    try:
        if name == "ProjectsScreen":
            key = screen.current_key  # type: ignore[attr-defined]
        elif name == "ContactsScreen" and screen.focused is screen.tree:  # type: ignore[attr-defined]
            table, key = "orgunit", screen.unit_id  # type: ignore[attr-defined]
        else:
            key = screen.table.cursor_key  # type: ignore[attr-defined]
    except Exception:  # not composed yet
        return None
    return HistoryTarget(table, key) if isinstance(key, int) else None


def open_history(app: App[Any]) -> None:
    """``ctrl+t``: the history of the record in front."""
    target = history_target(app.screen)
    if target is None:
        app.notify(_("No record selected: its history opens when one is."), severity="warning")
        return
    app.push_screen(HistoryScreen(target.table, target.record_id))


# --- after a revert: the panes show the data as it is now ---------------------------------------


def show_restored_data(app: App[Any]) -> None:
    """Every pane reads its records again; the screen in front reloads now."""
    app.reload_all_panes()  # type: ignore[attr-defined]
    screen = app.screen
    if hasattr(screen, "_detail_key"):
        screen._detail_key = None  # type: ignore[attr-defined]  # its detail is read again too
    resume = getattr(screen, "on_screen_resume", None)
    if callable(resume):
        resume()


def undo_text(plan: RevertPlan) -> str:
    """``Request #12 “title”: Title, Priority`` (the records an undo changed)."""
    parts = []
    steps = [step for step in plan.steps if not step.noop]
    for step in steps[:3]:
        what = ", ".join(field.label for field in step.fields) or step.what
        parts.append(f"{step.kind} #{step.record_id} “{step.record}”: {what}")
    if len(steps) > 3:
        parts.append(_("and {n} more").format(n=len(steps) - 3))
    return "; ".join(parts)


_UNDOING = threading.Lock()


def undo_last(app: App[Any]) -> None:
    """``ctrl+z``: revert the newest change saved in this app, at once, in a worker."""
    database = app.database  # type: ignore[attr-defined]
    if database is None:
        return

    def run() -> None:
        with _UNDOING:  # a second ctrl+z waits for the first, then undoes the change before
            undo()

    def undo() -> None:
        from officer_tui.services import history
        from officer_tui.services.errors import ValidationError

        while True:
            group = database.last_undoable()
            if group is None:
                app.call_from_thread(app.notify, _("Nothing to undo"))
                return
            try:
                with database.session() as session:
                    preview = history.revert_preview(session, group_uid=group)
                    if preview.ok and preview.nothing_to_do:
                        database.forget_undoable(group)  # already as before: the one before it
                        continue
                    plan = history.revert(session, group_uid=group)
            except ValidationError as exc:
                database.forget_undoable(group)  # the next ctrl+z goes on to the change before
                problems = "; ".join(message for _field, message in exc.problems)
                text = _("Cannot undo: {problems}. Nothing was changed; Ctrl+Z again undoes the "
                         "change before it.").format(problems=problems)
                app.call_from_thread(app.notify, text, severity="error", timeout=10)
                return
            except Exception as exc:
                app.call_from_thread(app.notify, describe(exc), severity="error", timeout=10)
                return
            text = _("Undone: {what}").format(what=undo_text(plan))
            app.call_from_thread(app.notify, text)
            app.call_from_thread(show_restored_data, app)
            return

    app.run_worker(run, thread=True, group="undo", exit_on_error=False)


# --- one record's history -------------------------------------------------------------------------


class HistoryScreen(Localized, ModalScreen[None]):
    HELP_TITLE = N_("History")
    HELP = HISTORY_HELP

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", N_("Close"), id="history.close", tooltip=N_("Close the history")),
        Binding("question_mark", "app.help", N_("Help"), id="history.help",
                tooltip=N_("Help for the history")),
    ]
    DEFAULT_CSS = """
    HistoryScreen, ChangesScreen {
        align: center middle;
        & > Vertical { width: 96%; max-width: 150; height: 90%; border: round $primary;
                       background: $surface; padding: 0 1; }
        & .history-title { text-style: bold; }
        & .history-summary { color: $text-muted; }
    }
    """

    class Loaded(Message):
        def __init__(self, changes: list[ChangeView]) -> None:
            super().__init__()
            self.changes = changes

    class Failed(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, table: str, record_id: int, title: str = "") -> None:
        super().__init__()
        self.table = table
        self.record_id = record_id
        self.title_text = title
        self.loaded_once = False

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self._heading(), classes="history-title", markup=False)
            yield HistoryView(id="history")
        yield Footer()

    def _heading(self) -> str:
        from officer_tui.services.history_views import kind_label

        record = f"{kind_label(self.table)} #{self.record_id}"
        if self.title_text:
            record += " “" + self.title_text + "”"
        return _("History: {record}").format(record=record)

    def on_mount(self) -> None:
        self.query_one(HistoryView).focus()
        self.reload()

    def on_screen_resume(self) -> None:
        if self.loaded_once:
            self.reload()

    @work(thread=True, exclusive=True, group="history-load", exit_on_error=False)
    def reload(self) -> None:
        from officer_tui.services.history import record_history

        try:
            with self.app.database.session() as session:  # type: ignore[attr-defined]
                changes = record_history(session, table=self.table, record_id=self.record_id)
        except Exception as exc:
            self.post_message(self.Failed(describe(exc)))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(self.Loaded(changes))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        self.loaded_once = True
        if not self.title_text:  # the record's title or name as of its newest change
            self.title_text = next(
                (c.record for c in message.changes if c.table == self.table and c.record), "")
            self.query_one(".history-title", Static).update(self._heading())
        self.query_one(HistoryView).show(message.changes)

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self.notify(message.text, severity="error", timeout=8)

    @on(HistoryView.RevertRequested)
    def _revert(self, message: HistoryView.RevertRequested) -> None:
        self.app.push_screen(RevertScreen(message.change.group_uid), self._reverted)

    def _reverted(self, done: bool | None) -> None:
        if done:
            self.app.reload_all_panes()  # type: ignore[attr-defined]

    def action_close(self) -> None:
        self.dismiss(None)


# --- the preview of a revert ----------------------------------------------------------------------


def plan_text(plan: RevertPlan) -> Text:
    """Each step: kind #id “record”, what, fields now → becomes, ⚠ changed since, problems."""
    text = Text()
    for index, step in enumerate(plan.steps):
        if index:
            text.append("\n\n")
        text.append(f"{step.kind} #{step.record_id} ", style="bold")
        text.append("“" + step.record + "”", style="bold")
        text.append("\n  " + step.what, style=themed("dim" if step.noop else ""))
        if step.noop and step.warning:
            text.append(" (" + step.warning + ")", style="dim")
        for field in step.fields:
            text.append("\n  ")
            text.append(field.label + ": ", style="bold")
            text.append(field.now)
            text.append(" → ")
            text.append(field.becomes, style=themed("$text-success"))
            if field.changed_since:
                text.append("  ⚠ " + _("changed since"), style=themed("$text-warning"))
        if step.warning and not step.noop:
            text.append("\n  ⚠ " + step.warning, style=themed("$text-warning"))
        if step.problem:
            text.append("\n  ✖ " + step.problem, style=themed("bold $text-error"))
    return text


def plan_sentence(plan: RevertPlan) -> str:
    """``Undo the change of 22.11.2026 14:02 by anna: 2 records``."""
    count = len({(step.table, step.record_id) for step in plan.steps})
    records = ngettext("{n} record", "{n} records", count).format(n=count)
    return _("Undo the change of {when} by {user}: {records}").format(
        when=when_text(plan.at), user=plan.user or "?", records=records)


class RevertScreen(Localized, ModalScreen[bool]):
    """The preview of reverting one change group; dismissed with True when it was reverted."""

    HELP_TITLE = N_("Revert a change")
    HELP = REVERT_HELP

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,y", "confirm", N_("Revert"), id="revert.confirm",
                tooltip=N_("Undo this change as shown")),
        Binding("escape", "cancel", N_("Cancel"), id="revert.cancel", tooltip=N_("Change nothing")),
        Binding("question_mark", "app.help", N_("Help"), id="revert.help",
                tooltip=N_("Help for the preview")),
    ]
    DEFAULT_CSS = """
    RevertScreen {
        align: center middle;
        & > Vertical { width: 90%; max-width: 120; height: auto; max-height: 90%;
                       border: round $warning; background: $surface; padding: 0 1; }
        & #revert-title { text-style: bold; }
        & #revert-steps { height: auto; max-height: 30; }
        & #revert-verdict { margin-top: 1; }
        & #revert-verdict.-refused { color: $error; text-style: bold; }
    }
    """

    class Previewed(Message):
        def __init__(self, plan: RevertPlan) -> None:
            super().__init__()
            self.plan = plan

    class Reverted(Message):
        def __init__(self, plan: RevertPlan) -> None:
            super().__init__()
            self.plan = plan

    class Failed(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, group_uid: str) -> None:
        super().__init__()
        self.group_uid = group_uid
        self.plan: RevertPlan | None = None
        self.busy = False

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Revert a change"), id="revert-title", markup=False)
            yield Static(_("Reading the change …"), id="revert-sentence", markup=False)
            with VerticalScroll(id="revert-steps"):
                yield Static("", id="revert-plan", markup=False)
            yield Static("", id="revert-verdict", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.preview()

    @work(thread=True, exclusive=True, group="revert", exit_on_error=False)
    def preview(self) -> None:
        from officer_tui.services.history import revert_preview

        try:
            with self.app.database.session() as session:  # type: ignore[attr-defined]
                plan = revert_preview(session, group_uid=self.group_uid)
        except Exception as exc:
            self.post_message(self.Failed(describe(exc)))
            return
        self.post_message(self.Previewed(plan))

    @work(thread=True, exclusive=True, group="revert", exit_on_error=False)
    def run_revert(self) -> None:
        from officer_tui.services.errors import ValidationError
        from officer_tui.services.history import revert

        try:
            with self.app.database.session() as session:  # type: ignore[attr-defined]
                plan = revert(session, group_uid=self.group_uid)
        except ValidationError as exc:
            problems = "; ".join(message for _field, message in exc.problems)
            self.post_message(self.Failed(_("Cannot revert: {problems}").format(problems=problems)))
            self.app.call_from_thread(self.preview)  # show the plan as it is now
            return
        except Exception as exc:
            self.post_message(self.Failed(describe(exc)))
            return
        self.post_message(self.Reverted(plan))

    @on(Previewed)
    def _previewed(self, message: Previewed) -> None:
        plan = self.plan = message.plan
        self.busy = False
        self.query_one("#revert-sentence", Static).update(plan_sentence(plan))
        self.query_one("#revert-plan", Static).update(plan_text(plan))
        verdict = self.query_one("#revert-verdict", Static)
        verdict.set_class(not plan.ok or plan.nothing_to_do, "-refused")
        if not plan.ok:
            verdict.update(_("This change cannot be reverted: {problems}. Nothing will be changed.")
                           .format(problems="; ".join(plan.problems)))
        elif plan.nothing_to_do:
            verdict.update(_("Nothing to revert: everything is already as it was before."))
        elif plan.changed_since:
            verdict.update(ngettext(
                "⚠ {n} field was changed again since; its later value is lost. Enter reverts, Esc cancels.",
                "⚠ {n} fields were changed again since; their later values are lost. Enter reverts, Esc cancels.",
                plan.changed_since).format(n=plan.changed_since))
        else:
            verdict.update(_("Enter reverts, Esc cancels."))
        self.refresh_bindings()

    @on(Reverted)
    def _reverted(self, message: Reverted) -> None:
        self.notify(_("Undone: {what}").format(what=undo_text(message.plan)))
        self.dismiss(True)

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self.busy = False
        self.notify(message.text, severity="error", timeout=10)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "confirm":
            plan = self.plan
            return plan is not None and plan.ok and not plan.nothing_to_do and not self.busy
        return True

    def action_confirm(self) -> None:
        if self.check_action("confirm", ()):
            self.busy = True
            self.refresh_bindings()
            self.run_revert()

    def action_cancel(self) -> None:
        self.dismiss(False)
