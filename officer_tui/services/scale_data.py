"""Building blocks for generated (scale) data: names, roles, title templates, weights.

Plain data and small pure functions, read by ``officer_tui.services.seed.seed_scale``. All names
are invented; domains end in ``.example``.
"""

from __future__ import annotations

import random
from bisect import bisect
from collections.abc import Iterator, Sequence
from itertools import accumulate
from string import Formatter

from officer_tui.models.enums import Channel, Priority, RequestStatus, UnitKind
from officer_tui.services import demo_data

# The demo's units come first, in an order that keeps parents before children and puts the
# IT provider among the first ten (requests are forwarded there).
# fmt: off
CORE_UNITS = (
    "kb", "museum", "bib", "musik", "kultur", "archiv", "kit", "stadt", "dit", "hauptamt",
    "kunsthalle", "personal", "kaemmerei", "foerder", "lmv",
)

# (name pattern, kind, parent key, base headcount): branches of the houses, one per district.
BRANCHES = (
    ("Stadtteilbibliothek {district}", UnitKind.LIBRARY, "bib", 4),
    ("Musikschule Außenstelle {district}", UnitKind.MUSIC_SCHOOL, "musik", 6),
    ("Bürgerhaus {district}", UnitKind.HOUSE, "kb", 3),
    ("Kulturzentrum {district}", UnitKind.EVENTS, "kultur", 5),
    ("Heimatmuseum {district}", UnitKind.MUSEUM, "museum", 2),
    ("Jugendkunstschule {district}", UnitKind.HOUSE, "kb", 4),
)
DISTRICTS = (
    "Nord", "Süd", "Ost", "West", "Altstadt", "Neustadt", "Am Hafen", "Heide", "Lindenberg",
    "Birkenfeld", "Oberdorf", "Unterdorf", "Mühlental", "Sonnenhang", "Eichholz", "Wiesengrund",
    "Kirchhofen", "Steinbrück", "Rosenau", "Tannenbusch", "Auenfeld", "Schlossberg",
    "Hasselbach", "Marktviertel",
)
_NUMERALS = ("", " II", " III", " IV", " V", " VI", " VII", " VIII", " IX", " X")
# fmt: on


