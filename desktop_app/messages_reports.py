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
        "report.format_unsupported": QT_TRANSLATE_NOOP(
            "Messages", "A report can be saved as .xlsx, .csv or .pdf, not \"{suffix}\": choose one of those file "
            "types."
        ),
        "report.language_invalid": QT_TRANSLATE_NOOP(
            "Messages", "A report can be written in Chinese (zh_CN) or English (en), not \"{language}\"."
        ),
        "report.folder_missing": QT_TRANSLATE_NOOP(
            "Messages", "The folder {folder} does not exist: choose an existing folder, or create it first."
        ),
        "report.file_in_use": QT_TRANSLATE_NOOP(
            "Messages", "The file {file} could not be replaced because another program has it open (Excel, a PDF "
            "viewer): close it there and save again, or choose another file name."
        ),
        "report.write_failed": QT_TRANSLATE_NOOP(
            "Messages", "The file {file} could not be written ({reason}): check the free disk space and that you "
            "may write to that folder, then try again."
        ),
        "sales_target.year_invalid": QT_TRANSLATE_NOOP(
            "Messages", "The year {year} is not valid: enter a year such as 2026."
        ),
        "sales_target.amount_invalid": QT_TRANSLATE_NOOP(
            "Messages", "The target \"{text}\" is not an amount: enter yuan with at most two decimals, e.g. 50000 or "
            "12,500.50."
        ),
        "sales_target.amount_negative": QT_TRANSLATE_NOOP(
            "Messages", "A target cannot be negative: enter 0 (or leave it empty) to remove the month's target."
        ),
        "sales_target.amount_too_large": QT_TRANSLATE_NOOP(
            "Messages", "The target is too large: enter at most ¥{limit}."
        ),
        "customer_value.settings_invalid": QT_TRANSLATE_NOOP(
            "Messages", "The customer value settings are not in the expected form: open the customer value report, "
            "choose Grading settings… and save them again."
        ),
        "customer_value.thresholds_count": QT_TRANSLATE_NOOP(
            "Messages", "{field_label}: enter exactly {count} thresholds, one for each score from 2 to 5."
        ),
        "customer_value.threshold_invalid": QT_TRANSLATE_NOOP(
            "Messages", "{field_label}: \"{value}\" is not a valid threshold. Enter whole days (0 or more), whole "
            "numbers of bills (1 or more) or an amount in yuan above 0 with at most two decimals."
        ),
        "customer_value.thresholds_not_increasing": QT_TRANSLATE_NOOP(
            "Messages", "{field_label}: each threshold must be larger than the one before it."
        ),
        "customer_value.grade_invalid": QT_TRANSLATE_NOOP(
            "Messages", "The least total score for grade {grade} must be a whole number from 4 to 15."
        ),
        "customer_value.grades_not_decreasing": QT_TRANSLATE_NOOP(
            "Messages", "Grade A needs a higher least score than grade B, and B than C: raise A or lower C."
        ),
        "customer_value.tier_unknown": QT_TRANSLATE_NOOP(
            "Messages", "The tier \"{tier}\" suggested for grade {grade} is not a membership tier: choose one of "
            "{tiers} (customer value report, Grading settings…)."
        ),
        "customer_value.not_in_scope": QT_TRANSLATE_NOOP(
            "Messages", "{count} of the chosen customers are not yours to change (or no longer exist). Nothing was "
            "changed: refresh the report and choose again."
        ),
    }
