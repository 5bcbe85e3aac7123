"""Fixtures for the workspace tests: the workspace on a temporary store and index with two published entries,
the fake encoder as the knowledge base's encoder (no model is loaded), and an editor and a publisher logged in.
Helpers to drive it are in workspace.py beside this file."""
from __future__ import annotations

import pytest

from knowledge_base.config import KBConfig
from tests.webchat.admin.workspace import PASSWORD, entry, login


@pytest.fixture
def app(tmp_path, monkeypatch, fake_encoder):
    from knowledge_base.store import get_store
    from webchat import create_app
    from webchat.admin.kbtools import make_kb
    from webchat.admin.users import create_user

    monkeypatch.setenv("VA_VAR_DIR", str(tmp_path))
    monkeypatch.setenv("KB_INDEX_DIR", str(tmp_path / "index"))
    url = f"sqlite:///{tmp_path / 'kb.sqlite3'}"
    cfg = KBConfig(database_url=url, index_dir=tmp_path / "index", content_dir=tmp_path / "content",
                   encoder="fake-hash", threshold=0.8, passage_threshold=0.99, reload_seconds=0.0)
    store = get_store(url)
    store.save_entry(entry("visa-test-one", fr=("Ai-je besoin d'un visa ?", "Réponse visa.")),
                     status="published", author="seed")
    store.save_entry(entry("culture-test-tet", topic="culture", en=("When is Tet?",)), status="published",
                     author="seed")
    application = create_app({"TESTING": True, "DATABASE_URL": url, "KB_CONFIG": cfg, "SECRET_KEY": "t" * 32})
    create_user(store.engine, "eddie", "editor", PASSWORD)
    create_user(store.engine, "pat", "publisher", PASSWORD)

    with application.app_context():
        application.extensions["va_admin_kb"] = make_kb(application)
        application.extensions["va_admin_kb"].rebuild(seed=False)
    yield application
    get_store.cache_clear()


@pytest.fixture
def editor(app):
    c = app.test_client()
    assert login(c, "eddie").status_code == 302
    return c


@pytest.fixture
def publisher(app):
    c = app.test_client()
    assert login(c, "pat").status_code == 302
    return c
