"""The public API fuzzed from its OpenAPI description through the real scaled profile: nginx, two gateways,
two Rasa servers, two action servers, PostgreSQL and Redis (the in-process fuzz with Rasa faked is
tests/webchat/test_openapi.py)."""
from __future__ import annotations

import itertools
import os

import pytest
import schemathesis
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from schemathesis import checks

from tests.knowledge_base.test_noise import HOSTILE

from .conftest import visitor

pytestmark = pytest.mark.scaled

EXAMPLES = int(os.environ.get("VA_SCALED_FUZZ_EXAMPLES", "600"))
SHARE = {"/api/v1/chat": 0.7, "/api/v1/feedback": 0.2, "/api/v1/sites/{key}": 0.1}
# a 503 is documented (busy, or a replica restarting); anything else 5xx is a server error
CHECKS = [checks.not_a_server_error, checks.status_code_conformance, checks.content_type_conformance,
          checks.response_schema_conformance]


def _inbox(scaled) -> list[tuple]:
    engine = sa.create_engine(scaled.pg.url("va"))
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(sa.text("SELECT id, reason, question FROM kb_unanswered"))]
    finally:
        engine.dispose()


def test_generated_and_hostile_requests_through_every_real_server(scaled):
    schema = schemathesis.openapi.from_url(f"{scaled.base_url}/api/v1/openapi.json")
    operations = {op.path: op for op in (r.ok() for r in schema.get_all_operations())}
    visitors = itertools.count(1000)  # each request from its own address: the per-visitor limit is not the point
    before = _inbox(scaled)
    statuses: list[int] = []
    sent_chats = 0
    for path, share in SHARE.items():
        @settings(max_examples=max(1, int(EXAMPLES * share)), suppress_health_check=list(HealthCheck),
                  deadline=None, database=None, derandomize=True)  # the same requests in every run
        @given(case=operations[path].as_strategy())
        def run(case):
            resp = case.call_and_validate(session=visitor(next(visitors)), checks=CHECKS, timeout=120)
            statuses.append(resp.status_code)

        run()
        if path == "/api/v1/chat":
            sent_chats = len(statuses)
    # the hostile strings as chat messages, through Rasa and the actions
    for n, text in enumerate(HOSTILE):
        resp = visitor(next(visitors)).post(f"{scaled.base_url}/api/v1/chat",
                                            json={"session_id": f"hostile-{n}", "message": text}, timeout=120)
        assert resp.status_code in (200, 400, 413, 503), (text[:40], resp.status_code, resp.text[:200])
        assert resp.headers["Content-Type"].startswith("application/json")
        statuses.append(resp.status_code)
    assert len(statuses) >= EXAMPLES * 0.9 and not [s for s in statuses if s >= 500 and s != 503], sorted(set(statuses))
    assert statuses.count(200) >= sent_chats * 0.3, "most generated chats should reach Rasa and be answered"
    # gibberish and injection strings reach Rasa but stay out of the editors' inbox
    added = [row for row in _inbox(scaled) if row not in before]
    distinct = {question for _id, _reason, question in added}  # the inbox shows one group per question
    print(f"{len(statuses)} requests, {sent_chats} generated chats; statuses {sorted(set(statuses))}; "
          f"{len(added)} new inbox rows, {len(distinct)} distinct questions")
    # hypothesis also sends words it finds in the code ("row", "saved"): ordinary words, which may reach the
    # inbox; random characters and injection strings must not (once 1,500 fuzzed messages made a 116-row group)
    assert len(distinct) <= 0.03 * (sent_chats + len(HOSTILE)), added
