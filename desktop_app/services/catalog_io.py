"""The catalog as one JSON file (docs/formats.md, "Catalog JSON"): products, coupons, plans and every
version, for review, version control and moving plans between installations.

``export_catalog`` → ``import_catalog`` → ``export_catalog`` gives identical JSON. The import is a dry run
unless asked, and all-or-nothing: the first problem raises ``catalog.invalid`` with its JSON path
(``$.plans[0].versions[1].definition.charges[2].tiers[1].up_to``) and nothing is saved. It merges by
code: new records are created, changed ones updated; a version number that is already published or
retired here must carry the same definition (published versions never change). Definitions are stored
as written (canonical form), so retired versions keep the products snapshot they were sold with; they
must name products that exist in the catalog (the file's or this installation's).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.billing.errors import PlanInvalid
from desktop_app.billing.plan_json import from_dict, product_to_dict, to_dict
from desktop_app.errors import DomainError, ValidationFailed
from desktop_app.models import Coupon, Plan, PlanVersionRow
from desktop_app.models import Product as ProductRow
from desktop_app.services import amounts
from desktop_app.services.billing_errors import problem_code, problem_params
from desktop_app.services.catalog import (
    MAX_DESCRIPTION,
    CouponInfo,
    ProductInfo,
    clean_code,
    clean_coupon,
    clean_name,
    clean_product,
    clean_text,
    engine_product,
    store_coupon,
    store_product,
)
from desktop_app.services.changes import Changes
from desktop_app.services.context import Context
from desktop_app.services.plan_definitions import catalog_rows, product_refs
from desktop_app.services.plans import DRAFT, PUBLISHED, RETIRED, STATUSES

FORMAT, FORMAT_VERSION = "benji-catalog", 1
_PRODUCT_KEYS = ("code", "name", "description", "category", "unit", "tax_rate", "active")
_COUPON_KEYS = ("code", "name", "active", "discount")
_PLAN_KEYS = ("code", "name", "description", "archived", "versions")
_VERSION_KEYS = ("number", "status", "definition")


@dataclass(frozen=True)
class CatalogImportReport:
    """What the import did (or, in a dry run, would do)."""

    committed: bool
    products_created: int = 0
    products_updated: int = 0
    coupons_created: int = 0
    coupons_updated: int = 0
    plans_created: int = 0
    plans_updated: int = 0
    versions_created: int = 0
    versions_updated: int = 0
    changes: Changes = field(default_factory=Changes)


def _invalid(path: str, code: str, **params: Any) -> DomainError:
    return DomainError("catalog.invalid", path=path, problem_code=code, **params)


# --- export ----------------------------------------------------------------------------------------

def export_catalog(context: Context) -> dict[str, Any]:
    """The whole catalog as JSON values, ordered by code (versions by number)."""
    context.require("products.export")
    amounts.require_shown(context, "catalog", amounts.PRICES)  # the file is the prices
    with context.unit_of_work(write=False) as uow:
        session = uow.session
        products = [{key: getattr(row, key) for key in _PRODUCT_KEYS}
                    for row in session.scalars(select(ProductRow).order_by(ProductRow.code))]
        coupons = [{"code": row.code, "name": row.name, "active": row.active, "discount": dict(row.discount)}
                   for row in session.scalars(select(Coupon).order_by(Coupon.code))]
        plans = []
        for plan in session.scalars(select(Plan).order_by(Plan.code)):
            versions = session.scalars(select(PlanVersionRow).where(PlanVersionRow.plan_id == plan.id)
                                       .order_by(PlanVersionRow.number))
            plans.append({"code": plan.code, "name": plan.name, "description": plan.description,
                          "archived": plan.archived,
                          "versions": [{"number": v.number, "status": v.status, "definition": dict(v.definition)}
                                       for v in versions]})
    return {"format": FORMAT, "version": FORMAT_VERSION, "products": products, "coupons": coupons, "plans": plans}


def write_catalog(context: Context, path: Path) -> int:
    """Export to ``path`` (UTF-8, indented); returns how many products, coupons and plans were written."""
    data = export_catalog(context)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return len(data["products"]) + len(data["coupons"]) + len(data["plans"])


def read_catalog(path: Path) -> object:
    """The JSON values of a catalog file (numbers with a fraction as Decimal, never float), or
    ``catalog.invalid`` naming the line and column where the JSON breaks."""
    try:
        return json.loads(path.read_text(encoding="utf-8-sig"), parse_float=Decimal)
    except json.JSONDecodeError as error:
        raise _invalid("$", "catalog.not_json", line=error.lineno, column=error.colno) from None
    except UnicodeDecodeError:
        raise _invalid("$", "catalog.not_json", line=1, column=1) from None


# --- reading the file ------------------------------------------------------------------------------

_TYPES: dict[type, str] = {dict: "object", list: "list", str: "string", bool: "boolean", int: "integer"}


def _typed(raw: object, kind: type, path: str) -> Any:
    if not isinstance(raw, kind) or (kind is int and isinstance(raw, bool)):
        raise _invalid(path, "catalog.wrong_type", expected=_TYPES[kind])
    return raw


def _object(raw: object, path: str, keys: tuple[str, ...], required: tuple[str, ...]) -> dict[str, Any]:
    data: dict[str, Any] = _typed(raw, dict, path)
    for key in data:
        if key not in keys:
            raise _invalid(f"{path}.{key}", "catalog.unknown_key")
    for key in required:
        if key not in data:
            raise _invalid(f"{path}.{key}", "catalog.required")
    return data


def _cleaned(path: str, clean: Any, data: Any) -> Any:
    try:
        return clean(data)
    except ValidationFailed as error:
        params = {key: value for key, value in error.params.items() if key != "field"}
        raise _invalid(f"{path}.{error.params['field']}", error.code, **params) from None
    except DomainError as error:  # coupon.discount_invalid: path and problem of the discount
        raise _invalid(f"{path}.{error.params['path']}", str(error.params["problem_code"]),
                       **{k: v for k, v in error.params.items() if k not in ("path", "problem_code")}) from None


def _unique(seen: dict[str, str], key: str, path: str) -> None:
    if key.casefold() in seen:
        raise _invalid(path, "catalog.duplicate", value=key)
    seen[key.casefold()] = path


def _products(raw: list[object]) -> list[ProductInfo]:
    result, seen = [], {}  # type: ignore[var-annotated]
    for index, item in enumerate(raw):
        path = f"$.products[{index}]"
        data = _object(item, path, _PRODUCT_KEYS, ("code", "name", "tax_rate"))
        for key in _PRODUCT_KEYS:
            if key in data:
                _typed(data[key], bool if key == "active" else str, f"{path}.{key}")
        info = _cleaned(path, clean_product, ProductInfo(0, **data))
        _unique(seen, info.code, f"{path}.code")
        result.append(info)
    return result


def _coupons(raw: list[object]) -> list[CouponInfo]:
    result, seen = [], {}  # type: ignore[var-annotated]
    for index, item in enumerate(raw):
        path = f"$.coupons[{index}]"
        data = _object(item, path, _COUPON_KEYS, ("code", "name", "discount"))
        for key, kind in (("code", str), ("name", str), ("active", bool), ("discount", dict)):
            if key in data:
                _typed(data[key], kind, f"{path}.{key}")
        info = _cleaned(path, clean_coupon, CouponInfo(0, **data))
        _unique(seen, info.code, f"{path}.code")
        result.append(info)
    return result


@dataclass(frozen=True)
class _Version:
    number: int
    status: str
    definition: dict[str, Any]
    path: str


@dataclass(frozen=True)
class _Plan:
    code: str
    name: str
    description: str
    archived: bool
    versions: tuple[_Version, ...]
    path: str


def _with_file_products(raw: dict[str, Any], products: dict[str, dict[str, object]]) -> dict[str, Any]:
    """A hand-written definition may leave out ``products``: those its charges name come from the file's."""
    listed = raw.get("products", [])
    if not isinstance(listed, list):
        return raw
    have = {item.get("code") for item in listed if isinstance(item, dict)}
    missing = dict.fromkeys(code for _, code in product_refs(raw) if code not in have and code in products)
    return {**raw, "products": [*listed, *(products[code] for code in missing)]} if missing else raw


