"""Plans (套餐) and their versions: drafts, publishing, grandfathering, duplicate, archive.

A plan has numbered versions, each a definition in the engine's JSON form (``billing.plan_json.to_dict``):

- ``draft``: at most one per plan, always the newest number; ``save_draft`` changes it. Editing a plan
  whose versions are all published or retired makes a new draft (latest number + 1).
- ``published``: at most one; what new subscriptions get. ``publish`` turns the draft into it.
- ``retired``: the previously published versions. They stay stored and priceable: a subscription keeps
  its version (grandfathering) until it is migrated explicitly.

Drafts are always valid (the engine's checks, and products from the catalog: see plan_definitions.py).
The plan row's ``version`` guards concurrent edits: every draft save, publish or archive bumps it; pass
``version`` (as loaded) to have a stale edit refused. Permissions: ``products.view`` to read,
``products.create`` to create or duplicate, ``products.edit`` to save drafts and archive,
``products.approve`` to publish.

Prices follow the field rule ``products.unit_price`` (``price_rules.py``): a role that masks or hides them
reads every price of a definition as "****" or None; a role that may not change them (read-only, masked or
hidden) may create a plan only without prices and save a draft only with every price as it was (the draft's,
else the latest version's), else ``AmountNotEditable`` and nothing is written. Duplicating and publishing
set no price of the user's and are not held.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.errors import DomainError
from desktop_app.models import Plan, PlanVersionRow
from desktop_app.services import amounts, price_rules
from desktop_app.services import plan_definitions as definitions
from desktop_app.services.access import FieldRule
from desktop_app.services.catalog import MAX_DESCRIPTION, check_code_free, clean_code, clean_name, clean_text
from desktop_app.services.changes import Changes
from desktop_app.services.context import Context, UnitOfWork, check_version
from desktop_app.services.plan_definitions import DefinitionProblem

__all__ = ["DRAFT", "PUBLISHED", "RETIRED", "DefinitionProblem", "PlanSummary", "PlanVersionInfo", "archive_plan",
           "check_definition", "create_plan", "duplicate_plan", "get_version", "list_plans", "list_versions",
           "publish", "save_draft"]

DRAFT, PUBLISHED, RETIRED = "draft", "published", "retired"
STATUSES = (DRAFT, PUBLISHED, RETIRED)


@dataclass(frozen=True)
class PlanSummary:
    id: int
    code: str
    name: str
    description: str
    archived: bool
    published_number: int | None
    draft_number: int | None
    version: int


@dataclass(frozen=True)
class PlanVersionInfo:
    id: int
    plan_id: int
    number: int
    status: str  # draft | published | retired
    definition: dict[str, Any]
    published_at: datetime | None
    published_by: str


def _version_info(row: PlanVersionRow, rule: FieldRule) -> PlanVersionInfo:
    """The version with its definition's prices as a role with ``rule`` on prices may see them."""
    return PlanVersionInfo(row.id, row.plan_id, row.number, row.status, price_rules.withhold(row.definition, rule),
                           row.published_at, row.published_by)


def _price_rule(context: Context) -> FieldRule:
    return amounts.rule(context, amounts.PRICES)


def _numbers(session: Session, plan_id: int) -> tuple[int | None, int | None]:
    rows = session.execute(select(PlanVersionRow.status, PlanVersionRow.number)
                           .where(PlanVersionRow.plan_id == plan_id, PlanVersionRow.status != RETIRED)).all()
    found = {status: number for status, number in rows}
    return found.get(PUBLISHED), found.get(DRAFT)


def summary(session: Session, plan: Plan) -> PlanSummary:
    published, draft = _numbers(session, plan.id)
    return PlanSummary(plan.id, plan.code, plan.name, plan.description, plan.archived, published, draft,
                       plan.version)


def _plan(session: Session, plan_id: int, version: int | None = None) -> Plan:
    plan = session.get(Plan, plan_id)
    if plan is None:
        raise DomainError("record.not_found")
    if version is not None:
        check_version(plan, version, "plan")
    return plan


def _editable(session: Session, plan_id: int, version: int | None) -> Plan:
    plan = _plan(session, plan_id, version)
    if plan.archived:
        raise DomainError("plan.archived")
    return plan


def _touch(session: Session, plan: Plan, context: Context) -> None:
    """Bump the plan's version first, so a concurrent edit of the same plan fails cleanly (ConcurrentEdit)."""
    plan.updated_at, plan.updated_by = context.clock(), context.actor.display_name
    session.flush()


