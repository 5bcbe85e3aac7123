"""The editors' workspace against the real stack: an editor drafts, a publisher publishes, visitors get it.

Needs the session-scoped `stack` fixture (tests/e2e/conftest.py). Accounts are created with the CLI in the
stack's environment (same VA_VAR_DIR, so the same store).
"""
from __future__ import annotations

import re
import subprocess
import sys
import threading
import time
import uuid

import pytest
import requests

pytestmark = pytest.mark.e2e

PASSWORD = "e2e workspace password"
FR_QUESTION = "Faut-il une autorisation pour piloter un drone de loisir au-dessus de la baie d'Hạ Long ?"
EN_QUESTION = "Do I need a permit to fly a hobby drone over Ha Long Bay?"
FR_ANSWER = ("Oui. Le vol de drones de loisir au Vietnam exige une autorisation préalable du ministère de la "
             "Défense ; renseignez-vous auprès de l'ambassade avant le voyage.")
EN_ANSWER = ("Yes. Flying a hobby drone in Vietnam needs prior permission from the Ministry of National "
             "Defence; ask the embassy before you travel.")


def create_user(stack, name: str, role: str) -> None:
    cmd = [sys.executable, "-m", "webchat.admin", "create-user", name, "--role", role, "--password", PASSWORD,
           "--replace"]
    done = subprocess.run(cmd, env=stack.env, capture_output=True, text=True, timeout=120,
                          cwd=str(getattr(stack, "root", None) or _root()))
    assert done.returncode == 0, done.stderr


def _root():
    from pathlib import Path

    return Path(__file__).resolve().parents[2]


def token(html: str) -> str:
    m = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert m, "no CSRF token in the page"
    return m.group(1)


def login(stack, name: str) -> requests.Session:
    s = requests.Session()
    page = s.get(f"{stack.base_url}/admin/login", timeout=30)
    resp = s.post(f"{stack.base_url}/admin/login", timeout=30, allow_redirects=False,
                  data={"username": name, "password": PASSWORD, "csrf_token": token(page.text)})
    assert resp.status_code == 302, resp.text
    return s


class Chatter(threading.Thread):
    """Keeps chatting (about one message a second, fresh sessions) and records every status code."""

    def __init__(self, stack):
        super().__init__(daemon=True)
        self.stack, self.codes, self.stop = stack, [], threading.Event()

    def run(self):
        questions = ["Do I need a visa to visit Vietnam?", "When is Tet?", "Bonjour", "Quand est le Têt ?"]
        n = 0
        while not self.stop.is_set():
            sid = f"bg-{uuid.uuid4().hex[:10]}" if n % 8 == 0 else sid
            try:
                r = requests.post(f"{self.stack.base_url}/api/v1/chat", timeout=60,
                                  json={"session_id": sid, "message": questions[n % len(questions)]})
                self.codes.append(r.status_code)
            except requests.RequestException as exc:
                self.codes.append(repr(exc))
            n += 1
            self.stop.wait(1.0)


def test_editor_drafts_publisher_publishes_visitors_get_it(stack):
    create_user(stack, "e2e-editor", "editor")
    create_user(stack, "e2e-publisher", "publisher")
    editor = login(stack, "e2e-editor")
    publisher = login(stack, "e2e-publisher")
    eid = f"travel-drone-permit-{uuid.uuid4().hex[:6]}"
    form = editor.get(f"{stack.base_url}/admin/entries/new", timeout=30)
    assert form.status_code == 200
    data = {"csrf_token": token(form.text), "is_new": "1", "version": "", "id": eid, "topic": "travel",
            "source_publisher": "Ministry of National Defence", "source_title": "Drone regulations",
            "source_url": "https://mod.gov.vn/", "last_reviewed": "2026-11-20",
            "q_en": EN_QUESTION, "a_en": EN_ANSWER, "q_fr": FR_QUESTION, "a_fr": FR_ANSWER}
    saved = editor.post(f"{stack.base_url}/admin/entries/save", data=data, timeout=60, allow_redirects=False)
    assert saved.status_code == 302, saved.text
    # an editor cannot publish
    page = editor.get(f"{stack.base_url}/admin/entries/{eid}/edit", timeout=30)
    version = re.search(r'name="version" value="(\d+)"', page.text).group(1)
    denied = editor.post(f"{stack.base_url}/admin/entries/{eid}/publish", timeout=30,
                         data={"csrf_token": token(page.text), "version": version})
    assert denied.status_code == 403

    chatter = Chatter(stack)
    chatter.start()
    try:
        time.sleep(2)
        page = publisher.get(f"{stack.base_url}/admin/entries/{eid}/edit", timeout=30)
        published = publisher.post(f"{stack.base_url}/admin/entries/{eid}/publish", timeout=600,
                                   allow_redirects=False, data={"csrf_token": token(page.text), "version": version})
        assert published.status_code == 302, published.text
        deadline = time.monotonic() + 10
        last = None
        while time.monotonic() < deadline:
            r = requests.post(f"{stack.base_url}/api/v1/chat", timeout=60,
                              json={"session_id": f"e2e-{uuid.uuid4().hex[:10]}", "message": FR_QUESTION})
            assert r.status_code == 200, r.text
            last = r.json()
            msg = last["messages"][0]
            if msg.get("entry_id") == eid:
                break
            time.sleep(0.5)
        else:
            pytest.fail(f"the published entry was not served within 10 s: {last}")
        assert last["language"] == "fr"
        assert FR_ANSWER in msg["text"]
        time.sleep(2)
    finally:
        chatter.stop.set()
        chatter.join(timeout=90)
    assert chatter.codes, "the background chat never ran"
    assert all(code == 200 for code in chatter.codes), chatter.codes


def test_none_of_these_reaches_the_inbox_and_the_analytics(stack):
    """A visitor presses "None of these" under a "Did you mean…?": an editor sees the question in the inbox under
    `suggestion_rejected`, and the analytics funnel counts it."""
    from .conftest import chat

    sid = f"funnel-{uuid.uuid4().hex[:10]}"
    (msg,) = chat(stack, "visa", sid).json()["messages"]
    assert msg["kind"] == "suggest" and msg["buttons"][-1]["payload"] == "/none_of_these", msg
    (reply,) = chat(stack, "/none_of_these", sid).json()["messages"]
    assert reply["decline_reason"] == "none_of_these"
    create_user(stack, "e2e-funnel-editor", "editor")
    s = login(stack, "e2e-funnel-editor")
    inbox = s.get(f"{stack.base_url}/admin/inbox?reason=suggestion_rejected", timeout=30)
    assert inbox.status_code == 200
    # the filtered page lists the group of "visa" with the reason in its meta line
    assert re.search(r"<h2>visa</h2>\s*<p class=\"meta\">[^<]*· suggestion_rejected", inbox.text), inbox.text[:3000]
    rows = s.get(f"{stack.base_url}/admin/analytics?table=suggestions&format=csv", timeout=30).text.splitlines()
    assert rows[0].startswith("language,shown,chose one,none of these")
    total = rows[1].split(",")
    assert total[0] == "(all)" and int(total[1]) >= 1 and int(total[3]) >= 1, rows
