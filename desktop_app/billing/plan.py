"""The plan model: products, charges and plan versions as frozen dataclasses (no database).

Every field is a plain value (str, int, bool, Decimal, date, an enum, or a tuple of these), so a plan
serialises naturally to JSON (``billing.plan_json``: Decimals as strings, enums as their values).
Constructors check types only (a ``float`` raises TypeError); ``billing.validation.validate_plan``
checks values and names the offending path (``"charges[2].tiers[1].up_to"``).

Charge kinds (docs/pricing.md shows how each computes):

- :class:`RecurringCharge` — fixed fee every ``interval_count`` × ``interval``, billed in advance.
- :class:`OneTimeCharge` — setup fee, hardware.
- :class:`SeatCharge` — unit price × seats, every interval, billed in advance.
- :class:`ModuleCharge` / :class:`BundleCharge` — add-on modules (功能模块) a subscription switches on,
  and bundles of them at one price; a module inside a switched-on bundle is not charged on its own.
- :class:`UsageCharge` — metered, billed in arrears: meter, aggregation, per-record quantity rounding,
  unit size, included allowance, and a pricing model (per unit, graduated, volume, package, percentage).
- :class:`TopUpCharge` — prepaid package (充值套餐): pay ``price``, get ``price + bonus`` in the wallet.

Unit prices carry up to 6 decimals (0.0015 元/KB); money amounts (fees, bonuses, flat fees) whole fen.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal
from typing import ClassVar

from desktop_app.billing.discounts import Discount, PriceList
from desktop_app.billing.periods import Cycle, Interval
from desktop_app.billing.typecheck import check_types

__all__ = [
    "Aggregation",
    "BundleCharge",
    "Charge",
    "ChargeKind",
    "Direction",
    "MinimumCommitment",
    "ModuleCharge",
    "OneTimeCharge",
    "PlanVersion",
    "PricingModel",
    "Product",
    "RecordRounding",
    "RecurringCharge",
    "SeatCharge",
    "Tier",
    "TopUpCharge",
    "UsageCharge",
]


class ChargeKind(enum.StrEnum):
    RECURRING = "recurring"
    ONE_TIME = "one_time"
    SEAT = "seat"
    MODULE = "module"
    BUNDLE = "bundle"
    USAGE = "usage"
    TOP_UP = "top_up"


class Aggregation(enum.StrEnum):
    """How a meter's records become one quantity per period."""

    SUM = "sum"
    MAX = "max"
    UNIQUE_COUNT = "unique_count"
    LAST = "last"


class PricingModel(enum.StrEnum):
    PER_UNIT = "per_unit"
    GRADUATED = "graduated"
    VOLUME = "volume"
    PACKAGE = "package"
    PERCENTAGE = "percentage"


class Direction(enum.StrEnum):
    """Which way a quantity is rounded to a step (a record to 60 s, usage to packages of 100)."""

    UP = "up"
    DOWN = "down"
    NEAREST = "nearest"
    """To the nearest step, a half step up (四舍五入)."""


@dataclass(frozen=True)
class Product:
    """Something sold (产品/服务). ``tax_rate`` is a fraction (``Decimal("0.09")``) or None for exempt (免税)."""

    code: str
    name: str
    unit: str
    tax_rate: Decimal | None
    description: str = ""
    category: str = ""
    active: bool = True

    def __post_init__(self) -> None:
        check_types(self)


@dataclass(frozen=True)
class Tier:
    """One row of a tier table: quantities above ``start`` up to and including ``up_to`` (None: no limit).

    ``unit_price`` applies per unit in the tier; ``flat_fee`` is added once when usage reaches the tier.
    """

    start: Decimal
    up_to: Decimal | None
    unit_price: Decimal
    flat_fee: Decimal = Decimal(0)

    def __post_init__(self) -> None:
        check_types(self)


@dataclass(frozen=True)
class RecordRounding:
    """Per-record quantity rounding: each record to a multiple of ``increment`` (calls up to 60 s)."""

    increment: Decimal
    direction: Direction = Direction.UP

    def __post_init__(self) -> None:
        check_types(self)


@dataclass(frozen=True)
class _Charge:
    code: str
    name: str
    product: Product


@dataclass(frozen=True)
class _Recurring(_Charge):
    price: Decimal
    interval: Interval = Interval.MONTH
    interval_count: int = 1

    @property
    def cycle(self) -> Cycle:
        return Cycle(self.interval, self.interval_count)


@dataclass(frozen=True)
class RecurringCharge(_Recurring):
    """A fixed fee per period (包月 99.00), billed in advance."""

    kind: ClassVar[ChargeKind] = ChargeKind.RECURRING

    def __post_init__(self) -> None:
        check_types(self)


@dataclass(frozen=True)
class SeatCharge(_Recurring):
    """``price`` per seat per period (按用户数), billed in advance."""

    kind: ClassVar[ChargeKind] = ChargeKind.SEAT

    def __post_init__(self) -> None:
        check_types(self)


