"""Quick capture: one typed line understood as a record, before anything is saved.

    Anfrage Stadtmuseum: Drucker defekt !hoch bis Freitag @Schmidt
    idea Library: chatbot for opening hours due next monday
    WV: Förderbescheid nachfassen in zwei Wochen @Krüger

The grammar, in order:
- an optional **kind** word first: Anfrage/Bedarf/request (the default), Idee/idea,
  Wiedervorlage/WV/Aufgabe/follow-up/todo, Vorhaben/Projekt/project, Termin/Meeting;
- an optional **unit** before the first colon, matched by name, short name, or the kind of
  house ("Library" finds the only library, "Museum" the only museum);
- a **priority** mark: ``!hoch`` ``!high`` ``!dringend`` ``!urgent`` ``!niedrig`` ``!low``
  ``!normal``, or ``!!`` (high) and ``!!!`` (urgent);
- a **person** after ``@`` (last name, first name, or ``@Vorname.Nachname``);
- a **date** phrase anywhere (see ``officer_tui.datewords``), with "bis", "due", "am" ...;
- the rest is the **title**.
Whatever is not understood stays in the title, and ``problems`` says why (an unknown unit, a
person that matches several contacts), so the preview can show it before saving.
Pure Python: the caller passes the units and people to match against.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from officer_tui.datewords import find_date
from officer_tui.models.enums import Priority, UnitKind
from officer_tui.text import fold


class CaptureKind(StrEnum):
    REQUEST = "request"
    IDEA = "idea"
    FOLLOWUP = "followup"
    PROJECT = "project"
    MEETING = "meeting"


_KIND_WORDS = {
    "anfrage": CaptureKind.REQUEST, "bedarf": CaptureKind.REQUEST,
    "request": CaptureKind.REQUEST, "req": CaptureKind.REQUEST,
    "idee": CaptureKind.IDEA, "idea": CaptureKind.IDEA,
    "wiedervorlage": CaptureKind.FOLLOWUP, "wv": CaptureKind.FOLLOWUP,
    "aufgabe": CaptureKind.FOLLOWUP, "followup": CaptureKind.FOLLOWUP,
    "follow-up": CaptureKind.FOLLOWUP, "todo": CaptureKind.FOLLOWUP,
    "vorhaben": CaptureKind.PROJECT, "projekt": CaptureKind.PROJECT,
    "project": CaptureKind.PROJECT,
    "termin": CaptureKind.MEETING, "meeting": CaptureKind.MEETING,
    "besprechung": CaptureKind.MEETING,
}

_PRIORITY_WORDS = {
    "niedrig": Priority.LOW, "low": Priority.LOW, "normal": Priority.NORMAL,
    "hoch": Priority.HIGH, "high": Priority.HIGH, "wichtig": Priority.HIGH,
    "dringend": Priority.URGENT, "urgent": Priority.URGENT, "eilig": Priority.URGENT,
}

# Words for kinds of houses, so that "Library:" or "Bibliothek:" finds the library.
_UNIT_KIND_WORDS = {
    "library": UnitKind.LIBRARY, "bibliothek": UnitKind.LIBRARY,
    "bücherei": UnitKind.LIBRARY, "museum": UnitKind.MUSEUM,
    "music school": UnitKind.MUSIC_SCHOOL, "musikschule": UnitKind.MUSIC_SCHOOL,
    "it": UnitKind.IT_PROVIDER, "it provider": UnitKind.IT_PROVIDER,
    "it-dienstleister": UnitKind.IT_PROVIDER, "events": UnitKind.EVENTS,
    "veranstaltungen": UnitKind.EVENTS,
}

_KIND_AT_START = re.compile(r"^\s*([\w-]+)\b\s*", re.UNICODE)
_PRIORITY_MARK = re.compile(r"(?<!\S)!(!{0,2})([a-zäöü]*)(?=[\s,.;:]|$)", re.IGNORECASE)
_PERSON_MARK = re.compile(r"(?<!\S)@([\w.\-äöüÄÖÜß]+)", re.UNICODE)


@dataclass(frozen=True)
class UnitChoice:
    id: int
    name: str
    short_name: str | None = None
    kind: UnitKind | None = None


@dataclass(frozen=True)
class PersonChoice:
    id: int
    name: str
    # The folded name, computed once: matching 20,000 people runs on every keystroke.
    folded: str = field(default="", compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.folded:
            object.__setattr__(self, "folded", fold(self.name))


@dataclass(frozen=True)
class Understood:
    kind: CaptureKind
    title: str
    unit: UnitChoice | None = None
    priority: Priority | None = None
    due: date | None = None
    due_phrase: str = ""
    person: PersonChoice | None = None
    # (what was typed, why it was not understood): "unit", "person", "priority"
    problems: tuple[tuple[str, str], ...] = field(default=())


def _match_unit(text: str, units: Sequence[UnitChoice]) -> list[UnitChoice]:
    wanted = fold(text.strip())
    if not wanted:
        return []
    exact = [u for u in units if wanted in (fold(u.name), fold(u.short_name or ""))]
    if exact:
        return exact
    kind = _UNIT_KIND_WORDS.get(wanted)
    if kind is not None:
        of_kind = [u for u in units if u.kind == kind]
        if of_kind:
            return of_kind
    starts = [u for u in units if fold(u.name).startswith(wanted)]
    if starts:
        return starts
    words = [u for u in units if re.search(rf"\b{re.escape(wanted)}", fold(u.name))]
    return words


def _match_person(text: str, people: Sequence[PersonChoice]) -> list[PersonChoice]:
    wanted = fold(text.replace(".", " ").strip())
    if not wanted:
        return []
    full = [p for p in people if p.folded == wanted]
    if full:
        return full
    starts = [" " + part for part in wanted.split()]  # each part begins a word of the name
    if len(starts) == 1:
        return [person for person in people
                if wanted in person.folded and starts[0] in " " + person.folded]
    longest = max(starts, key=len)[1:]
    return [
        person for person in people
        if longest in person.folded  # a cheap first sieve
        and all(start in " " + person.folded for start in starts)
    ]


def split_kind(line: str) -> tuple[CaptureKind | None, str]:
    """The kind word ``line`` starts with (None: it has none) and the rest of the line."""
    match = _KIND_AT_START.match(line)
    if match and match.group(1).lower() in _KIND_WORDS:
        return _KIND_WORDS[match.group(1).lower()], line[match.end():]
    return None, line.lstrip()


def units_matching(text: str, units: Sequence[UnitChoice]) -> list[UnitChoice]:
    """The units ``text`` may mean (several: ambiguous; none: unknown)."""
    return _match_unit(text, units)


def people_matching(text: str, people: Sequence[PersonChoice]) -> list[PersonChoice]:
    """The people ``text`` (typed after ``@``) may mean."""
    return _match_person(text, people)


def understand(
    line: str,
    *,
    today: date,
    units: Sequence[UnitChoice] = (),
    people: Sequence[PersonChoice] = (),
) -> Understood:
    """What ``line`` says, and what could not be matched (``problems``)."""
    rest = " ".join(line.split())
    problems: list[tuple[str, str]] = []

    kind = CaptureKind.REQUEST
    if (match := _KIND_AT_START.match(rest)) and match.group(1).lower() in _KIND_WORDS:
        kind = _KIND_WORDS[match.group(1).lower()]
        rest = rest[match.end():]

    unit = None
    head, colon, tail = rest.partition(":")
    if colon and head.strip() and len(head) <= 60 and not re.search(r"[!@]", head):
        found = _match_unit(head, units)
        if len(found) == 1:
            unit = found[0]
            rest = tail
        elif found:
            problems.append(("unit", head.strip()))
            rest = tail
        else:
            problems.append(("unit", head.strip()))
            rest = tail

    priority = None
    for mark in list(_PRIORITY_MARK.finditer(rest)):
        bangs, word = mark.group(1), mark.group(2).lower()
        if word in _PRIORITY_WORDS:
            priority = _PRIORITY_WORDS[word]
        elif not word and bangs:
            priority = Priority.URGENT if len(bangs) == 2 else Priority.HIGH
        elif not word:
            continue  # a lone "!" is punctuation
        else:
            problems.append(("priority", mark.group(0)))
            continue
        rest = rest[: mark.start()] + rest[mark.end():]
        break

    person = None
    if mark := _PERSON_MARK.search(rest):
        typed = mark.group(1).rstrip(".,;")
        found = _match_person(typed, people)
        if len(found) == 1:
            person = found[0]
        else:
            problems.append(("person", "@" + typed))
        rest = rest[: mark.start()] + rest[mark.end():]

    due, due_phrase = None, ""
    if found_date := find_date(rest, today=today):
        due, due_phrase = found_date.day, rest[found_date.start:found_date.end]
        rest = rest[: found_date.start] + rest[found_date.end:]

    title = re.sub(r"\s+([,;:.!?])", r"\1", " ".join(rest.split())).strip(" ,;:-–")
    return Understood(
        kind=kind,
        title=title,
        unit=unit,
        priority=priority,
        due=due,
        due_phrase=due_phrase,
        person=person,
        problems=tuple(problems),
    )
