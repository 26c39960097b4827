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

REPORT_INDEXES = (
    ('bills', 'ix_bills_issue_date',
     ['issue_date', 'kind', 'status', 'customer_id', 'total_net', 'total_tax', 'total_gross']),
    ('bills', 'ix_bills_customer_issue',
     ['customer_id', 'issue_date', 'kind', 'status', 'total_gross', 'total_net', 'total_tax']),
    ('bills', 'ix_bills_open', ['status', 'kind', 'due_date', 'customer_id', 'issue_date', 'amount_due', 'paid']),
    ('bill_lines', 'ix_bill_lines_kind_period', ['kind', 'period_start', 'period_end', 'net']),
    ('payments', 'ix_payments_received', ['received_on', 'kind', 'method', 'customer_id', 'amount']),
    ('payments', 'ix_payments_customer_day', ['customer_id', 'received_on', 'kind', 'method', 'amount']),
    ('customers', 'ix_customers_created', ['created_at', 'owner_id', 'department_id']),
    ('usage_records', 'ix_usage_records_start', ['period_start', 'meter', 'subscription_id', 'quantity_micro']),
)
REPLACED = (  # by the wider customer-first indexes above
    ('bills', 'ix_bills_customer_status', ['customer_id', 'status']),
    ('payments', 'ix_payments_customer_received', ['customer_id', 'received_on']),
)


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
    # covering indexes of the reports (models/bill.py, payment.py, customer.py, usage.py); plain CREATE INDEX,
    # never a batch (SQLite would copy the table and lose the issued-bill triggers). The new customer-first
    # indexes come before the old ones go: MariaDB keeps an index on every foreign key's column.
    for table, name, columns in REPORT_INDEXES:
        op.create_index(name, table, columns, unique=False)
    for table, name, _ in REPLACED:
        op.drop_index(name, table_name=table)


def downgrade() -> None:
    for table, name, columns in REPLACED:
        op.create_index(name, table, columns, unique=False)
    for table, name, _ in reversed(REPORT_INDEXES):
        op.drop_index(name, table_name=table)
    with op.batch_alter_table('sales_targets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sales_targets_month'))
    op.drop_table('sales_targets')
