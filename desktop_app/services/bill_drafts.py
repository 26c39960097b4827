"""What one subscription's draft bill holds at a cut-off date: the bill run's pricing step, with no database.

For a cut-off date C and a subscription (its plan version, terms and what is already billed):

- **Fees in advance**: every billing period P from the next unbilled one (``billed_until``, or the period
  of the first billed day) whose start is on or before C; prorated to the served days
  (``subscriptions.service_range``: trial end, pause, cancellation). One ``price()`` per period.
- **Usage in arrears**: P's call also prices the usage of the period before it (usage period U, closed
  because U.end = P.start ≤ C), and the minimum commitment over U's served days.
- **Other closed usage periods**: those with unbilled records, and those owed with no fee period after
  them (the last period before a cancellation or end, the period before a paused one — their minimum
  commitment is owed even without records): priced on their own (usage charges and the commitment,
  which covers served days only). Records of a period whose usage was already billed are **late
  usage**: priced with what was billed before as ``prior_usage`` (the allowance is not given twice and
  tiers continue) and marked late on the line, and the commitment top-up billed before shrinks by what
  they add (a negative commitment line); an issued bill never changes.
- **Adjustments** from changes mid-period (credits negative, charges positive) are added as lines.

Every line, tax and total comes from ``billing.pricing.price``; this module only decides what to ask it.
The keys (subscription, charge, period start) the bill run stores make a second run bill nothing again.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from desktop_app.billing.discounts import CouponRedemption, Discount
from desktop_app.billing.exact import display_decimal
from desktop_app.billing.periods import Cycle, Period
from desktop_app.billing.plan import RECURRING_KINDS, Aggregation, OneTimeCharge, PlanVersion, PricingModel, UsageCharge
from desktop_app.billing.price_input import PriceInput, UsageInput
from desktop_app.billing.pricing import price
from desktop_app.billing.quote import COMMITMENT_CODE, LineKind, Quote, QuoteLine
from desktop_app.billing.usage import UsageRecord, aggregate_micro, rate_usage
from desktop_app.services.subscriptions import billed_from, service_range

_DAY = timedelta(days=1)

__all__ = ["BillDraft", "DraftLine", "Pending", "SubscriptionTerms", "draft_bill"]


@dataclass(frozen=True)
class SubscriptionTerms:
    """A subscription as the bill run loads it (one row of a set-based query)."""

    id: int
    customer_id: int
    plan_version_id: int
    start_date: date
    trial_end: date | None
    anchor: date
    seats: int
    modules: frozenset[str]
    coupon_codes: tuple[str, ...]
    paused_from: date | None
    paused_until: date | None
    cancel_at: date | None
    ended_at: date | None
    billed_until: date | None
    status: str


@dataclass(frozen=True)
class Pending:
    """What is not billed yet for one subscription: unbilled usage per (period start, meter) as stored
    quantities (millionths); the usage periods already billed (their keys exist) and, for those with new
    records, the records billed before (late usage continues after them); adjustment lines (id, kind
    credit|charge, lines as QuoteLine dicts)."""

    usage: Mapping[tuple[date, str], Sequence[int]] = field(default_factory=dict)
    billed_periods: frozenset[date] = frozenset()
    billed_records: Mapping[tuple[date, str], Sequence[int]] = field(default_factory=dict)
    adjustments: Sequence[tuple[int, str, Sequence[Mapping[str, Any]]]] = ()


@dataclass(frozen=True)
class DraftLine:
    kind: str
    charge: str
    description: str
    product: str
    period: Period
    quantity: str
    unit: str
    unit_price: str | None
    net: Decimal
    tax_rate: str | None
    tax: Decimal
    gross: Decimal
    discounted_line: int | None
    detail: dict[str, Any]


@dataclass
class BillDraft:
    subscription_id: int
    customer_id: int
    currency: str
    tax_inclusive: bool
    period: Period | None = None
    lines: list[DraftLine] = field(default_factory=list)
    keys: list[tuple[str, date, str | None]] = field(default_factory=list)
    usage_periods: list[date] = field(default_factory=list)
    adjustment_ids: list[int] = field(default_factory=list)
    billed_until: date | None = None
    wallet_credits: list[dict[str, object]] = field(default_factory=list)
    top_ups: Decimal = Decimal("0.00")


@functools.lru_cache(maxsize=4096)
def _period_containing(cycle: Cycle, anchor: date, day: date) -> Period:
    """``cycle.period_containing``, remembered: a run asks the same few questions for most subscriptions."""
    return cycle.period_containing(anchor, day)


@functools.lru_cache(maxsize=4096)
def _index_of(cycle: Cycle, anchor: date, day: date) -> int:
    return cycle.index_of(anchor, day)


def _usage_input(plan: PlanVersion, stored: Mapping[str, Sequence[int]]) -> dict[str, UsageInput]:
    """Per meter: one exact aggregated quantity (the fast integer path), or the records where a charge
    needs them (percentage fees per transaction, last value, unique count, two charges on one meter)."""
    result: dict[str, UsageInput] = {}
    charges: dict[str, list[UsageCharge]] = {}
    for charge in plan.charges:
        if isinstance(charge, UsageCharge):
            charges.setdefault(charge.meter, []).append(charge)
    for meter, quantities in stored.items():
        users = charges.get(meter)
        if not users:
            continue
        first = users[0]
        fast = (len({(c.aggregation, c.record_rounding) for c in users}) == 1
                and first.aggregation in (Aggregation.SUM, Aggregation.MAX)
                and all(c.model is not PricingModel.PERCENTAGE for c in users))
        if fast:
            result[meter] = aggregate_micro(quantities, first.aggregation, first.record_rounding)
        else:
            result[meter] = tuple(UsageRecord(Decimal(q).scaleb(-6), unique_id=str(index))
                                  for index, q in enumerate(quantities))
    return result


def _line(line: QuoteLine, offset: int, late: bool = False, sign: int = 1, kind: str | None = None) -> DraftLine:
    detail: dict[str, Any] = {}
    if line.tier is not None:
        detail["tier"] = line.tier
    if line.proration is not None:
        detail["proration"] = line.proration.to_dict()
    if line.discounts:
        detail["discounts"] = list(line.discounts)
    if line.list_unit_price is not None:
        detail["list_unit_price"] = str(line.list_unit_price)
    if late:
        detail["late"] = True
    return DraftLine(
        kind or str(line.kind), line.charge, line.description, line.product, line.period, str(line.quantity),
        line.unit, None if line.unit_price is None else str(line.unit_price), line.net * sign,
        None if line.tax_rate is None else str(line.tax_rate), line.tax * sign, line.gross * sign,
        None if line.discounted_line is None else line.discounted_line + offset, detail)


def _adjustment_line(raw: Mapping[str, Any], sign: int, reason: str) -> DraftLine:
    """An adjustment's stored QuoteLine dict as a line; credits negative."""
    period = raw["period"]
    rate = raw["tax_rate"]
    return DraftLine(
        "adjustment", str(raw["charge"]), str(raw["description"]), str(raw["product"]),
        Period(date.fromisoformat(period["start"]), date.fromisoformat(period["end"])), str(raw["quantity"]),
        str(raw["unit"]), raw.get("unit_price"), Decimal(raw["net"]) * sign,
        None if rate == "exempt" else str(rate), Decimal(raw["tax"]) * sign, Decimal(raw["gross"]) * sign,
        None, {"adjustment": reason, "credit": sign < 0})


