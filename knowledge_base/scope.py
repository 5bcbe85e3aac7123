"""Scope check: a question about another country is not ours to answer, however close its wording.

"Do I need a visa for Thailand?" embeds almost exactly like the Viet Nam visa entry. Country names
come from CLDR (via babel) in the nine languages; a question is out of scope when it names a
country other than Viet Nam, does not mention Viet Nam, and the matched entry never names that
country either (so "Is Germany on the visa-exemption list?" still gets the exemption entry).

A question about Viet Nam's own nationality ("子どもはベトナム国籍を取れますか", "can he keep Vietnamese nationality?") is about
Viet Nam wherever the child was born, and Vietnamese people abroad coming home ("Người Việt Nam định cư ở Mỹ về
nước…") ask about Viet Nam whatever country they live in. So do Vietnamese citizens abroad asking about their own
passport or a birth to register at a mission ("Tôi bị mất hộ chiếu ở Đức"); those entries are offered only to
questions that may come from such citizens (for_vietnamese_citizens).

A country named as a nationality ("私はドイツ人です", "citizens of Germany") is the visitor's passport, not a
destination, and does not make a question foreign. Naming Viet Nam only as the asker's nationality does not
bring a question into scope: "How long can Vietnamese citizens stay in Japan?" is about Japan. Such phrases ("Vietnamese citizens", "ベトナム人",
"người Việt Nam") are set aside before looking for Viet Nam, and then Viet Nam's neighbours count as
other countries too, since the question no longer names Viet Nam ("越南人去中国需要签证吗?").

Another country's own visa ("Xin visa Nhật Bản có khó không", "Visum für Japan", "日本签证") is that country's, even
when the closest entry names the country (Viet Nam's exemption list names Japan); "Germany visa exemption" is left
alone, since visitors ask that way whether their country is on Viet Nam's list. A land neighbour's visa ("China visa",
"Laos visa on arrival"), a visa named by its country's adjective ("a Thai visa", "US visa") and one asked from Viet Nam
("How long does it take to get a US visa from Vietnam?") are another country's too, unless Viet Nam's own visa is named
("I have a US visa, do I need a Vietnam visa?") or Viet Nam is where the asker is going ("Can I enter Vietnam with a US
visa?").
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
# entries about coming into Viet Nam (their ids' prefixes)
ENTRY_RULES = ("visa-", "entry-")
# entries for Vietnamese citizens abroad (their passports, births and marriages at a mission): about Viet Nam wherever
# the asker lives, and for nobody else (see for_vietnamese_citizens)
CITIZEN_ENTRIES = "citizen-"
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


KATAKANA = re.compile(r"^[\u30a0-\u30ff]+$")
HAN = re.compile(r"^[\u3400-\u9fff]+$")


# everyday names CLDR does not give (it has "South Korea", "대한민국", "Соединенные Штаты", "アメリカ合衆国")
ALIASES = {
    "KR": {"korea", "corée", "corea", "корея", "한국", "南韓", "韓國"},
    "US": {"usa", "u.s.a.", "ee. uu.", "ee.uu.", "сша", "米国", "アメリカ", "美國", "nước mỹ"},
    "GB": {"uk", "britain", "great britain", "британия", "英國", "anh quốc"},
    "AU": {"호주", "豪州"},
    "RU": {"российская федерация", "nước nga"},
    "TW": {"臺灣", "台灣"},
    # partners of the relations entries of round 20, as askers write them where CLDR's name differs; Vietnamese
    # one-word names ("Ý", "Bỉ", "Séc") are also ordinary words (idea, ..., cheque), so only with "nước"
    "CZ": {"czech republic", "république tchèque", "república checa", "tschechische republik", "cộng hòa séc",
           "nước séc"},
    "NL": {"holland", "hollande", "holanda"},
    "IT": {"italia", "i-ta-li-a", "nước ý"},
    "BE": {"nước bỉ", "vương quốc bỉ"},
    "BR": {"braxin", "bra-xin"},
    "AR": {"ác-hen-ti-na"},
    "CA": {"ca-na-đa"},
}
CYRILLIC_WORD = re.compile(r"^[а-яё -]+$")
CONSONANTS = "бвгджзклмнпрстфхцчшщ"


def _russian_cases(name: str) -> str:
    """A pattern for a Russian country name in its case forms: Россия, России, Россией; Российской Федерацией."""
    if " " in name:
        return r"\s+".join(_russian_cases(word) for word in name.split())
    if name.endswith("ая"):
        return re.escape(name[:-2]) + "(?:ая|ой|ую|ою)"
    if name.endswith("ия") or name.endswith("ея"):
        return re.escape(name[:-1]) + "(?:я|и|ю|ей|ею)"
    if name.endswith("а") and len(name) > 1 and name[-2] in CONSONANTS:  # Куба, not Самоа
        return re.escape(name[:-1]) + "(?:а|ы|и|е|у|ой|ою)"
    if name.endswith("й"):
        return re.escape(name[:-1]) + "(?:й|я|ю|ем|е)"
    if name[-1] in CONSONANTS:
        return re.escape(name) + "(?:а|у|ом|е)?"
    return re.escape(name)


def _probe(name: str) -> str:
    """A piece every match of the name's pattern contains, for a quick look before the regular expression: the name,
    or for a Russian one the stem of its first word (Росси in России, Российской)."""
    if CYRILLIC_WORD.match(name):
        first = name.split()[0]
        return first[:-2] if len(first) > 4 else first[:-1]
    return name


@functools.lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, re.Pattern, tuple[str, ...]]]:
    """A pattern per country for its names in the nine languages, with the probes that any match contains."""
    from babel import Locale

    from visa.nationality import EXTRA_NAME_LOCALES  # the one list of extra name locales (Traditional Chinese)

    found: dict[str, set[str]] = {}
    for lang in (*LANGS, *(locale for locales in EXTRA_NAME_LOCALES.values() for locale in locales)):
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
    for code, names in ALIASES.items():
        found.setdefault(code, set()).update(names)
    patterns = []
    for code, names in found.items():
        alts = sorted(names, key=len, reverse=True)
        groups = {"latin": [], "katakana": [], "han": [], "hangul": []}
        for name in alts:
            kind = ("katakana" if KATAKANA.match(name) else "han" if HAN.match(name)
                    else "hangul" if CJK.search(name) else "latin")
            groups[kind].append(_russian_cases(name) if CYRILLIC_WORD.match(name) else re.escape(name))
        parts = []
        if groups["latin"]:
            parts.append(r"(?<!\w)(?:" + "|".join(groups["latin"]) + r")(?!\w)")
        if groups["katakana"]:
            # a katakana name inside a longer katakana word is another word: タイ in タイプ (type), ネクタイ (tie)
            parts.append(r"(?<![\u30a0-\u30ff])(?:" + "|".join(groups["katakana"]) + r")(?![\u30a0-\u30ff])")
        if groups["han"]:
            parts.append(r"(?:" + "|".join(groups["han"]) + r")(?![語语])")  # 日本語: the language, not Japan
        if groups["hangul"]:
            # particles follow names directly ("인도에"); 한국어 is the language, not the country
            parts.append(r"(?:" + "|".join(groups["hangul"]) + ")(?!어)")
        patterns.append((code, re.compile("|".join(parts), re.IGNORECASE), tuple(_probe(name) for name in alts)))
    return patterns


# Viet Nam named as the nationality of people: "Vietnamese citizens", "越南人", "người Việt Nam"
VIETNAMESE_PEOPLE = re.compile(
    r"vietnamese\s+(?:citizens?|nationals?|people|persons?|passport(?:\s+holders?)?|residents?|students?|"
    r"workers?|travell?ers?|tourists?|nationality)|"
    r"(?:citoyens?|ressortissants?|touristes?|étudiants?|personnes?)\s+vietnamien(?:ne)?s?|(?<!\w)(?:les\s+)?vietnamiens(?!\w)|"
    r"(?:ciudadanos?|turistas?|estudiantes?|personas?)\s+vietnamitas?|(?<!\w)los\s+vietnamitas(?!\w)|"
    r"vietnames(?:ische[nr]?\s+(?:staatsbürger\w*|bürger\w*|staatsangehörige\w*|reisende\w*|studierende\w*)|en(?!\w))|"
    r"вьетнамц\w*|граждан\w*\s+вьетнама|"
    r"(?:người|công dân|du khách|sinh viên|lao động)\s+(?:việt nam|việt|vn)(?!\w)|hộ chiếu (?:việt nam|vn)|"
    r"越南(?:华人|華人|人|公民|籍|护照|護照)|ベトナム(?:人|国籍|籍)|베트남\s?(?:인|사람|국적|여권)",
    re.IGNORECASE)


# Viet Nam's nationality as the thing asked about ("子どもはベトナム国籍を取れますか", "베트남 국적을 받을 수 있나요",
# "能取得越南国籍吗"), not as a description of people ("ベトナム国籍の人", "Vietnamese nationals"): a question on
# Viet Nam's nationality law is about Viet Nam wherever the child was born
NATIONALITY_OF_VIETNAM = re.compile(
    r"ベトナム国籍(?:を|は|が|に|取得|について)|베트남\s?국적(?:을|를|은|는|이|가|\s?취득|\s?신청|\s?회복|\s?포기)|"
    r"(?:取得|获得|獲得|申请|申請|加入|恢复|恢復|保留|放弃|放棄|选择|選擇|拿)越南(?:国籍|國籍)|越南(?:国籍|國籍)(?:吗|嗎|呢)|"
    r"(?:get|obtain|acquire|have|keep|hold|lose|regain|renounce|apply for|choose|pass on)\s+(?:\w+\s+){0,2}?"
    r"vietnamese\s+(?:nationality|citizenship)|"
    r"nationalité\s+vietnamienne|(?:nacionalidad|ciudadanía)\s+vietnamita|"
    r"vietnamesische\w*\s+(?:staatsangehörigkeit|staatsbürgerschaft)|"
    r"гражданств\w*\s+(?:вьетнама|срв)|вьетнамск\w+\s+гражданств|"
    r"(?:giữ|nhập|xin|thôi|trở lại|khôi phục|mất|lấy|được có)\s+(?:lại\s+|nguyên\s+)?quốc tịch việt nam",
    re.IGNORECASE)


# Vietnamese people coming home, in Vietnamese: "Người Việt Nam định cư ở Mỹ về nước". Other languages' "return home"
# (回国, 帰国, 귀국) is ambiguous: "日本に一時帰国したいけど、ベトナム人の配偶者のビザは?" is a Japanese asker going home
HOME_RETURN = re.compile(r"(?<!\w)về (?:nước|quê hương|quê nhà)(?!\w)", re.IGNORECASE)


# a Vietnamese citizen's own papers, in the nine languages: "my Vietnamese passport", "passeport vietnamien",
# "vietnamesischen Pass", "вьетнамский паспорт", "越南护照", "ベトナムのパスポート", "베트남 여권", or a Vietnamese spouse or
# parent ("my wife is Vietnamese", "mère vietnamienne", "vợ tôi là người Việt")
CITIZEN_PAPERS = re.compile(
    r"vietnamese\s+(?:\w+\s+)?(?:passport|embassy|consulate|mission|birth|child|baby|son|daughter|citizens?|nationals?|"
    r"parents?|mother|father|wife|husband|spouse|civil)|(?:wife|husband|spouse|mother|father|parents?|partner)\s+"
    r"(?:is|are)\s+vietnamese|(?:i'?m|i am|we are|we're|both)\s+(?:both\s+)?vietnamese|"
    r"(?:passeport|ambassade|consulat|état civil|acte de naissance|enfant|bébé|fils|fille|citoyen|ressortissant|mère|"
    r"père|parents?|épouse|époux|femme|mari|conjoint)\w*\s+(?:\w+\s+)?(?:(?:est|sont)\s+)?vietnamien|"
    r"(?:je suis|nous sommes)\s+(?:tous deux\s+)?vietnamien|(?:ambassade|consulat)\s+du\s+vietnam|"
    r"(?:pasaporte|embajada|consulado|misi[oó]n|registro civil|partida de nacimiento|hij[oa]|beb[eé]|ciudadan[oa]|nacional|"
    r"madre|padre|"
    r"esposa|esposo|marido|mujer|cónyuge)(?:s|es)?\s+(?:\w+\s+)?(?:(?:es|son)\s+)?vietnamitas?|"
    r"(?:soy|somos|dos)\s+vietnamitas?|(?:embajada|consulado)\s+de\s+vietnam|"
    r"vietnamesisch\w*\s+(?:\w+\s+)?(?:\w*pass|botschaft|konsulat|geburt|kind|personenstand|staatsbürger|mutter|vater|"
    r"eltern|ehefrau|ehemann|frau|mann)|(?:ich bin|wir sind)\s+(?:beide\s+)?vietnames|vietnamesin|"
    r"(?:botschaft|konsulat)\s+(?:von\s+)?vietnam|"
    r"вьетнамск\w*\s+(?:\w+\s+)?(?:паспорт|загран|посольств|консульств|ребён|ребен|свидетельств|реестр|гражданин|"
    r"граждан|жен|муж|мат|отц|родител)|(?:посольств|консульств)\w*\s+вьетнама|состояния\s+вьетнама|вьетнамк\w*|"
    r"越南(?:护照|護照|使馆|使館|大使馆|大使館|领事|領事|孩子|小孩|子女|公民|国民|國民|户籍|戶籍|妻子|丈夫|配偶|父母|母亲|"
    r"母親|父亲|父親)|ベトナムの(?:新しい)?(?:パスポート|旅券)|ベトナム(?:旅券|国民|大使館|領事館|公館)|在外ベトナム|"
    r"베트남\s?(?:국민|대사관|영사관|공관|재외공관|아이|자녀)|ghi ch[úu](?!\w)|"
    r"베트남\s?여권(?:을|를|이|은)?\s?(?:\S+\s)?(?:새로|잃어|분실|도난|재발급|갱신|연장|대사관|해외|14세|다시)|해외에서\s?베트남\s?여권",
    re.IGNORECASE)
KOREAN_PASSPORT_FOR_VIETNAM = re.compile(r"베트남\s?여권")
# a Vietnamese question from or about a foreigner: "người nước ngoài bị mất hộ chiếu"
FOREIGNER_VI = re.compile(r"người nước ngoài|ngoại kiều|du khách nước ngoài", re.IGNORECASE)


def for_vietnamese_citizens(question: str, lang: str | None) -> bool:
    """True when a question may come from a Vietnamese citizen about their own papers: it is written in Vietnamese
    (and is not about a foreigner), or it speaks of Vietnamese citizens, a Vietnamese passport or a Vietnamese
    spouse or parent. Only such questions are matched with the entries for Vietnamese citizens abroad: "I lost my
    passport abroad, what should I do?" from a visitor of another country is about that country's passport."""
    if lang == "vi" and not FOREIGNER_VI.search(question):
        return True
    # "베트남 여권" is also a Korean visitor's "passport for Viet Nam" ("베트남 여권 유효기간"): not a citizen's papers alone
    people = [m.group(0) for m in VIETNAMESE_PEOPLE.finditer(question)]
    return bool(CITIZEN_PAPERS.search(question) or NATIONALITY_OF_VIETNAM.search(question)
                or any(not KOREAN_PASSPORT_FOR_VIETNAM.fullmatch(p) for p in people))


