"""Reports (报表) and the dashboard: what managers look at and print.

Each report is a plain function ``build(context, flt) -> ReportSnapshot`` in its own module, run through
the one permission and scope layer (``query.open_report``); outputs (PDF, XLSX, CSV) take the snapshot.
The registry names them; modules load on first use (the GUI starts without them).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from desktop_app.documents.report_snapshot import Label, ReportSnapshot, localised
from desktop_app.errors import ValidationFailed
from desktop_app.services.context import Context
from desktop_app.services.reports.model import Period, ReportFilter, parse_period

__all__ = ["REPORTS", "Period", "ReportFilter", "ReportInfo", "localised", "parse_period", "report_info", "run_report"]


@dataclass(frozen=True)
class ReportInfo:
    name: str
    title: Label
    module: str  # desktop_app.services.reports.<module>
    function: str
    filters: tuple[str, ...]  # which ReportFilter fields it honours besides the period
    point_in_time: bool = False  # uses as_of (aging) rather than a period


_COMMON = ("department_id", "owner_id", "tier", "customer_id")
REPORTS: dict[str, ReportInfo] = {info.name: info for info in (
    ReportInfo("revenue_by_period", Label("收入（按月）", "Revenue by month"), "revenue", "by_period",
               (*_COMMON, "plan_id", "product")),
    ReportInfo("revenue_by_plan", Label("收入（按套餐）", "Revenue by plan"), "revenue", "by_plan",
               (*_COMMON, "plan_id")),
    ReportInfo("revenue_by_product", Label("收入（按产品）", "Revenue by product"), "revenue", "by_product",
               (*_COMMON, "plan_id", "product")),
    ReportInfo("revenue_by_tax_rate", Label("收入（按税率）", "Revenue by tax rate"), "revenue", "by_tax_rate",
               (*_COMMON, "plan_id", "product")),
    ReportInfo("sales_performance", Label("业绩报表", "Sales performance"), "performance", "build",
               ("department_id", "owner_id", "tier")),
    ReportInfo("aging", Label("应收账龄", "Receivables aging"), "aging", "build", _COMMON, point_in_time=True),
    ReportInfo("collections", Label("收款统计", "Payment collection"), "collections", "build", _COMMON),
    ReportInfo("customers", Label("客户统计", "Customer report"), "customer_stats", "build",
               ("department_id", "owner_id", "tier")),
    ReportInfo("customer_value", Label("客户价值评估", "Customer value"), "customer_value", "build", _COMMON),
    ReportInfo("usage", Label("用量报表", "Usage report"), "usage", "build", (*_COMMON, "plan_id")),
    ReportInfo("tax_summary", Label("税额汇总", "Tax summary"), "tax_summary", "build", _COMMON),
    ReportInfo("bill_register", Label("账单登记簿", "Bill register"), "register", "build",
               (*_COMMON, "plan_id")),
)}


def report_info(name: str) -> ReportInfo:
    info = REPORTS.get(name)
    if info is None:
        raise ValidationFailed("report.unknown", "name", name=name)
    return info


def _builder(info: ReportInfo) -> Callable[[Context, ReportFilter], ReportSnapshot]:
    module = importlib.import_module(f"desktop_app.services.reports.{info.module}")
    builder: Callable[[Context, ReportFilter], ReportSnapshot] = getattr(module, info.function)
    return builder


def run_report(context: Context, name: str, flt: ReportFilter) -> ReportSnapshot:
    """Compute report ``name`` for ``flt`` as the context's actor sees it (PermissionDenied without
    ``reports.view``)."""
    return _builder(report_info(name))(context, flt)
