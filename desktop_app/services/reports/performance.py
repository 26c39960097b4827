"""Sales performance (业绩报表): per salesperson (the customers' owner) and department, what their customers
were billed and paid in the period, how many customers they won, against their monthly targets (业绩目标).

- billed: gross billed revenue of their customers (bills add, credit notes subtract; issued, paid or
  partially paid documents by issue date in the period);
- collected: payments minus refunds of their customers received in the period;
- new customers: their customers created in the period (company calendar days);
- target: the sum of their monthly targets for every month the period touches; achievement = billed / target.

A department's subtotal and the totals add up the rows above them; their achievement is the billed revenue
of those who have a target divided by the sum of those targets. Customers without an owner (the pool,
公海) form a row of their own for those who see all; for anyone else they are left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import BigInteger, ColumnElement, Select, case, func, select, type_coerce

from desktop_app.documents.report_snapshot import Card, Chart, Column, Drill, Label, ReportSnapshot, Series, Value
from desktop_app.models import Bill, Customer, Department, Payment, SalesTarget, User
from desktop_app.services.access import Scope
from desktop_app.services.context import Context
from desktop_app.services.reports.model import ReportFilter
from desktop_app.services.reports.query import TOTAL, ReportQuery, _subtree, open_report, yuan
from desktop_app.services.scope import load_facts, visible

__all__ = ["COLUMNS", "POOL", "SUBTOTAL", "billed_by_customer", "build", "collected_by_customer", "ratio"]

TITLE = Label("业绩报表", "Sales performance")
POOL = Label("（公海）", "(pool)")
SUBTOTAL = Label("小计", "Subtotal")
NO_DEPARTMENT = Label("（无部门）", "(no department)")
COLUMNS = (
    Column("salesperson", "text", Label("销售人员", "Salesperson")),
    Column("department", "text", Label("部门", "Department")),
    Column("billed", "money", Label("开票收入", "Billed")),
    Column("collected", "money", Label("回款", "Collected")),
    Column("new_customers", "count", Label("新增客户", "New customers")),
    Column("target", "money", Label("业绩目标", "Target")),
    Column("achievement", "percent", Label("完成率", "Achievement")),
)
NOTE = Label("开票收入为价税合计（冲销单冲减）；回款为收款减退款；目标为期间所涉各月目标之和。",
             "Billed is gross (credit notes subtracted); collected is payments minus refunds; the target is the "
             "sum of the monthly targets of every month the period touches.")
_RATIO = Decimal("0.0001")
AMOUNTS = ("bills", "payments")  # whose amounts the report shows: hidden for either, no money column at all


def ratio(part: Decimal, whole: Decimal | None) -> Decimal | None:
    """``part / whole`` as a Decimal ratio to 4 places (half-up); None without a (positive) whole."""
    if whole is None or whole <= 0:
        return None
    return (part / whole).quantize(_RATIO, rounding=ROUND_HALF_UP)


def billed_by_customer(rq: ReportQuery) -> Select[int, Any]:
    """Per customer in scope: gross billed revenue of the period in raw fen (column ``fen``)."""
    period, gross = rq.filter.period, type_coerce(Bill.total_gross, BigInteger)
    signed = case((Bill.kind == "credit_note", -gross), else_=gross)
    query = (select(Bill.customer_id.label("customer_id"), func.sum(signed).label("fen"))
             .where(Bill.issue_date >= period.start, Bill.issue_date < period.end,
                    Bill.status.notin_(("draft", "void")))
             .group_by(Bill.customer_id))
    return rq.scoped(query, Bill.customer_id)


def collected_by_customer(rq: ReportQuery) -> Select[int, Any]:
    """Per customer in scope: payments minus refunds received in the period, in raw fen (column ``fen``)."""
    period, amount = rq.filter.period, type_coerce(Payment.amount, BigInteger)
    signed = case((Payment.kind == "refund", -amount), else_=amount)
    query = (select(Payment.customer_id.label("customer_id"), func.sum(signed).label("fen"))
             .where(Payment.received_on >= period.start, Payment.received_on < period.end)
             .group_by(Payment.customer_id))
    return rq.scoped(query, Payment.customer_id)


def _by_owner(rq: ReportQuery, per_customer: Select[int, Any]) -> dict[int | None, Decimal]:
    sums = per_customer.subquery()
    query = (select(Customer.owner_id, func.sum(sums.c.fen)).join(sums, sums.c.customer_id == Customer.id)
             .group_by(Customer.owner_id))
    return {owner: yuan(fen) for owner, fen in rq.session.execute(query)}


def _customers_by_owner(rq: ReportQuery) -> dict[int | None, int]:
    """Owners of the customers in scope, with how many of those customers were created in the period."""
    period = rq.filter.period
    created = case((Customer.created_at >= rq.day_start(period.start), 1), else_=0)
    new = case((Customer.created_at < rq.day_start(period.end), created), else_=0)
    query = rq.scoped(select(Customer.owner_id, func.sum(new)).group_by(Customer.owner_id), Customer.id)
    return {owner: int(count or 0) for owner, count in rq.session.execute(query)}


def _targets(rq: ReportQuery) -> dict[int, Decimal]:
    """Each salesperson's targets summed over the period's months, for the users in the report's scope."""
    access, flt = rq.context.actor.access, rq.filter
    conditions: list[ColumnElement[bool]] = [SalesTarget.month.in_(rq.filter.period.months())]
    seen = visible(access, load_facts(rq.session, rq.context.actor), "reports", User.id, User.department_id)
    if seen is not None:
        conditions.append(seen)
    if flt.department_id is not None:
        conditions.append(User.department_id.in_(_subtree(rq.session, flt.department_id)))
    if flt.owner_id is not None:
        conditions.append(User.id == flt.owner_id)
    amount = type_coerce(SalesTarget.amount, BigInteger)
    query = (select(SalesTarget.user_id, func.sum(amount)).join(User, User.id == SalesTarget.user_id)
             .where(*conditions).group_by(SalesTarget.user_id))
    return {user_id: yuan(fen) for user_id, fen in rq.session.execute(query)}


