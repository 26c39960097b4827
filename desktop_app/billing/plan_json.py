"""A plan version as plain JSON values, and back, with path-named errors.

``to_dict(plan)`` gives dicts, lists, strings, ints, bools and None only: Decimals as strings
(``"0.0015"``), enums as their values (``"graduated"``), an exempt tax rate as ``"exempt"``. Products
are listed once under ``"products"``; a charge names its product by code. Optional fields that are
None or empty are left out; everything else is written, so ``to_dict(from_dict(to_dict(p)))`` is
identical to ``to_dict(p)``.

``from_dict(data)`` builds the dataclasses and then runs ``validate_plan``; any problem raises
:class:`~desktop_app.billing.errors.PlanInvalid` with the JSON path (``"charges[2].tiers[1].up_to"``).
A number where a decimal string belongs is refused (``field.not_decimal``): JSON numbers are floats
to most readers.
"""

from __future__ import annotations

import dataclasses
import enum
import types
import typing
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from desktop_app.billing.discounts import Discount
from desktop_app.billing.errors import PlanInvalid
from desktop_app.billing.plan import (
    BundleCharge,
    Charge,
    ChargeKind,
    ModuleCharge,
    OneTimeCharge,
    PlanVersion,
    Product,
    RecurringCharge,
    SeatCharge,
    TopUpCharge,
    UsageCharge,
)
from desktop_app.billing.typecheck import type_hints
from desktop_app.billing.validation import validate_plan

__all__ = ["discount_from_dict", "discount_to_dict", "from_dict", "product_from_dict", "product_to_dict", "to_dict"]

_CHARGES: dict[str, type[Any]] = {
    ChargeKind.RECURRING: RecurringCharge,
    ChargeKind.ONE_TIME: OneTimeCharge,
    ChargeKind.SEAT: SeatCharge,
    ChargeKind.MODULE: ModuleCharge,
    ChargeKind.BUNDLE: BundleCharge,
    ChargeKind.USAGE: UsageCharge,
    ChargeKind.TOP_UP: TopUpCharge,
}
_EXEMPT = "exempt"
def _has_default(field: dataclasses.Field[Any]) -> bool:
    return field.default is not dataclasses.MISSING or field.default_factory is not dataclasses.MISSING


# -- writing ----------------------------------------------------------------------------------------


