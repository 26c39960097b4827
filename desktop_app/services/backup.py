"""Encrypted, portable backups of the whole database: create, read the manifest, verify (restore is in
backup_restore.py).

The plaintext inside the container (backup_format.py) is UTF-8 JSON lines:

* ``{"begin": {...}}``: format, version, app version, schema revision, created at (UTC), source backend,
  the audit chain's head, and every table (dependency order) with its columns and their kinds;
* per table ``{"table": NAME}`` followed by its rows, one canonical JSON array per line (backup_rows.py);
* ``{"end": {"tables": {NAME: {"rows": N, "sha256": ...}}, "payload_sha256": ...}}``, the SHA-256 of
  every line before it.

Everything is read in one consistent snapshot (SQLite: one read transaction; PostgreSQL: a read-only
REPEATABLE READ transaction; MariaDB: START TRANSACTION WITH CONSISTENT SNAPSHOT) and streamed: rows are
read in batches and encrypted chunk by chunk, so the database never has to fit in memory.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alembic.script import ScriptDirectory
from sqlalchemy import Connection, text

from desktop_app import __version__
from desktop_app.config import MYSQL, POSTGRESQL
from desktop_app.db import Database
from desktop_app.errors import DomainError
from desktop_app.services import backup_format as fmt
from desktop_app.services.backup_rows import TableSum, check_columns, columns_of, read_lines
from desktop_app.services.context import Context

PAYLOAD_VERSION = 1
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class TableInfo:
    name: str
    rows: int
    sha256: str
    columns: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Manifest:
    format: str
    version: int
    app_version: str
    schema_revision: str
    created_at: str
    backend: str
    audit_seq: int
    audit_hash: str
    tables: tuple[TableInfo, ...]
    payload_sha256: str

    @property
    def rows(self) -> int:
        return sum(table.rows for table in self.tables)

    def table(self, name: str) -> TableInfo:
        return next(table for table in self.tables if table.name == name)


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    size: int
    manifest: Manifest


@dataclass(frozen=True)
class VerifyReport:
    manifest: Manifest
    tables: int
    rows: int


# --- the snapshot --------------------------------------------------------------------------------

@contextmanager
def snapshot(database: Database) -> Iterator[Connection]:
    """A connection that sees one consistent state of the whole database until it is closed."""
    connection = database.engine.connect()
    try:
        if database.kind == POSTGRESQL:
            connection = connection.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
            with connection.begin():
                yield connection
        elif database.kind == MYSQL:
            connection = connection.execution_options(isolation_level="REPEATABLE READ")
            with connection.begin():
                connection.exec_driver_sql("START TRANSACTION WITH CONSISTENT SNAPSHOT")
                yield connection
        else:
            with connection.begin():  # BEGIN (deferred): the first read fixes the snapshot (WAL)
                connection.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
                yield connection
    finally:
        connection.close()


def our_tables() -> list[tuple[str, list[tuple[str, str]], list[str]]]:
    """(name, columns with kinds, primary key) of every table of the models, parents before children."""
    from desktop_app.models import Base

    return [(t.name, columns_of(t), [c.name for c in t.primary_key.columns]) for t in Base.metadata.sorted_tables]


def _dump(line: dict[str, Any]) -> bytes:
    return json.dumps(line, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


# --- create --------------------------------------------------------------------------------------

def create_backup(context: Context, path: Path, passphrase: str, *, progress: Progress | None = None) -> BackupInfo:
    """Write an encrypted backup of the context's database to ``path`` (via a ``.partial`` file, replaced
    only when complete); audited as ``backup.create``. ``progress(done, total, table)`` per table."""
    context.require("backup.create")
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    tables = our_tables()
    try:
        with partial.open("wb") as out:
            writer = fmt.BackupWriter(out, passphrase)  # refuses a short passphrase before any read
            manifest = _write(context.database, writer, tables, progress)
            writer.close()
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    info = BackupInfo(path, path.stat().st_size, manifest)
    with context.unit_of_work() as uow:
        uow.audit("backup.create", "backup", "", file=path.name, rows=manifest.rows, revision=manifest.schema_revision,
                  sha256=manifest.payload_sha256)
        uow.commit()
    return info


def _write(database: Database, writer: fmt.BackupWriter, tables: list[tuple[str, list[tuple[str, str]], list[str]]],
           progress: Progress | None) -> Manifest:
    payload = hashlib.sha256()

    def emit(line: bytes) -> None:
        payload.update(line + b"\n")
        writer.write(line + b"\n")

    with snapshot(database) as connection:
        revision = str(connection.execute(text("SELECT version_num FROM alembic_version")).scalar() or "")
        head = connection.execute(text("SELECT last_seq, last_hash FROM audit_head WHERE id = 1")).first()
        seq, digest = (int(head[0]), str(head[1])) if head else (0, "")
        begin = {"format": "benji-backup-data", "version": PAYLOAD_VERSION, "app_version": __version__,
                 "schema_revision": revision, "created_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
                 "backend": database.kind, "audit_head": {"seq": seq, "hash": digest},
                 "tables": [[name, [list(col) for col in columns]] for name, columns, _ in tables]}
        emit(_dump({"begin": begin}))
        sums: list[TableSum] = []
        for index, (name, columns, key) in enumerate(tables):
            if progress is not None:
                progress(index, len(tables), name)
            emit(_dump({"table": name}))
            total = TableSum(name, columns)
            for line in read_lines(connection, name, columns, key):
                total.add(line)
                emit(line)
            sums.append(total)
    end = {"tables": {s.name: {"rows": s.rows, "sha256": s.hexdigest()} for s in sums},
           "payload_sha256": payload.hexdigest()}
    writer.write(_dump({"end": end}) + b"\n")
    if progress is not None:
        progress(len(tables), len(tables), "")
    return _manifest(begin, end)


def _manifest(begin: dict[str, Any], end: dict[str, Any]) -> Manifest:
    try:
        audit = begin["audit_head"]
        tables = tuple(TableInfo(name, int(end["tables"][name]["rows"]), str(end["tables"][name]["sha256"]),
                                 tuple((str(col), str(kind)) for col, kind in columns))
                       for name, columns in begin["tables"])
        return Manifest("benji-backup", int(begin["version"]), str(begin["app_version"]),
                        str(begin["schema_revision"]), str(begin["created_at"]), str(begin["backend"]),
                        int(audit["seq"]), str(audit["hash"]), tables, str(end["payload_sha256"]))
    except (KeyError, TypeError, ValueError):
        raise DomainError("backup.corrupt", where="manifest") from None


# --- reading -------------------------------------------------------------------------------------

@dataclass
class Section:
    """A table section of the stream; ``rows`` yields its row lines (read it before the next section)."""

    name: str
    columns: list[tuple[str, str]]
    rows: Iterator[bytes]


def check_revision(revision: str) -> bool:
    """True when the revision is this app's head, False when it is an older one we can upgrade;
    ``backup.newer_schema`` otherwise (a newer app made it, or it is not one of ours)."""
    from desktop_app.schema import _config, head_revision

    if revision == head_revision():
        return True
    known = {rev.revision for rev in ScriptDirectory.from_config(_config()).walk_revisions()}
    if revision not in known:
        raise DomainError("backup.newer_schema", revision=revision[:40], head=head_revision())
    return False


class BackupReader:
    """Decrypts and parses the stream, checking its structure as it goes and every checksum at the end."""

    def __init__(self, path: Path, passphrase: str) -> None:
        self.path = Path(path)
        self.passphrase = passphrase
        self.begin: dict[str, Any] = {}
        self.end: dict[str, Any] = {}
        self.manifest: Manifest | None = None

    def sections(self) -> Iterator[Section]:
        """Raises, before the first section, for a wrong passphrase, damage in the first chunk, a newer
        schema or a table that is not ours; after the last, when a count or checksum differs."""
        try:
            handle = self.path.open("rb")
        except OSError as error:
            raise DomainError("backup.not_a_backup", path=str(self.path), reason=error.strerror or "") from None
        with handle:
            lines = fmt.lines(fmt.open_stream(handle, self.passphrase))
            raw = next(lines, b"")
            self.begin = _begin(_parse(raw, "begin"))
            payload = hashlib.sha256(raw + b"\n")
            expected = iter(self.begin["tables"])
            pending = next(lines, None)
            sums: dict[str, TableSum] = {}
            while pending is not None and pending.startswith(b'{"table":'):
                header = pending
                payload.update(header + b"\n")
                name = _parse(header, "table").get("table")
                wanted = next(expected, None)
                if wanted is None or name != wanted[0]:
                    raise DomainError("backup.corrupt", where=f"table {name!s:.60}")
                total = sums[wanted[0]] = TableSum(wanted[0], wanted[1])
                box: list[bytes | None] = [None]

                def rows(total: TableSum = total, box: list[bytes | None] = box) -> Iterator[bytes]:
                    for line in lines:
                        if line.startswith(b"{"):
                            box[0] = line
                            return
                        payload.update(line + b"\n")
                        total.add(line)
                        yield line

                section = Section(wanted[0], wanted[1], rows())
                yield section
                for _ in section.rows:  # the consumer may have stopped early
                    pass
                pending = box[0]
            if next(expected, None) is not None or pending is None:
                raise DomainError("backup.corrupt", where="table list")
            self.end = _parse(pending, "end").get("end", {})
            if next(lines, None) is not None:
                raise DomainError("backup.corrupt", where="data after the end")
            manifest = _manifest(self.begin, self.end)
            if manifest.payload_sha256 != payload.hexdigest():
                raise DomainError("backup.corrupt", where="payload checksum")
            for table in manifest.tables:
                found = sums[table.name]
                if (found.rows, found.hexdigest()) != (table.rows, table.sha256):
                    raise DomainError("backup.corrupt", where=f"table {table.name}")
            self.manifest = manifest


def _parse(line: bytes, key: str) -> dict[str, Any]:
    try:
        value = json.loads(line)
    except ValueError:
        raise DomainError("backup.corrupt", where=key) from None
    if not isinstance(value, dict) or key not in value:
        raise DomainError("backup.corrupt", where=key)
    return value


def _begin(first: dict[str, Any]) -> dict[str, Any]:
    from desktop_app.models import Base

    begin = first["begin"]
    if not isinstance(begin, dict) or begin.get("format") != "benji-backup-data":
        raise DomainError("backup.not_a_backup", path="", reason="")
    if begin.get("version") != PAYLOAD_VERSION:
        raise DomainError("backup.unsupported_version", version=str(begin.get("version")))
    check_revision(str(begin.get("schema_revision", "")))
    tables = begin.get("tables")
    if not isinstance(tables, list):
        raise DomainError("backup.corrupt", where="table list")
    checked, seen = [], set()
    for item in tables:
        if not isinstance(item, list) or len(item) != 2 or not isinstance(item[0], str):
            raise DomainError("backup.corrupt", where="table list")
        name = item[0]
        columns = check_columns(name, item[1])
        if name not in Base.metadata.tables or name in seen:  # only our tables, each once
            raise DomainError("backup.unsafe_entry", name=name[:80])
        seen.add(name)
        checked.append([name, columns])
    return dict(begin, tables=checked)


def verify_backup(path: Path, passphrase: str) -> VerifyReport:
    """Decrypt the whole file and check the payload SHA-256, every table's row count and checksum; raises
    the ``backup.*`` error that names what is wrong."""
    reader = BackupReader(path, passphrase)
    for section in reader.sections():
        for _ in section.rows:
            pass
    assert reader.manifest is not None
    return VerifyReport(reader.manifest, len(reader.manifest.tables), reader.manifest.rows)


def read_manifest(path: Path, passphrase: str) -> Manifest:
    """The manifest (it is checked against the data, so this reads the whole file)."""
    return verify_backup(path, passphrase).manifest
