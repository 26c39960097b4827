"""Printing (issue 7), service side, on SQLite, PostgreSQL and MariaDB: the frozen PDF stored at issue (and
refused change by the database), originals and copies, drafts, void bills, delivery-style prints, receipts,
statements, batch printing, permissions, and the document branding."""

from __future__ import annotations

import io
import re
import struct
import zlib
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from catalog_samples import seed_products
from pypdf import PdfReader
from sqlalchemy import func, select, text

from desktop_app.errors import ConcurrentEdit, DomainError, PermissionDenied, ValidationFailed
from desktop_app.models import AuditEntry, IssuedDocument, Setting
from desktop_app.services import document_snapshots as frozen
from desktop_app.services.bill_runs import run_bills
from desktop_app.services.bills import get_bill, issue_bill, issue_bills, list_bills, void_bill
from desktop_app.services.company import get_company, update_company
from desktop_app.services.credit_notes import create_credit_note
from desktop_app.services.customers import CustomerInput, create_customer, get_customer, update_customer
from desktop_app.services.documents import (
    BrandingInfo,
    bill_pdf,
    bills_pdfs,
    get_branding,
    issued_bill_ids,
    preview_bill,
    receipt_pdf,
    save_branding,
    statement_pdf,
)
from desktop_app.services.payments import PaymentInput, record_payment
from desktop_app.services.plans import create_plan, publish
from desktop_app.services.subscriptions import create_subscription

D = Decimal
CUSTOMERS = ("北京星河科技有限公司", "天津云帆网络有限公司", "河北远景信息有限公司")


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _flat(pdf: bytes) -> str:
    return re.sub(r"\s+", "", _text(pdf))


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\x1f\x4e\x79"))
            + chunk(b"IEND", b""))


def _audits(database: Any, action: str) -> int:
    with database.engine.connect() as connection:
        return int(connection.scalar(select(func.count()).select_from(AuditEntry)
                                     .where(AuditEntry.action == action)) or 0)


def _stored(database: Any, bill_id: int) -> Any:
    with database.engine.connect() as connection:
        return connection.execute(select(IssuedDocument).where(IssuedDocument.bill_id == bill_id)).one_or_none()


@pytest.fixture
def drafts(org: dict[str, Any]) -> dict[str, Any]:
    """Three draft bills for March 2026 (月租 106.00 incl. 6 %), customers owned by north1."""
    admin, north1 = org["contexts"]["admin"], org["contexts"]["north1"]
    seed_products(admin)
    plan, _, _ = create_plan(admin, "std", "标准套餐", "", {"tax_inclusive": True, "charges": [
        {"kind": "recurring", "code": "base", "name": "月租", "product": "svc", "price": "106.00",
         "interval": "month"}]})
    publish(admin, plan.id)
    customers = {}
    for name in CUSTOMERS:
        customer, _ = create_customer(north1, CustomerInput(name=name, address="北京市海淀区中关村大街1号"))
        create_subscription(north1, customer.id, date(2026, 3, 1), plan_id=plan.id)
        customers[name] = customer.id
    clerk = org["contexts"]["clerk"]
    run_bills(clerk, date(2026, 3, 1))
    bills = {bill.customer_name: bill for bill in list_bills(clerk)}
    return {**org, "clerk": clerk, "admin": admin, "bills": bills, "customers": customers}


