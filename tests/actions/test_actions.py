"""Custom actions with rasa_sdk trackers, a collecting dispatcher and a fake knowledge base."""
from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
from zoneinfo import ZoneInfo

import pytest
from rasa_sdk.events import SlotSet

import actions.answer
import actions.contact
import actions.feedback
from actions import (ActionAnswerQuestion, ActionChangeLanguage, ActionEmbassyContact, ActionRecordFeedback,
                     ActionSmallTalk)
from actions.common import render, session_language
from actions.contact import office_status
from knowledge_base.service import Lookup
from tests.actions.conftest import FakeKB, hit, make_entry, make_tracker, payloads

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
VISA, FEE, GATES = make_entry("visa-evisa", related=["visa-fee", "visa-ghost"]), make_entry("visa-fee"), \
    make_entry("visa-gates")
ENTRIES = {e.id: e for e in (VISA, FEE, GATES)}


@pytest.fixture
def use_kb(monkeypatch):
    def install(kb: FakeKB) -> FakeKB:
        monkeypatch.setattr(actions.answer, "get_kb", lambda: kb)
        return kb
    return install


def run(action, dispatcher, tracker, domain):
    return asyncio.run(action.run(dispatcher, tracker, domain))


# -- helpers --------------------------------------------------------------------------------------

def test_session_language_is_the_gateways_decision_then_the_slot_then_english():
    # the gateway owns the language: its per-message decision wins over what the slot remembers
    assert session_language(make_tracker(slots={"language": "fr"}, metadata={"language": "de"})) == "de"
    assert session_language(make_tracker(slots={"language": "fr"})) == "fr"
    assert session_language(make_tracker(slots={"language": "it"}, metadata={"language": "xx"})) == "en"


def test_render_falls_back_to_english_and_fills_values(domain):
    assert render(domain, "utter_office_closed", "fr", next_open="lundi")["text"] == "Le bureau est fermé ; il rouvrira lundi."
    assert render(domain, "utter_office_closed", "vi", next_open="Mon")["text"].startswith("The office is closed")
    assert render(domain, "utter_nothing", "en") == {"text": "utter_nothing", "buttons": []}


# -- action_answer_question -----------------------------------------------------------------------

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
    events = run(ActionAnswerQuestion(), dispatcher, tracker, domain)
    assert events == answered("visa-evisa", "Qu'est-ce que le visa électronique ?")
    assert kb.asked == [("Qu'est-ce que le visa électronique ?", "fr")]
    (msg,) = payloads(dispatcher)
    assert msg["text"] == "[fr] answer visa-evisa." and msg["language"] == "fr" and msg["kind"] == "answer"
    assert msg["entry_id"] == "visa-evisa" and msg["score"] == 0.97 and msg["last_reviewed"] == "2026-11-20"
    assert msg["sources"] == [{"publisher": "Immigration Department", "title": "E-visa portal",
                               "url": "https://evisa.gov.vn/"}]
    # curated related first (unknown ids skipped), then other hits, in the session language; a click answers it
    assert msg["buttons"] == [{"title": "[fr] question visa-fee?", "payload": choose("visa-fee")},
                              {"title": "[fr] question visa-gates?", "payload": choose("visa-gates")}]
    assert kb.store.unanswered == []  # confident answer: nothing for the editors


def test_related_questions_without_a_translation_are_left_out(use_kb, dispatcher, domain):
    english_only = make_entry("visa-english-only", langs=("en",))
    entries = {**ENTRIES, english_only.id: english_only}
    use_kb(FakeKB(Lookup("answered", [hit(FEE, 0.95), hit(english_only, 0.9), hit(GATES, 0.8)], confidence=0.9),
                  entries))
    run(ActionAnswerQuestion(), dispatcher, make_tracker("frais ?", slots={"language": "fr"}), domain)
    assert [b["payload"] for b in payloads(dispatcher)[0]["buttons"]] == [choose("visa-gates")]


