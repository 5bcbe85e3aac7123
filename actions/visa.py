"""The visa dialogue: a visa answer for the visitor's nationality and length of stay, the nationality form,
and "start over".

- `action_visa_answer` answers from the visa rules (visa.policy; published in the workspace): visa-free
  with the days, the legal basis and the validity dates; or the e-visa with its fee and portal; or a
  long stay. Without a nationality it gives the general entry; a stated nationality is noted.
- `visa_form` (a Rasa form) asks for the nationality when a visa question needs it; `validate_visa_form`
  ends it when the visitor skips or moves on, and `action_ask_nationality` asks in the visitor's language.
- `action_start_over` clears the conversation's slots.
"""
from __future__ import annotations

import datetime as dt
import re
import time
from typing import Any

from rasa_sdk import Action
from rasa_sdk.events import AllSlotsReset, FollowupAction, SlotSet
from rasa_sdk.forms import FormValidationAction

from knowledge_base.service import get_kb
from knowledge_base.service import today as kb_today
from visa.nationality import country_name
from visa.policy import Advice, Rule, advise
from visa.stay import stay_days

from .arbitration import asks, is_command, is_visa_message
from .common import host_country, latest_intent, only_changes, render, reply, session_language, unsupported_language

GENERAL_ENTRY = "visa-do-i-need-a-visa"
VISA_TOPIC = "visa"


def _date(value: dt.date, lang: str) -> str:
    from babel.dates import format_date

    return format_date(value, format="long", locale=lang)


RULES_TTL = 5.0  # seconds: a rule a publisher publishes is used within this time
_cache: dict = {}


def _rules() -> list[Rule]:
    """The published visa rules, read from the store at most every RULES_TTL seconds."""
    store = get_kb().store
    hit = _cache.get("rules")
    if hit is None or hit[2] is not store or time.monotonic() - hit[0] > RULES_TTL:
        hit = (time.monotonic(), [Rule.from_dict(d) for d in store.published_visa_rules()], store)
        _cache["rules"] = hit
    return hit[1]


def _basis(domain: dict, rule: Rule, lang: str) -> str:
    kind = rule.legal_basis.kind
    name = {"resolution": "utter_basis_resolution", "law": "utter_basis_law"}.get(kind, "utter_basis_agreement")
    return render(domain, name, lang, ref=rule.legal_basis.reference or "")["text"]


def compose(domain: dict, advice: Advice, lang: str) -> str:
    """The reply text for one piece of advice, in the visitor's language."""
    country = country_name(advice.country, lang)
    parts: list[str] = []
    free, evisa = advice.exemption, advice.evisa
    evisa_values = {}
    if evisa:
        evisa_values = dict(evisa_basis=_basis(domain, evisa, lang), evisa_days=evisa.days, portal=evisa.portal or "",
                            fee_single=_amount(evisa.fee_usd.get("single")),
                            fee_multiple=_amount(evisa.fee_usd.get("multiple")))
    if free:
        if free.valid_until:
            validity = render(domain, "utter_visa_validity_until", lang,
                              valid_from=_date(free.valid_from or free.last_reviewed, lang),
                              valid_until=_date(free.valid_until, lang))["text"]
        else:
            validity = render(domain, "utter_visa_validity_open", lang,
                              last_reviewed=_date(free.last_reviewed, lang))["text"]
        passport = render(domain, "utter_visa_ordinary_passport", lang)["text"] if free.passports == "ordinary" else ""
        purpose = render(domain, "utter_visa_tourism_only", lang)["text"] if free.purposes == "tourism" else ""
        if advice.outcome == "visa_free" and advice.stay:
            parts.append(render(domain, "utter_visa_stay_ok", lang, stay=advice.stay)["text"])
        if advice.outcome != "visa_free":
            parts.append(render(domain, "utter_visa_stay_too_long", lang, country=country, days=free.days,
                                stay=advice.stay)["text"])
        parts.append(render(domain, "utter_visa_free", lang, country=country, passport=passport, purpose=purpose,
                            days=free.days, basis=_basis(domain, free, lang), validity=validity)["text"].strip())
        if advice.outcome == "evisa" or (advice.outcome == "visa_free" and evisa):
            parts.append(render(domain, "utter_visa_evisa_after_free", lang, **evisa_values)["text"])
    elif evisa and advice.outcome == "evisa":
        clause = render(domain, "utter_visa_stay_clause", lang, stay=advice.stay)["text"] if advice.stay else ""
        parts.append(render(domain, "utter_visa_evisa", lang, country=country, stay_clause=clause,
                            **evisa_values)["text"])
    if advice.outcome == "long_stay":
        parts.append(render(domain, "utter_visa_long_stay", lang, stay=advice.stay,
                            evisa_days=evisa.days if evisa else 90)["text"])
    for special in advice.special:
        if special.area and (advice.outcome != "visa_free"):
            parts.append(render(domain, "utter_visa_phu_quoc", lang, days=special.days)["text"])
    # a date that ends with an abbreviation ("14 марта 2028 г.") before the sentence's own full stop
    return re.sub(r"(?<!\.)\.\.(?!\.)", ".", "\n\n".join(p for p in parts if p))


