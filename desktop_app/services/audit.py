"""The audit log: appending to the hash chain, verifying it, and reading it within the user's scope."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from desktop_app.db import database_now
from desktop_app.models import AuditEntry, AuditHead
from desktop_app.services.audit_chain import chain_hash
from desktop_app.services.context import Context
from desktop_app.services.scope import load_facts, visible

HEAD_ID = 1


def append(session: Session, pending: Iterable[dict[str, Any]]) -> None:
    """Link and insert entries, in order, under the chain head's row lock; database clock for ``at``."""
    entries = list(pending)
    if not entries:
        return
    now = database_now(session.connection())
    head = session.get(AuditHead, HEAD_ID, with_for_update=True)
    if head is None:  # a database created before the head row existed
        head = AuditHead(id=HEAD_ID, last_seq=0, last_hash="")
        session.add(head)
        session.flush()
    for entry in entries:
        content = dict(entry, seq=head.last_seq + 1, at=now)
        digest = chain_hash(head.last_hash, content)
        session.add(AuditEntry(**content, prev_hash=head.last_hash, hash=digest))
        head.last_seq, head.last_hash = content["seq"], digest
    session.flush()


@dataclass(frozen=True)
class VerifyReport:
    checked: int
    broken_seq: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_seq is None


def _content(row: AuditEntry) -> dict[str, Any]:
    return {"seq": row.seq, "at": row.at, "user_id": row.user_id, "user_login": row.user_login,
            "desktop": row.desktop, "action": row.action, "entity": row.entity, "entity_id": row.entity_id,
            "detail": row.detail}


def verify(context: Context) -> VerifyReport:
    """Walk the chain in order and name the first entry that does not fit (changed, removed, inserted)."""
    context.require("audit.view")
    with context.unit_of_work(write=False) as uow:
        previous, expected_seq, checked = "", 1, 0
        rows = uow.session.scalars(select(AuditEntry).order_by(AuditEntry.seq).execution_options(yield_per=2000))
        for row in rows:
            if row.seq != expected_seq:
                return VerifyReport(checked, expected_seq, "missing")
            if row.prev_hash != previous:
                return VerifyReport(checked, row.seq, "link")
            if chain_hash(previous, _content(row)) != row.hash:
                return VerifyReport(checked, row.seq, "content")
            previous, expected_seq, checked = row.hash, expected_seq + 1, checked + 1
        head = uow.session.get(AuditHead, HEAD_ID)
        if head is not None and (head.last_seq, head.last_hash) != (expected_seq - 1, previous):
            return VerifyReport(checked, expected_seq, "missing")
        return VerifyReport(checked)


@dataclass(frozen=True)
class AuditFilter:
    user_login: str = ""
    entity: str = ""
    entity_id: str = ""
    action: str = ""
    since: datetime | None = None
    until: datetime | None = None  # exclusive


@dataclass(frozen=True)
class AuditRow:
    seq: int
    at: datetime
    user_login: str
    desktop: str
    action: str
    entity: str
    entity_id: str
    detail: dict[str, Any]


def _where(context: Context, session: Session, flt: AuditFilter) -> list[ColumnElement[bool]]:
    conditions = []
    scope = visible(context.actor.access, load_facts(session, context.actor), "audit", AuditEntry.user_id)
    if scope is not None:
        conditions.append(scope)
    if flt.user_login:
        conditions.append(AuditEntry.user_login == flt.user_login)
    if flt.entity:
        conditions.append(AuditEntry.entity == flt.entity)
    if flt.entity_id:
        conditions.append(AuditEntry.entity_id == flt.entity_id)
    if flt.action:
        conditions.append(AuditEntry.action.startswith(flt.action, autoescape=True))
    if flt.since:
        conditions.append(AuditEntry.at >= flt.since)
    if flt.until:
        conditions.append(AuditEntry.at < flt.until)
    return conditions


def _row(entry: AuditEntry) -> AuditRow:
    return AuditRow(entry.seq or 0, entry.at, entry.user_login, entry.desktop, entry.action, entry.entity,
                    entry.entity_id, json.loads(entry.detail or "{}"))


def list_entries(context: Context, flt: AuditFilter = AuditFilter(), limit: int = 500,
                 offset: int = 0) -> list[AuditRow]:
    """Newest first, within the actor's audit scope."""
    context.require("audit.view")
    with context.unit_of_work(write=False) as uow:
        query = (select(AuditEntry).where(*_where(context, uow.session, flt))
                 .order_by(AuditEntry.seq.desc()).limit(limit).offset(offset))
        return [_row(entry) for entry in uow.session.scalars(query)]


def history(context: Context, entity: str, entity_id: object) -> list[AuditRow]:
    """One record's changes (the "History" tab): needs the audit view right too."""
    return list_entries(context, AuditFilter(entity=entity, entity_id=str(entity_id)))


def export_csv(context: Context, flt: AuditFilter, path: Path) -> int:
    """Write the filtered entries to a UTF-8 CSV (with BOM, so Excel opens Chinese correctly); audited."""
    context.require("audit.export")
    rows = list_entries(context, flt, limit=1_000_000)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["seq", "at_utc", "user", "desktop", "action", "entity", "entity_id", "detail"])
        for row in rows:
            writer.writerow([row.seq, row.at.isoformat(), row.user_login, row.desktop, row.action, row.entity,
                             row.entity_id, json.dumps(row.detail, ensure_ascii=False, sort_keys=True)])
    with context.unit_of_work() as uow:
        uow.audit("audit.export", "audit", "", rows=len(rows), file=path.name)
        uow.commit()
    return len(rows)
