"""Saved report settings (services/reports/saved.py) on SQLite, PostgreSQL and MariaDB: save, list, load (a
relative period counted from today in the company's time zone), replace, delete; each user's own; the system
actor reads anyone's by name; permission reports.view; names and report names checked."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

import pytest
from report_samples import at

from desktop_app.errors import DomainError, PermissionDenied, ValidationFailed
from desktop_app.services.access import Access
from desktop_app.services.audit import AuditFilter, list_entries
from desktop_app.services.context import Context
from desktop_app.services.reports import ReportFilter, parse_period
from desktop_app.services.reports.saved import (
    delete_report_settings,
    list_report_settings,
    load_report_settings,
    save_report_settings,
)
from desktop_app.services.saved_views import list_views, save_view

OCTOBER_EVENING = datetime(2026, 10, 31, 12, 0, tzinfo=UTC)  # 20:00 in Shanghai, still October
NOVEMBER_NIGHT = datetime(2026, 10, 31, 17, 0, tzinfo=UTC)  # 01:00 on 1 November in Shanghai


def _filter(org: dict[str, Any], text: str = "this-month") -> ReportFilter:
    return ReportFilter(parse_period(text, date(2026, 10, 31)), department_id=org["departments"]["north"],
                        owner_id=org["ids"]["north1"], tier="金卡", as_of=None)


def test_save_list_load_and_a_relative_period_moves_with_the_company_calendar(org: dict[str, Any]) -> None:
    manager = at(org["contexts"]["manager"], OCTOBER_EVENING)
    flt = _filter(org)
    assert not save_report_settings(manager, "revenue_by_period", " 华北月报 ", flt)  # nothing else on screen changed
    saved = list_report_settings(manager, "revenue_by_period")
    assert [(view.kind, view.name) for view in saved] == [("report:revenue_by_period", "华北月报")]
    assert saved[0].data == flt.to_dict() and saved[0].data["period"] == "this-month"
    loaded = load_report_settings(manager, "revenue_by_period", "华北月报")
    assert loaded == flt
    assert (loaded.period.start, loaded.period.end) == (date(2026, 10, 1), date(2026, 11, 1))
    later = load_report_settings(at(org["contexts"]["manager"], NOVEMBER_NIGHT), "revenue_by_period", "华北月报")
    assert (later.period.start, later.period.end) == (date(2026, 11, 1), date(2026, 12, 1))  # Shanghai's 1 Nov
    assert replace(later, period=flt.period) == flt
    assert list_report_settings(manager, "aging") == []  # per report
    entries = list_entries(org["contexts"]["admin"], AuditFilter(action="view.save"))
    assert [dict(entry.detail) for entry in entries] == [
        {"kind": "report:revenue_by_period", "name": "华北月报", "replaced": False}]


def test_a_fixed_period_and_as_of_are_kept_and_saving_again_replaces(org: dict[str, Any]) -> None:
    clerk = at(org["contexts"]["clerk"], OCTOBER_EVENING)
    flt = ReportFilter(parse_period("2026-Q3", date(2026, 10, 31)), customer_id=7, as_of=date(2026, 9, 30))
    save_report_settings(clerk, "aging", "季末账龄", flt)
    assert load_report_settings(clerk, "aging", "季末账龄") == flt
    wider = replace(flt, period=parse_period("2026-07-01..2026-12-31", date(2026, 10, 31)), customer_id=None)
    save_report_settings(clerk, "aging", "季末账龄", wider)
    assert [view.data for view in list_report_settings(clerk, "aging")] == [wider.to_dict()]
    assert load_report_settings(clerk, "aging", "季末账龄") == wider
    assert not delete_report_settings(clerk, "aging", "季末账龄")
    assert list_report_settings(clerk, "aging") == []
    with pytest.raises(DomainError) as gone:
        load_report_settings(clerk, "aging", "季末账龄")
    assert gone.value.code == "view.not_found"


def test_each_user_sees_only_their_own_and_the_system_reads_any_by_name(org: dict[str, Any]) -> None:
    contexts = org["contexts"]
    north1, south1 = at(contexts["north1"], OCTOBER_EVENING), at(contexts["south1"], OCTOBER_EVENING)
    save_report_settings(north1, "collections", "我的收款", _filter(org, "last-month"))
    assert list_report_settings(south1, "collections") == []
    with pytest.raises(DomainError) as hidden:
        load_report_settings(south1, "collections", "我的收款")
    assert hidden.value.code == "view.not_found"
    with pytest.raises(DomainError):
        delete_report_settings(south1, "collections", "我的收款")
    assert len(list_report_settings(north1, "collections")) == 1
    system = Context(contexts["admin"].database, clock=lambda: OCTOBER_EVENING)
    assert list_report_settings(system, "collections") == []  # the system has none of its own
    found = load_report_settings(system, "collections", "我的收款")
    assert (found.period.start, found.owner_id) == (date(2026, 9, 1), org["ids"]["north1"])
    save_report_settings(south1, "collections", "我的收款", _filter(org, "2026-08"))
    with pytest.raises(DomainError) as ambiguous:
        load_report_settings(system, "collections", "我的收款")
    assert ambiguous.value.code == "view.ambiguous" and ambiguous.value.params["logins"] == "north1, south1"
    assert load_report_settings(system, "collections", "我的收款", login="south1").period.text == "2026-08"
    with pytest.raises(DomainError) as refused:
        save_report_settings(system, "collections", "夜间", _filter(org))
    assert refused.value.code == "view.user_required"


def test_permission_report_names_and_setting_names_are_checked(org: dict[str, Any]) -> None:
    admin = org["contexts"]["admin"]
    nobody = Context(admin.database, replace(admin.actor, access=Access()))  # no reports.view
    for call in (lambda: list_report_settings(nobody, "aging"),
                 lambda: save_report_settings(nobody, "aging", "x", _filter(org)),
                 lambda: load_report_settings(nobody, "aging", "x")):
        with pytest.raises(PermissionDenied) as refused:
            call()
        assert refused.value.params == {"action": "reports.view"}
    with pytest.raises(ValidationFailed) as unknown:
        save_report_settings(admin, "no_such_report", "x", _filter(org))
    assert unknown.value.code == "report.unknown"
    for name, code in (("   ", "view.name_required"), ("长" * 61, "view.name_too_long")):
        with pytest.raises(ValidationFailed) as bad:
            save_report_settings(admin, "aging", name, _filter(org))
        assert bad.value.code == code
    for kind in ("report:", "report:" + "x" * 24):  # a report kind names a report and fits the column (30)
        with pytest.raises(DomainError) as invalid:
            save_view(admin, kind, "x", {})
        assert invalid.value.code == "view.kind_invalid"
    assert list_views(admin, "customer_filter") == []  # the other kinds keep their permissions
