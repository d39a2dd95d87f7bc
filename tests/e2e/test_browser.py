"""The app in a browser: ``officer serve`` on the demo data, driven in headless Chromium.

A person opens the page, waits for the app, presses ``2`` for the Requests pane, sees the
requests of the demo data, and opens one with Enter: its form shows its title and text.
"""

from __future__ import annotations

import re

import pytest
from selenium.webdriver.common.keys import Keys

from tests.cli_helpers import query

pytestmark = pytest.mark.sqlite_only  # the server and the app are the same on either database


def test_requests_pane_renders_and_a_request_opens(served, screen, demo_url):
    requests = {
        row[0]: (row[1], row[2])
        for row in query(demo_url, "SELECT id, title, description FROM request")
    }
    screen.open(served)
    assert screen.driver.title == "officer"
    screen.wait_for(r"1 Today +2 Requests")  # the app has drawn, the database is open

    screen.press("2")
    screen.wait_for(r"\d+ open requests")
    shown = screen.text()
    assert [title for title, _text in requests.values() if title in shown], shown

    screen.press(Keys.ENTER)
    number = int(screen.wait_for(r"Request #(\d+)").group(1))
    title, description = requests[number]
    shown = screen.text()
    assert title in shown
    first_words = re.match(r"\S+(\s+\S+){0,3}", description).group(0)
    assert first_words in shown, shown
    assert "Ctrl+S saves" in shown
