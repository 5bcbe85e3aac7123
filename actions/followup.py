"""Short follow-up questions ("and for 2 months?", "how much does it cost?", "et pour mes enfants ?"),
resolved against the conversation's last question.

A follow-up is a short message that opens with a connective ("and", "what about", "et", "y", "und",
"а", "那", "では", "그럼", "còn"), or a very short one ("how much does it cost?") that the knowledge base
cannot answer on its own. It is looked up
together with the last question, and the entry already given is left out: the visitor wants the next
thing, not the same answer again.
"""
from __future__ import annotations

import re
import unicodedata

MAX_WORDS = 8
MAX_CJK_CHARS = 24
# "how much does it cost?", "where do I apply?": too short to name their own subject
ELLIPTIC_WORDS = 5
ELLIPTIC_CJK_CHARS = 12

CONNECTIVES = {
    "en": ("and", "what about", "how about", "and if", "also", "but", "so", "then", "what if"),
    "fr": ("et", "et si", "et pour", "qu'en est-il", "quid", "mais", "alors", "aussi"),
    "es": ("y", "y si", "y para", "¿y", "qué pasa con", "entonces", "pero", "también"),
    "de": ("und", "was ist mit", "und wenn", "und für", "aber", "dann", "wie ist es mit", "auch"),
    "ru": ("а", "и", "а если", "а для", "а что", "но", "тогда", "также"),
    "zh": ("那", "还有", "那么", "如果", "另外", "可是", "但是", "那如果"),
    "ja": ("では", "じゃあ", "それでは", "なら", "あと", "それと", "でも", "もし"),
    "ko": ("그럼", "그러면", "그리고", "그런데", "만약", "또"),
    "vi": ("còn", "vậy", "thế còn", "nếu", "thế", "vậy còn", "và", "nhưng"),
}
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def is_short(text: str) -> bool:
    """A message short enough to lean on what came before."""
    text = text.strip()
    if len(_CJK.findall(text)) >= len(text) / 3:
        return len(text) <= MAX_CJK_CHARS
    return len(text.split()) <= MAX_WORDS


def is_elliptic(text: str) -> bool:
    """A message so short that it probably leaves its subject to the conversation."""
    text = text.strip()
    if len(_CJK.findall(text)) >= len(text) / 3:
        return len(text) <= ELLIPTIC_CJK_CHARS
    return len(text.split()) <= ELLIPTIC_WORDS


def opens_with_connective(text: str) -> bool:
    """True when the message opens like a continuation, in any of the nine languages."""
    low = unicodedata.normalize("NFC", text.strip().lower()).lstrip("¿¡\"'«“ ")
    for words in CONNECTIVES.values():
        for word in words:
            word = word.lstrip("¿")
            if not low.startswith(word):
                continue
            rest = low[len(word):len(word) + 1]
            # a word boundary for alphabetic scripts; CJK connectives stand on their own
            if not rest or not rest.isalpha() or _CJK.match(word[-1]):
                return True
    return False


def is_follow_up(text: str) -> bool:
    """A short message that continues the conversation."""
    return is_short(text) and opens_with_connective(text)
