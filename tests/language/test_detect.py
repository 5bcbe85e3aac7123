"""Table tests for language detection, the answer-language policy and names."""

import dataclasses
import json
from pathlib import Path

import pytest

import language
from language import (
    NATIVE_NAMES, SUPPORTED, Decision, Detection, choose_language, detect, language_name,
    requested_language,
)

# (text, session, hint, explicit, expected answer language, expected unsupported)
DECISIONS = [
    # one clear message per language, no session
    ("Do I need a visa for Vietnam?", None, None, None, "en", None),
    ("Est-ce que j'ai besoin d'un visa ?", None, None, None, "fr", None),
    ("¿Necesito visa?", None, None, None, "es", None),
    ("Brauche ich ein Visum für Vietnam?", None, None, None, "de", None),
    ("Нужна ли виза?", None, None, None, "ru", None),
    ("我需要签证吗？", None, None, None, "zh", None),
    ("ビザは必要ですか？", None, None, None, "ja", None),
    ("비자가 필요한가요?", None, None, None, "ko", None),
    ("Tôi có cần visa không?", None, None, None, "vi", None),
    ("toi can visa khong", None, None, None, "vi", None),
    # a clear message overrides the session
    ("Kann ich mein Visum verlängern?", "en", None, None, "de", None),
    ("je ne comprends pas la réponse", "en", None, None, "fr", None),
    ("Can you tell me about the visa rules?", "fr", None, None, "en", None),
    # short non-Latin messages are reliable
    ("ビザ?", "en", None, None, "ja", None),
    ("спасибо", "en", None, None, "ru", None),
    ("비자?", "en", None, None, "ko", None),
    ("谢谢", "en", None, None, "zh", None),
    # one or two Han characters read the same in Japanese
    ("空港", "ja", None, None, "ja", None),
    ("签证", "ja", None, None, "ja", None),
    # short or ambiguous Latin messages keep the session
    ("merci", "en", None, None, "en", None),
    ("ok", "de", None, None, "de", None),
    ("visa?", "fr", None, None, "fr", None),
    ("thanks", "ru", None, None, "ru", None),
    ("Hanoi", "ja", None, None, "ja", None),
    ("phở", "en", None, None, "en", None),
    ("e-visa fee", "ko", None, None, "ko", None),
    ("gracias", "en", None, None, "en", None),
    # ... and without a session the page hint, then the best guess
    ("merci", None, "de", None, "de", None),
    ("merci", None, None, None, "fr", None),
    ("ok", None, None, None, "en", None),
    ("ok", None, "vi", None, "vi", None),
    # the widget selector beats everything
    ("Нужна ли виза?", "en", None, "fr", "fr", None),
    ("hello", None, None, "ko-KR", "ko", None),
    # asking for a language switches to it
    ("parlez-vous français ?", "en", None, None, "fr", None),
    ("English please", "vi", None, None, "en", None),
    ("日本語でお願いします", "en", None, None, "ja", None),
    # unsupported languages: answer in the session/hint/en, flag the language
    ("Ho bisogno di un visto per il Vietnam?", None, None, None, "en", "it"),
    ("Heb ik een visum nodig voor Vietnam?", "de", None, None, "de", "nl"),
    ("Czy potrzebuję wizy do Wietnamu?", None, "fr", None, "fr", "pl"),
    ("ต้องใช้วีซ่าไปเวียดนามไหม", None, None, None, "en", "th"),
    ("هل أحتاج إلى تأشيرة لفيتنام؟", "vi", None, None, "vi", "ar"),
    ("Χρειάζομαι βίζα για το Βιετνάμ;", None, None, None, "en", "el"),
    # short words shared with French ("ma", "il", "è", "ç") do not outweigh a certain langdetect and a word
    # only the other language uses
    ("ma il Vietnam è pericoloso?", None, None, None, "en", "it"),
    ("Desde quando é que a isenção de visto é aplicável?", None, None, None, "en", "pt"),
    ("Il m'a dit que le visa est gratuit, c'est vrai ?", None, None, None, "fr", None),
    ("Ma femme est italienne, a-t-elle besoin d'un visa ?", None, None, None, "fr", None),
    # short German questions that open with a question word langdetect does not know (woher, woran): one was taken
    # for Indonesian, the other answered in English, on a held-out split (2026-12-03)
    ("Woher kommt Pho?", None, None, None, "de", None),
    ("Woran glaubt man in Vietnam?", None, None, None, "de", None),
    ("Wohin im Januar?", None, None, None, "de", None),
    # a Czech question whose short words French and English share ("je", "to") was answered in French on a
    # held-out split (2026-12-04); Czech function words now count for Czech
    ("Jak je to ve Vietnamu s dopravou?", None, None, None, "en", "cs"),
    ("Kde je nejlepší pho?", None, None, None, "en", "cs"),
    # supported messages with foreign-looking words are not flagged
    ("Tôi là người Pháp", None, None, None, "vi", None),
    ("where is the best phở in Hà Nội?", "fr", None, None, "en", None),
    # junk must not crash
    ("", "en", None, None, "en", None),
    ("   \n\t", None, None, None, "en", None),
    ("😀🙏🇻🇳", "ko", None, None, "ko", None),
    ("12345 !!!", None, "es", None, "es", None),
]