def mentions_vietnam(text: str) -> bool:
    """True when the text names Viet Nam (or its main cities) in any of the nine languages."""
    low = text.lower()
    return any(w in low for w in VIETNAM_WORDS)


@functools.lru_cache(maxsize=2048)
def _names(text: str) -> tuple[tuple[str, tuple[int, int]], ...]:
    """(ISO code, span) of each country name in the text other than Viet Nam's; a name inside a longer one is
    part of it: 인도 (India) in 인도네시아 (Indonesia). Cached: one message is scanned for the ranking, the scope
    check and the decision's features; an entry's whole text (nine answers and every phrasing) once per index.
    A country's pattern runs only where one of its probes occurs, which makes a long text's scan about ten times
    faster than running all of them."""
    low = text.lower()
    spans = [(code, m.span()) for code, pattern, probes in _patterns() if any(p in low for p in probes)
             for m in pattern.finditer(text)]
    if len(spans) < 2:
        return tuple(spans)
    return tuple((code, (a, b)) for code, (a, b) in spans
                 if not any(other != code and x <= a and b <= y and (y - x) > (b - a) for other, (x, y) in spans))


def foreign_countries(text: str) -> set[str]:
    """ISO codes of countries other than Viet Nam named in the text."""
    return {code for code, _ in _names(text)}