def test_low_confidence_answer_is_logged_for_editors(use_kb, dispatcher, domain):
    kb = use_kb(FakeKB(Lookup("answered", [hit(FEE, 0.87)], confidence=0.6), ENTRIES))
    run(ActionAnswerQuestion(), dispatcher, make_tracker("fee?", sender_id="abc"), domain)
    assert payloads(dispatcher)[0]["kind"] == "answer"
    (logged,) = kb.store.unanswered
    assert logged["reason"] == "low_confidence" and logged["entry_id"] == "visa-fee"
    assert logged["session_ref"] == hashlib.sha256(b"abc").hexdigest()[:16]


def test_missing_translation_falls_back_to_english_with_notice(use_kb, dispatcher, domain):
    partial = make_entry("visa-partial", langs=("en", "fr"), effective_date="2023-08-15")
    use_kb(FakeKB(Lookup("answered", [hit(partial, 0.99)], confidence=0.99), {"visa-partial": partial}))
    events = run(ActionAnswerQuestion(), dispatcher, make_tracker("비자", slots={"language": "ko"}), domain)
    (msg,) = payloads(dispatcher)
    assert msg["language"] == "en"
    assert msg["text"] == "이 답변은 아직 한국어로 제공되지 않습니다. 영어로 보여 드립니다.\n\nEnglish answer visa-partial."
    assert msg["effective_date"] == "2023-08-15"
    assert events == answered("visa-partial", "비자")


def test_suggestions_are_buttons_in_the_visitor_language_and_recorded(use_kb, dispatcher, domain):
    kb = use_kb(FakeKB(Lookup("suggest", [hit(VISA, 0.9), hit(FEE, 0.89)], confidence=0.4,
                              suggestions=[hit(VISA, 0.9), hit(FEE, 0.89)]), ENTRIES))
    tracker = make_tracker("visa prix ?", slots={"language": "fr"}, sender_id="abc")
    events = run(ActionAnswerQuestion(), dispatcher, tracker, domain)
    (msg,) = payloads(dispatcher)
    assert msg["kind"] == "suggest" and msg["language"] == "fr"
    assert msg["text"] == "Vouliez-vous dire l'une de celles-ci ?"
    assert msg["buttons"] == [{"title": "[fr] question visa-evisa?", "payload": choose("visa-evisa")},
                              {"title": "[fr] question visa-fee?", "payload": choose("visa-fee")}]
    assert msg["suggestions"] == ["visa-evisa", "visa-fee"] and "entry_id" not in msg
    (logged,) = kb.store.unanswered
    assert logged["reason"] == "suggested" and logged["question"] == "visa prix ?"
    assert events == [SlotSet("suggested_ids", ["visa-evisa", "visa-fee"]),
                      SlotSet("suggestion_log", 1.0)]


def test_suggestions_without_two_translated_questions_become_a_decline(use_kb, dispatcher, domain):
    english_only = make_entry("visa-english-only", langs=("en",))
    use_kb(FakeKB(Lookup("suggest", [hit(VISA, 0.9)], confidence=0.4,
                         suggestions=[hit(VISA, 0.9), hit(english_only, 0.89)]), ENTRIES))
    run(ActionAnswerQuestion(), dispatcher, make_tracker("visa ?", slots={"language": "fr"}), domain)
    assert payloads(dispatcher)[0]["kind"] == "unknown"


def test_clicking_a_suggestion_answers_it_and_resolves_the_inbox_row(use_kb, dispatcher, domain):
    kb = use_kb(FakeKB(Lookup("unknown"), ENTRIES))
    tracker = make_tracker(choose("visa-fee"), intent="choose_entry", slots={
        "language": "fr", "suggested_ids": ["visa-evisa", "visa-fee"], "suggestion_log": 7.0},
        entities=[{"entity": "entry_id", "value": "visa-fee"}])
    events = run(ActionAnswerQuestion(), dispatcher, tracker, domain)
    (msg,) = payloads(dispatcher)
    assert msg["kind"] == "answer" and msg["entry_id"] == "visa-fee" and msg["text"] == "[fr] answer visa-fee."
    assert kb.asked == []  # no search: the visitor chose
    assert kb.store.resolved == [(7, "visa-fee")]
    assert events == answered("visa-fee") + CLEARED  # the offered suggestions are cleared


