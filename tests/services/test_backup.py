"""Encrypted backups (services/backup*.py) on real databases: a seeded SQLite database (the demo company plus
contacts, a credit note and wallet top-ups) round-trips through PostgreSQL and MariaDB and back to SQLite with
identical counts and checksums and an intact audit chain; flipped, truncated, wrong-passphrase, newer-schema,
unsafe and foreign files are each refused with their own code and the live target untouched; a backup taken
while another connection keeps recording payments restores to a consistent state."""

from __future__ import annotations

import hashlib
import io
import json
import random
import threading
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import ADMIN_PASSWORD, _wipe, server_url
from sqlalchemy import text

from desktop_app.db import Database, open_url
from desktop_app.errors import DomainError, PermissionDenied
from desktop_app.services import backup_format as fmt
from desktop_app.services.audit import verify
from desktop_app.services.backup import create_backup, our_tables, read_manifest, verify_backup
from desktop_app.services.backup_restore import restore_backup
from desktop_app.services.backup_rows import table_sums
from desktop_app.services.context import Context

PASS = "correct horse battery"
TODAY = date(2026, 11, 26)


@pytest.fixture(autouse=True)
def light_scrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    """scrypt at n=2**10 (the format and the code are the same; production uses 2**17)."""
    monkeypatch.setattr(fmt, "SCRYPT_N", 1 << 10)


def _seed(context: Context) -> None:
    from desktop_app.models import Bill
    from desktop_app.services.contacts import ContactData, save_contact
    from desktop_app.services.credit_notes import create_credit_note
    from desktop_app.services.demo import fill_demo
    from desktop_app.services.wallets import top_up

    fill_demo(context, today=TODAY, customers=8, confirm=ADMIN_PASSWORD)
    with context.unit_of_work(write=False) as uow:
        bill_id, customer_id = uow.session.execute(
            text("SELECT id, customer_id FROM bills WHERE kind = 'bill' AND status <> 'draft' ORDER BY id")).first()
        assert uow.session.get(Bill, bill_id) is not None
    save_contact(context, customer_id, None, ContactData("王经理 O'Brien", "总经理", "13900000000", is_primary=True))
    create_credit_note(context, bill_id, None, "退货 return", "backup-test-credit")
    top_up(context, customer_id, "500.00", "backup-test-top-up", bonus="0.01")


@pytest.fixture
def seeded(database: Database, admin_context: Context) -> Context:
    _seed(admin_context)
    return admin_context


def _sums(database: Database, skip: tuple[str, ...] = ()) -> dict[str, tuple[int, str]]:
    tables = [(name, columns) for name, columns, _ in our_tables() if name not in skip]
    with database.engine.connect() as connection, connection.begin():
        return {name: (s.rows, s.hexdigest()) for name, s in table_sums(connection, tables).items()}


def _audit_hashes(database: Database, upto: int) -> list[tuple[int, str]]:
    with database.engine.connect() as connection:
        return [(int(seq), str(h)) for seq, h in connection.execute(
            text("SELECT seq, hash FROM audit_log WHERE seq <= :n ORDER BY seq"), {"n": upto})]


def _empty_server(backend: str) -> Database:
    url = server_url(backend)
    _wipe(url)
    return open_url(url)


