"""Fixtures for the custom actions: a dispatcher, a small domain and the fake knowledge base installed.

The fakes (FakeKB, trackers, entries) are in tests/fakes.py.
"""
from __future__ import annotations

import datetime as dt

import pytest
from rasa_sdk.executor import CollectingDispatcher

import actions.answer
from tests.fakes import FakeKB


def _variations(texts: dict[str, str], buttons: dict[str, list] | None = None) -> list[dict]:
    out = []
    for lang, text in texts.items():
        v = {"text": text, "condition": [{"type": "slot", "name": "language", "value": lang}]}
        if buttons and lang in buttons:
            v["buttons"] = buttons[lang]
        out.append(v)
    return out


# the responses the actions render, in a few languages (the real ones are in bot/domain/)
DOMAIN = {"responses": {
    "utter_dont_know": _variations(
        {"en": "I don't have a reliable answer to that yet.", "fr": "Je n'ai pas encore de réponse fiable."},
        {"en": [{"title": "Contact the embassy", "payload": "How can I contact the embassy?"}],
         "fr": [{"title": "Contacter l'ambassade", "payload": "Comment contacter l'ambassade ?"}]}),
    "utter_out_of_scope": _variations({"en": "I can only answer questions about Viet Nam.",
                                       "fr": "Je ne peux répondre qu'aux questions concernant le Viet Nam."}),
    "utter_translation_missing": _variations(
        {"en": "This answer is not yet available in {language_name}; here it is in English.",
         "ko": "이 답변은 아직 {language_name}로 제공되지 않습니다. 영어로 보여 드립니다."}),
    "utter_excerpt_notice": _variations({"en": "I found this in a document written in {language_name}:",
                                         "fr": "J'ai trouvé ceci dans un document rédigé en {language_name} :"}),
    "utter_language_changed": _variations({"en": "Certainly — we will continue in English.",
                                           "ja": "かしこまりました。日本語で続けます。",
                                           "ko": "네, 한국어로 계속하겠습니다."}),
    "utter_language_options": _variations({"en": "I can talk with you in nine languages.",
                                           "fr": "Je peux converser avec vous en neuf langues."}),
    "utter_contact": _variations(
        {"en": "{title}\n{address}\nPhone: {phone}\nEmail: {email}\nOffice hours: {hours}\n{open_status}",
         "fr": "{title}\n{address}\nTéléphone : {phone}\nE-mail : {email}\nHoraires : {hours}\n{open_status}"}),
    "utter_office_open": _variations({"en": "The office is open now.", "fr": "Le bureau est actuellement ouvert."}),
    "utter_office_closed": _variations({"en": "The office is closed now; it opens again {next_open}.",
                                        "fr": "Le bureau est fermé ; il rouvrira {next_open}."}),
    "utter_did_you_mean": _variations(
        {"en": "Did you mean one of these?", "fr": "Vouliez-vous dire l'une de celles-ci ?"},
        {"en": [{"title": "None of these", "payload": "/none_of_these"}],
         "fr": [{"title": "Aucune de ces questions", "payload": "/none_of_these"}]}),
    "utter_none_of_these": _variations(
        {"en": "Your question has been passed on to our editors.", "fr": "Votre question a été transmise."},
        {"en": [{"title": "Contact the embassy", "payload": "How can I contact the embassy?"}],
         "fr": [{"title": "Contacter l'ambassade", "payload": "Comment contacter l'ambassade ?"}]}),
    "utter_personal_case": _variations({"en": "Only a consular officer can assess a personal case.",
                                        "fr": "Seul un agent consulaire peut examiner un cas personnel."}),
    "utter_greet": _variations({"en": "Hello and welcome!", "fr": "Bonjour et bienvenue !"}),
    "utter_iamabot": _variations({"en": "I am an automated assistant.", "fr": "Je suis un assistant automatique."}),
    "utter_you_are_welcome": _variations({"en": "You're welcome!", "fr": "Avec plaisir !"}),
    "utter_feedback_thanks": _variations({"en": "Thank you for your feedback!", "fr": "Merci pour votre retour !"}),
    "utter_feedback_sorry": _variations({"en": "I'm sorry this answer did not help.",
                                         "fr": "Désolé que cette réponse ne vous ait pas aidé."}),
}}


@pytest.fixture
def dispatcher():
    return CollectingDispatcher()


@pytest.fixture
def domain():
    return DOMAIN


@pytest.fixture
def utc():
    return lambda *args: dt.datetime(*args, tzinfo=dt.timezone.utc)


@pytest.fixture
def use_kb(monkeypatch):
    """Install a FakeKB as the knowledge base the actions ask: use_kb(FakeKB(...)) returns it."""
    def install(kb: FakeKB) -> FakeKB:
        monkeypatch.setattr(actions.answer, "get_kb", lambda: kb)
        return kb
    return install
