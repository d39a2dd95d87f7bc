"""Benchmarks: officer against a bare Textual app with the same widgets, on this machine.

    python bench/run.py [--requests 100000] [--runs 3] [--postgres URL]

Prints one line per figure: officer's value, the bare app's value, their ratio, and the
target from the issue. Every probe runs in a fresh interpreter, so start-up and imports
count as a user would feel them. The 100,000-request database is generated once per run.
``--postgres URL`` also measures search everything on that (filled) PostgreSQL database,
e.g. one made with ``officer db copy --to URL``; it is not generated here.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def probe(*args: str) -> dict:
    # No automatic backup: copying the big database would compete with what is measured.
    env = dict(os.environ, BENCH_T0=repr(time.time()), OFFICER_LANG="en", OFFICER_BACKUP_KEEP="0")
    env.pop("OFFICER_DB", None)
    output = subprocess.run(
        [sys.executable, str(HERE / "_probes.py"), *args],
        check=True, capture_output=True, text=True, env=env, cwd=ROOT,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def median_of(runs: int, *args: str) -> dict:
    results = [probe(*args) for _ in range(runs)]
    return {key: statistics.median(r[key] for r in results) for key in results[0]}


def make_database(path: Path, count: int) -> str:
    sys.path.insert(0, str(ROOT))
    from officer_tui import i18n

    i18n.setup("en")
    from officer_tui.services.database import open_database
    from officer_tui.services.seed import seed_scale

    url = f"sqlite:///{path}"
    database = open_database(url)
    if count:
        with database.session() as session:
            seed_scale(session, count=count, today=date.today())
            _ensure_ideas(session, count)
    database.close()
    return url


def add_projects(url: str, requests: int) -> int:
    """Projects in proportion to the requests (5,000 per 100,000), unless the seed made them."""
    import random

    from sqlalchemy import func
    from sqlmodel import select

    from officer_tui.models.portfolio import Project
    from officer_tui.services.database import open_database
    from officer_tui.services.demo_projects import scale_projects

    database = open_database(url)
    with database.session() as session:
        count = session.exec(select(func.count()).select_from(Project)).one()
        if not count:
            scale_projects(session, count_requests=requests, today=date.today(), rng=random.Random(1))
            session.commit()
            count = session.exec(select(func.count()).select_from(Project)).one()
    database.close()
    return count


def project_lines(ours: dict, bare: dict, count: int) -> list[tuple]:
    """The Projects pane's figures: first frame, filter, grouped view (bare: its first frame)."""
    n = f"{count:,}"
    return [
        (f"first frame of Projects pane, {n} projects", ours["first_frame_s"], bare["first_frame_s"], "s", ""),
        (f"project filter applied, {n} projects", ours["filter_s"] * 1000, bare["filter_s"] * 1000, "ms",
         "target: <= 100 ms"),
        (f"grouped view shown, {n} projects", ours["grouped_s"] * 1000, bare["filter_s"] * 1000, "ms",
         "bare: a filter"),
    ]


def _ensure_ideas(session, count: int) -> None:
    """20,000 ideas per 100,000 requests, unless the seeder made them already."""
    import random

    from sqlalchemy import func, select

    from officer_tui.models.portfolio import Idea
    from officer_tui.services.demo_ideas import scale_ideas

    if not session.execute(select(func.count()).select_from(Idea)).scalar():
        scale_ideas(session, count_requests=count, today=date.today(), rng=random.Random(2))
        session.commit()


