"""The visa dialogue's actions with rasa_sdk trackers, the real visa responses and the real visa rules."""
from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

import pytest
import yaml
from rasa_sdk.events import AllSlotsReset, FollowupAction, SlotSet

import actions.answer
import actions.visa
from actions import ActionAnswerQuestion, ActionStartOver, ActionVisaAnswer, ValidateVisaForm
from knowledge_base.schema import Entry
from knowledge_base.service import Lookup
from tests.fakes import FakeKB, hit, make_entry, make_tracker, payloads, run_action
from visa.policy import load_seed

ROOT = Path(__file__).resolve().parents[2]
GENERAL = Entry.from_dict(make_entry("visa-do-i-need-a-visa"))


@pytest.fixture
def vdomain(domain):
    responses = yaml.safe_load((ROOT / "bot" / "domain" / "visa_responses.yml").read_text(encoding="utf-8"))
    return {"responses": {**domain["responses"], **responses["responses"]}}


@pytest.fixture
def kb(monkeypatch):
    fake = FakeKB(Lookup("unknown", [hit(GENERAL, 0.9)]), {GENERAL.id: GENERAL})
    fake.store.visa_rules = load_seed()
    # the knowledge base reads every question as "do I need a visa?" unless a test says otherwise
    fake.search = lambda text, lang, k=1: [hit(GENERAL, 0.9)]
    monkeypatch.setattr(actions.answer, "get_kb", lambda: fake)
    monkeypatch.setattr(actions.visa, "get_kb", lambda: fake)
    monkeypatch.setattr(actions.visa, "kb_today", lambda: dt.date(2026, 12, 2))
    return fake


def test_german_for_two_weeks_gets_45_days_with_the_resolution_and_end_date(kb, dispatcher, vdomain):
    tracker = make_tracker("I'm German. Do I need a visa for a two-week holiday?", intent="ask_visa",
                           slots={"nationality": "DE"}, metadata={"language": "en"})
    events = run_action(ActionVisaAnswer(), dispatcher, tracker, vdomain)
    (msg,) = payloads(dispatcher)
    assert msg["text"].startswith("For a stay of 14 days, you do not need a visa.")
    assert "stay up to 45 days" in msg["text"] and "Government Resolution 44/NQ-CP" in msg["text"]
    assert "from March 15, 2025 to March 14, 2028" in msg["text"]  # CLDR long dates
    assert msg["visa_rule"] == "unilateral-45-days-2025" and msg["valid_until"] == "2028-03-14"
    assert msg["sources"][0]["url"].startswith("https://vietnamnews.vn/")
    assert SlotSet("last_topic", "visa") in events and SlotSet("stay_days", 14.0) in events


def test_two_months_for_a_german_is_the_evisa_with_fee_and_portal(kb, dispatcher, vdomain):
    tracker = make_tracker("And if I want to stay 2 months?", intent="ask_visa",
                           slots={"nationality": "DE", "last_topic": "visa"}, metadata={"language": "en"})
    run_action(ActionVisaAnswer(), dispatcher, tracker, vdomain)
    (msg,) = payloads(dispatcher)
    assert "up to 45 days, so for a stay of 60 days you need a visa" in msg["text"]
    assert "US$25" in msg["text"] and "US$50" in msg["text"] and "https://evisa.gov.vn/" in msg["text"]
    assert msg["visa_rule"] == "evisa-all-nationalities"


def test_japanese_and_vietnamese_replies_are_in_their_language(kb, dispatcher, vdomain):
    run_action(ActionVisaAnswer(), dispatcher, make_tracker("日本人です。2週間ならビザは要りますか？", intent="ask_visa",
                                                            slots={"nationality": "JP"}, metadata={"language": "ja"}), vdomain)
    run_action(ActionVisaAnswer(), dispatcher, make_tracker("Tôi là người Đức, ở 2 tháng thì sao?", intent="ask_visa",
                                                            slots={"nationality": "DE"}, metadata={"language": "vi"}), vdomain)
    ja, vi = payloads(dispatcher)
    assert ja["language"] == "ja" and "45日間" in ja["text"] and "2028年3月14日" in ja["text"] and "44/NQ-CP" in ja["text"]
    assert vi["language"] == "vi" and "thị thực điện tử" in vi["text"] and "25 USD" in vi["text"]


def test_an_american_gets_the_evisa_and_phu_quoc(kb, dispatcher, vdomain):
    run_action(ActionVisaAnswer(), dispatcher, make_tracker("Do I need a visa?", intent="ask_visa",
                                                            slots={"nationality": "US"}, metadata={"language": "fr"}), vdomain)
    (msg,) = payloads(dispatcher)
    assert msg["language"] == "fr" and "(États-Unis) ont besoin d'un visa" in msg["text"] and "Phu Quoc" in msg["text"]


