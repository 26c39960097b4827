"""The calculator: ``price(plan_version, PriceInput(...)) -> Quote``.

The bill run, the plan editor's price calculator and the tests all compute with this one function.
Order of work (design/money-rules.md, "Deduction order"):

1. Lines at the membership tier's prices (price list: override or rate off), each amount exact until it
   is rounded once to whole fen: recurring fees, seats, modules and bundles (in advance, prorated by
   days), one-time fees, top-up packages, usage (records rounded, aggregated, priced once, one line per
   tier part), then the minimum-commitment top-up if the covered lines fall short.
2. Discounts and coupons, before tax, in order (the plan's own, then the coupons): each line they reduce
   is followed by one discount line (折扣行) with their sum, never more than the line.
3. Tax per line through ``round_money``: tax-inclusive ``tax = G × r / (1 + r)``, tax-exclusive ``tax = N × r``
   (``billing.tax``); totals are exact sums of the lines.
4. Credit notes, then the prepaid wallet, reduce the amount due (never below zero; the wallet never
   pays a top-up).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from desktop_app.billing.discounts import Discount, discount_shares
from desktop_app.billing.exact import display_decimal, display_price, exact, to_money
from desktop_app.billing.input_checks import check_input
from desktop_app.billing.money import from_fen, to_fen
from desktop_app.billing.periods import Interval, Period, Proration, ProrationConvention, prorate
from desktop_app.billing.plan import (
    RECURRING_KINDS,
    BundleCharge,
    Charge,
    ModuleCharge,
    OneTimeCharge,
    PlanVersion,
    Product,
    RecurringCharge,
    SeatCharge,
    TopUpCharge,
    UsageCharge,
)
from desktop_app.billing.price_input import PriceInput
from desktop_app.billing.quote import (
    COMMITMENT_CODE,
    DiscountSummary,
    LineKind,
    Quote,
    QuoteLine,
    UsageSummary,
    subtotals,
)
from desktop_app.billing.tax import split_exclusive, split_inclusive
from desktop_app.billing.usage import rate_usage
from desktop_app.billing.validation import validate_plan
from desktop_app.billing.wallet import WalletCredit, top_up_credit

__all__ = ["price"]

_ZERO = Decimal("0.00")
_Fixed = RecurringCharge | SeatCharge | ModuleCharge | BundleCharge
_KIND = {RecurringCharge: LineKind.RECURRING, SeatCharge: LineKind.SEAT, ModuleCharge: LineKind.MODULE,
         BundleCharge: LineKind.BUNDLE}


@dataclass(frozen=True)
class _Draft:
    """A line before tax: ``amount`` is whole fen in the plan's price basis (gross if tax-inclusive)."""

    kind: LineKind
    charge: str
    description: str
    product: Product
    period: Period
    quantity: Decimal
    unit: str
    unit_price: Decimal | None
    amount: Decimal
    tier: int | None = None
    proration: Proration | None = None
    list_unit_price: Decimal | None = None
    discounts: tuple[str, ...] = ()
    parent: int | None = None

    @property
    def discountable(self) -> bool:
        return self.kind not in (LineKind.TOP_UP, LineKind.COMMITMENT, LineKind.DISCOUNT)


def _shown(value: Fraction | None) -> Decimal | None:
    return None if value is None else display_price(value)


