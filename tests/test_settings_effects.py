"""Each setting changes what the services (on SQLite and PostgreSQL), the CLI and the app do.

A test changes a setting the way the app does after reading the file (``settings.activate``)
or writes the file itself; the conftest puts the defaults back after every test.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from officer_tui import settings
from officer_tui.models.enums import UnitKind
from officer_tui.models.history import Change
from officer_tui.models.state import AppState
from officer_tui.services import backups, contacts, ideas, requests, today, units
from officer_tui.services.errors import ValidationError
from officer_tui.services.history_recorder import current_user
from officer_tui.services.idea_views import DEFAULT_WEIGHTS
from officer_tui.services.status_report import status_report
from officer_tui.services.today_views import SectionKey, section_title, waiting_too_long_days
from tests.conftest import TODAY


def use(**changes) -> None:
    """The settings of this test, as if read from the file."""
    settings.activate(settings.with_changes(settings.current(), **changes))


def days_ago(n: int):
    return TODAY - timedelta(days=n)


# --- requests.waiting_too_long_days ------------------------------------------------------------


def test_waiting_too_long_follows_the_setting(session):
    unit = units.create_unit(session, data={"name": "Stadtbibliothek", "kind": "library"}).id
    ids = {age: requests.create_request(session, data={
        "title": f"{age} Tage", "unit_id": unit, "received_on": days_ago(age)}, today=TODAY).id
        for age in (10, 16, 25)}

    def waiting() -> set[int]:
        section = today.waiting_requests(session, TODAY)
        assert section.count == len(section.items)
        return {item.record_id for item in section.items}

    assert waiting() == {ids[16], ids[25]}
    assert section_title(SectionKey.REQUESTS_WAITING) == "Requests waiting more than 14 days"
    use(waiting_too_long_days=20)
    assert waiting_too_long_days() == 20 and today.waiting_filter().waiting_days == 20
    assert waiting() == {ids[25]}
    assert section_title(SectionKey.REQUESTS_WAITING) == "Requests waiting more than 20 days"
    report = status_report(session, today=TODAY)
    assert "### Requests waiting more than 20 days (1)" in report
    use(waiting_too_long_days=5)
    assert waiting() == set(ids.values())


# --- contacts.stay_in_touch_* ----------------------------------------------------------------


@pytest.fixture
def people(session) -> dict[str, int]:
    """Last heard from: the museum's curator 40 days ago, the IT provider's contact 20 days
    ago, someone without a unit 100 days ago, and a board member (own interval 200) 150."""
    museum = units.create_unit(session, data={"name": "Stadtmuseum", "kind": "museum"}).id
    kit = units.create_unit(session, data={"name": "KommunalIT", "kind": "it_provider"}).id
    found = {}
    for name, unit, last, own in (("curator", museum, 40, None), ("it", kit, 20, None),
                                  ("free", None, 100, None), ("board", museum, 150, 200)):
        data = {"name": name.title(), "unit_id": unit}
        if own is not None:
            data["stay_in_touch_days"] = own
        found[name] = contacts.create_contact(session, data=data).id
        contacts.log_contact(session, contact_id=found[name], happened_on=days_ago(last),
                             today=TODAY)
    return found


def losing(session, people) -> set[str]:
    """Who is losing touch, by the SQL filter; the rows' own flags must agree."""
    ids = set(contacts.contact_ids(session, losing_touch=True, today=TODAY))
    rows = contacts.contact_rows(session, list(people.values()), today=TODAY)
    assert {row.id for row in rows if row.losing_touch} == ids
    return {name for name, contact_id in people.items() if contact_id in ids}


def intervals(session, people) -> dict[str, int]:
    rows = contacts.contact_rows(session, list(people.values()), today=TODAY)
    names = {contact_id: name for name, contact_id in people.items()}
    return {names[row.id]: row.interval_days for row in rows}


def test_stay_in_touch_precedence(session, people):
    # built-in: IT provider 14, museum 90, no unit 90; the board member's own 200
    assert intervals(session, people) == {"curator": 90, "it": 14, "free": 90, "board": 200}
    assert losing(session, people) == {"it", "free"}
    # what an older version stored per kind still counts when the file says nothing
    contacts.set_stay_default(session, kind=UnitKind.MUSEUM, days=30)
    assert losing(session, people) == {"it", "free", "curator"}
    # the file's interval for everyone beats it, and covers people without a unit
    use(stay_in_touch_days=35)
    assert intervals(session, people) == {"curator": 35, "it": 35, "free": 35, "board": 200}
    assert losing(session, people) == {"free", "curator"}
    # the file's interval per kind beats the interval for everyone
    use(stay_in_touch_by_kind={"it_provider": 10, "museum": 60})
    assert intervals(session, people) == {"curator": 60, "it": 10, "free": 35, "board": 200}
    assert losing(session, people) == {"it", "free"}
    # per kind alone: other kinds keep what was stored or built in, no unit keeps 90
    use(stay_in_touch_days=None, stay_in_touch_by_kind={"it_provider": 30})
    assert intervals(session, people) == {"curator": 30, "it": 30, "free": 90, "board": 200}
    assert contacts.stay_defaults(session)[UnitKind.EXTERNAL] == 180
    # the Today section counts the same people
    section = today.contacts_losing_touch(session, TODAY)
    assert {item.record_id for item in section.items} == {people["curator"], people["free"]}


# --- ideas.weights ------------------------------------------------------------------------------