def _status_row(session: Session, plan_id: int, status: str) -> PlanVersionRow | None:
    return session.scalars(select(PlanVersionRow).where(PlanVersionRow.plan_id == plan_id,
                                                        PlanVersionRow.status == status)).first()


def _latest(session: Session, plan_id: int) -> PlanVersionRow | None:
    return session.scalars(select(PlanVersionRow).where(PlanVersionRow.plan_id == plan_id)
                           .order_by(PlanVersionRow.number.desc())).first()


def list_plans(context: Context, include_archived: bool = False) -> list[PlanSummary]:
    context.require("products.view")
    with context.unit_of_work(write=False) as uow:
        query = select(Plan).order_by(Plan.code)
        if not include_archived:
            query = query.where(Plan.archived.is_(False))
        return [summary(uow.session, plan) for plan in uow.session.scalars(query)]


def get_plan(context: Context, plan_id: int) -> PlanSummary:
    context.require("products.view")
    with context.unit_of_work(write=False) as uow:
        return summary(uow.session, _plan(uow.session, plan_id))


def list_versions(context: Context, plan_id: int) -> list[PlanVersionInfo]:
    """Every version of the plan, newest first."""
    context.require("products.view")
    with context.unit_of_work(write=False) as uow:
        _plan(uow.session, plan_id)
        rows = uow.session.scalars(select(PlanVersionRow).where(PlanVersionRow.plan_id == plan_id)
                                   .order_by(PlanVersionRow.number.desc()))
        rule = _price_rule(context)
        return [_version_info(row, rule) for row in rows]


def get_version(context: Context, version_id: int) -> PlanVersionInfo:
    context.require("products.view")
    with context.unit_of_work(write=False) as uow:
        row = uow.session.get(PlanVersionRow, version_id)
        if row is None:
            raise DomainError("record.not_found")
        return _version_info(row, _price_rule(context))


def check_definition(context: Context, definition: Mapping[str, Any]) -> list[DefinitionProblem]:
    """Every problem of an edited definition, with its JSON path, for the editor (empty: it can be saved).

    Products come from the catalog (see plan_definitions.py). ``code``, ``name`` and ``version`` belong
    to the plan: when absent they are not reported (saving sets them)."""
    context.require("products.view")
    given = definitions.for_editor(definition)
    with context.unit_of_work(write=False) as uow:
        _, problems = definitions.check(uow.session, given)
    return problems


def _new_version(session: Session, plan: Plan, number: int, definition: dict[str, Any],
                 context: Context) -> PlanVersionRow:
    row = PlanVersionRow(plan_id=plan.id, number=number, status=DRAFT, definition=definition,
                         created_at=context.clock(), published_by="")
    session.add(row)
    session.flush()
    return row


def _create(uow: UnitOfWork, code: str, name: str, description: str, definition: Mapping[str, Any]
            ) -> tuple[Plan, PlanVersionRow]:
    session, context = uow.session, uow.context
    check_code_free(session, Plan, code, 0)
    _, canonical = definitions.valid_definition(
        session, definitions.owned_fields(definition, code, name, description, 1))
    plan = Plan(code=code, name=name, description=description, archived=False, created_at=context.clock(),
                updated_at=context.clock(), updated_by=context.actor.display_name)
    session.add(plan)
    session.flush()
    return plan, _new_version(session, plan, 1, canonical, context)


def create_plan(context: Context, code: str, name: str, description: str, definition: Mapping[str, Any]
                ) -> tuple[PlanSummary, PlanVersionInfo, Changes]:
    """A new plan with draft version 1 (publish it to offer it); with prices only for a role that may set them."""
    context.require("products.create")
    if amounts.configured(context, amounts.PRICES) is not FieldRule.EDITABLE:
        price_rules.check_unchanged(definition, {})
    code, name = clean_code(code), clean_name(name)
    description = clean_text(description, "description", MAX_DESCRIPTION)
    with context.unit_of_work() as uow:
        plan, row = _create(uow, code, name, description, definition)
        result = summary(uow.session, plan), _version_info(row, _price_rule(context))
        uow.audit("plan.create", "plan", plan.id, code=code, name=name, number=1)
        uow.commit()
    return result[0], result[1], Changes(catalog=True)


