"""Benchmark: what the change history costs a save, and reading a record's history.

    python bench/history.py [--db /tmp/scale.db] [--saves 500] [--changes 200000]

Works on a copy of the scale database (100,000 requests; upgraded to this app's schema first).

- A save: ``requests.update_request`` (title and priority) ``--saves`` times, each its own
  transaction, with the history recorded (as the app does) and with recording switched off
  (``NO_HISTORY``: the same service work without the history; the floor).
- Reading: the history of one request when the change table holds ``--changes`` entries
  (generated with plain SQL), through ``history.record_history`` against the same SELECT done
  with the bare ``sqlite3`` module; and the preview of an undo (``history.revert_preview``).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _saves(database, ids: list[int], *, record: bool) -> float:
    from officer_tui.services import requests
    from officer_tui.services.history_recorder import NO_HISTORY

    start = time.perf_counter()
    with database.session() as session:
        if not record:
            session.info[NO_HISTORY] = True
        for n, request_id in enumerate(ids):
            current = requests.get_request(session, request_id)
            requests.update_request(
                session, request_id=request_id, expected_version=current.version,
                changes={"title": f"{current.title[:200]} ·{n}", "priority": "high" if n % 2 else "low"},
            )
    return time.perf_counter() - start


def _fill_changes(path: Path, count: int) -> None:
    """``count`` history entries over many requests (plain SQL: this is setup, not measured)."""
    connection = sqlite3.connect(path)
    values = json.dumps({"title": ["vorher", "nachher"], "priority": ["normal", "high"]})
    rows = (
        (f"{n:032x}", f"{n // 3:032x}", "2026-11-01 10:00:00.000000", "bench", "request",
         1 + n % 100_000, "", "update", "Anfrage", 2, values, "")
        for n in range(count)
    )
    connection.executemany(
        'INSERT INTO change (uid, group_uid, at, user, table_name, record_id, record_uid, action, '
        'label, version, "values", reverts) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)', rows,
    )
    connection.commit()
    connection.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="/tmp/scale.db")
    parser.add_argument("--saves", type=int, default=500)
    parser.add_argument("--changes", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from officer_tui.services import history
    from officer_tui.services.database import open_database

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.db"
        shutil.copy(args.db, path)
        database = open_database(f"sqlite:///{path}")  # upgrades to the current schema
        ids = list(range(1, args.saves + 1))
        _saves(database, ids, record=False)  # warm the caches first
        timings: dict[bool, list[float]] = {True: [], False: []}
        for _ in range(3):  # alternating, so neither side profits from running second
            for record in (True, False):
                timings[record].append(_saves(database, ids, record=record))
        without, with_history = min(timings[False]), min(timings[True])
        database.close()
        _fill_changes(path, args.changes)
        database = open_database(f"sqlite:///{path}")
        target = 4242
        ours, bare, preview = [], [], []
        raw = sqlite3.connect(path)
        for _ in range(args.runs):
            start = time.perf_counter()
            with database.session() as session:
                found = history.record_history(session, table="request", record_id=target)
            ours.append(time.perf_counter() - start)
            start = time.perf_counter()
            raw.execute(
                'SELECT * FROM change WHERE table_name = ? AND record_id = ? ORDER BY id DESC LIMIT 500',
                ("request", target),
            ).fetchall()
            bare.append(time.perf_counter() - start)
            with database.session() as session:
                start = time.perf_counter()
                history.revert_preview(session, group_uid=found[0].group_uid)
                preview.append(time.perf_counter() - start)
        database.close()
    per_save = with_history / args.saves * 1000
    per_save_floor = without / args.saves * 1000
    ours_ms, bare_ms = statistics.median(ours) * 1000, statistics.median(bare) * 1000
    print(f"| a save (update, own transaction), {args.saves} saves | {per_save:.1f} ms | "
          f"{per_save_floor:.1f} ms without history | {per_save / per_save_floor:.2f}x |")
    print(f"| a request's history, {args.changes:,} entries in the table ({len(found)} shown) | "
          f"{ours_ms:.1f} ms | {bare_ms:.2f} ms bare SELECT | {ours_ms / bare_ms:.1f}x |")
    print(f"| the preview of an undo | {statistics.median(preview) * 1000:.1f} ms | | |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
