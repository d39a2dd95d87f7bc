"""The status report (Lagebericht) from the palette: a period, the report as Markdown, save.

The period defaults to the 30 days up to today; the fields take ISO and German dates
(``1.10.2026``) and phrases (``today``, ``vor 2 Wochen`` …). ``Enter`` in a field (or the Show
button) makes the report again, in a worker; a newer report overtakes an older one. ``s`` /
``Ctrl+S`` saves the report shown into the exports folder (mode 0600) and names the file;
``Esc`` closes.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label, Static
from textual.worker import get_current_worker

from officer_tui import clock
from officer_tui.i18n import N_, _, date_hint, format_date
from officer_tui.ui.errors import describe
from officer_tui.ui.localize import Localized
from officer_tui.ui.widgets.markdown_notes import MarkdownNotes

HELP = N_(
    """The status report (*Lagebericht Digitalisierung*) for management, in Markdown: key
figures, the portfolio by field of action with the projects at risk or off track, the
decisions of the meetings held in the period, open and overdue items as of today, training
coverage per programme and target unit, and the requests received and closed in the period.

`p` goes to the period: type **From** and **To** (e.g. `1.10.2026`, `2026-10-01`, `today`)
and press `Enter`: the report is made again. Without a change it covers the 30 days up to today.

`s` or `Ctrl+S` saves the report shown into the exports folder (readable by you only: it names
people); the notification names the file. The same report on the command line:
`officer report status --from DATE --to DATE --out FILE.md`.
"""
)


class StatusReportScreen(Localized, ModalScreen[None]):
    HELP_TITLE = N_("Status report (Lagebericht)")
    HELP = HELP

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", N_("Close"), id="status_report.close",
                tooltip=N_("Close the status report")),
        Binding("ctrl+s", "save", N_("Save"), id="status_report.save", priority=True,
                tooltip=N_("Save the report shown into the exports folder")),
        Binding("s", "save", N_("Save"), show=False, id="status_report.save_key",
                tooltip=N_("Save the report shown into the exports folder")),
        Binding("p", "period", N_("Period"), id="status_report.period",
                tooltip=N_("Type the period: From, then Tab to To; Enter makes the report")),
        Binding("ctrl+r", "reload", N_("Make again"), id="status_report.reload",
                tooltip=N_("Make the report again for the period in the fields")),
        Binding("question_mark", "app.help", N_("Help"), show=False, id="status_report.help",
                tooltip=N_("Help for the status report")),
    ]
    CSS_PATH = "status_report.tcss"

    class Loaded(Message):
        def __init__(self, start: date, end: date, text: str) -> None:
            super().__init__()
            self.start = start
            self.end = end
            self.text = text

    class Failed(Message):
        def __init__(self, field: str | None, text: str) -> None:
            super().__init__()
            self.field = field
            self.text = text

    class Saved(Message):
        def __init__(self, path: Path) -> None:
            super().__init__()
            self.path = path

    def __init__(self, *, start: date | None = None, end: date | None = None) -> None:
        super().__init__()
        from officer_tui.services.status_report import resolve_period

        self.today = clock.today()
        self.start, self.end = resolve_period(start, end, today=self.today)
        self.text = ""  # the report shown (what `s` saves)
        self.shown: tuple[date, date] | None = None  # its period
        self.loading = False
        self.saving = False

    def compose(self) -> ComposeResult:
        with Vertical(id="status-report"):
            with Horizontal(id="report-period"):
                yield Label(_("From"))
                yield Input(format_date(self.start), id="report-from", compact=True,
                            placeholder=date_hint())
                yield Label(_("To"))
                yield Input(format_date(self.end), id="report-to", compact=True,
                            placeholder=date_hint())
                yield Button(_("Show"), id="report-show", compact=True)
                yield Static("", id="report-spacer")
                yield Button(_("Save"), id="report-save", variant="primary", compact=True,
                             disabled=True)
            yield Static("", id="report-error", classes="field-error", markup=False)
            yield Static("", id="report-state", markup=False)
            yield MarkdownNotes(id="report-text")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#status-report", Vertical).border_title = _("Status report (Lagebericht)")
        self.query_one("#report-text", MarkdownNotes).focus()
        self.action_reload()

    # --- making the report ----------------------------------------------------------------

    def _period(self) -> tuple[date, date] | None:
        """The period in the fields, or None after showing what is wrong."""
        from officer_tui.services.dates import parse_date
        from officer_tui.services.errors import ValidationError
        from officer_tui.services.status_report import resolve_period

        for name in ("from", "to"):
            self.query_one(f"#report-{name}", Input).remove_class("-invalid")
        try:
            start = parse_date(self.query_one("#report-from", Input).value, field="from",
                               today=self.today)
            end = parse_date(self.query_one("#report-to", Input).value, field="to",
                             today=self.today)
            return resolve_period(start, end, today=self.today)
        except ValidationError as exc:
            self._show_error(exc.field, exc.message)
            return None

    def _show_error(self, field: str | None, text: str) -> None:
        labels = {"from": _("From"), "to": _("To")}
        error = self.query_one("#report-error", Static)
        error.update(Text(f"{labels[field]}: {text}" if field in labels else text))
        error.add_class("-shown")
        if field in labels:
            box = self.query_one(f"#report-{field}", Input)
            box.add_class("-invalid")
            box.focus()
            box.select_all()

    @on(Input.Submitted, "#report-period Input")
    @on(Button.Pressed, "#report-show")
    def action_reload(self) -> None:
        period = self._period()
        if period is None:
            return
        self.query_one("#report-error", Static).remove_class("-shown")
        self.start, self.end = period
        # What the fields now mean, written out (a phrase such as "today" becomes a date).
        self.query_one("#report-from", Input).value = format_date(self.start)
        self.query_one("#report-to", Input).value = format_date(self.end)
        self.loading = True
        self._update_state()
        self.make_report(self.start, self.end)

    @work(thread=True, exclusive=True, group="status-report", exit_on_error=False)
    def make_report(self, start: date, end: date) -> None:
        from officer_tui.services.errors import ValidationError
        from officer_tui.services.status_report import status_report

        worker = get_current_worker()
        try:
            with self.app.database.session() as session:  # type: ignore[attr-defined]
                text = status_report(session, start=start, end=end, today=self.today)
        except ValidationError as exc:
            if not worker.is_cancelled:
                self.post_message(self.Failed(exc.field, exc.message))
            return
        except Exception as exc:
            if not worker.is_cancelled:
                self.post_message(self.Failed(None, describe(exc)))
            return
        if not worker.is_cancelled:
            self.post_message(self.Loaded(start, end, text))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        if (message.start, message.end) != (self.start, self.end):
            return  # an older period: the newer report is on its way
        self.loading = False
        self.text, self.shown = message.text, (message.start, message.end)
        view = self.query_one("#report-text", MarkdownNotes)
        view.show(message.text)
        # From the period to the report (s saves, arrows scroll), unless a new period is being
        # typed meanwhile. Focused once it shows: a view focused while it is being replaced
        # loses the focus again.
        typed = (self.query_one("#report-from", Input).value,
                 self.query_one("#report-to", Input).value)
        if typed == (format_date(self.start), format_date(self.end)):
            self.call_after_refresh(view.focus)
        self._update_state()

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self.loading = self.saving = False
        self._show_error(message.field, message.text)
        self._update_state()

    def _update_state(self) -> None:
        state = self.query_one("#report-state", Static)
        if self.loading:
            state.update(_("Making the report for {start} to {end} …").format(
                start=format_date(self.start), end=format_date(self.end)))
        elif self.shown is not None:
            state.update(_("Report for {start} to {end}, made on {today}. s saves it.").format(
                start=format_date(self.shown[0]), end=format_date(self.shown[1]),
                today=format_date(self.today)))
        self.query_one("#report-save", Button).disabled = not self._can_save()
        self.refresh_bindings()

    # --- saving ---------------------------------------------------------------------------

    def _can_save(self) -> bool:
        return bool(self.text) and not self.loading and not self.saving

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "save":
            return True if self._can_save() else None
        return True

    @on(Button.Pressed, "#report-save")
    def action_save(self) -> None:
        if not self._can_save() or self.shown is None:
            return
        self.saving = True
        self._update_state()
        self.write_report(self.text, *self.shown)

    @work(thread=True, exclusive=True, group="status-report-save", exit_on_error=False)
    def write_report(self, text: str, start: date, end: date) -> None:
        from officer_tui.services.errors import ValidationError
        from officer_tui.services.meeting_queries import exports_folder
        from officer_tui.services.private_file import write_private
        from officer_tui.services.status_report import file_name

        try:
            path = write_private(exports_folder() / file_name(start, end), text, field="file")
        except ValidationError as exc:
            self.post_message(self.Failed(None, exc.message))
            return
        except Exception as exc:
            self.post_message(self.Failed(None, describe(exc)))
            return
        self.post_message(self.Saved(path))

    @on(Saved)
    def _saved(self, message: Saved) -> None:
        self.saving = False
        self._update_state()
        self.notify(_("Status report saved to {path}").format(path=str(message.path)),
                    title=_("Saved"), timeout=10)

    def action_period(self) -> None:
        field = self.query_one("#report-from", Input)
        field.focus()
        field.select_all()

    def action_close(self) -> None:
        self.dismiss(None)