def test_a_skip_gets_the_general_entry_and_is_remembered(kb, dispatcher, vdomain):
    events = run_action(ActionVisaAnswer(), dispatcher, make_tracker("skip", intent="skip", metadata={"language": "en"}),
                        vdomain)
    (msg,) = payloads(dispatcher)
    assert msg["entry_id"] == "visa-do-i-need-a-visa"
    assert SlotSet("visa_skipped", True) in events and SlotSet("last_topic", "visa") in events


def test_an_unrecognised_nationality_gets_a_notice_and_the_general_answer(kb, dispatcher, vdomain):
    run_action(ActionVisaAnswer(), dispatcher, make_tracker("I'm from Atlantis", intent="inform_nationality",
                                                            metadata={"language": "en"}), vdomain)
    notice, msg = payloads(dispatcher)
    assert notice["text"].startswith("I could not recognise that nationality")
    assert msg["entry_id"] == "visa-do-i-need-a-visa"


def test_a_nationality_stated_out_of_the_blue_is_noted(kb, dispatcher, vdomain):
    events = run_action(ActionVisaAnswer(), dispatcher, make_tracker("I'm Korean", intent="inform_nationality",
                                                                     slots={"nationality": "KR"}, metadata={"language": "ko"}),
                        vdomain)
    (msg,) = payloads(dispatcher)
    assert msg["kind"] == "noted" and msg["text"].startswith("감사합니다. 대한민국 국민")
    assert not any(e.get("name") == "last_topic" for e in events)


@pytest.mark.parametrize("text, lang", [("中国人去越南安全吗", "zh"), ("Is it safe for Germans to travel to Vietnam?", "en"),
                                         ("Les Français aiment-ils le Vietnam ?", "fr")])
def test_a_question_that_names_a_nationality_is_answered_not_noted(kb, dispatcher, vdomain, text, lang):
    # a fresh4 question got "Thank you, I will answer visa questions for a Chinese citizen" and nothing else
    safety = Entry.from_dict(make_entry("travel-safety-scams"))
    kb.search = lambda text, lang, k=1: [hit(safety, 0.9)]
    kb.result = Lookup("answered", [hit(safety, 0.95)], confidence=0.97)
    events = run_action(ActionVisaAnswer(), dispatcher, make_tracker(text, intent="inform_nationality",
                                                                     slots={"nationality": "CN"},
                                                                     metadata={"language": lang}), vdomain)
    assert kb.asked == [(text, lang)]
    assert all(m.get("kind") != "noted" for m in payloads(dispatcher))
    # the passport goes back to what it was before this message (none)
    assert SlotSet("nationality", None) in events


@pytest.mark.parametrize("text, lang, country", [("I'm American. Do I need a visa?", "en", "US"),
                                                   ("Je suis américain. Ai-je besoin d'un visa ?", "fr", "US"),
                                                   ("Ich bin Amerikaner. Brauche ich ein Visum?", "de", "US")])
def test_a_visa_question_classified_as_a_nationality_gets_the_visa_advice(kb, dispatcher, vdomain, text, lang, country):
    # Rasa gives these inform_nationality or ask_visa depending on the machine's last digits; either way the
    # visitor asked whether they need a visa, and the knowledge base reads it so: the advice for their passport
    kb.result = Lookup("suggest", [hit(GENERAL, 0.71)], confidence=0.5)
    events = run_action(ActionVisaAnswer(), dispatcher, make_tracker(text, intent="inform_nationality",
                                                                     slots={"nationality": country},
                                                                     metadata={"language": lang}), vdomain)
    (msg,) = payloads(dispatcher)
    assert msg["kind"] == "answer" and msg["nationality"] == country and msg["visa_rule"]
    assert SlotSet("last_topic", "visa") in events
    assert not any(e.get("name") == "nationality" for e in events)  # the passport given stays


def test_a_message_that_is_not_a_nationality_after_the_form_is_answered_as_a_question(kb, dispatcher, vdomain):
    kb.result = Lookup("answered", [hit(GENERAL, 0.95)], confidence=0.97)
    run_action(ActionVisaAnswer(), dispatcher, make_tracker("What is Tết?", intent="ask_question",
                                                            metadata={"language": "en"}), vdomain)
    assert kb.asked == [("What is Tết?", "en")]


