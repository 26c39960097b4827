"""The demo company's fixed data (演示数据): catalog, plans of every billing mode, coupon, staff, and the
deterministic generators of Chinese company names and phone numbers. No database here: ``demo.py``
puts it through the services.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from desktop_app.services.catalog import CouponInfo, ProductInfo

DEMO_PASSWORD = "Demo-2026!"
"""The initial password of every demo user (they are asked to change it at the first log-in)."""

DEPARTMENTS = (("销售部", None), ("华北组", "销售部"), ("华南组", "销售部"), ("财务部", None))

# login, display name, department, supervisor login, built-in role, phone
STAFF = (
    ("demo_manager", "销售经理 王强", "销售部", None, "Manager", "13900000001"),
    ("demo_north1", "华北销售 李娜", "华北组", "demo_manager", "Sales", "13900000002"),
    ("demo_north2", "华北销售 赵磊", "华北组", "demo_manager", "Sales", "13900000003"),
    ("demo_south1", "华南销售 陈静", "华南组", "demo_manager", "Sales", "13900000004"),
    ("demo_south2", "华南销售 黄伟", "华南组", "demo_manager", "Sales", "13900000005"),
    ("demo_clerk", "会计 刘芳", "财务部", None, "Billing clerk", "13900000006"),
)
SALES = ("demo_north1", "demo_north2", "demo_south1", "demo_south2", "demo_manager")

PRODUCTS = (
    ProductInfo(0, "voice", "语音通话", unit="分钟", tax_rate="0.09", category="电信基础"),
    ProductInfo(0, "sms", "短信", unit="条", tax_rate="0.06", category="增值电信"),
    ProductInfo(0, "data", "流量", unit="GB", tax_rate="0.06", category="增值电信"),
    ProductInfo(0, "cloud", "云办公软件服务", unit="月", tax_rate="0.06", category="软件服务"),
    ProductInfo(0, "crm", "CRM 软件服务", unit="月", tax_rate="0.06", category="软件服务"),
    ProductInfo(0, "support", "技术支持服务", unit="次", tax_rate="0.06", category="软件服务"),
    ProductInfo(0, "phone_hw", "IP 话机", unit="台", tax_rate="0.13", category="硬件"),
    ProductInfo(0, "router", "企业路由器", unit="台", tax_rate="0.13", category="硬件"),
    ProductInfo(0, "prepaid", "预付充值", unit="次", tax_rate="exempt", category="预付"),
    ProductInfo(0, "commit", "最低消费补足", unit="月", tax_rate="0.09", category="电信基础"),
)

COUPON = CouponInfo(0, "NEW2026", "新客户首三月九折",
                    {"kind": "percentage", "value": "0.1", "duration": "repeating", "periods": 3})

_CALLS = {"kind": "usage", "code": "calls", "name": "通话费", "product": "voice", "meter": "call_seconds",
          "model": "per_unit", "unit_size": "60", "record_rounding": {"increment": "60", "direction": "up"},
          "included": "500", "unit_price": "0.10"}
_TEXTS = {"kind": "usage", "code": "texts", "name": "短信费", "product": "sms", "meter": "sms", "model": "graduated",
          "tiers": [{"start": "0", "up_to": "1000", "unit_price": "0.05"},
                    {"start": "1000", "up_to": "10000", "unit_price": "0.04"},
                    {"start": "10000", "up_to": None, "unit_price": "0.03"}]}
_DATA = {"kind": "usage", "code": "data", "name": "流量费", "product": "data", "meter": "data_mb", "model": "volume",
         "unit_size": "1024", "tiers": [{"start": "0", "up_to": "10", "unit_price": "3.00"},
                                        {"start": "10", "up_to": "100", "unit_price": "2.00"},
                                        {"start": "100", "up_to": None, "unit_price": "1.50"}]}
_TIERS = [{"tier": "金卡", "entries": [{"charge": "base", "rate_off": "0.15"}]},
          {"tier": "银卡", "entries": [{"charge": "base", "rate_off": "0.05"}]}]


@dataclass(frozen=True)
class DemoPlan:
    code: str
    name: str
    description: str
    definition: dict[str, Any]
    weight: int  # how often customers take it
    meters: tuple[str, ...] = ()  # the meters whose usage the demo records
    seats: bool = False
    modules: tuple[tuple[str, ...], ...] = ()  # the module choices customers pick from


PLANS = (
    DemoPlan("OFFICE-M", "云办公 包月", "按月计费，按用户数收费", {
        "trial_days": 14,
        "charges": [
            {"kind": "recurring", "code": "base", "name": "月租", "product": "cloud", "price": "199.00",
             "interval": "month"},
            {"kind": "seat", "code": "seat", "name": "用户", "product": "cloud", "price": "30.00", "interval": "month"},
            {"kind": "one_time", "code": "setup", "name": "开通费", "product": "support", "price": "300.00"},
        ],
        "price_lists": _TIERS}, 20, seats=True),
    DemoPlan("OFFICE-Q", "云办公 按季", "按季度预付", {
        "billing_interval": "quarter",
        "charges": [{"kind": "recurring", "code": "base", "name": "季费", "product": "cloud", "price": "540.00",
                     "interval": "quarter"}],
        "price_lists": _TIERS}, 8),
    DemoPlan("OFFICE-Y", "云办公 包年", "按年预付，含 IP 话机一台", {
        "billing_interval": "year",
        "charges": [{"kind": "recurring", "code": "base", "name": "年费", "product": "cloud", "price": "1980.00",
                     "interval": "year"},
                    {"kind": "one_time", "code": "phone", "name": "IP 话机", "product": "phone_hw",
                     "price": "399.00"}],
        "price_lists": _TIERS}, 8),
    DemoPlan("CRM-MOD", "CRM 功能模块", "基础版加可选模块或全功能包", {
        "charges": [
            {"kind": "recurring", "code": "base", "name": "基础版", "product": "crm", "price": "99.00",
             "interval": "month"},
            {"kind": "module", "code": "report", "name": "报表模块", "product": "crm", "price": "50.00",
             "interval": "month"},
            {"kind": "module", "code": "approval", "name": "审批模块", "product": "crm", "price": "40.00",
             "interval": "month"},
            {"kind": "module", "code": "api", "name": "接口模块", "product": "crm", "price": "80.00",
             "interval": "month"},
            {"kind": "bundle", "code": "all", "name": "全功能包", "product": "crm", "price": "150.00",
             "interval": "month", "modules": ["report", "approval", "api"]},
        ]}, 10, modules=(("report",), ("report", "approval"), ("api",), ("all",))),
    DemoPlan("VOICE", "企业通话套餐", "月租加通话费，每次通话按 60 秒向上取整，含 500 分钟", {
        "charges": [{"kind": "recurring", "code": "base", "name": "月租", "product": "voice", "price": "19.00",
                     "interval": "month"}, _CALLS],
        "price_lists": _TIERS}, 14, meters=("call_seconds",)),
    DemoPlan("SMS", "短信通知套餐", "按条累进计费", {
        "charges": [{"kind": "recurring", "code": "base", "name": "平台费", "product": "sms", "price": "10.00",
                     "interval": "month"}, _TEXTS]}, 8, meters=("sms",)),
    DemoPlan("DATA", "物联网流量套餐", "按总流量落档计费", {
        "charges": [{"kind": "recurring", "code": "base", "name": "月租", "product": "data", "price": "5.00",
                     "interval": "month"}, _DATA]}, 8, meters=("data_mb",)),
    DemoPlan("SMS-PACK", "短信包", "每 1,000 条一包，不足一包按一包计", {
        "charges": [{"kind": "usage", "code": "packs", "name": "短信包", "product": "sms", "meter": "sms",
                     "model": "package", "package_size": "1000", "unit_price": "40.00",
                     "package_rounding": "up"}]}, 5, meters=("sms",)),
    DemoPlan("PREPAID", "预付通话", "先充值后使用，账单从钱包扣款", {
        "charges": [{"kind": "top_up", "code": "pack500", "name": "充值 500 送 50", "product": "prepaid",
                     "price": "500.00", "bonus": "50.00"},
                    {**_CALLS, "included": "0", "unit_price": "0.12"}]}, 6, meters=("call_seconds",)),
    DemoPlan("COMMIT", "企业通信 最低消费", "通话和短信每月最低消费 300 元", {
        "charges": [_CALLS, {**_TEXTS}],
        "minimum_commitment": {"amount": "300.00", "product": "commit"}}, 6, meters=("call_seconds", "sms")),
)

TIERS = (("standard", 70), ("银卡", 20), ("金卡", 10))
CITIES = ("北京", "上海", "广州", "深圳", "杭州", "南京", "成都", "武汉", "西安", "苏州", "天津", "重庆", "长沙",
          "郑州", "青岛", "厦门", "合肥", "济南", "宁波", "东莞")
REGIONS = {"北京": "华北", "天津": "华北", "济南": "华北", "青岛": "华北", "郑州": "华中", "武汉": "华中",
           "长沙": "华中", "上海": "华东", "杭州": "华东", "南京": "华东", "苏州": "华东", "宁波": "华东",
           "合肥": "华东", "厦门": "华南", "广州": "华南", "深圳": "华南", "东莞": "华南", "成都": "西南",
           "重庆": "西南", "西安": "西北"}
NORTH = {"华北", "华中", "西北"}
WORDS = ("华信", "博远", "瑞丰", "恒通", "天成", "鼎盛", "嘉禾", "汇智", "宏达", "锦程", "联创", "星辰", "众合",
         "蓝海", "金桥", "同心", "卓越", "启航", "新元", "永泰", "安和", "盛世", "明德", "智远", "云帆", "中科",
         "海川", "立信", "凯瑞", "华宇")
INDUSTRIES = (("科技", "软件"), ("贸易", "批发零售"), ("物流", "物流"), ("电子", "制造"), ("建设工程", "建筑"),
              ("餐饮管理", "餐饮"), ("医疗器械", "医疗"), ("教育咨询", "教育"), ("文化传媒", "传媒"),
              ("信息技术", "软件"), ("食品", "制造"), ("环保科技", "环保"), ("房地产经纪", "房地产"),
              ("机械设备", "制造"), ("网络科技", "互联网"))
SOURCES = ("转介绍", "官网", "展会", "电话营销", "老客户")
MOBILE = ("138", "139", "136", "137", "150", "151", "158", "186", "188", "135", "187", "177")
METHODS = (("bank", 45), ("alipay", 20), ("wechat", 20), ("cash", 5), ("unionpay", 10))


def weighted(rng: random.Random, choices: tuple[tuple[Any, int], ...]) -> Any:
    return rng.choices([value for value, _ in choices], weights=[weight for _, weight in choices])[0]


def company_name(rng: random.Random, taken: set[str]) -> tuple[str, str, str, str]:
    """(full name, short name, city, industry label): city + word + trade + 有限公司, unique in ``taken``."""
    while True:
        city, word = rng.choice(CITIES), rng.choice(WORDS)
        trade, industry = rng.choice(INDUSTRIES)
        name = f"{city}{word}{trade}有限公司"
        if name not in taken:
            taken.add(name)
            return name, f"{word}{trade}", city, industry


def phone_number(rng: random.Random, taken: set[str]) -> str:
    while True:
        number = rng.choice(MOBILE) + f"{rng.randrange(10 ** 8):08d}"
        if number not in taken:
            taken.add(number)
            return number
