"""Shared fixtures. Qt must be told to draw offscreen before any QApplication exists."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend

from desktop_app.config import Paths

SERVER_URLS = {
    "postgresql": "BENJI_TEST_POSTGRES_URL",
    "mariadb": "BENJI_TEST_MARIADB_URL",
}
BACKENDS = ["sqlite", "postgresql", "mariadb"]


class MemoryKeyring(KeyringBackend):
    """An in-memory OS keyring for tests (priority set so keyring accepts it)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def light_password_hashing(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2id at the production cost (19 MiB, two passes: ~60 ms a hash or a check) made the ``org``
    fixture alone cost ~0.8 s per test (seven users hashed and logged in). Tests hash with the same
    algorithm at a small cost; the tests of the production parameters and of rehashing
    (tests/services/test_login_security.py) keep the real ones."""
    if request.module.__name__.endswith("test_login_security"):
        return
    from desktop_app.services import passwords

    monkeypatch.setattr(passwords, "MEMORY_KIB", 256)
    monkeypatch.setattr(passwords, "ITERATIONS", 1)


@pytest.fixture
def benji_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Paths:
    monkeypatch.setenv("BENJI_HOME", str(tmp_path / "home"))
    return Paths.default()


_private: dict[str, str] = {}


def server_url(backend: str) -> str:
    """The URL of a throw-away server database, or skip (fail in CI) when none is configured.

    Each pytest process works in a database of its own, made beside the configured one, so two test runs
    against the same server (two terminals, two developers) never wipe each other's tables."""
    variable = SERVER_URLS[backend]
    url = os.environ.get(variable)
    if not url:
        reason = f"{backend} tests need {variable} (set by .ci/run)"
        if os.environ.get("BENJI_REQUIRE_SERVERS") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    if backend not in _private:
        _private[backend] = _private_database(url, backend)
    return _private[backend]


def _private_database(url: str, backend: str) -> str:
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    base = make_url(url)
    name = f"{base.database}_p{os.getpid()}"
    create = (f'CREATE DATABASE "{name}" ENCODING \'UTF8\' TEMPLATE template0' if backend == "postgresql" else
              f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin")
    drop = f'DROP DATABASE IF EXISTS "{name}"' if backend == "postgresql" else f"DROP DATABASE IF EXISTS `{name}`"
    engine = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql(drop)
            connection.exec_driver_sql(create)
    finally:
        engine.dispose()

    def dropped() -> None:
        from sqlalchemy.pool import NullPool

        cleanup = create_engine(base, isolation_level="AUTOCOMMIT", poolclass=NullPool)
        try:
            with cleanup.connect() as connection:
                if backend == "postgresql":
                    connection.exec_driver_sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                               f"WHERE datname = '{name}' AND pid <> pg_backend_pid()")
                connection.exec_driver_sql(drop)
        except Exception:  # best effort at exit; a leftover database is harmless
            pass
        finally:
            cleanup.dispose()

    import atexit

    atexit.register(dropped)
    return base.set(database=name).render_as_string(hide_password=False)


def _wipe(url: str) -> None:
    from sqlalchemy import MetaData, create_engine

    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            metadata = MetaData()
            metadata.reflect(connection)
            metadata.drop_all(connection)
    finally:
        engine.dispose()


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database on each backend: SQLite file, PostgreSQL, MariaDB."""
    if request.param == "sqlite":
        return f"sqlite+pysqlite:///{tmp_path / 'benji-test.db'}"
    url = server_url(request.param)
    if "database" not in request.fixturenames:  # the database fixture empties it faster, keeping the schema
        _wipe(url)
    return url


def _emptied(db: object) -> bool:
    """Empty every table of a server database that is exactly at the head schema (TRUNCATE, a fraction of
    the time of dropping and creating ~25 tables for every test); False when it is not (then rebuilt)."""
    from sqlalchemy import inspect, text

    from desktop_app.models import Base
    from desktop_app.schema import head_revision

    tables = [table.name for table in Base.metadata.sorted_tables]
    with db.engine.begin() as connection:  # type: ignore[attr-defined]
        if set(inspect(connection).get_table_names()) != {*tables, "alembic_version"}:
            return False
        if connection.scalar(text("SELECT version_num FROM alembic_version")) != head_revision():
            return False
        triggers = ("SELECT count(*) FROM pg_trigger WHERE tgname = 'audit_log_append_only'"
                    if connection.dialect.name == "postgresql" else
                    "SELECT count(*) FROM information_schema.triggers WHERE trigger_schema = DATABASE() "
                    "AND event_object_table = 'audit_log'")
        if connection.scalar(text(triggers)) != (1 if connection.dialect.name == "postgresql" else 2):
            return False  # a tampering test dropped the append-only triggers: build afresh
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql("TRUNCATE " + ", ".join(f'"{name}"' for name in tables)
                                       + " RESTART IDENTITY CASCADE")
        else:  # MariaDB: TRUNCATE resets AUTO_INCREMENT and fires no DELETE trigger (audit_log refuses those)
            connection.exec_driver_sql("SET FOREIGN_KEY_CHECKS = 0")
            for name in tables:
                connection.exec_driver_sql(f"TRUNCATE TABLE `{name}`")
            connection.exec_driver_sql("SET FOREIGN_KEY_CHECKS = 1")
        connection.exec_driver_sql("INSERT INTO audit_head (id, last_seq, last_hash) VALUES (1, 0, '')")
    return True


@pytest.fixture
def database(db_url: str, tmp_path: Path) -> Iterator[object]:
    """An open database at the head schema, empty of rows."""
    from desktop_app.db import open_url
    from desktop_app.schema import prepare

    db = open_url(db_url)
    if db.kind != "sqlite" and not _emptied(db):
        _wipe(db_url)
        prepare(db, tmp_path / "backups")
    elif db.kind == "sqlite":
        prepare(db, tmp_path / "backups")
    yield db
    db.dispose()


COMPANY_NAME = "北京本机科技有限公司"
ADMIN_PASSWORD = "Str0ng-pass!"


@pytest.fixture
def admin_context(database: object) -> object:
    """A context acting as the first administrator of a freshly set-up company."""
    from desktop_app.services.auth import log_in
    from desktop_app.services.company import CompanyDetails
    from desktop_app.services.context import Context
    from desktop_app.services.setup import FirstAdmin, initialise

    system = Context(database)  # type: ignore[arg-type]
    initialise(system, CompanyDetails(name=COMPANY_NAME, tax_id="91350100M000100Y43"),
               FirstAdmin("admin", "管理员", ADMIN_PASSWORD))
    user = log_in(system, "admin", ADMIN_PASSWORD)
    return Context(database, user.actor())  # type: ignore[arg-type]


PASSWORD = "Team-pass-2026"


@pytest.fixture
def org(admin_context: object) -> dict[str, object]:
    """A seeded department tree with one user per built-in role.

    总部 HQ ─ 销售部 Sales ─ 华北组 North
                         └ 华南组 South
           └ 财务部 Finance
    """
    from desktop_app.services.auth import log_in
    from desktop_app.services.context import Context
    from desktop_app.services.roles import list_roles, save_department
    from desktop_app.services.users import UserInput, create_user, find_user_id

    admin = admin_context
    roles = {role.name: role.id for role in list_roles(admin)}  # type: ignore[arg-type]
    hq, _ = save_department(admin, None, "总部", None)  # type: ignore[arg-type]
    sales, _ = save_department(admin, None, "销售部", hq)  # type: ignore[arg-type]
    north, _ = save_department(admin, None, "华北组", sales)  # type: ignore[arg-type]
    south, _ = save_department(admin, None, "华南组", sales)  # type: ignore[arg-type]
    finance, _ = save_department(admin, None, "财务部", hq)  # type: ignore[arg-type]
    people = [
        ("manager", "销售经理", sales, None, "Manager", "13800000001"),
        ("north1", "华北销售一", north, "manager", "Sales", "13800000002"),
        ("north2", "华北销售二", north, "north1", "Sales", "13800000003"),
        ("south1", "华南销售", south, "manager", "Sales", "13800000004"),
        ("clerk", "会计", finance, None, "Billing clerk", "13800000005"),
        ("auditor", "审计", hq, None, "Auditor", "13800000006"),
    ]
    ids: dict[str, int] = {"admin": admin.actor.user_id}  # type: ignore[attr-defined]
    for login, name, department, supervisor, role_name, phone in people:
        created, _ = create_user(admin, UserInput(login, name, phone, f"{login}@benji.cn", department,  # type: ignore[arg-type]
                                                  ids.get(supervisor) if supervisor else None,
                                                  (roles[role_name],)), PASSWORD, confirm=ADMIN_PASSWORD)
        ids[login] = created.id
    contexts = {"admin": admin}
    database = admin.database  # type: ignore[attr-defined]
    for login, *_ in people:
        user = log_in(Context(database), login, PASSWORD)
        contexts[login] = Context(database, user.actor())
    assert find_user_id(admin, "north2") == ids["north2"]  # type: ignore[arg-type]
    return {"ids": ids, "contexts": contexts, "roles": roles,
            "departments": {"hq": hq, "sales": sales, "north": north, "south": south, "finance": finance}}


@pytest.fixture
def chinese(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """The app's look and the zh_CN translation for a screen test; English again afterwards."""
    from desktop_app.views import i18n, look, ops

    look.apply(qapp)
    i18n.install("zh_CN")
    yield
    ops.wait_idle()
    i18n.install("en")
