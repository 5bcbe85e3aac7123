"""Social replies (greeting, goodbye, thanks, "are you a bot?"), each behind the one arbitration check.

Every action that answers a social intent derives from SocialAction: when actions.arbitration says the
message asks a question instead, the question goes to the knowledge base and the social reply is skipped.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action

from .answer import ActionAnswerQuestion
from .arbitration import is_social
from .common import latest_intent, only_changes, render, reply, session_language

SMALL_TALK_RESPONSES = {"greet": "utter_greet", "goodbye": "utter_goodbye", "thank": "utter_you_are_welcome",
                        "bot_challenge": "utter_iamabot"}


class SocialAction(Action, ABC):
    """An action for a social intent; it answers only when the message really is social."""

    async def run(self, dispatcher, tracker, domain: dict[str, Any]) -> list:
        text = (tracker.latest_message or {}).get("text") or ""
        if not is_social(text, latest_intent(tracker)):
            return only_changes(tracker, ActionAnswerQuestion().answer(dispatcher, tracker, domain))
        return self.respond(dispatcher, tracker, domain)

    @abstractmethod
    def respond(self, dispatcher, tracker, domain: dict[str, Any]) -> list:
        """The social reply."""


class ActionSmallTalk(SocialAction):
    """Greeting, goodbye, thanks and bot identity, in the session language."""

    def name(self) -> str:
        return "action_small_talk"

    def respond(self, dispatcher, tracker, domain: dict[str, Any]) -> list:
        lang = session_language(tracker)
        response = SMALL_TALK_RESPONSES.get(latest_intent(tracker) or "", "utter_greet")
        msg = render(domain, response, lang)
        reply(dispatcher, text=msg["text"], buttons=msg["buttons"], language=lang, kind="small_talk")
        return []
