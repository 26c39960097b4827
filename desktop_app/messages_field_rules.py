"""Sentences for the codes of the field rules on money (services/amounts.py: bills.amount, payments.amount,
products.unit_price), merged into messages.py."""

from __future__ import annotations


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    return text


def field_rule_templates() -> dict[str, str]:
    return {
        "amount.not_editable.bills": QT_TRANSLATE_NOOP(
            "Messages", "Your role may not enter or change bill amounts, so nothing was changed. Ask an "
            "administrator to make bill amounts editable for your role."
        ),
        "amount.not_editable.payments": QT_TRANSLATE_NOOP(
            "Messages", "Your role may not enter payment amounts (payments, refunds, wallet top-ups and debits, the "
            "low-balance threshold), so nothing was recorded. Ask an administrator to make payment amounts "
            "editable for your role."
        ),
        "amount.not_editable.products": QT_TRANSLATE_NOOP(
            "Messages", "Your role may not set or change prices, so nothing was saved. Keep every price as it was, "
            "or ask an administrator to make prices editable for your role."
        ),
        "amount.withheld.receipt": QT_TRANSLATE_NOOP(
            "Messages", "A receipt shows payment amounts, which your role does not show. Ask a colleague who may "
            "see them to print it."
        ),
        "amount.withheld.statement": QT_TRANSLATE_NOOP(
            "Messages", "A statement shows bill and payment amounts, which your role does not show. Ask a colleague "
            "who may see them to print it."
        ),
        "amount.withheld.calculator": QT_TRANSLATE_NOOP(
            "Messages", "The price calculator shows prices, which your role does not show."
        ),
        "amount.withheld.next_bill": QT_TRANSLATE_NOOP(
            "Messages", "The next bill's preview is nothing but bill amounts, which your role does not show."
        ),
        "amount.withheld.catalog": QT_TRANSLATE_NOOP(
            "Messages", "The catalog file holds every price, which your role does not show. Ask a colleague who may "
            "see prices to export it."
        ),
        "amount.withheld.document": QT_TRANSLATE_NOOP(
            "Messages", "This document shows amounts your role does not show."
        ),
    }
