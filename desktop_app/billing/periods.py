"""Billing periods and proration.

Convention (design/money-rules.md, "Periods and proration"; docs/pricing.md explains it with examples):

- A period is a half-open range of calendar days ``[start, end)`` in the company's time zone
  (``Asia/Shanghai`` by default): ``Period(2025-01-01, 2025-02-01)`` is January. An instant (a usage
  record's timestamp) belongs to the day it falls on in that time zone (:func:`local_day`).
- A cycle is N × interval (day, month, quarter, half-year, year). Periods are counted from an anchor:
  the subscription's start (anniversary) or 1 January (calendar-aligned; :func:`anchor_for`).
- Month-end anchoring: boundary k is always computed from the anchor, never from the previous
  boundary, so an anchor on 31 January gives 28/29 February, 31 March, 30 April, 31 May...
- Proration by actual days (the default): ``days used / days of the full period``. The divisor is the
  length of the whole billing period (28–31 for a month, 365 or 366 for a year: leap years count), not
  a fixed 30. The day of a change belongs to the new plan: the old one covers ``[start, change)``, the
  new one ``[change, end)``.
- The named alternative is 30/360 (30E/360 with the end-of-month rule): every month counts 30 days,
  the 31st and the last day of February count as day 30; a month is 30, a quarter 90, a year 360.
  Day-based cycles always prorate by actual days.
"""

from __future__ import annotations

import calendar
import enum
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from fractions import Fraction
from zoneinfo import ZoneInfo

__all__ = [
    "COMPANY_TIME_ZONE",
    "Alignment",
    "Cycle",
    "Interval",
    "Period",
    "Proration",
    "ProrationConvention",
    "add_months",
    "anchor_for",
    "days_360",
    "local_day",
    "prorate",
    "split_at",
    "trial_end",
]

COMPANY_TIME_ZONE = "Asia/Shanghai"
"""The default company time zone; periods are calendar days there."""


class Interval(enum.StrEnum):
    """The unit of a billing cycle (包天 / 包月 / 按季 / 包半年 / 包年)."""

    DAY = "day"
    MONTH = "month"
    QUARTER = "quarter"
    HALF_YEAR = "half_year"
    YEAR = "year"

    @property
    def months(self) -> int:
        """Months per interval; 0 for DAY."""
        return _MONTHS[self]


_MONTHS = {Interval.DAY: 0, Interval.MONTH: 1, Interval.QUARTER: 3, Interval.HALF_YEAR: 6, Interval.YEAR: 12}


class Alignment(enum.StrEnum):
    """Where periods start: on the subscription's own day, or on calendar boundaries (1 Jan, 1 Apr...)."""

    ANNIVERSARY = "anniversary"
    CALENDAR = "calendar"


class ProrationConvention(enum.StrEnum):
    """How a partial period is measured; a named, tested setting."""

    ACTUAL_DAYS = "actual_days"
    """Actual days used / actual days of the full period (leap years included). The default."""
    THIRTY_360 = "30_360"
    """30E/360: every month 30 days, the 31st and the last day of February count as day 30."""


def _require_date(value: object, what: str) -> date:
    """``value`` if it is a date and not a datetime (a datetime has a time zone question to answer first)."""
    if isinstance(value, datetime) or not isinstance(value, date):
        raise TypeError(f"{what} must be a datetime.date, not {type(value).__name__}: {value!r}")
    return value