def _amount(value) -> str:
    if value is None:
        return "?"
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}"


def _about_visa(tracker) -> bool:
    """True when the conversation is on a visa question: asked now, pending in the form (the form's question
    sets last_topic), or just answered (a correction such as "actually I have a British passport")."""
    return latest_intent(tracker) == "ask_visa" or tracker.get_slot("last_topic") == VISA_TOPIC


class ActionVisaAnswer(Action):
    """The visa answer for this visitor, the general answer, or a note of the nationality."""

    def name(self) -> str:
        return "action_visa_answer"

    async def run(self, dispatcher, tracker, domain: dict[str, Any]) -> list:
        # the reply ends the turn. Without this, an answer that puts the passport back as it was (a country named
        # as a destination or a topic, not as the visitor's nationality) leaves the rule "nationality known ->
        # this action" unmatched after it, and Rasa ran this action again, sending the same reply ten times
        return [*only_changes(tracker, self.answer(dispatcher, tracker, domain)), FollowupAction("action_listen")]

    def answer(self, dispatcher, tracker, domain: dict[str, Any]) -> list:
        from .answer import ActionAnswerQuestion

        if _replied_since_message(tracker):
            # the form was interrupted by another question, which its own rule has already answered
            return []
        lang = session_language(tracker)
        text = ((tracker.latest_message or {}).get("text") or "").strip()
        intent = latest_intent(tracker)
        kb_answer = ActionAnswerQuestion().answer
        if intent in ("ask_visa", "inform_nationality") and not is_visa_message(text):
            # a question that only names a country: the knowledge base answers it, and the passport stays
            return [SlotSet("nationality", _previous(tracker, "nationality")), *kb_answer(dispatcher, tracker, domain)]
        if intent == "skip":
            if not is_command(text, "skip"):
                return kb_answer(dispatcher, tracker, domain)
            # the visitor would rather not say: their own question, answered without a passport
            pending = tracker.get_slot("last_question") if tracker.get_slot("last_topic") == VISA_TOPIC else None
            events = kb_answer(dispatcher, tracker, domain, question=pending) if pending \
                else self._general(dispatcher, tracker, domain, lang)
            return [*events, SlotSet("visa_skipped", True), SlotSet("last_topic", VISA_TOPIC)]
        country = tracker.get_slot("nationality")
        stay = stay_days(text) or (tracker.get_slot("stay_days") and int(tracker.get_slot("stay_days")))
        if not country:
            if intent == "inform_nationality" and (_about_visa(tracker) or not asks(text)):
                # an answer to our question, or a statement ("I'm from Atlantis"), that names no country we know;
                # a question ("Wie erhalte ich einen Reisepass?") goes to the knowledge base
                notice = render(domain, "utter_nationality_not_recognised", lang)["text"]
                return self._general(dispatcher, tracker, domain, lang, notice=notice)
            # skipped before, not a question about the visitor's own visa, or an answer to the form that was
            # another question: the knowledge base answers the message itself
            return kb_answer(dispatcher, tracker, domain)
        # a nationality given outside a visa conversation, without a stay: a note of it, or (when it asks something)
        # the question checked below like ask_visa
        stated = intent == "inform_nationality" and not _about_visa(tracker) and not stay
        if stated and not asks(text):
            msg = render(domain, "utter_nationality_noted", lang, country=country_name(country, lang))
            reply(dispatcher, text=msg["text"], language=lang, kind="noted", nationality=country)
            return [SlotSet("visa_skipped", None)]
        if intent == "ask_visa" or stated:
            # a visa question that names the passport is checked the same way whichever of the two intents Rasa
            # gave it ("I'm American. Do I need a visa?" sits on the edge between them): the visa advice when the
            # knowledge base reads it as "do I need a visa?", otherwise the knowledge base answers it and the
            # passport stays ("Is a visa on arrival possible for Germans?" is about visas on arrival)
            found = get_kb().lookup(text, lang, unsupported=unsupported_language(tracker),
                                     host_country=host_country(tracker))
            # another country's visa ("How long can Vietnamese stay in Japan?"), declined as such; or a message that
            # names a country but, outside a visa conversation, is not read as "do I need a visa?" ("¿Es Vietnam pro
            # China?"): the knowledge base answers it, and the passport stays as it was
            if found.status == "out_of_scope" or (tracker.get_slot("last_topic") != VISA_TOPIC and not stay
                                                  and not _about_exemptions(found.hits)):
                return [SlotSet("nationality", _previous(tracker, "nationality")),
                        *kb_answer(dispatcher, tracker, domain, found=found)]
        advice = advise(_rules(), country, stay, kb_today())
        text_out = compose(domain, advice, lang)
        if not text_out:
            return self._general(dispatcher, tracker, domain, lang)
        deciding = advice.rules[0]
        reply(dispatcher, text=text_out, language=lang, kind="answer", entry_id=deciding.entry_id,
              visa_rule=deciding.id, nationality=country, stay_days=stay,
              sources=[r.legal_basis.source() for r in advice.rules],
              last_reviewed=min(r.last_reviewed for r in advice.rules).isoformat(),
              effective_date=deciding.valid_from.isoformat() if deciding.valid_from else None,
              valid_until=deciding.valid_until.isoformat() if deciding.valid_until else None)
        return [SlotSet("last_topic", VISA_TOPIC), SlotSet("stay_days", float(stay) if stay else None),
                SlotSet("visa_skipped", None), SlotSet("last_entry_id", deciding.entry_id),
                SlotSet("last_question", _visa_question(tracker, text))]

    def _general(self, dispatcher, tracker, domain, lang: str, notice: str = "") -> list:
        """The general visa entry from the knowledge base (the fallback for an unknown nationality)."""
        from .answer import ActionAnswerQuestion

        kb = get_kb()
        entry = kb.index().entries.get(GENERAL_ENTRY)
        if entry is None or entry.is_expired(kb_today()):
            return ActionAnswerQuestion().decline(dispatcher, tracker, domain, "unknown")
        if notice:
            reply(dispatcher, text=notice, language=lang, kind="notice")
        events = ActionAnswerQuestion().send_entry(dispatcher, domain, kb, entry, [], lang)
        text = ((tracker.latest_message or {}).get("text") or "").strip()
        return [*events, SlotSet("last_topic", VISA_TOPIC), SlotSet("last_question", _visa_question(tracker, text))]


