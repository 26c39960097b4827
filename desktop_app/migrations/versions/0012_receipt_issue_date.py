"""payments.issued_on: the day a receipt (SK-) or refund (TK-) was issued, apart from the day the money moved

A payment may be recorded days after it was received (received_on). Its receipt is numbered in the order it is
recorded, so it is dated by the day it is issued (the database clock, never earlier than the last in its
series: design/money-rules.md, "Documents and numbering"); existing rows keep the day they were numbered by.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-27
"""
import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('payments', sa.Column('issued_on', sa.Date(), nullable=True))
    op.execute('UPDATE payments SET issued_on = received_on')


def downgrade() -> None:
    with op.batch_alter_table('payments') as batch:
        batch.drop_column('issued_on')
