"""Helpers for Pilot tests of the real app: wait for workers, find things on screen."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from textual.pilot import Pilot


async def settle(pilot: Pilot, *, rounds: int = 10) -> None:
    """Wait until no worker runs and the messages they posted have been handled.

    A worker's result often starts the next worker (a list load asks for a detail, a save
    reloads the list), so this waits and pauses until a pause starts nothing new.
    """
    from textual.worker import WorkerCancelled

    app = pilot.app
    for _ in range(rounds):
        try:
            await app.workers.wait_for_complete()
        except WorkerCancelled:  # an exclusive worker replaced by a newer one: wait for that
            await pilot.pause()
            continue
        await pilot.pause()
        if not any(worker.is_running for worker in app.workers):
            await pilot.pause()
            if not any(worker.is_running for worker in app.workers):
                return


async def wait_until(pilot: Pilot, condition: Callable[[], object], *, timeout: float = 15.0,
                     what: str = "the condition") -> None:
    """Settle repeatedly until ``condition()`` is true (for timers and debounced input).

    The timeout only stops a test that would hang; it is generous because CI machines are
    slow and busy, and no test measures speed with it.
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        await settle(pilot)
        if condition():
            return
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause(0.05)


async def press_until(pilot: Pilot, key: str, condition: Callable[[], object], *,
                      limit: int = 50, what: str = "the condition") -> None:
    """Press ``key`` (e.g. ``down``) until ``condition()`` holds, at most ``limit`` times.

    Settles before the first look: a condition that needs a worker's result (the detail of
    the row under the cursor) must not make it press past the row it is waiting for.
    """
    await settle(pilot)
    for _ in range(limit):
        if condition():
            return
        await pilot.press(key)
        await settle(pilot)
    if not condition():
        raise AssertionError(f"{what} not reached after pressing {key} {limit} times")
