"""The company's own details (printed on every document)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace

from desktop_app.errors import DomainError, ValidationFailed
from desktop_app.models import Company
from desktop_app.services import validation as check
from desktop_app.services.changes import Changes
from desktop_app.services.context import Context, check_version

COMPANY_ID = 1


@dataclass(frozen=True)
class CompanyDetails:
    name: str
    address: str = ""
    phone: str = ""
    tax_id: str = ""
    bank_name: str = ""
    bank_account: str = ""
    version: int = 0


EDITABLE = ("name", "address", "phone", "tax_id", "bank_name", "bank_account")


def validated(details: CompanyDetails) -> CompanyDetails:
    """Trimmed, normalised details, or a ``ValidationFailed`` naming the first bad field."""
    trimmed: dict[str, str] = {key: str(getattr(details, key)).strip() for key in EDITABLE}
    clean = replace(details, **trimmed)  # type: ignore[arg-type]
    if not clean.name:
        raise ValidationFailed("company.name_required", "name")
    check.length(clean.name, "name", 200)
    check.phone(clean.phone)
    check.bank_account(clean.bank_account)
    return replace(clean, tax_id=check.tax_id(clean.tax_id))


def _details(row: Company) -> CompanyDetails:
    return CompanyDetails(**{key: getattr(row, key) for key in EDITABLE}, version=row.version)


def get_company(context: Context) -> CompanyDetails:
    with context.unit_of_work(write=False) as uow:
        row = uow.session.get(Company, COMPANY_ID)
        if row is None:
            raise DomainError("setup.not_done")
        return _details(row)


def update_company(context: Context, details: CompanyDetails) -> tuple[CompanyDetails, Changes]:
    context.require("settings.edit")
    clean = validated(details)
    with context.unit_of_work() as uow:
        row = uow.session.get(Company, COMPANY_ID)
        if row is None:
            raise DomainError("setup.not_done")
        check_version(row, details.version, "company")
        before = asdict(_details(row))
        for key in EDITABLE:
            setattr(row, key, getattr(clean, key))
        row.updated_at = context.clock()
        row.updated_by = context.actor.display_name
        changed = {k: [before[k], getattr(clean, k)] for k in EDITABLE if before[k] != getattr(clean, k)}
        if changed:
            uow.audit("company.update", "company", COMPANY_ID, changed=changed)
        uow.session.flush()
        result = _details(row)
        uow.commit()
    return result, Changes(company=bool(changed))
