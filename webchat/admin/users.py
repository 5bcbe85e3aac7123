"""Accounts: editors write drafts, publishers publish and roll back. Created with the CLI."""
from __future__ import annotations

import sqlalchemy as sa
from flask import g, render_template
from werkzeug.security import check_password_hash, generate_password_hash

from knowledge_base.store import utc_now

from . import bp, engine
from .db import audit, users

MIN_PASSWORD = 10
_DUMMY_HASH = generate_password_hash("timing-equaliser", method="scrypt")


def create_user(eng, name: str, role: str, password: str, *, replace: bool = False) -> None:
    """Create (or with replace, reset) an account; the password is stored as a scrypt hash."""
    if role not in ("editor", "publisher"):
        raise ValueError("role must be editor or publisher")
    if not name or len(name) > 120 or not name.replace("-", "").replace("_", "").replace(".", "").isalnum():
        raise ValueError("user name: letters, digits, . _ - (up to 120)")
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"password must be at least {MIN_PASSWORD} characters")
    values = dict(password_hash=generate_password_hash(password, method="scrypt"), role=role, disabled=False)
    with eng.begin() as conn:
        exists = conn.execute(sa.select(users.c.name).where(users.c.name == name)).first()
        if exists and not replace:
            raise ValueError(f"user {name!r} exists (use --replace to reset it)")
        if exists:
            conn.execute(users.update().where(users.c.name == name).values(**values))
        else:
            conn.execute(users.insert().values(name=name, created_at=utc_now(), **values))
        conn.execute(audit.insert().values(at=utc_now(), user="cli", action="user.create" if not exists else "user.reset",
                                           details=f"{name} ({role})"))


def get_user(eng, name: str) -> dict | None:
    with eng.connect() as conn:
        row = conn.execute(sa.select(users).where(users.c.name == name)).mappings().first()
    return dict(row) if row else None


def check_login(eng, name: str, password: str) -> dict | None:
    """The user when name and password match an enabled account, else None (constant-ish time)."""
    user = get_user(eng, name)
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if user["disabled"] or not check_password_hash(user["password_hash"], password):
        return None
    return user


def list_users(eng) -> list[dict]:
    with eng.connect() as conn:
        return [dict(r) for r in conn.execute(sa.select(users.c.name, users.c.role, users.c.created_at,
                                                        users.c.disabled).order_by(users.c.name)).mappings()]


@bp.get("/audit")
def audit_log():
    """The audit log: who changed what and when (newest first)."""
    from flask import request

    entry_id = request.args.get("entry_id") or None
    query = sa.select(audit).order_by(audit.c.id.desc()).limit(500)
    if entry_id:
        query = query.where(audit.c.entry_id == entry_id)
    with engine().connect() as conn:
        rows = [dict(r) for r in conn.execute(query).mappings()]
    return render_template("admin/audit.html", rows=rows, users=list_users(engine()), entry_id=entry_id,
                           me=g.user)
