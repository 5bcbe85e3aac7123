"""action_record_feedback (actions.feedback): names the entry the feedback is about; the gateway stores it."""
from __future__ import annotations

import pytest

from actions import ActionRecordFeedback
from knowledge_base.schema import Entry
from knowledge_base.service import Lookup
from tests.fakes import FakeKB, make_entry, make_tracker, payloads, run_action

FEE = Entry.from_dict(make_entry("visa-fee"))
ENTRIES = {FEE.id: FEE}


def _events(*texts):
    return [{"event": "user", "text": t} for t in texts]


@pytest.mark.parametrize("intent,value,reply", [("affirm", 1, "Merci pour votre retour !"),
                                                ("deny", -1, "Désolé que cette réponse ne vous ait pas aidé.")])
def test_feedback_is_handed_to_the_gateway_for_the_last_entry(use_kb, dispatcher, domain, intent, value, reply):
    # the action stores nothing itself: the gateway records feedback from its reply (one path)
    kb = use_kb(FakeKB())
    tracker = make_tracker("oui", slots={"language": "fr", "last_entry_id": "visa-fee"}, intent=intent,
                           events=_events("Combien coûte le visa ?", "oui"), sender_id="s-9")
    assert run_action(ActionRecordFeedback(), dispatcher, tracker, domain) == []
    assert kb.store.feedback == []
    (msg,) = payloads(dispatcher)
    assert msg["text"] == reply and msg["kind"] == "feedback"
    assert msg["feedback"] == {"entry_id": "visa-fee", "value": value, "question": "Combien coûte le visa ?"}


def test_feedback_without_answered_entry_records_nothing(use_kb, dispatcher, domain):
    use_kb(FakeKB())
    run_action(ActionRecordFeedback(), dispatcher, make_tracker("no", intent="deny", events=_events("no")), domain)
    (msg,) = payloads(dispatcher)
    assert msg["text"] == "I'm sorry this answer did not help." and "feedback" not in msg


def test_feedback_intent_on_a_question_is_not_recorded_as_feedback(use_kb, dispatcher, domain):
    use_kb(FakeKB(Lookup("unknown", reason="unknown"), ENTRIES))
    tracker = make_tracker("The summit was postponed, what is your comment?", intent="affirm",
                           slots={"last_entry_id": "visa-fee"})
    run_action(ActionRecordFeedback(), dispatcher, tracker, domain)
    (msg,) = payloads(dispatcher)
    assert msg["kind"] == "unknown" and "feedback" not in msg