def test_clicking_an_unknown_entry_declines(use_kb, dispatcher, domain):
    use_kb(FakeKB(Lookup("unknown"), ENTRIES))
    tracker = make_tracker(choose("nope"), intent="choose_entry", entities=[{"entity": "entry_id", "value": "nope"}])
    run(ActionAnswerQuestion(), dispatcher, tracker, domain)
    assert payloads(dispatcher)[0]["kind"] == "unknown"


def test_unknown_says_dont_know_with_contact_and_logs(use_kb, dispatcher, domain):
    kb = use_kb(FakeKB(Lookup("unknown", [hit(FEE, 0.5)], confidence=0.1, reason="unknown"), ENTRIES))
    tracker = make_tracker("Quel temps fait-il ?", slots={"language": "fr"},
                           metadata={"contact": {"name": "Ambassade", "phone": "+33 1", "email": "a@b.fr"}})
    events = run(ActionAnswerQuestion(), dispatcher, tracker, domain)
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
    run(ActionAnswerQuestion(), dispatcher, make_tracker("Do I need a visa for Thailand?"), domain)
    (msg,) = payloads(dispatcher)
    assert msg["kind"] == kind and msg["text"] == text and msg["decline_reason"] == reason
    assert kb.store.unanswered[0]["reason"] == "declined"


def test_out_of_scope_intent_does_not_override_a_clear_answer(use_kb, dispatcher, domain):
    # the classifier's out_of_scope is only a hint: the knowledge base's decision stands
    use_kb(FakeKB(Lookup("answered", [hit(FEE, 0.95)], confidence=0.95), ENTRIES))
    run(ActionAnswerQuestion(), dispatcher, make_tracker("e-visa fee", intent="out_of_scope", confidence=0.9), domain)
    assert payloads(dispatcher)[0]["kind"] == "answer"


def test_empty_question_is_declined(use_kb, dispatcher, domain):
    use_kb(FakeKB(Lookup("answered", [hit(FEE, 0.99)], confidence=0.99), ENTRIES))
    run(ActionAnswerQuestion(), dispatcher, make_tracker("   "), domain)
    assert payloads(dispatcher)[0]["kind"] == "unknown"


def test_excerpt(use_kb, dispatcher, domain):
    words = " ".join(f"word{n}" for n in range(200))
    passage = {"id": 7, "text": words, "title": "Festivals", "publisher": "VNAT", "url": "https://vietnam.travel/",
               "language": "vi"}
    kb = use_kb(FakeKB(Lookup("excerpt", [hit(FEE, 0.6)], passage, 0.91234), ENTRIES))
    events = run(ActionAnswerQuestion(), dispatcher, make_tracker("Hung Kings?", slots={"language": "fr"}), domain)
    assert events == []  # nothing was set, so nothing is cleared
    (msg,) = payloads(dispatcher)
    notice, excerpt = msg["text"].split("\n\n")
    assert notice == "J'ai trouvé ceci dans un document rédigé en Vietnamien :"
    assert excerpt.endswith(" …") and len(excerpt) <= 602 and words.startswith(excerpt[:-2])
    assert msg["kind"] == "excerpt" and msg["excerpt_language"] == "vi" and msg["score"] == 0.9123
    assert msg["sources"] == [{"title": "Festivals", "url": "https://vietnam.travel/", "publisher": "VNAT"}]
    assert kb.store.unanswered[0]["reason"] == "low_confidence"


# -- small talk and arbitration -------------------------------------------------------------------

