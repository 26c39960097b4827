"""Printing from the app on SQLite, in zh_CN: the print preview of a bill (pages, a white page image, zoom,
the copy mark), printing through the print dialog and straight to the default printer (into PDF files, never a
real printer), saving a PDF, batch export (one file per bill named by number, " (2)" for names taken, one
combined PDF) and batch print, Cancel, the document style form with its live preview, the statement and
receipt previews, and who sees the print actions. Screenshots: /tmp/print_png/*.png."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

import pypdf
import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox
from screens import settle, state_for

from desktop_app.services.bill_runs import run_bills
from desktop_app.services.bills import issue_bills, list_bills
from desktop_app.services.catalog import ProductInfo, save_product
from desktop_app.services.customers import CustomerInput, create_customer
from desktop_app.services.payments import PaymentInput, record_payment
from desktop_app.services.plans import create_plan, publish
from desktop_app.services.subscriptions import create_subscription
from desktop_app.views import printing

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
SHOTS = Path("/tmp/print_png")
MARCH = date(2026, 3, 1)
PLAN = {"charges": [
    {"kind": "recurring", "code": "base", "name": "月租", "product": "svc", "price": "99.00", "interval": "month"},
    {"kind": "seat", "code": "seat", "name": "用户", "product": "svc", "price": "30.00", "interval": "month"},
]}
NAMES = ("北京星河科技有限公司", "天津云帆网络有限公司", "河北远景信息有限公司")


def pages_of(path: Path | bytes) -> int:
    data = path.read_bytes() if isinstance(path, Path) else path
    return len(pypdf.PdfReader(io.BytesIO(data)).pages)


def shot(widget: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(SHOTS / f"{name}.png"))


@pytest.fixture
def bills(org: dict[str, Any]) -> dict[str, Any]:
    """Three customers with a subscription each; March billed and issued: three numbered bills."""
    admin, north1 = org["contexts"]["admin"], org["contexts"]["north1"]
    save_product(admin, ProductInfo(0, "svc", "软件服务", unit="月", tax_rate="0.06"))
    plan, _, _ = create_plan(admin, "std", "标准套餐", "", PLAN)
    publish(admin, plan.id)
    customers = []
    for name in NAMES:
        customer, _ = create_customer(north1, CustomerInput(name=name, address="北京市海淀区中关村大街1号"))
        create_subscription(north1, customer.id, MARCH, plan_id=plan.id, seats=2)
        customers.append(customer.id)
    run_bills(admin, MARCH)
    drafts = sorted(bill.id for bill in list_bills(admin, status="draft"))
    summary = issue_bills(admin, drafts)
    assert len(summary.issued) == 3
    issued = sorted(list_bills(admin, status="issued"), key=lambda bill: bill.id)
    return {**org, "bills": issued, "customers": customers}


@pytest.fixture
def pdf_printer(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, Any]:
    """Every QPrinter the app makes writes a PDF file instead; the print dialog is accepted at once."""
    made: dict[str, Any] = {"files": [], "infos": [], "dialogs": 0}

    def make_printer(info: Any = None) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        path = tmp_path / f"printed-{len(made['files']) + 1}.pdf"
        printer.setOutputFileName(str(path))
        made["files"].append(path)
        made["infos"].append(info)
        return printer

    def accept(dialog: QPrintDialog) -> int:
        made["dialogs"] += 1
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(printing, "make_printer", make_printer)
    monkeypatch.setattr(QPrintDialog, "exec", accept)
    return made


def open_bill(qtbot: Any, org: dict[str, Any], who: str, paths: Any, bill_id: int) -> Any:
    from desktop_app.views.bill_detail import BillDetailDialog

    dialog = BillDetailDialog(state_for(org, who, paths), bill_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.detail is not None, timeout=10_000)
    settle(qtbot)
    return dialog


def preview_of(qtbot: Any, actions: Any, **kwargs: Any) -> Any:
    actions.preview = None
    actions.run("preview", **kwargs)
    qtbot.waitUntil(lambda: actions.preview is not None, timeout=20_000)
    settle(qtbot)
    return actions.preview


def test_the_bill_preview_shows_white_pages_and_prints_through_the_dialog_or_directly(  # type: ignore[no-untyped-def]
        qtbot, bills, benji_paths, chinese, pdf_printer, monkeypatch, tmp_path) -> None:
    bill = bills["bills"][0]
    detail = open_bill(qtbot, bills, "clerk", benji_paths, bill.id)
    actions = detail.printing
    assert all(button.isVisible() for button in actions.buttons)
    preview = preview_of(qtbot, actions)
    preview.close()
    preview = preview_of(qtbot, actions)  # looking is not printing: still the original
    assert not preview.document.copy
    preview.resize(900, 1000)
    settle(qtbot)
    view, document = preview.view, preview.document
    assert view.pages.count == pages_of(document.data) == 1
    assert preview.page_label.text() == preview.tr("Page %1 of %2").replace("%1", "1").replace("%2", "1")
    image = view.page_image(0)
    assert not image.isNull() and image.format() == QImage.Format.Format_RGB32
    assert image.pixelColor(3, 3) == QColor("white")  # painted onto white: QtPdf leaves the page transparent
    small = image.scaled(60, 85)
    inked = sum(1 for x in range(60) for y in range(85) if small.pixelColor(x, y).lightness() < 200)
    assert inked > 20  # text and lines were drawn
    assert bill.code in preview.windowTitle()
    shot(preview, "preview_bill")

    zoom = view.zoom
    preview.zoom_in_button.click()
    assert view.zoom > zoom and not view.fit and preview.zoom_label.text() == f"{round(view.zoom * 100)}%"
    preview.fit_button.click()
    assert view.fit

    # Print… with the dialog (accepted by the fixture) into a PDF file of as many pages
    preview.direct.setChecked(False)
    assert preview.print_document()
    assert pdf_printer["dialogs"] == 1 and pages_of(pdf_printer["files"][-1]) == 1
    # straight to the default printer: no dialog; the choice is a device preference kept in the config file
    monkeypatch.setattr(printing, "default_printer", lambda: "默认打印机")
    preview.direct.setChecked(True)
    assert preview.state.config.extra["print_direct"] is True
    assert '"print_direct": true' in benji_paths.config_file.read_text(encoding="utf-8")
    assert preview.print_document()
    assert pdf_printer["dialogs"] == 1 and pdf_printer["infos"][-1] == "默认打印机"
    assert pages_of(pdf_printer["files"][-1]) == 1
    # no default printer: a message that says where to choose one, nothing printed
    said: list[str] = []
    monkeypatch.setattr(printing, "default_printer", lambda: None)
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *_args: said.append(text))
    assert not preview.print_document()
    assert said and "Windows" in said[0]
    # Save as PDF…: the document's name is suggested; the bytes are written as they are
    target = tmp_path / "saved.pdf"
    asked: list[str] = []

    def save_name(_parent: Any, _title: str, suggested: str, _filter: str) -> tuple[str, str]:
        asked.append(suggested)
        return str(target), "PDF (*.pdf)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)
    preview.save_button.click()  # what leaves is recorded as a print: printed before, so now a copy
    assert Path(asked[0]).name == document.name.replace(".pdf", "-copy.pdf") and target.read_bytes() != document.data
    assert target.read_bytes().startswith(b"%PDF")
    preview.close()

    # printed before: the next preview is the reprint, marked as a copy in its title
    again = preview_of(qtbot, actions)
    assert again.document.copy
    assert again.windowTitle() == again.tr("{0} (copy)").format(detail.title.text())
    assert not again.copy_label.isHidden()
    again.close()


def test_the_bill_detail_prints_saves_and_prints_without_prices(  # type: ignore[no-untyped-def]
        qtbot, bills, benji_paths, chinese, pdf_printer, monkeypatch, tmp_path) -> None:
    bill = bills["bills"][1]
    detail = open_bill(qtbot, bills, "clerk", benji_paths, bill.id)
    shot(detail, "bill_detail")
    detail.printing.print_button.click()
    qtbot.waitUntil(lambda: len(pdf_printer["files"]) == 1 and pdf_printer["files"][0].exists(), timeout=20_000)
    settle(qtbot)
    assert pdf_printer["dialogs"] == 1 and pages_of(pdf_printer["files"][0]) == 1
    detail.printing.without_prices.trigger()
    qtbot.waitUntil(lambda: len(pdf_printer["files"]) == 2 and pdf_printer["files"][1].exists(), timeout=20_000)
    settle(qtbot)
    saved = tmp_path / "bill.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args: (str(saved), ""))
    detail.printing.save_button.click()
    qtbot.waitUntil(saved.exists, timeout=20_000)
    settle(qtbot)
    assert pages_of(saved) == 1
    plain = preview_of(qtbot, detail.printing, without_prices=True)
    assert plain.document.data != preview_of(qtbot, detail.printing).document.data


def open_bills_page(qtbot: Any, org: dict[str, Any], who: str, paths: Any) -> Any:
    from desktop_app.views.pages.bills import BillsPage

    page = BillsPage(state_for(org, who, paths))
    qtbot.addWidget(page)
    page.resize(1280, 560)
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=10_000)
    settle(qtbot)
    page.table.selectAll()
    return page


def batch(qtbot: Any, page: Any, *, export: bool, folder: Path | None = None, combined: bool = False,
          cancel: bool = False) -> Any:
    page.print_selected(export=export)
    dialog = page.dialog
    if folder is not None:
        dialog.folder.setText(str(folder))
    (dialog.combined if combined else dialog.separate).setChecked(True)
    dialog.run_button.click()
    if cancel:
        dialog.cancel_run()  # before the worker starts: deterministic
    qtbot.waitUntil(lambda: not dialog.running, timeout=30_000)
    settle(qtbot)
    return dialog


def test_batch_export_one_file_per_bill_combined_and_print(  # type: ignore[no-untyped-def]
        qtbot, bills, benji_paths, chinese, pdf_printer, tmp_path) -> None:
    page = open_bills_page(qtbot, bills, "clerk", benji_paths)
    assert page.print_button.isEnabled() and page.export_button.isEnabled()
    shot(page, "bills_page")
    folder = tmp_path / "out"
    folder.mkdir()
    page.print_selected(export=True)
    page.dialog.folder.setText(str(folder))
    page.dialog.resize(620, page.dialog.height())
    shot(page.dialog, "batch_dialog")
    page.dialog.reject()

    dialog = batch(qtbot, page, export=True, folder=folder)
    codes = sorted(bill.code for bill in bills["bills"])
    names = sorted(path.name for path in folder.iterdir())
    assert names == [f"{code}.pdf" for code in codes]
    assert dialog.message.text().startswith(dialog.tr("{0} bills exported to {1}").format(3, folder))
    shot(dialog, "batch_done")
    single = sum(pages_of(folder / name) for name in names)
    # printed before: the next export is of copies (副本, "-copy"); the one after finds those names taken and
    # adds " (2)": nothing is ever overwritten
    dialog = batch(qtbot, page, export=True, folder=folder)
    assert sorted(path.name for path in dialog.written) == [f"{code}-copy.pdf" for code in codes]
    assert dialog.renamed == 0
    dialog = batch(qtbot, page, export=True, folder=folder)
    assert dialog.renamed == 3 and len(list(folder.iterdir())) == 9
    assert (folder / f"{codes[0]}-copy (2).pdf").exists()
    assert dialog.written[-1].name in dialog.message.text()  # says which name the new files got
    # one combined PDF: as many pages as the bills have together
    combined = tmp_path / "combined"
    combined.mkdir()
    dialog = batch(qtbot, page, export=True, folder=combined, combined=True)
    files = list(combined.iterdir())
    assert len(files) == 1 and pages_of(files[0]) == single
    # print: one job of all the pages
    dialog = batch(qtbot, page, export=False)
    assert dialog.printed and pages_of(pdf_printer["files"][-1]) == single


def test_cancel_stops_the_batch_early(qtbot, bills, benji_paths, chinese, tmp_path) -> None:  # type: ignore[no-untyped-def]
    page = open_bills_page(qtbot, bills, "clerk", benji_paths)
    folder = tmp_path / "cancelled"
    folder.mkdir()
    dialog = batch(qtbot, page, export=True, folder=folder, cancel=True)
    assert dialog.files is not None and len(dialog.files) < 3
    assert len(list(folder.iterdir())) == len(dialog.files)
    left = dialog.tr("Cancelled: the other {0} bills were not exported.").format(3 - len(dialog.files))
    assert dialog.message.text() == dialog.tr("Cancelled: nothing was made.") if not dialog.files else \
        left in dialog.message.text()


def test_the_document_style_form_previews_live_and_saves(  # type: ignore[no-untyped-def]
        qtbot, bills, benji_paths, chinese, monkeypatch, tmp_path) -> None:
    from desktop_app.services.branding import get_branding
    from desktop_app.views.pages.company import CompanyPage

    admin = bills["contexts"]["admin"]
    page = CompanyPage(state_for(bills, "admin", benji_paths))
    qtbot.addWidget(page)
    page.resize(1280, 860)
    page.show()
    form = page.branding
    page.tabs.setCurrentWidget(form)
    qtbot.waitUntil(lambda: form.previews >= 1, timeout=20_000)
    settle(qtbot)
    first = form.preview.image.copy()
    assert not first.isNull() and form.preview.page_rect().height() > 400  # a preview one can read

    monkeypatch.setattr("PySide6.QtWidgets.QColorDialog.getColor", lambda *_args: QColor("#b22222"))
    form.choose_accent()
    qtbot.keyClicks(form.footer, "Thank you")  # several edits: one preview after the last
    shown = form.previews
    qtbot.waitUntil(lambda: form.previews == shown + 1 and form.preview.image != first, timeout=20_000)
    settle(qtbot)
    assert form.previews == shown + 1
    assert page.is_dirty()
    logo = tmp_path / "logo.png"
    picture = QImage(240, 80, QImage.Format.Format_RGB32)
    picture.fill(QColor("#1f6feb"))
    picture.save(str(logo))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_args: (str(logo), ""))
    form.choose_logo()
    assert not form.logo_view.pixmap().isNull() and form.remove_logo_button.isEnabled()
    form.payment_instructions.setPlainText("请于30日内转账，并注明账单号。")
    qtbot.waitUntil(lambda: not form._debounce.isActive(), timeout=5_000)
    settle(qtbot)
    shot(page, "company_branding")

    form.save_button.click()
    qtbot.waitUntil(lambda: form.saved.text() != "", timeout=20_000)
    settle(qtbot)
    saved = get_branding(admin)
    assert (saved.accent, saved.footer, saved.logo) == ("#B22222", "Thank you", logo.read_bytes())
    assert saved.payment_instructions == "请于30日内转账，并注明账单号。"
    assert not page.is_dirty()


def test_statement_and_receipt_previews_open(  # type: ignore[no-untyped-def]
        qtbot, bills, benji_paths, chinese) -> None:
    from desktop_app.views.customer_dialog import CustomerDialog

    clerk, customer_id = bills["contexts"]["clerk"], bills["customers"][0]
    record_payment(clerk, PaymentInput(customer_id, "100.00", date.today(), "bank"), "print-p1")
    dialog = CustomerDialog(state_for(bills, "clerk", benji_paths), customer_id, ["standard"])
    qtbot.addWidget(dialog)
    dialog.resize(1000, 720)
    dialog.show()
    tab = dialog.account
    dialog.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.view is not None, timeout=10_000)
    settle(qtbot)
    actions = tab.printing
    assert actions.statement_button.isVisible() and actions.receipt_button.isVisible()
    shot(dialog, "account_tab")
    assert not actions.receipt_button.isEnabled()
    actions.statement()
    ask = actions.dialog
    assert ask.period() == (tab.period()[0], date.today())
    ask.accept()
    qtbot.waitUntil(lambda: actions.preview is not None, timeout=20_000)
    settle(qtbot)
    assert actions.preview.view.pages.count >= 1
    actions.preview.close()
    actions.preview = None
    payments = [row for row in range(tab.entries.rowCount()) if tab.entries.rows[row].kind == "payment"]
    tab.statement_table.selectRow(payments[0])
    assert actions.receipt_button.isEnabled()
    actions.receipt_button.click()
    qtbot.waitUntil(lambda: actions.preview is not None, timeout=20_000)
    settle(qtbot)
    assert actions.preview.view.pages.count >= 1 and tab.entries.rows[payments[0]].code in \
        actions.preview.windowTitle()


def test_who_may_not_print_sees_no_print_actions(qtbot, bills, benji_paths, chinese) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.views.customer_dialog import CustomerDialog

    bill = bills["bills"][0]
    detail = open_bill(qtbot, bills, "auditor", benji_paths, bill.id)  # auditors read everything, print nothing
    assert all(button.isHidden() for button in detail.printing.buttons)
    page = open_bills_page(qtbot, bills, "auditor", benji_paths)
    assert page.print_button.isHidden() and page.export_button.isHidden()
    page.print_selected(export=True)
    assert page.dialog is None
    dialog = CustomerDialog(state_for(bills, "auditor", benji_paths), bills["customers"][0], ["standard"])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.account.view is not None, timeout=10_000)
    settle(qtbot)
    assert all(button.isHidden() for button in dialog.account.printing.buttons)
