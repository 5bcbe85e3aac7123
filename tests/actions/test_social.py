"""action_small_talk (actions.social): small talk in the session language; a question goes to the knowledge base."""
from __future__ import annotations

import pytest

from actions import ActionSmallTalk
from knowledge_base.schema import Entry
from knowledge_base.service import Lookup
from tests.fakes import FakeKB, hit, make_entry, make_tracker, payloads, run_action

FEE = Entry.from_dict(make_entry("visa-fee"))
ENTRIES = {FEE.id: FEE}


@pytest.mark.parametrize("intent,text,reply", [("greet", "Bonjour", "Bonjour et bienvenue !"),
                                               ("bot_challenge", "Êtes-vous un robot ?", "Je suis un assistant automatique."),
                                               ("thank", "Merci !", "Avec plaisir !")])
def test_small_talk_in_the_session_language(use_kb, dispatcher, domain, intent, text, reply):
    kb = use_kb(FakeKB())
    tracker = make_tracker(text, intent=intent, slots={"language": "fr"})
    assert run_action(ActionSmallTalk(), dispatcher, tracker, domain) == []
    (msg,) = payloads(dispatcher)
    assert msg["text"] == reply and msg["kind"] == "small_talk" and msg["language"] == "fr"
    assert kb.asked == []


def test_a_question_classified_as_small_talk_goes_to_the_knowledge_base(use_kb, dispatcher, domain):
    kb = use_kb(FakeKB(Lookup("answered", [hit(FEE, 0.95)], confidence=0.95), ENTRIES))
    run_action(ActionSmallTalk(), dispatcher, make_tracker("What are the IRC and ERC?", intent="bot_challenge"), domain)
    (msg,) = payloads(dispatcher)
    assert msg["kind"] == "answer" and kb.asked == [("What are the IRC and ERC?", "en")]
