"""action_record_feedback: a visitor says an answer helped (affirm) or did not (deny)."""
from __future__ import annotations

from typing import Any

from knowledge_base.service import get_kb

from .common import render, reply, session_language, session_ref
from .social import SocialAction


def _previous_question(tracker) -> str | None:
    users = [e.get("text") for e in tracker.events if e.get("event") == "user" and e.get("text")]
    return users[-2] if len(users) >= 2 else None


class ActionRecordFeedback(SocialAction):
    """Stores the feedback; a 'no' goes to the editors' unanswered inbox."""

    def name(self) -> str:
        return "action_record_feedback"

    def respond(self, dispatcher, tracker, domain: dict[str, Any]) -> list:
        lang = session_language(tracker)
        positive = ((tracker.latest_message or {}).get("intent") or {}).get("name") == "affirm"
        entry_id = tracker.get_slot("last_entry_id")
        if entry_id:
            get_kb().store.record_feedback(value=1 if positive else -1, entry_id=entry_id,
                                           question=_previous_question(tracker), language=lang,
                                           session_ref=session_ref(tracker))
        msg = render(domain, "utter_feedback_thanks" if positive else "utter_feedback_sorry", lang)
        reply(dispatcher, text=msg["text"], buttons=msg["buttons"], language=lang, kind="feedback")
        return []
