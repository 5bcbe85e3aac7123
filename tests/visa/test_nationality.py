"""Nationality understanding from CLDR names: the issue's examples in nine languages, and its traps."""
from __future__ import annotations

import pytest

from visa import nationality
from visa.nationality import country_name, find, gazetteer, supplement_codes, territories


@pytest.mark.parametrize("text, code", [
    ("I'm German", "DE"),
    ("I'm German. Do I need a visa for a two-week holiday?", "DE"),
    ("je suis française", "FR"),
    ("tengo pasaporte mexicano", "MX"),
    ("soy mexicana", "MX"),
    ("Ich bin Österreicher", "AT"),
    ("Ich bin Deutscher", "DE"),
    ("я из Германии", "DE"),
    ("у меня немецкий паспорт", "DE"),
    ("我是美国人", "US"),
    ("韓国籍です", "KR"),
    ("Tôi quốc tịch Úc", "AU"),
    ("Tôi là người Đức", "DE"),
    ("저는 독일 사람이에요", "DE"),
    ("독일인입니다", "DE"),
    ("actually I have a British passport", "GB"),
    ("I'm Canadian", "CA"),
    ("je suis canadien", "CA"),
    ("I'm Belgian", "BE"),
    ("I'm Australian", "AU"),
    ("I'm from the Philippines", "PH"),
    ("I am American", "US"),
    ("私はタイ人です", "TH"),
    ("Я гражданка Казахстана", "KZ"),
])
def test_nationality_is_found_in_nine_languages(text, code):
    assert nationality.nationality(text) == code


@pytest.mark.parametrize("text, code", [
    ("中國人去越南需要簽證嗎", "CN"), ("中國去越南需要簽證嗎", "CN"), ("我拿德國護照", "DE"), ("澳洲人需要簽證嗎？", "AU"),
    ("我是美國人", "US"), ("中国人去越南需要签证吗", "CN"),
])
def test_nationality_is_found_in_traditional_chinese_too(text, code):
    assert nationality.nationality(text) == code


@pytest.mark.parametrize("text", [
    "한국어로 말해 주세요",  # "in Korean": a language, not a passport
    "日本語で話せますか",  # "can you speak Japanese"
    "タイムはいつですか",  # katakana "タイ" inside another word
    "luật pháp Việt Nam",  # "Pháp" (France) is also "law"; no cue before it
    "Do I need a visa for Vietnam?",  # Viet Nam is never the visitor's passport here
    "How long does the e-visa take?",
    "tell us about Tết",  # "us" is the USA only in capitals
])
def test_words_that_only_look_like_countries_are_not_nationalities(text):
    assert find(text) == []


def test_a_form_shared_by_two_countries_is_dropped_rather_than_guessed():
    # Niger and Nigeria both derive "Nigerian" in English at the same level: neither is picked from it
    forms = gazetteer()["en"]
    assert forms.get("niger") == "NE" and forms.get("nigeria") == "NG"


def test_names_come_from_cldr_and_the_supplement_only_names_cldr_territories():
    assert len(territories()) > 240 and "VN" in territories() and "EU" not in territories()
    assert supplement_codes() <= territories()
    assert country_name("DE", "fr") == "Allemagne" and country_name("AU", "ja") == "オーストラリア"


def test_a_mention_points_at_the_visitors_own_words():
    (m,) = find("Bonjour, je suis Française et je voyage en mars")
    assert m.code == "FR" and m.text == "Française"
