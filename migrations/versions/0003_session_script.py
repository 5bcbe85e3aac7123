"""The Chinese script a visitor writes, on the session row: a visitor who writes Traditional Chinese is answered in
Traditional characters, also after pressing a button (whose payload shows no script).

Existing sessions have none: they are answered as before until the visitor writes Chinese again.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04 23:10:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('chat_sessions') as batch:
        batch.add_column(sa.Column('script', sa.String(length=8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('chat_sessions') as batch:
        batch.drop_column('script')