@pytest.mark.parametrize("intent,text,reply", [("greet", "Bonjour", "Bonjour et bienvenue !"),
                                               ("bot_challenge", "Êtes-vous un robot ?", "Je suis un assistant automatique."),
                                               ("thank", "Merci !", "Avec plaisir !")])
def test_small_talk_in_the_session_language(use_kb, dispatcher, domain, intent, text, reply):
    kb = use_kb(FakeKB())
    assert run(ActionSmallTalk(), dispatcher, make_tracker(text, intent=intent, slots={"language": "fr"}), domain) == []
    (msg,) = payloads(dispatcher)
    assert msg["text"] == reply and msg["kind"] == "small_talk" and msg["language"] == "fr"
    assert kb.asked == []


def test_a_question_classified_as_small_talk_goes_to_the_knowledge_base(use_kb, dispatcher, domain):
    kb = use_kb(FakeKB(Lookup("answered", [hit(FEE, 0.95)], confidence=0.95), ENTRIES))
    run(ActionSmallTalk(), dispatcher, make_tracker("What are the IRC and ERC?", intent="bot_challenge"), domain)
    (msg,) = payloads(dispatcher)
    assert msg["kind"] == "answer" and kb.asked == [("What are the IRC and ERC?", "en")]


def test_feedback_intent_on_a_question_is_not_recorded_as_feedback(use_kb, dispatcher, domain):
    use_kb(FakeKB(Lookup("unknown", reason="unknown"), ENTRIES))
    tracker = make_tracker("The summit was postponed, what is your comment?", intent="affirm",
                           slots={"last_entry_id": "visa-fee"})
    run(ActionRecordFeedback(), dispatcher, tracker, domain)
    (msg,) = payloads(dispatcher)
    assert msg["kind"] == "unknown" and "feedback" not in msg


# -- language slot and switching -------------------------------------------------------------------

def test_change_language_by_request_confirms_the_gateways_decision(dispatcher, domain):
    # the gateway read "can we speak Japanese" and decided ja; the action confirms it without detecting again
    tracker = make_tracker("can we speak Japanese", slots={"language": "en"}, intent="change_language",
                           metadata={"language": "ja", "language_requested": True})
    events = run(ActionChangeLanguage(), dispatcher, tracker, domain)
    assert events == [SlotSet("language", "ja")]
    (msg,) = payloads(dispatcher)
    assert msg["text"] == "かしこまりました。日本語で続けます。"
    assert msg["language"] == "ja" and msg["kind"] == "language_changed" and "set_language" not in msg


def test_change_language_unknown_target_lists_options(dispatcher, domain, use_kb):
    use_kb(FakeKB())
    events = run(ActionChangeLanguage(), dispatcher,
                 make_tracker("can we speak Italian", slots={"language": "fr"}, intent="change_language"), domain)
    assert events == []
    (msg,) = payloads(dispatcher)
    assert msg["kind"] == "language_options" and msg["language"] == "fr"
    assert msg["text"] == "Je peux converser avec vous en neuf langues."
    assert len(msg["buttons"]) == 9
    assert {"title": "한국어", "payload": '/change_language{"language": "ko"}'} in msg["buttons"]


def test_a_language_name_in_a_question_is_answered_not_switched(dispatcher, domain, use_kb):
    kb = use_kb(FakeKB(Lookup("answered", [hit(FEE, 0.95)], confidence=0.95), entries=ENTRIES))
    events = run(ActionChangeLanguage(), dispatcher,
                 make_tracker("Vietnamese coffee", slots={"language": "en"}, intent="change_language"), domain)
    (msg,) = payloads(dispatcher)
    assert msg["kind"] == "answer" and msg["entry_id"] == "visa-fee"
    assert events == answered("visa-fee", "Vietnamese coffee")
    assert kb.asked[0] == ("Vietnamese coffee", "en")


