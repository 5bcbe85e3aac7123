"""knowledge_base.lexical: IDF-weighted character n-gram overlap, the bonus that re-ranks dense candidates."""
from __future__ import annotations

import pytest

from knowledge_base.lexical import ANSWER_WEIGHT, QUESTION_WEIGHT, LexicalIndex, grams, lexical_scores
from knowledge_base.schema import Entry
from tests.fakes import make_entry

MAX_BONUS = QUESTION_WEIGHT + ANSWER_WEIGHT


def _entry(eid: str, question: str, answer: str, **kw) -> Entry:
    return Entry.from_dict(make_entry(eid, en_q=question, answer_en=answer, **kw))


ENTRIES = {e.id: e for e in (
    _entry("invest-cit", "What is the CIT rate in Vietnam?", "The corporate income tax (CIT) rate in Vietnam is 20%."),
    _entry("culture-tet", "What is Tết in Vietnam?", "Tết is the Lunar New Year in Vietnam."),
    _entry("travel-pho", "Where can I eat phở in Vietnam?", "Phở is sold on every street in Vietnam."),
    _entry("visa-evisa", "How do I apply for an e-visa to Vietnam?", "Apply online for an e-visa to Vietnam."),
    _entry("invest-company", "How do I set up a company in Vietnam?", "Register the company in Vietnam."),
    _entry("travel-season", "When is the best time to visit Vietnam?", "Spring and autumn suit most of Vietnam."),
)}


@pytest.fixture(scope="module")
def index():
    return LexicalIndex(ENTRIES)


def test_grams_are_padded_word_trigrams_lowercased():
    assert grams("CIT rate") == {" ci", "cit", "it ", " ra", "rat", "ate", "te "}
    assert grams("a") == {" a "}  # a short word is one n-gram, not none


def test_grams_are_bigrams_for_cjk_and_nfc_normalised():
    assert grams("签证") == {" 签", "签证", "证 "}
    assert grams("Te\u0302\u0301t") == grams("Tết") == {" tế", "tết", "ết "}  # decomposed as typed on some keyboards


@pytest.mark.parametrize("text", ["", "   ", "?!", "…"])
def test_no_grams_without_words(text):
    assert grams(text) == set()


@pytest.mark.parametrize("query,best", [("CIT rate", "invest-cit"), ("Tết", "culture-tet"), ("phở", "travel-pho"),
                                        ("e-visa", "visa-evisa"), ("Where can I eat phở?", "travel-pho")])
def test_the_entry_with_the_exact_wording_outranks_the_others(index, query, best):
    scores = index.scores(query, "en", list(ENTRIES))
    assert max(scores, key=scores.get) == best
    assert all(scores[best] > s for eid, s in scores.items() if eid != best)


def test_an_exact_question_gets_the_full_question_bonus(index):
    scores = index.scores("What is the CIT rate in Vietnam?", "en", list(ENTRIES))
    assert QUESTION_WEIGHT <= scores["invest-cit"] <= MAX_BONUS
    assert all(0.0 <= s <= MAX_BONUS for s in scores.values())


def test_words_every_entry_shares_weigh_less_than_rare_ones(index):
    # every entry says "Vietnam"; only one says "CIT"
    assert index.idf("nam") < index.idf("cit")
    scores = index.scores("CIT Vietnam", "en", list(ENTRIES))
    assert scores["invest-cit"] == pytest.approx(MAX_BONUS)
    # the others have 7 of the query's 10 n-grams, but the common ones: well under 70% of the bonus
    assert 0 < scores["culture-tet"] < 0.6 * MAX_BONUS


def test_the_answer_counts_in_the_visitors_language(index):
    query = "fr answer for travel-pho"
    assert index.scores(query, "fr", ["travel-pho"])["travel-pho"] > index.scores(query, "en", ["travel-pho"])["travel-pho"]
    assert index.scores("sold on every street", None, ["travel-pho"]) == index.scores("sold on every street", "en",
                                                                                       ["travel-pho"])


def test_empty_or_odd_queries_and_unknown_entries(index):
    assert index.scores("", "en", list(ENTRIES)) == {}
    assert index.scores("?!", "en", list(ENTRIES)) == {}
    assert index.scores("CIT", "en", []) == {}
    assert index.scores("zzzz qqqq", "en", ["invest-cit"]) == {"invest-cit": 0.0}  # n-grams no entry has
    assert index.scores("CIT", "en", ["no-such-entry"]) == {"no-such-entry": 0.0}
    assert index.scores("CIT", "xx", ["invest-cit"])["invest-cit"] > 0  # no answer in xx: the questions still count
    assert LexicalIndex({}).scores("CIT", "en", ["invest-cit"]) == {"invest-cit": 0.0}


