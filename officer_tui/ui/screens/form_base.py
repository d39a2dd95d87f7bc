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
    """

    FIELDS: ClassVar[dict[str, str]] = {}

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", N_("Save"), id="form.save", tooltip=N_("Save and close")),
        Binding("escape", "cancel", N_("Cancel"), id="form.cancel", tooltip=N_("Close without saving")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._warned = False
        self._saving = False
        self._pristine: dict[str, object] | None = None  # the values as loaded

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
        self._pristine = self._values()

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
        from officer_tui.services.errors import ValidationError

        try:
            with self.app.database.session() as session:  # type: ignore[attr-defined]
                record_id = self.write(session, data)  # type: ignore[attr-defined]
        except ValidationError as exc:
            self.post_message(self.Invalid(exc.problems))
            return
        except Exception as exc:  # shown in the form, never a traceback
            self.post_message(self.Invalid([("record", describe(exc))]))
            return
        self.post_message(self.Saved(record_id))

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
