"""Sentences for the codes of the demo company (演示数据; to be merged into messages.py)."""

from __future__ import annotations


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    return text


def demo_templates() -> dict[str, str]:
    return {
        "demo.not_empty": QT_TRANSLATE_NOOP(
            "Messages",
            "The demo company fills only an empty database, and this one already has {customers} customers, "
            "{plans} plans and {bills} bills. Set up a new database to look at the demo.",
        ),
        "demo.customers_invalid": QT_TRANSLATE_NOOP(
            "Messages", "Give the number of demo customers as a whole number of at least 1, not {count}."
        ),
    }
