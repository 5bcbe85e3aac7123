"""The visa dialogue through the real gateway, Rasa (forms, slots, the CLDR nationality extractor) and actions."""
from __future__ import annotations

import uuid

import pytest

from .conftest import chat

pytestmark = pytest.mark.e2e


def talk(stack, session: str, message: str) -> dict:
    resp = chat(stack, message, session_id=session)
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["messages"], body
    return body


def answer(body: dict) -> dict:
    """The message that carries the answer (a notice such as "I could not recognise…" may come first)."""
    return next(m for m in body["messages"] if m["kind"] in ("answer", "ask_nationality", "suggest", "noted",
                                                              "start_over", "unknown"))


def test_german_two_weeks_then_two_months_in_english(stack):
    s = uuid.uuid4().hex
    first = answer(talk(stack, s, "I'm German, two weeks?"))
    assert first["kind"] == "answer" and first["visa_rule"] == "unilateral-45-days-2025", first
    assert "45 days" in first["text"] and "44/NQ-CP" in first["text"] and "March 14, 2028" in first["text"]
    assert first["valid_until"] == "2028-03-14" and first["sources"][0]["url"].startswith("https://")
    second = answer(talk(stack, s, "And 2 months?"))
    assert second["kind"] == "answer" and second["visa_rule"] == "evisa-all-nationalities", second
    assert "US$25" in second["text"] and "https://evisa.gov.vn/" in second["text"]


def test_the_same_in_japanese(stack):
    s = uuid.uuid4().hex
    first = talk(stack, s, "私はドイツ人です。2週間の旅行にビザは必要ですか？")
    msg = answer(first)
    assert first["language"] == "ja" and msg["visa_rule"] == "unilateral-45-days-2025", msg
    assert "45日間" in msg["text"] and "44/NQ-CP" in msg["text"] and "2028年3月14日" in msg["text"]
    msg = answer(talk(stack, s, "2ヶ月ならどうですか？"))
    assert msg["visa_rule"] == "evisa-all-nationalities" and "電子ビザ" in msg["text"] and "25米ドル" in msg["text"]


def test_the_same_in_vietnamese(stack):
    s = uuid.uuid4().hex
    first = talk(stack, s, "Tôi là người Đức, đi du lịch 2 tuần có cần thị thực không?")
    msg = answer(first)
    assert first["language"] == "vi" and msg["visa_rule"] == "unilateral-45-days-2025", msg
    assert "45 ngày" in msg["text"] and "44/NQ-CP" in msg["text"]
    msg = answer(talk(stack, s, "Còn nếu ở 2 tháng thì sao?"))
    assert msg["visa_rule"] == "evisa-all-nationalities" and "thị thực điện tử" in msg["text"] and "25 USD" in msg["text"]


def test_the_form_asks_for_the_nationality_and_takes_the_answer(stack):
    s = uuid.uuid4().hex
    ask = answer(talk(stack, s, "Do I need a visa for Vietnam?"))
    assert ask["kind"] == "ask_nationality" and ask["buttons"] == [{"title": "Skip", "payload": "/skip"}]
    msg = answer(talk(stack, s, "I have an American passport"))
    assert msg["kind"] == "answer" and msg["visa_rule"] == "evisa-all-nationalities", msg
    assert "United States" in msg["text"] and "US$50" in msg["text"]


def test_an_unknown_nationality_gets_the_general_answer_and_no_error(stack):
    s = uuid.uuid4().hex
    assert answer(talk(stack, s, "Do I need a visa?"))["kind"] == "ask_nationality"
    body = talk(stack, s, "I'm from Atlantis")
    kinds = [m["kind"] for m in body["messages"]]
    assert "error" not in kinds
    general = [m for m in body["messages"] if m.get("entry_id") == "visa-do-i-need-a-visa"]
    assert general, body


def test_a_skip_gets_the_general_answer(stack):
    # the pending question is answered without a passport, by the knowledge base's own decision: with the bands of
    # round 21 (answer band p >= 0.964) "Brauche ich ein Visum für Vietnam?" is at p 0.957, so it is offered first as
    # "Did you mean…?" rather than answered outright (a rule that answered it anyway after Skip gave 4 wrong answers
    # on the held-out questions, where Rasa had asked for the passport after other questions, and was withdrawn)
    s = uuid.uuid4().hex
    assert answer(talk(stack, s, "Brauche ich ein Visum für Vietnam?"))["kind"] == "ask_nationality"
    msg = answer(talk(stack, s, "/skip"))
    assert msg["language"] == "de", msg
    offered = [msg.get("entry_id")] if msg["kind"] == "answer" else msg.get("suggestions") or []
    assert msg["kind"] in ("answer", "suggest") and offered[0] == "visa-do-i-need-a-visa", msg


