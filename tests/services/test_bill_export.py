"""The bills export on SQLite, PostgreSQL and MariaDB: JSON and CSV checked field by field, void documents
marked, drafts only when asked, formulas defused, permission and scope.

Documents (all issued today by the database clock): ZD-…-000001, March (月租 99.00, 用户 60.00, 开通费 200.00 at
6 %), credited by HC-…-000001 (开通费 200.00); ZD-…-000002, April, with two lines added by hand (one that
looks like a formula, one negative and exempt), then voided; a draft for May.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from catalog_samples import seed_products, usage_plan
from sqlalchemy import select

from desktop_app.errors import PermissionDenied, ValidationFailed
from desktop_app.models import AuditEntry
from desktop_app.services.access import Access, ResourceGrant, Scope
from desktop_app.services.bill_export import DOCUMENT_COLUMNS, LINE_COLUMNS, export_bills
from desktop_app.services.bill_runs import run_bills
from desktop_app.services.bills import add_line, get_bill, issue_bill, list_bills, void_bill
from desktop_app.services.context import Actor
from desktop_app.services.credit_notes import create_credit_note
from desktop_app.services.customers import CustomerInput, create_customer
from desktop_app.services.plans import create_plan, publish
from desktop_app.services.subscriptions import create_subscription

D = Decimal
FORMULA = '=HYPERLINK("http://evil.example","点我")'


@pytest.fixture
def documents(org: dict[str, Any]) -> dict[str, Any]:
    admin, north1, clerk = (org["contexts"][name] for name in ("admin", "north1", "clerk"))
    seed_products(admin)
    plan, _, _ = create_plan(admin, "std", "标准套餐", "", usage_plan())
    publish(admin, plan.id)
    customer, _ = create_customer(north1, CustomerInput(
        name="北京星河科技有限公司", address="北京市海淀区中关村大街1号", tax_id="91350100M000100Y43"))
    sub, _ = create_subscription(north1, customer.id, date(2026, 3, 1), plan_id=plan.id, seats=2)
    run_bills(clerk, date(2026, 3, 1))
    [march] = list_bills(clerk)
    march, _ = issue_bill(clerk, march.id)
    setup = next(line for line in get_bill(clerk, march.id).lines if line.description == "开通费")
    note, _ = create_credit_note(admin, march.id, [(setup.id, D("200.00"))], "开通费免收", "export-1")
    run_bills(clerk, date(2026, 4, 1))
    april = next(b for b in list_bills(clerk) if b.status == "draft")
    detail, _ = add_line(clerk, april.id, april.version, FORMULA, "10.00", "0.06")
    detail, _ = add_line(clerk, april.id, detail.bill.version, "-折让", "-5.00", None)
    april, _ = issue_bill(clerk, april.id)
    april, _ = void_bill(admin, april.id, april.version, "开错了")
    run_bills(clerk, date(2026, 5, 1))
    may = next(b for b in list_bills(clerk) if b.status == "draft")
    start = march.issue_date.replace(day=1)  # type: ignore[union-attr]
    end = (start + timedelta(days=32)).replace(day=1)
    return {**org, "customer": customer, "sub": sub, "march": march, "note": note, "april": april, "may": may,
            "clerk": clerk, "admin": admin, "start": start, "end": end}


def _expected_march(docs: dict[str, Any]) -> dict[str, Any]:
    march, customer, sub = docs["march"], docs["customer"], docs["sub"]
    year = march.issue_date.year
    return {
        "document_id": march.id, "kind": "bill", "code": f"ZD-{year}-000001", "series": "ZD", "year": year,
        "number": 1, "status": "partially_paid", "void": False, "issue_date": march.issue_date.isoformat(),
        "due_date": (march.issue_date + timedelta(days=30)).isoformat(), "customer_code": customer.code,
        "customer_name": "北京星河科技有限公司", "customer_address": "北京市海淀区中关村大街1号",
        "customer_tax_id": "91350100M000100Y43", "subscription_id": sub.id, "period_start": "2026-03-01",
        "period_end": "2026-04-01", "currency": "CNY", "tax_inclusive": True, "total_net": "338.68",
        "total_tax": "20.32", "total_gross": "359.00", "credit_applied": "0.00", "wallet_applied": "0.00",
        "amount_due": "359.00", "paid": "200.00", "original_code": None, "notes": "", "issued_by": "会计",
        "voided_at": None, "void_reason": None,
    }


def _expected_lines(context: Any, bill_id: int, amounts: list[tuple[str, str, str, str]],
                    credited: dict[int, int] | None = None) -> list[dict[str, Any]]:
    """The export's lines of a bill: identity from get_bill, amounts (net, tax, gross, rate) given."""
    result = []
    for line, (net, tax, gross, rate) in zip(get_bill(context, bill_id).lines, amounts, strict=True):
        result.append({
            "line_id": line.id, "position": line.position, "line_kind": line.kind, "charge": line.charge,
            "description": line.description, "product": line.product,
            "line_period_start": line.period_start.isoformat() if line.period_start else None,
            "line_period_end": line.period_end.isoformat() if line.period_end else None,
            "quantity": line.quantity, "unit": line.unit, "unit_price": line.unit_price, "net": net,
            "tax_rate": rate, "tax": tax, "gross": gross, "discounted_line": line.discounted_line,
            "credited_line_id": (credited or {}).get(line.position),
        })
    return result


