"""Importing customers from the old system: CSV (UTF-8, UTF-8 with BOM, GBK/GB18030, UTF-16) and XLSX.

A dry run validates every row first; the import is all-or-nothing by default; errors go to an XLSX file
with row, column and reason. Modes: create, update, or create-or-update by a match key. The active custom
fields (services/custom_fields.py) are targets too, named ``custom.<key>``. Reading the file and matching
its headers is services/import_table.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.errors import DomainError
from desktop_app.messages import describe
from desktop_app.models import Customer, ImportBatch, ImportChange, User
from desktop_app.services import custom_fields as cf
from desktop_app.services.changes import Changes
from desktop_app.services.context import Context
from desktop_app.services.customers import (
    EDITABLE,
    CustomerInput,
    next_code,
    refresh_search,
    scope_condition,
    validated,
)
from desktop_app.services.exports import write_table
from desktop_app.services.import_table import (  # re-exported: the wizard and the CLI read files through here
    FOLDED,
    KIND_WORDS,
    STATUS_WORDS,
    custom_target,
    date_value,
    read_table,
    text_value,
)

MODES = ("create", "update", "upsert")
MATCH_KEYS = ("code", "tax_id", "phone", "name")


@dataclass(frozen=True)
class ImportProblem:
    row: int  # 1-based line in the file, header = 1
    column: str
    code: str  # a message code (desktop_app/messages.py); the GUI translates it
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def reason(self) -> str:
        """The problem in English (error files, the CLI)."""
        return describe(DomainError(self.code, **self.params))


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[ImportProblem] = field(default_factory=list)
    committed: bool = False
    batch_id: int | None = None  # the committed import, for undo (services/import_undo.py)

    @property
    def ok(self) -> bool:
        return not self.problems


# --- the import -------------------------------------------------------------------------------------

def import_fields(context: Context) -> list[cf.CustomFieldInfo]:
    """The active custom fields, in form order: the import's targets after the built-in ones."""
    context.require("customers.import")
    with context.unit_of_work(write=False) as uow:
        return cf.fields_in(uow.session)



@dataclass(frozen=True)
class ImportOptions:
    mapping: dict[str, str]
    mode: str = "create"
    match_key: str = "code"
    all_or_nothing: bool = True


def _row_input(cells: dict[str, Any]) -> CustomerInput:
    values = {name: text_value(cells.get(name), fold=name in FOLDED) for name in EDITABLE}
    values["kind"] = KIND_WORDS.get(values["kind"], values["kind"] or "company")
    values["status"] = STATUS_WORDS.get(values["status"], values["status"] or "prospect")
    values["tier"] = values["tier"] or "standard"
    return CustomerInput(**values)  # type: ignore[arg-type]


def _custom_text(field_info: cf.CustomFieldInfo, value: Any) -> str:
    """A cell for a custom field, as clean_value takes it: Excel dates (real or serial numbers) as ISO
    dates, numbers as written; the value itself is checked by clean_value."""
    if field_info.kind == "date" and (isinstance(value, date | datetime) or (
            isinstance(value, int | float) and not isinstance(value, bool))):
        try:
            day = date_value(value)
        except (ValueError, OverflowError):
            return text_value(value, fold=False)
        return "" if day is None else day.date().isoformat()
    return text_value(value, fold=False)


def _custom_cells(fields: dict[str, cf.CustomFieldInfo], mapping: dict[str, str], cells: dict[str, Any],
                  number: int) -> tuple[dict[str, str], list[ImportProblem]]:
    """The row's mapped custom values, canonical ('' for empty), and a problem per value that does not fit."""
    values: dict[str, str] = {}
    problems: list[ImportProblem] = []
    for key, field_info in fields.items():
        target = custom_target(key)
        if target not in cells:
            continue
        try:
            values[key] = cf.clean_value(field_info, _custom_text(field_info, cells[target]))
        except DomainError as error:
            problems.append(ImportProblem(number, mapping[target], error.code, dict(error.params)))
    return values, problems


def _merged(stored: dict[str, Any] | None, given: Iterable[tuple[str, str]]) -> dict[str, str] | None:
    """The customer's new ``custom`` dict (a new object: the JSON column sees the change), None when empty."""
    values = {str(k): str(v) for k, v in (stored or {}).items()}
    values.update(given)
    return {k: v for k, v in values.items() if v != ""} or None


