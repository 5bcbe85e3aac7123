"""language.script: Traditional Chinese read in the Simplified characters the knowledge base is written in."""
from __future__ import annotations

import pytest

from language.script import (chinese_script, is_traditional, phrasing_variants, script_of_tag, to_simplified,
                             to_traditional, without_diacritics)


@pytest.mark.parametrize("traditional, simplified", [
    ("去越南需要簽證嗎？", "去越南需要签证吗？"),
    ("我的護照已損壞或即將過期", "我的护照已损坏或即将过期"),
    ("越南與中國的關係", "越南与中国的关系"),
    ("越南有哪些風俗習慣", "越南有哪些风俗习惯"),
])
def test_traditional_characters_become_simplified(traditional, simplified):
    assert to_simplified(traditional) == simplified
    assert is_traditional(traditional) and not is_traditional(simplified)


@pytest.mark.parametrize("text", ["去越南需要签证吗？", "Do I need a visa?", "Нужна ли виза?", "", "비자가 필요한가요?",
                                  "e-visa 90天"])
def test_text_without_traditional_characters_is_unchanged(text):
    assert to_simplified(text) == text
    assert not is_traditional(text)


@pytest.mark.parametrize("text, script", [
    ("去越南需要簽證嗎？", "Hant"), ("去越南需要签证吗？", "Hans"), ("越南", None), ("中文", None), ("Do I need a visa?", None),
    ('/choose_entry{"entry_id": "visa-evisa-fee"}', None), ("", None),
])
def test_the_script_a_visitor_writes(text, script):
    assert chinese_script(text) == script


@pytest.mark.parametrize("tag, script", [
    ("zh-Hant", "Hant"), ("zh_TW", "Hant"), ("zh-hk", "Hant"), ("ZH-MO", "Hant"), ("zh-Hans", None), ("zh-CN", None),
    ("zh", None), ("ja", None), (None, None), ("zh-Hantx", None),
])
def test_a_language_tag_that_declares_traditional_chinese(tag, script):
    assert script_of_tag(tag) == script


def test_a_reply_converts_to_traditional_characters_and_keeps_links_and_markup():
    reply = "**电子签证**最长90天：请通过 https://evisa.gov.vn/ 申请，护照有效期至少6个月。"
    assert to_traditional(reply) == "**電子簽證**最長90天：請通過 https://evisa.gov.vn/ 申請，護照有效期至少6個月。"
    assert to_simplified(to_traditional(reply)) == reply
    assert to_traditional("Hello") == "Hello"


def test_qian_is_the_visa_sign_except_in_the_words_where_it_is_a_slip():
    # OpenCC alone wrote "免籤政策"; in Taiwan's standard characters 为 is 為
    assert to_traditional("该免签政策的有效期为两年") == "該免簽政策的有效期為兩年"
    assert to_traditional("签发签证的标签和书签") == "簽發簽證的標籤和書籤"


def test_vietnamese_without_diacritics():
    assert without_diacritics("Người nước ngoài có được mua nhà ở Việt Nam không?") == \
        "Nguoi nuoc ngoai co duoc mua nha o Viet Nam khong?"
    assert without_diacritics("ĐẠI SỨ QUÁN") == "DAI SU QUAN"
    assert phrasing_variants("Gia hạn visa ở đâu?", "vi") == ["Gia hạn visa ở đâu?", "Gia han visa o dau?"]
    assert phrasing_variants("visa la gi", "vi") == ["visa la gi"]
    assert phrasing_variants("Où aller à Đà Nẵng ?", "fr") == ["Où aller à Đà Nẵng ?"]
