"""Bring a database to the schema this version of the app needs, safely.

- An empty database is created from scratch.
- An older one is first backed up beside itself (SQLite backup API), then upgraded.
  PostgreSQL databases are backed up by the server's administrator (pg_dump) instead.
- One from a newer app version, or one that is not ours, is refused and left untouched.
- The whole upgrade is one transaction (SQLite: ``BEGIN IMMEDIATE``; PostgreSQL has
  transactional DDL), so it happens completely or not at all. On PostgreSQL it first takes an
  advisory lock: two people starting a new app version at once migrate one after the other,
  and the second finds nothing left to do.
- A PostgreSQL role that may not change tables (the app's least-privilege role) gets "ask the
  administrator to run 'officer db upgrade'" when the schema is behind.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.exc import OperationalError

from officer_tui.db.errors import DatabaseProblem, explain, problem_kind
from officer_tui.i18n import _

MIGRATIONS_DIR = Path(__file__).parent / "migrations"

# The newest revision in migrations/versions. Kept here so that opening an up-to-date
# database does not load Alembic at all (a test checks it matches Alembic's head).
SCHEMA_HEAD = "0007"

# The key of the PostgreSQL advisory lock held while migrating (any bigint unique to the app).
MIGRATION_LOCK_KEY = 0x0FF1CE_7E1A
MIGRATION_WAIT_S = 300  # how long a second app waits for another one's migration
DDL_WAIT_S = 30  # how long a schema change waits for the tables (others' reads hold them)


@dataclass(frozen=True)
class SchemaState:
    current: str | None  # revision stored in the database (None: empty database)
    head: str  # revision this app version needs
    has_tables: bool

    @property
    def up_to_date(self) -> bool:
        return self.current == self.head


def _alembic_config(connection=None):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def _script_directory():
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config())


def head_revision() -> str:
    return _script_directory().get_current_head()


def _explain(exc: Exception, engine: Engine) -> DatabaseProblem:
    from officer_tui.db.engine import shown_url

    return explain(exc, shown_url(engine))  # type: ignore[return-value]  # fallback: never None


def _sqlite_tables(path: Path) -> tuple[set[str], str | None]:
    """Tables and stored revision, read with a plain connection: the engine's connect pragmas
    would switch a database that is not ours to WAL, changing the file before we refuse it."""
    connection = sqlite3.connect(path)
    try:
        tables = {
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        }
        current = None
        if "alembic_version" in tables:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            current = row[0] if row else None
    finally:
        connection.close()
    return tables, current


def _sqlite_file(engine: Engine) -> Path | None:
    """The file behind a SQLite engine (``engine.url.database``: ``str(url)`` escapes ``#``)."""
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        return None
    return Path(database)


def schema_state(engine: Engine) -> SchemaState:
    head = SCHEMA_HEAD
    path = _sqlite_file(engine)
    try:
        if path is not None:
            tables, current = _sqlite_tables(path)
        else:
            with engine.connect() as connection:
                tables = set(inspect(connection).get_table_names())
                current = None
                if "alembic_version" in tables:
                    current = connection.execute(
                        text("SELECT version_num FROM alembic_version")
                    ).scalar()
    except (OperationalError, SADatabaseError, sqlite3.Error) as exc:
        raise _explain(exc, engine) from exc
    return SchemaState(current=current, head=head, has_tables=bool(tables - {"alembic_version"}))


def backup_sqlite(source: Path, target: Path) -> Path:
    """A consistent copy of a live SQLite database (the backup API, not a file copy)."""
    source_connection = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        target_connection = sqlite3.connect(target)
        try:
            source_connection.backup(target_connection)
        finally:
            target_connection.close()
    finally:
        source_connection.close()
    target.chmod(0o600)
    return target


def _is_known_revision(revision: str) -> bool:
    """Whether this app ships ``revision`` (Alembic raises, not returns None, for unknown ones)."""
    from alembic.util import CommandError

    try:
        return _script_directory().get_revision(revision) is not None
    except CommandError:
        return False


def upgrade(engine: Engine, *, backup: bool = True) -> SchemaState:
    """Migrate to head. Returns the state after. Raises DatabaseProblem when it must not."""
    state = schema_state(engine)
    if state.up_to_date:
        return state
    if state.current is not None and not _is_known_revision(state.current):
        raise DatabaseProblem(
            _(
                "This database was written by a newer version of officer-tui (schema {revision}). Update the app; the database was not changed."
            ).format(revision=state.current)
        )
    if state.current is None and state.has_tables:
        raise DatabaseProblem(
            _("This database holds tables that officer-tui did not create. It was not changed.")
        )
    path = _sqlite_file(engine)
    if backup and path is not None and state.current is not None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        backup_sqlite(path, path.with_name(f"{path.name}.before-{state.head}-{stamp}.bak"))

    from alembic import command

    try:
        with engine.begin() as connection:
            if connection.dialect.name == "sqlite":
                # pysqlite opens a transaction only before INSERT/UPDATE/DELETE, so CREATE and
                # ALTER would each commit on their own: a migration killed half-way would leave
                # a half-built schema. One explicit transaction makes it all or nothing.
                connection.exec_driver_sql("BEGIN IMMEDIATE")
            elif connection.dialect.name == "postgresql":
                # Whoever comes second waits here, then Alembic reads the revision the first
                # one left and has nothing to do. Released with the transaction. The wait is
                # longer than a save's (a migration takes a while); the schema changes then
                # wait only briefly for colleagues' reads, which queue behind them meanwhile.
                connection.exec_driver_sql(f"SET LOCAL lock_timeout = '{MIGRATION_WAIT_S}s'")
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY}
                )
                connection.exec_driver_sql(f"SET LOCAL lock_timeout = '{DDL_WAIT_S}s'")
            command.upgrade(_alembic_config(connection), "head")
    except (OperationalError, SADatabaseError) as exc:
        if problem_kind(exc) == "denied":
            raise _upgrade_denied(engine, state) from exc
        raise _explain(exc, engine) from exc
    return schema_state(engine)


def _upgrade_denied(engine: Engine, state: SchemaState) -> DatabaseProblem:
    """The role may read and write but not change tables (least privilege): the owner must
    upgrade."""
    from officer_tui.db.engine import shown_url

    if state.current is None:
        text_ = _(
            "The database {where} has no tables yet, and its user may not create them. Ask the administrator to run 'officer db upgrade' with the owner role. Nothing was changed."
        )
    else:
        text_ = _(
            "The database {where} has schema {current}; this app needs {head}, and its user may not change tables. Ask the administrator to run 'officer db upgrade' with the owner role. Nothing was changed."
        )
    return DatabaseProblem(
        text_.format(where=shown_url(engine), current=state.current, head=state.head)
    )


def integrity_problems(engine: Engine) -> list[str]:
    """What ``PRAGMA integrity_check`` and ``foreign_key_check`` report (SQLite); [] when fine."""
    if engine.dialect.name != "sqlite":
        return []
    try:
        with engine.connect() as connection:
            rows = [row[0] for row in connection.execute(text("PRAGMA integrity_check"))]
            problems = [row for row in rows if row != "ok"]
            for row in connection.execute(text("PRAGMA foreign_key_check")):
                problems.append(
                    _("Row {rowid} of {table} points to a missing {parent}.").format(
                        rowid=row[1], table=row[0], parent=row[2]
                    )
                )
    except (OperationalError, SADatabaseError) as exc:
        raise _explain(exc, engine) from exc
    return problems
