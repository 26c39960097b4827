"""The demo company (演示数据): fill an empty database with a year of realistic business, so a newcomer sees
a living system in a minute (admin CLI ``demo fill``, the set-up wizard's checkbox).

Everything goes through the services (permission checks, audit entries, numbering), acting as the given
context's actor, with the context's clock replaced by a simulated one that walks through the year: a
customer is created on the day it came in, a subscription on its start, a payment on the day it was
received. Two things the services decide themselves and the demo only steers:

- **Usage** is the one bulk path: ``_insert_usage`` inserts the records with Core inserts exactly as
  ``bench/bill_run.py`` does, with ``period_start`` computed as ``services/usage.py`` does (the plan
  version's cycle from the subscription's anchor, on the record's day in the company time zone), in one
  transaction with one ``usage.import`` audit entry (permission ``usage.import``).
- **Issue dates** come from the database clock (gap-free numbers never go back in time), so every demo
  bill is issued on the day of the fill. So that its due date still tells the story of its month, the
  setting ``bills.payment_terms_days`` is set (through ``settings.set_setting``, audited) before each
  month's bills are issued, to give the due date "run date + 30 days", and put back afterwards. Unpaid
  bills of the earlier months are therefore overdue, as they would be in a real year.

Deterministic: the same ``seed`` and ``today`` give the same customers, subscriptions, usage, bills and
payments (on the same day of the database clock). The fill is not one transaction: if it fails halfway,
start again with a new database.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, insert, select

from desktop_app.billing.periods import add_months, local_day
from desktop_app.errors import DomainError
from desktop_app.models import Bill, Customer, Plan, UsageRecordRow
from desktop_app.services import demo_data as data
from desktop_app.services import numbering
from desktop_app.services import plan_definitions as definitions
from desktop_app.services.bill_runs import run_bills
from desktop_app.services.bills import OPEN, BillInfo, issue_bills, list_bills
from desktop_app.services.catalog import save_coupon, save_product
from desktop_app.services.context import Context
from desktop_app.services.customers import CustomerInput, create_customer
from desktop_app.services.payments import PaymentInput, record_payment
from desktop_app.services.plans import create_plan, get_version, publish
from desktop_app.services.roles import list_departments, list_roles, save_department
from desktop_app.services.settings import get_settings, set_setting
from desktop_app.services.subscription_changes import cancel, change_seats
from desktop_app.services.subscriptions import create_subscription, get_subscription
from desktop_app.services.users import UserInput, create_user, find_user_id
from desktop_app.services.wallets import top_up

__all__ = ["MAX_USAGE", "STEPS", "DemoLogin", "DemoSummary", "fill_demo"]

Progress = Callable[[int, int, str], None]
STEPS = ("staff", "catalog", "customers", "subscriptions", "usage", "bills", "payments")
"""The ``text`` of ``progress(done, total, text)``: which step is under way (the views translate it)."""
MAX_USAGE = 60_000
TERMS = "bills.payment_terms_days"
ZONE = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class DemoLogin:
    login: str
    display_name: str
    role: str


@dataclass(frozen=True)
class DemoSummary:
    customers: int
    subscriptions: int
    usage_records: int
    bills: int  # issued bills
    payments: int
    overdue_bills: int  # open bills due before ``today``
    wallet_top_ups: int
    plans: int
    products: int
    password: str  # of every demo login (changed at the first log-in)
    logins: tuple[DemoLogin, ...]


class _Clock:
    """The simulated clock: 10:00 in Shanghai on ``day``, one second later at each call (so order holds)."""

    def __init__(self, day: date) -> None:
        self.set(day)

    def set(self, day: date) -> None:
        self.day, self._tick = day, 0

    def __call__(self) -> datetime:
        self._tick += 1
        return datetime.combine(self.day, time(10), ZONE).astimezone(UTC) + timedelta(seconds=self._tick)


@dataclass
class _Sub:
    customer: int
    plan: data.DemoPlan
    start: date
    seats: int = 0
    modules: tuple[str, ...] = ()
    coupons: tuple[str, ...] = ()
    seat_change: tuple[date, int] | None = None
    cancel_on: date | None = None
    id: int = 0
    version: int = 0
    anchor: date | None = None
    billed_from: date | None = None
    top_ups: list[date] = field(default_factory=list)


# --- the steps ------------------------------------------------------------------------------------

def _refuse_unless_empty(context: Context) -> None:
    with context.unit_of_work(write=False) as uow:
        counts = [uow.session.scalar(select(func.count()).select_from(model)) or 0 for model in (Customer, Plan, Bill)]
    if any(counts):
        raise DomainError("demo.not_empty", customers=counts[0], plans=counts[1], bills=counts[2])


def _staff(context: Context, confirm: str) -> tuple[dict[str, int], tuple[DemoLogin, ...]]:
    departments = {node.name: node.id for node in list_departments(context)}
    for name, parent in data.DEPARTMENTS:
        if name not in departments:
            departments[name], _ = save_department(context, None, name, departments[parent] if parent else None)
    roles = {role.name: role.id for role in list_roles(context)}
    ids: dict[str, int] = {}
    logins = []
    for login, name, department, supervisor, role, phone in data.STAFF:
        try:
            ids[login] = find_user_id(context, login)
        except DomainError:
            user, _ = create_user(context, UserInput(login, name, phone, f"{login}@demo.benji.cn",
                                                     departments[department], ids.get(supervisor or ""),
                                                     (roles[role],)), data.DEMO_PASSWORD, confirm=confirm)
            ids[login] = user.id
        logins.append(DemoLogin(login, name, role))
    return ids, tuple(logins)


def _catalog(context: Context) -> dict[str, int]:
    for product in data.PRODUCTS:
        save_product(context, product)
    save_coupon(context, data.COUPON)
    tiers = list(get_settings(context)["customer.tiers"])
    set_setting(context, "customer.tiers", list(dict.fromkeys([*tiers, "银卡", "金卡"])))
    versions = {}
    for plan in data.PLANS:
        summary, _, _ = create_plan(context, plan.code, plan.name, plan.description, plan.definition)
        versions[plan.code] = publish(context, summary.id)[0].id
    return versions


def _months(today: date) -> list[date]:
    """The first days of the last 12 months, up to today's month."""
    first = today.replace(day=1)
    return [add_months(first, -back) for back in range(11, -1, -1)]


