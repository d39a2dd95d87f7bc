"""Units and contacts: unique folded names, lookup by name with suggestions, the unit tree,
validation of e-mail and phone, and optimistic locking."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlmodel import select

from officer_tui.models.enums import UnitKind
from officer_tui.models.org import Contact, OrgUnit
from officer_tui.services import contacts, units
from officer_tui.services.database import open_database
from officer_tui.services.errors import NotFound, StaleVersion, ValidationError


@pytest.fixture
def made(request, make_db) -> tuple[str, dict[str, int]]:
    """This test's copy of a migrated database, or of one with the units of ``tree``:
    built once per backend, copied per test."""
    if "tree" in request.fixturenames:
        return make_db("units-contacts-tree", build_tree_at)
    return make_db("units-contacts-empty", migrate_only)


@pytest.fixture
def db_url(made) -> str:
    return made[0]


def migrate_only(url: str) -> dict[str, int]:
    open_database(url).close()
    return {}


def build_tree_at(url: str) -> dict[str, int]:
    database = open_database(url)
    try:
        return build_tree(database)
    finally:
        database.close()


def run(database, fn, *args, **kwargs):
    with database.session() as session:
        return fn(session, *args, **kwargs)


def add_unit(database, name: str, **fields) -> int:
    return run(database, units.create_unit, data={"name": name} | fields).id


def add_contact(database, name: str, **fields) -> int:
    return run(database, contacts.create_contact, data={"name": name} | fields).id


def all_of(database, model) -> list[dict]:
    with database.session() as session:
        return [row.model_dump() for row in session.exec(select(model).order_by(model.id))]


@contextmanager
def unchanged(database, model):
    """Whatever the block raises, every row of ``model`` stays as it was (fresh session)."""
    before = all_of(database, model)
    yield
    assert all_of(database, model) == before


def build_tree(database) -> dict[str, int]:
    culture = add_unit(database, "Kulturbetrieb", kind="enterprise", short_name="KB")
    library = add_unit(database, "Stadtbibliothek", kind="library", parent_id=culture)
    return {
        "culture": culture,
        "library": library,
        "branch": add_unit(database, "Zweigstelle Nord", kind="library", parent_id=library),
        "museum": add_unit(
            database, "Stadtmuseum", kind="museum", parent_id=culture, short_name="StM"
        ),
        "office": add_unit(database, "Hauptamt", kind="city_office", headcount=40),
        "bureau": add_unit(database, "Kulturbüro", short_name="KÜB"),
        "it": add_unit(database, "KDN IT-Dienstleister", kind="it_provider"),
    }


@pytest.fixture
def tree(made, database) -> dict[str, int]:
    """Kulturbetrieb > (Stadtbibliothek > Zweigstelle Nord, Stadtmuseum); Hauptamt;
    Kulturbüro; KDN IT-Dienstleister."""
    return made[1]


# --- units --------------------------------------------------------------------------------


def test_create_unit_trims_and_stores(database):
    unit = run(
        database,
        units.create_unit,
        data={"name": "  Musikschule  ", "kind": "music_school", "headcount": 35},
    )
    (stored,) = all_of(database, OrgUnit)
    assert stored["id"] == unit.id
    assert stored["name"] == "Musikschule"
    assert stored["kind"] == UnitKind.MUSIC_SCHOOL
    assert stored["headcount"] == 35
    assert stored["version"] == 1


@pytest.mark.parametrize(
    "clash", ["Kulturbüro", "kulturbüro", "KULTURBÜRO", "Kulturburo", "  Kulturbüro  "]
)
def test_unit_names_are_unique_case_and_umlaut_blind(database, clash):
    add_unit(database, "Kulturbüro")
    with unchanged(database, OrgUnit), pytest.raises(ValidationError) as caught:
        add_unit(database, clash)
    assert caught.value.field == "name"
    assert "Kulturbüro" in caught.value.message


def test_eszett_and_ss_are_the_same_name(database):
    add_unit(database, "Amt für Straßen")
    with unchanged(database, OrgUnit), pytest.raises(ValidationError):
        add_unit(database, "Amt fur Strassen")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"name": "Amt", "headcount": -1}, "headcount"),
        ({"name": "Amt", "kind": "castle"}, "kind"),
        ({"name": "Amt", "parent_id": 9999}, "parent"),
    ],
)
def test_create_unit_refuses_bad_input(database, data, field):
    with unchanged(database, OrgUnit), pytest.raises(ValidationError) as caught:
        run(database, units.create_unit, data=data)
    assert caught.value.field == field


def test_rename_to_another_units_name_is_refused(database, tree):
    with unchanged(database, OrgUnit), pytest.raises(ValidationError) as caught:
        run(database, units.update_unit, unit_id=tree["museum"], changes={"name": "HAUPTAMT"})
    assert caught.value.field == "name"


def test_a_unit_may_change_the_spelling_of_its_own_name(database, tree):
    unit = run(
        database,
        units.update_unit,
        unit_id=tree["bureau"],
        changes={"name": "KULTURBÜRO"},
        expected_version=1,
    )
    assert unit.version == 2
    assert run(database, units.get_unit, tree["bureau"]).name == "KULTURBÜRO"
    assert run(database, units.find_unit, "kulturburo").id == tree["bureau"]


def test_update_unit_with_a_stale_version_changes_nothing(database, tree):
    run(database, units.update_unit, unit_id=tree["office"], changes={"headcount": 41})
    with unchanged(database, OrgUnit), pytest.raises(StaleVersion):
        run(
            database,
            units.update_unit,
            unit_id=tree["office"],
            changes={"headcount": 99},
            expected_version=1,
        )
    assert run(database, units.get_unit, tree["office"]).headcount == 41


@pytest.mark.parametrize(
    ("typed", "unit"),
    [
        ("Stadtmuseum", "museum"),
        ("  stadtmuseum ", "museum"),
        ("STADTMUSEUM", "museum"),
        ("Kulturburo", "bureau"),
        ("kulturbüro", "bureau"),
        ("StM", "museum"),  # short names count too
        ("stm", "museum"),
        ("KÜB", "bureau"),
        ("küb", "bureau"),
        ("kub", "bureau"),
        ("kb", "culture"),
    ],
)
def test_find_unit_by_name_or_short_name(database, tree, typed, unit):
    assert run(database, units.find_unit, typed).id == tree[unit]


def test_find_unit_suggests_close_names(database, tree):
    with pytest.raises(ValidationError) as caught:
        run(database, units.find_unit, "Stadtmusem")
    assert caught.value.field == "unit"
    assert "did you mean" in caught.value.message
    assert "Stadtmuseum" in caught.value.message


def test_find_unit_suggests_names_containing_what_was_typed(database, tree):
    with pytest.raises(ValidationError) as caught:
        run(database, units.find_unit, "bibliothek", field="forward_to")
    assert caught.value.field == "forward_to"
    assert "Stadtbibliothek" in caught.value.message


def test_find_unit_without_a_close_name(database, tree):
    with pytest.raises(ValidationError) as caught:
        run(database, units.find_unit, "Feuerwehr")
    assert "Feuerwehr" in caught.value.message
    assert "did you mean" not in caught.value.message


def test_find_unit_refuses_a_blank_name(database, tree):
    with pytest.raises(ValidationError) as caught:
        run(database, units.find_unit, "   ")
    assert caught.value.message == "must not be empty"


def test_a_unit_cannot_be_its_own_parent(database, tree):
    with unchanged(database, OrgUnit), pytest.raises(ValidationError) as caught:
        run(
            database,
            units.update_unit,
            unit_id=tree["library"],
            changes={"parent_id": tree["library"]},
        )
    assert caught.value.field == "parent"


@pytest.mark.parametrize("below", ["library", "branch", "museum"])
def test_a_unit_cannot_move_below_its_own_descendants(database, tree, below):
    with unchanged(database, OrgUnit), pytest.raises(ValidationError) as caught:
        run(
            database, units.update_unit, unit_id=tree["culture"], changes={"parent_id": tree[below]}
        )
    assert caught.value.field == "parent"


def test_moving_a_unit_elsewhere_is_fine(database, tree):
    run(database, units.update_unit, unit_id=tree["branch"], changes={"parent_id": tree["museum"]})
    assert run(database, units.unit_and_descendants, tree["museum"]) == {
        tree["museum"],
        tree["branch"],
    }
    assert run(database, units.unit_and_descendants, tree["library"]) == {tree["library"]}
    run(database, units.update_unit, unit_id=tree["branch"], changes={"parent_id": None})
    assert run(database, units.get_unit, tree["branch"]).parent_id is None


def test_unknown_parent_is_refused(database, tree):
    with unchanged(database, OrgUnit), pytest.raises(ValidationError) as caught:
        run(database, units.update_unit, unit_id=tree["branch"], changes={"parent_id": 9999})
    assert caught.value.field == "parent"


def test_unit_and_descendants(database, tree):
    def below(name):
        return run(database, units.unit_and_descendants, tree[name])

    assert below("culture") == {tree["culture"], tree["library"], tree["branch"], tree["museum"]}
    assert below("library") == {tree["library"], tree["branch"]}
    assert below("branch") == {tree["branch"]}
    assert below("office") == {tree["office"]}
    assert run(database, units.unit_and_descendants, 9999) == {9999}


def test_list_units_reads_as_a_tree(database, tree):
    add_contact(database, "Anna Schmidt", unit_id=tree["library"])
    add_contact(database, "Jan Kowalski", unit_id=tree["library"])
    rows = run(database, units.list_units)
    assert [(row.name, row.depth) for row in rows] == [
        ("Hauptamt", 0),
        ("KDN IT-Dienstleister", 0),
        ("Kulturbetrieb", 0),
        ("Stadtbibliothek", 1),
        ("Zweigstelle Nord", 2),
        ("Stadtmuseum", 1),
        ("Kulturbüro", 0),
    ]
    by_name = {row.name: row for row in rows}
    assert by_name["Stadtbibliothek"].parent_name == "Kulturbetrieb"
    assert by_name["Zweigstelle Nord"].parent_id == tree["library"]
    assert by_name["Stadtbibliothek"].contacts == 2
    assert by_name["Stadtmuseum"].contacts == 0
    assert by_name["Hauptamt"].headcount == 40
    assert by_name["Hauptamt"].parent_name is None
    assert by_name["Stadtmuseum"].short_name == "StM"
    assert run(database, units.unit_names)[0] == (tree["office"], "Hauptamt")


def test_get_unknown_unit_is_not_found(database):
    with pytest.raises(NotFound):
        run(database, units.get_unit, 1)


# --- contacts -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "email", ["anna.schmidt@stadt-beispiel.de", "j.mueller+it@kultur.example.org", ""]
)
@pytest.mark.parametrize("phone", ["+49 (0)221 123-456", "0221/12345", "0221 12 34 5", ""])
def test_contact_accepts_usual_mail_and_phone(database, email, phone):
    contact = run(
        database,
        contacts.create_contact,
        data={"name": " Anna Schmidt ", "email": f" {email} ", "phone": phone, "role": " IT "},
    )
    stored = run(database, contacts.get_contact, contact.id)
    assert (stored.name, stored.email, stored.phone, stored.role) == (
        "Anna Schmidt",
        email,
        phone,
        "IT",
    )


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"email": "anna@"}, "email"),
        ({"email": "anna at stadt.de"}, "email"),
        ({"email": "anna schmidt@stadt.de"}, "email"),
        ({"email": "anna@stadt"}, "email"),
        ({"email": "a@b@c.de"}, "email"),
        ({"phone": "abc"}, "phone"),
        ({"phone": "12"}, "phone"),
        ({"phone": "0221 123 ext. 4"}, "phone"),
        ({"name": "  "}, "name"),
        ({"name": ""}, "name"),
        ({"unit_id": 9999}, "unit"),
    ],
)
def test_contact_refuses_bad_input(database, fields, field):
    with unchanged(database, Contact), pytest.raises(ValidationError) as caught:
        run(database, contacts.create_contact, data={"name": "Anna Schmidt"} | fields)
    assert caught.value.field == field
    assert all_of(database, Contact) == []


def test_update_contact_with_the_current_version(database, tree):
    cid = add_contact(database, "Anna Schmidt", unit_id=tree["library"])
    contact = run(
        database,
        contacts.update_contact,
        contact_id=cid,
        changes={"name": "Anna Schmidt-Weber", "email": "anna@stadt.de"},
        expected_version=1,
    )
    assert contact.version == 2
    assert run(database, contacts.find_contact, "anna schmidt-weber").id == cid


def test_update_contact_with_a_stale_version_changes_nothing(database, tree):
    cid = add_contact(database, "Anna Schmidt")
    run(database, contacts.update_contact, contact_id=cid, changes={"role": "Leitung"})
    with unchanged(database, Contact), pytest.raises(StaleVersion):
        run(
            database,
            contacts.update_contact,
            contact_id=cid,
            changes={"role": "Alt"},
            expected_version=1,
        )
    assert run(database, contacts.get_contact, cid).role == "Leitung"


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"email": "kaputt"}, "email"), ({"name": None}, "name"), ({"unit_id": 9999}, "unit")],
)
def test_update_contact_refuses_bad_input(database, changes, field):
    cid = add_contact(database, "Anna Schmidt", email="anna@stadt.de")
    with unchanged(database, Contact), pytest.raises(ValidationError) as caught:
        run(database, contacts.update_contact, contact_id=cid, changes=changes, expected_version=1)
    assert caught.value.field == field


def test_find_contact_is_case_and_umlaut_blind(database, tree):
    cid = add_contact(database, "Jürgen Müller", unit_id=tree["museum"])
    for typed in ("Jürgen Müller", "jurgen muller", " JÜRGEN MÜLLER "):
        assert run(database, contacts.find_contact, typed).id == cid


def test_find_contact_with_two_of_the_same_name(database, tree):
    in_library = add_contact(database, "Anna Schmidt", unit_id=tree["library"])
    in_museum = add_contact(database, "Anna Schmidt", unit_id=tree["museum"])
    with pytest.raises(ValidationError) as caught:
        run(database, contacts.find_contact, "anna schmidt")
    assert caught.value.field == "requester"
    assert "2 contacts" in caught.value.message
    assert (
        run(database, contacts.find_contact, "Anna Schmidt", unit_id=tree["museum"]).id == in_museum
    )
    assert (
        run(database, contacts.find_contact, "Anna Schmidt", unit_id=tree["library"]).id
        == in_library
    )
    with pytest.raises(ValidationError):  # neither is in the office: still ambiguous
        run(database, contacts.find_contact, "Anna Schmidt", unit_id=tree["office"])


def test_find_contact_suggests_close_names(database):
    add_contact(database, "Jürgen Müller")
    with pytest.raises(ValidationError) as caught:
        run(database, contacts.find_contact, "Jurgen Muler", field="lead")
    assert caught.value.field == "lead"
    assert "Jürgen Müller" in caught.value.message
    with pytest.raises(ValidationError) as caught:
        run(database, contacts.find_contact, "Zacharias")
    assert "did you mean" not in caught.value.message
    with pytest.raises(ValidationError) as caught:
        run(database, contacts.find_contact, "")
    assert caught.value.message == "must not be empty"


def test_list_contacts_filters_by_folded_text_and_unit(database, tree):
    add_contact(database, "Jürgen Müller", unit_id=tree["museum"])
    add_contact(database, "Anna Schmidt", unit_id=tree["library"])
    add_contact(database, "Bernd Mueller", unit_id=tree["branch"])
    add_contact(database, "Zoë Neumann")

    def names(**kwargs):
        return [row.name for row in run(database, contacts.list_contacts, **kwargs)]

    assert names() == ["Anna Schmidt", "Bernd Mueller", "Jürgen Müller", "Zoë Neumann"]
    assert names(text="MULLER") == ["Jürgen Müller"]
    assert names(text="zoe") == ["Zoë Neumann"]
    assert names(text="%") == []
    below_library = run(database, units.unit_and_descendants, tree["library"])
    assert names(unit_ids=below_library) == ["Anna Schmidt", "Bernd Mueller"]
    assert names(limit=1) == ["Anna Schmidt"]
    (row,) = run(database, contacts.list_contacts, text="schmidt")
    assert row.unit_name == "Stadtbibliothek"
