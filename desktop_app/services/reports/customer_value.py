"""Customer value (客户价值评估): recency, frequency and monetary scores (RFM) and revenue to date per customer,
a grade A/B/C/D and the membership tier suggested for it, which a manager may apply in bulk.

Measured on the reference day (today in the company's calendar, by the injected clock):

- recency: days from the last payment received (or, never paid, the last bill issued) to today;
- frequency: bills issued in the 12 months up to today (``[today − 1 year + 1 day, today]``);
- monetary: billed revenue (gross; credit notes subtract) issued in those 12 months;
- revenue to date: all billed revenue (gross, credit notes subtracted) issued up to today.

Scores, grade limits and suggested tiers are the setting ``reports.customer_value``
(``customer_value_settings.py``). Customers without any bill or payment get no grade and are left out.

A few reads whatever the number of customers: one grouped pass over the bills (``_billed``), and the customers
in scope, each with its last payment (or last bill) found through an index (``_customers``); then the scores
in integer fen, each money figure turned into yuan once. The report (100,000 customers, 1.2 million bills)
runs the pass over the bills on threads of its own — two, each for half of the customer ids, except on
PostgreSQL — while it reads the customers: read-only units of work started together (a bill saved meanwhile
may show in one and not in another, as on the dashboard). The bulk apply grades in its own transaction, one
read after the other.
"""

from __future__ import annotations

import gc
import json
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from functools import partial
from operator import itemgetter
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import BigInteger, String, and_, case, cast, func, literal, select, type_coerce, update

from desktop_app.billing.money import from_fen, to_fen
from desktop_app.documents.report_snapshot import Chart, Column, Drill, Label, ReportSnapshot, Series, Value
from desktop_app.errors import ConcurrentEdit, DomainError, ValidationFailed
from desktop_app.models import Bill, Company, Customer, Payment, User
from desktop_app.services.changes import NOTHING, Changes
from desktop_app.services.context import Context
from desktop_app.services.customers import scope_condition
from desktop_app.services.reports.customer_value_settings import GRADES, ValueSettings, stored_value_settings
from desktop_app.services.reports.model import Period, ReportFilter
from desktop_app.services.reports.query import TOTAL, ReportQuery, open_report
from desktop_app.services.scope import load_facts, visible
from desktop_app.services.settings import read

__all__ = ["COLUMNS", "CustomerValue", "apply_suggested_tiers", "build", "measure", "window_start"]

TITLE = Label("客户价值评估", "Customer value")
COLUMNS = (
    Column("code", "text", Label("客户编号", "Code")),
    Column("customer", "text", Label("客户", "Customer")),
    Column("owner", "text", Label("负责人", "Owner")),
    Column("recency_days", "count", Label("最近交易（天）", "Recency (days)")),
    Column("frequency", "count", Label("频次（12个月）", "Frequency (12 months)")),
    Column("monetary", "money", Label("金额（12个月）", "Monetary (12 months)")),
    Column("revenue_to_date", "money", Label("累计收入", "Revenue to date")),
    Column("r_score", "count", Label("R", "R")),
    Column("f_score", "count", Label("F", "F")),
    Column("m_score", "count", Label("M", "M")),
    Column("score", "count", Label("总分", "Score")),
    Column("grade", "text", Label("等级", "Grade")),
    Column("tier", "text", Label("当前级别", "Current tier")),
    Column("suggested_tier", "text", Label("建议级别", "Suggested tier")),
)
_CHUNK = 500  # customer ids per IN list when applying suggestions
T = TypeVar("T")


@dataclass(frozen=True)
class CustomerValue:
    customer_id: int
    code: str
    name: str
    owner_id: int | None
    tier: str
    recency_days: int | None
    frequency: int
    monetary: Decimal
    revenue_to_date: Decimal
    r_score: int
    f_score: int
    m_score: int
    grade: str
    suggested_tier: str

    @property
    def score(self) -> int:
        return self.r_score + self.f_score + self.m_score


def window_start(today: date) -> date:
    """The first day of the 12 months up to ``today``: the day after the same day a year before (29 February
    goes back to 28 February)."""
    try:
        year_before = today.replace(year=today.year - 1)
    except ValueError:
        year_before = today.replace(year=today.year - 1, day=28)
    return year_before + timedelta(days=1)


