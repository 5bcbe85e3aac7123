"""Arbitration between social intents and the knowledge base, in all nine languages."""
from __future__ import annotations

import pytest

from actions.arbitration import is_social, unseen_units, units, vocabulary

# (message, intent the classifier might give it): these really are small talk, identity or contact
SOCIAL = [
    ("Are you a bot?", "bot_challenge"), ("Thanks!", "thank"), ("hello", "greet"), ("goodbye!", "goodbye"),
    ("Êtes-vous un robot ?", "bot_challenge"), ("Merci beaucoup !", "thank"), ("Bonjour", "greet"),
    ("¿Eres un bot?", "bot_challenge"), ("¡Muchas gracias!", "thank"), ("Hola", "greet"),
    ("Bist du ein Mensch?", "bot_challenge"), ("Danke schön!", "thank"), ("Tschüss", "goodbye"),
    ("Ты бот?", "bot_challenge"), ("Спасибо большое!", "thank"), ("Здравствуйте", "greet"),
    ("你是机器人吗？", "bot_challenge"), ("谢谢你的帮助", "thank"), ("你好", "greet"),
    ("ロボットですか？", "bot_challenge"), ("ありがとうございました！", "thank"), ("こんにちは", "greet"),
    ("감사합니다", "thank"), ("안녕하세요", "greet"), ("정말 감사해요", "thank"),
    ("Bạn là người thật à?", "bot_challenge"), ("Cảm ơn bạn nhiều", "thank"), ("Xin chào", "greet"),
    ("Thank you so much, that was really helpful", "thank"), ("yes", "affirm"), ("no", "deny"),
    ("How can I contact the embassy?", "ask_contact"), ("Comment contacter l'ambassade ?", "ask_contact"),
    ("대사관 연락처 알려주세요", "ask_contact"), ("Can we speak French?", "change_language"),
    ("What is the phone number of the embassy?", "ask_contact"), ("I want to talk to a person", "ask_contact"),
    ("Wie erreiche ich die Botschaft?", "ask_contact"), ("Как связаться с посольством?", "ask_contact"),
]
# real questions that classifiers sent to small talk, feedback, identity or contact
QUESTIONS = [
    ("What are the IRC and ERC?", "bot_challenge"),
    ("The summit was postponed, what is your comment?", "thank"),
    ("뗏(Tết)이란 무엇일까요?", "greet"),
    ("Thanks, and how long can I stay without a visa?", "thank"),
    ("yes, but can I extend my visa there?", "affirm"),
    ("Qu'est-ce que le Tết ?", "bot_challenge"),
    ("¿Qué es el IRC?", "bot_challenge"),
    ("Was kostet das E-Visum?", "thank"),
    ("Что такое Тет?", "bot_challenge"),
    ("越南签证多少钱？谢谢", "thank"),
    ("テトとは何ですか？", "bot_challenge"),
    ("베트남 비자 비용은 얼마인가요?", "bot_challenge"),
    ("Tết là gì vậy?", "greet"),
    ("what time does the night train to Hue leave", "ask_contact"),
    ("Vietnamese coffee", "change_language"),
    ("Who is the court in this ruling?", "ask_contact"),
    ("Quel est le rôle d'une ambassade et pourquoi est-ce important pour la France ?", "ask_contact"),
    ("では、ドイモイとはなんでしょう。", "deny"),
    ("I cannot speak English well. Can I take my interview in Vietnamese?", "change_language"),
]


@pytest.mark.parametrize("text,intent", SOCIAL)
def test_social_messages_keep_their_intent(text, intent):
    assert is_social(text, intent), unseen_units(text, intent)


@pytest.mark.parametrize("text,intent", QUESTIONS)
def test_questions_go_to_the_knowledge_base(text, intent):
    assert not is_social(text, intent)


def test_question_intents_and_button_payloads():
    assert not is_social("Do I need a visa?", "ask_question")
    assert not is_social("Do I need a visa?", "out_of_scope")
    assert not is_social("Do I need a visa?", None)
    assert is_social('/choose_entry{"entry_id": "visa-evisa"}', "choose_entry")


def test_vocabulary_comes_from_every_language_of_the_training_data():
    vocab = vocabulary()
    assert {"bot", "robot", "бот", "机", "ロボット", "봇인가요"} <= vocab["bot_challenge"]
    assert {"merci", "gracias", "danke", "спасибо", "谢", "감사합니다", "cảm"} <= vocab["thank"]


def test_chinese_and_japanese_are_split_into_characters():
    assert units("越南签证 Visa") == ["越", "南", "签", "证", "visa"]
    assert units("テトとは何ですか") == ["テト", "とは", "何", "ですか"]
