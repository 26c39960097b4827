"""Migrations: create, upgrade after a backup, refuse newer, and agree with the models."""

from __future__ import annotations

import gzip
import json
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from desktop_app.db import open_url
from desktop_app.errors import ConnectionProblem
from desktop_app.models import Base
from desktop_app.models.search_index import not_in_models
from desktop_app.schema import SchemaState, head_revision, inspect_schema, prepare, upgrade


def test_a_new_database_is_created_and_stamped(db_url: str, tmp_path: Path) -> None:
    db = open_url(db_url)
    assert inspect_schema(db).state is SchemaState.EMPTY
    report = prepare(db, tmp_path / "backups")
    assert report.state is SchemaState.EMPTY
    assert inspect_schema(db).state is SchemaState.CURRENT
    assert not (tmp_path / "backups").exists()  # nothing to back up
    db.dispose()


def test_migrations_at_head_match_the_models(db_url: str) -> None:
    db = open_url(db_url)
    upgrade(db, "head")
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True, "include_object": not_in_models})
        differences = compare_metadata(context, Base.metadata)
    db.dispose()
    assert differences == []


def test_an_older_database_is_backed_up_then_upgraded(db_url: str, tmp_path: Path) -> None:
    db = open_url(db_url)
    upgrade(db, "0001")
    with db.engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO company (id, name, address, phone, tax_id, bank_name, bank_account, currency,"
            " timezone, version) VALUES (1, '老公司', '', '', '', '', '', 'CNY', 'Asia/Shanghai', 1)"))
    report = prepare(db, tmp_path / "backups")
    assert (report.state, report.revision) == (SchemaState.OLDER, "0001")
    assert inspect_schema(db).revision == head_revision()
    backups = list((tmp_path / "backups").iterdir())
    assert len(backups) == 1 and "before-upgrade-0001" in backups[0].name
    if db.kind == "sqlite":
        with sqlite3.connect(backups[0]) as copy:
            assert copy.execute("SELECT name FROM company").fetchall() == [("老公司",)]
            assert copy.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
    else:
        with gzip.open(backups[0], "rt", encoding="utf-8") as dump:
            lines = [json.loads(line) for line in dump]
        assert {"table": "company"} in lines
        assert any(row.get("name") == "老公司" for row in lines)
    with db.engine.connect() as connection:
        assert connection.execute(text("SELECT name FROM company")).scalar() == "老公司"
    db.dispose()


def test_a_newer_database_is_refused(db_url: str, tmp_path: Path) -> None:
    db = open_url(db_url)
    prepare(db, tmp_path / "backups")
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    with pytest.raises(ConnectionProblem) as caught:
        prepare(db, tmp_path / "backups")
    assert caught.value.code == "db.schema_too_new"
    assert caught.value.params == {"revision": "9999_from_the_future"}
    db.dispose()


def test_a_database_of_another_program_is_refused(db_url: str, tmp_path: Path) -> None:
    db = open_url(db_url)
    with db.engine.begin() as connection:
        connection.execute(text("CREATE TABLE someone_elses (id INTEGER PRIMARY KEY)"))
    with pytest.raises(ConnectionProblem) as caught:
        prepare(db, tmp_path / "backups")
    assert caught.value.code == "db.not_benji"
    db.dispose()