def _plan_customers(rng: random.Random, count: int, staff: dict[str, int], first: date, today: date
                    ) -> list[tuple[date, CustomerInput, int | None]]:
    """(day it came in, the customer, owner) for ``count`` companies, oldest first."""
    names: set[str] = set()
    phones: set[str] = set()
    north = [staff[login] for login in ("demo_north1", "demo_north2")]
    south = [staff[login] for login in ("demo_south1", "demo_south2")]
    span = max((today - first).days - 20, 1)
    planned = []
    for _ in range(count):
        name, short, city, industry = data.company_name(rng, names)
        region = data.REGIONS[city]
        pick = rng.random()
        owner = None if pick < 0.05 else staff["demo_manager"] if pick < 0.15 else \
            rng.choice(north if region in data.NORTH else south)
        came = first - timedelta(days=rng.randrange(0, 60)) + timedelta(days=rng.randrange(span))
        planned.append((came, CustomerInput(
            name=name, short_name=short, industry=industry, region=f"{region}/{city}",
            address=f"{city}市{rng.choice(data.WORDS)}路{rng.randrange(1, 999)}号",
            tier=data.weighted(rng, data.TIERS), source=rng.choice(data.SOURCES),
            phone=data.phone_number(rng, phones), invoice_title=name, status="active"), owner))
    planned.sort(key=lambda item: item[0])
    return planned