def test_lexical_scores_scores_every_entry_given():
    scores = lexical_scores("CIT rate", ENTRIES, "en")
    assert set(scores) == set(ENTRIES)
    assert max(scores, key=scores.get) == "invest-cit"


def test_a_vietnamese_question_typed_without_diacritics_matches_the_phrasing_written_with_them():
    data = make_entry("invest-housing", topic="investment")
    data["questions"]["vi"] = ["Người nước ngoài có được mua nhà ở Việt Nam không?"]
    entries = {e.id: e for e in (Entry.from_dict(data), *ENTRIES.values())}
    plain = LexicalIndex(entries).scores("Nguoi nuoc ngoai co duoc mua nha o Viet Nam khong?", "vi", list(entries))
    written = LexicalIndex(entries).scores("Người nước ngoài có được mua nhà ở Việt Nam không?", "vi", list(entries))
    assert max(plain, key=plain.get) == "invest-housing"
    assert plain["invest-housing"] >= QUESTION_WEIGHT - 1e-9 and written["invest-housing"] >= QUESTION_WEIGHT - 1e-9


QUERIES = ["CIT rate", "Tết", "phở Hà Nội", "e-visa", "company", "签证", "zzz unknown words", ""]


def test_a_saved_index_loads_with_the_same_columns_weights_rows_and_scores(index, tmp_path):
    path = tmp_path / "lexical.npz"
    index.save(path)
    loaded = LexicalIndex.load(path)
    assert loaded._vocab == index._vocab and loaded._unseen == index._unseen
    assert (loaded._idf == index._idf).all()
    assert loaded._phrasings == index._phrasings and loaded._answer_rows == index._answer_rows
    for name in ("_questions", "_answers"):
        mine, theirs = getattr(loaded, name), getattr(index, name)
        assert mine.shape == theirs.shape and (mine != theirs).nnz == 0
    for query in QUERIES:
        for lang in ("en", "vi", None):
            assert loaded.scores(query, lang, list(ENTRIES)) == index.scores(query, lang, list(ENTRIES))
    assert loaded.entry_ids == list(ENTRIES)


def test_an_empty_index_saves_and_loads(tmp_path):
    LexicalIndex({}).save(tmp_path / "empty.npz")
    assert LexicalIndex.load(tmp_path / "empty.npz").scores("CIT", "en", ["invest-cit"]) == {"invest-cit": 0.0}


def test_a_file_whose_columns_disagree_is_refused(index, tmp_path):
    import numpy as np

    index.save(tmp_path / "ok.npz")
    with np.load(tmp_path / "ok.npz") as data:
        arrays = dict(data)
    arrays["idf"] = arrays["idf"][:-1]
    np.savez(tmp_path / "bad.npz", **arrays)
    with pytest.raises(ValueError):
        LexicalIndex.load(tmp_path / "bad.npz")


DRAFTS = [
    # a new entry, sharing n-grams with others ("Vietnam", "visa")
    _entry("visa-extension", "How do I extend my visa in Vietnam?", "Ask the immigration office to extend the visa."),
    # an edited entry: other phrasings and answer, some n-grams gone, some new
    _entry("invest-cit", "What is the corporate tax rate?", "Corporate income tax is 20% (CIT), 10% in some zones."),
    # an unchanged entry
    ENTRIES["culture-tet"],
    # Vietnamese phrasings also count without diacritics
    Entry.from_dict({**make_entry("visa-vi", en_q="Where to get a visa?"),
                     "questions": {"en": ["Where to get a visa?"], "vi": ["Làm visa Việt Nam ở đâu?"]},
                     "answer": {"en": "Apply online.", "vi": "Nộp hồ sơ xin visa trực tuyến."}}),
]


@pytest.mark.parametrize("draft", DRAFTS, ids=lambda e: e.id)
def test_a_drafts_bonus_is_what_an_index_with_the_draft_would_give_it(index, draft):
    with_draft = {**ENTRIES, draft.id: draft}
    rebuilt = LexicalIndex(with_draft)
    for query in QUERIES + ["extend visa Vietnam", "corporate tax 20%", "visa Việt Nam", "Lam visa o dau"]:
        for lang in ("en", "vi", "fr", None):
            expected = rebuilt.scores(query, lang, [draft.id]).get(draft.id, 0.0)
            got = index.score_with(query, lang, draft, ENTRIES.get(draft.id))
            assert got == pytest.approx(expected, rel=1e-12, abs=1e-15), (query, lang)
    # a saved and loaded index gives the same
    assert LexicalIndex({}).score_with("visa", "en", draft) == pytest.approx(
        LexicalIndex({draft.id: draft}).scores("visa", "en", [draft.id])[draft.id], rel=1e-12)
