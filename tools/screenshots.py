"""Render the README screenshots offscreen into docs/screenshots/ (Chinese UI, sample company).

    python tools/screenshots.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "docs" / "screenshots"


def wait(app, condition, seconds: float = 20) -> None:  # type: ignore[no-untyped-def]
    import time

    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit("timed out waiting for the GUI")
        app.processEvents()
        time.sleep(0.01)


def main() -> None:
    os.environ["BENJI_HOME"] = tempfile.mkdtemp(prefix="benji-shots-")
    from PySide6.QtWidgets import QApplication

    from desktop_app.app import start
    from desktop_app.config import DeviceConfig, Paths, save_config
    from desktop_app.views import ops

    paths = Paths.default()
    save_config(paths, DeviceConfig(language="zh_CN"))
    app = QApplication([])
    controller = start(app, paths)
    wizard = controller.dialog
    OUT.mkdir(parents=True, exist_ok=True)
    wizard.grab().save(str(OUT / "wizard-database.png"))
    wizard.next()
    values = {"name": "北京本机科技有限公司", "address": "北京市海淀区中关村大街1号", "phone": "010-88886666",
              "tax_id": "91110000600037341L", "bank_name": "招商银行北京分行", "bank_account": "6214 8301 2345 6789"}
    for key, value in values.items():
        wizard.company_page.fields[key].setText(value)
    wizard.grab().save(str(OUT / "wizard-company.png"))
    wizard.next()
    admin = wizard.admin_page
    admin.login.setText("zhangwei")
    admin.display_name.setText("张伟")
    admin.password.setText("Benji-2026!")
    admin.confirm.setText("Benji-2026!")
    wizard.accept()
    wait(app, lambda: controller.window is not None)
    window = controller.window
    window.resize(1100, 700)
    home = window.sections["home"]
    wait(app, lambda: home.company_name.text() == values["name"])
    wait(app, lambda: not ops.busy())
    window.grab().save(str(OUT / "main-window.png"))
    window.show_section("company")
    wait(app, lambda: not ops.busy())
    app.processEvents()
    window.grab().save(str(OUT / "company.png"))

    from desktop_app.services.contacts import ContactData, add_follow_up, save_contact
    from desktop_app.services.customers import CustomerInput, create_customer

    context = controller.state.context
    from desktop_app.services.custom_fields import CustomFieldInfo, save_field

    save_field(context, CustomFieldInfo(0, "", "客户等级", "choice", ("A级", "B级", "C级"), position=1))
    save_field(context, CustomFieldInfo(0, "", "合同金额", "number", position=2))
    save_field(context, CustomFieldInfo(0, "", "签约日期", "date", in_list=False, position=3))
    samples = [("北京科技有限公司", "北科", "13812345678", "北京", "active", "gold", "重点,华北"),
               ("上海东方贸易有限公司", "东方贸易", "021-66668888", "上海", "active", "silver", "华东"),
               ("广州长城物流有限公司", "长城物流", "020-88889999", "广州", "prospect", "standard", ""),
               ("深圳创新电子有限公司", "创新电子", "13900001111", "深圳", "suspended", "standard", "电子"),
               ("杭州云网信息技术有限公司", "云网信息", "0571-87654321", "杭州", "active", "platinum", "重点")]
    first = None
    grades = ["A级", "B级", "A级", "C级", "B级"]
    for (name, short, phone, region, status, tier, tags), grade in zip(samples, grades, strict=True):
        custom = (("khdj", grade), ("htje", f"{len(name) * 12000}.00"), ("qyrq", "2026-03-15"))
        detail, _ = create_customer(context, CustomerInput(name=name, short_name=short, phone=phone, region=region,
                                                           status=status, tier=tier, tags=tags, custom=custom))
        first = first or detail
    create_customer(context, CustomerInput(name="成都天府软件有限公司", region="成都"), owner_id=None)
    save_contact(context, first.id, None, ContactData("王经理", "采购经理", "13700001234", is_primary=True,
                                                      decision_maker=True))
    add_follow_up(context, first.id, "visit", "拜访王经理，介绍年度套餐")
    from desktop_app.services.changes import Changes

    controller.state.publish(Changes(customers=True, custom_fields=True))  # as the custom fields page does
    window.show_section("customers")
    page = window.sections["customers"]
    page.reload()
    wait(app, lambda: not ops.busy())
    window.grab().save(str(OUT / "customers.png"))
    page.table.selectRow(0)
    page.open_selected()
    wait(app, lambda: page.dialog is not None and page.dialog.detail is not None)
    wait(app, lambda: not ops.busy())
    page.dialog.grab().save(str(OUT / "customer-profile.png"))
    page.dialog.tabs.setCurrentIndex(1)
    wait(app, lambda: not ops.busy())
    page.dialog.grab().save(str(OUT / "customer.png"))
    page.dialog.close()
    window.show_section("custom_fields")
    wait(app, lambda: not ops.busy())
    app.processEvents()
    window.grab().save(str(OUT / "custom-fields.png"))
    plan_id = catalog(app, window, context)
    billing(app, window, context, first.id, plan_id)
    window.close()
    controller.state.database.dispose()
    print(f"screenshots in {OUT}")


def catalog(app, window, context) -> int:  # type: ignore[no-untyped-def]
    """Products, plans, and the plan editor with its price calculator."""
    from desktop_app.services.catalog import ProductInfo, save_product
    from desktop_app.services.plans import create_plan, publish
    from desktop_app.views import ops

    for data in (ProductInfo(0, "svc", "软件服务", unit="月", tax_rate="0.06", category="软件"),
                 ProductInfo(0, "user", "用户许可", unit="用户", tax_rate="0.06", category="软件"),
                 ProductInfo(0, "voice", "语音通话", unit="分钟", tax_rate="0.09", category="电信基础"),
                 ProductInfo(0, "sms", "短信", unit="条", tax_rate="0.06", category="增值电信"),
                 ProductInfo(0, "data", "流量", unit="GB", tax_rate="0.06", category="增值电信")):
        save_product(context, data)
    plan, _version, _ = create_plan(context, "basic", "基础套餐", "", {"charges": [
        {"kind": "recurring", "code": "base", "name": "月租", "product": "svc", "price": "99.00", "interval": "month"},
        {"kind": "seat", "code": "seat", "name": "用户数", "product": "user", "price": "30.00", "interval": "month"},
        {"kind": "usage", "code": "calls", "name": "通话费", "product": "voice", "meter": "call_seconds",
         "model": "per_unit", "unit_size": "60", "record_rounding": {"increment": "60", "direction": "up"},
         "included": "500", "unit_price": "0.10"},
        {"kind": "usage", "code": "texts", "name": "短信", "product": "sms", "meter": "sms", "model": "graduated",
         "tiers": [{"start": "0", "up_to": "1000", "unit_price": "0.05"},
                   {"start": "1000", "up_to": None, "unit_price": "0.04"}]}],
        "price_lists": [{"tier": "gold", "entries": [{"charge": "base", "rate_off": "0.1"}]}]})
    publish(context, plan.id)
    from desktop_app.services.changes import Changes

    window.state.publish(Changes(catalog=True))  # as the pages themselves do after a change
    page = window.sections["plans"]
    for key, name in (("products", "products.png"), ("plans", "plans.png")):
        window.show_section(key)
        wait(app, lambda: not ops.busy())
        if key == "plans":
            page.table.selectRow(0)  # its versions below
            wait(app, lambda: not ops.busy())
        app.processEvents()
        window.grab().save(str(OUT / name))
    page.edit()
    wait(app, lambda: page.editor is not None)
    calculator = page.editor.calculator
    wait(app, lambda: set(calculator.usage) == {"call_seconds", "sms"})
    calculator.seats.setValue(25)
    calculator.usage["call_seconds"].setText("1,234")
    calculator.usage["sms"].setText("1,500")
    calculator.tier.setCurrentIndex(calculator.tier.findData("gold"))
    page.editor.charges.charge_list.setCurrentRow(3)
    wait(app, lambda: calculator.quote is not None and len(calculator.quote.lines) == 5)
    page.editor.grab().save(str(OUT / "plan-editor.png"))
    page.editor.close()
    return int(plan.id)


def billing(app, window, context, customer_id: int, plan_id: int) -> None:  # type: ignore[no-untyped-def]
    """A subscription billed for two months: the bills page and an issued bill with usage."""
    from datetime import date

    from desktop_app.services.bill_runs import run_bills
    from desktop_app.services.bills import issue_bill, list_bills
    from desktop_app.services.changes import Changes
    from desktop_app.services.subscriptions import create_subscription
    from desktop_app.services.usage import import_usage
    from desktop_app.views import ops

    subscription, _ = create_subscription(context, customer_id, date(2026, 10, 1), plan_id=plan_id, seats=25)
    run_bills(context, date(2026, 10, 1))
    usage = Path(tempfile.mkdtemp()) / "usage.csv"
    usage.write_text("subscription,meter,timestamp,quantity,record_id\n"
                     f"{subscription.code},call_seconds,2026-10-12T10:00:00+08:00,74040,c1\n"
                     f"{subscription.code},sms,2026-10-20T09:30:00+08:00,1500,s1\n", encoding="utf-8")
    import_usage(context, usage, dry_run=False)
    run_bills(context, date(2026, 11, 1))
    for bill in sorted(list_bills(context), key=lambda b: b.id)[:1]:
        issue_bill(context, bill.id)
    window.state.publish(Changes(billing=True))
    window.show_section("bills")
    page = window.sections["bills"]
    page.reload()
    wait(app, lambda: not ops.busy())
    app.processEvents()
    window.grab().save(str(OUT / "bills.png"))
    page.table.selectRow(0)
    page.open_selected()
    wait(app, lambda: page.dialog is not None)
    wait(app, lambda: not ops.busy())
    app.processEvents()
    page.dialog.grab().save(str(OUT / "bill.png"))
    page.dialog.close()


if __name__ == "__main__":
    main()
