"""The decision model: features, bands and the three outcomes."""
from __future__ import annotations

import pytest

from knowledge_base.decision import (FEATURES, Bands, answered_only_by_choice, asks_why, feature_vector, named_things,
                                     one_term, opens_with_yes_no, personal_case, unmatched_count)


@pytest.mark.parametrize("text", ["Yes. Foreigners may...", "No, you cannot.", "Oui, vous pouvez.", "Sí. Puede.",
                                  "Nein, das ist nicht möglich.", "Да, можно.", "是的，可以。", "不，不需要。",
                                  "はい、できます。", "いいえ、必要ありません。", "네, 가능합니다.", "아니요, 필요 없습니다.",
                                  "Có. Bạn có thể.", "Không, bạn không cần.", "**Yes.** It is."])
def test_yes_no_openings_in_nine_languages(text):
    assert opens_with_yes_no(text)


@pytest.mark.parametrize("text", ["Yesterday the rules changed.", "Nothing is required.", "Không có phí.",
                                  "Non-EU citizens need a visa.", "Notable rules apply.", "是越南的传统节日。"])
def test_ordinary_openings_are_not_yes_no(text):
    assert not opens_with_yes_no(text)


def test_named_things_are_numbers_and_abbreviations():
    assert named_things("Is the DN1 visa valid for 90 days in 2026?") == {"dn1", "90", "2026"}
    assert named_things("OK, what about VND?") == set()


def test_unmatched_counts_named_things_and_countries_the_entry_lacks():
    assert unmatched_count("Is the DN1 visa valid for 90 days?", "A DN1 visa lasts up to 90 days.", set(), set()) == 0
    assert unmatched_count("Is the DN1 visa valid for 90 days?", "An e-visa lasts 30 days.", set(), set()) == 2
    assert unmatched_count("visa for Germans", "...", {"DE"}, {"DE", "FR"}) == 0
    assert unmatched_count("visa for Mexicans", "...", {"MX"}, {"DE"}) == 1


@pytest.mark.parametrize("text", [
    "My husband was refused entry, what can I do?", "I overstayed by two days, what happens now?",
    "J'ai été refusé à la frontière", "Mon mari a été refoulé à l'aéroport", "Mi esposa fue rechazada en el aeropuerto",
    "Me multaron en la frontera", "Mein Mann wurde am Flughafen abgewiesen", "Меня оштрафовали на границе",
    "Chồng tôi bị từ chối nhập cảnh", "我丈夫被拒入境怎么办", "夫が入国拒否されました", "남편이 입국 거부를 당했어요",
    "남편이 입국 거부당했는데 어떻게 하면 되나요?", "I was fined at the border. If I pay now, can I leave?",
    "When I landed in Hanoi I was refused entry, what can I do?",
])
def test_the_askers_own_adverse_case_is_personal(text):
    assert personal_case(text)


@pytest.mark.parametrize("text", [
    "Do I need a visa for my children?", "Chồng tôi là người Mỹ muốn về thường trú tại VN, làm thế nào?",
    "Mi hijo quiere estudiar en Vietnam", "Mein Mann ist Deutscher, braucht er ein Visum?", "In my case, is a visa needed?",
    "我丈夫是美国人，需要签证吗？", "제 남편은 한국인인데 비자가 필요한가요?", "What happens to travellers who are refused entry?",
    # hypotheticals ask about the rule
    "If my visa is refused, is the fee refunded?", "Si me negaron la visa, ¿puedo volver a solicitarla?",
    "如果我被拒入境怎么办？", "もし夫が入国拒否されたらどうなりますか？", "남편이 입국 거부를 당하면 어떻게 되나요?",
    "Nếu tôi bị từ chối thị thực thì lệ phí có được hoàn lại không?",
])
def test_a_question_that_only_mentions_the_askers_family_is_not_a_case(text):
    assert not personal_case(text)


def test_uncalibrated_bands_use_the_score_threshold():
    bands = Bands.from_dict(None, threshold=0.9)
    assert bands.outcome(bands.probability({"score": 0.95}), strict=False) == "answer"
    assert bands.outcome(bands.probability({"score": 0.89}), strict=False) == "suggest"
    assert bands.outcome(bands.probability({"score": 0.80}), strict=False) == "decline"


def test_yes_no_answers_need_the_strict_band():
    bands = Bands(tuple(1.0 if f == "score" else 0.0 for f in FEATURES), 0.0, (0.0,) * len(FEATURES),
                  (1.0,) * len(FEATURES), answer=0.6, suggest=0.3, strict=0.9)
    p = 0.7
    assert bands.outcome(p, strict=False) == "answer"
    assert bands.outcome(p, strict=True) == "suggest"
    assert bands.outcome(0.95, strict=True) == "answer"


@pytest.mark.parametrize("question,expected", [("visa", True), ("ビザ", True), ("Tết", True), ("签证", True),
                                               ("visa fee", False), ("ビザの料金はいくら", False),
                                               ("베트남 비자", True), ("Do I need a visa?", False)])
def test_one_term_questions(question, expected):
    assert one_term(question) is expected


@pytest.mark.parametrize("question", [
    "Why is my Vietnam visa taking so long?", "Pourquoi le Têt est-il si important ?", "¿Por qué se llama pho?",
    "Warum braucht man ein Visum?", "Почему во Вьетнаме так много мотоциклов?", "越南咖啡为什么这么浓",
    "為何要申請臨時居留卡?", "なぜ旧正月は大切なのですか", "남부 음식은 왜 달아요", "Vì sao lại có tên gọi ông Công ông Táo?",
    "Tại sao chỉ cho phép bốn vị trí?"])
def test_why_questions_are_answered_only_by_choice(question):
    assert asks_why(question) and answered_only_by_choice(question)


