"""Cheap, explainable evidence for short Latin-script chat messages.

langdetect is trained on Wikipedia-length text and is close to random on one
to five words; these tables carry most of the signal for such messages.
"""

from __future__ import annotations

import re
import unicodedata

from .requested import fold

LATIN_LANGS = ("en", "fr", "es", "de", "vi")

# Frequent function words and chat words, in folded form (no accents) so that
# they still fire when people omit accents. A word listed for several
# languages splits its weight between them.
_WORDS = {
    "en": """the is are am was i you your we my me it its this that there what where when how why
        which who do does did can could would should will to for of with from about and or not
        dont im need want have has get go thanks thank thx ty hello hi hey please pls yes no good
        morning evening night bye much many any some s t stay buy eat best safe like tell visit
        in on at by be if into our their they he she his her been were has had may must also than then just
        only very more most other such these those here now drink water available legal""",
    "fr": """le la les un une des du de d l est et ou je j tu il nous vous on ce c ca qui que qu quoi
        quel quelle quels quelles comment combien pourquoi quand pour par avec sans dans sur pas
        ne n mon ma mes merci bonjour bonsoir salut oui non svp stp plait beaucoup besoin faut peut
        peux puis voudrais veux aller accord tres bien aussi encore au aux chez toi moi suis""",
    "es": """el la los las un una unos de del que en es y o yo tu mi me te se lo le por para con sin
        como cuanto cuanta cuantos donde cuando cual hay puedo puede necesito quiero tengo gracias
        hola buenos buenas noches dias favor si no muy bien vale esta estoy tambien pero mas
        nada adios antes despues viajar visitar saber hacer comer ciudadanos pais""",
    "de": """der die das den dem des ein eine einen einem ich du er sie wir ihr es ist sind bin hat
        habe haben kann konnen muss brauche gibt wie was wo wann warum welche welcher viel mit fur
        von vom zu zum zur in im auf und oder nicht kein keine mein danke bitte hallo guten tag
        morgen abend tschuss ja nein gut sehr auch noch man ohne bei nach""",
    "vi": """toi ban co khong cua va cho dau gi nao bao nhieu tien duoc muon xin chao cam nhe anh chi
        em uong mua sao voi cai nay kia rat lam hoi thi ngay gia tot nhat dung khach nuoc ve
        minh biet ong nguoi nhung duoc""",
}
WORD_TABLE: dict[str, dict[str, float]] = {}
for _lang, _words in _WORDS.items():
    for _w in _words.split():
        WORD_TABLE.setdefault(_w, {})[_lang] = 1.0
for _w, _langs in WORD_TABLE.items():
    for _lang in _langs:
        _langs[_lang] = 1.0 / len(_langs)

# Loanwords, brand names and place names that visitors type in every
# language; they say nothing about the writer's language.
NEUTRAL = set("""ok okay oki k visa visas e evisa taxi hotel hotels wifi sim grab app apps bus pho banh mi
    hanoi ha noi saigon sai gon hcmc hcm ho chi minh da nang danang hoi an hue sapa nha trang ha long
    halong phu quoc dalat lat vietnam viet nam tet covid usd vnd dong atm tour lol haha xd""".split())

# Vietnamese proper nouns and dishes that foreigners write with diacritics
# inside sentences of their own language ("best phở in Hà Nội?"). Matched as
# whole phrases: on its own "cần" is the everyday Vietnamese word for "need".
_GAZETTEER_PHRASES = """phở|bánh mì|bún chả|bún bò|phở bò|hà nội|đà nẵng|hội an|huế|sài gòn|hồ chí minh
    |phú quốc|hạ long|vịnh hạ long|nha trang|đà lạt|cần thơ|mỹ sơn|tết|áo dài|gỏi cuốn|cà phê|việt nam
    |điện biên phủ|điện biên|củ chi|vũng tàu|mũi né|quy nhơn|phong nha|kẻ bàng|ninh bình|tràng an|bạch đằng
    |đổi mới|hà giang|hải phòng|quảng ninh|côn đảo|văn miếu|lê lợi|võ nguyên giáp|bánh chưng|bún bò huế"""
# The same names as foreigners usually type them, without diacritics ("What happened at Dien Bien Phu?").
# Only whole phrases of two or more words: on their own "can", "ne" or "an" are ordinary words elsewhere.
_PLAIN_PHRASES = """dien bien phu|dien bien|cu chi|can tho|vung tau|mui ne|quy nhon|phong nha|ke bang|ninh binh
    |trang an|bach dang|doi moi|ha giang|hai phong|quang ninh|con dao|van mieu|le loi|vo nguyen giap|my son
    |banh chung|bun cha|bun bo|ao dai|ba na|cat ba|tam coc|phan thiet|buon ma thuot|ban gioc|hoan kiem|ben thanh"""
GAZETTEER = {tuple(p.split()) for p in (_GAZETTEER_PHRASES + "|" + _PLAIN_PHRASES).split("|")}
_MAX_PHRASE = max(len(p) for p in GAZETTEER)

