"""Sentences for the codes of bill runs and bills (merged into messages.py)."""

from __future__ import annotations


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    return text


def bill_templates() -> dict[str, str]:
    return {
        "bill_run.locked": QT_TRANSLATE_NOOP(
            "Messages", "{holder} on {desktop} is running a bill run (since {since}). Wait until it finishes."
        ),
        "bill_run.lock_lost": QT_TRANSLATE_NOOP(
            "Messages", "Another desktop took this bill run over: it showed no sign of life for {minutes} minutes. "
            "The bills made so far are kept; run it again when the other run has finished."
        ),
        "bill_run.changed_meanwhile": QT_TRANSLATE_NOOP(
            "Messages", "Subscriptions or usage of this bill run kept changing on another desktop while it ran. "
            "The bills made so far are kept; run it again when the other work is done."
        ),
        "bill.not_draft": QT_TRANSLATE_NOOP(
            "Messages", "Bill {bill} is no longer a draft. An issued bill is corrected with a credit note."
        ),
        "bill.empty": QT_TRANSLATE_NOOP(
            "Messages", "This bill has no lines. Add a line or delete the draft."
        ),
        "bill.not_latest": QT_TRANSLATE_NOOP(
            "Messages", "A later bill of the same subscription exists. Delete that draft first."
        ),
        "bill.changed_since_draft": QT_TRANSLATE_NOOP(
            "Messages", "The subscription was changed after this draft was made, and the change was worked out "
            "against it. Issue the draft instead; corrections go on the next bill."
        ),
        "bill.line_description_required": QT_TRANSLATE_NOOP(
            "Messages", "Describe the line in at most 200 characters."
        ),
        "bill.line_amount_invalid": QT_TRANSLATE_NOOP(
            "Messages", "Give the amount in yuan with at most 2 decimals, e.g. 120.50 or -30.00."
        ),
        "bill.line_tax_rate_invalid": QT_TRANSLATE_NOOP(
            "Messages", "Give the tax rate as a fraction between 0 and 1, e.g. 0.06, or choose exempt."
        ),
        "bill.line_not_manual": QT_TRANSLATE_NOOP(
            "Messages", "Only lines added by hand can be removed. Delete the draft to bill it again."
        ),
        "bill.void_reason_required": QT_TRANSLATE_NOOP(
            "Messages", "Give the reason for voiding the bill."
        ),
        "bill.void_not_open": QT_TRANSLATE_NOOP(
            "Messages",
            "Bill {bill} cannot be voided: only an issued bill with nothing paid can. Issue a credit note instead.",
        ),
        "bill.void_credited": QT_TRANSLATE_NOOP(
            "Messages", "Bill {bill} has a credit note and cannot be voided. Credit the rest instead."
        ),
    }