@dataclass
class _Figures:
    billed: Decimal = Decimal("0.00")
    collected: Decimal = Decimal("0.00")
    new: int = 0
    target: Decimal | None = None
    billed_with_target: Decimal = Decimal("0.00")

    def add(self, other: _Figures) -> None:
        self.billed += other.billed
        self.collected += other.collected
        self.new += other.new
        if other.target is not None:
            self.target = (self.target or Decimal("0.00")) + other.target
            self.billed_with_target += other.billed_with_target


def _row(name: str | Label, department: str | Label, figures: _Figures, show: bool) -> list[Value]:
    """One line; without amounts (left out by ``finish``) the achievement, which would tell them, too."""
    achievement = ratio(figures.billed_with_target, figures.target) if show else None
    return [name, department, figures.billed, figures.collected, figures.new, figures.target, achievement]


def _figures(rq: ReportQuery, show: bool) -> dict[int | None, _Figures]:
    """Each salesperson's figures (None: the pool, for those who see all)."""
    billed = _by_owner(rq, billed_by_customer(rq)) if show else {}
    collected = _by_owner(rq, collected_by_customer(rq)) if show else {}
    owners, targets = _customers_by_owner(rq), _targets(rq)
    see_all = rq.context.actor.access.scope("reports") is Scope.ALL
    figures: dict[int | None, _Figures] = {}
    for owner in {*owners, *billed, *collected, *targets}:
        if owner is None and not see_all:
            continue
        target = targets.get(owner) if owner is not None else None
        found = billed.get(owner, Decimal("0.00"))
        figures[owner] = _Figures(found, collected.get(owner, Decimal("0.00")), owners.get(owner, 0), target,
                                  found if target is not None else Decimal("0.00"))
    return figures


