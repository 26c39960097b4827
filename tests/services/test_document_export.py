"""Batch export of bills into a folder (``documents.export_bills``), on SQLite, PostgreSQL and MariaDB: one file
per bill named by its number, names already taken kept (" (2)"), one combined PDF written part by part, the
prints recorded (original, then copy), progress and Cancel between chunks, the render workers, and scope."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from catalog_samples import seed_products
from pypdf import PdfReader
from sqlalchemy import func, select

from desktop_app.errors import DomainError, PermissionDenied
from desktop_app.models import AuditEntry, IssuedDocument
from desktop_app.services import document_export
from desktop_app.services import document_snapshots as frozen
from desktop_app.services.bill_runs import run_bills
from desktop_app.services.bills import issue_bills, list_bills
from desktop_app.services.customers import CustomerInput, create_customer
from desktop_app.services.documents import ExportResult, bill_pdf, export_bills
from desktop_app.services.plans import create_plan, publish
from desktop_app.services.subscriptions import create_subscription

NAMES = ("北京星河科技有限公司", "天津云帆网络有限公司", "河北远景信息有限公司", "山西晋商贸易有限公司",
         "内蒙古草原物流有限公司")


def _flat(path: Path) -> str:
    return re.sub(r"\s+", "", "\n".join(page.extract_text() for page in PdfReader(path).pages))


def _pages(path: Path) -> int:
    return len(PdfReader(path).pages)


def _printed(database: Any) -> list[tuple[int, int, bool]]:
    """(bill id, printed_count, original handed out) of every frozen document."""
    with database.engine.connect() as connection:
        return [(row.bill_id, row.printed_count, row.original_printed_at is not None) for row in connection.execute(
            select(IssuedDocument.bill_id, IssuedDocument.printed_count, IssuedDocument.original_printed_at)
            .order_by(IssuedDocument.bill_id))]


def _audits(database: Any) -> list[dict[str, Any]]:
    import json

    with database.engine.connect() as connection:
        return [json.loads(detail) | {"bill_id": int(entity_id)} for entity_id, detail in connection.execute(
            select(AuditEntry.entity_id, AuditEntry.detail).where(AuditEntry.action == "bill.printed")
            .order_by(AuditEntry.seq))]


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An empty folder to export into (the SQLite test database lives in tmp_path)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


@pytest.fixture
def issued(org: dict[str, Any]) -> dict[str, Any]:
    """Five issued bills for March 2026 (customers owned by north1), numbers ascending with the ids."""
    admin, north1, clerk = org["contexts"]["admin"], org["contexts"]["north1"], org["contexts"]["clerk"]
    seed_products(admin)
    plan, _, _ = create_plan(admin, "std", "标准套餐", "", {"tax_inclusive": True, "charges": [
        {"kind": "recurring", "code": "base", "name": "月租", "product": "svc", "price": "106.00",
         "interval": "month"}]})
    publish(admin, plan.id)
    for name in NAMES:
        customer, _ = create_customer(north1, CustomerInput(name=name, address="北京市海淀区中关村大街1号"))
        create_subscription(north1, customer.id, date(2026, 3, 1), plan_id=plan.id)
    run_bills(clerk, date(2026, 3, 1))
    ids = sorted(bill.id for bill in list_bills(clerk))
    summary = issue_bills(clerk, ids)
    assert len(summary.issued) == len(NAMES)
    return {**org, "clerk": clerk, "ids": ids, "codes": list(summary.issued)}


def test_one_file_per_bill_named_by_number_then_copies_and_taken_names_kept(
        issued: dict[str, Any], out: Path) -> None:
    clerk, ids, codes = issued["clerk"], issued["ids"], issued["codes"]
    database = clerk.database
    seen: list[tuple[int, int]] = []
    result = export_bills(clerk, ids, out, combined=False, progress=lambda done, total: seen.append((done, total)))
    assert isinstance(result, ExportResult)
    assert [path.name for path in result.files] == [f"{code}.pdf" for code in codes]
    assert (result.bills, result.cancelled, result.renamed) == (5, False, 0)
    assert seen == [(5, 5)]  # one chunk
    with database.engine.connect() as connection:  # the originals are the stored bytes, as they are
        stored = {bill_id: pdf for bill_id, pdf in connection.execute(
            select(IssuedDocument.bill_id, IssuedDocument.pdf))}
    assert [path.read_bytes() for path in result.files] == [stored[bill_id] for bill_id in ids]
    assert _printed(database) == [(bill_id, 1, True) for bill_id in ids]
    audits = _audits(database)
    assert [(entry["bill_id"], entry["number"], entry["copy"]) for entry in audits] == \
        [(bill_id, code, False) for bill_id, code in zip(ids, codes, strict=True)]

    again = export_bills(clerk, ids, out, combined=False)  # printed before: copies (副本)
    assert [path.name for path in again.files] == [f"{code}-copy.pdf" for code in codes] and again.renamed == 0
    assert all("副本" in _flat(path) for path in again.files)
    assert _printed(database) == [(bill_id, 2, True) for bill_id in ids]
    assert [entry["copy"] for entry in _audits(database)][5:] == [True] * 5

    before = {path.name: path.read_bytes() for path in out.iterdir()}
    third = export_bills(clerk, ids, out, combined=False)  # those names are taken: kept, the new ones renamed
    assert third.renamed == 5 and [path.name for path in third.files] == [f"{code}-copy (2).pdf" for code in codes]
    assert all(path.read_bytes() == data for path, data in
               ((out / name, data) for name, data in before.items()))
    assert len(list(out.iterdir())) == 15
    assert document_export.unique_path(out, f"{codes[0]}-copy.pdf").name == f"{codes[0]}-copy (3).pdf"

    (out / "plain").mkdir()
    plain = export_bills(clerk, ids[:1], out / "plain", combined=False, without_prices=True)
    assert plain.files[0].name == f"{codes[0]}-copy-without-prices.pdf" and "106.00" not in _flat(plain.files[0])


def test_the_combined_file_has_every_page_and_number(issued: dict[str, Any], out: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    clerk, ids, codes = issued["clerk"], issued["ids"], issued["codes"]
    monkeypatch.setattr(document_export, "CHUNK", 2)  # three chunks into one file
    seen: list[int] = []
    result = export_bills(clerk, ids, out, combined=True, progress=lambda done, _total: seen.append(done))
    assert [path.name for path in result.files] == [f"bills-{codes[0]}-{codes[-1]}.pdf"]
    assert (result.bills, result.cancelled, seen) == (5, False, [2, 4, 5])
    assert list(out.iterdir()) == result.files  # the part file is gone
    singles = [bill_pdf(clerk, bill_id, preview=True) for bill_id in ids]  # now copies, each one page
    assert _pages(result.files[0]) == sum(len(PdfReader(io.BytesIO(file.data)).pages) for file in singles)
    text = _flat(result.files[0])
    assert all(code in text for code in codes) and "副本" not in text  # the originals, first print
    assert _printed(clerk.database) == [(bill_id, 1, True) for bill_id in ids]
    again = export_bills(clerk, ids, out, combined=True)  # the same name is taken: " (2)"; copies now
    assert again.renamed == 1 and again.files[0].name == f"bills-{codes[0]}-{codes[-1]} (2).pdf"
    assert all("副本" in page.extract_text() for page in PdfReader(again.files[0]).pages)
    assert _printed(clerk.database) == [(bill_id, 2, True) for bill_id in ids]


def test_copies_render_in_the_worker_processes(issued: dict[str, Any], out: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    clerk, ids, codes = issued["clerk"], issued["ids"], issued["codes"]
    for bill_id in ids:
        bill_pdf(clerk, bill_id)  # the originals handed out: the export prints copies
    started: list[int] = []
    real = frozen.render_pool

    def pool() -> Any:
        made = real()
        started.append(made[1])
        return made

    monkeypatch.setattr(document_export, "POOL_FROM", 2)
    monkeypatch.setattr(document_export, "TASK", 2)
    monkeypatch.setattr(document_export, "CHUNK", 3)
    monkeypatch.setattr(frozen, "render_pool", pool)
    result = export_bills(clerk, ids, out, combined=False)
    assert started and started[0] >= 1  # the pool was used
    assert [path.name for path in result.files] == [f"{code}-copy.pdf" for code in codes]
    for path, bill_id in zip(result.files, ids, strict=True):  # the same bytes as a copy printed here
        assert path.read_bytes() == bill_pdf(clerk, bill_id, copy=True, preview=True).data


def test_cancel_stops_between_chunks_and_says_so(issued: dict[str, Any], out: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    clerk, ids = issued["clerk"], issued["ids"]
    monkeypatch.setattr(document_export, "CHUNK", 1)
    done: list[int] = []
    (out / "each").mkdir()
    result = export_bills(clerk, ids, out / "each", combined=False, progress=lambda n, _t: done.append(n),
                          cancelled=lambda: len(done) >= 2)
    assert result.cancelled and result.bills == 2 and len(result.files) == 2 and done == [1, 2]
    assert sorted(path.name for path in (out / "each").iterdir()) == sorted(path.name for path in result.files)
    assert [count for _, count, _ in _printed(clerk.database)] == [1, 1, 0, 0, 0]  # only what was written
    assert len(_audits(clerk.database)) == 2

    (out / "combined").mkdir()
    nothing = export_bills(clerk, ids, out / "combined", combined=True, cancelled=lambda: True)
    assert nothing == ExportResult([], 0, True, 0) and list((out / "combined").iterdir()) == []
    done.clear()
    some = export_bills(clerk, ids, out / "combined", combined=True, progress=lambda n, _t: done.append(n),
                        cancelled=lambda: len(done) >= 3)
    assert some.cancelled and some.bills == 3 and _pages(some.files[0]) == 3
    assert some.files[0].name == f"bills-{issued['codes'][0]}-{issued['codes'][2]}.pdf"  # the bills in it
    assert list((out / "combined").iterdir()) == some.files


def test_scope_and_permission_are_checked_before_anything_is_written(issued: dict[str, Any],
                                                                     out: Path) -> None:
    contexts, ids = issued["contexts"], issued["ids"]
    for combined in (False, True):
        with pytest.raises(DomainError) as caught:  # south1 does not see north1's customers
            export_bills(contexts["south1"], ids, out, combined=combined)
        assert caught.value.code == "record.not_found"
        with pytest.raises(DomainError):  # one unknown id among visible ones: nothing either
            export_bills(issued["clerk"], [*ids, max(ids) + 1000], out, combined=combined)
    with pytest.raises(PermissionDenied):  # the auditor may look, not print
        export_bills(contexts["auditor"], ids, out, combined=False)
    assert list(out.iterdir()) == []
    assert _audits(issued["clerk"].database) == []
    assert all(count == 0 for _, count, _ in _printed(issued["clerk"].database))
    with issued["clerk"].database.engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(AuditEntry)
                                 .where(AuditEntry.action == "bill.printed")) == 0
    mine = export_bills(contexts["north1"], ids[:2], out, combined=False)  # the owner's salesperson may
    assert len(mine.files) == 2


def test_void_bills_print_void_and_drafts_print_live(issued: dict[str, Any], out: Path) -> None:
    from desktop_app.services.bills import get_bill, void_bill
    from desktop_app.services.plans import list_plans

    clerk, admin, north1 = issued["clerk"], issued["contexts"]["admin"], issued["contexts"]["north1"]
    ids, codes = issued["ids"], issued["codes"]
    void_bill(admin, ids[0], get_bill(clerk, ids[0]).bill.version, "开错了")
    customer, _ = create_customer(north1, CustomerInput(name="山东齐鲁软件有限公司", address="济南市"))
    create_subscription(north1, customer.id, date(2026, 3, 1), plan_id=list_plans(admin)[0].id)
    run_bills(clerk, date(2026, 3, 1))
    draft = next(bill.id for bill in list_bills(clerk, status="draft"))
    result = export_bills(clerk, [ids[0], draft, ids[1]], out, combined=False)
    assert [path.name for path in result.files] == [f"{codes[0]}.pdf", f"draft-{draft}.pdf", f"{codes[1]}.pdf"]
    assert "作废" in _flat(result.files[0]) and "草稿" in _flat(result.files[1])
    assert "副本" not in _flat(result.files[2])
    printed = {bill_id: (count, original) for bill_id, count, original in _printed(clerk.database)}
    assert printed[ids[0]] == (1, False) and printed[ids[1]] == (1, True) and draft not in printed  # void: no original
    assert [entry["number"] for entry in _audits(clerk.database)] == [codes[0], None, codes[1]]
