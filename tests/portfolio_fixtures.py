"""A small portfolio for the project, synergy, report and CLI tests."""

from __future__ import annotations

from datetime import timedelta

from tests.conftest import TODAY


def make_portfolio(session) -> dict[str, int]:
    """Three units, two goals, four projects; museum and archive share "Daten" and words."""
    from officer_tui.models.portfolio import StrategicGoal
    from officer_tui.services import contacts, projects, units

    culture = units.create_unit(session, data={"name": "Kulturbetrieb", "kind": "enterprise"})
    museum = units.create_unit(session, data={"name": "Stadtmuseum", "kind": "museum",
                                              "parent_id": culture.id})
    archive = units.create_unit(session, data={"name": "Stadtarchiv", "kind": "house",
                                               "parent_id": culture.id})
    library = units.create_unit(session, data={"name": "Stadtbibliothek", "kind": "library"})
    lead = contacts.create_contact(session, data={"name": "Miriam Osterkamp", "unit_id": museum.id})
    data_goal = StrategicGoal(code="L3", title="Daten offen bereitstellen")
    people_goal = StrategicGoal(code="L1", title="Teilhabe für alle")
    session.add(data_goal)
    session.add(people_goal)
    session.commit()
    collection = projects.create_project(session, data={
        "title": "Digitale Sammlung Online", "owner_unit_id": museum.id, "lead_id": lead.id,
        "field_of_action": "Daten", "phase": "in_implementation", "funding": "funded",
        "funding_amount": 45_000, "funding_programme": "Förderprogramm Digitale Kultur",
        "proof_of_use_due": TODAY + timedelta(days=30), "traffic_light": "at_risk",
        "traffic_note": "Fotograf fällt aus", "start_on": TODAY - timedelta(days=100),
        "end_on": TODAY + timedelta(days=200), "goal_ids": [data_goal.id, people_goal.id],
        "description": "Digitalisierung der Sammlung mit offenen Lizenzen",
    })
    photos = projects.create_project(session, data={
        "title": "Fotobestand digitalisieren", "owner_unit_id": archive.id,
        "field_of_action": "Daten", "phase": "planned", "funding": "applied",
        "funding_amount": 28_000, "goal_ids": [data_goal.id],
        "description": "Digitalisierung der Sammlung historischer Fotografien",
    })
    twin = projects.create_project(session, data={
        "title": "Sammlung Inventar", "owner_unit_id": museum.id, "field_of_action": "Daten",
        "phase": "planned", "description": "Digitalisierung der Sammlung im Depot",
    })
    lending = projects.create_project(session, data={
        "title": "Digitale Ausleihe", "owner_unit_id": library.id,
        "field_of_action": "Zivilgesellschaft und Teilhabe", "phase": "done",
        "funding": "funded", "funding_amount": 18_500, "traffic_light": "off_track",
        "traffic_note": "Nachweis | fehlt", "end_on": TODAY - timedelta(days=10),
    })
    return {"culture": culture.id, "museum": museum.id, "archive": archive.id,
            "library": library.id, "lead": lead.id, "data_goal": data_goal.id,
            "people_goal": people_goal.id, "collection": collection.id, "photos": photos.id,
            "twin": twin.id, "lending": lending.id}
