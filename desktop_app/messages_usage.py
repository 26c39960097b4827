"""Sentences for the usage import's codes (merged into messages.py)."""

from __future__ import annotations


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    return text


def usage_templates() -> dict[str, str]:
    return {
        "usage.columns_missing": QT_TRANSLATE_NOOP(
            "Messages", "The usage file lacks the columns {columns}. See the usage file format in the manual."
        ),
        "usage.subscription_required": QT_TRANSLATE_NOOP(
            "Messages", "Give the subscription code (or the customer code) of this record."
        ),
        "usage.subscription_unknown": QT_TRANSLATE_NOOP(
            "Messages", "No subscription {subscription} among the customers you may work on."
        ),
        "usage.customer_ambiguous": QT_TRANSLATE_NOOP(
            "Messages", "Customer {customer} has {count} current subscriptions; give the subscription code instead."
        ),
        "usage.meter_invalid": QT_TRANSLATE_NOOP(
            "Messages", "Give the meter (e.g. call_seconds) in at most 50 characters."
        ),
        "usage.timestamp_invalid": QT_TRANSLATE_NOOP(
            "Messages", "The time is not an ISO 8601 time such as 2026-04-30T23:59:59+08:00."
        ),
        "usage.timestamp_no_zone": QT_TRANSLATE_NOOP(
            "Messages", "The time has no time zone. Add it, e.g. 2026-04-30T23:59:59+08:00."
        ),
        "usage.quantity_invalid": QT_TRANSLATE_NOOP(
            "Messages", "The quantity must be a number of at least 0 with at most 6 decimals, below 1,000,000,000,000."
        ),
        "usage.record_id_invalid": QT_TRANSLATE_NOOP(
            "Messages", "Give the record id in at most 100 characters."
        ),
        "usage.duplicate_record": QT_TRANSLATE_NOOP(
            "Messages", "The same record id appears twice in the file (also on row {other_row})."
        ),
        "usage.record_changed": QT_TRANSLATE_NOOP(
            "Messages", "This record id was imported before with another time or quantity. Give it a new record id."
        ),
        "usage.import_conflict": QT_TRANSLATE_NOOP(
            "Messages",
            "Someone imported some of these records at the same time. Nothing was saved; import the file again.",
        ),
    }
