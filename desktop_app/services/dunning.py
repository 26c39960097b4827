"""Payment reminders (催款): who to remind today, and noting that they were reminded.

- **Stages.** The setting ``dunning.stages`` (default ``[7, 15, 30]``) lists the days overdue at which a
  customer is reminded. A customer's days overdue are those of their oldest overdue bill (an issued or
  partially paid bill with something outstanding, due before ``today``); the stage reached is the highest
  stage not above that. Below the first stage nobody is reminded.
- **Listed once per stage.** ``reminders_due`` lists the customers in the actor's scope whose stage reached
  has not been reminded yet, biggest overdue amount first. ``record_reminder`` notes a reminder: a
  follow-up (跟进记录, ``models.FollowUp``: phone → ``call``, e-mail and printed letter → ``message``) with
  the user's note and the bills and amount, so it shows on the customer's follow-ups beside the sales
  team's; and it remembers the stage.
- **Where the stage is remembered.** In a small JSON setting per customer, ``dunning.reminded.<customer id>``
  (``{"stage": 15, "bills": [ids], "on": "2026-05-10", "channel": "phone", "follow_up": id}``; no schema
  change): the follow-up's text is the user's and the history must not depend on parsing it. The memory
  belongs to the bills that were overdue when the reminder was noted: it counts while the customer's oldest
  overdue bill is one of them. Once those bills are paid, a bill that falls overdue later starts again at
  the first stage. Follow-up and memory are written in one unit of work under the customer's row lock,
  with one audit entry ``dunning.remind``; noting the same stage twice is refused
  (``dunning.already_reminded``), so a double click or a second desktop notes it once.
- Permissions: ``bills.view`` to list (scope through the customer), ``customers.edit`` to note a reminder
  (the permission of adding a follow-up). Letters are not printed here (a later issue).
- The amount overdue is bill money (field rule ``bills.amount``, ``amounts.py``): None where the actor's role
  masks or hides it — the list is then ordered by days overdue, and a reminder they note carries no amount.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.billing.money import from_fen, to_fen
from desktop_app.errors import DomainError, ValidationFailed
from desktop_app.models import Bill, Customer, FollowUp, Setting, User
from desktop_app.services import amounts
from desktop_app.services.changes import Changes
from desktop_app.services.context import Context
from desktop_app.services.customers import scope_condition, touch_children, visible_customer
from desktop_app.services.settings import DEFAULTS, read
from desktop_app.services.validation import length
from desktop_app.services.wallets import lock_customer

__all__ = ["CHANNELS", "MEMORY_PREFIX", "Reminder", "record_reminder", "reminders_due", "stages"]

CHANNELS = ("print", "email", "phone")
FOLLOW_UP_KIND = {"phone": "call", "email": "message", "print": "message"}
MEMORY_PREFIX = "dunning.reminded."  # + customer id: the stage reminded, per customer
OPEN = ("issued", "partially_paid")
CHANGES = Changes(customers=True)  # the follow-ups and the reminders list reload


@dataclass(frozen=True)
class Reminder:
    customer_id: int
    customer_code: str
    customer_name: str
    owner_id: int | None
    owner_name: str  # "" for a customer in the pool
    bill_ids: tuple[int, ...]  # the overdue bills, oldest due first
    bills: tuple[str, ...]  # their numbers
    amount: Decimal | None  # what is outstanding on them (None: withheld, field rule bills.amount)
    days: int  # days overdue of the oldest
    stage: int  # the highest stage reached (days)
    reminded_stage: int  # the stage already reminded for these bills (0: none)
    reminded_on: date | None

    @property
    def id(self) -> int:  # the table models keep a selection by ``id``
        return self.customer_id


def stages(session: Session) -> tuple[int, ...]:
    """The configured stages, ascending (a broken setting falls back to the default)."""
    try:
        days = sorted({int(value) for value in read(session, "dunning.stages")})
    except (TypeError, ValueError):
        days = list(DEFAULTS["dunning.stages"])
    return tuple(day for day in days if day > 0)


def _stage_reached(days: int, configured: tuple[int, ...]) -> int:
    return max((stage for stage in configured if stage <= days), default=0)


def _overdue(session: Session, context: Context, today: date, customer_id: int | None = None
             ) -> dict[int, list[Bill]]:
    """Overdue bills with something outstanding per customer in scope, oldest due first."""
    query = (select(Bill).join(Customer, Customer.id == Bill.customer_id)
             .where(Bill.kind == "bill", Bill.status.in_(OPEN), Bill.due_date < today)
             .order_by(Bill.customer_id, Bill.due_date, Bill.id))
    condition = scope_condition(session, context)
    if condition is not None:
        query = query.where(condition)
    if customer_id is not None:
        query = query.where(Bill.customer_id == customer_id)
    found: dict[int, list[Bill]] = {}
    for bill in session.scalars(query):
        if bill.amount_due - bill.paid > 0:
            found.setdefault(bill.customer_id, []).append(bill)
    return found


def _memories(session: Session, customer_ids: list[int]) -> dict[int, dict[str, Any]]:
    if not customer_ids:
        return {}
    keys = [f"{MEMORY_PREFIX}{customer_id}" for customer_id in customer_ids]
    memories: dict[int, dict[str, Any]] = {}
    for row in session.scalars(select(Setting).where(Setting.key.in_(keys))):
        try:
            value = json.loads(row.value)
        except ValueError:
            continue
        if isinstance(value, dict):
            memories[int(row.key[len(MEMORY_PREFIX):])] = value
    return memories


def _reminders(session: Session, context: Context, today: date, customer_id: int | None = None) -> list[Reminder]:
    """Every customer in scope with overdue bills past the first stage (reminded or not), the amount as the
    actor may see it."""
    visible = amounts.rules_of(context).bills_shown
    configured = stages(session)
    overdue = _overdue(session, context, today, customer_id)
    memories = _memories(session, list(overdue))
    rows = session.execute(select(Customer, User.display_name).outerjoin(User, User.id == Customer.owner_id)
                           .where(Customer.id.in_(list(overdue)))).all() if overdue else []
    people = {customer: owner for customer, owner in rows}
    reminders = []
    for customer, owner in people.items():
        bills = overdue[customer.id]
        days = (today - bills[0].due_date).days if bills[0].due_date else 0
        stage = _stage_reached(days, configured)
        if stage == 0:
            continue
        memory = memories.get(customer.id, {})
        covered = bills[0].id in {int(i) for i in memory.get("bills", []) if isinstance(i, int)}
        reminded = int(memory.get("stage", 0)) if covered else 0
        reminded_on = date.fromisoformat(memory["on"]) if covered and memory.get("on") else None
        amount = from_fen(sum(to_fen(bill.amount_due - bill.paid) for bill in bills))
        reminders.append(Reminder(customer.id, customer.code, customer.name, customer.owner_id, owner or "",
                                  tuple(bill.id for bill in bills), tuple(bill.code or "" for bill in bills),
                                  amounts.shown(amount, visible), days, stage, reminded, reminded_on))
    return reminders


def reminders_due(context: Context, today: date) -> list[Reminder]:
    """The customers to remind on ``today``: their stage reached is not reminded yet; biggest amount first (most
    days overdue first where the actor's role withholds bill amounts: the order would tell them)."""
    context.require("bills.view")
    with context.unit_of_work(write=False) as uow:
        due = [r for r in _reminders(uow.session, context, today) if r.stage > r.reminded_stage]
    return sorted(due, key=lambda r: (-(r.amount or 0), -r.days, r.customer_code))


def _content(note: str, reminder: Reminder) -> str:
    """The follow-up's text: the user's note (in their words and language), then the bills and amount (the
    amount only when the actor's role shows it: they are writing the text)."""
    facts = ", ".join(reminder.bills)
    if reminder.amount is not None:
        facts += f" · ¥{reminder.amount:,.2f}"
    return f"{note} ({facts})" if note else facts


def record_reminder(context: Context, customer_id: int, stage: int, channel: str, note: str, today: date
                    ) -> Changes:
    """Note that the customer was reminded at ``stage`` by ``channel`` ("print" | "email" | "phone"): a
    follow-up on their history, and the stage remembered so they are not listed again for it. Allowed with
    payments.edit (the billing clerk collects) or customers.edit (the customer's own salesperson)."""
    if not context.actor.access.can("payments", "edit"):  # collecting is billing's work, or the owner's
        context.require("customers.edit")
    if channel not in CHANNELS:
        raise ValidationFailed("dunning.channel_invalid", "channel", channel=channel)
    note = length(note.strip(), "note", 1000)
    with context.unit_of_work() as uow:
        session, now = uow.session, context.clock()
        customer = visible_customer(session, context, customer_id)
        lock_customer(session, customer.id)
        if stage not in stages(session):
            raise ValidationFailed("dunning.stage_invalid", "stage", stage=stage)
        found = _reminders(session, context, today, customer.id)
        if not found:
            raise DomainError("dunning.nothing_due", customer=customer.name)
        reminder = found[0]
        if stage > reminder.stage:
            raise DomainError("dunning.stage_not_reached", customer=customer.name, stage=stage, days=reminder.days)
        if stage <= reminder.reminded_stage:
            raise DomainError("dunning.already_reminded", customer=customer.name, stage=reminder.reminded_stage,
                              on=reminder.reminded_on.isoformat() if reminder.reminded_on else "")
        entry = FollowUp(customer_id=customer.id, user_id=context.actor.user_id, kind=FOLLOW_UP_KIND[channel],
                         content=_content(note, reminder), at=now, next_contact_at=None, done=True)
        session.add(entry)
        touch_children(session, customer, last_followup_at=now)  # flushes: the entry has its id
        key = f"{MEMORY_PREFIX}{customer.id}"
        memory = json.dumps({"stage": stage, "bills": list(reminder.bill_ids), "on": today.isoformat(),
                             "channel": channel, "follow_up": entry.id})
        row = session.get(Setting, key)
        if row is None:
            session.add(Setting(key=key, value=memory, updated_at=now, updated_by=context.actor.display_name))
        else:
            row.value, row.updated_at, row.updated_by = memory, now, context.actor.display_name
        uow.audit("dunning.remind", "customer", customer.id, code=customer.code, stage=stage, channel=channel,
                  bills=list(reminder.bills), amount=None if reminder.amount is None else str(reminder.amount),
                  days=reminder.days, followup_id=entry.id,
                  note=note)
        uow.commit()
    return CHANGES
