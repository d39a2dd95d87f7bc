"""The Units and contacts pane (key 7): who works where, and how to reach them.

Data flow as in the Requests pane: workers ask services for the units (a small tree, loaded
whole) and for the ordered ids of the contacts in the chosen unit and the units below it; the
table gets only the rows it shows. The tree, the table and the detail panel never touch the
database.
"""

from __future__ import annotations

from array import array
from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input, Static, Tree

from officer_tui import clock
from officer_tui.i18n import N_, _, format_date, ngettext
from officer_tui.labels import unit_kind_label
from officer_tui.models.views import UnitRow
from officer_tui.ui.errors import describe
from officer_tui.ui.formatting import review_text, themed
from officer_tui.ui.localize import Localized
from officer_tui.ui.screens.gdpr import PersonActions
from officer_tui.ui.widgets.contact_filter import ContactFilter, ContactFilterBar
from officer_tui.ui.widgets.detail_panel import DetailPanel
from officer_tui.ui.widgets.pane_bar import PaneBar
from officer_tui.ui.widgets.unit_tree import UnitTree
from officer_tui.ui.widgets.virtual_table import Column, Row, VirtualTable

if TYPE_CHECKING:
    from officer_tui.models.org import Contact, OrgUnit
    from officer_tui.services.contacts import PersonRow
    from officer_tui.services.database import Database

HELP = N_(
    """This pane holds the units (departments, houses, the IT provider, partners) and the
people in them.

**Units** are on the left, as a tree. Move with the arrow keys: the list shows the contacts
of the unit under the cursor and of the units below it. `Enter` goes to the list, `Space`
folds a unit, `Tab` moves between tree and list.

**Contacts**: `n` adds one to the chosen unit, `Enter` opens the highlighted person: their
whole history (requests, logged contacts ...), newest first. `e` edits the person (in the
list) or the unit (in the tree). `l` logs a contact (date, channel, note).

**Filter** with `/`: name, e-mail or role (upper/lower case and accents do not matter), a
role, and the facets "losing touch" and "review due"; `Esc` clears it. `t` shows only the
people you are **losing touch** with (⚠: last contact longer ago than their stay-in-touch
interval, or the default of their unit kind: IT provider 14 days, departments and city offices
60, houses 90, external partners 180). `r` shows the people whose data protection **review**
date has come (§).

**Data protection**: `x` exports everything about the highlighted person (Art. 15 GDPR) to
the exports folder; `D` erases the person (Art. 17) after a confirmation that says what will
change. Erased people leave the list; their requests stay and show "erased person".

**Units**: `u` adds a unit below the chosen one, `e` in the tree edits the chosen unit (name,
kind, parent, headcount for training coverage, notes).

The detail panel (on the right, or below the list in a narrow window) shows the highlighted
contact, or the chosen unit while the tree has the focus. In a form, `Ctrl+S` saves, `Esc` cancels and `Ctrl+U` creates a missing unit.
"""
)


def contact_columns() -> list[Column]:
    return [
        Column("name", _("Name"), width=None, min_width=16),
        Column("role", _("Role"), width=None, min_width=14),
        Column("unit", _("Unit"), width=20, hide_below=60),
        Column("last", _("Last contact"), width=14, shrink_to=12),
        Column("review", _("Review"), width=12, hide_below=90),
        Column("email", _("E-mail"), width=26, hide_below=118),
        Column("phone", _("Phone"), width=16, hide_below=135),
    ]


def to_row(row: PersonRow) -> Row:
    from officer_tui.ui.screens.contact_detail import last_contact_text

    review: str | Text = format_date(row.review_on) if row.review_on else ""
    if row.review_due:
        review = Text("§ " + format_date(row.review_on), style=themed("bold $text-warning"))
    return Row(key=row.id, cells=(row.name, row.role, row.unit_name or "",
                                  last_contact_text(row, clock.today()), review, row.email, row.phone))


def descendants(units: list[UnitRow], unit_id: int) -> list[UnitRow]:
    """The units below ``unit_id`` (``units`` in tree order, as ``list_units`` gives them)."""
    below: set[int] = {unit_id}
    found = []
    for unit in units:
        if unit.parent_id in below:
            below.add(unit.id)
            found.append(unit)
    return found