def needs_nationality(text: str, lang: str) -> bool:
    """True when the knowledge base reads the question as "do I need a visa / how long without one": its best
    entry is the general visa entry or an exemption list. Other visa questions (fees, visa on arrival, business
    visas, overstays) are answered as they are, without asking for a passport."""
    return _about_exemptions(get_kb().search(text, lang, k=1))


def _about_exemptions(hits) -> bool:
    """True when the best entry is the general visa entry or an exemption list."""
    return bool(hits) and hits[0].entry.id in _exemption_entries()


def _exemption_entries() -> set[str]:
    ids = {r.entry_id for r in _rules() if r.regime == "visa_free"}
    return {i for i in ids if i} | {GENERAL_ENTRY}


def visa_entries() -> set[str]:
    """Entries that answer "do I need a visa?" for some nationality: a follow-up on them is a visa follow-up."""
    return {r.entry_id for r in _rules() if r.entry_id} | {GENERAL_ENTRY}


def _replied_since_message(tracker) -> bool:
    """True when the assistant has already replied to the latest user message."""
    for event in reversed(tracker.events or []):
        if event.get("event") == "user":
            return False
        if event.get("event") == "bot":
            return True
    return False


def _previous(tracker, slot: str):
    """The slot's value before the latest user message (Rasa's slot mappings may have just changed it)."""
    events = list(tracker.events or [])
    last_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=len(events))
    for event in reversed(events[:last_user]):
        if event.get("event") == "slot" and event.get("name") == slot:
            return event.get("value")
    return None