def _version(item: object, path: str, plan: _Plan, products: dict[str, dict[str, object]]) -> _Version:
    data = _object(item, path, _VERSION_KEYS, _VERSION_KEYS)
    number = _typed(data["number"], int, f"{path}.number")
    if number < 1:
        raise _invalid(f"{path}.number", "catalog.number_invalid")
    if _typed(data["status"], str, f"{path}.status") not in STATUSES:
        raise _invalid(f"{path}.status", "catalog.status_invalid")
    raw = _typed(data["definition"], dict, f"{path}.definition")
    try:
        canonical = to_dict(from_dict({**_with_file_products(raw, products), "code": plan.code, "version": number}))
    except PlanInvalid as error:
        params = problem_params(error, f"{path}.definition")
        raise DomainError("catalog.invalid", problem_code=problem_code(error), **params) from None
    return _Version(number, data["status"], canonical, path)


def _plans(raw: list[object], products: list[ProductInfo]) -> list[_Plan]:
    snapshots = {info.code: product_to_dict(engine_product(info)) for info in products}
    result: list[_Plan] = []
    seen: dict[str, str] = {}
    for index, item in enumerate(raw):
        path = f"$.plans[{index}]"
        data = _object(item, path, _PLAN_KEYS, ("code", "name", "versions"))
        for key, kind in (("code", str), ("name", str), ("description", str), ("archived", bool)):
            if key in data:
                _typed(data[key], kind, f"{path}.{key}")
        code = _cleaned(path, lambda d: clean_code(d["code"]), data)
        _unique(seen, code, f"{path}.code")
        plan = _Plan(code, _cleaned(path, lambda d: clean_name(d["name"]), data),
                     _cleaned(path, lambda d: clean_text(d.get("description", ""), "description", MAX_DESCRIPTION),
                              data), data.get("archived", False), (), path)
        versions: list[_Version] = []
        numbers: dict[str, str] = {}
        for position, entry in enumerate(_typed(data["versions"], list, f"{path}.versions")):
            version = _version(entry, f"{path}.versions[{position}]", plan, snapshots)
            _unique(numbers, str(version.number), f"{version.path}.number")
            versions.append(version)
        result.append(replace(plan, versions=tuple(versions)))
    return result


