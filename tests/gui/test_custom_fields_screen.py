"""Custom fields in the GUI, in zh_CN: the admin defines them, the customer form fills them, the list shows them."""

from __future__ import annotations

from pathlib import Path

import pytest
from screens import settle, state_for

from desktop_app.services.custom_fields import CustomFieldInfo, save_field
from desktop_app.services.customers import CustomerInput, create_customer

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)





def test_admin_defines_a_field_fills_it_in_and_the_list_shows_it(qtbot, org, benji_paths, chinese,  # type: ignore[no-untyped-def]
                                                                  tmp_path: Path) -> None:
    from desktop_app.views.pages.custom_fields import CustomFieldsPage
    from desktop_app.views.pages.customers import CustomersPage

    admin = org["contexts"]["admin"]
    create_customer(admin, CustomerInput(name="北京科技有限公司", phone="13812345678", region="北京"))
    create_customer(admin, CustomerInput(name="上海贸易有限公司", region="上海"))
    state = state_for(org, "admin", benji_paths)
    fields_page = CustomFieldsPage(state)
    qtbot.addWidget(fields_page)
    settle(qtbot)
    assert fields_page.model.rowCount() == 0 and not fields_page.edit_button.isEnabled()

    fields_page.add()
    dialog = fields_page.dialog
    dialog.label.setText("客户等级")
    dialog.kind.setCurrentIndex(dialog.kind.findData("choice"))
    assert dialog.choices.isEnabled()
    dialog.save()  # no choices yet
    qtbot.waitUntil(lambda: dialog.errors.label.isVisible(), timeout=5_000)
    assert dialog.choices.property("invalid") == "true" and dialog.isVisible()
    dialog.grab().save(str(tmp_path / "field_dialog.png"))
    dialog.choices.setPlainText("A级\nB级\nC级\n")
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)
    settle(qtbot)
    assert fields_page.model.rowCount() == 1
    assert fields_page.model.data(fields_page.model.index(0, 2)) == "khdj"
    fields_page.grab().save(str(tmp_path / "custom_fields_page.png"))
    save_field(admin, CustomFieldInfo(0, "contract_value", "合同金额", "number", position=2))
    save_field(admin, CustomFieldInfo(0, "", "签约日期", "date", position=3, in_list=False))
    save_field(admin, CustomFieldInfo(0, "", "采购偏好", "text", position=4, in_list=False))

    customers = CustomersPage(state)
    qtbot.addWidget(customers)
    customers.resize(1100, 600)
    settle(qtbot)
    model = customers.model
    headers = [model.headerData(c, look_horizontal(), 0) for c in range(model.columnCount())]
    assert headers[-2:] == ["客户等级", "合同金额"]  # in-list fields only, in form order
    assert customers.custom_filter.isVisible() or not customers.isVisible()
    row = next(r for r in range(model.rowCount()) if model.row_at(model.index(r, 0)).name == "北京科技有限公司")
    customers.table.selectRow(row)
    customers.open_selected()
    detail = customers.dialog
    qtbot.waitUntil(lambda: detail.detail is not None and "khdj" in detail.profile.custom.inputs, timeout=5_000)
    inputs = detail.profile.custom.inputs
    assert list(inputs) == ["khdj", "contract_value", "qyrq", "cgph"]
    grade = inputs["khdj"]
    assert grade.currentText() == "" and grade.count() == 4  # an empty first item, then the choices
    grade.setCurrentIndex(grade.findData("B级"))
    inputs["contract_value"].setText("12,3")  # not a number
    inputs["qyrq"].setText("2026年1月5日")
    inputs["cgph"].insert("只买国产服务器")
    detail.save()
    qtbot.waitUntil(lambda: detail.profile.errors.label.isVisible(), timeout=5_000)
    assert "合同金额" in detail.profile.errors.label.text()
    assert inputs["contract_value"].property("invalid") == "true"
    inputs["contract_value"].setText("１，２３４.５０")
    detail.save()
    settle(qtbot)
    assert not detail.profile.errors.label.isVisible()
    assert dict(detail.detail.data.custom) == {"khdj": "B级", "contract_value": "1234.50", "qyrq": "2026-01-05",
                                               "cgph": "只买国产服务器"}
    assert inputs["contract_value"].text() == "1234.50" and inputs["qyrq"].text() == "2026-01-05"
    detail.resize(900, 620)
    detail.grab().save(str(tmp_path / "customer_custom_fields.png"))
    detail.close()

    settle(qtbot)
    row = next(r for r in range(model.rowCount()) if model.row_at(model.index(r, 0)).name == "北京科技有限公司")
    assert model.data(model.index(row, model.columnCount() - 2)) == "B级"
    assert model.data(model.index(row, model.columnCount() - 1)) == "1234.50"
    customers.custom_filter.field.setCurrentIndex(customers.custom_filter.field.findData("khdj"))
    customers.custom_filter.value.setText("B级")
    customers.reload()
    settle(qtbot)
    assert model.rowCount() == 1 and model.row_at(model.index(0, 0)).name == "北京科技有限公司"
    customers.custom_filter.field.setCurrentIndex(customers.custom_filter.field.findData("cgph"))
    customers.custom_filter.value.setText("国产")
    customers.reload()
    settle(qtbot)
    assert model.rowCount() == 1
    customers.grab().save(str(tmp_path / "customers_custom_columns.png"))

    fields_page.table.selectRow(0)  # 客户等级
    assert fields_page.deactivate_button.isEnabled()
    fields_page.set_active(False)
    settle(qtbot)
    headers = [model.headerData(c, look_horizontal(), 0) for c in range(model.columnCount())]
    assert "客户等级" not in headers and headers[-1] == "合同金额"
    assert fields_page.reactivate_button.isEnabled() and not fields_page.deactivate_button.isEnabled()


def test_a_salesperson_sees_the_fields_but_no_admin_section(qtbot, org, benji_paths, chinese,  # type: ignore[no-untyped-def]
                                                            tmp_path: Path) -> None:
    from desktop_app.views.main_window import MainWindow

    save_field(org["contexts"]["admin"], CustomFieldInfo(0, "", "客户等级", "choice", ("A", "B"), required=True))
    window = MainWindow(state_for(org, "north1", benji_paths))
    qtbot.addWidget(window)
    assert "custom_fields" not in window.sections
    settle(qtbot)
    page = window.sections["customers"]
    page.new_customer()
    dialog = page.dialog
    qtbot.waitUntil(lambda: "khdj" in dialog.profile.custom.inputs, timeout=5_000)
    dialog.profile.edits["name"].setText("深圳创新有限公司")
    dialog.save()  # the required field is empty
    qtbot.waitUntil(lambda: dialog.profile.errors.label.isVisible(), timeout=5_000)
    assert "客户等级" in dialog.profile.errors.label.text()
    assert dialog.profile.custom.inputs["khdj"].property("invalid") == "true"
    dialog.grab().save(str(tmp_path / "required_choice.png"))
    dialog.profile.custom.inputs["khdj"].setCurrentIndex(1)
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)
    window.close()
    admin = MainWindow(state_for(org, "admin", benji_paths))
    qtbot.addWidget(admin)
    assert "custom_fields" in admin.sections
    settle(qtbot)
    admin.close()


def look_horizontal():  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    return Qt.Orientation.Horizontal
