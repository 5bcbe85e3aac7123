"""actions.server: the action server reads the domain itself, so Rasa need not send it with every call."""
from __future__ import annotations

import yaml

from actions.server import DOMAIN_DIR, LocalDomainExecutor, build_app, local_domain


def test_the_local_domain_merges_every_domain_file():
    domain = local_domain()
    for path in DOMAIN_DIR.glob("*.yml"):
        part = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for name in part.get("responses") or {}:
            assert name in domain["responses"], f"{name} from {path.name}"
    assert domain["forms"]["visa_form"]["required_slots"] == ["nationality"]
    assert "nationality" in domain["slots"] and "action_answer_question" in domain["actions"]


def test_a_call_without_a_domain_gets_the_local_one_and_a_call_with_one_keeps_it():
    executor = LocalDomainExecutor()
    assert executor.update_and_return_domain({"next_action": "action_answer_question"}, "x") is local_domain()
    sent = {"responses": {"utter_x": [{"text": "x"}]}}
    assert executor.update_and_return_domain({"domain": sent}, "x") is sent


def test_rasa_is_told_not_to_send_the_domain():
    endpoints = yaml.safe_load((DOMAIN_DIR.parent / "endpoints.yml").read_text(encoding="utf-8"))
    assert endpoints["action_endpoint"]["enable_selective_domain"] is True


def test_every_action_of_the_package_is_served():
    app = build_app()
    assert {route.path.strip("/") for route in app.router.routes} >= {"webhook", "health", "actions"}