def _count(database: Database, table: str) -> int:
    with database.engine.connect() as connection:
        return int(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def _check_restored(source: dict[str, tuple[int, str]], restored: Database, audit_seq: int,
                    source_hashes: list[tuple[int, str]]) -> None:
    """Every table as in the source; the audit chain intact, the source's entries unchanged, then ours."""
    assert _sums(restored, ("audit_log", "audit_head")) == {k: v for k, v in source.items()
                                                           if k not in ("audit_log", "audit_head")}
    report = verify(Context(restored))
    assert report.ok and report.checked == audit_seq + 1  # plus "backup.restore"
    assert _audit_hashes(restored, source_hashes[-1][0]) == source_hashes
    with restored.engine.connect() as connection:
        assert connection.execute(text("SELECT action FROM audit_log ORDER BY seq DESC")).scalar() == "backup.restore"


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_round_trip_sqlite_postgresql_mariadb_and_back(seeded: Context, tmp_path: Path) -> None:
    source = seeded.database
    counts = {name: _count(source, name) for name in ("customers", "contacts", "plans", "subscriptions",
                                                      "usage_records", "bills", "bill_lines", "payments",
                                                      "payment_allocations", "wallets", "wallet_entries",
                                                      "issued_documents", "audit_log")}
    assert all(counts.values()), counts
    with source.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM bills WHERE kind = 'credit_note'")).scalar()
        assert connection.execute(text("SELECT count(*) FROM issued_documents WHERE pdf IS NOT NULL")).scalar()
    steps: list[str] = []
    before = _sums(source)
    info = create_backup(seeded, tmp_path / "a.benji", PASS, progress=lambda done, total, step: steps.append(step))
    assert steps[0] == "audit_head" and "bill_lines" in steps
    manifest = info.manifest
    assert manifest.backend == "sqlite" and manifest.schema_revision and manifest.app_version
    assert {t.name: (t.rows, t.sha256) for t in manifest.tables} == before
    assert manifest.audit_seq == _count(source, "audit_log") - 1  # the backup itself is audited after
    hashes = _audit_hashes(source, manifest.audit_seq)
    assert verify_backup(tmp_path / "a.benji", PASS).rows == manifest.rows
    assert read_manifest(tmp_path / "a.benji", PASS) == manifest

    hop = tmp_path / "a.benji"
    for backend in ("postgresql", "mariadb"):
        target = _empty_server(backend)
        try:
            report = restore_backup(seeded, hop, PASS, target)
            assert report.previous_file is None and report.upgraded_from is None
            assert report.rows == manifest.rows + (0 if backend == "postgresql" else 1)  # + PostgreSQL's restore
            _check_restored(before, target, report.manifest.audit_seq, hashes)
            hop = tmp_path / f"{backend}.benji"
            again = create_backup(Context(target), hop, PASS)
            assert again.manifest.backend == {"postgresql": "postgresql", "mariadb": "mysql"}[backend]
        finally:
            target.dispose()
    # and back to SQLite, from the MariaDB backup: the restore entries of both hops chained on
    back = open_url(f"sqlite+pysqlite:///{tmp_path / 'back.db'}")
    restore_backup(seeded, hop, PASS, back)
    back = open_url(f"sqlite+pysqlite:///{tmp_path / 'back.db'}")
    try:
        assert _sums(back, ("audit_log", "audit_head")) == {k: v for k, v in before.items()
                                                           if k not in ("audit_log", "audit_head")}
        chain = verify(Context(back))
        assert chain.ok and chain.checked == manifest.audit_seq + 3  # one "backup.restore" per hop
        assert _audit_hashes(back, manifest.audit_seq) == hashes
        # the restored database works: new ids continue after the restored ones
        with Context(back).unit_of_work() as uow:
            uow.audit("test.after_restore", "test")
            uow.commit()
        assert verify(Context(back)).ok
    finally:
        back.dispose()


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_restore_replaces_a_live_sqlite_file_and_keeps_the_previous(seeded: Context, tmp_path: Path) -> None:
    info = create_backup(seeded, tmp_path / "a.benji", PASS)
    live_path = tmp_path / "live.db"
    live = open_url(f"sqlite+pysqlite:///{live_path}")
    from desktop_app.schema import prepare

    prepare(live, tmp_path / "b")
    with Context(live).unit_of_work() as uow:
        uow.audit("test.old_live", "test")
        uow.commit()
    report = restore_backup(seeded, tmp_path / "a.benji", PASS, live)
    assert report.previous_file == tmp_path / "live.db.before-restore"
    old = open_url(f"sqlite+pysqlite:///{report.previous_file}")
    assert _count(old, "audit_log") == 1
    old.dispose()
    reopened = open_url(f"sqlite+pysqlite:///{live_path}")
    assert _count(reopened, "customers") == 8
    assert _count(reopened, "audit_log") == info.manifest.audit_seq + 1
    reopened.dispose()
    assert sorted(p.name for p in tmp_path.iterdir() if ".restore-" in p.name) == []


# --- refusals ------------------------------------------------------------------------------------

def _plain_lines(path: Path) -> list[bytes]:
    with path.open("rb") as handle:
        return list(fmt.lines(fmt.open_stream(handle, PASS)))


def _rewrite(source: Path, target: Path, edit: Callable[[dict[str, Any]], None]) -> None:
    """Write a backup through our own writer with an edited begin record (checksums made to fit)."""
    lines = _plain_lines(source)
    record = json.loads(lines[0])
    edit(record["begin"])
    lines[0] = json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
    end = json.loads(lines[-1])
    end["end"]["payload_sha256"] = hashlib.sha256(b"".join(line + b"\n" for line in lines[:-1])).hexdigest()
    lines[-1] = json.dumps(end, sort_keys=True, separators=(",", ":")).encode()
    with target.open("wb") as out:
        writer = fmt.BackupWriter(out, PASS)
        for line in lines:
            writer.write(line + b"\n")
        writer.close()


def _file_sum(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _variants(good: Path, folder: Path) -> Iterator[tuple[str, Path, str]]:
    data = good.read_bytes()
    flipped = bytearray(data)
    flipped[len(data) // 2] ^= 0x01
    (folder / "flipped.benji").write_bytes(bytes(flipped))
    yield "backup.corrupt", folder / "flipped.benji", PASS
    header = bytearray(data)
    header[20] ^= 0x40
    (folder / "header.benji").write_bytes(bytes(header))
    yield "backup.corrupt", folder / "header.benji", PASS
    (folder / "truncated.benji").write_bytes(data[: len(data) * 2 // 3])
    yield "backup.truncated", folder / "truncated.benji", PASS
    (folder / "appended.benji").write_bytes(data + b"\0" * 10)
    yield "backup.corrupt", folder / "appended.benji", PASS
    yield "backup.wrong_passphrase", good, "not the passphrase"
    _rewrite(good, folder / "newer.benji", lambda begin: begin.update(schema_revision="9999_from_the_future"))
    yield "backup.newer_schema", folder / "newer.benji", PASS

    def rename(begin: dict[str, Any]) -> None:
        begin["tables"][0][0] = "../../etc/passwd"

    _rewrite(good, folder / "traversal.benji", rename)
    yield "backup.unsafe_entry", folder / "traversal.benji", PASS

    def foreign(begin: dict[str, Any]) -> None:
        begin["tables"][0][0] = "sqlite_master"

    _rewrite(good, folder / "foreign.benji", foreign)
    yield "backup.unsafe_entry", folder / "foreign.benji", PASS
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"JFIF" * 100)
    yield "backup.not_a_backup", folder / "photo.jpg", PASS


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_damaged_and_foreign_backups_are_refused_before_touching_the_target(seeded: Context,
                                                                          tmp_path: Path) -> None:
    good = tmp_path / "good.benji"
    create_backup(seeded, good, PASS)
    live_path = seeded.database.sqlite_path
    assert live_path is not None
    pg = _empty_server("postgresql")
    try:
        codes = []
        for code, path, passphrase in _variants(good, tmp_path):
            seeded.database.dispose()
            before = _file_sum(live_path)
            with pytest.raises(DomainError) as caught:
                restore_backup(seeded, path, passphrase, seeded.database)
            assert caught.value.code == code, path.name
            assert _file_sum(live_path) == before, path.name
            assert not list(tmp_path.glob(".*restore-*"))
            if code != "backup.wrong_passphrase":
                with pytest.raises(DomainError) as again:
                    restore_backup(seeded, path, passphrase, pg)
                assert again.value.code == code
                with pg.engine.connect() as connection:  # the server target was never touched
                    assert not connection.dialect.get_table_names(connection)
            codes.append(code)
        assert len(set(codes)) == 6
        # the good file still restores; a server target that is not empty is refused
        restore_backup(seeded, good, PASS, pg)
        state = _sums(pg)
        with pytest.raises(DomainError) as caught:
            restore_backup(seeded, good, PASS, pg)
        assert caught.value.code == "backup.target_not_empty"
        assert _sums(pg) == state
    finally:
        pg.dispose()


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_permissions_and_a_short_passphrase(org: dict[str, Any], tmp_path: Path) -> None:
    clerk = org["contexts"]["clerk"]
    with pytest.raises(PermissionDenied):
        create_backup(clerk, tmp_path / "x.benji", PASS)
    admin = org["contexts"]["admin"]
    with pytest.raises(DomainError) as caught:
        create_backup(admin, tmp_path / "x.benji", "short")
    assert caught.value.code == "backup.passphrase_too_short"
    assert not list(tmp_path.glob("x.benji*"))
    create_backup(admin, tmp_path / "x.benji", PASS)
    with pytest.raises(PermissionDenied):
        restore_backup(clerk, tmp_path / "x.benji", PASS, admin.database)
    with admin.database.engine.connect() as connection:
        assert connection.execute(text("SELECT action FROM audit_log ORDER BY seq DESC")).scalar() == "backup.create"


def test_the_container_detects_reordered_and_dropped_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    buffer = io.BytesIO()
    writer = fmt.BackupWriter(buffer, PASS, chunk_size=64)
    payload = random.Random(7).randbytes(512)  # does not deflate: at least eight full chunks
    writer.write(payload)
    writer.close()
    data = buffer.getvalue()
    start = data.index(b"}", 12) + 1 + 32  # after the header and its digest
    record = 5 + 64 + fmt.TAG
    chunks = [data[start + i * record: start + (i + 1) * record] for i in range(8)]
    assert b"".join(fmt.open_stream(io.BytesIO(data), PASS)) == payload
    swapped = data[:start] + chunks[1] + chunks[0] + data[start + 2 * record:]
    with pytest.raises(DomainError, match=r"backup\.corrupt"):
        b"".join(fmt.open_stream(io.BytesIO(swapped), PASS))
    dropped_tail = data[:start + 8 * record]  # every chunk but the last, cut at a chunk boundary
    with pytest.raises(DomainError, match=r"backup\.truncated"):
        b"".join(fmt.open_stream(io.BytesIO(dropped_tail), PASS))


# --- consistency while others write ----------------------------------------------------------------

def _invariants(database: Database) -> None:
    with database.engine.connect() as connection:
        orphans = connection.execute(text(
            "SELECT count(*) FROM payment_allocations a LEFT JOIN payments p ON p.id = a.payment_id "
            "LEFT JOIN bills b ON b.id = a.bill_id WHERE p.id IS NULL OR (a.bill_id IS NOT NULL AND b.id IS NULL)"
        )).scalar()
        assert orphans == 0
        wallets = connection.execute(text(
            "SELECT w.id, w.balance, (SELECT COALESCE(sum(e.amount), 0) FROM wallet_entries e "
            "WHERE e.wallet_id = w.id) FROM wallets w")).all()
        assert wallets and all(int(balance) == int(ledger) for _, balance, ledger in wallets)
        paid = connection.execute(text(
            "SELECT b.id FROM bills b WHERE b.paid <> (SELECT COALESCE(sum(a.amount), 0) FROM payment_allocations a "
            "WHERE a.bill_id = b.id) AND b.kind = 'bill' AND b.credit_applied = 0")).all()
        assert paid == []


@pytest.mark.parametrize("db_url", ["sqlite", "postgresql"], indirect=True)
def test_a_backup_taken_while_payments_are_recorded_restores_consistently(seeded: Context, tmp_path: Path) -> None:
    from desktop_app.services.payments import PaymentInput, record_payment
    from desktop_app.services.wallets import top_up

    with seeded.database.engine.connect() as connection:
        customers = [int(c) for c in connection.execute(text("SELECT id FROM customers ORDER BY id")).scalars()]
    writer_db = open_url(seeded.database.engine.url)  # its own connections
    writer = Context(writer_db, seeded.actor)
    stop, written, failures = threading.Event(), [0], []

    def keep_writing() -> None:
        try:
            while not stop.is_set() or written[0] < 5:
                customer = customers[written[0] % len(customers)]
                record_payment(writer, PaymentInput(customer, "12.34", TODAY, "cash"), f"concurrent-{written[0]}")
                top_up(writer, customer, "1.01", f"concurrent-top-up-{written[0]}")
                written[0] += 1
        except BaseException as error:  # pragma: no cover - reported below
            failures.append(error)

    thread = threading.Thread(target=keep_writing)
    thread.start()
    try:
        while written[0] < 2 and thread.is_alive():
            threading.Event().wait(0.01)
        marks: list[int] = []

        def wait_for_writes(done: int, total: int, step: str) -> None:
            """Mid-backup (before payments are read), let the other connection commit two more."""
            if step == "payments":
                marks.append(written[0])
                for _ in range(1000):
                    if written[0] >= marks[0] + 2 or not thread.is_alive():
                        break
                    threading.Event().wait(0.01)
                marks.append(written[0])

        info = create_backup(seeded, tmp_path / "busy.benji", PASS, progress=wait_for_writes)
    finally:
        stop.set()
        thread.join()
        writer_db.dispose()
    assert not failures
    assert marks[1] >= marks[0] + 2  # payments were committed while the snapshot was open
    target = open_url(f"sqlite+pysqlite:///{tmp_path / 'restored.db'}")
    report = restore_backup(seeded, tmp_path / "busy.benji", PASS, target)
    restored = open_url(f"sqlite+pysqlite:///{tmp_path / 'restored.db'}")
    try:
        _invariants(restored)
        for table in report.manifest.tables:
            if table.name not in ("audit_log", "audit_head"):
                assert _count(restored, table.name) == table.rows, table.name
        assert _count(restored, "audit_log") == info.manifest.audit_seq + 1
        assert verify(Context(restored)).ok
        assert _count(restored, "payments") < _count(seeded.database, "payments")
    finally:
        restored.dispose()
    _invariants(seeded.database)
