"""The schema as create_all made it before migrations existed (the baseline).

Every table and index is created only if it is missing, so a database made before migrations is completed
and recorded as this revision, whichever process created which of its tables.

Revision ID: 0001
Revises: 
Create Date: 2026-12-02 23:03:11.156926
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('kb_documents',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('publisher', sa.Text(), nullable=False),
    sa.Column('url', sa.Text(), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('ingested_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('content_hash'),
    if_not_exists=True,
    )
    op.create_table('kb_entries',
    sa.Column('id', sa.String(length=120), nullable=False),
    sa.Column('topic', sa.String(length=40), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('data', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=120), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    if_not_exists=True,
    )
    op.create_table('kb_entry_versions',
    sa.Column('pk', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('entry_id', sa.String(length=120), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('data', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('author', sa.String(length=120), nullable=False),
    sa.PrimaryKeyConstraint('pk'),
    sa.UniqueConstraint('entry_id', 'version'),
    if_not_exists=True,
    )
    op.create_index('ix_kb_entry_versions_entry_id', 'kb_entry_versions', ['entry_id'], unique=False, if_not_exists=True)

    op.create_table('kb_feedback',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('session_ref', sa.String(length=64), nullable=True),
    sa.Column('entry_id', sa.String(length=120), nullable=True),
    sa.Column('question', sa.Text(), nullable=True),
    sa.Column('language', sa.String(length=8), nullable=True),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    if_not_exists=True,
    )
    op.create_index('ix_kb_feedback_created_at', 'kb_feedback', ['created_at'], unique=False, if_not_exists=True)

    op.create_table('kb_glossary',
    sa.Column('id', sa.String(length=120), nullable=False),
    sa.Column('data', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=120), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    if_not_exists=True,
    )
    op.create_table('kb_reviews',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('entry_id', sa.String(length=120), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('reviewed_on', sa.Date(), nullable=False),
    sa.Column('reviewer', sa.String(length=120), nullable=False),
    sa.Column('evidence_url', sa.Text(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    if_not_exists=True,
    )
    op.create_index('ix_kb_reviews_entry_id', 'kb_reviews', ['entry_id'], unique=False, if_not_exists=True)

    op.create_table('kb_unanswered',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('question', sa.Text(), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('reason', sa.String(length=20), nullable=False),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('entry_id', sa.String(length=120), nullable=True),
    sa.Column('session_ref', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('resolved_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    if_not_exists=True,
    )
    op.create_index('ix_kb_unanswered_created_at', 'kb_unanswered', ['created_at'], unique=False, if_not_exists=True)

    op.create_table('kb_visa_rule_versions',
    sa.Column('pk', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('rule_id', sa.String(length=120), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('data', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('author', sa.String(length=120), nullable=False),
    sa.PrimaryKeyConstraint('pk'),
    sa.UniqueConstraint('rule_id', 'version'),
    if_not_exists=True,
    )
    op.create_index('ix_kb_visa_rule_versions_rule_id', 'kb_visa_rule_versions', ['rule_id'], unique=False, if_not_exists=True)

    op.create_table('kb_visa_rules',
    sa.Column('id', sa.String(length=120), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('data', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=120), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    if_not_exists=True,
    )
    op.create_table('kb_passages',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('ord', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['kb_documents.id'], ),
    sa.PrimaryKeyConstraint('id'),
    if_not_exists=True,
    )
    op.create_index('ix_kb_passages_document_id', 'kb_passages', ['document_id'], unique=False, if_not_exists=True)

    op.create_table('admin_audit',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('user', sa.String(length=120), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('entry_id', sa.String(length=120), nullable=True),
    sa.Column('details', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    if_not_exists=True,
    )
    op.create_index('ix_admin_audit_at', 'admin_audit', ['at'], unique=False, if_not_exists=True)
    op.create_index('ix_admin_audit_entry_id', 'admin_audit', ['entry_id'], unique=False, if_not_exists=True)

    op.create_table('admin_site_meta',
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('value', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('name'),
    if_not_exists=True,
    )
    op.create_table('admin_sites',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('data', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=120), nullable=False),
    sa.PrimaryKeyConstraint('key'),
    if_not_exists=True,
    )
    op.create_table('admin_users',
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('disabled', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('name'),
    if_not_exists=True,
    )
    op.create_table('chat_messages',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('session_id', sa.String(length=128), nullable=False),
    sa.Column('direction', sa.String(length=4), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=True),
    sa.Column('entry_id', sa.String(length=120), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    if_not_exists=True,
    )
    op.create_index('ix_chat_messages_created_at', 'chat_messages', ['created_at'], unique=False, if_not_exists=True)
    op.create_index('ix_chat_messages_session_id', 'chat_messages', ['session_id'], unique=False, if_not_exists=True)

    op.create_table('chat_sessions',
    sa.Column('session_id', sa.String(length=128), nullable=False),
    sa.Column('site_key', sa.String(length=64), nullable=True),
    sa.Column('language', sa.String(length=8), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('session_id'),
    if_not_exists=True,
    )
    op.create_index('ix_chat_sessions_updated_at', 'chat_sessions', ['updated_at'], unique=False, if_not_exists=True)



def downgrade() -> None:
    op.drop_index('ix_chat_sessions_updated_at', table_name='chat_sessions', if_exists=True)

    op.drop_table('chat_sessions', if_exists=True)
    op.drop_index('ix_chat_messages_session_id', table_name='chat_messages', if_exists=True)
    op.drop_index('ix_chat_messages_created_at', table_name='chat_messages', if_exists=True)

    op.drop_table('chat_messages', if_exists=True)
    op.drop_table('admin_users', if_exists=True)
    op.drop_table('admin_sites', if_exists=True)
    op.drop_table('admin_site_meta', if_exists=True)
    op.drop_index('ix_admin_audit_entry_id', table_name='admin_audit', if_exists=True)
    op.drop_index('ix_admin_audit_at', table_name='admin_audit', if_exists=True)

    op.drop_table('admin_audit', if_exists=True)
    op.drop_index('ix_kb_passages_document_id', table_name='kb_passages', if_exists=True)

    op.drop_table('kb_passages', if_exists=True)
    op.drop_table('kb_visa_rules', if_exists=True)
    op.drop_index('ix_kb_visa_rule_versions_rule_id', table_name='kb_visa_rule_versions', if_exists=True)

    op.drop_table('kb_visa_rule_versions', if_exists=True)
    op.drop_index('ix_kb_unanswered_created_at', table_name='kb_unanswered', if_exists=True)

    op.drop_table('kb_unanswered', if_exists=True)
    op.drop_index('ix_kb_reviews_entry_id', table_name='kb_reviews', if_exists=True)

    op.drop_table('kb_reviews', if_exists=True)
    op.drop_table('kb_glossary', if_exists=True)
    op.drop_index('ix_kb_feedback_created_at', table_name='kb_feedback', if_exists=True)

    op.drop_table('kb_feedback', if_exists=True)
    op.drop_index('ix_kb_entry_versions_entry_id', table_name='kb_entry_versions', if_exists=True)

    op.drop_table('kb_entry_versions', if_exists=True)
    op.drop_table('kb_entries', if_exists=True)
    op.drop_table('kb_documents', if_exists=True)
