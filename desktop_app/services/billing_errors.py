"""The pricing engine's errors (``billing.errors``) as DomainErrors the user gets a sentence for.

A ``PlanInvalid`` / ``PriceInputInvalid`` code ``c`` is the DomainError code ``"plan." + c``
(``plan.tiers.not_increasing``, ``plan.input.unknown_module``); a service raises it inside a wrapper
(``plan.definition_invalid``, ``plan.input_invalid``, ``coupon.discount_invalid``, ``catalog.invalid``)
with ``path`` (the JSON or field path, ``"$"`` for the whole value) and ``problem_code``;
``messages.describe`` gives the wrapper's sentence with the problem's own sentence inside.
"""

from __future__ import annotations

from typing import Any

from desktop_app.billing.errors import BillingError
from desktop_app.errors import DomainError

PREFIX = "plan."


def problem_code(error: BillingError) -> str:
    return PREFIX + error.code


def problem_params(error: BillingError, path_prefix: str = "") -> dict[str, Any]:
    """The engine's params plus ``path``; a param named ``code`` (``code.duplicate``) becomes ``value``,
    since ``code`` is the DomainError's own."""
    params = {("value" if key == "code" else key): value for key, value in error.params.items()}
    params["path"] = join_path(path_prefix, error.path)
    return params


def join_path(prefix: str, path: str) -> str:
    if not prefix:
        return path or "$"
    if not path:
        return prefix
    return f"{prefix}{path}" if path.startswith("[") else f"{prefix}.{path}"


def wrapped(wrapper: str, error: BillingError, path_prefix: str = "") -> DomainError:
    """``wrapper`` (one of the codes above) around the engine's problem."""
    return DomainError(wrapper, problem_code=problem_code(error), **problem_params(error, path_prefix))