def test_score_weights_come_from_the_file_then_the_database_then_the_defaults(session):
    cheap = ideas.create_idea(session, data={"title": "Günstig"}, today=TODAY).id
    big = ideas.create_idea(session, data={"title": "Groß"}, today=TODAY).id
    ideas.assess(session, idea_id=cheap, benefit=2, effort=1, strategic_fit=2, reach=2)
    ideas.assess(session, idea_id=big, benefit=5, effort=5, strategic_fit=4, reach=4)
    assert ideas.weights(session) == DEFAULT_WEIGHTS
    assert list(ideas.ordered_ids(session)) == [big, cheap]
    # weights an older version stored in the database
    for criterion, value in {"benefit": 0, "effort": 10, "strategic_fit": 0, "reach": 0}.items():
        session.add(AppState(key=f"idea_weight.{criterion}", value=str(value)))
    session.commit()
    assert ideas.weights(session)["effort"] == 10
    assert list(ideas.ordered_ids(session)) == [cheap, big]
    # the file's weights win
    use(idea_weights={"benefit": 3, "effort": 0, "strategic_fit": 3, "reach": 2})
    assert ideas.weights(session) == {"benefit": 3, "effort": 0, "strategic_fit": 3, "reach": 2}
    assert list(ideas.ordered_ids(session)) == [big, cheap]


def test_set_weights_writes_the_users_file(session):
    session.add(AppState(key="idea_weight.benefit", value="7"))  # from an older version
    session.commit()
    result = ideas.set_weights(session, values={"reach": 5})
    assert result == {"benefit": 7, "effort": 2, "strategic_fit": 3, "reach": 5}
    text = settings.settings_path().read_text()
    assert "[ideas.weights]" in text and "benefit = 7" in text and "reach = 5" in text
    assert settings.current().idea_weights == result  # in force at once
    assert ideas.weights(session) == result
    stored = session.get(AppState, "idea_weight.reach")
    assert stored is None  # the database is not written any more


def test_weights_that_cannot_be_written_are_refused_naming_the_file(session):
    path = settings.settings_path()
    path.mkdir(parents=True)  # a folder where the file should be
    with pytest.raises(ValidationError) as refused:
        ideas.set_weights(session, values={"reach": 5})
    assert refused.value.field == "weights"
    assert str(path) in refused.value.message and "Nothing was saved" in refused.value.message
    assert ideas.weights(session) == DEFAULT_WEIGHTS


# --- user -----------------------------------------------------------------------------------------


def test_the_history_records_the_name_from_the_file(session, monkeypatch):
    monkeypatch.delenv("OFFICER_USER", raising=False)
    use(user="Anna Berger")
    assert current_user() == "Anna Berger"
    unit = units.create_unit(session, data={"name": "Stadtarchiv", "kind": "department"}).id
    monkeypatch.setenv("OFFICER_USER", "Bernd")  # the variable wins
    units.update_unit(session, unit_id=unit, changes={"headcount": 4})
    users = list(session.exec(select(Change.user).order_by(Change.id)).all())
    assert users == ["Anna Berger", "Bernd"]


def test_without_a_name_the_login_name_counts(monkeypatch):
    import getpass

    monkeypatch.delenv("OFFICER_USER", raising=False)
    assert current_user() == getpass.getuser()[:100]


# --- backups.keep ---------------------------------------------------------------------------------


def test_backups_kept_come_from_the_variable_then_the_file(monkeypatch):
    monkeypatch.delenv("OFFICER_BACKUP_KEEP", raising=False)
    assert backups.configured_keep() == 14
    use(backup_keep=3)
    assert backups.configured_keep() == 3
    use(backup_keep=0)
    assert backups.configured_keep() == 0
    monkeypatch.setenv("OFFICER_BACKUP_KEEP", "5")
    assert backups.configured_keep() == 5
    use(backup_keep=3)
    monkeypatch.setenv("OFFICER_BACKUP_KEEP", "viele")
    with pytest.raises(ValidationError) as refused:
        backups.configured_keep()
    assert "keeping 3" in refused.value.message  # the file's number, not the built-in
    assert backups.keep_from_file() == 3


# --- the app: start pane, and a broken file ------------------------------------------------------


@pytest.fixture
def app_db(tmp_path) -> str:
    """A small SQLite database with something in it (an empty one greets with a welcome)."""
    from officer_tui.services.database import open_database

    url = f"sqlite:///{tmp_path / 'officer.db'}"
    database = open_database(url)
    with database.session() as session:
        units.create_unit(session, data={"name": "Stadtbibliothek", "kind": "library"})
    database.close()
    return url


def started(app_db: str):
    """The app as ``officer`` starts it: the file read and activated first."""
    from officer_tui.ui.app import OfficerApp

    loaded = settings.load()
    settings.activate(loaded.settings)
    return OfficerApp(app_db, settings_problems=[problem.text() for problem in loaded.problems])


async def test_the_app_opens_on_the_pane_of_the_file(app_db):
    from officer_tui.ui.screens.ideas import IdeasScreen
    from tests.ui.helpers import wait_until

    path = settings.settings_path()
    path.parent.mkdir(parents=True)
    path.write_text('start_pane = "ideas"\n')
    app = started(app_db)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, IdeasScreen), what="the Ideas pane")
        assert app.current_mode == "ideas"
        assert list(app._notifications) == []


async def test_a_broken_file_still_starts_the_app_and_names_the_line(app_db):
    from officer_tui.ui.screens.today import TodayScreen
    from tests.ui.helpers import wait_until

    path = settings.settings_path()
    path.parent.mkdir(parents=True)
    path.write_text('theme = "nord"\nstart_pane = "ideas"\n[requests\n')
    app = started(app_db)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, TodayScreen), what="the Today pane")
        messages = [str(notification.message) for notification in app._notifications]
        assert len(messages) == 1
        assert messages[0].startswith(f"Settings file {path}:")
        assert ("line 3: not valid TOML (Expected ']' at the end of a table declaration); using "
                "the defaults") in messages[0]
        assert app.theme == settings.DEFAULT_THEME  # the defaults, the whole file set aside
