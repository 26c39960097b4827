"""The calculator: ``price(plan_version, PriceInput(...)) -> Quote``.

The bill run, the plan editor's price calculator and the tests all compute with this one function.
Order of work (design/money-rules.md, "Deduction order"):

1. Lines at the membership tier's prices (price list: override or rate off), each amount exact until it
   is rounded once to whole fen: recurring fees, seats, modules and bundles (in advance, prorated by
   days), one-time fees, top-up packages, usage (records rounded, aggregated, priced once, one line per
   tier part), then the minimum-commitment top-up if the covered lines fall short.
2. Discounts and coupons, before tax, in order (the plan's own, then the coupons): each line they reduce
   is followed by one discount line (折扣行) with their sum, never more than the line.
3. Tax per line, rounded once by the rule of ``round_money``: tax-inclusive ``tax = G × r / (1 + r)``,
   tax-exclusive ``tax = N × r`` (``billing.tax``); totals are exact sums of the lines.
4. Credit notes, then the prepaid wallet, reduce the amount due (never below zero; the wallet never
   pays a top-up).
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal
from functools import lru_cache

from desktop_app.billing.discounts import Discount, discount_shares
from desktop_app.billing.exact import display_price_ratio, display_ratio
from desktop_app.billing.input_checks import check_input
from desktop_app.billing.money import from_fen, round_ratio, to_fen
from desktop_app.billing.periods import Cycle, Interval, Period, Proration, ProrationConvention, prorate
from desktop_app.billing.plan import (
    BundleCharge,
    ModuleCharge,
    OneTimeCharge,
    PlanVersion,
    Product,
    RecurringCharge,
    SeatCharge,
    TopUpCharge,
    UsageCharge,
)
from desktop_app.billing.plan_facts import PlanFacts, validated_facts
from desktop_app.billing.price_input import PriceInput
from desktop_app.billing.quote import (
    COMMITMENT_CODE,
    DiscountSummary,
    LineKind,
    Quote,
    QuoteLine,
    UsageSummary,
    subtotals_from_fen,
)
from desktop_app.billing.tax import tax_fen_exclusive, tax_fen_inclusive
from desktop_app.billing.usage import rate_usage_exact
from desktop_app.billing.wallet import WalletCredit, top_up_credit

__all__ = ["price"]

_ZERO = Decimal("0.00")
_Fixed = RecurringCharge | SeatCharge | ModuleCharge | BundleCharge
_KIND = {RecurringCharge: LineKind.RECURRING, SeatCharge: LineKind.SEAT, ModuleCharge: LineKind.MODULE,
         BundleCharge: LineKind.BUNDLE}
_NOT_DISCOUNTABLE = (LineKind.TOP_UP, LineKind.COMMITMENT, LineKind.DISCOUNT)
_USAGE_KINDS = (LineKind.USAGE, LineKind.USAGE_FLAT_FEE)


@lru_cache(maxsize=4096)
def _cycles(interval: Interval, count: int, anchor: date, start: date, end: date) -> tuple[Period, ...]:
    """The charge's own cycle (``count`` × ``interval`` from ``anchor``) that contains the billing period's
    start ``start``, then each following cycle that ends by ``end`` (a monthly fee in a plan billed per
    quarter: three months). Pure, so remembered: a bill run asks for the same few periods again and again."""
    cycle = Cycle(interval, count)
    index = cycle.index_of(anchor, start)
    periods = [cycle.period(anchor, index)]
    while True:
        index += 1
        following = cycle.period(anchor, index)
        if following.end > end:
            return tuple(periods)
        periods.append(following)


class _Pricer:
    """One quote. Each line is taxed as it is added: a line's own amount never changes (discounts and
    coupons become separate discount lines), so ``lines`` are final; ``amounts`` holds each line's amount
    in fen in the plan's price basis (gross if tax-inclusive) and ``sums`` its tax rate, then its net, tax
    and gross in fen."""

    def __init__(self, plan: PlanVersion, facts: PlanFacts, given: PriceInput) -> None:
        self.plan = plan
        self.facts = facts
        self.given = given
        self.mode = given.settings.rounding
        self.tier = given.membership_tier
        self.lines: list[QuoteLine] = []
        self.amounts: list[int] = []
        self.sums: list[tuple[Decimal | None, int, int, int]] = []
        self.usage: list[UsageSummary] = []
        self.credits: list[WalletCredit] = []

    def wanted(self, code: str) -> bool:
        return self.given.only is None or code in self.given.only

    # -- lines and tax ---------------------------------------------------------------------------

    def taxed(self, kind: LineKind, charge: str, description: str, product: str, rate: Decimal | None,
              period: Period, quantity: Decimal, unit: str, unit_price: Decimal | None, fen: int,
              amount: Decimal | None = None, tier: int | None = None, proration: Proration | None = None,
              list_unit_price: Decimal | None = None, discounts: tuple[str, ...] = (), parent: int | None = None,
              ) -> tuple[QuoteLine, int, tuple[Decimal | None, int, int, int]]:
        """A line of ``fen`` (``amount``: the same as the Decimal computed, if any) with its tax: the exact
        ratio rounded once (``billing.tax``). A discount line is taxed on its own at its line's rate: the
        rounding is symmetric and monotone, so a line with its one discount line never carries negative
        tax or a negative total."""
        sums: tuple[Decimal | None, int, int, int]
        if rate is None:
            net = gross = from_fen(fen) if amount is None else amount
            tax, sums = _ZERO, (rate, fen, 0, fen)
        else:
            if self.plan.tax_inclusive:
                tax_fen = tax_fen_inclusive(fen, rate, self.mode)
                sums = (rate, fen - tax_fen, tax_fen, fen)
            else:
                tax_fen = tax_fen_exclusive(fen, rate, self.mode)
                sums = (rate, fen, tax_fen, fen + tax_fen)
            net, tax, gross = from_fen(sums[1]), from_fen(tax_fen), from_fen(sums[3])
        line = QuoteLine(kind, charge, description, product, period, quantity, unit, unit_price, net, rate, tax, gross,
                         tier, proration, list_unit_price, discounts, parent)
        return line, fen, sums

    def add(self, kind: LineKind, charge: str, description: str, product: Product, period: Period,
            quantity: Decimal, unit: str, unit_price: Decimal | None, fen: int, tier: int | None = None,
            proration: Proration | None = None, list_unit_price: Decimal | None = None) -> None:
        line, fen, sums = self.taxed(kind, charge, description, product.code, product.tax_rate, period, quantity, unit,
                                     unit_price, fen, None, tier, proration, list_unit_price)
        self.lines.append(line)
        self.amounts.append(fen)
        self.sums.append(sums)

    # -- charges ---------------------------------------------------------------------------------
    # Amounts are exact ratios of integers (unit price n/d × quantity × days/period days) rounded once
    # to whole fen by ``round_ratio``, the rule of ``round_money``: the value the exact Fraction product
    # gives, without building Fractions.

    def recurring(self, charge: _Fixed) -> None:
        given = self.given
        if isinstance(charge, SeatCharge):
            quantity = given.seats
        elif isinstance(charge, ModuleCharge):
            bundled = any(other.code in given.modules and charge.code in other.modules for other in self.facts.bundles)
            quantity = int(charge.code in given.modules and not bundled)
        elif isinstance(charge, BundleCharge):
            quantity = int(charge.code in given.modules)
        else:
            quantity = 1
        if quantity == 0:
            return
        period = given.period
        for full in _cycles(charge.interval, charge.interval_count, given.effective_anchor, period.start, period.end):
            self._recurring_cycle(charge, quantity, full)

    def _recurring_cycle(self, charge: _Fixed, quantity: int, full: Period) -> None:
        given = self.given
        start = full.start if given.service_from is None else max(given.service_from, full.start)
        end = full.end if given.service_to is None else min(given.service_to, full.end)
        if end <= start:
            return
        unit = self.facts.fixed_price(self.tier, charge)
        proration: Proration | None = None
        days = period_days = 1
        if start != full.start or end != full.end:  # (the whole cycle is days/days under either convention)
            day_based = charge.interval is Interval.DAY
            proration = prorate(full, start, end, ProrationConvention.ACTUAL_DAYS if day_based else
                                given.settings.proration)
            days, period_days = proration.days, proration.period_days
            if proration.is_full:
                proration = None
        fen = round_ratio(unit.numerator * quantity * days * 100, unit.denominator * period_days, self.mode)
        self.add(_KIND[type(charge)], charge.code, charge.name, charge.product,
                 full if proration is None else Period(start, end), Decimal(quantity), charge.product.unit,
                 unit.shown, fen, proration=proration, list_unit_price=unit.list_price)

    def one_time(self, charge: OneTimeCharge, quantity: Decimal) -> None:
        unit = self.facts.fixed_price(self.tier, charge)
        numerator, denominator = quantity.as_integer_ratio()
        fen = round_ratio(unit.numerator * numerator * 100, unit.denominator * denominator, self.mode)
        self.add(LineKind.ONE_TIME, charge.code, charge.name, charge.product, self.given.period, quantity,
                 charge.product.unit, unit.shown, fen, list_unit_price=unit.list_price)

    def top_up(self, charge: TopUpCharge, count: int) -> None:
        unit = self.facts.fixed_price(self.tier, charge)
        fen = round_ratio(unit.numerator * count * 100, unit.denominator, self.mode)
        self.add(LineKind.TOP_UP, charge.code, charge.name, charge.product, self.given.period, Decimal(count),
                 charge.product.unit, unit.shown, fen, list_unit_price=unit.list_price)
        bought_on = self.given.service_from or self.given.period.start
        self.credits.append(top_up_credit(charge, bought_on, count, from_fen(fen)))

    def metered(self, charge: UsageCharge) -> None:
        given = self.given
        usage = given.usage.get(charge.meter, Decimal(0))
        prior = given.prior_usage.get(charge.code, Decimal(0))
        period = given.effective_usage_period
        key = None
        if isinstance(usage, Decimal):  # an aggregated quantity: the same question gives the same lines
            key = (id(charge), self.tier if self.tier in self.facts.entries else None, usage, prior, period,
                   self.mode)
            known = self.facts.metered.get(key)
            if known is not None:
                for line, fen, sums in known[0]:
                    self.lines.append(line)
                    self.amounts.append(fen)
                    self.sums.append(sums)
                self.usage.append(known[1])
                return
        first = len(self.lines)
        price, factor, overridden = self.facts.list_price(self.tier, charge, charge.unit_price)
        override = price if overridden else None
        rated = rate_usage_exact(charge, usage, prior, factor=(factor.numerator, factor.denominator),
                                 unit_price=override)
        for part in rated.parts:
            unit_price = part.unit_price
            kind, unit = (LineKind.USAGE_FLAT_FEE, "") if part.flat_fee else (LineKind.USAGE, charge.product.unit)
            self.add(kind, charge.code, charge.name, charge.product, period, display_ratio(*part.quantity), unit,
                     None if unit_price is None else display_price_ratio(*unit_price),
                     round_ratio(part.amount[0] * 100, part.amount[1], self.mode), tier=part.tier)
        summary = UsageSummary(charge.code, charge.meter, display_ratio(*rated.quantity),
                               display_ratio(*rated.included), display_ratio(*rated.billable))
        self.usage.append(summary)
        if key is not None:
            self.facts.remember_metered(key, tuple(zip(self.lines[first:], self.amounts[first:], self.sums[first:],
                                                       strict=True)), summary)

    def commitment(self) -> None:
        commitment = self.plan.minimum_commitment
        if commitment is None or (self.given.only is not None and COMMITMENT_CODE not in self.given.only):
            return
        covered = set(commitment.charges)
        spent = sum(fen for line, fen in zip(self.lines, self.amounts, strict=True)
                    if line.charge in covered or (not covered and line.kind in _USAGE_KINDS))
        given = self.given
        served_from, served_to = given.usage_service
        proration = prorate(given.effective_usage_period, served_from, served_to, given.settings.proration)
        fraction = proration.fraction  # ZeroDivisionError for a period of 0 days under 30/360, as ever
        numerator, denominator = commitment.amount.as_integer_ratio()
        required = round_ratio(numerator * fraction.numerator * 100, denominator * fraction.denominator, self.mode)
        if required > spent:
            shortfall = from_fen(required - spent)
            self.add(LineKind.COMMITMENT, COMMITMENT_CODE, commitment.product.name, commitment.product,
                     given.effective_usage_period, Decimal(1), "", shortfall, required - spent,
                     proration=None if proration.is_full else proration)

    # -- discounts -------------------------------------------------------------------------------

    def active_discounts(self) -> list[Discount]:
        active = [d for d in self.plan.discounts if d.applies_after(self.given.period_index)]
        active += [c.discount for c in self.given.coupons if c.discount.applies_after(c.periods_applied)]
        return active

    def discount(self) -> tuple[DiscountSummary, ...]:
        """Apply the active discounts in order; one combined discount line after each discounted line."""
        active = self.active_discounts()
        if not active:
            return ()
        lines, amounts = self.lines, [from_fen(fen) for fen in self.amounts]
        remaining = list(amounts)
        codes: dict[int, list[str]] = {}
        names: dict[int, list[str]] = {}
        summaries: list[DiscountSummary] = []
        for discount in active:
            eligible = [index for index, line in enumerate(lines)
                        if line.kind not in _NOT_DISCOUNTABLE and discount.covers(line.charge) and remaining[index] > 0]
            shares = discount_shares(discount, [remaining[index] for index in eligible], self.mode)
            for index, share in zip(eligible, shares, strict=True):
                if share > 0:
                    remaining[index] -= share
                    codes.setdefault(index, []).append(discount.code)
                    names.setdefault(index, []).append(discount.name)
            total = sum(shares, _ZERO)
            if total > 0:
                summaries.append(DiscountSummary(discount.code, discount.name, total))
        if codes:
            priced = list(zip(lines, self.amounts, self.sums, strict=True))
            self.lines, self.amounts, self.sums = [], [], []
            for index, (line, fen, sums) in enumerate(priced):
                position = len(self.lines)
                self.lines.append(line)
                self.amounts.append(fen)
                self.sums.append(sums)
                if index in codes:
                    off = remaining[index] - amounts[index]
                    line, fen, sums = self.taxed(
                        LineKind.DISCOUNT, line.charge, "、".join(dict.fromkeys(names[index])), line.product,
                        line.tax_rate, line.period, Decimal(1), "", off, to_fen(off), off,
                        discounts=tuple(dict.fromkeys(codes[index])), parent=position)
                    self.lines.append(line)
                    self.amounts.append(fen)
                    self.sums.append(sums)
        return tuple(summaries)

    # -- totals ----------------------------------------------------------------------------------

    def quote(self) -> Quote:
        given, plan, facts = self.given, self.plan, self.facts
        for charge in facts.recurring:
            if self.wanted(charge.code):
                self.recurring(charge)
        one_time = given.one_time
        if one_time is None:
            one_time = {c.code: Decimal(1) for c in facts.one_time if given.period_index == 0}
        for code, quantity in one_time.items():
            fee = facts.by_code.get(code)
            if isinstance(fee, OneTimeCharge) and quantity > 0 and self.wanted(code):
                self.one_time(fee, quantity)
        for code, count in Counter(given.top_ups).items() if given.top_ups else ():
            package = facts.by_code.get(code)
            if isinstance(package, TopUpCharge) and self.wanted(code):
                self.top_up(package, count)
        for usage_charge in facts.usage:
            if self.wanted(usage_charge.code):
                self.metered(usage_charge)
        self.commitment()
        discounts = self.discount()
        lines = tuple(self.lines)
        net_fen = tax_fen = gross_fen = 0
        for _, net, tax, gross in self.sums:
            net_fen, tax_fen, gross_fen = net_fen + net, tax_fen + tax, gross_fen + gross
        total_net, total_tax, total_gross = from_fen(net_fen), from_fen(tax_fen), from_fen(gross_fen)
        credit = min(given.credit_balance, max(total_gross, _ZERO))
        top_ups = sum((line.gross for line in lines if line.kind is LineKind.TOP_UP), _ZERO) if self.credits else _ZERO
        wallet = min(given.wallet_balance, max(total_gross - credit - top_ups, _ZERO))
        return Quote(
            plan.code, plan.version, plan.currency, plan.tax_inclusive, lines, subtotals_from_fen(self.sums),
            total_net, total_tax, total_gross, from_fen(to_fen(credit)), from_fen(to_fen(wallet)),
            from_fen(to_fen(total_gross - credit - wallet)), discounts, tuple(self.usage), tuple(self.credits),
        )


def price(plan: PlanVersion, given: PriceInput) -> Quote:
    """Price ``plan`` for ``given``: every line, tax per line, subtotals per rate, totals and amount due.

    Raises ``PlanInvalid`` for an invalid plan and ``PriceInputInvalid`` (with the field's path) for an
    input that does not fit it. Pure: no clock, no database; the same input always gives the same quote.
    A plan object is validated once (``billing.plan_facts``: plans are immutable); an invalid one raises
    every time it is priced.

    Speed (``bench/pricing.py``): amounts are kept as integer fen and exact integer ratios and rounded once
    by ``round_ratio`` (the rule of ``round_money``), so the calculator builds no Fraction on its usual
    path; what depends only on the plan (validation, price-list prices, tier tables, cycle periods) is
    worked out once per plan object.
    """
    facts = validated_facts(plan)
    check_input(plan, given)
    return _Pricer(plan, facts, given).quote()
