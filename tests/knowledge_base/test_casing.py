"""Shouted and headline-cased questions are brought to sentence case before matching (knowledge_base.casing)."""
from __future__ import annotations

import pytest

from knowledge_base.casing import normalise_case, proper_nouns

NAMES = proper_nouns(["Hotels in Hanoi are open. The e-visa is issued by Việt Nam. Я живу во Вьетнаме сейчас.",
                      "Visit Hanoi and Hue in winter.", "See https://www.vietnam.travel/hanoi for details."])


def test_proper_nouns_are_words_capitalised_in_mid_sentence():
    assert {"hanoi", "việt", "nam", "вьетнаме", "hue"} <= NAMES
    # the first word of a sentence and words seen in lower case are not names; links do not count
    assert not {"hotels", "visit", "the", "e-visa", "see", "details", "https", "www"} & NAMES


@pytest.mark.parametrize("question,expected", [
    ("ĐI DU LỊCH NƯỚC NGOÀI THÌ TIỀN MANG THEO CÓ BỊ GIỚI HẠN KHÔNG",
     "Đi du lịch nước ngoài thì tiền mang theo có bị giới hạn không"),
    ("КОГДА ОТМЕЧАЮТ НОВЫЙ ГОД ВО ВЬЕТНАМЕ?", "Когда отмечают новый год во Вьетнаме?"),
    ("Is Hanoi A Safe City To Visit", "Is Hanoi a safe city to visit"),
    ("What Is The IRC Fee In Hanoi?", "What is the IRC fee in Hanoi?"),
    ("¿Cuánto Tiempo Para Obtener El Visado A La Llegada?", "¿Cuánto tiempo para obtener el visado a la llegada?"),
])
def test_shouted_and_headline_questions_get_sentence_case(question, expected):
    assert normalise_case(question, None, NAMES) == expected


@pytest.mark.parametrize("question,lang", [
    ("What are the IRC and ERC?", "en"), ("Do I need a visa for Hanoi?", "en"), ("Ho Chi Minh City", "en"),
    ("越南有哪些风俗习惯", "zh"), ("베트남 비자 비용은 얼마인가요?", "ko"), ("", "en"),
    # German writes every noun with a capital: only shouting is undone
    ("Kann man in Vietnam Leitungswasser Trinken Oder Kaufen?", "de"), ("Feiertage Vietnam Liste Arbeitsgesetz", "de"),
])
def test_ordinary_questions_are_left_as_written(question, lang):
    assert normalise_case(question, lang, NAMES) == question


def test_shouted_german_is_brought_down():
    assert normalise_case("BRAUCHE ICH EIN VISUM FÜR VIETNAM?", "de", NAMES) == "Brauche ich ein visum für vietnam?"
