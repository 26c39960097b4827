"""Revenue (收入) by month, plan, product and tax rate: net (金额), tax (税额) and gross (价税合计).

Billed revenue of a period: the bills and credit notes whose issue date lies in the period (half-open days
``[start, end)``) and whose status is neither ``draft`` nor ``void``; a bill adds, a credit note subtracts
(credit notes hold positive amounts). By month and by plan read the documents' totals (``total_net`` /
``total_tax`` / ``total_gross``); by product and by tax rate read their lines (a bill's totals are exact sums of
its lines, so the four reports agree to the fen). Every query groups in the database and reads integer fen.

Filters: department / owner / tier / customer through the report scope on the document's customer;
``plan_id`` keeps the documents of subscriptions on that plan (a credit note by its own subscription, else its
original bill's); ``product`` keeps only the lines of that product code (then by month sums those lines).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import BigInteger, ColumnElement, Select, and_, distinct, func, or_, select, type_coerce
from sqlalchemy.orm import aliased

from desktop_app.documents.report_snapshot import Card, Chart, Column, Drill, Label, ReportSnapshot, Series, Value
from desktop_app.models import Bill, BillLine, Plan, PlanVersionRow, Product, Subscription
from desktop_app.services.context import Context
from desktop_app.services.reports.model import Period, ReportFilter, month_start, next_month
from desktop_app.services.reports.query import TOTAL, ReportQuery, open_report, yuan

__all__ = ["BILL", "CREDIT_NOTE", "EXEMPT", "NOT_COUNTED", "TOTAL_TEXT", "Tally", "by_period", "by_plan",
           "by_product", "by_tax_rate", "counted", "document_counts", "line_sums", "on_plan",
           "rate_key", "rate_order", "rate_text", "raw", "scoped", "share"]

BILL, CREDIT_NOTE = "bill", "credit_note"
NOT_COUNTED = ("draft", "void")
TOTAL_TEXT = TOTAL
NO_PLAN = Label("（无套餐）", "(no plan)")
OTHER = Label("（其他）", "(other)")
EXEMPT = Label("免税", "exempt")
_PERCENT = Decimal("0.0001")

NET, TAX, GROSS = Label("金额", "Net"), Label("税额", "Tax"), Label("价税合计", "Gross")
DOCUMENTS = Label("单据数", "Documents")
SHARE = Label("占比", "Share of gross")


def raw(column: Any) -> ColumnElement[int]:
    """A Fen column as the integer fen it stores (sums stay integers; ``yuan`` converts once)."""
    return type_coerce(column, BigInteger)


def scoped(rq: ReportQuery, query: Any, customer_id: Any = Bill.customer_id) -> Select[Any]:
    """``rq.scoped`` for a select of any width (its type variable is bound to a one-column Select)."""
    found: Select[Any] = rq.scoped(query, customer_id)
    return found


def on_plan(plan_id: int) -> ColumnElement[bool]:
    """Documents of subscriptions on plan ``plan_id``: by the document's own subscription, or (a credit note
    without one) by its original bill's."""
    subscriptions = (select(Subscription.id)
                     .join(PlanVersionRow, PlanVersionRow.id == Subscription.plan_version_id)
                     .where(PlanVersionRow.plan_id == plan_id))
    original = aliased(Bill)
    return or_(Bill.subscription_id.in_(subscriptions),
               and_(Bill.subscription_id.is_(None),
                    Bill.original_bill_id.in_(select(original.id).where(original.subscription_id.in_(subscriptions)))))


def counted(rq: ReportQuery, start: date, end: date, *, plan: bool = True) -> list[ColumnElement[bool]]:
    """The documents that count as billed revenue on days ``[start, end)`` (and on the filter's plan)."""
    conditions = [Bill.issue_date >= start, Bill.issue_date < end, Bill.status.notin_(NOT_COUNTED)]
    if plan and rq.filter.plan_id is not None:
        conditions.append(on_plan(rq.filter.plan_id))
    return conditions


