"""action_answer_question: answer from the knowledge base in the session language, or say so honestly."""
from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action
from rasa_sdk.events import SlotSet

from knowledge_base.service import get_kb
from language import language_name

from .common import render, reply, session_language, session_ref

log = logging.getLogger(__name__)
OUT_OF_SCOPE_CONFIDENCE = 0.6
# an out-of-scope intent is overruled only by a clearly better match than the normal threshold
OUT_OF_SCOPE_MARGIN = 0.04
LOW_CONFIDENCE_MARGIN = 0.015
MAX_RELATED = 3
EXCERPT_CHARS = 600


def _related(entry, hits, loaded_entries: dict, lang: str) -> list[dict]:
    ids = [r for r in entry.related if r in loaded_entries]
    ids += [h.entry.id for h in hits[1:] if h.entry.id not in ids and h.entry.id != entry.id]
    buttons = []
    for eid in ids[:MAX_RELATED]:
        question = loaded_entries[eid].first_question(lang)
        buttons.append({"title": question, "payload": question})
    return buttons


class ActionAnswerQuestion(Action):
    """Looks the question up and replies with the entry, an excerpt, or a polite 'I don't know'."""

    def name(self) -> str:
        return "action_answer_question"

    async def run(self, dispatcher, tracker, domain: dict[str, Any]) -> list:
        question = ((tracker.latest_message or {}).get("text") or "").strip()
        kb = get_kb()
        return self.respond(dispatcher, tracker, domain, kb, kb.lookup(question, session_language(tracker)))

    def respond(self, dispatcher, tracker, domain: dict[str, Any], kb, result) -> list:
        """Reply to the latest message with what the knowledge base found for it."""
        lang = session_language(tracker)
        message = tracker.latest_message or {}
        question = (message.get("text") or "").strip()
        intent = message.get("intent") or {}
        ref = session_ref(tracker)
        threshold = kb.config.threshold
        declined = result.status == "out_of_scope" or (
            intent.get("name") == "out_of_scope"
            and (intent.get("confidence") or 0) >= OUT_OF_SCOPE_CONFIDENCE
            and result.top_score < threshold + OUT_OF_SCOPE_MARGIN)
        if declined or not question:
            msg = render(domain, "utter_out_of_scope", lang)
            reply(dispatcher, text=msg["text"], buttons=msg["buttons"], language=lang, kind="declined")
            kb.store.log_unanswered(question=question, language=lang, reason="declined",
                                    score=result.top_score, session_ref=ref)
            return [SlotSet("last_entry_id", None)]

        if result.status == "answered":
            hit = result.hits[0]
            entry = hit.entry
            text, shown_lang = entry.answer.get(lang), lang
            if not text:
                notice = render(domain, "utter_translation_missing", lang,
                                language_name=language_name(lang, lang))["text"]
                text, shown_lang = f"{notice}\n\n{entry.answer['en']}", "en"
            loaded = kb.index()
            reply(dispatcher, text=text, language=shown_lang, kind="answer",
                  buttons=_related(entry, result.hits, loaded.entries, lang),
                  sources=[entry.source.as_dict()], entry_id=entry.id, score=round(hit.score, 4),
                  last_reviewed=entry.last_reviewed.isoformat(),
                  effective_date=entry.effective_date.isoformat() if entry.effective_date else None)
            if hit.score < threshold + LOW_CONFIDENCE_MARGIN:
                kb.store.log_unanswered(question=question, language=lang, reason="low_confidence",
                                        score=hit.score, entry_id=entry.id, session_ref=ref)
            return [SlotSet("last_entry_id", entry.id)]

        if result.status == "excerpt":
            p = result.passage
            notice = render(domain, "utter_excerpt_notice", lang,
                            language_name=language_name(p["language"], lang))["text"]
            excerpt = p["text"] if len(p["text"]) <= EXCERPT_CHARS else p["text"][:EXCERPT_CHARS].rsplit(" ", 1)[0] + " …"
            reply(dispatcher, text=f"{notice}\n\n{excerpt}", language=lang, kind="excerpt",
                  sources=[{"title": p["title"], "url": p["url"], "publisher": p["publisher"]}],
                  excerpt_language=p["language"], score=round(result.passage_score or 0, 4))
            kb.store.log_unanswered(question=question, language=lang, reason="low_confidence",
                                    score=result.top_score, session_ref=ref)
            return [SlotSet("last_entry_id", None)]

        msg = render(domain, "utter_dont_know", lang)
        reply(dispatcher, text=msg["text"], buttons=msg["buttons"], language=lang, kind="unknown")
        kb.store.log_unanswered(question=question, language=lang, reason="unknown",
                                score=result.top_score, session_ref=ref)
        return [SlotSet("last_entry_id", None)]


def answer_if_known(dispatcher, tracker, domain: dict[str, Any]) -> list | None:
    """Answer the latest message when the knowledge base has a confident entry for it; else None.

    For intents that can swallow a real question ("Vietnamese coffee" looks like a language request).
    """
    text = ((tracker.latest_message or {}).get("text") or "").strip()
    if not text or text.startswith("/"):
        return None
    kb = get_kb()
    result = kb.lookup(text, session_language(tracker))
    if result.status != "answered":
        return None
    return ActionAnswerQuestion().respond(dispatcher, tracker, domain, kb, result)
