"""departments, roles as data, login lockout, hash-chained append-only audit log

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""
import sqlalchemy as sa
from alembic import op

from desktop_app.models.audit import append_only_ddl
from desktop_app.models.base import UTCDateTime
from desktop_app.services.access import BUILTIN_ROLES, RoleGrants
from desktop_app.services.audit_chain import chain_hash
from desktop_app.services.roles import BUILTIN_DESCRIPTIONS

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _versioned() -> list[sa.Column]:
    return [
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=True),
        sa.Column("updated_by", sa.String(length=80), nullable=True),
    ]


def upgrade() -> None:
    op.create_table(
        "departments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        *_versioned(),
        sa.ForeignKeyConstraint(["parent_id"], ["departments.id"], name=op.f("fk_departments_parent_id_departments"),
                                ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_departments")),
    )
    op.create_index(op.f("ix_departments_parent_id"), "departments", ["parent_id"])
    bind = op.get_bind()
    admins = [row[0] for row in bind.execute(sa.text("SELECT id FROM users WHERE is_admin = :yes"), {"yes": True})]
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("phone", sa.String(length=40), server_default="", nullable=False))
        batch.add_column(sa.Column("email", sa.String(length=120), server_default="", nullable=False))
        batch.add_column(sa.Column("department_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("supervisor_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("locked_until", UTCDateTime(), nullable=True))
        batch.create_foreign_key(op.f("fk_users_department_id_departments"), "departments", ["department_id"], ["id"],
                                 ondelete="SET NULL")
        batch.create_foreign_key(op.f("fk_users_supervisor_id_users"), "users", ["supervisor_id"], ["id"],
                                 ondelete="SET NULL")
        batch.create_index(op.f("ix_users_department_id"), ["department_id"])
        batch.create_index(op.f("ix_users_supervisor_id"), ["supervisor_id"])
        batch.drop_column("is_admin")

    roles = op.create_table(
        "roles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("description", sa.String(length=300), nullable=False),
        sa.Column("builtin", sa.Boolean(), nullable=False),
        sa.Column("grants", sa.Text(), nullable=False),
        *_versioned(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roles")),
        sa.UniqueConstraint("name", name=op.f("uq_roles_name")),
    )
    op.create_table(
        "user_roles",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("role_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["role_id"], ["roles.id"], name=op.f("fk_user_roles_role_id_roles"), ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_user_roles_user_id_users"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id", "role_id", name=op.f("pk_user_roles")),
    )
    op.create_index(op.f("ix_user_roles_role_id"), "user_roles", ["role_id"])
    op.bulk_insert(roles, [
        {"id": number, "name": name, "description": BUILTIN_DESCRIPTIONS[name], "builtin": True,
         "grants": RoleGrants.from_dict(grants).to_json(), "version": 1}
        for number, (name, grants) in enumerate(BUILTIN_ROLES.items(), start=1)
    ])
    administrator = list(BUILTIN_ROLES).index("Administrator") + 1
    for user_id in admins:
        bind.execute(sa.text("INSERT INTO user_roles (user_id, role_id) VALUES (:u, :r)"),
                     {"u": user_id, "r": administrator})

    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("login", sa.String(length=60), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("desktop", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_failures")),
    )
    op.create_index("ix_login_failures_login_at", "login_failures", ["login", "at"])

    with op.batch_alter_table("audit_log") as batch:
        batch.add_column(sa.Column("seq", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("desktop", sa.String(length=100), server_default="", nullable=False))
        batch.add_column(sa.Column("prev_hash", sa.String(length=64), server_default="", nullable=False))
        batch.add_column(sa.Column("hash", sa.String(length=64), server_default="", nullable=False))
        batch.create_unique_constraint(op.f("uq_audit_log_seq"), ["seq"])
        batch.create_index(op.f("ix_audit_log_action"), ["action"])
    audit = sa.table("audit_log", sa.column("id", sa.BigInteger()), sa.column("at", UTCDateTime()),
                     sa.column("user_id", sa.Integer()), sa.column("user_login", sa.String()),
                     sa.column("action", sa.String()), sa.column("entity", sa.String()),
                     sa.column("entity_id", sa.String()), sa.column("detail", sa.Text()),
                     sa.column("seq", sa.BigInteger()), sa.column("desktop", sa.String()),
                     sa.column("prev_hash", sa.String()), sa.column("hash", sa.String()))
    previous, seq = "", 0
    for row in bind.execute(sa.select(audit).order_by(audit.c.id)).mappings().all():
        seq += 1
        content = {"seq": seq, "at": row["at"], "user_id": row["user_id"], "user_login": row["user_login"],
                   "desktop": "", "action": row["action"], "entity": row["entity"], "entity_id": row["entity_id"],
                   "detail": row["detail"]}
        digest = chain_hash(previous, content)
        bind.execute(audit.update().where(audit.c.id == row["id"]).values(seq=seq, prev_hash=previous, hash=digest))
        previous = digest
    head = op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("last_seq", sa.BigInteger(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_head")),
    )
    op.bulk_insert(head, [{"id": 1, "last_seq": seq, "last_hash": previous}])
    for statement in append_only_ddl(bind.dialect.name):
        op.execute(statement)


def downgrade() -> None:
    raise NotImplementedError("the audit chain and roles cannot be taken back; restore a backup instead")