def count_rows(url: str, table: str) -> int:
    import sqlite3

    with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
        return connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--postgres", metavar="URL", help="also search on this PostgreSQL database")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="officer-bench-") as tmp:
        started = time.perf_counter()
        big = make_database(Path(tmp) / "big.db", args.requests)
        empty = make_database(Path(tmp) / "empty.db", 0)
        print(f"# generated {args.requests:,} requests in {time.perf_counter() - started:.1f} s")

        officer_big = median_of(args.runs, "officer", big)
        officer_empty = median_of(args.runs, "officer", empty)
        ideas_big = median_of(args.runs, "ideas", big)
        ideas_empty = median_of(args.runs, "ideas", empty)
        bare_ideas = median_of(args.runs, "bare", str(int(ideas_big["rows"])))
        bare_big = median_of(args.runs, "bare", str(args.requests))
        bare_empty = median_of(args.runs, "bare", "0")
        contacts_big = median_of(args.runs, "contacts", big)
        people = int(contacts_big["rows"])
        bare_people = median_of(args.runs, "bare", str(people))

        project_count = add_projects(big, args.requests)
        officer_projects = median_of(args.runs, "projects", big)
        bare_projects = median_of(args.runs, "bare", str(project_count))

        meetings_big = median_of(args.runs, "meetings", big)
        meetings_empty = median_of(args.runs, "meetings", empty)
        bare_meetings = median_of(args.runs, "bare", str(int(meetings_big["rows"])))
        training_big = median_of(args.runs, "training", big)
        training_empty = median_of(args.runs, "training", empty)
        bare_training = median_of(args.runs, "bare", str(int(training_big["rows"])))
        enrollments = count_rows(big, "enrollment")
        today_big = median_of(args.runs, "today", big)
        today_empty = median_of(args.runs, "today", empty)
        search_big = median_of(args.runs, "search", big)
        search_pg = median_of(args.runs, "search", args.postgres) if args.postgres else None

    n = f"{args.requests:,}"
    lines = [
        ("first frame of the app (shell), %s requests" % n, officer_big["shell_frame_s"], bare_big["first_frame_s"], "s", ""),
        ("first frame of Requests pane, empty database", officer_empty["first_frame_s"], bare_empty["first_frame_s"], "s", ""),
        ("first frame of Requests pane, %s requests" % n, officer_big["first_frame_s"], bare_big["first_frame_s"], "s",
         f"target: <= 1.5x empty database (is {officer_big['first_frame_s'] / officer_empty['first_frame_s']:.2f}x)"),
        ("filter applied, %s requests" % n, officer_big["filter_s"] * 1000, bare_big["filter_s"] * 1000, "ms",
         "target: <= 100 ms"),
        ("first frame of Ideas pane, %s ideas" % f"{int(ideas_big['rows']):,}", ideas_big["first_frame_s"],
         bare_ideas["first_frame_s"], "s",
         f"target: <= 1.5x empty database (is {ideas_big['first_frame_s'] / ideas_empty['first_frame_s']:.2f}x)"),
        ("Ideas filter applied, %s ideas" % f"{int(ideas_big['rows']):,}", ideas_big["filter_s"] * 1000,
         bare_ideas["filter_s"] * 1000, "ms", "target: <= 100 ms"),
        ("process memory, %s requests" % n, officer_big["rss_mib"], bare_big["rss_mib"], "MiB", "target: < 150 MiB"),
        (f"first frame of Contacts pane, {people:,} contacts", contacts_big["first_frame_s"],
         bare_people["first_frame_s"], "s", ""),
        (f"losing-touch filter, {people:,} contacts", contacts_big["filter_s"] * 1000,
         bare_people["filter_s"] * 1000, "ms", "toggled on and off with t"),
    ]
    lines += project_lines(officer_projects, bare_projects, project_count)
    meetings_n = f"{int(meetings_big['rows']):,}"
    lines += [
        (f"first frame of Meetings pane, {meetings_n} meetings", meetings_big["first_frame_s"],
         bare_meetings["first_frame_s"], "s",
         f"target: <= 1.5x empty database (is {meetings_big['first_frame_s'] / meetings_empty['first_frame_s']:.2f}x)"),
        (f"Meetings filter applied, {meetings_n} meetings", meetings_big["filter_s"] * 1000,
         bare_meetings["filter_s"] * 1000, "ms", "target: <= 100 ms"),
        (f"first frame of Training pane, {enrollments:,} enrollments", training_big["first_frame_s"],
         bare_training["first_frame_s"], "s",
         f"target: <= 1.5x empty database (is {training_big['first_frame_s'] / training_empty['first_frame_s']:.2f}x)"),
    ]
    lines += [
        (f"first frame of Today pane, {n} requests", today_big["first_frame_s"], bare_big["first_frame_s"], "s",
         f"target: <= 1.5x empty database (is {today_big['first_frame_s'] / today_empty['first_frame_s']:.2f}x)"),
        (f"Today pane complete (with losing touch), {n} requests", today_big["complete_s"],
         bare_big["first_frame_s"], "s", "contacts losing touch load last"),
    ]
    search_n = f"{int(search_big['rows']):,}"
    lines += [
        (f"search everything, typical words, {search_n} records", search_big["typical_ms"],
         search_big["typical_raw_ms"], "ms", "target: < 50 ms (bare: one raw FTS5 query)"),
        (f"search everything, 2-letter prefixes, {search_n} records", search_big["prefix_ms"],
         search_big["prefix_raw_ms"], "ms", "target: < 50 ms (bare: one raw FTS5 query)"),
    ]
    if search_pg is not None:
        pg_n = f"{int(search_pg['rows']):,}"
        lines += [
            (f"PostgreSQL search, typical words, {pg_n} records", search_pg["typical_ms"],
             search_pg["typical_raw_ms"], "ms", "bare: one raw tsvector query (no target)"),
            (f"PostgreSQL search, 2-letter prefixes, {pg_n}", search_pg["prefix_ms"],
             search_pg["prefix_raw_ms"], "ms", "bare: one raw tsvector query (no target)"),
        ]
    for label, ours, bare, unit, target in lines:
        ratio = ours / bare if bare else float("nan")
        print(f"{label:<48} officer {ours:8.2f} {unit:<3}  bare {bare:8.2f} {unit:<3}  ratio {ratio:5.2f}x  {target}")
    ok = (
        officer_big["first_frame_s"] <= 1.5 * officer_empty["first_frame_s"]
        and officer_big["filter_s"] <= 0.100
        and officer_big["rss_mib"] < 150
        and ideas_big["first_frame_s"] <= 1.5 * ideas_empty["first_frame_s"]
        and ideas_big["filter_s"] <= 0.100
        and officer_projects["filter_s"] <= 0.100
        and meetings_big["filter_s"] <= 0.100
        and meetings_big["first_frame_s"] <= 1.5 * meetings_empty["first_frame_s"]
        and training_big["first_frame_s"] <= 1.5 * training_empty["first_frame_s"]
        and today_big["first_frame_s"] <= 1.5 * today_empty["first_frame_s"]
        and search_big["typical_ms"] < 50 and search_big["prefix_ms"] < 50
    )
    print("# all targets met" if ok else "# a target was missed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
