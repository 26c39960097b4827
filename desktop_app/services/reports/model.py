"""What a report is asked for: a period and filters (pure values, saved per user as JSON)."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace
from datetime import date, timedelta
from typing import Any

from desktop_app.documents.report_snapshot import Label
from desktop_app.errors import ValidationFailed

__all__ = ["Period", "ReportFilter", "add_months", "month_start", "next_month", "parse_period"]

_EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December")


def month_start(day: date) -> date:
    return day.replace(day=1)


def next_month(day: date) -> date:
    """The first day of the month after ``day``'s month."""
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def add_months(day: date, months: int) -> date:
    """The first day of the month ``months`` away from ``day``'s month (negative: back)."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    """Days ``[start, end)`` in the company's calendar (end exclusive), and what it was asked as."""

    start: date
    end: date
    text: str = ""  # "2026-10", "2026-Q3", "2026", "2026-10-01..2026-12-31", "this-month"...

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise ValidationFailed("report.period_empty", "period")

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)

    def months(self) -> list[date]:
        """The first day of every month the period touches, in order."""
        found, day = [], month_start(self.start)
        while day < self.end:
            found.append(day)
            day = next_month(day)
        return found

    def previous(self) -> Period:
        """The period of the same length just before (a month before a month, a quarter before a quarter)."""
        if self.start.day == 1 and self.end.day == 1:
            months = (self.end.year - self.start.year) * 12 + self.end.month - self.start.month
            return Period(add_months(self.start, -months), self.start)
        return Period(self.start - (self.end - self.start), self.start)

    def label(self) -> Label:
        start, last = self.start, self.last_day
        if start.day == 1 and self.end == next_month(start):
            return Label(f"{start.year}年{start.month}月", f"{_EN_MONTHS[start.month - 1]} {start.year}")
        if start.day == 1 and start.month % 3 == 1 and self.end == add_months(start, 3):
            quarter = start.month // 3 + 1
            return Label(f"{start.year}年第{quarter}季度", f"Q{quarter} {start.year}")
        if start.day == 1 and start.month == 1 and self.end == date(start.year + 1, 1, 1):
            return Label(f"{start.year}年", str(start.year))
        return Label(f"{start.isoformat()} 至 {last.isoformat()}", f"{start.isoformat()} – {last.isoformat()}")


_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER = re.compile(r"^(\d{4})-[Qq]([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")
RELATIVE = ("this-month", "last-month", "this-quarter", "last-quarter", "this-year", "last-year",
            "year-to-date", "last-12-months")


def parse_period(text: str, today: date) -> Period:
    """``2026-10`` (a month), ``2026-Q3``, ``2026``, ``2026-10-01..2026-12-31`` (both days included), or
    one of RELATIVE counted from ``today`` (the company's calendar day). Raises ValidationFailed
    ("report.period_invalid") for anything else."""
    value = (text or "").strip()
    try:
        if match := _MONTH.match(value):
            start = date(int(match[1]), int(match[2]), 1)
            return Period(start, next_month(start), value)
        if match := _QUARTER.match(value):
            start = date(int(match[1]), 3 * int(match[2]) - 2, 1)
            return Period(start, add_months(start, 3), value)
        if match := _YEAR.match(value):
            return Period(date(int(match[1]), 1, 1), date(int(match[1]) + 1, 1, 1), value)
        if match := _RANGE.match(value):
            first, last = date.fromisoformat(match[1]), date.fromisoformat(match[2])
            return Period(first, last + timedelta(days=1), value)
    except ValueError as error:
        raise ValidationFailed("report.period_invalid", "period", text=value) from error
    this_month = month_start(today)
    quarter = date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
    relative = {
        "this-month": (this_month, next_month(this_month)),
        "last-month": (add_months(this_month, -1), this_month),
        "this-quarter": (quarter, add_months(quarter, 3)),
        "last-quarter": (add_months(quarter, -3), quarter),
        "this-year": (date(today.year, 1, 1), date(today.year + 1, 1, 1)),
        "last-year": (date(today.year - 1, 1, 1), date(today.year, 1, 1)),
        "year-to-date": (date(today.year, 1, 1), today + timedelta(days=1)),
        "last-12-months": (add_months(this_month, -11), next_month(this_month)),
    }
    if value in relative:
        start, end = relative[value]
        return Period(start, end, value)
    raise ValidationFailed("report.period_invalid", "period", text=value)


@dataclass(frozen=True)
class ReportFilter:
    """The period and the filters every report accepts (a report ignores those that do not apply to it).

    ``department_id`` keeps customers of that department or any below it (the customer's department, or
    its owner's); ``owner_id`` the customers of one salesperson; ``tier`` one membership tier;
    ``plan_id`` bills of subscriptions on that plan; ``product`` bill lines of that product code;
    ``customer_id`` one customer. ``as_of``: the reference day of point-in-time reports (aging); None
    means today."""

    period: Period
    department_id: int | None = None
    owner_id: int | None = None
    tier: str = ""
    plan_id: int | None = None
    product: str = ""
    customer_id: int | None = None
    as_of: date | None = None

    def with_changes(self, **changes: Any) -> ReportFilter:
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, for saved report settings: the period as its text when it has one (a relative
        period stays relative: "this-month" is this month whenever it is opened)."""
        data = asdict(self)
        period = self.period
        data["period"] = period.text or f"{period.start.isoformat()}..{period.last_day.isoformat()}"
        data["as_of"] = self.as_of.isoformat() if self.as_of else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any], today: date) -> ReportFilter:
        as_of = data.get("as_of")
        return cls(
            period=parse_period(str(data.get("period") or "this-month"), today),
            department_id=data.get("department_id"),
            owner_id=data.get("owner_id"),
            tier=str(data.get("tier") or ""),
            plan_id=data.get("plan_id"),
            product=str(data.get("product") or ""),
            customer_id=data.get("customer_id"),
            as_of=date.fromisoformat(as_of) if as_of else None,
        )
