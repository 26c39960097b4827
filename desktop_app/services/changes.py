"""What a write changed, so each window can decide whether to reload (cf. Anki's OpChanges)."""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Changes:
    company: bool = False
    users: bool = False
    settings: bool = False
    customers: bool = False
    custom_fields: bool = False  # definitions of the admin-defined customer fields
    catalog: bool = False  # products, coupons, plans and plan versions
    billing: bool = False  # bills, credit notes, payments, wallets, bill runs

    def __or__(self, other: Changes) -> Changes:
        return Changes(**{f.name: getattr(self, f.name) or getattr(other, f.name) for f in fields(self)})

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))


NOTHING = Changes()
