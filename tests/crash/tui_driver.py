"""The real app, driven headless, saving records until it is killed.

    python -m tests.crash.tui_driver DB LANE SEED [STOP_AFTER]

It opens ``OfficerApp`` on DB (as ``officer --db DB`` does: migrations, WAL recovery, the
daily backup) with ``App.run_test()`` and saves records through the UI in a seeded random
order: quick capture (``c``, a line, Enter), the request form (``n``, title, unit, Ctrl+S)
and a status change of a request it saved (``s``, a status, Enter). Before each save it
prints ``try {...}``; after the app said it was saved (the notification with the record's
number, or the detail showing the new status read back from the database) ``ok {...}``
(see tests/crash/ledger.py), written unbuffered to fd 1 so every line survives a SIGKILL.
With STOP_AFTER it quits normally after that many saves.
"""

from __future__ import annotations

import asyncio
import os
import random
import re
import sys

from tests.crash.ledger import emit

SIZE = (130, 40)
PATIENCE = 60.0  # seconds a step may take on a busy machine before the driver gives up


def say(line: str) -> None:
    os.write(1, (line + "\n").encode())


class Driver:
    def __init__(self, pilot, lane: str, rng: random.Random) -> None:
        self.pilot = pilot
        self.app = pilot.app
        self.lane = lane
        self.rng = rng
        self.count = 0
        self.op = 0
        self.mine: list[int] = []  # requests this driver saved (and saw reported)
        self.said: list[str] = []  # every notification, kept (the app's own list expires them)
        shown = self.app.notify

        def notify(message, *args, **kwargs):
            self.said.append(str(message))
            return shown(message, *args, **kwargs)

        self.app.notify = notify

    async def until(self, condition, what: str) -> None:
        from tests.ui.helpers import wait_until

        try:
            await wait_until(self.pilot, condition, timeout=PATIENCE, what=what)
        except AssertionError:
            say(f"stuck waiting for {what}: screen {type(self.app.screen).__name__}, "
                f"notifications {self.said[-3:]!r}, "
                f"focused {self.app.screen.focused!r}")
            raise

    def token(self) -> str:
        self.count += 1
        return f"Crashtest {self.lane} n{self.count}"

    def notifications(self, pattern: str) -> list[re.Match]:
        found = (re.fullmatch(pattern, message) for message in self.said)
        return [match for match in found if match]

    @property
    def pane(self):
        from officer_tui.ui.screens.requests import RequestsScreen

        screen = self.app.screen
        return screen if isinstance(screen, RequestsScreen) else None

    async def back_on(self, request_id: int) -> None:
        """The pane again, its cursor and detail on ``request_id``."""
        await self.until(lambda: self.pane is not None and self.pane.table.cursor_key == request_id
                         and self.pane._detail is not None
                         and self.pane._detail.request.id == request_id,
                         "the pane with the saved request selected")

    def tried(self, **fields) -> int:
        self.op += 1
        say(emit("try", op=self.op, **fields))
        return self.op

    async def capture(self) -> None:
        from officer_tui.ui.screens.capture import CaptureScreen

        token = self.token()
        await self.pilot.press("c")
        await self.until(lambda: isinstance(self.app.screen, CaptureScreen) and self.app.screen.choices
                         and self.app.screen.focused is self.app.screen.input,
                         "the capture dialog")
        line = f"Anfrage Stadtmuseum: {token}"
        self.app.screen.input.value = line  # as if typed (typing key by key is slow, not riskier)
        await self.until(lambda: self.app.screen.reading is not None
                         and self.app.screen.reading.title == token, "the line understood")
        op = self.tried(kind="create", table="request", column="title", value=token)
        await self.pilot.press("enter")
        pattern = rf"Request #(\d+) saved: {re.escape(token)}"
        await self.until(lambda: self.notifications(pattern), "the saved notification")
        request_id = int(self.notifications(pattern)[0].group(1))
        say(emit("ok", op=op, id=request_id))
        self.mine.append(request_id)
        await self.back_on(request_id)

    async def form(self) -> None:
        from textual.widgets import Select

        from officer_tui.ui.screens.request_form import RequestFormScreen

        token = self.token()
        pattern = r"Request #(\d+) saved\."
        before = len(self.notifications(pattern))
        await self.pilot.press("n")
        await self.until(lambda: isinstance(self.app.screen, RequestFormScreen)
                         and self.app.screen.focused is self.app.screen.query_one("#title"),
                         "the form, its title focused")
        form = self.app.screen
        form.query_one("#title").value = token
        unit = form.query_one("#unit", Select)
        await self.until(lambda: any("Stadtmuseum" in str(label) for label, _v in unit._options),
                         "the units in the form")
        unit.value = next(value for label, value in unit._options if "Stadtmuseum" in str(label))
        op = self.tried(kind="create", table="request", column="title", value=token)
        await self.pilot.press("ctrl+s")
        await self.until(lambda: len(self.notifications(pattern)) > before, "the saved notification")
        request_id = int(self.notifications(pattern)[before].group(1))
        say(emit("ok", op=op, id=request_id))
        self.mine.append(request_id)
        # The pane's reload on resume keeps its cursor where it was (not on the new record,
        # unlike after a capture): wait for the pane only.
        await self.until(lambda: self.pane is not None, "the pane")

    async def status(self) -> None:
        from officer_tui.ui.screens.pickers import PickScreen
        from tests.ui.helpers import press_until

        pane = self.pane
        request_id = pane.table.cursor_key
        current = pane._detail.request.status.value
        await self.pilot.press("s")
        await self.until(lambda: isinstance(self.app.screen, PickScreen), "the status picker")
        options = self.app.screen.query_one("OptionList")
        offered = [option.id for option in options.options]
        target = self.rng.choice([s for s in ("triaged", "in_progress", "waiting")
                                  if s in offered and s != current])
        await press_until(self.pilot, "down", lambda: options.highlighted_option.id == target,
                          what=f"{target} highlighted")
        op = self.tried(kind="edit", table="request", column="status", value=target, id=request_id)
        await self.pilot.press("enter")
        await self.until(lambda: self.pane is not None and self.pane._detail is not None
                         and self.pane._detail.request.id == request_id
                         and self.pane._detail.request.status.value == target,
                         "the new status read back")
        say(emit("ok", op=op, id=request_id))

    async def save_one(self) -> None:
        pane = self.pane
        choices = ["capture", "form"]
        if pane is not None and pane.table.cursor_key in self.mine and pane._detail is not None:
            choices += ["status", "status"]
        await getattr(self, self.rng.choice(choices))()


async def drive(db: str, lane: str, seed: int, stop_after: int | None) -> None:
    from officer_tui.ui.app import OfficerApp
    from officer_tui.ui.screens.requests import RequestsScreen

    app = OfficerApp(f"sqlite:///{db}", first_pane="requests")
    async with app.run_test(size=SIZE) as pilot:
        driver = Driver(pilot, lane, random.Random(seed))
        await driver.until(lambda: isinstance(app.screen, RequestsScreen) and app.screen._loaded_once,
                           "the Requests pane")
        say("ready")
        saved = 0
        while stop_after is None or saved < stop_after:
            await driver.save_one()
            saved += 1
        await app.workers.wait_for_complete()
    say("stopped")


def main() -> int:
    db, lane, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
    stop_after = int(sys.argv[4]) if len(sys.argv) > 4 else None
    asyncio.run(drive(db, lane, seed, stop_after))
    return 0


if __name__ == "__main__":
    sys.exit(main())