def unit_specs(
    wanted: int,
) -> Iterator[tuple[str, str, str | None, UnitKind, str | None, int | None]]:
    """``wanted`` units as (key, name, short name, kind, parent key, headcount), parents first."""
    demo = {spec[0]: spec for spec in demo_data.UNITS}
    for key in CORE_UNITS[:wanted]:
        yield demo[key]
    for index in range(max(wanted - len(CORE_UNITS), 0)):
        pattern, kind, parent, headcount = BRANCHES[index % len(BRANCHES)]
        round_, district = divmod(index // len(BRANCHES), len(DISTRICTS))
        suffix = _NUMERALS[round_] if round_ < len(_NUMERALS) else f" {round_ + 1}"
        name = pattern.format(district=DISTRICTS[district]) + suffix
        yield (f"branch-{index}", name, None, kind, parent, headcount + index % 5)


# fmt: off
# Units of these kinds bring requests to the officer.
ASKING_KINDS = frozenset(
    {
        UnitKind.ENTERPRISE, UnitKind.MUSEUM, UnitKind.LIBRARY, UnitKind.MUSIC_SCHOOL,
        UnitKind.EVENTS, UnitKind.HOUSE, UnitKind.CITY_OFFICE,
    }
)
CONTACT_WEIGHT = {
    UnitKind.MUSIC_SCHOOL: 4, UnitKind.LIBRARY: 3, UnitKind.MUSEUM: 3, UnitKind.EVENTS: 2,
    UnitKind.HOUSE: 2, UnitKind.CITY_OFFICE: 2, UnitKind.ENTERPRISE: 2,
}
# fmt: on


def domain_for(kind: UnitKind) -> str:
    if kind == UnitKind.IT_PROVIDER:
        return "kommunalit-hohenstein.example"
    if kind == UnitKind.EXTERNAL:
        return "partner-hohenstein.example"
    return "hohenstein.example"


# fmt: off
FIRST_NAMES = (
    "Anna", "Lena", "Julia", "Sarah", "Laura", "Katharina", "Sabine", "Petra", "Ute", "Birgit",
    "Miriam", "Jana", "Nina", "Clara", "Leonie", "Aylin", "Elif", "Marta", "Sophie", "Hannah",
    "Franziska", "Heike", "Carina", "Gisela", "Monika", "Ines", "Tanja", "Svenja", "Merve", "Olga",
    "Thomas", "Michael", "Andreas", "Stefan", "Markus", "Jonas", "Tobias", "Paul", "Lukas",
    "Felix", "Jan", "Sven", "Marco", "Gerd", "Frank", "Lars", "Henrik", "Wolfgang", "Ralf",
    "Dirk", "Timo", "Emre", "Piotr", "Konstantin", "Matthias", "Benedikt", "Ole", "Jörg",
)
LAST_NAMES = (
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz",
    "Hoffmann", "Koch", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Braun",
    "Hofmann", "Zimmermann", "Krüger", "Hartmann", "Lange", "Werner", "Krause", "Lehmann",
    "Köhler", "Albers", "Brandes", "Osterkamp", "Lindner", "Demir", "Wendt", "Kessler",
    "Hagedorn", "Barth", "Pohlmann", "Vogt", "Nowak", "Jacobs", "Reiners", "Sommer", "Berger",
    "Lorenz", "Kuhlmann", "Wolff", "Brinkmann", "Rademacher", "Evers", "Engel", "Pietsch",
    "Oltmanns", "Behrens", "Hartung", "Neumeyer", "Yılmaz", "Kowalski", "Janssen", "Gödeke",
    "Dreyer", "Ahlers", "Thiele", "Wilkens", "Bruns", "Meinecke",
)
ROLES: dict[UnitKind | None, tuple[str, ...]] = {
    UnitKind.MUSEUM: ("Kuratorin", "Sammlungsverwaltung", "Museumspädagogik", "Besucherservice",
                      "Restaurierung", "Haustechnik"),
    UnitKind.LIBRARY: ("Ausleihe", "Bestandsaufbau", "Kinder- und Jugendbibliothek",
                       "Systembibliothek", "Leseförderung"),
    UnitKind.MUSIC_SCHOOL: ("Lehrkraft Klavier", "Lehrkraft Violine", "Lehrkraft Gitarre",
                            "Lehrkraft Blasinstrumente", "Verwaltung", "Fachgruppenleitung"),
    UnitKind.EVENTS: ("Veranstaltungsorganisation", "Veranstaltungstechnik",
                      "Öffentlichkeitsarbeit"),
    UnitKind.IT_PROVIDER: ("Service-Desk", "Netzwerk", "Arbeitsplatzbetreuung",
                           "Kundenbetreuung"),
    UnitKind.EXTERNAL: ("Vorstand", "Geschäftsstelle", "Referentin"),
    None: ("Sachbearbeitung", "Leitung", "Verwaltung", "Assistenz", "Sachbearbeitung IT"),
}

CATEGORIES = (
    "Hardware", "Software", "Zugänge", "Netzwerk", "Telefonie", "Webseite", "Datenschutz",
    "Beschaffung", "Schulung", "Digitalisierung",
)
STATUS_WEIGHTS = (  # about 60 % closed
    (RequestStatus.DONE, 50), (RequestStatus.DECLINED, 10), (RequestStatus.NEW, 6),
    (RequestStatus.TRIAGED, 8), (RequestStatus.IN_PROGRESS, 12), (RequestStatus.WAITING, 5),
    (RequestStatus.FORWARDED, 9),
)
PRIORITY_WEIGHTS = (
    (Priority.LOW, 20), (Priority.NORMAL, 50), (Priority.HIGH, 22), (Priority.URGENT, 8),
)
CHANNEL_WEIGHTS = (
    (Channel.MAIL, 45), (Channel.PHONE, 20), (Channel.MEETING, 10), (Channel.IN_PERSON, 10),
    (Channel.TICKET, 15),
)

_WORDS = {
    "device": ("Drucker", "Multifunktionsgerät", "Laptop", "Monitor", "Scanner", "Beamer",
               "Kassendrucker", "Dokumentenkamera", "Tablet", "Etikettendrucker",
               "Dockingstation", "Headset"),
    "place": ("im Foyer", "im Lesesaal", "im Depot", "im Magazin", "in Büro 2.14",
              "in Unterrichtsraum 3", "in der Ausstellungshalle", "in der Werkstatt",
              "an der Kasse", "im Veranstaltungssaal", "in der Kinderbibliothek",
              "in der Verwaltung", "im Seminarraum", "im Konzertsaal"),
    "software": ("Museumsdatenbank", "Bibliothekssoftware", "Kassensystem", "Archivsoftware",
                 "Kursverwaltung", "Veranstaltungskalender", "Zeiterfassung", "Office-Paket",
                 "Bildbearbeitung", "Redaktionssystem", "Ticketshop", "Videokonferenz",
                 "E-Akte", "Dokumentenmanagement"),
    "person": ("neue Kollegin", "neuen Kollegen", "Praktikantin", "Volontär", "Honorarkraft",
               "Kassenaushilfe", "Auszubildende"),
    "event": ("Sommerfest", "Museumsnacht", "Lesesommer", "Vorspielabend",
              "Ausstellungseröffnung", "Tag des offenen Denkmals", "Kinderkonzert", "Lesung"),
    "collection": ("Ratsprotokolle", "Fotosammlung", "Plakatsammlung", "Glasplattennegative",
                   "Grafische Sammlung", "Zeitungsbestand", "Bauakten", "Nachlass Berghoff"),
    "count": ("2", "3", "4", "5", "6", "8", "10", "12"),
}
TITLES = {
    "Hardware": ("{device} {place} defekt", "{device} {place} startet nicht",
                 "{device} {place} meldet Fehler"),
    "Software": ("Update für {software}", "{software} startet nicht",
                 "{software}: Fehlermeldung beim Speichern", "Lizenz für {software} verlängern"),
    "Zugänge": ("Zugang zu {software} für {person}", "Passwort für {software} zurücksetzen",
                "Konto für {person} einrichten", "Zugänge nach Austritt sperren"),
    "Netzwerk": ("WLAN {place} instabil", "Netzwerkdose {place} ohne Funktion",
                 "Gäste-WLAN {place}", "VPN-Zugang für {person}"),
    "Telefonie": ("Telefon {place} ohne Freizeichen", "Rufumleitung {place} einrichten",
                  "Diensthandy für {person}", "Headset für Telefonkonferenzen"),
    "Webseite": ("Website: {event} ankündigen", "Website: Öffnungszeiten aktualisieren",
                 "Barrierefreiheit der Website prüfen", "Fehlerhafte Links auf der Website"),
    "Datenschutz": ("Datenschutzfrage zu Fotos ({event})",
                    "Auftragsverarbeitungsvertrag für {software}",
                    "Einwilligungen für den Newsletter", "Löschfristen in {software}"),
    "Beschaffung": ("Beschaffung: {count} × {device}", "Angebot für {device} einholen",
                    "Ersatz für {device} {place}"),
    "Schulung": ("Schulung {software}", "Einführung in {software} für {person}",
                 "KI-Grundlagen für das Team"),
    "Digitalisierung": ("Digitalisierung {collection}", "Online-Anmeldung zum {event}",
                        "Online-Formular statt Papier", "Digitale Signatur für Verträge"),
}
_DETAILS = (
    "Gemeldet aus: {unit}.",
    "Bitte Rückmeldung an {unit}.",
    "Betrifft {unit}; Dringlichkeit nach Absprache.",
    "Anliegen aus {unit}, Details telefonisch besprochen.",
)
DONE_NOTES = (
    "Erledigt, Rückmeldung an die Anfragenden gegeben.",
    "Von KommunalIT behoben.",
    "Gerät getauscht.",
    "Zugang eingerichtet und Zugangsdaten übergeben.",
    "Schulungstermin vereinbart und durchgeführt.",
    "Angebot eingeholt, Beschaffung veranlasst.",
)
DECLINED_NOTES = (
    "Abgelehnt: keine Haushaltsmittel im laufenden Jahr.",
    "Abgelehnt: Zuständigkeit liegt beim Hauptamt.",
    "Doppelte Anfrage, siehe ältere Anfrage.",
    "Nach Vorgaben der Informationssicherheit nicht umsetzbar.",
)

# fmt: on

# Each title pattern with the words it needs, worked out once.
_PATTERNS = {
    category: tuple(
        (pattern, tuple(name for _text, name, _spec, _conv in Formatter().parse(pattern) if name))
        for pattern in patterns
    )
    for category, patterns in TITLES.items()
}


def title_and_text(rng: random.Random, category: str, unit_name: str) -> tuple[str, str]:
    """A title from the category's templates and a short description."""
    pattern, names = pick(rng, _PATTERNS[category])
    words = {name: pick(rng, _WORDS[name]) for name in names}
    return pattern.format_map(words), pick(rng, _DETAILS).format(unit=unit_name)


class Weighted:
    """Draw values with fixed weights quickly (cumulative weights worked out once)."""

    def __init__(self, table: tuple[tuple[object, int], ...]) -> None:
        self.values = [value for value, _weight in table]
        self.cumulative = list(accumulate(weight for _value, weight in table))

    def draw(self, rng: random.Random):
        return self.values[bisect(self.cumulative, rng.random() * self.cumulative[-1])]


def pick(rng: random.Random, values: Sequence):
    """``rng.choice(values)``, faster (one call to the generator)."""
    return values[int(rng.random() * len(values))]
