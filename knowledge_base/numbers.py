"""Number consistency between an entry's translations and its English answer.

Every amount, count, year and percentage in a translation should be the one the English answer states.
Numbers are read the way each language writes them: "1,000,000" (en), "1.000.000" or "1 000 000"
(fr/es/de/ru/vi), "26,5 triệu", "2650万", "2,650만", "三十", "1.5 million". Values are compared, not
strings, so "26.5 million" = "2650万" = "26,5 Mio." = 26 500 000.

Small whole numbers (0–31) are left out of the comparison: they are mostly days and months of dates,
which languages write differently ("15 August" vs "8月15日"), or numbers spelt as words ("two").
"""
from __future__ import annotations

import functools
import re
from collections import Counter

COMMA_DECIMAL = {"fr", "es", "de", "ru", "vi"}
_SCALE_WORDS = {
    # scale words after a number, per language (lower case); CJK scales are handled as characters
    "en": {"thousand": 1e3, "million": 1e6, "millions": 1e6, "billion": 1e9, "billions": 1e9, "trillion": 1e12,
           "bn": 1e9},
    "fr": {"mille": 1e3, "million": 1e6, "millions": 1e6, "milliard": 1e9, "milliards": 1e9, "md": 1e9},
    "es": {"mil": 1e3, "millón": 1e6, "millones": 1e6, "millon": 1e6, "mil millones": 1e9, "billón": 1e12},
    "de": {"tausend": 1e3, "million": 1e6, "millionen": 1e6, "mio": 1e6, "mrd": 1e9, "milliarde": 1e9,
           "milliarden": 1e9, "billion": 1e12},
    "ru": {"тыс": 1e3, "тысяч": 1e3, "тысячи": 1e3, "млн": 1e6, "миллион": 1e6, "миллиона": 1e6,
           "миллионов": 1e6, "млрд": 1e9, "миллиард": 1e9, "миллиарда": 1e9, "миллиардов": 1e9, "трлн": 1e12},
    "vi": {"nghìn": 1e3, "ngàn": 1e3, "triệu": 1e6, "tỷ": 1e9, "tỉ": 1e9, "nghìn tỷ": 1e12},
}
_CJK_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
               "八": 8, "九": 9}
_CJK_SMALL = {"十": 10, "百": 100, "千": 1000}
_CJK_LARGE = {"千": 1e3, "万": 1e4, "萬": 1e4, "億": 1e8, "亿": 1e8, "兆": 1e12}  # after digits: 1千, 5万
_KO_LARGE = {"천": 1e3, "만": 1e4, "억": 1e8}  # not 조: "제112조" is Article 112
_NUM_RE = re.compile(r"(?<![0-9A-Za-z.,])(\d{1,3}(?:[ \u00a0\u202f.,]\d{3})+|\d+)(?:([.,])(\d+))?")
_CJK_RUN_RE = re.compile(r"[〇零一二两兩三四五六七八九十百千]+")
_URL_RE = re.compile(r"https?://[A-Za-z0-9._~:/?#@!$&'*+,;=%-]+")
_RANGE_RE = re.compile(r"\s*(?:-|–|—|~|〜|～|to|à|a|bis|до|đến|tới|至|から|에서)"
                       r"(?:\s+(?:menos de|under|unter|moins de|менее|dưới|less than))?\s*", re.IGNORECASE)
SMALL = 31


def _clean(text: str) -> str:
    # link targets, ISO dates and document numbers such as 127/NQ-CP or 61/2020/QH14 are not quantities
    text = _URL_RE.sub(" ", text or "")
    text = re.sub(r"(?<![0-9])\d+(?:/\d+)*/[A-ZĐa-z][A-Za-zĐđ0-9-]*", " ", text)
    return text


def _scale_after(rest: str, lang: str) -> float:
    """The multiplier written right after a number ("million", "万", "억", ...)."""
    rest = rest.lstrip(" \u00a0-")
    if not rest:
        return 1.0
    if lang in ("zh", "ja", "ko"):
        table = {**_CJK_LARGE, **(_KO_LARGE if lang == "ko" else {})}
        scale = 1.0
        for ch in rest[:2]:
            if ch in table:
                scale *= table[ch]
            else:
                break
        return scale
    words = _SCALE_WORDS.get(lang, _SCALE_WORDS["en"])
    low = rest.lower()
    for word in sorted(words, key=len, reverse=True):
        if low.startswith(word) and (len(low) == len(word) or not low[len(word)].isalpha()):
            return words[word]
    return 1.0