class _Drafter:
    def __init__(self, plan: PlanVersion, terms: SubscriptionTerms, pending: Pending, cutoff: date,
                 tier: str | None, coupons: Sequence[Discount], memo: dict[object, Quote] | None) -> None:
        self.plan, self.terms, self.pending, self.cutoff, self.memo = plan, terms, pending, cutoff, memo
        self.tier, self.coupons = tier, coupons
        self.cycle = plan.billing_cycle
        self.first = billed_from(terms)
        self.bill = BillDraft(terms.id, terms.customer_id, plan.currency, plan.tax_inclusive)
        self.usage_codes = {c.code for c in plan.charges if isinstance(c, UsageCharge)}
        self.fee_codes = frozenset(c.code for c in plan.charges if isinstance(c, (*RECURRING_KINDS, OneTimeCharge)))
        self.done_usage: set[date] = set()
        self.owed: set[date] = set()  # usage periods with no fee period after them to be billed with
        self.bills_usage = bool(self.usage_codes) or plan.minimum_commitment is not None

    def index(self, day: date) -> int:
        return max(0, _index_of(self.cycle, self.terms.anchor, day) - _index_of(self.cycle, self.terms.anchor,
                                                                                 self.first))

    def served(self, period: Period) -> tuple[date, date] | None:
        return service_range(self.terms, period)

    def add(self, quote: Quote, *, late: bool = False) -> None:
        offset = len(self.bill.lines)
        self.bill.lines.extend(_line(line, offset, late) for line in quote.lines)
        self.bill.wallet_credits.extend(credit.to_dict() for credit in quote.wallet_credits)
        self.bill.top_ups += sum((line.gross for line in quote.lines if line.kind is LineKind.TOP_UP),
                                 Decimal("0.00"))
        self.widen(line.period for line in quote.lines)

    def widen(self, periods: Iterable[Period]) -> None:
        """The bill's period covers every line's."""
        period = self.bill.period
        for line in periods:
            period = Period(min(line.start, period.start), max(line.end, period.end)) if period else line
        self.bill.period = period

    def price(self, **fields: Any) -> Quote:
        """``billing.pricing.price`` for these fields; a run prices each distinct question once (most
        subscriptions of a plan ask the same one: same period, seats and modules, no usage)."""
        index = fields.pop("period_index")
        key = None
        if self.memo is not None and not fields.get("usage"):  # usage makes a question unique: not kept
            key = (id(self.plan), self.terms.anchor, self.terms.seats, self.terms.modules, self.tier, index,
                   tuple(c.code for c in self.coupons),
                   tuple(sorted((name, _hashable(value)) for name, value in fields.items())))
            cached = self.memo.get(key)
            if cached is not None:
                return cached
        given = PriceInput(anchor=self.terms.anchor, seats=self.terms.seats, modules=self.terms.modules,
                           membership_tier=self.tier, period_index=index,
                           coupons=tuple(CouponRedemption(c, index) for c in self.coupons), **fields)
        quote = price(self.plan, given)
        if key is not None and self.memo is not None:
            self.memo[key] = quote
        return quote

    def usage_of(self, start: date, stored: Mapping[tuple[date, str], Sequence[int]] | None = None
                 ) -> dict[str, UsageInput]:
        source = self.pending.usage if stored is None else stored
        return _usage_input(self.plan, {meter: q for (period_start, meter), q in source.items()
                                        if period_start == start})

    def usage_billed(self, start: date) -> bool:
        return start in self.pending.billed_periods

    def prior_usage(self, start: date) -> dict[str, Decimal]:
        """Billing units each usage charge already billed in the period (from the records billed before)."""
        usage = self.usage_of(start, self.pending.billed_records)
        prior: dict[str, Decimal] = {}
        for charge in self.plan.charges:
            if isinstance(charge, UsageCharge) and charge.meter in usage:
                if charge.model is PricingModel.PERCENTAGE:
                    continue  # no allowance or tiers to continue
                prior[charge.code] = display_decimal(rate_usage(charge, usage[charge.meter]).quantity)
        return prior

    def fees(self) -> None:
        """Each due period in advance, with the usage of the period before it."""
        terms = self.terms
        start = terms.billed_until or _period_containing(self.cycle, terms.anchor, self.first).start
        stops = [day for day in (terms.cancel_at, terms.ended_at) if day is not None]
        while start <= self.cutoff and not any(start >= stop for stop in stops):
            period = _period_containing(self.cycle, terms.anchor, start)
            self.bill.billed_until = period.end
            served = self.served(period)
            usage_period = _period_containing(self.cycle, terms.anchor, period.start - _DAY)
            with_usage = usage_period.end > self.first and not self.usage_billed(usage_period.start)
            if served is not None:
                fields: dict[str, Any] = {
                    "period": period, "period_index": self.index(period.start),
                    "service_from": None if served[0] == period.start else served[0],
                    "service_to": None if served[1] == period.end else served[1],
                }
                if with_usage:
                    fields.update(self.usage_fields(usage_period))
                    self.done_usage.add(usage_period.start)
                    if self.served(usage_period) is None:  # paused all through: no minimum owed for it
                        fields["only"] = self.fee_codes | self.usage_codes
                else:
                    fields["only"] = self.fee_codes
                quote = self.price(**fields)
                self.add(quote)
                self.key_fees(quote)
                if with_usage:
                    self.key_usage(quote, usage_period)
            elif with_usage:
                self.owe(usage_period)  # a period without billed days (paused): its usage period on its own
            start = period.end
        if stops:  # the usage period before a cancellation or end has no fee period after it
            self.owe(_period_containing(self.cycle, terms.anchor, min(stops) - _DAY))

    def owe(self, usage_period: Period) -> None:
        """Bill ``usage_period``'s usage and minimum commitment on their own once it has closed (even
        without records: the commitment is owed for its served days)."""
        if (self.bills_usage and usage_period.end <= self.cutoff and usage_period.end > self.first
                and not self.usage_billed(usage_period.start) and self.served(usage_period) is not None):
            self.owed.add(usage_period.start)

    def usage_fields(self, usage_period: Period,
                     stored: Mapping[tuple[date, str], Sequence[int]] | None = None) -> dict[str, Any]:
        served = self.served(usage_period) or (usage_period.start, usage_period.end)
        return {"usage_period": usage_period, "usage": self.usage_of(usage_period.start, stored),
                "usage_service_from": None if served[0] == usage_period.start else served[0],
                "usage_service_to": None if served[1] == usage_period.end else served[1]}

    def closed_usage(self) -> None:
        """Closed usage periods not billed with a fee period: on their own, or as late usage."""
        starts = sorted(({start for start, _ in self.pending.usage} | self.owed) - self.done_usage)
        for start in starts:
            usage_period = _period_containing(self.cycle, self.terms.anchor, start)
            if usage_period.end > self.cutoff:
                continue  # still open
            self.done_usage.add(start)
            late = self.usage_billed(usage_period.start)
            committed = not late and self.served(usage_period) is not None  # a minimum only for served days
            only = frozenset(self.usage_codes) | ({COMMITMENT_CODE} if committed else frozenset())
            fields: dict[str, Any] = {"period": usage_period, "period_index": self.index(usage_period.start),
                                      "only": only, **self.usage_fields(usage_period)}
            if late:
                fields["prior_usage"] = self.prior_usage(usage_period.start)
            quote = self.price(**fields)
            self.add(quote, late=late)
            self.key_usage(quote, usage_period, late=late)
            if late and self.plan.minimum_commitment is not None:
                self.commitment_change(usage_period)

    def commitment_change(self, usage_period: Period) -> None:
        """Late usage counts towards the period's minimum commitment: the top-up billed before shrinks by what
        the late records add (a negative commitment line), so the period costs what all its records would
        have cost on one bill."""
        start = usage_period.start
        merged: dict[tuple[date, str], list[int]] = {}
        for source in (self.pending.billed_records, self.pending.usage):
            for (period_start, meter), quantities in source.items():
                if period_start == start:
                    merged.setdefault((period_start, meter), []).extend(quantities)
        only = frozenset(self.usage_codes) | {COMMITMENT_CODE}
        common = {"period": usage_period, "period_index": self.index(start), "only": only}
        before = _commitment_lines(self.price(**common, **self.usage_fields(usage_period,
                                                                            self.pending.billed_records)))
        after = _commitment_lines(self.price(**common, **self.usage_fields(usage_period, merged)))
        if not before:
            return
        first = before[0]
        net, tax, gross = (sum((getattr(line, name) for line in after), Decimal("0.00"))
                           - sum((getattr(line, name) for line in before), Decimal("0.00"))
                           for name in ("net", "tax", "gross"))
        if gross or net:
            line = _line(first, 0, late=True)
            self.bill.lines.append(replace(line, quantity="1", unit_price=None, net=net, tax=tax, gross=gross,
                                           detail={**line.detail, "commitment_billed": str(first.gross)}))

    def key_fees(self, quote: Quote) -> None:
        seen: set[tuple[str, date]] = set()
        for line in quote.lines:
            if line.charge in self.fee_codes and (line.charge, line.period.start) not in seen:
                seen.add((line.charge, line.period.start))
                self.bill.keys.append((line.charge, line.period.start, None))

    def key_usage(self, quote: Quote, usage_period: Period, late: bool = False) -> None:
        self.bill.usage_periods.append(usage_period.start)
        if late:
            return  # the records carry the bill; the period's keys stay as the first bill wrote them
        for summary in quote.usage:
            self.bill.keys.append((summary.charge, usage_period.start, str(summary.quantity)))
        if self.usage_codes or self.plan.minimum_commitment is not None:
            # marks the usage period billed even without usage: records arriving later are late usage
            self.bill.keys.append((COMMITMENT_CODE, usage_period.start, None))

    def adjustments(self) -> None:
        for adjustment_id, kind, lines in self.pending.adjustments:
            sign = -1 if kind == "credit" else 1
            added = [_adjustment_line(raw, sign, kind) for raw in lines]
            self.bill.lines.extend(added)
            self.widen(line.period for line in added)
            self.bill.adjustment_ids.append(adjustment_id)


def _commitment_lines(quote: Quote) -> list[QuoteLine]:
    return [line for line in quote.lines if line.kind is LineKind.COMMITMENT]


def _hashable(value: object) -> object:
    """A price question's field as a dictionary key (mappings as sorted items)."""
    if isinstance(value, Mapping):
        return tuple(sorted((key, _hashable(item)) for key, item in value.items()))
    return value


def draft_bill(plan: PlanVersion, terms: SubscriptionTerms, pending: Pending, cutoff: date, *,
               tier: str | None = None, coupons: Sequence[Discount] = (),
               memo: dict[object, Quote] | None = None) -> BillDraft:
    """The draft bill of ``terms`` at ``cutoff`` (possibly without lines: nothing due). ``memo`` (one
    dict per run, where ``plan`` objects stay alive) remembers quotes of identical questions."""
    drafter = _Drafter(plan, terms, pending, cutoff, tier, coupons, memo)
    drafter.fees()
    drafter.closed_usage()
    drafter.adjustments()
    return drafter.bill
