"""A batch's usage as the bill run reads it: summed by the database per (subscription, period start, meter).

The drafter (``bill_drafts``) prices a meter's stored quantities with ``billing.usage.aggregate_micro`` when
every usage charge on the meter aggregates the same way — sum or max — with the same per-record rounding and
none is a percentage (its fast path); otherwise it needs the records themselves. For a fast meter the
database does that aggregation: each record rounded to its step in whole millionths (up, down, or half up,
with integer division: quantities are never negative), then summed or the maximum taken. The group's total
T is a multiple of the step, so rounding it again changes nothing and ``aggregate_micro([T])`` is exactly
``aggregate_micro(records)``; merged with another group's total (late usage with what was billed before) it
sums or maximises the same way. So the drafter gets ``[T]`` as the group's quantities — one number per group
instead of every record sent to Python and over to a worker process — and prices it identically
(``tests/services/test_bill_run_usage.py`` compares both ways). Every other group gets its records in id
order, as before. Meters no charge uses keep their group (a period with usage is billed) with a plain sum.

Each group also brings its record count and highest record id: what the batch marks billed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import Any

from desktop_app.billing.plan import Aggregation, Direction, PlanVersion, PricingModel, UsageCharge
from desktop_app.billing.usage import MICRO
from desktop_app.services.bill_run_io import Raw, marks

__all__ = ["Groups", "Rule", "meter_rules", "read_usage"]

Rule = tuple[Aggregation, int | None, Direction | None]
"""How the database sums a meter: sum or max, of the quantities rounded to a step in millionths (or as
stored), up, down or to the nearest."""

_PLAIN: Rule = (Aggregation.SUM, None, None)
_FIXED = 7  # the columns before the sums


@dataclass
class Groups:
    """Per subscription, per (period start, meter): the quantities to draft with (the total, or the records)."""

    quantities: dict[int, dict[tuple[date, str], list[int]]] = field(default_factory=dict)
    marks: dict[tuple[int, date], tuple[int, int, int]] = field(default_factory=dict)
    """(subscription, period start) -> (lowest record id, highest record id, records)."""


_rules_of: dict[int, tuple[PlanVersion, dict[str, Rule | None]]] = {}


def meter_rules(plan: PlanVersion) -> dict[str, Rule | None]:
    """Per meter the plan's usage charges price: the database's rule, or None where the drafter needs the
    records (the conditions of ``bill_drafts._usage_input``'s fast path, and a step in whole millionths)."""
    known = _rules_of.get(id(plan))
    if known is not None and known[0] is plan:
        return known[1]
    users: dict[str, list[UsageCharge]] = {}
    for charge in plan.charges:
        if isinstance(charge, UsageCharge):
            users.setdefault(charge.meter, []).append(charge)
    rules: dict[str, Rule | None] = {}
    for meter, charges in users.items():
        first = charges[0]
        rule: Rule | None = None
        if (len({(c.aggregation, c.record_rounding) for c in charges}) == 1
                and first.aggregation in (Aggregation.SUM, Aggregation.MAX)
                and all(c.model is not PricingModel.PERCENTAGE for c in charges)):
            rounding = first.record_rounding
            if rounding is None:
                rule = (first.aggregation, None, None)
            else:
                step = Fraction(rounding.increment) * MICRO
                if step.denominator == 1 and step > 0:
                    rule = (first.aggregation, step.numerator, rounding.direction)
        rules[meter] = rule
    if len(_rules_of) > 256:  # plans of earlier runs
        _rules_of.clear()
    _rules_of[id(plan)] = (plan, rules)
    return rules


def _rounded(step: int | None, direction: Direction | None, div: str) -> str:
    if step is None:
        return "quantity_micro"
    if direction is Direction.UP:
        return f"((quantity_micro + {step - 1}) {div} {step} * {step})"
    if direction is Direction.DOWN:
        return f"(quantity_micro {div} {step} * {step})"
    return f"((2 * quantity_micro + {step}) {div} {2 * step} * {step})"


def read_usage(raw: Raw, plan_of: Mapping[int, PlanVersion], where: str, params: Sequence[Any], *,
               restrict: bool = True) -> Groups:
    """The usage records matching ``where`` (of the subscriptions of ``plan_of`` when ``restrict``), as groups."""
    groups = Groups()
    if not plan_of:
        return groups
    rules = {sid: meter_rules(plan) for sid, plan in plan_of.items()}
    steps = sorted({(rule[1], rule[2]) for per in rules.values() for rule in per.values() if rule is not None}
                   | {(None, None)}, key=repr)
    div = "/" if raw.sqlite or raw.postgresql else "DIV"
    columns = "".join(f", SUM({_rounded(step, direction, div)}), MAX({_rounded(step, direction, div)})"
                      for step, direction in steps)
    scope, arguments = _scoped(sorted(plan_of), where, params, restrict)
    query = ("SELECT subscription_id, period_start, meter, COUNT(*), MIN(id), MAX(id), MIN(quantity_micro){} "
             f"FROM usage_records WHERE {scope} GROUP BY subscription_id, period_start, meter "
             "ORDER BY subscription_id, period_start, meter")
    try:
        rows = raw.rows(query.format(columns), arguments)
    except raw.overflow as error:  # SQLite sums in 64-bit integers: beyond them, every group from its records
        if "overflow" not in str(error):
            raise
        rows = raw.rows(query.format(""), arguments)
    column = {key: _FIXED + 2 * n for n, key in enumerate(steps)}
    by_records: set[tuple[int, date, str]] = set()
    day = raw.day
    for row in rows:
        sid, stored_start, meter, count, low, top, lowest = row[:_FIXED]
        start = day(stored_start)
        assert start is not None
        key = (sid, start)
        first, last, records = groups.marks.get(key, (low, top, 0))
        groups.marks[key] = (min(first, low), max(last, top), records + count)
        rule = rules[sid].get(meter, _PLAIN) if len(row) > _FIXED else None
        quantities = groups.quantities.setdefault(sid, {})
        if rule is None or lowest < 0:  # the records themselves (a negative quantity: as the drafter sees it)
            by_records.add((sid, start, meter))
            quantities[(start, meter)] = []  # filled in id order below; the groups keep their order
            continue
        at = column[(rule[1], rule[2])] + (0 if rule[0] is Aggregation.SUM else 1)
        quantities[(start, meter)] = [int(row[at])]
    if by_records:  # the records of those groups, in id order (the drafter makes ``UsageRecord`` values of them)
        scope, arguments = _scoped(sorted({sid for sid, _, _ in by_records}), where, params, restrict)
        for sid, stored_start, meter, quantity in raw.rows(
                f"SELECT subscription_id, period_start, meter, quantity_micro FROM usage_records WHERE {scope} "
                "ORDER BY id", arguments):
            start = day(stored_start)
            if (sid, start, meter) in by_records:
                groups.quantities[sid][(start, meter)].append(quantity)  # type: ignore[index]
    return groups


def _scoped(subscriptions: list[int], where: str, params: Sequence[Any], restrict: bool
            ) -> tuple[str, list[Any]]:
    if not restrict:  # ``where`` names the subscriptions itself
        return where, list(params)
    return f"subscription_id IN ({marks(len(subscriptions))}) AND {where}", [*subscriptions, *params]
