"""The one way a report reads: the actor's scope and the report's filters as a condition on customers,
the reference day by the injected clock in the company's calendar, and the finished snapshot.

Every report runs inside ``open_report`` (permission ``reports.view``, one read-only unit of work) and
restricts every table it reads through ``ReportQuery.scoped(query, customer_id_column)``:

- the scope is the actor's ``reports`` scope (本人 / 本人及下属 / 本部门 / 本部门及下属部门 / 全部) on the
  customer's owner and department — a salesperson's report covers only their customers (the unowned
  pool counts only for those who see all);
- the filters department (with sub-departments), owner, tier and customer narrow it further;
- amounts a role may not see (field rule ``bills.amount`` / ``payments.amount`` hidden or masked) are
  left out by ``finish`` — every money column, chart and card — with a note saying so.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Select, and_, or_, select
from sqlalchemy.orm import Session

from desktop_app.billing.money import from_fen
from desktop_app.documents.report_snapshot import (
    Card,
    Chart,
    Column,
    Drill,
    Label,
    ReportSnapshot,
    Value,
)
from desktop_app.models import Company, Customer, Department, Plan, User
from desktop_app.services.access import FieldRule, Scope
from desktop_app.services.context import Context
from desktop_app.services.reports.model import ReportFilter
from desktop_app.services.scope import load_facts, visible

__all__ = ["TOTAL", "ReportQuery", "in_report", "open_report", "yuan"]

QueryT = TypeVar("QueryT", bound=Select)  # type: ignore[type-arg]
TOTAL = Label("合计", "Total")
AMOUNTS_HIDDEN = Label("您的角色不显示金额。", "Amounts are hidden for your role.")


def yuan(fen: int | Decimal | None) -> Decimal:
    """Integer fen (as a raw SQL sum returns it) to exact yuan; None is 0.00."""
    return from_fen(int(fen or 0))


def _subtree(session: Session, department_id: int) -> list[int]:
    rows = session.execute(select(Department.id, Department.parent_id)).all()
    below: dict[int | None, list[int]] = {}
    for row in rows:
        below.setdefault(row.parent_id, []).append(row.id)
    found, stack = set(), [department_id]
    while stack:
        node = stack.pop()
        if node not in found:
            found.add(node)
            stack.extend(below.get(node, []))
    return sorted(found)


@dataclass
class ReportQuery:
    session: Session
    context: Context
    filter: ReportFilter
    customers: ColumnElement[bool] | None  # None: every customer
    time_zone: str
    today: date  # the company's calendar day by the context's clock (or the filter's as_of)
    now: datetime  # aware UTC, by the context's clock

    def scoped(self, query: QueryT, customer_id: Any) -> QueryT:
        """``query`` restricted to rows whose ``customer_id`` column names a customer in scope and filter."""
        if self.customers is None:
            return query
        return query.where(customer_id.in_(select(Customer.id).where(self.customers)))

    def amounts_visible(self, resource: str = "bills") -> bool:
        """False when the actor's role hides (or masks: a sum cannot be half shown) ``resource``'s amounts."""
        return self.context.actor.access.field_rule(resource, "amount") > FieldRule.MASKED

    def day_start(self, day: date) -> datetime:
        """The UTC instant the company's calendar ``day`` begins (for timestamp columns like created_at)."""
        return datetime.combine(day, datetime.min.time(), ZoneInfo(self.time_zone)).astimezone(UTC)

    def finish(self, name: str, title: Label, columns: Sequence[Column], rows: Sequence[Sequence[Value]],
               totals: Sequence[Value] | None = None, *, chart: Chart | None = None,
               cards: Sequence[Card] = (), drills: Sequence[Drill | None] = (),
               notes: Sequence[Label] = (), amounts: tuple[str, ...] = ("bills",),
               period_label: Label | None = None) -> ReportSnapshot:
        """The snapshot with the header facts: company, who and when, the period and the filters.

        When the actor's role hides the amounts of any resource in ``amounts`` (field rule ``amount``), every
        money column, money chart and money card is left out here — one place, whatever the report — and a
        note says why. ``period_label``: what the header says instead of the period (a point-in-time report:
        "截至 2026-04-30")."""
        hidden: list[Label] = []
        if not all(self.amounts_visible(resource) for resource in amounts):
            hidden = [AMOUNTS_HIDDEN]
            keep = [i for i, column in enumerate(columns) if column.kind != "money"]
            columns = [columns[i] for i in keep]
            rows = [[row[i] for i in keep] for row in rows]
            totals = None if totals is None else [totals[i] for i in keep]
            chart = None if chart is not None and chart.value_kind == "money" else chart
            cards = [card for card in cards if card.kind != "money"]
        return ReportSnapshot(
            name=name, title=title, period_label=period_label or self.filter.period.label(),
            filters=self._filter_labels(),
            columns=tuple(columns), rows=tuple(tuple(row) for row in rows),
            totals=None if totals is None else tuple(totals), chart=chart, cards=tuple(cards),
            drills=tuple(drills), notes=(*notes, *hidden), point_in_time=period_label is not None,
            company=self.session.scalar(select(Company.name).order_by(Company.id).limit(1)) or "",
            generated_by=self.context.actor.display_name, generated_at=self.now, time_zone=self.time_zone)

    def _filter_labels(self) -> tuple[tuple[Label, str], ...]:
        flt, session, found = self.filter, self.session, []
        if flt.department_id is not None:
            department = session.get(Department, flt.department_id)
            found.append((Label("部门", "Department"), department.name if department else str(flt.department_id)))
        if flt.owner_id is not None:
            user = session.get(User, flt.owner_id)
            found.append((Label("负责人", "Owner"), user.display_name if user else str(flt.owner_id)))
        if flt.tier:
            found.append((Label("会员级别", "Tier"), flt.tier))
        if flt.plan_id is not None:
            plan = session.get(Plan, flt.plan_id)
            found.append((Label("套餐", "Plan"), plan.name if plan else str(flt.plan_id)))
        if flt.product:
            found.append((Label("产品", "Product"), flt.product))
        if flt.customer_id is not None:
            customer = session.get(Customer, flt.customer_id)
            found.append((Label("客户", "Customer"), customer.name if customer else str(flt.customer_id)))
        return tuple(found)


