"""Microseconds per ``price(plan, PriceInput)`` call for three representative plans (prints figures; not a test).

    python bench/pricing.py [--runs 7] [--calls 2000]

Plans (tax-inclusive, the Chinese default), each priced for November 2026 in a warm process:
* fixed fee: one recurring fee (包月 99.00);
* seats + modules + discount: 月租, 25 seats, two add-on modules and a bundle (one module switched
  on, the bundle too), a plan discount of 10 % and a fixed coupon;
* usage, tiers + allowance: 月租, 5 seats, calls per minute (60 s rounding, 500 minutes included) and
  SMS in two graduated tiers, usage billed in arrears for October (the bill run's typical plan).
Each figure is process CPU time (so other processes on a shared machine do not count), the best of
``--runs`` runs of ``--calls`` calls, the median run in brackets; "with input" also builds the
PriceInput in the loop, as a bill run does. Target: under 100 µs per call for the usage plan (so
100,000 subscriptions are priced well under 10 s).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from desktop_app.billing.discounts import CouponRedemption, Discount, DiscountKind
from desktop_app.billing.periods import Period
from desktop_app.billing.plan import PlanVersion
from desktop_app.billing.plan_json import from_dict
from desktop_app.billing.price_input import PriceInput
from desktop_app.billing.pricing import price

NOVEMBER = Period(date(2026, 11, 1), date(2026, 12, 1))
OCTOBER = Period(date(2026, 10, 1), date(2026, 11, 1))
PRODUCTS = [
    {"code": "svc", "name": "软件服务", "unit": "月", "tax_rate": "0.06"},
    {"code": "voice", "name": "语音", "unit": "分钟", "tax_rate": "0.09"},
    {"code": "sms", "name": "短信", "unit": "条", "tax_rate": "0.06"},
]
BASE = {"kind": "recurring", "code": "base", "name": "月租", "product": "svc", "price": "99.00", "interval": "month"}
SEATS = {"kind": "seat", "code": "seat", "name": "用户", "product": "svc", "price": "30.00", "interval": "month"}


def plan(*charges: dict[str, object], **extra: object) -> PlanVersion:
    return from_dict({"code": "BENCH", "name": "基准套餐", "version": 1, "products": PRODUCTS,
                      "charges": list(charges), **extra})


def fixed_fee() -> tuple[PlanVersion, Callable[[], PriceInput]]:
    return plan(BASE), lambda: PriceInput(NOVEMBER)


def seats_modules_discount() -> tuple[PlanVersion, Callable[[], PriceInput]]:
    modules = [
        {"kind": "module", "code": "crm_pro", "name": "高级客户管理", "product": "svc", "price": "199.00"},
        {"kind": "module", "code": "call_center", "name": "呼叫中心", "product": "svc", "price": "299.00"},
        {"kind": "bundle", "code": "suite", "name": "全功能包", "product": "svc", "price": "399.00",
         "modules": ["crm_pro", "call_center"]},
    ]
    discount = {"code": "loyal", "name": "老客户九折", "kind": "percentage", "value": "0.1"}
    coupon = CouponRedemption(Discount("welcome", "立减50元", DiscountKind.FIXED, Decimal("50.00")))
    return (plan(BASE, SEATS, *modules, discounts=[discount]),
            lambda: PriceInput(NOVEMBER, seats=25, modules=frozenset({"crm_pro", "suite"}), coupons=(coupon,),
                               period_index=3))


def usage_tiers_allowance() -> tuple[PlanVersion, Callable[[], PriceInput]]:
    calls = {"kind": "usage", "code": "calls", "name": "通话费", "product": "voice", "meter": "call_seconds",
             "model": "per_unit", "unit_size": "60", "record_rounding": {"increment": "60", "direction": "up"},
             "included": "500", "unit_price": "0.10"}
    texts = {"kind": "usage", "code": "texts", "name": "短信", "product": "sms", "meter": "sms", "model": "graduated",
             "tiers": [{"start": "0", "up_to": "1000", "unit_price": "0.05"},
                       {"start": "1000", "up_to": None, "unit_price": "0.04"}]}
    return (plan(BASE, SEATS, calls, texts),
            lambda: PriceInput(NOVEMBER, seats=5, usage={"call_seconds": Decimal(36000), "sms": Decimal(1500)},
                               usage_period=OCTOBER, period_index=3))


CASES = {"fixed fee": fixed_fee, "seats + modules + discount": seats_modules_discount,
         "usage, tiers + allowance": usage_tiers_allowance}


def per_call(run: Callable[[], object], calls: int, runs: int) -> tuple[float, float]:
    """Best and median µs per call over ``runs`` runs of ``calls`` calls."""
    times = []
    for _ in range(runs):
        started = time.process_time()
        for _ in range(calls):
            run()
        times.append((time.process_time() - started) / calls * 1e6)
    return min(times), statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--calls", type=int, default=2000)
    args = parser.parse_args()
    print(f"price() per call, best of {args.runs} runs of {args.calls} calls [median], {os.cpu_count()} cores")
    for name, build in CASES.items():
        subject, make_input = build()
        given = make_input()
        lines = len(price(subject, given).lines)  # warm-up
        alone = per_call(lambda: price(subject, given), args.calls, args.runs)  # noqa: B023
        built = per_call(lambda: price(subject, make_input()), args.calls, args.runs)  # noqa: B023
        print(f"  {name:27} {alone[0]:7.1f} µs [{alone[1]:7.1f}]   with input {built[0]:7.1f} µs "
              f"[{built[1]:7.1f}]   {lines} lines")
    print(f"  100,000 subscriptions of the usage plan, with input: {built[1] * 100_000 / 1e6:.1f} s on one core")


if __name__ == "__main__":
    main()
