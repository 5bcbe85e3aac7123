"""Language detection for short chat messages, and the answer-language policy."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

from . import backend, evidence
from .names import SUPPORTED, normalize_code
from .requested import requested_language

# Scripts that identify one supported language on their own.
_CJK = {"CJK", "HIRAGANA", "KATAKANA", "KATAKANA-HIRAGANA", "HALFWIDTH", "HANGUL", "IDEOGRAPHIC"}
# Scripts of unsupported languages; langdetect refines the ones shared by
# several languages (Arabic script: ar/fa/ur; Devanagari: hi/mr/ne).
_OTHER_SCRIPTS = {
    "ARABIC": "ar", "HEBREW": "he", "THAI": "th", "DEVANAGARI": "hi", "GREEK": "el",
    "BENGALI": "bn", "TAMIL": "ta", "TELUGU": "te", "KANNADA": "kn", "MALAYALAM": "ml",
    "GUJARATI": "gu", "GURMUKHI": "pa", "GEORGIAN": "ka", "ARMENIAN": "hy", "KHMER": "km",
    "LAO": "lo", "MYANMAR": "my", "SINHALA": "si", "ETHIOPIC": "am", "TIBETAN": "bo",
}
_SCRIPT_FAMILY = {"ARABIC": ("ar", "fa", "ur"), "DEVANAGARI": ("hi", "mr", "ne")}
# Cyrillic letters that Russian never uses, per language langdetect knows.
_NOT_RUSSIAN = {"uk": "іїєґ", "mk": "ѓќѕљњџј", "bg": ""}
# everyday Russian words that Ukrainian, Macedonian and Bulgarian spell otherwise: one of them keeps a
# message Russian whatever langdetect's guess ("Нужна ли виза на Кипр?" is not Macedonian)
_RUSSIAN_WORDS = {"что", "это", "нужна", "нужно", "нужен", "можно", "сколько", "почему", "где", "какой", "какая",
                  "какие", "вьетнам", "вьетнаме", "вьетнама", "визу", "есть", "мне", "нам"}
_URL = re.compile(r"https?://\S+|www\.\S+|\S+@\S+\.\w+|@\w+|#\w+")
_ANALYSED_CHARS = 2000
# a bracketed aside: (…), （…）, […]
_BRACKETED = re.compile(r"[(（\[][^()（）\[\]]*[)）\]]")
LATIN = ("en", "fr", "es", "de", "vi")
# Unsupported languages that langdetect confuses with a supported one (it calls short Spanish "pt" or "ca" and
# short German "nl" or "af"): its guess of one of these counts only with a word or letter of the language itself
# ("Vale la pena ir a Hue?" is Spanish, "A qué hora abre?" is not Portuguese).
# (Italian is not one of them: langdetect seldom calls a supported message Italian, and a sure guess of it is
# usually right, "Quale valuta conviene portare?".)
_NEAR = {"pt", "gl", "ca", "nl", "af", "lb"}
# langdetect's close relatives of the languages the word and letter tables know
_FAMILY = {"gl": "pt", "af": "nl", "no": "da", "sk": "cs"}
# Romanian writes ă at the end of words and before vowels and z ("viză", "durează"); Vietnamese only before a
# final consonant ("ăn", "năm", "mắt"), and never beside ș, ț or î
_ROMANIAN = re.compile(r"[șțşţî]")
_VI_BREVE = re.compile(r"ă(?=[cmnpt])")


@dataclass(frozen=True)
class Detection:
    """What a message is written in, and how sure we are."""

    language: str | None
    candidate: str
    confidence: float
    reliable: bool
    reason: str


@dataclass(frozen=True)
class Decision:
    """The language to answer in, and why."""

    language: str
    switched: bool
    unsupported: str | None
    reason: str


def _script(ch: str) -> str:
    try:
        name = unicodedata.name(ch)
    except ValueError:
        return ""
    word = name.split()[0]
    if word == "HALFWIDTH":
        word = name.split()[1]
    return word


def _script_weights(text: str) -> dict[str, float]:
    # A CJK character carries about as much as a Latin word, so letters of
    # alphabetic scripts count a quarter each. Neutral Latin words ("visa",
    # "Hanoi") do not count at all: "Hanoi 맛집" is Korean.
    weights: dict[str, float] = {}
    latin_ok = set(evidence.content_tokens(evidence.tokens(text)))
    for tok in re.findall(r"[^\W\d_]+", unicodedata.normalize("NFC", text.lower())):
        for ch in tok:
            script = _script(ch)
            if script in ("LATIN",) and tok not in latin_ok:
                continue
            if script in _CJK:
                script = "HANGUL" if script == "HANGUL" else "CJK"
                weights[script] = weights.get(script, 0.0) + 1.0
            elif script:
                weights[script] = weights.get(script, 0.0) + 0.25
    return weights


def _cjk(text: str) -> Detection:
    hangul = kana = han = 0
    for ch in text:
        s = _script(ch)
        if s == "HANGUL":
            hangul += 1
        elif s in ("HIRAGANA", "KATAKANA", "KATAKANA-HIRAGANA"):
            kana += 1
        elif s in ("CJK", "IDEOGRAPHIC"):
            han += 1
    if hangul and hangul >= kana:
        return Detection("ko", "ko", 0.99, True, "script:hangul")
    if kana:
        return Detection("ja", "ja", 0.99, True, "script:kana")
    if han <= 2:
        return Detection("zh", "zh", 0.6, True, "script:han-short(zh|ja)")
    return Detection("zh", "zh", 0.97, True, "script:han")


def _cyrillic(text: str, n_words: int) -> Detection:
    lower = text.lower()
    lang, p = backend.top(backend.probabilities(text))
    if lang in _NOT_RUSSIAN and lang != "ru":
        marked = any(ch in lower for ch in _NOT_RUSSIAN[lang])
        if not marked and _RUSSIAN_WORDS & set(re.findall(r"\w+", lower)):
            return Detection("ru", "ru", 0.95, True, f"script:cyrillic, russian words (langdetect {lang}={p:.2f})")
        # Russian is one of the nine, so the bar for calling Cyrillic text
        # something else is high: its own letters or a long, certain guess.
        if (marked and p >= 0.9 and n_words >= 2) or (p >= 0.99 and n_words >= 4):
            return Detection(None, lang, p, True, f"script:cyrillic, langdetect {lang}={p:.2f}")
    return Detection("ru", "ru", 0.98, True, "script:cyrillic")


def _other_script(text: str, script: str) -> Detection:
    cand = _OTHER_SCRIPTS.get(script, script.lower())
    family = _SCRIPT_FAMILY.get(script)
    if family:
        probs = backend.probabilities(text)
        best = max(family, key=lambda lang: probs.get(lang, 0.0))
        if probs.get(best, 0.0) > 0.5:
            cand = best
    return Detection(None, cand, 0.95, True, f"script:{script.lower()}")


def _softmax(scores: dict[str, float]) -> dict[str, float]:
    m = max(scores.values())
    exp = {k: math.exp(v - m) for k, v in scores.items()}
    total = sum(exp.values())
    return {k: v / total for k, v in exp.items()}


def _vi_word(tok: str, romanian: bool) -> bool:
    """True for a word written with a letter only Vietnamese uses (a plain ă counts only where Vietnamese puts it)."""
    for i, ch in enumerate(tok):
        if ch == "ă":
            if not romanian and _VI_BREVE.match(tok, i):
                return True
        elif evidence.is_vi_letter(ch):
            return True
    return False


def _unsupported(content: list[str], stripped: str, best: str, hits: dict[str, int], raw_lang: str, raw_p: float,
                 restricted_total: float, foreign: dict[str, int], full: dict[str, float]) -> Detection | None:
    """An unsupported language, when its own words, its own letters or a sure langdetect outweigh what only
    `best` (the likeliest supported language) uses; else None. Calling a message unsupported is the costlier
    mistake, so words the two languages share ("que", "in", "is") count for neither, and a strong character of
    `best` that the other language does not write ("ñ", "ß") rules it out."""
    n = len(content)
    cands = [raw_lang] if raw_lang and raw_lang not in SUPPORTED else []
    # a tie goes to the language langdetect finds likelier (full: its probabilities), as in _latin
    cands += sorted((lang for lang in foreign if lang not in cands),
                    key=lambda lang: (-foreign[lang], -full.get(lang, 0.0)))
    for cand in cands:
        family = _FAMILY.get(cand, cand)
        marks = foreign.get(family, 0)
        only_best = evidence.exclusive_hits(content, best, family)
        chars = evidence.char_scores(stripped, ignore=evidence.LETTERS_OF.get(cand, ""))[best]
        if chars >= evidence.STRONG_CHAR:
            continue
        agrees = bool(raw_lang) and _FAMILY.get(raw_lang, raw_lang) == family
        named = family if marks else cand  # Dutch words that langdetect calls Afrikaans are Dutch
        # words or letters only that language uses outnumber the words only the supported one uses
        if marks >= 2 and marks > only_best and (n >= 3 or only_best == 0):
            return Detection(None, named, 0.9, True, f"{marks} {family} words, {only_best} only {best}")
        # one of them, nothing only the supported language uses, and langdetect agrees or at least does not
        # favour a supported language ("Visum nodig?", "Is Grab goedkoop?")
        if marks >= 1 and only_best == 0 and ((agrees and raw_p >= 0.5) or (raw_lang not in SUPPORTED
                                                                             and restricted_total < 0.5)):
            return Detection(None, named, 0.85, True,
                             f"langdetect {raw_lang}={raw_p:.2f}, {marks} {family} words, 0 only {best}")
        # langdetect sure of a language next to none of the nine, and little that only the supported one uses
        if cand == raw_lang and raw_p >= (0.7 if marks else 0.9) and restricted_total <= 0.3 and n >= 3 \
                and only_best / n < 0.5:
            if marks == 0 and (cand in _NEAR or (best == "vi" and hits["vi"] >= 2)):
                continue
            # on three words langdetect guesses ("I'm German" is Indonesian to it, "Dong to euro rate?" Italian):
            # with none of the language's own words, one word of any supported language it does not share keeps
            # the message
            if marks == 0 and n <= 3 and any(evidence.exclusive_hits(content, lang, family) for lang in LATIN):
                continue
            return Detection(None, named, raw_p, True,
                             f"langdetect {raw_lang}={raw_p:.2f}, {marks} {family} words, {only_best}/{n} only {best}")
    return None


def _latin(text: str) -> Detection:
    toks = evidence.tokens(text)
    content = evidence.content_tokens(toks)
    romanian = bool(_ROMANIAN.search(text.lower()))
    vi_words = [t for t in content if _vi_word(t, romanian)]
    if not content:
        # Only loanwords or place names ("ok", "visa?", "Hà Nội"): English is
        # the usual lingua franca, but nothing here should move a session.
        return Detection("en", "", 0.3, False, "neutral words only")
    if vi_words:
        # Once one word is unmistakably Vietnamese, other accented words
        # ("tôi", "là") and unaccented Vietnamese words count for it too.
        support = [t for t in content
                   if not t.isascii() or "vi" in evidence.WORD_TABLE.get(t, {})]
        if len(support) / len(content) >= 0.34:
            reliable = len(support) >= 2 or len(content) >= 3
            return Detection("vi", "vi", 0.97, reliable,
                             f"vietnamese letters, {len(support)}/{len(content)} words")

    # langdetect sees the message without loanwords and place names, which
    # otherwise pull short messages toward random languages.
    stripped = evidence.strip_neutral(text) or text
    full = backend.probabilities(stripped)
    words, hits = evidence.word_scores(content)
    # accents of the names ("Hà Nội", "Phú Quốc") are no evidence for French or Spanish
    chars = evidence.char_scores(stripped)
    restricted_total = sum(full.get(lang, 0.0) for lang in LATIN)
    n = len(content)
    # langdetect is noise on one or two words, so its say grows with length
    # while the word and character tables carry short messages.
    trust = min(1.0, 0.25 * n)
    logits = {}
    for lang in LATIN:
        p = full.get(lang, 0.0) / restricted_total if restricted_total > 0 else 0.2
        logits[lang] = trust * math.log(p + 0.05) + 2.0 * words[lang] + chars[lang]
    post = _softmax(logits)
    best = max(post, key=post.get)
    conf = post[best]

    raw_lang, raw_p = backend.top(full)
    foreign = evidence.foreign_hits(content)
    # a tie between two languages' own words ("Qual moeda devo levar?": two Portuguese words that are Italian too) goes to
    # the one langdetect finds likelier; before, it went to whichever came first in the process's string hashing
    f_lang = max(foreign, key=lambda lang: (foreign[lang], full.get(lang, 0.0))) if foreign else ""
    weak = hits[best] / n < 0.5
    # Calling a message unsupported is the costlier mistake, so it takes a
    # long message, weak evidence for every supported language, and either
    # a very sure langdetect or several words only that language uses.
    # (two words are enough when both are that language's own and no supported language claims either:
    # "Berapa biaya e-visa?")
    if weak and f_lang and foreign[f_lang] >= 2 and foreign[f_lang] > hits[best] and (n >= 3 or hits[best] == 0):
        return Detection(None, f_lang, 0.9, True,
                         f"{foreign[f_lang]} {f_lang} words, weak {best} evidence")
    # langdetect all but certain of an unsupported language, with a word only that language uses, outweighs
    # a few short words it shares with French or Spanish ("ma il Vietnam è pericoloso?")
    if (raw_lang and raw_lang not in SUPPORTED and raw_p >= 0.999 and restricted_total < 1e-3 and n >= 3
            and foreign.get(raw_lang, 0) >= 1 and hits[best] <= foreign[raw_lang] + 1):
        return Detection(None, raw_lang, raw_p, True,
                         f"langdetect {raw_lang}={raw_p:.3f}, {foreign[raw_lang]} {raw_lang} words")
    found = _unsupported(content, stripped, best, hits, raw_lang, raw_p, restricted_total, foreign, full)
    if found:
        return found

    strong_char = chars[best] >= evidence.STRONG_CHAR
    # Elided articles ("d'accord", "it's") are split off as one-letter
    # tokens; they must not make a one-word message look like two.
    words_n = sum(1 for t in content if len(t) > 1)
    _, long_hits = evidence.word_scores([t for t in content if len(t) > 1])
    # Inverted punctuation is typed only by people writing Spanish, so it
    # settles even "¿Necesito visa?".
    spanish_punct = best == "es" and ("¿" in text or "¡" in text)
    reliable = conf >= 0.75 and (
        words_n >= 3 or spanish_punct
        or (words_n >= 2 and (long_hits[best] >= 2 or strong_char)))
    cand = best if raw_lang in SUPPORTED or not raw_lang or raw_p < 0.5 else raw_lang
    return Detection(best, cand, round(conf, 3), reliable,
                     f"latin {best}={conf:.2f} words={words[best]:.1f} chars={chars[best]:.1f} n={n}")


def detect(text: str) -> Detection:
    """Detect the language of a chat message."""
    if not text or not text.strip():
        return Detection(None, "", 0.0, False, "empty")
    text = _URL.sub(" ", text[:_ANALYSED_CHARS])
    # a term glossed in brackets is not the language of the sentence around it: "Visa phối ngẫu Nhật Bản
    # (日本人の配偶者等) là gì?" is Vietnamese, "Tết (节日) là gì?" too; the brackets decide only when nothing is outside
    outside = _BRACKETED.sub(" ", text)
    weights = _script_weights(outside) if outside != text else {}
    if weights:
        text = outside
    else:
        weights = _script_weights(text)
    if not weights:
        # Emoji, digits or punctuation only, or nothing but loanwords.
        if evidence.tokens(text):
            return _latin(text)
        return Detection(None, "", 0.0, False, "no letters")
    script = max(weights, key=weights.get)
    n_words = len(text.split())
    if script == "HANGUL" or script == "CJK":
        return _cjk(text)
    if script == "CYRILLIC":
        return _cyrillic(text, n_words)
    if script == "LATIN":
        return _latin(text)
    return _other_script(text, script)


def _short_han(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return 0 < len(letters) <= 2 and all(_script(ch) == "CJK" for ch in letters)


FIRST_MESSAGE_CONFIDENCE = 0.6


_CJK_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def only_a_country(text: str) -> bool:
    """True when a message is a country or nationality and at most one more word ("German passport")."""
    from visa.nationality import find, without_countries

    if len(text) > 60 or not find(text):
        return False
    rest = without_countries(text)
    # Chinese, Japanese and Korean run words together: each of their characters counts as a word
    cjk = len(_CJK_CHAR.findall(rest))
    words = len(re.findall(r"[^\W\d_]+", _CJK_CHAR.sub(" ", rest)))
    return words + cjk <= 1
# the reasons of a language the visitor chose (menu) or asked for ("can we speak Japanese?")
EXPLICIT, ASKED = "explicit selection", "asked for in the message"


def choose_language(text: str, session_lang: str | None = None, hint: str | None = None,
                    explicit: str | None = None) -> Decision:
    """Decide which supported language to answer `text` in."""
    session = normalize_code(session_lang)
    page = normalize_code(hint)

    def decide(lang: str, reason: str, unsupported: str | None = None) -> Decision:
        return Decision(lang, session is not None and lang != session, unsupported, reason)

    chosen = normalize_code(explicit)
    if chosen:
        return decide(chosen, EXPLICIT)
    asked = requested_language(text or "")
    if asked:
        return decide(asked, ASKED)
    if session and only_a_country(text or ""):
        # "German", "Japon", "US passport": the answer to "which passport?" names a country, not a language
        return decide(session, "kept session (a nationality)")
    det = detect(text or "")
    if det.reliable and det.language is None and det.candidate:
        return decide(session or page or "en", f"unsupported {det.candidate}: {det.reason}",
                      det.candidate)
    if det.reliable and det.language:
        # One or two Han characters read the same in Japanese ("空港").
        if det.language == "zh" and session == "ja" and _short_han(text):
            return decide("ja", "short han text, kept ja session")
        return decide(det.language, f"detected: {det.reason}")
    if session:
        return decide(session, f"kept session ({det.reason})")
    # a first message like "Bonjour" or "Danke" says more about the visitor than the page's language does
    if det.language and det.confidence >= FIRST_MESSAGE_CONFIDENCE and det.language != page:
        return decide(det.language, f"first message: {det.reason}")
    if page:
        return decide(page, f"page hint ({det.reason})")
    if det.language:
        return decide(det.language, f"best guess: {det.reason}")
    return decide("en", f"default ({det.reason})")
