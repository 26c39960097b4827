"""Customer value (客户价值评估, RFM) on SQLite, PostgreSQL and MariaDB: recency, frequency, monetary and revenue to
date to the fen at the edges of every threshold (clock fixed at 2026-10-31 12:00 Shanghai), grades and the
suggested tiers, the admin settings and their checks, scope, and the audited bulk apply of suggested tiers."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from desktop_app.documents.report_snapshot import Drill, ReportSnapshot
from desktop_app.errors import ConcurrentEdit, DomainError, PermissionDenied, ValidationFailed
from desktop_app.services.access import Access
from desktop_app.services.audit import AuditFilter, list_entries
from desktop_app.services.changes import NOTHING, Changes
from desktop_app.services.context import Context
from desktop_app.services.customers import CustomerInput, create_customer, get_customer
from desktop_app.services.reports import ReportFilter, localised, parse_period, run_report
from desktop_app.services.reports import customer_value as cv
from desktop_app.services.reports.customer_value import apply_suggested_tiers, window_start
from desktop_app.services.reports.customer_value_settings import save_value_settings, value_settings
from desktop_app.services.settings import DEFAULTS, set_setting
from tests.services.report_samples import Line, at, bill, noon, payment

D = Decimal
TODAY = date(2026, 10, 31)
MONTHLY = [date(2025, 11, 1), *(date(2026 if m <= 10 else 2025, m, 1) for m in (12, *range(1, 11)))]
# name: (owner login or None, current tier)
CUSTOMERS = {"P": ("north1", "standard"), "V": ("north1", "gold"), "Q": ("north1", "gold"),
             "R": ("north2", "silver"), "S": ("south1", "standard"), "T": ("north1", "standard"),
             "W": (None, "standard")}
# (customer, issue date, kind, status, gross)
BILLS: list[tuple[str, date, str, str, str]] = [
    *(("P", day, "bill", "issued", "1000.00") for day in MONTHLY),  # 12 bills, the first on the window's first day
    ("P", date(2025, 10, 31), "bill", "paid", "500.00"),  # the day before the window: revenue to date only
    ("P", date(2026, 5, 1), "credit_note", "issued", "100.00"),
    *(("V", day, "bill", "issued", "1000.00") for day in MONTHLY),
    ("V", date(2025, 10, 31), "bill", "issued", "500.00"), ("V", date(2026, 5, 1), "credit_note", "issued", "100.00"),
    ("Q", date(2026, 3, 1), "bill", "issued", "500.00"), ("Q", date(2026, 6, 1), "bill", "partially_paid", "500.00"),
    ("Q", date(2026, 7, 1), "bill", "draft", "9000.00"), ("Q", date(2026, 7, 2), "bill", "void", "9000.00"),
    ("Q", date(2026, 11, 5), "bill", "issued", "9000.00"),  # after today
    ("R", date(2026, 8, 1), "bill", "issued", "999.99"), ("R", date(2024, 1, 1), "bill", "issued", "5000.00"),
    ("W", date(2026, 10, 1), "bill", "issued", "300.00"),
]
# (customer, amount, received on, kind)
PAYMENTS = [("P", "500.00", date(2026, 9, 30), "payment"), ("P", "20.00", date(2026, 10, 20), "refund"),
            ("V", "500.00", date(2026, 9, 29), "payment"), ("Q", "300.00", date(2026, 9, 29), "payment"),
            ("Q", "100.00", date(2026, 11, 2), "payment"), ("S", "50.00", date(2026, 10, 31), "payment"),
            ("W", "300.00", date(2026, 10, 2), "payment")]
# name: (recency days, frequency, monetary, revenue to date, R, F, M, grade, suggested tier) — worked out by hand
EXPECTED = {
    "P": (31, 12, D("11900.00"), D("12400.00"), 5, 5, 3, "A", "platinum"),  # 31 days: R 5; total 13: A
    "V": (32, 12, D("11900.00"), D("12400.00"), 4, 5, 3, "B", "gold"),  # 32 days: R 4; total 12: B
    "Q": (32, 2, D("1000.00"), D("1000.00"), 4, 2, 2, "C", "silver"),  # 2 bills: F 2; exactly 1,000.00: M 2
    "S": (0, 0, D("0.00"), D("0.00"), 5, 1, 1, "C", "silver"),  # paid today, never billed; total 7: C
    "R": (91, 1, D("999.99"), D("5999.99"), 4, 1, 1, "D", "standard"),  # never paid: from the last bill
    "W": (29, 1, D("300.00"), D("300.00"), 5, 1, 1, "C", "silver"),
}


@pytest.fixture
def valued(org: dict[str, Any]) -> dict[str, Any]:
    c, ids = org["contexts"], org["ids"]
    customers: dict[str, int] = {}
    for name, (owner, tier) in CUSTOMERS.items():
        detail, _ = create_customer(at(c["admin"], noon(date(2024, 1, 1))),
                                    CustomerInput(name=f"{name}价值客户有限公司", tier=tier),
                                    owner_id=ids[owner] if owner else None)
        customers[name] = detail.id
    clerk = at(c["clerk"], noon(TODAY))
    for name, issued, kind, status, gross in BILLS:
        bill(clerk, customers[name], issued, [Line(gross)], kind=kind, status=status)
    for name, amount, received, kind in PAYMENTS:
        payment(clerk, customers[name], amount, received, kind=kind)
    codes = {name: get_customer(c["admin"], customer_id).code for name, customer_id in customers.items()}
    return {**org, "customers": customers, "codes": codes}


def report(context: Context, **filters: Any) -> ReportSnapshot:
    return localised(run_report(at(context, noon(TODAY)), "customer_value",
                                ReportFilter(parse_period("this-month", TODAY), **filters)), "zh_CN")


def row_of(valued: dict[str, Any], name: str) -> tuple[Any, ...]:
    recency, frequency, monetary, revenue, r, f, m, grade, suggested = EXPECTED[name]
    owner = {"north1": "华北销售一", "north2": "华北销售二", "south1": "华南销售", None: ""}[CUSTOMERS[name][0]]
    return (valued["codes"][name], f"{name}价值客户有限公司", owner, recency, frequency, monetary, revenue, r, f, m,
            r + f + m, grade, CUSTOMERS[name][1], suggested)


def billed_sum(names: set[str], since: date | None = None) -> Decimal:
    """Billed revenue of ``names`` issued up to today (from ``since``), from the sample table."""
    return sum((D(gross) if kind == "bill" else -D(gross) for name, issued, kind, status, gross in BILLS
                if name in names and status not in ("draft", "void") and issued <= TODAY
                and (since is None or issued >= since)), D("0.00"))


def test_window_of_twelve_months() -> None:
    assert window_start(TODAY) == date(2025, 11, 1)
    assert window_start(date(2028, 2, 29)) == date(2027, 3, 1)  # back to 28 February, the day after
    assert window_start(date(2026, 1, 1)) == date(2025, 1, 2)


def test_scores_grades_and_figures_at_the_edges(valued: dict[str, Any]) -> None:
    snapshot = report(valued["contexts"]["admin"])
    order = ("P", "V", "Q", "W", "S", "R")  # by score; W before S on the same score: more revenue
    assert [tuple(row) for row in snapshot.rows] == [row_of(valued, name) for name in order]
    graded = set(EXPECTED)
    for name in graded:  # the hand-made figures agree with sums over the sample table
        assert EXPECTED[name][2] == billed_sum({name}, window_start(TODAY))
        assert EXPECTED[name][3] == billed_sum({name})
    assert snapshot.totals == ("合计", None, None, None, 28, billed_sum(graded, window_start(TODAY)),
                               billed_sum(graded), None, None, None, None, None, None, None)
    assert snapshot.totals[6] == D("32099.99")  # type: ignore[index]
    assert snapshot.chart is not None and snapshot.chart.kind == "pie"
    assert (snapshot.chart.categories, snapshot.chart.series[0].values) == (("A", "B", "C", "D"), (1, 1, 3, 1))
    assert snapshot.drills[0] == Drill("customer", {"customer_id": valued["customers"]["P"]})
    assert any("1 个客户没有账单或收款" in note.zh for note in snapshot.notes)  # T


def test_settings_change_the_grades(valued: dict[str, Any]) -> None:
    admin = valued["contexts"]["admin"]
    data = dict(DEFAULTS["reports.customer_value"], grades={"A": 14, "B": 12, "C": 8},
                recency_days=[30, 92, 183, 365], tiers={"A": "platinum", "B": "platinum", "C": "gold", "D": "silver"})
    assert save_value_settings(admin, data) == Changes(settings=True)
    rows = {row[1][0]: row for row in report(admin).rows}
    assert (rows["P"][7], rows["P"][11], rows["P"][13]) == (4, "B", "platinum")  # 31 days is no longer within 30
    assert (rows["V"][11], rows["Q"][11], rows["S"][11], rows["S"][13]) == ("B", "C", "D", "silver")


def test_value_report_scope(valued: dict[str, Any]) -> None:
    c = valued["contexts"]
    assert [row[1][0] for row in report(c["north1"]).rows] == ["P", "V", "Q"]
    assert [row[1][0] for row in report(c["manager"]).rows] == ["P", "V", "Q", "S", "R"]  # not the pool's W
    assert report(c["auditor"]).rows == report(c["admin"]).rows
    assert [row[1][0] for row in report(c["admin"], owner_id=valued["ids"]["north2"]).rows] == ["R"]
    assert [row[1][0] for row in report(c["admin"], tier="gold").rows] == ["V", "Q"]
    nobody = Context(c["admin"].database, dataclasses.replace(c["admin"].actor, access=Access()))
    with pytest.raises(PermissionDenied):
        report(nobody)


# --- settings -----------------------------------------------------------------------------------------------


def test_settings_defaults_save_and_audit(org: dict[str, Any]) -> None:
    admin = org["contexts"]["admin"]
    settings = value_settings(admin)
    assert (settings.recency_days, settings.frequency, settings.grades) == ((31, 92, 183, 365), (2, 4, 6, 12),
                                                                           (13, 10, 7))
    assert settings.monetary == (D("1000.00"), D("10000.00"), D("50000.00"), D("200000.00"))
    data = dict(DEFAULTS["reports.customer_value"], monetary=[500, D("10000.5"), "50,000", "¥200000"])
    assert save_value_settings(admin, data) == Changes(settings=True)
    assert value_settings(admin).monetary == (D("500.00"), D("10000.50"), D("50000.00"), D("200000.00"))
    assert save_value_settings(admin, data) is NOTHING
    entries = list_entries(admin, AuditFilter(action="settings.update"))
    assert len(entries) == 1 and entries[0].entity_id == "reports.customer_value"
    assert entries[0].detail["changed"]["reports.customer_value"][1]["monetary"] == ["500.00", "10000.50",
                                                                                     "50000.00", "200000.00"]
    with pytest.raises(PermissionDenied):
        save_value_settings(org["contexts"]["manager"], data)


@pytest.mark.parametrize("change, code, field", [
    ({"recency_days": [31, 92, 183]}, "customer_value.thresholds_count", "recency_days"),
    ({"recency_days": [31, 31, 183, 365]}, "customer_value.thresholds_not_increasing", "recency_days"),
    ({"recency_days": [31, 92, 183, -1]}, "customer_value.threshold_invalid", "recency_days"),
    ({"frequency": [0, 4, 6, 12]}, "customer_value.threshold_invalid", "frequency"),
    ({"frequency": [2, 4, True, 12]}, "customer_value.threshold_invalid", "frequency"),
    ({"frequency": [2, 4, "six", 12]}, "customer_value.threshold_invalid", "frequency"),
    ({"monetary": ["1000", "1.005", "50000", "200000"]}, "customer_value.threshold_invalid", "monetary"),
    ({"monetary": [1000.0, 10000, 50000, 200000]}, "customer_value.threshold_invalid", "monetary"),  # no float
    ({"monetary": ["5000", "1000", "50000", "200000"]}, "customer_value.thresholds_not_increasing", "monetary"),
    ({"grades": {"A": 10, "B": 10, "C": 7}}, "customer_value.grades_not_decreasing", "grades"),
    ({"grades": {"A": 16, "B": 10, "C": 7}}, "customer_value.grade_invalid", "grades"),
    ({"grades": {"A": 13, "B": 10}}, "customer_value.grade_invalid", "grades"),
    ({"tiers": {"A": "diamond", "B": "gold", "C": "silver", "D": "standard"}}, "customer_value.tier_unknown",
     "tiers"),
    ({"tiers": {"A": "platinum", "B": "gold", "C": "silver"}}, "customer_value.tier_unknown", "tiers"),
])
def test_settings_are_checked_field_by_field(org: dict[str, Any], change: dict[str, Any], code: str,
                                             field: str) -> None:
    admin = org["contexts"]["admin"]
    with pytest.raises(ValidationFailed) as caught:
        save_value_settings(admin, dict(DEFAULTS["reports.customer_value"], **change))
    assert (caught.value.code, caught.value.params["field"]) == (code, field)
    assert value_settings(admin).grades == (13, 10, 7)  # nothing stored
    assert list_entries(admin, AuditFilter(action="settings.update")) == []


def test_a_stored_value_that_is_not_valid_falls_back_to_the_defaults(org: dict[str, Any]) -> None:
    admin = org["contexts"]["admin"]
    set_setting(admin, "reports.customer_value", {"grades": "nonsense"})
    assert value_settings(admin).grades == (13, 10, 7)


# --- bulk apply ---------------------------------------------------------------------------------------------


def tiers(valued: dict[str, Any]) -> dict[str, tuple[str, int]]:
    admin = valued["contexts"]["admin"]
    found = {}
    for name, customer_id in valued["customers"].items():
        detail = get_customer(admin, customer_id)
        found[name] = (detail.data.tier, detail.data.version)
    return found


def applied(valued: dict[str, Any]) -> list[tuple[str, Any]]:
    entries = list_entries(valued["contexts"]["admin"], AuditFilter(action="customer"))
    names = {str(customer_id): name for name, customer_id in valued["customers"].items()}
    return [(row.action, names.get(row.entity_id, row.detail)) for row in reversed(entries)
            if row.action in ("customer.update", "customer_value.apply")]


def test_a_manager_applies_the_suggested_tiers_audited(valued: dict[str, Any]) -> None:
    manager, customers = at(valued["contexts"]["manager"], noon(TODAY)), valued["customers"]
    before = tiers(valued)
    chosen = [customers[name] for name in ("P", "V", "Q", "R", "S", "T")]
    assert apply_suggested_tiers(manager, chosen) == (4, Changes(customers=True))
    after = tiers(valued)
    assert {name: tier for name, (tier, _) in after.items()} == {
        "P": "platinum", "V": "gold", "Q": "silver", "R": "standard", "S": "silver", "T": "standard", "W": "standard"}
    assert {name for name in after if after[name][1] != before[name][1]} == {"P", "Q", "R", "S"}  # version raised
    assert all(after[name][1] == before[name][1] + 1 for name in ("P", "Q", "R", "S"))
    entries = list_entries(valued["contexts"]["admin"], AuditFilter(action="customer"))
    updates = {row.entity_id: row.detail for row in entries if row.action == "customer.update"}
    assert updates == {str(customers["P"]): {"changed": {"tier": ["standard", "platinum"]}},
                       str(customers["Q"]): {"changed": {"tier": ["gold", "silver"]}},
                       str(customers["R"]): {"changed": {"tier": ["silver", "standard"]}},
                       str(customers["S"]): {"changed": {"tier": ["standard", "silver"]}}}
    summary = [row for row in entries if row.action == "customer_value.apply"]
    assert len(summary) == 1 and summary[0].user_login == "manager"
    assert summary[0].detail == {"count": 4, "requested": 6, "graded": 5}
    assert apply_suggested_tiers(manager, chosen) == (0, NOTHING)  # nothing left to change
    assert report(valued["contexts"]["admin"]).rows[0][12:] == ("platinum", "platinum")


def test_apply_refuses_customers_outside_the_scope_and_writes_nothing(valued: dict[str, Any]) -> None:
    c, customers = valued["contexts"], valued["customers"]
    before = tiers(valued)
    # R is north2's; W is in the pool, outside the manager's report scope (though visible as a pool customer)
    for actor, names in (("north1", ("P", "R")), ("manager", ("P", "W"))):
        with pytest.raises(DomainError) as caught:
            apply_suggested_tiers(at(c[actor], noon(TODAY)), [customers[name] for name in names])
        assert (caught.value.code, caught.value.params["count"]) == ("customer_value.not_in_scope", 1)
    with pytest.raises(DomainError) as caught:
        apply_suggested_tiers(at(c["admin"], noon(TODAY)), [customers["P"], 999_999])
    assert caught.value.code == "customer_value.not_in_scope"
    with pytest.raises(PermissionDenied):  # the auditor may not edit customers
        apply_suggested_tiers(at(c["auditor"], noon(TODAY)), [customers["P"]])
    assert tiers(valued) == before and applied(valued) == []
    assert apply_suggested_tiers(at(c["north1"], noon(TODAY)), [customers["P"]]) == (1, Changes(customers=True))
    assert apply_suggested_tiers(c["admin"], []) == (0, NOTHING)


def test_apply_refuses_a_tier_that_no_longer_exists(valued: dict[str, Any]) -> None:
    admin = at(valued["contexts"]["admin"], noon(TODAY))
    set_setting(admin, "customer.tiers", ["standard", "silver", "gold"])  # platinum withdrawn
    before = tiers(valued)
    with pytest.raises(ValidationFailed) as caught:
        apply_suggested_tiers(admin, list(valued["customers"].values()))
    assert caught.value.code == "customer_value.tier_unknown"
    assert (caught.value.params["field"], caught.value.params["grade"], caught.value.params["tier"]) == (
        "tiers", "A", "platinum")
    assert tiers(valued) == before and applied(valued) == []
    assert apply_suggested_tiers(admin, [valued["customers"]["Q"]]) == (1, Changes(customers=True))  # not A


def test_apply_in_chunks_and_a_tier_changed_meanwhile(valued: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    admin, customers = at(valued["contexts"]["admin"], noon(TODAY)), valued["customers"]
    before = tiers(valued)
    real = cv._measure

    def stale(rq: Any, settings: Any) -> tuple[list[Any], int]:  # as if Q's tier were read before a change
        rows, seen = real(rq, settings)
        return [(*row[:4], "platinum", *row[5:]) if row[0] == customers["Q"] else row for row in rows], seen

    monkeypatch.setattr(cv, "_measure", stale)
    with pytest.raises(ConcurrentEdit):
        apply_suggested_tiers(admin, list(customers.values()))
    assert tiers(valued) == before and applied(valued) == []  # nothing half-written
    monkeypatch.setattr(cv, "_measure", real)
    monkeypatch.setattr(cv, "_CHUNK", 2)
    assert apply_suggested_tiers(admin, list(customers.values())) == (5, Changes(customers=True))
    assert {name: tier for name, (tier, _) in tiers(valued).items()} == {
        "P": "platinum", "V": "gold", "Q": "silver", "R": "standard", "S": "silver", "T": "standard", "W": "silver"}
    assert [action for action, _ in applied(valued)] == ["customer.update"] * 5 + ["customer_value.apply"]
    assert tiers(valued)["P"][1] == before["P"][1] + 1