def test_change_language_menu_payload_uses_metadata(dispatcher, domain):
    tracker = make_tracker('/change_language{"language": "ko"}', slots={"language": "en"},
                           metadata={"language": "ko", "language_requested": True})
    events = run(ActionChangeLanguage(), dispatcher, tracker, domain)
    assert events == [SlotSet("language", "ko")]
    assert payloads(dispatcher)[0]["text"] == "네, 한국어로 계속하겠습니다."


# -- embassy contact ------------------------------------------------------------------------------

HOURS = {"timezone": "Asia/Ho_Chi_Minh", "text": "Mon-Fri 09:00-12:00 and 14:00-17:00",
         "weekly": {d: "09:00-12:00,14:00-17:00" for d in ("mon", "tue", "wed", "thu", "fri")}}
CONTACT = {"name": "Embassy of Viet Nam", "address": "1 Example Street", "phone": "+33 1 00 00 00 00",
           "email": "consular@example.org", "website": "https://mofa.gov.vn/", "hours": HOURS}


def _hanoi(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=HANOI)


@pytest.mark.parametrize("now", [_hanoi(2026, 11, 23, 9, 0), _hanoi(2026, 11, 23, 11, 59),
                                 _hanoi(2026, 11, 27, 16, 30)])  # Monday morning, Friday afternoon
def test_office_open_inside_hours(now):
    assert office_status(HOURS, now) == (True, None)


@pytest.mark.parametrize("now,expected", [
    (_hanoi(2026, 11, 23, 12, 30), _hanoi(2026, 11, 23, 14, 0)),   # lunch break: this afternoon
    (_hanoi(2026, 11, 23, 17, 0), _hanoi(2026, 11, 24, 9, 0)),     # closing time: tomorrow
    (_hanoi(2026, 11, 24, 22, 15), _hanoi(2026, 11, 25, 9, 0)),    # at night: next morning
    (_hanoi(2026, 11, 27, 18, 0), _hanoi(2026, 11, 30, 9, 0)),     # Friday evening: Monday
    (_hanoi(2026, 11, 28, 10, 0), _hanoi(2026, 11, 30, 9, 0)),     # Saturday: Monday
    (_hanoi(2026, 11, 29, 10, 0), _hanoi(2026, 11, 30, 9, 0)),     # Sunday: Monday
])
def test_office_closed_with_next_opening(now, expected):
    is_open, next_open = office_status(HOURS, now)
    assert is_open is False
    assert next_open == expected and next_open.utcoffset() == dt.timedelta(hours=7)


def test_office_status_converts_from_utc(utc):
    # Sunday 23:30 UTC is Monday 06:30 in Hanoi: closed, opening at 09:00 Hanoi time the same morning
    assert office_status(HOURS, utc(2026, 11, 22, 23, 30)) == (False, _hanoi(2026, 11, 23, 9, 0))
    # Monday 03:00 UTC is 10:00 in Hanoi: open
    assert office_status(HOURS, utc(2026, 11, 23, 3, 0)) == (True, None)


def test_office_status_without_hours():
    assert office_status({"weekly": {}}, _hanoi(2026, 11, 23, 10, 0)) == (False, None)


def test_contact_action_uses_metadata_contact(monkeypatch, dispatcher, domain):
    monkeypatch.setattr(actions.contact, "office_status", lambda hours, now=None: (False, _hanoi(2026, 11, 30, 9, 0)))
    tracker = make_tracker("contact", slots={"language": "fr"}, metadata={"contact": CONTACT, "language": "fr"},
                           intent="ask_contact")
    assert run(ActionEmbassyContact(), dispatcher, tracker, domain) == []
    (msg,) = payloads(dispatcher)
    assert msg["kind"] == "contact" and msg["language"] == "fr"
    assert msg["text"].splitlines() == [
        "Embassy of Viet Nam", "1 Example Street", "Téléphone : +33 1 00 00 00 00", "E-mail : consular@example.org",
        "Horaires : Mon-Fri 09:00-12:00 and 14:00-17:00",
        "Le bureau est fermé ; il rouvrira Mon 30 Nov 09:00 (Asia/Ho_Chi_Minh)."]
    assert msg["sources"] == [{"title": "Embassy of Viet Nam", "url": "https://mofa.gov.vn/",
                               "publisher": "Embassy of Viet Nam"}]


