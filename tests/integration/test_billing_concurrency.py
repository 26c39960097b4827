"""The billing issue's acceptance 2 and 3 with real processes (the child code is in billing_workers.py).

- Acceptance 2, a bill run killed with SIGKILL at a random point (≥ 20 trials, seeded), then run again to
  completion: exactly the bills of an uninterrupted run, every usage record and adjustment billed once, the
  dead process's run lock taken over (SQLite file and PostgreSQL; each trial restores the seeded database).
- Acceptance 3, 8 processes issuing 250 drafts each while ~10 % of the issuing transactions fail after
  taking their number: numbers 1..2000 without a gap or a duplicate, issue dates never decreasing with the
  number, every bill issued once (SQLite, PostgreSQL, MariaDB).
"""

from __future__ import annotations

import json
import os
import queue
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter as Tally
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, cast

import pytest
from billing_workers import CUTOFF, instrument, seed_bill_run, seed_drafts
from conftest import ADMIN_PASSWORD, COMPANY_NAME, server_url
from sqlalchemy import Table, create_engine, func, make_url, select

from desktop_app.db import Database, open_url
from desktop_app.models import (
    AuditEntry,
    Bill,
    BilledCharge,
    BillLine,
    BillRun,
    RunLock,
    Subscription,
    SubscriptionAdjustment,
    UsageRecordRow,
)
from desktop_app.models.customer import Counter
from desktop_app.schema import prepare
from desktop_app.services.audit import verify
from desktop_app.services.auth import log_in
from desktop_app.services.bill_runs import run_bills
from desktop_app.services.bills import gap_report
from desktop_app.services.company import CompanyDetails
from desktop_app.services.context import Actor, Context
from desktop_app.services.setup import FirstAdmin, initialise

ROOT = Path(__file__).resolve().parents[2]
WORKERS = Path(__file__).with_name("billing_workers.py")
BATCH = 20
KILL_TRIALS = {"sqlite": 24, "postgresql": 8}  # BENJI_KILL_TRIALS overrides (a longer soak)
SEED = 20260401


# --- child processes ------------------------------------------------------------------------------

