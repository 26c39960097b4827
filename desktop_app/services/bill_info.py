"""A bill as the services hand it out (``BillInfo``, its lines, ``BillDetail``) and its states, with the money
the actor's role withholds left out: where the field rule ``bills.amount`` masks or hides bill amounts every
amount is None (``amounts.py``), and so are the money details of a line (its list price, a commitment billed
before). ``bills.py`` re-exports all of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from desktop_app.models import Bill, BillLine
from desktop_app.services import amounts

__all__ = ["DRAFT", "ISSUED", "OPEN", "PAID", "PARTIALLY_PAID", "STATES", "VOID", "BillDetail", "BillInfo",
           "BillLineInfo", "bill_info", "line_info"]

DRAFT, ISSUED, PARTIALLY_PAID, PAID, VOID = "draft", "issued", "partially_paid", "paid", "void"
STATES = (DRAFT, ISSUED, PARTIALLY_PAID, PAID, VOID)
OPEN = (ISSUED, PARTIALLY_PAID)


@dataclass(frozen=True)
class BillInfo:
    """A bill or credit note. Its money is None where the actor's role withholds it (field rule
    ``bills.amount`` masked or hidden: ``amounts.py``); ``amounts_shown`` says which."""

    id: int
    kind: str  # bill | credit_note
    status: str
    code: str | None
    customer_id: int
    customer_code: str
    customer_name: str
    subscription_id: int | None
    period_start: date | None
    period_end: date | None
    currency: str
    total_net: Decimal | None
    total_tax: Decimal | None
    total_gross: Decimal | None
    credit_applied: Decimal | None
    wallet_applied: Decimal | None
    amount_due: Decimal | None
    paid: Decimal | None
    issue_date: date | None
    due_date: date | None
    created_at: datetime
    run_id: int | None
    original_bill_id: int | None
    version: int
    tax_inclusive: bool = True  # the bill's price basis: amounts (manual lines too) are given including tax
    amounts_shown: bool = True  # False: every money field above is None (the role withholds bill amounts)

    @property
    def owing(self) -> bool:
        """Something is still owed on this bill (known from its state when the amounts are withheld: an open
        bill owes something, a fully settled one is ``paid``)."""
        if self.kind != "bill" or self.status not in OPEN:
            return False
        outstanding = self.outstanding
        return outstanding is None or outstanding > 0

    @property
    def outstanding(self) -> Decimal | None:
        """What the customer still owes on this bill (a credit note owes nothing: it is owed); None when the
        amounts are withheld."""
        if self.amount_due is None or self.paid is None:
            return None
        if self.kind != "bill" or self.status not in OPEN:
            return Decimal("0.00")
        return self.amount_due - self.paid

    def overdue_days(self, today: date) -> int:
        """Days past the due date while something is outstanding (0: not overdue)."""
        if self.due_date is None or not self.owing:
            return 0
        return max(0, (today - self.due_date).days)


@dataclass(frozen=True)
class BillLineInfo:
    id: int
    position: int
    kind: str
    charge: str
    description: str
    product: str
    period_start: date | None
    period_end: date | None
    quantity: str
    unit: str
    unit_price: str | None  # also None when the amounts are withheld
    net: Decimal | None
    tax_rate: str | None  # None: exempt
    tax: Decimal | None
    gross: Decimal | None
    discounted_line: int | None
    detail: dict[str, Any]


@dataclass(frozen=True)
class BillDetail:
    bill: BillInfo
    lines: tuple[BillLineInfo, ...]
    customer_address: str
    customer_tax_id: str
    notes: str
    snapshot: dict[str, Any]
    issued_by: str | None
    void_reason: str | None


def bill_info(row: Bill, visible: bool = True) -> BillInfo:
    """The bill as the actor may see it: ``visible`` False withholds every amount (field rule ``bills.amount``)."""
    def show(value: Decimal) -> Decimal | None:
        return amounts.shown(value, visible)

    return BillInfo(row.id, row.kind, row.status, row.code, row.customer_id, row.customer_code, row.customer_name,
                    row.subscription_id, row.period_start, row.period_end, row.currency, show(row.total_net),
                    show(row.total_tax), show(row.total_gross), show(row.credit_applied), show(row.wallet_applied),
                    show(row.amount_due), show(row.paid), row.issue_date, row.due_date, row.created_at, row.run_id,
                    row.original_bill_id, row.version, bool(row.tax_inclusive), visible)


LINE_DETAIL_WITHOUT_AMOUNTS = ("tier", "late", "discounts", "proration", "adjustment", "credit", "by")


def line_info(row: BillLine, visible: bool = True) -> BillLineInfo:
    detail = dict(row.detail or {})
    if not visible:  # the list price, the commitment billed before ...: money, withheld with the rest
        detail = {key: value for key, value in detail.items() if key in LINE_DETAIL_WITHOUT_AMOUNTS}
    return BillLineInfo(row.id, row.position, row.kind, row.charge, row.description, row.product, row.period_start,
                        row.period_end, row.quantity, row.unit, amounts.shown(row.unit_price, visible),
                        amounts.shown(row.net, visible), row.tax_rate, amounts.shown(row.tax, visible),
                        amounts.shown(row.gross, visible), row.discounted_line, detail)
