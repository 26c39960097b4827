"""Catalog products and plan definitions shared by the catalog, plan, calculator and catalog-file tests."""

from __future__ import annotations

from typing import Any

from desktop_app.services.catalog import ProductInfo, save_product

PRODUCTS = (
    ProductInfo(0, "voice", "语音通话", unit="分钟", tax_rate="0.09", category="电信基础"),
    ProductInfo(0, "sms", "短信", unit="条", tax_rate="0.06", category="增值电信"),
    ProductInfo(0, "data", "流量", unit="GB", tax_rate="0.06", category="增值电信"),
    ProductInfo(0, "svc", "软件服务", unit="月", tax_rate="0.06"),
    ProductInfo(0, "prepaid", "预付充值", unit="次", tax_rate="exempt"),
)


def seed_products(context: Any) -> dict[str, ProductInfo]:
    return {info.code: info for info in (save_product(context, data)[0] for data in PRODUCTS)}


def packs(voice: str = "99.00") -> dict[str, Any]:
    """语音包 99.00 (9 %), 短信包 30.00 (6 %), 流量包 10.00 (6 %): tax 8.17 + 1.70 + 0.57 = 10.44 of 139.00."""
    return {"charges": [
        {"kind": "recurring", "code": "voice_pack", "name": "语音包", "product": "voice", "price": voice,
         "interval": "month"},
        {"kind": "recurring", "code": "sms_pack", "name": "短信包", "product": "sms", "price": "30.00",
         "interval": "month"},
        {"kind": "recurring", "code": "data_pack", "name": "流量包", "product": "data", "price": "10.00",
         "interval": "month"},
    ]}


def usage_plan() -> dict[str, Any]:
    """月租 99.00, 用户 30.00 per seat, calls 0.10/分钟 with 500 included (rounded up to 60 s),
    SMS graduated 0–1,000 at 0.05, above at 0.04; tier 金卡 10 % off 月租; a setup fee."""
    return {
        "charges": [
            {"kind": "recurring", "code": "base", "name": "月租", "product": "svc", "price": "99.00",
             "interval": "month"},
            {"kind": "seat", "code": "seat", "name": "用户", "product": "svc", "price": "30.00", "interval": "month"},
            {"kind": "one_time", "code": "setup", "name": "开通费", "product": "svc", "price": "200.00"},
            {"kind": "usage", "code": "calls", "name": "通话费", "product": "voice", "meter": "call_seconds",
             "model": "per_unit", "unit_size": "60", "record_rounding": {"increment": "60", "direction": "up"},
             "included": "500", "unit_price": "0.10"},
            {"kind": "usage", "code": "texts", "name": "短信", "product": "sms", "meter": "sms", "model": "graduated",
             "tiers": [{"start": "0", "up_to": "1000", "unit_price": "0.05"},
                       {"start": "1000", "up_to": None, "unit_price": "0.04"}]},
        ],
        "price_lists": [{"tier": "金卡", "entries": [{"charge": "base", "rate_off": "0.1"}]}],
    }