_Row = tuple[int, str, str, "int | None", str, "int | None", int, int, int, int, int, int, int, str]
# (customer id, code, name, owner id, tier, recency days, frequency, monetary fen, revenue to date fen, R, F, M,
#  score, grade)


def _when(rq: ReportQuery, aggregate: Any, value: Any, condition: Any) -> Any:
    """``aggregate(value)`` over the rows where ``condition`` holds: ``FILTER (WHERE …)`` where the database has
    it (SQLite, PostgreSQL: a third faster on SQLite than a CASE per row), a CASE elsewhere (MariaDB)."""
    if rq.session.get_bind().dialect.name in ("sqlite", "postgresql"):
        return aggregate(value).filter(condition)
    return aggregate(case((condition, value)))


def _whole(total: Any) -> Any:
    """A sum as a whole number: 0 for none, and BIGINT (a sum of BIGINT is NUMERIC on PostgreSQL and DECIMAL on
    MariaDB, which their drivers hand over as Decimal)."""
    return cast(func.coalesce(total, 0), BigInteger)


_ISSUED = Bill.status.notin_(("draft", "void"))


def _billed(rq: ReportQuery, first: int | None = None, beyond: int | None = None) -> dict[int, Sequence[int]]:
    """Per customer in scope (with ``first <= id < beyond`` when given): bills issued in the 12 months, their
    revenue, and revenue to date — one grouped pass over the bills up to today (the index ``bills (customer_id,
    issue_date, kind, status, total_gross…)`` holds every column it reads). On SQLite the database packs the
    result into one JSON array: the whole aggregation is then one step of the driver, which lets go of the
    interpreter lock throughout, so other threads work meanwhile (row by row, they would hand the lock back and
    forth 100,000 times)."""
    today, since = rq.today, window_start(rq.today)
    gross = type_coerce(Bill.total_gross, BigInteger)
    signed = case((Bill.kind == "credit_note", -gross), else_=gross)
    recent = Bill.issue_date >= since
    bills = rq.scoped(
        select(Bill.customer_id, _when(rq, func.count, literal(1), and_(Bill.kind == "bill", recent)),
               _whole(_when(rq, func.sum, signed, recent)), _whole(func.sum(signed)))
        .where(_ISSUED, Bill.issue_date <= today)
        .group_by(Bill.customer_id), Bill.customer_id)
    if first is not None:
        bills = bills.where(Bill.customer_id >= first)
    if beyond is not None:
        bills = bills.where(Bill.customer_id < beyond)
    connection = rq.session.connection()
    if connection.dialect.name == "sqlite":
        grouped = bills.subquery()
        packed: str = connection.execute(select(func.json_group_array(func.json_array(*grouped.c)))).scalar_one()
        return {row[0]: row for row in json.loads(packed)}  # exact: JSON integers read back as int
    return {row[0]: row for row in _plain(rq, bills)}


def _customers(rq: ReportQuery) -> list[Any]:
    """The customers in scope: id, code, name, owner, tier and the last day of a payment received up to today,
    or for a customer never paid of a bill issued (the newest entry of an index each: ``payments (customer_id,
    received_on…)``, ``bills (customer_id, issue_date…)``; read newest first and stopped at the first that
    counts, a fifth faster than ``max()`` over all of them). Days as stored: ISO text on SQLite."""
    today = rq.today
    last_paid = (select(type_coerce(Payment.received_on, String))
                 .where(Payment.customer_id == Customer.id, Payment.kind == "payment", Payment.received_on <= today)
                 .order_by(Payment.received_on.desc()).limit(1).correlate(Customer).scalar_subquery())
    last_bill = (select(type_coerce(Bill.issue_date, String))
                 .where(Bill.customer_id == Customer.id, Bill.kind == "bill", _ISSUED, Bill.issue_date <= today)
                 .order_by(Bill.issue_date.desc()).limit(1).correlate(Customer).scalar_subquery())
    customers = select(Customer.id, Customer.code, Customer.name, Customer.owner_id, Customer.tier,
                       func.coalesce(last_paid, last_bill))
    if rq.customers is not None:  # the scope straight on the customers read (not as ``id IN (…)``: one pass)
        customers = customers.where(rq.customers)
    return list(_plain(rq, customers))


