"""What a printed document shows: frozen, picklable snapshots handed over by the services.

The renderers read nothing else: no ORM object, no database, no settings. Every field is a plain
``str``, ``Decimal``, ``date``/``datetime``, ``bytes`` or a tuple of those, so a snapshot can cross a
process boundary (batch printing in worker processes) and an issued document renders the same forever.

Money is ``Decimal`` yuan in whole fen (``Decimal("1234.50")``); a float, NaN or a third decimal place is
refused when the snapshot is built, so a wrong value fails where it is made, not half-way through a print
run. Quantities and unit prices are the exact decimal texts as stored (``"0.0015"``); a tax rate is a
decimal text (``"0.06"``) or ``None`` for exempt (免税).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from desktop_app.billing.money import to_fen

__all__ = [
    "BillDocument",
    "Branding",
    "Company",
    "DocumentLine",
    "Party",
    "ReceiptDocument",
    "StatementDocument",
    "StatementEntry",
]


def _check_money(owner: object, *names: str) -> None:
    """TypeError unless each named field is a Decimal; ValueError unless it is whole fen and finite."""
    for name in names:
        value = getattr(owner, name)
        try:
            to_fen(value)
        except (TypeError, ValueError) as error:
            raise type(error)(f"{type(owner).__name__}.{name}: {error}") from None


def _check_decimal_text(owner: object, name: str, value: str | None) -> None:
    if value is None:
        return
    try:
        number = Decimal(value)
    except (InvalidOperation, TypeError):
        raise ValueError(f"{type(owner).__name__}.{name}: {value!r} is not a decimal number") from None
    if not number.is_finite():
        raise ValueError(f"{type(owner).__name__}.{name}: {value!r} is not a finite number")


def _check_tuple(owner: object, *names: str) -> None:
    for name in names:
        if not isinstance(getattr(owner, name), tuple):
            raise TypeError(f"{type(owner).__name__}.{name} must be a tuple (snapshots are immutable)")


@dataclass(frozen=True, slots=True)
class Company:
    """The issuing company as printed in the header (snapshot of the company settings)."""

    name: str
    address: str = ""
    phone: str = ""
    tax_id: str = ""
    bank_name: str = ""
    bank_account: str = ""
    logo: bytes | None = None
    """PNG or JPEG bytes, printed at most 18 mm high; None for no logo."""


@dataclass(frozen=True, slots=True)
class Branding:
    """Document appearance and fixed texts (business settings)."""

    accent: str = "#1F4E79"
    """Accent colour ``#RRGGBB`` for titles and rules; an invalid value prints in the default colour."""
    footer: str = ""
    terms: str = ""
    payment_instructions: str = ""
    qr_text: str = ""
    """Text of the payment QR code (a URL, say); empty for no QR code."""


@dataclass(frozen=True, slots=True)
class Party:
    """The customer block, as snapshotted onto the issued document."""

    code: str
    name: str
    address: str = ""
    tax_id: str = ""
    contact: str = ""
    phone: str = ""


@dataclass(frozen=True, slots=True)
class DocumentLine:
    """One line of a bill: texts as stored, amounts already rounded per line."""

    description: str
    period: str
    quantity: str
    unit: str
    unit_price: str | None
    net: Decimal
    tax_rate: str | None
    """``"0.06"`` for 6 %; None for exempt (免税)."""
    tax: Decimal
    gross: Decimal

    def __post_init__(self) -> None:
        _check_money(self, "net", "tax", "gross")
        _check_decimal_text(self, "quantity", self.quantity)
        _check_decimal_text(self, "unit_price", self.unit_price)
        _check_decimal_text(self, "tax_rate", self.tax_rate)


@dataclass(frozen=True, slots=True)
class BillDocument:
    """An issued bill (账单), or a credit note (冲销账单) when ``original_number`` is set.

    Amounts on a credit note are negative, as stored. ``amount_due`` defaults to
    ``total_gross - credit_applied - wallet_applied``.
    """

    number: str
    issue_date: date
    due_date: date | None
    period_start: date | None
    period_end: date | None
    currency: str
    tax_inclusive: bool
    company: Company
    branding: Branding
    customer: Party
    lines: tuple[DocumentLine, ...]
    total_net: Decimal
    total_tax: Decimal
    total_gross: Decimal
    credit_applied: Decimal = Decimal("0.00")
    wallet_applied: Decimal = Decimal("0.00")
    amount_due: Decimal | None = None
    notes: str = ""
    status: str = "issued"
    original_number: str | None = None

    def __post_init__(self) -> None:
        _check_tuple(self, "lines")
        if self.amount_due is None:
            object.__setattr__(self, "amount_due", self.total_gross - self.credit_applied - self.wallet_applied)
        _check_money(self, "total_net", "total_tax", "total_gross", "credit_applied", "wallet_applied", "amount_due")

    @property
    def is_credit_note(self) -> bool:
        return self.original_number is not None

    @property
    def due(self) -> Decimal:
        """``amount_due`` as a Decimal (never None once the snapshot exists)."""
        assert self.amount_due is not None  # set in __post_init__
        return self.amount_due


Day = date  # a field of ReceiptDocument is called ``date``


@dataclass(frozen=True, slots=True)
class ReceiptDocument:
    """A receipt (收据) for one payment and the bills it settles."""

    number: str
    date: date
    company: Company
    branding: Branding
    customer: Party
    amount: Decimal
    method: str
    """Already translated label, e.g. "银行转账"."""
    reference: str
    settles: tuple[tuple[str, Decimal], ...]
    """(bill number, amount applied) pairs."""
    unapplied: Decimal
    received_by: str
    notes: str = ""
    received_on: Day | None = None
    """The day the money moved (收款日期), when it differs from the receipt's date (recorded later)."""

    def __post_init__(self) -> None:
        _check_tuple(self, "settles")
        _check_money(self, "amount", "unapplied")
        for number, applied in self.settles:
            if not isinstance(number, str):
                raise TypeError(f"ReceiptDocument.settles: bill number {number!r} must be a str")
            to_fen(applied)


@dataclass(frozen=True, slots=True)
class StatementEntry:
    """One movement on a customer statement; ``balance`` is the running balance after it."""

    day: date
    kind: str
    """"bill", "payment", "credit_note" or "refund"."""
    number: str
    description: str
    debit: Decimal
    credit: Decimal
    balance: Decimal

    def __post_init__(self) -> None:
        _check_money(self, "debit", "credit", "balance")


@dataclass(frozen=True, slots=True)
class StatementDocument:
    """A customer statement (对账单) over [date_from, date_to] with an aging summary."""

    company: Company
    branding: Branding
    customer: Party
    date_from: date
    date_to: date
    opening_balance: Decimal
    entries: tuple[StatementEntry, ...]
    closing_balance: Decimal
    aging: tuple[tuple[str, Decimal], ...]
    """(bucket label, amount) pairs in print order, e.g. ("未到期", …), ("1–30天", …)."""
    generated_at: datetime

    def __post_init__(self) -> None:
        _check_tuple(self, "entries", "aging")
        _check_money(self, "opening_balance", "closing_balance")
        for label, amount in self.aging:
            if not isinstance(label, str):
                raise TypeError(f"StatementDocument.aging: label {label!r} must be a str")
            to_fen(amount)