class ContactsScreen(PersonActions, Localized, Screen[None]):
    HELP_TITLE = N_("Units and contacts")
    HELP = HELP
    CSS_PATH = "contacts.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new_contact", N_("New contact"), id="contacts.new",
                tooltip=N_("Add a person to the chosen unit")),
        Binding("u", "new_unit", N_("New unit"), id="contacts.new_unit",
                tooltip=N_("Add a unit below the chosen one")),
        Binding("e", "edit", N_("Edit"), id="contacts.edit",
                tooltip=N_("Edit the highlighted person (list) or the chosen unit (tree)")),
        Binding("l", "log", N_("Log contact"), id="contacts.log",
                tooltip=N_("Note a call, meeting or conversation with the highlighted person")),
        Binding("slash", "filter", N_("Filter"), id="contacts.filter",
                tooltip=N_("Filter by name, e-mail, role, losing touch, review due")),
        Binding("t", "toggle_losing", N_("Losing touch"), id="contacts.losing_touch",
                tooltip=N_("Only the people whose last contact is older than their interval")),
        Binding("r", "toggle_review", N_("Review due"), id="contacts.review_due",
                tooltip=N_("Only the people whose data protection review date has come")),
        Binding("x", "export", N_("Export"), id="contacts.export",
                tooltip=N_("Export everything about the highlighted person (Art. 15 GDPR)")),
        Binding("D", "erase", N_("Erase"), id="contacts.erase",
                tooltip=N_("Erase the highlighted person (Art. 17 GDPR), after a confirmation")),
        Binding("escape", "clear_filter", N_("Clear filter"), show=False, id="contacts.clear_filter",
                tooltip=N_("Show every contact of the chosen unit again")),
    ]

    # --- messages from workers --------------------------------------------------------------

    class UnitsLoaded(Message):
        def __init__(self, units: list[UnitRow]) -> None:
            super().__init__()
            self.units = units

    class Loaded(Message):
        def __init__(self, ids: array, rows: list[PersonRow], unit_id: int | None,
                     filters: ContactFilter, keep_key: int | None, start: int) -> None:
            super().__init__()
            self.ids = ids
            self.rows = rows
            self.unit_id = unit_id
            self.filters = filters
            self.keep_key = keep_key
            self.start = start

    class PageLoaded(Message):
        def __init__(self, start: int, rows: list[PersonRow], generation: int) -> None:
            super().__init__()
            self.start = start
            self.rows = rows
            self.generation = generation

    class ContactLoaded(Message):
        def __init__(self, contact: Contact, unit_name: str | None, authors: str = "") -> None:
            super().__init__()
            self.contact = contact
            self.unit_name = unit_name
            self.authors = authors  # "Created by … · last changed by …" ("" if unknown)

    class UsersLoaded(Message):
        def __init__(self, users: list[str]) -> None:
            super().__init__()
            self.users = users

    class UnitLoaded(Message):
        def __init__(self, unit: OrgUnit) -> None:
            super().__init__()
            self.unit = unit

    class Failed(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    # --- composition ----------------------------------------------------------------------

    def __init__(self) -> None:
        super().__init__()
        self.unit_id: int | None = None  # the chosen unit; None: all units
        self.filters = ContactFilter()
        self._units: list[UnitRow] = []
        self._ids: array = array("q")
        self._rows: dict[int, PersonRow] = {}  # the loaded rows, by contact id
        self._showing = "contact"  # what the detail panel follows: "contact" or "unit"
        self._detail_key: int | None = None  # the contact or unit shown in the detail panel
        self._debounce: Timer | None = None
        self._loaded_once = False
        self._form_open = False

    @property
    def database(self) -> Database:
        database = self.app.database  # type: ignore[attr-defined]
        assert database is not None, "the Contacts pane opens after the database"
        return database

    def compose(self) -> ComposeResult:
        yield PaneBar(self.app.pane_labels(), current="contacts",  # type: ignore[attr-defined]
                      location=self.database.shown_url)
        yield Static("", id="summary", markup=False)
        with Horizontal(id="body"):
            yield UnitTree(_("All units"), id="units")
            with Horizontal(id="main"):
                with Vertical(id="list-column"):
                    yield ContactFilterBar(id="filter-bar")
                    yield VirtualTable(contact_columns(), id="contacts-table")
                yield DetailPanel(id="detail")
        yield Footer()

    def on_mount(self) -> None:
        self.tree.focus()
        self.load_units()
        self.reload()

    def on_screen_resume(self) -> None:
        if self._form_open:  # back from our own form: its callback reloads if it saved
            self._form_open = False
        elif self._loaded_once:  # back from another pane: something may have changed there
            self._refresh_all(self.table.cursor_key)

    def on_resize(self) -> None:
        self.set_class(self.size.width < 150, "-narrow")  # the detail goes under the list
        self.set_class(self.size.width < 110, "-small")  # and the tree gets narrower

    @property
    def tree(self) -> UnitTree:
        return self.query_one("#units", UnitTree)

    @property
    def table(self) -> VirtualTable:
        return self.query_one("#contacts-table", VirtualTable)

    @property
    def filter_input(self) -> Input:
        return self.query_one("#contact-filter", Input)

    @property
    def filter_bar(self) -> ContactFilterBar:
        return self.query_one("#filter-bar", ContactFilterBar)

    @property
    def text(self) -> str:
        return self.filters.text

    # --- workers: database work off the UI thread -----------------------------------------

    @work(thread=True, exclusive=True, group="contacts-units", exit_on_error=False)
    def load_units(self) -> None:
        from officer_tui.services import units
        from officer_tui.services.authors import known_users

        try:
            with self.database.session() as session:
                rows = units.list_units(session)
                users = known_users(session)
        except Exception as exc:
            self.post_message(self.Failed(describe(exc)))
            return
        self.post_message(self.UnitsLoaded(rows))
        self.post_message(self.UsersLoaded(users))

    @work(thread=True, exclusive=True, group="contacts-load", exit_on_error=False)
    def reload(self, keep_key: int | None = None) -> None:
        from officer_tui.services import contacts, units

        unit_id, filters, today = self.unit_id, self.filters, clock.today()
        try:
            with self.database.session() as session:
                unit_ids = None if unit_id is None else units.unit_and_descendants(session, unit_id)
                ids = contacts.contact_ids(
                    session, unit_ids=unit_ids, text=filters.text, role=filters.role,
                    losing_touch=filters.losing_touch, review_due=filters.review_due, today=today,
                    changed_by=filters.changed_by)
                start = 0
                if keep_key is not None and keep_key in ids:
                    start = max(ids.index(keep_key) - VirtualTable.PAGE_SIZE // 2, 0)
                first = contacts.contact_rows(session, ids[start : start + VirtualTable.PAGE_SIZE], today=today)
        except Exception as exc:
            self.post_message(self.Failed(describe(exc)))
            return
        self.post_message(self.Loaded(ids, first, unit_id, filters, keep_key, start))

    @work(thread=True, group="contacts-pages", exit_on_error=False)
    def fetch_rows(self, start: int, ids: list[int], generation: int) -> None:
        from officer_tui.services import contacts

        try:
            with self.database.session() as session:
                rows = contacts.contact_rows(session, ids, today=clock.today())
        except Exception as exc:
            self.post_message(self.Failed(describe(exc)))
            return
        self.post_message(self.PageLoaded(start, rows, generation))

    @work(thread=True, exclusive=True, group="contacts-detail", exit_on_error=False)
    def load_contact(self, contact_id: int) -> None:
        from officer_tui.services import contacts, units
        from officer_tui.services.authors import authorship_of
        from officer_tui.services.errors import NotFound

        try:
            with self.database.session() as session:
                contact = contacts.get_contact(session, contact_id)
                unit_name = units.get_unit(session, contact.unit_id).name if contact.unit_id else None
                authors = authorship_of(session, table="contact", record_id=contact_id).text()
        except NotFound:
            return
        except Exception as exc:
            self.post_message(self.Failed(describe(exc)))
            return
        self.post_message(self.ContactLoaded(contact, unit_name, authors))

    @work(thread=True, exclusive=True, group="contacts-detail", exit_on_error=False)
    def load_unit(self, unit_id: int) -> None:
        from officer_tui.services import units
        from officer_tui.services.errors import NotFound

        try:
            with self.database.session() as session:
                unit = units.get_unit(session, unit_id)
        except NotFound:
            return
        except Exception as exc:
            self.post_message(self.Failed(describe(exc)))
            return
        self.post_message(self.UnitLoaded(unit))

    def _refresh_all(self, keep_key: int | None) -> None:
        """After a save (here or elsewhere): tree, list and detail again, selection kept."""
        self._detail_key = None
        self.load_units()
        self.reload(keep_key=keep_key)

    # --- results coming back --------------------------------------------------------------

    @on(UsersLoaded)
    def _users_loaded(self, message: UsersLoaded) -> None:
        self.filter_bar.set_users(message.users)

    @on(UnitsLoaded)
    def _units_loaded(self, message: UnitsLoaded) -> None:
        self._units = message.units
        if self.unit_id is not None and self._unit(self.unit_id) is None:
            self.unit_id = None  # the unit is gone
            self.reload()
        self.tree.show_units(message.units, cursor=self.unit_id)
        self._update_summary()
        if self._showing == "unit":
            self._show_unit_detail()

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        if message.unit_id != self.unit_id or message.filters != self.filters:
            return  # an older load finished late
        self._loaded_once = True
        self._ids = message.ids
        self._rows = {row.id: row for row in message.rows}
        count = len(message.ids)
        self.table.reset(
            count,
            [to_row(row) for row in message.rows] if message.start == 0 else [],
            keep_cursor_key=message.keep_key,
            empty_text=self._empty_text(),
        )
        if message.start:
            self.table.set_rows(message.start, [to_row(row) for row in message.rows])
        if message.keep_key is not None and message.keep_key in message.ids:
            self.table.cursor_row = message.ids.index(message.keep_key)
        self._update_summary()
        if count == 0 and self._showing == "contact":
            self._detail_key = None
            self.query_one(DetailPanel).clear(_("No contact selected."))

    def _empty_text(self) -> str:
        if self.filters.losing_touch and self.filters == ContactFilter(losing_touch=True):
            return _("Nobody is slipping away: everyone was heard from within their interval.")
        if self.filters.review_due and self.filters == ContactFilter(review_due=True):
            return _("No data protection review is due.")
        if not self.filters.is_default:
            return _("No contact matches the filter. Press Esc to clear it.")
        if self.unit_id is None:
            return _("No contacts yet. Press n to add one, u to add a unit.")
        return _("No contacts in this unit. Press n to add one.")

    def _unit(self, unit_id: int | None) -> UnitRow | None:
        return next((unit for unit in self._units if unit.id == unit_id), None)

    def _update_summary(self) -> None:
        count = len(self._ids)
        unit = self._unit(self.unit_id)
        if unit is None:
            text = ngettext("{n} contact in all units", "{n} contacts in all units", count).format(n=count)
        else:
            text = ngettext("{n} contact in {unit}", "{n} contacts in {unit}", count).format(
                n=count, unit=unit.name)
            if descendants(self._units, unit.id):
                text += " " + _("(with the units below it)")
        f = self.filters
        if f.text:
            text += " · " + _("“{text}”").format(text=f.text)
        if f.role:
            text += " · " + _("role contains “{text}”").format(text=f.role)
        if f.losing_touch:
            text += " · ⚠ " + _("losing touch (most overdue first)")
        if f.review_due:
            text += " · § " + _("review due")
        if f.changed_by:
            text += " · " + _("by {user}").format(user=f.changed_by)
        self.query_one("#summary", Static).update(Text(text))

    @on(PageLoaded)
    def _page_loaded(self, message: PageLoaded) -> None:
        if message.generation == self.table.generation:
            self._rows.update((row.id, row) for row in message.rows)
        self.table.set_rows(message.start, [to_row(row) for row in message.rows], generation=message.generation)

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self.notify(message.text, severity="error", timeout=8)

    @on(VirtualTable.PagesNeeded)
    def _pages_needed(self, message: VirtualTable.PagesNeeded) -> None:
        ids = list(self._ids[message.start : message.end])
        self.fetch_rows(message.start, ids, self.table.generation)

    @on(VirtualTable.Highlighted)
    def _contact_highlighted(self, message: VirtualTable.Highlighted) -> None:
        if self._showing == "contact":
            self._show_contact_detail()

    @on(VirtualTable.Selected)
    def _contact_selected(self, message: VirtualTable.Selected) -> None:
        self.open_contact(message.key)

    def open_contact(self, contact_id: int) -> None:
        """The person's detail and timeline."""
        from officer_tui.ui.screens.contact_detail import ContactDetailScreen

        def back(changed: bool | None) -> None:
            if changed:
                self._refresh_all(contact_id)

        self._form_open = True
        self.app.push_screen(ContactDetailScreen(contact_id), back)

    @on(Tree.NodeHighlighted, "#units")
    def _unit_highlighted(self, message: Tree.NodeHighlighted) -> None:
        unit_id = message.node.data
        if unit_id != self.unit_id:
            self.unit_id = unit_id
            self.reload()
            self.refresh_bindings()
        if self._showing == "unit":
            self._show_unit_detail()

    @on(UnitTree.Chosen)
    def _unit_chosen(self) -> None:
        self.table.focus()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        showing = "unit" if event.widget is self.tree else "contact" if event.widget is self.table else None
        self.refresh_bindings()
        if showing is None or showing == self._showing:
            return
        self._showing = showing
        self._detail_key = None
        if showing == "unit":
            self._show_unit_detail()
        else:
            self._show_contact_detail()

    # --- the detail panel -----------------------------------------------------------------

    def _show_contact_detail(self) -> None:
        key = self.table.cursor_key
        if key is None:
            if self.table.row_count == 0:
                self._detail_key = None
                self.query_one(DetailPanel).clear(_("No contact selected."))
            return
        if key != self._detail_key:
            self._detail_key = key
            self.load_contact(key)

    @on(ContactLoaded)
    def _contact_loaded(self, message: ContactLoaded) -> None:
        contact = message.contact
        if self._showing != "contact" or contact.id != self._detail_key:
            return
        fields: list[tuple[str, str | Text]] = [
            (_("Role"), contact.role or "—"),
            (_("Unit"), message.unit_name or "—"),
            (_("E-mail"), contact.email or "—"),
            (_("Phone"), contact.phone or "—"),
        ]
        row = self._rows.get(contact.id)
        if row is not None:
            from officer_tui.ui.screens.contact_detail import last_contact_text

            fields.append((_("Last contact"), last_contact_text(row, clock.today())))
            fields.append((_("Stay in touch"), _("every {n} days").format(n=row.interval_days)))
        fields += [
            (_("Legal basis"), contact.legal_basis or "—"),
            (_("Review on"), review_text(contact.review_on, clock.today())),
        ]
        if message.authors:  # nothing when the history does not know (demo data)
            fields.append((_("History"), message.authors))
        fields.append((_("Number"), f"#{contact.id}"))
        self.query_one(DetailPanel).show(contact.name, fields, contact.notes)

    def _show_unit_detail(self) -> None:
        if self.unit_id is None:
            self._detail_key = None
            self._show_all_units()
        elif self.unit_id != self._detail_key:
            self._detail_key = self.unit_id
            self.load_unit(self.unit_id)

    def _show_all_units(self) -> None:
        units = self._units
        headcount = sum(unit.headcount or 0 for unit in units)
        fields: list[tuple[str, str | Text]] = [
            (_("Units"), str(len(units))),
            (_("Contacts"), str(sum(unit.contacts for unit in units))),
            (_("Headcount"), str(headcount)),
        ]
        self.query_one(DetailPanel).show(_("All units"), fields)

    @on(UnitLoaded)
    def _unit_loaded(self, message: UnitLoaded) -> None:
        unit = message.unit
        row = self._unit(unit.id)
        if self._showing != "unit" or unit.id != self._detail_key:
            return
        below = descendants(self._units, unit.id)
        here = row.contacts if row else 0
        contacts = str(here)
        if below:
            contacts += " · " + _("{n} with the units below").format(
                n=here + sum(u.contacts for u in below))
        fields: list[tuple[str, str | Text]] = [
            (_("Kind"), unit_kind_label(unit.kind)),
            (_("Short name"), unit.short_name or "—"),
            (_("Part of"), (row.parent_name if row else None) or _("(top level)")),
            (_("Headcount"), "—" if unit.headcount is None else str(unit.headcount)),
            (_("Contacts"), contacts),
        ]
        if below:
            fields.append((_("Units below"), str(len(below))))
        self.query_one(DetailPanel).show(unit.name, fields, unit.notes)

    # --- the filter -----------------------------------------------------------------------

    @on(ContactFilterBar.Changed)
    def _filter_changed(self, message: ContactFilterBar.Changed) -> None:
        self._set_filters(message.filters)

    def _set_filters(self, filters: ContactFilter) -> None:
        if filters != self.filters:
            self.filters = filters
            self.reload()
            self.refresh_bindings()

    @on(ContactFilterBar.Closed)
    def _filter_closed(self) -> None:
        self.filter_bar.set_class(not self.filters.is_default, "-open")
        self.table.focus()
        self.refresh_bindings()

    # --- actions --------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_filter":
            return not self.filters.is_default or self.filter_bar.has_class("-open")
        if action in {"log", "export", "erase"}:
            return True if self.table.cursor_key is not None else None
        if action == "edit":
            on_unit = self.focused is self.tree or self.focused is None
            return True if (self.unit_id is not None if on_unit else self.table.cursor_key is not None) else None
        return True

    def action_filter(self) -> None:
        self.filter_bar.add_class("-open")
        self.filter_bar.focus_text()
        self.refresh_bindings()

    def action_clear_filter(self) -> None:
        was_in_tree = self.focused is self.tree
        self.filter_bar.set_filters(ContactFilter())
        self.filter_bar.remove_class("-open")
        self._set_filters(ContactFilter())
        if not was_in_tree:
            self.table.focus()
        self.refresh_bindings()

    def action_toggle_losing(self) -> None:
        filters = replace(self.filters, losing_touch=not self.filters.losing_touch)
        self.filter_bar.set_filters(filters)
        self.filter_bar.set_class(not filters.is_default, "-open")
        self._set_filters(filters)

    def show_preset(self, preset: str) -> None:
        """A ready-made list asked for elsewhere (the Today pane): ``losing_touch``."""
        if preset == "losing_touch" and not self.filters.losing_touch:
            self.action_toggle_losing()

    def action_toggle_review(self) -> None:
        filters = replace(self.filters, review_due=not self.filters.review_due)
        self.filter_bar.set_filters(filters)
        self.filter_bar.set_class(not filters.is_default, "-open")
        self._set_filters(filters)

    def _highlighted(self) -> tuple[int, str] | None:
        key = self.table.cursor_key
        row = self._rows.get(key) if key is not None else None
        return (key, row.name) if row is not None else None

    def action_log(self) -> None:
        person = self._highlighted()
        if person is not None:
            key, name = person
            self._form_open = True
            self.log_contact_for(key, name, lambda: self._refresh_all(key))

    def action_export(self) -> None:
        if self.table.cursor_key is not None:
            self.export_contact(self.table.cursor_key)

    def action_erase(self) -> None:
        key = self.table.cursor_key
        if key is not None:
            self._form_open = True
            self.erase_contact(key, lambda: self._refresh_all(None))

    def action_edit(self) -> None:
        if self.focused is self.tree or self.focused is None:
            if self.unit_id is not None:
                self._open_unit_form(self.unit_id)
        elif self.table.cursor_key is not None:
            self._open_contact_form(self.table.cursor_key)

    def action_edit_unit(self) -> None:
        if self.unit_id is not None:
            self._open_unit_form(self.unit_id)

    def action_new_contact(self) -> None:
        self._open_contact_form(None)

    def _open_contact_form(self, contact_id: int | None) -> None:
        from officer_tui.ui.screens.contact_form import ContactFormScreen

        def saved(result: int | None) -> None:
            if result is not None:
                self._refresh_all(result)

        self._form_open = True
        self.app.push_screen(ContactFormScreen(contact_id=contact_id, unit_id=self.unit_id), saved)

    def action_new_unit(self) -> None:
        self._open_unit_form(None)

    def _open_unit_form(self, unit_id: int | None) -> None:
        from officer_tui.ui.screens.unit_form import UnitFormScreen

        def saved(result: int | None) -> None:
            if result is not None:
                self._refresh_all(self.table.cursor_key)

        self._form_open = True
        if unit_id is None:
            self.app.push_screen(UnitFormScreen(parent_id=self.unit_id), saved)
        else:
            self.app.push_screen(UnitFormScreen(unit_id=unit_id), saved)
