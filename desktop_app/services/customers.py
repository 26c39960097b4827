"""Customers: records, validation, codes, duplicate checks, scoped lists and Chinese search.

Every list, search and export goes through ``_scoped``: the actor's data scope (services/scope.py) plus
the pool (customers without an owner, visible to everyone who may view customers).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, and_, func, literal, or_, select, update
from sqlalchemy.orm import Session

from desktop_app.errors import DomainError, ValidationFailed
from desktop_app.models import Contact, Counter, Customer, Department, Subscription, User
from desktop_app.services import custom_fields as cf
from desktop_app.services import search_text as st
from desktop_app.services import validation as check
from desktop_app.services.access import FieldRule, Scope, mask
from desktop_app.services.changes import Changes
from desktop_app.services.context import Context, check_version
from desktop_app.services.scope import load_facts, visible
from desktop_app.services.settings import read

KINDS = ("company", "individual")
STATUSES = ("prospect", "active", "suspended", "closed")
SENSITIVE = ("phone", "bank_account", "tax_id")
QueryT = TypeVar("QueryT", bound=Select)  # type: ignore[type-arg]


@dataclass(frozen=True)
class CustomerInput:
    name: str
    short_name: str = ""
    kind: str = "company"
    industry: str = ""
    region: str = ""
    address: str = ""
    tier: str = "standard"
    status: str = "prospect"
    source: str = ""
    tags: str = ""
    tax_id: str = ""
    invoice_title: str = ""
    bank_name: str = ""
    bank_account: str = ""
    phone: str = ""
    email: str = ""
    notes: str = ""
    pinyin_override: str = ""
    custom: tuple[tuple[str, str], ...] = ()  # admin-defined fields, (key, value): services/custom_fields.py
    version: int = 0


EDITABLE = tuple(f.name for f in fields(CustomerInput) if f.name not in ("version", "custom"))


@dataclass(frozen=True)
class CustomerRow:
    """One line of the customer list (sensitive fields already masked or hidden)."""

    id: int
    code: str
    name: str
    short_name: str
    tier: str
    status: str
    owner_id: int | None
    owner_name: str
    department_name: str
    region: str
    phone: str
    tags: str
    last_followup_at: datetime | None
    custom: tuple[tuple[str, str], ...] = ()  # custom field values (key, value); the list shows in-list ones

    @property
    def in_pool(self) -> bool:
        return self.owner_id is None


@dataclass(frozen=True)
class CustomerDetail:
    id: int
    code: str
    data: CustomerInput
    owner_id: int | None
    owner_name: str
    department_id: int | None
    department_name: str
    created_at: datetime
    created_by: str
    last_followup_at: datetime | None
    field_rules: dict[str, FieldRule] = field(default_factory=dict)


@dataclass(frozen=True)
class CustomerFilter:
    text: str = ""
    tier: str = ""
    status: str = ""
    owner_id: int | None = None
    department_id: int | None = None
    tag: str = ""
    region: str = ""
    pool: bool | None = None  # True: pool only; False: owned only
    custom: tuple[tuple[str, str], ...] = ()  # (key, value): text fields contain it, other kinds equal it


# --- validation and derived columns -------------------------------------------------------------

def validated(data: CustomerInput) -> CustomerInput:
    clean = replace(data, **{k: str(getattr(data, k)).strip() for k in EDITABLE})  # type: ignore[arg-type]
    if not clean.name:
        raise ValidationFailed("customer.name_required", "name")
    for name, limit in (("name", 200), ("short_name", 100), ("address", 300), ("invoice_title", 200),
                        ("industry", 60), ("region", 100), ("source", 60), ("tags", 300)):
        check.length(getattr(clean, name), name, limit)
    if clean.kind not in KINDS:
        raise ValidationFailed("customer.kind_invalid", "kind")
    if clean.status not in STATUSES:
        raise ValidationFailed("customer.status_invalid", "status")
    clean = replace(clean, tax_id=check.tax_id(clean.tax_id))
    check.phone(clean.phone)
    check.email(clean.email)
    check.bank_account(clean.bank_account)
    tags = [t.strip() for t in re.split(r"[,，;；]", clean.tags) if t.strip()]
    return replace(clean, tags=",".join(dict.fromkeys(tags)), tier=clean.tier or "standard")


def search_columns(session: Session, customer: Customer) -> dict[str, str]:
    """The shadow columns for the record and its contacts: name key and the normalised search text."""
    full, initials = st.pinyin_forms(customer.name, customer.pinyin_override)
    short_full, short_initials = st.pinyin_forms(customer.short_name) if customer.short_name else ("", "")
    contacts = session.execute(select(Contact.name, Contact.phone).where(Contact.customer_id == customer.id)).all() \
        if customer.id else []
    return {"name_key": st.name_key(customer.name)[:200], "search_text": st.search_text([
        customer.name, customer.short_name, customer.code, full, initials, short_full, short_initials,
        st.digits(customer.phone), customer.tax_id, *cf.search_values(session, customer.custom),
        *(c.name for c in contacts), *(st.digits(c.phone) for c in contacts),
    ])}


def refresh_search(session: Session, customer: Customer) -> None:
    """Keep the shadow columns in step on every write of the customer itself."""
    for name, value in search_columns(session, customer).items():
        setattr(customer, name, value)


def touch_children(session: Session, customer: Customer, **values: object) -> None:
    """A change to a child record (contact, follow-up) updates the customer's derived columns without
    bumping its version, so someone editing the customer's profile meanwhile is not refused."""
    session.flush()
    session.execute(update(Customer).where(Customer.id == customer.id)
                    .values(**search_columns(session, customer), **values)
                    .execution_options(synchronize_session=False))


