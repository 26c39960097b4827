"""Usage report (用量报表): per meter and per customer, the usage of the periods that start in the report's
period, what the plan's allowance covered and what was billed beyond it.

How each figure is found (the bill run's own rules, ``billing.usage`` / ``services.bill_drafts``):

- **Usage periods.** A usage record carries the start of its subscription's billing period
  (``usage_records.period_start``); the report takes the periods starting in ``[start, end)``.
- **Recorded (用量)**, in the charge's billing unit (the product's unit: 分钟, 条, GB): per subscription, usage
  period and usage charge of the subscription's plan version, the records aggregated as the bill run does —
  each record rounded first by the charge's ``record_rounding`` (a 61 s call → 120 s), then summed (``sum``),
  the largest (``max``), counted (``unique_count``: the bill run counts every record) or the last stored
  (``last``) — divided by ``unit_size`` (60 s per 分钟). Percentage charges keep the amount in the meter's unit.
- **Included (套餐内)** = min(recorded, the charge's ``included`` allowance) per subscription and period, and
  **overage (超量)** = recorded − included: exactly ``RatedUsage.included`` / ``billable`` of
  ``billing.usage.rate_usage`` over the period's records, whether the period was billed in one bill or in
  parts (late usage continues after the allowance already used: ``prior``). Percentage charges have no
  allowance (all of it is overage). Computed in integers (millionths of the meter's unit), then shown with
  up to 6 decimals (``billing.exact.display_decimal``: exact unless the unit size makes it recurring).
- **Overage amount (超量金额)**: the net (金额, without VAT) of the usage lines (``usage``, ``usage_flat_fee``)
  billed for those periods — their lines' ``period_start`` is the usage period's — with the discount lines
  that reduce them, in bills that count (neither draft nor void), minus credit-note lines on them. A period
  not billed yet (the current one) has usage but no amount yet.

The charge of a record is found on the subscription's current plan version (what the next bill run uses). A
meter the plan does not price shows its recorded quantity in the meter's own unit with nothing included or
billed. Grouped in the database per (usage period, meter, subscription); the allowance is applied here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import aliased

from desktop_app.billing.exact import display_ratio
from desktop_app.billing.plan import Aggregation, Direction, PricingModel, UsageCharge
from desktop_app.billing.plan_json import from_dict
from desktop_app.documents.report_snapshot import Card, Chart, Column, Drill, Label, ReportSnapshot, Series, Value
from desktop_app.models import Bill, BillLine, Customer, PlanVersionRow, Subscription, UsageRecordRow
from desktop_app.services.context import Context
from desktop_app.services.reports.dashboard_queries import CREDIT_NOTE, NOT_COUNTED, raw
from desktop_app.services.reports.model import ReportFilter
from desktop_app.services.reports.query import TOTAL, ReportQuery, open_report, yuan

__all__ = ["MICRO", "Rule", "build", "meter_units", "rules_by_version"]

MICRO = 1_000_000  # stored quantities are millionths of the meter's unit
USAGE_LINE_KINDS = ("usage", "usage_flat_fee")
TITLE = Label("用量报表", "Usage report")


Key = tuple[str, str, str, int, int]  # meter, item (product name), unit, unit size as numerator / denominator


@dataclass(frozen=True)
class Rule:
    """A usage charge as the report applies it: how records become billing units and the allowance."""

    code: str
    meter: str
    name: str  # the product's name (语音通话)
    unit: str  # the billing unit: the product's unit (分钟, 条, GB)
    unit_size: Fraction  # meter units per billing unit
    aggregation: Aggregation
    rounding: tuple[int, Direction] | None  # the record increment in millionths, and its direction
    allowance: Fraction | int  # the included allowance in millionths of the meter's unit (int when whole)
    percentage: bool
    key: Key  # the report row's meter, item, unit and unit size


def _rule(charge: UsageCharge) -> Rule:
    percentage = charge.model is PricingModel.PERCENTAGE
    size = Fraction(1) if percentage else Fraction(charge.unit_size)
    rounding = None
    if charge.record_rounding is not None:
        step = Fraction(charge.record_rounding.increment) * MICRO
        if step.denominator == 1 and step > 0:  # finer than a millionth cannot be stored: no effect
            rounding = (step.numerator, charge.record_rounding.direction)
    allowance = Fraction(0) if percentage else Fraction(charge.included) * size * MICRO
    return Rule(charge.code, charge.meter, charge.product.name, charge.product.unit, size, charge.aggregation,
                rounding, allowance.numerator if allowance.denominator == 1 else allowance, percentage,
                (charge.meter, charge.product.name, charge.product.unit, size.numerator, size.denominator))


def rules_by_version(rq: ReportQuery) -> dict[int, dict[str, list[Rule]]]:
    """Plan version id → meter → its usage charges (stored definitions that no longer read are skipped)."""
    found: dict[int, dict[str, list[Rule]]] = {}
    for version_id, definition in rq.session.execute(select(PlanVersionRow.id, PlanVersionRow.definition)):
        try:
            plan = from_dict(definition, validate=False)
        except Exception:  # a definition an older version wrote and this one cannot read: it prices nothing
            continue
        meters: dict[str, list[Rule]] = {}
        for charge in plan.charges:
            if isinstance(charge, UsageCharge):
                meters.setdefault(charge.meter, []).append(_rule(charge))
        found[version_id] = meters
    return found


def meter_units(rules: dict[int, dict[str, list[Rule]]]) -> dict[str, tuple[str, Fraction]]:
    """Meter → (name and unit to show, meter units per unit shown): the billing unit where every plan pricing
    the meter agrees on it, else the meter's own unit."""
    seen: dict[str, set[tuple[str, str, Fraction]]] = defaultdict(set)
    for meters in rules.values():
        for meter, charges in meters.items():
            seen[meter].update((rule.name, rule.unit, rule.unit_size) for rule in charges if not rule.percentage)
    shown: dict[str, tuple[str, Fraction]] = {}
    for meter, options in seen.items():
        if len({(unit, size) for _, unit, size in options}) == 1:
            name, unit, size = next(iter(options))
            shown[meter] = (f"{name} ({unit})", size)
    return shown


