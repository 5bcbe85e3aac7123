"""Tables the editors' workspace adds (users, audit log, site config) and read helpers for drafts.

Every entry write (draft, publish, archive, rollback, review) is knowledge_base.store's; this module only
reads: the pending draft of an entry is its newest version row when that row's status is "draft".
"""
from __future__ import annotations

import json

import sqlalchemy as sa

from knowledge_base.store import canonical, entry_versions, utc_now

metadata = sa.MetaData()

users = sa.Table(
    "admin_users", metadata,
    sa.Column("name", sa.String(120), primary_key=True),
    sa.Column("password_hash", sa.String(255), nullable=False),
    sa.Column("role", sa.String(20), nullable=False),  # editor | publisher
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("disabled", sa.Boolean, nullable=False, default=False),
)
audit = sa.Table(
    "admin_audit", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime, nullable=False, index=True),
    sa.Column("user", sa.String(120), nullable=False),
    sa.Column("action", sa.String(40), nullable=False),
    sa.Column("entry_id", sa.String(120), index=True),
    sa.Column("details", sa.Text),
)
site_configs = sa.Table(
    "admin_sites", metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("data", sa.Text, nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False),
    sa.Column("updated_by", sa.String(120), nullable=False),
)
site_meta = sa.Table(
    "admin_site_meta", metadata,
    sa.Column("name", sa.String(40), primary_key=True),
    sa.Column("value", sa.Text),
)



def write_audit(engine, user: str, action: str, entry_id: str | None = None, details=None, conn=None) -> None:
    """Append one audit row (inside conn's transaction when given)."""
    values = dict(at=utc_now(), user=user, action=action, entry_id=entry_id,
                  details=details if isinstance(details, str) or details is None else canonical(details))
    if conn is not None:
        conn.execute(audit.insert().values(**values))
        return
    with engine.begin() as c:
        c.execute(audit.insert().values(**values))


def pending_draft(versions: list[dict]) -> dict | None:
    """The newest version when it is a draft (versions newest first, as Store.versions returns)."""
    return versions[0] if versions and versions[0]["status"] == "draft" else None


def latest_versions(engine) -> dict[str, dict]:
    """entry id -> its newest version row (data decoded), for list screens."""
    sub = (sa.select(entry_versions.c.entry_id, sa.func.max(entry_versions.c.version).label("v"))
           .group_by(entry_versions.c.entry_id).subquery())
    query = sa.select(entry_versions).join(
        sub, sa.and_(entry_versions.c.entry_id == sub.c.entry_id, entry_versions.c.version == sub.c.v))
    with engine.connect() as conn:
        return {r["entry_id"]: dict(r, data=json.loads(r["data"])) for r in conn.execute(query).mappings()}
