"""Arbitration: does a message really ask for small talk, feedback, the bot's identity, contact or a
language change, or does it ask a question that the knowledge base should answer?

The intent classifier sees "What are the IRC and ERC?" as close to "What are you?", and "뗏(Tết)이란
무엇일까요?" as out of scope. So a social intent stands only when the message is made of that intent's
own vocabulary (the words of its training examples in bot/data/nlu, in all nine languages): "Are you a
bot?" and "Thanks!" are; "Thanks, and how long can I stay?" is not. Contact and language requests stand
when they name the embassy, a person or a language. Everything else is a question. This module is the
one place that decides it; every social action asks it first (see actions.social).
"""
from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

from language import requested_language
from language.script import to_simplified
from knowledge_base import yamlio

NLU_DIR = Path(__file__).resolve().parent.parent / "bot" / "data" / "nlu"
SOCIAL_INTENTS = ("greet", "goodbye", "thank", "bot_challenge", "affirm", "deny", "ask_contact",
                  "change_language")
# the visa dialogue's intents are checked the same way: "Which club won the Belgian league?" names a
# nationality but is neither a statement of one nor a visa question
VISA_INTENTS = ("inform_nationality", "ask_visa")
# commands of the visa dialogue: "skip", "start over"; "¿España fue de los primeros…?" is not one
COMMAND_INTENTS = ("skip", "start_over")
VISA_UNSEEN = 2
_WORD = re.compile(r"\w+", re.UNICODE)
_HAN_KANA = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
_HAN = re.compile(r"[\u3400-\u9fff]")
_KANA = re.compile(r"[\u3040-\u30ff]")
# a word of Chinese or Japanese text: one Han character, a run of hiragana (grammar) or of katakana (loanwords)
_CJK_UNIT = re.compile(r"[\u3400-\u9fff]|[\u3040-\u309f]+|[\u30a0-\u30ff]+|[^\u3040-\u30ff\u3400-\u9fff]+")
# a question mark, or the sentence-final question forms of Japanese, Chinese and Korean
_QUESTION = re.compile(r"[?？¿]|(?:か|でしょう|の)[。.！!\s]*$|[吗嗎呢][。.\s]*$|(?:까|나요|가요|인가)[.。\s]*$")
# a message with this many words outside the intent's vocabulary is a question even without "?"
UNSEEN_WITHOUT_MARK = 3
UNSEEN_WITH_MARK = 1
CONTACT_UNSEEN = 3

# words that make a message about the embassy or a person, whatever the intent classifier thinks
CONTACT_WORDS = (
    "embassy", "consulate", "consular", "human", "person", "agent", "staff", "someone", "contact",
    "ambassade", "consulat", "humain", "personne", "conseiller", "contacter",
    "embajada", "consulado", "humano", "persona", "agente", "contactar",
    "botschaft", "konsulat", "mensch", "mitarbeiter", "kontakt",
    "посольств", "консульств", "человек", "оператор", "сотрудник", "связаться",
    "大使馆", "领事馆", "人工", "客服", "联系", "大使館", "領事館", "担当者", "連絡",
    "대사관", "영사관", "상담원", "사람", "연락", "đại sứ quán", "lãnh sự", "nhân viên", "liên hệ", "người thật",
)


def about_contact(text: str) -> bool:
    """True when the message names the embassy, a consulate, a person or contact."""
    low = text.lower()
    return any(word in low for word in CONTACT_WORDS)


def units(text: str) -> list[str]:
    """Words; Chinese and Japanese (written without spaces) split into Han characters and kana runs. Chinese in
    Traditional characters is read in Simplified ones, as the examples are written (簽證 is 签证); Japanese, which
    has kana, is left as it is."""
    text = unicodedata.normalize("NFC", text.lower())
    if _HAN.search(text) and not _KANA.search(text):
        text = to_simplified(text)
    out: list[str] = []
    for word in _WORD.findall(text):
        if _HAN_KANA.search(word):
            out.extend(u for u in _CJK_UNIT.findall(word) if not u.isdigit())
        else:
            out.append(word)
    return out


