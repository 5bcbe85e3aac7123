"""action_answer_question (actions.answer): answers, suggestions, excerpts and declines, from a fake knowledge base."""
from __future__ import annotations

import hashlib

import pytest
from rasa_sdk.events import SlotSet

from actions import ActionAnswerQuestion
from knowledge_base.schema import Entry
from knowledge_base.service import Lookup
from tests.fakes import FakeKB, hit, make_entry, make_tracker, payloads, run_action

VISA = Entry.from_dict(make_entry("visa-evisa", related=["visa-fee", "visa-ghost"]))
FEE, GATES = Entry.from_dict(make_entry("visa-fee")), Entry.from_dict(make_entry("visa-gates"))
ENTRIES = {e.id: e for e in (VISA, FEE, GATES)}

CLEARED = [SlotSet("suggested_ids", None), SlotSet("suggestion_log", None)]


def answered(eid: str, question: str | None = None, topic: str = "policy") -> list:
    """The events of an answer: the entry and its topic (for follow-ups), and the question it answered
    (the suggestions were not set, so clearing them is no event)."""
    events = [SlotSet("last_entry_id", eid), SlotSet("last_topic", topic)]
    return events + ([SlotSet("last_question", question)] if question else [])


def choose(eid: str) -> str:
    return '/choose_entry{"entry_id": "%s"}' % eid


def test_answer_in_session_language_with_source_and_related(use_kb, dispatcher, domain):
    kb = use_kb(FakeKB(Lookup("answered", [hit(VISA, 0.95), hit(GATES, 0.80), hit(FEE, 0.70)], index_version="v1",
                              confidence=0.97), ENTRIES))
    tracker = make_tracker("Qu'est-ce que le visa électronique ?", slots={"language": "fr"}, intent="ask_question",
                           sender_id="abc")
    events = run_action(ActionAnswerQuestion(), dispatcher, tracker, domain)
    assert events == answered("visa-evisa", "Qu'est-ce que le visa électronique ?")
    assert kb.asked == [("Qu'est-ce que le visa électronique ?", "fr")]
    (msg,) = payloads(dispatcher)
    assert msg["text"] == "fr answer for visa-evisa." and msg["language"] == "fr" and msg["kind"] == "answer"
    assert msg["entry_id"] == "visa-evisa" and msg["score"] == 0.97 and msg["last_reviewed"] == "2026-01-15"
    assert msg["sources"] == [{"publisher": "Ministry", "title": "Official page",
                               "url": "https://example.gov.vn/page"}]
    # curated related first (unknown ids skipped), then other hits, in the session language; a click answers it
    assert msg["buttons"] == [{"title": "fr question about visa-fee?", "payload": choose("visa-fee")},
                              {"title": "fr question about visa-gates?", "payload": choose("visa-gates")}]
    assert kb.store.unanswered == []  # confident answer: nothing for the editors


def test_related_questions_without_a_translation_are_left_out(use_kb, dispatcher, domain):
    english_only = Entry.from_dict(make_entry("visa-english-only", langs=("en",)))
    entries = {**ENTRIES, english_only.id: english_only}
    use_kb(FakeKB(Lookup("answered", [hit(FEE, 0.95), hit(english_only, 0.9), hit(GATES, 0.8)], confidence=0.9),
                  entries))
    run_action(ActionAnswerQuestion(), dispatcher, make_tracker("frais ?", slots={"language": "fr"}), domain)
    assert [b["payload"] for b in payloads(dispatcher)[0]["buttons"]] == [choose("visa-gates")]


def test_a_lapsed_related_entry_is_not_offered(use_kb, dispatcher, domain):
    lapsed = Entry.from_dict(make_entry("visa-fee", valid_until="2020-12-31"))
    use_kb(FakeKB(Lookup("answered", [hit(VISA, 0.95), hit(GATES, 0.8)], confidence=0.97),
                  {**ENTRIES, lapsed.id: lapsed}))
    run_action(ActionAnswerQuestion(), dispatcher, make_tracker("e-visa ?", slots={"language": "fr"}), domain)
    assert [b["payload"] for b in payloads(dispatcher)[0]["buttons"]] == [choose("visa-gates")]


