"""action_answer_question: answer from the knowledge base, offer "Did you mean…?", or decline honestly.

The knowledge base decides (knowledge_base.service.KnowledgeBase.decide): answer when the best entry is
clearly right, suggest two or three candidate questions when it is plausible, decline otherwise. The
suggestions are buttons whose payload `/choose_entry{"entry_id": "…"}` comes back through Rasa (rule:
choose_entry -> this action), and the offered ids are kept in the `suggested_ids` slot. The last button,
"None of these" (`/none_of_these`), tells the editors' inbox that the offered questions did not fit.
"""
from __future__ import annotations

import functools
import json
import logging
from typing import Any

from rasa_sdk import Action
from rasa_sdk.events import ActiveLoop, SlotSet

from knowledge_base.service import Lookup, get_kb
from knowledge_base.service import today as kb_today
from language import language_name

from .common import (host_country, latest_intent, message_metadata, only_changes, render, reply, session_language,
                     session_ref, unsupported_language)
from .followup import is_elliptic, is_follow_up, is_short

log = logging.getLogger(__name__)
LOW_CONFIDENCE = 0.75  # answers below this probability are also listed in the editors' inbox
MAX_RELATED = 3
EXCERPT_CHARS = 600
DECLINE_RESPONSE = {"other_country": "utter_out_of_scope", "personal": "utter_personal_case",
                    "unknown": "utter_dont_know", "none_of_these": "utter_none_of_these"}


def _question_button(entry, lang: str) -> dict | None:
    # a button in another language than the reply is left out rather than shown in English
    phrasings = entry.questions.get(lang)
    if not phrasings:
        return None
    return {"title": phrasings[0], "payload": "/choose_entry" + json.dumps({"entry_id": entry.id}),
            "entry_id": entry.id}


def _related(entry, hits, loaded_entries: dict, lang: str) -> list[dict]:
    # a lapsed entry is never offered: its click would only be declined (invest-vat-2027 lists invest-vat, which
    # lapses on 31 December 2026)
    now = kb_today()
    ids = [r for r in entry.related if r in loaded_entries and not loaded_entries[r].is_expired(now)]
    ids += [h.entry.id for h in hits[1:] if h.entry.id not in ids and h.entry.id != entry.id]
    buttons = []
    for eid in ids:
        button = _question_button(loaded_entries[eid], lang)
        if button:
            buttons.append(_public(button))
        if len(buttons) == MAX_RELATED:
            break
    return buttons


def _public(button: dict) -> dict:
    return {"title": button["title"], "payload": button["payload"]}


def _contact_line(tracker) -> str:
    contact = message_metadata(tracker).get("contact") or {}
    parts = [contact.get(k) for k in ("name", "phone", "email") if contact.get(k)]
    return " · ".join(parts)


def _chosen_entry_id(tracker) -> str | None:
    message = tracker.latest_message or {}
    if (message.get("intent") or {}).get("name") != "choose_entry":
        return None
    for ent in message.get("entities") or []:
        if ent.get("entity") == "entry_id" and isinstance(ent.get("value"), str):
            return ent["value"]
    return None


def _visa_entries() -> set[str]:
    from .visa import visa_entries

    return visa_entries()


def _visa_follow_up(tracker, question: str) -> bool:
    """After a visa answer, a short message naming a stay or a nationality asks the visa question again."""
    from visa.nationality import find
    from visa.stay import stay_days

    if tracker.get_slot("last_topic") != "visa" or not is_short(question):
        return False
    return bool(stay_days(question) or (find(question) and tracker.get_slot("nationality")))


def _for_editors(kb, tracker, question: str, lang: str, reason: str, *, score: float,
                 entry_id: str | None = None) -> int | None:
    """The one place a reply is noted in the editors' inbox (declined, suggested, low confidence); its row id.

    Probes, markup and random characters (knowledge_base.noise) are answered but not noted: None.
    """
    from knowledge_base.noise import is_noise

    if is_noise(question):
        return None
    return kb.store.log_unanswered(question=question, language=lang, reason=reason, score=score,
                                   entry_id=entry_id, session_ref=session_ref(tracker))


def _cleared() -> list:
    return [SlotSet("suggested_ids", None), SlotSet("suggestion_log", None)]


