"""Import a participant list (CSV or XLSX) into a session: read, map columns, preview, confirm.

The steps are those of every spreadsheet import (``import_base``); this dialog adds how people
are enrolled and the preview's contact matches. Nothing is written until the user confirms.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.widgets import DataTable, Label, Select, Static

from officer_tui.i18n import N_, _, ngettext
from officer_tui.labels import enrollment_status_label
from officer_tui.models.enums import EnrollmentStatus
from officer_tui.ui.formatting import themed
from officer_tui.ui.screens.import_base import SpreadsheetImportScreen, import_bindings
from officer_tui.ui.screens.pickers import DIALOG_CSS

if TYPE_CHECKING:
    from sqlmodel import Session

    from officer_tui.services.progress import Progress
    from officer_tui.services.training_views import ImportLine, ImportPreview
    from officer_tui.ui.screens.import_base import Writer

SHOWN_LINES = 300
MAPPED_FIELDS = {
    "name": N_("Name"),
    "first_name": N_("First name"),
    "last_name": N_("Last name"),
    "email": N_("E-mail"),
    "unit": N_("Unit"),
    "role": N_("Role"),
}
IMPORT_STATUSES = (EnrollmentStatus.REGISTERED, EnrollmentStatus.ATTENDED, EnrollmentStatus.INVITED)

HELP = N_(
    """Import the participant list people already have (CSV or Excel .xlsx) into this session.

1. Type the path of the file and press `Enter`. The first row must hold the column names.
2. Check the **column mapping**: the app guesses it from names such as Name, Vorname,
   Nachname, E-Mail, Fachbereich, Abteilung, Funktion. Change a column and the preview
   follows.
3. The **preview** says for each line whether it matches a known contact (by e-mail, else by
   name), makes a new contact, or is skipped, and why (no name, a bad e-mail address, an
   unknown unit, the same person twice). Lines with problems come first.
4. Choose how people are enrolled (registered, attended for a list signed at the session, or
   invited) and press `Ctrl+S` to import. Nothing is written before that. A full session puts
   further registrations on the waiting list.

