"""Sentences for the codes of credit notes and the bills export (to be merged into messages.py)."""

from __future__ import annotations


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    return text


def credit_note_templates() -> dict[str, str]:
    return {
        "credit_note.not_creditable": QT_TRANSLATE_NOOP(
            "Messages", "Bill {bill} cannot be credited: it is a draft or void. Only an issued bill, paid or not, "
            "can be credited; a draft is changed or deleted instead."
        ),
        "credit_note.not_a_bill": QT_TRANSLATE_NOOP(
            "Messages", "{bill} is a credit note; a credit note cannot itself be credited. Choose the bill."
        ),
        "credit_note.exceeds_bill": QT_TRANSLATE_NOOP(
            "Messages", "Bill {bill} has only {creditable} left to credit in all (its negative lines count), not "
            "{requested}. Credit at most {creditable}."
        ),
        "credit_note.exceeds_creditable": QT_TRANSLATE_NOOP(
            "Messages", "Line \"{line}\" of bill {bill} has only {creditable} left to credit, not {requested}. "
            "Credit at most {creditable}."
        ),
        "credit_note.amount_invalid": QT_TRANSLATE_NOOP(
            "Messages", "Give the amount to credit in yuan, above 0 and with at most 2 decimals, e.g. 30.00."
        ),
        "credit_note.line_twice": QT_TRANSLATE_NOOP(
            "Messages", "A line is listed twice. Give each line once with the whole amount to credit."
        ),
        "credit_note.line_not_on_bill": QT_TRANSLATE_NOOP(
            "Messages", "That line is not on bill {bill} or cannot be credited on its own. Reload the bill and "
            "choose its lines again."
        ),
        "credit_note.nothing_to_credit": QT_TRANSLATE_NOOP(
            "Messages", "There is nothing to credit on bill {bill}: choose at least one line and an amount. Lines "
            "credited in full have nothing left."
        ),
        "credit_note.reason_required": QT_TRANSLATE_NOOP(
            "Messages", "Give the reason for the credit note in at most {limit} characters."
        ),
        "bill_export.format_invalid": QT_TRANSLATE_NOOP(
            "Messages", "Bills can be exported as JSON or CSV, not as {format}."
        ),
        "bill_export.period_invalid": QT_TRANSLATE_NOOP(
            "Messages", "The end of the period ({period_to}) must be after its start ({period_from})."
        ),
    }
