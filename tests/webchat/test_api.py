"""The public API: /api/v1/chat, /api/v1/feedback and /healthz, every error path, with Rasa mocked."""
from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from knowledge_base.store import feedback as feedback_table
from language import NATIVE_NAMES
from language.script import to_traditional
from webchat import i18n
from webchat.conversations import messages as messages_table

DEMO_ORIGIN = "http://localhost:8000"


def assert_error(resp, status: int, code: str | None = None) -> dict:
    assert resp.status_code == status, resp.get_data(as_text=True)
    assert resp.is_json
    body = resp.get_json()
    assert set(body["error"]) == {"code", "message"}
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    if code:
        assert body["error"]["code"] == code
    return body


# -- input validation -----------------------------------------------------------------------------

@pytest.mark.parametrize("message", ["", "   \n\t ", "\x00\x07\u202e"])
def test_empty_messages(chat, rasa, message):
    assert_error(chat(message), 400, "empty_message")
    assert rasa.calls == []


def test_message_too_long(chat, rasa):
    body = assert_error(chat("x" * 20_000), 413)
    assert body["error"]["code"] in ("message_too_long", "payload_too_large")
    assert rasa.calls == []


def test_a_long_real_question_reaches_rasa_whole(chat, rasa, app):
    """Readers' letters to legal Q&A columns run past 1,000 characters (a real one in fresh14 has 1,144): the
    gateway passes such a question on whole, and refuses only what is over MAX_MESSAGE_CHARS."""
    letter = ("Tôi có một người bạn là người nước ngoài, định tạm trú ở nhà tôi khoảng 6 tháng. " * 14).strip()
    assert 1000 < len(letter) <= app.config["MAX_MESSAGE_CHARS"]
    assert chat(letter, session_id="letter").status_code == 200
    assert rasa.calls[-1]["text"] == letter
    over = "x" * (app.config["MAX_MESSAGE_CHARS"] + 1)
    assert_error(chat(over, session_id="over"), 413, "message_too_long")


def test_body_over_max_content_length(client, app):
    data = json.dumps({"session_id": "s-1", "message": "x" * (app.config["MAX_CONTENT_LENGTH"] + 10)})
    assert_error(client.post("/api/v1/chat", data=data, content_type="application/json"), 413, "payload_too_large")


@pytest.mark.parametrize("data", ["{bad json", "[1, 2, 3]", '"a string"', "null", ""])
def test_invalid_json_bodies(client, data):
    assert_error(client.post("/api/v1/chat", data=data, content_type="application/json"), 400, "invalid_json")


def test_wrong_content_type(client):
    resp = client.post("/api/v1/chat", data='{"session_id": "s", "message": "hi"}', content_type="text/plain")
    assert_error(resp, 415, "unsupported_media_type")


@pytest.mark.parametrize("body,code", [
    ({"message": "hi"}, "missing_session_id"),
    ({"session_id": "", "message": "hi"}, "missing_session_id"),
    ({"session_id": "   ", "message": "hi"}, "missing_session_id"),
    ({"session_id": 42, "message": "hi"}, "missing_session_id"),
    ({"session_id": "bad id!", "message": "hi"}, "invalid_session_id"),
    ({"session_id": "a/b", "message": "hi"}, "invalid_session_id"),
    ({"session_id": "s" * 129, "message": "hi"}, "invalid_session_id"),
    ({"session_id": "s-1"}, "missing_message"),
    ({"session_id": "s-1", "message": 5}, "missing_message"),
    ({"session_id": "s-1", "message": ["hi"]}, "missing_message"),
])
def test_bad_fields(client, rasa, body, code):
    assert_error(client.post("/api/v1/chat", json=body), 400, code)
    assert rasa.calls == []


def test_longest_allowed_session_id(chat):
    assert chat(session_id="s" * 128).status_code == 200


def test_unknown_site_key(chat):
    assert_error(chat(site_key="no-such-site"), 403, "unknown_site")


def test_refused_origin_gets_cors_headers(chat, rasa):
    resp = chat(headers={"Origin": "https://evil.example"})
    assert_error(resp, 403, "origin_not_allowed")
    assert resp.headers["Access-Control-Allow-Origin"] == "https://evil.example"
    assert resp.headers["Vary"] == "Origin"
    assert rasa.calls == []


