"""Demo data: the culture department of the fictional city of Hohenstein.

Plain tuples, read by ``officer_tui.services.seed``. Every person, address and ticket number is
invented; e-mail domains end in ``.example`` and phone numbers use the unassigned area code 05555.
German on purpose: this is a German institution and the officer reads these words every day.
"""

from __future__ import annotations

from officer_tui.models.enums import UnitKind

# fmt: off
# (key, name, short name, kind, parent key, headcount)
UNITS: tuple[tuple[str, str, str | None, UnitKind, str | None, int | None], ...] = (
    ("kb", "Kulturbetrieb der Stadt Hohenstein", "KBH", UnitKind.ENTERPRISE, None, 14),
    ("museum", "Stadtmuseum Hohenstein", "Stadtmuseum", UnitKind.MUSEUM, "kb", 26),
    ("kunsthalle", "Kunsthalle Hohenstein", "Kunsthalle", UnitKind.MUSEUM, "kb", 11),
    ("bib", "Stadtbibliothek Hohenstein", "Stadtbibliothek", UnitKind.LIBRARY, "kb", 31),
    ("musik", "Musikschule Hohenstein", "Musikschule", UnitKind.MUSIC_SCHOOL, "kb", 62),
    ("kultur", "Kulturbüro und Veranstaltungen", "Kulturbüro", UnitKind.EVENTS, "kb", 9),
    ("archiv", "Stadtarchiv Hohenstein", "Stadtarchiv", UnitKind.HOUSE, "kb", 7),
    ("stadt", "Stadtverwaltung Hohenstein", "Stadt", UnitKind.DEPARTMENT, None, None),
    ("hauptamt", "Hauptamt", "Amt 10", UnitKind.CITY_OFFICE, "stadt", 38),
    ("personal", "Personalamt", "Amt 11", UnitKind.CITY_OFFICE, "stadt", 21),
    ("kaemmerei", "Kämmerei", "Amt 20", UnitKind.CITY_OFFICE, "stadt", 17),
    ("dit", "Amt für Digitalisierung und IT", "Amt 17", UnitKind.DEPARTMENT, "stadt", 14),
    ("kit", "KommunalIT Hohenstein", "KommunalIT", UnitKind.IT_PROVIDER, None, 85),
    ("foerder", "Förderverein Stadtmuseum Hohenstein e. V.", "Förderverein",
     UnitKind.EXTERNAL, None, None),
    ("lmv", "Landesmuseumsverband", "LMV", UnitKind.EXTERNAL, None, None),
)

_CITY = "hohenstein.example"
_KIT = "kommunalit-hohenstein.example"

