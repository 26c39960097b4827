"""Sentences for the codes of reports and the dashboard (merged into messages.py)."""

from __future__ import annotations


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    return text


def report_templates() -> dict[str, str]:
    return {
        "report.period_invalid": QT_TRANSLATE_NOOP(
            "Messages", 'The period "{text}" is not understood: enter a month (2026-10), a quarter (2026-Q3), a '
            "year (2026) or two days (2026-10-01..2026-12-31)."
        ),
        "report.period_empty": QT_TRANSLATE_NOOP(
            "Messages", "The period ends before it starts: choose an end day after the start day."
        ),
        "report.unknown": QT_TRANSLATE_NOOP(
            "Messages", 'There is no report called "{name}"; `report list` shows the names.'
        ),
    }
