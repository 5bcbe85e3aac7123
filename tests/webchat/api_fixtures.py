"""Fixtures for test_api.py: the gateway on a temporary database, Rasa and the action server faked.

Imported by test_api.py rather than kept in a conftest, so the admin tests keep their own `app` fixture.
"""
from __future__ import annotations

import pytest

from webchat import create_app, rasa_client


class FakeRasa:
    """Stands in for rasa_client.send/probe: records calls, returns scripted replies."""

    def __init__(self):
        self.replies: list[dict] = [{"custom": {"text": "Hello!", "buttons": [], "sources": [], "kind": "answer"}}]
        self.calls: list[dict] = []
        self.down = False
        self.healthy = {"rasa": True, "actions": True}
        self.probes: list[str] = []

    def send(self, rasa_url, session_id, text, metadata, timeout):
        self.calls.append({"url": rasa_url, "session_id": session_id, "text": text, "metadata": metadata})
        if self.down:
            raise rasa_client.Unavailable("rasa: ConnectionError")
        return list(self.replies)

    def probe(self, url, timeout):
        self.probes.append(url)
        return self.healthy["actions"] if url.endswith("/health") else self.healthy["rasa"]


@pytest.fixture
def rasa(monkeypatch):
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
    def post(message="Do I need a visa to visit Vietnam?", session_id="s-1", headers=None, **extra):
        body = {"session_id": session_id, "message": message, **extra}
        resp = client.post("/api/v1/chat", json=body, headers=headers or {})
        resp.close()  # as a WSGI server does after sending it: the turn's log rows are written on close
        return resp
    return post
