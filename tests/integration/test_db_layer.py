"""The database layer on real SQLite, PostgreSQL and MariaDB."""

from __future__ import annotations

import sqlite3
import time
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import server_url
from sqlalchemy import Column, Integer, MetaData, Table, insert, make_url, select, text

from desktop_app.config import DatabaseProfile
from desktop_app.db import check_local_path, is_unc_path, network_mount, open_profile, open_url
from desktop_app.errors import ConnectionProblem
from desktop_app.models.base import Fen, UnitPrice

MOUNTS = """\
/dev/vda1 / ext4 rw 0 0
//nas/share /mnt/nas cifs rw 0 0
nas:/export /srv/nfs nfs4 rw 0 0
/dev/vdb1 /mnt/nas/local ext4 rw 0 0
"""


def test_network_mounts_are_recognised() -> None:
    assert network_mount("/mnt/nas/crm/benji.db", MOUNTS) == "cifs"
    assert network_mount("/srv/nfs/benji.db", MOUNTS) == "nfs4"
    assert network_mount("/home/user/benji.db", MOUNTS) is None
    assert network_mount("/mnt/nas/local/benji.db", MOUNTS) is None  # a local disk mounted below
    assert network_mount("/mnt/nasty/benji.db", MOUNTS) is None


def test_unc_paths_are_refused() -> None:
    assert is_unc_path(r"\\server\share\benji.db")
    assert not is_unc_path(r"C:\Users\me\benji.db")
    with pytest.raises(ConnectionProblem) as caught:
        check_local_path(Path(r"\\server\share\benji.db"))
    assert caught.value.code == "db.network_share"


def test_sqlite_connections_get_the_safe_pragmas(tmp_path: Path) -> None:
    db = open_url(f"sqlite:///{tmp_path / 'x.db'}")
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    db.dispose()


def test_sqlite_write_sessions_take_the_write_lock_up_front(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    db = open_url(f"sqlite:///{path}")
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    reader = db.session(write=False)
    reader.execute(text("SELECT 1"))
    other.execute("BEGIN IMMEDIATE")  # a read session leaves the write lock free
    other.execute("ROLLBACK")
    reader.close()
    writer = db.session(write=True)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        other.execute("BEGIN IMMEDIATE")
    writer.rollback()
    writer.close()
    other.execute("BEGIN IMMEDIATE")
    other.execute("ROLLBACK")
    other.close()
    db.dispose()


def test_money_columns_are_exact_integers_on_every_backend(db_url: str) -> None:
    db = open_url(db_url)
    metadata = MetaData()
    table = Table("money_probe", metadata, Column("id", Integer, primary_key=True),
                  Column("amount", Fen()), Column("price", UnitPrice()))
    try:
        metadata.create_all(db.engine)
        big = Decimal("123456789012345.67")
        with db.engine.begin() as connection:
            connection.execute(insert(table), [{"id": 1, "amount": big, "price": Decimal("0.0015")},
                                               {"id": 2, "amount": Decimal("-0.01"), "price": Decimal("12")}])
        with db.engine.connect() as connection:
            rows = connection.execute(select(table.c.amount, table.c.price).order_by(table.c.id)).all()
            raw = connection.execute(text("SELECT amount, price FROM money_probe WHERE id = 1")).one()
        assert rows == [(big, Decimal("0.0015")), (Decimal("-0.01"), Decimal("12.00"))]
        assert (int(raw[0]), int(raw[1])) == (12345678901234567, 1500)
        with pytest.raises(Exception, match="decimal places"), db.engine.begin() as connection:
            connection.execute(insert(table), [{"id": 3, "amount": Decimal("0.001"), "price": None}])
    finally:
        metadata.drop_all(db.engine)
        db.dispose()


# --- distinct, fast, password-free connection problems ---------------------------------------------

def _profile(kind: str, url: str, **changes: object) -> tuple[DatabaseProfile, str]:
    parsed = make_url(url)
    values = {"host": parsed.host or "127.0.0.1", "port": parsed.port or 0, "database": parsed.database or "",
              "user": parsed.username or ""}
    values.update(changes)
    return DatabaseProfile(kind=kind, **values), parsed.password or ""  # type: ignore[arg-type]


def _problem(profile: DatabaseProfile, password: str) -> ConnectionProblem:
    started = time.monotonic()
    with pytest.raises(ConnectionProblem) as caught:
        open_profile(profile, password)
    assert time.monotonic() - started < 5.5
    assert not password or password not in str(caught.value)
    return caught.value


@pytest.mark.server
@pytest.mark.parametrize("backend,kind", [("postgresql", "postgresql"), ("mariadb", "mysql")])
def test_stopped_server_is_reported_as_unreachable(backend: str, kind: str) -> None:
    profile, password = _profile(kind, server_url(backend), port=1)  # nothing listens on port 1
    assert _problem(profile, password).code == "db.unreachable"


@pytest.mark.server
@pytest.mark.parametrize("backend,kind", [("postgresql", "postgresql"), ("mariadb", "mysql")])
def test_missing_database_is_reported(backend: str, kind: str) -> None:
    profile, password = _profile(kind, server_url(backend), database="benji_no_such_db")
    problem = _problem(profile, password)
    assert problem.code == "db.database_missing"
    assert problem.params["database"] == "benji_no_such_db"


@pytest.mark.server
def test_wrong_password_is_reported_on_mariadb() -> None:
    url = server_url("mariadb")
    admin = open_url(url)
    with admin.engine.begin() as connection:
        connection.exec_driver_sql("DROP USER IF EXISTS 'benji_pw_probe'@'%%'")
        connection.exec_driver_sql("CREATE USER 'benji_pw_probe'@'%%' IDENTIFIED BY 'Right-Secret-1'")
    try:
        profile, _ = _profile("mysql", url, user="benji_pw_probe")
        problem = _problem(profile, "Wrong-Secret-9")
        assert problem.code == "db.wrong_password"
        assert problem.params == {"user": "benji_pw_probe"}
    finally:
        with admin.engine.begin() as connection:
            connection.exec_driver_sql("DROP USER IF EXISTS 'benji_pw_probe'@'%%'")
        admin.dispose()


def test_a_corrupt_sqlite_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "broken.db"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(ConnectionProblem) as caught:
        open_profile(DatabaseProfile(path=str(path)))
    assert caught.value.code == "db.corrupt"


def test_a_server_profile_without_password_asks_for_one() -> None:
    with pytest.raises(ConnectionProblem) as caught:
        open_profile(DatabaseProfile(kind="postgresql", host="127.0.0.1", database="x", user="u"), None)
    assert caught.value.code == "db.no_password"