@dataclass
class _Layout:
    rows: list[list[Value]] = field(default_factory=list)
    drills: list[Drill | None] = field(default_factory=list)
    names: list[str] = field(default_factory=list)  # the chart: one bar pair per salesperson
    billed: list[Decimal] = field(default_factory=list)
    targets: list[Decimal] = field(default_factory=list)
    total: _Figures = field(default_factory=_Figures)


def _layout(rq: ReportQuery, figures: dict[int | None, _Figures], show: bool) -> _Layout:
    """Departments by name, in each its salespeople by billed revenue, then the department's subtotal; the
    pool last."""
    people = {row.id: (row.display_name, row.department_id) for row in rq.session.execute(
        select(User.id, User.display_name, User.department_id).where(User.id.in_([o for o in figures if o])))}
    departments = {row.id: row.name for row in rq.session.execute(select(Department.id, Department.name))}
    by_department: dict[int | None, list[int]] = {}
    for user_id in (owner for owner in figures if owner is not None):
        by_department.setdefault(people[user_id][1], []).append(user_id)
    layout = _Layout()
    for department_id in sorted(by_department, key=lambda d: (d is None, departments.get(d, "") if d else "", d or 0)):
        department = departments.get(department_id, "") if department_id else NO_DEPARTMENT
        subtotal = _Figures()
        for user_id in sorted(by_department[department_id], key=lambda u: (-figures[u].billed, people[u][0], u)):
            person, name = figures[user_id], people[user_id][0]
            layout.rows.append(_row(name, department, person, show))
            layout.drills.append(Drill("customers", {"owner_id": user_id}))
            layout.names.append(name)
            layout.billed.append(person.billed)
            layout.targets.append(person.target or Decimal("0.00"))
            subtotal.add(person)
        layout.rows.append(_row(SUBTOTAL, department, subtotal, show))
        layout.drills.append(Drill("revenue_by_period", {"department_id": department_id})
                             if department_id is not None else None)
        layout.total.add(subtotal)
    if None in figures:
        layout.rows.append(_row(POOL, "", figures[None], show))
        layout.drills.append(Drill("customers", {"pool": True}))
        layout.total.add(figures[None])
    return layout


def build(context: Context, flt: ReportFilter) -> ReportSnapshot:
    """The performance report for ``flt`` (filters: department, owner, tier) as the actor sees it."""
    with open_report(context, flt) as rq:
        show = all(rq.amounts_visible(resource) for resource in AMOUNTS)
        layout = _layout(rq, _figures(rq, show), show)
        chart = (Chart("bar", Label("开票收入与目标", "Billed vs target"), tuple(layout.names),
                       (Series(Label("开票收入", "Billed"), tuple(layout.billed)),
                        Series(Label("业绩目标", "Target"), tuple(layout.targets))), "money", "performance")
                 if show and layout.names else None)
        return rq.finish("sales_performance", TITLE, COLUMNS, layout.rows, _row(TOTAL, "", layout.total, show),
                         chart=chart, cards=_cards(rq, layout.total, show), drills=layout.drills, notes=(NOTE,),
                         amounts=AMOUNTS)


def _cards(rq: ReportQuery, total: _Figures, show: bool) -> list[Card]:
    period = rq.filter.period
    created_in = f"{period.start.isoformat()}..{period.last_day.isoformat()}"
    cards = []
    if show:
        cards.append(Card("billed", Label("开票收入", "Billed"), total.billed))
        cards.append(Card("collected", Label("回款", "Collected"), total.collected))
    cards.append(Card("new_customers", Label("新增客户", "New customers"), total.new, "count",
                      drill=Drill("customers", {"created_in": created_in})))
    if show and total.target is not None:
        cards.append(Card("achievement", Label("目标完成率", "Target achievement"),
                          ratio(total.billed_with_target, total.target), "percent"))
    return cards
