"""Business settings shared by every desktop, stored as JSON values in the ``settings`` table."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.orm import Session

from desktop_app.models import Setting
from desktop_app.services.changes import Changes
from desktop_app.services.context import Context

DEFAULTS: dict[str, Any] = {
    "customer.code_pattern": "C{year}{seq:05d}",  # C202600001
    "pool.holding_limit": 50,  # customers one user may hold
    "pool.return_after_days": 30,  # 0 = never return automatically
    "pool.mask_contacts": True,  # phone and e-mail of pool customers masked until claimed
    "customer.tiers": ["standard", "silver", "gold", "platinum"],
    "bills.payment_terms_days": 30,  # due date = issue date + this many days
    "dunning.stages": [7, 15, 30],  # payment reminders (催款) at these days overdue (services/dunning.py)
    # customer value (客户价值评估, RFM): services/reports/customer_value_settings.py checks and explains it
    "reports.customer_value": {
        "recency_days": [31, 92, 183, 365],  # days since the last payment: <= 31 scores 5 ... > 365 scores 1
        "frequency": [2, 4, 6, 12],  # bills issued in 12 months: >= 12 scores 5 ... < 2 scores 1
        "monetary": ["1000.00", "10000.00", "50000.00", "200000.00"],  # billed in 12 months (yuan), as frequency
        "grades": {"A": 13, "B": 10, "C": 7},  # least total score (R + F + M, 3-15) for a grade; below C is D
        "tiers": {"A": "platinum", "B": "gold", "C": "silver", "D": "standard"},  # suggested tier per grade
    },
    # scheduled backups (services/backup_schedule.py checks and saves it; the passphrase is in the OS keyring)
    "backup.schedule": {"enabled": False, "folder": "", "every_hours": 24, "keep_daily": 7, "keep_weekly": 4,
                        "keep_monthly": 12},
    "backup.last": None,  # the last scheduled run's result, written by backup_schedule.run_scheduled_backup
}


def read(session: Session, key: str) -> Any:
    row = session.get(Setting, key)
    return json.loads(row.value) if row is not None else DEFAULTS[key]


def get_settings(context: Context) -> dict[str, Any]:
    with context.unit_of_work(write=False) as uow:
        return {key: read(uow.session, key) for key in DEFAULTS}


def set_setting(context: Context, key: str, value: Any) -> Changes:
    context.require("settings.edit")
    if key not in DEFAULTS:
        raise KeyError(key)
    with context.unit_of_work() as uow:
        row = uow.session.get(Setting, key)
        before = json.loads(row.value) if row is not None else DEFAULTS[key]
        text = json.dumps(value, ensure_ascii=False)
        if row is None:
            uow.session.add(Setting(key=key, value=text, updated_at=context.clock(),
                                    updated_by=context.actor.display_name))
        else:
            row.value, row.updated_at, row.updated_by = text, context.clock(), context.actor.display_name
        if before != value:
            uow.audit("settings.update", "setting", key, changed={key: [before, value]})
        uow.commit()
    return Changes(settings=before != value)