def test_json_export_field_by_field(documents: dict[str, Any], tmp_path: Path) -> None:
    clerk, march, note, april = documents["clerk"], documents["march"], documents["note"], documents["april"]
    out = tmp_path / "bills.json"
    assert export_bills(clerk, documents["start"], documents["end"], "json", out) == 3
    data = json.loads(out.read_text(encoding="utf-8"))
    assert (data["format"], data["version"], data["period_from"], data["period_to"]) == (
        "benji-bills", 1, documents["start"].isoformat(), documents["end"].isoformat())
    by_code = {doc["code"]: doc for doc in data["documents"]}
    year = march.issue_date.year
    assert [doc["code"] for doc in data["documents"]] == [f"HC-{year}-000001", f"ZD-{year}-000001",
                                                          f"ZD-{year}-000002"]
    for doc in data["documents"]:
        assert list(doc) == [*DOCUMENT_COLUMNS, "lines"]
        for line in doc["lines"]:
            assert list(line) == list(LINE_COLUMNS)
    first = by_code[march.code]
    assert {k: v for k, v in first.items() if k != "lines"} == _expected_march(documents)
    assert first["lines"] == _expected_lines(clerk, march.id, [("93.40", "5.60", "99.00", "0.06"),
                                                               ("56.60", "3.40", "60.00", "0.06"),
                                                               ("188.68", "11.32", "200.00", "0.06")])
    setup_line_id = first["lines"][2]["line_id"]
    credit = by_code[note.code]
    assert {k: v for k, v in credit.items() if k != "lines"} == {
        **_expected_march(documents), "document_id": note.id, "kind": "credit_note", "code": note.code,
        "series": "HC", "status": "issued", "due_date": None, "total_net": "188.68", "total_tax": "11.32",
        "total_gross": "200.00", "amount_due": "200.00", "paid": "0.00", "original_code": march.code,
        "notes": "开通费免收", "issued_by": "管理员", "issue_date": note.issue_date.isoformat(),
    }
    assert credit["lines"] == _expected_lines(clerk, note.id, [("188.68", "11.32", "200.00", "0.06")],
                                              {0: setup_line_id})
    void = by_code[april.code]
    assert (void["status"], void["void"], void["void_reason"], void["period_start"]) == ("void", True, "开错了",
                                                                                         "2026-04-01")
    assert void["voided_at"] is not None and void["voided_at"].endswith("+00:00")
    assert (void["total_net"], void["total_tax"], void["total_gross"]) == ("154.43", "9.57", "164.00")
    assert void["lines"] == _expected_lines(clerk, april.id, [("93.40", "5.60", "99.00", "0.06"),
                                                              ("56.60", "3.40", "60.00", "0.06"),
                                                              ("9.43", "0.57", "10.00", "0.06"),
                                                              ("-5.00", "0.00", "-5.00", "exempt")])
    assert void["lines"][2]["description"] == FORMULA  # JSON is data, not a spreadsheet: kept as written
    # drafts only when asked; they have no number yet
    assert export_bills(clerk, documents["start"], documents["end"], "json", out, include_drafts=True) == 4
    last = json.loads(out.read_text(encoding="utf-8"))["documents"][-1]
    assert (last["document_id"], last["status"], last["code"], last["issue_date"]) == (documents["may"].id,
                                                                                     "draft", None, None)
    # another period: nothing
    assert export_bills(clerk, documents["end"], documents["end"] + timedelta(days=31), "json", out) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["documents"] == []


