"""Billing-level errors: a stable code, the path of the offending value, and parameters.

``billing/`` imports the standard library only, so it cannot raise ``desktop_app.errors.DomainError``;
services catch :class:`BillingError` and turn it into their own error (the code and params carry over).

- :class:`PlanInvalid` — a plan version (or a product, a tier table, a price list...) breaks a rule.
  ``path`` names the value in the plan's JSON form, e.g. ``"charges[2].tiers[1].up_to"``, so the plan
  editor can put the message at the row and the catalog import can name the JSON path.
- :class:`PriceInputInvalid` — what the calculator was asked breaks a rule (an unknown module, a usage
  record outside the usage period, negative seats...). ``path`` names the ``PriceInput`` field,
  e.g. ``"usage[call_seconds][3].quantity"``.

Programming errors (a ``float`` where a ``Decimal`` belongs, an ``int`` where a ``str`` belongs) are
``TypeError`` and never reach the user.
"""

from __future__ import annotations

from typing import Any

__all__ = ["PLAN_ERROR_CODES", "PRICE_INPUT_ERROR_CODES", "BillingError", "PlanInvalid", "PriceInputInvalid"]


class BillingError(Exception):
    """Something the user can fix. ``code`` selects the message, ``path`` locates it, ``params`` fill it in."""

    def __init__(self, code: str, path: str, /, **params: Any) -> None:
        self.code = code
        self.path = path
        self.params = params
        detail = ", ".join(f"{key}={value!r}" for key, value in sorted(params.items()))
        super().__init__(f"{code} at {path or '<root>'}" + (f" ({detail})" if detail else ""))


class PlanInvalid(BillingError):
    """A plan version breaks a rule; ``path`` is the JSON path of the value (``"charges[0].tiers[1].up_to"``)."""


class PriceInputInvalid(BillingError):
    """The calculator's input breaks a rule; ``path`` names the ``PriceInput`` field."""


PLAN_ERROR_CODES: frozenset[str] = frozenset(
    {
        # JSON shape (plan_json.from_dict)
        "field.required",  # a key is missing
        "field.unknown",  # a key that has no meaning here (a typo would otherwise be ignored)
        "field.wrong_type",  # expected= "string", "integer", "boolean", "list", "object"
        "field.not_decimal",  # a decimal must be written as a string such as "0.10" (value=)
        "field.unknown_value",  # an enum value that does not exist (value=, allowed=)
        "field.not_allowed",  # the field does not belong to this charge kind or pricing model (model=)
        "field.date",  # not an ISO date YYYY-MM-DD
        # values
        "code.empty",
        "code.duplicate",  # code=
        "name.empty",
        "currency.invalid",  # value=; three upper-case letters, amounts in 0.01 units
        "trial_days.negative",
        "version.not_positive",
        "interval_count.not_positive",
        "tax_rate.out_of_range",  # 0 <= rate < 1, e.g. "0.09"
        "tax_rate.too_many_decimals",  # more than 4 decimals
        "price.negative",
        "price.too_many_decimals",  # unit prices carry at most 6 decimals (places=6)
        "amount.negative",
        "amount.not_positive",
        "amount.too_many_decimals",  # money amounts are whole fen (places=2)
        "quantity.not_positive",
        "quantity.too_many_decimals",
        "rate.out_of_range",  # a percentage written as a fraction 0 <= rate <= 1 ("0.025" = 2.5 %)
        "rate.too_many_decimals",
        "tiers.empty",
        "tiers.first_not_zero",  # the first tier starts at 0
        "tiers.not_contiguous",  # a tier starts where the previous one ends (expected=)
        "tiers.not_increasing",  # up_to must be above start
        "tiers.last_not_open",  # the last tier has no up_to
        "tiers.open_not_last",  # only the last tier may be open-ended
        "unit_size.not_positive",
        "rounding.increment_not_positive",
        "package.size_not_positive",
        "percentage.min_above_max",
        "allowance.negative",
        "allowance.not_supported",  # no included allowance with the percentage model
        "bundle.empty",
        "bundle.unknown_module",  # module=
        "bundle.duplicate_module",  # module=
        "product.unknown",  # product= (JSON: a charge names a product the plan does not list)
        "product.conflict",  # product=; two charges carry different products under one code
        "price_list.duplicate_tier",  # tier=
        "price_list.duplicate_charge",  # charge=
        "price_list.unknown_charge",  # charge=
        "price_list.needs_one",  # exactly one of unit_price / rate_off
        "price_list.override_not_single_price",  # override only a charge that has a single unit price
        "discount.periods_required",  # duration "repeating" needs periods >= 1
        "discount.periods_not_allowed",  # only duration "repeating" has periods
        "discount.unknown_charge",  # charge=
        "commitment.unknown_charge",  # charge=
        "top_up.expiry_not_positive",
    }
)
"""Every code :class:`PlanInvalid` may carry; the GUI and the CLI need one sentence for each."""

PRICE_INPUT_ERROR_CODES: frozenset[str] = frozenset(
    {
        "input.seats_negative",
        "input.unknown_module",  # module=
        "input.unknown_charge",  # charge=
        "input.unknown_top_up",  # top_up=
        "input.service_range",  # service_from/service_to outside the period or in the wrong order
        "input.balance_negative",
        "input.quantity_negative",
        "input.amount_not_fen",  # a balance with more than 2 decimals
        "usage.record_outside_period",  # day=, start=, end=
        "usage.time_zone_required",  # a record's ``at`` is a naive datetime (at=)
        "usage.records_required",  # percentage with min/max needs the transactions, not a total
        "usage.unique_id_required",  # aggregation unique_count needs each record's unique_id
    }
)
"""Every code :class:`PriceInputInvalid` may carry, besides the discount codes of :data:`PLAN_ERROR_CODES`
that a coupon can break (``rate.out_of_range`` at ``coupons[0].discount.value``)."""
