"""The field rule ``products.unit_price`` on the catalog's prices (``amounts.py``): where the prices of a plan
definition and of a coupon are, how a role that may not see them gets them, and how a role that may not
change them is held to that.

Prices in a plan definition (the ``billing.plan_json`` form): a charge's ``price``, ``unit_price``, ``bonus``,
``fixed_fee``, ``min_fee`` and ``max_fee``; a tier's ``unit_price`` and ``flat_fee``; a price-list entry's
``unit_price``; the minimum commitment's ``amount``; a fixed-amount discount's ``value``. Rates (a percentage
discount, a price list's ``rate_off``, a usage charge's percentage ``rate``) are not prices. A coupon's price
is its discount's ``value`` when the discount is a fixed amount.

- ``withhold(definition, rule)``: a copy with every price "****" (masked) or None (hidden).
- ``check_unchanged(new, reference)``: ``AmountNotEditable`` unless every price of ``new`` is the price at the
  same place in ``reference`` (a charge by its code, a tier by its position in the charge, a price-list entry
  by tier and charge, a discount by its code) — compared as numbers, so "99" and "99.00" are the same price.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from desktop_app.services import amounts
from desktop_app.services.access import FieldRule

__all__ = ["CHARGE_PRICES", "check_unchanged", "coupon_price", "prices", "replace_prices",
           "withhold",
           "withhold_discount"]

CHARGE_PRICES = ("price", "unit_price", "bonus", "fixed_fee", "min_fee", "max_fee")
TIER_PRICES = ("unit_price", "flat_fee")
FIXED = "fixed"


def _places(definition: Mapping[str, Any]) -> Iterator[tuple[str, Any, str]]:
    """(place, the dict holding a price, its key) for every price slot of ``definition`` that is present."""
    for index, charge in enumerate(_dicts(definition.get("charges"))):
        name = f"charge:{charge.get('code', index)}"
        for key in CHARGE_PRICES:
            if key in charge:
                yield f"{name}.{key}", charge, key
        for position, tier in enumerate(_dicts(charge.get("tiers"))):
            for key in TIER_PRICES:
                if key in tier:
                    yield f"{name}.tiers[{position}].{key}", tier, key
    for price_list in _dicts(definition.get("price_lists")):
        for entry in _dicts(price_list.get("entries")):
            if "unit_price" in entry:
                yield f"price_list:{price_list.get('tier')}:{entry.get('charge')}.unit_price", entry, "unit_price"
    commitment = definition.get("minimum_commitment")
    if isinstance(commitment, Mapping) and "amount" in commitment:
        yield "commitment.amount", commitment, "amount"
    for index, discount in enumerate(_dicts(definition.get("discounts"))):
        if discount.get("kind") == FIXED and "value" in discount:
            yield f"discount:{discount.get('code', index)}.value", discount, "value"


def _dicts(value: object) -> list[Mapping[str, Any]]:
    return [item for item in value if isinstance(item, Mapping)] if isinstance(value, list) else []


def _number(value: object) -> object:
    """A price as a number to compare (text that is no number compares as itself)."""
    if value is None:
        return None
    try:
        return Decimal(str(value)).normalize()
    except InvalidOperation:
        return value


def prices(definition: Mapping[str, Any]) -> dict[str, object]:
    """Every price of ``definition`` by its place (see the module docstring)."""
    return {place: _number(holder[key]) for place, holder, key in _places(definition)}


def withhold(definition: Mapping[str, Any], rule: FieldRule) -> dict[str, Any]:
    """``definition`` as a role with ``rule`` on prices may see it: as it is when shown, else every price
    "****" (masked) or None (hidden)."""
    if amounts.is_shown(rule):
        return copy.deepcopy(dict(definition))
    return replace_prices(definition, amounts.text("", rule))


def replace_prices(definition: Mapping[str, Any], value: str | None) -> dict[str, Any]:
    """A copy of ``definition`` with ``value`` in place of every price (a screen writes "—" for hidden ones)."""
    result = copy.deepcopy(dict(definition))
    for _place, holder, key in list(_places(result)):
        holder[key] = value
    return result


def check_unchanged(new: Mapping[str, Any], reference: Mapping[str, Any]) -> None:
    """Refuse (``AmountNotEditable``) a definition that sets or changes a price against ``reference``."""
    if prices(new) != prices(reference):
        raise amounts.AmountNotEditable(amounts.PRICES)


def coupon_price(discount: Mapping[str, Any]) -> object:
    """A coupon's price: its value when it takes a fixed amount off, else None (a rate is no price)."""
    return _number(discount.get("value")) if discount.get("kind") == FIXED else None


def withhold_discount(discount: Mapping[str, Any], rule: FieldRule) -> dict[str, Any]:
    """A coupon's discount as a role with ``rule`` on prices may see it."""
    result = dict(discount)
    if discount.get("kind") == FIXED and not amounts.is_shown(rule):
        result["value"] = amounts.text(str(discount.get("value", "")), rule)
    return result