def test_allowed_origin_and_preflight(chat, client):
    resp = chat(headers={"Origin": DEMO_ORIGIN})
    assert resp.status_code == 200 and resp.headers["Access-Control-Allow-Origin"] == DEMO_ORIGIN
    pre = client.options("/api/v1/chat", headers={"Origin": DEMO_ORIGIN})
    # Flask's automatic OPTIONS answers 200 before the explicit 204 view; either is a valid preflight
    assert pre.status_code in (200, 204) and "POST" in pre.headers["Access-Control-Allow-Methods"]
    assert pre.headers["Access-Control-Allow-Origin"] == DEMO_ORIGIN
    assert pre.headers["Access-Control-Allow-Headers"] == "Content-Type"


def test_rate_limit_per_session(chat, app):
    limit = app.config["RATE_LIMIT_PER_SESSION"][0]
    for _ in range(limit):
        assert chat("hello", session_id="busy").status_code == 200
    assert_error(chat("hello", session_id="busy"), 429, "rate_limited")
    assert chat("hello", session_id="other").status_code == 200  # other sessions are not affected


def test_rate_limit_per_client(chat, app):
    limit = app.config["RATE_LIMIT_PER_CLIENT"][0]
    codes = [chat("hello", session_id=f"s{n}").status_code for n in range(limit + 1)]
    assert codes == [200] * limit + [429]


def test_unknown_route_and_method_are_json(client):
    assert_error(client.get("/api/v1/nothing"), 404, "not_found")
    assert_error(client.get("/api/v1/chat"), 405, "method_not_allowed")


# -- Rasa and the action server failing ----------------------------------------------------------

def test_rasa_down_apologises_in_session_language(chat, rasa):
    rasa.down = True
    body = assert_error(chat("Bonjour, ai-je besoin d'un visa pour aller au Vietnam ?"), 503, "unavailable")
    assert body["error"]["message"] == i18n.APOLOGY["fr"] and body["language"] == "fr"


def test_rasa_down_keeps_french_for_a_short_follow_up(chat, rasa):
    assert chat("Bonjour, ai-je besoin d'un visa pour aller au Vietnam ?").get_json()["language"] == "fr"
    rasa.down = True
    assert assert_error(chat("ok"), 503)["error"]["message"] == i18n.APOLOGY["fr"]


def test_action_server_down(chat, rasa):
    rasa.replies, rasa.healthy["actions"] = [], False
    body = assert_error(chat(), 503, "unavailable")
    assert body["error"]["message"] == i18n.APOLOGY["en"]
    assert any(p.endswith("/health") for p in rasa.probes)


def test_empty_rasa_reply_with_healthy_actions(chat, rasa):
    rasa.replies = []
    resp = chat()
    assert resp.status_code == 200
    (msg,) = resp.get_json()["messages"]
    assert msg == {"text": i18n.NO_REPLY["en"], "buttons": [], "sources": [], "kind": "no_reply"}


# -- languages ------------------------------------------------------------------------------------

@pytest.mark.parametrize("message", [
    "Buongiorno, vorrei sapere quali documenti servono per ottenere il visto turistico per il Vietnam, grazie mille",
    "สวัสดีครับ ผมอยากทราบเรื่องวีซ่าไปเวียดนาม",
])
def test_unsupported_language(chat, rasa, message):
    resp = chat(message)
    assert resp.status_code == 200
    body = resp.get_json()
    assert body["language"] == "en" and body["session_id"] == "s-1"
    msg = body["messages"][0]
    assert msg["kind"] == "unsupported_language" and msg["buttons"] == [] and msg["sources"] == []
    for name in NATIVE_NAMES.values():
        assert name in msg["text"]
    # the question itself still goes to the assistant, to be answered in English
    (call,) = rasa.calls
    assert call["metadata"]["language"] == "en" and call["text"] == message
    assert call["metadata"]["unsupported_language"] is True  # the actions offer rather than decline (see service)
    assert body["messages"][1]["text"] == "Hello!"


def test_a_supported_language_is_not_marked_unsupported(chat, rasa):
    chat("Brauche ich ein Visum für Vietnam?")
    assert rasa.calls[-1]["metadata"]["unsupported_language"] is False


