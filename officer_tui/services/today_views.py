"""What the Today pane and ``officer today`` show: sections of lines that point to records.

Pure Python (no SQLAlchemy, no Textual), like ``idea_views``: the pane draws its frame, the
date and the section headers before the ORM is loaded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from officer_tui.i18n import N_, _, current_language, ngettext
from officer_tui.models.enums import RecordKind

MEETING_DAYS = 7  # meetings of today and the six days after
FOLLOWUP_SOON_DAYS = 7  # follow-ups due tomorrow up to a week ahead
SESSION_DAYS = 28  # training sessions of the next four weeks
PROOF_DUE_DAYS = 30  # a proof of use (Verwendungsnachweis) due this soon counts as near
LIMIT = 8  # lines per section; the rest is "… N more"

# Marks that carry the meaning without colour (the pane colours them too).
OVERDUE = "!"
TODAY_MARK = "▸"
WARNING = "⚠"


class SectionKey(StrEnum):
    """The sections in the order of a morning briefing: the most urgent first."""

    FOLLOWUPS_OVERDUE = "followups_overdue"
    FOLLOWUPS_TODAY = "followups_today"
    REQUESTS_NEW = "requests_new"
    REQUESTS_WAITING = "requests_waiting"
    MEETINGS = "meetings"
    FOLLOWUPS_SOON = "followups_soon"
    SESSIONS = "sessions"
    IDEAS = "ideas"
    PROJECTS = "projects"
    CONTACTS = "contacts"


SECTION_ORDER: tuple[SectionKey, ...] = tuple(SectionKey)

TITLES = {
    SectionKey.FOLLOWUPS_OVERDUE: N_("Overdue follow-ups"),
    SectionKey.FOLLOWUPS_TODAY: N_("Follow-ups due today"),
    SectionKey.REQUESTS_NEW: N_("New requests to triage"),
    SectionKey.REQUESTS_WAITING: N_("Requests waiting more than {n} days"),
    SectionKey.MEETINGS: N_("Meetings in the next 7 days"),
    SectionKey.FOLLOWUPS_SOON: N_("Follow-ups due in the next 7 days"),
    SectionKey.SESSIONS: N_("Training sessions with free seats (4 weeks)"),
    SectionKey.IDEAS: N_("Ideas awaiting assessment"),
    SectionKey.PROJECTS: N_("Projects at risk or with a funding deadline"),
    SectionKey.CONTACTS: N_("Contacts losing touch"),
}

# What an empty section says (one dim line).
NOTHING = {
    SectionKey.FOLLOWUPS_OVERDUE: N_("nothing overdue"),
    SectionKey.FOLLOWUPS_TODAY: N_("no follow-up due today"),
    SectionKey.REQUESTS_NEW: N_("every request is triaged"),
    SectionKey.REQUESTS_WAITING: N_("no request waits too long"),
    SectionKey.MEETINGS: N_("no meetings this week"),
    SectionKey.FOLLOWUPS_SOON: N_("no follow-ups due this week"),
    SectionKey.SESSIONS: N_("no sessions with free seats"),
    SectionKey.IDEAS: N_("every idea is assessed"),
    SectionKey.PROJECTS: N_("every project on track"),
    SectionKey.CONTACTS: N_("in touch with everyone"),
}

# Where "… N more" leads, in people's words (the pane acts on it).
MORE_HINTS = {
    SectionKey.FOLLOWUPS_OVERDUE: N_("all follow-ups, key w"),
    SectionKey.FOLLOWUPS_TODAY: N_("all follow-ups, key w"),
    SectionKey.REQUESTS_NEW: N_("Requests pane, status new"),
    SectionKey.REQUESTS_WAITING: N_("Requests pane, waiting filter"),
    SectionKey.MEETINGS: N_("Meetings pane"),
    SectionKey.FOLLOWUPS_SOON: N_("all follow-ups, key w"),
    SectionKey.SESSIONS: N_("Training pane"),
    SectionKey.IDEAS: N_("Ideas pane, unassessed"),
    SectionKey.PROJECTS: N_("Projects pane"),
    SectionKey.CONTACTS: N_("Contacts pane, losing touch"),
}


def waiting_too_long_days() -> int:
    """Open requests received more than this many days ago "wait too long": the settings
    file's ``requests.waiting_too_long_days`` (default 14), read when asked."""
    from officer_tui import settings

    return settings.current().waiting_too_long_days


