"""The database layer: the only module that knows SQLite from PostgreSQL from MariaDB.

* Embedded SQLite: WAL, synchronous=FULL, foreign keys, a busy timeout on every connection; write
  transactions begin IMMEDIATE (so two writers queue instead of failing half-way); never on a network
  share, where SQLite's locking does not hold.
* LAN server: PostgreSQL (psycopg 3) or MariaDB/MySQL (PyMySQL, utf8mb4), pre-ping, 5 s connect timeout,
  and connection failures classified into the distinct ``ConnectionProblem`` codes of errors.py.
"""

from __future__ import annotations

import base64
import gzip
import json
import logging
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path, PurePath
from typing import Any

from sqlalchemy import URL, Connection, Engine, MetaData, create_engine, event, exc, make_url
from sqlalchemy.orm import Session, sessionmaker

from desktop_app.config import MYSQL, POSTGRESQL, SQLITE, DatabaseProfile
from desktop_app.errors import ConnectionProblem

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_S = 5
BUSY_TIMEOUT_MS = 15_000
WRITE_OPTION = "benji_write"
NETWORK_FILESYSTEMS = frozenset(
    {"nfs", "nfs4", "cifs", "smb3", "smbfs", "ncpfs", "afs", "9p", "davfs", "fuse.sshfs", "sshfs",
     "fuse.gvfsd-fuse", "fuse.davfs2"}
)
DRIVE_REMOTE = 4  # GetDriveTypeW


# --- network share detection -----------------------------------------------------------------------

def network_mount(path: str, mounts: str) -> str | None:
    """Return the file system type if ``path`` lies on a network mount listed in ``mounts``
    (the text of /proc/mounts), else None."""
    best, best_type = "", ""
    target = PurePath(path)
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        mount_point = fields[1].replace("\\040", " ")
        if (target == PurePath(mount_point) or PurePath(mount_point) in target.parents) and len(
            mount_point
        ) >= len(best):
            best, best_type = mount_point, fields[2]
    return best_type if best_type in NETWORK_FILESYSTEMS else None


def is_unc_path(path: str) -> bool:
    return path.startswith(("\\\\", "//")) and not path.startswith(("\\\\?\\", "\\\\.\\"))


def check_local_path(path: Path) -> None:
    """Refuse a SQLite file on a network share or a mapped network drive."""
    text = str(path)
    if is_unc_path(text):
        raise ConnectionProblem("db.network_share", path=text)
    resolved = path.resolve()
    if os.name == "nt":  # pragma: no cover - Windows only
        import ctypes

        if is_unc_path(str(resolved)):
            raise ConnectionProblem("db.network_share", path=text)
        drive = os.path.splitdrive(str(resolved))[0]
        if drive and ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == DRIVE_REMOTE:  # type: ignore[attr-defined,unused-ignore]
            raise ConnectionProblem("db.network_share", path=text)
        return
    try:
        mounts = Path("/proc/mounts").read_text()
    except OSError:
        return
    if network_mount(str(resolved), mounts):
        raise ConnectionProblem("db.network_share", path=text)


# --- engines -------------------------------------------------------------------------------------

def server_url(profile: DatabaseProfile, password: str | None) -> URL:
    drivers = {POSTGRESQL: "postgresql+psycopg", MYSQL: "mysql+pymysql"}
    # TLS: encrypted whenever the server offers it; with ``tls`` a server without it is refused
    # (``db.tls_unavailable``). The certificate is not checked against a CA (see the admin guide).
    if profile.kind == MYSQL:
        query = {"charset": "utf8mb4", **({"ssl_check_hostname": "false"} if profile.tls else {})}
    else:
        query = {"sslmode": "require" if profile.tls else "prefer"}
    return URL.create(
        drivers[profile.kind],
        username=profile.user or None,
        password=password or None,
        host=profile.host or "127.0.0.1",
        port=profile.effective_port,
        database=profile.database,
        query=query,
    )


