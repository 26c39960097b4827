"""Products, plans and the plan editor in the GUI, in zh_CN: an administrator sets up products and a plan with
graduated usage tiers, the price calculator shows exactly the engine's lines, a bad tier table is refused
with the message at its row, publishing then editing makes version 2; a salesperson only looks."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from screens import settle, state_for

from desktop_app.billing.discounts import CouponRedemption
from desktop_app.billing.periods import Period, add_months
from desktop_app.billing.plan_json import discount_from_dict, from_dict
from desktop_app.billing.price_input import PriceInput
from desktop_app.billing.pricing import price
from desktop_app.services.catalog import CouponInfo, ProductInfo, list_coupons, save_coupon, save_product
from desktop_app.services.plans import create_plan, list_plans, list_versions, publish

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def cell(model, row: int, column: int) -> str:  # type: ignore[no-untyped-def]
    return str(model.data(model.index(row, column), Qt.ItemDataRole.DisplayRole))


def set_usage_form(form, code: str, name: str, product: str, meter: str, unit_size: str) -> None:  # type: ignore[no-untyped-def]
    form.code.setText(code)
    form.name.setText(name)
    form.product.setCurrentIndex(form.product.findData(product))
    form.meter.setCurrentText(meter)
    form.unit_size.setText(unit_size)


def test_admin_sets_up_a_plan_and_the_calculator_shows_the_engines_lines(  # type: ignore[no-untyped-def]
        qtbot, org, benji_paths, chinese, tmp_path: Path, monkeypatch) -> None:
    from desktop_app.views.pages.plans import PlansPage
    from desktop_app.views.pages.products import ProductsPage

    admin = org["contexts"]["admin"]
    save_product(admin, ProductInfo(0, "svc", "软件服务", unit="月", tax_rate="0.06", category="软件"))
    save_product(admin, ProductInfo(0, "voice", "语音通话", unit="分钟", tax_rate="0.09", category="电信基础"))
    state = state_for(org, "admin", benji_paths)

    # products: one added through the dialog, its VAT rate from the combo
    products = ProductsPage(state)
    qtbot.addWidget(products)
    products.resize(1000, 560)
    settle(qtbot)
    assert products.products.model.rowCount() == 2
    products.products.add()
    dialog = products.products.dialog
    qtbot.keyClicks(dialog.code, "sms")
    dialog.name.setText("短信")
    dialog.unit.setCurrentText("条")
    dialog.category.setText("增值电信")
    dialog.tax_rate.setCurrentIndex(dialog.tax_rate.findData("0.06"))
    assert [dialog.tax_rate.itemText(i) for i in range(dialog.tax_rate.count())][:3] == ["13 %", "9 %", "6 %"]
    dialog.grab().save(str(tmp_path / "product_dialog.png"))
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)
    settle(qtbot)
    model = products.products.model
    rows = {cell(model, row, 0): row for row in range(model.rowCount())}
    assert cell(model, rows["sms"], 4) == "6 %" and cell(model, rows["voice"], 4) == "9 %"
    # a coupon: 50.00 off the seats, once
    products.tabs.setCurrentIndex(1)
    products.coupons.add()
    coupon_dialog = products.coupons.dialog
    qtbot.keyClicks(coupon_dialog.code, "NEW50")
    coupon_dialog.name.setText("新客立减")
    coupon_dialog.kind.setCurrentIndex(coupon_dialog.kind.findData("fixed"))
    coupon_dialog.value.setText("50")
    coupon_dialog.charges.setText("seat")
    coupon_dialog.save()
    qtbot.waitUntil(lambda: not coupon_dialog.isVisible(), timeout=5_000)
    settle(qtbot)
    assert cell(products.coupons.model, 0, 2) == "¥50.00"
    products.grab().save(str(tmp_path / "coupons_tab.png"))
    products.tabs.setCurrentIndex(0)
    products.grab().save(str(tmp_path / "products_page.png"))

    # a new plan: 月租, seats, calls per minute with an allowance, SMS in graduated tiers
    plans = PlansPage(state)
    qtbot.addWidget(plans)
    plans.resize(1100, 640)
    settle(qtbot)
    plans.new_plan()
    editor = plans.editor
    qtbot.waitUntil(lambda: editor.charges.forms["usage"].product.findData("sms") >= 0, timeout=5_000)
    assert editor.header.tax_inclusive.isChecked() and editor.header.currency.text() == "CNY"
    qtbot.keyClicks(editor.header.code, "basic")
    editor.header.name.setText("基础套餐")
    panel = editor.charges
    panel.add_charge("recurring")
    form = panel.forms["recurring"]
    assert panel.stack.currentWidget() is form
    form.code.setText("base")
    form.name.setText("月租")
    form.product.setCurrentIndex(form.product.findData("svc"))
    form.price.setText("99.00")
    panel.add_charge("seat")
    form = panel.forms["seat"]
    form.code.setText("seat")
    form.name.setText("用户")
    form.product.setCurrentIndex(form.product.findData("svc"))
    form.price.setText("30.00")
    panel.add_charge("usage")
    usage = panel.forms["usage"]
    set_usage_form(usage, "calls", "通话费", "voice", "call_seconds", "60")
    usage.increment.setText("60")
    usage.included.setText("500")
    usage.unit_price.setText("0.10")
    panel.add_charge("usage")
    assert panel.stack.currentWidget() is usage
    set_usage_form(usage, "texts", "短信", "sms", "sms", "1")
    usage.model.setCurrentIndex(usage.model.findData("graduated"))
    assert usage.tiers.isVisibleTo(usage) and not usage.unit_price.isVisibleTo(usage)
    usage.tiers.add_row()
    usage.tiers.set_text(0, 2, "0.05")
    usage.tiers.add_row()  # the first tier gets a limit (1000), the second starts there
    usage.tiers.set_text(1, 2, "0.04")
    assert panel.charges[3]["tiers"] == [{"start": "0", "up_to": "1000", "unit_price": "0.05"},
                                         {"start": "1000", "up_to": None, "unit_price": "0.04"}]
    editor.price_lists.add_row("gold", "base", "", "10")
    editor.save()
    qtbot.waitUntil(lambda: editor.plan is not None, timeout=5_000)
    assert not editor.error.isVisible()
    assert editor.version.number == 1 and editor.version.status == "draft"

    # the calculator: 25 seats, 1,234 minutes, 1,500 SMS, tier gold, coupon NEW50
    calculator = editor.calculator
    qtbot.waitUntil(lambda: set(calculator.usage) == {"call_seconds", "sms"}, timeout=5_000)
    calculator.seats.setValue(25)
    calculator.usage["call_seconds"].setText("1,234")
    calculator.usage["sms"].setText("1500")
    calculator.tier.setCurrentIndex(calculator.tier.findData("gold"))
    calculator.coupon.setCurrentText("NEW50")
    start = calculator.start.date().toPython()
    coupon = next(c for c in list_coupons(admin) if c.code == "NEW50")
    expected = price(from_dict(editor.version.definition), PriceInput(
        period=Period(start, add_months(start, 1)), seats=25, membership_tier="gold",
        usage={"call_seconds": Decimal(1234 * 60), "sms": Decimal(1500)},
        coupons=(CouponRedemption(discount_from_dict({**coupon.discount, "code": "NEW50", "name": "新客立减"})),)))
    qtbot.waitUntil(lambda: calculator.quote is not None and calculator.quote == expected, timeout=5_000)
    lines = calculator.lines
    assert lines.rowCount() == len(expected.lines) == 6
    for row, line in enumerate(expected.lines):
        assert cell(lines, row, 0).startswith(line.description)
        assert [cell(lines, row, column) for column in (3, 5, 6)] == [f"{line.net:,.2f}", f"{line.tax:,.2f}",
                                                                       f"{line.gross:,.2f}"]
    assert [cell(lines, row, 0) for row in range(lines.rowCount())][-2:] == ["短信 · 第1档", "短信 · 第2档"]
    assert cell(lines, 3, 1) == "734 分钟" and cell(lines, 0, 2) == "89.10"
    assert calculator.totals["gross"].text() == f"¥{expected.total_gross:,.2f}"
    assert calculator.totals["net"].text() == f"¥{expected.total_net:,.2f}"
    assert calculator.subtotals.rowCount() == 2 and cell(calculator.subtotals, 0, 0) == "9 %"
    editor.grab().save(str(tmp_path / "plan_editor.png"))
    editor.tabs.setCurrentIndex(1)
    editor.grab().save(str(tmp_path / "plan_editor_price_lists.png"))
    editor.tabs.setCurrentIndex(0)

    # a gap between the tiers: the message at the row, and the save refused
    usage.tiers.set_text(1, 0, "1200")
    qtbot.waitUntil(lambda: usage.tiers.row_message(1) != "", timeout=5_000)
    assert "1000" in usage.tiers.row_message(1) and usage.tiers.row_message(0) == ""
    assert editor.problem_list.count() == 1
    editor.save()
    qtbot.waitUntil(lambda: editor.error.isVisible(), timeout=5_000)
    assert editor.error.text() == usage.tiers.row_message(1)
    settle(qtbot)
    assert [(v.number, v.status) for v in list_versions(admin, editor.plan.id)] == [(1, "draft")]
    assert list_versions(admin, editor.plan.id)[0].definition["charges"][3]["tiers"][1]["start"] == "1000"
    editor.grab().save(str(tmp_path / "plan_editor_bad_tiers.png"))
    # not increasing: the first tier ends where it starts (the next one follows it)
    usage.tiers.set_text(1, 0, "1000")
    usage.tiers.set_text(0, 1, "0")
    assert usage.tiers.text(1, 0) == "0"
    qtbot.waitUntil(lambda: usage.tiers.row_message(0) != "", timeout=5_000)
    assert usage.tiers.row_message(1) == ""
    usage.tiers.set_text(0, 1, "1000")
    qtbot.waitUntil(lambda: usage.tiers.row_message(0) == "" and editor.problem_list.count() == 0, timeout=5_000)
    editor.close()

    # publish, then edit: version 2 is a new draft, version 1 stays published
    settle(qtbot)
    plans.table.selectRow(0)
    settle(qtbot)
    assert plans.publish_button.isEnabled()
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Yes)
    plans.publish()
    qtbot.waitUntil(lambda: plans.model.rowCount() == 1 and plans.model.rows[0].published_number == 1, timeout=5_000)
    settle(qtbot)
    assert [(v.number, v.status) for v in plans.versions.rows] == [(1, "published")]
    plans.table.selectRow(0)
    plans.edit()
    qtbot.waitUntil(lambda: plans.editor is not editor and plans.editor is not None, timeout=5_000)
    second = plans.editor
    assert (second.version.number, second.version.status) == (1, "published")
    second.charges.charge_list.setCurrentRow(0)
    second.charges.forms["recurring"].price.setText("109.00")
    second.save()
    qtbot.waitUntil(lambda: second.version.status == "draft", timeout=5_000)
    assert second.version.number == 2
    assert [(v.number, v.status) for v in list_versions(admin, second.plan.id)] == [(2, "draft"), (1, "published")]
    settle(qtbot)
    assert plans.model.rows[0].draft_number == 2
    assert cell(plans.model, 0, 3).endswith("2")
    second.close()
    plans.grab().save(str(tmp_path / "plans_page.png"))


def test_a_salesperson_sees_plans_read_only(qtbot, org, benji_paths, chinese, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.views.main_window import MainWindow

    admin = org["contexts"]["admin"]
    save_product(admin, ProductInfo(0, "svc", "软件服务", unit="月", tax_rate="0.06"))
    summary, _version, _ = create_plan(admin, "basic", "基础套餐", "", {"charges": [
        {"kind": "recurring", "code": "base", "name": "月租", "product": "svc", "price": "99.00",
         "interval": "month"}]})
    publish(admin, summary.id)
    save_coupon(admin, CouponInfo(0, "NEW50", "新客立减", {"kind": "fixed", "value": "50.00", "duration": "once"}))
    window = MainWindow(state_for(org, "north1", benji_paths))
    qtbot.addWidget(window)
    assert "plans" in window.sections and "products" in window.sections
    settle(qtbot)
    page = window.sections["plans"]
    for button in (page.new_button, page.edit_button, page.publish_button, page.duplicate_button,
                   page.archive_button, page.restore_button):
        assert button.isHidden()
    assert not page.view_button.isHidden()
    products = window.sections["products"]
    assert products.products.add_button.isHidden() and products.products.edit_button.isHidden()
    assert [p.code for p in list_plans(org["contexts"]["north1"])] == ["basic"]
    page.table.selectRow(0)
    settle(qtbot)
    page.view()
    qtbot.waitUntil(lambda: page.editor is not None, timeout=5_000)
    editor = page.editor
    assert editor.read_only and editor.save_button.isHidden() and editor.charges.add_button.isHidden()
    assert editor.charges.forms["recurring"].price.isReadOnly()
    qtbot.waitUntil(lambda: editor.calculator.quote is not None, timeout=5_000)
    assert editor.calculator.quote.total_gross == Decimal("99.00")
    assert editor.calculator.start.date().toPython() == date.today().replace(day=1)
    editor.close()
    window.close()


def test_duplicate_archive_and_modules_in_the_calculator(qtbot, org, benji_paths, chinese,  # type: ignore[no-untyped-def]
                                                         tmp_path: Path) -> None:
    from desktop_app.views.pages.plans import PlansPage

    admin = org["contexts"]["admin"]
    save_product(admin, ProductInfo(0, "svc", "软件服务", unit="月", tax_rate="0.06"))
    save_product(admin, ProductInfo(0, "prepaid", "预付充值", unit="次", tax_rate="exempt"))
    create_plan(admin, "suite", "全功能", "", {"charges": [
        {"kind": "module", "code": "crm", "name": "客户管理", "product": "svc", "price": "50.00", "interval": "month"},
        {"kind": "module", "code": "billing", "name": "计费", "product": "svc", "price": "80.00", "interval": "month"},
        {"kind": "module", "code": "reports", "name": "报表", "product": "svc", "price": "40.00", "interval": "month"},
        {"kind": "bundle", "code": "all", "name": "全功能套装", "product": "svc", "price": "100.00",
         "interval": "month", "modules": ["crm", "billing"]},
        {"kind": "top_up", "code": "p500", "name": "充500送50", "product": "prepaid", "price": "500.00",
         "bonus": "50.00"}]})
    page = PlansPage(state_for(org, "admin", benji_paths))
    qtbot.addWidget(page)
    page.resize(1000, 600)
    settle(qtbot)
    page.table.selectRow(0)
    settle(qtbot)
    assert not page.publish_button.isEnabled() or page.model.rows[0].draft_number == 1
    page.duplicate()
    dialog = page.dialog
    assert dialog.code.text() == "suite-copy"
    dialog.code.clear()
    qtbot.keyClicks(dialog.code, "suite 2")  # a space: refused at the field
    dialog.save()
    qtbot.waitUntil(lambda: dialog.errors.label.isVisible(), timeout=5_000)
    assert dialog.code.property("invalid") == "true"
    dialog.code.setText("suite2")
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)
    settle(qtbot)
    assert [p.code for p in page.model.rows] == ["suite", "suite2"]
    page.table.selectRow(1)
    settle(qtbot)
    page.archive(True)
    settle(qtbot)
    qtbot.waitUntil(lambda: any(p.archived for p in page.model.rows), timeout=5_000)
    row = next(i for i, p in enumerate(page.model.rows) if p.code == "suite2")
    page.table.selectRow(row)
    assert page.restore_button.isEnabled() and not page.edit_button.isEnabled()
    assert list_plans(admin) == [p for p in page.model.rows if not p.archived]
    page.archive(False)
    settle(qtbot)
    qtbot.waitUntil(lambda: not any(p.archived for p in page.model.rows), timeout=5_000)

    page.table.selectRow(0)
    settle(qtbot)
    page.edit()
    qtbot.waitUntil(lambda: page.editor is not None, timeout=5_000)
    calculator = page.editor.calculator
    qtbot.waitUntil(lambda: calculator.modules.count() == 5 and calculator.quote is not None, timeout=5_000)
    assert calculator.quote.lines == ()
    for index in range(calculator.modules.count()):  # the bundle, 客户管理 and 报表
        item = calculator.modules.item(index)
        if item.data(Qt.ItemDataRole.UserRole) in ("all", "crm", "reports"):
            item.setCheckState(Qt.CheckState.Checked)
    qtbot.waitUntil(lambda: calculator.quote is not None and len(calculator.quote.lines) == 2, timeout=5_000)
    assert sorted(line.charge for line in calculator.quote.lines) == ["all", "reports"]
    assert calculator.totals["gross"].text() == "¥140.00"
    top_up = next(calculator.modules.item(i) for i in range(calculator.modules.count())
                  if calculator.modules.item(i).text() == "购买：充500送50")
    top_up.setCheckState(Qt.CheckState.Checked)  # a prepaid package bought in this period
    qtbot.waitUntil(lambda: calculator.quote is not None and len(calculator.quote.lines) == 3, timeout=5_000)
    assert calculator.totals["gross"].text() == "¥640.00"
    page.editor.grab().save(str(tmp_path / "modules.png"))
    page.editor.close()


def open_editor(qtbot, org, benji_paths, definition):  # type: ignore[no-untyped-def]
    """A plan saved with ``definition``, open in the editor (its product choices loaded)."""
    from desktop_app.views.plan_editor import PlanEditor

    admin = org["contexts"]["admin"]
    save_product(admin, ProductInfo(0, "svc", "软件服务", unit="月", tax_rate="0.06"))
    summary, version, _ = create_plan(admin, "basic", "基础套餐", "", definition)
    editor = PlanEditor(state_for(org, "admin", benji_paths), summary, version)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitUntil(lambda: editor.charges.forms["recurring"].product.findData("svc") >= 0, timeout=5_000)
    settle(qtbot)
    return editor


BASIC = {"charges": [
    {"kind": "recurring", "code": "base", "name": "月租", "product": "svc", "price": "99.00", "interval": "month"},
    {"kind": "recurring", "code": "support", "name": "技术支持", "product": "svc", "price": "20.00",
     "interval": "month"}]}


def test_a_plans_own_discount_in_the_discounts_tab(qtbot, org, benji_paths, chinese, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                   monkeypatch) -> None:
    from desktop_app.views.plan_discounts import CHARGES, CODE, DURATION, KIND, NAME, PERIODS, VALUE
    from desktop_app.views.plan_editor import DISCOUNTS_TAB

    admin = org["contexts"]["admin"]
    editor = open_editor(qtbot, org, benji_paths, BASIC)
    assert not editor.unsaved() and "discounts" not in editor.definition()
    editor.tabs.setCurrentIndex(DISCOUNTS_TAB)
    discounts = editor.discounts
    table = discounts.table
    discounts.add_button.click()
    assert table.rowCount() == 1 and table.item(0, CODE).text() == "discount1" and editor.unsaved()
    table.item(0, CODE).setText("vip")
    table.item(0, NAME).setText("老客户九折")
    table.item(0, VALUE).setText("10")
    assert table.cellWidget(0, KIND).currentData() == "percentage"
    table.cellWidget(0, DURATION).setCurrentIndex(table.cellWidget(0, DURATION).findData("forever"))
    assert not table.cellWidget(0, PERIODS).isEnabled()
    qtbot.keyClicks(table.cellWidget(0, CHARGES), "base")
    qtbot.waitUntil(lambda: editor.calculator.quote is not None and len(editor.calculator.quote.lines) == 3,
                    timeout=5_000)
    assert discounts.row_message(0) == "" and editor.problem_list.count() == 0
    editor.grab().save(str(tmp_path / "plan_editor_discounts.png"))
    editor.save()
    qtbot.waitUntil(lambda: editor.version.definition.get("discounts") is not None, timeout=5_000)
    assert not editor.error.isVisible() and not editor.unsaved()
    saved = list_versions(admin, editor.plan.id)[0].definition
    assert saved["discounts"] == [{"code": "vip", "name": "老客户九折", "kind": "percentage", "value": "0.1",
                                   "duration": "forever", "charges": ["base"]}]

    # the calculator: the engine's lines, 月租 with its discount line, 技术支持 not discounted
    calculator = editor.calculator
    start = calculator.start.date().toPython()
    expected = price(from_dict(saved), PriceInput(period=Period(start, add_months(start, 1)),
                                                  seats=calculator.seats.value()))
    qtbot.waitUntil(lambda: calculator.quote == expected, timeout=5_000)
    discount_lines = [line for line in expected.lines if line.discounts]
    assert [(line.discounts, line.gross) for line in discount_lines] == [(("vip",), Decimal("-9.90"))]
    assert [(d.code, d.amount) for d in expected.discounts] == [("vip", Decimal("9.90"))]
    rows = [cell(calculator.lines, row, 0) for row in range(calculator.lines.rowCount())]
    assert len(rows) == 3 and rows[expected.lines.index(discount_lines[0])].startswith(discount_lines[0].description)
    assert calculator.totals["gross"].text() == "¥109.10"

    # opened again: the row as saved; changing something else keeps the discounts exactly
    editor.close()
    assert not editor.isVisible()
    second = open_again(qtbot, org, benji_paths, editor)
    assert [second.discounts.table.item(0, column).text() for column in (CODE, NAME, VALUE)] == ["vip", "老客户九折",
                                                                                               "10"]
    assert second.discounts.table.cellWidget(0, CHARGES).text() == "base"
    second.close()


def open_again(qtbot, org, benji_paths, editor):  # type: ignore[no-untyped-def]
    from desktop_app.views.plan_editor import PlanEditor

    version = list_versions(org["contexts"]["admin"], editor.plan.id)[0]
    again = PlanEditor(state_for(org, "admin", benji_paths), editor.plan, version)
    qtbot.addWidget(again)
    again.show()
    settle(qtbot)
    return again


def test_discounts_round_trip_and_a_bad_value_is_refused(qtbot, org, benji_paths, chinese,  # type: ignore[no-untyped-def]
                                                         tmp_path: Path) -> None:
    from desktop_app.views.plan_discounts import DURATION, PERIODS, VALUE
    from desktop_app.views.plan_editor import DISCOUNTS_TAB

    admin = org["contexts"]["admin"]
    given = [{"code": "first", "name": "首期八折", "kind": "percentage", "value": "0.20", "duration": "once",
              "charges": ["base"]},
             {"code": "spring", "name": "春季立减", "kind": "fixed", "value": "5.00", "duration": "repeating",
              "periods": 3}]
    editor = open_editor(qtbot, org, benji_paths, {**BASIC, "discounts": given})
    table = editor.discounts.table
    assert table.rowCount() == 2 and table.item(0, VALUE).text() == "20" and table.item(1, VALUE).text() == "5.00"
    assert table.cellWidget(1, PERIODS).value() == 3 and table.cellWidget(1, PERIODS).isEnabled()
    assert editor.discounts.dump() == given and not editor.unsaved()
    # saved without touching the tab: the discounts stay exactly as they were ("0.20", not "0.2")
    editor.header.name.setText("基础套餐二")
    editor.save()
    qtbot.waitUntil(lambda: editor.version.number == 1 and not editor.unsaved(), timeout=5_000)
    settle(qtbot)
    assert list_versions(admin, editor.plan.id)[0].definition["discounts"] == given
    # N periods comes back when chosen again
    durations = table.cellWidget(1, DURATION)
    durations.setCurrentIndex(durations.findData("forever"))
    assert editor.discounts.dump()[1] == {"code": "spring", "name": "春季立减", "kind": "fixed", "value": "5.00",
                                          "duration": "forever"}
    durations.setCurrentIndex(durations.findData("repeating"))
    assert editor.discounts.dump() == given and not editor.unsaved()

    # 150 % off: the message at its row, in the list below, and the save refused
    table.item(0, VALUE).setText("150")
    qtbot.waitUntil(lambda: editor.discounts.row_message(0) != "", timeout=5_000)
    assert "0 到 100" in editor.discounts.row_message(0) and editor.discounts.row_message(1) == ""
    assert editor.problem_list.count() == 1 and editor.problem_list.item(0).text().startswith(
        editor.tabs.tabText(DISCOUNTS_TAB) + " · first: ")
    editor.tabs.setCurrentIndex(0)
    editor.problem_list.itemClicked.emit(editor.problem_list.item(0))
    assert editor.tabs.currentWidget() is editor.discounts and table.currentRow() == 0
    editor.grab().save(str(tmp_path / "plan_editor_bad_discount.png"))
    editor.save()
    qtbot.waitUntil(lambda: editor.error.isVisible(), timeout=5_000)
    assert editor.error.text() == editor.discounts.row_message(0)
    settle(qtbot)
    assert list_versions(admin, editor.plan.id)[0].definition["discounts"] == given
    # removed: the plan has none left
    table.item(0, VALUE).setText("20")
    table.selectRow(0)
    editor.discounts.remove_button.click()
    table.selectRow(0)
    editor.discounts.remove_button.click()
    assert editor.definition()["discounts"] == []
    editor.save()
    qtbot.waitUntil(lambda: not editor.unsaved(), timeout=5_000)
    settle(qtbot)
    assert list_versions(admin, editor.plan.id)[0].definition.get("discounts", []) == []


def test_closing_with_changes_not_saved_asks_first(qtbot, org, benji_paths, chinese,  # type: ignore[no-untyped-def]
                                                   monkeypatch) -> None:
    from desktop_app.views.plan_discounts import VALUE

    asked: list[str] = []
    answer = [QMessageBox.StandardButton.Cancel]

    def question(_parent, _title, text, *_args, **_kwargs):  # type: ignore[no-untyped-def]
        asked.append(text)
        return answer[0]

    monkeypatch.setattr(QMessageBox, "question", question)
    editor = open_editor(qtbot, org, benji_paths, {**BASIC, "discounts": [
        {"code": "vip", "name": "", "kind": "percentage", "value": "0.1", "duration": "forever"}]})
    # nothing changed: closes without a question (the Esc key too)
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert not editor.isVisible() and asked == []
    editor.show()
    editor.discounts.table.item(0, VALUE).setText("15")
    assert editor.unsaved()
    editor.close()  # Cancel: stays open, nothing lost
    assert asked == [editor.tr("Discard the changes to this plan?")]
    assert editor.isVisible() and editor.discounts.table.item(0, VALUE).text() == "15"
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert len(asked) == 2 and editor.isVisible()
    answer[0] = QMessageBox.StandardButton.Discard
    editor.close()
    assert len(asked) == 3 and not editor.isVisible()
    # changed back by hand: nothing to lose
    editor.show()
    editor.discounts.table.item(0, VALUE).setText("10")
    editor.close()
    assert len(asked) == 3 and not editor.isVisible()
    # read only: never asks
    from desktop_app.views.plan_editor import PlanEditor

    viewer = PlanEditor(editor.state, editor.plan, editor.version, read_only=True)
    qtbot.addWidget(viewer)
    viewer.show()
    settle(qtbot)
    assert viewer.discounts.add_button.isHidden() and not viewer.unsaved()
    viewer.close()
    assert len(asked) == 3 and not viewer.isVisible()
