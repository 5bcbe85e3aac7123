"""Shared fixtures for the workspace tests (imported by the other test_admin_* files).

The encoder is a tiny deterministic fake (hashed character trigrams): no model is loaded in unit tests.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

import numpy as np
import pytest

from knowledge_base.config import KBConfig

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery"


class FakeEncoder:
    """Bag of hashed character trigrams, L2-normalised: same text -> same vector, similar text -> close."""

    name = "fake-hash"
    dim = 256

    def __init__(self):
        self.calls = 0

    def _vec(self, text: str) -> np.ndarray:
        v = np.zeros(self.dim, np.float32)
        t = "  " + re.sub(r"[^\w]+", " ", text.lower()).strip() + "  "
        for i in range(len(t) - 2):
            v[int(hashlib.md5(t[i:i + 3].encode()).hexdigest()[:6], 16) % self.dim] += 1
        return v / max(np.linalg.norm(v), 1e-9)

    def encode_queries(self, texts):
        self.calls += 1
        return np.stack([self._vec(t) for t in texts]) if len(texts) else np.zeros((0, self.dim), np.float32)

    encode_passages = encode_queries


def entry(eid="visa-test-one", topic="policy", en=("Do I need a visa for Vietnam?",), fr=None, answer_en=None,
          **extra) -> dict:
    data = {"id": eid, "topic": topic, "questions": {"en": list(en)},
            "answer": {"en": answer_en or f"Answer for {eid}."},
            "source": {"publisher": "Ministry", "title": "Portal", "url": "https://example.gov.vn/"},
            "last_reviewed": "2026-11-01"}
    if fr:
        data["questions"]["fr"] = [fr[0]]
        data["answer"]["fr"] = fr[1]
    data.update(extra)
    return data


@pytest.fixture
def fake_encoder(monkeypatch):
    enc = FakeEncoder()
    monkeypatch.setattr("knowledge_base.service.get_encoder", lambda spec="": enc)
    return enc


@pytest.fixture
def app(tmp_path, monkeypatch, fake_encoder):
    from knowledge_base.store import get_store
    from webchat import create_app
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
    from webchat.admin.kbtools import make_kb

    with application.app_context():
        application.extensions["va_admin_kb"] = make_kb(application)
        application.extensions["va_admin_kb"].rebuild(seed=False)
    yield application
    get_store.cache_clear()


def csrf(client) -> str:
    with client.session_transaction() as sess:
        return sess.get("csrf", "")


def login(client, name, password=PASSWORD, follow=False):
    client.get("/admin/login")
    return client.post("/admin/login", data={"username": name, "password": password, "csrf_token": csrf(client)},
                       follow_redirects=follow)


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


def post(client, url, data=None, **kw):
    data = dict(data or {})
    data.setdefault("csrf_token", csrf(client))
    return client.post(url, data=data, **kw)


def form_for(data: dict, version="", is_new=False) -> dict:
    from webchat.admin.forms import data_to_form

    f = data_to_form(data)
    f.update(version=str(version), is_new="1" if is_new else "0")
    return f
