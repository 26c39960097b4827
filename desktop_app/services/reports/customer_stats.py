"""Customer report (客户统计): the customers in scope by tier, industry, region and status, with how many are
active, how many were won (created) and how many were lost (closed) in the period.

- customers / active: as they are now (status ``active``), in the actor's scope and the filters;
- new in period: created in the period (company calendar days);
- lost in period: changed to status ``closed`` during the period. The source is the audit log: every status
  change made through the customer form is recorded as ``customer.update`` with the field's value before and
  after (``{"changed": {"status": ["active", "closed"]}}``), stamped by the database clock. A customer closed
  and reopened within the period still counts as lost in it. Changes made by an import (one
  ``customer.import`` entry per file, without the values) are not seen.

Each dimension lists every value once (an empty value as "(未填)"); the totals row counts every customer
once, so each dimension's rows add up to it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import ColumnElement, String, and_, case, cast, func, or_, select

from desktop_app.documents.report_snapshot import Chart, Column, Drill, Label, ReportSnapshot, Series, Value
from desktop_app.models import AuditEntry, Customer
from desktop_app.services.context import Context
from desktop_app.services.customers import STATUSES
from desktop_app.services.reports.model import ReportFilter
from desktop_app.services.reports.query import TOTAL, ReportQuery, open_report
from desktop_app.services.settings import read

__all__ = ["COLUMNS", "DIMENSIONS", "NOT_SET", "build", "lost_condition"]

TITLE = Label("客户统计", "Customer report")
NOT_SET = Label("（未填）", "(not set)")
DIMENSIONS = (
    ("tier", Label("会员级别", "Tier")),
    ("industry", Label("行业", "Industry")),
    ("region", Label("地区", "Region")),
    ("status", Label("状态", "Status")),
)
STATUS_TEXT = {"prospect": "潜在", "active": "活跃", "suspended": "暂停", "closed": "已关闭"}
COLUMNS = (
    Column("dimension", "text", Label("维度", "Dimension")),
    Column("value", "text", Label("值", "Value")),
    Column("customers", "count", Label("客户数", "Customers")),
    Column("active", "count", Label("活跃", "Active")),
    Column("new", "count", Label("本期新增", "New in period")),
    Column("lost", "count", Label("本期流失", "Lost in period")),
)
NOTE = Label("流失：本期内状态改为“已关闭”（按审计日志；导入造成的变更不计）。",
             'Lost: changed to "closed" during the period (from the audit log; changes made by an import are '
             "not counted).")


def _closing_patterns() -> list[str]:
    """The audit detail of a status change to "closed" from each other status, as ``json.dumps`` writes it
    (keys sorted, ", " and ": " separators). A quote inside a JSON string is escaped, so ``"status": [`` only
    ever matches the key itself."""
    return [f'%{json.dumps({"status": [before, "closed"]})[1:-1]}%' for before in STATUSES if before != "closed"]


def lost_condition(since: datetime, until: datetime) -> ColumnElement[bool]:
    """Customers changed to status "closed" in ``[since, until)`` (audit log, database clock)."""
    closed = (select(AuditEntry.entity_id)
              .where(AuditEntry.action == "customer.update", AuditEntry.entity == "customer",
                     AuditEntry.at >= since, AuditEntry.at < until,
                     or_(*(AuditEntry.detail.like(pattern) for pattern in _closing_patterns()))))
    return cast(Customer.id, String).in_(closed)


def _value_text(dimension: str, value: str) -> str | Label:
    if not value:
        return NOT_SET
    if dimension == "status":
        return Label(STATUS_TEXT.get(value, value), value)
    return value


def _ordered(dimension: str, counts: dict[str, list[int]], tiers: Iterable[str]) -> list[str]:
    if dimension == "tier":
        known = [tier for tier in tiers if tier in counts]
        return known + sorted((v for v in counts if v not in known), key=lambda v: (-counts[v][0], v))
    if dimension == "status":
        return [s for s in STATUSES if s in counts] + sorted(v for v in counts if v not in STATUSES)
    return sorted(counts, key=lambda v: (v == "", -counts[v][0], v))


def _counts(rq: ReportQuery) -> list[tuple[tuple[str, str, str, str], tuple[int, int, int, int]]]:
    """One GROUP BY over the customers in scope: (tier, industry, region, status) with their counts."""
    period = rq.filter.period
    since, until = rq.day_start(period.start), rq.day_start(period.end)
    new = case((and_(Customer.created_at >= since, Customer.created_at < until), 1), else_=0)
    lost = case((lost_condition(since, until), 1), else_=0)
    active = case((Customer.status == "active", 1), else_=0)
    keys = (Customer.tier, Customer.industry, Customer.region, Customer.status)
    query = rq.scoped(select(*keys, func.count(), func.sum(active), func.sum(new), func.sum(lost)).group_by(*keys),
                      Customer.id)
    return [((tier or "", industry or "", region or "", status or ""),
             (int(count), int(active_count or 0), int(new_count or 0), int(lost_count or 0)))
            for tier, industry, region, status, count, active_count, new_count, lost_count
            in rq.session.execute(query)]


def build(context: Context, flt: ReportFilter) -> ReportSnapshot:
    """The customer report for ``flt`` (filters: department, owner, tier) as the actor sees it."""
    with open_report(context, flt) as rq:
        groups = _counts(rq)
        tiers = [str(tier) for tier in read(rq.session, "customer.tiers")]
        rows: list[list[Value]] = []
        drills: list[Drill | None] = []
        chart: Chart | None = None
        for position, (dimension, label) in enumerate(DIMENSIONS):
            counts: dict[str, list[int]] = {}
            for keys, figures in groups:
                found = counts.setdefault(keys[position], [0, 0, 0, 0])
                for index, number in enumerate(figures):
                    found[index] += number
            order = _ordered(dimension, counts, tiers)
            for value in order:
                rows.append([label, _value_text(dimension, value), *counts[value]])
                # the customer list filters by tier, status and region (not by industry)
                drills.append(Drill("customers", {dimension: value}) if value and dimension != "industry" else None)
            if dimension == "tier" and order:
                chart = Chart("pie", Label("客户按会员级别", "Customers by tier"),
                              tuple(_value_text("tier", value) for value in order),
                              (Series(Label("客户数", "Customers"), tuple(counts[value][0] for value in order)),),
                              "count", "customers_by_tier")
        totals: list[Value] = [TOTAL, "", *(sum(figures[index] for _, figures in groups) for index in range(4))]
        return rq.finish("customers", TITLE, COLUMNS, rows, totals, chart=chart, drills=drills, notes=(NOTE,))
