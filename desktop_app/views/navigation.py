"""Where a figure leads: a ``Drill`` (from a dashboard card, a chart, a report row) opened in the main window.

- ``customer``: that customer's detail (``customer_id``; ``tab`` "account" opens the account tab);
- ``customers``: the customer list filtered (``owner_id``, ``tier``, ``status``); customers created in a
  period (``created_in``) are not a filter of that list, so they open the customer report for that period;
- ``bills``: the bill list filtered (``status``, ``overdue``, ``customer_id``, ``period``: a month whose
  bills' billing periods overlap it);
- ``payments``: there is no payment list: one customer's payments are on their account tab, everyone's in
  the payment collection report;
- a report name (``revenue_by_period``, ``aging``...): the reports section, the drill's params changing its
  filters.

``open_drill`` returns False when the user cannot see where it leads (no such section for their role).
"""

from __future__ import annotations

from typing import Any

from desktop_app.documents.report_snapshot import Drill

__all__ = ["open_drill"]

_LISTS = ("customer", "customers", "bills", "payments")


def _section(window: Any, key: str) -> Any:
    sections = getattr(window, "sections", None)
    return sections.get(key) if isinstance(sections, dict) else None


def _show(window: Any, key: str) -> Any:
    """Bring section ``key`` to the front; its page, or None when the user has no such section."""
    page = _section(window, key)
    if page is not None:
        window.show_section(key)
    return page


def _report(window: Any, name: str, params: dict[str, Any]) -> bool:
    page = _section(window, "reports")
    show = getattr(page, "show_report", None)
    if show is None:
        return False
    window.show_section("reports")
    show(name, dict(params))
    return True


def _customer(window: Any, customer_id: Any, tab: str = "") -> bool:
    page = _section(window, "customers")
    if page is None or customer_id is None:
        return False
    page.open_customer(int(customer_id), tab)  # a dialog over the screen the user is on
    return True


def open_drill(window: Any, drill: Drill) -> bool:
    """Open what ``drill`` points at in ``window`` (the MainWindow); False if this user has nowhere to go."""
    params = dict(drill.params)
    target = drill.target
    if target not in _LISTS:
        return _report(window, target, params)
    if target == "customer":
        return _customer(window, params.get("customer_id"), str(params.get("tab") or ""))
    if target == "payments":
        if params.get("customer_id") is not None:
            return _customer(window, params["customer_id"], "account")
        return _report(window, "collections", {key: value for key, value in params.items() if key != "customer_id"})
    if target == "customers":
        created_in = params.pop("created_in", None)
        if created_in is not None:
            changes: dict[str, Any] = {"period": created_in}
            changes.update({key: params[key] for key in ("owner_id", "tier") if key in params})
            if _report(window, "customers", changes):
                return True
        page = _show(window, "customers")
        if page is None:
            return False
        page.show_filtered(**{key: params.get(key) for key in ("owner_id", "tier", "status", "region", "pool")})
        return True
    page = _show(window, "bills")
    if page is None:
        return False
    page.show_filtered(**{key: params.get(key) for key in ("status", "overdue", "customer_id", "period")})
    return True
