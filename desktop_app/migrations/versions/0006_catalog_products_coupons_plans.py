"""catalog: products, coupons, plans and plan versions

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-10
"""
import sqlalchemy as sa
from alembic import op

import desktop_app.models.base

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def _versioned() -> list[sa.Column]:
    return [sa.Column('version', sa.Integer(), nullable=False),
            sa.Column('updated_at', desktop_app.models.base.UTCDateTime(), nullable=True),
            sa.Column('updated_by', sa.String(length=80), nullable=True)]


def upgrade() -> None:
    op.create_table('products',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('category', sa.String(length=60), nullable=False),
    sa.Column('unit', sa.String(length=20), nullable=False),
    sa.Column('tax_rate', sa.String(length=10), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    *_versioned(),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_products')),
    sa.UniqueConstraint('code', name=op.f('uq_products_code'))
    )
    op.create_table('coupons',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('discount', sa.JSON(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    *_versioned(),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_coupons')),
    sa.UniqueConstraint('code', name=op.f('uq_coupons_code'))
    )
    op.create_table('plans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('archived', sa.Boolean(), nullable=False),
    sa.Column('created_at', desktop_app.models.base.UTCDateTime(), nullable=False),
    *_versioned(),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plans')),
    sa.UniqueConstraint('code', name=op.f('uq_plans_code'))
    )
    op.create_table('plan_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('definition', sa.JSON(), nullable=False),
    sa.Column('created_at', desktop_app.models.base.UTCDateTime(), nullable=False),
    sa.Column('published_at', desktop_app.models.base.UTCDateTime(), nullable=True),
    sa.Column('published_by', sa.String(length=80), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_plan_versions_plan_id_plans')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_versions')),
    sa.UniqueConstraint('plan_id', 'number', name='uq_plan_versions_plan_number')
    )


def downgrade() -> None:
    op.drop_table('plan_versions')
    op.drop_table('plans')
    op.drop_table('coupons')
    op.drop_table('products')
