"""Checks that a :class:`~desktop_app.billing.price_input.PriceInput` fits its plan version.

Each problem raises :class:`~desktop_app.billing.errors.PriceInputInvalid` with the field's path
(``"modules[crm_pro]"``, ``"usage[call_seconds][3].at"``). A coupon that breaks a discount rule raises
the same class with the discount's code (``"rate.out_of_range"`` at ``"coupons[0].discount.value"``).
"""

from __future__ import annotations

from decimal import Decimal

from desktop_app.billing.errors import PriceInputInvalid
from desktop_app.billing.periods import local_day
from desktop_app.billing.plan import Aggregation, OneTimeCharge, PlanVersion, PricingModel, TopUpCharge
from desktop_app.billing.plan_facts import PlanFacts, plan_facts
from desktop_app.billing.price_input import PriceInput
from desktop_app.billing.validation import discount_problems

__all__ = ["check_input"]


def _service_range(given: PriceInput) -> None:
    checks = [(given.period, given.service_from, given.service_to, "service")]
    if given.usage_period is not None:
        checks.append((given.usage_period, given.usage_service_from, given.usage_service_to, "usage_service"))
    for period, service_from, service_to, name in checks:
        start = period.start if service_from is None else service_from
        end = period.end if service_to is None else service_to
        if not period.start <= start < end <= period.end:
            raise PriceInputInvalid("input.service_range", f"{name}_from" if service_from else f"{name}_to",
                                    start=str(start), end=str(end), period_start=str(period.start),
                                    period_end=str(period.end))


def _balances(given: PriceInput) -> None:
    for name in ("credit_balance", "wallet_balance"):
        value: Decimal = getattr(given, name)
        if value < 0:
            raise PriceInputInvalid("input.balance_negative", name, value=str(value))
        # More than 2 decimal places exactly when the reduced denominator (2^a·5^b, places = max(a, b))
        # does not divide 100: the same test as decimal_places(value) > 2, without normalising.
        if 100 % value.as_integer_ratio()[1]:
            raise PriceInputInvalid("input.amount_not_fen", name, value=str(value))


def _usage(facts: PlanFacts, given: PriceInput) -> None:
    usage_period = given.effective_usage_period
    time_zone = given.settings.time_zone
    for meter, usage in given.usage.items():
        if isinstance(usage, Decimal):
            if usage < 0:
                raise PriceInputInvalid("input.quantity_negative", f"usage[{meter}]", value=str(usage))
            continue
        for index, record in enumerate(usage):
            if record.quantity < 0:
                raise PriceInputInvalid("input.quantity_negative", f"usage[{meter}][{index}].quantity",
                                        value=str(record.quantity))
            if record.at is not None:
                try:
                    day = local_day(record.at, time_zone)
                except ValueError as error:
                    raise PriceInputInvalid("usage.time_zone_required", f"usage[{meter}][{index}].at",
                                            at=str(record.at)) from error
                if not usage_period.contains(day):
                    raise PriceInputInvalid("usage.record_outside_period", f"usage[{meter}][{index}].at",
                                            day=str(day), start=str(usage_period.start), end=str(usage_period.end))
    for charge in facts.usage:
        if charge.meter not in given.usage:
            continue
        usage = given.usage[charge.meter]
        per_transaction = (charge.fixed_fee, charge.min_fee, charge.max_fee) != (None, None, None)
        if isinstance(usage, Decimal):
            if charge.model is PricingModel.PERCENTAGE and per_transaction and usage:
                raise PriceInputInvalid("usage.records_required", f"usage[{charge.meter}]", charge=charge.code)
        elif charge.aggregation is Aggregation.UNIQUE_COUNT:
            for index, record in enumerate(usage):
                if record.unique_id is None:
                    raise PriceInputInvalid("usage.unique_id_required", f"usage[{charge.meter}][{index}].unique_id",
                                            charge=charge.code)
    for code, quantity in given.prior_usage.items():
        if code not in facts.usage_codes:
            raise PriceInputInvalid("input.unknown_charge", f"prior_usage[{code}]", charge=code)
        if quantity < 0:
            raise PriceInputInvalid("input.quantity_negative", f"prior_usage[{code}]", value=str(quantity))


def check_input(plan: PlanVersion, given: PriceInput) -> None:
    """Raise the first :class:`PriceInputInvalid` of ``given`` against ``plan``."""
    facts = plan_facts(plan)  # the plan's charges by kind and code (any plan, valid or not)
    if given.seats < 0:
        raise PriceInputInvalid("input.seats_negative", "seats", value=given.seats)
    if given.period_index < 0:
        raise PriceInputInvalid("input.quantity_negative", "period_index", value=given.period_index)
    _service_range(given)
    if not given.modules <= facts.switchable:
        for module in sorted(given.modules):
            if module not in facts.switchable:
                raise PriceInputInvalid("input.unknown_module", f"modules[{module}]", module=module)
    for code in sorted(given.only or ()):  # a coupon may name charges of other plans: no check there
        if code not in facts.codes:
            raise PriceInputInvalid("input.unknown_charge", f"only[{code}]", charge=code)
    for code, quantity in (given.one_time or {}).items():
        if not isinstance(facts.by_code.get(code), OneTimeCharge):
            raise PriceInputInvalid("input.unknown_charge", f"one_time[{code}]", charge=code)
        if quantity < 0:
            raise PriceInputInvalid("input.quantity_negative", f"one_time[{code}]", value=str(quantity))
    for index, code in enumerate(given.top_ups):
        if not isinstance(facts.by_code.get(code), TopUpCharge):
            raise PriceInputInvalid("input.unknown_top_up", f"top_ups[{index}]", top_up=code)
    _usage(facts, given)
    _balances(given)
    for index, coupon in enumerate(given.coupons):
        problems = discount_problems(coupon.discount, f"coupons[{index}].discount")
        if problems:
            raise PriceInputInvalid(problems[0].code, problems[0].path, **problems[0].params)