def _plain(rq: ReportQuery, query: Any) -> Sequence[Any]:
    """The rows of ``query`` as the driver's own tuples (100,000 rows: no Row object and no per-row step through
    SQLAlchemy; the columns read here need no conversion of their stored form)."""
    result = rq.session.connection().execute(query)
    try:
        rows: Sequence[Any] = result.cursor.fetchall()
    finally:
        result.close()
    return rows


def _score(customers: Sequence[Any], billed: dict[int, Sequence[int]], settings: ValueSettings,
           today: date) -> list[_Row]:
    """The scores of every customer with a bill or a payment, in integer fen, in the order of ``customers``."""
    recency_limits, frequency_limits = settings.recency_days, settings.frequency
    money_limits = tuple(to_fen(amount) for amount in settings.monetary)
    count, grade = len(recency_limits), [settings.grade(total) for total in range(16)]
    # (days, R) per last day: a few hundred distinct days for 100,000 customers, each parsed and scored once
    recency: dict[Any, tuple[int | None, int]] = {None: (None, 1)}
    nothing = (None, 0, 0, 0)
    found: list[_Row] = []
    add = found.append
    for customer_id, code, name, owner_id, tier, last in customers:
        facts = billed.get(customer_id, nothing)
        if facts is nothing and last is None:
            continue
        known = recency.get(last)
        if known is None:
            day = date.fromisoformat(last) if isinstance(last, str) else last
            days = (today - day).days
            known = recency[last] = (days, 1 + count - bisect_left(recency_limits, days))
        _, frequency, monetary, total = facts
        r = known[1]
        f = 1 + bisect_right(frequency_limits, frequency)
        m = 1 + bisect_right(money_limits, monetary)
        score = r + f + m
        add((customer_id, code, name, owner_id, tier, known[0], frequency, monetary, total, r, f, m, score,
             grade[score]))
    return found


def _measure(rq: ReportQuery, settings: ValueSettings) -> tuple[list[_Row], int]:
    """The graded customers in ``rq``'s scope and how many customers are in scope, read in ``rq``'s session."""
    customers = _customers(rq)
    return _score(customers, _billed(rq), settings, rq.today), len(customers)


def _values(rows: list[_Row], settings: ValueSettings) -> list[CustomerValue]:
    return [CustomerValue(row[0], row[1], row[2], row[3], row[4], row[5], row[6], from_fen(row[7]),
                          from_fen(row[8]), row[9], row[10], row[11], row[13], settings.tiers[row[13]])
            for row in rows]


def measure(rq: ReportQuery, settings: ValueSettings) -> list[CustomerValue]:
    """The value of every customer in ``rq``'s scope that has a bill or a payment up to ``rq.today``."""
    return _values(_measure(rq, settings)[0], settings)


def _notes(settings: ValueSettings, ungraded: int) -> list[Label]:
    days = "/".join(str(d) for d in settings.recency_days)
    bills = "/".join(str(n) for n in settings.frequency)
    money = "/".join(f"{amount:,}" for amount in settings.monetary)
    a, b, c = settings.grades
    notes = [Label(f"评分：最近交易 ≤{days} 天得 5/4/3/2 分；12 个月账单数 ≥{bills} 张得 2/3/4/5 分；"
                   f"12 个月开票金额 ≥¥{money} 得 2/3/4/5 分。等级：总分 ≥{a} 为 A，≥{b} 为 B，≥{c} 为 C，其余为 D。",
                   f"Scores: last transaction within {days} days scores 5/4/3/2; bills in 12 months from {bills} "
                   f"score 2/3/4/5; billed in 12 months from ¥{money} scores 2/3/4/5. Grades: a total of {a} or more "
                   f"is A, {b} or more B, {c} or more C, below that D.")]
    if ungraded:
        notes.append(Label(f"{ungraded} 个客户没有账单或收款，未参与评级。",
                           f"{ungraded} customers without any bill or payment are not graded."))
    return notes


