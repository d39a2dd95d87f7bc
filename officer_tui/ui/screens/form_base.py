"""What every record form shares: inline field errors, ctrl+s / escape, unsaved-change guard."""

from __future__ import annotations

from typing import ClassVar, Generic, TypeVar

from rich.text import Text
from textual import on, work
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Select, Static, TextArea

from officer_tui.i18n import N_, _
from officer_tui.ui.errors import describe
from officer_tui.ui.localize import Localized

FORM_CSS = """
    align: center middle;
    & > #form {
        width: 84; max-width: 98%; height: auto; max-height: 96%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    & .form-title { text-style: bold; }
    & .form-row { height: auto; }
    & .form-cell { width: 1fr; height: auto; margin-right: 1; }
    & .form-cell Label { color: $text-muted; }
    & .form-buttons { height: auto; align-horizontal: right; }
    & .form-buttons Button { margin-left: 1; }
    & .hint { color: $text-muted; }
    & TextArea { height: 6; }
"""


T = TypeVar("T")


class RecordForm(Localized, ModalScreen[T | None], Generic[T]):
    """Base for modal forms: inline errors, Ctrl+S / Esc, the unsaved-changes guard, saving.

    A subclass maps service field names to widget ids in ``FIELDS`` and defines
    ``collect(self) -> dict | None`` (UI thread: read the widgets; None after showing errors)
    and ``write(self, session, data) -> int`` (worker thread: call the services, return the
    record's id; a ``ValidationError`` shows its problems under the fields).

    Conflicts: a form with ``RELOADS = True`` has a ``load()`` worker whose result handler
    fills the widgets from the record while ``self.filling`` (and takes ``self._version``
    from it), then calls ``done_loading()``. When a save is refused because someone else
    saved the record meanwhile, the form loads the record again that way, reads "theirs"
    from the widgets, puts "mine" back and shows the ``ConflictScreen`` (keep mine, take
    theirs, or merge field by field). Other forms refuse with a message.
    """

    FIELDS: ClassVar[dict[str, str]] = {}
    RELOADS: ClassVar[bool] = False

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", N_("Save"), id="form.save", tooltip=N_("Save and close")),
        Binding("escape", "cancel", N_("Cancel"), id="form.cancel", tooltip=N_("Close without saving")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._warned = False
        self._saving = False
        self._pristine: dict[str, object] | None = None  # the values as loaded
        self._reloading = False  # loading the stored record again after a refused save
        self._mine: dict[str, object] = {}  # the values typed, while the record reloads
        self._base: dict[str, object] = {}  # the values the form was opened with
        self._base_version: int | None = None  # and the record's version then
        self._saved_by: tuple[str, object] = ("", None)  # who saved meanwhile, when (history)

    # "Unsaved changes" compares values with those the form was loaded with: Selects report
    # values set while loading only later, so counting change events would cry wolf.

    def _values(self) -> dict[str, object]:
        values: dict[str, object] = {}
        for widget in self.query("Input, TextArea, Select, Checkbox, RadioButton"):
            if widget.id:
                values[widget.id] = widget.text if isinstance(widget, TextArea) else widget.value
        return values

    def done_loading(self) -> None:
        """Call when the form shows the record: what it holds now counts as unchanged."""
        self.call_after_refresh(self._take_snapshot)

    def _take_snapshot(self) -> None:
        if self._reloading:
            self._reloading = False
            self._offer_conflict()
            return
        self._pristine = self._values()

    @property
    def filling(self) -> bool:
        """Put the loaded record into the widgets: on the first load and after a conflict."""
        return getattr(self, "_version", None) is None or self._reloading

    def refresh_pristine(self, *widget_ids: str) -> None:
        """A field filled late (its options loaded after the rest) counts as unchanged."""
        if self._pristine is not None:
            values = self._values()
            for widget_id in widget_ids:
                self._pristine[widget_id] = values.get(widget_id)

    @property
    def is_dirty(self) -> bool:
        return self._pristine is not None and self._values() != self._pristine

    def mark_dirty(self) -> None:
        """Kept for forms that track more than widget values; the value check decides."""
        self._warned = False

    def clear_errors(self) -> None:
        for error in self.query(".field-error"):
            error.remove_class("-shown")
        for widget in self.query(".-invalid"):
            widget.remove_class("-invalid")

    def show_errors(self, problems: list[tuple[str, str]]) -> None:
        """Mark each named field and say what is wrong beneath it; focus the first."""
        self.clear_errors()
        first: Widget | None = None
        unplaced = []
        for field, message in problems:
            widget_id = self.FIELDS.get(field)
            if widget_id is None:
                unplaced.append(message)
                continue
            widget = self.query_one(f"#{widget_id}")
            widget.add_class("-invalid")
            error = self.query_one(f"#{widget_id}-error", Static)
            error.update(Text(message))  # literal: the message may quote what was typed
            error.add_class("-shown")
            first = first or widget
        if first is not None:
            first.focus()
        if unplaced:
            self.notify("; ".join(unplaced), severity="error", markup=False)

    def action_cancel(self) -> None:
        if self.is_dirty and not self._warned:
            self._warned = True
            self.notify(_("Unsaved changes. Press Esc again to discard them, Ctrl+S to save."),
                        severity="warning")
            return
        self.dismiss(None)

    # --- saving: the same path for every form ------------------------------------------------

    class Saved(Message):
        """The record was stored; ``record_id`` is its id."""

        def __init__(self, record_id: int) -> None:
            super().__init__()
            self.record_id = record_id

    class Stale(Message):
        """Someone else saved the record since the form loaded it; nothing was written.
        ``saved_by``/``saved_at``: the newest change of the record in the history ("" / None
        when unknown)."""

        def __init__(self, saved_by: str = "", saved_at: object = None) -> None:
            super().__init__()
            self.saved_by = saved_by
            self.saved_at = saved_at

    class Invalid(Message):
        """The services refused the input: (field, message) pairs."""

        def __init__(self, problems: list[tuple[str, str]]) -> None:
            super().__init__()
            self.problems = problems

    def saved_text(self, record_id: int) -> str | None:
        """What to say when saved (None: nothing)."""
        return None

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        if self._saving:
            return
        data = self.collect()  # type: ignore[attr-defined]
        if data is None:
            return
        self._saving = True
        self._store(data)

    @work(thread=True, exclusive=True, group="form-save", exit_on_error=False)
    def _store(self, data: dict) -> None:
        from officer_tui.services.errors import StaleVersion, ValidationError

        try:
            with self.app.database.session() as session:  # type: ignore[attr-defined]
                record_id = self.write(session, data)  # type: ignore[attr-defined]
        except ValidationError as exc:
            self.post_message(self.Invalid(exc.problems))
            return
        except StaleVersion as exc:
            if self.RELOADS:
                self.post_message(self.Stale(*self._last_saved()))
            else:
                self.post_message(self.Invalid([("record", describe(exc))]))
            return
        except Exception as exc:  # shown in the form, never a traceback
            self.post_message(self.Invalid([("record", describe(exc))]))
            return
        self.post_message(self.Saved(record_id))

    def _last_saved(self) -> tuple[str, object]:
        """(who, when) of the record's newest change, read after a refused save (worker
        thread); ("", None) when the history cannot say."""
        from officer_tui.services.history import record_history
        from officer_tui.ui.screens.history import history_target

        target = history_target(self)
        if target is None:
            return "", None
        try:
            with self.app.database.session() as session:  # type: ignore[attr-defined]
                newest = record_history(session, table=target.table, record_id=target.record_id,
                                        limit=1)
        except Exception:  # the dialog still works without the name
            return "", None
        return (newest[0].user, newest[0].at) if newest else ("", None)

    @on(Saved)
    def _saved(self, message: Saved) -> None:
        text = self.saved_text(message.record_id)
        if text:
            self.notify(text, markup=False)
        self.dismiss(message.record_id)

    @on(Invalid)
    def _invalid(self, message: Invalid) -> None:
        self._saving = False
        self.show_errors(message.problems)

    @on(Stale)
    def _stale(self, message: Stale) -> None:
        """Load the stored record through the form's own load path; ``_offer_conflict`` follows."""
        self._saved_by = (message.saved_by, message.saved_at)
        self.clear_errors()
        self._mine = self._values()
        self._base = dict(self._pristine or self._mine)
        self._base_version = getattr(self, "_version", None)
        self._reloading = True
        self.load()  # type: ignore[attr-defined]

    def _offer_conflict(self) -> None:
        from officer_tui.ui.screens.conflict import ConflictField, ConflictScreen

        theirs = self._values()
        mine, base = self._mine, self._base
        self._pristine = dict(theirs)  # the stored record (and its version) is the new base
        self.put_values(mine)
        differing = [key for key in mine if mine[key] != theirs.get(key)]
        if not differing:  # they changed nothing the form shows differently: save on the new version
            self._saving = False
            self.action_save()
            return
        fields = [
            ConflictField(
                key=key,
                label=self.field_label_of(key),
                base=self.shown_value(key, base.get(key)),
                mine=self.shown_value(key, mine[key]),
                theirs=self.shown_value(key, theirs.get(key)),
                mine_changed=mine[key] != base.get(key),
                theirs_changed=theirs.get(key) != base.get(key),
            )
            for key in differing
        ]

        def resolved(result: tuple[str, dict[str, str]] | None) -> None:
            self._saving = False
            if result is None:  # back to the form, with everything typed, as if not saved:
                self._version = self._base_version  # the next save offers this choice again
                self._pristine = dict(base)
                return
            how, choices = result
            if how == "theirs":
                self.put_values(theirs)
                self._warned = False
                self.notify(_("The stored version is shown; your changes were discarded."))
                return
            if how == "merge":
                self.put_values({key: theirs.get(key) for key, pick in choices.items() if pick == "theirs"})
            self.action_save()

        saved_by, saved_at = self._saved_by
        self.app.push_screen(ConflictScreen(fields, saved_by=saved_by, saved_at=saved_at), resolved)

    def put_values(self, values: dict[str, object]) -> None:
        """Set widgets (by id) to ``values`` as read by ``_values``; unknown choices are skipped."""
        from textual.widgets import Checkbox, RadioButton

        for key, value in values.items():
            try:
                widget = self.query_one(f"#{key}")
            except Exception:
                continue
            if isinstance(widget, TextArea):
                widget.text = str(value or "")
            elif isinstance(widget, (Input, Select, Checkbox, RadioButton)):
                try:
                    widget.value = value  # type: ignore[assignment]
                except Exception:  # a choice that no longer exists
                    continue

    def field_label_of(self, widget_id: str) -> str:
        """The field's name for people: from ``FIELDS`` and the shared labels."""
        from officer_tui.ui.errors import field_label

        for field, wid in self.FIELDS.items():
            if wid == widget_id:
                return field_label(field)
        return field_label(widget_id)

    def shown_value(self, widget_id: str, value: object) -> str:
        """``value`` of widget ``widget_id`` as the form shows it (the label of a choice)."""
        from textual.widgets import Checkbox, RadioButton

        try:
            widget = self.query_one(f"#{widget_id}")
        except Exception:
            return "" if value is None else str(value)
        if isinstance(widget, Select):
            if value is None or value is Select.NULL:
                return ""
            for prompt, option in widget._options:
                if option == value:
                    return prompt.plain if isinstance(prompt, Text) else str(prompt)
            return str(value)
        if isinstance(widget, (Checkbox, RadioButton)):
            return _("yes") if value else _("no")
        return "" if value is None else str(value)

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def action_new_unit(self) -> None:
        """For forms with a unit field (bound to Ctrl+U there): create one, then select it."""
        from officer_tui.ui.screens.unit_form import UnitFormScreen

        def created(unit_id: int | None) -> None:
            if unit_id is not None:
                self.load(select_unit=unit_id)  # type: ignore[attr-defined]

        self.app.push_screen(UnitFormScreen(), created)

    # helpers for subclasses
    def value_of(self, widget_id: str) -> str:
        widget = self.query_one(f"#{widget_id}")
        if isinstance(widget, Input):
            return widget.value
        if isinstance(widget, TextArea):
            return widget.text
        raise TypeError(widget_id)

    def choice_of(self, widget_id: str) -> object | None:
        value = self.query_one(f"#{widget_id}", Select).value
        return None if value is Select.NULL else value