# a country named as a nationality (the visitor's passport, not a destination): "ドイツ人", "người Đức"-style
# phrases with a full name, "citizens of Germany", "German passport holders" are not covered (no demonyms)
_NATIONAL_AFTER = re.compile(r"^(?:人|籍|国籍|國籍|公民|护照|護照|パスポート|인|\s?사람|\s?국적|\s?여권|"
                             r"\s+(?:citizens?|nationals?|passports?|passport holders?|residents?)\b)", re.IGNORECASE)
_NATIONAL_BEFORE = re.compile(r"(?:người|công dân|hộ chiếu|quốc tịch|citizens? of|nationals? of|"
                              r"citoyens? (?:de|d')|ressortissants? (?:de|d')|ciudadanos? de|staatsbürger\w* (?:aus|von)|"
                              r"граждан\w*)\s*(?:la |le |l'|the )?$", re.IGNORECASE)


def destinations(text: str) -> set[str]:
    """Countries a question names as places, leaving out those it names as a nationality ("私はドイツ人です")."""
    return {code for code, (a, b) in _names(text)
            if not _NATIONAL_AFTER.match(text[b:]) and not _NATIONAL_BEFORE.search(text[max(0, a - 30):a])}


def _neighbours(text: str) -> set[str]:
    """Viet Nam's neighbours named in a text that does not name Viet Nam (they count as foreign there)."""
    return {code for code, pattern in _neighbour_patterns() if pattern.search(text)}