def test_happy_path_custom_payload(chat, rasa):
    rasa.replies = [{"recipient_id": "s-1", "custom": {
        "text": "Oui, la plupart des visiteurs ont besoin d'un visa.",
        "buttons": [{"title": "E-visa ?", "payload": "Qu'est-ce que l'e-visa ?", "extra": 1}],
        "sources": [{"title": "Portail", "url": "https://evisa.gov.vn/", "publisher": "Immigration"}],
        "language": "fr", "kind": "answer", "entry_id": "x"}}]
    resp = chat("Bonjour, ai-je besoin d'un visa pour aller au Vietnam ?", session_id="happy")
    assert resp.status_code == 200
    body = resp.get_json()
    assert set(body) == {"session_id", "language", "messages"}
    assert body["session_id"] == "happy" and body["language"] == "fr"
    (msg,) = body["messages"]
    assert msg["text"] == "Oui, la plupart des visiteurs ont besoin d'un visa."
    assert msg["buttons"] == [{"title": "E-visa ?", "payload": "Qu'est-ce que l'e-visa ?"}]
    assert msg["sources"] == [{"title": "Portail", "url": "https://evisa.gov.vn/", "publisher": "Immigration"}]
    assert msg["language"] == "fr" and msg["kind"] == "answer" and msg["entry_id"] == "x"
    (call,) = rasa.calls
    assert call["session_id"] == "happy" and call["url"].startswith("http")


def test_plain_rasa_text_and_buttons_are_normalised(chat, rasa):
    rasa.replies = [{"text": "Hi!", "buttons": [{"title": "A", "payload": "/a"}]}, {"image": "x.png"}]
    (msg,) = chat().get_json()["messages"]
    assert msg == {"text": "Hi!", "kind": "response", "buttons": [{"title": "A", "payload": "/a"}], "sources": []}


def test_session_language_persists(chat, rasa):
    assert chat("Bonjour, ai-je besoin d'un visa pour aller au Vietnam ?").get_json()["language"] == "fr"
    body = chat("ok").get_json()
    assert body["language"] == "fr"
    assert rasa.calls[-1]["metadata"]["language"] == "fr"


def test_metadata_sent_to_rasa(chat, rasa, app):
    chat("Do I need a visa to visit Vietnam?", headers={"Origin": DEMO_ORIGIN})
    meta = rasa.calls[0]["metadata"]
    sites, default = app.extensions["va_sites"].get()
    assert meta["language"] == "en" and meta["language_reason"]
    assert meta["site_key"] == default
    assert meta["contact"] == sites[default].contact and meta["contact"]["email"]
    assert meta["site_country"] == sites[default].country  # "" for the demo site, which is in no country


@pytest.mark.parametrize("value, code", [("CA", "CA"), ("jp", "JP"), (" de ", "DE"), ("VN", ""), ("XX", ""),
                                         ("Canada", ""), (None, ""), (12, "")])
def test_a_sites_country_is_an_iso_code_or_nothing(value, code):
    from webchat.sites import make_site

    assert make_site("k", {"allowed_origins": [], "country": value}).country == code


def test_the_gateway_decides_a_requested_language_and_keeps_it(chat, rasa, app):
    # "can we speak Japanese" in an English conversation: the gateway decides ja, tells the actions it was asked
    # for (no round-trip), and stores the switch in the session, so a short "ok" afterwards stays in Japanese
    conversations = app.extensions["va_conversations"]
    assert chat("Do I need a visa for Vietnam?").get_json()["language"] == "en"
    assert conversations.language("s-1") == "en"
    rasa.replies = [{"custom": {"text": "かしこまりました。", "language": "ja", "kind": "language_changed"}}]
    assert chat("can we speak Japanese").get_json()["language"] == "ja"
    assert rasa.calls[-1]["metadata"]["language"] == "ja" and rasa.calls[-1]["metadata"]["language_requested"]
    assert conversations.language("s-1") == "ja"
    rasa.replies = [{"custom": {"text": "OK", "kind": "answer"}}]
    assert chat("ok").get_json()["language"] == "ja"
    assert rasa.calls[-1]["metadata"]["language"] == "ja" and not rasa.calls[-1]["metadata"]["language_requested"]


ZH_ANSWER = {"custom": {"text": "越南电子签证最长可停留90天，请通过官方网站申请。", "kind": "answer", "entry_id": "visa-evisa-overview",
                        "buttons": [{"title": "电子签证费用是多少？", "payload": '/choose_entry{"entry_id": "visa-evisa-fee"}'}],
                        "sources": [{"title": "越南出入境管理局", "url": "https://evisa.gov.vn/", "publisher": "公安部"}]}}


