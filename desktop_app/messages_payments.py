"""Sentences for the payments' and wallets' codes (merged into messages.py)."""

from __future__ import annotations


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    return text


def payment_templates() -> dict[str, str]:
    return {
        "payment.amount_invalid": QT_TRANSLATE_NOOP(
            "Messages", "{field_label}: enter an amount with at most 2 decimals, such as 1,200.50, above 0 (a bonus "
            "or a low-balance threshold may be 0) and below 1,000,000,000,000."
        ),
        "payment.method_unknown": QT_TRANSLATE_NOOP(
            "Messages", 'Unknown payment method "{method}". Choose cash, bank transfer, Alipay, WeChat Pay, UnionPay, '
            "card or other."
        ),
        "payment.received_in_future": QT_TRANSLATE_NOOP(
            "Messages", "The date received is in the future. Enter the day the money arrived (today or earlier)."
        ),
        "payment.allocation_duplicate": QT_TRANSLATE_NOOP(
            "Messages", "A bill appears twice in the allocation. Enter each bill once, with all it should settle."
        ),
        "payment.allocation_exceeds_amount": QT_TRANSLATE_NOOP(
            "Messages", "The allocations add up to {allocated}, more than the {amount} received. Lower them; what is "
            "not allocated stays as the customer's open credit."
        ),
        "payment.allocation_too_large": QT_TRANSLATE_NOOP(
            "Messages", "Bill {bill} still owes only {outstanding}. Allocate at most that to it; the rest stays as "
            "the customer's open credit."
        ),
        "payment.bill_not_open": QT_TRANSLATE_NOOP(
            "Messages", "Bill {bill} is not an open bill of this customer (it may have been paid or voided "
            "meanwhile). Reload the customer's outstanding bills and choose again."
        ),
        "payment.token_used": QT_TRANSLATE_NOOP(
            "Messages", "This form was already used to record money for another customer. Close it and start again."
        ),
        "payment.refund_exceeds_credit": QT_TRANSLATE_NOOP(
            "Messages", "The customer's open credit is only {credit}, less than the refund of {amount}. Refund at "
            "most {credit}."
        ),
        "payment.top_up_unreadable": QT_TRANSLATE_NOOP(
            "Messages", "A top-up package on this bill cannot be read, so its wallet credit cannot be made. Nothing "
            "was saved; ask your administrator to check the bill."
        ),
        "wallet.insufficient": QT_TRANSLATE_NOOP(
            "Messages", "The wallet holds only {balance}, not enough to take {amount}. Top up the wallet first, or "
            "take a smaller amount."
        ),
    }