@dataclass
class Tally:
    """Signed sums in fen (credit notes subtract) and the documents counted, per kind."""

    bills: int = 0
    notes: int = 0
    net: int = 0
    tax: int = 0
    gross: int = 0

    def add(self, kind: str, documents: int | None, net: Any, tax: Any, gross: Any) -> None:
        sign = -1 if kind == CREDIT_NOTE else 1
        if kind == CREDIT_NOTE:
            self.notes += int(documents or 0)
        else:
            self.bills += int(documents or 0)
        self.net += sign * int(net or 0)
        self.tax += sign * int(tax or 0)
        self.gross += sign * int(gross or 0)

    def merge(self, other: Tally) -> None:
        self.bills, self.notes = self.bills + other.bills, self.notes + other.notes
        self.net, self.tax, self.gross = self.net + other.net, self.tax + other.tax, self.gross + other.gross

    @property
    def documents(self) -> int:
        return self.bills + self.notes

    def amounts(self) -> tuple[Decimal, Decimal, Decimal]:
        return yuan(self.net), yuan(self.tax), yuan(self.gross)


def share(part: int, whole: int) -> Decimal | None:
    """``part / whole`` as a ratio to four places (0.8530 is 85.30 %); None when the whole is zero."""
    if whole == 0:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(_PERCENT, ROUND_HALF_UP)


def rate_key(rate: str | None) -> Decimal | None:
    """A line's tax rate as an exact fraction (None: exempt)."""
    if rate is None or rate.strip() in ("", "exempt"):
        return None
    return Decimal(rate.strip())


def rate_text(rate: Decimal | None) -> str | Label:
    """"6%", "9%", "13%", "1.5%"; exempt is "免税/exempt"."""
    if rate is None:
        return EXEMPT
    return f"{(rate * 100).normalize():f}%"


def rate_order(rate: Decimal | None) -> tuple[int, Decimal]:
    """Rates ascending, exempt last."""
    return (1, Decimal(0)) if rate is None else (0, rate)


def document_counts(rq: ReportQuery, start: date, end: date, *, plan: bool = True, product: bool = True) -> Tally:
    """How many bills and credit notes count in ``[start, end)`` (with the product filter: those holding a
    line of the product) — the totals row of the line-based reports (a document may span several rows)."""
    tally = Tally()
    code = rq.filter.product if product else ""
    if code:
        query: Any = (select(Bill.kind, func.count(distinct(Bill.id))).select_from(BillLine)
                              .join(Bill, Bill.id == BillLine.bill_id)
                              .where(*counted(rq, start, end, plan=plan), BillLine.product == code))
    else:
        query = select(Bill.kind, func.count()).where(*counted(rq, start, end, plan=plan))
    for kind, documents in rq.session.execute(scoped(rq, query.group_by(Bill.kind))):
        tally.add(kind, documents, 0, 0, 0)
    return tally


def _daily(rq: ReportQuery, start: date, end: date) -> dict[date, Tally]:
    """Signed sums per issue day (grouped in the database by day and kind; months are summed here, the
    same on every backend)."""
    product = rq.filter.product
    if product:
        query: Any = (
            select(Bill.issue_date, Bill.kind, func.count(distinct(Bill.id)), func.sum(raw(BillLine.net)),
                   func.sum(raw(BillLine.tax)), func.sum(raw(BillLine.gross)))
            .select_from(BillLine).join(Bill, Bill.id == BillLine.bill_id)
            .where(*counted(rq, start, end), BillLine.product == product))
    else:
        query = select(Bill.issue_date, Bill.kind, func.count(), func.sum(raw(Bill.total_net)),
                       func.sum(raw(Bill.total_tax)), func.sum(raw(Bill.total_gross))
                       ).where(*counted(rq, start, end))
    found: dict[date, Tally] = defaultdict(Tally)
    for day, kind, documents, net, tax, gross in rq.session.execute(
            scoped(rq, query.group_by(Bill.issue_date, Bill.kind))):
        found[day].add(kind, documents, net, tax, gross)
    return found