def test_contact_action_open_now(monkeypatch, dispatcher, domain):
    monkeypatch.setattr(actions.contact, "office_status", lambda hours, now=None: (True, None))
    run(ActionEmbassyContact(), dispatcher, make_tracker("contact", metadata={"contact": CONTACT}, intent="ask_contact"),
        domain)
    assert payloads(dispatcher)[0]["text"].endswith("The office is open now.")


def test_contact_action_without_contact(dispatcher, domain):
    run(ActionEmbassyContact(), dispatcher, make_tracker("contact", intent="ask_contact"), domain)
    (msg,) = payloads(dispatcher)
    assert msg["sources"] == [] and msg["kind"] == "contact" and "Phone:" in msg["text"]


# -- feedback -------------------------------------------------------------------------------------

def _events(*texts):
    return [{"event": "user", "text": t} for t in texts]


@pytest.mark.parametrize("intent,value,reply", [("affirm", 1, "Merci pour votre retour !"),
                                                ("deny", -1, "Désolé que cette réponse ne vous ait pas aidé.")])
def test_feedback_is_handed_to_the_gateway_for_the_last_entry(use_kb, dispatcher, domain, intent, value, reply):
    # the action stores nothing itself: the gateway records feedback from its reply (one path)
    kb = use_kb(FakeKB())
    tracker = make_tracker("oui", slots={"language": "fr", "last_entry_id": "visa-fee"}, intent=intent,
                           events=_events("Combien coûte le visa ?", "oui"), sender_id="s-9")
    assert run(ActionRecordFeedback(), dispatcher, tracker, domain) == []
    assert kb.store.feedback == []
    (msg,) = payloads(dispatcher)
    assert msg["text"] == reply and msg["kind"] == "feedback"
    assert msg["feedback"] == {"entry_id": "visa-fee", "value": value, "question": "Combien coûte le visa ?"}


def test_feedback_without_answered_entry_records_nothing(use_kb, dispatcher, domain):
    use_kb(FakeKB())
    run(ActionRecordFeedback(), dispatcher, make_tracker("no", intent="deny", events=_events("no")), domain)
    (msg,) = payloads(dispatcher)
    assert msg["text"] == "I'm sorry this answer did not help." and "feedback" not in msg


def test_contact_intent_on_a_plain_question_answers_it(dispatcher, domain, use_kb):
    use_kb(FakeKB(Lookup("answered", [hit(GATES, 0.97)], confidence=0.97), entries=ENTRIES))
    tracker = make_tracker("Quels sont les horaires de train entre Hanoï et Hué ?", slots={"language": "fr"},
                           intent="ask_contact")
    run(ActionEmbassyContact(), dispatcher, tracker, domain)
    (msg,) = payloads(dispatcher)
    assert msg["kind"] == "answer" and msg["entry_id"] == "visa-gates"


def test_contact_words_always_give_the_contact(dispatcher, domain, use_kb):
    kb = use_kb(FakeKB(Lookup("answered", [hit(GATES, 0.97)]), entries=ENTRIES))
    tracker = make_tracker("Quelles sont les horaires de l'ambassade ?", slots={"language": "fr"},
                           intent="ask_contact", metadata={"contact": {"name": "Ambassade", "phone": "+33 1"}})
    run(ActionEmbassyContact(), dispatcher, tracker, domain)
    (msg,) = payloads(dispatcher)
    assert msg["kind"] == "contact" and "+33 1" in msg["text"]
    assert kb.asked == []
