"""Sentences for the catalog, the plan editor and the pricing engine's codes (merged into messages.py).

Every ``PlanInvalid`` / ``PriceInputInvalid`` code of ``billing/errors.py`` reaches the user as the
DomainError code ``"plan." + code`` (``plan.tiers.not_increasing``). The services raise one of the
wrappers ``plan.definition_invalid``, ``plan.input_invalid``, ``coupon.discount_invalid`` or
``catalog.invalid`` with ``path`` and ``problem_code`` (the full code of the problem);
``messages.describe`` puts the problem's own sentence into the wrapper's ``{problem}``. The plan editor
shows the problem's sentence at the row that ``path`` names.
"""

from __future__ import annotations


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    return text


def catalog_templates() -> dict[str, str]:
    return {
        # wrappers: where, then what
        "plan.definition_invalid": QT_TRANSLATE_NOOP("Messages", "The plan has a problem at {path}: {problem}"),
        "plan.input_invalid": QT_TRANSLATE_NOOP("Messages", "The calculator cannot price this ({path}): {problem}"),
        "coupon.discount_invalid": QT_TRANSLATE_NOOP(
            "Messages", "The coupon's discount has a problem at {path}: {problem}"
        ),
        "catalog.invalid": QT_TRANSLATE_NOOP(
            "Messages", "The catalog file was not imported and nothing was saved. At {path}: {problem}"
        ),
        # products, coupons, plans
        "catalog.code_invalid": QT_TRANSLATE_NOOP(
            "Messages",
            "A code has 1 to 40 letters, digits or the characters . _ - and no spaces, e.g. voice-01.",
        ),
        "catalog.code_taken": QT_TRANSLATE_NOOP("Messages", 'The code "{taken}" is already used. Choose another code.'),
        "catalog.name_required": QT_TRANSLATE_NOOP("Messages", "Enter a name."),
        "catalog.text_too_long": QT_TRANSLATE_NOOP("Messages", "This text may have at most {maximum} characters."),
        "product.code_fixed": QT_TRANSLATE_NOOP(
            "Messages",
            "The code of a product cannot be changed, because plans refer to it. Deactivate the product and add "
            "a new one instead.",
        ),
        "product.tax_rate_invalid": QT_TRANSLATE_NOOP(
            "Messages",
            'Enter the tax rate as a fraction such as 0.06 (6 %) or 0.13: from 0 up to 1 (not included), at most '
            '4 decimals; or "exempt" (免税).',
        ),
        "coupon.code_fixed": QT_TRANSLATE_NOOP(
            "Messages", "The code of a coupon cannot be changed. Deactivate it and add a new coupon instead."
        ),
        "coupon.unknown": QT_TRANSLATE_NOOP("Messages", 'No active coupon has the code "{coupon}".'),
        "plan.archived": QT_TRANSLATE_NOOP(
            "Messages", "This plan is archived. Restore it before changing or publishing it."
        ),
        "plan.no_draft": QT_TRANSLATE_NOOP(
            "Messages", "This plan has no draft to publish. Edit the plan first: your changes become a new draft."
        ),
        "plan.product.not_in_catalog": QT_TRANSLATE_NOOP(
            "Messages", 'No product in the catalog has the code "{product}". Add it under Products, or choose '
            "another product.",
        ),
        "plan.product.inactive": QT_TRANSLATE_NOOP(
            "Messages", 'The product "{product}" is deactivated. Reactivate it under Products, or choose another '
            "product.",
        ),
        "calculator.period_invalid": QT_TRANSLATE_NOOP("Messages", "The period must end after it starts."),
        # catalog file problems (inside catalog.invalid)
        "catalog.not_json": QT_TRANSLATE_NOOP(
            "Messages", "The file is not valid JSON (line {line}, column {column}). Check the commas and quotes there."
        ),
        "catalog.format_unknown": QT_TRANSLATE_NOOP(
            "Messages", 'This is not a Benji CRM catalog file: "format" must be "benji-catalog".'
        ),
        "catalog.version_unsupported": QT_TRANSLATE_NOOP(
            "Messages", "This catalog file has format version {value}; this Benji CRM reads version 1 only."
        ),
        "catalog.wrong_type": QT_TRANSLATE_NOOP("Messages", "Write a value of type {expected} here."),
        "catalog.required": QT_TRANSLATE_NOOP("Messages", "This value is missing. Add it."),
        "catalog.unknown_key": QT_TRANSLATE_NOOP(
            "Messages", "This key has no meaning here. Check its spelling, or remove it."
        ),
        "catalog.duplicate": QT_TRANSLATE_NOOP("Messages", 'The code or number "{value}" appears twice in the file.'),
        "catalog.status_invalid": QT_TRANSLATE_NOOP(
            "Messages", "A version's status is draft, published or retired."
        ),
        "catalog.number_invalid": QT_TRANSLATE_NOOP("Messages", "A version number is a whole number from 1 up."),
        "catalog.version_conflict": QT_TRANSLATE_NOOP(
            "Messages",
            "Version {number} of plan {plan} is already published here with a different definition. Published "
            "versions never change: give the changed version a new number.",
        ),
        "catalog.version_state": QT_TRANSLATE_NOOP(
            "Messages",
            "Plan {plan} would have more than one draft, or a draft that is not its newest version. Keep one "
            "draft, with the highest number.",
        ),
        **engine_templates(),
    }


