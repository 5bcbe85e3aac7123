"""POST /api/v1/chat: validate, choose the reply language, forward to Rasa, and degrade gracefully."""
from __future__ import annotations

import dataclasses
import hashlib
import re
import unicodedata

from flask import Blueprint, after_this_request, current_app, jsonify, request

from knowledge_base.noise import is_noise
from knowledge_base.store import session_ref
from language import SUPPORTED, choose_language
from language.detect import ASKED, EXPLICIT, only_a_country
from language.script import chinese_script, script_of_tag, to_traditional

from . import i18n, rasa_client
from .errors import ApiError

bp = Blueprint("chat", __name__)
SESSION_RE = re.compile(r"^[A-Za-z0-9._:-]+$")
# entry ids are kebab-case (knowledge_base.schema); anything else (a NUL, which PostgreSQL refuses) is a 400
ENTRY_ID_RE = re.compile(r"^[A-Za-z0-9._:-]{1,120}$")
BUTTON_PAYLOAD = re.compile(r"^/[a-z_]+(\{.*\})?$")
MENU_PAYLOAD = re.compile(r'^/change_language\{"language":\s*"([a-z]{2})"\}$')


# full-width Latin letters and digits ("ｖｉｓａ ｆｅｅ", typed with a Chinese or Japanese input method left on) and
# half-width katakana ("ﾍﾞﾄﾅﾑ"); CJK punctuation (？，) is left as it is
_WIDTH_FORMS = re.compile(r"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff65-\uff9f]+")


def _clean(text: str) -> str:
    # control and format characters (bidi overrides, NULs) carry no meaning for the bot and can spoof logs
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C").strip()
    # letters in their ordinary width, so the language and the words are recognised
    return _WIDTH_FORMS.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


def _json_body() -> dict:
    if not request.is_json:
        raise ApiError(415, "unsupported_media_type", "Send the request as JSON (Content-Type: application/json).")
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, "invalid_json", "The request body must be a JSON object.")
    return body


def _site_key(body: dict) -> str | None:
    return body.get("site_key") if isinstance(body.get("site_key"), str) else None


def _parse(body: dict) -> dict:
    cfg = current_app.config
    session_id = body.get("session_id")
    if not isinstance(session_id, str) or not session_id.strip():
        raise ApiError(400, "missing_session_id", "session_id is required (a non-empty string).")
    if len(session_id) > cfg["MAX_SESSION_ID_CHARS"] or not SESSION_RE.match(session_id):
        raise ApiError(400, "invalid_session_id",
                       f"session_id must be 1-{cfg['MAX_SESSION_ID_CHARS']} characters of letters, digits, . _ : -")
    message = body.get("message")
    if not isinstance(message, str):
        raise ApiError(400, "missing_message", "message is required (a string).")
    if len(message) > cfg["MAX_MESSAGE_CHARS"]:
        raise ApiError(413, "message_too_long", f"message is limited to {cfg['MAX_MESSAGE_CHARS']} characters.")
    message = _clean(message)
    if not message:
        raise ApiError(400, "empty_message", "message is empty.")
    lang = body.get("lang")
    if lang is not None and (not isinstance(lang, str) or lang.lower()[:2] not in SUPPORTED):
        lang = None  # a hint we cannot use is ignored, not an error: pages declare all sorts of languages
    return {"session_id": session_id, "message": message, "lang": lang.lower()[:2] if lang else None,
            "explicit": body.get("lang_source") == "user" and lang is not None, "script": script_of_tag(lang)}


def _site(site_key: str | None):
    sites, default = current_app.extensions["va_sites"].get()
    site = sites.get(site_key or default)
    if site is None:
        raise ApiError(403, "unknown_site", "This site key is not registered.")
    origin = request.headers.get("Origin")
    # the gateway's own pages (the demo) may always talk to it
    if origin and origin.rstrip("/") != request.host_url.rstrip("/") and not site.allows(origin):
        raise ApiError(403, "origin_not_allowed", "This website is not allowed to use this assistant.")
    return site


def _client_key() -> str:
    # hashed so that not even the limiter's memory holds a raw address
    return hashlib.sha256((request.remote_addr or "").encode()).hexdigest()[:16]


