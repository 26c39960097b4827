"""Credit notes (冲销单): the one correction of an issued bill (design/money-rules.md, "Documents and numbering").

- **What can be credited.** A bill (kind ``bill``) that is ``issued``, ``partially_paid`` or ``paid``,
  line by line, never more than is still creditable: the line's gross less the gross of the credit-note
  lines that point at it (``credited_line_id``) in credit notes that are in force (not draft, not void).
  A discount line (折扣行, ``discounted_line``) is not credited on its own: it belongs to the line it
  reduces, so that line's creditable amount is what the customer was charged for it (line + discount).
  Lines that charge nothing (negative adjustments, fully discounted lines) and top-up packages (预付充值:
  they go to the wallet once the bill is paid; money left there is paid back by a wallet refund) have
  nothing creditable.
- **Amounts.** The user gives, per line, the *gross* (价税合计) to credit. It is split into net (金额) and
  tax (税额) at the line's rate, tax = round_half_up(G × r / (1 + r)) (``billing.tax.split_inclusive``),
  whatever the bill's price basis: for a tax-exclusive bill too the amount credited is what the customer
  pays, i.e. gross. The split is *cumulative*: a line's credit-note lines always add up to the split of
  the gross credited so far, and the credit that uses up the rest of a line takes exactly the rest of its
  net and tax. So crediting a line in full, at once or in parts, gives back exactly its net, tax and gross
  to the fen, and partial credits never drift. An exempt line (免税) has no tax. Amounts on the credit note
  are positive: they reduce what the customer owes.
- **Issued at once.** The credit note is numbered ``HC-2026-000001`` from the counter row of ("HC", year),
  taken in the same short transaction that writes it (``numbering.take_number``), status ``issued``, issue
  date from the database clock, the customer's name, address and tax ID snapshotted, ``original_bill_id``
  set, the reason in ``notes``. No due date (nothing is owed on it).
- **Settling.** In the same transaction it settles what the original bill still owes
  (``payment_allocations`` with ``credit_note_id``; the bill becomes ``partially_paid`` or ``paid``). What
  exceeds that goes back where the bill's money came from, the prepaid wallet first: up to what the wallet
  paid on the original bill (``wallet_applied``, less what earlier credit notes of that bill gave back) is
  put back into the wallet (a ``reversal`` entry naming the credit note; the credit note's
  ``wallet_applied`` records it, its ``amount_due`` is the rest) — prepaid money, bonus included, never
  becomes cash to refund. Only the rest stays as the customer's open credit (预收), applied to other bills
  or refunded by ``payments.py``.
- **Once per action.** ``token`` is the idempotency token of the user's action, kept in the credit note's
  ``snapshot["token"]``; under the customer's row lock a repeat finds it and returns the first credit note.
- Permission ``bills.approve`` and the field rule ``bills.amount`` editable (``amounts.py``); the bill must be
  in the actor's scope. One audit entry ``credit_note.create``.
  All or nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.billing.money import from_fen, to_fen
from desktop_app.billing.quote import LineKind
from desktop_app.billing.tax import split_inclusive
from desktop_app.errors import DomainError, ValidationFailed
from desktop_app.models import Bill, BillLine, Customer
from desktop_app.services import amounts as money_rules
from desktop_app.services import document_snapshots as frozen
from desktop_app.services import numbering, wallets
from desktop_app.services import payment_allocation as settling
from desktop_app.services.bill_info import BillInfo
from desktop_app.services.bill_info import bill_info as _info
from desktop_app.services.bills import lines_of, visible_bill
from desktop_app.services.changes import Changes
from desktop_app.services.context import Context, UnitOfWork
from desktop_app.services.wallets import MAX_AMOUNT, check_token, lock_customer

__all__ = ["CREDITABLE_STATES", "SERIES", "CreditableLine", "create_credit_note", "creditable"]

SERIES = "HC"
CREDIT_NOTE = "credit_note"
CREDITABLE_STATES = ("issued", "partially_paid", "paid")
NOT_IN_FORCE = ("draft", "void")
REASON_LENGTH = 500
CHANGES = Changes(customers=True, billing=True)
ZERO = Decimal("0.00")
UNCREDITABLE_KINDS = (str(LineKind.TOP_UP),)


@dataclass(frozen=True)
class CreditableLine:
    """One line of a bill as a credit note sees it (discount lines folded into the line they reduce)."""

    line_id: int
    position: int
    description: str
    tax_rate: str | None  # None: exempt
    gross: Decimal | None  # what the customer was charged for the line: its gross plus its discount line's
    credited: Decimal | None  # gross of the credit-note lines in force that point at it
    creditable: Decimal | None  # still creditable: max(gross - credited, 0), 0 for top-ups
    # (the three amounts are None where the actor's role withholds bill amounts: field rule bills.amount)
    can_credit: bool = True  # something is creditable (known even when the amounts are withheld)


@dataclass(frozen=True)
class _Amounts:
    net: Decimal
    tax: Decimal
    gross: Decimal

    def __add__(self, other: _Amounts) -> _Amounts:
        return _Amounts(self.net + other.net, self.tax + other.tax, self.gross + other.gross)

    def __sub__(self, other: _Amounts) -> _Amounts:
        return _Amounts(self.net - other.net, self.tax - other.tax, self.gross - other.gross)


NOTHING = _Amounts(ZERO, ZERO, ZERO)


@dataclass(frozen=True)
class _Line:
    """A creditable line with everything the split needs."""

    row: BillLine
    charged: _Amounts  # the line plus its discount line
    credited: _Amounts  # the credit-note lines in force pointing at it

    @property
    def creditable(self) -> Decimal:
        if self.row.kind in UNCREDITABLE_KINDS:
            return ZERO
        return max(self.charged.gross - self.credited.gross, ZERO)

    def info(self, visible: bool = True) -> CreditableLine:
        return CreditableLine(self.row.id, self.row.position, self.row.description, self.row.tax_rate,
                              money_rules.shown(self.charged.gross, visible),
                              money_rules.shown(self.credited.gross, visible),
                              money_rules.shown(self.creditable, visible), self.creditable > 0)

    def split(self, amount: Decimal) -> _Amounts:
        """Net, tax and gross of crediting ``amount`` (gross) more of this line (see the module docstring)."""
        if amount == self.charged.gross - self.credited.gross:
            return self.charged - self.credited  # the rest, exactly
        if self.row.tax_rate is None:
            return _Amounts(amount, ZERO, amount)
        rate = Decimal(self.row.tax_rate)
        after = split_inclusive(self.credited.gross + amount, rate)
        tax = after.tax - self.credited.tax
        return _Amounts(amount - tax, tax, amount)


def _amounts(net: Decimal, tax: Decimal, gross: Decimal) -> _Amounts:
    return _Amounts(from_fen(to_fen(net)), from_fen(to_fen(tax)), from_fen(to_fen(gross)))


def _lines(session: Session, bill: Bill) -> list[_Line]:
    rows = lines_of(session, bill.id)
    discounts: dict[int, _Amounts] = {}
    for row in rows:
        if row.kind == str(LineKind.DISCOUNT) and row.discounted_line is not None:
            discounts[row.discounted_line] = discounts.get(row.discounted_line, NOTHING) + \
                _amounts(row.net, row.tax, row.gross)
    ids = [row.id for row in rows]
    credited: dict[int, _Amounts] = {}
    if ids:
        for line_id, net, tax, gross in session.execute(
                select(BillLine.credited_line_id, BillLine.net, BillLine.tax, BillLine.gross)
                .join(Bill, Bill.id == BillLine.bill_id)
                .where(BillLine.credited_line_id.in_(ids), Bill.kind == CREDIT_NOTE,
                       Bill.status.notin_(NOT_IN_FORCE))):
            assert line_id is not None
            credited[line_id] = credited.get(line_id, NOTHING) + _amounts(net, tax, gross)
    return [_Line(row, _amounts(row.net, row.tax, row.gross) + discounts.get(row.position, NOTHING),
                  credited.get(row.id, NOTHING))
            for row in rows if not (row.kind == str(LineKind.DISCOUNT) and row.discounted_line is not None)]


def _creditable_bill(session: Session, context: Context, bill_id: int, *, lock: bool = False) -> Bill:
    bill = visible_bill(session, context, bill_id, lock=lock)
    if bill.kind != "bill":
        raise DomainError("credit_note.not_a_bill", bill=bill.code or f"#{bill.id}")
    if bill.status not in CREDITABLE_STATES:
        raise DomainError("credit_note.not_creditable", bill=bill.code or f"#{bill.id}", status=bill.status)
    return bill


def creditable(context: Context, bill_id: int) -> list[CreditableLine]:
    """Per line of an issued (partially) paid bill: what it charged, what was credited, what still can be (the
    amounts None where the actor's role withholds bill amounts)."""
    context.require("bills.view")
    visible = money_rules.rules_of(context).bills_shown
    with context.unit_of_work(write=False) as uow:
        bill = _creditable_bill(uow.session, context, bill_id)
        return [line.info(visible) for line in _lines(uow.session, bill)]


# --- creating -------------------------------------------------------------------------------------

def _reason(reason: str) -> str:
    text = (reason or "").strip()
    if not text or len(text) > REASON_LENGTH:
        raise ValidationFailed("credit_note.reason_required", "reason", limit=REASON_LENGTH)
    return text


def _items(items: Sequence[tuple[int, Decimal]] | None) -> list[tuple[int, Decimal]] | None:
    """The requested (line id, gross) pairs: whole fen, above zero, each line once."""
    if items is None:
        return None
    checked: list[tuple[int, Decimal]] = []
    seen: set[int] = set()
    for line_id, amount in items:
        if line_id in seen:
            raise ValidationFailed("credit_note.line_twice", "items", line=line_id)
        seen.add(line_id)
        try:
            value = from_fen(to_fen(amount))
        except (TypeError, ValueError):
            raise ValidationFailed("credit_note.amount_invalid", "items", line=line_id, amount=str(amount)) from None
        if value <= 0 or value >= MAX_AMOUNT:
            raise ValidationFailed("credit_note.amount_invalid", "items", line=line_id, amount=str(value))
        checked.append((line_id, value))
    return checked


def _plan(session: Session, bill: Bill, items: list[tuple[int, Decimal]] | None) -> list[tuple[_Line, _Amounts]]:
    """The credit-note lines to write: each requested line within what it still has creditable."""
    lines = _lines(session, bill)
    code = bill.code or f"#{bill.id}"
    if items is None:
        chosen = [(line, line.creditable) for line in lines if line.creditable > 0]
        if not chosen:
            raise DomainError("credit_note.nothing_to_credit", bill=code)
    else:
        by_id = {line.row.id: line for line in lines}
        chosen = []
        for line_id, amount in items:
            line = by_id.get(line_id)
            if line is None:
                raise DomainError("credit_note.line_not_on_bill", bill=code, line=line_id)
            if amount > line.creditable:
                raise DomainError("credit_note.exceeds_creditable", bill=code, line=line.row.description,
                                  requested=str(amount), creditable=str(line.creditable))
            chosen.append((line, amount))
        if not chosen:
            raise DomainError("credit_note.nothing_to_credit", bill=code)
        chosen.sort(key=lambda pair: pair[0].row.position)
    # the bill as a whole: its negative lines (adjustments, reductions) lower what can be credited in all
    left = max(bill.total_gross - sum((line.credited.gross for line in lines), ZERO), ZERO)
    requested = sum((amount for _, amount in chosen), ZERO)
    if requested > left:
        raise DomainError("credit_note.exceeds_bill", bill=code, requested=str(requested), creditable=str(left))
    return [(line, line.split(amount)) for line, amount in chosen]


def _given_back(session: Session, bill_id: int) -> Decimal:
    """What credit notes in force of bill ``bill_id`` already put back into the wallet."""
    total = session.scalar(select(func.sum(Bill.wallet_applied)).where(
        Bill.original_bill_id == bill_id, Bill.kind == CREDIT_NOTE, Bill.status.notin_(("draft", "void"))))
    return total if total is not None else ZERO


def _by_token(session: Session, customer_id: int, token: str) -> Bill | None:
    """The customer's credit note made by the action with ``token`` (kept in its snapshot)."""
    for note in session.scalars(select(Bill).where(Bill.customer_id == customer_id, Bill.kind == CREDIT_NOTE)
                                .order_by(Bill.id)):
        if (note.snapshot or {}).get("token") == token:
            return note
    return None


def _today(session: Session) -> date:
    return numbering.database_today(session, numbering.company_time_zone(session))


def create_credit_note(context: Context, bill_id: int, items: Sequence[tuple[int, Decimal]] | None, reason: str,
                       token: str) -> tuple[BillInfo, Changes]:
    """Credit (part of) an issued bill: ``items`` are (line id, gross to credit), None credits everything still
    creditable. Issued at once and settled against what the bill still owes; the rest is open credit. The
    same ``token`` again returns the first credit note (see the module docstring). Crediting sets bill amounts:
    only for a role that may change them (field rule ``bills.amount`` editable, else ``AmountNotEditable``)."""
    context.require("bills.approve")
    money_rules.require_editable(context, money_rules.BILLS)
    check_token(token)
    text = _reason(reason)
    wanted = _items(items)
    with context.unit_of_work(write=False) as uow:  # check first: a refused request writes nothing at all
        session = uow.session
        bill = visible_bill(session, context, bill_id)
        earlier = _by_token(session, bill.customer_id, token)
        if earlier is not None:
            return _info(earlier), CHANGES
        _plan(session, _creditable_bill(session, context, bill_id), wanted)
        year = _today(session).year
    numbering.ensure_counter(context.database, SERIES, year)
    for attempt in (1, 2):
        try:
            with context.unit_of_work() as uow:
                result = _create(uow, bill_id, wanted, text, token)
                uow.commit()
            return result, CHANGES
        except _NewYear as new_year:  # the year turned since the counter was ensured
            if attempt == 2:
                raise LookupError(f"no counter for {SERIES} {new_year.year}") from None
            numbering.ensure_counter(context.database, SERIES, new_year.year)
    raise AssertionError("unreachable")  # pragma: no cover


class _NewYear(Exception):
    def __init__(self, year: int) -> None:
        super().__init__(year)
        self.year = year


def _create(uow: UnitOfWork, bill_id: int, wanted: list[tuple[int, Decimal]] | None, reason: str, token: str
            ) -> BillInfo:
    session, context = uow.session, uow.context
    by, at = context.actor.display_name, context.clock()
    customer_id = visible_bill(session, context, bill_id).customer_id
    lock_customer(session, customer_id)  # customer, then bill, then counter: the order payments use too
    earlier = _by_token(session, customer_id, token)
    if earlier is not None:
        return _info(earlier)
    bill = _creditable_bill(session, context, bill_id, lock=True)
    planned = _plan(session, bill, wanted)
    today = _today(session)
    try:
        number = numbering.take_number(session, SERIES, today)
    except LookupError:
        raise _NewYear(today.year) from None
    customer = session.get(Customer, bill.customer_id)
    assert customer is not None
    total = sum((amounts for _, amounts in planned), NOTHING)
    share = min(total.gross, settling.outstanding(bill)) if bill.status in settling.OPEN else ZERO
    to_wallet = min(total.gross - share, max(bill.wallet_applied - _given_back(session, bill.id), ZERO))
    note = Bill(kind=CREDIT_NOTE, status="draft", series=number.series, year=number.year, number=number.number,
                code=number.code, customer_id=bill.customer_id, subscription_id=bill.subscription_id, run_id=None,
                original_bill_id=bill.id, period_start=bill.period_start, period_end=bill.period_end,
                currency=bill.currency, tax_inclusive=bill.tax_inclusive, total_net=total.net, total_tax=total.tax,
                total_gross=total.gross, credit_applied=ZERO, wallet_applied=to_wallet,
                amount_due=total.gross - to_wallet, paid=ZERO,
                issue_date=number.issue_date, due_date=None, customer_code=customer.code,
                customer_name=customer.name, customer_address=customer.address or "",
                customer_tax_id=customer.tax_id or "",
                snapshot={"token": token, "original_code": bill.code, "reason": reason},
                notes=reason, created_at=at, created_by=by, issued_at=at, issued_by=by, updated_at=at, updated_by=by)
    session.add(note)
    session.flush()  # a draft first: the database refuses lines on an issued bill
    for position, (line, amounts) in enumerate(planned):
        row = line.row
        whole = amounts == _amounts(row.net, row.tax, row.gross) and line.credited == NOTHING
        session.add(BillLine(
            bill_id=note.id, position=position, subscription_id=row.subscription_id, kind=row.kind, charge=row.charge,
            description=row.description, product=row.product, period_start=row.period_start,
            period_end=row.period_end, quantity=row.quantity if whole else "1", unit=row.unit if whole else "",
            unit_price=row.unit_price if whole else None, net=amounts.net, tax_rate=row.tax_rate, tax=amounts.tax,
            gross=amounts.gross, discounted_line=None, credited_line_id=row.id,
            detail={"credited_line": row.id, "original_bill": bill.code, "whole_line": whole}))
    session.flush()
    note.status = "issued"
    session.flush()
    # frozen like an issued bill: the PDF is rendered from this snapshot on its first print, byte for byte
    lines = list(session.scalars(select(BillLine).where(BillLine.bill_id == note.id).order_by(BillLine.position)))
    frozen.freeze(session, note, lines, at, original_number=bill.code)
    if share > 0:
        settling.settle(session, bill, share, by, at, credit_note_id=note.id)
    if to_wallet > 0:
        wallets.credit(session, bill.customer_id, "reversal", to_wallet, by, at, bill_id=note.id,
                       note=f"{note.code} {bill.code}")
    uow.audit("credit_note.create", "bill", note.id, code=note.code, original=bill.code, customer=customer.code,
              issue_date=note.issue_date, reason=reason, token=token, total_net=str(total.net),
              total_tax=str(total.tax), total_gross=str(total.gross), settled=str(share),
              to_wallet=str(to_wallet), open_credit=str(total.gross - share - to_wallet),
              lines=[[line.row.id, line.row.description, str(amounts.gross)] for line, amounts in planned])
    return _info(note)