def engine_templates() -> dict[str, str]:
    """One sentence per ``billing.errors`` code, as ``"plan." + code``."""
    return {
        "plan.field.required": QT_TRANSLATE_NOOP("Messages", "This value is required here. Fill it in."),
        "plan.field.unknown": QT_TRANSLATE_NOOP(
            "Messages", "This field has no meaning here. Check its spelling, or remove it."
        ),
        "plan.field.wrong_type": QT_TRANSLATE_NOOP("Messages", "Write a value of type {expected} here."),
        "plan.field.not_decimal": QT_TRANSLATE_NOOP(
            "Messages", 'Write the number as a decimal text such as "0.10", not {value}.'
        ),
        "plan.field.unknown_value": QT_TRANSLATE_NOOP(
            "Messages", '"{value}" is not one of the choices here: {allowed}.'
        ),
        "plan.field.not_allowed": QT_TRANSLATE_NOOP(
            "Messages", "This field does not belong to a {model} charge. Remove it, or choose another kind or model."
        ),
        "plan.field.date": QT_TRANSLATE_NOOP("Messages", "Write the date as 2025-01-31."),
        "plan.code.empty": QT_TRANSLATE_NOOP("Messages", "Enter a code."),
        "plan.code.duplicate": QT_TRANSLATE_NOOP(
            "Messages", 'The code "{value}" is used twice. Give each one its own code.'
        ),
        "plan.name.empty": QT_TRANSLATE_NOOP("Messages", "Enter a name."),
        "plan.currency.invalid": QT_TRANSLATE_NOOP(
            "Messages", 'The currency is three capital letters such as CNY, not "{value}".'
        ),
        "plan.trial_days.negative": QT_TRANSLATE_NOOP("Messages", "The trial days cannot be negative."),
        "plan.version.not_positive": QT_TRANSLATE_NOOP("Messages", "A version number is 1 or more."),
        "plan.interval_count.not_positive": QT_TRANSLATE_NOOP(
            "Messages", "The number of intervals is 1 or more (e.g. 3 × month)."
        ),
        "plan.tax_rate.out_of_range": QT_TRANSLATE_NOOP(
            "Messages", "A tax rate is a fraction from 0 up to 1 (not included), e.g. 0.09 for 9 %, not {value}."
        ),
        "plan.tax_rate.too_many_decimals": QT_TRANSLATE_NOOP(
            "Messages", "A tax rate has at most 4 decimals (e.g. 0.09), not {value}."
        ),
        "plan.price.negative": QT_TRANSLATE_NOOP("Messages", "A price cannot be negative ({value})."),
        "plan.price.too_many_decimals": QT_TRANSLATE_NOOP(
            "Messages", "A unit price has at most {places} decimals, e.g. 0.0015; {value} has more."
        ),
        "plan.amount.negative": QT_TRANSLATE_NOOP("Messages", "An amount cannot be negative ({value})."),
        "plan.amount.not_positive": QT_TRANSLATE_NOOP("Messages", "Enter an amount above zero."),
        "plan.amount.too_many_decimals": QT_TRANSLATE_NOOP(
            "Messages", "A money amount is in whole fen (at most 2 decimals); {value} has more."
        ),
        "plan.quantity.not_positive": QT_TRANSLATE_NOOP("Messages", "Enter a quantity above zero."),
        "plan.quantity.too_many_decimals": QT_TRANSLATE_NOOP(
            "Messages", "A quantity has at most {places} decimals; {value} has more."
        ),
        "plan.rate.out_of_range": QT_TRANSLATE_NOOP(
            "Messages", "Write a percentage as a fraction from 0 to 1 (0.025 = 2.5 %), not {value}."
        ),
        "plan.rate.too_many_decimals": QT_TRANSLATE_NOOP(
            "Messages", "A rate has at most {places} decimals; {value} has more."
        ),
        "plan.tiers.empty": QT_TRANSLATE_NOOP(
            "Messages", "Add at least one tier (the last one without an upper limit)."
        ),
        "plan.tiers.first_not_zero": QT_TRANSLATE_NOOP("Messages", "The first tier starts at 0, not {value}."),
        "plan.tiers.not_contiguous": QT_TRANSLATE_NOOP(
            "Messages", "This tier must start where the previous one ends: at {expected}, not {value}."
        ),
        "plan.tiers.not_increasing": QT_TRANSLATE_NOOP(
            "Messages", "The upper limit of this tier ({value}) must be above its start ({start})."
        ),
        "plan.tiers.last_not_open": QT_TRANSLATE_NOOP(
            "Messages", "The last tier has no upper limit: clear it (now {value}), or add a tier after it."
        ),
        "plan.tiers.open_not_last": QT_TRANSLATE_NOOP(
            "Messages", "Only the last tier may be open-ended: give this tier an upper limit."
        ),
        "plan.unit_size.not_positive": QT_TRANSLATE_NOOP(
            "Messages", "The unit size is above zero (e.g. 60 seconds per minute), not {value}."
        ),
        "plan.rounding.increment_not_positive": QT_TRANSLATE_NOOP(
            "Messages", "The rounding step of each record is above zero (e.g. 60 seconds)."
        ),
        "plan.package.size_not_positive": QT_TRANSLATE_NOOP(
            "Messages", "The package size is above zero (units per package), not {value}."
        ),
        "plan.percentage.min_above_max": QT_TRANSLATE_NOOP(
            "Messages", "The maximum fee ({max}) must not be below the minimum fee ({min})."
        ),
        "plan.allowance.negative": QT_TRANSLATE_NOOP(
            "Messages", "The included allowance cannot be negative ({value})."
        ),
        "plan.allowance.not_supported": QT_TRANSLATE_NOOP(
            "Messages", "A percentage charge has no included allowance. Set it to 0."
        ),
        "plan.bundle.empty": QT_TRANSLATE_NOOP("Messages", "Choose the modules this bundle contains."),
        "plan.bundle.unknown_module": QT_TRANSLATE_NOOP(
            "Messages", 'The bundle names "{module}", which is not a module charge of this plan.'
        ),
        "plan.bundle.duplicate_module": QT_TRANSLATE_NOOP(
            "Messages", 'The module "{module}" is listed twice in this bundle.'
        ),
        "plan.product.unknown": QT_TRANSLATE_NOOP(
            "Messages", 'The product "{product}" is not among the plan\'s products. Choose a product from the catalog.'
        ),
        "plan.product.conflict": QT_TRANSLATE_NOOP(
            "Messages", 'Two different products carry the code "{product}". Use one product per code.'
        ),
        "plan.price_list.duplicate_tier": QT_TRANSLATE_NOOP(
            "Messages", 'The membership tier "{tier}" has two price lists. Keep one.'
        ),
        "plan.price_list.duplicate_charge": QT_TRANSLATE_NOOP(
            "Messages", 'The charge "{charge}" appears twice in this price list.'
        ),
        "plan.price_list.unknown_charge": QT_TRANSLATE_NOOP(
            "Messages", 'The price list names "{charge}", which is not a charge of this plan.'
        ),
        "plan.price_list.needs_one": QT_TRANSLATE_NOOP(
            "Messages", "Give either a new unit price or a rate off for this charge, not both and not neither."
        ),
        "plan.price_list.override_not_single_price": QT_TRANSLATE_NOOP(
            "Messages",
            'The charge "{charge}" has no single unit price (tiers or a percentage): give a rate off instead.',
        ),
        "plan.discount.periods_required": QT_TRANSLATE_NOOP(
            "Messages", "A repeating discount needs the number of periods it lasts (1 or more)."
        ),
        "plan.discount.periods_not_allowed": QT_TRANSLATE_NOOP(
            "Messages", "Only a repeating discount has a number of periods; this one is {duration}."
        ),
        "plan.discount.unknown_charge": QT_TRANSLATE_NOOP(
            "Messages", 'The discount names "{charge}", which is not a charge of this plan.'
        ),
        "plan.commitment.unknown_charge": QT_TRANSLATE_NOOP(
            "Messages", 'The minimum commitment names "{charge}", which is not a charge of this plan.'
        ),
        "plan.top_up.expiry_not_positive": QT_TRANSLATE_NOOP(
            "Messages", "The credit expires after 1 or more days; leave it empty for no expiry."
        ),
        # the calculator's input (PriceInputInvalid)
        "plan.input.seats_negative": QT_TRANSLATE_NOOP("Messages", "The number of seats cannot be negative."),
        "plan.input.unknown_module": QT_TRANSLATE_NOOP(
            "Messages", 'The plan has no module or bundle "{module}". Switch it off.'
        ),
        "plan.input.unknown_charge": QT_TRANSLATE_NOOP("Messages", 'The plan has no such charge "{charge}".'),
        "plan.input.unknown_top_up": QT_TRANSLATE_NOOP("Messages", 'The plan has no top-up package "{top_up}".'),
        "plan.input.service_range": QT_TRANSLATE_NOOP(
            "Messages", "The service dates must lie inside the period {period_start} to {period_end}, in order."
        ),
        "plan.input.balance_negative": QT_TRANSLATE_NOOP("Messages", "A balance cannot be negative ({value})."),
        "plan.input.quantity_negative": QT_TRANSLATE_NOOP("Messages", "A quantity cannot be negative ({value})."),
        "plan.input.amount_not_fen": QT_TRANSLATE_NOOP(
            "Messages", "A balance is in whole fen (at most 2 decimals); {value} has more."
        ),
        "plan.usage.record_outside_period": QT_TRANSLATE_NOOP(
            "Messages", "A usage record of {day} lies outside the usage period {start} to {end}."
        ),
        "plan.usage.time_zone_required": QT_TRANSLATE_NOOP(
            "Messages", "A usage record's time needs a time zone ({at})."
        ),
        "plan.usage.records_required": QT_TRANSLATE_NOOP(
            "Messages",
            'The charge "{charge}" has a fee per transaction: give the single transactions, not a total.',
        ),
        "plan.usage.unique_id_required": QT_TRANSLATE_NOOP(
            "Messages", 'The charge "{charge}" counts unique ids: every usage record needs its id.'
        ),
    }