def test_issuing_freezes_the_pdf_and_the_first_print_is_the_original(drafts: dict[str, Any]) -> None:
    clerk, bill = drafts["clerk"], drafts["bills"][CUSTOMERS[0]]
    info, _ = issue_bill(clerk, bill.id)
    row = _stored(clerk.database, bill.id)
    assert row is not None and row.pdf is not None and row.sha256 == frozen.sha256(row.pdf)
    assert row.printed_count == 0 and row.rendered_at is not None
    flat = _flat(row.pdf)
    for expected in (info.code, CUSTOMERS[0], "106.00", "壹佰零陆元整", "价税合计"):
        assert expected in flat
    assert "副本" not in flat and "DRAFT" not in flat
    first = bill_pdf(clerk, bill.id)
    assert (first.name, first.copy, first.data, first.sha256) == (f"{info.code}.pdf", False, row.pdf, row.sha256)
    second = bill_pdf(clerk, bill.id)
    assert (second.name, second.copy) == (f"{info.code}-copy.pdf", True)
    copy_text = _flat(second.data)
    assert "副本" in copy_text and "COPY" in copy_text
    assert copy_text.replace("副本/COPY", "").replace("副本COPY", "") == flat  # the same document, marked
    assert bill_pdf(clerk, bill.id, copy=False).data == row.pdf  # explicitly the original, any time
    assert bill_pdf(clerk, bill.id, copy=True).copy
    row = _stored(clerk.database, bill.id)
    assert row.printed_count == 4 and row.last_printed_at is not None
    assert _audits(clerk.database, "bill.printed") == 4


def test_the_frozen_pdf_survives_edits_of_customer_company_and_branding(drafts: dict[str, Any]) -> None:
    clerk, admin, north1 = drafts["clerk"], drafts["admin"], drafts["contexts"]["north1"]
    bill = drafts["bills"][CUSTOMERS[0]]
    issue_bill(clerk, bill.id)
    original = bill_pdf(clerk, bill.id, copy=False)
    customer = get_customer(north1, drafts["customers"][CUSTOMERS[0]])
    update_customer(north1, customer.id, replace(customer.data, name="改名后的客户有限公司", address="上海市"))
    company = get_company(admin)
    update_company(admin, replace(company, name="改名后的本机公司", address="广州市"))
    save_branding(admin, BrandingInfo(accent="#AA0000", footer="新的页脚", terms="新的条款", logo=_png()))
    again = bill_pdf(clerk, bill.id, copy=False)
    assert (again.data, again.sha256) == (original.data, original.sha256)
    copy = _flat(bill_pdf(clerk, bill.id, copy=True).data)  # a copy comes from the same snapshot
    assert CUSTOMERS[0] in copy and "改名后的" not in copy and "新的页脚" not in copy


def test_the_database_refuses_to_change_or_delete_a_frozen_document(drafts: dict[str, Any]) -> None:
    clerk, bill = drafts["clerk"], drafts["bills"][CUSTOMERS[0]]
    issue_bill(clerk, bill.id)
    engine = clerk.database.engine
    for statement in ("UPDATE issued_documents SET pdf = :blob WHERE bill_id = :id",
                      "UPDATE issued_documents SET sha256 = 'x' WHERE bill_id = :id",
                      "UPDATE issued_documents SET snapshot = '{}' WHERE bill_id = :id",
                      "UPDATE issued_documents SET pdf = NULL, sha256 = NULL WHERE bill_id = :id",
                      "DELETE FROM issued_documents WHERE bill_id = :id"):
        with pytest.raises(Exception) as refused:
            with engine.begin() as connection:
                connection.execute(text(statement), {"id": bill.id, "blob": b"%PDF-forged"})
        assert "issued documents never change" in str(refused.value)
    with engine.begin() as connection:  # the print counters may move
        connection.execute(text("UPDATE issued_documents SET printed_count = printed_count + 5, "
                                "last_printed_at = rendered_at WHERE bill_id = :id"), {"id": bill.id})
    assert _stored(clerk.database, bill.id).printed_count == 5
    assert not bill_pdf(clerk, bill.id).copy and bill_pdf(clerk, bill.id).copy  # the original once, then copies
    assert _stored(clerk.database, bill.id).original_printed_at is not None


