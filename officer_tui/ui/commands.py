"""The command palette (``ctrl+p``) opens any record by its title.

``RecordsProvider`` asks the search service (in a thread) for what was typed and offers each
hit as "Open: Drucker im Foyer defekt — Request #12"; choosing it opens the record as
``ctrl+f`` would. Titles are shown literally: a title like ``[bold]x`` keeps its brackets.
"""

from __future__ import annotations

import asyncio
from functools import partial

from rich.text import Text
from textual.command import Hit, Hits, Provider
from textual.markup import escape

from officer_tui.i18n import N_, _

PER_GROUP = 4
NAMES = {  # the kind of record as the palette names it, with its number
    "request": N_("Request #{id}"),
    "idea": N_("Idea #{id}"),
    "project": N_("Project #{id}"),
    "meeting": N_("Meeting #{id}"),
    "agenda_item": N_("Meeting #{id}"),
    "outcome": N_("Meeting #{id}"),
    "programme": N_("Training programme #{id}"),
    "contact": N_("Contact #{id}"),
    "unit": N_("Unit #{id}"),
    "followup": N_("Follow-up #{id}"),
}


def hit_text(hit) -> str:
    """``Open: Drucker im Foyer defekt — Request #12``."""
    return _("Open: {title} — {record}").format(
        title=hit.title, record=_(NAMES[hit.kind]).format(id=hit.open_id))


class RecordsProvider(Provider):
    """Records whose title or text matches what was typed."""

    def _records(self, query: str):
        from officer_tui.services.search import search

        database = getattr(self.app, "database", None)
        if database is None:
            return None
        with database.session() as session:
            return search(session, query, per_group=PER_GROUP)

    async def search(self, query: str) -> Hits:
        if len(query.strip()) < 2:
            return
        try:
            result = await asyncio.to_thread(self._records, query)
        except Exception:  # the palette is no place for database errors; ctrl+f shows them
            return
        if result is None:
            return
        matcher = self.matcher(query)
        count = len(result.hits)
        for position, hit in enumerate(result.hits):
            text = hit_text(hit)
            display = Text(text)
            score, offsets = matcher.fuzzy_search.match(matcher.query, text)
            for offset in offsets if score else ():
                if not text[offset].isspace():
                    display.stylize("reverse", offset, offset + 1)
            # Fuzzy title matches first; the search's own order keeps the rest in rank order.
            order = (count - position) / (count + 1)
            yield Hit(
                0.5 + score / 2 if score else order / 2,
                display,
                partial(self.open, hit),
                text=text,
                help=escape(hit.detail) if hit.detail else None,
            )

    def open(self, hit) -> None:
        if hit.open_kind is None:
            from officer_tui.ui.screens.search import show_unit

            show_unit(self.app, hit.open_id)
            return
        from officer_tui.ui.open_record import open_record

        open_record(self.app, hit.open_kind, hit.open_id)
