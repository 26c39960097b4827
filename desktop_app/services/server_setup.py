"""Setting up a LAN server: the database, an owner role for the schema and a smaller app role for desktops.

Three steps, each idempotent, run by IT (admin CLI ``server create`` / ``server install``; the SQL they
run is also in installer/server/ for DBAs who prefer to read it first):

1. **create** (as the server's administrator: ``postgres`` or MariaDB ``root``): the owner role, the app
   role and the database (UTF-8 / utf8mb4), owned by the owner. Nobody else may connect (PostgreSQL) and
   the app role may not create anything.
2. **install** (as the owner): create or upgrade the schema (migrations, a backup first), then
   **grant** the app role what a desktop needs and nothing more: SELECT/INSERT/UPDATE/DELETE on the
   working tables; only SELECT/INSERT on the append-only ones (the audit log, frozen documents); SELECT on
   the schema version. The app role owns nothing, so it can neither change the schema nor switch off
   the triggers that freeze issued bills and the audit log. Run it again after every upgrade.
3. Desktops connect as the app role (``db set --user APP``). A desktop whose schema is older than its
   program cannot upgrade it (``db.upgrade_needs_owner`` says to run step 2).

Passwords arrive as arguments from the CLI (read from stdin, the environment or a prompt) and go into
the statements as quoted literals; they are never logged. Role and database names are checked against
``NAME`` (lower-case letters, digits, underscore) so they can be written into statements unquoted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import URL, Connection, exc, inspect, text

from desktop_app.config import MYSQL, POSTGRESQL
from desktop_app.db import Database, classify, open_url
from desktop_app.errors import DomainError

NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
CLIENTS = re.compile(r"^[A-Za-z0-9.%_:-]{1,60}$")  # a MariaDB host pattern: '%', '192.168.1.%', a name
APPEND_ONLY = {"audit_log": ("SELECT", "INSERT"), "issued_documents": ("SELECT", "INSERT"),
               "alembic_version": ("SELECT",)}
WORKING = ("SELECT", "INSERT", "UPDATE", "DELETE")


@dataclass(frozen=True)
class ServerNames:
    """The database and the two roles; ``clients`` is the MariaDB host pattern the roles may connect from."""

    database: str = "benji"
    owner: str = "benji_owner"
    app: str = "benji_app"
    clients: str = "%"

    def __post_init__(self) -> None:
        for field, value in (("database", self.database), ("owner", self.owner), ("app", self.app)):
            if not NAME.match(value):
                raise DomainError("server.bad_name", field=field, value=value)
        if self.owner == self.app:
            raise DomainError("server.same_roles", name=self.owner)
        if not CLIENTS.match(self.clients):
            raise DomainError("server.bad_name", field="clients", value=self.clients)


@dataclass(frozen=True)
class Step:
    """One thing ``create`` did or found already done (for the operator's log)."""

    what: str
    done: bool


@dataclass(frozen=True)
class InstallReport:
    schema_before: str
    schema_head: str
    tables: int
    app_role: str


# --- statements (pure: what the scripts in installer/server/ show) -----------------------------------

def literal(value: str) -> str:
    """A quoted SQL string literal valid on PostgreSQL (standard_conforming_strings on) and MariaDB
    (NO_BACKSLASH_ESCAPES off) alike: quotes doubled, backslashes doubled only for MariaDB."""
    if "\x00" in value:
        raise DomainError("server.bad_password")
    return "'" + value.replace("'", "''") + "'"


def _mysql_literal(value: str) -> str:
    return literal(value.replace("\\", "\\\\"))


def grant_statements(kind: str, tables: list[str], names: ServerNames) -> list[str]:
    """What the app role is given on ``tables`` (existing grants are taken back first)."""
    statements: list[str] = []
    if kind == POSTGRESQL:
        statements.append(f"GRANT USAGE ON SCHEMA public TO {names.app}")
        for table in tables:
            allowed = ", ".join(APPEND_ONLY.get(table, WORKING))
            statements += [f'REVOKE ALL ON TABLE "{table}" FROM {names.app}',
                           f'GRANT {allowed} ON TABLE "{table}" TO {names.app}']
        statements.append(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {names.app}")
        return statements
    for table in tables:
        allowed = ", ".join(APPEND_ONLY.get(table, WORKING))
        statements.append(f"GRANT {allowed} ON `{names.database}`.`{table}` TO '{names.app}'@'{names.clients}'")
    return statements


def create_statements(kind: str, names: ServerNames, owner_password: str, app_password: str) -> list[str]:
    """The roles and the database, as the server's administrator (see ``create``)."""
    if kind == POSTGRESQL:
        return [f"CREATE ROLE {names.owner} LOGIN PASSWORD {literal(owner_password)}",
                f"CREATE ROLE {names.app} LOGIN PASSWORD {literal(app_password)}",
                f"CREATE DATABASE {names.database} OWNER {names.owner} ENCODING 'UTF8' TEMPLATE template0"]
    owner, app = f"'{names.owner}'@'{names.clients}'", f"'{names.app}'@'{names.clients}'"
    return [f"CREATE USER {owner} IDENTIFIED BY {_mysql_literal(owner_password)}",
            f"CREATE USER {app} IDENTIFIED BY {_mysql_literal(app_password)}",
            f"CREATE DATABASE `{names.database}` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin",
            f"GRANT ALL PRIVILEGES ON `{names.database}`.* TO {owner} WITH GRANT OPTION"]


def lockdown_statements(names: ServerNames) -> list[str]:
    """PostgreSQL, inside the new database as the administrator: only the two roles connect, only the
    owner creates."""
    return [f"REVOKE ALL ON DATABASE {names.database} FROM PUBLIC",
            f"GRANT CONNECT ON DATABASE {names.database} TO {names.owner}, {names.app}",
            "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
            f"ALTER SCHEMA public OWNER TO {names.owner}"]


# --- running them ------------------------------------------------------------------------------------

def create(admin_url: URL, names: ServerNames, owner_password: str, app_password: str) -> list[Step]:
    """Step 1, connected as the server's administrator (``admin_url`` names its maintenance database:
    ``postgres`` or none). Roles or a database that already exist are left as they are (and said so)."""
    kind = POSTGRESQL if admin_url.get_backend_name() == "postgresql" else MYSQL
    statements = create_statements(kind, names, owner_password, app_password)
    admin = open_url(admin_url)
    steps: list[Step] = []
    try:
        with admin.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            existing_roles, existing_db = _existing(connection, kind, names)
            for (what, exists), statement in zip(
                    ((f"role {names.owner}", names.owner in existing_roles),
                     (f"role {names.app}", names.app in existing_roles),
                     (f"database {names.database}", existing_db)), statements, strict=False):
                if not exists:
                    _run(connection, statement)
                steps.append(Step(what, not exists))
            for statement in statements[3:]:  # MariaDB: the owner's rights on the database
                _run(connection, statement)
    finally:
        admin.dispose()
    if kind == POSTGRESQL:
        inside = open_url(admin_url.set(database=names.database))
        try:
            with inside.engine.begin() as connection:
                for statement in lockdown_statements(names):
                    _run(connection, statement)
        finally:
            inside.dispose()
    return steps


def _existing(connection: Connection, kind: str, names: ServerNames) -> tuple[set[str], bool]:
    wanted = {"o": names.owner, "a": names.app}
    if kind == POSTGRESQL:
        roles = connection.execute(text("SELECT rolname FROM pg_roles WHERE rolname IN (:o, :a)"), wanted)
        database = connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :d"), {"d": names.database})
    else:
        roles = connection.execute(text("SELECT User FROM mysql.user WHERE User IN (:o, :a) AND Host = :h"),
                                   {**wanted, "h": names.clients})
        database = connection.execute(text("SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = :d"),
                                      {"d": names.database})
    return {str(row[0]) for row in roles}, database.first() is not None


def _run(connection: Connection, statement: str) -> None:
    try:
        connection.exec_driver_sql(statement.replace("%", "%%"))  # both drivers take %% for a literal %
    except exc.DBAPIError as error:
        raise classify(error, connection.engine.url) from None


def install(owner: Database, names: ServerNames, backup_dir: Path) -> InstallReport:
    """Step 2, connected as the owner: the schema at this program's head (backed up first when it is
    upgraded), then the app role's grants on every table."""
    from desktop_app.schema import prepare

    if owner.kind not in (POSTGRESQL, MYSQL):
        raise DomainError("server.not_a_server")
    report = prepare(owner, backup_dir)
    tables = grant_app_role(owner, names)
    return InstallReport(report.revision or "", report.head, tables, names.app)


def grant_app_role(owner: Database, names: ServerNames) -> int:
    """Give the app role its rights on every table of the schema; returns how many tables."""
    with owner.engine.begin() as connection:
        tables = sorted(inspect(connection).get_table_names())
        if owner.kind == MYSQL:
            _revoke_mysql(connection, names)
        for statement in grant_statements(owner.kind, tables, names):
            _run(connection, statement)
    return len(tables)


def _revoke_mysql(connection: Connection, names: ServerNames) -> None:
    """MariaDB has no REVOKE IF GRANTED: take back only what TABLE_PRIVILEGES shows the app role holds."""
    grantee = f"'{names.app}'@'{names.clients}'"
    held = connection.execute(text("SELECT DISTINCT TABLE_NAME FROM information_schema.TABLE_PRIVILEGES "
                                   "WHERE GRANTEE = :g AND TABLE_SCHEMA = :d"),
                              {"g": grantee, "d": names.database}).scalars().all()
    for table in held:
        _run(connection, f"REVOKE ALL PRIVILEGES ON `{names.database}`.`{table}` FROM {grantee}")
