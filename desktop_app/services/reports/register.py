"""Bill register (账单登记簿): every bill and credit note issued in the period, what finance reconciles against.

- Rows: each document whose issue date lies in the period (drafts have none, so they never appear), void ones
  included and marked by their status; in issue-date order, then series (ZD before HC) and number.
- Amounts: net / tax / gross as billed (credit notes negative: they take revenue back); paid and outstanding
  (``amount_due − paid`` while ``issued`` / ``partially_paid``) for bills; empty for credit notes.
- Totals leave void documents out (a note says so), so they equal revenue by month for the same period
  and filters.
- The customer columns are the bill's own snapshot (code and name as issued). A month may hold 100,000
  documents: rows are built from plain column tuples of one indexed range query, never ORM objects.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from desktop_app.billing.money import from_fen
from desktop_app.documents.report_snapshot import Column, Drill, Label, ReportSnapshot, Value
from desktop_app.models import Bill
from desktop_app.services.context import Context
from desktop_app.services.reports.model import ReportFilter
from desktop_app.services.reports.query import open_report, yuan
from desktop_app.services.reports.revenue import BILL, CREDIT_NOTE, NOT_COUNTED, TOTAL_TEXT, on_plan, raw, scoped

__all__ = ["KINDS", "STATUSES", "build"]

KINDS = {BILL: Label("账单", "bill"), CREDIT_NOTE: Label("冲销单", "credit note")}
STATUSES = {"issued": Label("已开具", "issued"), "partially_paid": Label("部分收款", "partially paid"),
            "paid": Label("已收款", "paid"), "void": Label("已作废", "void")}
OPEN = ("issued", "partially_paid")
COLUMNS = (
    Column("code", "text", Label("单号", "Number")),
    Column("kind", "text", Label("类型", "Kind")),
    Column("status", "text", Label("状态", "Status")),
    Column("issue_date", "date", Label("开具日期", "Issue date")),
    Column("due_date", "date", Label("到期日", "Due date")),
    Column("customer_code", "text", Label("客户编号", "Customer code")),
    Column("customer_name", "text", Label("客户名称", "Customer")),
    Column("net", "money", Label("金额", "Net")),
    Column("tax", "money", Label("税额", "Tax")),
    Column("gross", "money", Label("价税合计", "Gross")),
    Column("paid", "money", Label("已收", "Paid")),
    Column("outstanding", "money", Label("未收", "Outstanding")),
)
NOTES = (
    Label("已作废单据列示但不计入合计；冲销单金额以负数列示。",
          "Void documents are listed but left out of the totals; credit notes are shown as negative amounts."),
)


def build(context: Context, flt: ReportFilter) -> ReportSnapshot:
    """The register of ``flt.period``: one row per bill or credit note issued in it."""
    with open_report(context, flt) as rq:
        period = flt.period
        query: Any = (select(Bill.customer_id, Bill.code, Bill.kind, Bill.status, Bill.issue_date, Bill.due_date,
                             Bill.customer_code, Bill.customer_name, raw(Bill.total_net), raw(Bill.total_tax),
                             raw(Bill.total_gross), raw(Bill.paid), raw(Bill.amount_due))
                      .where(Bill.issue_date >= period.start, Bill.issue_date < period.end,
                             Bill.status != "draft")
                      .order_by(Bill.issue_date, Bill.series, Bill.number, Bill.id))
        if flt.plan_id is not None:
            query = query.where(on_plan(flt.plan_id))
        rows: list[tuple[Value, ...]] = []
        drills: list[Drill | None] = []
        add_row, add_drill, money = rows.append, drills.append, from_fen
        net_total = tax_total = gross_total = paid_total = left_total = 0
        # a month may hold 100,000 documents: plain tuples, integer fen, one conversion per cell
        for (customer_id, code, kind, status, issued, due, customer_code, customer_name, net, tax, gross, paid,
             owed) in rq.session.connection().execute(scoped(rq, query)):
            paid_cell: Value = None
            left_cell: Value = None
            if kind == CREDIT_NOTE:
                net, tax, gross = -net, -tax, -gross
            else:
                left = owed - paid if status in OPEN else 0
                paid_cell, left_cell = money(paid), money(left)
                if status not in NOT_COUNTED:
                    paid_total += paid
                    left_total += left
            if status not in NOT_COUNTED:
                net_total += net
                tax_total += tax
                gross_total += gross
            add_row((code or "", KINDS.get(kind, kind), STATUSES.get(status, status), issued, due, customer_code,
                     customer_name, money(net), money(tax), money(gross), paid_cell, left_cell))
            add_drill(Drill("customer", {"customer_id": customer_id}))
        totals: list[Value] = [TOTAL_TEXT, None, None, None, None, None, None, yuan(net_total), yuan(tax_total),
                               yuan(gross_total), yuan(paid_total), yuan(left_total)]
        return rq.finish("bill_register", Label("账单登记簿", "Bill register"), COLUMNS, rows, totals,
                         drills=drills, notes=NOTES)
