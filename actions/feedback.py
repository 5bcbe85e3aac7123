"""action_record_feedback: a visitor types that an answer helped (affirm) or did not (deny).

Feedback has one path: the gateway records it (webchat.chat.record_feedback), whether it comes from the
widget's 👍/👎 (POST /api/v1/feedback) or from a typed "yes, thanks" / "no, that's not it" here. This action
only says which entry the feedback is about, in its reply's `feedback` field, which the gateway takes out of
the reply before the visitor sees it.
"""
from __future__ import annotations

from typing import Any

from .common import render, reply, session_language
from .social import SocialAction


def _previous_question(tracker) -> str | None:
    users = [e.get("text") for e in tracker.events if e.get("event") == "user" and e.get("text")]
    return users[-2] if len(users) >= 2 else None


class ActionRecordFeedback(SocialAction):
    """Thanks the visitor and hands the feedback to the gateway, which stores it (a 'no' also reaches the
    editors' unanswered inbox)."""

    def name(self) -> str:
        return "action_record_feedback"

    def respond(self, dispatcher, tracker, domain: dict[str, Any]) -> list:
        lang = session_language(tracker)
        positive = ((tracker.latest_message or {}).get("intent") or {}).get("name") == "affirm"
        entry_id = tracker.get_slot("last_entry_id")
        extra = {}
        if entry_id:
            extra["feedback"] = {"entry_id": entry_id, "value": 1 if positive else -1,
                                 "question": _previous_question(tracker)}
        msg = render(domain, "utter_feedback_thanks" if positive else "utter_feedback_sorry", lang)
        reply(dispatcher, text=msg["text"], buttons=msg["buttons"], language=lang, kind="feedback", **extra)
        return []