def save_draft(context: Context, plan_id: int, definition: Mapping[str, Any], name: str | None = None,
               description: str | None = None, version: int | None = None) -> tuple[PlanVersionInfo, Changes]:
    """Save the plan's draft; with only published/retired versions this makes a new draft (latest + 1):
    editing a published plan creates a new version. ``name``/``description`` (None: unchanged) change the
    plan. An invalid definition raises ``plan.definition_invalid`` for its first problem. A role that may not
    change prices must leave every price as it was (``AmountNotEditable``)."""
    context.require("products.edit")
    fixed_prices = amounts.configured(context, amounts.PRICES) is not FieldRule.EDITABLE
    new_name = None if name is None else clean_name(name)
    new_description = None if description is None else clean_text(description, "description", MAX_DESCRIPTION)
    with context.unit_of_work() as uow:
        session = uow.session
        plan = _editable(session, plan_id, version)
        if fixed_prices:
            reference = _status_row(session, plan.id, DRAFT) or _latest(session, plan.id)
            price_rules.check_unchanged(definition, reference.definition if reference is not None else {})
        changed = {}
        if new_name is not None and new_name != plan.name:
            changed["name"] = [plan.name, new_name]
            plan.name = new_name
        if new_description is not None and new_description != plan.description:
            changed["description"] = [plan.description, new_description]
            plan.description = new_description
        draft = _status_row(session, plan.id, DRAFT)
        number = draft.number if draft is not None else (_latest_number(session, plan.id) + 1)
        _, canonical = definitions.valid_definition(
            session, definitions.owned_fields(definition, plan.code, plan.name, plan.description, number))
        _touch(session, plan, context)
        if draft is None:
            draft = _new_version(session, plan, number, canonical, context)
        else:
            draft.definition = canonical
            session.flush()
        result = _version_info(draft, _price_rule(context))
        uow.audit("plan.save_draft", "plan", plan.id, code=plan.code, number=number, changed=changed)
        uow.commit()
    return result, Changes(catalog=True)


def _latest_number(session: Session, plan_id: int) -> int:
    return int(session.scalar(select(func.coalesce(func.max(PlanVersionRow.number), 0))
                              .where(PlanVersionRow.plan_id == plan_id)) or 0)


def publish(context: Context, plan_id: int, version: int | None = None) -> tuple[PlanVersionInfo, Changes]:
    """The draft becomes the published version; the previously published one is retired (kept, priceable).
    The products are taken from the catalog once more, so the version sells what the catalog says today."""
    context.require("products.approve")
    with context.unit_of_work() as uow:
        session = uow.session
        plan = _editable(session, plan_id, version)
        draft = _status_row(session, plan.id, DRAFT)
        if draft is None:
            raise DomainError("plan.no_draft")
        _, canonical = definitions.valid_definition(session, draft.definition)
        _touch(session, plan, context)
        previous = _status_row(session, plan.id, PUBLISHED)
        if previous is not None:
            previous.status = RETIRED
        draft.definition, draft.status = canonical, PUBLISHED
        draft.published_at, draft.published_by = context.clock(), context.actor.display_name
        session.flush()
        result = _version_info(draft, _price_rule(context))
        uow.audit("plan.publish", "plan", plan.id, code=plan.code, number=draft.number,
                  retired=None if previous is None else previous.number)
        uow.commit()
    return result, Changes(catalog=True)


def duplicate_plan(context: Context, plan_id: int, code: str, name: str) -> tuple[PlanSummary, Changes]:
    """A new plan whose draft 1 is a copy of the latest version of ``plan_id`` (products from the catalog)."""
    context.require("products.create")
    code, name = clean_code(code), clean_name(name)
    with context.unit_of_work() as uow:
        source = _plan(uow.session, plan_id)
        latest = _latest(uow.session, source.id)
        if latest is None:  # pragma: no cover - every plan is created with version 1
            raise DomainError("record.not_found")
        plan, _ = _create(uow, code, name, source.description, latest.definition)
        result = summary(uow.session, plan)
        uow.audit("plan.duplicate", "plan", plan.id, code=code, name=name, source=source.code,
                  source_number=latest.number)
        uow.commit()
    return result, Changes(catalog=True)


def archive_plan(context: Context, plan_id: int, archived: bool = True, version: int | None = None) -> Changes:
    """Archive (hidden from the lists, no more edits; its versions stay priceable) or restore a plan."""
    context.require("products.edit")
    with context.unit_of_work() as uow:
        plan = _plan(uow.session, plan_id, version)
        if plan.archived == archived:
            return Changes()
        plan.archived = archived
        _touch(uow.session, plan, context)
        uow.audit("plan.archive" if archived else "plan.restore", "plan", plan.id, code=plan.code)
        uow.commit()
    return Changes(catalog=True)
