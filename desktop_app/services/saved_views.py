"""Things a user saves by name for later: customer list filters, import column mappings (presets) and report
settings (kind ``report:<report name>``).

Each user sees and changes only their own. The system actor (the admin CLI, which has no user) cannot
save any, but may read anyone's by name (``find_view``), so IT can run an import with a preset a
colleague saved in the app.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.errors import DomainError, ValidationFailed
from desktop_app.models import SavedView, User
from desktop_app.services.changes import NOTHING, Changes
from desktop_app.services.context import Context

# kind -> the permission that using it needs
KINDS = {"customer_filter": "customers.view", "import_mapping": "customers.import"}
REPORT_KIND = "report:"  # + a report's name: its saved settings (services/reports/saved.py), need reports.view
KIND_LIMIT = 30
NAME_LIMIT = 60


@dataclass(frozen=True)
class SavedViewInfo:
    id: int
    kind: str
    name: str
    data: dict[str, Any]


def _info(view: SavedView) -> SavedViewInfo:
    return SavedViewInfo(view.id, view.kind, view.name, dict(view.data or {}))


def _permission(kind: str) -> str | None:
    if kind.startswith(REPORT_KIND) and len(REPORT_KIND) < len(kind) <= KIND_LIMIT:
        return "reports.view"
    return KINDS.get(kind)


def _require(context: Context, kind: str) -> None:
    permission = _permission(kind)
    if permission is None:
        raise DomainError("view.kind_invalid", kind=kind)
    context.require(permission)


def _user_id(context: Context) -> int:
    if context.actor.user_id is None:
        raise DomainError("view.user_required")
    return context.actor.user_id


def clean_name(name: str) -> str:
    clean = name.strip()
    if not clean:
        raise ValidationFailed("view.name_required", "name")
    if len(clean) > NAME_LIMIT:
        raise ValidationFailed("view.name_too_long", "name", maximum=NAME_LIMIT)
    return clean


def _own(session: Session, user_id: int, kind: str) -> list[SavedView]:
    return list(session.scalars(select(SavedView).where(SavedView.user_id == user_id, SavedView.kind == kind)
                                .order_by(SavedView.name, SavedView.id)))


def list_views(context: Context, kind: str) -> list[SavedViewInfo]:
    """The actor's own saved views of ``kind``, by name (none for the system actor)."""
    _require(context, kind)
    if context.actor.user_id is None:
        return []
    with context.unit_of_work(write=False) as uow:
        return [_info(view) for view in _own(uow.session, context.actor.user_id, kind)]


def find_view(context: Context, kind: str, name: str, login: str | None = None) -> SavedViewInfo:
    """A saved view by name: the actor's own; for the system actor anyone's (``login`` says whose when
    several users saved one under that name)."""
    _require(context, kind)
    wanted = name.strip()
    with context.unit_of_work(write=False) as uow:
        query = select(SavedView, User.login).join(User, User.id == SavedView.user_id).where(
            SavedView.kind == kind, SavedView.name == wanted)
        if context.actor.user_id is not None:
            query = query.where(SavedView.user_id == context.actor.user_id)
        if login:
            query = query.where(User.login == login)
        found = uow.session.execute(query.order_by(User.login)).all()
        if not found:
            raise DomainError("view.not_found", name=wanted)
        if len(found) > 1:
            raise DomainError("view.ambiguous", name=wanted, logins=", ".join(owner for _v, owner in found))
        return _info(found[0][0])


def save_view(context: Context, kind: str, name: str, data: dict[str, Any]) -> tuple[SavedViewInfo, Changes]:
    """Save ``data`` under ``name``; a view of the same kind and name is overwritten."""
    _require(context, kind)
    clean = clean_name(name)
    user_id = _user_id(context)
    with context.unit_of_work() as uow:
        session = uow.session
        view = session.scalar(select(SavedView).where(SavedView.user_id == user_id, SavedView.kind == kind,
                                                      SavedView.name == clean))
        replaced = view is not None
        if view is None:
            view = SavedView(user_id=user_id, kind=kind, name=clean, data=dict(data), created_at=context.clock())
            session.add(view)
        else:
            view.data = dict(data)
        session.flush()
        uow.audit("view.save", "saved_view", view.id, kind=kind, name=clean, replaced=replaced)
        info = _info(view)
        uow.commit()
    return info, NOTHING


def delete_view(context: Context, view_id: int) -> Changes:
    """Delete one of the actor's own saved views; anyone else's is "not found"."""
    user_id = _user_id(context)
    with context.unit_of_work() as uow:
        view = uow.session.get(SavedView, view_id)
        if view is None or view.user_id != user_id:
            raise DomainError("record.not_found")
        _require(context, view.kind)
        uow.audit("view.delete", "saved_view", view.id, kind=view.kind, name=view.name)
        uow.session.delete(view)
        uow.commit()
    return NOTHING