def _year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def _month_text(month: date) -> str:
    return f"{month.year}-{month.month:02d}"


def _drill_period(month: date, period: Period) -> str:
    first, end = max(month, period.start), min(next_month(month), period.end)
    if first == month and end == next_month(month):
        return _month_text(month)
    return f"{first.isoformat()}..{(end - timedelta(days=1)).isoformat()}"


def _share(rq: ReportQuery, part: int, whole: int) -> Value:
    """A share of the gross, or None where the actor's role hides bill amounts (``finish`` leaves the money
    columns out and says so; a share would still tell them)."""
    return share(part, whole) if rq.amounts_visible() else None


def _per_month(days: dict[date, Tally], shift: int = 0) -> dict[date, Tally]:
    months: dict[date, Tally] = defaultdict(Tally)
    for day, tally in days.items():
        month = month_start(day)
        months[month.replace(year=month.year + shift)].merge(tally)
    return months


def by_period(context: Context, flt: ReportFilter) -> ReportSnapshot:
    """One row per month the period touches (months without documents show zeros): bills, credit notes,
    net, tax, gross; the chart compares each month's gross with the same month a year earlier."""
    with open_report(context, flt) as rq:
        period = flt.period
        this = _per_month(_daily(rq, period.start, period.end))
        before = _per_month(_daily(rq, _year_before(period.start), _year_before(period.end)), shift=1)
        months = period.months()
        rows: list[list[Value]] = []
        total, total_before = Tally(), Tally()
        for month in months:
            tally = this.get(month, Tally())
            total.merge(tally)
            total_before.merge(before.get(month, Tally()))
            rows.append([_month_text(month), tally.bills, tally.notes, *tally.amounts()])
        chart = Chart("bar", Label("价税合计（按月）", "Gross by month"), tuple(_month_text(m) for m in months), (
            Series(GROSS, tuple(yuan(this.get(m, Tally()).gross) for m in months)),
            Series(Label("去年同月", "Same month last year"),
                   tuple(yuan(before.get(m, Tally()).gross) for m in months)),
        ))
        cards = (Card("gross", Label("价税合计", "Gross"), yuan(total.gross)),
                 Card("gross_last_year", Label("去年同期价税合计", "Gross, same period last year"),
                      yuan(total_before.gross)))
        columns = (Column("month", "text", Label("月份", "Month")), Column("bills", "count", Label("账单数", "Bills")),
                   Column("credit_notes", "count", Label("冲销单数", "Credit notes")),
                   Column("net", "money", NET), Column("tax", "money", TAX), Column("gross", "money", GROSS))
        return rq.finish("revenue_by_period", Label("收入（按月）", "Revenue by month"), columns, rows,
                         [TOTAL_TEXT, total.bills, total.notes, *total.amounts()], chart=chart,
                         cards=cards, drills=[Drill("bill_register", {"period": _drill_period(m, period)})
                                              for m in months],
                         notes=_revenue_notes(flt))


def _revenue_notes(flt: ReportFilter, *, product: bool = True) -> list[Label]:
    notes = [Label("收入 = 期间内开具的账单减冲销单（不含草稿和已作废单据）。",
                   "Revenue = bills less credit notes issued in the period (drafts and void documents excluded).")]
    if product and flt.product:
        notes.append(Label(f"仅统计产品 {flt.product} 的明细行。", f"Only the lines of product {flt.product}."))
    return notes


