"""Scope check: a question about another country is not ours to answer, however close its wording.

"Do I need a visa for Thailand?" embeds almost exactly like the Viet Nam visa entry. Country names
come from CLDR (via babel) in the nine languages; a question is out of scope when it names a
country other than Viet Nam, does not mention Viet Nam, and the matched entry never names that
country either (so "Is Germany on the visa-exemption list?" still gets the exemption entry).
"""
from __future__ import annotations

import functools
import re

from .schema import LANGS, Entry

VIETNAM_WORDS = ("vietnam", "viet nam", "việt nam", "viêt nam", "вьетнам", "越南", "ベトナム", "베트남",
                 "vietnamese", "vietnamien", "vietnamita", "vietnamesisch", "вьетнам", "việt", "hanoi", "hà nội",
                 "saigon", "sài gòn", "ho chi minh", "hồ chí minh", "河内", "ハノイ", "하노이")
# names that are also ordinary words in one of the nine languages
AMBIGUOUS = {"chad", "jersey", "guinea", "georgia", "turkey", "china", "jordan", "niger", "mali", "oman", "peru",
             "cuba", "togo", "laos", "lào", "campuchia", "cambodia", "cambodge", "camboya", "kambodscha",
             "이란"}  # 이란 is also the Korean particle "~(이)란" ("what is …")
# Viet Nam's land neighbours are named in many answers about Viet Nam itself; never treat them as foreign topics
NEIGHBOURS = {"CN", "LA", "KH"}
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


KATAKANA = re.compile(r"^[\u30a0-\u30ff]+$")
HAN = re.compile(r"^[\u3400-\u9fff]+$")


@functools.lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, re.Pattern]]:
    """A pattern per country for its names in the nine languages."""
    from babel import Locale

    found: dict[str, set[str]] = {}
    for lang in LANGS:
        for code, name in Locale.parse(lang).territories.items():
            if len(code) != 2 or not code.isalpha() or code in ("VN", "ZZ", "EU", "EZ", "UN", "QO") or code in NEIGHBOURS:
                continue
            name = name.lower()
            # single-syllable Vietnamese names ("Pháp", "Đức", "Anh") are everyday words too
            if lang == "vi" and " " not in name:
                continue
            if name in AMBIGUOUS or len(name) < (2 if CJK.search(name) else 4):
                continue
            found.setdefault(code, set()).add(name)
    patterns = []
    for code, names in found.items():
        alts = sorted(names, key=len, reverse=True)
        groups = {"latin": [], "katakana": [], "han": [], "hangul": []}
        for name in alts:
            kind = ("katakana" if KATAKANA.match(name) else "han" if HAN.match(name)
                    else "hangul" if CJK.search(name) else "latin")
            groups[kind].append(re.escape(name))
        parts = []
        if groups["latin"]:
            parts.append(r"(?<!\w)(?:" + "|".join(groups["latin"]) + r")(?!\w)")
        if groups["katakana"]:
            # a katakana name inside a longer katakana word is another word: タイ in タイプ (type), ネクタイ (tie)
            parts.append(r"(?<![\u30a0-\u30ff])(?:" + "|".join(groups["katakana"]) + r")(?![\u30a0-\u30ff])")
        if groups["han"]:
            parts.append(r"(?:" + "|".join(groups["han"]) + r")(?![語语])")  # 日本語: the language, not Japan
        if groups["hangul"]:
            parts.append(r"(?:" + "|".join(groups["hangul"]) + ")")  # particles follow names directly ("인도에")
        patterns.append((code, re.compile("|".join(parts), re.IGNORECASE)))
    return patterns


def mentions_vietnam(text: str) -> bool:
    """True when the text names Viet Nam (or its main cities) in any of the nine languages."""
    low = text.lower()
    return any(w in low for w in VIETNAM_WORDS)


def foreign_countries(text: str) -> set[str]:
    """ISO codes of countries other than Viet Nam named in the text."""
    spans = [(code, m.span()) for code, pattern in _patterns() for m in pattern.finditer(text)]
    if len(spans) < 2:
        return {code for code, _ in spans}
    # a name inside a longer one is part of it: 인도 (India) in 인도네시아 (Indonesia)
    return {code for code, (a, b) in spans
            if not any(other != code and x <= a and b <= y and (y - x) > (b - a) for other, (x, y) in spans)}


def about_another_country(question: str, entry: Entry | None) -> bool:
    """True when the question is about another country rather than Viet Nam (see module docstring)."""
    if mentions_vietnam(question):
        return False
    codes = foreign_countries(question)
    if not codes:
        return False
    if entry is None:
        return True
    entry_text = " ".join([*entry.answer.values(), *(q for qs in entry.questions.values() for q in qs)])
    return not (foreign_countries(entry_text) & codes)
