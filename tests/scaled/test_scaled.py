"""The scaled profile under load, faults and publishing: real PostgreSQL, Redis, nginx and two of each replica."""
from __future__ import annotations

import os
import threading
import time
import uuid
from collections import defaultdict

import pytest
import requests
import sqlalchemy as sa

from tests.e2e.test_admin_e2e import EN_ANSWER, EN_QUESTION, FR_ANSWER, FR_QUESTION, create_user, login, token

from .conftest import visitor

pytestmark = pytest.mark.scaled

LOAD_SECONDS = float(os.environ.get("VA_SCALED_LOAD_SECONDS", "120"))
# (language, first message, passport it states, follow-up that needs the passport from the slot)
PERSONAS = [
    ("en", "I'm German, two weeks?", "DE", "And 2 months?"),
    ("ja", "私はドイツ人です。2週間の旅行にビザは必要ですか？", "DE", "2ヶ月ならどうですか？"),
    ("vi", "Tôi là người Đức, đi du lịch 2 tuần có cần thị thực không?", "DE", "Còn nếu ở 2 tháng thì sao?"),
    ("en", "I have an American passport. Do I need a visa for two weeks?", "US", "And 2 months?"),
    ("en", "I'm French, do I need a visa for two weeks?", "FR", "And 2 months?"),
]
QUESTIONS = {"en": "When is Tet?", "ja": "テトはいつですか？", "vi": "Tết là khi nào?"}
# how many times a message shed with 503 "busy" is sent again before it counts as a failure. The widget keeps such a
# message in its queue and sends it again after Retry-After until it goes through (webchat/static/widget/queue.js);
# with one retry only, a 2-core machine about 1.7 times slower than the one this load was sized on lost 1 of 1,459
# messages to two "busy" replies in a row (round 28's clean clone), and the conversation's later turns then failed
# for want of the passport its first message gave
BUSY_RETRIES = 3


class Conversation:
    """One visitor: own address, own session; checks every reply's language and passport."""

    def __init__(self, base: str, n: int):
        self.base, self.n = base, n
        self.lang, self.first, self.passport, self.follow = PERSONAS[n % len(PERSONAS)]
        self.session_id = f"load-{n}-{uuid.uuid4().hex[:8]}"
        self.http = visitor(n)
        self.turns, self.failures, self.retries, self.problems = 0, 0, 0, []

    def say(self, text: str, retries: int = BUSY_RETRIES) -> dict | None:
        self.turns += 1
        try:
            resp = self.http.post(f"{self.base}/api/v1/chat", json={"session_id": self.session_id, "message": text},
                                  timeout=120)
        except requests.RequestException as exc:
            self.failures += 1
            self.problems.append(f"turn {self.turns}: {exc!r}")
            return None
        body = resp.json() if resp.headers.get("Content-Type", "").startswith("application/json") else {}
        if resp.status_code == 503 and body.get("error", {}).get("code") == "busy" and retries:
            # what the widget does: keep the message, wait as long as Retry-After says, then send it again (the
            # widget's queue does so until it goes through; here a few times, then it counts as lost)
            self.retries += 1
            time.sleep(float(resp.headers.get("Retry-After", "5")))
            self.turns -= 1
            return self.say(text, retries - 1)
        if resp.status_code != 200 or any(m.get("kind") == "error" for m in body.get("messages", [])):
            self.failures += 1
            self.problems.append(f"turn {self.turns}: {resp.status_code} {resp.text[:200]}")
            return None
        if body["language"] != self.lang:
            self.problems.append(f"turn {self.turns}: language {body['language']} instead of {self.lang}")
        for m in body["messages"]:
            if m.get("nationality") and m["nationality"] != self.passport:
                self.problems.append(f"turn {self.turns}: passport {m['nationality']} instead of {self.passport}")
        return body

    def visa_answer(self, body: dict | None) -> dict | None:
        return next((m for m in (body or {}).get("messages", []) if m.get("visa_rule")), None)

    def run(self, until: float, pause: float = 3.5) -> None:
        # a visitor reads the reply before typing again; 3.5 s keeps them under the 20-a-minute session limit.
        # Visitors do not all arrive in the same instant: each starts within the first pause
        time.sleep(pause * (self.n % 10) / 10)
        body = self.say(self.first)
        if body is not None and not self.visa_answer(body):
            self.problems.append(f"first turn: no visa answer for the stated passport: {body}")
        step = 0
        while time.monotonic() < until:
            text = self.follow if step % 2 == 0 else QUESTIONS[self.lang]
            body = self.say(text)
            if body is not None and step % 2 == 0:
                answer = self.visa_answer(body)
                # the passport given on the first turn is still in the slot, whichever replica answers
                if not answer or answer.get("nationality") != self.passport:
                    self.problems.append(f"turn {self.turns}: the follow-up lost the passport: {body}")
            step += 1
            time.sleep(pause)