def by_plan(context: Context, flt: ReportFilter) -> ReportSnapshot:
    """One row per plan (the document's subscription's plan version's plan; documents without a
    subscription under "no plan"): documents, net, tax, gross and share of the gross; pie chart."""
    with open_report(context, flt) as rq:
        period = flt.period
        original = aliased(Bill)
        subscription = func.coalesce(Bill.subscription_id, original.subscription_id)
        query = (select(PlanVersionRow.plan_id, Bill.kind, func.count(), func.sum(raw(Bill.total_net)),
                        func.sum(raw(Bill.total_tax)), func.sum(raw(Bill.total_gross)))
                 .select_from(Bill)
                 .outerjoin(original, original.id == Bill.original_bill_id)
                 .outerjoin(Subscription, Subscription.id == subscription)
                 .outerjoin(PlanVersionRow, PlanVersionRow.id == Subscription.plan_version_id)
                 .where(*counted(rq, period.start, period.end))
                 .group_by(PlanVersionRow.plan_id, Bill.kind))
        plans: dict[int | None, Tally] = defaultdict(Tally)
        for plan_id, kind, documents, net, tax, gross in rq.session.execute(scoped(rq, query)):
            plans[plan_id].add(kind, documents, net, tax, gross)
        names: dict[int | None, str] = {
            plan_id: name for plan_id, name in rq.session.execute(
                select(Plan.id, Plan.name).where(Plan.id.in_([p for p in plans if p])))}
        order = sorted(plans, key=lambda p: (p is None, -plans[p].gross, names.get(p, ""), p or 0))
        total = Tally()
        for tally in plans.values():
            total.merge(tally)
        rows = [[names.get(p, str(p)) if p is not None else NO_PLAN, plans[p].documents,
                 *plans[p].amounts(), _share(rq, plans[p].gross, total.gross)] for p in order]
        columns = (Column("plan", "text", Label("套餐", "Plan")), Column("documents", "count", DOCUMENTS),
                   Column("net", "money", NET), Column("tax", "money", TAX), Column("gross", "money", GROSS),
                   Column("share", "percent", SHARE))
        chart = _pie(Label("价税合计（按套餐）", "Gross by plan"), [(row[0], plans[p].gross)
                                                                  for row, p in zip(rows, order, strict=True)])
        return rq.finish("revenue_by_plan", Label("收入（按套餐）", "Revenue by plan"), columns, rows,
                         [TOTAL_TEXT, total.documents, *total.amounts(),
                          _share(rq, total.gross, total.gross)],
                         chart=chart, drills=[Drill("bill_register", {"plan_id": p}) if p is not None else None
                                              for p in order],
                         notes=_revenue_notes(flt, product=False))


def _pie(title: Label, slices: Sequence[tuple[Value, int]]) -> Chart:
    """A pie of the positive slices (a net credit cannot be a slice)."""
    shown = [(name if isinstance(name, str | Label) else str(name), gross) for name, gross in slices if gross > 0]
    return Chart("pie", title, tuple(name for name, _ in shown), (Series(GROSS, tuple(yuan(g) for _, g in shown)),))


def line_sums(rq: ReportQuery, key: Any, *, plan: bool = True, product: bool = True
              ) -> dict[tuple[Any, str], Tally]:
    """Signed line sums of the counted documents of the period per (``key``, document kind), ``key`` a
    BillLine column, with the documents holding such lines counted. ``plan`` / ``product``: whether the
    filter's plan and product apply."""
    period = rq.filter.period
    query = (select(key, Bill.kind, func.count(distinct(Bill.id)), func.sum(raw(BillLine.net)),
                    func.sum(raw(BillLine.tax)), func.sum(raw(BillLine.gross)))
             .select_from(BillLine).join(Bill, Bill.id == BillLine.bill_id)
             .where(*counted(rq, period.start, period.end, plan=plan)))
    if product and rq.filter.product:
        query = query.where(BillLine.product == rq.filter.product)
    found: dict[tuple[Any, str], Tally] = defaultdict(Tally)
    for value, kind, documents, net, tax, gross in rq.session.execute(
            scoped(rq, query.group_by(key, Bill.kind))):
        found[value, kind].add(kind, documents, net, tax, gross)
    return found


