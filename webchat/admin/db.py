"""Tables the editors' workspace adds (users, audit log, site config) and draft-aware entry helpers.

Drafts of a published entry never touch the served content: a draft is a kb_entry_versions row with
status "draft"; the kb_entries row keeps the published data and status, only its version counter moves on
(so optimistic versioning covers drafts too). The pending draft of an entry is its newest version row when
that row's status is "draft".
"""
from __future__ import annotations

import datetime as dt
import json

import sqlalchemy as sa

from knowledge_base.store import ConflictError, entries, entry_versions

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


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def create_tables(engine: sa.engine.Engine) -> None:
    """Create the workspace tables; tolerate another process creating them at the same moment."""
    for attempt in range(3):
        try:
            metadata.create_all(engine)
            return
        except sa.exc.OperationalError:
            if attempt == 2:
                raise


def canonical(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)


def write_audit(engine, user: str, action: str, entry_id: str | None = None, details=None, conn=None) -> None:
    """Append one audit row (inside conn's transaction when given)."""
    values = dict(at=now(), user=user, action=action, entry_id=entry_id,
                  details=details if isinstance(details, str) or details is None else canonical(details))
    if conn is not None:
        conn.execute(audit.insert().values(**values))
        return
    with engine.begin() as c:
        c.execute(audit.insert().values(**values))


def save_draft(conn, data: dict, *, author: str, expected_version: int | None) -> int:
    """Record a draft version inside an open transaction; the served content stays as it is.

    New or unpublished entries get their kb_entries row updated (status draft); a published entry keeps
    its published data and only its version counter advances. Raises ConflictError on a stale version.
    """
    eid = data["id"]
    body = canonical(data)
    row = conn.execute(sa.select(entries.c.version, entries.c.status).where(entries.c.id == eid)
                       .with_for_update()).first()
    current = row[0] if row else 0
    if expected_version is not None and expected_version != current:
        raise ConflictError(f"entry {eid} is at version {current}, not {expected_version}")
    version = current + 1
    stamp = now()
    if row is None:
        conn.execute(entries.insert().values(id=eid, topic=data["topic"], status="draft", version=version,
                                             data=body, updated_at=stamp, updated_by=author))
    elif row[1] == "published":
        conn.execute(entries.update().where(entries.c.id == eid).values(version=version, updated_at=stamp,
                                                                        updated_by=author))
    else:
        conn.execute(entries.update().where(entries.c.id == eid).values(
            topic=data["topic"], status="draft", version=version, data=body, updated_at=stamp, updated_by=author))
    conn.execute(entry_versions.insert().values(entry_id=eid, version=version, status="draft", data=body,
                                                created_at=stamp, author=author))
    return version


def save_status(conn, data: dict, *, status: str, author: str, expected_version: int | None) -> int:
    """Like Store.save_entry (published/archived) but inside an open transaction."""
    eid = data["id"]
    body = canonical(data)
    row = conn.execute(sa.select(entries.c.version).where(entries.c.id == eid).with_for_update()).first()
    current = row[0] if row else 0
    if expected_version is not None and expected_version != current:
        raise ConflictError(f"entry {eid} is at version {current}, not {expected_version}")
    version = current + 1
    values = dict(topic=data["topic"], status=status, version=version, data=body, updated_at=now(),
                  updated_by=author)
    if row:
        conn.execute(entries.update().where(entries.c.id == eid).values(**values))
    else:
        conn.execute(entries.insert().values(id=eid, **values))
    conn.execute(entry_versions.insert().values(entry_id=eid, version=version, status=status, data=body,
                                                created_at=values["updated_at"], author=author))
    return version


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
