"""Field rules on money (issue 3, "Field rules"): who sees amounts and unit prices, and who may change them.

Three rules of the role grid (``access.SENSITIVE_FIELDS``) govern every money value outside the reports (the
reports leave money columns out themselves: ``reports/query.py``):

- ``bills.amount`` — a bill's or credit note's money: its totals, every line's unit price, net, tax and gross,
  the credit and wallet amounts deducted on it, amount due, paid and outstanding; what a credit note can still
  credit; the overdue amount of a payment reminder; the bill's PDF prices.
- ``payments.amount`` — money received and paid back: payment and refund amounts, what they settled
  (allocations), the prepaid wallet (balance, low-balance threshold, entries); receipts.
- ``products.unit_price`` — the catalog's prices: every price in a plan definition (fees, unit prices, tier
  prices and flat fees, top-up prices and bonuses, price-list prices, the minimum commitment, fixed-amount
  discounts), fixed-amount coupons, and the price calculator (whose answers are nothing but prices).

A figure made of both bill and payment money — a customer's balance and open credit, a statement's opening,
running and closing balance and its aging — is shown only when both rules show amounts.

What a rule means (``FieldRule``):

- EDITABLE: shown, and may be set or changed (by whoever has the write's own permission: ``bills.edit`` for a
  manual line, ``bills.approve`` for a credit note, ``payments.create`` for a payment, ``products.edit`` for a
  plan...). The rule a role *sets* counts here (``configured``), not the read-only that
  ``Access.field_rule`` reports for a role without ``edit``/``create`` on the resource.
- READ_ONLY: shown; a write that sets or changes such a value is refused with ``AmountNotEditable`` (a
  ``PermissionDenied``) before anything is written.
- MASKED and HIDDEN: the value is not revealed. Services put None where it would be (``shown``); a view shows
  "****" for masked and leaves the column out (or "—") for hidden. A bill prints its "without prices" variant;
  documents that are nothing but amounts (receipts, statements) and the price calculator are refused with
  ``AmountsWithheld`` (a ``PermissionDenied``). A write of such a value is refused like READ_ONLY.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from desktop_app.errors import DomainError, PermissionDenied
from desktop_app.services.access import FieldRule
from desktop_app.services.context import Context

__all__ = ["BILLS", "FIELD", "MASK", "PAYMENTS", "PRICES", "AmountNotEditable", "AmountRules", "AmountsWithheld",
           "configured", "is_shown", "known", "require_editable", "require_shown", "rule", "rules_of", "shown",
           "text"]

BILLS, PAYMENTS, PRICES = "bills", "payments", "products"
FIELD = {BILLS: "amount", PAYMENTS: "amount", PRICES: "unit_price"}
MASK = "****"  # what a masked amount looks like where text is written (exports, plan definitions)
T = TypeVar("T")


class AmountNotEditable(PermissionDenied):
    """The actor's role does not let them set or change this kind of money (``amount.not_editable.<resource>``);
    nothing was written."""

    def __init__(self, resource: str) -> None:
        DomainError.__init__(self, f"amount.not_editable.{resource}", action=f"{resource}.{FIELD[resource]}")


class AmountsWithheld(PermissionDenied):
    """A document or tool that is nothing but amounts the actor's role does not show
    (``amount.withheld.<what>``: receipt, statement, calculator)."""

    def __init__(self, what: str, resource: str) -> None:
        DomainError.__init__(self, f"amount.withheld.{what}", action=f"{resource}.{FIELD[resource]}")


def rule(context: Context, resource: str) -> FieldRule:
    """The actor's field rule on the money of ``resource`` (bills, payments, products)."""
    return context.actor.access.field_rule(resource, FIELD[resource])


def is_shown(value: FieldRule) -> bool:
    return value >= FieldRule.READ_ONLY


@dataclass(frozen=True)
class AmountRules:
    """The actor's three money rules, read once per use case."""

    bills: FieldRule
    payments: FieldRule
    prices: FieldRule

    @property
    def bills_shown(self) -> bool:
        return is_shown(self.bills)

    @property
    def payments_shown(self) -> bool:
        return is_shown(self.payments)

    @property
    def prices_shown(self) -> bool:
        return is_shown(self.prices)

    @property
    def account_shown(self) -> bool:
        """Figures made of bill and payment money together (balances, open credit, aging)."""
        return self.bills_shown and self.payments_shown

    @property
    def account(self) -> FieldRule:
        """The rule of a figure made of bill and payment money: the stricter of the two."""
        return min(self.bills, self.payments)

    def of(self, resource: str) -> FieldRule:
        return {BILLS: self.bills, PAYMENTS: self.payments, PRICES: self.prices}[resource]


def rules_of(context: Context) -> AmountRules:
    return AmountRules(rule(context, BILLS), rule(context, PAYMENTS), rule(context, PRICES))


def shown(value: T, visible: bool) -> T | None:
    """``value`` where the rule shows it, else None (the withheld marker)."""
    return value if visible else None


def known(value: T | None) -> T:
    """An amount the caller made sure is shown (``require_shown``); a withheld one fails closed."""
    if value is None:
        raise AmountsWithheld("document", BILLS)
    return value


def configured(context: Context, resource: str) -> FieldRule:
    """The rule the actor's roles set on the money of ``resource`` (hidden without ``view``). Unlike ``rule`` it
    is not lowered to read-only for a role without ``edit``/``create`` on the resource: the write's own
    permission (e.g. ``bills.approve`` for a credit note) decides who may write at all."""
    grant = context.actor.access.grants.get(resource)
    if grant is None or "view" not in grant.actions:
        return FieldRule.HIDDEN
    return grant.fields.get(FIELD[resource], FieldRule.EDITABLE)


def require_editable(context: Context, resource: str) -> None:
    """Refuse (``AmountNotEditable``) unless the actor's roles leave the money of ``resource`` editable (the
    write's permission is checked by the caller). Called before anything is written."""
    if configured(context, resource) is not FieldRule.EDITABLE:
        raise AmountNotEditable(resource)


def require_shown(context: Context, what: str, *resources: str) -> None:
    """Refuse (``AmountsWithheld``) a document or tool made of the money of ``resources`` that the actor's
    role does not show."""
    for resource in resources:
        if not is_shown(rule(context, resource)):
            raise AmountsWithheld(what, resource)


def text(value: str | None, value_rule: FieldRule) -> str | None:
    """An amount written as text (exports, plan definitions): as it is, "****" when masked, None when hidden."""
    if is_shown(value_rule):
        return value
    return MASK if value_rule is FieldRule.MASKED else None
