"""language.script: Traditional Chinese read in the Simplified characters the knowledge base is written in."""
from __future__ import annotations

import pytest

from language.script import is_traditional, to_simplified


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