def test_a_stay_follow_up_after_a_visa_answer_is_a_visa_question(kb, dispatcher, vdomain):
    tracker = make_tracker("and for 3 months?", intent="ask_question", metadata={"language": "en"},
                           slots={"nationality": "DE", "last_topic": "visa", "last_question": "I'm German, visa?"})
    run_action(ActionAnswerQuestion(), dispatcher, tracker, vdomain)
    (msg,) = payloads(dispatcher)
    assert msg["visa_rule"] == "evisa-all-nationalities" and "90 days" in msg["text"]
    assert kb.asked == []


def test_the_form_stops_asking_on_skip_or_when_the_visitor_moves_on(kb, dispatcher, vdomain, monkeypatch):
    monkeypatch.setattr(kb, "search", lambda text, lang, k=1: [hit(GENERAL, 0.9)], raising=False)
    form = ValidateVisaForm()
    slots = ["nationality"]
    asked = make_tracker("What is Tết?", intent="ask_question", slots={"requested_slot": "nationality"})
    skip = make_tracker("skip", intent="skip", slots={"requested_slot": "nationality"})
    first = make_tracker("Do I need a visa?", intent="ask_visa")
    assert asyncio.run(form.required_slots(slots, dispatcher, asked, vdomain)) == []
    assert asyncio.run(form.required_slots(slots, dispatcher, skip, vdomain)) == []
    assert asyncio.run(form.required_slots(slots, dispatcher, first, vdomain)) == slots
    assert form.validate_nationality("DE", dispatcher, first, vdomain) == {"nationality": "DE"}
    assert form.validate_nationality("Atlantis", dispatcher, first, vdomain) == {"nationality": None}


def test_start_over_clears_the_slots_and_keeps_the_language(dispatcher, vdomain):
    events = run_action(ActionStartOver(), dispatcher, make_tracker("start over", slots={"nationality": "DE"},
                                                                    metadata={"language": "de"}), vdomain)
    assert events == [AllSlotsReset(), SlotSet("language", "de")]
    assert payloads(dispatcher)[0]["text"].startswith("Fangen wir neu an")


def test_a_question_that_only_names_a_country_goes_to_the_knowledge_base(kb, dispatcher, vdomain):
    kb.result = Lookup("unknown")
    events_before = [{"event": "slot", "name": "nationality", "value": "DE"}, {"event": "user", "text": "…"}]
    tracker = make_tracker("Which football club won the 1987 Belgian second division?", intent="inform_nationality",
                           slots={"nationality": "BE"}, metadata={"language": "en"}, events=events_before)
    events = run_action(ActionVisaAnswer(), dispatcher, tracker, vdomain)
    assert kb.asked == [("Which football club won the 1987 Belgian second division?", "en")]
    assert events[0] == SlotSet("nationality", "DE")  # the passport stated before stays
    assert payloads(dispatcher)[0]["kind"] == "unknown"


@pytest.mark.parametrize("text, visa", [
    ("I'm German, two weeks?", True), ("actually I have a Canadian passport", True), ("我是美国人", True),
    ("Tôi quốc tịch Úc", True), ("2ヶ月ならどうですか？", True),
    ("Which football club won the 1987 Belgian second division?", False),
    ("How many Belgian companies invest in Vietnam?", False),
])
def test_visa_messages_are_made_of_the_visa_dialogues_words(text, visa):
    from actions.arbitration import is_visa_message

    assert is_visa_message(text) is visa


def test_the_form_asks_only_when_the_answer_depends_on_the_passport(kb, dispatcher, vdomain, monkeypatch):
    fee = Entry.from_dict(make_entry("visa-evisa-fee"))
    form, slots = ValidateVisaForm(), ["nationality"]
    monkeypatch.setattr(kb, "search", lambda text, lang, k=1: [hit(GENERAL, 0.9)] if "need" in text else
                        [hit(fee, 0.9)], raising=False)
    need = make_tracker("Do I need a visa?", intent="ask_visa", metadata={"language": "en"})
    fee_q = make_tracker("How much is the visa?", intent="ask_visa", metadata={"language": "en"})
    assert asyncio.run(form.required_slots(slots, dispatcher, need, vdomain)) == slots
    assert asyncio.run(form.required_slots(slots, dispatcher, fee_q, vdomain)) == []


def test_a_skip_answers_the_visitors_own_pending_question(kb, dispatcher, vdomain):
    kb.result = Lookup("answered", [hit(GENERAL, 0.95)], confidence=0.97)
    tracker = make_tracker("/skip", intent="skip", metadata={"language": "en"},
                           slots={"last_topic": "visa", "last_question": "Do I need a visa for a business trip?"})
    events = run_action(ActionVisaAnswer(), dispatcher, tracker, vdomain)
    assert kb.asked == [("Do I need a visa for a business trip?", "en")]
    assert SlotSet("visa_skipped", True) in events