def test_a_visitor_who_writes_traditional_chinese_is_answered_in_traditional_characters(chat, rasa, app):
    rasa.replies = [ZH_ANSWER]
    body = chat("去越南需要簽證嗎？", session_id="hant").get_json()
    (msg,) = body["messages"]
    assert body["language"] == "zh"
    assert msg["text"] == "越南電子簽證最長可停留90天，請通過官方網站申請。"
    assert msg["buttons"][0]["title"] == "電子簽證費用是多少？"
    assert msg["buttons"][0]["payload"] == '/choose_entry{"entry_id": "visa-evisa-fee"}'  # payloads are ids, unchanged
    assert msg["sources"][0]["title"] == "越南出入境管理局"  # a document keeps its own title
    assert rasa.calls[-1]["text"] == "去越南需要簽證嗎？"  # Rasa and the actions get the visitor's own words
    assert app.extensions["va_conversations"].state("hant").script == "Hant"
    # a button's payload shows no script: the session's stands
    (msg,) = chat('/choose_entry{"entry_id": "visa-evisa-fee"}', session_id="hant").get_json()["messages"]
    assert msg["text"].startswith("越南電子簽證")
    # writing Simplified switches back
    (msg,) = chat("电子签证要多少钱？", session_id="hant").get_json()["messages"]
    assert msg["text"] == "越南电子签证最长可停留90天，请通过官方网站申请。"
    assert app.extensions["va_conversations"].state("hant").script == "Hans"


def test_a_page_that_declares_traditional_chinese_gets_traditional_replies(chat, rasa):
    rasa.replies = [ZH_ANSWER]
    # "越南" is written alike in both scripts: the page's zh-TW decides
    (msg,) = chat("越南", session_id="tw-page", lang="zh-TW").get_json()["messages"]
    assert msg["text"].startswith("越南電子簽證")
    (msg,) = chat("越南", session_id="cn-page", lang="zh-CN").get_json()["messages"]
    assert msg["text"].startswith("越南电子签证")


def test_replies_in_other_languages_are_never_converted(chat, rasa):
    rasa.replies = [{"custom": {"text": "Bạn cần thị thực điện tử (e-visa).", "kind": "answer", "language": "vi"}}]
    (msg,) = chat("Tôi có cần thị thực không?", session_id="vi", lang="zh-TW").get_json()["messages"]
    assert msg["text"] == "Bạn cần thị thực điện tử (e-visa)."


def test_rasa_down_apologises_in_traditional_characters_to_a_traditional_writer(chat, rasa):
    rasa.down = True
    body = assert_error(chat("去越南需要簽證嗎？", session_id="hant-down"), 503, "unavailable")
    assert body["error"]["message"] == to_traditional(i18n.pick(i18n.APOLOGY, "zh"))
    assert body["error"]["message"] != i18n.pick(i18n.APOLOGY, "zh")


def test_menu_payload_and_explicit_hint(chat, rasa):
    chat('/change_language{"language": "ko"}')
    assert rasa.calls[-1]["metadata"]["language"] == "ko"
    chat("Do I need a visa?", session_id="s-2", lang="de-DE", lang_source="user")
    assert rasa.calls[-1]["metadata"]["language"] == "de"


@pytest.mark.parametrize("typed, read, lang", [
    ("ｖｉｓａ ｆｅｅ ｆｏｒ ｖｉｅｔｎａｍ？", "visa fee for vietnam？", "en"),  # an input method left in full width
    ("ﾍﾞﾄﾅﾑのビザ料金は？", "ベトナムのビザ料金は？", "ja"),  # half-width katakana
    ("越南签证多少钱？", "越南签证多少钱？", "zh"),  # CJK punctuation stays as it is
])
def test_full_width_letters_and_half_width_katakana_are_read_in_their_ordinary_width(chat, rasa, typed, read, lang):
    body = chat(typed, session_id="width").get_json()
    assert rasa.calls[-1]["text"] == read
    assert body["language"] == lang


def test_control_characters_stripped(chat, rasa, app):
    resp = chat("Do I\u202e need a\x00 visa?\x07\n", session_id="ctl")
    assert resp.status_code == 200
    assert rasa.calls[0]["text"] == "Do I need a visa?"
    engine = app.extensions["va_conversations"].engine
    with engine.connect() as conn:
        logged = conn.execute(sa.select(messages_table.c.text).where(messages_table.c.direction == "in")).scalars().all()
    assert logged == ["Do I need a visa?"]


# -- feedback -------------------------------------------------------------------------------------

def _feedback_rows(app):
    with app.extensions["va_store"].engine.connect() as conn:
        return [dict(r) for r in conn.execute(sa.select(feedback_table)).mappings()]


