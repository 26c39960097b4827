"""Unit tests for desktop_app.billing.plan_json: plain JSON values, round trips, path-named refusals."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from typing import Any

import pytest
from pricing_samples import DATA, HARDWARE, PREPAID, SERVICE, SMS, VOICE, D, monthly_fee, plan, tiers

from desktop_app.billing.discounts import Discount, DiscountDuration, DiscountKind, PriceList, PriceListEntry
from desktop_app.billing.errors import PLAN_ERROR_CODES, PlanInvalid
from desktop_app.billing.periods import Interval
from desktop_app.billing.plan import (
    Aggregation,
    BundleCharge,
    Direction,
    MinimumCommitment,
    ModuleCharge,
    OneTimeCharge,
    PricingModel,
    Product,
    RecordRounding,
    SeatCharge,
    TopUpCharge,
    UsageCharge,
)
from desktop_app.billing.plan_json import (
    discount_from_dict,
    discount_to_dict,
    from_dict,
    product_from_dict,
    product_to_dict,
    to_dict,
)

FULL = plan(
    monthly_fee("99.00"),
    OneTimeCharge("setup", "开通费", SERVICE, D("200.00")),
    SeatCharge("seat", "用户", SERVICE, D("30.00"), Interval.QUARTER, 1),
    ModuleCharge("crm", "客户管理", SERVICE, D("50.00")),
    ModuleCharge("bill", "计费", SERVICE, D("80.00")),
    BundleCharge("suite", "套装", SERVICE, D("100.00"), modules=("crm", "bill")),
    UsageCharge("calls", "通话费", VOICE, meter="call_seconds", model=PricingModel.PER_UNIT, unit_size=D(60),
                record_rounding=RecordRounding(D(6), Direction.UP), included=D(500), unit_price=D("0.10")),
    UsageCharge("sms", "短信费", SMS, meter="sms", model=PricingModel.GRADUATED,
                tiers=tiers(("0", "1000", "0.05", "10.00"), ("1000", None, "0.04"))),
    UsageCharge("data", "流量费", DATA, meter="data_kb", model=PricingModel.PACKAGE, unit_price=D("10.00"),
                package_size=D(1024), package_rounding=Direction.DOWN, aggregation=Aggregation.MAX),
    UsageCharge("pay", "支付手续费", SERVICE, meter="payments", model=PricingModel.PERCENTAGE, rate=D("0.006"),
                min_fee=D("0.10"), max_fee=D("20")),
    TopUpCharge("topup", "充值1000送100", PREPAID, D("1000.00"), D("100.00"), 365),
    OneTimeCharge("phone", "话机", HARDWARE, D("399.00")),
    trial_days=14,
    price_lists=(PriceList("金卡", (PriceListEntry("base", rate_off=D("0.1")),
                                   PriceListEntry("calls", unit_price=D("0.08")))),),
    discounts=(Discount("NEW", "新客", DiscountKind.PERCENTAGE, D("0.2"), DiscountDuration.REPEATING, 3, ("base",)),),
    minimum_commitment=MinimumCommitment(D("100.00"), Product("min", "最低消费补足", "月", D("0.06")), ("calls",)),
)


def test_to_dict_is_plain_json_values() -> None:
    data = to_dict(FULL)
    text = json.dumps(data, ensure_ascii=False)
    assert "0.10" in text and '"graduated"' in text
    products: Any = data["products"]
    assert [product["code"] for product in products] == ["svc", "voice", "sms", "data", "prepaid", "hw", "min"]
    assert products[4] == product_to_dict(PREPAID)
    assert product_to_dict(PREPAID)["tax_rate"] == "exempt"
    charges: Any = data["charges"]
    assert charges[0] == {"kind": "recurring", "code": "base", "name": "月租", "product": "svc", "price": "99.00",
                          "interval": "month", "interval_count": 1}
    assert charges[7]["tiers"][1] == {"start": "1000", "up_to": None, "unit_price": "0.04", "flat_fee": "0"}


def test_round_trip_is_identical() -> None:
    data = to_dict(FULL)
    again = from_dict(json.loads(json.dumps(data)))
    assert again == FULL
    assert to_dict(again) == data


def test_product_and_discount_helpers_round_trip() -> None:
    assert product_from_dict(product_to_dict(PREPAID)) == PREPAID
    assert product_from_dict(product_to_dict(VOICE)) == VOICE
    discount = FULL.discounts[0]
    assert discount_from_dict(discount_to_dict(discount)) == discount


def broken(change: Any) -> dict[str, Any]:
    data: dict[str, Any] = copy.deepcopy(to_dict(FULL))  # type: ignore[arg-type]
    change(data)
    return data


def _set(path: list[Any], value: Any) -> Any:
    def change(data: dict[str, Any]) -> None:
        target: Any = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


def _delete(path: list[Any]) -> Any:
    def change(data: dict[str, Any]) -> None:
        target: Any = data
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return change


@pytest.mark.parametrize(
    ("change", "code", "path"),
    [
        (_set(["charges", 7, "tiers", 1, "start"], "1200"), "tiers.not_contiguous", "charges[7].tiers[1].start"),
        (_set(["charges", 7, "tiers", 1, "up_to"], "2000"), "tiers.last_not_open", "charges[7].tiers[1].up_to"),
        (_set(["charges", 0, "price"], 99.0), "field.not_decimal", "charges[0].price"),
        (_set(["charges", 0, "price"], "99,00"), "field.not_decimal", "charges[0].price"),
        (_set(["charges", 0, "price"], "NaN"), "field.not_decimal", "charges[0].price"),
        (_set(["charges", 0, "price"], "99.0000001"), "price.too_many_decimals", "charges[0].price"),
        (_set(["charges", 0, "interval"], "week"), "field.unknown_value", "charges[0].interval"),
        (_set(["charges", 0, "kind"], "subscription"), "field.unknown_value", "charges[0].kind"),
        (_delete(["charges", 0, "kind"]), "field.required", "charges[0].kind"),
        (_delete(["charges", 0, "price"]), "field.required", "charges[0].price"),
        (_set(["charges", 0, "tiers"], []), "field.not_allowed", "charges[0].tiers"),
        (_set(["charges", 0, "colour"], "red"), "field.unknown", "charges[0].colour"),
        (_set(["charges", 0, "product"], "nope"), "product.unknown", "charges[0].product"),
        (_set(["charges", 0, "interval_count"], "1"), "field.wrong_type", "charges[0].interval_count"),
        (_set(["charges", 0, "interval_count"], True), "field.wrong_type", "charges[0].interval_count"),
        (_set(["tax_inclusive"], "yes"), "field.wrong_type", "tax_inclusive"),
        (_set(["charges"], {}), "field.wrong_type", "charges"),
        (_set(["products", 0, "tax_rate"], None), "field.not_decimal", "products[0].tax_rate"),
        (_set(["products", 1, "code"], "svc"), "code.duplicate", "products[1].code"),
        (_set(["minimum_commitment", "product"], "nope"), "product.unknown", "minimum_commitment.product"),
        (_set(["price_lists", 0, "entries", 0, "rate_off"], "2"), "rate.out_of_range",
         "price_lists[0].entries[0].rate_off"),
        (_set(["discounts", 0, "duration"], "weekly"), "field.unknown_value", "discounts[0].duration"),
    ],
)
def test_malformed_json_names_the_path(change: Any, code: str, path: str) -> None:
    with pytest.raises(PlanInvalid) as caught:
        from_dict(broken(change))
    assert (caught.value.code, caught.value.path) == (code, path)
    assert code in PLAN_ERROR_CODES


def test_not_an_object() -> None:
    with pytest.raises(PlanInvalid) as caught:
        from_dict([])
    assert (caught.value.code, caught.value.path) == ("field.wrong_type", "")


def test_decimals_come_back_as_decimals() -> None:
    again = from_dict(to_dict(FULL))
    charge = again.charge("calls")
    assert isinstance(charge, UsageCharge) and isinstance(charge.unit_price, Decimal)
    assert charge.unit_price == D("0.10") and str(charge.unit_price) == "0.10"