def test_low_confidence_answer_is_logged_for_editors(use_kb, dispatcher, domain):
    kb = use_kb(FakeKB(Lookup("answered", [hit(FEE, 0.87)], confidence=0.6), ENTRIES))
    run_action(ActionAnswerQuestion(), dispatcher, make_tracker("fee?", sender_id="abc"), domain)
    assert payloads(dispatcher)[0]["kind"] == "answer"
    (logged,) = kb.store.unanswered
    assert logged["reason"] == "low_confidence" and logged["entry_id"] == "visa-fee"
    assert logged["session_ref"] == hashlib.sha256(b"abc").hexdigest()[:16]


def test_missing_translation_falls_back_to_english_with_notice(use_kb, dispatcher, domain):
    partial = Entry.from_dict(make_entry("visa-partial", langs=("en", "fr"), effective_date="2023-08-15"))
    use_kb(FakeKB(Lookup("answered", [hit(partial, 0.99)], confidence=0.99), {"visa-partial": partial}))
    events = run_action(ActionAnswerQuestion(), dispatcher, make_tracker("비자", slots={"language": "ko"}), domain)
    (msg,) = payloads(dispatcher)
    assert msg["language"] == "en"
    assert msg["text"] == "이 답변은 아직 한국어로 제공되지 않습니다. 영어로 보여 드립니다.\n\nen answer for visa-partial."
    assert msg["effective_date"] == "2023-08-15"
    assert events == answered("visa-partial", "비자")


def test_suggestions_are_buttons_in_the_visitor_language_and_recorded(use_kb, dispatcher, domain):
    kb = use_kb(FakeKB(Lookup("suggest", [hit(VISA, 0.9), hit(FEE, 0.89)], confidence=0.4,
                              suggestions=[hit(VISA, 0.9), hit(FEE, 0.89)]), ENTRIES))
    tracker = make_tracker("visa prix ?", slots={"language": "fr"}, sender_id="abc")
    events = run_action(ActionAnswerQuestion(), dispatcher, tracker, domain)
    (msg,) = payloads(dispatcher)
    assert msg["kind"] == "suggest" and msg["language"] == "fr"
    assert msg["text"] == "Vouliez-vous dire l'une de celles-ci ?"
    # the candidates, then "None of these", all in the visitor's language
    assert msg["buttons"] == [{"title": "fr question about visa-evisa?", "payload": choose("visa-evisa")},
                              {"title": "fr question about visa-fee?", "payload": choose("visa-fee")},
                              {"title": "Aucune de ces questions", "payload": "/none_of_these"}]
    assert msg["suggestions"] == ["visa-evisa", "visa-fee"] and "entry_id" not in msg
    (logged,) = kb.store.unanswered
    assert logged["reason"] == "suggested" and logged["question"] == "visa prix ?"
    assert events == [SlotSet("suggested_ids", ["visa-evisa", "visa-fee"]),
                      SlotSet("suggestion_log", 1.0)]


def test_a_candidate_without_a_question_in_the_visitors_language_is_left_out(use_kb, dispatcher, domain):
    english_only = Entry.from_dict(make_entry("visa-english-only", langs=("en",)))
    use_kb(FakeKB(Lookup("suggest", [hit(VISA, 0.9)], confidence=0.4,
                         suggestions=[hit(VISA, 0.9), hit(english_only, 0.89)]), ENTRIES))
    run_action(ActionAnswerQuestion(), dispatcher, make_tracker("visa ?", slots={"language": "fr"}), domain)
    (msg,) = payloads(dispatcher)
    # the one left is still offered (never an English button under a French reply), with "None of these"
    assert msg["kind"] == "suggest" and msg["suggestions"] == ["visa-evisa"]
    assert [b["payload"] for b in msg["buttons"]] == [choose("visa-evisa"), "/none_of_these"]


def test_a_suggestion_with_no_candidate_in_the_visitors_language_becomes_a_decline(use_kb, dispatcher, domain):
    english_only = Entry.from_dict(make_entry("visa-english-only", langs=("en",)))
    use_kb(FakeKB(Lookup("suggest", [hit(english_only, 0.9)], confidence=0.4,
                         suggestions=[hit(english_only, 0.9)]), {**ENTRIES, "visa-english-only": english_only}))
    run_action(ActionAnswerQuestion(), dispatcher, make_tracker("visa ?", slots={"language": "fr"}), domain)
    assert payloads(dispatcher)[0]["kind"] == "unknown"


