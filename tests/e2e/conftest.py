"""Browser tests: headless Debian Chromium driven by Selenium, on a running ``officer serve``.

Chromium and ChromeDriver come from Debian's packages (``apt-get install chromium
chromium-driver``; ``.ci/run`` installs them). Without them the tests are skipped, saying why,
unless ``OFFICER_REQUIRE_BROWSER`` is set (as in CI): then they fail.

The screen is read from xterm.js itself: a script that runs before the page's own catches the
``Terminal`` object that textual-serve's page creates (it assigns it to ``.terminal``), and
the test reads the text of its visible rows from ``terminal.buffer``. Keys go to xterm's input
field, as typed. On a failure, a screenshot and the screen's text are kept for diagnosis.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e import serving

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
# As root in a closed network: no sandbox, and none of Chromium's own connections to Google.
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--window-size=1400,900",
)
WAIT_SECONDS = 60  # the limit of each wait for the screen (seconds on a busy machine)

# Runs in the page before textual.js: keeps the first xterm.js Terminal assigned to a
# ``.terminal`` property in ``window.officerTerminal``, then steps out of the way.
CATCH_TERMINAL = """
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  get() { return undefined; },
  set(value) {
    Object.defineProperty(this, "terminal", {
      value, writable: true, configurable: true, enumerable: true,
    });
    if (value && value.buffer && typeof value.onData === "function") {
      window.officerTerminal = value;
      delete Object.prototype.terminal;
    }
  },
});
"""

READ_SCREEN = """
const terminal = window.officerTerminal;
if (!terminal) { return null; }
const buffer = terminal.buffer.active;
const rows = [];
for (let y = 0; y < terminal.rows; y++) {
  const line = buffer.getLine(buffer.viewportY + y);
  rows.push(line ? line.translateToString(true) : "");
}
return rows.join("\\n");
"""


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test, so fixtures know whether it failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def _failed(request) -> bool:
    report = getattr(request.node, "report_call", None)
    return report is None or report.failed


@pytest.fixture
def chromium(tmp_path, request) -> Iterator[object]:
    """A headless Chromium (a Selenium WebDriver), with a fresh profile."""
    missing = [str(path) for path in (CHROMIUM, CHROMEDRIVER) if not path.exists()]
    if missing:
        reason = (f"the browser test needs Debian's chromium and chromium-driver packages "
                  f"({', '.join(missing)} not found; apt-get install chromium chromium-driver)")
        if os.environ.get("OFFICER_REQUIRE_BROWSER"):
            pytest.fail(f"{reason}, and OFFICER_REQUIRE_BROWSER is set")
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'chromium-profile'}"):
        options.add_argument(flag)
    service = Service(str(CHROMEDRIVER), log_output=str(tmp_path / "chromedriver.log"))
    driver = webdriver.Chrome(service=service, options=options)
    try:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": CATCH_TERMINAL})
        yield driver
    finally:
        try:
            if _failed(request):
                picture = tmp_path / "browser-failure.png"
                driver.save_screenshot(str(picture))
                print(f"screenshot of the failure: {picture}")
                print("screen text:\n" + (driver.execute_script(READ_SCREEN) or "(no terminal)"))
        finally:
            driver.quit()


@pytest.fixture
def served(demo_url) -> Iterator[serving.Served]:
    """``officer serve`` on a copy of the demo database, on a free port; it starts while the
    browser does (``Screen.open`` waits until it answers)."""
    server = serving.start(demo_url, wait=False)
    try:
        yield server
    finally:
        server.stop()
        print("officer serve printed:\n" + server.output())


class Screen:
    """The app in a browser tab, as text: what a person sees, and keys as they type them."""

    def __init__(self, driver) -> None:
        self.driver = driver

    def open(self, server: serving.Served) -> None:
        server.wait_until_answering()
        self.driver.get(server.url)

    def text(self) -> str:
        return self.driver.execute_script(READ_SCREEN) or ""

    def wait_for(self, pattern: str) -> re.Match:
        """The first match of the regular expression ``pattern`` on the screen, once it shows
        (an AssertionError with the screen's text if it does not within WAIT_SECONDS)."""
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            found = re.search(pattern, self.text())
            if found:
                return found
            if time.monotonic() > deadline:
                raise AssertionError(f"{pattern!r} not on the screen:\n{self.text()}")
            time.sleep(0.1)

    def press(self, *keys: str) -> None:
        """Type into the terminal, as on a keyboard (Selenium's ``Keys`` for special keys)."""
        from selenium.webdriver.common.by import By

        field = self.driver.find_element(By.CSS_SELECTOR, ".xterm-helper-textarea")
        field.send_keys(*keys)


@pytest.fixture
def screen(chromium) -> Screen:
    return Screen(chromium)
