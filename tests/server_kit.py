"""Helpers for tests against the real servers' administrator: base URLs, creating and dropping the roles and
databases of the LAN server set-up, connecting as a role, and checking that the database refused a statement
for lack of privilege."""

from __future__ import annotations

import os
from typing import Any

import pytest
from conftest import SERVER_URLS
from sqlalchemy import URL, create_engine, exc, make_url
from sqlalchemy.pool import NullPool

from desktop_app.db import Database, open_url
from desktop_app.services.server_setup import ServerNames

OWNER_PASSWORD, APP_PASSWORD = "Owner-pw 'quoted' \\ 100%", "App-pw \"x\" 业务"
DENIED = {"42501", 1142, 1143, 1044, 1227}


def base_url(backend: str) -> URL:
    url = os.environ.get(SERVER_URLS[backend])
    if not url:
        if os.environ.get("BENJI_REQUIRE_SERVERS") == "1":
            pytest.fail(f"{backend} tests need {SERVER_URLS[backend]}")
        pytest.skip(f"{backend} tests need {SERVER_URLS[backend]}")
    return make_url(url)


def admin_url(backend: str) -> URL:
    base = base_url(backend)
    return base.set(database="postgres" if backend == "postgresql" else None)


def drop_server(backend: str, names: ServerNames) -> None:
    engine = create_engine(admin_url(backend), isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with engine.connect() as connection:
            if backend == "postgresql":
                connection.exec_driver_sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                           f"WHERE datname = '{names.database}' AND pid <> pg_backend_pid()")
                connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {names.database}")
                for role in (names.app, names.owner):
                    connection.exec_driver_sql(f"DROP ROLE IF EXISTS {role}")
            else:
                connection.exec_driver_sql(f"DROP DATABASE IF EXISTS `{names.database}`")
                for role in (names.app, names.owner):
                    connection.exec_driver_sql(f"DROP USER IF EXISTS '{role}'@'%%'")
    finally:
        engine.dispose()


def as_role(backend: str, names: ServerNames, role: str) -> Database:
    password = OWNER_PASSWORD if role == names.owner else APP_PASSWORD
    return open_url(base_url(backend).set(database=names.database, username=role, password=password))


def refused(database: Database, statement: str) -> Any:
    with pytest.raises(exc.DBAPIError) as caught, database.engine.begin() as connection:
        connection.exec_driver_sql(statement)
    original = caught.value.orig
    codes = {getattr(original, "sqlstate", None), *(a for a in getattr(original, "args", ())[:1])}
    assert codes & DENIED, f"{statement!r} failed, but not for lack of privilege: {original}"
    return original