class ActionAnswerQuestion(Action):
    """Looks the question up and answers it, suggests candidates, or declines politely."""

    def name(self) -> str:
        return "action_answer_question"

    async def run(self, dispatcher, tracker, domain: dict[str, Any]) -> list:
        events = only_changes(tracker, self.answer(dispatcher, tracker, domain))
        if (tracker.active_loop or {}).get("name"):
            # the visitor asked something else while the passport form was waiting: it is answered, and the form
            # ends here (otherwise Rasa would run it, and the visa answer after it, once more for nothing)
            events += [ActiveLoop(None), SlotSet("requested_slot", None)]
        return events

    def answer(self, dispatcher, tracker, domain: dict[str, Any], question: str | None = None,
               found: Lookup | None = None) -> list:
        """Reply to the latest message (a question, or a click on a suggestion), or to `question` (a visa
        question the visitor asked before skipping the passport question); `found` is the latest message's
        lookup when the caller has already made it."""
        kb = get_kb()
        lang = session_language(tracker)
        if latest_intent(tracker) == "none_of_these":
            return self._none_fits(dispatcher, tracker, domain)
        chosen = _chosen_entry_id(tracker)
        if chosen is not None:
            return self._answer_choice(dispatcher, tracker, domain, kb, chosen, lang)
        question = (question or (tracker.latest_message or {}).get("text") or "").strip()
        if question and _visa_follow_up(tracker, question):
            from .visa import ActionVisaAnswer

            return ActionVisaAnswer().answer(dispatcher, tracker, domain)
        result = found if found is not None else kb.lookup(question, lang, unsupported=unsupported_language(tracker),
                                                                 host_country=host_country(tracker))
        if question and tracker.get_slot("last_question") and (
                is_follow_up(question) or (result.status != "answered" and is_elliptic(question))):
            result = self._in_context(kb, tracker, question, lang, result)
        if not question:
            return self.decline(dispatcher, tracker, domain, "unknown")
        note = functools.partial(_for_editors, kb, tracker, question, lang, score=result.confidence)
        if result.status == "answered":
            hit = result.hits[0]
            events = self.send_entry(dispatcher, domain, kb, hit.entry, result.hits, lang,
                                     score=round(result.confidence, 4))
            if result.confidence < LOW_CONFIDENCE:
                note("low_confidence", entry_id=hit.entry.id)
            return [*events, SlotSet("last_question", question)]
        if result.status == "suggest":
            buttons = [b for b in (_question_button(h.entry, lang) for h in result.suggestions) if b]
            # one candidate is offered too ("越中关系…" leaves only the China entry once other partners are left out,
            # knowledge_base.service.suggestion_candidates): the knowledge base decided to suggest, and the workspace
            # preview shows the same suggestion, so live chat must not turn it into a decline
            if buttons:
                msg = render(domain, "utter_did_you_mean", lang)
                ids = [b["entry_id"] for b in buttons]
                # the candidates, then "None of these" (the response's own button, in the reply's language)
                reply(dispatcher, text=msg["text"], buttons=[_public(b) for b in buttons] + msg["buttons"],
                      language=lang,
                      kind="suggest", suggestions=ids, score=round(result.confidence, 4))
                row = note("suggested", entry_id=ids[0])
                return [SlotSet("last_entry_id", None), SlotSet("suggested_ids", ids),
                        SlotSet("suggestion_log", float(row) if row else None)]
        if result.status == "excerpt":
            p = result.passage
            notice = render(domain, "utter_excerpt_notice", lang,
                            language_name=language_name(p["language"], lang))["text"]
            text = p["text"] if len(p["text"]) <= EXCERPT_CHARS else p["text"][:EXCERPT_CHARS].rsplit(" ", 1)[0] + " …"
            reply(dispatcher, text=f"{notice}\n\n{text}", language=lang, kind="excerpt",
                  sources=[{"title": p["title"], "url": p["url"], "publisher": p["publisher"]}],
                  excerpt_language=p["language"], score=round(result.passage_score or 0, 4))
            note("low_confidence")
            return [SlotSet("last_entry_id", None), *_cleared()]
        return self.decline(dispatcher, tracker, domain, result.reason or "unknown", result.confidence)

    @staticmethod
    def _in_context(kb, tracker, question: str, lang: str, alone):
        """A short follow-up read together with the last question, leaving out what was already answered.

        Used when the message opens like a continuation or cannot be answered on its own. When the knowledge
        base is sure of the reading in context, that is the answer; otherwise the entries that both readings
        find ("how much does it cost?" after a visa answer: the e-visa fee) are offered as "Did you mean…?",
        rather than a decline: a follow-up is part of a conversation, not a dead end.
        """
        previous = tracker.get_slot("last_question")
        if not previous or not is_short(question):
            return alone
        shown = {tracker.get_slot("last_entry_id")}
        if tracker.get_slot("last_topic") == "visa":
            shown |= _visa_entries()
        context = f"{previous} {question}"
        in_context = [h for h in kb.search(context, lang, k=8) if h.entry.id not in shown]
        if not in_context:
            return alone
        resolved = kb.decide(context, lang, in_context[:4], unsupported=unsupported_language(tracker))
        if resolved.status == "answered":
            return resolved
        if alone.status == "answered":
            return alone
        own = {h.entry.id: h.score for h in kb.search(question, lang, k=8) if h.entry.id not in shown}
        both = sorted((h for h in in_context if h.entry.id in own), key=lambda h: -(h.score + own[h.entry.id]))
        if len(both) >= 2:
            return Lookup("suggest", both, index_version=alone.index_version, confidence=resolved.confidence,
                          suggestions=both[:3])
        return alone

    def decline(self, dispatcher, tracker, domain: dict[str, Any], reason: str, score: float = 0.0) -> list:
        """A polite decline that fits the reason, with the embassy's contact, logged for editors."""
        lang = session_language(tracker)
        question = ((tracker.latest_message or {}).get("text") or "").strip()
        msg = render(domain, DECLINE_RESPONSE.get(reason, "utter_dont_know"), lang)
        contact = _contact_line(tracker)
        text = f"{msg['text']}\n\n{contact}" if contact else msg["text"]
        reply(dispatcher, text=text, buttons=msg["buttons"], language=lang,
              kind="out_of_scope" if reason == "other_country" else "declined" if reason == "personal" else "unknown",
              decline_reason=reason)
        if question:
            _for_editors(get_kb(), tracker, question, lang, "declined" if reason != "unknown" else "unknown",
                         score=score)
        return [SlotSet("last_entry_id", None), *_cleared()]

    def _none_fits(self, dispatcher, tracker, domain) -> list:
        """"None of these" under a "Did you mean…?": the offered questions did not fit. The suggestion's inbox row
        becomes `suggestion_rejected` (the question is one the base lacks), and the visitor gets the decline with
        the embassy's contact. The payload is not a question: nothing is looked up, and the inbox leaves it out
        (knowledge_base.noise treats a bot command as noise)."""
        log_id = tracker.get_slot("suggestion_log")
        if log_id:
            get_kb().store.reject_suggestion(int(log_id))
        return self.decline(dispatcher, tracker, domain, "none_of_these")

    def _answer_choice(self, dispatcher, tracker, domain, kb, entry_id: str, lang: str) -> list:
        loaded = kb.index()
        entry = loaded.entries.get(entry_id)
        if entry is None or entry.is_expired(kb_today()):
            return self.decline(dispatcher, tracker, domain, "unknown")
        log_id = tracker.get_slot("suggestion_log")
        if log_id and entry_id in (tracker.get_slot("suggested_ids") or []):
            kb.store.resolve_unanswered(int(log_id), entry_id)
        return self.send_entry(dispatcher, domain, kb, entry, [], lang, chosen=True)

    def send_entry(self, dispatcher, domain, kb, entry, hits, lang: str, **extra) -> list:
        text, shown_lang = entry.answer.get(lang), lang
        if not text:
            notice = render(domain, "utter_translation_missing", lang,
                            language_name=language_name(lang, lang))["text"]
            text, shown_lang = f"{notice}\n\n{entry.answer['en']}", "en"
        loaded = kb.index()
        reply(dispatcher, text=text, language=shown_lang, kind="answer",
              buttons=_related(entry, hits, loaded.entries, lang),
              sources=[entry.source.as_dict()], entry_id=entry.id,
              last_reviewed=entry.last_reviewed.isoformat(),
              effective_date=entry.effective_date.isoformat() if entry.effective_date else None,
              valid_until=entry.valid_until.isoformat() if entry.valid_until else None, **extra)
        topic = "visa" if entry.id in _visa_entries() else entry.topic
        return [SlotSet("last_entry_id", entry.id), SlotSet("last_topic", topic), *_cleared()]
