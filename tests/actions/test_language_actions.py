"""action_change_language (actions.language_actions): confirms the gateway's language, or lists the options."""
from __future__ import annotations

from rasa_sdk.events import SlotSet

from actions import ActionChangeLanguage
from knowledge_base.schema import Entry
from knowledge_base.service import Lookup
from tests.fakes import FakeKB, hit, make_entry, make_tracker, payloads, run_action

FEE = Entry.from_dict(make_entry("visa-fee"))
ENTRIES = {FEE.id: FEE}


def test_change_language_by_request_confirms_the_gateways_decision(dispatcher, domain):
    # the gateway read "can we speak Japanese" and decided ja; the action confirms it without detecting again
    tracker = make_tracker("can we speak Japanese", slots={"language": "en"}, intent="change_language",
                           metadata={"language": "ja", "language_requested": True})
    events = run_action(ActionChangeLanguage(), dispatcher, tracker, domain)
    assert events == [SlotSet("language", "ja")]
    (msg,) = payloads(dispatcher)
    assert msg["text"] == "かしこまりました。日本語で続けます。"
    assert msg["language"] == "ja" and msg["kind"] == "language_changed" and "set_language" not in msg


def test_change_language_unknown_target_lists_options(dispatcher, domain, use_kb):
    use_kb(FakeKB())
    tracker = make_tracker("can we speak Italian", slots={"language": "fr"}, intent="change_language")
    events = run_action(ActionChangeLanguage(), dispatcher, tracker, domain)
    assert events == []
    (msg,) = payloads(dispatcher)
    assert msg["kind"] == "language_options" and msg["language"] == "fr"
    assert msg["text"] == "Je peux converser avec vous en neuf langues."
    assert len(msg["buttons"]) == 9
    assert {"title": "한국어", "payload": '/change_language{"language": "ko"}'} in msg["buttons"]


def test_a_language_name_in_a_question_is_answered_not_switched(dispatcher, domain, use_kb):
    kb = use_kb(FakeKB(Lookup("answered", [hit(FEE, 0.95)], confidence=0.95), entries=ENTRIES))
    tracker = make_tracker("Vietnamese coffee", slots={"language": "en"}, intent="change_language")
    events = run_action(ActionChangeLanguage(), dispatcher, tracker, domain)
    (msg,) = payloads(dispatcher)
    assert msg["kind"] == "answer" and msg["entry_id"] == "visa-fee"
    assert events == [SlotSet("last_entry_id", "visa-fee"), SlotSet("last_topic", "policy"),
                      SlotSet("last_question", "Vietnamese coffee")]
    assert kb.asked[0] == ("Vietnamese coffee", "en")


def test_change_language_menu_payload_uses_metadata(dispatcher, domain):
    tracker = make_tracker('/change_language{"language": "ko"}', slots={"language": "en"},
                           metadata={"language": "ko", "language_requested": True})
    events = run_action(ActionChangeLanguage(), dispatcher, tracker, domain)
    assert events == [SlotSet("language", "ko")]
    assert payloads(dispatcher)[0]["text"] == "네, 한국어로 계속하겠습니다."
