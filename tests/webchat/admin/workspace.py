"""Helpers to drive the editors' workspace in tests: entry data, logging in, posting a form with its CSRF token.

The fixtures (the workspace app, an editor and a publisher logged in) are in conftest.py beside this file.
"""
from __future__ import annotations

PASSWORD = "correct horse battery"


def entry(eid="visa-test-one", topic="policy", en=("Do I need a visa for Vietnam?",), fr=None, answer_en=None,
          **extra) -> dict:
    """An entry as an editor might first write it: English (and French when given) only, a home-page source."""
    data = {"id": eid, "topic": topic, "questions": {"en": list(en)},
            "answer": {"en": answer_en or f"Answer for {eid}."},
            "source": {"publisher": "Ministry", "title": "Portal", "url": "https://example.gov.vn/"},
            "last_reviewed": "2026-11-01"}
    if fr:
        data["questions"]["fr"] = [fr[0]]
        data["answer"]["fr"] = fr[1]
    data.update(extra)
    return data


def csrf(client) -> str:
    with client.session_transaction() as sess:
        return sess.get("csrf", "")


def login(client, name, password=PASSWORD, follow=False):
    client.get("/admin/login")
    return client.post("/admin/login", data={"username": name, "password": password, "csrf_token": csrf(client)},
                       follow_redirects=follow)


def post(client, url, data=None, **kw):
    """POST a workspace form with the session's CSRF token (unless the data sets its own)."""
    data = dict(data or {})
    data.setdefault("csrf_token", csrf(client))
    return client.post(url, data=data, **kw)


def form_for(data: dict, version="", is_new=False) -> dict:
    """The editing form's fields for an entry dict."""
    from webchat.admin.forms import data_to_form

    f = data_to_form(data)
    f.update(version=str(version), is_new="1" if is_new else "0")
    return f
