"""Usage records (用量记录): importing a usage file and summing a period's usage for the bill run.

The file (docs/formats.md, "Usage file"): CSV (UTF-8, UTF-8 with BOM, GBK/GB18030, UTF-16) or XLSX with
the columns ``subscription`` (or ``customer`` when the customer has exactly one current subscription:
any status but ``ended``), ``meter``, ``timestamp`` (ISO 8601 with a time zone), ``quantity`` (a decimal
≥ 0, at most 6 decimals) and ``record_id``. Headers are matched case-insensitively, in English or Chinese.

- Exact quantities: stored as integer millionths of the meter's unit (``quantity_micro``), never floats.
- Deduplication: a record is (subscription, meter, record id). A record already stored with the same time
  and quantity is counted as ``already_imported`` and skipped, so importing a file again adds nothing; the
  same id with another time or quantity is a problem (``usage.record_changed``). The same id twice in one
  file is a problem. UNIQUE(subscription_id, meter, record_id) backs this against two imports at once.
- Periods: a record belongs to the subscription's billing period (its plan version's cycle counted from
  its ``anchor``) that contains the record's local day in the company time zone (Asia/Shanghai by
  default). Periods are half-open [start, end): 2026-05-01T00:00:00+08:00 is in May,
  2026-04-30T23:59:59.999+08:00 in April. ``period_start`` is stored with the record.
- Scope: subscriptions are found only among the customers the actor sees (``customers.scope_condition``);
  any other code is ``usage.subscription_unknown`` (a row problem: whether it exists is not revealed).
- All-or-nothing: any problem imports nothing; a dry run (the default) validates only. Permission
  ``usage.import`` (``usage.view`` for the summary). A committed import is audited with its counts.
- Set-based: the file's subscriptions are loaded in a few queries, existing record ids are fetched one
  query per chunk of rows, and new records are inserted in batches.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desktop_app.billing.periods import COMPANY_TIME_ZONE, Cycle, local_day
from desktop_app.errors import DomainError
from desktop_app.messages import describe
from desktop_app.models import Company, Customer, PlanVersionRow, Subscription, UsageRecordRow
from desktop_app.services import plan_definitions as definitions
from desktop_app.services.context import Context
from desktop_app.services.customers import scope_condition
from desktop_app.services.exports import write_table
from desktop_app.services.import_table import read_table, text_value

__all__ = ["COLUMNS", "MICRO", "UsageImportReport", "UsageProblem", "import_usage", "usage_summary",
           "write_problems"]

MICRO = 1_000_000  # quantities are stored in millionths of the meter's unit
MAX_QUANTITY = Decimal(10) ** 12  # per record, so that a period's sum stays inside BIGINT
CHUNK = 500  # rows per existing-record query and per insert batch
COLUMNS = ("subscription", "customer", "meter", "timestamp", "quantity", "record_id")
ALIASES: dict[str, tuple[str, ...]] = {
    "subscription": ("subscription", "subscription_code", "订阅", "订阅编号"),
    "customer": ("customer", "customer_code", "客户编号", "客户代码"),
    "meter": ("meter", "计量项", "计量"),
    "timestamp": ("timestamp", "time", "occurred_at", "时间", "发生时间"),
    "quantity": ("quantity", "数量", "用量"),
    "record_id": ("record_id", "record", "id", "记录编号", "记录id"),
}
ENDED = "ended"


@dataclass(frozen=True)
class UsageProblem:
    row: int  # 1-based line in the file, header = 1
    column: str
    code: str  # a message code (desktop_app/messages_usage.py)
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def reason(self) -> str:
        """The problem in English (error files, the CLI)."""
        return describe(DomainError(self.code, **self.params))


@dataclass
class UsageImportReport:
    rows: int = 0
    new: int = 0  # records to add (added when committed)
    already_imported: int = 0  # records stored before, skipped
    problems: list[UsageProblem] = field(default_factory=list)
    committed: bool = False
    batch: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class _Record:
    row: int
    subscription_id: int
    meter: str
    record_id: str
    occurred_at: datetime  # UTC
    quantity_micro: int
    period_start: date


def _key(text: str) -> str:
    return re.sub(r"[\s_\-]+", "", unicodedata.normalize("NFKC", text)).lower()


def _mapping(header: Sequence[str]) -> dict[str, str]:
    """column name -> header as written, for the known columns the file has."""
    found: dict[str, str] = {}
    for column in header:
        key = _key(column)
        for target, names in ALIASES.items():
            if target not in found and key in {_key(name) for name in names}:
                found[target] = column
    return found


def parse_timestamp(value: Any) -> datetime:
    """An aware datetime from an ISO 8601 cell; ``usage.timestamp_no_zone`` without a zone (also a naive
    Excel date cell), ``usage.timestamp_invalid`` for anything else."""
    if isinstance(value, datetime):
        instant = value
    else:
        text = text_value(value, fold=True)
        if text.endswith(("Z", "z")):
            text = text[:-1] + "+00:00"
        try:
            instant = datetime.fromisoformat(text)
        except ValueError:
            raise DomainError("usage.timestamp_invalid") from None
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise DomainError("usage.timestamp_no_zone")
    return instant


def parse_quantity(value: Any) -> int:
    """Millionths of the unit from a decimal cell ≥ 0 with at most 6 decimals (``usage.quantity_invalid``)."""
    if isinstance(value, bool):
        raise DomainError("usage.quantity_invalid")
    if isinstance(value, float):
        value = repr(value)  # an XLSX number: the shortest text that reads back as the same float
    text = text_value(value, fold=True).replace(",", "")
    try:
        quantity = Decimal(text)
    except InvalidOperation:
        raise DomainError("usage.quantity_invalid") from None
    if not quantity.is_finite() or quantity < 0 or quantity >= MAX_QUANTITY:
        raise DomainError("usage.quantity_invalid")
    micro = quantity * MICRO
    if micro != micro.to_integral_value():
        raise DomainError("usage.quantity_invalid")
    return int(micro)


def _chunks(items: Sequence[Any], size: int = CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


class _Subscriptions:
    """The file's subscriptions, by subscription code and by customer code, within the actor's scope;
    loaded with one query per chunk of codes. Cycles are read once per plan version."""

    def __init__(self, session: Session, context: Context, sub_codes: set[str], customer_codes: set[str]) -> None:
        self.by_code: dict[str, Subscription] = {}
        self.by_customer: dict[str, list[Subscription]] = {}
        condition = scope_condition(session, context)
        base = select(Subscription, Customer.code).join(Customer, Customer.id == Subscription.customer_id)
        if condition is not None:
            base = base.where(condition)
        for chunk in _chunks(sorted(sub_codes)):
            for row, _customer in session.execute(base.where(Subscription.code.in_(chunk))):
                self.by_code[row.code] = row
        for chunk in _chunks(sorted(customer_codes)):
            query = base.where(Customer.code.in_(chunk), Subscription.status != ENDED).order_by(Subscription.id)
            for row, customer in session.execute(query):
                self.by_customer.setdefault(customer, []).append(row)
        versions = {row.plan_version_id for row in self.by_code.values()} | {
            row.plan_version_id for rows in self.by_customer.values() for row in rows}
        self.cycles: dict[int, Cycle] = {}
        for chunk in _chunks(sorted(versions)):
            for version in session.scalars(select(PlanVersionRow).where(PlanVersionRow.id.in_(chunk))):
                self.cycles[version.id] = definitions.stored_plan(version.definition).billing_cycle


def _company_time_zone(session: Session) -> str:
    return session.scalar(select(Company.timezone).order_by(Company.id).limit(1)) or COMPANY_TIME_ZONE


def import_usage(context: Context, path: Path, dry_run: bool = True) -> UsageImportReport:
    """Validate every row (dry run), or add the new records in one transaction; any problem imports nothing.
    Records stored before (same subscription, meter and record id, same time and quantity) are counted in
    ``already_imported`` and skipped."""
    context.require("usage.import")
    header, rows = read_table(path)
    mapping = _mapping(header)
    missing = [name for name in ("meter", "timestamp", "quantity", "record_id") if name not in mapping]
    if "subscription" not in mapping and "customer" not in mapping:
        missing.insert(0, "subscription")
    if missing:
        return UsageImportReport(rows=len(rows), problems=[UsageProblem(1, "", "usage.columns_missing",
                                                                        {"columns": ", ".join(missing)})])
    index = {column: position for position, column in enumerate(header)}

    def cell(raw: Sequence[Any], name: str) -> Any:
        column = mapping.get(name)
        position = index[column] if column is not None else len(raw)
        return raw[position] if position < len(raw) else None

    report = UsageImportReport(rows=len(rows))
    with context.unit_of_work(write=not dry_run) as uow:
        session = uow.session
        sub_codes = {text_value(cell(raw, "subscription")) for raw in rows} - {""}
        customer_codes = {text_value(cell(raw, "customer")) for raw in rows
                          if not text_value(cell(raw, "subscription"))} - {""}
        found = _Subscriptions(session, context, sub_codes, customer_codes)
        time_zone = _company_time_zone(session)
        records: list[_Record] = []
        seen: dict[tuple[int, str, str], int] = {}
        for number, raw in enumerate(rows, start=2):
            record = _validated(report, found, time_zone, number, raw, cell, mapping)
            if record is None:
                continue
            key = (record.subscription_id, record.meter, record.record_id)
            if key in seen:
                report.problems.append(UsageProblem(number, mapping["record_id"], "usage.duplicate_record",
                                                    {"other_row": seen[key]}))
                continue
            seen[key] = number
            records.append(record)
        new = _not_stored(session, report, records, mapping["record_id"])
        report.new = len(new)
        if dry_run or report.problems:
            return report
        now = context.clock()
        report.batch = f"{path.name[:90]} {now.astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}"
        by = context.actor.display_name
        for chunk in _chunks(new):
            session.execute(insert(UsageRecordRow), [
                {"subscription_id": r.subscription_id, "meter": r.meter, "record_id": r.record_id,
                 "occurred_at": r.occurred_at, "quantity_micro": r.quantity_micro, "period_start": r.period_start,
                 "bill_id": None, "batch": report.batch, "imported_at": now, "imported_by": by} for r in chunk])
        uow.audit("usage.import", "usage", "", file=path.name, batch=report.batch, rows=report.rows,
                  new=report.new, already_imported=report.already_imported)
        try:
            uow.commit()
        except IntegrityError:
            raise DomainError("usage.import_conflict") from None
        report.committed = True
    return report


def _validated(report: UsageImportReport, found: _Subscriptions, time_zone: str, number: int,
               raw: Sequence[Any], cell: Any, mapping: dict[str, str]) -> _Record | None:
    """The row as a record, or None after adding its first problem to ``report``."""

    def problem(column: str, message: str, **params: Any) -> None:
        report.problems.append(UsageProblem(number, column, message, params))

    columns = {name: mapping.get(name, name) for name in COLUMNS}  # the headers as the file writes them
    sub_code, customer_code = text_value(cell(raw, "subscription")), text_value(cell(raw, "customer"))
    subscription: Subscription | None
    if sub_code:
        subscription = found.by_code.get(sub_code)
        if subscription is None:
            problem(columns["subscription"], "usage.subscription_unknown", subscription=sub_code)
            return None
    elif customer_code:
        candidates = found.by_customer.get(customer_code, [])
        if len(candidates) != 1:
            problem(columns["customer"], "usage.customer_ambiguous", customer=customer_code, count=len(candidates))
            return None
        subscription = candidates[0]
    else:
        problem(columns["subscription"], "usage.subscription_required")
        return None
    meter = text_value(cell(raw, "meter"))
    if not meter or len(meter) > 50:
        problem(columns["meter"], "usage.meter_invalid")
        return None
    try:
        instant = parse_timestamp(cell(raw, "timestamp"))
    except DomainError as error:
        problem(columns["timestamp"], error.code)
        return None
    try:
        quantity = parse_quantity(cell(raw, "quantity"))
    except DomainError as error:
        problem(columns["quantity"], error.code)
        return None
    record_id = text_value(cell(raw, "record_id"))
    if not record_id or len(record_id) > 100:
        problem(columns["record_id"], "usage.record_id_invalid")
        return None
    cycle = found.cycles[subscription.plan_version_id]
    period = cycle.period_containing(subscription.anchor, local_day(instant, time_zone))
    return _Record(number, subscription.id, meter, record_id, instant.astimezone(UTC), quantity, period.start)


def _not_stored(session: Session, report: UsageImportReport, records: list[_Record],
                record_column: str) -> list[_Record]:
    """The records not stored yet; stored ones with the same time and quantity are counted as already
    imported, with another time or quantity they are problems. One query per chunk of records."""
    new: list[_Record] = []
    for chunk in _chunks(records):
        ids = sorted({record.record_id for record in chunk})
        subscriptions = sorted({record.subscription_id for record in chunk})
        stored = {(row.subscription_id, row.meter, row.record_id): (row.occurred_at, row.quantity_micro)
                  for row in session.execute(
                      select(UsageRecordRow.subscription_id, UsageRecordRow.meter, UsageRecordRow.record_id,
                             UsageRecordRow.occurred_at, UsageRecordRow.quantity_micro)
                      .where(UsageRecordRow.record_id.in_(ids), UsageRecordRow.subscription_id.in_(subscriptions)))}
        for record in chunk:
            before = stored.get((record.subscription_id, record.meter, record.record_id))
            if before is None:
                new.append(record)
            elif before == (record.occurred_at, record.quantity_micro):
                report.already_imported += 1
            else:
                report.problems.append(UsageProblem(record.row, record_column, "usage.record_changed"))
    return new


def usage_summary(context: Context, subscription_id: int, period_start: date) -> dict[str, Decimal]:
    """meter -> the period's total quantity (sum of the records, exact), for the bill run; only meters with
    records. Per-record rounding rules (billing.usage.round_record) are the bill run's, on the records."""
    context.require("usage.view")
    with context.unit_of_work(write=False) as uow:
        session = uow.session
        query = select(Subscription.id).join(Customer, Customer.id == Subscription.customer_id) \
            .where(Subscription.id == subscription_id)
        condition = scope_condition(session, context)
        if condition is not None:
            query = query.where(condition)
        if session.scalar(query) is None:
            raise DomainError("record.not_found")
        sums = session.execute(
            select(UsageRecordRow.meter, func.sum(UsageRecordRow.quantity_micro))
            .where(UsageRecordRow.subscription_id == subscription_id, UsageRecordRow.period_start == period_start)
            .group_by(UsageRecordRow.meter).order_by(UsageRecordRow.meter)).all()
    return {meter: Decimal(int(total)) / MICRO for meter, total in sums}


def write_problems(report: UsageImportReport, path: Path) -> None:
    """The error file (CSV or XLSX by suffix): one line per problem with the row, the column and the reason."""
    write_table(path, ("row", "column", "reason"), [(p.row, p.column, p.reason) for p in report.problems])