@dataclass(frozen=True)
class ModuleCharge(_Recurring):
    """An add-on module (功能模块) per period; its ``code`` is what a subscription switches on."""

    kind: ClassVar[ChargeKind] = ChargeKind.MODULE

    def __post_init__(self) -> None:
        check_types(self)


@dataclass(frozen=True)
class BundleCharge(_Recurring):
    """Several modules at one price per period; the modules inside are then not charged on their own."""

    modules: tuple[str, ...] = ()
    kind: ClassVar[ChargeKind] = ChargeKind.BUNDLE

    def __post_init__(self) -> None:
        check_types(self)


@dataclass(frozen=True)
class OneTimeCharge(_Charge):
    """A one-time fee (setup, hardware): ``price`` × quantity, billed when asked for."""

    price: Decimal
    kind: ClassVar[ChargeKind] = ChargeKind.ONE_TIME

    def __post_init__(self) -> None:
        check_types(self)


@dataclass(frozen=True)
class UsageCharge(_Charge):
    """A metered charge billed in arrears.

    ``meter`` names the records (``call_seconds``); each record's quantity is rounded by
    ``record_rounding``, the records are aggregated, divided by ``unit_size`` (60 seconds per 分钟),
    reduced by the ``included`` allowance, then priced once by ``model`` with the fields that model
    uses: ``unit_price`` (per_unit), ``tiers`` (graduated, volume), ``package_size`` + ``unit_price`` +
    ``package_rounding`` (package: ``unit_price`` per package), ``rate`` + optional ``fixed_fee``,
    ``min_fee``, ``max_fee`` per transaction (percentage of the records' amounts).
    """

    meter: str
    model: PricingModel
    aggregation: Aggregation = Aggregation.SUM
    unit_size: Decimal = Decimal(1)
    record_rounding: RecordRounding | None = None
    included: Decimal = Decimal(0)
    unit_price: Decimal | None = None
    tiers: tuple[Tier, ...] = ()
    package_size: Decimal | None = None
    package_rounding: Direction = Direction.UP
    rate: Decimal | None = None
    fixed_fee: Decimal | None = None
    min_fee: Decimal | None = None
    max_fee: Decimal | None = None
    kind: ClassVar[ChargeKind] = ChargeKind.USAGE

    def __post_init__(self) -> None:
        check_types(self)


@dataclass(frozen=True)
class TopUpCharge(_Charge):
    """A prepaid package (充值套餐): pay ``price``, the wallet gets ``price + bonus``, valid ``expiry_days``."""

    price: Decimal
    bonus: Decimal = Decimal(0)
    expiry_days: int | None = None
    kind: ClassVar[ChargeKind] = ChargeKind.TOP_UP

    def __post_init__(self) -> None:
        check_types(self)


Charge = RecurringCharge | OneTimeCharge | SeatCharge | ModuleCharge | BundleCharge | UsageCharge | TopUpCharge
"""Any charge of a plan version."""

RECURRING_KINDS = (RecurringCharge, SeatCharge, ModuleCharge, BundleCharge)


@dataclass(frozen=True)
class MinimumCommitment:
    """A minimum spend per billing period (最低消费): a top-up line makes up any shortfall.

    Measured on the amounts of ``charges`` (empty: every usage charge) after the tier price list and
    before discounts; prorated like a recurring fee for a partial period. Billed as ``product``.
    """

    amount: Decimal
    product: Product
    charges: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        check_types(self)


@dataclass(frozen=True)
class PlanVersion:
    """One published version of a plan (套餐). Publishing a change makes a new version.

    ``billing_interval`` × ``billing_interval_count`` is the invoice cadence; usage is billed per such
    period in arrears. ``tax_inclusive`` says whether prices include VAT (含税, the Chinese default).
    """

    code: str
    name: str
    charges: tuple[Charge, ...]
    version: int = 1
    currency: str = "CNY"
    tax_inclusive: bool = True
    trial_days: int = 0
    billing_interval: Interval = Interval.MONTH
    billing_interval_count: int = 1
    price_lists: tuple[PriceList, ...] = ()
    discounts: tuple[Discount, ...] = ()
    minimum_commitment: MinimumCommitment | None = None
    description: str = ""

    def __post_init__(self) -> None:
        check_types(self)

    @property
    def billing_cycle(self) -> Cycle:
        return Cycle(self.billing_interval, self.billing_interval_count)

    def charge(self, code: str) -> Charge | None:
        """The charge with ``code``, or None."""
        return next((charge for charge in self.charges if charge.code == code), None)

    def price_list(self, tier: str | None) -> PriceList | None:
        """The price list of membership ``tier``, or None (list prices)."""
        return next((price_list for price_list in self.price_lists if price_list.tier == tier), None)

    def products(self) -> tuple[Product, ...]:
        """The distinct products the plan sells, in first-use order."""
        seen: dict[str, Product] = {}
        for charge in self.charges:
            seen.setdefault(charge.product.code, charge.product)
        if self.minimum_commitment is not None:
            seen.setdefault(self.minimum_commitment.product.code, self.minimum_commitment.product)
        return tuple(seen.values())
