"""What the calculator needs to know about a plan version on every call, worked out once per plan object.

A bill run prices every subscription of a plan version with the same ``PlanVersion`` object, so the
calculator keeps, per plan object: whether it passed ``validate_plan``, its charges by kind and code,
the codes an input may name, and each fixed charge's unit price after a membership price list (as an
exact ratio of integers, with its displayed form). A plan version is a frozen dataclass of immutable
values (str, int, Decimal, enums, tuples and frozen dataclasses of those), so anything derived from it
stays true for the object's lifetime. The cache is keyed by identity (``billing.identity_cache``):
hashing a whole plan on every call would cost more than it saves, and two equal plans simply get one
entry each.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from desktop_app.billing.discounts import PriceListEntry
from desktop_app.billing.exact import display_price, exact
from desktop_app.billing.identity_cache import IdentityCache
from desktop_app.billing.plan import (
    RECURRING_KINDS,
    BundleCharge,
    Charge,
    ModuleCharge,
    OneTimeCharge,
    PlanVersion,
    RecurringCharge,
    SeatCharge,
    TopUpCharge,
    UsageCharge,
)
from desktop_app.billing.quote import COMMITMENT_CODE, QuoteLine, UsageSummary
from desktop_app.billing.validation import validate_plan

__all__ = ["FixedPrice", "PlanFacts", "plan_facts", "validated_facts"]

_ONE = Fraction(1)
METERED_MEMO = 50_000
"""Usage lines remembered per plan object (``PlanFacts.metered``) before the memo starts again."""


_Fixed = RecurringCharge | SeatCharge | ModuleCharge | BundleCharge | OneTimeCharge | TopUpCharge


@dataclass(frozen=True)
class FixedPrice:
    """A single-price charge's unit price after the price list: exactly ``numerator / denominator`` yuan."""

    numerator: int
    denominator: int
    shown: Decimal
    """``display_price`` of the exact unit price, for the quote line."""
    list_price: Decimal | None
    """The plan's own price when the price list changed it, else None."""


class PlanFacts:
    """The derived facts of one plan version (see the module docstring). Holds no reference to the plan."""

    def __init__(self, plan: PlanVersion) -> None:
        charges = plan.charges
        self.valid = False
        """Set once ``validate_plan`` passed for the plan."""
        self.by_code: dict[str, Charge] = {}
        for charge in charges:
            self.by_code.setdefault(charge.code, charge)  # the first, as PlanVersion.charge
        self.recurring = tuple(charge for charge in charges if isinstance(charge, RECURRING_KINDS))
        self.bundles = tuple(charge for charge in charges if isinstance(charge, BundleCharge))
        self.one_time = tuple(charge for charge in charges if isinstance(charge, OneTimeCharge))
        self.usage = tuple(charge for charge in charges if isinstance(charge, UsageCharge))
        switchable = (charge.code for charge in charges if isinstance(charge, ModuleCharge | BundleCharge))
        self.switchable = frozenset(switchable)
        self.codes = frozenset(self.by_code) | {COMMITMENT_CODE}
        self.usage_codes = frozenset(charge.code for charge in self.usage)
        # Per membership tier, the first price list's first entry per charge (PlanVersion.price_list, entry_for).
        self.entries: dict[str, dict[str, PriceListEntry]] = {}
        for price_list in plan.price_lists:
            if price_list.tier not in self.entries:
                entries: dict[str, PriceListEntry] = {}
                for entry in price_list.entries:
                    entries.setdefault(entry.charge, entry)
                self.entries[price_list.tier] = entries
        self._fixed: dict[tuple[str | None, str], FixedPrice] = {}
        self.metered: dict[object, tuple[tuple[tuple[QuoteLine, int, tuple[Decimal | None, int, int, int]], ...],
                                         UsageSummary]] = {}
        """The lines of a usage charge priced before, by (charge, tier, quantity, prior, period, rounding): a
        bill run asks the same question for many subscriptions (usage totals repeat). The lines are frozen
        values, shared between quotes."""

    def remember_metered(self, key: object, lines: tuple[tuple[QuoteLine, int, tuple[Decimal | None, int, int, int]],
                                                         ...], summary: UsageSummary) -> None:
        if len(self.metered) >= METERED_MEMO:
            self.metered.clear()
        self.metered[key] = (lines, summary)

    def entry(self, tier: str | None, code: str) -> PriceListEntry | None:
        """The price list entry of membership ``tier`` for charge ``code``, if any."""
        entries = self.entries.get(tier) if tier is not None else None
        return None if entries is None else entries.get(code)

    def list_price(self, tier: str | None, charge: Charge, price: Decimal | None
                   ) -> tuple[Decimal | None, Fraction, bool]:
        """The unit price after the price list, the factor (1 − rate_off) for the rest, and "overridden"."""
        entry = self.entry(tier, charge.code)
        if entry is None:
            return price, _ONE, False
        if entry.unit_price is not None:
            return entry.unit_price, _ONE, True
        return price, entry.factor(), False

    def fixed_price(self, tier: str | None, charge: _Fixed) -> FixedPrice:
        """The exact unit price of a single-price charge after the price list (computed once per tier)."""
        key = (tier if tier in self.entries else None, charge.code)
        known = self._fixed.get(key)
        if known is None or self.by_code.get(charge.code) is not charge:
            price, factor, _ = self.list_price(tier, charge, charge.price)
            assert price is not None
            unit_price = exact(price) * factor
            list_price = None if unit_price == exact(charge.price) else charge.price
            known = FixedPrice(unit_price.numerator, unit_price.denominator, display_price(unit_price), list_price)
            if self.by_code.get(charge.code) is charge:
                self._fixed[key] = known
        return known


plan_facts: IdentityCache[PlanVersion, PlanFacts] = IdentityCache(PlanFacts)
"""The facts of a plan object (not validated: ``check_input`` may be asked about any plan)."""


def validated_facts(plan: PlanVersion) -> PlanFacts:
    """The facts of ``plan`` after ``validate_plan`` (run once per plan object; PlanInvalid as before)."""
    facts = plan_facts(plan)
    if not facts.valid:
        validate_plan(plan)  # raises for an invalid plan, every time it is priced
        facts.valid = True
    return facts
