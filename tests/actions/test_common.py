"""actions.common: the session language, and rendering a domain response in a language."""
from __future__ import annotations

from actions.common import render, session_language, unsupported_language
from tests.fakes import make_tracker


def test_session_language_is_the_gateways_decision_then_the_slot_then_english():
    # the gateway owns the language: its per-message decision wins over what the slot remembers
    assert session_language(make_tracker(slots={"language": "fr"}, metadata={"language": "de"})) == "de"
    assert session_language(make_tracker(slots={"language": "fr"})) == "fr"
    assert session_language(make_tracker(slots={"language": "it"}, metadata={"language": "xx"})) == "en"


def test_render_falls_back_to_english_and_fills_values(domain):
    assert render(domain, "utter_office_closed", "fr", next_open="lundi")["text"] == "Le bureau est fermé ; il rouvrira lundi."
    assert render(domain, "utter_office_closed", "vi", next_open="Mon")["text"].startswith("The office is closed")
    assert render(domain, "utter_nothing", "en") == {"text": "utter_nothing", "buttons": []}


def test_unsupported_language_is_the_gateways_decision_or_unknown():
    assert unsupported_language(make_tracker(metadata={"language": "en", "unsupported_language": True})) is True
    assert unsupported_language(make_tracker(metadata={"language": "de", "unsupported_language": False})) is False
    # no gateway decision (rasa test): None, and the knowledge base detects it itself
    assert unsupported_language(make_tracker(metadata={"language": "de"})) is None
    assert unsupported_language(make_tracker()) is None
