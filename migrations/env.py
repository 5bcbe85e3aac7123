"""Alembic environment: the knowledge-base store, the workspace and the conversation log share one database.

Run through knowledge_base.migrate (which every process calls before it uses the database); the connection
comes from there, so the same migrations serve SQLite (`make run`) and PostgreSQL (the scaled profile).
"""
from __future__ import annotations

from alembic import context

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through knowledge_base.migrate.upgrade(engine)")
# the tables' definitions are needed only to autogenerate a new revision (pass autogenerate=True)
metadata = None
if config.attributes.get("autogenerate"):
    from knowledge_base.migrate import target_metadata

    metadata = target_metadata()
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True, compare_type=True)
with context.begin_transaction():
    context.run_migrations()