def test_clicking_a_suggestion_answers_it_and_resolves_the_inbox_row(use_kb, dispatcher, domain):
    kb = use_kb(FakeKB(Lookup("unknown"), ENTRIES))
    tracker = make_tracker(choose("visa-fee"), intent="choose_entry", slots={
        "language": "fr", "suggested_ids": ["visa-evisa", "visa-fee"], "suggestion_log": 7.0},
        entities=[{"entity": "entry_id", "value": "visa-fee"}])
    events = run_action(ActionAnswerQuestion(), dispatcher, tracker, domain)
    (msg,) = payloads(dispatcher)
    assert msg["kind"] == "answer" and msg["entry_id"] == "visa-fee" and msg["text"] == "fr answer for visa-fee."
    assert kb.asked == []  # no search: the visitor chose
    assert kb.store.resolved == [(7, "visa-fee")]
    assert events == answered("visa-fee") + CLEARED  # the offered suggestions are cleared


@pytest.mark.parametrize("lang,text", [("fr", "Votre question a été transmise."),
                                       ("en", "Your question has been passed on to our editors.")])
def test_none_of_these_marks_the_suggestion_rejected_and_offers_the_embassy(use_kb, dispatcher, domain, lang, text):
    kb = use_kb(FakeKB(Lookup("unknown"), ENTRIES))
    tracker = make_tracker("/none_of_these", intent="none_of_these", slots={
        "language": lang, "suggested_ids": ["visa-evisa", "visa-fee"], "suggestion_log": 7.0},
        metadata={"contact": {"name": "Embassy of Viet Nam", "phone": "+1 202 000"}})
    events = run_action(ActionAnswerQuestion(), dispatcher, tracker, domain)
    (msg,) = payloads(dispatcher)
    assert msg["kind"] == "unknown" and msg["decline_reason"] == "none_of_these" and msg["language"] == lang
    assert msg["text"] == f"{text}\n\nEmbassy of Viet Nam · +1 202 000"
    assert len(msg["buttons"]) == 1 and "/none_of_these" not in msg["buttons"][0]["payload"]
    assert kb.asked == []  # the payload is not a question: nothing is looked up
    assert kb.store.rejected == [7] and kb.store.unanswered == []  # the suggestion row says so; no second row
    assert events == [*CLEARED]  # the offered suggestions are cleared (the answer slot was already empty)


def test_none_of_these_without_a_pending_suggestion_still_replies(use_kb, dispatcher, domain):
    kb = use_kb(FakeKB(Lookup("unknown"), ENTRIES))
    run_action(ActionAnswerQuestion(), dispatcher, make_tracker("/none_of_these", intent="none_of_these"), domain)
    assert payloads(dispatcher)[0]["decline_reason"] == "none_of_these"
    assert kb.store.rejected == [] and kb.store.unanswered == []


def test_clicking_an_unknown_entry_declines(use_kb, dispatcher, domain):
    use_kb(FakeKB(Lookup("unknown"), ENTRIES))
    tracker = make_tracker(choose("nope"), intent="choose_entry", entities=[{"entity": "entry_id", "value": "nope"}])
    run_action(ActionAnswerQuestion(), dispatcher, tracker, domain)
    assert payloads(dispatcher)[0]["kind"] == "unknown"


def test_unknown_says_dont_know_with_contact_and_logs(use_kb, dispatcher, domain):
    kb = use_kb(FakeKB(Lookup("unknown", [hit(FEE, 0.5)], confidence=0.1, reason="unknown"), ENTRIES))
    tracker = make_tracker("Quel temps fait-il ?", slots={"language": "fr"},
                           metadata={"contact": {"name": "Ambassade", "phone": "+33 1", "email": "a@b.fr"}})
    events = run_action(ActionAnswerQuestion(), dispatcher, tracker, domain)
    assert events == []  # nothing was set, so nothing is cleared
    (msg,) = payloads(dispatcher)
    assert msg["text"] == "Je n'ai pas encore de réponse fiable.\n\nAmbassade · +33 1 · a@b.fr"
    assert msg["kind"] == "unknown" and msg["language"] == "fr"
    assert msg["buttons"] == [{"title": "Contacter l'ambassade", "payload": "Comment contacter l'ambassade ?"}]
    (logged,) = kb.store.unanswered
    assert logged["reason"] == "unknown" and logged["question"] == "Quel temps fait-il ?"
    assert logged["language"] == "fr" and logged["score"] == 0.1