def next_code(session: Session, year: int) -> str:
    counter = session.scalar(select(Counter).where(Counter.series == "customer", Counter.year == year)
                             .with_for_update())
    if counter is None:
        counter = Counter(series="customer", year=year, last=0)
        session.add(counter)
    counter.last += 1
    session.flush()
    pattern = str(read(session, "customer.code_pattern"))
    return pattern.format(year=year, seq=counter.last)


# --- scope and field rules ----------------------------------------------------------------------

def scope_condition(session: Session, context: Context) -> ColumnElement[bool] | None:
    """The actor's customers: their scope, plus the pool (no owner)."""
    condition = visible(context.actor.access, load_facts(session, context.actor), "customers", Customer.owner_id,
                        Customer.department_id)
    return None if condition is None else or_(Customer.owner_id.is_(None), condition)


def _scoped(session: Session, context: Context, query: QueryT) -> QueryT:
    condition = scope_condition(session, context)
    return query if condition is None else query.where(condition)


def field_rules(session: Session, context: Context) -> Callable[[str, bool], FieldRule]:
    """``rule(field, in_pool)`` for the actor: their role's field rule, and pool phones masked until
    claimed (setting ``pool.mask_contacts``) unless they see all customers anyway. Reads the setting once,
    so a list of many rows costs no query per row."""
    access = context.actor.access
    mask_pool = bool(read(session, "pool.mask_contacts")) and access.scope("customers") is not Scope.ALL
    rules = {name: access.field_rule("customers", name) for name in SENSITIVE}

    def rule(name: str, in_pool: bool) -> FieldRule:
        if name == "phone" and in_pool and mask_pool:
            return min(rules[name], FieldRule.MASKED)
        return rules[name]

    return rule


def _shown(value: str, rule: FieldRule) -> str:
    return "" if rule is FieldRule.HIDDEN else mask(value) if rule is FieldRule.MASKED else value


