"""The customer list at scale: pages in sort order ("keyset": the rows after the last one shown), a count
apart from the rows, and search narrowed by the trigram index where the database has one.

Every query goes through ``customers._scoped`` (the actor's data scope plus the pool) and the field rules,
so lists, search and exports show exactly what the actor may see.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, func, literal_column, or_, select, table, text
from sqlalchemy.orm import Session

from desktop_app.models import Customer, Department, User
from desktop_app.models.search_index import SQLITE_TABLE
from desktop_app.services import search_text as st
from desktop_app.services.context import Context
from desktop_app.services.customers import CustomerFilter, CustomerRow, _filters, _scoped, field_rules, to_row
from desktop_app.services.scope import load_facts, visible

PAGE = 200
CANDIDATE_LIMIT = 5000  # beyond this many matches a plain scan in sort order finds a page sooner
ORDER: dict[str, Any] = {"code": Customer.code, "name": Customer.name, "status": Customer.status,
                         "tier": Customer.tier, "region": Customer.region,
                         "last_followup_at": Customer.last_followup_at}
NULLABLE = {"last_followup_at"}  # keyset needs non-null sort keys; these page by offset
_fts_present: dict[str, bool] = {}
EVERYONE = CustomerFilter()


def _has_trigram_table(session: Session) -> bool:
    url = str(session.get_bind().engine.url)
    if url not in _fts_present:
        _fts_present[url] = session.scalar(text("SELECT count(*) FROM sqlite_master WHERE name = :name"),
                                           {"name": SQLITE_TABLE}) == 1
    return _fts_present[url]


def candidates(session: Session, query: str) -> ColumnElement[bool] | None:
    """Narrow a search to the ids the SQLite trigram index finds, when that is a short list.

    The exact test (``search_text`` contains the query, literally) stays in ``_filters``: this only saves
    the scan. The query is matched as one FTS5 phrase, in which every character is literal; a query
    shorter than a trigram (two Chinese characters, say) scans. PostgreSQL's planner uses its pg_trgm
    index by itself."""
    needle = st.normalize(query)
    if session.get_bind().dialect.name != "sqlite" or len(needle) < 3 or not _has_trigram_table(session):
        return None
    phrase = '"' + needle.replace('"', '""') + '"'
    found = session.scalar(text(f"SELECT count(*) FROM (SELECT rowid FROM {SQLITE_TABLE} WHERE {SQLITE_TABLE} "
                                "MATCH :phrase LIMIT :n)"), {"phrase": phrase, "n": CANDIDATE_LIMIT + 1})
    if found is None or found > CANDIDATE_LIMIT:
        return None
    matches: Select[Any] = select(literal_column("rowid")).select_from(table(SQLITE_TABLE)).where(
        text(f"{SQLITE_TABLE} MATCH :phrase").bindparams(phrase=phrase))
    return Customer.id.in_(matches)


def _unindexed(column: Any) -> Any:
    """``+customers.owner_id``: the same value, but SQLite will not pick an index for it (its documented
    way to steer the planner)."""
    return literal_column(f"+{column.table.name}.{column.name}", type_=column.type)


def _scope_in_sort_order(session: Session, context: Context) -> ColumnElement[bool] | None:
    """The scope condition for reading a page in sort order on SQLite: without the hint SQLite reads every
    row of a salesperson's (own + pool, often 50,000 of a million) through the owner index and sorts them
    all for one page; with it, it walks the sort column's index and stops after a page (a few ms)."""
    owner, department = _unindexed(Customer.owner_id), _unindexed(Customer.department_id)
    condition = visible(context.actor.access, load_facts(session, context.actor), "customers", owner, department)
    return None if condition is None else or_(owner.is_(None), condition)


def _where(session: Session, context: Context, query: Select, flt: CustomerFilter) -> Select:  # type: ignore[type-arg]
    narrowed = candidates(session, flt.text) if flt.text else None
    query = query.where(*_filters(flt))
    if narrowed is not None:
        query = query.where(narrowed)
    if session.get_bind().dialect.name != "sqlite":
        return _scoped(session, context, query)
    condition = _scope_in_sort_order(session, context)
    return query if condition is None else query.where(condition)


def _ordered(query: Select, order: str, descending: bool) -> Select:  # type: ignore[type-arg]
    column = ORDER.get(order, Customer.code)
    if descending:
        return query.order_by(column.desc(), Customer.id.desc())
    return query.order_by(column, Customer.id)


def count_customers(context: Context, flt: CustomerFilter = EVERYONE) -> int:
    """How many customers the list holds (asked apart from the rows: on a million it takes longer)."""
    context.require("customers.view")
    with context.unit_of_work(write=False) as uow:
        query = _where(uow.session, context, select(func.count()).select_from(Customer), flt)
        return int(uow.session.scalar(query) or 0)


COLUMNS = (Customer.id, Customer.code, Customer.name, Customer.short_name, Customer.tier, Customer.status,
           Customer.owner_id, Customer.region, Customer.phone, Customer.tags, Customer.last_followup_at,
           Customer.custom)  # what a list line needs: plain columns, no ORM objects to build


