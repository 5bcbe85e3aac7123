"""Which country's passport a message speaks of: "I'm German", "je suis française", "我是美国人", "韓国籍です".

Every form is built from CLDR through Babel:
1. the territory names in the nine languages ("Germany", "Allemagne", "德国", "ドイツ", "Đức"), with their
   parenthesised alternatives ("Myanmar (Burma)" gives both);
2. the names of a country's own language used as adjectives ("German", "allemand", "немецкий"), for a
   language whose likely territory in CLDR is that country (de -> DE, ja -> JP, nl -> NL); languages that
   are the first language of many nations (English, Arabic, Portuguese) are left out;
3. regular derivations of those names in each language (Australia -> Australian, Mexique -> mexicain,
   México -> mexicano, Italien -> Italiener, Германия -> Германии, inflected endings such as française).
CLDR has no demonyms, so irregular ones ("American", "British", "Swiss", "américain", "Amerikaner",
"американец", "한국인", "người Mỹ") come from `nationality_supplement.yaml`, a short list kept beside
this file; a test checks that every code in it is a CLDR territory.

A form shared by two countries at the same level (Niger/Nigeria -> "Nigerian") is dropped, so an
ambiguous word never picks a passport. Viet Nam itself is never a visitor's nationality here.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from knowledge_base import yamlio

LANGS = ("en", "fr", "es", "de", "ru", "zh", "ja", "ko", "vi")
# CLDR locales whose country names a language's visitors also write: Chinese in Traditional characters (中國, 德國,
# 澳洲), as in Taiwan, Hong Kong and Macau (knowledge_base.scope reads its names from here too)
EXTRA_NAME_LOCALES = {"zh": ("zh_Hant",)}
HOME = "VN"
SUPPLEMENT = Path(__file__).with_name("nationality_supplement.yaml")
# first languages of many nations: their names say nothing about a passport
AMBIGUOUS_LANGUAGES = frozenset({"en", "ar", "pt"})
# forms: the name itself (0), the country's language as an adjective (1), a derivation (2)
NAME, LANGUAGE, DERIVED = 0, 1, 2

# inflected endings after a Latin or Cyrillic form ("française", "Deutscher", "Германии", "mexicanos")
ENDINGS = {
    "en": ("", "s"),
    "fr": ("", "e", "s", "es", "ne", "nes"),
    "es": ("", "s", "a", "as", "es"),
    "de": ("", "e", "er", "en", "es", "in", "innen", "n", "r", "s"),
    "ru": ("", "а", "у", "ом", "е", "и", "ы", "ой", "ей", "ю", "ия", "ии", "ию", "ий", "ая", "ое", "ие", "ого",
           "ому", "им", "ых", "ую", "ин", "ина", "ка", "ки", "цы", "ец", "цем", "ов", "ах", "ам"),
    "vi": ("",),
}
# Korean particles and nouns that may follow a country name: 독일인, 미국 사람, 일본 국적, 한국의
KO_AFTER = ("인", "사람", "국적", "여권", "출신", "은", "는", "이", "가", "의", "에서", "에", "으로", "로",
            "과", "와", "계", "시민", "국민", "이에요", "입니다", "이고")
# after a Chinese or Japanese name, these make it a language or script, not a country
CJK_NOT_AFTER = set("语語文話字")
# Vietnamese country names are also common words ("Pháp" law, "Đức" virtue, "Anh" you): a cue must come first
VI_CUES = ("người", "quốc tịch", "hộ chiếu", "công dân", "dân", "từ", "nước", "passport", "visa")
_KATAKANA = re.compile(r"[\u30a0-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_LETTER = re.compile(r"\w", re.UNICODE)


@dataclass(frozen=True)
class Mention:
    """One country found in a message: its ISO 3166 code, the words, and where they are."""

    code: str
    text: str
    start: int
    end: int


def _fold(text: str) -> str:
    # lower(), not casefold(): it keeps every offset, so a mention points at the visitor's own words
    return unicodedata.normalize("NFC", text).lower()


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


@functools.lru_cache(maxsize=1)
def territories() -> frozenset[str]:
    """ISO 3166 alpha-2 codes that CLDR names as territories (regions such as 001 or EU left out)."""
    from babel import Locale

    codes = Locale.parse("en").territories
    return frozenset(c for c in codes if len(c) == 2 and c.isalpha() and c not in {"EU", "EZ", "UN", "ZZ", "QO"}
                     and (not c.startswith("X") or c == "XK"))


def country_name(code: str, lang: str) -> str:
    """The CLDR name of a territory in a language ("DE", "fr" -> "Allemagne")."""
    from babel import Locale

    names = Locale.parse(lang).territories
    return names.get(code) or Locale.parse("en").territories.get(code) or code


def _name_variants(name: str) -> set[str]:
    out = {name}
    match = re.match(r"^(.*?)\s*\((.*)\)\s*$", name)
    if match:
        out |= {match.group(1).strip(), match.group(2).strip()}
    return {n for n in out if n}


def _derive(name: str, lang: str) -> set[str]:
    """Regular demonym derivations of a country name in one language (extra forms that never occur are harmless)."""
    n = name
    out: set[str] = set()
    if lang == "en":
        if n.endswith("ia") or n.endswith("a"):
            out.add(n + "n")  # Australia -> Australian, Cuba -> Cuban
        if n.endswith("y"):
            out |= {n[:-1] + "ian", n[:-1]}  # Italy -> Italian, Hungary -> Hungarian, Germany -> German
        if n.endswith("o"):
            out.add(n[:-1] + "an")  # Mexico -> Mexican
        if n.endswith("e"):
            out.add(n + "an")  # Chile -> Chilean, Singapore -> Singaporean
        if n.endswith("um"):
            out.add(n[:-2] + "an")  # Belgium -> Belgian
        if n[-1] not in "aeiouy":
            out |= {n + "ian", n + "ese", n + "i", n + "er"}  # Canada? Brazil -> Brazilian, Taiwan -> Taiwanese,
            # Pakistan -> Pakistani, Luxembourg -> Luxembourger
        if n.endswith("a"):
            out.add(n[:-1] + "ian")  # Canada -> Canadian
    elif lang == "fr":
        low = n
        if low.endswith("ique"):
            out.add(low[:-4] + "icain")  # Mexique -> mexicain
        if low.endswith("ie"):
            out.add(low[:-2] + "ien")  # Australie -> australien
        if low.endswith("e"):
            out |= {low[:-1] + "ien", low[:-1] + "ais"}  # Finlande -> finlandais
        if low.endswith("a"):
            out.add(low[:-1] + "ien")  # Canada -> canadien
        if low[-1] not in "aeiouy":
            out |= {low + "ien", low + "ais", low + "ois"}  # Brésil -> brésilien, Japon -> japonais
    elif lang == "es":
        plain = _strip_accents(n)
        if plain.endswith("o"):
            out.add(plain[:-1] + "ano")  # México -> mexicano
        if plain.endswith("a"):
            out |= {plain[:-1] + "o", plain + "no"}  # Argentina -> argentino, Australia -> australiano
        if plain.endswith("e"):
            out.add(plain + "no")  # Chile -> chileno
        if plain.endswith("u"):
            out.add(plain + "ano")  # Peru -> peruano
        if plain.endswith("ia"):
            out.add(plain[:-2] + "o")  # Bulgaria? -> bulgaro
    elif lang == "de":
        if n.endswith("ien"):
            out |= {n[:-3] + "ier", n + "er"}  # Spanien -> Spanier, Italien -> Italiener
        if n.endswith("a"):
            out.add(n + "ner" if n.endswith("ka") else n[:-1] + "ier")  # Kanada -> Kanadier, Amerika -> Amerikaner
        if n.endswith("o"):
            out.add(n[:-1] + "aner")  # Mexiko -> Mexikaner
        if n.endswith("land"):
            out.add(n[:-4] + "länder")  # Neuseeland -> Neuseeländer
        if n[-1] not in "aeiou":
            out.add(n + "er")  # Japan -> Japaner, Österreich -> Österreicher, Schweiz -> Schweizer
    elif lang == "ru":
        if n.endswith("ы"):
            out.add(n[:-1])  # Нидерланды -> Нидерланд(ов)
        if n.endswith("ия"):
            out.add(n[:-1])  # Германия -> Германи(и)
        elif n[-1] in "аяйь":
            out.add(n[:-1])  # Россия? Китай -> Кита(я)
    return {o for o in out if len(o) >= 3}


def _stem_ru(word: str) -> str:
    # the Russian adjective "немецкий" is matched by its stem "немецк" plus an ending ("немецкого")
    return word[:-2] if word.endswith(("ий", "ый", "ой")) and len(word) > 5 else word


@functools.lru_cache(maxsize=1)
def _supplement() -> dict[str, dict[str, list[str]]]:
    doc = yamlio.safe_load(SUPPLEMENT.read_text(encoding="utf-8")) or {}
    return {code: {lang: list(forms or []) for lang, forms in (langs or {}).items()}
            for code, langs in (doc.get("forms") or {}).items()}


def supplement_codes() -> set[str]:
    """The territory codes the irregular-forms file uses (a test checks them against CLDR)."""
    return set(_supplement())


@functools.lru_cache(maxsize=1)
def gazetteer() -> dict[str, dict[str, str]]:
    """Per language, every form (folded) -> the ISO code it names; forms shared by two countries are dropped."""
    from babel import Locale
    from babel.core import get_global
    from babel.languages import get_official_languages

    likely = get_global("likely_subtags")
    found: dict[str, dict[str, dict[str, int]]] = {lang: {} for lang in LANGS}

    def add(lang: str, form: str, code: str, level: int) -> None:
        form = _fold(form).strip()
        if len(form) < (1 if lang == "vi" else 2) or code == HOME:
            return
        slot = found[lang].setdefault(form, {})
        slot[code] = min(level, slot.get(code, level))
        if lang == "es" and form.endswith("o") and level:
            add(lang, form[:-1] + "a", code, level)  # mexicano -> mexicana

    codes = territories()
    for lang in LANGS:
        languages = Locale.parse(lang).languages
        for locale in (lang, *EXTRA_NAME_LOCALES.get(lang, ())):
            names = Locale.parse(locale).territories
            for code in codes:
                full = names.get(code, "")
                for name in _name_variants(full):
                    # "Внешние малые острова (США)": the part in brackets is weaker than a country's own name
                    add(lang, name, code, NAME if name == full or full.startswith(name) else DERIVED)
                    for form in _derive(name, lang):
                        add(lang, form, code, DERIVED)
        if lang in ("en", "fr", "es", "de", "ru"):
            for lcode, lname in languages.items():
                if "_" in lcode or lcode in AMBIGUOUS_LANGUAGES:
                    continue
                tag = likely.get(lcode, "")
                parts = tag.split("_")
                territory = parts[-1] if len(parts) >= 2 and len(parts[-1]) == 2 else None
                # only a language that is official where it is most spoken: "Swedish" is, "Ga" (Ghana) is not
                if territory in codes and lcode in get_official_languages(territory, de_facto=True):
                    form = _stem_ru(_fold(lname)) if lang == "ru" else lname
                    if lang == "de":
                        form = lname.split("-")[0]
                    add(lang, form, territory, LANGUAGE)
                    if lang == "es" and re.search(r"[áéíóú]n$|[áéíóú]s$", lname):
                        add(lang, _strip_accents(lname), territory, LANGUAGE)  # alemán -> alemana
    for code, per_lang in _supplement().items():
        for lang, forms in per_lang.items():
            for form in forms:
                add(lang, form, code, NAME)
                if lang == "es" and _strip_accents(form) != form:
                    add(lang, _strip_accents(form), code, NAME)  # holandés -> holandes(es)
    out: dict[str, dict[str, str]] = {}
    for lang, forms in found.items():
        table: dict[str, str] = {}
        for form, candidates in forms.items():
            best = min(candidates.values())
            winners = [c for c, level in candidates.items() if level == best]
            if len(winners) == 1:
                table[form] = winners[0]
        out[lang] = table
    return out


@functools.lru_cache(maxsize=1)
def _capital_forms() -> frozenset[str]:
    """Abbreviations ("US", "UK", "РФ") that name a country only in capitals: "tell us" is not the USA."""
    return frozenset(_fold(f) for per_lang in _supplement().values() for forms in per_lang.values() for f in forms
                     if f.replace(".", "").replace(" ", "").isupper() and len(f.replace(".", "")) <= 4)


def _boundary_ok(text: str, start: int, end: int, lang: str, form: str) -> str | None:
    """None when the form stands as a country here; otherwise why not. Returns the ending it took."""
    before = text[start - 1] if start > 0 else ""
    if lang in ("zh", "ja"):
        after = text[end] if end < len(text) else ""
        if after in CJK_NOT_AFTER:
            return None
        if _KATAKANA.match(form[0]) and before and _KATAKANA.match(before):
            return None
        if _KATAKANA.match(form[-1]) and after and _KATAKANA.match(after):
            return None
        return ""
    if lang == "ko":
        if before and _HANGUL.match(before):
            return None
        rest = text[end:]
        if not rest or not _HANGUL.match(rest[0]):
            return ""
        for tail in sorted(KO_AFTER, key=len, reverse=True):
            if rest.startswith(tail):
                return tail
        return None
    if before and _LETTER.match(before):
        return None
    rest = text[end:]
    for ending in sorted(ENDINGS.get(lang, ("",)), key=len, reverse=True):
        if rest.startswith(ending):
            after = rest[len(ending):len(ending) + 1]
            if not after or not _LETTER.match(after):
                return ending
    return None


@functools.lru_cache(maxsize=16)
def _pattern(lang: str) -> re.Pattern:
    forms = sorted(gazetteer()[lang], key=len, reverse=True)
    return re.compile("|".join(re.escape(f) for f in forms))


def find(text: str, langs: tuple[str, ...] = LANGS) -> list[Mention]:
    """Every country named in the text, in any of the given languages (longest form first, no overlaps)."""
    text = unicodedata.normalize("NFC", text)
    folded = text.lower()
    if len(folded) != len(text):  # a rare letter whose lower case is longer (İ): match without offsets drift
        folded = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    taken: list[tuple[int, int]] = []
    found: list[Mention] = []
    candidates = []
    for lang in langs:
        for m in _pattern(lang).finditer(folded):
            candidates.append((m.start(), -(m.end() - m.start()), lang, m.group(0)))
    for start, neg_len, lang, form in sorted(candidates):
        end = start - neg_len
        if any(s < end and start < e for s, e in taken):
            continue
        ending = _boundary_ok(folded, start, end, lang, form)
        if ending is None:
            continue
        if form in _capital_forms() and not text[start:end].isupper():
            continue
        if lang == "vi" and not _vi_cue(folded[:start]):
            continue
        code = gazetteer()[lang][form]
        taken.append((start, end + len(ending)))
        found.append(Mention(code, text[start:end + len(ending)], start, end + len(ending)))
    return sorted(found, key=lambda m: m.start)


def _vi_cue(before: str) -> bool:
    tail = before.rstrip()[-20:]
    return any(tail.endswith(cue) for cue in VI_CUES)


def without_countries(text: str) -> str:
    """The text with every country it names blanked out (what else does the message say?)."""
    text = unicodedata.normalize("NFC", text)
    for mention in sorted(find(text), key=lambda m: -m.start):
        text = text[:mention.start] + " " + text[mention.end:]
    return text


def nationality(text: str) -> str | None:
    """The one country the message names (the last one when it corrects itself), or None."""
    # "actually I have a British passport, not a German one": a correction names the new one first;
    # "I'm German but I live in France": the first is the passport. Either way the first one.
    found = find(text)
    return found[0].code if found else None