@functools.lru_cache(maxsize=1)
def _neighbour_patterns() -> list[tuple[str, re.Pattern]]:
    # by hand: CLDR's names for them are left out of _patterns, and "china" is also an everyday word there
    names = {"CN": ("china", "chine", "中国", "中國", "중국", "китай", "trung quốc"),
             "LA": ("laos", "老挝", "寮國", "ラオス", "라오스", "лаос", "lào"),
             "KH": ("cambodia", "cambodge", "camboya", "kambodscha", "柬埔寨", "カンボジア", "캄보디아", "камбодж",
                    "campuchia")}
    return [(code, re.compile("|".join(r"(?<!\w)" + re.escape(n) if n.isascii() else re.escape(n) for n in alts),
                              re.IGNORECASE)) for code, alts in names.items()]


# a partner named without its name: bilateral compounds ("越中关系", "日越", "한-베", "франко-вьетнамские") and visits
# ("방한", "訪日"); for ranking only
BILATERAL = {
    "CN": r"越中|中越|sino-vi[eê]t|китайско-вьетнам|вьетнамско-китай|방중|訪中|访华|訪華",
    "US": r"越美|美越|(?<!\w)US-Vi[eê]t|американо-вьетнам|вьетнамско-американ|방미|訪米",
    "JP": r"越日|日越|japonais|nippo-|японо-вьетнам|вьетнамско-япон|방일|訪日",
    "KR": r"越韩|韩越|越韓|韓越|한-?베|한·베|корейско-вьетнам|вьетнамско-корей|방한|訪韓",
    "RU": r"越俄|俄越|russo-vi[eê]t|российско-вьетнам|вьетнамско-российск|советско-вьетнам|방러|訪露",
    "FR": r"越法|法越|franco-vi[eê]t|французско-вьетнам|вьетнамско-француз",
    "DE": r"越德|德越|germano-vi[eê]t|deutsch-vietnam|германо-вьетнам|вьетнамско-герман",
    "CU": r"越古|古越|cubano-vi[eê]t|кубинско-вьетнам|вьетнамско-кубин",
    "IN": r"越印(?!尼)|印越|indo-vi[eê]t|индийско-вьетнам|вьетнамско-индий",
    "AU": r"越澳|澳越|australo-vi[eê]t|австралийско-вьетнам",
    # "越老越…" is Chinese for "the older, the more…", not Viet Nam and Laos
    "LA": r"越老(?!越)|(?<!越)老越|lao-vi[eê]t|лаосско-вьетнам|вьетнамско-лаос|베-라오스|라오스-베",
    "KH": r"越柬|柬越|khmer-vi[eê]t|камбоджийско-вьетнам|вьетнамско-камбодж|베-캄",
    "TH": r"越泰|泰越|thai-vi[eê]t|таиландско-вьетнам|вьетнамско-таиланд|베-태|태-베",
    "SG": r"сингапурско-вьетнам|вьетнамско-сингапур",
    "ID": r"越印尼|印尼越|индонезийско-вьетнам|вьетнамско-индонез",
    "PH": r"越菲|菲越|филиппинско-вьетнам|вьетнамско-филиппин|베-필|필-베",
    "MY": r"越马|马越|越馬|馬越|малайзийско-вьетнам|вьетнамско-малайз",
}
_BILATERAL = [(code, re.compile(pattern, re.IGNORECASE)) for code, pattern in BILATERAL.items()]