@pytest.mark.parametrize("text,session,hint,explicit,expected,unsupported", DECISIONS)
def test_choose_language(text, session, hint, explicit, expected, unsupported):
    d = choose_language(text, session_lang=session, hint=hint, explicit=explicit)
    assert isinstance(d, Decision)
    assert d.language == expected, d.reason
    assert d.unsupported == unsupported, d.reason
    assert d.switched == (session is not None and expected != session)
    assert d.reason


REQUESTS = [
    ("English please", "en"), ("can we talk in Japanese", "ja"), ("do you speak english?", "en"),
    ("parlez-vous français ?", "fr"), ("répondez en anglais svp", "en"),
    ("en español", "es"), ("¿Hablas inglés?", "en"),
    ("auf Deutsch bitte", "de"), ("Sprechen Sie Englisch?", "en"),
    ("по-русски", "ru"), ("Можно на английском?", "en"),
    ("说中文", "zh"), ("可以用英文吗", "en"),
    ("日本語でお願いします", "ja"), ("英語で話せますか", "en"),
    ("한국어로 해 주세요", "ko"), ("영어 할 수 있어요?", "en"),
    ("nói tiếng Việt", "vi"), ("noi tieng anh duoc khong", "en"),
    ("in Korean please", "ko"), ("Vietnamese?", "vi"), ("中文", "zh"),
    ("Is Vietnamese food spicy?", None), ("Do I need a visa as a German citizen?", None),
    ("英語のメニューはありますか", None), ("je ne parle pas anglais", None),
    ("visa?", None), ("", None), ("🙂", None),
]


@pytest.mark.parametrize("text,expected", REQUESTS)
def test_requested_language(text, expected):
    assert requested_language(text) == expected


@pytest.mark.parametrize("code", SUPPORTED)
def test_language_names_cover_all_pairs(code):
    assert language_name(code, code) == NATIVE_NAMES[code]
    names = {language_name(code, other) for other in SUPPORTED}
    assert all(names)
    # Every name of `code`, in any language, is recognised as asking for it.
    for other in SUPPORTED:
        assert requested_language(language_name(code, other)) == code, other


def test_name_examples():
    assert language_name("fr", "de") == "Französisch"
    assert language_name("vi", "en") == "Vietnamese"
    assert language_name("ja", "ko") == "일본어"
    assert language_name("xx", "en") == "xx"


def test_detection_shape_and_reliability():
    d = detect("¿Necesito visa?")
    assert isinstance(d, Detection) and dataclasses.is_dataclass(d)
    assert (d.language, d.reliable) == ("es", True)
    for short in ("ok", "visa?", "merci", "Hanoi", "phở", "thanks", "e-visa fee"):
        assert not detect(short).reliable, short
    with pytest.raises(dataclasses.FrozenInstanceError):
        d.language = "en"


def test_unsupported_detection_sets_candidate():
    d = detect("Quanto costa il visto elettronico per gli italiani?")
    assert d.language is None and d.candidate == "it" and d.reliable
    ru_like = detect("Чи потрібна мені віза до В'єтнаму?")
    assert ru_like.language is None and ru_like.candidate == "uk"