def section_title(key: SectionKey) -> str:
    key = SectionKey(key)
    title = _(TITLES[key])
    return title.format(n=waiting_too_long_days()) if key == SectionKey.REQUESTS_WAITING else title


def nothing_text(key: SectionKey) -> str:
    return _(NOTHING[SectionKey(key)])


def more_text(key: SectionKey, more: int) -> str:
    """``… 35 more (Requests pane, status new)``."""
    text = ngettext("… {n} more", "… {n} more", more).format(n=more)
    return f"{text} ({_(MORE_HINTS[SectionKey(key)])})"


@dataclass(frozen=True)
class TodayItem:
    """One line of a section: a record, its day, its title, and what else matters about it."""

    kind: RecordKind
    record_id: int
    day: date | None
    title: str
    detail: str  # translated
    mark: str = ""  # OVERDUE, TODAY_MARK, WARNING or ""


@dataclass(frozen=True)
class Section:
    key: SectionKey
    count: int  # every record that belongs here, shown or not
    items: list[TodayItem] = field(default_factory=list)
    today_count: int = 0  # of those, how many are today (meetings)

    @property
    def title(self) -> str:
        return section_title(self.key)

    @property
    def more(self) -> int:
        """How many belong here beyond the lines shown."""
        return max(self.count - len(self.items), 0)


WEEKDAY_NAMES = (N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"),
                 N_("Saturday"), N_("Sunday"))
MONTH_NAMES = (N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"),
               N_("July"), N_("August"), N_("September"), N_("October"), N_("November"),
               N_("December"))


def long_date(day: date) -> str:
    """``Monday, 2 March 2026``; German ``Montag, 2. März 2026``."""
    weekday, month = _(WEEKDAY_NAMES[day.weekday()]), _(MONTH_NAMES[day.month - 1])
    if current_language() == "de":
        return f"{weekday}, {day.day}. {month} {day.year}"
    return f"{weekday}, {day.day} {month} {day.year}"


# The summary line: the sections that need someone today, in few words.
# Each part a literal ngettext call, so the catalog holds it as one plural entry.
SUMMARY_PARTS = (
    (SectionKey.FOLLOWUPS_OVERDUE,
     lambda n: ngettext("{n} overdue follow-up", "{n} overdue follow-ups", n)),
    (SectionKey.FOLLOWUPS_TODAY,
     lambda n: ngettext("{n} follow-up due today", "{n} follow-ups due today", n)),
    (SectionKey.REQUESTS_NEW, lambda n: ngettext("{n} new request", "{n} new requests", n)),
    (SectionKey.REQUESTS_WAITING,
     lambda n: ngettext("{n} request waiting too long", "{n} requests waiting too long", n)),
)


def summary_text(sections: list[Section]) -> str:
    """``3 overdue follow-ups · 2 new requests · 1 meeting today``; ``Nothing urgent today.`` when so."""
    by_key = {section.key: section for section in sections}
    parts = []
    for key, part in SUMMARY_PARTS:
        section = by_key.get(key)
        if section is not None and section.count:
            parts.append(part(section.count).format(n=section.count))
    meetings = by_key.get(SectionKey.MEETINGS)
    if meetings is not None:
        now = meetings.today_count
        if now:
            parts.append(ngettext("{n} meeting today", "{n} meetings today", now).format(n=now))
    if not parts:
        return _("Nothing urgent today.")
    return " · ".join(parts)


def section_json(section: Section) -> dict:
    """The structured form of a section, for ``officer today --json``."""
    return {
        "key": section.key.value,
        "title": section.title,
        "count": section.count,
        "more": section.more,
        **({"today": section.today_count} if section.key == SectionKey.MEETINGS else {}),
        "items": [
            {"kind": item.kind.value, "id": item.record_id, "day": item.day, "title": item.title,
             "detail": item.detail, "mark": item.mark}
            for item in section.items
        ],
    }
