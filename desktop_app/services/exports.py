"""Exports of what the user may see, to CSV (UTF-8 with BOM, so Excel reads Chinese) and XLSX.

Cells that a spreadsheet would run as a formula (starting with = + - @ tab or CR) are defused with a
leading apostrophe (OWASP "CSV injection").
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from desktop_app.services.context import Context
from desktop_app.services.custom_fields import export_cell, list_fields
from desktop_app.services.customer_list import all_rows
from desktop_app.services.customers import CustomerFilter

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def defuse(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def write_table(path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """CSV or XLSX by the file's suffix; numbers stay numbers in XLSX, text is defused in both."""
    if path.suffix.lower() == ".xlsx":
        from openpyxl import Workbook  # type: ignore[import-untyped]

        book = Workbook(write_only=True)
        sheet = book.create_sheet("Sheet1")
        sheet.freeze_panes = "A2"
        sheet.append(list(header))
        for row in rows:
            sheet.append([defuse(v.replace(tzinfo=None) if isinstance(v, datetime) else v) for v in row])
        book.save(path)
        return
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in rows:
            writer.writerow([defuse("" if v is None else v.isoformat() if isinstance(v, datetime) else v)
                             for v in row])


CUSTOMER_HEADER = ("code", "name", "short_name", "tier", "status", "owner", "department", "region", "phone",
                   "tags", "last_followup_at")


def export_customers(context: Context, flt: CustomerFilter, path: Path) -> int:
    """The current filtered list, only permitted rows and fields (masked as on screen); audited."""
    context.require("customers.export")
    counted = [0]
    fields = list_fields(context)  # the active custom fields, as extra columns headed by their labels

    def lines() -> Iterator[tuple[object, ...]]:
        for r in all_rows(context, flt):
            counted[0] += 1
            yield (r.code, r.name, r.short_name, r.tier, r.status, r.owner_name, r.department_name, r.region,
                   r.phone, r.tags, r.last_followup_at,
                   *(export_cell(f, dict(r.custom).get(f.key, "")) for f in fields))

    write_table(path, (*CUSTOMER_HEADER, *(f.label for f in fields)), lines())
    with context.unit_of_work() as uow:
        uow.audit("customer.export", "customer", "", rows=counted[0], file=path.name, filter=flt.__dict__)
        uow.commit()
    return counted[0]
