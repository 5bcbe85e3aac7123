"""Fixtures for the gateway tests: the gateway on a temporary database, with Rasa and the action server faked.

The workspace tests in admin/ replace `app` with their own (admin/conftest.py).
"""
from __future__ import annotations

import pytest

from tests.fakes import FakeRasa
from webchat import create_app, rasa_client


@pytest.fixture
def rasa(monkeypatch):
    """A FakeRasa in place of rasa_client.send/probe: set its replies, read its calls."""
    fake = FakeRasa()
    monkeypatch.setattr(rasa_client, "send", fake.send)
    monkeypatch.setattr(rasa_client, "probe", fake.probe)
    return fake


@pytest.fixture
def app(tmp_path, rasa):
    return create_app(test_config={"DATABASE_URL": f"sqlite:///{tmp_path}/t.db", "TESTING": True,
                                   "RATE_LIMIT_PER_SESSION": (5, 60), "RATE_LIMIT_PER_CLIENT": (8, 60)})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def chat(client):
    """chat(message, session_id=..., headers=..., **fields): one POST /api/v1/chat, its log rows written."""
    def post(message="Do I need a visa to visit Vietnam?", session_id="s-1", headers=None, **extra):
        body = {"session_id": session_id, "message": message, **extra}
        resp = client.post("/api/v1/chat", json=body, headers=headers or {})
        resp.close()  # as a WSGI server does after sending it: the turn's log rows are written on close
        return resp
    return post
