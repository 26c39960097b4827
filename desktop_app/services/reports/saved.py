"""Saved report settings (常用筛选): a user's named period and filters for one report, kept per user in
``saved_views`` (kind ``report:<report name>``, data ``ReportFilter.to_dict()``), so they follow the user to
any desktop. Using them needs ``reports.view``; each user sees and changes only their own, and the admin CLI
(the system actor) may read anyone's by name (``report run --settings NAME``).

A relative period stays relative: settings saved with "this-month" open as the month it is when they are
loaded (today by the context's clock in the company's time zone).
"""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import select

from desktop_app.models import Company
from desktop_app.services.changes import Changes
from desktop_app.services.context import Context
from desktop_app.services.reports import report_info
from desktop_app.services.reports.model import ReportFilter
from desktop_app.services.saved_views import (
    REPORT_KIND,
    SavedViewInfo,
    delete_view,
    find_view,
    list_views,
    save_view,
)

__all__ = ["company_today", "delete_report_settings", "list_report_settings", "load_report_settings",
           "save_report_settings",
           "settings_kind"]


def settings_kind(report: str) -> str:
    """The saved-view kind of a report's settings (``report.unknown`` for a name not in the registry)."""
    return REPORT_KIND + report_info(report).name


def company_today(context: Context) -> date:
    """Today in the company's calendar, by the context's clock."""
    with context.unit_of_work(write=False) as uow:
        zone = uow.session.scalar(select(Company.timezone).order_by(Company.id).limit(1)) or "Asia/Shanghai"
    return context.clock().astimezone(ZoneInfo(zone)).date()


def list_report_settings(context: Context, report: str) -> list[SavedViewInfo]:
    """The actor's own saved settings of ``report``, by name (none for the system actor)."""
    return list_views(context, settings_kind(report))


def save_report_settings(context: Context, report: str, name: str, flt: ReportFilter) -> Changes:
    """Save ``flt`` under ``name`` for ``report``; settings of the same name are replaced (audited)."""
    _info, changes = save_view(context, settings_kind(report), name, flt.to_dict())
    return changes


def load_report_settings(context: Context, report: str, name: str, login: str | None = None) -> ReportFilter:
    """The filter saved under ``name`` (the actor's own; for the system actor anyone's, ``login`` saying whose
    when several users saved one of that name). ``view.not_found`` / ``view.ambiguous`` otherwise."""
    view = find_view(context, settings_kind(report), name, login)
    return ReportFilter.from_dict(view.data, company_today(context))


def delete_report_settings(context: Context, report: str, name: str) -> Changes:
    """Delete the actor's own settings saved under ``name`` (audited)."""
    view = find_view(context, settings_kind(report), name)
    return delete_view(context, view.id)
