"""Monthly recurring revenue (月经常性收入, MRR) per calendar month.

Definition. The recurring fees of the bills in force — documents neither ``draft`` nor ``void`` — counted by
their lines, net of VAT (金额):

- lines of kind ``recurring``, ``seat``, ``module``, ``bundle`` (``billing.quote.LineKind``: the fees billed
  in advance every period) and ``adjustment`` (the credits and charges of a change in the middle of a period,
  which re-price those same recurring fees);
- the discount lines (``discount``) that reduce such a line (``discounted_line``);
- minus the credit-note lines of those kinds (a credit note holds positive amounts and copies the credited
  line's kind and period).

Spreading. A line covers ``[period_start, period_end)``. It lasts ``n`` months: days × 12 / 365, at least 1,
to the nearest whole month in integers (``line_months``) — 28–31 days are 1 month, a quarter 3, a half-year 6,
a year (365 or 366 days) 12, a 20-day prorated part 1 — and its net is spread evenly over the ``n`` calendar
months starting with the month of ``period_start``: a quarterly fee of 540.00 from 1 April gives 180.00 to
April, May and June; a monthly fee from 15 April to 15 May belongs to April. MRR of month M is the sum of the
shares that fall into M.

Exactness. The shares are exact fractions of a fen: MRR(M) = Σ net_ℓ / n_ℓ over the lines ℓ whose months
include M, computed in integers (each fen amount times L / n_ℓ, L the least common multiple of the n_ℓ) and
rounded once to the fen, half up, by ``billing.money.round_ratio`` (the rule of ``round_money``). So it does
not depend on how lines are grouped or ordered, and a line that lasts one month adds its net exactly.

Speed. The database sums the lines per (period start, period end): a few hundred groups for a year of a
million lines, read from the covering index ``ix_bill_lines_kind_period``. Without a scope condition
(an actor who sees every customer, no filter) the lines are summed without joining their documents, and
the documents that do not count (draft, void: subtracted once) or count negatively (credit notes: subtracted
twice) — a small share — are joined and corrected; with a scope, lines are joined to their documents.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import aliased

from desktop_app.billing.money import round_ratio
from desktop_app.models import Bill, BillLine
from desktop_app.services.reports.dashboard_queries import CREDIT_NOTE, NOT_COUNTED, raw
from desktop_app.services.reports.model import add_months, month_start, next_month
from desktop_app.services.reports.query import ReportQuery

__all__ = ["IN_FORCE", "RECURRING_LINE_KINDS", "line_months", "mrr_by_month", "spread"]

RECURRING_LINE_KINDS = ("recurring", "seat", "module", "bundle", "adjustment")
IN_FORCE = ("issued", "partially_paid", "paid")  # the states of a document that counts
DISCOUNT = "discount"

Groups = dict[tuple[date, date], int]  # (period start, period end) -> signed net in fen


def line_months(start: date, end: date) -> int:
    """How many months a line of ``[start, end)`` lasts: days × 12 / 365 rounded half up, at least 1."""
    return max(1, ((end - start).days * 24 + 365) // 730)



def spread(groups: Groups, months: Sequence[date]) -> dict[date, int]:
    """MRR in fen for each of ``months`` (first days) from the signed line sums per period (see the module)."""
    wanted = set(months)
    shares: list[tuple[date, int, int]] = []  # (month, fen, n)
    for (start, end), fen in groups.items():
        if not fen or end <= start:
            continue
        n, first = line_months(start, end), month_start(start)
        shares.extend((month, fen, n) for month in (add_months(first, k) for k in range(n)) if month in wanted)
    scale = math.lcm(*(n for _, _, n in shares)) if shares else 1
    numerators: dict[date, int] = defaultdict(int)
    for month, fen, n in shares:
        numerators[month] += fen * (scale // n)
    return {month: round_ratio(numerators.get(month, 0), scale) for month in months}


def _add(groups: Groups, rows: Any, factor: int = 1) -> None:
    for start, end, fen in rows:
        if start is not None and end is not None:
            groups[(start, end)] += factor * int(fen or 0)


def _overlaps(start: date | None, stop: date | None, first: date, end: date) -> bool:
    return start is not None and stop is not None and start < end and stop > first


def mrr_by_month(rq: ReportQuery, months: Sequence[date]) -> dict[date, int]:
    """MRR (fen) of each of ``months`` for the report's scope and filters."""
    first, end = months[0], next_month(months[-1])
    line = BillLine
    overlap = (line.period_start < end, line.period_end > first)
    groups: Groups = defaultdict(int)
    if rq.customers is None:
        # every line of the recurring kinds, then what does not count (once) and credit notes (twice) back out
        _add(groups, rq.session.execute(
            select(line.period_start, line.period_end, func.sum(raw(line.net)))
            .where(line.kind.in_(RECURRING_LINE_KINDS), *overlap)
            .group_by(line.kind, line.period_start, line.period_end)).all())
        # joined from the documents' side (few of them): all their lines, the kinds and periods picked here
        corrections = (select(Bill.status, line.kind, line.period_start, line.period_end, func.sum(raw(line.net)))
                       .select_from(Bill).join(line, line.bill_id == Bill.id)
                       .where(or_(Bill.status.in_(NOT_COUNTED),
                                  and_(Bill.status.in_(IN_FORCE), Bill.kind == CREDIT_NOTE)))
                       .group_by(Bill.status, line.kind, line.period_start, line.period_end))
        for status, kind, start, stop, fen in rq.session.execute(corrections):
            if kind in RECURRING_LINE_KINDS and _overlaps(start, stop, first, end):
                _add(groups, [(start, stop, fen)], -1 if status in NOT_COUNTED else -2)
    else:  # from the scoped documents to their lines (the kinds and periods picked here, as above)
        query = (select(Bill.kind, line.kind, line.period_start, line.period_end, func.sum(raw(line.net)))
                 .select_from(Bill).join(line, line.bill_id == Bill.id)
                 .where(Bill.status.notin_(NOT_COUNTED))
                 .group_by(Bill.kind, line.kind, line.period_start, line.period_end))
        for kind, line_kind, start, stop, fen in rq.session.execute(rq.scoped(query, Bill.customer_id)):
            if line_kind in RECURRING_LINE_KINDS and _overlaps(start, stop, first, end):
                _add(groups, [(start, stop, fen)], -1 if kind == CREDIT_NOTE else 1)
    parent = aliased(BillLine)
    discounts = (select(Bill.kind, line.period_start, line.period_end, func.sum(raw(line.net)))
                 .select_from(line)
                 .join(parent, and_(parent.bill_id == line.bill_id, parent.position == line.discounted_line))
                 .join(Bill, Bill.id == line.bill_id)
                 .where(line.kind == DISCOUNT, parent.kind.in_(RECURRING_LINE_KINDS),
                        Bill.status.notin_(NOT_COUNTED), *overlap)
                 .group_by(Bill.kind, line.period_start, line.period_end))
    for kind, start, stop, fen in rq.session.execute(rq.scoped(discounts, Bill.customer_id)):
        _add(groups, [(start, stop, fen)], -1 if kind == CREDIT_NOTE else 1)
    return spread(groups, months)
