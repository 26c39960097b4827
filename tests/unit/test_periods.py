"""Unit tests for desktop_app.billing.periods: half-open periods, anchors, month ends, proration."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.billing.periods import (
    Alignment,
    Cycle,
    Interval,
    Period,
    ProrationConvention,
    add_months,
    anchor_for,
    days_360,
    local_day,
    prorate,
    split_at,
    trial_end,
)

THIRTY_360 = ProrationConvention.THIRTY_360

# --- periods ------------------------------------------------------------------------------------


def test_period_is_half_open() -> None:
    january = Period(date(2025, 1, 1), date(2025, 2, 1))
    assert january.days == 31
    assert january.contains(date(2025, 1, 1))
    assert january.contains(date(2025, 1, 31))
    assert not january.contains(date(2025, 2, 1))
    assert january.last_day == date(2025, 1, 31)


def test_period_refuses_empty_or_reversed_and_datetimes() -> None:
    with pytest.raises(ValueError):
        Period(date(2025, 1, 1), date(2025, 1, 1))
    with pytest.raises(TypeError):
        Period(datetime(2025, 1, 1), date(2025, 2, 1))  # type: ignore[arg-type]


def test_instants_belong_to_the_shanghai_day() -> None:
    # 16:30 UTC on 31 January is 00:30 on 1 February in Beijing time.
    instant = datetime(2025, 1, 31, 16, 30, tzinfo=UTC)
    assert local_day(instant) == date(2025, 2, 1)
    assert local_day(instant, "UTC") == date(2025, 1, 31)
    january = Period(date(2025, 1, 1), date(2025, 2, 1))
    assert not january.contains_instant(instant)
    assert january.contains_instant(datetime(2025, 1, 31, 15, 59, 59, tzinfo=UTC))
    assert january.start_instant().utcoffset() == timedelta(hours=8)
    with pytest.raises(ValueError):
        local_day(datetime(2025, 1, 31, 12, 0))


# --- month-end anchoring ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("anchor", "months", "expected"),
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year
        (date(2024, 1, 31), 2, date(2024, 3, 31)),  # back to the 31st: computed from the anchor
        (date(2024, 1, 31), 3, date(2024, 4, 30)),
        (date(2024, 1, 30), 1, date(2024, 2, 29)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 2, 29), 48, date(2028, 2, 29)),
        (date(2025, 3, 31), -1, date(2025, 2, 28)),
        (date(2025, 12, 15), 1, date(2026, 1, 15)),
    ],
)
def test_add_months_keeps_the_anchor_day(anchor: date, months: int, expected: date) -> None:
    assert add_months(anchor, months) == expected


def test_monthly_cycle_from_31_january() -> None:
    monthly = Cycle(Interval.MONTH)
    anchor = date(2024, 1, 31)
    starts = [monthly.boundary(anchor, n) for n in range(6)]
    assert starts == [date(2024, 1, 31), date(2024, 2, 29), date(2024, 3, 31), date(2024, 4, 30),
                      date(2024, 5, 31), date(2024, 6, 30)]
    assert monthly.period(anchor, 1) == Period(date(2024, 2, 29), date(2024, 3, 31))


@pytest.mark.parametrize(
    ("cycle", "anchor", "day", "expected"),
    [
        (Cycle(Interval.MONTH), date(2025, 1, 31), date(2025, 3, 5), Period(date(2025, 2, 28), date(2025, 3, 31))),
        (Cycle(Interval.QUARTER), date(2025, 1, 1), date(2025, 5, 20), Period(date(2025, 4, 1), date(2025, 7, 1))),
        (Cycle(Interval.HALF_YEAR), date(2025, 1, 1), date(2025, 7, 1), Period(date(2025, 7, 1), date(2026, 1, 1))),
        (Cycle(Interval.YEAR), date(2024, 2, 29), date(2025, 3, 1), Period(date(2025, 2, 28), date(2026, 2, 28))),
        (Cycle(Interval.MONTH, 2), date(2025, 1, 15), date(2025, 3, 14), Period(date(2025, 1, 15), date(2025, 3, 15))),
        (Cycle(Interval.DAY, 7), date(2025, 1, 1), date(2025, 1, 15), Period(date(2025, 1, 15), date(2025, 1, 22))),
        (Cycle(Interval.MONTH), date(2025, 6, 10), date(2025, 1, 1), Period(date(2024, 12, 10), date(2025, 1, 10))),
    ],
)
def test_period_containing(cycle: Cycle, anchor: date, day: date, expected: Period) -> None:
    assert cycle.period_containing(anchor, day) == expected


@given(
    anchor=st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 31)),
    offset=st.integers(min_value=-2000, max_value=4000),
    interval=st.sampled_from(list(Interval)),
    count=st.integers(min_value=1, max_value=3),
)
def test_period_containing_always_contains_the_day(anchor: date, offset: int, interval: Interval, count: int) -> None:
    day = anchor + timedelta(days=offset)
    period = Cycle(interval, count).period_containing(anchor, day)
    assert period.contains(day)


def test_calendar_alignment_anchors_on_1_january() -> None:
    assert anchor_for(date(2025, 5, 20), Alignment.CALENDAR) == date(2025, 1, 1)
    assert anchor_for(date(2025, 5, 20), Alignment.ANNIVERSARY) == date(2025, 5, 20)
    quarter = Cycle(Interval.QUARTER).period_containing(anchor_for(date(2025, 5, 20), Alignment.CALENDAR),
                                                        date(2025, 5, 20))
    assert quarter == Period(date(2025, 4, 1), date(2025, 7, 1))


def test_cycle_refuses_a_zero_count() -> None:
    with pytest.raises(ValueError):
        Cycle(Interval.MONTH, 0)


# --- proration ----------------------------------------------------------------------------------


def test_actual_days_divisor_is_the_full_period_leap_february() -> None:
    february = Period(date(2024, 2, 1), date(2024, 3, 1))
    started = prorate(february, date(2024, 2, 15))
    assert (started.days, started.period_days) == (15, 29)
    assert started.fraction == Fraction(15, 29)
    assert not started.is_full
    assert prorate(february).is_full


def test_actual_days_year_includes_leap_day() -> None:
    year_2024 = Period(date(2024, 1, 1), date(2025, 1, 1))
    assert prorate(year_2024, date(2024, 7, 1)).fraction == Fraction(184, 366)
    year_2025 = Period(date(2025, 1, 1), date(2026, 1, 1))
    assert prorate(year_2025, date(2025, 7, 1)).fraction == Fraction(184, 365)


def test_change_day_belongs_to_the_new_plan() -> None:
    january = Period(date(2025, 1, 1), date(2025, 2, 1))
    old, new = split_at(january, date(2025, 1, 11))
    assert old == Period(date(2025, 1, 1), date(2025, 1, 11))
    assert new == Period(date(2025, 1, 11), date(2025, 2, 1))
    old_share = prorate(january, service_to=date(2025, 1, 11))
    new_share = prorate(january, service_from=date(2025, 1, 11))
    assert (old_share.days, new_share.days) == (10, 21)
    assert old_share.fraction + new_share.fraction == 1
    with pytest.raises(ValueError):
        split_at(january, date(2025, 1, 1))


def test_month_end_anchored_period_prorates_over_its_own_length() -> None:
    # Anchor 31 January: the "February" period is 29 Feb – 30 Mar 2024 (31 days).
    period = Cycle(Interval.MONTH).period(date(2024, 1, 31), 1)
    assert period == Period(date(2024, 2, 29), date(2024, 3, 31))
    assert prorate(period, date(2024, 3, 15)).fraction == Fraction(16, 31)


@pytest.mark.parametrize(
    ("period", "start", "end", "days", "of"),
    [
        (Period(date(2024, 2, 1), date(2024, 3, 1)), date(2024, 2, 15), None, 16, 30),
        (Period(date(2025, 1, 31), date(2025, 2, 28)), None, None, 30, 30),
        (Period(date(2025, 2, 28), date(2025, 3, 31)), None, None, 30, 30),
        (Period(date(2025, 1, 1), date(2025, 4, 1)), date(2025, 2, 1), None, 60, 90),
        (Period(date(2024, 1, 1), date(2025, 1, 1)), date(2024, 7, 1), None, 180, 360),
        (Period(date(2025, 1, 1), date(2025, 2, 1)), None, date(2025, 1, 16), 15, 30),
    ],
)
def test_thirty_360(period: Period, start: date | None, end: date | None, days: int, of: int) -> None:
    share = prorate(period, start, end, THIRTY_360)
    assert (share.days, share.period_days) == (days, of)
    assert share.convention is THIRTY_360


@given(
    a=st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 1, 1)),
    b=st.integers(0, 900),
    c=st.integers(0, 900),
)
def test_days_360_is_additive(a: date, b: int, c: int) -> None:
    middle, end = a + timedelta(days=b), a + timedelta(days=b + c)
    assert days_360(a, middle) + days_360(middle, end) == days_360(a, end)


def test_prorate_refuses_bounds_outside_the_period() -> None:
    january = Period(date(2025, 1, 1), date(2025, 2, 1))
    with pytest.raises(ValueError):
        prorate(january, date(2024, 12, 31))
    with pytest.raises(ValueError):
        prorate(january, date(2025, 1, 20), date(2025, 1, 10))


def test_trial_end() -> None:
    assert trial_end(date(2025, 1, 1), 14) == date(2025, 1, 15)
    with pytest.raises(ValueError):
        trial_end(date(2025, 1, 1), -1)