def test_a_missing_pdf_is_rendered_from_the_snapshot_on_the_first_print(drafts: dict[str, Any],
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    clerk, bill = drafts["clerk"], drafts["bills"][CUSTOMERS[1]]
    rendered: list[bytes] = []
    real_render = frozen.render_stored

    def render(doc: Any) -> bytes:
        rendered.append(real_render(doc))
        return rendered[-1]

    def crash(*_args: Any) -> int:
        raise OSError("the desktop died before the PDF was stored")

    monkeypatch.setattr(frozen, "render_stored", render)
    monkeypatch.setattr(frozen, "store_pdfs", crash)
    info, _ = issue_bill(clerk, bill.id)  # issued all the same
    assert info.status == "issued" and len(rendered) == 1
    row = _stored(clerk.database, bill.id)
    assert row.pdf is None and row.sha256 is None and row.snapshot
    monkeypatch.undo()
    edit = get_company(drafts["admin"])
    update_company(drafts["admin"], replace(edit, name="后来改名的公司"))  # the snapshot already holds the old one
    first = bill_pdf(clerk, bill.id)
    assert (first.copy, first.data) == (False, rendered[0])  # byte-identical to what issuing rendered
    row = _stored(clerk.database, bill.id)
    assert (row.pdf, row.sha256) == (rendered[0], frozen.sha256(rendered[0]))


def test_a_tampered_original_is_refused(drafts: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    clerk, bill = drafts["clerk"], drafts["bills"][CUSTOMERS[0]]
    issue_bill(clerk, bill.id)
    monkeypatch.setattr(frozen, "sha256", lambda data: "0" * 64)  # the bytes no longer match the stored hash
    with pytest.raises(DomainError) as caught:
        bill_pdf(clerk, bill.id, copy=False)
    assert caught.value.code == "document.tampered"


def test_drafts_print_live_and_are_not_stored_void_bills_print_void(drafts: dict[str, Any]) -> None:
    clerk, admin = drafts["clerk"], drafts["admin"]
    draft, other = drafts["bills"][CUSTOMERS[0]], drafts["bills"][CUSTOMERS[1]]
    file = bill_pdf(clerk, draft.id)
    assert file.name == f"draft-{draft.id}.pdf" and not file.copy
    flat = _flat(file.data)
    assert "DRAFT" in flat and "草稿" in flat and CUSTOMERS[0] in flat
    assert _stored(clerk.database, draft.id) is None
    assert get_bill(clerk, draft.id).bill.status == "draft"
    info, _ = issue_bill(clerk, other.id)
    void_bill(admin, other.id, info.version, "开错了")
    flat = _flat(bill_pdf(clerk, other.id).data)
    assert "VOID" in flat and "作废" in flat and info.code in flat  # type: ignore[operator]


def test_without_prices_omits_amounts(drafts: dict[str, Any]) -> None:
    clerk, bill = drafts["clerk"], drafts["bills"][CUSTOMERS[0]]
    info, _ = issue_bill(clerk, bill.id)
    file = bill_pdf(clerk, bill.id, without_prices=True)
    flat = _flat(file.data)
    assert file.name == f"{info.code}-without-prices.pdf"
    assert info.code in flat and "月租" in flat and CUSTOMERS[0] in flat
    assert "106.00" not in flat and "壹佰零陆元整" not in flat and "价税合计" not in flat
    assert not bill_pdf(clerk, bill.id).copy  # a delivery-style print is not the original: that is still due


def test_receipt_and_statement(drafts: dict[str, Any]) -> None:
    clerk, bill = drafts["clerk"], drafts["bills"][CUSTOMERS[0]]
    info, _ = issue_bill(clerk, bill.id)
    payment, _ = record_payment(clerk, PaymentInput(bill.customer_id, "200.00", info.issue_date or date.today(),
                                                    "alipay", reference="2026031012345"), "token-receipt-1")
    receipt = receipt_pdf(clerk, payment.id)
    assert receipt.name == f"{payment.code}.pdf" and payment.code.startswith("SK-")
    flat = _flat(receipt.data)
    for expected in (payment.code, "贰佰元整", info.code, "支付宝", "106.00", "94.00", CUSTOMERS[0]):
        assert expected in flat, expected
    assert receipt_pdf(clerk, payment.id, copy=True).name == f"{payment.code}-copy.pdf"
    assert _audits(clerk.database, "payment.receipt_printed") == 2
    day = info.issue_date or date.today()
    statement = statement_pdf(clerk, bill.customer_id, day - timedelta(days=1), day)
    code = get_customer(clerk, bill.customer_id).code
    assert statement.name == f"statement-{code}-{(day - timedelta(days=1)).isoformat()}-{day.isoformat()}.pdf"
    flat = _flat(statement.data)
    for expected in ("期初余额", "期末余额", info.code, payment.code, "-94.00"):
        assert expected in flat, expected
    assert _audits(clerk.database, "customer.statement_printed") == 1
    with pytest.raises(ValidationFailed):
        statement_pdf(clerk, bill.customer_id, day, day - timedelta(days=1))


def test_batch_printing_combined_each_and_cancelled(drafts: dict[str, Any]) -> None:
    clerk = drafts["clerk"]
    ids = sorted(bill.id for bill in drafts["bills"].values())
    summary = issue_bills(clerk, ids)
    assert len(summary.issued) == 3
    seen: list[tuple[int, int]] = []
    each = bills_pdfs(clerk, ids, combined=False, progress=lambda done, total: seen.append((done, total)))
    assert [file.name for file in each] == [f"{code}.pdf" for code in summary.issued]
    assert seen == [(1, 3), (2, 3), (3, 3)] and not any(file.copy for file in each)
    combined = bills_pdfs(clerk, ids, combined=True)
    assert len(combined) == 1 and combined[0].name == f"bills-{summary.issued[0]}-{summary.issued[-1]}.pdf"
    assert len(PdfReader(io.BytesIO(combined[0].data)).pages) == 3 and combined[0].copy  # printed before
    flat = _flat(combined[0].data)
    assert all(code in flat for code in summary.issued)
    done: list[int] = []
    partial = bills_pdfs(clerk, ids, combined=False, progress=lambda n, _t: done.append(n),
                         cancelled=lambda: len(done) >= 2)
    assert len(partial) == 2
    assert bills_pdfs(clerk, ids, combined=True, cancelled=lambda: True) == []
    start = min(code for code in summary.issued)
    assert start and issued_bill_ids(clerk, date(2000, 1, 1), date(2100, 1, 1)) == ids


def test_bulk_issue_renders_in_worker_processes(drafts: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    clerk = drafts["clerk"]
    monkeypatch.setattr(frozen, "POOL_FROM", 2)  # the pool path with three bills
    monkeypatch.setattr(frozen, "CHUNK", 2)
    ids = sorted(bill.id for bill in drafts["bills"].values())
    summary = issue_bills(clerk, ids)
    assert len(summary.issued) == 3 and frozen.LAST_ISSUE is not None and frozen.LAST_ISSUE.workers >= 1
    for bill_id in ids:
        row = _stored(clerk.database, bill_id)
        assert row.pdf == frozen.render_stored(frozen.from_json(row.snapshot))  # the same bytes as here
        assert frozen.from_json(row.snapshot) == frozen.from_json(frozen.to_json(frozen.from_json(row.snapshot)))


def test_a_credit_note_is_frozen_when_issued_red_letter(drafts: dict[str, Any]) -> None:
    clerk, admin, bill = drafts["clerk"], drafts["admin"], drafts["bills"][CUSTOMERS[2]]
    info, _ = issue_bill(clerk, bill.id)
    note, _ = create_credit_note(admin, bill.id, None, "重复计费", "token-credit-1")
    frozen_at_issue = _stored(clerk.database, note.id)  # snapshot taken in the issuing transaction
    assert frozen_at_issue.snapshot and info.code in frozen_at_issue.snapshot
    first = bill_pdf(clerk, note.id)
    flat = _flat(first.data)
    assert not first.copy and note.code in flat and info.code in flat and "-106.00" in flat  # type: ignore[operator]
    row = _stored(clerk.database, note.id)
    assert row.pdf == first.data and bill_pdf(clerk, note.id, copy=False).data == first.data


def test_permissions_and_scope(drafts: dict[str, Any]) -> None:
    clerk, contexts = drafts["clerk"], drafts["contexts"]
    bill = drafts["bills"][CUSTOMERS[0]]
    issue_bill(clerk, bill.id)
    assert bill_pdf(contexts["north1"], bill.id).name.endswith(".pdf")  # the owner's salesperson may
    before = _audits(clerk.database, "bill.printed")
    with pytest.raises(DomainError) as caught:  # another salesperson does not see the customer
        bill_pdf(contexts["south1"], bill.id)
    assert caught.value.code == "record.not_found"
    with pytest.raises(DomainError):
        bills_pdfs(contexts["south1"], [bill.id], combined=True)
    with pytest.raises(DomainError) as hidden:  # nor print that customer's statement (issue 3, acceptance 2)
        statement_pdf(contexts["south1"], bill.customer_id, date(2026, 1, 1), date(2026, 12, 31))
    assert hidden.value.code == "record.not_found"
    assert statement_pdf(contexts["north1"], bill.customer_id, date(2026, 1, 1), date(2026, 12, 31)).data
    with pytest.raises(PermissionDenied):  # the auditor may look, not print
        bill_pdf(contexts["auditor"], bill.id)
    with pytest.raises(PermissionDenied):
        statement_pdf(contexts["auditor"], bill.customer_id, date(2026, 1, 1), date(2026, 12, 31))
    with pytest.raises(PermissionDenied):
        save_branding(contexts["clerk"], BrandingInfo())
    assert _audits(clerk.database, "bill.printed") == before
    assert _stored(clerk.database, bill.id).printed_count == 1


def test_branding_is_validated_saved_and_read_back(admin_context: Any) -> None:
    admin = admin_context
    assert get_branding(admin) == BrandingInfo()
    for branding, code, field in (
            (BrandingInfo(accent="blue"), "branding.accent_invalid", "accent"),
            (BrandingInfo(accent="#12345G"), "branding.accent_invalid", "accent"),
            (BrandingInfo(footer="页" * 201), "branding.text_too_long", "footer"),
            (BrandingInfo(terms="x" * 2001), "branding.text_too_long", "terms"),
            (BrandingInfo(payment_instructions="x" * 2001), "branding.text_too_long", "payment_instructions"),
            (BrandingInfo(qr_text="x" * 501), "branding.text_too_long", "qr_text"),
            (BrandingInfo(logo=b"GIF89a" + b"\x00" * 10), "branding.logo_format", "logo"),
            (BrandingInfo(logo=_png() + b"\x00" * (512 * 1024)), "branding.logo_too_large", "logo")):
        with pytest.raises(ValidationFailed) as caught:
            save_branding(admin, branding)
        assert (caught.value.code, caught.value.params["field"]) == (code, field)
    logo = _png() + b"\x00" * 100_000  # > 64 KB of base64: a MariaDB TEXT would not hold it
    wanted = BrandingInfo(accent="#aa3300", footer=" 页脚 ", terms="条款\n第二行",
                          payment_instructions="开户行：招商银行", qr_text="https://pay.example.cn/x", logo=logo)
    changes = save_branding(admin, wanted)
    assert changes.settings
    saved = get_branding(admin)
    assert saved == replace(wanted, accent="#AA3300", footer="页脚", version=1)
    assert not save_branding(admin, saved).settings  # nothing changed: no new version, no audit
    assert get_branding(admin).version == 1 and _audits(admin.database, "branding.update") == 1
    with pytest.raises(ConcurrentEdit):
        save_branding(admin, replace(saved, footer="别人", version=0))
    save_branding(admin, replace(saved, logo=None))
    assert get_branding(admin).logo is None and get_branding(admin).version == 2


def test_preview_bill_writes_nothing(admin_context: Any) -> None:
    admin = admin_context
    with admin.database.engine.connect() as connection:
        before = (connection.scalar(select(func.count()).select_from(AuditEntry)),
                  connection.scalar(select(func.count()).select_from(Setting)))
    pdf = preview_bill(admin, BrandingInfo(accent="#0A7A3B", footer="预览页脚", logo=_png()))
    flat = _flat(pdf)
    assert pdf.startswith(b"%PDF") and "预览页脚" in flat and "示例客户有限公司" in flat
    assert get_company(admin).name in flat
    assert preview_bill(admin, BrandingInfo(accent="#12", logo=b"not an image")).startswith(b"%PDF")  # typing
    with admin.database.engine.connect() as connection:
        after = (connection.scalar(select(func.count()).select_from(AuditEntry)),
                 connection.scalar(select(func.count()).select_from(Setting)))
    assert after == before
