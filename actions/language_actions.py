"""Explicit language switch requests; the gateway decides each message's language (metadata)."""
from __future__ import annotations

from typing import Any

from rasa_sdk.events import SlotSet

from .common import message_metadata, render, reply, session_language
from .social import SocialAction


class ActionChangeLanguage(SocialAction):
    """Switches to the language the visitor asked for, or lists the languages on offer."""

    def name(self) -> str:
        return "action_change_language"

    def respond(self, dispatcher, tracker, domain: dict[str, Any]) -> list:
        # the gateway has already decided: a language the visitor picked or asked for is this message's language
        current = session_language(tracker)
        if not message_metadata(tracker).get("language_requested"):
            msg = render(domain, "utter_language_options", current)
            buttons = [{"title": name, "payload": f"/change_language{{\"language\": \"{code}\"}}"}
                       for code, name in _native_names().items()]
            reply(dispatcher, text=msg["text"], buttons=buttons, language=current, kind="language_options")
            return []
        msg = render(domain, "utter_language_changed", current)
        reply(dispatcher, text=msg["text"], language=current, kind="language_changed")
        return [SlotSet("language", current)]


def _native_names() -> dict:
    from language import NATIVE_NAMES

    return NATIVE_NAMES
