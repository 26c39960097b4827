"""Schema versions with Alembic: create, upgrade (after a backup) or refuse, at every start.

* An empty database is created from the models and stamped with the head revision.
* An older one is backed up (``Database.snapshot``) and then upgraded to head.
* One stamped with a revision this client does not know (a newer client upgraded it) is refused.
* On a LAN server, desktops connect as an app role that may not change the schema (see
  services/server_setup.py): an empty or older schema is then refused with ``db.upgrade_needs_owner``
  before anything is tried, naming the command IT runs as the owner.
"""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect, text

from desktop_app.db import Database
from desktop_app.errors import ConnectionProblem

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


class SchemaState(enum.Enum):
    EMPTY = "empty"
    CURRENT = "current"
    OLDER = "older"
    NEWER = "newer"
    FOREIGN = "foreign"


@dataclass(frozen=True)
class SchemaReport:
    state: SchemaState
    revision: str | None
    head: str


def _config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def inspect_schema(database: Database) -> SchemaReport:
    head = head_revision()
    script = ScriptDirectory.from_config(_config())
    with database.engine.connect() as connection:
        revision = MigrationContext.configure(connection).get_current_revision()
        tables = set(inspect(connection).get_table_names())
    if revision is None:
        state = SchemaState.EMPTY if not tables - {"alembic_version"} else SchemaState.FOREIGN
    elif revision == head:
        state = SchemaState.CURRENT
    else:
        known = {rev.revision for rev in script.walk_revisions()}
        state = SchemaState.OLDER if revision in known else SchemaState.NEWER
    return SchemaReport(state, revision, head)


def upgrade(database: Database, revision: str = "head") -> None:
    with database.write_connection() as connection, database.migration_lock(connection):
        command.upgrade(_config(connection), revision)


def create_current(database: Database) -> None:
    from desktop_app.models import Base

    with database.write_connection() as connection, database.migration_lock(connection):
        if MigrationContext.configure(connection).get_current_revision() is not None:
            return  # another desktop created it while we waited for the lock
        Base.metadata.create_all(connection)
        command.stamp(_config(connection), "head")


def prepare(database: Database, backup_dir: Path) -> SchemaReport:
    """Bring the schema to head or refuse; returns what was found before."""
    report = inspect_schema(database)
    if report.state in (SchemaState.EMPTY, SchemaState.OLDER):
        with database.engine.connect() as connection:
            allowed = can_change_schema(connection)
        if not allowed:
            url = database.engine.url
            raise ConnectionProblem("db.upgrade_needs_owner", user=url.username or "",
                                    database=url.database or "", revision=report.revision or "")
    if report.state is SchemaState.EMPTY:
        log.info("creating a new database at revision %s", report.head)
        create_current(database)
    elif report.state is SchemaState.OLDER:
        snapshot = database.snapshot(backup_dir, f"before-upgrade-{report.revision}")
        log.info("backed up to %s; upgrading %s -> %s", snapshot, report.revision, report.head)
        upgrade(database)
    elif report.state is SchemaState.NEWER:
        raise ConnectionProblem("db.schema_too_new", revision=report.revision or "")
    elif report.state is SchemaState.FOREIGN:
        raise ConnectionProblem("db.not_benji", database=database.description)
    return report


def can_change_schema(connection: Connection) -> bool:
    """Whether the connected role may create and alter this database's tables (the owner or an
    administrator), so that a desktop knows before it tries an upgrade."""
    name = connection.dialect.name
    if name == "sqlite":
        return True
    if name == "postgresql":
        row = connection.execute(text(
            "SELECT r.rolsuper OR (has_schema_privilege('public', 'CREATE') AND "
            "(NOT EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = 'public') OR EXISTS ("
            "SELECT 1 FROM pg_tables t WHERE t.schemaname = 'public' AND t.tablename = 'alembic_version' "
            "AND pg_has_role(current_user, t.tableowner, 'USAGE')))) "
            "FROM pg_roles r WHERE r.rolname = current_user")).scalar()
        return bool(row)
    found = connection.execute(text(
        "SELECT COUNT(DISTINCT PRIVILEGE_TYPE) FROM ("
        "SELECT PRIVILEGE_TYPE FROM information_schema.SCHEMA_PRIVILEGES WHERE TABLE_SCHEMA = DATABASE() "
        "UNION ALL SELECT PRIVILEGE_TYPE FROM information_schema.USER_PRIVILEGES) p "
        "WHERE PRIVILEGE_TYPE IN ('CREATE', 'ALTER', 'DROP', 'INDEX', 'TRIGGER')")).scalar()
    return int(found or 0) == 5
