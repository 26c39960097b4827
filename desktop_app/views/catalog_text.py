"""Words and numbers of the catalog screens: names of charge kinds, intervals, pricing models, tax rates;
amounts with thousands separators and two decimals (exact Decimal formatting, never float); typed
numbers read leniently (1,234 / full-width digits); plan problems as translated sentences."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from desktop_app import messages
from desktop_app.errors import DomainError
from desktop_app.views.error_dialog import message_for
from desktop_app.views.messages import describe

CONTEXT = "Catalog"
TAX_RATES = ("0.13", "0.09", "0.06", "0.03", "0.01", "0", "exempt")
UNITS = ("月", "年", "分钟", "条", "GB", "MB", "个", "用户", "次", "套")
METERS = ("call_seconds", "sms", "data_mb")

KINDS = {
    "recurring": QT_TRANSLATE_NOOP("Catalog", "Recurring fee"),
    "one_time": QT_TRANSLATE_NOOP("Catalog", "One-time fee"),
    "seat": QT_TRANSLATE_NOOP("Catalog", "Per seat"),
    "module": QT_TRANSLATE_NOOP("Catalog", "Module add-on"),
    "bundle": QT_TRANSLATE_NOOP("Catalog", "Module bundle"),
    "usage": QT_TRANSLATE_NOOP("Catalog", "Usage (metered)"),
    "top_up": QT_TRANSLATE_NOOP("Catalog", "Prepaid top-up"),
}
INTERVALS = {
    "day": QT_TRANSLATE_NOOP("Catalog", "Day"),
    "month": QT_TRANSLATE_NOOP("Catalog", "Month"),
    "quarter": QT_TRANSLATE_NOOP("Catalog", "Quarter"),
    "half_year": QT_TRANSLATE_NOOP("Catalog", "Half year"),
    "year": QT_TRANSLATE_NOOP("Catalog", "Year"),
}
MODELS = {
    "per_unit": QT_TRANSLATE_NOOP("Catalog", "Per unit"),
    "graduated": QT_TRANSLATE_NOOP("Catalog", "Graduated tiers"),
    "volume": QT_TRANSLATE_NOOP("Catalog", "Volume tiers"),
    "package": QT_TRANSLATE_NOOP("Catalog", "Package (per block of units)"),
    "percentage": QT_TRANSLATE_NOOP("Catalog", "Percentage of amount"),
}
AGGREGATIONS = {
    "sum": QT_TRANSLATE_NOOP("Catalog", "Sum"),
    "max": QT_TRANSLATE_NOOP("Catalog", "Maximum"),
    "unique_count": QT_TRANSLATE_NOOP("Catalog", "Count of unique ids"),
    "last": QT_TRANSLATE_NOOP("Catalog", "Last value"),
}
DIRECTIONS = {
    "up": QT_TRANSLATE_NOOP("Catalog", "Round up"),
    "down": QT_TRANSLATE_NOOP("Catalog", "Round down"),
    "nearest": QT_TRANSLATE_NOOP("Catalog", "Round to nearest"),
}
DURATIONS = {
    "once": QT_TRANSLATE_NOOP("Catalog", "Once"),
    "repeating": QT_TRANSLATE_NOOP("Catalog", "For N periods"),
    "forever": QT_TRANSLATE_NOOP("Catalog", "Forever"),
}
STATUSES = {
    "draft": QT_TRANSLATE_NOOP("Catalog", "Draft"),
    "published": QT_TRANSLATE_NOOP("Catalog", "Published"),
    "retired": QT_TRANSLATE_NOOP("Catalog", "Retired"),
}
METER_NAMES = {
    "call_seconds": QT_TRANSLATE_NOOP("Catalog", "Call seconds"),
    "sms": QT_TRANSLATE_NOOP("Catalog", "SMS count"),
    "data_mb": QT_TRANSLATE_NOOP("Catalog", "Data (MB)"),
}


def _t(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def name_of(table: dict[str, str], key: str) -> str:
    """The translated name of ``key`` in one of the tables above; unknown keys as they are."""
    return _t(table[key]) if key in table else key


def fill(combo: Any, table: dict[str, str]) -> None:
    """Add every entry of ``table`` to a QComboBox: translated text, the key as data."""
    for key in table:
        combo.addItem(name_of(table, key), key)


def tax_rate_name(rate: str | Decimal | None) -> str:
    """"13 %", "6 %", "0 %" or 免税 (exempt: None or "exempt")."""
    if rate is None or rate == "exempt":
        return _t("Exempt")
    percent = (Decimal(str(rate)) * 100).normalize()
    return f"{percent:f} %"


def money(value: Decimal | None) -> str:
    """1234.5 → "1,234.50" (exact: Decimal formatting, never float)."""
    if value is None:
        return ""
    return f"{(abs(value) if value == 0 else value):,.2f}"  # no "-0.00"


def price(value: Decimal | None) -> str:
    """A unit price: at least 2 decimals, up to its own (0.0015 stays 0.0015), thousands separated."""
    if value is None:
        return ""
    exponent = value.normalize().as_tuple().exponent
    places = max(2, -exponent if isinstance(exponent, int) and exponent < 0 else 0)
    return f"{value:,.{places}f}"


def quantity(value: Decimal) -> str:
    """1234 → "1,234"; 4.3 → "4.3" (no trailing zeros)."""
    exponent = value.normalize().as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return f"{value:,.{places}f}"


_FULL_WIDTH = str.maketrans("０１２３４５６７８９．，－", "0123456789.,-")


def clean_number(text: str) -> str:
    """What the user typed, as a plain decimal string where possible ("1,234" → "1234", full-width digits)."""
    return text.translate(_FULL_WIDTH).replace(",", "").replace("\u3000", " ").strip()


def parse_decimal(text: str) -> Decimal | None:
    """A typed number as a Decimal, or None if it is not one (empty text is 0)."""
    cleaned = clean_number(text)
    if not cleaned:
        return Decimal(0)
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def percent_to_fraction(text: str) -> str:
    """ "10" (%) → "0.1"; text that is not a number is passed on unchanged (the check then names it)."""
    value = parse_decimal(text)
    if value is None:
        return text.strip()
    return f"{(value / 100).normalize():f}" if value else "0"


def fraction_to_percent(value: object) -> str:
    """ "0.1" → "10" for a field that is typed as a percentage."""
    try:
        number = Decimal(str(value)) * 100
    except InvalidOperation:
        return str(value)
    return f"{number.normalize():f}"


def problem_text(code: str, params: dict[str, Any], fallback: str = "") -> str:
    """A plan problem (code + params) as a sentence in the UI language; the English text if unknown."""
    if code == "plan.rate.out_of_range":  # every rate in these screens is typed in per cent, not as a fraction
        return QCoreApplication.translate("Catalog", "Enter a percentage from 0 to 100, e.g. 15 for 15 %.")
    if code not in messages._templates() and fallback:
        return fallback
    return describe(DomainError(code, **params))


def error_text(error: BaseException) -> tuple[str, str]:
    """The sentence for a failed save or quote, and the definition path it names ("" if none).

    A refused definition (``plan.definition_invalid``) says the problem's own sentence: the editor shows
    it where the path points, so "at charges[0].tiers[1].up_to" would only repeat the place."""
    if isinstance(error, DomainError) and error.code == "plan.definition_invalid" and error.params.get("problem_code"):
        params = {key: value for key, value in error.params.items() if key != "problem_code"}
        path = str(params.get("path", ""))
        return problem_text(str(error.params["problem_code"]), params, message_for(error)), path.strip("$")
    return message_for(error), ""