@pytest.mark.parametrize("question", [
    "では、ドイモイとはなんでしょう。", "What is Tết and when is it?", "Wie bekomme ich ein Visum?", "Porque es importante?",
    "Somewhere in Vietnam", "Сколько стоит виза?", "越南签证多少钱", "Do I need a visa?"])
def test_other_questions_can_be_answered(question):
    assert not asks_why(question) and not answered_only_by_choice(question)


def test_bands_round_trip_and_weight_every_feature():
    bands = Bands(tuple(range(len(FEATURES))), 0.5, (0.1,) * len(FEATURES), (2.0,) * len(FEATURES),
                  0.8, 0.4, 0.9, {"split": "dev"})
    again = Bands.from_dict(bands.as_dict(), threshold=0.0)
    assert again == bands
    feats = dict(zip(FEATURES, feature_vector({"score": 1.0, "margin": 0.2})))
    assert 0.0 < bands.probability(feats) < 1.0
    # a model for a different feature list is not used: the score-only fallback is
    assert Bands.from_dict({**bands.as_dict(), "weights": [1.0]}, threshold=0.9).answer == 0.5


def test_closeness_is_zero_below_its_start_and_one_for_a_phrasing_itself():
    from knowledge_base.decision import CLOSE_FROM, closeness

    assert closeness(0.5) == closeness(CLOSE_FROM) == 0.0
    assert closeness(1.0) == 1.0 and closeness(1.02) == 1.0
    assert 0.0 < closeness(CLOSE_FROM + 0.01) < closeness(CLOSE_FROM + 0.02) < 1.0


def test_a_calibration_over_the_base_signals_still_loads_and_ignores_close():
    from knowledge_base.decision import BASE_FEATURES

    n = len(BASE_FEATURES)
    old = Bands(tuple(1.0 if f == "dense" else 0.0 for f in BASE_FEATURES), 0.0, (0.9,) * n, (0.05,) * n, 0.9, 0.5,
                0.95, answer_features=BASE_FEATURES)
    data = old.as_dict()
    assert data["features"] == list(BASE_FEATURES)
    loaded = Bands.from_dict(data, threshold=0.0)
    assert loaded == old and loaded.answer_features == BASE_FEATURES
    feats = {"dense": 0.98}
    assert loaded.probability(feats) == loaded.probability({**feats, "close": 1.0})
    # the current list weighs it
    new = Bands.from_dict({**data, "features": list(FEATURES), "weights": [0.0] * len(FEATURES[:-1]) + [3.0],
                           "mean": [0.0] * len(FEATURES), "scale": [1.0] * len(FEATURES)}, threshold=0.0)
    assert new.answer_features == FEATURES and new.probability({"close": 1.0}) > new.probability({"close": 0.0})
    # a calibration naming a signal nobody computes is not used: the score-only fallback is
    bad = Bands.from_dict({**data, "features": [*BASE_FEATURES[:-1], "mystery"]}, threshold=0.9)
    assert bad.answer == 0.5 and bad.answer_features == FEATURES


def test_the_suggest_model_weighs_its_own_features_and_round_trips():
    from knowledge_base.decision import SUGGEST_FEATURES

    n, m = len(FEATURES), len(SUGGEST_FEATURES)
    own = SUGGEST_FEATURES.index("own_language")
    bands = Bands(tuple(1.0 if f == "score" else 0.0 for f in FEATURES), 0.0, (0.0,) * n, (1.0,) * n, 0.9, 0.5, 0.95,
                  suggest_weights=tuple(2.0 if i == own else 0.0 for i in range(m)), suggest_bias=0.0,
                  suggest_mean=(0.5,) * m, suggest_scale=(0.5,) * m)
    feats = {"score": 0.2, "own_language": 1.0}
    assert bands.suggest_probability(feats) > 0.8 > bands.suggest_probability({**feats, "own_language": 0.0})
    # the answer model does not see it
    assert bands.probability(feats) == bands.probability({**feats, "own_language": 0.0})
    data = bands.as_dict()
    assert data["suggest_features"] == list(SUGGEST_FEATURES)
    assert Bands.from_dict(data, threshold=0.0) == bands
    # a calibration from before round 24 (the suggest model over the answer model's signals) still loads and is
    # used as it was
    old = {k: v for k, v in data.items() if k not in ("suggest_features", "suggest_mean", "suggest_scale")}
    old["suggest_weights"] = [0.0] * n
    loaded = Bands.from_dict(old, threshold=0.0)
    assert loaded.suggest_mean is None and loaded.suggest_probability(feats) == 0.5
    # suggest weights of an unknown length are not used: the answer model stands in
    assert Bands.from_dict({**old, "suggest_weights": [1.0] * (n + 5)}, threshold=0.0).suggest_weights is None


def test_a_language_with_its_own_suggest_band_uses_it():
    bands = Bands(tuple(1.0 if f == "score" else 0.0 for f in FEATURES), 0.0, (0.0,) * len(FEATURES),
                  (1.0,) * len(FEATURES), answer=0.9, suggest=0.5, strict=0.95, suggest_by_lang={"ko": 0.3, "zh": 0.6})
    assert bands.outcome(0.4, strict=False, p_suggest=0.4, lang="ko") == "suggest"
    assert bands.outcome(0.4, strict=False, p_suggest=0.4, lang="en") == "decline"  # the common band
    assert bands.outcome(0.55, strict=False, p_suggest=0.55, lang="zh") == "decline"
    assert bands.outcome(0.55, strict=False, p_suggest=0.55) == "suggest"  # no language: the common band
    assert bands.outcome(0.92, strict=False, p_suggest=0.1, lang="zh") == "answer"  # the answer band is common
    assert Bands.from_dict(bands.as_dict(), threshold=0.0) == bands
