"""Undoing a customer import while nothing depends on it.

Every committed import is a batch (``import_batches``) with one change per customer it created or updated
(``import_changes``: the old values of the fields it changed, custom fields as ``custom.<key>``, and the
customer's version right after the import). Undo deletes the created customers and puts the old values
back, all or nothing; it is refused when any of those customers was edited since, or a created one got
contacts or follow-ups meanwhile.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, select, true
from sqlalchemy.orm import Session

from desktop_app.errors import DomainError
from desktop_app.models import Contact, Customer, FollowUp, ImportBatch, ImportChange
from desktop_app.services.access import Scope
from desktop_app.services.changes import Changes
from desktop_app.services.context import Context
from desktop_app.services.customers import EDITABLE, refresh_search


@dataclass(frozen=True)
class BatchInfo:
    id: int
    file_name: str
    mode: str
    created_at: datetime
    created_by: str
    created: int
    updated: int
    undone_at: datetime | None
    undone_by: str | None

    @property
    def undone(self) -> bool:
        return self.undone_at is not None


@dataclass(frozen=True)
class UndoReport:
    batch_id: int
    deleted: int  # customers the import had created
    restored: int  # customers the import had updated, back to their old values


def _mine(context: Context) -> ColumnElement[bool]:
    """The batches the actor may see and undo: their own; all for the system actor (the admin CLI) and for
    someone who sees all customers."""
    actor = context.actor
    if actor.user_id is None or actor.access.scope("customers") is Scope.ALL:
        return true()
    return ImportBatch.user_id == actor.user_id


def _info(batch: ImportBatch) -> BatchInfo:
    return BatchInfo(batch.id, batch.file_name, batch.mode, batch.created_at, batch.created_by, batch.created,
                     batch.updated, batch.undone_at, batch.undone_by)


def list_batches(context: Context, limit: int = 20) -> list[BatchInfo]:
    """The actor's recent imports, newest first, undone ones included."""
    context.require("customers.import")
    with context.unit_of_work(write=False) as uow:
        query = (select(ImportBatch).where(_mine(context))
                 .order_by(ImportBatch.created_at.desc(), ImportBatch.id.desc()).limit(limit))
        return [_info(batch) for batch in uow.session.scalars(query)]


def _has_children(session: Session, customer_ids: list[int]) -> set[int]:
    if not customer_ids:
        return set()
    found = set(session.scalars(select(Contact.customer_id).where(Contact.customer_id.in_(customer_ids))))
    found |= set(session.scalars(select(FollowUp.customer_id).where(FollowUp.customer_id.in_(customer_ids))))
    return found


def undo_import(context: Context, batch_id: int) -> tuple[UndoReport, Changes]:
    """Delete the customers the import created and restore the ones it updated, in one transaction."""
    context.require("customers.import")
    with context.unit_of_work() as uow:
        session = uow.session
        batch = session.scalar(select(ImportBatch).where(ImportBatch.id == batch_id, _mine(context))
                               .with_for_update())
        if batch is None:
            raise DomainError("record.not_found")
        if batch.undone_at is not None:
            raise DomainError("import.already_undone", at=batch.undone_at.isoformat(), by=batch.undone_by or "")
        changes = list(session.scalars(select(ImportChange).where(ImportChange.batch_id == batch.id)
                                       .order_by(ImportChange.id)))
        # locked, so nobody adds a contact or edits one of them between the check and the undo
        customers = {c.id: c for c in session.scalars(
            select(Customer).where(Customer.id.in_([change.customer_id for change in changes]))
            .order_by(Customer.id).with_for_update())} if changes else {}
        created_ids = [change.customer_id for change in changes if change.action == "create"]
        with_children = _has_children(session, created_ids)
        blocked = [customers[change.customer_id].code for change in changes
                   if change.customer_id in customers and (
                       customers[change.customer_id].version != change.version_after
                       or change.customer_id in with_children)]
        if blocked:
            raise DomainError("import.undo_blocked", count=len(blocked), codes=", ".join(blocked[:5]))
        deleted = restored = 0
        now, who = context.clock(), context.actor.display_name
        for change in changes:
            customer = customers.get(change.customer_id)
            if customer is None:  # deleted since: nothing left to undo for it
                continue
            if change.action == "create":
                session.delete(customer)
                deleted += 1
                continue
            custom = dict(customer.custom or {})
            for name, value in (change.before or {}).items():
                if name in EDITABLE:
                    setattr(customer, name, value)
                elif name.startswith("custom."):
                    custom[name.removeprefix("custom.")] = value
            custom = {k: v for k, v in custom.items() if v not in (None, "")}
            if custom != dict(customer.custom or {}):
                customer.custom = custom or None  # a new dict: the JSON column sees the change
            customer.updated_at, customer.updated_by = now, who
            refresh_search(session, customer)
            restored += 1
        session.flush()
        batch.undone_at, batch.undone_by = now, who
        uow.audit("customer.import_undo", "import_batch", batch.id, file=batch.file_name, deleted=deleted,
                  restored=restored)
        uow.commit()
    return UndoReport(batch_id, deleted, restored), Changes(customers=deleted + restored > 0)
