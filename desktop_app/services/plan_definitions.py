"""A plan version's definition (the engine's JSON form) checked against the catalog and the engine.

How a plan refers to products: each charge (and the minimum commitment) names a product by ``code``;
the definition's ``"products"`` list is a **snapshot filled from the catalog** whenever a draft is
saved, checked or published (name, unit, tax rate ... of the catalog's product; whatever the caller
sent there is replaced). So a draft can only use products that exist and are active, and it always
carries the catalog's tax rate. A published version keeps the snapshot it was published with: a later
catalog change (a new rate, a new name) reaches a plan through its next version, never silently.
A catalog import stores definitions as written (they must name products that exist) so that
export → import → export is identical, retired snapshots included.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.billing.errors import BillingError, PlanInvalid
from desktop_app.billing.plan import PlanVersion
from desktop_app.billing.plan_json import from_dict, product_to_dict, to_dict
from desktop_app.billing.validation import plan_problems
from desktop_app.errors import DomainError
from desktop_app.messages import describe
from desktop_app.models import Product as ProductRow
from desktop_app.services.billing_errors import problem_code, problem_params
from desktop_app.services.catalog import engine_product


@dataclass(frozen=True)
class DefinitionProblem:
    """One problem of a definition, for the editor: ``code`` is the DomainError code (``plan.tiers.not_increasing``,
    ``plan.product.inactive``), ``path`` the JSON path (``charges[0].tiers[1].up_to``; ``""`` = the whole
    plan), ``message`` the English sentence (``messages.describe``); the GUI translates
    ``DomainError(code, **params)`` instead. ``params`` include ``path``."""

    code: str
    path: str
    message: str
    params: dict[str, Any] = field(default_factory=dict)


def _problem(code: str, path: str, params: Mapping[str, Any]) -> DefinitionProblem:
    full = {**params, "path": path or "$"}
    return DefinitionProblem(code, path, describe(DomainError(code, **full)), full)


def from_engine(error: BillingError) -> DefinitionProblem:
    params = problem_params(error)
    return DefinitionProblem(problem_code(error), error.path, describe(DomainError(problem_code(error), **params)),
                             params)


def product_refs(definition: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """(path, product code) of every product reference, in the order of the JSON form."""
    charges = definition.get("charges")
    if isinstance(charges, list):
        for index, charge in enumerate(charges):
            if isinstance(charge, dict) and isinstance(charge.get("product"), str):
                yield f"charges[{index}].product", charge["product"]
    commitment = definition.get("minimum_commitment")
    if isinstance(commitment, dict) and isinstance(commitment.get("product"), str):
        yield "minimum_commitment.product", commitment["product"]


def catalog_rows(session: Session, codes: set[str]) -> dict[str, ProductRow]:
    if not codes:
        return {}
    return {row.code: row for row in session.scalars(select(ProductRow).where(ProductRow.code.in_(codes)))}


def with_catalog_products(
    session: Session, definition: Mapping[str, Any]
) -> tuple[dict[str, Any], list[DefinitionProblem]]:
    """The definition with its ``products`` snapshot taken from the catalog, and the catalog problems
    (a product code not in the catalog, or deactivated). Unknown codes keep a stand-in product, so that
    the engine's own checks still run on the rest."""
    refs = list(product_refs(definition))
    rows = catalog_rows(session, {code for _, code in refs})
    given = definition.get("products")
    own = {item["code"]: item for item in given if isinstance(item, dict) and isinstance(item.get("code"), str)} \
        if isinstance(given, list) else {}
    problems: list[DefinitionProblem] = []
    products: dict[str, object] = {}
    for path, code in refs:
        row = rows.get(code)
        if row is None:
            problems.append(_problem("plan.product.not_in_catalog", path, {"product": code}))
        elif not row.active:
            problems.append(_problem("plan.product.inactive", path, {"product": code}))
        if code not in products:
            stand_in = own.get(code) or {"code": code, "name": code, "unit": "", "tax_rate": "exempt"}
            products[code] = product_to_dict(engine_product(row)) if row is not None else stand_in
    return {**definition, "products": list(products.values())}, problems


def owned_fields(definition: Mapping[str, Any], code: str, name: str, description: str,
                 number: int) -> dict[str, Any]:
    """The fields the plan owns (code, name, description, version number) set from the plan."""
    return {**definition, "code": code, "name": name, "description": description, "version": number}


def for_editor(definition: Mapping[str, Any]) -> dict[str, Any]:
    """An edited definition before it has a plan: a missing ``code`` / ``name`` is not its problem (saving
    sets them from the plan), nor the version number."""
    given = dict(definition)
    given.setdefault("code", "plan")
    given.setdefault("name", "plan")
    given["version"] = given["version"] if isinstance(given.get("version"), int) and given["version"] > 0 else 1
    return given


def problems_of(definition: Mapping[str, Any]) -> list[DefinitionProblem]:
    """The engine's problems: the first JSON-shape problem (reading stops there), else every value problem."""
    try:
        plan = from_dict(dict(definition), validate=False)
    except PlanInvalid as error:
        return [from_engine(error)]
    return [from_engine(problem) for problem in plan_problems(plan)]


def check(session: Session, definition: Mapping[str, Any]) -> tuple[dict[str, Any], list[DefinitionProblem]]:
    """Catalog products filled in, and every problem (catalog first, then the engine's)."""
    filled, problems = with_catalog_products(session, definition)
    return filled, problems + problems_of(filled)


def definition_error(problem: DefinitionProblem, path_prefix: str = "") -> DomainError:
    """``plan.definition_invalid`` for the first problem (params: path, problem_code and the problem's)."""
    params = dict(problem.params)
    if path_prefix:
        params["path"] = f"{path_prefix}.{problem.path}" if problem.path else path_prefix
    return DomainError("plan.definition_invalid", problem_code=problem.code, **params)


def valid_definition(session: Session, definition: Mapping[str, Any]) -> tuple[PlanVersion, dict[str, Any]]:
    """The engine's plan and its canonical JSON form (``to_dict``), or ``plan.definition_invalid``."""
    filled, problems = check(session, definition)
    if problems:
        raise definition_error(problems[0])
    plan = from_dict(filled)
    return plan, to_dict(plan)


def stored_plan(definition: Mapping[str, Any]) -> PlanVersion:
    """The engine's plan for a stored definition (valid when it was saved)."""
    try:
        return from_dict(dict(definition))
    except PlanInvalid as error:
        raise definition_error(from_engine(error)) from None
