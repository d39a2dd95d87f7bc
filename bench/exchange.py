"""Benchmark: full JSON export and import against bare sqlite3 + json doing the same I/O.

    python bench/exchange.py [--db /tmp/scale.db] [--runs 1]

Works on a copy of the scale database (100,000 requests; upgraded to this app's schema
first). Each figure is a fresh interpreter, as a user runs it:

- officer: ``officer export --format json --out FILE`` and ``officer import FILE`` into an
  empty database (created at the current schema beforehand, so migrating it is not timed).
- bare: the ``sqlite3`` module dumping every exported table's rows to JSON with ``json.dump``,
  and ``json.load`` + ``executemany`` inserting them into an empty database of the same schema,
  once with its search-index triggers firing (what "the same schema" costs) and once with the
  triggers dropped (plain tables: the floor).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OFFICER = [sys.executable, "-m", "officer_tui"]

BARE_EXPORT = r"""
import json, sqlite3, sys
source, out, tables = sys.argv[1], sys.argv[2], sys.argv[3].split(",")
connection = sqlite3.connect(source)
data = {}
for table in tables:
    cursor = connection.execute(f'SELECT * FROM "{table}" ORDER BY rowid')
    names = [d[0] for d in cursor.description]
    data[table] = [dict(zip(names, row)) for row in cursor]
with open(out, "w", encoding="utf-8") as handle:
    json.dump({"tables": data}, handle, ensure_ascii=False)
"""

BARE_IMPORT = r"""
import json, sqlite3, sys
path, target, drop = sys.argv[1], sys.argv[2], sys.argv[3] == "drop"
connection = sqlite3.connect(target)
connection.execute("PRAGMA foreign_keys = ON")
if drop:
    triggers = connection.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall()
    for (name,) in triggers:
        connection.execute(f'DROP TRIGGER "{name}"')
with open(path, encoding="utf-8") as handle:
    data = json.load(handle)["tables"]
for table, rows in data.items():
    if rows:
        names = list(rows[0])
        sql = (f'INSERT INTO "{table}" ({", ".join(names)}) '
               f'VALUES ({", ".join("?" * len(names))})')
        connection.executemany(sql, [tuple(row[n] for n in names) for row in rows])
connection.commit()
"""


def timed(*command: str) -> float:
    env = dict(os.environ, OFFICER_LANG="en")
    env.pop("OFFICER_DB", None)
    started = time.perf_counter()
    subprocess.run(command, check=True, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def prepare(source: Path, folder: Path) -> tuple[Path, Path, list[str], int]:
    """The upgraded copy, an empty database at the same schema, the tables, the row count."""
    sys.path.insert(0, str(ROOT))
    from officer_tui import i18n

    i18n.setup("en")
    from officer_tui.services.database import open_database
    from officer_tui.services.exchange_tables import exported_tables

    copy = folder / "scale.db"
    shutil.copyfile(source, copy)
    database = open_database(f"sqlite:///{copy}")
    database.close()
    empty = folder / "empty.db"
    open_database(f"sqlite:///{empty}").close()
    tables = [info.name for info in exported_tables()]
    import sqlite3

    with sqlite3.connect(copy) as connection:
        rows = sum(connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
                   for name in tables)
    return copy, empty, tables, rows


def best(runs: int, make: callable) -> float:
    return min(make() for _ in range(runs))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default="/tmp/scale.db", help="the scale database (not changed)")
    parser.add_argument("--runs", type=int, default=1, help="take the best of N runs")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="officer-bench-exchange-") as tmp:
        folder = Path(tmp)
        copy, empty, tables, rows = prepare(Path(args.db), folder)
        ours_file, bare_file = folder / "officer.json", folder / "bare.json"

        export_ours = best(args.runs, lambda: timed(
            *OFFICER, "--db", str(copy), "export", "--format", "json", "--out", str(ours_file)))
        export_bare = best(args.runs, lambda: timed(
            sys.executable, "-c", BARE_EXPORT, str(copy), str(bare_file), ",".join(tables)))

        def fresh() -> Path:
            target = folder / "target.db"
            for suffix in ("", "-wal", "-shm"):
                Path(f"{target}{suffix}").unlink(missing_ok=True)
            shutil.copyfile(empty, target)
            return target

        import_ours = best(args.runs, lambda: timed(
            *OFFICER, "--db", str(fresh()), "import", str(ours_file)))
        import_bare = best(args.runs, lambda: timed(
            sys.executable, "-c", BARE_IMPORT, str(bare_file), str(fresh()), "keep"))
        import_floor = best(args.runs, lambda: timed(
            sys.executable, "-c", BARE_IMPORT, str(bare_file), str(fresh()), "drop"))
        sizes = ours_file.stat().st_size / 2**20, bare_file.stat().st_size / 2**20

    n = f"{rows:,} rows"
    lines = [
        (f"export to JSON, {n}", export_ours, export_bare, "s", f"files {sizes[0]:.0f} / {sizes[1]:.0f} MiB"),
        (f"import into empty database, {n}", import_ours, import_bare, "s",
         "bare: same schema, search-index triggers fire"),
        (f"import into empty database, {n}", import_ours, import_floor, "s",
         "bare: triggers dropped, no search index"),
    ]
    for label, ours, bare, unit, note in lines:
        ratio = ours / bare if bare else float("nan")
        print(f"{label:<48} officer {ours:8.2f} {unit:<3}  bare {bare:8.2f} {unit:<3}  "
              f"ratio {ratio:5.2f}x  {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