def _plan_subscriptions(rng: random.Random, customers: list[tuple[int, date]], today: date) -> list[_Sub]:
    weights = tuple((plan, plan.weight) for plan in data.PLANS)
    subs: list[_Sub] = []
    for customer_id, came in customers:
        if rng.random() < 0.08:
            continue  # a prospect: no subscription yet
        for extra in range(2 if rng.random() < 0.15 else 1):
            plan = data.weighted(rng, weights)
            if any(sub.customer == customer_id and sub.plan.code == plan.code for sub in subs):
                continue
            start = came + timedelta(days=rng.randrange(0, 25) + 30 * extra)
            if rng.random() < 0.4:
                start = add_months(start.replace(day=1), 1)  # many start on the 1st
            if start >= today - timedelta(days=3):
                continue
            sub = _Sub(customer_id, plan, start, coupons=("NEW2026",) if rng.random() < 0.12 else ())
            if plan.seats:
                sub.seats = rng.randint(3, 30)
                if rng.random() < 0.3 and (today - start).days > 60:
                    when = start + timedelta(days=rng.randrange(20, (today - start).days - 10))
                    sub.seat_change = (when, max(1, sub.seats + rng.choice((-3, -2, 2, 5, 10))))
            if plan.modules:
                sub.modules = rng.choice(plan.modules)
            if rng.random() < 0.06 and (today - start).days > 75:
                sub.cancel_on = start + timedelta(days=rng.randrange(45, (today - start).days - 15))
            subs.append(sub)
    subs.sort(key=lambda sub: (sub.start, sub.customer))
    return subs


