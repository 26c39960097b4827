"""What the app does with the database at every start (the log-in dialog and the wizard call this)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import make_url, text

from desktop_app.config import DatabaseProfile
from desktop_app.db import open_url
from desktop_app.errors import ConnectionProblem
from desktop_app.schema import head_revision, upgrade
from desktop_app.services.system import health, open_and_prepare, try_connection


def _profile(url: str) -> tuple[DatabaseProfile, str | None]:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return DatabaseProfile(path=parsed.database or ""), None
    kind = "postgresql" if parsed.get_backend_name() == "postgresql" else "mysql"
    return DatabaseProfile(kind=kind, host=parsed.host or "", port=parsed.port or 0, database=parsed.database or "",
                           user=parsed.username or ""), parsed.password or ""


def test_an_old_database_is_backed_up_and_upgraded_at_start(db_url: str, tmp_path: Path) -> None:
    old = open_url(db_url)
    upgrade(old, "0001")
    old.dispose()
    profile, password = _profile(db_url)
    assert try_connection(profile, password).schema.value == "older"
    database = open_and_prepare(profile, password, tmp_path / "backups")
    try:
        report = health(database)
        assert (report.schema_revision, report.ok) == (head_revision(), True)
        assert len(list((tmp_path / "backups").iterdir())) == 1
    finally:
        database.dispose()


def test_a_newer_database_is_refused_at_start(db_url: str, tmp_path: Path) -> None:
    database = open_url(db_url)
    upgrade(database, "head")
    with database.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'ffff_newer'"))
    database.dispose()
    profile, password = _profile(db_url)
    with pytest.raises(ConnectionProblem) as caught:
        open_and_prepare(profile, password, tmp_path / "backups")
    assert caught.value.code == "db.schema_too_new"