def _rows(session: Session, context: Context, query: Select) -> list[CustomerRow]:  # type: ignore[type-arg]
    rule_for = field_rules(session, context)
    return [to_row(line, line.display_name, line.department, rule_for)  # type: ignore[arg-type]
            for line in session.execute(query)]


def page(context: Context, flt: CustomerFilter = EVERYONE, order: str = "code", descending: bool = False,
         after: CustomerRow | None = None, offset: int = 0, limit: int = PAGE) -> list[CustomerRow]:
    """The next ``limit`` rows in sort order after ``after`` (the last row shown; None for the first page).

    Sorting by a column that may be empty pages by ``offset`` instead (the number of rows shown)."""
    context.require("customers.view")
    order = order if order in ORDER else "code"
    with context.unit_of_work(write=False) as uow:
        session = uow.session
        query = _where(session, context, select(*COLUMNS, User.display_name, Department.name.label("department"))
                       .outerjoin(User, User.id == Customer.owner_id)
                       .outerjoin(Department, Department.id == Customer.department_id), flt)
        if after is None:
            return _rows(session, context, _ordered(query, order, descending).limit(limit))
        if order in NULLABLE:
            return _rows(session, context, _ordered(query, order, descending).offset(offset).limit(limit))
        # the keyset (value, id) > (last value, last id), as two index range reads: the rest of the last
        # value's rows by id, then the rows of the following values (one row-value range would make
        # SQLite read every row of a common value such as tier "standard" from its start)
        column, value = ORDER[order], getattr(after, order)
        same = query.where(column == value, Customer.id < after.id if descending else Customer.id > after.id)
        rows = _rows(session, context, _ordered(same, order, descending).limit(limit))
        if len(rows) < limit:
            rest = query.where(column < value if descending else column > value)
            rows += _rows(session, context, _ordered(rest, order, descending).limit(limit - len(rows)))
        return rows


def all_rows(context: Context, flt: CustomerFilter = EVERYONE, order: str = "code") -> Iterator[CustomerRow]:
    """Every row of the list, page by page (exports: memory stays flat however long the list)."""
    rows = page(context, flt, order)
    while rows:
        yield from rows
        if len(rows) < PAGE:
            return
        rows = page(context, flt, order, after=rows[-1], offset=0)


def list_ids(context: Context, flt: CustomerFilter = EVERYONE, order: str = "code",
             descending: bool = False, limit: int | None = None) -> list[int]:
    """The ids of the visible customers matching ``flt``, in sort order (for small lists and pickers)."""
    context.require("customers.view")
    with context.unit_of_work(write=False) as uow:
        query = _where(uow.session, context, select(Customer.id), flt)
        return list(uow.session.scalars(_ordered(query, order, descending).limit(limit)))


def load_rows(context: Context, ids: list[int]) -> list[CustomerRow]:
    """Rows for ``ids`` (in that order), re-checked against the scope, fields masked per role."""
    context.require("customers.view")
    if not ids:
        return []
    with context.unit_of_work(write=False) as uow:
        session = uow.session
        query = _scoped(session, context, select(Customer, User.display_name, Department.name)
                        .outerjoin(User, User.id == Customer.owner_id)
                        .outerjoin(Department, Department.id == Customer.department_id)
                        .where(Customer.id.in_(ids)))
        rule_for = field_rules(session, context)
        found = {customer.id: to_row(customer, owner, department, rule_for)
                 for customer, owner, department in session.execute(query)}
        return [found[i] for i in ids if i in found]


@dataclass(frozen=True)
class OwnerChoices:
    """Who may own the customers the actor sees (the owner filter) and their departments."""

    users: tuple[tuple[int, str], ...]
    departments: tuple[tuple[int, str], ...]


def owner_choices(context: Context) -> OwnerChoices:
    """The users inside the actor's customer scope, seen as owners, and their departments: the choices of
    the list's owner and department filters (a salesperson's is just themself)."""
    context.require("customers.view")
    with context.unit_of_work(write=False) as uow:
        session = uow.session
        condition = visible(context.actor.access, load_facts(session, context.actor), "customers", User.id,
                            User.department_id)
        users = select(User.id, User.display_name, User.department_id).where(User.active)
        if condition is not None:
            users = users.where(condition)
        people = session.execute(users.order_by(User.display_name)).all()
        department_ids = {d for _, _, d in people if d is not None}
        departments = session.execute(select(Department.id, Department.name)
                                      .where(Department.id.in_(department_ids)).order_by(Department.name)).all() \
            if department_ids else []
        return OwnerChoices(tuple((i, n) for i, n, _ in people), tuple((i, n) for i, n in departments))


def search(context: Context, query: str, limit: int = 50) -> list[CustomerRow]:
    """The first ``limit`` customers matching the search box text (name, pinyin, phone, tax ID, contacts)."""
    return page(context, CustomerFilter(text=query), limit=limit)
