"""language.backend: langdetect's profiles read into one float32 table give langdetect's own answers."""
from __future__ import annotations

import pytest

from language import backend

SAMPLES = ["Do I need a visa to visit Vietnam?", "Ai-je besoin d'un visa ?", "¿Necesito visa?", "Brauche ich ein Visum?",
           "Нужна ли виза?", "越南签证多少钱？", "ベトナムのビザは必要ですか？", "베트남 비자가 필요한가요?",
           "Tôi có cần thị thực không?", "ma il Vietnam è pericoloso?", "Czy potrzebuję wizy?", "ok"]


@pytest.fixture(scope="module")
def langdetects_own():
    """A factory loaded the way langdetect itself loads it (a dict of lists of Python floats)."""
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.set_seed(0)
    return factory


def _probabilities(factory, text: str) -> dict[str, float]:
    detector = factory.create()
    detector.append(text)
    detector.get_probabilities()
    return dict(zip(detector.langlist, detector.langprob))


def test_the_table_holds_every_short_ngram_of_every_profile(langdetects_own):
    ours = backend._factory(False)
    assert ours.langlist == langdetects_own.langlist
    short = {g for g in langdetects_own.word_lang_prob_map if 1 <= len(g) <= 3}
    assert len(ours.word_lang_prob_map) == len(short)
    for gram in ("the", "ệ", "ビザ", "viz"):
        if gram in langdetects_own.word_lang_prob_map:
            assert ours.word_lang_prob_map[gram] == pytest.approx(langdetects_own.word_lang_prob_map[gram], rel=1e-6)


@pytest.mark.parametrize("text", SAMPLES)
def test_the_same_answers_as_langdetects_own_loader(langdetects_own, text):
    ours = _probabilities(backend._factory(False), text)
    theirs = _probabilities(langdetects_own, text)
    assert max(ours, key=ours.get) == max(theirs, key=theirs.get)
    assert ours == pytest.approx(theirs, abs=1e-4)


def test_the_nine_only_factory_knows_only_the_nine():
    assert set(backend._factory(True).langlist) == {"en", "fr", "es", "de", "ru", "zh-cn", "zh-tw", "ja", "ko", "vi"}