def test_csv_export_one_row_per_line_with_bom_and_formulas_defused(documents: dict[str, Any], tmp_path: Path
                                                                    ) -> None:
    clerk, march, note, april = documents["clerk"], documents["march"], documents["note"], documents["april"]
    out = tmp_path / "bills.csv"
    assert export_bills(clerk, documents["start"], documents["end"], "csv", out) == 3
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert list(rows[0]) == [*DOCUMENT_COLUMNS, *LINE_COLUMNS]
    assert [(row["code"], row["description"]) for row in rows] == [
        (note.code, "开通费"),
        (march.code, "月租"), (march.code, "用户"), (march.code, "开通费"),
        (april.code, "月租"), (april.code, "用户"), (april.code, "'" + FORMULA), (april.code, "'-折让"),
    ]
    expected = {key: "" if value is None else "true" if value is True else "false" if value is False else str(value)
                for key, value in _expected_march(documents).items()}
    lines = _expected_lines(clerk, march.id, [("93.40", "5.60", "99.00", "0.06"), ("56.60", "3.40", "60.00", "0.06"),
                                              ("188.68", "11.32", "200.00", "0.06")])
    for row, line in zip(rows[1:4], lines, strict=True):
        assert {key: row[key] for key in DOCUMENT_COLUMNS} == expected
        assert {key: row[key] for key in LINE_COLUMNS} == {key: "" if value is None else str(value)
                                                           for key, value in line.items()}
    assert (rows[0]["kind"], rows[0]["original_code"], rows[0]["credited_line_id"], rows[0]["net"],
            rows[0]["tax"], rows[0]["gross"]) == ("credit_note", march.code, rows[3]["line_id"], "188.68", "11.32",
                                                  "200.00")
    negative = rows[7]
    assert (negative["net"], negative["tax"], negative["gross"], negative["tax_rate"]) == ("-5.00", "0.00", "-5.00",
                                                                                         "exempt")
    assert (negative["status"], negative["void"], negative["void_reason"]) == ("void", "true", "开错了")
    assert ',-5.00,' in raw.decode("utf-8-sig")  # amounts stay numbers, never defused
    assert not list(tmp_path.glob(".*partial"))


def test_permission_scope_bad_input_and_audit(documents: dict[str, Any], tmp_path: Path) -> None:
    contexts, start, end = documents["contexts"], documents["start"], documents["end"]
    out = tmp_path / "x.json"
    for name in ("north1", "auditor"):
        with pytest.raises(PermissionDenied):
            export_bills(contexts[name], start, end, "json", out)
    with pytest.raises(ValidationFailed) as wrong_format:
        export_bills(contexts["clerk"], start, end, "xlsx", out)
    assert wrong_format.value.code == "bill_export.format_invalid"
    with pytest.raises(ValidationFailed) as backwards:
        export_bills(contexts["clerk"], end, start, "json", out)
    assert backwards.value.code == "bill_export.period_invalid"
    assert not out.exists()
    # south1 with a bills export grant still sees only the customers in its scope (north1's is not)
    south1 = contexts["south1"]
    grants = {**south1.actor.access.grants, "bills": ResourceGrant(frozenset({"view", "export"}), Scope.OWN)}
    exporter = south1.as_actor(Actor(south1.actor.user_id, south1.actor.login, south1.actor.display_name,
                                     Access(grants)))
    assert export_bills(exporter, start, end, "json", out) == 0
    assert export_bills(contexts["manager"], start, end, "csv", tmp_path / "m.csv") == 3
    with contexts["admin"].unit_of_work(write=False) as uow:
        details = list(uow.session.scalars(select(AuditEntry.detail).where(AuditEntry.action == "bill.export")
                                           .order_by(AuditEntry.seq)))
    assert len(details) == 2
    last = json.loads(details[-1])
    assert (last["documents"], last["lines"], last["format"], last["file"]) == (3, 8, "csv", "m.csv")
