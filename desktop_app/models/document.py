"""Issued documents (the frozen print of an issued bill or credit note) and the branding logo's column type.

- ``issued_documents`` holds, per issued bill, the snapshot it was issued with (``snapshot``: canonical
  JSON text of ``documents.BillDocument``, written in the issuing transaction) and the PDF rendered from it
  (``pdf`` + ``sha256``, written once, in a follow-up short transaction, or on the first print if that one
  never happened). A reprint of the original is these bytes.
- The database refuses to change ``bill_id``, ``snapshot`` or ``created_at``, to change ``pdf``, ``sha256``
  or ``rendered_at`` once a PDF is stored, and to delete a row (``issued_document_ddl``, all three
  backends). ``printed_count``, ``last_printed_at`` and ``original_printed_at`` may change.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import DDL, ForeignKey, Integer, LargeBinary, String, Text, event
from sqlalchemy.dialects import mysql
from sqlalchemy.orm import Mapped, mapped_column

from desktop_app.models.base import Base, UTCDateTime

LONG_BINARY = LargeBinary().with_variant(mysql.LONGBLOB(), "mysql", "mariadb")  # a MariaDB BLOB stops at 64 KB
LONG_TEXT = Text().with_variant(mysql.LONGTEXT(), "mysql", "mariadb")  # so does TEXT (a logo in the snapshot)


class IssuedDocument(Base):
    __tablename__ = "issued_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    bill_id: Mapped[int] = mapped_column(ForeignKey("bills.id"), unique=True)
    snapshot: Mapped[str] = mapped_column(LONG_TEXT)  # canonical JSON (document_snapshots.to_json)
    pdf: Mapped[bytes | None] = mapped_column(LONG_BINARY)
    sha256: Mapped[str | None] = mapped_column(String(64))  # hex of pdf
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    rendered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    printed_count: Mapped[int] = mapped_column(Integer, default=0)
    last_printed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    original_printed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # first print of the original


_ALWAYS = ("bill_id", "snapshot", "created_at")
_ONCE = ("pdf", "sha256", "rendered_at")


def issued_document_ddl(dialect: str) -> list[str]:
    """Statements that make the database refuse to change a frozen document or delete one."""
    message = "issued documents never change"
    if dialect == "sqlite":
        changed = " OR ".join(f"NEW.{name} IS NOT OLD.{name}" for name in _ALWAYS)
        stored = " OR ".join(f"NEW.{name} IS NOT OLD.{name}" for name in _ONCE)
        return [
            f"CREATE TRIGGER issued_documents_no_update BEFORE UPDATE ON issued_documents "
            f"WHEN {changed} OR (OLD.sha256 IS NOT NULL AND ({stored})) "
            f"BEGIN SELECT RAISE(ABORT, '{message}'); END",
            f"CREATE TRIGGER issued_documents_no_delete BEFORE DELETE ON issued_documents "
            f"BEGIN SELECT RAISE(ABORT, '{message}'); END",
        ]
    if dialect == "postgresql":
        changed = " OR ".join(f"NEW.{name} IS DISTINCT FROM OLD.{name}" for name in _ALWAYS)
        stored = " OR ".join(f"NEW.{name} IS DISTINCT FROM OLD.{name}" for name in _ONCE)
        return [
            "CREATE OR REPLACE FUNCTION issued_documents_frozen() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"IF TG_OP = 'DELETE' OR {changed} OR (OLD.sha256 IS NOT NULL AND ({stored})) THEN "
            f"RAISE EXCEPTION '{message}'; END IF; RETURN NEW; END $$",
            "CREATE TRIGGER issued_documents_frozen BEFORE UPDATE OR DELETE ON issued_documents "
            "FOR EACH ROW EXECUTE FUNCTION issued_documents_frozen()",
        ]
    if dialect in ("mysql", "mariadb"):
        same = " AND ".join(f"NEW.{name} <=> OLD.{name}" for name in _ALWAYS)
        kept = " AND ".join(f"NEW.{name} <=> OLD.{name}" for name in _ONCE)
        signal = f"SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = '{message}'"
        return [
            "CREATE TRIGGER issued_documents_no_update BEFORE UPDATE ON issued_documents FOR EACH ROW "
            f"IF NOT ({same}) OR (OLD.sha256 IS NOT NULL AND NOT ({kept})) THEN {signal}; END IF",
            f"CREATE TRIGGER issued_documents_no_delete BEFORE DELETE ON issued_documents FOR EACH ROW {signal}",
        ]
    return []


@event.listens_for(IssuedDocument.__table__, "after_create")
def _issued_documents_frozen(target: object, connection: Any, **_kw: object) -> None:
    for statement in issued_document_ddl(connection.dialect.name):
        connection.execute(DDL(statement))  # type: ignore[no-untyped-call]