def _usage_rows(rng: random.Random, subs: list[_Sub], today: date, cycles: dict[str, Any], zone: str,
                batch: str, now: datetime, by: str) -> list[dict[str, Any]]:
    """The usage records of the metered subscriptions, each with its ``period_start`` as services/usage.py
    computes it (the record's day in the company time zone, in the cycle counted from the anchor)."""
    per_month: dict[str, tuple[int, Callable[[], int]]] = {
        "call_seconds": (25, lambda: rng.choice((rng.randint(20, 180), rng.randint(60, 1800)))),
        "sms": (8, lambda: rng.randint(50, 1500)), "data_mb": (10, lambda: rng.randint(100, 4000))}
    rows: list[dict[str, Any]] = []
    for sub in subs:
        if not sub.plan.meters or sub.billed_from is None or sub.anchor is None:
            continue
        stop = min(today, sub.cancel_on) if sub.cancel_on else today
        day, number = sub.billed_from, 0
        while day < stop:
            month_end = min(add_months(day.replace(day=1), 1), stop)
            days = (month_end - day).days
            for meter in sub.plan.meters:
                count, quantity = per_month[meter]
                for _ in range(max(1, count * days // 30)):
                    moment = datetime.combine(day + timedelta(days=rng.randrange(days)),
                                              time(rng.randrange(8, 22), rng.randrange(60), rng.randrange(60)),
                                              ZoneInfo(zone))
                    number += 1
                    rows.append({"subscription_id": sub.id, "meter": meter, "record_id": f"demo-{sub.id}-{number}",
                                 "occurred_at": moment.astimezone(UTC), "quantity_micro": quantity() * 1_000_000,
                                 "period_start": cycles[sub.plan.code].period_containing(
                                     sub.anchor, local_day(moment, zone)).start,
                                 "bill_id": None, "batch": batch, "imported_at": now, "imported_by": by})
            day = month_end
    return rows[:MAX_USAGE]


def _insert_usage(context: Context, rows: list[dict[str, Any]], batch: str) -> int:
    """The documented bulk path: Core inserts in chunks, one transaction, one audit entry."""
    context.require("usage.import")
    with context.unit_of_work() as uow:
        for start in range(0, len(rows), 5000):
            uow.session.execute(insert(UsageRecordRow), rows[start:start + 5000])
        uow.audit("usage.import", "usage", "", file="demo", batch=batch, rows=len(rows), new=len(rows),
                  already_imported=0)
        uow.commit()
    return len(rows)


def _all_bills(context: Context, **filters: Any) -> list[BillInfo]:
    found: list[BillInfo] = []
    before: int | None = None
    while True:
        page = list_bills(context, limit=500, before_id=before, **filters)
        found.extend(page)
        if len(page) < 500:
            return sorted(found, key=lambda bill: bill.id)
        before = page[-1].id


def _issue_run(context: Context, run_id: int, cutoff: date) -> list[BillInfo]:
    """Issue the run's drafts with the due date of their month (see the module docstring)."""
    drafts = [bill.id for bill in _all_bills(context, status="draft", run_id=run_id)]
    if not drafts:
        return []
    with context.unit_of_work(write=False) as uow:
        issued_on = numbering.database_today(uow.session, numbering.company_time_zone(uow.session))
    set_setting(context, TERMS, (cutoff + timedelta(days=30) - issued_on).days)
    issue_bills(context, drafts)
    return _all_bills(context, kind="bill", run_id=run_id)


# --- the fill -------------------------------------------------------------------------------------

def fill_demo(context: Context, *, today: date, customers: int = 300, seed: int = 2026,
              progress: Progress | None = None, confirm: str = "") -> DemoSummary:
    """Fill an empty database (no customers, plans or bills: else ``demo.not_empty``) with the demo company
    as of ``today``; ``confirm`` is the actor's password (creating users with roles asks for it; the
    system actor needs none). ``progress(done, total, step)`` names the step (``STEPS``)."""
    for permission in ("settings.edit", "users.create", "products.create", "products.approve", "customers.create",
                       "subscriptions.create", "usage.import", "bills.create", "bills.edit", "payments.create"):
        context.require(permission)
    if customers < 1:
        raise DomainError("demo.customers_invalid", count=customers)
    _refuse_unless_empty(context)
    rng = random.Random(f"{seed}-{today.isoformat()}")
    total = 6 + 12 + 2

    def report(done: int, step: str) -> None:
        if progress is not None:
            progress(done, total, step)

    months = _months(today)
    clock = _Clock(months[0] - timedelta(days=70))
    demo = Context(context.database, context.actor, clock, context.desktop)
    report(0, "staff")
    staff, logins = _staff(demo, confirm)
    report(1, "catalog")
    versions = _catalog(demo)
    cycles = {code: definitions.stored_plan(get_version(demo, version).definition).billing_cycle
              for code, version in versions.items()}
    report(2, "customers")
    customer_days: list[tuple[int, date]] = []
    for came, details, owner in _plan_customers(rng, customers, staff, months[0], today):
        clock.set(came)
        created, _ = create_customer(demo, details, owner_id=owner)
        customer_days.append((created.id, came))
    report(3, "subscriptions")
    subs = _plan_subscriptions(rng, customer_days, today)
    for sub in subs:
        clock.set(sub.start)
        info, _ = create_subscription(demo, sub.customer, sub.start, plan_version_id=versions[sub.plan.code],
                                      seats=sub.seats, modules=sub.modules, coupon_codes=sub.coupons,
                                      anchor="anniversary" if sub.plan.code == "OFFICE-Y" else "calendar")
        sub.id, sub.version, sub.anchor = info.id, info.version, info.anchor
        sub.billed_from = info.trial_end or info.start_date
        if sub.plan.code == "PREPAID" or (sub.plan.code == "VOICE" and rng.random() < 0.2):
            sub.top_ups = [sub.start + timedelta(days=days) for days in range(0, (today - sub.start).days, 95)]
    report(4, "usage")
    clock.set(today)
    batch = f"demo {today.isoformat()}"
    with demo.unit_of_work(write=False) as uow:
        zone = numbering.company_time_zone(uow.session)
    usage = _insert_usage(demo, _usage_rows(rng, subs, today, cycles, zone, batch, clock(), demo.actor.display_name),
                          batch)
    report(5, "bills")
    terms_before = get_settings(demo)[TERMS]
    issued: list[tuple[date, BillInfo]] = []
    top_ups = 0
    events = sorted([(day, 0, sub) for sub in subs for day in sub.top_ups]
                    + [(sub.seat_change[0], 1, sub) for sub in subs if sub.seat_change]
                    + [(sub.cancel_on, 2, sub) for sub in subs if sub.cancel_on], key=lambda e: (e[0], e[1], e[2].id))
    try:
        for index, cutoff in enumerate(months):
            while events and events[0][0] < cutoff:
                top_ups += _event(demo, clock, rng, *events.pop(0))
            clock.set(cutoff)
            run = run_bills(demo, cutoff)
            issued.extend((cutoff, bill) for bill in _issue_run(demo, run.run_id, cutoff))
            report(6 + index, "bills")
        while events and events[0][0] <= today:
            top_ups += _event(demo, clock, rng, *events.pop(0))
    finally:
        clock.set(today)
        set_setting(demo, TERMS, terms_before)
    report(18, "payments")
    payments = _payments(demo, clock, rng, issued, today)
    report(total, "payments")
    clock.set(today)
    overdue = len(_all_bills(demo, kind="bill", overdue_on=today))
    return DemoSummary(customers=len(customer_days), subscriptions=len(subs), usage_records=usage,
                       bills=len(issued), payments=payments, overdue_bills=overdue, wallet_top_ups=top_ups,
                       plans=len(data.PLANS), products=len(data.PRODUCTS), password=data.DEMO_PASSWORD,
                       logins=logins)


def _event(context: Context, clock: _Clock, rng: random.Random, day: date, kind: int, sub: _Sub) -> int:
    """A top-up (0), a seat change (1) or a cancellation at period end (2) on ``day``; 1 for a top-up."""
    clock.set(day)
    if kind == 0:
        amount = "500.00" if sub.plan.code == "PREPAID" else rng.choice(("1000.00", "2000.00"))
        bonus = "50.00" if sub.plan.code == "PREPAID" else "0.00"
        top_up(context, sub.customer, amount, f"demo-top-up-{sub.id}-{day.isoformat()}", bonus,
               note="演示充值")
        return 1
    current = get_subscription(context, sub.id)
    if current.status not in ("trial", "active"):
        return 0
    if kind == 1 and sub.seat_change is not None:
        change_seats(context, sub.id, sub.seat_change[1], day, version=current.version, preview=False)
    elif kind == 2:
        cancel(context, sub.id, day, at_period_end=True, version=current.version, preview=False)
    return 0


def _payments(context: Context, clock: _Clock, rng: random.Random, issued: list[tuple[date, BillInfo]],
              today: date) -> int:
    """Most bills paid within 40 days of their run (various methods, some in part); some left overdue."""
    planned: list[tuple[date, int, BillInfo, Decimal]] = []
    for cutoff, bill in issued:
        if bill.status not in OPEN or bill.amount_due is None or bill.paid is None or bill.amount_due <= 0:
            continue  # (the demo runs as an administrator: amounts are always shown to it)
        late = bill.due_date is not None and bill.due_date < today
        pick = rng.random()
        received = cutoff + timedelta(days=rng.randint(2, 40))
        if received > today or pick < (0.10 if late else 0.55):
            continue  # not paid (yet): overdue when its due date has passed
        amount = bill.amount_due - bill.paid
        if pick > 0.95:
            amount = (amount * Decimal("0.5")).quantize(Decimal("0.01"))  # a part payment
        if amount > 0:
            planned.append((received, bill.id, bill, amount))
    planned.sort(key=lambda item: (item[0], item[1]))
    for received, bill_id, bill, amount in planned:
        clock.set(received)
        method = data.weighted(rng, data.METHODS)
        reference = f"{received:%Y%m%d}{rng.randrange(10 ** 6):06d}" if method != "cash" else ""
        record_payment(context, PaymentInput(bill.customer_id, amount, received, method, reference=reference,
                                             payer=bill.customer_name, allocations=((bill_id, amount),)),
                       f"demo-payment-{bill_id}")
    return len(planned)