@contextmanager
def _no_gc_pauses() -> Iterator[None]:
    """Build the 100,000 rows (and their drills) without the cyclic garbage collector, and hand them over as old
    objects. The collector runs every 700 new container objects and rescans the young ones each time; enabled
    again, its first run would sweep the ~300,000 objects the report made (0.1–0.2 s, more when it goes on to
    a full collection), though they hold no reference cycles and live as long as the screen shows them.
    ``gc.freeze()`` then ``gc.unfreeze()`` moves every tracked object to the oldest generation instead (two list
    splices): only a full collection looks at them again, as if they had survived two young ones. Not done when
    something froze objects on purpose (``unfreeze`` would thaw them). Mercurial's ``util.nogc`` pauses the
    collector for its big containers the same way."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if gc.get_freeze_count() == 0:
            gc.freeze()
            gc.unfreeze()
        if was_enabled:
            gc.enable()


def _own_session(context: Context, rq: ReportQuery, work: Callable[[ReportQuery], T]) -> T:
    """``work`` on ``rq`` (the same day, scope and filters) in a read-only unit of work of its own: a read on
    another thread."""
    with context.unit_of_work(write=False) as uow:
        return work(replace(rq, session=uow.session))


def _halves(rq: ReportQuery) -> list[tuple[int | None, int | None]]:
    """The customer id ranges the pass over the bills is split into: two halves where the database answers a
    query on one core (SQLite, MariaDB); on PostgreSQL one, which spreads itself over parallel workers when it
    pays (two halves there only add processes competing for the same cores: 0.6 s against 0.53 s)."""
    if rq.session.get_bind().dialect.name == "postgresql":
        return [(None, None)]
    half = (rq.session.scalar(select(func.max(Customer.id))) or 0) // 2 + 1
    return [(None, half), (half, None)]


def build(context: Context, flt: ReportFilter) -> ReportSnapshot:
    """The customer value report for ``flt`` (filters: department, owner, tier, customer), best first: by total
    score, then revenue to date (both descending), then code.

    The grouped pass over the bills runs on threads of their own (``_halves``) while this one reads the
    customers: the database answers the reads at once, SQLite readers too (WAL). On two cores that is 0.7 s
    instead of 0.9 s one read after the other."""
    with (open_report(context, flt) as rq, _no_gc_pauses(),
          ThreadPoolExecutor(max_workers=2, thread_name_prefix="customer-value") as pool):
        parts = [pool.submit(_own_session, context, rq, partial(_billed, first=first, beyond=beyond))
                 for first, beyond in _halves(rq)]
        settings = stored_value_settings(rq.session)
        customers = _customers(rq)
        customers.sort(key=itemgetter(1))  # by code: the order among equal scores and revenue
        owners: dict[int | None, str] = {row.id: row.display_name
                                         for row in rq.session.execute(select(User.id, User.display_name))}
        owners[None] = ""
        billed: dict[int, Sequence[int]] = {}
        for part in parts:
            billed.update(part.result())
        values = _score(customers, billed, settings, rq.today)
        del billed
        # Each row is made in the order the values were made (100,000 of them: visited again after sorting, each
        # would cost several cache misses), into a list per total score (3–15); each list is then sorted by
        # revenue, stably (code order stays among equals): a third of the time of one sort on (score, revenue).
        # The drills are made in the final order: the garbage collector walks them (rows without reference
        # cycles it soon stops tracking) at every full collection while the report is shown, 0.05 s longer
        # when they lie in memory out of that order.
        tiers, yuan = settings.tiers, from_fen
        by_score: list[list[tuple[int, tuple[Value, ...], int]]] = [[] for _ in range(16)]
        for v in values:
            by_score[v[12]].append((v[8], (v[1], v[2], owners.get(v[3], ""), v[5], v[6], yuan(v[7]), yuan(v[8]),
                                           v[9], v[10], v[11], v[12], v[13], v[4], tiers[v[13]]), v[0]))
        totals: list[Value] = [TOTAL, None, None, None, sum(map(itemgetter(6), values)),
                               yuan(sum(map(itemgetter(7), values))), yuan(sum(map(itemgetter(8), values))), None,
                               None, None, None, None, None, None]
        del values
        grades: Counter[str] = Counter()
        ranked: list[tuple[int, tuple[Value, ...], int]] = []
        for score in range(len(by_score) - 1, -1, -1):
            same = by_score[score]
            same.sort(key=itemgetter(0), reverse=True)
            ranked.extend(same)
            grades[settings.grade(score)] += len(same)
        del by_score
        rows = list(map(itemgetter(1), ranked))
        drills = [Drill("customer", {"customer_id": entry[2]}) for entry in ranked]
        del ranked
        chart = Chart("pie", Label("客户等级分布", "Customers by grade"), GRADES,
                      (Series(Label("客户数", "Customers"), tuple(grades[g] for g in GRADES)),), "count",
                      "customer_grades") if rows else None
        return rq.finish("customer_value", TITLE, COLUMNS, rows, totals, chart=chart, drills=drills,
                         notes=_notes(settings, len(customers) - len(rows)))


def _write_query(context: Context, session: Any) -> ReportQuery:
    """A ReportQuery over the write session (scoped by the caller), with today by the context's clock."""
    zone = session.scalar(select(Company.timezone).order_by(Company.id).limit(1)) or "Asia/Shanghai"
    now = context.clock()
    today = now.astimezone(ZoneInfo(zone)).date()
    return ReportQuery(session, context, ReportFilter(Period(today, today + timedelta(days=1))), None, zone, today,
                       now)