@bp.post("/api/v1/chat")
def chat():
    """One visitor message in, the assistant's replies out."""
    body = _json_body()
    # the origin is checked before the fields, so a refused site learns that first
    site = _site(_site_key(body))
    req = _parse(body)
    limits = current_app.extensions["va_limits"]
    if not limits["session"].allow(req["session_id"]) or not limits["client"].allow(_client_key()):
        raise ApiError(429, "rate_limited", "Too many messages. Please wait a moment.")
    conv = current_app.extensions["va_conversations"]
    sid, text = req["session_id"], req["message"]
    state = conv.state(sid)
    session_lang = state.language
    menu = MENU_PAYLOAD.match(text)
    explicit = menu.group(1) if menu and menu.group(1) in SUPPORTED else (req["lang"] if req["explicit"] else None)
    if explicit is None and BUTTON_PAYLOAD.match(text) and session_lang:
        # a button's payload ("/choose_entry{...}") is not language: the conversation's language stands
        explicit = session_lang
    if explicit is None and session_lang and only_a_country(text) and state.last_kind == "ask_nationality":
        # "German" in answer to "which passport?" names a country, not the language to speak
        explicit = session_lang
    decision = choose_language(text, session_lang=session_lang, hint=req["lang"] or site.default_language,
                               explicit=explicit)
    # the Chinese script of the replies: as the visitor writes this message, else as before in the session, else
    # as the page declares (zh-Hant, zh-TW); the base is written in Simplified characters
    script = (chinese_script(text) if decision.language == "zh" else None) or state.script or req["script"]
    cfg = current_app.config
    admission = current_app.extensions["va_admission"]
    if not admission.acquire(timeout=cfg["ADMISSION_WAIT"]):
        # overloaded: a prompt "busy" that the widget retries after Retry-After, rather than a queue where
        # everyone waits; the message is not logged yet, so the retry is not counted twice
        lang = "en" if decision.unsupported else decision.language
        raise ApiError(503, "busy", _in_script(i18n.pick(i18n.BUSY, lang), lang, script), language=lang,
                       retry_after=cfg["BUSY_RETRY_AFTER"])
    try:
        return _reply(conv, site, sid, text, decision, state, script)
    finally:
        admission.release()


def _in_script(text: str, lang: str, script: str | None) -> str:
    # a Chinese reply in Traditional characters for a visitor who writes them; every other reply as it is
    return to_traditional(text) if lang == "zh" and script == "Hant" else text


def _to_script(messages: list[dict], language: str, script: str | None) -> None:
    # the texts and button titles of the Chinese replies; sources keep their documents' own titles
    for msg in messages:
        lang = msg.get("language") or language
        msg["text"] = _in_script(msg["text"], lang, script)
        for button in msg.get("buttons") or []:
            if isinstance(button.get("title"), str):
                button["title"] = _in_script(button["title"], lang, script)


def _log_after_reply(conv, sid: str, rows: list[dict]) -> None:
    # the turn's log rows are written once the response has gone out (waitress calls close() after the
    # last byte, also when the client went away): the visitor does not wait for them, and no row is dropped
    # unless the process dies in between
    logger = current_app.logger  # the close callback runs outside the application context

    @after_this_request
    def _defer(resp):
        def _write():
            try:
                conv.log_turn(sid, rows)
            except Exception:  # a log failure must not break the server; it is reported
                logger.exception("chat log write failed for %d rows", len(rows))
        resp.call_on_close(_write)
        return resp


def _reply(conv, site, sid: str, text: str, decision, state, script: str | None = None):
    # one admitted message: ask Rasa (through the actions), count the turn, return the replies; the log rows
    # (this message and the replies) are written after the response is sent
    rows = [{"direction": "in", "text": text, "language": decision.language}]
    _log_after_reply(conv, sid, rows)
    notice = []
    if decision.unsupported:
        # a language we do not speak: say so in English, then answer the question in English if we can
        notice = [{"text": i18n.unsupported_language_text(decision.unsupported), "buttons": [], "sources": [],
                   "kind": "unsupported_language", "language": "en"}]
        decision = dataclasses.replace(decision, language="en")

    metadata = {"language": decision.language, "language_reason": decision.reason,
                "unsupported_language": bool(notice),
                "language_requested": decision.reason in (EXPLICIT, ASKED) and not decision.unsupported,
                "site_key": site.key, "contact": site.contact, "site_country": site.country}
    cfg = current_app.config
    try:
        _roll_session(state, sid, metadata)
        raw = rasa_client.send(cfg["RASA_URL"], sid, text, metadata, cfg["RASA_TIMEOUT"])
        messages = rasa_client.normalise(raw)
        if not messages and not rasa_client.probe(f"{cfg['ACTIONS_URL']}/health", cfg["HEALTH_TIMEOUT"]):
            raise rasa_client.Unavailable("action server down")
    except rasa_client.Unavailable as exc:
        current_app.logger.warning("chat unavailable: %s", exc)
        conv.end_turn(sid, language=None, site_key=site.key, last_kind=None, script=script)
        if notice:
            rows.append({"direction": "out", "text": notice[0]["text"], "language": "en", "kind": notice[0]["kind"]})
            return jsonify({"session_id": sid, "language": "en", "messages": notice})
        raise ApiError(503, "unavailable", _in_script(i18n.pick(i18n.APOLOGY, decision.language), decision.language,
                                                      script), language=decision.language)
    messages = notice + messages
    if not messages:
        messages = [{"text": i18n.pick(i18n.NO_REPLY, decision.language), "buttons": [], "sources": [],
                     "kind": "no_reply"}]
    # the gateway owns the reply language: what it decided above is what the actions used
    language = decision.language
    for msg in messages:
        # feedback typed in the chat ("yes, that helped"), as action_record_feedback reports it
        typed = msg.pop("feedback", None)
        if isinstance(typed, dict):
            record_feedback(sid, typed.get("entry_id"), typed.get("value"), typed.get("question"), language)
    _to_script(messages, language, script)
    conv.end_turn(sid, language=language, site_key=site.key, last_kind=messages[-1].get("kind"), script=script)
    rows.extend({"direction": "out", "text": msg["text"], "language": msg.get("language") or language,
                 "kind": msg.get("kind"), "entry_id": msg.get("entry_id")} for msg in messages)
    return jsonify({"session_id": sid, "language": language, "messages": messages})


