"""What the portfolio lists show and how they are filtered, and people's words for its values.

Pure Python (no SQLAlchemy, no Textual): the UI builds filters and renders rows without
loading the ORM; the services, the CLI and the report share the labels.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from officer_tui.i18n import N_, _, format_money, ngettext
from officer_tui.models.enums import Funding, LinkKind, ProjectPhase, TrafficLight

PHASE_LABELS = {
    ProjectPhase.FUTURE: N_("future"),
    ProjectPhase.PLANNED: N_("planned"),
    ProjectPhase.IN_IMPLEMENTATION: N_("in implementation"),
    ProjectPhase.DONE: N_("completed"),
    ProjectPhase.ON_HOLD: N_("on hold"),
}
PHASE_SYMBOLS = {
    ProjectPhase.FUTURE: "○",
    ProjectPhase.PLANNED: "◔",
    ProjectPhase.IN_IMPLEMENTATION: "▶",
    ProjectPhase.DONE: "✓",
    ProjectPhase.ON_HOLD: "‖",
}
FUNDING_LABELS = {
    Funding.FUNDED: N_("funded"),
    Funding.APPLIED: N_("applied for"),
    Funding.UNFUNDED: N_("unfunded"),
}
TRAFFIC_LABELS = {
    TrafficLight.ON_TRACK: N_("on track"),
    TrafficLight.AT_RISK: N_("at risk"),
    TrafficLight.OFF_TRACK: N_("off track"),
}
# A sign as well as colour: the light reads on a monochrome terminal and when printed, and
# means what the same sign means elsewhere (⚠ needs attention, ✗ failed).
TRAFFIC_SYMBOLS = {
    TrafficLight.ON_TRACK: "✓",
    TrafficLight.AT_RISK: "⚠",
    TrafficLight.OFF_TRACK: "✗",
}
# A link read from its own end, and from the other end.
LINK_LABELS = {
    LinkKind.SYNERGY: (N_("synergy with"), N_("synergy with")),
    LinkKind.DEPENDS_ON: (N_("depends on"), N_("is needed by")),
    LinkKind.REPLICATES: (N_("replicates"), N_("is replicated by")),
}
LINK_KIND_LABELS = {
    LinkKind.SYNERGY: N_("synergy"),
    LinkKind.DEPENDS_ON: N_("depends on"),
    LinkKind.REPLICATES: N_("replicates"),
}
# Phases in the order of a project's life, for groups and reports.
PHASE_ORDER = (
    ProjectPhase.IN_IMPLEMENTATION,
    ProjectPhase.PLANNED,
    ProjectPhase.FUTURE,
    ProjectPhase.ON_HOLD,
    ProjectPhase.DONE,
)


def phase_label(phase: ProjectPhase) -> str:
    return _(PHASE_LABELS[ProjectPhase(phase)])


def funding_label(funding: Funding) -> str:
    return _(FUNDING_LABELS[Funding(funding)])


def traffic_label(light: TrafficLight) -> str:
    return _(TRAFFIC_LABELS[TrafficLight(light)])


def traffic_words(light: TrafficLight) -> str:
    """``⚠ at risk``: symbol and word."""
    light = TrafficLight(light)
    return f"{TRAFFIC_SYMBOLS[light]} {traffic_label(light)}"


def link_label(kind: LinkKind, *, outgoing: bool) -> str:
    return _(LINK_LABELS[LinkKind(kind)][0 if outgoing else 1])


def funding_text(funding: Funding, amount: int | None) -> str:
    """``45.000 € funded`` / ``€45,000 applied for`` / ``unfunded``."""
    funding = Funding(funding)
    if funding == Funding.UNFUNDED or amount is None:
        return funding_label(funding)
    return _("{amount} {funding}").format(amount=format_money(amount), funding=funding_label(funding))


NO_FIELD = ""  # the group of projects without a field of action


@dataclass(frozen=True)
class ProjectFilter:
    """What the Projects list shows. The default shows every project."""

    text: str = ""
    phase: ProjectPhase | None = None
    funding: Funding | None = None
    field_of_action: str | None = None
    unit_id: int | None = None  # includes the units below it
    goal_id: int | None = None
    traffic_light: TrafficLight | None = None
    proof_due_days: int | None = None  # proof of use due within N days (or overdue)
    changed_by: str | None = None  # created or changed by this person (the history's user)

    @property
    def is_default(self) -> bool:
        return self == ProjectFilter()


@dataclass(frozen=True)
class ProjectRow:
    """One line of the Projects list."""

    id: int
    title: str
    phase: ProjectPhase
    funding: Funding
    funding_amount: int | None
    funding_programme: str
    proof_of_use_due: date | None
    traffic_light: TrafficLight
    traffic_note: str
    field_of_action: str | None
    unit_name: str | None
    lead_name: str | None
    start_on: date | None
    end_on: date | None
    version: int


@dataclass(frozen=True)
class PortfolioCell:
    """Projects of one field of action in one phase (``field_of_action`` "" for none)."""

    field_of_action: str
    phase: ProjectPhase
    count: int
    funded: int  # sum of amounts of funded projects, whole euros
    applied: int  # sum of amounts applied for
    lights: dict[TrafficLight, int] = field(default_factory=dict)


@dataclass(frozen=True)
class SynergyCandidate:
    """Two projects of different units that might work together, best first."""

    a_id: int
    a_title: str
    a_unit: str
    b_id: int
    b_title: str
    b_unit: str
    score: int
    same_field: str | None
    shared_goals: tuple[str, ...]  # goal codes
    words: tuple[str, ...]

    def reason(self) -> str:
        parts = []
        if self.same_field:
            parts.append(_("same field of action “{name}”").format(name=self.same_field))
        if self.shared_goals:
            n = len(self.shared_goals)
            parts.append(
                ngettext("{n} shared goal ({codes})", "{n} shared goals ({codes})", n).format(
                    n=n, codes=", ".join(self.shared_goals)
                )
            )
        if self.words:
            parts.append(_("words: {words}").format(words=", ".join(self.words)))
        return "; ".join(parts)