def run_import(context: Context, path: Path, options: ImportOptions, *, dry_run: bool = True,
               progress: Callable[[int, int], None] | None = None) -> ImportReport:
    """Validate every row (dry run), or import them in one transaction: nothing is written when any row
    is wrong (with ``all_or_nothing``). Returns counts and the problems with row, column and reason.
    Mapped custom fields are checked like the form checks them; an update changes only the mapped ones;
    a ``custom.<key>`` target that is no active field is ignored."""
    context.require("customers.import")
    if options.mode not in MODES or options.match_key not in MATCH_KEYS:
        raise DomainError("import.options_invalid")
    header, rows = read_table(path)
    missing = [target for target in ("name",) if target not in options.mapping and options.mode != "update"]
    if missing:
        return ImportReport(problems=[ImportProblem(1, "", "customer.name_required")])
    index = {column: position for position, column in enumerate(header)}
    report = ImportReport(rows=len(rows))
    touched: list[tuple[Customer, dict[str, Any] | None]] = []  # (customer, old values) for undo
    with context.unit_of_work(write=not dry_run) as uow:
        session = uow.session
        custom_fields = {f.key: f for f in cf.fields_in(session)}
        mapped = {k: f for k, f in custom_fields.items() if options.mapping.get(custom_target(k)) in index}
        if options.mode != "update":  # a new customer needs every required field
            unmapped = [f for f in custom_fields.values() if f.required and f.key not in mapped]
            if unmapped:
                return ImportReport(problems=[ImportProblem(1, "", "custom_field.value_required",
                                                            {"field": f.key, "key": f.key, "label": f.label})
                                              for f in unmapped])
        logins = dict(session.execute(select(User.login, User.id)).all())
        seen_keys: dict[str, int] = {}
        scope = scope_condition(session, context)
        for number, raw in enumerate(rows, start=2):
            if progress is not None and number % 200 == 0:
                progress(number - 1, len(rows))
            cells = {target: raw[index[column]] if index.get(column, len(raw)) < len(raw) else None
                     for target, column in options.mapping.items() if column in index}
            try:
                data = validated(_row_input(cells))
            except DomainError as error:
                column = options.mapping.get(str(error.params.get("field", "")), "")
                report.problems.append(ImportProblem(number, column, error.code, dict(error.params)))
                continue
            custom, custom_problems = _custom_cells(mapped, options.mapping, cells, number)
            if custom_problems:
                report.problems.extend(custom_problems)
                continue
            code = text_value(cells.get("code"))
            key_value = code if options.match_key == "code" else getattr(data, options.match_key)
            if key_value:
                if key_value in seen_keys:
                    report.problems.append(ImportProblem(number, options.mapping.get(options.match_key, ""),
                                                         "import.duplicate_key", {"other_row": seen_keys[key_value]}))
                    continue
                seen_keys[key_value] = number
            owner_login = text_value(cells.get("owner"))
            owner_id = logins.get(owner_login) if owner_login else context.actor.user_id
            if owner_login and owner_id is None:
                report.problems.append(ImportProblem(number, options.mapping["owner"], "import.unknown_login",
                                                     {"login": owner_login}))
                continue
            try:
                created_at = date_value(cells.get("created_at"))
            except ValueError:
                column_name = options.mapping.get("created_at", "")
                report.problems.append(ImportProblem(number, column_name, "import.not_a_date"))
                continue
            column = getattr(Customer, options.match_key)
            existing = session.scalars(select(Customer).where(column == key_value)).first() if key_value else None
            if existing is not None and scope is not None and session.scalar(
                    select(Customer.id).where(Customer.id == existing.id, scope)) is None:
                report.problems.append(ImportProblem(number, "", "import.not_yours"))
                continue
            if existing is None and options.mode == "update":
                report.problems.append(ImportProblem(number, "", "import.nothing_to_update"))
                continue
            if existing is not None and options.mode == "create":
                report.problems.append(ImportProblem(number, "", "import.already_exists"))
                continue
            if existing is None:
                report.created += 1
                if not dry_run:
                    now = context.clock()
                    customer = Customer(**{k: getattr(data, k) for k in EDITABLE},
                                        custom=_merged(None, custom.items()),
                                        code=code or next_code(session, now.year), owner_id=owner_id,
                                        department_id=session.scalar(select(User.department_id)
                                                                     .where(User.id == owner_id)) if owner_id else None,
                                        created_at=created_at or now, created_by=context.actor.display_name,
                                        claimed_at=now if owner_id else None, updated_at=now,
                                        updated_by=context.actor.display_name)
                    session.add(customer)
                    session.flush()
                    refresh_search(session, customer)
                    touched.append((customer, None))
                continue
            given = {k: getattr(data, k) for k in EDITABLE if options.mapping.get(k) in index}
            changed = {k: v for k, v in given.items() if getattr(existing, k) != v}
            stored = dict(existing.custom or {})
            custom_changed = {k: v for k, v in custom.items() if str(stored.get(k, "")) != v}
            if not changed and not custom_changed:
                report.unchanged += 1
                continue
            report.updated += 1
            if not dry_run:
                before = {name: getattr(existing, name) for name in changed}
                before.update({custom_target(k): str(stored.get(k, "")) for k in custom_changed})
                touched.append((existing, before))
                for name, value in changed.items():
                    setattr(existing, name, value)
                if custom_changed:
                    existing.custom = _merged(stored, custom_changed.items())
                existing.updated_at, existing.updated_by = context.clock(), context.actor.display_name
                refresh_search(session, existing)
        if dry_run or (report.problems and options.all_or_nothing):
            return report
        report.batch_id = _record_batch(session, context, path.name, options.mode, report, touched)
        uow.audit("customer.import", "customer", "", file=path.name, rows=report.rows, created=report.created,
                  updated=report.updated, unchanged=report.unchanged, mode=options.mode, batch_id=report.batch_id)
        uow.commit()
        report.committed = True
    return report


def _record_batch(session: Session, context: Context, file_name: str, mode: str, report: ImportReport,
                  touched: list[tuple[Customer, dict[str, Any] | None]]) -> int | None:
    """The batch and one change per created or updated customer, with its version right after the import
    (so an undo can tell whether anyone changed it since). None when the import changed nothing."""
    if not touched:
        return None
    session.flush()
    batch = ImportBatch(file_name=file_name[:255], mode=mode, created_at=context.clock(),
                        user_id=context.actor.user_id, created_by=context.actor.display_name,
                        created=report.created, updated=report.updated)
    session.add(batch)
    session.flush()
    session.add_all([ImportChange(batch_id=batch.id, customer_id=customer.id,
                                  action="create" if before is None else "update", before=before,
                                  version_after=customer.version) for customer, before in touched])
    session.flush()
    return int(batch.id)


def write_problems(report: ImportReport, path: Path) -> None:
    """The error file: one line per problem with the file's row number, the column and the reason."""
    write_table(path, ("row", "column", "reason"), [(p.row, p.column, p.reason) for p in report.problems])


def import_changes(report: ImportReport) -> Changes:
    return Changes(customers=report.committed and (report.created + report.updated) > 0)