def test_start_over_words_inside_a_question_are_a_question(kb, dispatcher, vdomain):
    kb.result = Lookup("unknown")
    run_action(ActionStartOver(), dispatcher, make_tracker("¿España fue de los primeros países en reconocer al Vietnam "
                                                           "reunificado?", intent="start_over",
                                                           metadata={"language": "es"}), vdomain)
    assert kb.asked and payloads(dispatcher)[0]["kind"] == "unknown"


def test_no_second_reply_when_the_form_was_interrupted_by_an_answered_question(kb, dispatcher, vdomain):
    events = [{"event": "user", "text": "Combien coûte l'e-visa ?"}, {"event": "bot", "text": "25 USD…"},
              {"event": "action", "name": "visa_form"}]
    tracker = make_tracker("Combien coûte l'e-visa ?", intent="ask_question", events=events,
                           metadata={"language": "fr"})
    # nothing but the end of the turn
    assert run_action(ActionVisaAnswer(), dispatcher, tracker, vdomain) == [FollowupAction("action_listen")]
    assert payloads(dispatcher) == [] and kb.asked == []


def test_a_question_that_only_names_a_country_is_answered_by_the_knowledge_base(kb, dispatcher, vdomain):
    # "¿Es Vietnam pro China?" names a nationality, but the knowledge base does not read it as a visa question
    other = Entry.from_dict(make_entry("policy-relations-china"))
    kb.entries[other.id] = other
    kb.search = lambda text, lang, k=1: [hit(other, 0.9)]
    kb.result = Lookup("answered", [hit(other, 0.95)])
    tracker = make_tracker("¿Es Vietnam pro China?", intent="ask_visa", slots={"nationality": "CN"},
                           metadata={"language": "es"})
    events = run_action(ActionVisaAnswer(), dispatcher, tracker, vdomain)
    assert kb.asked == [("¿Es Vietnam pro China?", "es")]
    assert not any(m.get("visa_rule") for m in payloads(dispatcher))
    assert SlotSet("nationality", None) in events
    # the passport slot is put back, so the rule that ran this action no longer matches: the action itself ends
    # the turn (without it, Rasa predicted this action again and sent the reply ten times)
    assert events[-1] == FollowupAction("action_listen")
    # in a visa conversation the same country is the visitor's passport
    dispatcher.messages.clear()
    tracker = make_tracker("¿Es Vietnam pro China?", intent="ask_visa",
                           slots={"nationality": "CN", "last_topic": "visa"}, metadata={"language": "es"})
    run_action(ActionVisaAnswer(), dispatcher, tracker, vdomain)
    assert payloads(dispatcher)[0]["visa_rule"] == "evisa-all-nationalities"


def test_a_passport_question_outside_the_visa_dialogue_is_not_a_nationality_reply(kb, dispatcher, vdomain):
    # "Wie erhalte ich einen Reisepass?" is classified inform_nationality without a country: it was not an answer
    # to our question, so there is no "nationality not recognised" notice
    tracker = make_tracker("Wie erhalte ich einen Reisepass?", intent="inform_nationality",
                           metadata={"language": "de"})
    run_action(ActionVisaAnswer(), dispatcher, tracker, vdomain)
    assert kb.asked == [("Wie erhalte ich einen Reisepass?", "de")]
    assert not any(m.get("kind") == "notice" for m in payloads(dispatcher))
    dispatcher.messages.clear()
    tracker = make_tracker("Wie erhalte ich einen Reisepass?", intent="inform_nationality",
                           slots={"last_topic": "visa"}, metadata={"language": "de"})
    run_action(ActionVisaAnswer(), dispatcher, tracker, vdomain)
    assert payloads(dispatcher)[0]["kind"] == "notice"


def test_a_skip_whose_question_is_not_the_general_one_keeps_its_did_you_mean(kb, dispatcher, vdomain):
    # "What does a business visa cost?": the best entry is not "do I need a visa?", so its buttons stay
    fee = Entry.from_dict(make_entry("visa-fees-by-validity"))
    other = Entry.from_dict(make_entry("visa-business-dn"))
    kb.entries.update({fee.id: fee, other.id: other})
    kb.result = Lookup("suggest", [hit(fee, 0.93), hit(other, 0.9)], confidence=0.8,
                       suggestions=[hit(fee, 0.93), hit(other, 0.9)])
    tracker = make_tracker("/skip", intent="skip", metadata={"language": "en"},
                           slots={"last_topic": "visa", "last_question": "What does a business visa cost?"})
    run_action(ActionVisaAnswer(), dispatcher, tracker, vdomain)
    (msg,) = payloads(dispatcher)
    assert msg["kind"] == "suggest" and msg["suggestions"][0] == fee.id, msg
