"""Session state on the session row: the reply path reads the turn count and the last reply's kind there,
not in the message log (whose rows are now written after the reply has been sent).

Existing sessions are filled in from their logged messages.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03 02:10:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('chat_sessions') as batch:
        batch.add_column(sa.Column('turns', sa.Integer(), server_default='0', nullable=False))
        batch.add_column(sa.Column('last_kind', sa.String(length=32), nullable=True))
    op.execute(
        "UPDATE chat_sessions SET "
        "turns = (SELECT count(*) FROM chat_messages m WHERE m.session_id = chat_sessions.session_id "
        "AND m.direction = 'in'), "
        "last_kind = (SELECT m.kind FROM chat_messages m WHERE m.session_id = chat_sessions.session_id "
        "AND m.direction = 'out' ORDER BY m.id DESC LIMIT 1)")


def downgrade() -> None:
    with op.batch_alter_table('chat_sessions') as batch:
        batch.drop_column('last_kind')
        batch.drop_column('turns')
