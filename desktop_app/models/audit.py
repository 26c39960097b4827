"""Who did what, when: append-only and hash-chained.

Each entry has a gap-free ``seq`` and ``hash = sha256(prev_hash, canonical content)``; ``audit_head``
holds the last seq and hash (and is the lock that serialises appends). Triggers make the database itself
refuse UPDATE and DELETE on ``audit_log`` (see ``append_only_ddl``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DDL, BigInteger, Index, Integer, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column

from desktop_app.models.base import Base, UTCDateTime


class AuditEntry(Base):
    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_entity", "entity", "entity_id"),)

    # BIGINT on servers; INTEGER on SQLite so it is the rowid alias and autoincrements
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer(), "sqlite"), primary_key=True)
    seq: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    user_id: Mapped[int | None] = mapped_column()
    user_login: Mapped[str] = mapped_column(String(60))
    desktop: Mapped[str] = mapped_column(String(100), default="", server_default="")
    action: Mapped[str] = mapped_column(String(60), index=True)
    entity: Mapped[str] = mapped_column(String(60))
    entity_id: Mapped[str] = mapped_column(String(60), default="")
    detail: Mapped[str] = mapped_column(Text, default="{}")
    prev_hash: Mapped[str] = mapped_column(String(64), default="", server_default="")
    hash: Mapped[str] = mapped_column(String(64), default="", server_default="")


class AuditHead(Base):
    """One row: the chain's last seq and hash."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    last_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    last_hash: Mapped[str] = mapped_column(String(64), default="")


def append_only_ddl(dialect: str) -> list[str]:
    """Statements that make the database refuse UPDATE and DELETE on audit_log."""
    if dialect == "sqlite":
        return [f"CREATE TRIGGER audit_log_no_{op.lower()} BEFORE {op} ON audit_log "
                f"BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END" for op in ("UPDATE", "DELETE")]
    if dialect == "postgresql":
        return [
            "CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$",
            "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
            "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
        ]
    if dialect in ("mysql", "mariadb"):
        return [f"CREATE TRIGGER audit_log_no_{op.lower()} BEFORE {op} ON audit_log FOR EACH ROW "
                f"SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_log is append-only'" for op in ("UPDATE", "DELETE")]
    return []


@event.listens_for(AuditEntry.__table__, "after_create")
def _append_only(target: object, connection: object, **_kw: object) -> None:
    for statement in append_only_ddl(connection.dialect.name):  # type: ignore[attr-defined]
        connection.execute(DDL(statement))  # type: ignore[attr-defined,no-untyped-call]


event.listen(AuditHead.__table__, "after_create",
             DDL("INSERT INTO audit_head (id, last_seq, last_hash) VALUES (1, 0, '')"))  # type: ignore[no-untyped-call]