def by_product(context: Context, flt: ReportFilter) -> ReportSnapshot:
    """One row per product code of the counted documents' lines (name from the catalog; lines without a
    product under "other"): documents, net, tax, gross, share of the gross; pie chart."""
    with open_report(context, flt) as rq:
        found = line_sums(rq, BillLine.product)
        products: dict[str, Tally] = defaultdict(Tally)
        for (code, _kind), tally in found.items():
            products[code or ""].merge(tally)
        codes = [code for code in products if code]
        names = dict(rq.session.execute(select(Product.code, Product.name).where(Product.code.in_(codes))).all())
        order = sorted(products, key=lambda c: (c == "", -products[c].gross, c))
        total = Tally()
        for tally in products.values():
            total.merge(tally)
        counts = document_counts(rq, flt.period.start, flt.period.end)
        rows = [[code, names.get(code, code) if code else OTHER, products[code].documents,
                 *products[code].amounts(), _share(rq, products[code].gross, total.gross)]
                for code in order]
        columns = (Column("product", "text", Label("产品编码", "Product code")),
                   Column("name", "text", Label("产品", "Product")), Column("documents", "count", DOCUMENTS),
                   Column("net", "money", NET), Column("tax", "money", TAX), Column("gross", "money", GROSS),
                   Column("share", "percent", SHARE))
        chart = _pie(Label("价税合计（按产品）", "Gross by product"),
                     [(row[1], products[code].gross) for row, code in zip(rows, order, strict=True)])
        return rq.finish("revenue_by_product", Label("收入（按产品）", "Revenue by product"), columns, rows,
                         ["", TOTAL_TEXT, counts.documents, *total.amounts(),
                          _share(rq, total.gross, total.gross)],
                         chart=chart, drills=[Drill("revenue_by_period", {"product": code}) if code else None
                                              for code in order],
                         notes=[*_revenue_notes(flt), _SPAN_NOTE])


_SPAN_NOTE = Label("一张单据可含多个产品或税率，故合计单据数可小于各行之和。",
                   "A document may hold several products or tax rates, so the total of documents can be less "
                   "than the sum of the rows.")


def by_tax_rate(context: Context, flt: ReportFilter) -> ReportSnapshot:
    """One row per tax rate of the counted documents' lines (exempt last): documents, net, tax, gross, share
    of the gross; bar chart of net and tax per rate."""
    with open_report(context, flt) as rq:
        rates: dict[Decimal | None, Tally] = defaultdict(Tally)
        for (rate, _kind), tally in line_sums(rq, BillLine.tax_rate).items():
            rates[rate_key(rate)].merge(tally)
        order = sorted(rates, key=rate_order)
        total = Tally()
        for tally in rates.values():
            total.merge(tally)
        counts = document_counts(rq, flt.period.start, flt.period.end)
        rows = [[rate_text(rate), rates[rate].documents, *rates[rate].amounts(),
                 _share(rq, rates[rate].gross, total.gross)] for rate in order]
        columns = (Column("tax_rate", "text", Label("税率", "Tax rate")), Column("documents", "count", DOCUMENTS),
                   Column("net", "money", NET), Column("tax", "money", TAX), Column("gross", "money", GROSS),
                   Column("share", "percent", SHARE))
        chart = Chart("bar", Label("金额与税额（按税率）", "Net and tax by rate"), tuple(rate_text(r) for r in order), (
            Series(NET, tuple(yuan(rates[r].net) for r in order)),
            Series(TAX, tuple(yuan(rates[r].tax) for r in order)),
        ))
        return rq.finish("revenue_by_tax_rate", Label("收入（按税率）", "Revenue by tax rate"), columns, rows,
                         [TOTAL_TEXT, counts.documents, *total.amounts(),
                          _share(rq, total.gross, total.gross)],
                         chart=chart, notes=[*_revenue_notes(flt), _SPAN_NOTE])