def _visa_question(tracker, text: str) -> str:
    """The question follow-ups lean on: the visitor's own visa question, or a plain one when the latest
    message only gave a nationality or skipped ("German", "/skip")."""
    if latest_intent(tracker) == "ask_visa" and not text.startswith("/"):
        return text
    return tracker.get_slot("last_question") or "Do I need a visa for Viet Nam?"


class ActionAskNationality(Action):
    """The form's question, in the visitor's language, with a Skip button."""

    def name(self) -> str:
        return "action_ask_nationality"

    async def run(self, dispatcher, tracker, domain: dict[str, Any]) -> list:
        lang = session_language(tracker)
        msg = render(domain, "utter_ask_nationality", lang)
        reply(dispatcher, text=msg["text"], buttons=msg["buttons"], language=lang, kind="ask_nationality")
        text = ((tracker.latest_message or {}).get("text") or "").strip()
        stay = stay_days(text)
        # the visa question waits for the answer; a skip answers it as it stands
        return [SlotSet("last_topic", VISA_TOPIC), SlotSet("last_question", text),
                *([SlotSet("stay_days", float(stay))] if stay else [])]


class ValidateVisaForm(FormValidationAction):
    """Ends the form at once when the visitor skips, skipped before, or answers with something else."""

    def name(self) -> str:
        return "validate_visa_form"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain) -> list:
        if tracker.get_slot("visa_skipped") or latest_intent(tracker) == "skip":
            return []
        text = (tracker.latest_message or {}).get("text") or ""
        if not is_visa_message(text):
            return []  # not a visa question after all (or not an answer to ours): the answer action takes over
        if tracker.get_slot("requested_slot") is None and not tracker.get_slot("nationality") \
                and not needs_nationality(text, session_language(tracker)):
            return []  # a visa question whose answer does not depend on the passport: no need to ask
        if tracker.get_slot("requested_slot") == "nationality" and not tracker.get_slot("nationality"):
            # the form asked and this message gave no nationality: stop asking, the answer action takes over
            return []
        return domain_slots

    def validate_nationality(self, slot_value, dispatcher, tracker, domain) -> dict:
        """Only an ISO code from the extractor is a nationality."""
        from visa.nationality import territories

        if isinstance(slot_value, list):
            slot_value = slot_value[0] if slot_value else None
        return {"nationality": slot_value if slot_value in territories() else None}


class ActionStartOver(Action):
    """Forgets the conversation (nationality, stay, last topic) and says so; the language stays."""

    def name(self) -> str:
        return "action_start_over"

    async def run(self, dispatcher, tracker, domain: dict[str, Any]) -> list:
        lang = session_language(tracker)
        if not is_command((tracker.latest_message or {}).get("text") or "", "start_over"):
            from .answer import ActionAnswerQuestion

            return ActionAnswerQuestion().answer(dispatcher, tracker, domain)
        msg = render(domain, "utter_start_over", lang)
        reply(dispatcher, text=msg["text"], language=lang, kind="start_over")
        return [AllSlotsReset(), SlotSet("language", lang)]