class _Pricer:
    def __init__(self, plan: PlanVersion, given: PriceInput) -> None:
        self.plan = plan
        self.given = given
        self.mode = given.settings.rounding
        self.price_list = plan.price_list(given.membership_tier)
        self.drafts: list[_Draft] = []
        self.usage: list[UsageSummary] = []
        self.credits: list[WalletCredit] = []

    def wanted(self, charge: Charge) -> bool:
        return self.given.only is None or charge.code in self.given.only

    def list_price(self, charge: Charge, price: Decimal | None) -> tuple[Decimal | None, Fraction, bool]:
        """The unit price after the price list, the factor (1 − rate_off) for the rest, and "overridden"."""
        entry = None if self.price_list is None else self.price_list.entry_for(charge.code)
        if entry is None:
            return price, Fraction(1), False
        if entry.unit_price is not None:
            return entry.unit_price, Fraction(1), True
        return price, entry.factor(), False

    def unit_price(self, charge: _Fixed | OneTimeCharge | TopUpCharge) -> tuple[Fraction, Decimal | None]:
        """The exact unit price of a single-price charge after the price list, and the list price if it differs."""
        price, factor, _ = self.list_price(charge, charge.price)
        assert price is not None
        unit_price = exact(price) * factor
        return unit_price, None if unit_price == exact(charge.price) else charge.price

    def money(self, value: Fraction) -> Decimal:
        return to_money(value, self.mode)

    # -- charges ---------------------------------------------------------------------------------

    def recurring(self, charge: _Fixed) -> None:
        given = self.given
        if isinstance(charge, SeatCharge):
            quantity = given.seats
        elif isinstance(charge, ModuleCharge):
            bundled = any(isinstance(other, BundleCharge) and other.code in given.modules
                          and charge.code in other.modules for other in self.plan.charges)
            quantity = int(charge.code in given.modules and not bundled)
        elif isinstance(charge, BundleCharge):
            quantity = int(charge.code in given.modules)
        else:
            quantity = 1
        if quantity == 0:
            return
        # The charge's own cycle that contains the billing period's start, then each following cycle that
        # ends inside the billing period (a monthly fee in a plan billed per quarter: one line per month).
        anchor, cycle = given.effective_anchor, charge.cycle
        index = cycle.index_of(anchor, given.period.start)
        full = cycle.period(anchor, index)
        while True:
            self._recurring_cycle(charge, quantity, full)
            index += 1
            full = cycle.period(anchor, index)
            if full.end > given.period.end:
                return

    def _recurring_cycle(self, charge: _Fixed, quantity: int, full: Period) -> None:
        given = self.given
        start = full.start if given.service_from is None else max(given.service_from, full.start)
        end = full.end if given.service_to is None else min(given.service_to, full.end)
        if end <= start:
            return
        convention = ProrationConvention.ACTUAL_DAYS if charge.interval is Interval.DAY else given.settings.proration
        proration = prorate(full, start, end, convention)
        unit_price, list_price = self.unit_price(charge)
        self.drafts.append(_Draft(
            _KIND[type(charge)], charge.code, charge.name, charge.product,
            full if proration.is_full else Period(start, end), Decimal(quantity), charge.product.unit,
            _shown(unit_price), self.money(unit_price * quantity * proration.fraction),
            proration=None if proration.is_full else proration, list_unit_price=list_price,
        ))

    def one_time(self, charge: OneTimeCharge, quantity: Decimal) -> None:
        unit_price, list_price = self.unit_price(charge)
        self.drafts.append(_Draft(
            LineKind.ONE_TIME, charge.code, charge.name, charge.product, self.given.period, quantity,
            charge.product.unit, _shown(unit_price), self.money(unit_price * exact(quantity)),
            list_unit_price=list_price,
        ))

    def top_up(self, charge: TopUpCharge, count: int) -> None:
        unit_price, list_price = self.unit_price(charge)
        paid = self.money(unit_price * count)
        self.drafts.append(_Draft(
            LineKind.TOP_UP, charge.code, charge.name, charge.product, self.given.period, Decimal(count),
            charge.product.unit, _shown(unit_price), paid, list_unit_price=list_price,
        ))
        bought_on = self.given.service_from or self.given.period.start
        self.credits.append(top_up_credit(charge, bought_on, count, paid))

    def metered(self, charge: UsageCharge) -> None:
        given = self.given
        usage = given.usage.get(charge.meter, Decimal(0))
        price, factor, overridden = self.list_price(charge, charge.unit_price)
        override = price if overridden else None
        rated = rate_usage(charge, usage, given.prior_usage.get(charge.code, Decimal(0)),
                           factor=factor, unit_price=override)
        period = given.effective_usage_period
        for part in rated.parts:
            self.drafts.append(_Draft(
                LineKind.USAGE_FLAT_FEE if part.flat_fee else LineKind.USAGE, charge.code, charge.name,
                charge.product, period, display_decimal(part.quantity), "" if part.flat_fee else charge.product.unit,
                _shown(part.unit_price), self.money(part.amount), tier=part.tier,
            ))
        self.usage.append(UsageSummary(charge.code, charge.meter, display_decimal(rated.quantity),
                                       display_decimal(rated.included), display_decimal(rated.billable)))

    def commitment(self) -> None:
        commitment = self.plan.minimum_commitment
        if commitment is None or (self.given.only is not None and COMMITMENT_CODE not in self.given.only):
            return
        covered = set(commitment.charges)
        spent = sum(
            (to_fen(draft.amount) for draft in self.drafts
             if draft.charge in covered or (not covered and draft.kind in (LineKind.USAGE, LineKind.USAGE_FLAT_FEE))),
            0,
        )
        given = self.given
        served_from, served_to = given.usage_service
        proration = prorate(given.effective_usage_period, served_from, served_to, given.settings.proration)
        required = to_fen(self.money(exact(commitment.amount) * proration.fraction))
        if required > spent:
            shortfall = from_fen(required - spent)
            self.drafts.append(_Draft(
                LineKind.COMMITMENT, COMMITMENT_CODE, commitment.product.name, commitment.product,
                given.effective_usage_period, Decimal(1), "", shortfall, shortfall,
                proration=None if proration.is_full else proration,
            ))

    # -- discounts -------------------------------------------------------------------------------

    def active_discounts(self) -> list[Discount]:
        active = [d for d in self.plan.discounts if d.applies_after(self.given.period_index)]
        active += [c.discount for c in self.given.coupons if c.discount.applies_after(c.periods_applied)]
        return active

    def discount(self) -> tuple[list[_Draft], tuple[DiscountSummary, ...]]:
        """Apply the active discounts in order; one combined discount line after each discounted line."""
        remaining = [draft.amount for draft in self.drafts]
        codes: dict[int, list[str]] = {}
        names: dict[int, list[str]] = {}
        summaries: list[DiscountSummary] = []
        for discount in self.active_discounts():
            eligible = [index for index, draft in enumerate(self.drafts)
                        if draft.discountable and discount.covers(draft.charge) and remaining[index] > 0]
            shares = discount_shares(discount, [remaining[index] for index in eligible], self.mode)
            for index, share in zip(eligible, shares, strict=True):
                if share > 0:
                    remaining[index] -= share
                    codes.setdefault(index, []).append(discount.code)
                    names.setdefault(index, []).append(discount.name)
            total = sum(shares, _ZERO)
            if total > 0:
                summaries.append(DiscountSummary(discount.code, discount.name, total))
        ordered: list[_Draft] = []
        for index, draft in enumerate(self.drafts):
            position = len(ordered)
            ordered.append(draft)
            if index in codes:
                off = remaining[index] - draft.amount
                ordered.append(_Draft(
                    LineKind.DISCOUNT, draft.charge, "、".join(dict.fromkeys(names[index])), draft.product,
                    draft.period, Decimal(1), "", off, off, discounts=tuple(dict.fromkeys(codes[index])),
                    parent=position,
                ))
        return ordered, tuple(summaries)

    # -- tax and totals --------------------------------------------------------------------------

    def line(self, draft: _Draft) -> QuoteLine:
        """Tax per line. A discount line is taxed on its own at its line's rate: the rounding is symmetric
        and monotone, so a line with its one discount line never carries negative tax or a negative total."""
        rate = draft.product.tax_rate
        if rate is None:
            net, tax, gross = draft.amount, _ZERO, draft.amount
        else:
            split = (split_inclusive if self.plan.tax_inclusive else split_exclusive)(draft.amount, rate, self.mode)
            net, tax, gross = split.net, split.tax, split.gross
        return QuoteLine(
            draft.kind, draft.charge, draft.description, draft.product.code, draft.period, draft.quantity,
            draft.unit, draft.unit_price, net, rate, tax, gross, tier=draft.tier, proration=draft.proration,
            list_unit_price=draft.list_unit_price, discounts=draft.discounts, discounted_line=draft.parent,
        )

    def quote(self) -> Quote:
        given, plan = self.given, self.plan
        for charge in plan.charges:
            if isinstance(charge, RECURRING_KINDS) and self.wanted(charge):
                self.recurring(charge)
        one_time = given.one_time
        if one_time is None:
            one_time = {c.code: Decimal(1) for c in plan.charges
                        if isinstance(c, OneTimeCharge) and given.period_index == 0}
        for code, quantity in one_time.items():
            fee = plan.charge(code)
            if isinstance(fee, OneTimeCharge) and quantity > 0 and self.wanted(fee):
                self.one_time(fee, quantity)
        for code, count in Counter(given.top_ups).items():
            package = plan.charge(code)
            if isinstance(package, TopUpCharge) and self.wanted(package):
                self.top_up(package, count)
        for charge in plan.charges:
            if isinstance(charge, UsageCharge) and self.wanted(charge):
                self.metered(charge)
        self.commitment()
        drafts, discounts = self.discount()
        lines = tuple(self.line(draft) for draft in drafts)
        total_net, total_tax, total_gross = (from_fen(sum(to_fen(getattr(line, name)) for line in lines))
                                             for name in ("net", "tax", "gross"))
        credit = min(given.credit_balance, max(total_gross, _ZERO))
        top_ups = sum((line.gross for line in lines if line.kind is LineKind.TOP_UP), _ZERO)
        wallet = min(given.wallet_balance, max(total_gross - credit - top_ups, _ZERO))
        return Quote(
            plan.code, plan.version, plan.currency, plan.tax_inclusive, lines, subtotals(lines),
            total_net, total_tax, total_gross, from_fen(to_fen(credit)), from_fen(to_fen(wallet)),
            from_fen(to_fen(total_gross - credit - wallet)), discounts, tuple(self.usage), tuple(self.credits),
        )


def price(plan: PlanVersion, given: PriceInput) -> Quote:
    """Price ``plan`` for ``given``: every line, tax per line, subtotals per rate, totals and amount due.

    Raises ``PlanInvalid`` for an invalid plan and ``PriceInputInvalid`` (with the field's path) for an
    input that does not fit it. Pure: no clock, no database; the same input always gives the same quote.
    """
    validate_plan(plan)
    check_input(plan, given)
    return _Pricer(plan, given).quote()