def test_a_correction_replaces_the_nationality(stack):
    s = uuid.uuid4().hex
    assert answer(talk(stack, s, "I'm German. Do I need a visa?"))["visa_rule"] == "unilateral-45-days-2025"
    msg = answer(talk(stack, s, "actually I have a Canadian passport"))
    assert msg["visa_rule"] == "evisa-all-nationalities" and "Canada" in msg["text"], msg


def test_start_over_forgets_the_nationality(stack):
    s = uuid.uuid4().hex
    assert answer(talk(stack, s, "I'm German. Do I need a visa?"))["visa_rule"] == "unilateral-45-days-2025"
    assert answer(talk(stack, s, "start over"))["kind"] == "start_over"
    assert answer(talk(stack, s, "Do I need a visa?"))["kind"] == "ask_nationality"


@pytest.mark.parametrize("message, lang", [("I'm American. Do I need a visa?", "en"),
                                           ("Je suis américain. Ai-je besoin d'un visa ?", "fr"),
                                           ("Ich bin Amerikaner. Brauche ich ein Visum?", "de")])
def test_a_visa_question_that_names_the_passport_gets_the_advice_for_it(stack, message, lang):
    # Rasa reads these as inform_nationality or ask_visa, depending on the CPU's last digits; the advice for a US
    # passport comes either way (before, the inform_nationality reading gave "Did you mean…?")
    body = talk(stack, uuid.uuid4().hex, message)
    msg = answer(body)
    assert body["language"] == lang and msg["kind"] == "answer" and msg["nationality"] == "US", body
    assert msg["visa_rule"] and msg["sources"], msg


def test_a_follow_up_is_not_sent_to_the_contact_card(stack):
    s = uuid.uuid4().hex
    # the visa question names Viet Nam: "I'm American. Do I need a visa?" alone was the visa answer on one machine and a
    # "Did you mean…?" on another (Rasa's intent model and the encoder differ in the last digits between CPUs)
    first = answer(talk(stack, s, "I'm American. Do I need a visa for Vietnam?"))
    assert first["kind"] == "answer" and first.get("visa_rule"), first
    body = talk(stack, s, "how much does it cost?")
    assert all(m["kind"] != "contact" for m in body["messages"]), body
    msg = body["messages"][0]
    # a fee entry (the e-visa fee, or the visa fees by validity, which give it too), answered or offered first: read
    # together with the visa question, not on its own
    fees = {"visa-evisa-fee", "visa-fees-by-validity"}
    assert msg.get("entry_id") in fees or (msg.get("suggestions") or [None])[0] in fees, msg


def test_a_one_word_answer_to_the_passport_question_stays_in_the_conversations_language(stack):
    s = uuid.uuid4().hex
    assert answer(talk(stack, s, "Do I need a visa for Vietnam?"))["kind"] == "ask_nationality"
    body = talk(stack, s, "German")
    msg = answer(body)
    assert body["language"] == "en" and msg["visa_rule"] == "unilateral-45-days-2025", body
    assert "Germany" in msg["text"]


def test_another_question_while_the_form_waits_is_answered_once(stack):
    s = uuid.uuid4().hex
    assert answer(talk(stack, s, "Do I need a visa for Vietnam?"))["kind"] == "ask_nationality"
    body = talk(stack, s, "What is the currency of Vietnam?")
    # one reply, to this question (the answer, or "Did you mean…?" with it when the match is not clear enough)
    (msg,) = body["messages"]
    assert msg["kind"] in ("answer", "suggest"), body
    assert "travel-currency" in ([msg.get("entry_id")] + (msg.get("suggestions") or [])), body


def test_the_passport_outlives_rasa_session_rollovers_and_sessions_stay_short(stack):
    import sqlite3

    s = uuid.uuid4().hex
    assert answer(talk(stack, s, "I'm German, two weeks?"))["visa_rule"] == "unilateral-45-days-2025"
    for question in ["When is Tet?", "What is the currency of Vietnam?", "When is Tet?", "What is pho?",
                     "What is the currency of Vietnam?", "When is Tet?", "What is pho?", "When is Tet?"]:
        talk(stack, s, question)
    later = answer(talk(stack, s, "And 2 months?"))
    assert later["visa_rule"] == "evisa-all-nationalities" and later["nationality"] == "DE", later
    db = sqlite3.connect(stack.var / "rasa_tracker.sqlite3")
    starts = db.execute("SELECT count(*) FROM events WHERE sender_id = ? AND type_name = 'session_started'",
                        (s,)).fetchone()[0]
    last = db.execute("SELECT count(*) FROM events WHERE sender_id = ? AND timestamp >= (SELECT max(timestamp) "
                      "FROM events WHERE sender_id = ? AND type_name = 'session_started')", (s, s)).fetchone()[0]
    total = db.execute("SELECT count(*) FROM events WHERE sender_id = ?", (s,)).fetchone()[0]
    assert starts >= 3, "ten messages with a new session every four"
    assert last < 60 and total > 2 * last, (last, total)  # the current session is short; the history is kept
