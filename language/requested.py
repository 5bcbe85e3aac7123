"""Recognise messages that ask the assistant to use a particular language."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Latin names are matched on folded text (lower case, no accents), so the
# unaccented spellings people type ("francais", "tieng viet") need no entry.
_LATIN = {
    "en": ["english", "anglais", "ingles", "englisch", "tieng anh"],
    "fr": ["french", "francais", "frances", "franzosisch", "franzoesisch", "tieng phap"],
    "es": ["spanish", "espagnol", "espanol", "castellano", "spanisch", "tieng tay ban nha"],
    "de": ["german", "allemand", "aleman", "deutsch", "tieng duc"],
    "ru": ["russian", "russe", "ruso", "russisch", "tieng nga"],
    "zh": ["chinese", "mandarin", "chinois", "chino", "chinesisch", "tieng trung quoc",
           "tieng trung", "tieng hoa"],
    "ja": ["japanese", "japonais", "japones", "japanisch", "tieng nhat"],
    "ko": ["korean", "coreen", "coreano", "koreanisch", "tieng han quoc", "tieng han"],
    "vi": ["vietnamese", "vietnamien", "vietnamita", "vietnamesisch", "tieng viet"],
}
# Russian names inflect (русский, на русском, по-русски), so only stems are kept.
_CYRILLIC = {
    "en": "английск", "fr": "французск", "es": "испанск", "de": "немецк", "ru": "русск",
    "zh": "китайск", "ja": "японск", "ko": "корейск", "vi": "вьетнамск",
}
# CJK has no word boundaries; these are matched as substrings, longest first.
_CJK = {
    "en": ["英语", "英文", "英語", "영어"],
    "fr": ["法语", "法文", "法語", "フランス語", "프랑스어", "불어"],
    "es": ["西班牙语", "西班牙文", "西班牙語", "スペイン語", "스페인어"],
    "de": ["德语", "德文", "德語", "ドイツ語", "독일어"],
    "ru": ["俄语", "俄文", "俄語", "ロシア語", "러시아어"],
    "zh": ["中文", "汉语", "漢語", "华语", "華語", "普通话", "普通話", "中国語", "中國話",
           "中国话", "중국어"],
    "ja": ["日语", "日文", "日語", "日本語", "일본어"],
    "ko": ["韩语", "韩文", "韓語", "韓国語", "韓國語", "한국어", "한국말"],
    "vi": ["越南语", "越南文", "越南語", "ベトナム語", "베트남어"],
}

# A verb of speaking/answering right before the name makes it a request
# ("do you speak English", "parlez-vous français", "nói tiếng Việt").
_PRE_VERB = re.compile(
    r"(?:\b(?:speak|speaks|speaking|talk|talking|write|answer|reply|respond|switch to|change to"
    r"|continue|use|parler|parlez|parlez-vous|parles|parles-tu|parle|repondre|repondez|reponds"
    r"|ecrire|ecrivez|continuer|hablar|hablas|habla|hablan|hablame|hablemos|hablamos|responder"
    r"|responde|responda|contesta|contestar|escribe|escribir|seguir|sprechen|sprichst|spricht"
    r"|sprechen sie|sprichst du|konnen sie|kannst du|antworten|antworte|schreib|schreiben"
    r"|weiter|noi|bang|dung|chuyen sang|sang|biet)"
    r"(?:\s+(?:to|the|vous|tu|sie|du|me|with me|in|en|auf|a|duoc|it))*\s+)$"
    r"|(?:说|說|讲|講|用|会说|會說|会讲|懂|改成|换成|換成|改用|切换到|切換到)\s*$"
)
# A bare preposition ("in English", "en español", "auf Deutsch") is a request
# only in a short message; in a longer one it is usually a question about
# something in that language ("is there a guide in French?").
_PRE_PREP = re.compile(r"\b(?:in|en|auf|на)\s+$")
_POST = re.compile(
    r"^\s*(?:(?:please|pls|plz|svp|stp|s'il vous plait|s'il te plait|por favor|bitte"
    r"|пожалуйста|nhe|nha|di|duoc khong|duoc ko|duoc chu)\b"
    r"|で(?:話|お願い|答え|回答|大丈夫|いい|可能|でき|返事|続け)|を話|が話|話せ|話し|しゃべ|喋|ができ|できます|わかり|分かり"
    r"|(?:로|으로)\s*(?:해|말|대답|답|부탁|얘기|이야기|가능|할|돼|되|바꿔|변경|계속|대화)|를 할|을 할"
    r"|할 수|할수|해 주|해주|하세요|하실|가능|돼|되나|回答|回复|回覆|交流|说|說|讲|講|可以"
    r"|行吗|好吗)"
)
_FILLER = re.compile(
    r"\b(?:please|pls|plz|svp|stp|s'il|vous|te|plait|por|favor|bitte|in|en|auf|the|a|to|ok|okay"
    r"|language|langue|idioma|sprache|lang|yes|oui|si|ja|da|speak|parle|parlez|habla|nhe|nha"
    r"|di|noi|bang|sang)\b"
    r"|пожалуйста|на|язык\w*|по-|请|請|お願いします|おねがいします|お願い|で|주세요|해\s*주세요"
    r"|해줘|부탁해요|부탁합니다|로|으로|说|說|讲|講|用|吧|[^\w]|_|\d",
    re.IGNORECASE,
)


LONG_MESSAGE_WORDS = 7


def fold(text: str) -> str:
    """Lower-case `text` and strip accents from Latin letters only."""
    out = []
    for ch in unicodedata.normalize("NFC", text.lower()):
        if ch == "đ":
            out.append("d")
            continue
        decomposed = unicodedata.normalize("NFD", ch)
        # Only Latin letters lose their marks: stripping Cyrillic й or Korean
        # jamo combinations would corrupt the word.
        out.append(decomposed[0] if decomposed[0].isascii() else ch)
    return "".join(out).replace("’", "'")


@lru_cache(maxsize=1)
def _alias_pattern() -> tuple[re.Pattern, dict[str, str]]:
    owner: dict[str, str] = {}
    parts = []
    for code, names in _LATIN.items():
        for name in names:
            owner[name] = code
    for code, names in _CJK.items():
        for name in names:
            owner[name] = code
    latin = sorted((n for c in _LATIN.values() for n in c), key=len, reverse=True)
    cjk = sorted((n for c in _CJK.values() for n in c), key=len, reverse=True)
    parts.append(r"\b(?:%s)\b" % "|".join(map(re.escape, latin)))
    parts.append(r"(?:по[-\s]?)?(?:%s)\w*" % "|".join(_CYRILLIC.values()))
    parts.append("|".join(map(re.escape, cjk)))
    return re.compile("|".join("(?:%s)" % p for p in parts)), owner


def _code_of(match_text: str, owner: dict[str, str]) -> str | None:
    if match_text in owner:
        return owner[match_text]
    for code, stem in _CYRILLIC.items():
        if stem in match_text:
            return code
    return None


def requested_language(text: str) -> str | None:
    """Return the language the message asks the assistant to use, or None."""
    if not text or not text.strip():
        return None
    folded = fold(text[:500])
    pattern, owner = _alias_pattern()
    matches = list(pattern.finditer(folded))
    if not matches:
        return None
    n_words = len(folded.split())
    # a long message that names a language usually asks about something else ("what are IRC and ERC in
    # Vietnamese?", "can I take my interview in Vietnamese?"): only a short one is a request
    leftover = _FILLER.sub(" ", pattern.sub(" ", folded))
    if len(re.findall(r"[^\W\d_]+", leftover)) > LONG_MESSAGE_WORDS:
        return None
    for m in matches:
        code = _code_of(m.group(0), owner)
        if code is None:
            continue
        before, after = folded[: m.start()], folded[m.end():]
        if m.group(0).startswith("по"):
            return code
        if _PRE_VERB.search(before) or _POST.search(after):
            return code
        if _PRE_PREP.search(before) and n_words <= 4:
            return code
    # A message that is nothing but a language name plus politeness
    # ("English please", "中文", "Deutsch?") is a request too.
    residue = pattern.sub(" ", folded)
    residue = _FILLER.sub(" ", residue)
    if not residue.strip():
        return _code_of(matches[0].group(0), owner)
    return None