def apply_suggested_tiers(context: Context, customer_ids: Sequence[int]) -> tuple[int, Changes]:
    """Set the suggested tier on ``customer_ids`` (recomputed here, whatever the caller showed): permission
    ``customers.edit`` and ``reports.view``; every customer must be in the actor's customer and report scopes,
    otherwise nothing is written. One transaction; each change is audited as ``customer.update`` (with the
    version raised, so an edit form open elsewhere is told), plus one ``customer_value.apply``. Returns how
    many customers changed."""
    context.require("customers.edit")
    context.require("reports.view")
    ids = sorted({int(customer_id) for customer_id in customer_ids})
    if not ids:
        return 0, NOTHING
    with context.unit_of_work() as uow:
        session = uow.session
        settings = stored_value_settings(session)
        tiers = [str(tier) for tier in read(session, "customer.tiers")]
        access, facts = context.actor.access, load_facts(session, context.actor)
        scopes = [c for c in (scope_condition(session, context),
                              visible(access, facts, "reports", Customer.owner_id, Customer.department_id))
                  if c is not None]
        values: list[CustomerValue] = []
        seen, base = 0, _write_query(context, session)
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start:start + _CHUNK]
            rows, found = _measure(replace(base, customers=and_(Customer.id.in_(chunk), *scopes)), settings)
            values.extend(_values(rows, settings))
            seen += found
        if seen != len(ids):
            raise DomainError("customer_value.not_in_scope", count=len(ids) - seen)
        changes = [v for v in values if v.suggested_tier != v.tier]
        for grade in sorted({v.grade for v in changes}):
            if settings.tiers[grade] not in tiers:
                raise ValidationFailed("customer_value.tier_unknown", "tiers", grade=grade,
                                       tier=settings.tiers[grade], tiers=", ".join(tiers))
        now, who = context.clock(), context.actor.display_name
        groups: dict[tuple[str, str], list[int]] = {}
        for value in changes:
            groups.setdefault((value.tier, value.suggested_tier), []).append(value.customer_id)
        for (before, after), members in sorted(groups.items()):
            for start in range(0, len(members), _CHUNK):
                chunk = members[start:start + _CHUNK]
                result = session.execute(
                    update(Customer).where(Customer.id.in_(chunk), Customer.tier == before)
                    .values(tier=after, version=Customer.version + 1, updated_at=now, updated_by=who)
                    .execution_options(synchronize_session=False))
                if result.rowcount != len(chunk):  # type: ignore[attr-defined]
                    raise ConcurrentEdit(record="customer", by=None, at=None)
        for value in sorted(changes, key=lambda v: v.customer_id):
            uow.audit("customer.update", "customer", value.customer_id,
                      changed={"tier": [value.tier, value.suggested_tier]})
        uow.audit("customer_value.apply", "customer", "", count=len(changes), requested=len(ids),
                  graded=len(values))
        uow.commit()
    return len(changes), Changes(customers=bool(changes))
