"""Prepaid wallets on SQLite, PostgreSQL and MariaDB: top-up with bonus, debits that never go below zero
(also two desktops at once), idempotent tokens, the bill run's draws and their reversal, the low-balance
flag, scope and permissions; and always: balance == the sum of the ledger."""

from __future__ import annotations

import dataclasses
import threading
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import event, func, select

from desktop_app.db import Database, open_url
from desktop_app.errors import DomainError, PermissionDenied
from desktop_app.models import AuditEntry, Wallet, WalletEntry
from desktop_app.services.access import Access, ResourceGrant
from desktop_app.services.context import Context
from desktop_app.services.customers import CustomerInput, create_customer
from desktop_app.services.wallets import (
    debit,
    draw,
    ledger_total,
    reverse_draws,
    set_low_balance,
    top_up,
    usable_balance,
    wallet_of,
)

D = Decimal


@pytest.fixture
def wal(org: dict[str, Any]) -> dict[str, Any]:
    north1, south1 = org["contexts"]["north1"], org["contexts"]["south1"]
    mine, _ = create_customer(north1, CustomerInput(name="北京科技有限公司"))
    theirs, _ = create_customer(south1, CustomerInput(name="广州贸易有限公司"))
    return {**org, "clerk": org["contexts"]["clerk"], "mine": mine.id, "theirs": theirs.id}


def _consistent(context: Context, customer_id: int) -> Decimal:
    """The balance, after checking it equals the ledger and is not negative."""
    with context.unit_of_work(write=False) as uow:
        wallet = uow.session.scalar(select(Wallet).where(Wallet.customer_id == customer_id))
        assert wallet is not None
        assert wallet.balance == ledger_total(uow.session, wallet.id) >= 0
        return wallet.balance


def _count(context: Context, model: Any, *conditions: Any) -> int:
    with context.unit_of_work(write=False) as uow:
        return int(uow.session.scalar(select(func.count()).select_from(model).where(*conditions)) or 0)


def _cashier(context: Context) -> Context:
    access = context.actor.access
    grants = {**access.grants, "payments": ResourceGrant(frozenset({"view", "create", "edit"}),
                                                           access.scope("customers"))}
    return context.as_actor(dataclasses.replace(context.actor, access=Access(grants, access.role_names)))


def test_a_top_up_with_bonus_makes_the_wallet_once_per_token(wal: dict[str, Any]) -> None:
    clerk, mine = wal["clerk"], wal["mine"]
    empty = wallet_of(clerk, mine)
    assert (empty.wallet_id, empty.balance, empty.entries, empty.is_low) == (None, D("0.00"), (), False)
    wallet, changes = top_up(clerk, mine, "1,000.00", "top-1", bonus=D("100.00"), expires_on=date(2027, 5, 1),
                             note="充值1000送100")
    assert changes.billing
    assert wallet.balance == D("1100.00")
    assert [(e.kind, e.amount, e.balance_after, e.expires_on) for e in wallet.entries] == [
        ("bonus", D("100.00"), D("1100.00"), date(2027, 5, 1)),
        ("top_up", D("1000.00"), D("1000.00"), date(2027, 5, 1))]
    again, _ = top_up(clerk, mine, "1,000.00", "top-1", bonus=D("100.00"))
    assert again == wallet_of(clerk, mine)
    assert again.balance == _consistent(clerk, mine) == D("1100.00")
    assert _count(clerk, AuditEntry, AuditEntry.action == "wallet.top_up") == 1
    plain, _ = top_up(clerk, mine, D("0.01"), "top-2")
    assert (plain.balance, plain.entries[0].kind, len(plain.entries)) == (D("1100.01"), "top_up", 3)
    for amount, bonus in (("0", D(0)), ("-1", D(0)), ("1.001", D(0)), ("10", D("-1"))):
        with pytest.raises(DomainError, match=r"payment\.amount_invalid"):
            top_up(clerk, mine, amount, "bad", bonus=bonus)