def _rounded_sql(quantity: Any, rounding: tuple[int, Direction]) -> Any:
    """``quantity`` (a column) rounded to a multiple of the increment ``s``, in integers: floor(x / s) × s is
    x − x mod s for x ≥ 0, so nothing is divided (MariaDB would divide in decimals)."""
    step, direction = rounding
    if direction is Direction.UP:
        shifted = quantity + (step - 1)
        return shifted - shifted % step
    below = quantity - quantity % step
    if direction is Direction.DOWN:
        return below
    return case((2 * (quantity % step) >= step, below + step), else_=below)  # nearest: a half step up


def rounded(quantity: int, rounding: tuple[int, Direction] | None) -> int:
    """``_rounded_sql`` for one stored quantity (``billing.usage.round_record`` in millionths)."""
    if rounding is None:
        return quantity
    step, direction = rounding
    below = quantity - quantity % step
    if direction is Direction.UP:
        return below if below == quantity else below + step
    if direction is Direction.DOWN:
        return below
    return below + step if 2 * (quantity % step) >= step else below


@dataclass
class _Tally:
    records: int = 0
    recorded: Fraction | int = 0  # millionths of the meter's unit
    included: Fraction | int = 0
    overage: Fraction | int = 0
    fen: int = 0

    def merge(self, other: _Tally) -> None:
        self.records += other.records
        self.recorded += other.recorded
        self.included += other.included
        self.overage += other.overage
        self.fen += other.fen


