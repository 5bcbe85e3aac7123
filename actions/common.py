"""Helpers every action uses: the session language, localized responses, and the reply payload."""
from __future__ import annotations

from typing import Any

from knowledge_base.store import session_ref as store_session_ref
from language.names import SUPPORTED


def session_language(tracker) -> str:
    """The gateway's decision for this message (metadata); the slot only when there is none (rasa test)."""
    meta = (tracker.latest_message or {}).get("metadata") or {}
    if meta.get("language") in SUPPORTED:
        return meta["language"]
    lang = tracker.get_slot("language")
    return lang if lang in SUPPORTED else "en"


def unsupported_language(tracker) -> bool | None:
    """Whether the gateway found the latest message in a language the assistant does not speak (None: no gateway
    decision, as under `rasa test`; the knowledge base then detects it itself)."""
    meta = message_metadata(tracker)
    return bool(meta["unsupported_language"]) if "unsupported_language" in meta else None


def host_country(tracker) -> str | None:
    """The ISO code of the country whose embassy site the visitor writes from (the site's `country` in
    webchat/sites.yaml), or None: the partner that "our two countries" means there."""
    code = message_metadata(tracker).get("site_country")
    return code if isinstance(code, str) and len(code) == 2 and code.isalpha() and code.isupper() else None


def message_metadata(tracker) -> dict:
    """Metadata the gateway attached to the latest user message."""
    return (tracker.latest_message or {}).get("metadata") or {}


def session_ref(tracker) -> str:
    """A stable, non-reversible reference to the conversation for logs."""
    return store_session_ref(tracker.sender_id)


def _matches(variation: dict, lang: str | None) -> bool:
    conditions = variation.get("condition") or []
    if lang is None:
        return not conditions
    return any(c.get("name") == "language" and c.get("value") == lang for c in conditions)


def latest_intent(tracker) -> str | None:
    """Name of the intent of the latest user message."""
    return ((tracker.latest_message or {}).get("intent") or {}).get("name")


def render(domain: dict, name: str, lang: str, **values: Any) -> dict:
    """Text and buttons of a domain response in lang (default variation if lang has none).

    Actions render responses themselves because Rasa fills a dispatched response from the
    slots as they were before the action ran, which is wrong right after a language switch.
    """
    variations = (domain.get("responses") or {}).get(name) or []
    chosen = next((v for v in variations if _matches(v, lang)), None) \
        or next((v for v in variations if _matches(v, None)), None) \
        or next((v for v in variations if _matches(v, "en")), None)
    if chosen is None:
        return {"text": name, "buttons": []}
    text = chosen.get("text", "")
    for key, value in values.items():
        text = text.replace("{" + key + "}", str(value))
    buttons = [{"title": b.get("title", ""), "payload": b.get("payload", "")} for b in chosen.get("buttons") or []]
    return {"text": text, "buttons": buttons}


def reply(dispatcher, *, text: str, language: str, kind: str, buttons: list | None = None,
          sources: list | None = None, **extra: Any) -> None:
    """Send one message as a single custom payload, so text, buttons and sources stay together."""
    payload = {"text": text, "buttons": buttons or [], "sources": sources or [], "language": language,
               "kind": kind}
    payload.update(extra)
    dispatcher.utter_message(json_message=payload)


def only_changes(tracker, events: list) -> list:
    """The events without SlotSets that set a slot to the value it already has.

    Rasa stores every event and replays the whole conversation on each turn, so a slot written again with
    the same value still costs time on every later message. After a reset every SlotSet counts.
    """
    out, current = [], dict(tracker.slots or {})
    for event in events:
        if event.get("event") == "reset_slots":
            current = {}
        elif event.get("event") == "slot":
            name, value = event.get("name"), event.get("value")
            if current.get(name) == value and (name in current or value is None):
                continue
            current[name] = value
        out.append(event)
    return out