@dataclass(frozen=True)
class Period:
    """Calendar days ``[start, end)`` in the company time zone; ``end`` is the first day after the period."""

    start: date
    end: date

    def __post_init__(self) -> None:
        _require_date(self.start, "start")
        _require_date(self.end, "end")
        if self.end <= self.start:
            raise ValueError(f"a period ends after it starts: [{self.start}, {self.end})")

    @property
    def days(self) -> int:
        """Number of days in the period (January → 31)."""
        return (self.end - self.start).days

    @property
    def last_day(self) -> date:
        """The last day inside the period (``end`` minus one day), as printed on a bill."""
        return self.end - timedelta(days=1)

    def contains(self, day: date) -> bool:
        """Whether ``day`` lies in ``[start, end)``."""
        return self.start <= _require_date(day, "day") < self.end

    def contains_instant(self, instant: datetime, time_zone: str = COMPANY_TIME_ZONE) -> bool:
        """Whether an aware ``instant`` falls on a day of the period in ``time_zone``."""
        return self.contains(local_day(instant, time_zone))

    def start_instant(self, time_zone: str = COMPANY_TIME_ZONE) -> datetime:
        """Midnight at the start of the period in ``time_zone`` (an aware datetime)."""
        return datetime(self.start.year, self.start.month, self.start.day, tzinfo=ZoneInfo(time_zone))

    def end_instant(self, time_zone: str = COMPANY_TIME_ZONE) -> datetime:
        """Midnight at the end of the period in ``time_zone`` (excluded from the period)."""
        return datetime(self.end.year, self.end.month, self.end.day, tzinfo=ZoneInfo(time_zone))

    def to_dict(self) -> dict[str, str]:
        """``{"start": "2025-01-01", "end": "2025-02-01"}``."""
        return {"start": self.start.isoformat(), "end": self.end.isoformat()}


def local_day(instant: datetime, time_zone: str = COMPANY_TIME_ZONE) -> date:
    """The calendar day an aware ``instant`` falls on in ``time_zone``; ValueError for a naive datetime.

    ``2025-01-31 16:30 UTC`` is 1 February in Asia/Shanghai.
    """
    if not isinstance(instant, datetime):
        raise TypeError(f"instant must be a datetime, not {type(instant).__name__}")
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError(f"instant must carry a time zone (an aware datetime): {instant!r}")
    return instant.astimezone(ZoneInfo(time_zone)).date()


def add_months(anchor: date, months: int) -> date:
    """``anchor`` moved by ``months`` calendar months, clamped to the month's last day.

    Always computed from the anchor, so a series keeps its month-end: 2024-01-31 + 1 → 2024-02-29,
    + 2 → 2024-03-31, + 3 → 2024-04-30.
    """
    _require_date(anchor, "anchor")
    index = anchor.year * 12 + (anchor.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(anchor.day, calendar.monthrange(year, month)[1]))


def anchor_for(start: date, alignment: Alignment) -> date:
    """The anchor of a subscription starting on ``start``: the start itself, or 1 January of its year.

    A calendar anchor of 1 January aligns months, quarters (1 Jan/Apr/Jul/Oct), half-years and years.
    """
    _require_date(start, "start")
    return start if Alignment(alignment) is Alignment.ANNIVERSARY else date(start.year, 1, 1)


@dataclass(frozen=True)
class Cycle:
    """A billing frequency: ``count`` × ``interval`` (``Cycle(Interval.MONTH, 3)`` is every three months)."""

    interval: Interval
    count: int = 1

    def __post_init__(self) -> None:
        if not isinstance(self.interval, Interval):
            raise TypeError(f"interval must be an Interval, not {type(self.interval).__name__}")
        if isinstance(self.count, bool) or not isinstance(self.count, int):
            raise TypeError(f"count must be an int, not {type(self.count).__name__}")
        if self.count < 1:
            raise ValueError(f"count must be at least 1, got {self.count}")

    def boundary(self, anchor: date, n: int) -> date:
        """The start of period ``n`` counted from ``anchor`` (n = 0 is the anchor; negative n goes back)."""
        if self.interval is Interval.DAY:
            return _require_date(anchor, "anchor") + timedelta(days=n * self.count)
        return add_months(anchor, n * self.count * self.interval.months)

    def period(self, anchor: date, n: int) -> Period:
        """Period ``n`` counted from ``anchor``."""
        return Period(self.boundary(anchor, n), self.boundary(anchor, n + 1))

    def index_of(self, anchor: date, day: date) -> int:
        """The number n of the period from ``anchor`` that contains ``day`` (negative before the anchor)."""
        _require_date(day, "day")
        if self.interval is Interval.DAY:
            return (day - _require_date(anchor, "anchor")).days // self.count
        step = self.count * self.interval.months
        n = ((day.year - anchor.year) * 12 + day.month - anchor.month) // step
        while self.boundary(anchor, n) > day:
            n -= 1
        while self.boundary(anchor, n + 1) <= day:
            n += 1
        return n

    def period_containing(self, anchor: date, day: date) -> Period:
        """The period of the series anchored at ``anchor`` that contains ``day``."""
        return self.period(anchor, self.index_of(anchor, day))