class _Usage:
    """The tallies per (meter key, customer), and the scoped subscriptions (id → customer, plan version)."""

    def __init__(self, rq: ReportQuery, rules: dict[int, dict[str, list[Rule]]]) -> None:
        self.rq, self.rules = rq, rules
        self.rows: dict[tuple[Key, int], _Tally] = defaultdict(_Tally)
        query = select(Subscription.id, Subscription.customer_id, Subscription.plan_version_id)
        if rq.filter.plan_id is not None:
            query = query.where(Subscription.plan_version_id.in_(
                select(PlanVersionRow.id).where(PlanVersionRow.plan_id == rq.filter.plan_id)))
        self.subscriptions_query = rq.scoped(query, Subscription.customer_id)
        self.subscriptions: dict[int, tuple[int, int]] = {
            sid: (customer_id, version_id) for sid, customer_id, version_id in rq.session.connection().execute(
                self.subscriptions_query)}

    @property
    def narrowed(self) -> bool:
        """Whether the subscriptions are a subset (a scope or a plan filter)."""
        return self.rq.customers is not None or self.rq.filter.plan_id is not None

    def tally(self, key: Key, customer_id: int) -> _Tally:
        return self.rows[(key, customer_id)]


def _records(rq: ReportQuery, usage: _Usage) -> None:
    """Recorded, included and overage per (meter key, customer) from the records of the period's usage periods,
    grouped in the database per (usage period, meter, subscription) with the rounding variants the plans use."""
    period, r, rules = rq.filter.period, UsageRecordRow, usage.rules
    variants = sorted({rule.rounding for meters in rules.values() for charges in meters.values()
                       for rule in charges if rule.rounding is not None}, key=lambda v: (v[0], str(v[1])))
    columns: list[Any] = [r.subscription_id, r.meter, func.count(), func.sum(r.quantity_micro),
                          func.max(r.quantity_micro), func.max(r.id)]
    for variant in variants:
        columns += [func.sum(_rounded_sql(r.quantity_micro, variant)),
                    func.max(_rounded_sql(r.quantity_micro, variant))]
    query = (select(*columns).where(r.period_start >= period.start, r.period_start < period.end)
             .group_by(r.period_start, r.meter, r.subscription_id))
    if usage.narrowed:
        query = query.where(r.subscription_id.in_(usage.subscriptions_query.with_only_columns(Subscription.id)))
    groups = rq.session.connection().execute(query).all()
    # per (plan version, meter): each charge with the column its aggregation reads (3 sum, 4 max, then variants)
    plans: dict[tuple[int, str], list[tuple[Rule, int]]] = {}

    def charges(version_id: int, meter: str) -> list[tuple[Rule, int]]:
        found = plans.get((version_id, meter))
        if found is None:
            found = plans[(version_id, meter)] = [
                (rule, (6 + 2 * variants.index(rule.rounding) if rule.rounding else 3)
                 + (rule.aggregation is Aggregation.MAX)) for rule in rules.get(version_id, {}).get(meter, ())]
        return found

    subscriptions = usage.subscriptions
    lasts = _last_quantities(rq, [int(g[5]) for g in groups if g[0] in subscriptions and any(
        rule.aggregation is Aggregation.LAST for rule, _ in charges(subscriptions[g[0]][1], g[1]))])
    for group in groups:
        owner = subscriptions.get(group[0])
        if owner is None:
            continue
        customer_id, count = owner[0], int(group[2])
        priced = charges(owner[1], group[1])
        if not priced:  # a meter the plan does not price: in its own unit, nothing included or billed
            tally = usage.tally((group[1], group[1], "", 1, 1), customer_id)
            tally.records += count
            tally.recorded += int(group[3] or 0)
            continue
        for rule, column in priced:
            if rule.aggregation is Aggregation.UNIQUE_COUNT:
                quantity = count * MICRO
            elif rule.aggregation is Aggregation.LAST:
                quantity = rounded(lasts.get(int(group[5]), 0), rule.rounding)
            else:
                quantity = int(group[column] or 0)
            included = quantity if quantity < rule.allowance else rule.allowance
            tally = usage.tally(rule.key, customer_id)
            tally.records += count
            tally.recorded += quantity
            tally.included += included
            tally.overage += quantity - included