# "our two countries", "bilateral" without a name: on an embassy's own site the partner is the host country
# (webchat/sites.yaml `country`), as a journalist in Ottawa or a visitor in Moscow means it
OUR_TWO_COUNTRIES = re.compile(
    r"\b(?:our|the|both) two (?:countries|nations|peoples)\b|\bboth countries\b|"
    r"\bour (?:relations|relationship|ties|cooperation|partnership)\b|"
    r"\bbilateral (?:relations|relationship|ties|cooperation|partnership)\b|"
    r"\b(?:nos|les|des) deux (?:pays|nations|peuples)\b|\bnos relations\b|"
    r"\b(?:relations|coopération) bilatérales?\b|"
    r"\b(?:nuestros|ambos|los dos|nuestros dos) (?:países|pueblos)\b|\bnuestras relaciones\b|"
    r"\b(?:relaciones|cooperación) bilateral(?:es)?\b|"
    r"\bunsere[rn]? beiden (?:länder|staaten|völker)\w*|\bbeide[rn]? länder\w*|\bunsere beziehungen\b|"
    r"\bbilateralen? (?:beziehungen|zusammenarbeit)\b|"
    r"наш\w* (?:двух )?стран|\bобе\w* стран|\bдвух стран|двусторонн\w* (?:отношени|сотрудничеств|связ)\w*|"
    r"наши отношения|"
    r"两国|兩國|双边关系|雙邊關係|双边合作|雙邊合作|両国|二国間関係|二国間協力|양국|두 나라|"
    r"\bhai nước\b|(?:quan hệ|hợp tác) song phương|\bhai dân tộc\b",
    re.IGNORECASE)