@pytest.mark.parametrize("text", ["x" * 20000, "visa " * 4000, "Привет " * 3000, "ビザ" * 10000,
                                  "\x00\ufffd\u200b", "🇻🇳" * 500])
def test_huge_or_odd_input_does_not_crash(text):
    d = detect(text)
    assert d.language in (*SUPPORTED, None)
    assert choose_language(text, "en").language in SUPPORTED


def test_public_api():
    assert language.SUPPORTED == ("en", "fr", "es", "de", "ru", "zh", "ja", "ko", "vi")
    assert set(NATIVE_NAMES) == set(SUPPORTED)


def test_eval_file_is_well_formed():
    path = Path(__file__).resolve().parents[2] / "eval" / "language" / "messages.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 270
    for code in SUPPORTED:
        assert sum(r["lang"] == code for r in rows) >= 30
    assert sum(r["expected"] == "unsupported" for r in rows) >= 20
    for r in rows:
        assert set(r) == {"text", "lang", "session", "expected"}
        assert 1 <= len(r["text"].split()) <= 12 or r["lang"] in ("zh", "ja", "ko", "th")


def test_eval_pipeline_meets_target():
    from eval.language_eval import DEFAULT, evaluate

    result = evaluate(DEFAULT)
    n = sum(c[0] for c in result["table"]["pipeline"].values())
    ok = sum(c[1] for c in result["table"]["pipeline"].values())
    assert ok / n >= 0.95
    assert result["false_unsupported"]["pipeline"] == 0


@pytest.mark.parametrize("text", ["IRC와 ERC는 베트남어로 무엇인가요?",
                                  "I cannot speak English well. Can I take my interview in Vietnamese?"])
def test_a_question_that_names_a_language_is_not_a_request(text):
    assert requested_language(text) is None


@pytest.mark.parametrize("text,lang", [("日本語でお願いします", "ja"), ("한국어로 해주세요", "ko"), ("한국어로", "ko"),
                                       ("Could you please answer me in German from now on?", "de")])
def test_short_requests_still_switch(text, lang):
    assert requested_language(text) == lang


@pytest.mark.parametrize("text,lang", [("Нужна ли виза на Кипр?", "ru"), ("Чи потрібна віза до В’єтнаму?", None)])
def test_cyrillic_russian_words_keep_a_message_russian(text, lang):
    assert detect(text).language == lang


def test_vietnamese_with_only_latin1_accents_is_vietnamese():
    # ô, á and à are also French letters; "ông" is a Vietnamese word
    assert detect("Ông Công ông Táo là ai?").language == "vi"


@pytest.mark.e2e
def test_the_widget_build_carries_the_one_language_list():
    # language/languages.json is the only definition: Python reads it, the widget build injects it
    import json
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    built = (root / "webchat" / "static" / "build" / "widget.min.js").read_text(encoding="utf-8")
    names = json.loads((root / "language" / "languages.json").read_text(encoding="utf-8"))["languages"]
    assert tuple(names) == language.SUPPORTED
    injected = "{" + ",".join(f'{code}:"{name}"' for code, name in names.items()) + "}"
    assert injected in built
    assert "__VNAW_LANGUAGES__" not in built


@pytest.mark.parametrize("text", ["Japon", "US passport", "韓国", "Mexicano"])
def test_a_country_alone_keeps_the_session_language(text):
    from language import choose_language

    assert choose_language(text, session_lang="en").language == "en"


def test_a_sentence_that_starts_with_a_country_is_still_read_for_its_language():
    from language import choose_language

    # "日本円は使えますか" (can I use Japanese yen?) names Japan but is a Japanese question
    assert choose_language("日本円は使えますか", session_lang="en").language == "ja"
    assert choose_language("美国人", session_lang="en").language == "en"


