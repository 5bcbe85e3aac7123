"""Reading numbers the way each language writes them (knowledge_base.numbers)."""
from __future__ import annotations

import pytest

from knowledge_base.numbers import mismatches, numbers_in


@pytest.mark.parametrize("text,lang,value", [
    ("26.5 million", "en", "2.65e+07"), ("26,5 millions", "fr", "2.65e+07"), ("26,5 Mio.", "de", "2.65e+07"),
    ("26,5 млн", "ru", "2.65e+07"), ("26,5 triệu", "vi", "2.65e+07"), ("2650万", "zh", "2.65e+07"),
    ("2,650만", "ko", "2.65e+07"), ("1,000,000 dong", "en", "1e+06"), ("1.000.000 đồng", "vi", "1e+06"),
    ("1 000 000 VND", "fr", "1e+06"), ("7億5,000万ユーロ", "ja", "7.5e+08"), ("33万1千km²", "ja", "331000"),
    ("二〇二六年", "zh", "2026"), ("45%", "en", "45"), ("45 %", "fr", "45"), ("100-Millionen-Marke", "de", "1e+08"),
])
def test_number_formats(text, lang, value):
    assert value in numbers_in(text, lang)


def test_ranges_written_once_take_the_scale():
    assert set(numbers_in("VND 5 to 10 million", "en")) == {"5e+06", "1e+07"}
    assert set(numbers_in("de 50.000 a menos de 100.000 millones", "es")) == {"5e+10", "1e+11"}
    assert set(numbers_in("VND 500,000 to 2 million", "en")) == {"500000", "2e+06"}


def test_document_numbers_links_and_small_numbers_are_not_quantities():
    text = "Decree 282/2025/ND-CP (https://example.gov.vn/doc/123456) gives 15 days, see 第61/2020/QH14号."
    assert numbers_in(text, "en") == {} or set(numbers_in(text, "en")) == set()
    assert set(numbers_in("法令第282/2025/ND-CP号，罚款500万越南盾", "zh")) == {"5e+06"}


def test_mismatch_needs_a_substitution_not_an_omission():
    en = "Hanoi marked 1,000 years in 2010; the fine is VND 5 million."
    assert mismatches({"en": en, "fr": "Hanoï fêtait son millénaire en 2010 ; l'amende est de 5 millions de VND."}) == []
    found = mismatches({"en": en, "de": "Hanoi feierte 2010 1.000 Jahre; die Strafe beträgt 50 Millionen VND."})
    assert found and found[0][0] == "de" and "5e+06" in found[0][1] and "5e+07" in found[0][1]