# (name, unit key, role, e-mail, phone)
CONTACTS: tuple[tuple[str, str, str, str, str], ...] = (
    ("Dr. Katharina Albers", "kb", "Betriebsleitung", f"katharina.albers@{_CITY}", "05555 1234-100"),
    ("Jonas Weidemann", "kb", "Kaufmännische Leitung", f"jonas.weidemann@{_CITY}", "05555 1234-101"),
    ("Sabine Kröger", "kb", "Verwaltung und Personal", f"sabine.kroeger@{_CITY}", "05555 1234-104"),
    ("Dr. Henrik Brandes", "museum", "Museumsleitung", f"henrik.brandes@{_CITY}", "05555 1234-210"),
    ("Miriam Osterkamp", "museum", "Sammlungsverwaltung und Inventarisierung",
     f"miriam.osterkamp@{_CITY}", "05555 1234-214"),
    ("Tobias Lindner", "museum", "Museumspädagogik", f"tobias.lindner@{_CITY}", "05555 1234-216"),
    ("Aylin Demir", "museum", "Kasse und Besucherservice", f"aylin.demir@{_CITY}", "05555 1234-200"),
    ("Franziska Meyerhoff", "museum", "Wissenschaftliches Volontariat",
     f"franziska.meyerhoff@{_CITY}", "05555 1234-218"),
    ("Clara Wendt", "kunsthalle", "Leitung Kunsthalle", f"clara.wendt@{_CITY}", "05555 1234-250"),
    ("Paul Kessler", "kunsthalle", "Ausstellungstechnik", f"paul.kessler@{_CITY}", "05555 1234-255"),
    ("Ute Hagedorn", "bib", "Bibliotheksleitung", f"ute.hagedorn@{_CITY}", "05555 1234-300"),
    ("Marco Szymański", "bib", "Sachbearbeitung IT (Systembibliothekar)",
     f"marco.szymanski@{_CITY}", "05555 1234-306"),
    ("Leonie Barth", "bib", "Kinder- und Jugendbibliothek", f"leonie.barth@{_CITY}", "05555 1234-312"),
    ("Gerd Pohlmann", "bib", "Ausleihe und Fernleihe", f"gerd.pohlmann@{_CITY}", "05555 1234-303"),
    ("Andreas Vogt", "musik", "Musikschulleitung", f"andreas.vogt@{_CITY}", "05555 1234-400"),
    ("Petra Nowak", "musik", "Verwaltung Musikschule (Anmeldungen, Gebühren)",
     f"petra.nowak@{_CITY}", "05555 1234-402"),
    ("Elif Yıldız", "musik", "Fachgruppenleitung Tasteninstrumente",
     f"elif.yildiz@{_CITY}", "05555 1234-410"),
    ("Nina Hartmann", "kultur", "Leitung Kulturbüro", f"nina.hartmann@{_CITY}", "05555 1234-500"),
    ("Sven Jacobs", "kultur", "Veranstaltungstechnik", f"sven.jacobs@{_CITY}", "05555 1234-507"),
    ("Jana Krüger", "kultur", "Öffentlichkeitsarbeit und Social Media",
     f"jana.krueger@{_CITY}", "05555 1234-504"),
    ("Dr. Wolfgang Reiners", "archiv", "Archivleitung", f"wolfgang.reiners@{_CITY}", "05555 1234-600"),
    ("Birte Sommer", "archiv", "Digitalisierung und Bestandserhaltung",
     f"birte.sommer@{_CITY}", "05555 1234-603"),
    ("Michael Berger", "hauptamt", "Leitung Hauptamt", f"michael.berger@{_CITY}", "05555 1234-10"),
    ("Dr. Anja Lorenz", "hauptamt", "Datenschutzbeauftragte", f"datenschutz@{_CITY}", "05555 1234-19"),
    ("Stefan Kuhlmann", "hauptamt", "Zentrale Vergabestelle", f"stefan.kuhlmann@{_CITY}", "05555 1234-15"),
    ("Carina Wolff", "personal", "Personalsachbearbeitung (Ein- und Austritte)",
     f"carina.wolff@{_CITY}", "05555 1234-112"),
    ("Heike Brinkmann", "personal", "Fortbildung und Personalentwicklung",
     f"heike.brinkmann@{_CITY}", "05555 1234-118"),
    ("Thomas Rademacher", "kaemmerei", "Leitung Kämmerei", f"thomas.rademacher@{_CITY}", "05555 1234-20"),
    ("Julia Evers", "kaemmerei", "Zentraler Rechnungseingang (E-Rechnung)",
     f"julia.evers@{_CITY}", "05555 1234-27"),
    ("Markus Engel", "dit", "Amtsleitung", f"markus.engel@{_CITY}", "05555 1234-170"),
    ("Sandra Pietsch", "dit", "Informationssicherheitsbeauftragte",
     f"sandra.pietsch@{_CITY}", "05555 1234-175"),
    ("Service-Desk KommunalIT", "kit", "Ticket-Hotline", f"servicedesk@{_KIT}", "05555 9870-0"),
    ("Frank Oltmanns", "kit", "Kundenbetreuung Kultur und Bildung",
     f"frank.oltmanns@{_KIT}", "05555 9870-214"),
    ("Lars Behrens", "kit", "Netzwerk und WLAN", f"lars.behrens@{_KIT}", "05555 9870-331"),
    ("Gisela Hartung", "foerder", "Vorsitzende", "vorstand@foerderverein-stadtmuseum.example",
     "05555 3456-12"),
    ("Dr. Ralf Neumeyer", "lmv", "Referent Digitales Sammlungsmanagement",
     "r.neumeyer@landesmuseumsverband.example", "05555 7788-40"),
)