def _sections(data: object) -> tuple[list[ProductInfo], list[CouponInfo], list[_Plan]]:
    top = _object(data, "$", ("format", "version", "products", "coupons", "plans"), ("format", "version"))
    if top["format"] != FORMAT:
        raise _invalid("$.format", "catalog.format_unknown")
    if top["version"] != FORMAT_VERSION:
        raise _invalid("$.version", "catalog.version_unsupported", value=str(top["version"]))
    lists = {key: _typed(top.get(key, []), list, f"$.{key}") for key in ("products", "coupons", "plans")}
    products = _products(lists["products"])
    return products, _coupons(lists["coupons"]), _plans(lists["plans"], products)


# --- applying it -----------------------------------------------------------------------------------

class _Import:
    def __init__(self, session: Session, context: Context) -> None:
        self.session, self.context = session, context
        self.counts: dict[str, int] = {}

    def count(self, name: str) -> None:
        self.counts[name] = self.counts.get(name, 0) + 1

    def _existing(self, model: Any, code: str, path: str) -> Any:
        rows = self.session.scalars(select(model).where(model.code == code)).all()
        if not rows and any(other.casefold() == code.casefold() for other in self.session.scalars(select(model.code))):
            raise _invalid(f"{path}.code", "catalog.code_taken", taken=code)
        return rows[0] if rows else None

    def products(self, products: list[ProductInfo]) -> None:
        for index, info in enumerate(products):
            row = self._existing(ProductRow, info.code, f"$.products[{index}]")
            if row is not None and all(getattr(row, key) == getattr(info, key) for key in _PRODUCT_KEYS):
                continue
            self.count("products_updated" if row is not None else "products_created")
            row = store_product(self.session, info, row, self.context)
            row.active = info.active

    def coupons(self, coupons: list[CouponInfo]) -> None:
        for index, info in enumerate(coupons):
            row = self._existing(Coupon, info.code, f"$.coupons[{index}]")
            if row is not None and (row.name, row.active, row.discount) == (info.name, info.active, info.discount):
                continue
            self.count("coupons_updated" if row is not None else "coupons_created")
            row = store_coupon(self.session, info, row, self.context)
            row.active = info.active

    def check_products(self, plans: list[_Plan]) -> None:
        self.session.flush()
        wanted = {code for plan in plans for v in plan.versions for _, code in product_refs(v.definition)}
        known = catalog_rows(self.session, wanted)
        for plan in plans:
            for version in plan.versions:
                for path, code in product_refs(version.definition):
                    if code not in known:
                        raise _invalid(f"{version.path}.definition.{path}", "plan.product.not_in_catalog",
                                       product=code)

    def plan(self, plan: _Plan) -> None:
        session, now = self.session, self.context.clock()
        row = self._existing(Plan, plan.code, plan.path)
        if row is None:
            row = Plan(code=plan.code, name=plan.name, description=plan.description, archived=plan.archived,
                       created_at=now)
            session.add(row)
            self.count("plans_created")
        elif (row.name, row.description, row.archived) != (plan.name, plan.description, plan.archived):
            row.name, row.description, row.archived = plan.name, plan.description, plan.archived
            self.count("plans_updated")
        if row in session.new or row in session.dirty:
            row.updated_at, row.updated_by = now, self.context.actor.display_name
        session.flush()
        stored = {v.number: v for v in session.scalars(select(PlanVersionRow).where(PlanVersionRow.plan_id == row.id))}
        for version in plan.versions:
            self.version(row, stored.get(version.number), version)
        if any(v.status == PUBLISHED for v in plan.versions):  # the file's published version wins
            published = next(v.number for v in plan.versions if v.status == PUBLISHED)
            for other in session.scalars(select(PlanVersionRow).where(PlanVersionRow.plan_id == row.id,
                                                                      PlanVersionRow.status == PUBLISHED,
                                                                      PlanVersionRow.number != published)):
                other.status = RETIRED
                self.count("versions_updated")
        session.flush()
        rows = session.scalars(select(PlanVersionRow).where(PlanVersionRow.plan_id == row.id)).all()
        drafts = [v.number for v in rows if v.status == DRAFT]
        published_count = sum(v.status == PUBLISHED for v in rows)
        if len(drafts) > 1 or published_count > 1 or (drafts and drafts[0] != max(v.number for v in rows)):
            raise _invalid(f"{plan.path}.versions", "catalog.version_state", plan=plan.code)

    def version(self, plan: Plan, row: PlanVersionRow | None, version: _Version) -> None:
        now, who = self.context.clock(), self.context.actor.display_name
        if row is None:
            self.session.add(PlanVersionRow(
                plan_id=plan.id, number=version.number, status=version.status, definition=version.definition,
                created_at=now, published_at=None if version.status == DRAFT else now,
                published_by="" if version.status == DRAFT else who))
            self.count("versions_created")
            return
        if (row.status, row.definition) == (version.status, version.definition):
            return
        if row.status != DRAFT and (row.definition != version.definition or version.status == DRAFT):
            raise _invalid(f"{version.path}.definition", "catalog.version_conflict", plan=plan.code,
                           number=version.number)
        if row.status == DRAFT and version.status != DRAFT:
            row.published_at, row.published_by = now, who
        row.status, row.definition = version.status, version.definition
        self.count("versions_updated")


def import_catalog(context: Context, data: object, *, dry_run: bool = True) -> CatalogImportReport:
    """Check the whole file, then merge it in one transaction; committed only when ``dry_run`` is False.
    The first problem raises ``catalog.invalid`` (``path``, ``problem_code`` and its params)."""
    context.require("products.import")
    amounts.require_editable(context, amounts.PRICES)  # a catalog file sets prices
    products, coupons, plans = _sections(data)
    with context.unit_of_work() as uow:
        work = _Import(uow.session, context)
        work.products(products)
        work.coupons(coupons)
        work.check_products(plans)
        for plan in plans:
            work.plan(plan)
        uow.session.flush()
        commit = not dry_run and any(work.counts.values())
        if commit:
            uow.audit("catalog.import", "catalog", "", counts=dict(work.counts))
            uow.commit()
    return CatalogImportReport(commit, **work.counts, changes=Changes(catalog=commit))


def import_catalog_file(context: Context, path: Path, *, dry_run: bool = True) -> CatalogImportReport:
    return import_catalog(context, read_catalog(path), dry_run=dry_run)
