"""Contacts (联系人) and follow-ups (跟进记录) of a customer: they follow the customer's visibility."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update

from desktop_app.errors import DomainError, ValidationFailed
from desktop_app.models import Contact, Customer, FollowUp, User
from desktop_app.services import validation as check
from desktop_app.services.access import FieldRule, mask
from desktop_app.services.changes import Changes
from desktop_app.services.context import Context, check_version
from desktop_app.services.customers import scope_condition, touch_children, visible_customer

FOLLOW_UP_KINDS = ("visit", "call", "message", "meeting")


@dataclass(frozen=True)
class ContactData:
    name: str
    title: str = ""
    phone: str = ""
    email: str = ""
    is_primary: bool = False
    decision_maker: bool = False
    version: int = 0


@dataclass(frozen=True)
class ContactView:
    id: int
    customer_id: int
    data: ContactData


def _rule(context: Context, name: str) -> FieldRule:
    return context.actor.access.field_rule("contacts", name)


def _shown(value: str, rule: FieldRule) -> str:
    return "" if rule is FieldRule.HIDDEN else mask(value) if rule is FieldRule.MASKED else value


def list_contacts(context: Context, customer_id: int) -> list[ContactView]:
    context.require("contacts.view")
    with context.unit_of_work(write=False) as uow:
        visible_customer(uow.session, context, customer_id)
        phone, email = _rule(context, "phone"), _rule(context, "email")
        rows = uow.session.scalars(select(Contact).where(Contact.customer_id == customer_id)
                                   .order_by(Contact.is_primary.desc(), Contact.name))
        return [ContactView(c.id, customer_id, ContactData(c.name, c.title, _shown(c.phone, phone),
                                                           _shown(c.email, email), c.is_primary, c.decision_maker,
                                                           c.version)) for c in rows]


def _validated(data: ContactData) -> ContactData:
    name = data.name.strip()
    if not name:
        raise ValidationFailed("contact.name_required", "name")
    check.phone(data.phone.strip())
    check.email(data.email.strip())
    return ContactData(name[:100], data.title.strip()[:100], data.phone.strip(), data.email.strip(),
                       data.is_primary, data.decision_maker, data.version)


def save_contact(context: Context, customer_id: int, contact_id: int | None, data: ContactData) -> Changes:
    context.require("contacts.edit" if contact_id else "contacts.create")
    clean = _validated(data)
    with context.unit_of_work() as uow:
        session = uow.session
        customer = visible_customer(session, context, customer_id)
        if contact_id is None:
            contact = Contact(customer_id=customer_id, updated_at=context.clock(),
                              updated_by=context.actor.display_name)
            session.add(contact)
            before = {}
        else:
            found = session.get(Contact, contact_id)
            if found is None or found.customer_id != customer_id:
                raise DomainError("record.not_found")
            contact = found
            check_version(contact, data.version, "contact")
            before = {k: getattr(contact, k) for k in ("name", "title", "phone", "email", "is_primary",
                                                       "decision_maker")}
        for name in ("name", "title", "phone", "email", "is_primary", "decision_maker"):
            value = getattr(clean, name)
            if name in ("phone", "email") and contact_id and _rule(context, name) is not FieldRule.EDITABLE:
                value = before[name]
            setattr(contact, name, value)
        contact.updated_at, contact.updated_by = context.clock(), context.actor.display_name
        session.flush()
        if clean.is_primary:
            session.execute(update(Contact).where(Contact.customer_id == customer_id, Contact.id != contact.id)
                            .values(is_primary=False))
        touch_children(session, customer)
        after = {k: getattr(contact, k) for k in ("name", "title", "phone", "email", "is_primary", "decision_maker")}
        changed = {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
        uow.audit("contact.create" if contact_id is None else "contact.update", "contact", contact.id,
                  customer_id=customer_id, changed=changed)
        uow.commit()
    return Changes(customers=True)


def delete_contact(context: Context, customer_id: int, contact_id: int) -> Changes:
    context.require("contacts.delete")
    with context.unit_of_work() as uow:
        customer = visible_customer(uow.session, context, customer_id)
        contact = uow.session.get(Contact, contact_id)
        if contact is None or contact.customer_id != customer_id:
            raise DomainError("record.not_found")
        uow.session.delete(contact)
        uow.session.flush()
        touch_children(uow.session, customer)
        uow.audit("contact.delete", "contact", contact_id, customer_id=customer_id, name=contact.name)
        uow.commit()
    return Changes(customers=True)


# --- follow-ups ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class FollowUpView:
    id: int
    customer_id: int
    customer_name: str
    user_name: str
    kind: str
    content: str
    at: datetime
    next_contact_at: datetime | None
    done: bool


def add_follow_up(context: Context, customer_id: int, kind: str, content: str,
                  next_contact_at: datetime | None = None) -> Changes:
    context.require("customers.edit")
    if kind not in FOLLOW_UP_KINDS:
        raise ValidationFailed("followup.kind_invalid", "kind")
    if not content.strip():
        raise ValidationFailed("followup.content_required", "content")
    now = context.clock()
    if next_contact_at is not None and next_contact_at <= now:
        raise ValidationFailed("followup.next_in_past", "next_contact_at")
    with context.unit_of_work() as uow:
        session = uow.session
        customer = visible_customer(session, context, customer_id)
        session.execute(update(FollowUp).where(FollowUp.customer_id == customer_id, FollowUp.done.is_(False))
                        .values(done=True))  # a new follow-up settles the ones that were due
        entry = FollowUp(customer_id=customer_id, user_id=context.actor.user_id, kind=kind, content=content.strip(),
                         at=now, next_contact_at=next_contact_at, done=next_contact_at is None)
        session.add(entry)
        touch_children(session, customer, last_followup_at=now)
        uow.audit("followup.create", "customer", customer_id, followup_id=entry.id, kind=kind)
        uow.commit()
    return Changes(customers=True)


def _views(rows: list[tuple[FollowUp, str, str | None]]) -> list[FollowUpView]:
    return [FollowUpView(f.id, f.customer_id, name, user or "", f.kind, f.content, f.at, f.next_contact_at, f.done)
            for f, name, user in rows]


def list_follow_ups(context: Context, customer_id: int) -> list[FollowUpView]:
    context.require("customers.view")
    with context.unit_of_work(write=False) as uow:
        visible_customer(uow.session, context, customer_id)
        rows = uow.session.execute(select(FollowUp, Customer.name, User.display_name)
                                   .join(Customer, Customer.id == FollowUp.customer_id)
                                   .outerjoin(User, User.id == FollowUp.user_id)
                                   .where(FollowUp.customer_id == customer_id).order_by(FollowUp.at.desc())).all()
        return _views([tuple(r) for r in rows])  # type: ignore[misc]


def due_follow_ups(context: Context, until: datetime | None = None, mine_only: bool = True) -> list[FollowUpView]:
    """Open follow-ups whose next contact time has come (the start-up reminder and the "due" list)."""
    context.require("customers.view")
    until = until or context.clock()
    with context.unit_of_work(write=False) as uow:
        query = (select(FollowUp, Customer.name, User.display_name)
                 .join(Customer, Customer.id == FollowUp.customer_id)
                 .outerjoin(User, User.id == FollowUp.user_id)
                 .where(FollowUp.done.is_(False), FollowUp.next_contact_at <= until))
        if mine_only:
            query = query.where(Customer.owner_id == context.actor.user_id)
        condition = scope_condition(uow.session, context)
        if condition is not None:
            query = query.where(condition)
        rows = uow.session.execute(query.order_by(FollowUp.next_contact_at)).all()
        return _views([tuple(r) for r in rows])  # type: ignore[misc]
