"""Tax summary (税额汇总) per tax rate, for the accountant: what was billed and what credit notes took back in
the period, and the result — the figures to file and to enter official VAT invoices elsewhere.

The documents are those of billed revenue (``revenue.counted``: issued in the period, neither draft nor void);
the amounts are their lines' net (金额), tax (税额) and gross (价税合计) grouped by the line's rate. Credit notes
are shown as positive amounts in their own columns and deducted in the result, so the result's totals equal
the totals of revenue by tax rate and by month to the fen (with the same filters).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from desktop_app.documents.report_snapshot import Chart, Column, Label, ReportSnapshot, Series, Value
from desktop_app.models import BillLine
from desktop_app.services.context import Context
from desktop_app.services.reports.model import ReportFilter
from desktop_app.services.reports.query import open_report, yuan
from desktop_app.services.reports.revenue import (
    CREDIT_NOTE,
    TOTAL_TEXT,
    Tally,
    document_counts,
    line_sums,
    rate_key,
    rate_order,
    rate_text,
)

__all__ = ["build"]

NOTES = (
    Label("本表按账单（非发票）汇总：账单不是增值税发票，正式增值税发票在税务平台开具。",
          "Figures are from bills (账单), not VAT invoices: official VAT invoices (发票) are issued on the national "
          "tax platform."),
    Label("冲销单金额以正数列示，并从账单中扣减；草稿和已作废单据不计。",
          "Credit notes are shown as positive amounts and deducted from the bills; drafts and void documents are "
          "not counted."),
    Label("一张单据可含多个税率，故合计单据数可小于各行之和。",
          "A document may hold several tax rates, so the total of documents can be less than the sum of the rows."),
)


@dataclass
class _Split(Tally):
    """A Tally (the signed result) that also keeps the bills' and the credit notes' own sums, positive."""

    bill_net: int = 0
    bill_tax: int = 0
    bill_gross: int = 0
    note_net: int = 0
    note_tax: int = 0
    note_gross: int = 0

    def take(self, kind: str, tally: Tally) -> None:
        self.merge(tally)
        if kind == CREDIT_NOTE:
            self.note_net -= tally.net
            self.note_tax -= tally.tax
            self.note_gross -= tally.gross
        else:
            self.bill_net += tally.net
            self.bill_tax += tally.tax
            self.bill_gross += tally.gross


def _cells(tally: _Split) -> list[Value]:
    """Bills (count, net, tax, gross), credit notes (count, net, tax, gross as positive amounts), result."""
    return [tally.bills, yuan(tally.bill_net), yuan(tally.bill_tax), yuan(tally.bill_gross),
            tally.notes, yuan(tally.note_net), yuan(tally.note_tax), yuan(tally.note_gross),
            yuan(tally.net), yuan(tally.tax), yuan(tally.gross)]


def build(context: Context, flt: ReportFilter) -> ReportSnapshot:
    """One row per tax rate (exempt last): bills, credit notes and the result, net / tax / gross."""
    with open_report(context, flt) as rq:
        found = line_sums(rq, BillLine.tax_rate, plan=False, product=False)
        rates: dict[Decimal | None, _Split] = defaultdict(_Split)
        total = _Split()
        for (rate, kind), tally in found.items():
            rates[rate_key(rate)].take(kind, tally)
            total.take(kind, tally)
        order = sorted(rates, key=rate_order)
        counts = document_counts(rq, flt.period.start, flt.period.end, plan=False, product=False)
        total.bills, total.notes = counts.bills, counts.notes
        rows = [[rate_text(rate), *_cells(rates[rate])] for rate in order]
        bills, notes, result = Label("账单", "Bills"), Label("冲销单", "Credit notes"), Label("合计", "Result")
        columns = (
            Column("tax_rate", "text", Label("税率", "Tax rate")),
            Column("bills", "count", Label("账单数", "Bills")),
            Column("bill_net", "money", _joined(bills, "金额", "net")),
            Column("bill_tax", "money", _joined(bills, "税额", "tax")),
            Column("bill_gross", "money", _joined(bills, "价税合计", "gross")),
            Column("credit_notes", "count", Label("冲销单数", "Credit notes")),
            Column("credit_net", "money", _joined(notes, "金额", "net")),
            Column("credit_tax", "money", _joined(notes, "税额", "tax")),
            Column("credit_gross", "money", _joined(notes, "价税合计", "gross")),
            Column("net", "money", _joined(result, "金额", "net")),
            Column("tax", "money", _joined(result, "税额", "tax")),
            Column("gross", "money", _joined(result, "价税合计", "gross")),
        )
        chart = Chart("bar", Label("税额（按税率）", "Tax by rate"), tuple(rate_text(r) for r in order), (
            Series(Label("账单税额", "Tax billed"), tuple(yuan(rates[r].bill_tax) for r in order)),
            Series(Label("冲销税额", "Tax credited"), tuple(yuan(rates[r].note_tax) for r in order)),
        ))
        return rq.finish("tax_summary", Label("税额汇总", "Tax summary"), columns, rows,
                         [TOTAL_TEXT, *_cells(total)], chart=chart, notes=NOTES)


def _joined(group: Label, zh: str, en: str) -> Label:
    return Label(f"{group.zh}{zh}", f"{group.en}: {en}")