@pytest.mark.parametrize("reason,kind,text", [
    ("other_country", "out_of_scope", "I can only answer questions about Viet Nam."),
    ("personal", "declined", "Only a consular officer can assess a personal case."),
])
def test_decline_message_fits_the_reason(use_kb, dispatcher, domain, reason, kind, text):
    kb = use_kb(FakeKB(Lookup("out_of_scope" if reason == "other_country" else "unknown", reason=reason), ENTRIES))
    run_action(ActionAnswerQuestion(), dispatcher, make_tracker("Do I need a visa for Thailand?"), domain)
    (msg,) = payloads(dispatcher)
    assert msg["kind"] == kind and msg["text"] == text and msg["decline_reason"] == reason
    assert kb.store.unanswered[0]["reason"] == "declined"


def test_out_of_scope_intent_does_not_override_a_clear_answer(use_kb, dispatcher, domain):
    # the classifier's out_of_scope is only a hint: the knowledge base's decision stands
    use_kb(FakeKB(Lookup("answered", [hit(FEE, 0.95)], confidence=0.95), ENTRIES))
    run_action(ActionAnswerQuestion(), dispatcher, make_tracker("e-visa fee", intent="out_of_scope", confidence=0.9), domain)
    assert payloads(dispatcher)[0]["kind"] == "answer"


def test_empty_question_is_declined(use_kb, dispatcher, domain):
    use_kb(FakeKB(Lookup("answered", [hit(FEE, 0.99)], confidence=0.99), ENTRIES))
    run_action(ActionAnswerQuestion(), dispatcher, make_tracker("   "), domain)
    assert payloads(dispatcher)[0]["kind"] == "unknown"


def test_excerpt(use_kb, dispatcher, domain):
    words = " ".join(f"word{n}" for n in range(200))
    passage = {"id": 7, "text": words, "title": "Festivals", "publisher": "VNAT", "url": "https://vietnam.travel/",
               "language": "vi"}
    kb = use_kb(FakeKB(Lookup("excerpt", [hit(FEE, 0.6)], passage, 0.91234), ENTRIES))
    events = run_action(ActionAnswerQuestion(), dispatcher, make_tracker("Hung Kings?", slots={"language": "fr"}), domain)
    assert events == []  # nothing was set, so nothing is cleared
    (msg,) = payloads(dispatcher)
    notice, excerpt = msg["text"].split("\n\n")
    assert notice == "J'ai trouvé ceci dans un document rédigé en Vietnamien :"
    assert excerpt.endswith(" …") and len(excerpt) <= 602 and words.startswith(excerpt[:-2])
    assert msg["kind"] == "excerpt" and msg["excerpt_language"] == "vi" and msg["score"] == 0.9123
    assert msg["sources"] == [{"title": "Festivals", "url": "https://vietnam.travel/", "publisher": "VNAT"}]
    assert kb.store.unanswered[0]["reason"] == "low_confidence"


@pytest.mark.parametrize("metadata, told", [({"language": "en", "unsupported_language": True}, True),
                                            ({"language": "de", "unsupported_language": False}, False),
                                            ({}, None)])
def test_the_gateways_unsupported_language_decision_reaches_the_knowledge_base(use_kb, dispatcher, domain,
                                                                               metadata, told):
    # the gateway has already detected the language: the knowledge base is told, rather than detecting it again
    kb = use_kb(FakeKB(Lookup("unknown"), ENTRIES))
    run_action(ActionAnswerQuestion(), dispatcher, make_tracker("Czy potrzebuję wizy?", metadata=metadata), domain)
    assert kb.unsupported is told


@pytest.mark.parametrize("metadata, host", [({"site_country": "CA"}, "CA"), ({"site_country": ""}, None),
                                            ({"site_country": "ca"}, None), ({"site_country": 7}, None), ({}, None)])
def test_the_country_of_the_embassy_site_reaches_the_knowledge_base(use_kb, dispatcher, domain, metadata, host):
    # "how are relations between our two countries?" means the host country's relations on its embassy's site
    kb = use_kb(FakeKB(Lookup("unknown"), ENTRIES))
    run_action(ActionAnswerQuestion(), dispatcher, make_tracker("Comment vont nos relations ?", metadata=metadata),
               domain)
    assert kb.host_country == host