New contacts are recorded with the purpose "Teilnahme an Qualifizierung" and its legal basis.
"""
)


def result_text(line: ImportLine) -> Text:
    if line.problem is not None:
        return Text("✗ " + line.problem, style=themed("bold $text-error"))
    if line.already_enrolled:
        return Text("= " + _("already enrolled"), style="dim")
    if line.creates_contact:
        return Text("+ " + _("new contact"), style=themed("$text-secondary"))
    return Text("✓ " + _("known contact #{id}").format(id=line.contact_id), style=themed("$text-success"))


class ParticipantImportScreen(SpreadsheetImportScreen[dict | None]):
    """Dismisses with the import's counts, or None when nothing was imported."""

    HELP_TITLE = N_("Import participants")
    HELP = HELP
    BINDINGS: ClassVar[list[BindingType]] = import_bindings(
        "import", N_("Write the good lines: create the new contacts and enroll everyone"))
    DEFAULT_CSS = "ParticipantImportScreen {" + DIALOG_CSS + """
        & > Vertical { width: 98%; height: 96%; max-height: 96%; }
        & .dialog-title { margin-bottom: 0; height: 1; text-wrap: nowrap; text-overflow: ellipsis; }
        & .import-line { height: 1; margin-top: 1; }
        & .import-line Label { width: auto; padding-right: 1; color: $text-muted; }
        & #import-path { width: 1fr; }
        & .import-line Button { margin-left: 1; min-width: 8; }
        & #import-mapping { layout: grid; grid-size: 3; grid-gutter: 0 2; height: auto; margin-top: 1; }
        & .map-cell { height: 1; }
        & .map-cell Label { width: 12; color: $text-muted; }
        & .map-cell Select { width: 1fr; }
        & #import-status { width: 28; }
        & #import-spacer { width: 1fr; }
        & #import-progress { margin-top: 1; display: none; }
        & #import-progress.-busy { display: block; }
        & #import-summary { height: auto; margin-top: 1; }
        & #import-preview { height: 1fr; min-height: 4; }
    }"""
    ID_PREFIX = "import"
    PLACEHOLDER = N_("e.g. ~/Downloads/participants.xlsx; Enter reads it")
    NO_PREVIEW = N_("Choose the column with the names (or first and last names).")

    def __init__(self, *, session_id: int, title: str = "") -> None:
        super().__init__(fields=MAPPED_FIELDS)
        self.session_id = session_id
        self._title = title
        self.preview: ImportPreview | None = None

    def title_text(self) -> str:
        title = _("Import participants")
        return title + " · " + self._title if self._title else title

    def compose_actions(self) -> ComposeResult:
        with Horizontal(classes="import-line"):
            yield Label(_("Enroll as"))
            yield Select([(enrollment_status_label(s), s.value) for s in IMPORT_STATUSES],
                         value=EnrollmentStatus.REGISTERED.value, allow_blank=False,
                         id="import-status", compact=True)
            yield Static("", id="import-spacer")
            yield from self.buttons()
        yield self.progress_bar()
        yield self.summary_line()
        yield self.preview_table()

    # --- the participant services -----------------------------------------------------------

    def guess_mapping(self, headers: list[str]) -> dict[str, int]:
        from officer_tui.services import participant_import

        return participant_import.guess_mapping(headers)

    def check_lines(self, session: Session, mapping: dict[str, int],
                    progress: Progress) -> ImportPreview:
        from officer_tui.services import participant_import

        return participant_import.preview(session, headers=self.headers, rows=self.rows,
                                          mapping=mapping, session_id=self.session_id)

    def importable(self, preview: ImportPreview) -> int:
        return preview.good

    def writer(self) -> Writer | None:
        preview = self.preview
        if preview is None:
            return None
        status = EnrollmentStatus(self.query_one("#import-status", Select).value)
        session_id = self.session_id

        def write(session: Session, progress: Progress) -> dict[str, int]:
            from officer_tui.services import participant_import

            return participant_import.apply_import(
                session, preview=preview, session_id=session_id, status=status,
                progress=lambda done, total: progress("", done, total))

        return write

    # --- what the user sees -----------------------------------------------------------------

    def show_lines(self, table: DataTable, preview: ImportPreview) -> None:
        for key, label in (("line", _("Line")), ("result", _("Result")), ("name", _("Name")),
                           ("email", _("E-mail")), ("unit", _("Unit"))):
            table.add_column(label, key=key)
        ordered = sorted(preview.lines, key=lambda line: (line.problem is None, line.line_no))
        for line in ordered[:SHOWN_LINES]:
            table.add_row(Text(str(line.line_no), justify="right"), result_text(line), Text(line.name),
                          Text(line.email), Text(line.unit), key=str(line.line_no))

    def summary(self, preview: ImportPreview) -> Text:
        total = len(preview.lines)
        already = sum(1 for line in preview.lines if line.already_enrolled)
        text = Text(ngettext("{n} line", "{n} lines", total).format(n=total) + ": ", style="bold")
        text.append(_("{n} to import").format(n=preview.good), style=themed("$text-success"))
        details = [ngettext("{n} new contact", "{n} new contacts", preview.new_contacts).format(
            n=preview.new_contacts)]
        if already:
            details.append(_("{n} already enrolled").format(n=already))
        text.append(" (" + ", ".join(details) + ")")
        if preview.bad:
            text.append(" · ")
            text.append(ngettext("{n} line with a problem is skipped", "{n} lines with problems are skipped",
                                 preview.bad).format(n=preview.bad), style=themed("bold $text-error"))
        if total > SHOWN_LINES:
            text.append(" · " + _("the first {n} lines are shown, problems first").format(n=SHOWN_LINES),
                        style="dim")
        text.append("\n" + _("Nothing is written until you confirm with Ctrl+S."), style="dim")
        return text

    def done_text(self, counts: dict[str, int]) -> str:
        parts = [ngettext("{n} person enrolled", "{n} people enrolled",
                          counts.get("enrolled", 0)).format(n=counts.get("enrolled", 0))]
        if counts.get("waitlisted"):
            parts.append(_("{n} on the waiting list").format(n=counts["waitlisted"]))
        if counts.get("contacts_created"):
            parts.append(ngettext("{n} new contact", "{n} new contacts",
                                  counts["contacts_created"]).format(n=counts["contacts_created"]))
        if counts.get("already_enrolled"):
            parts.append(_("{n} already enrolled").format(n=counts["already_enrolled"]))
        if counts.get("skipped"):
            parts.append(ngettext("{n} line skipped", "{n} lines skipped",
                                  counts["skipped"]).format(n=counts["skipped"]))
        return _("Import done: {parts}.").format(parts=", ".join(parts))