def speaks_of_our_two_countries(text: str) -> bool:
    """True when a text speaks of "our two countries" or bilateral ties without necessarily naming the partner."""
    return bool(OUR_TWO_COUNTRIES.search(text))


def countries_named(text: str) -> set[str]:
    """Every country other than Viet Nam that a text names, its land neighbours and bilateral compounds included
    (for ranking, not for the scope check)."""
    return foreign_countries(text) | _neighbours(text) | {code for code, p in _BILATERAL if p.search(text)}


# entries on Viet Nam's relations with one country: their ids end with the partner's English name
PARTNER_PREFIX = "policy-relations-"


def _slug(name: str) -> str:
    return re.sub(r"[^a-z]+", "-", name.lower()).strip("-")


@functools.lru_cache(maxsize=1)
def _partner_slugs() -> dict[str, str]:
    """Id endings to ISO codes: CLDR's English names ("united-states") and the everyday ones of ALIASES ("korea")."""
    from babel import Locale

    slugs = {_slug(name): code for code, name in Locale.parse("en").territories.items()
             if len(code) == 2 and code.isalpha()}
    slugs.update({_slug(n): code for code, names in ALIASES.items() for n in names if n.isascii()})
    return slugs


def partner_of(entry_id: str) -> str | None:
    """The partner country (ISO code) of a bilateral-relations entry, from its id; None for any other entry
    or an id whose ending names no country ("policy-relations-united-states" → "US")."""
    if not entry_id.startswith(PARTNER_PREFIX):
        return None
    return _partner_slugs().get(entry_id[len(PARTNER_PREFIX):])


# a country's own visa: "Japan visa", "visa for Japan", "visa Nhật Bản", "日本签证", "日本のビザ", "일본 비자",
# "Visum für Japan", "визу в Японию". Asked without naming Viet Nam, it is that country's visa, even when the
# closest entry (Viet Nam's exemption list) names the country: "Xin visa Nhật Bản có khó không" is not about
# Japanese visitors to Viet Nam
VISA_WORD = re.compile(r"(?<!\w)(?:e-?visas?|visas?|visum|visado|виз[аыуе]|thị thực)(?!\w)|签证|簽證|ビザ|査証|비자",
                       re.IGNORECASE)
