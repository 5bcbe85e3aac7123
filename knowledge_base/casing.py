"""Undo shouting and headline case before a question is matched.

The encoder is case-sensitive and the decision model reads capitals as named things: "ĐI DU LỊCH NƯỚC NGOÀI THÌ
TIỀN MANG THEO CÓ BỊ GIỚI HẠN KHÔNG" had ten "abbreviations" the entries lack, and headline-cased questions copied
from travel pages ("How Can Travelers Ensure Water Hygiene While in Vietnam?") embed unlike the sentence-cased
phrasings. A question written all in capitals, or with nearly every word capitalised, is brought to sentence case;
short all-capital words in a headline (IRC, ERC, DN1) are kept, being abbreviations.
"""
from __future__ import annotations

import re
from collections import Counter

_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_LINK = re.compile(r"\S*(?:https?://|www\.|@)\S*")
_SENTENCE = re.compile(r"(?<=[.!?:;。！？])\s+|\n+|\*\*")
MIN_WORDS = 5  # a short name ("Ho Chi Minh City", "Hoi An Old Town") stays as written
HEADLINE_SHARE = 0.75  # share of cased words that must start with a capital


def _cased(word: str) -> bool:
    return word.lower() != word.upper()


def proper_nouns(texts) -> frozenset[str]:
    """Words the texts mostly write with a capital in mid-sentence (Hanoi, Việt, Минь), lowercased: names that
    sentence case must keep. Links and e-mail addresses are left out (they write names in lower case)."""
    upper: Counter = Counter()
    lower: Counter = Counter()
    for text in texts:
        for sentence in _SENTENCE.split(_LINK.sub(" ", text)):
            for i, word in enumerate(_WORD.findall(sentence)):
                if not _cased(word[0]):
                    continue
                if word[0].islower():
                    lower[word] += 1
                elif i > 0 and not word.isupper():
                    upper[word.lower()] += 1
    return frozenset(w for w, n in upper.items() if n >= 2 * lower[w])


def normalise_case(question: str, lang: str | None = None, names: frozenset[str] = frozenset()) -> str:
    """The question in sentence case when it is shouted or headline-cased; otherwise unchanged. German capitalises
    every noun, so a German question is only brought down from all capitals. Words in `names` keep a capital."""
    words = [w for w in _WORD.findall(question or "") if _cased(w[0])]
    if len(words) < MIN_WORDS:
        return question
    letters = [ch for w in words for ch in w if _cased(ch)]
    if all(ch.isupper() for ch in letters):
        return _first_upper(_WORD.sub(lambda m: _name(m.group(0).lower(), names), question.lower()))
    capitalised = [w for w in words if w[0].isupper()]
    if lang == "de" or len(capitalised) / len(words) < HEADLINE_SHARE:
        return question

    def fix(match: re.Match) -> str:
        word = match.group(0)
        if word.isupper() and len(word) > 1:
            return word  # an abbreviation inside a headline
        return _name(word.lower(), names)

    return _first_upper(_WORD.sub(fix, question))


def _name(word: str, names: frozenset[str]) -> str:
    return word[0].upper() + word[1:] if word in names else word


def _first_upper(text: str) -> str:
    for i, ch in enumerate(text):
        if _cased(ch):
            return text[:i] + ch.upper() + text[i + 1:]
    return text
