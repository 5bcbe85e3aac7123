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
        nada adios antes despues viajar visitar saber hacer comer ciudadanos pais
        volver empezar llegar llego llevar ayuda pregunta cuesta cierra abierto puedes tienes aeropuerto playa
        dinero manana ciudad viaje vacuna vacunas propina tarjeta efectivo moneda""",
    "de": """der die das den dem des ein eine einen einem ich du er sie wir ihr es ist sind bin hat
        habe haben kann konnen muss brauche gibt wie was wo wann warum welche welcher viel mit fur
        von vom zu zum zur in im auf und oder nicht kein keine mein danke bitte hallo guten tag
        morgen abend tschuss ja nein gut sehr auch noch man ohne bei nach
        woher wohin woran worauf wofur womit wozu worum wer wen wem wieso weshalb wieviel
        kommt kommen glaubt geht gehen soll sollte sollen darf durfen wird werden gilt braucht""",
    "vi": """toi ban co khong cua va cho dau gi nao bao nhieu tien duoc muon xin chao cam nhe anh chi
        em uong mua sao voi cai nay kia rat lam hoi thi ngay gia tot nhat dung khach nuoc ve
        minh biet ong nguoi nhung duoc di muon thang dep cong thi giay tau vao lau khi truoc nen mien chong
        tranh phong doi dat thoi tiet chay chuyen chieu ao ga ngon com""",
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
# Visa terms that German, French, Spanish or Indonesian writers take over from English ("E-Visum oder Visa on Arrival?")
_LOAN_PHRASES = """visa on arrival|visas on arrival|visa run|visa runs|border run"""
GAZETTEER = {tuple(p.split()) for p in (_GAZETTEER_PHRASES + "|" + _PLAIN_PHRASES + "|" + _LOAN_PHRASES).split("|")}
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
# short message are better evidence than langdetect's guess. Folded like the
# supported tables; a word listed for two unsupported languages counts for both.
# Left out on purpose, because a supported language uses them too (they go to _SHARED when they are everyday
# words of the unsupported language): "da", "das", "dos", "nos", "um", "uns", "vale", "pena", "ate", "queria",
# "epoca", "pelo", "celular", "chip", "consulado", "estamos", "eu" (EU), "serve", "costa", "cosa", "come",
# "periodo", "patente", "italiano", "ciao", "all", "till", "bra", "gun", "gusto", "kredit", "ambassade", "willen",
# "dank", "geld", "strand", "reis", "worden", "mag", "karte", "sie" (German; Polish "się" is caught by its ę),
# and Vietnamese typed without accents: "di", "ve", "co", "em", "sao", "dat", "hai", "quan", "sua", "nao", "ao", "com",
# "oi", "bu" (Portuguese "não" is still caught by its ã).
_FOREIGN = {
    "pt": "obrigado obrigada voce voces muito muita muitos muitas pela pelos pelas aos uma umas onde"
          " custa custam qual quais melhor quanto quantos quantas quando isencao gorjeta torneira vacinas vacina"
          " ficar fica fico chegar chego tenho tem temos precisam posso pode vou vai fazer faco dicas"
          " tudo comboio autocarro bilhete bilhetes dinheiro amanha hoje isso essa esse nessa nesse desse dessa"
          " nas num numa sem tambem meu minha meus minhas suas dele dela gostava gostaria pra"
          " roupa devo deixar fechado aberto viagem passagem praia praias cidade cidades voo voos aeroporto trabalho"
          " trabalhar estudante obrigatorio ainda agora entao depois quero estou noite bom boa vietna"
          " vietname brasileiro brasileira brasileiros multibanco",
    "it": "quanto grazie bisogno gli della delle dello degli sono molto anche perche voglio posso qual migliore"
          " pericoloso sicuro viaggio andare che ci questo questa quello quella dove quando trova trovare vorrei"
          " vorremmo possiamo dobbiamo devo servono buongiorno buonasera scusi dall dalla dal nel nella nei negli"
          " alla sul sulla abbiamo avete hanno essere puo puoi aeroporto biglietto treno"
          " spiaggia spiagge soldi mancia ristorante albergo citta giorni settimana prenotare consigli consiglio"
          " consigliate mangiare bere acqua rubinetto noleggiare italiani assicurazione"
          " obbligatoria",
    "nl": "ik een het heb nodig voor wat veel zijn niet naar bezoeken tijd mijn kun moet hoe welke hoeveel"
          " fooi geven reistijd kraanwater waar wanneer waarom goedkoop duur kaart eten drinken graag ook maar wij"
          " jullie uw mij deze geen kunnen moeten zou weet vraag bedankt alstublieft alsjeblieft goedemorgen"
          " goedemiddag vliegveld luchthaven trein pittig veilig mogelijk betalen reizen boeken huren kopen aanraden"
          " pinnen hebben wordt gaat komt kost bij uit tussen zonder tijdens krijgen zien gaan komen weken dagen"
          " maanden jaar hoelang nog heeft hebt kunt wil erg lekker paspoort visumplicht",
    "pl": "czy jest jak dla potrzebuje potrzebuję wizy ile kosztuje jaka najlepsza gdzie kiedy mozna moge prosze"
          " dziekuje bardzo jestem mam mamy czym czego ktory ktora jakie jaki od przez trzeba warto wiza wize"
          " wietnamu wietnamie lotnisko lotniska pociag pieniadze dzien dobry czesc",
    "id": "apakah saya untuk yang berapa biaya tidak bisa kapan waktu terima kasih terbaik bagaimana dimana mana ada"
          " dari atau perlu butuh mau ingin boleh sewa pakai bayar kartu minta kak sini ini itu harus"
          " murah mahal bandara kereta makanan masjid aman malam minggu bulan tahun izin kerja saja juga sudah belum"
          " lagi banyak tempat wisata liburan keluarga paspor hilang uang tukar rupiah perjalanan asuransi soal",
    "tr": "icin kadar bir nasil nerede vize gerekli tesekkur tesekkurler var yok neler gerekiyor gerek lazim kac"
          " ucret merhaba lutfen iyi zaman havalimani otel ucus bilet hafta yil bilgi hakkinda istiyorum olur"
          " olmadan gece guvenli musunuz miyim misiniz mı",
    "sv": "jag behover och inte hur mycket vad att ska skulle nar finns tack hej nagon nagra resa kvall ocksa"
          " eller fran kopa behovs maste dricka vatten flygplatsen mellan utan bast tiden dagar veckor kronor vilka"
          " vilken svenskar",
    "da": "jeg skal hvad hvor meget ikke og",
    "tl": "kailangan ng ang mga po salamat magkano saan paano pwede puwede ako ikaw",
    "ca": "amb els perque vull puc fer aixo molt tinc",
    "cs": "potrebuji kolik stoji kde dekuji muzu jak ve kdy proc jsou jsem neni mohu musim prosim vizum viza"
          " vietnamu vietnamem doprava dopravou dopravu cestovat ktery ktera ktere jaky jaka jake jeste nebo"
          " treba lze jet jede bezpecne penize letiste vlak",
    "ro": "nevoie pentru sunt multumesc unde poate vreau trebuie",
}


def _by_word(table: dict[str, str]) -> dict[str, list[str]]:
    """word -> the languages whose list has it, from language -> space-separated words."""
    out: dict[str, list[str]] = {}
    for lang, words in table.items():
        for word in words.split():
            out.setdefault(word, []).append(lang)
    return out


FOREIGN_TABLE: dict[str, list[str]] = _by_word(_FOREIGN)

# Everyday words of those languages that a supported language also uses ("o", "que", "in", "is", "la"): they are
# no evidence against the unsupported language, so they do not count for the supported one when the two are
# weighed (`exclusive_hits`).
_SHARED = {
    "pt": "o a os as e de do da dos das no na que como para por se mas mais me te lo ir vale pena hora abre tempo"
          " visto viajar visitar comida pais ha hotel todo todos esta ver dia ja seguro usar antes entre sobre"
          " porque visa tipico tipica em sao preciso precisa epoca eu pro"
          " celular chip demora estamos pelo consulado um uns nao ao com oi",
    "it": "il la le lo un una e a al del per non mi ti si se come cosa da di in con ma o costa serve tempo fa"
          " visto hotel tour vale pena ciao all ho hai fare periodo patente italiana italiano",
    "nl": "de die in is en te je van met over er was kan mag als om u warm hotel visum euro taxi tour bus hotels"
          " al zo nu op an bank ambassade willen dat",
    "pl": "na do w z o i a co",
    "id": "di ke dan sama",
    "tr": "en ve ne mi mu o su para bu",
    "sv": "i en ett kan man med om det vi till pa du visum",
    "da": "i en et kan med om det vi til du",
}
SHARED_TABLE: dict[str, set[str]] = {word: set(langs) for word, langs in _by_word(_SHARED).items()}

# Letters that none of the supported Latin-script languages writes ("ã" and "õ" are Vietnamese too, but a
# Vietnamese message is settled by its own letters before these are asked about).
_FOREIGN_CHARS = {"ã": ("pt",), "õ": ("pt",), "å": ("sv", "da"), "ø": ("da",), "æ": ("da",),
                  "ı": ("tr",), "ğ": ("tr",), "ş": ("tr", "ro"), "ł": ("pl",), "ą": ("pl",), "ę": ("pl",),
                  "ś": ("pl",), "ź": ("pl",), "ż": ("pl",), "ń": ("pl",), "ć": ("pl",), "ě": ("cs",), "ř": ("cs",),
                  "ů": ("cs",), "ň": ("cs",), "ť": ("cs",), "ď": ("cs",), "č": ("cs",), "š": ("cs",), "ž": ("cs",),
                  "ș": ("ro",), "ț": ("ro",), "ţ": ("ro",), "ő": ("hu",), "ű": ("hu",)}
# Accented words that only an unsupported language writes on their own: Italian "è" ("C'è Uber?") and
# Portuguese "é" ("É fácil?") are "is"; Spanish and French never write either alone.
_FOREIGN_ACCENTED = {"è": ["it"], "é": ["pt"]}
# The accented letters each unsupported language writes itself: a Swedish "ö" or a Portuguese "á" is no evidence
# for German or Spanish when the message is weighed against Swedish or Portuguese (`char_scores(..., ignore=)`).
LETTERS_OF = {
    "pt": "áâãàçéêíóôõú", "gl": "áéíóúñ", "it": "àèéìíòóù", "ca": "àèéíïòóúç", "nl": "ëïéèöü", "af": "ëêéèôû",
    "sv": "åäöé", "da": "æøåé", "no": "æøåé", "fi": "äö", "et": "äöüõ", "tr": "çğıöşüâî", "pl": "ąćęłńóśźż",
    "cs": "áčďéěíňóřšťúůýž", "sk": "áäčďéíĺľňóôŕšťúýž", "ro": "ăâîșțşţ", "hu": "áéíóöőúüű", "sl": "čšž",
    "hr": "čćđšž", "lt": "ąčęėįšųūž", "lv": "āčēģīķļņšūž", "sq": "çë", "tl": "ñ", "id": "", "so": "", "sw": "",
}
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


def char_scores(text: str, ignore: str = "") -> dict[str, float]:
    """Score supported Latin languages by their distinctive characters (leaving out the letters in `ignore`)."""
    scores = {lang: 0.0 for lang in LATIN_LANGS}
    for ch in text.lower():
        if ch in ignore:
            continue
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
        langs = list(FOREIGN_TABLE.get(fold(tok), _FOREIGN_ACCENTED.get(tok, [])))
        langs += [lang for c in set(tok) for lang in _FOREIGN_CHARS.get(c, ())]
        for lang in sorted(set(langs)):  # sorted: the order must not follow the process's string hashing
            hits[lang] = hits.get(lang, 0) + 1
    return hits


def exclusive_hits(toks: list[str], lang: str, other: str) -> int:
    """Count tokens that are words of supported language `lang` and not everyday words of unsupported `other`."""
    n = 0
    for tok in toks:
        folded = fold(tok)
        if lang in WORD_TABLE.get(folded, {}) and other not in SHARED_TABLE.get(folded, ()) \
                and other not in FOREIGN_TABLE.get(folded, ()):
            n += 1
    return n


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
            # "e" of "e-visa" is neutral; Italian "è" and Portuguese "é" are not
            flags[i] = fold(toks[i]) in NEUTRAL and toks[i] not in _FOREIGN_ACCENTED
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