# "Germany visa exemption": a visitor asking whether their country is on Viet Nam's list
EXEMPTION = re.compile(r"exempt|visa[- ]free|sans visa|befrei|visafrei|exen|sin visa|без виз|безвиз|miễn|免签|免簽|"
                       r"免除|免税|ビザなし|ビザ不要|무비자|면제", re.IGNORECASE)
# the kind of visa may stand between a country and the visa word: "中国探亲签证", "日本の就労ビザ", "일본 관광 비자"
_CJK_VISA_KIND = (r"(?:探亲|探親|旅游|旅遊|观光|觀光|工作|留学|留學|商务|商務|结婚|結婚|配偶|学生|學生|访问|訪問|过境|過境|"
                  r"観光|就労|配偶者|短期滞在|商用|관광|취업|유학|결혼|배우자|학생|상용|방문)")
_COUNTRY_THEN_VISA = re.compile(r"^[\s-]*(?:の|的)?\s*(?:" + _CJK_VISA_KIND + r"\s*(?:の)?\s*)?$")
# Vietnamese names the kind of visa between the word and its country: "visa phối ngẫu Nhật Bản" (Japan's spouse visa),
# "visa du lịch Hàn Quốc", "thị thực lao động sang Hàn Quốc"
_VI_VISA_KIND = (r"(?:du lịch|du học|lao động|làm việc|kết hôn|phối ngẫu|vợ chồng|thăm thân|công tác|định cư|vĩnh trú|"
                 r"đoàn tụ|thương mại|kỹ sư|thực tập sinh|tu nghiệp|quá cảnh)")
_VISA_THEN_COUNTRY = re.compile(r"^\s*(?:" + _VI_VISA_KIND + r"\s*)?(?:đi|sang|for|to|pour(?: le| la| l'| les)?|para|für|nach|"
                                r"в|во|去|到)?\s*$", re.IGNORECASE)


# another country's visa named by its adjective ("a Thai visa", "Schengen visa", "visa Mỹ"): the scope check knows no
# demonyms otherwise. "US"/"U.S." only in capitals, beside the visa word ("help us" is not a country)
_ADJECTIVE_VISA = re.compile(
    r"(?<!\w)(?:thai|chinese|japanese|korean|american|cambodian|laotian|lao|schengen|british|australian|canadian|"
    r"indian|indonesian|malaysian|singaporean|philippine|taiwanese|russian|german|french|spanish|italian|"
    r"mexican|dutch|swiss|turkish)\s+(?:(?:tourist|student|work|business|transit|spouse|visitor|family|immigrant|"
    r"nonimmigrant|non-immigrant)\s+)?(?:e-?)?visas?(?!\w)|"
    r"(?<!\w)(?:visa|thị thực)\s+(?:" + _VI_VISA_KIND + r"\s+)?(?:đi\s+|sang\s+)?mỹ(?!\w)(?!\s+(?:sơn|tho|khê|đình|hào))",
    re.IGNORECASE)
_US_VISA = re.compile(r"(?<![\w.])U\.?S\.?(?:A\.?)?\s+(?:(?:tourist|student|work|business|transit|visitor)\s+)?"
                      r"(?:e-?)?[Vv]isas?(?!\w)")
# Viet Nam's own visa ("Vietnam visa", "visa pour le Vietnam", "越南签证", "ベトナムのビザ", "visa Việt Nam")
_VIETNAM_NAME = re.compile(r"vi[eệê]t\s?nam(?:ese|ien|ienne|ita|esisch\w*)?|вьетнам\w*|越南|ベトナム|베트남|(?<!\w)vn(?!\w)",
                           re.IGNORECASE)