def _value_to_json(value: object) -> object:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Product):
        return value.code
    if isinstance(value, tuple):
        return [_value_to_json(item) for item in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _object_to_json(value)
    return value


def _object_to_json(instance: object) -> dict[str, object]:
    result: dict[str, object] = {}
    kind = getattr(type(instance), "kind", None)
    if isinstance(kind, ChargeKind):
        result["kind"] = kind.value
    for field in dataclasses.fields(instance):  # type: ignore[arg-type]
        value = getattr(instance, field.name)
        if _has_default(field) and value in (None, ()):
            continue
        result[field.name] = _value_to_json(value)
    return result


def product_to_dict(product: Product) -> dict[str, object]:
    """A product as JSON values; an exempt tax rate is ``"exempt"``."""
    result = _object_to_json(product)
    if product.tax_rate is None:
        result["tax_rate"] = _EXEMPT
    return result


def discount_to_dict(discount: Discount) -> dict[str, object]:
    """A discount or coupon as JSON values."""
    return _object_to_json(discount)


def to_dict(plan: PlanVersion) -> dict[str, object]:
    """The plan version as JSON values (see the module docstring)."""
    result = _object_to_json(plan)
    ordered: dict[str, object] = {key: result[key] for key in ("code", "name", "version") if key in result}
    ordered["products"] = [product_to_dict(product) for product in plan.products()]
    ordered.update((key, value) for key, value in result.items() if key not in ordered)
    return ordered


# -- reading ----------------------------------------------------------------------------------------


class _Reader:
    def __init__(self, products: Mapping[str, Product]) -> None:
        self.products = products

    def value(self, raw: object, hint: Any, path: str) -> object:
        origin = typing.get_origin(hint)
        if origin in (typing.Union, types.UnionType):
            args = [arg for arg in typing.get_args(hint) if arg is not type(None)]
            if raw is None:
                return None
            if len(args) == 1:
                return self.value(raw, args[0], path)
            return self.charge(raw, path)  # the only other union: Charge
        if origin is tuple:
            if not isinstance(raw, list):
                raise PlanInvalid("field.wrong_type", path, expected="list")
            item_hint = typing.get_args(hint)[0]
            return tuple(self.value(item, item_hint, f"{path}[{index}]") for index, item in enumerate(raw))
        if hint is Decimal:
            return _decimal(raw, path)
        if hint is Product:
            if not isinstance(raw, str):
                raise PlanInvalid("field.wrong_type", path, expected="string")
            if raw not in self.products:
                raise PlanInvalid("product.unknown", path, product=raw)
            return self.products[raw]
        if isinstance(hint, type) and issubclass(hint, enum.Enum):
            if not isinstance(raw, str) or raw not in {member.value for member in hint}:
                raise PlanInvalid("field.unknown_value", path, value=str(raw),
                                  allowed=", ".join(member.value for member in hint))
            return hint(raw)
        if hint is bool:
            if not isinstance(raw, bool):
                raise PlanInvalid("field.wrong_type", path, expected="boolean")
            return raw
        if hint is int:
            if isinstance(raw, bool) or not isinstance(raw, int):
                raise PlanInvalid("field.wrong_type", path, expected="integer")
            return raw
        if hint is str:
            if not isinstance(raw, str):
                raise PlanInvalid("field.wrong_type", path, expected="string")
            return raw
        if dataclasses.is_dataclass(hint) and isinstance(hint, type):
            return self.read_object(raw, hint, path)
        raise TypeError(f"plan_json cannot read {hint!r}")  # pragma: no cover - a new field type

    def read_object(self, raw: object, cls: type[Any], path: str, skip: tuple[str, ...] = ()) -> Any:
        if not isinstance(raw, dict):
            raise PlanInvalid("field.wrong_type", path, expected="object")
        prefix = f"{path}." if path else ""
        fields = {field.name: field for field in dataclasses.fields(cls)}
        for key in raw:
            if key not in fields and key not in skip:
                raise PlanInvalid("field.unknown", f"{prefix}{key}")
        hints = type_hints(cls)
        arguments: dict[str, object] = {}
        for name, field in fields.items():
            if name not in raw:
                if not _has_default(field):
                    raise PlanInvalid("field.required", f"{prefix}{name}")
                continue
            arguments[name] = self.value(raw[name], hints[name], f"{prefix}{name}")
        return cls(**arguments)

    def charge(self, raw: object, path: str) -> Charge:
        if not isinstance(raw, dict):
            raise PlanInvalid("field.wrong_type", path, expected="object")
        if "kind" not in raw:
            raise PlanInvalid("field.required", f"{path}.kind")
        kind = raw["kind"]
        if not isinstance(kind, str) or kind not in _CHARGES:
            raise PlanInvalid("field.unknown_value", f"{path}.kind", value=str(kind), allowed=", ".join(_CHARGES))
        cls = _CHARGES[kind]
        own = {field.name for field in dataclasses.fields(cls)}
        known = {field.name for other in _CHARGES.values() for field in dataclasses.fields(other)}
        for key in raw:
            if key not in own and key in known:
                raise PlanInvalid("field.not_allowed", f"{path}.{key}", model=kind)
        charge: Charge = self.read_object(raw, cls, path, skip=("kind",))
        return charge


def _decimal(raw: object, path: str) -> Decimal:
    if not isinstance(raw, str):
        raise PlanInvalid("field.not_decimal", path, value=str(raw))
    try:
        value = Decimal(raw.strip())
    except InvalidOperation:
        raise PlanInvalid("field.not_decimal", path, value=raw) from None
    if not value.is_finite():
        raise PlanInvalid("field.not_decimal", path, value=raw)
    return value


def product_from_dict(data: object, path: str = "") -> Product:
    """A product from JSON values; ``"tax_rate": "exempt"`` is None (免税)."""
    if isinstance(data, dict) and "tax_rate" in data:
        rate = data["tax_rate"]
        if rate is None:  # say "exempt" or a rate; null is ambiguous
            raise PlanInvalid("field.not_decimal", f"{path}.tax_rate" if path else "tax_rate", value="null")
        if rate == _EXEMPT:
            data = {**data, "tax_rate": None}
    product: Product = _Reader({}).read_object(data, Product, path)
    return product


def discount_from_dict(data: object, path: str = "") -> Discount:
    """A discount or coupon from JSON values (types only; ``validation.discount_problems`` checks values)."""
    discount: Discount = _Reader({}).read_object(data, Discount, path)
    return discount


def from_dict(data: object, *, validate: bool = True) -> PlanVersion:
    """A validated plan version from JSON values; PlanInvalid with the JSON path of the first problem.

    ``validate=False`` stops after the JSON shape (types, keys, enums, product references), so that
    ``validation.plan_problems`` can list every value problem (the plan editor shows them all)."""
    if not isinstance(data, dict):
        raise PlanInvalid("field.wrong_type", "", expected="object")
    raw_products = data.get("products", [])
    if not isinstance(raw_products, list):
        raise PlanInvalid("field.wrong_type", "products", expected="list")
    products: dict[str, Product] = {}
    for index, raw in enumerate(raw_products):
        product = product_from_dict(raw, f"products[{index}]")
        if product.code in products:
            raise PlanInvalid("code.duplicate", f"products[{index}].code", code=product.code)
        products[product.code] = product
    plan: PlanVersion = _Reader(products).read_object(data, PlanVersion, "", skip=("products",))
    if validate:
        validate_plan(plan)
    return plan