@functools.lru_cache(maxsize=1)
def vocabulary() -> dict[str, frozenset[str]]:
    """Per social or visa intent, every word of its training examples across the nine languages."""
    found: dict[str, set[str]] = {name: set() for name in SOCIAL_INTENTS + VISA_INTENTS + COMMAND_INTENTS}
    for file in sorted(NLU_DIR.glob("*/nlu.yml")):
        doc = yamlio.safe_load(file.read_text(encoding="utf-8")) or {}
        for block in doc.get("nlu") or []:
            name = block.get("intent")
            if name in found:
                for line in (block.get("examples") or "").splitlines():
                    found[name].update(units(line.lstrip("- ")))
    return {name: frozenset(words) for name, words in found.items()}


# small-talk intents mix in one message ("hi, thanks, bye"), so their vocabularies are pooled
SMALL_TALK = ("greet", "goodbye", "thank", "bot_challenge", "affirm", "deny")


@functools.lru_cache(maxsize=1)
def _small_talk_vocabulary() -> frozenset[str]:
    vocab = vocabulary()
    return frozenset().union(*(vocab[name] for name in SMALL_TALK))


_HANGUL = re.compile(r"^[\uac00-\ud7af]{2,}")


def _stem(unit: str) -> str:
    # Korean attaches endings to the stem ("봇인가요", "봇이에요"): compare the first two syllables
    return unit[:2] if _HANGUL.match(unit) else unit


@functools.lru_cache(maxsize=16)
def _stems(intent: str) -> frozenset[str]:
    """The words (and Korean stems) of an intent's examples; "visa" pools the visa dialogue's intents."""
    if intent == "visa":
        vocab = frozenset().union(*(vocabulary()[name] for name in VISA_INTENTS))
    else:
        vocab = _small_talk_vocabulary() if intent in SMALL_TALK else vocabulary().get(intent, frozenset())
    return frozenset(_stem(u) for u in vocab) | vocab


def unseen_units(text: str, intent: str) -> list[str]:
    """The words of a message that no small-talk example (or the intent's own examples) ever uses."""
    stems = _stems(intent)
    return [u for u in units(text) if u not in stems and _stem(u) not in stems]


def is_social(text: str, intent: str | None) -> bool:
    """True when the message really is what its social intent says; False when it asks a question."""
    text = (text or "").strip()
    if text.startswith("/"):
        return True  # a button payload says exactly what it wants
    if intent not in SOCIAL_INTENTS:
        return False
    if intent == "change_language":
        # a request for a language we support, or a sentence made of request words and one unknown name
        # ("can we speak Italian"); "Vietnamese coffee" is neither
        return requested_language(text) is not None or (
            len(units(text)) >= 3 and len(unseen_units(text, intent)) <= 1)
    if intent == "ask_contact":
        # "How can I reach the embassy?" asks for contact; "What is the role of an embassy?" asks a question
        return about_contact(text) and len(unseen_units(text, intent)) <= CONTACT_UNSEEN
    unseen = _weight(unseen_units(text, intent))
    limit = UNSEEN_WITH_MARK if asks(text) else UNSEEN_WITHOUT_MARK
    return unseen < limit


def asks(text: str) -> bool:
    """True when a message is put as a question (a question mark, or a question ending in Japanese, Chinese or
    Korean)."""
    return bool(_QUESTION.search(text or ""))


def is_visa_message(text: str) -> bool:
    """True when a message is made of the visa dialogue's own words once the country is left out:
    "I'm German, two weeks?" and "actually I have a British passport" are; a question about a Belgian
    football club is not (it goes to the knowledge base)."""
    from visa.nationality import without_countries

    text = (text or "").strip()
    if text.startswith("/"):
        return True
    return _weight(u for u in unseen_units(without_countries(text), "visa") if not u.isdigit()) <= VISA_UNSEEN


def _weight(unseen) -> float:
    """How many words the unseen units make: a Han character is about half a word."""
    return sum(0.5 if _HAN.match(u) else 1.0 for u in unseen)


def is_command(text: str, intent: str | None) -> bool:
    """True when a skip or start-over message is made of that command's own words (or is its button)."""
    text = (text or "").strip()
    if text.startswith("/"):
        return True
    if intent not in COMMAND_INTENTS:
        return False
    return len(unseen_units(text, intent)) <= 1