def _sqlite_engine(url: URL) -> Engine:
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy's "begin" event below emits BEGIN
        cursor = dbapi_connection.cursor()
        # a page cache of up to 128 MB and reads through a memory map (up to 1 GB): a bill run reads and
        # marks usage records scattered over the whole table; the 2 MB default cache rereads every page
        for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON", "cache_size=-131072",
                       "mmap_size=1073741824", f"busy_timeout={BUSY_TIMEOUT_MS}"):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        write = connection.get_execution_options().get(WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def _server_engine(url: URL) -> Engine:
    if url.get_backend_name() == "postgresql":
        args: dict[str, Any] = {"connect_timeout": CONNECT_TIMEOUT_S, "application_name": "Benji CRM"}
        return create_engine(url, pool_pre_ping=True, connect_args=args)
    args = {"connect_timeout": CONNECT_TIMEOUT_S, "read_timeout": 60, "write_timeout": 60}
    if url.password:  # PyMySQL would send a str password as Latin-1: a Chinese password could never match
        args["password"] = str(url.password).encode("utf-8")
    return create_engine(url, pool_pre_ping=True, connect_args=args, isolation_level="READ COMMITTED",
                         pool_recycle=3600)


@dataclass
class Database:
    """An open database: engine, session factory and a description for the status bar."""

    engine: Engine
    description: str

    def __post_init__(self) -> None:
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def kind(self) -> str:
        name = self.engine.dialect.name
        return {"postgresql": POSTGRESQL, "mysql": MYSQL, "mariadb": MYSQL}.get(name, SQLITE)

    @property
    def sqlite_path(self) -> Path | None:
        database = self.engine.url.database
        return Path(database) if self.kind == SQLITE and database else None

    def session(self, *, write: bool) -> Session:
        """A new session; a write session's transaction takes the write lock up front on SQLite."""
        session = self._sessions()
        if write and self.kind == SQLITE:
            session.connection(execution_options={WRITE_OPTION: True})
        return session

    def dispose(self) -> None:
        self.engine.dispose()

    @contextmanager
    def write_connection(self) -> Iterator[Connection]:
        """A connection in a write transaction (BEGIN IMMEDIATE on SQLite), committed on success."""
        with self.engine.connect().execution_options(**{WRITE_OPTION: True}) as connection:
            with connection.begin():
                yield connection

    @contextmanager
    def migration_lock(self, connection: Connection) -> Iterator[None]:
        """Only one desktop migrates at a time (SQLite: the write lock of BEGIN IMMEDIATE)."""
        if self.kind == POSTGRESQL:
            connection.exec_driver_sql("SELECT pg_advisory_xact_lock(4242)")
            yield
        elif self.kind == MYSQL:
            connection.exec_driver_sql("SELECT GET_LOCK('benji_migrate', 60)")
            try:
                yield
            finally:
                connection.exec_driver_sql("SELECT RELEASE_LOCK('benji_migrate')")
        else:
            yield  # write_connection() already began IMMEDIATE: the write lock is held

    def snapshot(self, folder: Path, label: str) -> Path:
        """A consistent copy of the whole database, taken before risky work (a schema upgrade).

        SQLite: the online backup API into a .db file. Servers: every table as JSON lines, gzip'd,
        read in one repeatable-read transaction.
        """
        folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        if self.kind == SQLITE:
            target = folder / f"benji-{stamp}-{label}.db"
            raw = self.engine.raw_connection()
            try:
                with sqlite3.connect(target) as copy:
                    raw.driver_connection.backup(copy)  # type: ignore[union-attr]
                copy.close()
            finally:
                raw.close()
            return target
        target = folder / f"benji-{stamp}-{label}.jsonl.gz"
        with self.engine.connect().execution_options(isolation_level="REPEATABLE READ") as connection:
            with connection.begin(), gzip.open(target, "wt", encoding="utf-8") as out:
                metadata = MetaData()
                metadata.reflect(connection)
                for table in metadata.sorted_tables:
                    out.write(json.dumps({"table": table.name}) + "\n")
                    for row in connection.execute(table.select()).mappings():
                        out.write(json.dumps(dict(row), default=_json_value, ensure_ascii=False) + "\n")
        return target


def database_now(connection: Connection) -> datetime:
    """The database server's clock (UTC, aware): one clock for every desktop on the LAN."""
    name = connection.dialect.name
    if name == "sqlite":
        text = connection.exec_driver_sql("SELECT strftime('%Y-%m-%d %H:%M:%f', 'now')").scalar()
        return datetime.fromisoformat(str(text)).replace(tzinfo=UTC)
    if name == "postgresql":
        value = connection.exec_driver_sql("SELECT statement_timestamp() AT TIME ZONE 'UTC'").scalar()
    else:
        value = connection.exec_driver_sql("SELECT UTC_TIMESTAMP(6)").scalar()
    assert isinstance(value, datetime)
    return value.replace(tzinfo=UTC)


def _json_value(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    return str(value)


def open_url(url: str | URL, description: str | None = None) -> Database:
    """Open any supported URL (used by tests and the admin CLI) and check that it answers."""
    url = make_url(url)
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            path = Path(url.database)
            check_local_path(path)
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = _sqlite_engine(url)
        text = description or str(url.database)
    else:
        engine = _server_engine(url)
        text = description or url.render_as_string(hide_password=True)
    try:
        with engine.connect() as connection:
            if engine.dialect.name in ("mysql", "mariadb"):
                charset = connection.exec_driver_sql("SELECT @@character_set_database").scalar()
                if charset != "utf8mb4":
                    engine.dispose()
                    raise ConnectionProblem("db.wrong_charset", database=url.database or "", charset=charset)
    except exc.DBAPIError as error:
        engine.dispose()
        raise classify(error, url) from None
    return Database(engine, text)


def open_profile(profile: DatabaseProfile, password: str | None = None) -> Database:
    if profile.kind == SQLITE:
        return open_url(URL.create("sqlite+pysqlite", database=profile.path), profile.path)
    if password is None:
        raise ConnectionProblem("db.no_password", profile=profile.describe())
    return open_url(server_url(profile, password), profile.describe())


# --- classifying failures ------------------------------------------------------------------------

def classify(error: exc.DBAPIError, url: URL) -> ConnectionProblem:
    """Turn a driver error into one clear, password-free problem."""
    original = error.orig
    text = str(original).lower()
    host, port, user, database = url.host or "", url.port or 0, url.username or "", url.database or ""
    log.warning("database connection failed: %s", type(original).__name__)
    if url.get_backend_name() == "sqlite":
        if "not a database" in text or "malformed" in text:
            return ConnectionProblem("db.corrupt", path=database)
        return ConnectionProblem("db.failed", reason=str(original))
    # psycopg carries a SQLSTATE; PyMySQL the server's error number as args[0] (its sqlstate is generic)
    codes = {getattr(original, "sqlstate", None)}
    args = getattr(original, "args", ())
    if args and isinstance(args[0], int):
        codes.add(args[0])
    if codes & {"28P01", 1045} or "password authentication failed" in text:
        return ConnectionProblem("db.wrong_password", user=user)
    if "ssl" in text and ("not support" in text or "required" in text or codes & {2026}):
        return ConnectionProblem("db.tls_unavailable", host=host, port=port)
    if codes & {"42501", 1142, 1143, 1044, 1227} or "permission denied" in text:
        return ConnectionProblem("db.permission_denied", user=user, database=database)
    if codes & {"3D000", 1049} or ("database" in text and "does not exist" in text):
        return ConnectionProblem("db.database_missing", database=database)
    unreachable = ("connection refused", "timeout", "timed out", "could not connect", "can't connect",
                   "no route", "name or service not known", "could not translate host")
    if codes & {2003, 2005, 2013} or any(marker in text for marker in unreachable):
        return ConnectionProblem("db.unreachable", host=host, port=port)
    return ConnectionProblem("db.failed", reason=str(original).strip()[:300])