def test_debits_never_take_the_balance_below_zero_and_repeat_nothing(wal: dict[str, Any]) -> None:
    clerk, mine = wal["clerk"], wal["mine"]
    with pytest.raises(DomainError) as none_yet:
        debit(clerk, mine, "1.00", "d0")
    assert (none_yet.value.code, none_yet.value.params) == ("wallet.insufficient",
                                                            {"balance": "0.00", "amount": "1.00"})
    top_up(clerk, mine, "100.00", "t")
    entry, _ = debit(clerk, mine, "60.00", "d1", note="人工扣款")
    assert (entry.kind, entry.amount, entry.balance_after, entry.note) == ("draw", D("-60.00"), D("40.00"), "人工扣款")
    assert debit(clerk, mine, "60.00", "d1")[0] == entry  # the same token: the first entry, nothing taken
    with pytest.raises(DomainError) as short:
        debit(clerk, mine, "40.01", "d2")
    assert (short.value.code, short.value.params) == ("wallet.insufficient", {"balance": "40.00", "amount": "40.01"})
    last, _ = debit(clerk, mine, "40.00", "d3")
    assert last.balance_after == _consistent(clerk, mine) == D("0.00")
    assert _count(clerk, AuditEntry, AuditEntry.action == "wallet.debit") == 2


def test_the_low_balance_flag(wal: dict[str, Any]) -> None:
    clerk, mine = wal["clerk"], wal["mine"]
    top_up(clerk, mine, "100.00", "t")
    flagged, _ = set_low_balance(clerk, mine, "50.00")
    assert (flagged.low_balance, flagged.is_low) == (D("50.00"), False)
    debit(clerk, mine, "50.01", "d")
    assert wallet_of(clerk, mine).is_low
    assert not set_low_balance(clerk, mine, D(0))[0].is_low
    assert _consistent(clerk, mine) == D("49.99")


def test_the_bill_runs_draws_and_their_reversal(wal: dict[str, Any]) -> None:
    clerk, mine, theirs = wal["clerk"], wal["mine"], wal["theirs"]
    top_up(clerk, mine, "100.00", "t")
    with clerk.unit_of_work() as uow:
        session, now = uow.session, clerk.clock()
        assert usable_balance(session, mine) == D("100.00") and usable_balance(session, theirs) == D("0.00")
        assert draw(session, mine, D("30.00"), 7, "bill run", now) == D("30.00")
        assert draw(session, mine, D("70.01"), 8, "bill run", now) == D("0.00")  # not enough: nothing
        assert draw(session, mine, D("20.00"), 7, "bill run", now) == D("20.00")
        assert draw(session, theirs, D("1.00"), 9, "bill run", now) == D("0.00")  # no wallet
        assert usable_balance(session, mine) == D("50.00")
        uow.commit()
    assert _consistent(clerk, mine) == D("50.00")
    debit(clerk, mine, "5.00", "by-hand", bill_id=7)  # a debit by hand is not the bill run's draw
    with clerk.unit_of_work() as uow:
        assert reverse_draws(uow.session, 7, "bill run", clerk.clock()) == D("50.00")
        assert reverse_draws(uow.session, 7, "bill run", clerk.clock()) == D("0.00")  # given back once
        assert reverse_draws(uow.session, 8, "bill run", clerk.clock()) == D("0.00")
        uow.commit()
    entries = wallet_of(clerk, mine).entries
    assert [(e.kind, e.amount, e.bill_id, e.balance_after) for e in entries[:4]] == [
        ("reversal", D("50.00"), 7, D("95.00")), ("draw", D("-5.00"), 7, D("45.00")),
        ("draw", D("-20.00"), 7, D("50.00")), ("draw", D("-30.00"), 7, D("70.00"))]
    assert _consistent(clerk, mine) == D("95.00")