# What happens to a request after capture, in order. Without "new", it is triaged first.
#   "new"                      stays new (not yet looked at)
#   "progress" / "wait"        in progress / waiting for someone
#   ("fwd", unit, ticket)      forwarded to a unit, with the provider's ticket number
#   ("done", days, note)       closed as done ``days`` after it came in
#   ("declined", days, note)   declined ``days`` after it came in
#
# (title, unit key, requester, channel, category, priority, received days ago, due in days
#  (negative: overdue), steps, description)
REQUESTS = (
    ("Drucker im Foyer defekt", "museum", "Aylin Demir", "phone", "Hardware", "high", 6, 2,
     (("fwd", "kit", "INC-2026-04711"),),
     "Der Multifunktionsdrucker an der Museumskasse zieht kein Papier mehr ein und zeigt "
     "Fehler E-302. Quittungen und Gruppenrechnungen können nicht gedruckt werden."),
    ("WLAN für Besucher in der Bibliothek", "bib", "Ute Hagedorn", "meeting", "Netzwerk",
     "normal", 41, 60, ("progress",),
     "Besucherinnen und Besucher fragen täglich nach freiem WLAN. Gewünscht ist ein offenes "
     "Gäste-WLAN mit Vorschaltseite (Nutzungsbedingungen), getrennt vom Verwaltungsnetz."),
    ("Zugang zur Museumsdatenbank für neue Kollegin", "museum", "Dr. Henrik Brandes", "mail",
     "Zugänge", "high", 3, 4, (),
     "Frau Meyerhoff (Volontariat) beginnt am Monatsersten und braucht einen Zugang zur "
     "Sammlungsdatenbank mit Schreibrechten für die Grafische Sammlung."),
    ("Kassensystem Musikschule: Update auf neue Version", "musik", "Petra Nowak", "mail",
     "Software", "normal", 19, 10, (("fwd", "kit", "RITM-2026-00388"),),
     "Der Hersteller beendet den Support für die eingesetzte Version zum Quartalsende. Das "
     "Update darf nicht in die Anmeldewoche fallen."),
    ("Online-Anmeldung für Kurse der Musikschule", "musik", "Andreas Vogt", "meeting",
     "Digitalisierung", "high", 64, 30, ("progress",),
     "Anmeldungen kommen bisher auf Papier und werden abgetippt. Gewünscht: Online-Formular mit "
     "Warteliste und Gebührenberechnung, angebunden an die Musikschulverwaltung."),
    ("Scanner für die Digitalisierung der Archivbestände", "archiv", "Birte Sommer", "mail",
     "Beschaffung", "normal", 88, -12, ("wait",),
     "Für die Ratsprotokolle 1946–1975 wird ein buchschonender Aufsichtscanner (A2) gebraucht. "
     "Drei Angebote liegen vor; wir warten auf die Freigabe der Haushaltsmittel."),
    ("Teams-Lizenzen für Honorarkräfte der Musikschule", "musik", "Andreas Vogt", "mail",
     "Software", "normal", 27, None, (("fwd", "dit", None),),
     "Rund 40 Honorarlehrkräfte sollen Teams für Konferenzen und Elterngespräche nutzen. "
     "Klären, ob Lizenzen über den Rahmenvertrag der Stadt möglich sind."),
    ("Website: Barrierefreiheit prüfen (BITV 2.0)", "kb", "Jonas Weidemann", "meeting",
     "Webseite", "high", 55, -3, ("progress",),
     "Die Erklärung zur Barrierefreiheit ist veraltet. Alle Seiten der Häuser prüfen, Mängel "
     "auflisten und einen Zeitplan für die Behebung vorlegen."),
    ("Datenschutzfrage: Fotos bei Veranstaltungen", "kultur", "Jana Krüger", "phone",
     "Datenschutz", "normal", 14, 7, (("fwd", "hauptamt", None),),
     "Dürfen Fotos vom Sommerfest mit erkennbaren Gästen auf Instagram gezeigt werden? "
     "Gebraucht werden ein Hinweisschild für den Eingang und ein Muster für Einwilligungen."),
    ("E-Rechnung: Eingang für Rechnungen der Häuser", "kb", "Sabine Kröger", "mail",
     "Digitalisierung", "high", 35, 28, (("fwd", "kaemmerei", None),),
     "Rechnungen müssen elektronisch empfangen werden können (XRechnung, ZUGFeRD). Können die "
     "Häuser den zentralen Rechnungseingang der Kämmerei nutzen, und wie läuft die Freigabe?"),
    ("Beamer im Vortragssaal flackert", "museum", "Tobias Lindner", "in_person", "Hardware",
     "normal", 48, None,
     (("fwd", "kit", "INC-2026-03218"), ("done", 6, "Lampe getauscht, Beamer läuft wieder.")),
     "Der Beamer flackert nach etwa zehn Minuten und schaltet sich ab. Nächster Vortrag in zwei "
     "Wochen."),
    ("Passwort für Bibliothekssoftware gesperrt", "bib", "Gerd Pohlmann", "phone", "Zugänge",
     "urgent", 9, None,
     (("done", 0, "Konto entsperrt, neues Initialpasswort telefonisch mitgeteilt."),),
     "Nach drei Fehlversuchen ist das Konto gesperrt; an der Ausleihe kann niemand verbuchen."),
    ("Neue Kollegin im Kulturbüro: Arbeitsplatz einrichten", "kultur", "Nina Hartmann", "mail",
     "Zugänge", "high", 12, 5, ("progress",),
     "Laptop, Konto, Postfach, Laufwerk K: und Veranstaltungskalender. Das Personalamt hat den "
     "Eintritt zum 16. bestätigt."),
    ("Diensthandy für die Veranstaltungstechnik", "kultur", "Sven Jacobs", "in_person",
     "Telefonie", "normal", 22, None, ("wait",),
     "Bei Abendveranstaltungen ist die Technik nicht erreichbar. Wir warten auf die Regelung "
     "zur Rufbereitschaft vom Hauptamt."),
    ("Telefonanlage Stadtarchiv: Rufumleitung in den Lesesaal", "archiv",
     "Dr. Wolfgang Reiners", "phone", "Telefonie", "low", 30, None,
     (("fwd", "kit", "INC-2026-03975"),),
     "Während der Öffnungszeiten sollen Anrufe an die Zentrale im Lesesaal klingeln."),
    ("Workshop Digitalstrategie mit den Hausleitungen", "kb", "Dr. Katharina Albers",
     "meeting", "Digitalisierung", "normal", 70, None,
     (("done", 40, "Workshop durchgeführt; Maßnahmen sind in die Projektliste übernommen."),),
     "Halbtägiger Workshop: Stand der Digitalisierung je Haus, Bedarfe, Prioritäten für das "
     "nächste Haushaltsjahr."),
    ("Schulung Museumsdatenbank für Volontärinnen", "museum", "Miriam Osterkamp", "mail",
     "Schulung", "low", 45, None, (),
     "Zwei neue Volontärinnen brauchen eine Einführung in Erfassungsrichtlinien und Thesauri."),
    ("KI-Grundlagen: Schulung für alle Häuser", "kb", "Dr. Katharina Albers", "meeting",
     "Schulung", "normal", 20, 45, (),
     "Viele nutzen KI-Werkzeuge schon privat. Gewünscht: Grundlagenschulung zu Chancen, Grenzen "
     "und Datenschutz sowie eine Dienstanweisung."),
    ("Selbstverbuchungsterminal zeigt Fehler", "bib", "Marco Szymański", "ticket", None,
     "high", 2, None, ("new",),
     "Terminal 2 im Erdgeschoss erkennt keine RFID-Etiketten mehr (Reader not found). Ein "
     "Neustart hat nicht geholfen."),
    ("Onleihe-Anbindung: Zugangsdaten erneuern", "bib", "Marco Szymański", "mail", "Software",
     "normal", 95, None,
     (("done", 12, "Zugangsdaten beim Anbieter erneuert, Test mit Leseausweis erfolgreich."),),
     "Die Schnittstelle zur Onleihe meldet abgelaufene Zugangsdaten."),
    ("Eigenes Social-Media-Konto für die Kunsthalle", "kunsthalle", "Clara Wendt", "mail",
     "Webseite", "low", 80, None,
     (("declined", 20, "Nach der Social-Media-Leitlinie gibt es ein gemeinsames Konto des "
       "Kulturbetriebs; Beiträge der Kunsthalle laufen über das Kulturbüro."),),
     "Die Kunsthalle möchte eigene Kanäle auf Instagram und Mastodon."),
    ("Bildrechte für die Online-Sammlung klären", "museum", "Dr. Henrik Brandes", "meeting",
     "Datenschutz", "normal", 58, None, (("fwd", "lmv", None),),
     "Für rund 1.200 Objektfotos ist unklar, ob Nutzungsrechte für die Veröffentlichung "
     "vorliegen. Der Verband hat Musterverträge angekündigt."),
    ("Museumsdatenbank: Export ins Sammlungsportal des Landes", "museum", "Miriam Osterkamp",
     "mail", "Digitalisierung", "normal", 33, 20, ("progress",),
     "Die ersten 500 Objekte sollen im LIDO-Format exportiert werden; Feldzuordnung ist zu "
     "klären."),
    ("Kassensystem Museum: Kartenzahlung fällt aus", "museum", "Aylin Demir", "phone",
     "Hardware", "urgent", 1, 1, (("fwd", "kit", "INC-2026-04802"),),
     "Seit heute Morgen bricht jede Kartenzahlung mit 'Terminal nicht erreichbar' ab. Am "
     "Wochenende öffnet die Sonderausstellung."),
    ("Laptop für die Museumspädagogik", "museum", "Tobias Lindner", "mail", "Beschaffung",
     "low", 110, None,
     (("done", 30, "Leihgerät aus dem Pool bereitgestellt; eigenes Gerät im Sammelauftrag."),),
     "Für Workshops mit Schulklassen wird ein eigener Laptop mit Präsentationssoftware "
     "gebraucht."),
    ("VPN-Zugang für Homeoffice", "kunsthalle", "Paul Kessler", "mail", "Zugänge", "normal",
     25, None,
     (("declined", 3, "Die Ausstellungstechnik ist laut Dienstvereinbarung nicht "
       "homeoffice-fähig; mit der Leitung abgestimmt."),),
     "Für Planungsarbeiten an Ausstellungsaufbauten wird ein VPN-Zugang gewünscht."),
    ("Newsletter-Tool für Veranstaltungshinweise", "kultur", "Jana Krüger", "meeting",
     "Software", "normal", 50, -8, ("progress",),
     "Der Versand über Outlook-Verteiler ist datenschutzrechtlich heikel. Gesucht wird ein "
     "DSGVO-konformes Werkzeug mit Double-Opt-in und Auftragsverarbeitungsvertrag."),
    ("Zeiterfassung: Lehrkräfte der Musikschule einbinden", "musik", "Petra Nowak", "mail",
     "Software", "normal", 73, None, ("wait",),
     "Die Lehrkräfte sollen Unterrichtszeiten digital erfassen. Wir warten auf die Abstimmung "
     "mit dem Personalrat."),
    ("Ticketsystem für Veranstaltungen: Angebote vergleichen", "kultur", "Nina Hartmann",
     "meeting", "Beschaffung", "high", 40, 21, ("progress",),
     "Vorverkauf und Einlass sollen digital laufen. Drei Anbieter sind angefragt; Vergabe über "
     "die zentrale Vergabestelle."),
    ("Leihverträge für Ausstellungen digital unterschreiben", "kunsthalle", "Clara Wendt",
     "mail", None, "low", 15, None, ("new",),
     "Leihgeber fragen nach einer elektronischen Signatur für Leihverträge."),
    ("Monitor am Lesesaal-Arbeitsplatz defekt", "archiv", "Birte Sommer", "ticket", None,
     "normal", 4, None, ("new",),
     "Der Monitor am Recherche-Platz 3 bleibt schwarz."),
    ("Sicherheitsupdate für die Archivsoftware", "archiv", "Birte Sommer", "mail", "Software",
     "high", 18, -2, (("fwd", "kit", "INC-2026-04390"),),
     "Der Hersteller hat eine kritische Lücke gemeldet; das Update muss zeitnah eingespielt "
     "werden."),
    ("Gäste-WLAN im Konzertsaal der Musikschule", "musik", "Andreas Vogt", "meeting",
     "Netzwerk", "low", 100, None,
     (("declined", 45, "Im Konzertsaal gibt es keinen Netzanschluss; wird bei der Sanierung "
       "2027 eingeplant."),),
     "Für Vorspiele und Konzerte wäre ein Gäste-WLAN schön."),
    ("Kein Mobilfunkempfang im Außendepot", "museum", "Miriam Osterkamp", "phone",
     "Telefonie", "high", 90, -20, ("progress",),
     "Im Außendepot gibt es keinen Empfang. Bei Alleinarbeit fehlt eine Notrufmöglichkeit."),
    ("Auftragsverarbeitungsvertrag für die Kursverwaltung", "musik", "Petra Nowak", "mail",
     "Datenschutz", "normal", 38, None,
     (("fwd", "hauptamt", None),
      ("done", 20, "AVV von der Datenschutzbeauftragten geprüft und freigegeben.")),
     "Der Anbieter der Kursverwaltung hat einen neuen AVV geschickt."),
    ("Schulung barrierefreie PDFs", "kultur", "Jana Krüger", "mail", "Schulung", "normal", 60,
     None, (("done", 35, "Inhouse-Schulung mit zwölf Teilnehmenden durchgeführt."),),
     "Programmhefte und Flyer sollen barrierefrei als PDF erscheinen."),
    ("Toner für den Drucker der Kinderbibliothek", "bib", "Leonie Barth", "phone",
     "Beschaffung", "low", 7, None, (("done", 1, "Toner aus dem Vorrat geliefert."),),
     "Der Drucker in der Kinderbibliothek meldet leeren Toner."),
    ("Postfach für den Förderverein", "foerder", "Gisela Hartung", "mail", "Zugänge", "low",
     52, None,
     (("declined", 10, "Externe Vereine erhalten keine städtischen Postfächer; Hinweis auf "
       "eine eigene Vereinslösung gegeben."),),
     "Der Förderverein wünscht eine Adresse auf der Domain der Stadt."),
    ("Förderantrag Digitalisierung des kulturellen Erbes", "museum", "Dr. Henrik Brandes",
     "meeting", "Digitalisierung", "high", 26, 12, ("progress",),
     "Der Förderaufruf des Landes endet bald. Antrag mit Kostenplan für Fotografie, "
     "Erschließung und Online-Stellung vorbereiten."),
    ("Telefonnummer der Musikschule auf der Website falsch", "musik", "Petra Nowak", "mail",
     "Webseite", "normal", 11, None, (("done", 1, "Nummer im Redaktionssystem korrigiert."),),
     "Auf der Kontaktseite steht noch die alte Durchwahl."),
    ("Bibliotheksanmeldung mit Online-Ausweis (eID)", "bib", "Ute Hagedorn", "meeting",
     "Digitalisierung", "low", 120, None, (),
     "Neue Leserinnen und Leser sollen sich online mit dem Personalausweis anmelden können."),
    ("Schulungsraum der Bibliothek: Präsentationstechnik", "bib", "Leonie Barth", "in_person",
     "Hardware", "normal", 44, None, ("wait",),
     "Der Raum braucht ein Display und eine Dokumentenkamera. Wir warten auf das Angebot."),
    ("Veranstaltungskalender: Schnittstelle zum Stadtportal", "kultur", "Nina Hartmann",
     "mail", "Webseite", "normal", 31, None, (("fwd", "dit", None),),
     "Termine werden doppelt gepflegt (eigene Seite und Stadtportal). Gewünscht ist eine "
     "Schnittstelle (iCal oder API)."),
    ("Zugänge ausgeschiedener Mitarbeitender sperren", "kb", "Sabine Kröger", "mail",
     "Zugänge", "urgent", 5, -1, ("progress",),
     "Drei Personen sind zum Monatsende ausgeschieden; Konten und Zugänge zur Kasse sind noch "
     "aktiv. Abgleich mit der Austrittsliste des Personalamts."),
    ("Phishing-Mail im Kulturbüro: Zugangsdaten eingegeben", "kultur", "Sven Jacobs", "phone",
     None, "urgent", 0, None, ("new",),
     "Ein Kollege hat in einer gefälschten Paketmail seine Zugangsdaten eingegeben. Das "
     "Passwort ist bereits geändert."),
    ("Tablets für Museumsführungen", "museum", "Tobias Lindner", "meeting", "Beschaffung",
     "low", 66, None, (),
     "Für inklusive Führungen (Gebärdensprache, Leichte Sprache) werden sechs Tablets gewünscht."),
    ("Findbücher des Stadtarchivs online stellen", "archiv", "Dr. Wolfgang Reiners",
     "meeting", "Digitalisierung", "normal", 115, 30, ("progress",),
     "Die Findbücher sollen im Archivportal des Landes erscheinen; Export aus der "
     "Archivsoftware ist zu testen."),
    ("Kopierer der Kunsthalle: Scannen in E-Mail einrichten", "kunsthalle", "Paul Kessler",
     "mail", None, "normal", 1, None, ("new",),
     "Der Kopierer soll Scans direkt an das Postfach senden können."),
    ("Spendenformular auf der Website des Museums", "foerder", "Gisela Hartung", "mail", None,
     "low", 8, None, ("new",),
     "Der Förderverein möchte Online-Spenden über die Museumsseite ermöglichen."),
)
# fmt: on
