"""How long the visitor means to stay, from their own words: "two weeks", "2 mois", "zwei Wochen",
"два месяца", "两个月", "2週間", "두 달", "2 tháng". Returns days (a week is 7, a month 30, a year 365)."""
from __future__ import annotations

import re
import unicodedata

DAY, WEEK, MONTH, YEAR = 1, 7, 30, 365

# number words for one to twelve (the lengths people ask about), and "a"/"an"/"un" for one
_NUMBERS = {
    "en": "a an one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve",
    "fr": "un une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze",
    "es": "un una uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce",
    "de": "ein eine einen einem einer|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf",
    "ru": "один одна одну одного|два две двух|три трёх трех|четыре|пять|шесть|семь|восемь|девять|десять|"
          "одиннадцать|двенадцать",
    "vi": "một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười|mười một|mười hai",
    "ko": "한|두|세|네|다섯|여섯|일곱|여덟|아홉|열|열한|열두",
    "cjk": "一|二 两 兩|三|四|五|六|七|八|九|十|十一|十二",
}
WORDS: dict[str, int] = {}
for _spec in _NUMBERS.values():
    for _value, _group in enumerate(_spec.split("|"), start=1):
        for _word in _group.split():
            WORDS.setdefault(_word, _value)

# units after a number, per script; the longest spellings first so "週間" wins over "週"
_UNITS = [
    (r"years?|ans?|années?|años?|jahre?n?|год(?:а)?|лет|năm|年間?|년", YEAR),
    (r"months?|mois|mes(?:es)?|monat(?:e|en)?|месяц(?:а|ев)?|tháng|个月|個月|ヶ月|か月|カ月|ケ月|箇月|개월|달", MONTH),
    (r"weeks?|semaines?|semanas?|wochen?|недел(?:я|и|ю|ь)|tuần|个星期|個星期|个礼拜|個禮拜|个周|個週|周|週間|週|星期|礼拜|"
     r"禮拜|주일?", WEEK),
    (r"days?|nights?|jours?|nuits?|días?|noches?|tage?n?|nächte|дн(?:я|ей)|день|сут(?:ок|ки)|ночей|ngày|đêm|"
     r"天|日間|日|泊|일|박", DAY),
]
_NUMBER = r"(\d{1,3}(?:[.,]5)?|" + "|".join(sorted(map(re.escape, WORDS), key=len, reverse=True)) + r")"
_PATTERNS = [(re.compile(_NUMBER + r"[\s\-]*(?:" + units + r")(?![a-zа-яà-ỹ])", re.IGNORECASE), size)
             for units, size in _UNITS]
# "a fortnight", "une quinzaine", "quinze jours" are two weeks
_FORTNIGHT = re.compile(r"fortnight|quinzaine|quincena|半月|半个月", re.IGNORECASE)


def stay_days(text: str) -> int | None:
    """The longest stay the message mentions, in days, or None when it names none."""
    text = unicodedata.normalize("NFC", text or "").lower()
    found = []
    for pattern, size in _PATTERNS:
        for match in pattern.finditer(text):
            start = match.start()
            # a number glued to a letter is part of a word ("e2e"), not a count
            before = text[start - 1] if start > 0 else ""
            if before.isdigit() or before == "月" or (before.isalpha() and not _is_cjk(before)):
                continue  # part of a longer number, a date ("3月2日"), or a word ("e2e")
            raw = match.group(1)
            value = float(raw.replace(",", ".")) if raw[0].isdigit() else WORDS.get(raw)
            if value:
                found.append(round(value * size))
    if _FORTNIGHT.search(text):
        found.append(14)
    return max(found) if found else None


def _is_cjk(ch: str) -> bool:
    return "\u3040" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af"
