"""Language slot handling: copy the gateway's decision into the slot, and explicit switch requests."""
from __future__ import annotations

from typing import Any

from rasa_sdk.events import SlotSet
from rasa_sdk.forms import ValidationAction

from .common import SUPPORTED, message_metadata, render, reply, session_language
from .social import SocialAction


class ValidateSlotMappings(ValidationAction):
    """Runs after every user message: the language slot follows the gateway's per-message decision."""

    def name(self) -> str:
        return "action_validate_slot_mappings"

    # Only changes are returned: every SlotSet is an event Rasa stores and replays on each later turn.
    # Slots with a custom mapping and no extract_ method here (last_entry_id, suggested_ids, last_topic, ...)
    # are left to the actions that set them.

    async def extract_language(self, dispatcher, tracker, domain: dict[str, Any]) -> dict:
        """The language the gateway chose for this message, when it differs from the slot."""
        lang = message_metadata(tracker).get("language")
        return {"language": lang} if lang in SUPPORTED and lang != tracker.get_slot("language") else {}

    async def extract_stay_days(self, dispatcher, tracker, domain: dict[str, Any]) -> dict:
        """A length of stay named in this message ("two weeks" -> 14), when it is a new one."""
        from visa.stay import stay_days

        found = stay_days((tracker.latest_message or {}).get("text") or "")
        return {"stay_days": float(found)} if found and float(found) != tracker.get_slot("stay_days") else {}


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
