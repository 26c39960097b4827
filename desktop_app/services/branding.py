"""Document branding (票据样式): accent colour, logo, footer, terms, payment instructions and QR text.

Stored in the ``settings`` table under ``branding.*`` (JSON values like every setting; the logo as base64
text), read by every printed document and frozen into each issued bill's snapshot. ``branding.version``
counts saves, so two administrators editing at once do not overwrite each other (``ConcurrentEdit``).
Saving needs ``settings.edit``; reading needs nothing (it is printed on every bill).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from dataclasses import dataclass, fields, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.errors import ConcurrentEdit, ValidationFailed
from desktop_app.models import Setting
from desktop_app.services.changes import Changes
from desktop_app.services.context import Context

__all__ = ["LOGO_MAX_BYTES", "TEXT_LIMITS", "BrandingInfo", "get_branding", "read_branding", "save_branding",
           "validated"]

DEFAULT_ACCENT = "#1F4E79"
LOGO_MAX_BYTES = 512 * 1024
TEXT_LIMITS = {"footer": 200, "terms": 2000, "payment_instructions": 2000, "qr_text": 500}
PREFIX = "branding."
ACCENT = re.compile(r"^#[0-9A-Fa-f]{6}$")
PNG, JPEG = b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff"


@dataclass(frozen=True)
class BrandingInfo:
    accent: str = DEFAULT_ACCENT
    footer: str = ""
    terms: str = ""
    payment_instructions: str = ""
    qr_text: str = ""
    logo: bytes | None = None  # PNG or JPEG, at most 512 KB
    version: int = 0  # the saves so far; give back the one you loaded


TEXTS = ("accent", "footer", "terms", "payment_instructions", "qr_text")


def validated(branding: BrandingInfo) -> BrandingInfo:
    """Trimmed branding, or ``ValidationFailed`` naming the first bad field."""
    texts: dict[str, Any] = {name: str(getattr(branding, name) or "").strip() for name in TEXTS}
    clean = replace(branding, **texts)
    if not ACCENT.match(clean.accent):
        raise ValidationFailed("branding.accent_invalid", "accent", value=clean.accent)
    clean = replace(clean, accent=clean.accent.upper())
    for name, maximum in TEXT_LIMITS.items():
        if len(getattr(clean, name)) > maximum:
            raise ValidationFailed("branding.text_too_long", name, maximum=maximum, length=len(getattr(clean, name)))
    logo = clean.logo or None
    if logo is not None:
        if len(logo) > LOGO_MAX_BYTES:
            raise ValidationFailed("branding.logo_too_large", "logo", size_kb=(len(logo) + 1023) // 1024,
                                   maximum_kb=LOGO_MAX_BYTES // 1024)
        if not (logo.startswith(PNG) or logo.startswith(JPEG)):
            raise ValidationFailed("branding.logo_format", "logo")
    return replace(clean, logo=logo)


def _stored(session: Session) -> dict[str, Any]:
    rows = session.scalars(select(Setting).where(Setting.key.startswith(PREFIX, autoescape=True)))
    return {row.key[len(PREFIX):]: json.loads(row.value) for row in rows}


def read_branding(session: Session) -> BrandingInfo:
    """The saved branding (defaults for what was never saved)."""
    stored = _stored(session)
    values: dict[str, Any] = {name: str(stored[name]) for name in TEXTS if name in stored}
    logo = stored.get("logo") or ""
    try:
        values["logo"] = base64.b64decode(logo, validate=True) if logo else None
    except (binascii.Error, ValueError):  # pragma: no cover - only save_branding writes it
        values["logo"] = None
    return BrandingInfo(**values, version=int(stored.get("version", 0)))


def get_branding(context: Context) -> BrandingInfo:
    with context.unit_of_work(write=False) as uow:
        return read_branding(uow.session)


def _logo_text(logo: bytes | None) -> str:
    return base64.b64encode(logo).decode("ascii") if logo else ""


def _described(logo: bytes | None) -> str:
    return f"{len(logo)} bytes, sha256 {hashlib.sha256(logo).hexdigest()[:16]}" if logo else ""


def save_branding(context: Context, branding: BrandingInfo) -> Changes:
    """Validate and save; ``branding.version`` must be the one loaded (else ``ConcurrentEdit``)."""
    context.require("settings.edit")
    clean = validated(branding)
    with context.unit_of_work() as uow:
        session = uow.session
        version_row = session.get(Setting, PREFIX + "version", with_for_update=True)
        before = read_branding(session)
        if before.version != branding.version:
            by = version_row.updated_by if version_row is not None else None
            at = version_row.updated_at.isoformat() if version_row is not None and version_row.updated_at else None
            raise ConcurrentEdit(record="branding", by=by, at=at)
        changed: dict[str, list[str]] = {}
        for field in fields(BrandingInfo):
            name = field.name
            if name == "version":
                continue
            old, new = getattr(before, name), getattr(clean, name)
            if old == new:
                continue
            changed[name] = [_described(old), _described(new)] if name == "logo" else [old, new]
            _write(session, context, name, _logo_text(new) if name == "logo" else new)
        if changed:
            _write(session, context, "version", before.version + 1)
            uow.audit("branding.update", "setting", "branding", changed=changed)
        uow.commit()
    return Changes(settings=bool(changed))


def _write(session: Session, context: Context, name: str, value: object) -> None:
    key, text = PREFIX + name, json.dumps(value, ensure_ascii=False)
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=text, updated_at=context.clock(), updated_by=context.actor.display_name))
    else:
        row.value, row.updated_at, row.updated_by = text, context.clock(), context.actor.display_name
