"""Open a database for use: engine, migrations (with a backup first), sessions."""

from __future__ import annotations

import glob
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, func
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, select

from officer_tui.db.engine import make_engine, session_factory
from officer_tui.db.errors import explain
from officer_tui.db.files import Permissions, companion_sizes, permissions
from officer_tui.db.migrate import SchemaState, upgrade
from officer_tui.i18n import _
from officer_tui.models.org import Contact, OrgUnit
from officer_tui.models.request import Request
from officer_tui.paths import display_url
from officer_tui.services.backups import Backup
from officer_tui.services.history_recorder import ON_COMMIT

UNDO_DEPTH = 100  # how many of one's own changes Ctrl+Z can walk back


@dataclass
class Database:
    url: str
    engine: Engine
    schema: SchemaState

    def __post_init__(self) -> None:
        self._sessions = session_factory(self.engine)
        # The change groups saved through this object, newest last: what Ctrl+Z undoes. A group
        # leaves the list when it is undone (here or from the history).
        self._undoable: list[str] = []
        self._undo_lock = threading.Lock()

    def _committed(self, group: str, reverts: str) -> None:
        with self._undo_lock:
            if reverts:
                if reverts in self._undoable:
                    self._undoable.remove(reverts)
            else:
                self._undoable.append(group)
                del self._undoable[:-UNDO_DEPTH]

    def last_undoable(self) -> str | None:
        """The newest change group saved here and not undone yet (None: nothing to undo)."""
        with self._undo_lock:
            return self._undoable[-1] if self._undoable else None

    def forget_undoable(self, group: str) -> None:
        """Drop a group that cannot be undone (its records have changed beyond reach)."""
        with self._undo_lock:
            if group in self._undoable:
                self._undoable.remove(group)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session; a failure of the database itself (locked, read-only, disk full, damaged)
        comes out as a DatabaseProblem naming the database. The transaction is rolled back."""
        try:
            with self._sessions() as session:
                session.info[ON_COMMIT] = self._committed
                yield session
        except (OperationalError, SADatabaseError) as exc:
            problem = explain(exc, self.shown_url, fallback=False)
            if problem is None:
                raise
            raise problem from exc

    @property
    def shown_url(self) -> str:
        return display_url(self.url)

    def is_empty(self) -> bool:
        """True when nothing has been stored yet (offer demo data then)."""
        with self.session() as session:
            for model in (OrgUnit, Contact, Request):
                if session.exec(select(func.count()).select_from(model)).one():
                    return False
        return True

    def optimize(self) -> None:
        """Let SQLite refresh its planner statistics (cheap; recommended before closing)."""
        if self.engine.dialect.name == "sqlite":
            with self.engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA optimize")

    def close(self) -> None:
        try:
            self.optimize()
        except Exception:  # a read-only or vanished file: nothing to optimise
            pass
        self.engine.dispose()


def open_database(url: str, *, migrate: bool = True) -> Database:
    """Open ``url`` and bring its schema up to date. Raises DatabaseProblem with a message."""
    engine = make_engine(url)
    try:
        schema = upgrade(engine) if migrate else None
    except BaseException:
        engine.dispose()
        raise
    from officer_tui.db.migrate import schema_state

    return Database(url=url, engine=engine, schema=schema or schema_state(engine))


def record_counts(session: Session) -> dict[str, int]:
    """How many units, contacts and requests are stored."""
    return {
        name: session.exec(select(func.count()).select_from(model)).one()
        for name, model in (("units", OrgUnit), ("contacts", Contact), ("requests", Request))
    }


# The tables people think in, in the order ``officer db check`` lists them, with the key of
# their plural in ``cli._common.counts_text``.
MAIN_TABLES = (
    ("orgunit", "units"), ("contact", "contacts"), ("contactlog", "contact_logs"),
    ("request", "requests"), ("strategicgoal", "goals"), ("idea", "ideas"),
    ("project", "projects"), ("projectlink", "project_links"), ("followup", "followups"),
    ("meetingseries", "meeting_series"), ("meeting", "meetings"),
    ("agendaitem", "agenda_items"), ("outcome", "outcomes"),
    ("trainingprogramme", "programmes"), ("trainingsession", "sessions"),
    ("enrollment", "enrollments"),
)


# What the app does with its tables: the least privilege it needs on each.
APP_PRIVILEGES = ("SELECT", "INSERT", "UPDATE", "DELETE")
BIGGEST_TABLES = 5  # how many tables ``officer db check`` lists with their size


@dataclass(frozen=True)
class ServerFacts:
    """What ``officer db check`` tells about a PostgreSQL database and the role the app uses."""

    version: str  # "15.18"
    database: str
    user: str
    size: int  # bytes (pg_database_size)
    biggest: list[tuple[str, int]]  # (table, bytes with indexes and TOAST), largest first
    superuser: bool
    owns_database: bool
    owned_tables: int  # tables of the schema this role owns (it may drop them)
    can_create: bool  # CREATE on the schema: may add tables (the owner role's right)
    missing: list[str]  # "INSERT on request", "USAGE on request_id_seq" ...

    @property
    def least_privilege(self) -> bool:
        return not (self.superuser or self.owns_database or self.owned_tables or self.can_create)

    def warnings(self) -> list[str]:
        """Lines for what is not as it should be for daily work; [] for a least-privilege role."""
        found = []
        if self.superuser:
            found.append(_(
                "The user {user} is a superuser: it may do anything on the whole server. Run the app with a role that may only read and write the tables (see 'Team server' in the README)."
            ).format(user=self.user))
        elif self.owns_database or self.owned_tables or self.can_create:
            found.append(_(
                "The user {user} owns the database or its tables (it may drop or change them). Use it only for 'officer db upgrade'; for daily work a role that may only read and write the tables is safer (see 'Team server' in the README)."
            ).format(user=self.user))
        if self.missing:
            found.append(_("The user {user} lacks: {privileges}. Ask the administrator to grant them.").format(
                user=self.user, privileges=", ".join(self.missing)))
        return found

    def as_json(self) -> dict:
        return {
            "version": self.version, "database": self.database, "user": self.user,
            "size": self.size, "biggest_tables": [{"table": t, "size": n} for t, n in self.biggest],
            "superuser": self.superuser, "owns_database": self.owns_database,
            "owned_tables": self.owned_tables, "can_create_tables": self.can_create,
            "missing_privileges": list(self.missing), "least_privilege": self.least_privilege,
        }


def server_facts(engine: Engine) -> ServerFacts:
    """Version, sizes and the privileges of the connected role on the app's tables and
    sequences (PostgreSQL; reads the catalogs only)."""
    from sqlalchemy import text

    with engine.connect() as connection:
        def one(sql: str, **values):
            return connection.execute(text(sql), values).scalar()

        user = one("SELECT current_user")
        tables = [row[0] for row in connection.execute(text(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"))]
        missing = [
            f"{privilege} on {table}" for table in tables for privilege in APP_PRIVILEGES
            if not one("SELECT has_table_privilege(quote_ident(current_schema()) || '.' || "
                       "quote_ident(:t), :p)", t=table, p=privilege)
        ]
        sequences = [row[0] for row in connection.execute(text(
            "SELECT sequencename FROM pg_sequences WHERE schemaname = current_schema() "
            "ORDER BY sequencename"))]
        missing += [
            f"USAGE on {sequence}" for sequence in sequences
            if not one("SELECT has_sequence_privilege(quote_ident(current_schema()) || '.' || "
                       "quote_ident(:s), 'USAGE')", s=sequence)
        ]
        biggest = [(row[0], row[1]) for row in connection.execute(text(
            "SELECT c.relname, pg_total_relation_size(c.oid) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') "
            "ORDER BY 2 DESC, 1 LIMIT :n"), {"n": BIGGEST_TABLES})]
        return ServerFacts(
            version=(one("SHOW server_version") or "").split(" ", 1)[0],
            database=one("SELECT current_database()"),
            user=user,
            size=one("SELECT pg_database_size(current_database())") or 0,
            biggest=biggest,
            superuser=bool(one("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")),
            owns_database=bool(one(
                "SELECT pg_get_userbyid(datdba) = current_user FROM pg_database "
                "WHERE datname = current_database()")),
            owned_tables=one("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() "
                             "AND tableowner = current_user") or 0,
            can_create=bool(one("SELECT has_schema_privilege(current_schema(), 'CREATE')")),
            missing=missing,
        )


@dataclass(frozen=True)
class HealthReport:
    """What ``check_database`` found. ``ok`` when the schema is current, nothing is broken and
    the file is private."""

    shown_url: str
    schema: SchemaState
    problems: list[str]
    counts: dict[str, int]  # rows per main table (``MAIN_TABLES`` keys); {} when not current
    sizes: dict[str, int] = field(default_factory=dict)  # "" (file), "-wal", "-shm": bytes
    permissions: Permissions | None = None  # SQLite files only
    last_backup: Backup | None = None
    backups_supported: bool = False
    server: ServerFacts | None = None  # PostgreSQL only

    @property
    def ok(self) -> bool:
        private = self.permissions is None or not self.permissions.exposed
        granted = self.server is None or not self.server.missing
        return self.schema.up_to_date and not self.problems and private and granted

    def as_json(self) -> dict:
        schema = self.schema
        return {
            "database": self.shown_url,
            "ok": self.ok,
            "schema": {"current": schema.current, "head": schema.head,
                       "up_to_date": schema.up_to_date},
            "integrity": {"ok": not self.problems, "problems": list(self.problems)},
            "permissions": None if self.permissions is None else {
                "mode": self.permissions.mode_text,
                "private": not self.permissions.exposed,
                "guarded_by": str(self.permissions.guard) if self.permissions.guard else None,
                "warning": self.permissions.warning(),
            },
            "sizes": {"file": self.sizes.get(""), "wal": self.sizes.get("-wal", 0),
                      "shm": self.sizes.get("-shm", 0)} if self.sizes else None,
            "records": dict(self.counts),
            "last_backup": self.last_backup.as_json() if self.last_backup else None,
            "server": self.server.as_json() if self.server else None,
        }


def table_counts(engine: Engine, *, unreadable: frozenset[str] = frozenset()) -> dict[str, int]:
    """Rows per main table (those that exist and are not ``unreadable``), keyed like
    ``cli._common.counts_text``."""
    from sqlalchemy import inspect

    with engine.connect() as connection:
        present = set(inspect(connection).get_table_names())
        return {
            key: connection.exec_driver_sql(f'SELECT count(*) FROM "{table}"').scalar() or 0
            for table, key in MAIN_TABLES
            if table in present and table not in unreadable
        }


def check_database(url: str) -> HealthReport:
    """Look at a database without changing it: schema revision against the app's, integrity,
    rows per main table, file sizes and permissions, the last backup; for PostgreSQL the
    server, sizes and the privileges of the role instead of the file's.

    A missing SQLite file is reported (DatabaseProblem), not created.
    """
    from officer_tui.db.migrate import integrity_problems, schema_state
    from officer_tui.paths import sqlite_path
    from officer_tui.services.backups import last_backup, supports_backups

    engine = make_engine(url, create=False)
    try:
        schema = schema_state(engine)
        # A database that is not ours is only looked at, never opened with our pragmas.
        problems = integrity_problems(engine) if schema.current is not None else []
        counts: dict[str, int] = {}
        server = None
        try:
            if engine.dialect.name == "postgresql":
                server = server_facts(engine)
            if schema.up_to_date:
                unreadable = frozenset(
                    entry.removeprefix("SELECT on ") for entry in (server.missing if server else [])
                    if entry.startswith("SELECT on "))
                counts = table_counts(engine, unreadable=unreadable)
        except (OperationalError, SADatabaseError) as exc:
            raise explain(exc, display_url(url)) from exc  # type: ignore[misc]
    finally:
        engine.dispose()
    path = sqlite_path(url)
    return HealthReport(
        shown_url=display_url(url), schema=schema, problems=problems, counts=counts,
        sizes=companion_sizes(path) if path else {}, permissions=permissions(path),
        last_backup=last_backup(url=url), backups_supported=supports_backups(url),
        server=server,
    )


@dataclass(frozen=True)
class UpgradeReport:
    before: SchemaState
    after: SchemaState
    backups: list[Path]  # copies made before migrating (SQLite)


def upgrade_database(url: str) -> UpgradeReport:
    """Bring ``url`` to the schema this app needs, backing an existing SQLite file up first."""
    from officer_tui.db.migrate import schema_state
    from officer_tui.paths import sqlite_path

    engine = make_engine(url)
    path = sqlite_path(url)

    def backups() -> set[Path]:
        return set(path.parent.glob(f"{glob.escape(path.name)}.before-*.bak")) if path else set()

    try:
        before = schema_state(engine)
        existing = backups()
        after = upgrade(engine)
        made = sorted(backups() - existing)
    finally:
        engine.dispose()
    return UpgradeReport(before=before, after=after, backups=made)