class Child:
    """A worker process (billing_workers.py) whose stdout lines arrive on a queue; killed if left running."""

    def __init__(self, folder: Path, *args: str) -> None:
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
        self.errors = (folder / f"child-{time.monotonic_ns()}.err").open("w+", encoding="utf-8")
        self.process = subprocess.Popen([sys.executable, str(WORKERS), *args], cwd=ROOT, env=env, text=True,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.errors,
                                        encoding="utf-8")
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.reader = threading.Thread(target=self._read, args=(self.process.stdout,), daemon=True)
        self.reader.start()

    def _read(self, stream: IO[str]) -> None:
        for line in stream:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    @property
    def pid(self) -> int:
        return self.process.pid

    def line(self, deadline: float) -> str | None:
        """The next line, None once the child closed its output; fails the test at ``deadline``."""
        try:
            return self.lines.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            pytest.fail(f"worker {self.pid} silent past its deadline; stderr:\n{self.stderr()}")

    def expect(self, word: str, deadline: float) -> str:
        while True:
            line = self.line(deadline)
            if line is None:
                pytest.fail(f"worker {self.pid} ended before {word!r} (rc {self.process.wait(5)}):\n{self.stderr()}")
            if line.split(" ", 1)[0] == word:
                return line

    def send(self, text: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(text + "\n")
        self.process.stdin.flush()

    def kill(self) -> None:
        """SIGKILL and reap (a zombie still answers ``kill(pid, 0)``: the lock would look alive)."""
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stderr(self) -> str:
        self.errors.flush()
        self.errors.seek(0)
        return self.errors.read()[-4000:]

    def close(self) -> None:
        try:
            self.kill()
        finally:
            for stream in (self.process.stdin, self.process.stdout):
                if stream is not None:
                    try:
                        stream.close()
                    except OSError:
                        pass
            self.errors.close()


@pytest.fixture
def children(tmp_path: Path) -> Iterator[list[Child]]:
    """Every child started by the test; stragglers are killed at the end whatever happened."""
    started: list[Child] = []
    yield started
    for child in started:
        child.close()


def _spawn(started: list[Child], folder: Path, *args: str) -> Child:
    child = Child(folder, *args)
    started.append(child)
    return child


def _set_up(url: str, folder: Path) -> tuple[Database, Context]:
    """A new database at the head schema with the company and its administrator (as conftest's fixtures)."""
    database = open_url(url)
    prepare(database, folder / "backups")
    initialise(Context(database), CompanyDetails(name=COMPANY_NAME, tax_id="91350100M000100Y43"),
               FirstAdmin("admin", "管理员", ADMIN_PASSWORD))
    user = log_in(Context(database), "admin", ADMIN_PASSWORD)
    return database, Context(database, user.actor())


# --- the databases a kill trial restores ----------------------------------------------------------

class SqliteCopies:
    """The seeded database is a file; a trial's database is a fresh copy of it (its WAL files removed)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def url(self, name: str) -> str:
        return f"sqlite+pysqlite:///{self.folder / (name + '.db')}"

    def create_empty(self, name: str) -> str:
        return self.url(name)

    def copy(self, source: str, name: str) -> str:
        origin, target = self.folder / f"{source}.db", self.folder / f"{name}.db"
        with sqlite3.connect(origin) as raw:
            raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        raw.close()
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(origin, target)
        return self.url(name)

    def drop_all(self) -> None:
        pass


class PostgresCopies:
    """Databases beside this pytest process's private one; a trial's is CREATE DATABASE … TEMPLATE seed."""

    def __init__(self) -> None:
        self.base = make_url(server_url("postgresql"))
        self.made: list[str] = []
        self.engine = create_engine(self.base, isolation_level="AUTOCOMMIT")

    def _name(self, name: str) -> str:
        return f"{self.base.database}_kill_{name}"

    def url(self, name: str) -> str:
        return self.base.set(database=self._name(name)).render_as_string(hide_password=False)

    def _create(self, name: str, template: str | None) -> str:
        full = self._name(name)
        with self.engine.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{full}" WITH (FORCE)')
            connection.exec_driver_sql(f'CREATE DATABASE "{full}" ENCODING \'UTF8\' TEMPLATE '
                                       + (f'"{self._name(template)}" STRATEGY FILE_COPY' if template else "template0"))
        if full not in self.made:
            self.made.append(full)
        return self.url(name)

    def create_empty(self, name: str) -> str:
        return self._create(name, None)

    def copy(self, source: str, name: str) -> str:
        return self._create(name, source)

    def drop_all(self) -> None:
        try:
            with self.engine.connect() as connection:
                for full in self.made:
                    connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{full}" WITH (FORCE)')
        finally:
            self.engine.dispose()


# --- what a bill run left behind ------------------------------------------------------------------

def _table(model: Any) -> Table:
    return cast(Table, model.__table__)


def billing_state(database: Database) -> dict[str, Any]:
    """The bill run's results without database ids: per subscription its bills and the multiset of their
    lines; the keys; which subscription's bill took each usage record and adjustment; ``billed_until``."""
    bills, lines, keys = _table(Bill), _table(BillLine), _table(BilledCharge)
    usage, adjustments, subscriptions = _table(UsageRecordRow), _table(SubscriptionAdjustment), _table(Subscription)
    with database.engine.connect() as connection:
        b = bills.c
        rows = connection.execute(select(
            b.id, b.subscription_id, b.kind, b.status, b.customer_id, b.period_start, b.period_end, b.currency,
            b.tax_inclusive, b.total_net, b.total_tax, b.total_gross, b.wallet_applied, b.amount_due,
            b.customer_code, b.customer_name, b.customer_address)).all()
        subscription_of = {row.id: row.subscription_id for row in rows}
        per_subscription: dict[int, list[tuple[Any, ...]]] = {}
        for row in rows:
            per_subscription.setdefault(row.subscription_id, []).append(tuple(row)[2:])
        line_sets: dict[int, list[tuple[Any, ...]]] = {}
        c = lines.c
        for line in connection.execute(select(
                c.bill_id, c.subscription_id, c.position, c.kind, c.charge, c.description, c.product,
                c.period_start, c.period_end, c.quantity, c.unit, c.unit_price, c.net, c.tax_rate, c.tax, c.gross,
                c.discounted_line)):
            assert line.subscription_id == subscription_of[line.bill_id]
            line_sets.setdefault(line.subscription_id, []).append(
                (line.description, f"{line.period_start}~{line.period_end}", line.quantity, line.net, line.tax,
                 line.gross, line.position, line.kind, line.charge, line.tax_rate, line.unit_price,
                 line.discounted_line))
        key_rows = [(k.subscription_id, k.charge, k.period_start, k.quantity, subscription_of.get(k.bill_id))
                    for k in connection.execute(select(keys.c.subscription_id, keys.c.charge, keys.c.period_start,
                                                       keys.c.quantity, keys.c.bill_id))]
        usage_bills = {u.id: (u.subscription_id, subscription_of.get(u.bill_id, "missing") if u.bill_id else None)
                       for u in connection.execute(select(usage.c.id, usage.c.subscription_id, usage.c.bill_id))}
        adjustment_bills = {a.id: (a.subscription_id, subscription_of.get(a.bill_id, "missing") if a.bill_id else None)
                            for a in connection.execute(select(adjustments.c.id, adjustments.c.subscription_id,
                                                               adjustments.c.bill_id))}
        billed_until = dict(connection.execute(select(subscriptions.c.id, subscriptions.c.billed_until)).all())
        runs = _table(BillRun).c
        run_bills_total = connection.scalar(select(func.coalesce(func.sum(runs.bills), 0)))
    return {
        "bill_count": len(rows),
        "bills": {sub: sorted(found, key=repr) for sub, found in per_subscription.items()},
        "lines": {sub: sorted(found, key=repr) for sub, found in line_sets.items()},
        "keys": sorted(key_rows, key=repr),
        "usage": usage_bills,
        "adjustments": adjustment_bills,
        "billed_until": billed_until,
        "run_counters": int(run_bills_total or 0),
    }


def _lock(database: Database) -> Any:
    with database.engine.connect() as connection:
        return connection.execute(select(_table(RunLock)).where(_table(RunLock).c.name == "bill_run")).one()


def _committed_batches(database: Database) -> int:
    with database.engine.connect() as connection:
        return int(connection.scalar(select(func.count()).select_from(AuditEntry)
                                     .where(AuditEntry.action == "bill_run.batch")) or 0)


def _heartbeat(point: str) -> bool:
    """The first statement of a batch's transaction (``bill_runs._heartbeat``)."""
    return point.startswith("sql UPDATE run_locks SET") and "heartbeat_at" in point and "holder" not in point


def _check_consistent(state: dict[str, Any]) -> None:
    """What holds in any database a bill run touched, finished or not."""
    assert len(state["keys"]) == len(set(state["keys"])), "a key twice"
    assert all(sub == by for sub, _, _, _, by in state["keys"]), "a key on another subscription's bill"
    assert all(by is None or by == sub for sub, by in state["usage"].values()), "usage on a foreign or lost bill"
    assert all(by is None or by == sub for sub, by in state["adjustments"].values())
    assert all(len(found) == 1 for found in state["bills"].values()), "two bills for one subscription in one run"
    assert state["run_counters"] == state["bill_count"], "bill_runs.bills disagrees with the bills"


# --- acceptance 2: kill -9 during a bill run ------------------------------------------------------

@dataclass
class Reference:
    """The uninterrupted run: its results, its statements (the kill points) and what a run after it finds."""

    expected: dict[str, Any]
    points: list[str]
    still_due: int

    def target(self, trial: int, rng: random.Random) -> int:
        """How many statements the child runs before the kill; the first two trials aim at the edges (the
        lock taken but no batch yet; after the last batch: finishing the run, releasing the lock)."""
        first_batch = next(i for i, point in enumerate(self.points) if _heartbeat(point))
        last_batch = max(i for i, point in enumerate(self.points) if _heartbeat(point))
        last_commit = next(i for i, point in enumerate(self.points) if point == "commit" and i > last_batch)
        if trial == 0:
            return rng.randrange(first_batch)
        if trial == 1:
            return rng.randrange(last_commit + 1, len(self.points))
        return rng.randrange(len(self.points))


def _reference(url: str, actor: Actor) -> Reference:
    database = open_url(url)
    try:
        recorded: list[str] = []
        instrument(database, lambda *words: recorded.append(" ".join(map(str, words))))
        summary = run_bills(Context(database, actor), CUTOFF, batch=BATCH)
        points = list(recorded)  # what follows is not the run's
        expected = billing_state(database)
        # a run after it bills nothing; it still counts as due the subscriptions whose only unbilled usage is
        # in a period still open at the cut-off
        again = run_bills(Context(database, actor), CUTOFF, batch=BATCH)
        assert again.bills == 0 and billing_state(database) == expected
    finally:
        database.dispose()
    _check_consistent(expected)
    assert summary.bills == expected["bill_count"] > 250
    assert expected["adjustments"] and all(by is not None for _, by in expected["adjustments"].values())
    assert sum(by is not None for _, by in expected["usage"].values()) > 200
    assert sum(by is None for _, by in expected["usage"].values()) > 50  # usage of open periods waits
    return Reference(expected, points, again.due)


@dataclass
class Kill:
    """Where the child was when it was killed, as far as its last reported statement tells."""

    pid: int
    steps: int  # statements and commits it was let run
    in_batch: bool  # a batch's first statement (the heartbeat) run, not yet its commit
    batches: int  # batch commits it was let run
    free: bool  # let run freely for a moment before the kill
    finished: bool  # the run ended before the kill point


def _kill_after(child: Child, target: int, pause: float | None, deadline: float) -> Kill:
    """Let the child run ``target`` statements and commits, then SIGKILL it: at once (``pause`` None: it waits
    before the next one) or after letting it run freely for ``pause`` seconds."""
    child.send("go")
    child.expect("start", deadline)
    seen, in_batch, batches, finished = 0, False, 0, False
    while True:
        line = child.line(deadline)
        if line is None:
            pytest.fail(f"the bill run process failed (rc {child.process.wait(5)}):\n{child.stderr()}")
        if line.startswith("done"):
            finished = True
            break
        if line.startswith("progress"):
            continue
        if seen == target:
            break
        seen += 1
        if _heartbeat(line):
            in_batch = True
        elif line == "commit" and in_batch:
            in_batch, batches = False, batches + 1
        child.send(".")
    if pause is not None and not finished:
        child.send("run")
        time.sleep(pause)
    child.kill()
    return Kill(child.pid, seen, in_batch, batches, pause is not None, finished)


def _trials(backend: str) -> int:
    return int(os.environ.get("BENJI_KILL_TRIALS", "0")) or KILL_TRIALS[backend]


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.server)])
def test_a_bill_run_killed_at_random_points_then_rerun_bills_exactly_what_an_uninterrupted_run_bills(
        backend: str, tmp_path: Path, children: list[Child]) -> None:
    copies: SqliteCopies | PostgresCopies = SqliteCopies(tmp_path) if backend == "sqlite" else PostgresCopies()
    trials, started = _trials(backend), time.monotonic()
    restorer = ThreadPoolExecutor(1)  # the next trial's database is restored while this one is checked
    try:
        database, admin = _set_up(copies.create_empty("seed"), tmp_path)
        seeded = seed_bill_run(admin, tmp_path)
        actor = admin.actor
        database.dispose()
        reference = _reference(copies.copy("seed", "reference"), actor)
        seeding = time.monotonic() - started

        def restored(trial: int) -> str:
            return copies.copy("seed", f"trial{trial % 2}")

        def spawned(trial: int) -> Child:  # imports while waiting for "go"
            return _spawn(children, tmp_path, "run-bills", copies.url(f"trial{trial % 2}"), ADMIN_PASSWORD,
                          CUTOFF.isoformat(), str(BATCH))

        rng = random.Random(SEED)
        outcomes: Tally[str] = Tally()
        restoring, child = restorer.submit(restored, 0), spawned(0)
        for trial in range(trials):
            url = restoring.result(timeout=60)
            target, pause = reference.target(trial, rng), rng.choice((None, rng.uniform(0, 0.005)))
            deadline = time.monotonic() + 60
            child.expect("ready", deadline)
            kill = _kill_after(child, target, pause, deadline)
            if trial + 1 < trials:
                restoring, child = restorer.submit(restored, trial + 1), spawned(trial + 1)
            where = f"trial {trial}: {kill}"
            database = open_url(url)
            try:
                lock, committed = _lock(database), _committed_batches(database)
                assert committed in ((kill.batches, kill.batches + 1) if kill.free else (kill.batches,)), where
                partial = billing_state(database)
                _check_consistent(partial)
                outcomes["killed mid-batch (the batch rolled back)"] += kill.in_batch and committed == kill.batches
                outcomes["lock left by the dead process"] += lock.holder != "" and lock.pid == kill.pid
                outcomes["finished before the kill"] += kill.finished
                outcomes["no batch committed"] += committed == 0
                outcomes["every batch committed"] += partial["bill_count"] == reference.expected["bill_count"]

                rerun = run_bills(Context(database, actor), CUTOFF, batch=BATCH)  # takes over a dead holder's lock
                assert rerun.status == "finished", where
                state = billing_state(database)
                assert state["bill_count"] == reference.expected["bill_count"], where
                assert state == reference.expected, where
                assert rerun.bills == reference.expected["bill_count"] - partial["bill_count"], where
                assert _lock(database).holder == "", where
                assert verify(Context(database, actor)).ok, where
                again = run_bills(Context(database, actor), CUTOFF, batch=BATCH)
                assert (again.due, again.bills) == (reference.still_due, 0), where
            finally:
                database.dispose()
        elapsed = time.monotonic() - started
        print(f"\n{backend}: seeded {seeded} and ran the reference in {seeding:.1f} s; {trials} kills in "
              f"{elapsed - seeding:.1f} s; {reference.expected['bill_count']} bills; {len(reference.points)} kill "
              f"points; {dict(outcomes)}")
        assert outcomes["killed mid-batch (the batch rolled back)"] >= trials // 4, outcomes
        assert outcomes["lock left by the dead process"] >= trials // 2, outcomes
    finally:
        restorer.shutdown(wait=True, cancel_futures=True)
        for child in children:
            child.close()
        copies.drop_all()