# Viet Nam as where the asker is going: a foreign visa named beside it is a question on Viet Nam's entry rules
# ("Can I enter Vietnam with a US visa?"), not on that country's visa
TO_VIETNAM = re.compile(
    r"(?:enter(?:ing)?|entry\s+(?:in)?to|travel(?:l?ing)?\s+to|go(?:ing)?\s+to|fly(?:ing)?\s+to|visit(?:ing)?|"
    r"com(?:e|ing)\s+to|into|entrer|aller|voyager|venir|nach|einreise\w*\s+(?:nach|in)|viajar|ir|ingresar|entrar|"
    r"въе\w*|поехать|лететь|nhập cảnh|vào|đến|sang|đi|入境|去|到|来|來|进入|進入)\s*(?:au\s+|à\s+|a\s+|en\s+|во?\s+|"
    r"the\s+)?(?:vi[eệ]t\s?nam|вьетнам(?!е))|ベトナム(?:に|へ)?(?:入国|行|渡航)|베트남\s?(?:에\s?)?(?:입국|가|여행)",
    re.IGNORECASE)


def _visa_owners(text: str) -> list[tuple[str, tuple[int, int]]]:
    """Countries named as places in a text, Viet Nam's land neighbours among them, with their spans."""
    places = destinations(text)
    found = [(code, span) for code, span in _names(text) if code in places]
    for code, pattern in _neighbour_patterns():
        for m in pattern.finditer(text):
            # "Cambodian citizens" is a nationality, not Cambodia (a Latin name ends where its word ends)
            whole = not (m.group(0).isascii() and re.match(r"\w", text[m.end():m.end() + 1]))
            if whole and not _NATIONAL_AFTER.match(text[m.end():]):
                found.append((code, m.span()))
    return found


def _joined_to_visa(text: str, spans: list[tuple[int, int]], visas: list[tuple[int, int]]) -> bool:
    return any((b <= x and _COUNTRY_THEN_VISA.match(text[b:x])) or (y <= a and _VISA_THEN_COUNTRY.match(text[y:a]))
               for (a, b) in spans for (x, y) in visas)


def names_vietnams_visa(text: str) -> bool:
    """True when Viet Nam's own visa is named ("Vietnam visa", "越南签证", "visa Việt Nam")."""
    visas = [m.span() for m in VISA_WORD.finditer(text)]
    return bool(visas) and _joined_to_visa(text, [m.span() for m in _VIETNAM_NAME.finditer(text)], visas)


def names_a_foreign_visa(text: str) -> bool:
    """True when a country other than Viet Nam, named as a place (Viet Nam's neighbours too), is joined to a visa
    word as its owner, or named by its adjective ("a Thai visa", "a US visa")."""
    visas = [m.span() for m in VISA_WORD.finditer(text)]
    if not visas or EXEMPTION.search(text):
        return False
    if _ADJECTIVE_VISA.search(text) or _US_VISA.search(text):
        return True
    return _joined_to_visa(text, [span for _code, span in _visa_owners(text)], visas)


def about_another_country(question: str, entry: Entry | None) -> bool:
    """True when the question is about another country rather than Viet Nam (see module docstring)."""
    if NATIONALITY_OF_VIETNAM.search(question):
        return False
    rest = VIETNAMESE_PEOPLE.sub(" ", question)
    foreign_visa = names_a_foreign_visa(rest)
    if entry is not None and entry.id.startswith(CITIZEN_ENTRIES) and not foreign_visa:
        # a Vietnamese citizen's passport or birth registration abroad is Viet Nam's business wherever they live
        # ("Tôi bị mất hộ chiếu ở Đức"); another country's visa still is not ("xin visa Đức cho con")
        return False
    if mentions_vietnam(rest):
        # Viet Nam named only as where the asker applies from: "How long does it take to get a US visa from Vietnam?",
        # "越南来中国探亲签证是多长时间?" ask about another country's visa
        return foreign_visa and not names_vietnams_visa(rest) and not TO_VIETNAM.search(rest)
    travellers = rest != question
    if travellers and HOME_RETURN.search(rest):
        # Vietnamese people abroad coming home: Viet Nam is the destination, whatever country they live in
        return False
    if foreign_visa:
        # another country's visa, a neighbour's included ("How do I get a China visa?", "Laos visa on arrival")
        return True
    codes = destinations(rest) | (_neighbours(rest) if travellers else set())
    if not codes:
        return False
    if entry is None or (travellers and entry.id.startswith(ENTRY_RULES)):
        # Viet Nam's visa and entry rules are for foreigners coming in: that an exemption list names Japan says
        # nothing about Vietnamese citizens going to Japan
        return True
    entry_text = " ".join([*entry.answer.values(), *(q for qs in entry.questions.values() for q in qs)])
    return not (foreign_countries(entry_text) & codes)
