"""Customer value (客户价值评估): recency, frequency and monetary scores (RFM) and revenue to date per customer,
a grade A/B/C/D and the membership tier suggested for it, which a manager may apply in bulk.

Measured on the reference day (today in the company's calendar, by the injected clock):

- recency: days from the last payment received (or, never paid, the last bill issued) to today;
- frequency: bills issued in the 12 months up to today (``[today − 1 year + 1 day, today]``);
- monetary: billed revenue (gross; credit notes subtract) issued in those 12 months;
- revenue to date: all billed revenue (gross, credit notes subtracted) issued up to today.

Scores, grade limits and suggested tiers are the setting ``reports.customer_value``
(``customer_value_settings.py``). Customers without any bill or payment get no grade and are left out.
Two reads whatever the number of customers: one grouped pass over the bills, and the customers in scope, each
with its last payment (or last bill) found through an index.
"""

from __future__ import annotations

import gc
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from operator import itemgetter
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import BigInteger, String, and_, case, func, literal, select, type_coerce, update

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


def _measure(rq: ReportQuery, settings: ValueSettings) -> tuple[list[_Row], int]:
    """One grouped pass over the bills, one read of the customers in scope with each one's last payment (an
    index lookup per customer: ``payments (customer_id, received_on)``; the last bill's likewise, only for a
    customer never paid), the scores in integer fen. Returns the graded customers and how many customers are in
    scope."""
    today, since = rq.today, window_start(rq.today)
    gross = type_coerce(Bill.total_gross, BigInteger)
    signed = case((Bill.kind == "credit_note", -gross), else_=gross)
    is_bill, recent, issued = Bill.kind == "bill", Bill.issue_date >= since, Bill.status.notin_(("draft", "void"))
    bills = rq.scoped(
        select(Bill.customer_id, _when(rq, func.count, literal(1), and_(is_bill, recent)),
               _when(rq, func.sum, signed, recent), func.sum(signed))
        .where(issued, Bill.issue_date <= today)
        .group_by(Bill.customer_id), Bill.customer_id)
    connection = rq.session.connection()  # Core rows: no ORM bookkeeping per row (100,000 rows)
    billed = {row[0]: row[1:] for row in connection.execute(bills)}
    last_paid = (select(func.max(type_coerce(Payment.received_on, String)))
                 .where(Payment.customer_id == Customer.id, Payment.kind == "payment", Payment.received_on <= today)
                 .correlate(Customer).scalar_subquery())
    last_bill = (select(func.max(type_coerce(Bill.issue_date, String)))
                 .where(Bill.customer_id == Customer.id, is_bill, issued, Bill.issue_date <= today)
                 .correlate(Customer).scalar_subquery())
    customers = rq.scoped(select(Customer.id, Customer.code, Customer.name, Customer.owner_id, Customer.tier,
                                 func.coalesce(last_paid, last_bill)), Customer.id)
    recency_limits, frequency_limits = settings.recency_days, settings.frequency
    money_limits = tuple(to_fen(amount) for amount in settings.monetary)
    count, seen, grade = len(recency_limits), 0, [settings.grade(total) for total in range(16)]
    found: list[_Row] = []
    for customer_id, code, name, owner_id, tier, last in connection.execute(customers):
        seen += 1
        facts = billed.get(customer_id)
        if facts is None and last is None:
            continue
        frequency, monetary, total = facts if facts is not None else (0, 0, 0)
        if isinstance(last, str):  # SQLite keeps dates as ISO text (read raw: fromisoformat is fast)
            last = date.fromisoformat(last)
        days = (today - last).days if last is not None else None
        frequency, monetary, total = int(frequency or 0), int(monetary or 0), int(total or 0)
        r = 1 if days is None else 1 + count - bisect_left(recency_limits, days)
        f = 1 + bisect_right(frequency_limits, frequency)
        m = 1 + bisect_right(money_limits, monetary)
        score = r + f + m
        found.append((customer_id, code, name, owner_id, tier, days, frequency, monetary, total, r, f, m, score,
                      grade[score]))
    return found, seen


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
    """Build the 100,000 rows (and their drills) without the cyclic garbage collector: it runs every 700 new
    container objects and, as they pile up, rescans all of them — about a tenth of the report's time here.
    The rows hold no reference cycles (Mercurial's ``util.nogc`` does the same for its big containers)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def build(context: Context, flt: ReportFilter) -> ReportSnapshot:
    """The customer value report for ``flt`` (filters: department, owner, tier, customer), best first."""
    with open_report(context, flt) as rq, _no_gc_pauses():
        settings = stored_value_settings(rq.session)
        values, in_scope = _measure(rq, settings)
        owners = {row.id: row.display_name for row in rq.session.execute(select(User.id, User.display_name))}
        values.sort(key=itemgetter(1))  # by code, then (stable) best score and most revenue first
        values.sort(key=itemgetter(12, 8), reverse=True)
        tiers, yuan = settings.tiers, from_fen
        rows: list[tuple[Value, ...]] = [
            (v[1], v[2], owners.get(v[3], "") if v[3] else "", v[5], v[6], yuan(v[7]), yuan(v[8]), v[9], v[10],
             v[11], v[12], v[13], v[4], tiers[v[13]]) for v in values]
        drills = [Drill("customer", {"customer_id": v[0]}) for v in values]
        totals: list[Value] = [TOTAL, None, None, None, sum(v[6] for v in values),
                               from_fen(sum(v[7] for v in values)), from_fen(sum(v[8] for v in values)), None, None,
                               None, None, None, None, None]
        grades = Counter(v[13] for v in values)
        chart = Chart("pie", Label("客户等级分布", "Customers by grade"), GRADES,
                      (Series(Label("客户数", "Customers"), tuple(grades[g] for g in GRADES)),), "count",
                      "customer_grades") if values else None
        return rq.finish("customer_value", TITLE, COLUMNS, rows, totals, chart=chart, drills=drills,
                         notes=_notes(settings, in_scope - len(values)))


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
