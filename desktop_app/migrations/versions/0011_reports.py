"""reports: sales_targets (业绩目标 per user and month) and the reports' covering indexes

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-26
"""
import sqlalchemy as sa
from alembic import op

import desktop_app.models.base  # noqa: F401 - autogenerate writes desktop_app.models.base.Fen()


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('sales_targets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('amount', desktop_app.models.base.Fen(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', desktop_app.models.base.UTCDateTime(), nullable=True),
    sa.Column('updated_by', sa.String(length=80), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_sales_targets_user_id_users'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sales_targets')),
    sa.UniqueConstraint('user_id', 'month', name='uq_sales_targets_user_month')
    )
    with op.batch_alter_table('sales_targets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sales_targets_month'), ['month'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('sales_targets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sales_targets_month'))
    op.drop_table('sales_targets')