def _value(whole: str, sep: str | None, frac: str | None, lang: str) -> float | None:
    digits = re.sub(r"[ \u00a0\u202f.,]", "", whole)
    grouped = digits != whole
    if sep is None:
        if grouped:
            group_sep = re.sub(r"\d", "", whole)[0]
            # "1.000" is a thousand in comma-decimal languages; "2.5" is a decimal in the others
            if group_sep in ".," and len(set(re.sub(r"\d", "", whole))) == 1:
                decimal = "," if lang in COMMA_DECIMAL else "."
                if group_sep == decimal and whole.count(group_sep) == 1:
                    return float(whole.replace(group_sep, "."))
        return float(digits)
    decimal = "," if lang in COMMA_DECIMAL else "."
    if sep == decimal:
        return float(f"{digits}.{frac}")
    if len(frac) == 3:  # a further thousands group: "1,000" in en, "1.000" in de
        return float(digits + frac)
    return float(f"{digits}.{frac}")


def _cjk_numeral(run: str) -> float | None:
    total, current = 0, 0
    for ch in run:
        if ch in _CJK_DIGITS:
            current = current * 10 + _CJK_DIGITS[ch]  # digit by digit: 二〇二六 = 2026
        elif ch in _CJK_SMALL:
            total += (current or 1) * _CJK_SMALL[ch]
            current = 0
    total += current
    return float(total) if total else None


def _tokens(text: str, lang: str) -> list[list]:
    """[start, end, value, scale] for each written number, in text order."""
    out = []
    for m in _NUM_RE.finditer(text):
        value = _value(m.group(1), m.group(2), m.group(3), lang)
        if value is not None:
            out.append([m.start(), m.end(), value, _scale_after(text[m.end():m.end() + 12], lang)])
    if lang in ("zh", "ja"):
        for m in _CJK_RUN_RE.finditer(text):
            run = m.group(0)
            if not any(ch in _CJK_DIGITS for ch in run) or len(run) < 2:
                continue  # 一 alone is a word ("one of"), 百万 alone means "millions of", not a quantity
            value = _cjk_numeral(run)
            if value is not None:
                out.append([m.start(), m.end(), value, _scale_after(text[m.end():m.end() + 2], lang)])
        out.sort()
    return out


def numbers_in(text: str, lang: str) -> Counter:
    """The quantities in a text, as values (percentages and years included, small whole numbers left out).

    "5 to 10 million" reads as 5 million and 10 million; "7億5,000万" and "33万1千" as one number each.
    """
    text = _clean(text)
    tokens = _tokens(text, lang)
    for here, after in zip(tokens, tokens[1:]):
        gap = text[here[1]:after[0]]
        if here[3] == 1.0 and here[2] < after[2] and after[3] > 1.0 and _RANGE_RE.fullmatch(gap):
            here[3] = after[3]  # a range written once: "VND 5 to 10 million", "50 bis 100 Milliarden"
    values: list[float] = []
    previous = None
    for start, end, value, scale in tokens:
        amount = value * scale
        if (previous is not None and lang in ("zh", "ja", "ko") and scale < previous[1]
                and not text[previous[0]:start].strip()):
            values[-1] += amount  # the rest of a compound: 7億 + 5,000万
            previous = (end, scale)
            continue
        values.append(amount)
        previous = (end + _scale_len(text, end), scale) if scale > 1.0 else None
    return Counter(k for k in (_key(v) for v in values) if not _small(k))


def _scale_len(text: str, end: int) -> int:
    """How many characters the CJK scale after a number takes ("万", "億 ", ...; 0 for none)."""
    n = 0
    while end + n < len(text) and text[end + n] in "億亿万萬억만천千 ":
        n += 1
    return n


def _key(value: float) -> str:
    return f"{value:.6g}"


def _small(key: str) -> bool:
    value = float(key)
    return value.is_integer() and 0 <= value <= SMALL


def mismatches(answers: dict[str, str]) -> list[tuple[str, str]]:
    """(lang, description) for each translation that states a number the English answer does not, in place
    of one it does (an omission alone, such as "millennium" for "1,000 years", is not flagged)."""
    # the same answers give the same result whatever the day: the freshness check runs for many days (the workspace's
    # attention list, the tests' year ahead), and this was half of its time
    return list(_mismatches(tuple(answers.items())))


@functools.lru_cache(maxsize=4096)
def _mismatches(items: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    answers = dict(items)
    english = answers.get("en")
    if not english:
        return ()
    want = set(numbers_in(english, "en"))
    out = []
    for lang, text in answers.items():
        if lang == "en" or not text:
            continue
        have = set(numbers_in(text, lang))
        missing, extra = sorted(want - have, key=float), sorted(have - want, key=float)
        # a number written as a word, or left out, is not flagged: a different number in its place is
        if missing and extra:
            parts = []
            if missing:
                parts.append("missing " + ", ".join(missing))
            if extra:
                parts.append("not in English " + ", ".join(extra))
            out.append((lang, "; ".join(parts)))
    return tuple(out)