@pytest.mark.parametrize("body,code", [
    ({"entry_id": "visa-a", "value": 1}, "invalid_session_id"),
    ({"session_id": "bad id", "entry_id": "visa-a", "value": 1}, "invalid_session_id"),
    ({"session_id": "s-1", "value": 1}, "invalid_entry_id"),
    ({"session_id": "s-1", "entry_id": "e" * 121, "value": 1}, "invalid_entry_id"),
    ({"session_id": "s-1", "entry_id": "visa\u0000-a", "value": 1}, "invalid_entry_id"),  # PostgreSQL refuses NUL
    ({"session_id": "s-1", "entry_id": "<b>visa</b>", "value": 1}, "invalid_entry_id"),
    ({"session_id": "s-1", "entry_id": "visa-a", "value": 0}, "invalid_value"),
    ({"session_id": "s-1", "entry_id": "visa-a", "value": "1"}, "invalid_value"),
    ({"session_id": "s-1", "entry_id": "visa-a", "value": 2}, "invalid_value"),
    ({"session_id": "s-1", "entry_id": "visa-a", "value": True}, "invalid_value"),
])
def test_feedback_validation(client, app, body, code):
    assert_error(client.post("/api/v1/feedback", json=body), 400, code)
    assert _feedback_rows(app) == []


def test_feedback_other_errors(client):
    assert_error(client.post("/api/v1/feedback", data="x", content_type="text/plain"), 415, "unsupported_media_type")
    assert_error(client.post("/api/v1/feedback", data="[]", content_type="application/json"), 400, "invalid_json")
    assert_error(client.post("/api/v1/feedback", json={"session_id": "s-1", "entry_id": "e", "value": 1},
                             headers={"Origin": "https://evil.example"}), 403, "origin_not_allowed")


def test_feedback_success(client, chat, app):
    chat("Bonjour, ai-je besoin d'un visa pour aller au Vietnam ?", session_id="fb")
    resp = client.post("/api/v1/feedback", json={"session_id": "fb", "entry_id": "visa-a", "value": -1,
                                                 "question": "Ai-je besoin\x00 d'un visa ?"})
    assert resp.status_code == 200 and resp.get_json() == {"ok": True}
    assert client.post("/api/v1/feedback", json={"session_id": "fb", "entry_id": "visa-a", "value": 1}).status_code == 200
    rows = _feedback_rows(app)
    assert [r["value"] for r in rows] == [-1, 1]
    assert rows[0]["language"] == "fr" and rows[0]["entry_id"] == "visa-a" and rows[0]["session_ref"] != "fb"
    (inbox,) = app.extensions["va_store"].unanswered_questions()
    assert inbox["reason"] == "thumbs_down" and inbox["question"] == "Ai-je besoin d'un visa ?"


def test_feedback_typed_in_the_chat_takes_the_same_path(chat, app, rasa):
    # "non, ça ne m'aide pas" after an answer: action_record_feedback reports it, the gateway stores it like a
    # 👎, with the same checks, and the visitor never sees the internal field
    chat("Bonjour, ai-je besoin d'un visa pour aller au Vietnam ?", session_id="typed")
    rasa.replies = [{"custom": {"text": "Désolé.", "kind": "feedback", "language": "fr", "buttons": [], "sources": [],
                                "feedback": {"entry_id": "visa-a", "value": -1,
                                             "question": "Ai-je besoin\x00 d'un visa ?"}}}]
    resp = chat("non, ça ne m'aide pas", session_id="typed")
    assert resp.status_code == 200 and "feedback" not in resp.get_json()["messages"][0]
    (row,) = _feedback_rows(app)
    assert row["value"] == -1 and row["entry_id"] == "visa-a" and row["language"] == "fr"
    (inbox,) = app.extensions["va_store"].unanswered_questions()
    assert inbox["reason"] == "thumbs_down" and inbox["question"] == "Ai-je besoin d'un visa ?"
    rasa.replies[0]["custom"]["feedback"] = {"entry_id": "visa-a", "value": 5}  # malformed: ignored
    assert chat("non", session_id="typed").status_code == 200
    assert len(_feedback_rows(app)) == 1


# -- health ---------------------------------------------------------------------------------------

def test_healthz_ok(client, rasa):
    resp = client.get("/healthz")
    assert resp.status_code == 200
    assert resp.get_json() == {"status": "ok", "components": {"rasa": "ok", "actions": "ok", "database": "ok"}}


