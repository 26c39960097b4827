"""Who is acting, on which database, by which clock; and the one unit of work."""

from __future__ import annotations

import json
import platform
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import TracebackType
from typing import Any

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from desktop_app.db import Database
from desktop_app.errors import ConcurrentEdit, PermissionDenied
from desktop_app.services.access import FULL_ACCESS, Access

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Actor:
    """The logged-in user as services see them, with their effective access."""

    user_id: int | None
    login: str
    display_name: str
    access: Access = field(default_factory=Access)

    @property
    def is_admin(self) -> bool:
        return self.access.can("users", "edit") and self.access.can("settings", "edit")


SYSTEM = Actor(None, "system", "System", FULL_ACCESS)


@dataclass(frozen=True)
class Context:
    database: Database
    actor: Actor = SYSTEM
    clock: Clock = field(default=utc_now)
    desktop: str = field(default_factory=platform.node)

    def require(self, permission: str) -> None:
        """Raise PermissionDenied unless the actor's roles allow ``resource.action``."""
        resource, _, action = permission.partition(".")
        if not self.actor.access.can(resource, action):
            raise PermissionDenied(permission)

    def as_actor(self, actor: Actor) -> Context:
        return Context(self.database, actor, self.clock, self.desktop)

    def unit_of_work(self, *, write: bool = True) -> UnitOfWork:
        return UnitOfWork(self, write=write)


class UnitOfWork:
    """One session per user action: rolled back unless ``commit()`` was called, always closed."""

    def __init__(self, context: Context, *, write: bool) -> None:
        self.context = context
        self.write = write
        self._committed = False
        self._pending: list[dict[str, Any]] = []

    def __enter__(self) -> UnitOfWork:
        self.session: Session = self.context.database.session(write=self.write)
        return self

    def audit(
        self, action: str, entity: str, entity_id: object = "", *, actor: Actor | None = None, **detail: Any
    ) -> None:
        """Record the action; it is chained into the audit log by ``commit()``, in the same transaction.
        ``actor`` overrides the context's (e.g. at log-in)."""
        actor = actor or self.context.actor
        self._pending.append({
            "user_id": actor.user_id,
            "user_login": actor.login,
            "desktop": self.context.desktop,
            "action": action,
            "entity": entity,
            "entity_id": str(entity_id),
            "detail": json.dumps(detail, ensure_ascii=False, default=str, sort_keys=True),
        })

    def commit(self) -> None:
        from desktop_app.services.audit import append

        try:
            append(self.session, self._pending)
            self._pending.clear()
            self.session.commit()
        except StaleDataError:
            self.session.rollback()
            raise ConcurrentEdit(record="?", by=None, at=None) from None
        self._committed = True

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        try:
            if not self._committed:
                self.session.rollback()
        finally:
            self.session.close()
        if isinstance(error, StaleDataError):
            raise ConcurrentEdit(record="?", by=None, at=None) from None


def check_version(row: Any, expected: int, record: str) -> None:
    """Refuse to save over a row someone else changed since the caller loaded it."""
    if row.version != expected:
        at = row.updated_at.isoformat() if row.updated_at else None
        raise ConcurrentEdit(record=record, by=row.updated_by, at=at)
