"""bill run speed: billed_usage_periods (a bill run marks each usage period it billed, not each record)

A bill run writes one row per (subscription, usage period) it billed — the highest usage record id it priced
and how many records — and then gives the records their bill in one pass (models/usage.py,
services/bill_run_marks.py), instead of an UPDATE per record in every batch. Deleting a draft deletes its
rows (ON DELETE CASCADE). A plain CREATE TABLE: no existing table is copied or changed. On PostgreSQL the
usage records' pages are filled to 80 % from now on (records imported later), so stamping ``bill_id`` updates
a record within its page without new index entries.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-27
"""
import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('billed_usage_periods',
    sa.Column('subscription_id', sa.Integer(), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('bill_id', sa.Integer(), nullable=False),
    sa.Column('first_usage_id', sa.Integer(), nullable=False),
    sa.Column('last_usage_id', sa.Integer(), nullable=False),
    sa.Column('usage_count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['bill_id'], ['bills.id'], name=op.f('fk_billed_usage_periods_bill_id_bills'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('subscription_id', 'period_start', name=op.f('pk_billed_usage_periods')),
    sqlite_with_rowid=False,
    )
    op.create_index('ix_billed_usage_periods_bill', 'billed_usage_periods', ['bill_id'], unique=False)
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('ALTER TABLE usage_records SET (fillfactor = 80)')


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('ALTER TABLE usage_records RESET (fillfactor)')
    op.drop_table('billed_usage_periods')  # with its indexes (MariaDB refuses to drop the foreign key's first)
