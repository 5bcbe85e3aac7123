"""The workspace's command line (python -m webchat.admin): create users, purge old chat logs, erase a session."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa


def test_cli_create_user_purge_erase(app, tmp_path, monkeypatch):
    from webchat.admin.__main__ import main
    from webchat.admin.users import check_login
    from webchat.conversations import messages, sessions

    store = app.extensions["va_store"]
    monkeypatch.setenv("KB_DATABASE_URL", str(store.engine.url))
    assert main(["create-user", "carol", "--role", "publisher", "--password", "another long secret"]) == 0
    assert check_login(store.engine, "carol", "another long secret")["role"] == "publisher"
    assert main(["create-user", "carol", "--role", "editor", "--password", "another long secret"]) == 2
    monkeypatch.setenv("VA_ADMIN_PASSWORD", "from the environment")
    assert main(["create-user", "dave", "--role", "editor"]) == 0
    old = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None) - dt.timedelta(days=400)
    new = old + dt.timedelta(days=399)
    with store.engine.begin() as conn:
        for sid, t in (("old-s", old), ("new-s", new)):
            conn.execute(sessions.insert().values(session_id=sid, created_at=t, updated_at=t))
            conn.execute(messages.insert().values(session_id=sid, direction="in", text="hi", created_at=t))
    monkeypatch.setenv("VA_RETENTION_DAYS", "180")
    assert main(["purge"]) == 0
    with store.engine.connect() as conn:
        assert [r[0] for r in conn.execute(sa.select(sessions.c.session_id))] == ["new-s"]
    assert main(["erase", "new-s"]) == 0
    with store.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(messages)).scalar() == 0