def _customer_condition(session: Session, context: Context, flt: ReportFilter) -> ColumnElement[bool] | None:
    access = context.actor.access
    conditions: list[ColumnElement[bool]] = []
    scope = visible(access, load_facts(session, context.actor), "reports", Customer.owner_id,
                    Customer.department_id)
    if scope is not None:
        conditions.append(scope)
    elif access.scope("reports") is not Scope.ALL:  # pragma: no cover - visible() returns None only for ALL
        raise AssertionError("unexpected scope")
    if flt.department_id is not None:
        departments = _subtree(session, flt.department_id)
        members = select(User.id).where(User.department_id.in_(departments))
        conditions.append(or_(Customer.department_id.in_(departments), Customer.owner_id.in_(members)))
    if flt.owner_id is not None:
        conditions.append(Customer.owner_id == flt.owner_id)
    if flt.tier:
        conditions.append(Customer.tier == flt.tier)
    if flt.customer_id is not None:
        conditions.append(Customer.id == flt.customer_id)
    return and_(*conditions) if conditions else None


@contextmanager
def open_report(context: Context, flt: ReportFilter) -> Iterator[ReportQuery]:
    """A read-only unit of work for one report: checks ``reports.view`` (PermissionDenied otherwise)."""
    context.require("reports.view")
    with context.unit_of_work(write=False) as uow:
        session = uow.session
        zone = session.scalar(select(Company.timezone).order_by(Company.id).limit(1)) or "Asia/Shanghai"
        now = context.clock()
        today = flt.as_of or now.astimezone(ZoneInfo(zone)).date()
        yield ReportQuery(session, context, flt, _customer_condition(session, context, flt), zone, today, now)


T = TypeVar("T")


def in_report(context: Context, flt: ReportFilter, work: Callable[[ReportQuery], T]) -> T:
    """``work`` in a read-only unit of work of its own (for reads run side by side on other threads)."""
    with open_report(context, flt) as rq:
        return work(rq)