def _filters(flt: CustomerFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    text = st.normalize(flt.text)
    if text:
        conditions.append(Customer.search_text.contains(text, autoescape=True))
    for column, value in ((Customer.tier, flt.tier), (Customer.status, flt.status)):
        if value:
            conditions.append(column == value)
    if flt.region:
        conditions.append(Customer.region.startswith(flt.region, autoescape=True))
    if flt.owner_id is not None:
        conditions.append(Customer.owner_id == flt.owner_id)
    if flt.department_id is not None:
        conditions.append(Customer.department_id == flt.department_id)
    if flt.tag:
        conditions.append((literal(",") + Customer.tags + literal(",")).contains(f",{flt.tag.strip()},",
                                                                                  autoescape=True))
    if flt.pool is True:
        conditions.append(Customer.owner_id.is_(None))
    elif flt.pool is False:
        conditions.append(Customer.owner_id.is_not(None))
    conditions.extend(cf.filter_conditions(flt.custom))
    return conditions


def to_row(customer: Customer, owner: str | None, department: str | None,
           rule_for: Callable[[str, bool], FieldRule]) -> CustomerRow:
    """One list line, with the phone shown as the actor's field rule allows (services/customer_list.py)."""
    rule = rule_for("phone", customer.owner_id is None)
    return CustomerRow(customer.id, customer.code, customer.name, customer.short_name, customer.tier,
                       customer.status, customer.owner_id, owner or "", department or "", customer.region,
                       _shown(customer.phone, rule), customer.tags, customer.last_followup_at,
                       cf.row_custom(customer))


def visible_customer(session: Session, context: Context, customer_id: int) -> Customer:
    customer: Customer | None = session.scalar(_scoped(session, context,
                                                       select(Customer).where(Customer.id == customer_id)))
    if customer is None:
        raise DomainError("record.not_found")
    return customer


def _detail(session: Session, context: Context, customer: Customer) -> CustomerDetail:
    in_pool = customer.owner_id is None
    rule_for = field_rules(session, context)
    rules = {name: rule_for(name, in_pool) for name in SENSITIVE}
    values = {name: getattr(customer, name) for name in EDITABLE}
    for name in SENSITIVE:
        values[name] = _shown(values[name], rules[name])
    owner = session.get(User, customer.owner_id) if customer.owner_id else None
    department = session.get(Department, customer.department_id) if customer.department_id else None
    values["custom"] = cf.value_pairs(customer.custom)
    return CustomerDetail(customer.id, customer.code, CustomerInput(**values, version=customer.version),
                          customer.owner_id, owner.display_name if owner else "", customer.department_id,
                          department.name if department else "", customer.created_at, customer.created_by,
                          customer.last_followup_at, rules)


def get_customer(context: Context, customer_id: int) -> CustomerDetail:
    context.require("customers.view")
    with context.unit_of_work(write=False) as uow:
        return _detail(uow.session, context, visible_customer(uow.session, context, customer_id))


# --- duplicates -----------------------------------------------------------------------------------

def find_duplicate(session: Session, context: Context, data: CustomerInput, exclude: int | None = None,
                   names_too: bool = True) -> None:
    """Raise ``customer.duplicate`` naming only the owner (or the pool) when the actor cannot see it."""
    checks: list[tuple[str, ColumnElement[bool]]] = []
    if data.tax_id:
        checks.append(("tax_id", Customer.tax_id == data.tax_id))
    if data.phone:
        checks.append(("phone", Customer.phone == data.phone))
    if names_too:
        checks.append(("name", Customer.name_key == st.name_key(data.name)[:200]))
    for match, condition in checks:
        query = select(Customer).where(condition)
        if exclude is not None:
            query = query.where(Customer.id != exclude)
        other = session.scalars(query.limit(1)).first()
        if other is None:
            continue
        owner = session.get(User, other.owner_id) if other.owner_id else None
        scope = scope_condition(session, context)
        seen = scope is None or session.scalar(select(Customer.id).where(Customer.id == other.id, scope)) is not None
        if seen:
            code = "customer.duplicate_visible"
        else:
            code = "customer.duplicate_in_pool" if other.owner_id is None else "customer.duplicate_owned"
        raise DomainError(code, match=match, owner=owner.display_name if owner else "",
                          in_pool=other.owner_id is None, number=other.code if seen else "",
                          name=other.name if seen else "")


# --- writes ---------------------------------------------------------------------------------------

def _changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {k: [before[k], after[k]] for k in before if before[k] != after[k]}


def create_customer(context: Context, data: CustomerInput, *, owner_id: int | str | None = "me",
                    allow_similar_name: bool = False) -> tuple[CustomerDetail, Changes]:
    """A new customer, owned by the actor (or ``owner_id``; None puts it in the pool)."""
    context.require("customers.create")
    clean = validated(data)
    with context.unit_of_work() as uow:
        session = uow.session
        find_duplicate(session, context, clean, names_too=not allow_similar_name)
        custom = cf.clean_values(cf.fields_in(session), data.custom, None, creating=True)
        now = context.clock()
        owner = context.actor.user_id if owner_id == "me" else owner_id
        department = session.scalar(select(User.department_id).where(User.id == owner)) if owner else None
        customer = Customer(**{k: getattr(clean, k) for k in EDITABLE}, custom=custom,
                            code=next_code(session, now.year),
                            owner_id=owner, department_id=department, created_at=now,
                            created_by=context.actor.display_name, claimed_at=now if owner else None,
                            updated_at=now, updated_by=context.actor.display_name)
        session.add(customer)
        session.flush()
        refresh_search(session, customer)
        uow.audit("customer.create", "customer", customer.id, code=customer.code, name=customer.name,
                  owner_id=owner)
        uow.commit()
        customer_id = customer.id
    return get_customer(context, customer_id), Changes(customers=True)


def update_customer(context: Context, customer_id: int, data: CustomerInput) -> tuple[CustomerDetail, Changes]:
    context.require("customers.edit")
    clean = validated(data)
    with context.unit_of_work() as uow:
        session = uow.session
        customer = visible_customer(session, context, customer_id)
        check_version(customer, data.version, "customer")
        rule_for = field_rules(session, context)
        for name in SENSITIVE:  # a field the actor may not edit keeps its stored value
            if rule_for(name, customer.owner_id is None) is not FieldRule.EDITABLE:
                clean = replace(clean, **{name: getattr(customer, name)})
        find_duplicate(session, context, clean, exclude=customer_id, names_too=False)
        before = {k: getattr(customer, k) for k in EDITABLE}
        custom_before, customer.custom = customer.custom, cf.clean_values(cf.fields_in(session), data.custom,
                                                                          customer.custom, creating=False)
        for name in EDITABLE:
            setattr(customer, name, getattr(clean, name))
        customer.updated_at, customer.updated_by = context.clock(), context.actor.display_name
        refresh_search(session, customer)
        changed = _changes(before, {k: getattr(clean, k) for k in EDITABLE})
        changed.update(cf.changed_values(custom_before, customer.custom))
        if changed:
            uow.audit("customer.update", "customer", customer_id, changed=changed)
        uow.commit()
    return get_customer(context, customer_id), Changes(customers=bool(changed))


def delete_customer(context: Context, customer_id: int) -> Changes:
    context.require("customers.delete")
    with context.unit_of_work() as uow:
        customer = visible_customer(uow.session, context, customer_id)
        held = uow.session.scalar(select(func.count()).select_from(Subscription)
                                  .where(Subscription.customer_id == customer_id)) or 0
        if held:  # a customer with subscriptions (and later bills) is closed, never deleted
            raise DomainError("customer.has_subscriptions", count=held, name=customer.name)
        uow.audit("customer.delete", "customer", customer_id, code=customer.code, name=customer.name)
        uow.session.delete(customer)
        uow.commit()
    return Changes(customers=True)


def owned_count(session: Session, user_id: int) -> int:
    return int(session.scalar(select(func.count()).select_from(Customer).where(
        and_(Customer.owner_id == user_id, Customer.status != "closed"))) or 0)
