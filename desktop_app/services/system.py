"""Opening the database for a profile, and the health check IT runs (`check`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import exc, func, select, text

from desktop_app import __version__
from desktop_app.config import DatabaseProfile
from desktop_app.db import Database, classify, open_profile, open_url
from desktop_app.errors import ConnectionProblem
from desktop_app.models import Base
from desktop_app.schema import SchemaReport, SchemaState, can_change_schema, inspect_schema, prepare


@dataclass(frozen=True)
class ConnectionReport:
    """What "Test connection" found: reachable, and whether Benji CRM is already set up there."""

    description: str
    schema: SchemaState
    initialised: bool


@dataclass(frozen=True)
class HealthReport:
    description: str
    app_version: str
    schema_revision: str | None
    schema_head: str
    schema_state: str
    integrity: str
    row_counts: dict[str, int]

    @property
    def ok(self) -> bool:
        return self.schema_state == SchemaState.CURRENT.value and self.integrity == "ok"


def open_and_prepare(profile: DatabaseProfile, password: str | None, backup_dir: Path) -> Database:
    """Open the profile's database and bring its schema to head (backing up first), or raise."""
    database = open_profile(profile, password)
    try:
        prepare(database, backup_dir)
    except Exception:
        database.dispose()
        raise
    return database


def try_connection(profile: DatabaseProfile, password: str | None) -> ConnectionReport:
    """Connect, read the schema version and whether a company is set up; every failure is a
    ``ConnectionProblem`` that says what is wrong (e.g. a role without rights, or one that may not create
    the schema this program needs)."""
    database = open_profile(profile, password)
    try:
        report = inspect_schema(database)
        initialised = False
        with database.engine.connect() as connection:
            if report.state in (SchemaState.EMPTY, SchemaState.OLDER) and not can_change_schema(connection):
                url = database.engine.url
                raise ConnectionProblem("db.upgrade_needs_owner", user=url.username or "",
                                        database=url.database or "", revision=report.revision or "")
            if report.state in (SchemaState.CURRENT, SchemaState.OLDER):
                initialised = bool(connection.execute(text("SELECT COUNT(*) FROM company")).scalar())
        return ConnectionReport(database.description, report.state, initialised)
    except exc.DBAPIError as error:
        raise classify(error, database.engine.url) from None
    finally:
        database.dispose()


def health(database: Database, *, thorough: bool = True) -> HealthReport:
    """The schema state and, when ``thorough``, SQLite's integrity check and every table's row count (both
    read the whole database: seconds on a large one; the home screen asks without them, integrity "")."""
    report: SchemaReport = inspect_schema(database)
    counts: dict[str, int] = {}
    integrity = "ok" if thorough else ""
    if not thorough:
        return HealthReport(database.description, __version__, report.revision, report.head, report.state.value,
                            integrity, counts)
    with database.engine.connect() as connection:
        if database.kind == "sqlite":
            integrity = str(connection.exec_driver_sql("PRAGMA quick_check").scalar())
        if report.state is SchemaState.CURRENT:
            for table in Base.metadata.sorted_tables:
                counts[table.name] = int(connection.execute(select(func.count()).select_from(table)).scalar_one())
    return HealthReport(database.description, __version__, report.revision, report.head, report.state.value,
                        integrity, counts)


__all__ = ["ConnectionReport", "HealthReport", "health", "open_and_prepare", "open_url", "try_connection"]