# Strong characters settle the language of a short message on their own.
_CHAR_WEIGHTS = {
    "¿": {"es": 3.0}, "¡": {"es": 3.0}, "ñ": {"es": 3.0},
    "ß": {"de": 3.0}, "ä": {"de": 2.0}, "ö": {"de": 2.0}, "ü": {"de": 2.0},
    "œ": {"fr": 3.0}, "ç": {"fr": 2.0},
    "è": {"fr": 1.2}, "à": {"fr": 1.2}, "ù": {"fr": 1.2}, "â": {"fr": 1.2}, "ê": {"fr": 1.2},
    "î": {"fr": 1.2}, "ô": {"fr": 1.2}, "û": {"fr": 1.2}, "ë": {"fr": 1.2}, "ï": {"fr": 1.2},
    "é": {"fr": 0.8, "es": 0.4},
    "á": {"es": 1.0}, "í": {"es": 1.0}, "ó": {"es": 1.0}, "ú": {"es": 1.0},
}
STRONG_CHAR = 2.0

# Words of unsupported Latin-script languages that no supported language
# uses (so "de", "il", "nie", "ile", "mille" are left out): two of them in a
# short message are better evidence than langdetect's guess.
_FOREIGN = {
    "pt": "nao obrigado obrigada voce muito pela pelo ao uma onde custa qual melhor epoca quanto quando isencao"
          " gorjeta torneira vacinas ficar cartao",
    "it": "quanto grazie bisogno gli della sono molto anche perche voglio posso qual migliore periodo pericoloso"
          " sicuro viaggio visto andare",
    "nl": "ik een het heb nodig voor wat veel zijn niet naar bezoeken beste tijd mijn kun moet hoe welke hoeveel"
          " fooi geven reistijd kraanwater",
    "pl": "czy jest jak sie dla potrzebuje wizy ile kosztuje jaka najlepsza",
    "id": "apakah saya untuk yang berapa biaya tidak bisa kapan waktu terima kasih terbaik",
    "tr": "icin kadar bir nasil nerede vize gerekli tesekkur",
    "sv": "jag behover och inte hur mycket vad",
    "da": "jeg skal hvad hvor meget ikke og",
}
FOREIGN_TABLE: dict[str, list[str]] = {}
for _lang, _words in _FOREIGN.items():
    for _w in _words.split():
        FOREIGN_TABLE.setdefault(_w, []).append(_lang)
# ã and õ outside a Vietnamese message are Portuguese ("Vietnã", "não").
_FOREIGN_CHARS = {"ã": "pt", "õ": "pt"}
_CHAR_CAP = 4.0

_TOKEN = re.compile(r"[^\W\d_]+")


def tokens(text: str) -> list[str]:
    """Split text into lower-case letter runs (apostrophes and hyphens split words)."""
    return _TOKEN.findall(unicodedata.normalize("NFC", text.lower()))


def is_vi_letter(ch: str) -> bool:
    """True for letters that in practice only Vietnamese uses."""
    o = ord(ch)
    # Latin Extended Additional U+1EA0..U+1EF9 holds the stacked vowels
    # (ạ ả ấ ầ ế ộ ữ ặ ...); ơ ư ă đ ĩ ũ sit in Latin Extended-A/B.
    return 0x1EA0 <= o <= 0x1EF9 or ch in "ơưăđĩũƠƯĂĐĨŨ"


def char_scores(text: str) -> dict[str, float]:
    """Score supported Latin languages by their distinctive characters."""
    scores = {lang: 0.0 for lang in LATIN_LANGS}
    for ch in text.lower():
        for lang, w in _CHAR_WEIGHTS.get(ch, {}).items():
            scores[lang] += w
    return {lang: min(s, _CHAR_CAP) for lang, s in scores.items()}


def word_scores(toks: list[str]) -> tuple[dict[str, float], dict[str, int]]:
    """Score languages by table words; also count the tokens that hit each language."""
    scores = {lang: 0.0 for lang in LATIN_LANGS}
    hits = {lang: 0 for lang in LATIN_LANGS}
    for tok in toks:
        for lang, w in WORD_TABLE.get(fold(tok), {}).items():
            scores[lang] += w
            hits[lang] += 1
    return scores, hits


def foreign_hits(toks: list[str]) -> dict[str, int]:
    """Count tokens that belong to each unsupported Latin-script language."""
    hits: dict[str, int] = {}
    for tok in toks:
        langs = list(FOREIGN_TABLE.get(fold(tok), []))
        langs += [_FOREIGN_CHARS[c] for c in set(tok) if c in _FOREIGN_CHARS]
        for lang in set(langs):
            hits[lang] = hits.get(lang, 0) + 1
    return hits


def _neutral_flags(toks: list[str]) -> list[bool]:
    """For each token, whether it is a neutral loanword or part of a Vietnamese name phrase."""
    flags, i = [False] * len(toks), 0
    while i < len(toks):
        for size in range(_MAX_PHRASE, 0, -1):
            if tuple(toks[i:i + size]) in GAZETTEER:
                flags[i:i + size] = [True] * size
                i += size
                break
        else:
            flags[i] = fold(toks[i]) in NEUTRAL
            i += 1
    return flags


def content_tokens(toks: list[str]) -> list[str]:
    """Drop neutral loanwords and Vietnamese proper nouns."""
    return [t for t, neutral in zip(toks, _neutral_flags(toks)) if not neutral]


def strip_neutral(text: str) -> str:
    """Remove neutral words from `text`, keeping case and punctuation for langdetect; a name of several words
    ("Dien Bien Phu") is recognised across the spaces between them."""
    words = text.split()
    per_word = [tokens(w) for w in words]
    flags = _neutral_flags([t for toks in per_word for t in toks])
    kept, at = [], 0
    for word, toks in zip(words, per_word):
        mine = flags[at:at + len(toks)]
        at += len(toks)
        if toks and not all(mine):
            kept.append(word)
    return " ".join(kept)
