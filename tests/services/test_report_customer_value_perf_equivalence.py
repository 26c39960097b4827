"""Customer value (客户价值评估) against a plain reference on SQLite, PostgreSQL and MariaDB.

The report is built for speed (plain driver rows, integer fen, recency scored once per distinct day, rows
ordered per score); here a random but seeded sample — ties, credit notes larger than the bills, customers
paid only, billed only or with a credit note only, bills and payments after today, drafts and void bills,
codes not in creation order — is graded again by a straightforward implementation of the rules in
docs/reports.md, written from the sample itself, and every row, total, chart slice, drill and note must
agree (money compared with its exponent: 12.30, not 12.3). ``measure`` (what the bulk apply of suggested
tiers grades with) must agree too.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import update

from desktop_app.documents.report_snapshot import Drill, ReportSnapshot
from desktop_app.models import Bill, Customer, Payment
from desktop_app.services.context import Context
from desktop_app.services.customers import CustomerInput, create_customer
from desktop_app.services.reports import ReportFilter, parse_period, run_report
from desktop_app.services.reports.customer_value import measure
from desktop_app.services.reports.customer_value_settings import (
    GRADES,
    ValueSettings,
    save_value_settings,
    value_settings,
)
from desktop_app.services.reports.query import TOTAL, open_report
from desktop_app.services.settings import DEFAULTS
from tests.services.report_samples import at, noon

D = Decimal
TODAY = date(2026, 10, 31)
OWNERS = {"north1": "华北销售一", "north2": "华北销售二", "south1": "华南销售", None: ""}
TIERS = ("standard", "silver", "gold", "platinum")


@dataclass(frozen=True)
class Doc:
    customer: int
    kind: str  # bill | credit_note
    status: str  # draft | issued | partially_paid | paid | void
    issued: date | None  # None for drafts
    gross: Decimal


@dataclass(frozen=True)
class Paid:
    customer: int
    kind: str  # payment | refund
    received: date
    amount: Decimal


@dataclass(frozen=True)
class Sample:
    customers: dict[int, tuple[str, str, str | None, str]]  # id: (code, name, owner login, tier)
    docs: list[Doc]
    payments: list[Paid]


def _window_start(today: date) -> date:
    """The day after the same day a year before (29 February: after 28 February)."""
    day = min(today.day, 28) if today.month == 2 else today.day
    return date(today.year - 1, today.month, day) + timedelta(days=1)


def _amount(rng: random.Random) -> Decimal:
    return rng.choice([D("1000.00"), D("999.99"), D("0.01"), D("250.00"),
                       D(rng.randint(1, 30_000_00)) / 100, D(rng.randint(1, 300_000_00)) / 100])


def _seed(org: dict[str, Any], rng: random.Random, count: int = 36) -> Sample:
    """``count`` customers with random owners and tiers (codes shuffled), and their bills and payments, written
    as rows in one unit of work each (reports read only what the services leave behind)."""
    c, ids = org["contexts"], org["ids"]
    admin = at(c["admin"], noon(date(2024, 1, 1)))
    customers: dict[int, tuple[str, str, str | None, str]] = {}
    for n in range(count):
        owner = rng.choice(["north1", "north1", "north2", "south1", None])
        tier = rng.choice(TIERS)
        name = f"等价客户{n:03d}有限公司"
        detail, _ = create_customer(admin, CustomerInput(name=name, tier=tier),
                                    owner_id=ids[owner] if owner else None, allow_similar_name=True)
        customers[detail.id] = ("", name, owner, tier)
    codes = [f"KV{n:04d}" for n in range(count)]
    rng.shuffle(codes)  # code order is not creation order
    with admin.unit_of_work() as uow:
        for (customer_id, (_, name, owner, tier)), code in zip(customers.items(), codes, strict=True):
            uow.session.execute(update(Customer).where(Customer.id == customer_id).values(code=code))
            customers[customer_id] = (code, name, owner, tier)
        uow.commit()
    ids_ = list(customers)
    docs: list[Doc] = []
    payments: list[Paid] = []
    edges = [TODAY, TODAY + timedelta(days=1), _window_start(TODAY), _window_start(TODAY) - timedelta(days=1)]
    twins = ids_[:4]  # the same documents: equal score and revenue, ordered by code
    for n, customer_id in enumerate(ids_):
        shape = n % 9
        if customer_id in twins:
            docs += [Doc(customer_id, "bill", "issued", date(2026, month, 3), D("1000.00")) for month in (3, 6, 9)]
            payments.append(Paid(customer_id, "payment", date(2026, 10, 1), D("500.00")))
            continue
        if shape == 0:  # nothing at all, or a refund only: not graded
            if rng.random() < 0.5:
                payments.append(Paid(customer_id, "refund", TODAY - timedelta(days=3), D("10.00")))
            continue
        if shape == 1:  # paid only
            payments.append(Paid(customer_id, "payment", TODAY - timedelta(days=rng.randint(0, 400)), _amount(rng)))
            continue
        if shape == 2:  # a credit note only (no bill): graded without a recency day when never paid
            docs.append(Doc(customer_id, "credit_note", "issued", TODAY - timedelta(days=rng.randint(0, 500)),
                            _amount(rng)))
            continue
        if shape == 3:  # only drafts, void bills and documents after today
            docs += [Doc(customer_id, "bill", "draft", None, _amount(rng)),
                     Doc(customer_id, "bill", "void", TODAY - timedelta(days=20), _amount(rng)),
                     Doc(customer_id, "bill", "issued", TODAY + timedelta(days=2), _amount(rng))]
            if rng.random() < 0.5:
                payments.append(Paid(customer_id, "payment", TODAY + timedelta(days=1), D("1.00")))
            continue
        for _ in range(rng.randint(1, 14)):
            kind = "credit_note" if rng.random() < 0.15 else "bill"
            status = rng.choice(["issued", "issued", "paid", "partially_paid", "void", "draft"])
            issued = None if status == "draft" else rng.choice(
                [*edges, TODAY - timedelta(days=rng.randint(0, 800))])
            docs.append(Doc(customer_id, kind, status, issued, _amount(rng)))
        if shape == 4:  # credit notes larger than the bills: negative revenue
            docs.append(Doc(customer_id, "credit_note", "issued", TODAY - timedelta(days=10), D("99999.99")))
        for _ in range(rng.randint(0, 6)):
            kind = "refund" if rng.random() < 0.2 else "payment"
            payments.append(Paid(customer_id, kind, rng.choice([*edges, TODAY - timedelta(days=rng.randint(0, 500))]),
                                 _amount(rng)))
    clerk = at(c["clerk"], noon(TODAY))
    with clerk.unit_of_work() as uow:
        for number, doc in enumerate(docs, 1):
            series = "ZD" if doc.kind == "bill" else "HC"
            numbered = doc.status != "draft"
            uow.session.add(Bill(
                kind=doc.kind, status=doc.status, customer_id=doc.customer, total_net=doc.gross, total_tax=D(0),
                total_gross=doc.gross, amount_due=doc.gross, paid=D(0), snapshot={}, created_at=clerk.clock(),
                created_by="test", series=series if numbered else None, year=2026 if numbered else None,
                number=number if numbered else None, code=f"{series}-EQ-{number:06d}" if numbered else None,
                issue_date=doc.issued, issued_at=clerk.clock() if numbered else None,
                issued_by="test" if numbered else None))
        for number, paid in enumerate(payments, 1):
            uow.session.add(Payment(
                code=f"EQ-{number:06d}", kind=paid.kind, customer_id=paid.customer, amount=paid.amount,
                received_on=paid.received, method="bank", token=f"eq-{number}", created_at=clerk.clock(),
                created_by="test"))
        uow.commit()
    return Sample(customers, docs, payments)


@dataclass(frozen=True)
class Expected:
    rows: list[tuple[Any, ...]]
    customer_ids: list[int]
    ungraded: int


def _reference(sample: Sample, settings: ValueSettings, in_scope: set[int], today: date = TODAY) -> Expected:
    """The rules of docs/reports.md, one customer at a time, straight from the sample."""
    since = _window_start(today)
    graded: list[tuple[tuple[Any, ...], int, Decimal]] = []
    for customer_id in in_scope:
        code, name, owner, tier = sample.customers[customer_id]
        counted = [doc for doc in sample.docs if doc.customer == customer_id and doc.issued is not None
                   and doc.status not in ("draft", "void") and doc.issued <= today]
        paid_days = [p.received for p in sample.payments
                     if p.customer == customer_id and p.kind == "payment" and p.received <= today]
        bill_days = [doc.issued for doc in counted if doc.kind == "bill" and doc.issued is not None]
        last = max(paid_days) if paid_days else max(bill_days) if bill_days else None
        if not counted and last is None:
            continue
        recent = [doc for doc in counted if doc.issued is not None and doc.issued >= since]

        def signed(doc: Doc) -> Decimal:
            return doc.gross if doc.kind == "bill" else -doc.gross

        frequency = sum(1 for doc in recent if doc.kind == "bill")
        monetary = sum((signed(doc) for doc in recent), D("0.00"))
        revenue = sum((signed(doc) for doc in counted), D("0.00"))
        days = (today - last).days if last is not None else None
        r = 1 if days is None else 1 + sum(1 for limit in settings.recency_days if days <= limit)
        f = 1 + sum(1 for limit in settings.frequency if frequency >= limit)
        m = 1 + sum(1 for limit in settings.monetary if monetary >= limit)
        score = r + f + m
        grade = next((g for g, least in zip(GRADES, settings.grades, strict=False) if score >= least), "D")
        row = (code, name, OWNERS[owner], days, frequency, monetary, revenue, r, f, m, score, grade, tier,
               settings.tiers[grade])
        graded.append((row, customer_id, revenue))
    graded.sort(key=lambda item: (-item[0][10], -item[2], item[0][0]))
    return Expected([row for row, _, _ in graded], [customer_id for _, customer_id, _ in graded],
                    len(in_scope) - len(graded))


def _report(context: Context, **filters: Any) -> ReportSnapshot:
    return run_report(at(context, noon(TODAY)), "customer_value",
                      ReportFilter(parse_period("this-month", TODAY), **filters))


def _exact(values: Any) -> list[Any]:
    """Cells with Decimals as their text, so 12.30 and 12.3 differ."""
    return [tuple(str(v) if isinstance(v, Decimal) else v for v in row) for row in values]


def _check(snapshot: ReportSnapshot, expected: Expected) -> None:
    assert _exact(snapshot.rows) == _exact(expected.rows)
    assert snapshot.drills == tuple(Drill("customer", {"customer_id": i}) for i in expected.customer_ids)
    monetary = sum((row[5] for row in expected.rows), D("0.00"))
    revenue = sum((row[6] for row in expected.rows), D("0.00"))
    totals = (TOTAL, None, None, None, sum(row[4] for row in expected.rows), monetary, revenue,
              None, None, None, None, None, None, None)
    assert _exact([snapshot.totals]) == _exact([totals])
    if expected.rows:
        grades = Counter(row[11] for row in expected.rows)
        assert snapshot.chart is not None
        assert snapshot.chart.series[0].values == tuple(grades[g] for g in GRADES)
    else:
        assert snapshot.chart is None
    ungraded = [note for note in snapshot.notes if "没有账单或收款" in note.zh]
    assert [note.en.split()[0] for note in ungraded] == ([str(expected.ungraded)] if expected.ungraded else [])


@pytest.fixture
def sample(org: dict[str, Any]) -> Sample:
    return _seed(org, random.Random(20261031))


def _owned_by(sample: Sample, *owners: str | None) -> set[int]:
    return {i for i, (_, _, owner, _) in sample.customers.items() if owner in owners}


def test_the_report_agrees_with_the_reference(org: dict[str, Any], sample: Sample) -> None:
    c, ids = org["contexts"], org["ids"]
    everyone = set(sample.customers)
    settings = value_settings(c["admin"])
    expected = _reference(sample, settings, everyone)
    assert len(expected.rows) > 20 and expected.ungraded > 0
    assert any(row[3] is None for row in expected.rows)  # a credit note only, never paid
    assert any(row[6] < 0 for row in expected.rows)
    _check(_report(c["admin"]), expected)
    _check(_report(c["north1"]), _reference(sample, settings, _owned_by(sample, "north1")))
    _check(_report(c["manager"]), _reference(sample, settings, _owned_by(sample, "north1", "north2", "south1")))
    _check(_report(c["admin"], owner_id=ids["north2"]), _reference(sample, settings, _owned_by(sample, "north2")))
    gold = {i for i, (_, _, _, tier) in sample.customers.items() if tier == "gold"}
    _check(_report(c["admin"], tier="gold"), _reference(sample, settings, gold))
    one = expected.customer_ids[len(expected.customer_ids) // 2]
    _check(_report(c["admin"], customer_id=one), _reference(sample, settings, {one}))


def _increasing(values: list[Any], step: Any) -> list[Any]:
    found = [values[0]]
    for value in values[1:]:
        found.append(max(value, found[-1] + step))
    return found


def test_other_thresholds_agree_with_the_reference(org: dict[str, Any], sample: Sample) -> None:
    """Thresholds met exactly by the sample's own figures (days, bill counts, 12-month sums)."""
    admin = org["contexts"]["admin"]
    first = _reference(sample, value_settings(admin), set(sample.customers)).rows
    days = sorted({row[3] for row in first if row[3] is not None})
    sums = sorted({row[5] for row in first if row[5] > 0})
    counts = sorted({row[4] for row in first if row[4] > 0})
    data = dict(DEFAULTS["reports.customer_value"],
                recency_days=_increasing([days[0], days[len(days) // 3], days[2 * len(days) // 3], days[-1]], 1),
                frequency=_increasing([counts[0], counts[len(counts) // 2], counts[-1], counts[-1] + 1], 1),
                monetary=[str(amount) for amount in _increasing(
                    [sums[0], sums[len(sums) // 3], sums[2 * len(sums) // 3], sums[-1]], D("0.01"))],
                grades={"A": 12, "B": 9, "C": 6}, tiers={"A": "gold", "B": "silver", "C": "standard", "D": "standard"})
    save_value_settings(admin, data)
    settings = value_settings(admin)
    _check(_report(admin), _reference(sample, settings, set(sample.customers)))


def test_measure_agrees_with_the_reference(org: dict[str, Any], sample: Sample) -> None:
    """``measure`` (the bulk apply's grading) gives every graded customer the reference's figures."""
    admin = at(org["contexts"]["admin"], noon(TODAY))
    settings = value_settings(admin)
    expected = _reference(sample, settings, set(sample.customers))
    with open_report(admin, ReportFilter(parse_period("this-month", TODAY))) as rq:
        values = {v.customer_id: v for v in measure(rq, settings)}
    assert set(values) == set(expected.customer_ids)
    for customer_id, row in zip(expected.customer_ids, expected.rows, strict=True):
        v = values[customer_id]
        found = (v.code, v.name, v.recency_days, v.frequency, str(v.monetary), str(v.revenue_to_date), v.r_score,
                 v.f_score, v.m_score, v.score, v.grade, v.tier, v.suggested_tier)
        assert found == (row[0], row[1], row[3], row[4], str(row[5]), str(row[6]), *row[7:])