# --- acceptance 3: 8 processes issuing 2,000 bills with forced failures ---------------------------

WORKERS_COUNT = 8
PER_WORKER = 250
FAIL_RATE = 0.1


def test_eight_processes_issue_2000_bills_with_failures_and_the_numbers_have_no_gap(
        admin_context: Context, db_url: str, tmp_path: Path, children: list[Child]) -> None:
    admin = admin_context
    started = time.monotonic()
    ids = seed_drafts(admin, WORKERS_COUNT * PER_WORKER)
    seeded = time.monotonic()
    rng = random.Random(SEED)
    order = list(ids)
    rng.shuffle(order)
    jobs, failing = [], 0
    for worker in range(WORKERS_COUNT):
        share = order[worker * PER_WORKER:(worker + 1) * PER_WORKER]
        fail = [bill_id for bill_id in share if rng.random() < FAIL_RATE]
        failing += len(fail)
        path = tmp_path / f"job-{worker}.json"
        path.write_text(json.dumps({"ids": share, "fail": fail}), encoding="utf-8")
        jobs.append(path)
    workers = [_spawn(children, tmp_path, "issue", db_url, ADMIN_PASSWORD, str(path)) for path in jobs]
    deadline = time.monotonic() + 90
    for worker in workers:
        worker.expect("ready", deadline)
        worker.send("log-in")
        worker.expect("logged-in", deadline)
    go = time.monotonic()
    for worker in workers:
        worker.send("go")  # all at once: they race to create the counter row too
    deadline = go + 240  # a hang (deadlock, lock wait) fails the test instead of stalling it
    results = [json.loads(worker.expect("result", deadline).split(" ", 1)[1]) for worker in workers]
    issuing = time.monotonic() - go
    for worker in workers:
        assert worker.process.wait(timeout=30) == 0, worker.stderr()

    errors = [error for result in results for error in result["errors"]]
    assert errors == [], f"{len(errors)} unexpected failures, the first:\n{errors[0][1]}"
    forced = [tuple(item) for result in results for item in result["forced"]]
    assert len(forced) == failing > 150  # each chosen bill failed once, after taking a number
    reported = {bill_id: code for result in results for bill_id, code, _ in result["issued"]}
    assert sum(len(result["issued"]) for result in results) == len(ids) == len(reported)
    assert sorted(reported) == sorted(ids)

    with admin.database.engine.connect() as connection:
        rows = connection.execute(select(Bill.id, Bill.status, Bill.series, Bill.year, Bill.number, Bill.code,
                                         Bill.issue_date).order_by(Bill.series, Bill.year, Bill.number)).all()
        counters = {(c.series, c.year): c.last for c in connection.execute(select(Counter.series, Counter.year,
                                                                                   Counter.last))}
        issue_entries = list(connection.scalars(select(AuditEntry.entity_id).where(AuditEntry.action == "bill.issue")))
    assert {row.status for row in rows} == {"issued"} and {row.series for row in rows} == {"ZD"}
    years = Tally(row.year for row in rows)
    for year, count in years.items():  # one year, unless the test ran over midnight on 31 December
        numbers = [row.number for row in rows if row.year == year]
        assert numbers == list(range(1, count + 1)), f"gap or duplicate in ZD {year}"
        assert counters[("ZD", year)] == count
    assert all(row.code == f"ZD-{row.year}-{row.number:06d}" == reported[row.id] for row in rows)
    number_of = {row.id: row.number for row in rows}
    handed_on = sum(number_of[bill_id] != held for bill_id, held in forced)
    assert handed_on > len(forced) // 2  # the numbers of failed transactions went to other bills
    dates = [row.issue_date for row in rows]
    assert dates == sorted(dates), "an issue date earlier than a smaller number's"
    assert gap_report(admin) == []
    assert len(issue_entries) == len(set(issue_entries)) == len(ids)
    assert verify(admin).ok
    print(f"\n{db_url.split(':', 1)[0]}: seeded {len(ids)} drafts in {seeded - started:.1f} s; "
          f"{WORKERS_COUNT} processes issued them in {issuing:.1f} s with {len(forced)} forced failures "
          f"({handed_on} of their numbers went to another bill)")