@pytest.mark.parametrize("down", [["rasa"], ["actions"], ["rasa", "actions"]])
def test_healthz_names_failing_components(client, rasa, down):
    for name in down:
        rasa.healthy[name] = False
    resp = client.get("/healthz")
    assert resp.status_code == 503
    body = resp.get_json()
    assert body["status"] == "unavailable" and body["failing"] == down
    assert body["components"]["database"] == "ok"
    assert all(body["components"][n] == "down" for n in down)


def test_site_settings_for_the_widget(client):
    resp = client.get("/api/v1/sites/demo", headers={"Origin": "http://127.0.0.1:8000"})
    assert resp.status_code == 200
    body = resp.get_json()
    assert body["key"] == "demo" and body["default_language"] == "en"
    assert "Ambassade" in body["greeting"]["fr"]
    assert "contact" not in body  # only what the widget shows
    refused = client.get("/api/v1/sites/demo", headers={"Origin": "https://evil.example"})
    assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "origin_not_allowed"
    assert refused.headers.get("Access-Control-Allow-Origin") == "https://evil.example"
    assert client.get("/api/v1/sites/nope").status_code == 403


def test_a_bare_nationality_after_the_passport_question_keeps_the_language(chat, rasa):
    # "German" answers "which passport?": it names a country, not the language to switch to
    rasa.replies = [{"custom": {"text": "Which country's passport do you hold?", "kind": "ask_nationality",
                                "language": "en"}}]
    chat("Do I need a visa?", session_id="nat-1")
    rasa.replies = [{"custom": {"text": "As a citizen of Germany…", "kind": "answer", "language": "en"}}]
    assert chat("German", session_id="nat-1").get_json()["language"] == "en"
    assert rasa.calls[-1]["metadata"]["language"] == "en"
    # elsewhere in a conversation, "German" still asks for German
    assert chat("German", session_id="nat-2").get_json()["language"] == "de"


def test_a_long_conversation_starts_a_new_rasa_session_every_few_turns(app, chat, rasa):
    # Rasa reads and replays the current session on every turn; the gateway keeps it short, slots carried over
    from webchat.ratelimit import RateLimiter

    app.config.update(SESSION_ROLL_TURNS=3)
    app.extensions["va_limits"]["session"] = RateLimiter(100, 60, name="session")
    for n in range(7):
        assert chat(f"question {n}", session_id="long").status_code == 200
    texts = [c["text"] for c in rasa.calls]
    assert texts == ["question 0", "question 1", "question 2", "/session_start", "question 3", "question 4",
                     "question 5", "/session_start", "question 6"]
    assert rasa.calls[3]["metadata"]["language"] == "en"


def test_no_new_session_while_the_passport_form_waits_for_its_answer(app, chat, rasa):
    app.config.update(SESSION_ROLL_TURNS=2)
    assert chat("hello", session_id="form").status_code == 200
    rasa.replies = [{"custom": {"text": "Which passport?", "kind": "ask_nationality", "buttons": [], "sources": []}}]
    assert chat("Do I need a visa?", session_id="form").status_code == 200
    rasa.replies = [{"custom": {"text": "45 days", "kind": "answer", "buttons": [], "sources": []}}]
    assert chat("German", session_id="form").status_code == 200
    assert "/session_start" not in [c["text"] for c in rasa.calls]


def test_an_overloaded_gateway_answers_busy_promptly_in_the_visitors_language(app, chat, rasa):
    import threading

    from webchat.conversations import messages as log_table

    app.config.update(ADMISSION_WAIT=0.05)
    full = app.extensions["va_admission"] = threading.BoundedSemaphore(1)
    full.acquire()  # every place for a message waiting on Rasa is taken
    resp = chat("Quelle est la monnaie du Vietnam ?", session_id="busy")
    assert resp.status_code == 503 and resp.headers["Retry-After"] == "5"
    body = resp.get_json()
    assert body["error"]["code"] == "busy" and body["language"] == "fr" and "secondes" in body["error"]["message"]
    assert rasa.calls == []
    with app.extensions["va_store"].engine.connect() as conn:
        logged = conn.execute(log_table.select().where(log_table.c.session_id == "busy")).fetchall()
    assert logged == [], "a refused message is not logged, so the widget's retry is not counted twice"
    full.release()
    assert chat("Quelle est la monnaie du Vietnam ?", session_id="busy").status_code == 200