def _last_quantities(rq: ReportQuery, ids: Sequence[int]) -> dict[int, int]:
    found: dict[int, int] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        found.update((int(i), int(q)) for i, q in rq.session.execute(
            select(UsageRecordRow.id, UsageRecordRow.quantity_micro).where(UsageRecordRow.id.in_(chunk))))
    return found


def _amounts(rq: ReportQuery, usage: _Usage) -> None:
    """The billed overage: net of the usage lines of the periods (and their discount lines), credit notes back."""
    period, line, parent, rules = rq.filter.period, BillLine, aliased(BillLine), usage.rules
    by_code = {rule.code: rule for meters in rules.values() for charges in meters.values() for rule in charges}
    common = (Bill.status.notin_(NOT_COUNTED), line.period_start >= period.start, line.period_start < period.end)
    columns = (Bill.customer_id, line.subscription_id, line.charge, Bill.kind, func.sum(raw(line.net)))
    direct = (select(*columns).select_from(line).join(Bill, Bill.id == line.bill_id)
              .where(line.kind.in_(USAGE_LINE_KINDS), *common))
    discounts = (select(*columns).select_from(line).join(Bill, Bill.id == line.bill_id)
                 .join(parent, and_(parent.bill_id == line.bill_id, parent.position == line.discounted_line))
                 .where(line.kind == "discount", parent.kind.in_(USAGE_LINE_KINDS), *common))
    keys: dict[tuple[int, str], Key] = {}
    for version_id, meters in rules.items():
        for charges in meters.values():
            for rule in charges:
                keys.setdefault((version_id, rule.code), rule.key)
    for query in (direct, discounts):
        if usage.narrowed:  # usage lines always name their subscription: this lets a server start from the lines
            query = query.where(line.subscription_id.in_(usage.subscriptions_query.with_only_columns(Subscription.id)))
        query = rq.scoped(query.group_by(Bill.customer_id, line.subscription_id, line.charge, Bill.kind),
                          Bill.customer_id)
        for customer_id, sid, charge, kind, fen in rq.session.connection().execute(query):
            version_id = usage.subscriptions.get(sid, (customer_id, 0))[1] if sid is not None else 0
            key = keys.get((version_id, charge))
            if key is None:  # a charge its plan no longer has: by the code, else under the code itself
                known = by_code.get(charge)
                key = known.key if known is not None else (charge, charge, "", 1, 1)
            usage.tally(key, customer_id).fen += -int(fen or 0) if kind == CREDIT_NOTE else int(fen or 0)


def _customers(rq: ReportQuery, ids: Iterable[int]) -> dict[int, tuple[str, str]]:
    """Code and name of the customers ``ids`` (all of the scope at once when there are many)."""
    wanted = set(ids)
    query = select(Customer.id, Customer.code, Customer.name)
    if len(wanted) > 2000:
        return {row[0]: (row[1], row[2]) for row in rq.session.connection().execute(rq.scoped(query, Customer.id))
                if row[0] in wanted}
    found: dict[int, tuple[str, str]] = {}
    ordered = sorted(wanted)
    for start in range(0, len(ordered), 500):
        found.update((row.id, (row.code, row.name)) for row in rq.session.execute(
            query.where(Customer.id.in_(ordered[start:start + 500]))))
    return found


class _Shown:
    """Millionths of the meter's unit in a key's billing unit, shown with up to 6 decimals (remembered: a
    report shows the same few thousand quantities many times)."""

    def __init__(self) -> None:
        self.known: dict[tuple[Fraction | int, int, int], Decimal] = {}

    def __call__(self, micro: Fraction | int, key: Key) -> Decimal:
        found = self.known.get((micro, key[3], key[4]))
        if found is None:
            if isinstance(micro, int):
                found = display_ratio(micro * key[4], key[3] * MICRO)
            else:
                found = display_ratio(micro.numerator * key[4], micro.denominator * key[3] * MICRO)
            self.known[(micro, key[3], key[4])] = found
        return found