def days_360(start: date, end: date) -> int:
    """Days from ``start`` to ``end`` under 30E/360 with the end-of-month rule.

    Each date's day becomes 30 when it is the 31st or the last day of February, then
    ``360 × years + 30 × months + days``. It is additive: days_360(a, b) + days_360(b, c) == days_360(a, c).
    """

    def serial(day: date) -> int:
        _require_date(day, "day")
        last = calendar.monthrange(day.year, day.month)[1]
        return day.year * 360 + (day.month - 1) * 30 + (30 if day.day == last else min(day.day, 30))

    return serial(end) - serial(start)


@dataclass(frozen=True)
class Proration:
    """The part of a full period that is billed: ``days`` of ``period_days`` under ``convention``."""

    days: int
    period_days: int
    convention: ProrationConvention

    @property
    def fraction(self) -> Fraction:
        """``days / period_days`` exactly."""
        return Fraction(self.days, self.period_days)

    @property
    def is_full(self) -> bool:
        """Whether the whole period is billed (no proration)."""
        return self.days == self.period_days

    def to_dict(self) -> dict[str, object]:
        return {"days": self.days, "period_days": self.period_days, "convention": str(self.convention)}


def prorate(
    period: Period,
    service_from: date | None = None,
    service_to: date | None = None,
    convention: ProrationConvention = ProrationConvention.ACTUAL_DAYS,
) -> Proration:
    """The share of the full ``period`` served from ``service_from`` (included) to ``service_to`` (excluded).

    Either bound defaults to the period's own. The divisor is always the full period's length: a plan
    started on 2024-02-15 in the calendar month February 2024 is billed 15/29 (actual days, leap year);
    under 30/360 it is 16/30. ValueError when the bounds fall outside the period or are in the wrong
    order; an empty service range bills 0 days.
    """
    start = period.start if service_from is None else _require_date(service_from, "service_from")
    end = period.end if service_to is None else _require_date(service_to, "service_to")
    if not period.start <= start <= end <= period.end:
        raise ValueError(f"service [{start}, {end}) must lie inside the period [{period.start}, {period.end})")
    convention = ProrationConvention(convention)
    if convention is ProrationConvention.THIRTY_360:
        return Proration(days_360(start, end), days_360(period.start, period.end), convention)
    return Proration((end - start).days, period.days, convention)


def split_at(period: Period, change_day: date) -> tuple[Period, Period]:
    """Split ``period`` on a plan change: the old plan keeps ``[start, change)``, the new one gets ``[change, end)``.

    The change day belongs to the new plan. ValueError unless start < change_day < end.
    """
    if not period.start < _require_date(change_day, "change_day") < period.end:
        raise ValueError(f"{change_day} does not split [{period.start}, {period.end})")
    return Period(period.start, change_day), Period(change_day, period.end)


def trial_end(start: date, trial_days: int) -> date:
    """The first day after a trial of ``trial_days`` days starting on ``start`` (the first billed day)."""
    if isinstance(trial_days, bool) or not isinstance(trial_days, int) or trial_days < 0:
        raise ValueError(f"trial_days must be a non-negative int, got {trial_days!r}")
    return _require_date(start, "start") + timedelta(days=trial_days)