@pytest.mark.parametrize("text,lang", [
    # a gloss in brackets (a real question of the fresh8 split got a Japanese reply)
    ("Visa phối ngẫu Nhật Bản (日本人の配偶者等) là gì?", "vi"), ("Tết (节日) là gì?", "vi"),
    ("Что такое Тет (Tết)?", "ru"), ("Was ist Tết (Tết Nguyên Đán)?", "de"),
    # the sentence around it is still the one read, whatever script the gloss is in
    ("ベトナム (Vietnam) のビザは必要ですか?", "ja"), ("越南签证 (visa) 多少钱?", "zh"), ("Phở (フォー) はどんな料理?", "ja"),
    # nothing outside the brackets: the brackets are the message
    ("(ビザについて)", "ja"), ("(Do I need a visa?)", "en"),
])
def test_a_bracketed_gloss_does_not_decide_the_language(text, lang):
    assert choose_language(text).language == lang


@pytest.mark.parametrize("text,lang", [
    ("What happened at Dien Bien Phu?", "en"), ("Dien Bien Phu 1954", "en"), ("Visit Phong Nha Ke Bang", "en"),
    ("Wo liegt Dien Bien Phu?", "de"), ("Où se trouve Dien Bien Phu ?", "fr"), ("¿Qué pasó en Dien Bien Phu?", "es"),
    ("Can you help me?", "en")])
def test_vietnamese_names_typed_without_accents_do_not_decide_the_language(text, lang):
    decision = choose_language(text)
    assert (decision.language, decision.unsupported) == (lang, None)


def test_a_name_of_several_words_is_stripped_across_spaces_only_as_a_whole():
    from language.evidence import strip_neutral

    assert strip_neutral("What happened at Dien Bien Phu?") == "What happened at"
    # "can" and "tho" alone are not names: only the whole phrase "Can Tho" is
    assert strip_neutral("Can we go to Can Tho?") == "Can we go to"
    assert strip_neutral("Can you help?") == "Can you help?"


@pytest.mark.parametrize("text,candidate", [
    ("Kan ik in Vietnam met mijn bankpas betalen?", "nl"), ("Moet ik fooi geven in Vietnam?", "nl"),
    ("É preciso dar gorjeta no Vietnã?", "pt"), ("Skal jeg have visum til Vietnam?", "da"),
    ("Berapa biaya e-visa Vietnam?", "id")])
def test_common_words_of_languages_we_do_not_speak_get_the_english_reply(text, candidate):
    decision = choose_language(text)
    assert (decision.language, decision.unsupported) == ("en", candidate)


@pytest.mark.parametrize("text", ["Can I drink tap water in Vietnam?", "Is Grab available in Da Nang?",
                                  "Is vaping legal in Vietnam?"])
def test_everyday_english_questions_are_english(text):
    decision = choose_language(text)
    assert (decision.language, decision.unsupported) == ("en", None)


@pytest.mark.parametrize("text,expected", [
    ("E-Visum oder Visa on Arrival?", "de"),  # a real question of fresh9 got an English reply
    ("visa on arrival vietnam sigue existiendo", "es"),
    ("Visa on arrival ou e-visa ?", "fr"),
    ("Can I get a visa on arrival in Hanoi?", "en"),
    ("Visa on arrival?", "en"),  # nothing but the loan phrase: English, the usual lingua franca
])
def test_visa_on_arrival_is_a_loan_phrase_not_english(text, expected):
    assert choose_language(text).language == expected


def test_a_tie_between_two_unsupported_languages_goes_to_the_one_langdetect_prefers():
    # "moeda" and "devo" are Portuguese and (as far as the word tables go) Italian too
    assert choose_language("Qual moeda devo levar?").unsupported == "pt"
    assert choose_language("Come devo comportarmi quando visito una pagoda?").unsupported == "it"


def test_language_decisions_do_not_depend_on_the_processs_string_hashing():
    """Python salts str hashes per process; a set's order must never decide a language (before, "Qual moeda devo
    levar?" was Portuguese in some processes and Italian in others)."""
    import os
    import subprocess
    import sys

    code = ("import json; from language import choose_language as c; "
            "print(json.dumps([[c(t).language, c(t).unsupported] for t in "
            "['Qual moeda devo levar?', 'Come devo comportarmi quando visito una pagoda?', 'Ile kosztuje wiza?']]))")
    root = Path(__file__).resolve().parents[2]
    seen = set()
    for seed in ("0", "3", "5"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(root)}
        out = subprocess.run([sys.executable, "-c", code], env=env, cwd=root, capture_output=True, text=True,
                             check=True).stdout
        seen.add(out.strip())
    assert len(seen) == 1, seen