def run_load(base: str, sessions: int, seconds: float, first: int = 0) -> list[Conversation]:
    convs = [Conversation(base, first + i) for i in range(sessions)]
    until = time.monotonic() + seconds
    threads = [threading.Thread(target=c.run, args=(until,), daemon=True) for c in convs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds + 300)
    return convs


def test_the_shared_state_lives_in_postgresql(scaled):
    sid = f"pg-{uuid.uuid4().hex[:8]}"
    r = requests.post(f"{scaled.base_url}/api/v1/chat", json={"session_id": sid, "message": "When is Tet?"},
                      timeout=120)
    assert r.status_code == 200, r.text
    health = requests.get(f"{scaled.base_url}/healthz", timeout=30).json()
    assert health["status"] == "ok", health
    kb = sa.create_engine(scaled.pg.url("va"))
    tracker = sa.create_engine(scaled.pg.url("va_tracker"))
    with kb.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM kb_entries WHERE status = 'published'")).scalar() > 100
        assert conn.execute(sa.text("SELECT count(*) FROM chat_messages WHERE session_id = :s"), {"s": sid}).scalar() >= 2
    with tracker.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM events WHERE sender_id = :s"), {"s": sid}).scalar() >= 3
    kb.dispose()
    tracker.dispose()


def test_fifty_sessions_through_nginx_keep_their_language_and_passport(scaled):
    convs = run_load(scaled.base_url, 50, LOAD_SECONDS)
    turns = sum(c.turns for c in convs)
    failures = [p for c in convs for p in c.problems]
    print(f"\n50 sessions for {LOAD_SECONDS:.0f} s: {turns} messages, {sum(c.failures for c in convs)} failed, "
          f"{sum(c.retries for c in convs)} sent again after a busy reply")
    assert turns >= 50 * min(5, LOAD_SECONDS // 5)
    assert not failures, failures[:10]


def test_rate_limits_hold_across_gateway_processes_and_per_visitor(scaled):
    # the session's budget (20 a minute) is one budget, whichever gateway process takes the message
    sid = f"rl-{uuid.uuid4().hex[:8]}"
    codes = []
    for n in range(24):
        port = scaled.web_ports[n % 2]
        r = requests.post(f"http://127.0.0.1:{port}/api/v1/chat", json={"session_id": sid, "message": "hello"},
                          timeout=120)
        codes.append(r.status_code)
    assert codes[:20] == [200] * 20 and set(codes[20:]) == {429}, codes
    # a visitor's budget (VA_RATE_LIMIT_PER_CLIENT) follows the address nginx saw, not a header they send
    limit = 120
    spoofer, other = visitor(201), visitor(202)
    spoofed = [spoofer.post(f"{scaled.base_url}/api/v1/chat", headers={"X-Forwarded-For": f"10.9.{n}.1"},
                            json={"session_id": f"rl-s{n}", "message": "/greet"}, timeout=120).status_code
               for n in range(limit + 3)]
    assert spoofed.count(429) >= 3, "a forged X-Forwarded-For must not buy a new budget"
    assert other.post(f"{scaled.base_url}/api/v1/chat", json={"session_id": "rl-other", "message": "/greet"},
                      timeout=120).status_code == 200, "another visitor behind the same proxy keeps their own budget"


def _action_answer(port: int, text: str) -> dict:
    """Ask one action server directly which entry answers text (the call Rasa makes, without the domain)."""
    call = {"next_action": "action_answer_question", "sender_id": f"probe-{uuid.uuid4().hex[:6]}", "version": "3.6.21",
            "tracker": {"sender_id": "probe", "slots": {}, "events": [], "paused": False, "followup_action": None,
                        "active_loop": {}, "latest_action_name": "action_listen",
                        "latest_message": {"text": text, "intent": {"name": "nlu_fallback", "confidence": 1.0},
                                           "entities": [], "metadata": {"language": "fr"}}}}
    r = requests.post(f"http://127.0.0.1:{port}/webhook", json=call, timeout=60)
    assert r.status_code == 200, r.text
    return next((x.get("custom") for x in r.json()["responses"] if x.get("custom")), {}) or {}


def test_a_publish_during_load_reaches_every_action_server_within_10_s(scaled):
    create_user(scaled, "scaled-editor", "editor")
    create_user(scaled, "scaled-publisher", "publisher")
    editor, publisher = login(scaled, "scaled-editor"), login(scaled, "scaled-publisher")
    eid = f"travel-drone-permit-{uuid.uuid4().hex[:6]}"
    form = editor.get(f"{scaled.base_url}/admin/entries/new", timeout=30)
    data = {"csrf_token": token(form.text), "is_new": "1", "version": "", "id": eid, "topic": "travel",
            "source_publisher": "Ministry of National Defence", "source_title": "Drone regulations",
            "source_url": "https://mod.gov.vn/", "last_reviewed": "2026-11-20",
            "q_en": EN_QUESTION, "a_en": EN_ANSWER, "q_fr": FR_QUESTION, "a_fr": FR_ANSWER}
    assert editor.post(f"{scaled.base_url}/admin/entries/save", data=data, timeout=60,
                       allow_redirects=False).status_code == 302
    results: list[list[Conversation]] = []
    load = threading.Thread(target=lambda: results.append(run_load(scaled.base_url, 20, 40, first=100)), daemon=True)
    load.start()
    time.sleep(5)
    page = publisher.get(f"{scaled.base_url}/admin/entries/{eid}/edit", timeout=30)
    import re

    version = re.search(r'name="version" value="(\d+)"', page.text).group(1)
    published = publisher.post(f"{scaled.base_url}/admin/entries/{eid}/publish", timeout=600, allow_redirects=False,
                               data={"csrf_token": token(page.text), "version": version})
    assert published.status_code == 302, published.text
    served_at = {}
    start = time.monotonic()
    while time.monotonic() - start < 10 and len(served_at) < len(scaled.action_ports):
        for port in scaled.action_ports:
            if port not in served_at and _action_answer(port, FR_QUESTION).get("entry_id") == eid:
                served_at[port] = time.monotonic() - start
        time.sleep(0.3)
    assert len(served_at) == len(scaled.action_ports), f"served by {served_at} within 10 s"
    load.join(timeout=400)
    convs = results[0]
    assert not [p for c in convs for p in c.problems], [p for c in convs for p in c.problems][:10]


def test_a_site_edit_reaches_every_gateway_process_within_seconds(scaled):
    create_user(scaled, "scaled-publisher", "publisher")
    publisher = login(scaled, "scaled-publisher")
    page = publisher.get(f"{scaled.base_url}/admin/sites/demo", timeout=30)
    greeting = f"Welcome to the scaled test {uuid.uuid4().hex[:6]}"
    form = {"csrf_token": token(page.text), "name": "Demo", "title": "", "default_language": "en",
            "allowed_origins": "*", "timezone": "Asia/Ho_Chi_Minh", "hours_text": "", "greeting_en": greeting}
    assert publisher.post(f"{scaled.base_url}/admin/sites/demo", data=form, timeout=60,
                          allow_redirects=False).status_code == 302
    start, seen = time.monotonic(), set()
    while time.monotonic() - start < 5 and len(seen) < len(scaled.web_ports):
        for port in scaled.web_ports:
            body = requests.get(f"http://127.0.0.1:{port}/api/v1/sites/demo", timeout=30).json()
            if body["greeting"].get("en") == greeting:
                seen.add(port)
        time.sleep(0.2)
    assert seen == set(scaled.web_ports), f"only {seen} serve the new greeting after 5 s"


def test_a_killed_rasa_replica_and_action_server_cost_a_visitor_at_most_one_retry(scaled):
    results: list[list[Conversation]] = []
    load = threading.Thread(target=lambda: results.append(run_load(scaled.base_url, 20, 40, first=300)), daemon=True)
    load.start()
    time.sleep(10)
    scaled.kill("rasa-1")
    scaled.kill("actions-1")
    load.join(timeout=400)
    convs = results[0]
    per_visitor = defaultdict(int)
    for c in convs:
        per_visitor[c.session_id] = c.failures
    assert max(per_visitor.values()) <= 1, {k: v for k, v in per_visitor.items() if v > 1}
    # no conversation lost or mixed up: language and passport held on every turn that was answered
    mixed = [p for c in convs for p in c.problems if "instead of" in p or "lost the passport" in p]
    assert not mixed, mixed[:10]
    # the rest carried on, and the killed replicas come back
    scaled.restart("actions-1")
    scaled.restart("rasa-1")
    assert requests.get(f"http://127.0.0.1:{scaled.rasa_ports[0]}/", timeout=30).status_code == 200
    assert requests.get(f"http://127.0.0.1:{scaled.action_ports[0]}/health", timeout=30).status_code == 200


def test_five_times_the_load_is_shed_with_a_prompt_busy_and_nothing_breaks(scaled):
    # 250 visitors (five times the load test) send at once, without pausing: what cannot be admitted gets
    # 503 "busy" with Retry-After in the visitor's language; everything else is answered, and no conversation
    # is corrupted. (How fast admitted messages are is measured by `make bench`, not asserted here.)
    convs = [Conversation(scaled.base_url, 400 + i) for i in range(250)]
    outcomes: list[tuple[Conversation, int, dict, str]] = []
    lock = threading.Lock()

    def burst(c: Conversation) -> None:
        for text in (c.first, c.follow, QUESTIONS[c.lang]):
            r = c.http.post(f"{scaled.base_url}/api/v1/chat", json={"session_id": c.session_id, "message": text},
                            timeout=120)
            with lock:
                outcomes.append((c, r.status_code, r.json(), r.headers.get("Retry-After", "")))

    threads = [threading.Thread(target=burst, args=(c,), daemon=True) for c in convs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=600)
    codes = defaultdict(int)
    for c, status, body, retry in outcomes:
        codes[status] += 1
        if status == 503:
            assert body["error"]["code"] == "busy" and retry == "5", body
            assert body["language"] == c.lang, (c.lang, body)
        else:
            assert status == 200, (status, body)
            assert body["language"] == c.lang
    print(f"\n250 visitors at once: {dict(codes)}")
    assert codes[503] > 0, "five times the load should be shed, not queued"
    assert codes[200] > 0
    # afterwards every sampled conversation goes on, in its language, with its passport
    time.sleep(6)
    for c in convs[::25]:
        c.problems = []
        c.run(time.monotonic() + 1, pause=0)
        assert not c.problems, c.problems
