"""usage records

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-26
"""
import sqlalchemy as sa
from alembic import op

import desktop_app.models.base

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('usage_records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subscription_id', sa.Integer(), nullable=False),
    sa.Column('meter', sa.String(length=50), nullable=False),
    sa.Column('record_id', sa.String(length=100), nullable=False),
    sa.Column('occurred_at', desktop_app.models.base.UTCDateTime(), nullable=False),
    sa.Column('quantity_micro', sa.BigInteger(), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('bill_id', sa.Integer(), nullable=True),
    sa.Column('batch', sa.String(length=120), nullable=False),
    sa.Column('imported_at', desktop_app.models.base.UTCDateTime(), nullable=False),
    sa.Column('imported_by', sa.String(length=80), nullable=False),
    sa.ForeignKeyConstraint(['subscription_id'], ['subscriptions.id'],
                            name=op.f('fk_usage_records_subscription_id_subscriptions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_usage_records')),
    sa.UniqueConstraint('subscription_id', 'meter', 'record_id', name='uq_usage_records_record')
    )
    with op.batch_alter_table('usage_records', schema=None) as batch_op:
        batch_op.create_index('ix_usage_records_period', ['subscription_id', 'period_start', 'meter'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('usage_records', schema=None) as batch_op:
        batch_op.drop_index('ix_usage_records_period')
    op.drop_table('usage_records')