def test_scope_and_permissions(wal: dict[str, Any]) -> None:
    clerk, mine = wal["clerk"], wal["mine"]
    top_up(clerk, mine, "100.00", "t")
    south1 = _cashier(wal["contexts"]["south1"])
    for attempt in (lambda: wallet_of(south1, mine), lambda: top_up(south1, mine, "1.00", "s1"),
                    lambda: debit(south1, mine, "1.00", "s2"), lambda: set_low_balance(south1, mine, "1.00")):
        with pytest.raises(DomainError) as caught:
            attempt()
        assert caught.value.code == "record.not_found"
    auditor = wal["contexts"]["auditor"]
    assert wallet_of(auditor, mine).balance == D("100.00")
    entries = _count(clerk, WalletEntry)
    for attempt in (lambda: top_up(auditor, mine, "1.00", "a1"), lambda: debit(auditor, mine, "1.00", "a2"),
                    lambda: set_low_balance(auditor, mine, "1.00"),
                    lambda: top_up(wal["contexts"]["north1"], mine, "1.00", "n1")):  # sales: view only
        with pytest.raises(PermissionDenied):
            attempt()
    assert _count(clerk, WalletEntry) == entries and _consistent(clerk, mine) == D("100.00")


def _race(db_url: str, actor: Any, work: Any, *, meet_at_update: bool) -> list[Any]:
    """Run ``work(context, n)`` on two desktops (two engines) at once. On PostgreSQL and MariaDB both
    transactions meet just before the wallet UPDATE (an event listener in this test; nothing in the code);
    on SQLite a write transaction takes the file lock at BEGIN, so they meet just before starting."""
    desktops: list[Database] = [open_url(db_url) for _ in range(2)]
    barrier = threading.Barrier(2, timeout=30)
    server = desktops[0].kind != "sqlite"

    met: list[str] = []

    def meet(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        if statement.lstrip().upper().startswith("UPDATE WALLETS"):
            met.append(statement)
            barrier.wait()

    results: list[Any] = [None, None]

    def run(n: int) -> None:
        if not (server and meet_at_update):
            barrier.wait()
        try:
            results[n] = work(Context(desktops[n], actor, desktop=f"PC-{n}"), n)
        except DomainError as error:
            results[n] = error.code
        except Exception as error:  # pragma: no cover - reported by the caller's assertion
            results[n] = error

    if server and meet_at_update:
        for database in desktops:
            event.listen(database.engine, "before_cursor_execute", meet)
    try:
        threads = [threading.Thread(target=run, args=(n,)) for n in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    finally:
        for database in desktops:
            if event.contains(database.engine, "before_cursor_execute", meet):
                event.remove(database.engine, "before_cursor_execute", meet)
            database.dispose()
    assert len(met) == (2 if server and meet_at_update else 0)  # both really met at the UPDATE
    return results


def test_two_simultaneous_60_debits_on_100_exactly_one_succeeds(wal: dict[str, Any], db_url: str) -> None:
    clerk, mine = wal["clerk"], wal["mine"]
    top_up(clerk, mine, "100.00", "t")
    results = _race(db_url, clerk.actor, lambda context, n: debit(context, mine, "60.00", f"debit-{n}")[0],
                    meet_at_update=True)
    taken = [r for r in results if not isinstance(r, str)]
    assert [r for r in results if isinstance(r, str)] == ["wallet.insufficient"]
    assert [(e.amount, e.balance_after) for e in taken] == [(D("-60.00"), D("40.00"))]
    assert _consistent(clerk, mine) == D("40.00")
    assert _count(clerk, WalletEntry, WalletEntry.kind == "draw") == 1


def test_the_same_debit_sent_twice_at_once_takes_once(wal: dict[str, Any], db_url: str) -> None:
    clerk, mine = wal["clerk"], wal["mine"]
    top_up(clerk, mine, "200.00", "t")
    results = _race(db_url, clerk.actor, lambda context, n: debit(context, mine, "60.00", "one-click")[0],
                    meet_at_update=True)
    assert results[0] == results[1] and not isinstance(results[0], str | Exception)
    assert _consistent(clerk, mine) == D("140.00")
    assert _count(clerk, WalletEntry, WalletEntry.kind == "draw") == 1
