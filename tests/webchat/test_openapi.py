"""The public API's OpenAPI description, and the gateway fuzzed from it (schemathesis, in process)."""
from __future__ import annotations

import os

import pytest
import schemathesis
from schemathesis import checks
from hypothesis import HealthCheck, given, settings

from tests.fakes import FakeRasa
from webchat import create_app, rasa_client
from webchat.conversations import messages

# 10,000 generated requests in all, spread over the four operations; VA_FUZZ_EXAMPLES lowers it for a quick run
EXAMPLES = int(os.environ.get("VA_FUZZ_EXAMPLES", "10000"))
OPERATIONS = 4
SHARE = {"/api/v1/chat": 0.6, "/api/v1/feedback": 0.25, "/api/v1/sites/{key}": 0.15}  # /healthz takes no input
# no 5xx except a documented one; every status, content type, body and header as described. (Not "every
# schema-valid body is accepted": a message of only invisible characters is valid JSON Schema but empty once
# cleaned, and gets a documented 400.)
CHECKS = [checks.not_a_server_error, checks.status_code_conformance, checks.content_type_conformance,
          checks.response_schema_conformance, checks.response_headers_conformance]


def _app(tmp_path_factory):
    fake = FakeRasa()
    rasa_client.send, rasa_client.probe = fake.send, fake.probe
    db = tmp_path_factory.mktemp("fuzz") / "fuzz.db"
    return create_app(test_config={"DATABASE_URL": f"sqlite:///{db}", "TESTING": True,
                                   "RATE_LIMIT_PER_SESSION": (100000, 60), "RATE_LIMIT_PER_CLIENT": (100000, 60)})


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    send, probe = rasa_client.send, rasa_client.probe
    yield _app(tmp_path_factory)
    rasa_client.send, rasa_client.probe = send, probe


def test_the_description_is_served_and_names_the_public_contract(app):
    doc = app.test_client().get("/api/v1/openapi.json").get_json()
    assert doc["openapi"].startswith("3.")
    chat = doc["paths"]["/api/v1/chat"]["post"]
    body = chat["requestBody"]["content"]["application/json"]["schema"]
    assert body["required"] == ["session_id", "message"]
    assert body["properties"]["message"]["maxLength"] == app.config["MAX_MESSAGE_CHARS"]
    assert {"200", "400", "429", "503"} <= set(chat["responses"])
    assert "Retry-After" in chat["responses"]["503"]["headers"]
    assert len(doc["paths"]) == OPERATIONS


def test_generated_requests_never_get_a_server_error_and_match_the_description(app):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == OPERATIONS
    calls = []
    for operation in operations:
        @settings(max_examples=max(1, int(EXAMPLES * SHARE.get(operation.path, 0))),
                  suppress_health_check=list(HealthCheck),
                  deadline=None, database=None)
        @given(case=operation.as_strategy())
        def run(case):
            calls.append(case.call_and_validate(checks=CHECKS).status_code)

        run()
    assert 500 not in calls and len(calls) >= EXAMPLES * 0.9, (len(calls), sorted(set(calls)))


def test_hostile_strings_are_refused_or_answered_and_stored_as_text(app):
    from tests.knowledge_base.test_noise import HOSTILE

    client = app.test_client()
    for n, text in enumerate(HOSTILE + ["\u202e\u0000evil", "A" * 5000, "😀" * 999, "\ud83d"]):
        resp = client.post("/api/v1/chat", json={"session_id": f"h-{n}", "message": text})
        resp.close()  # the log rows are written when the response is closed, as waitress does after sending
        assert resp.status_code in (200, 400, 413), (text[:40], resp.status_code)
        assert resp.is_json
    with app.extensions["va_store"].engine.connect() as conn:
        stored = [r.text for r in conn.execute(messages.select().where(messages.c.direction == "in"))]
    assert "<script>alert(1)</script>" in stored and all("\u0000" not in t for t in stored)