def _roll_session(state, sid: str, metadata: dict) -> None:
    # a long conversation costs Rasa more on every turn (it reads and replays the session's events): every
    # SESSION_ROLL_TURNS messages it starts a new session, slots carried over (the passport, the last topic);
    # not while the passport form waits for its answer, which a new session would forget
    every = current_app.config.get("SESSION_ROLL_TURNS") or 0
    turns = state.turns + 1  # with this message
    if every and turns > 1 and (turns - 1) % every == 0 and state.last_kind != "ask_nationality":
        cfg = current_app.config
        rasa_client.send(cfg["RASA_URL"], sid, "/session_start", metadata, cfg["RASA_TIMEOUT"])


@bp.after_request
def _cors(resp):
    origin = request.headers.get("Origin")
    if origin:
        sites, _default = current_app.extensions["va_sites"].get()
        # refusals carry CORS headers too, so the widget can read why it was refused instead of
        # seeing a bare network error; the refusal itself is enforced by the 403, not by the browser
        if resp.status_code >= 400 or request.method == "OPTIONS" or any(s.allows(origin) for s in sites.values()):
            resp.headers["Access-Control-Allow-Origin"] = origin
            resp.headers["Vary"] = "Origin"
            resp.headers["Access-Control-Allow-Headers"] = "Content-Type"
            resp.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
            resp.headers["Access-Control-Max-Age"] = "600"
            resp.headers["Access-Control-Expose-Headers"] = "Retry-After"  # the widget waits as the gateway asks
    return resp


@bp.route("/api/v1/chat", methods=["OPTIONS"])
@bp.route("/api/v1/feedback", methods=["OPTIONS"])
def chat_preflight():
    """CORS preflight for the widget on embassy sites."""
    return ("", 204)


@bp.get("/api/v1/sites/<key>")
def site_settings(key: str):
    """What the widget shows for a site: its title, default language and greeting (nothing private)."""
    site = _site(key)
    return jsonify({"key": site.key, "title": site.title or None, "default_language": site.default_language,
                    "greeting": {k: v for k, v in (site.greeting or {}).items() if isinstance(v, str)}})


@bp.post("/api/v1/feedback")
def feedback():
    """A 👍 (1) or 👎 (-1) on one answer; a 👎 lands in the editors' unanswered inbox."""
    body = _json_body()
    _site(_site_key(body))
    sid, entry_id, value = body.get("session_id"), body.get("entry_id"), body.get("value")
    if not isinstance(sid, str) or not SESSION_RE.match(sid) or len(sid) > current_app.config["MAX_SESSION_ID_CHARS"]:
        raise ApiError(400, "invalid_session_id", "session_id is required.")
    problem = _feedback_problem(entry_id, value)
    if problem:
        raise ApiError(400, *problem)
    if not current_app.extensions["va_limits"]["session"].allow(f"fb:{sid}"):
        raise ApiError(429, "rate_limited", "Too many requests. Please wait a moment.")
    record_feedback(sid, entry_id, value, body.get("question"))
    return jsonify({"ok": True})


def _feedback_problem(entry_id, value) -> tuple[str, str] | None:
    # what is wrong with a piece of feedback (error code, message), or None
    if not isinstance(entry_id, str) or not ENTRY_ID_RE.match(entry_id):
        return "invalid_entry_id", "entry_id is required (an entry's id)."
    if isinstance(value, bool) or value not in (1, -1):
        return "invalid_value", "value must be 1 or -1."
    return None


def record_feedback(sid: str, entry_id, value, question, language: str | None = None) -> bool:
    """The one place visitor feedback is stored: the widget's 👍/👎 (POST /api/v1/feedback) and feedback
    typed in the chat (Rasa's affirm/deny after an answer, reported by action_record_feedback). A 👎 with its
    question lands in the editors' inbox. Returns False (nothing stored) for an invalid entry id or value.
    `language` is the conversation's, when the caller knows it already."""
    if _feedback_problem(entry_id, value):
        return False
    question = _clean(question)[:current_app.config["MAX_MESSAGE_CHARS"]] if isinstance(question, str) else None
    if question and is_noise(question):
        question = None  # a probe or random text is not shown to editors as a question
    current_app.extensions["va_store"].record_feedback(
        value=value, entry_id=entry_id, question=question or None,
        language=language or current_app.extensions["va_conversations"].language(sid), session_ref=session_ref(sid))
    return True