def build(context: Context, flt: ReportFilter) -> ReportSnapshot:
    """用量报表 for ``flt``: a row per (meter, billing unit, customer), a card and a bar per meter."""
    with open_report(context, flt) as rq:
        shown = rq.amounts_visible()
        usage = _Usage(rq, rules_by_version(rq))
        _records(rq, usage)
        _amounts(rq, usage)
        names = _customers(rq, (customer_id for _, customer_id in usage.rows))
        order = sorted(usage.rows, key=lambda k: (k[0], names.get(k[1], ("", ""))[0], k[1]))
        quantity = _Shown()
        rows: list[tuple[Value, ...]] = []
        meters: dict[Key, _Tally] = defaultdict(_Tally)
        for key, customer_id in order:
            tally = usage.rows[(key, customer_id)]
            meters[key].merge(tally)
            code, customer = names.get(customer_id, ("", str(customer_id)))
            rows.append((key[0], key[1], key[2], code, customer, tally.records, quantity(tally.recorded, key),
                         quantity(tally.included, key), quantity(tally.overage, key),
                         yuan(tally.fen) if shown else None))
        columns = (Column("meter", "text", Label("计量项", "Meter")), Column("item", "text", Label("项目", "Item")),
                   Column("unit", "text", Label("单位", "Unit")),
                   Column("customer_code", "text", Label("客户编号", "Customer code")),
                   Column("customer", "text", Label("客户", "Customer")),
                   Column("records", "count", Label("记录数", "Records")),
                   Column("recorded", "quantity", Label("用量", "Usage")),
                   Column("included", "quantity", Label("套餐内", "Included")),
                   Column("overage", "quantity", Label("超量", "Overage")),
                   Column("overage_amount", "money", Label("超量金额", "Overage amount")))
        every = _Tally()
        for tally in meters.values():
            every.records, every.fen = every.records + tally.records, every.fen + tally.fen
        single = next(iter(meters)) if len(meters) == 1 else None  # quantities add up within one unit only
        totals: list[Value] = [TOTAL, "", "", "", "", every.records,
                               *((quantity(meters[single].recorded, single), quantity(meters[single].included, single),
                                  quantity(meters[single].overage, single)) if single else (None, None, None)),
                               yuan(every.fen) if shown else None]
        labels = {key: f"{key[1]} ({key[2]})" if key[2] else key[0] for key in meters}
        cards = [Card(f"meter:{key[0]}:{key[2]}", Label(labels[key], labels[key]), quantity(t.recorded, key),
                      "quantity", detail=_detail(quantity(t.included, key), quantity(t.overage, key), t.fen, shown))
                 for key, t in meters.items()]
        chart = Chart("bar", Label("各计量项用量", "Usage per meter"), tuple(labels[key] for key in meters), (
            Series(Label("套餐内", "Included"), tuple(quantity(t.included, key) for key, t in meters.items())),
            Series(Label("超量", "Overage"), tuple(quantity(t.overage, key) for key, t in meters.items())),
        ), value_kind="quantity", key="usage")
        return rq.finish("usage", TITLE, columns, rows, totals, chart=chart, cards=cards,
                         drills=[Drill("customer", {"customer_id": customer_id}) for _, customer_id in order],
                         notes=[NOTE])


NOTE = Label("用量按计费单位统计（按套餐的逐条取整规则与单位换算）；套餐内 = min(用量, 套餐含量)，"
             "超量 = 用量 − 套餐内；超量金额为已出账的用量明细行金额（不含税，扣除折扣与冲销）。",
             "Usage in the billing unit (the plan's per-record rounding and unit size); included = min(usage, "
             "allowance), overage = usage − included; the overage amount is the net of the usage lines billed "
             "(after discounts and credit notes).")


def _detail(included: Decimal, overage: Decimal, fen: int, shown: bool) -> Label:
    amount = f" · ¥{yuan(fen):,}" if shown else ""
    return Label(f"套餐内 {included:,} · 超量 {overage:,}{amount}",
                 f"Included {included:,} · overage {overage:,}{amount}")
