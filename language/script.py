"""How visitors write what the knowledge base holds in one form: Chinese in Traditional characters (read in the
Simplified ones the base is written in, and answered in Traditional), Vietnamese without diacritics.

A quarter of the Chinese questions in eval/real (30 of 121) are written in Traditional characters, as in Taiwan, Hong
Kong, Macau and by many overseas readers. The encoder sees 護照 and 护照 as different tokens, and the lexical
re-ranking and the glossary match none of the Simplified phrasings, so such a question is searched after OpenCC's
phrase-aware Traditional-to-Simplified conversion. Japanese is never converted: its kanji are not Traditional Chinese.
The gateway answers such a visitor in Traditional characters (webchat.chat): the same answer, converted back.

Vietnamese typed without diacritics is searched against the entries' phrasings written the same way
(phrasing_variants).
"""
from __future__ import annotations

import functools
import re
import unicodedata

_HAN = re.compile(r"[\u3400-\u9fff]")


@functools.lru_cache(maxsize=1)
def _t2s():
    from opencc import OpenCC  # loads its dictionaries once (about 40 ms)

    return OpenCC("t2s")


def to_simplified(text: str) -> str:
    """The text with Traditional Chinese characters in Simplified ones (unchanged when it has no Han character)."""
    if not text or not _HAN.search(text):
        return text
    return _t2s().convert(text)


def is_traditional(text: str) -> bool:
    """True when the text holds Chinese characters that exist only in the Traditional script (護照, 簽證, 國)."""
    return bool(text) and bool(_HAN.search(text)) and to_simplified(text) != text


@functools.lru_cache(maxsize=1)
def _s2t():
    from opencc import OpenCC

    return OpenCC("s2tw")  # the standard characters of Taiwan (為, 裡), the largest group; Hong Kong reads them too


# 签 is 簽 (sign: 签证 visa, 免签 visa-free, 签发 issue) or 籤 (slip: 标签 label, 书签 bookmark, 抽签 lot, 牙签
# toothpick); OpenCC guesses 籤 outside the phrases it knows ("免签政策" became "免籤政策"), and in this assistant's
# texts it is almost always the visa, so it is decided here first
_QIAN_SLIP = re.compile(r"(?<=[标書书抽求牙竹])签|签(?=[筒条條子])")


def to_traditional(text: str) -> str:
    """The text with Simplified Chinese characters in Traditional ones, for a visitor who writes Traditional (the
    knowledge base and the reply texts are written in Simplified)."""
    if not text or not _HAN.search(text):
        return text
    marked = _QIAN_SLIP.sub("籤", text).replace("签", "簽")
    return _s2t().convert(marked)


# a page or widget that declares Traditional Chinese: zh-Hant, zh-TW, zh-HK, zh-MO (any case, - or _)
_HANT_TAG = re.compile(r"^zh[-_](hant|tw|hk|mo)\b", re.IGNORECASE)


def chinese_script(text: str) -> str | None:
    """"Hant" for text with characters found only in Traditional Chinese, "Hans" for text with characters found only
    in Simplified, None for text that shows neither (no Chinese, or only characters both scripts share: 中文, 越南)."""
    if is_traditional(text):
        return "Hant"
    if not text or not _HAN.search(text):
        return None
    if to_traditional(text) != text:
        return "Hans"
    return None


def script_of_tag(tag: str | None) -> str | None:
    """"Hant" for a language tag that names Traditional Chinese (zh-Hant, zh-TW, zh-HK, zh-MO), else None."""
    return "Hant" if tag and _HANT_TAG.match(tag.strip()) else None


def without_diacritics(text: str) -> str:
    """Vietnamese as it is typed without a Vietnamese keyboard: tone marks and vowel marks left out, đ as d
    ("Người nước ngoài có được mua nhà không?" -> "Nguoi nuoc ngoai co duoc mua nha khong?")."""
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    return unicodedata.normalize("NFC", "".join(c for c in unicodedata.normalize("NFD", text)
                                                 if unicodedata.category(c) != "Mn"))


def phrasing_variants(text: str, lang: str) -> list[str]:
    """How visitors may write an entry's question phrasing: as written, and for Vietnamese also without
    diacritics, which many type on phones and keyboards without a Vietnamese layout. Searched as extra phrasings
    (knowledge_base.index, knowledge_base.lexical): on the team's 62 Vietnamese questions with their diacritics
    removed, the right entry came first for 33 without these variants and 44 with them (58 as the questions are
    written)."""
    if lang != "vi":
        return [text]
    plain = without_diacritics(text)
    return [text] if plain == text else [text, plain]
