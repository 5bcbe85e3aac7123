"""knowledge_base.service: search with fused scores, the answer/suggest/decline decision, hot reload of index
versions; on a temporary store and index, with the fake encoder (`fake_encoder` in tests/conftest.py)."""
from __future__ import annotations

import dataclasses
import math
import datetime as dt
from pathlib import Path

import pytest
import yaml

from knowledge_base import classifier as classifier_mod
from knowledge_base import lexical, service
from knowledge_base.config import KBConfig
from knowledge_base.decision import FEATURES
from knowledge_base.index import IndexMismatch
from knowledge_base.schema import Entry
from tests.fakes import hit, make_entry

FESTIVAL = "The Hung Kings festival is held on the tenth day of the third lunar month."


def _write_content(folder: Path, items: list[dict]) -> None:
    # a content folder as editors keep it in the repository; rebuild() seeds the store from it
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "entries.yaml").write_text(yaml.safe_dump({"entries": items}, allow_unicode=True), encoding="utf-8")


@pytest.fixture
def kb_config(tmp_path):
    """A temporary store, index and content folder with two entries; threshold 0.9 without calibrated bands."""
    _write_content(tmp_path / "content", [make_entry("visa-a", en_q="Do I need a visa for Vietnam?"),
                                          make_entry("travel-b", topic="travel", en_q="Where can I eat pho?")])
    return KBConfig(database_url=f"sqlite:///{tmp_path}/kb.sqlite3", index_dir=tmp_path / "index",
                    content_dir=tmp_path / "content", encoder="fake", threshold=0.9, passage_threshold=0.9,
                    reload_seconds=0)


def test_lookup_answered_and_unknown_around_threshold(kb_config, fake_encoder):
    kb = service.KnowledgeBase(kb_config)
    version = kb.rebuild()
    result = kb.lookup("Do I need a visa for Vietnam?", "en")
    assert result.status == "answered" and result.index_version == version
    top = result.hits[0]
    assert top.entry.id == "visa-a" and top.matched_kind == "q" and top.matched_lang == "en"
    assert top.dense == pytest.approx(1.0, abs=1e-5)
    # the exact phrasing also matches lexically: at least the full question-overlap bonus on top
    assert top.score >= top.dense + lexical.QUESTION_WEIGHT - 1e-6
    # uncalibrated bands: well above the score -> unknown; just above -> "Did you mean"; just below -> answered
    far = service.KnowledgeBase(dataclasses.replace(kb_config, threshold=top.score + 0.05))
    assert far.lookup("Do I need a visa for Vietnam?").status == "unknown"
    above = service.KnowledgeBase(dataclasses.replace(kb_config, threshold=top.score + 0.001))
    assert above.lookup("Do I need a visa for Vietnam?").status == "suggest"
    below = service.KnowledgeBase(dataclasses.replace(kb_config, threshold=top.score - 0.001))
    assert below.lookup("Do I need a visa for Vietnam?").status == "answered"
    unknown = kb.lookup("What is the weather like on Mars today?")
    assert unknown.status == "unknown" and unknown.top_score < 0.9 and unknown.passage is None


def test_lookup_excerpt_from_passage(kb_config, fake_encoder):
    kb = service.KnowledgeBase(kb_config)
    kb.store.add_document(title="Festivals", publisher="VNAT", url="https://vietnam.travel/", language="vi",
                          chunks=[FESTIVAL])
    kb.rebuild()
    result = kb.lookup(FESTIVAL)
    assert result.status == "excerpt"
    assert result.passage["language"] == "vi" and result.passage["publisher"] == "VNAT"
    assert result.passage_score == pytest.approx(1.0, abs=1e-5)


def test_search_empty_question_and_k(kb_config, fake_encoder):
    kb = service.KnowledgeBase(kb_config)
    kb.rebuild()
    assert kb.search("   ") == []
    assert len(kb.search("Where can I eat pho?", k=1)) == 1
    assert kb.search("Where can I eat pho?")[0].entry.id == "travel-b"


def test_hot_reload_picks_up_new_version(kb_config, fake_encoder):
    kb = service.KnowledgeBase(kb_config)
    v1 = kb.rebuild()
    assert kb.index().version == v1
    assert kb.lookup("How do I extend my visa?").status == "unknown"
    # an editor process publishes new content and rebuilds
    _write_content(kb_config.content_dir, [make_entry("visa-a", en_q="Do I need a visa for Vietnam?"),
                                           make_entry("visa-extend", en_q="How do I extend my visa?")])
    other = service.KnowledgeBase(kb_config)
    v2 = other.rebuild()
    assert v2 != v1
    assert kb.index().version == v2
    result = kb.lookup("How do I extend my visa?")
    assert result.status == "answered" and result.hits[0].entry.id == "visa-extend"
    assert result.index_version == v2


def test_no_reload_within_reload_seconds(kb_config, fake_encoder):
    kb = service.KnowledgeBase(dataclasses.replace(kb_config, reload_seconds=3600))
    v1 = kb.rebuild()
    kb.index()
    _write_content(kb_config.content_dir, [make_entry("visa-a"), make_entry("visa-c")])
    v2 = service.KnowledgeBase(kb_config).rebuild()
    assert v2 != v1 and kb.index().version == v1


def test_broken_new_version_keeps_serving_old(kb_config, fake_encoder):
    kb = service.KnowledgeBase(kb_config)
    v1 = kb.rebuild()
    assert kb.index().version == v1
    _write_content(kb_config.content_dir, [make_entry("visa-a"), make_entry("visa-d")])
    v2 = service.KnowledgeBase(kb_config).rebuild()
    (kb_config.index_dir / v2 / "snapshot.json").write_text("[]")
    assert kb.index().version == v1  # the tampered version is refused, the old one stays live
    with pytest.raises(IndexMismatch):
        service.KnowledgeBase(kb_config).index()  # a fresh process has nothing to fall back to


def test_an_entry_that_expires_while_its_index_is_live_is_no_longer_served(kb_config, fake_encoder, monkeypatch):
    _write_content(kb_config.content_dir, [
        make_entry("visa-a", en_q="Do I need a visa for Vietnam?", valid_until="2026-12-31"),
        make_entry("travel-b", topic="travel", en_q="Where can I eat pho?")])
    kb = service.KnowledgeBase(kb_config)
    version = kb.rebuild()
    monkeypatch.setattr(service, "today", lambda: dt.date(2026, 12, 31))
    assert kb.lookup("Do I need a visa for Vietnam?", "en").hits[0].entry.id == "visa-a"
    # the clock passes valid_until; the index version is the same, but the entry is not served or suggested
    monkeypatch.setattr(service, "today", lambda: dt.date(2027, 1, 1))
    result = kb.lookup("Do I need a visa for Vietnam?", "en")
    assert result.index_version == version
    assert "visa-a" not in [h.entry.id for h in result.hits + result.suggestions]
    assert result.status != "answered" or result.hits[0].entry.id != "visa-a"


def test_a_lapsed_entry_with_a_successor_hands_its_questions_to_it(kb_config, fake_encoder, monkeypatch):
    # the 2026 entry holds the general phrasing; the 2027 one only its own year's, and takes effect the day after
    _write_content(kb_config.content_dir, [
        make_entry("invest-rate-2026", topic="investment", en_q="What is the tax rate in Vietnam?",
                   valid_until="2026-12-31", related=["invest-rate-2027"]),
        make_entry("invest-rate-2027", topic="investment", en_q="Which rate applies from January 2027?",
                   effective_date="2027-01-01"),
        make_entry("travel-b", topic="travel", en_q="Where can I eat pho?")])
    kb = service.KnowledgeBase(kb_config)
    kb.rebuild()
    monkeypatch.setattr(service, "today", lambda: dt.date(2026, 12, 31))
    before = kb.search("What is the tax rate in Vietnam?", "en")
    assert before[0].entry.id == "invest-rate-2026"
    monkeypatch.setattr(service, "today", lambda: dt.date(2027, 1, 1))
    after = kb.search("What is the tax rate in Vietnam?", "en")
    # the successor comes first, with the lapsed entry's closer row; the lapsed entry is gone, and nothing repeats
    assert after[0].entry.id == "invest-rate-2027" and after[0].dense == pytest.approx(before[0].dense)
    ids = [h.entry.id for h in after]
    assert "invest-rate-2026" not in ids and len(ids) == len(set(ids))


def test_a_lapsed_entry_without_a_successor_simply_lapses(kb_config, fake_encoder, monkeypatch):
    # related, but taking effect a day late: not a successor
    _write_content(kb_config.content_dir, [
        make_entry("invest-rate-2026", topic="investment", en_q="What is the tax rate in Vietnam?",
                   valid_until="2026-12-31", related=["invest-rate-2027"]),
        make_entry("invest-rate-2027", topic="investment", en_q="Which rate applies from January 2027?",
                   effective_date="2027-01-02")])
    kb = service.KnowledgeBase(kb_config)
    kb.rebuild()
    monkeypatch.setattr(service, "today", lambda: dt.date(2027, 1, 1))
    after = kb.search("What is the tax rate in Vietnam?", "en")
    assert "invest-rate-2026" not in [h.entry.id for h in after]
    assert kb.index().successors() == {}


# -- the decision and the search, directly ------------------------------------------------------------

@pytest.fixture
def kb(kb_config, fake_encoder):
    """A knowledge base built from kb_config's two entries, with a low threshold: close wording is answered."""
    base = service.KnowledgeBase(kb_config)
    base.rebuild()
    return service.KnowledgeBase(dataclasses.replace(kb_config, threshold=0.3))


def test_a_question_about_another_country_is_out_of_scope_however_close_its_wording(kb):
    assert kb.lookup("Do I need a visa for Vietnam?", "en").status == "answered"
    result = kb.lookup("Do I need a visa for Thailand?", "en")
    assert result.status == "out_of_scope" and result.reason == "other_country"
    assert result.hits[0].entry.id == "visa-a"  # the close entry was found, and not served


def test_a_personal_case_is_declined_with_its_reason(kb_config, fake_encoder):
    kb = service.KnowledgeBase(kb_config)
    kb.rebuild()
    result = kb.lookup("My husband was refused entry, what can I do?", "en")
    assert result.status == "unknown" and result.reason == "personal"
    assert kb.lookup("What is the weather like on Mars today?", "en").reason == "unknown"


def test_a_personal_case_is_referred_rather_than_offered_buttons(kb_config, fake_encoder):
    kb = service.KnowledgeBase(kb_config)
    kb.rebuild()
    kb.__dict__["bands"] = _flat_bands(0.6)  # every question would be offered "Did you mean…?"
    assert kb.lookup("Do I need a visa for Vietnam today?", "en").status == "suggest"
    result = kb.lookup("My husband was refused entry at the airport, do we need a visa?", "en")
    assert result.status == "unknown" and result.reason == "personal"


def test_a_bare_keyword_gets_suggestions_not_an_answer(kb):
    # "visa" scores above this threshold, but names a subject rather than which question about it
    result = kb.lookup("visa", "en")
    assert result.hits[0].score >= 0.3
    assert result.status == "suggest" and [h.entry.id for h in result.suggestions] == ["visa-a", "travel-b"]
    assert kb.lookup("Do I need a visa for Vietnam?", "en").status == "answered"


def test_a_why_question_gets_suggestions_not_an_answer(kb):
    # the entry is about needing a visa; a question about the reason for it is offered, never answered outright
    result = kb.lookup("Why do I need a visa for Vietnam?", "en")
    assert result.hits[0].entry.id == "visa-a" and result.hits[0].score >= 0.3
    assert result.status == "suggest" and "visa-a" in [h.entry.id for h in result.suggestions]


def test_search_fuses_dense_and_lexical_scores_best_first(kb):
    hits = kb.search("Do I need a visa for Vietnam?", "en")
    assert [h.entry.id for h in hits] == ["visa-a", "travel-b"]
    for h in hits:
        assert h.score == pytest.approx(h.dense + h.lexical + classifier_mod.WEIGHT * h.clf)
    assert hits[0].lexical > 0 and hits[0].score > hits[1].score


def test_the_lexical_bonus_can_reorder_the_dense_ranking(kb, monkeypatch):
    monkeypatch.setattr(service.LexicalIndex, "scores", lambda self, query, lang, ids: {"travel-b": 1.0})
    hits = kb.search("Do I need a visa for Vietnam?", "en")
    assert [h.entry.id for h in hits] == ["travel-b", "visa-a"]
    assert hits[0].dense < hits[1].dense and hits[0].lexical == 1.0


def test_lookup_keeps_k_hits(kb):
    assert len(kb.lookup("Do I need a visa for Vietnam?", "en", k=1).hits) == 1
    assert len(kb.lookup("Do I need a visa for Vietnam?", "en", k=4).hits) == 2  # all there are


def test_an_empty_question_is_unknown_without_searching(kb, fake_encoder):
    calls = fake_encoder.calls
    result = kb.lookup("  \n ", "en")
    assert result.status == "unknown" and result.hits == [] and result.top_score == 0.0
    assert fake_encoder.calls == calls


def test_the_glossary_expands_the_question_before_it_is_encoded(kb, fake_encoder):
    # rebuild() seeds the glossary from knowledge_base/glossary.yaml: "IRC" means an investment certificate
    kb.search("What is an IRC?", "en")
    assert fake_encoder.texts[-1].startswith("What is an IRC?")
    assert "Investment Registration Certificate" in fake_encoder.texts[-1]


def test_a_long_question_is_cut_to_max_query_chars(kb, fake_encoder):
    kb.search("a" * (service.MAX_QUERY_CHARS * 5), "en")
    assert fake_encoder.texts[-1] == "a" * service.MAX_QUERY_CHARS


def test_the_features_are_the_decision_models(kb):
    from knowledge_base.decision import FEATURES, SUGGEST_FEATURES, closeness

    question = "Is the DN1 visa valid for 90 days?"
    hits = kb.search(question, "en")
    feats = kb.features(question, "en", hits)
    assert set(feats) == set(FEATURES) | set(SUGGEST_FEATURES)
    assert feats["close"] == closeness(hits[0].dense)
    assert feats["own_language"] == (1.0 if hits[0].matched_lang == "en" else 0.0)
    top_area = hits[0].entry.id.split("-")[0]
    assert feats["same_area"] == sum(h.entry.id.split("-")[0] == top_area for h in hits[:4]) / 4
    assert feats["unmatched"] == 2  # "DN1" and "90": the entry names neither
    assert feats["score"] == hits[0].score and feats["margin"] == pytest.approx(min(hits[0].score - hits[1].score, 0.2))


def _hits(*scores):
    return [hit(Entry.from_dict(make_entry(f"visa-{n}")), s) for n, s in enumerate(scores)]


@pytest.mark.parametrize("scores,offered", [
    ((0.90, 0.88, 0.86, 0.70), 3),  # the entries within 0.05 of the best one
    ((0.90, 0.88, 0.84, 0.83), 2),  # not one further below
    ((0.90, 0.89, 0.88, 0.87), 3),  # at most three
    ((0.90, 0.70, 0.60), 2),        # at least two, however far the second
])
def test_suggestion_candidates_are_those_close_to_the_best_at_least_two(scores, offered):
    hits = _hits(*scores)
    assert service.suggestion_candidates(hits) == hits[:offered]


def _named_hits(*pairs):
    return [hit(Entry.from_dict(make_entry(eid)), s) for eid, s in pairs]


def test_a_far_second_button_is_never_another_partners_relations_entry():
    hits = _named_hits(("policy-relations-china", 1.04), ("policy-relations-united-states", 0.91),
                       ("policy-relations-japan", 0.91), ("policy-diplomatic-relations", 0.85))
    assert [h.entry.id for h in service.suggestion_candidates(hits)] == ["policy-relations-china",
                                                                         "policy-diplomatic-relations"]


def test_a_relations_entry_with_only_other_partners_below_is_offered_alone():
    hits = _named_hits(("policy-relations-china", 1.04), ("policy-relations-united-states", 0.91),
                       ("policy-relations-japan", 0.90))
    assert [h.entry.id for h in service.suggestion_candidates(hits)] == ["policy-relations-china"]


def test_close_partners_are_still_offered_together():
    # within the spread, other partners stay: the question may not have named one ("how are relations going?")
    hits = _named_hits(("policy-relations-china", 0.90), ("policy-relations-laos", 0.88), ("visa-x", 0.70))
    assert [h.entry.id for h in service.suggestion_candidates(hits)] == ["policy-relations-china",
                                                                         "policy-relations-laos"]


def test_a_far_second_button_under_an_ordinary_entry_is_the_next_hit():
    hits = _named_hits(("visa-a", 0.90), ("policy-relations-japan", 0.70), ("visa-b", 0.60))
    assert [h.entry.id for h in service.suggestion_candidates(hits)] == ["visa-a", "policy-relations-japan"]


def _dense_only_kb(tmp_path, monkeypatch, entries: list[dict]) -> "service.KnowledgeBase":
    """A knowledge base over `entries` with the fake encoder and neither lexical score nor classifier term, so that a
    hit's score is its dense score plus the ranking's country adjustments."""
    _write_content(tmp_path / "content", entries)
    config = KBConfig(database_url=f"sqlite:///{tmp_path}/kb.sqlite3", index_dir=tmp_path / "index",
                      content_dir=tmp_path / "content", encoder="fake", threshold=0.9, passage_threshold=0.9,
                      reload_seconds=0)
    kb = service.KnowledgeBase(config)
    kb.rebuild()
    monkeypatch.setattr(service.LexicalIndex, "scores", lambda self, query, lang, ids: {})
    monkeypatch.setattr(classifier_mod, "WEIGHT", 0.0)
    return kb


def test_an_entry_naming_the_country_asked_about_gets_the_country_lift(tmp_path, fake_encoder, monkeypatch):
    # relations entries that read alike (not word for word: the content check refuses a phrasing listed twice);
    # only their country differs, and the encoder barely sees it
    kb = _dense_only_kb(tmp_path, monkeypatch, [
        make_entry("policy-rel-japan", en_q="How are the relations between the two countries?",
                   answer_en="Viet Nam and Japan established diplomatic relations in 1973."),
        make_entry("policy-rel-korea", en_q="How are relations between the two countries?",
                   answer_en="Viet Nam and South Korea established diplomatic relations in 1992."),
        make_entry("policy-list", en_q="How are the relations between our two countries?",
                   answer_en="Partners include Japan, South Korea, India, Australia, France and Germany.")])
    hits = {h.entry.id: h for h in kb.search("한국-베트남 수교 관계는?", "ko", k=3)}
    assert hits["policy-rel-korea"].score == pytest.approx(hits["policy-rel-korea"].dense + service.COUNTRY_BONUS)
    # a list naming six countries gets the lift divided by the root of six; an entry without Korea gets none
    assert hits["policy-list"].score == pytest.approx(hits["policy-list"].dense + service.COUNTRY_BONUS / 6 ** 0.5)
    assert hits["policy-rel-japan"].score == pytest.approx(hits["policy-rel-japan"].dense)
    # no country in the question: no lift at all
    for h in kb.search("How are the relations between the two countries?", "en", k=3):
        assert h.score == pytest.approx(h.dense)


def test_a_relations_entry_for_a_country_the_question_does_not_name_drops_below_the_one_it_names(
        tmp_path, fake_encoder, monkeypatch):
    # "한국-베트남 수교 20주년…" once found the Mexico entry first: relations entries read alike to the encoder
    kb = _dense_only_kb(tmp_path, monkeypatch, [
        make_entry("policy-relations-mexico", en_q="How are the relations between the two countries?",
                   answer_en="Viet Nam and Mexico established diplomatic relations in 1975."),
        make_entry("policy-relations-korea", en_q="How are relations between the two countries?",
                   answer_en="Viet Nam and the Republic established diplomatic relations in 1992."),
        make_entry("policy-asean-x", en_q="How are the relations between our two countries?",
                   answer_en="Viet Nam joined the regional association in 1995.")])
    hits = {h.entry.id: h for h in kb.search("한국-베트남 수교 관계는?", "ko", k=3)}
    assert hits["policy-relations-mexico"].score == pytest.approx(
        hits["policy-relations-mexico"].dense - service.PARTNER_MISMATCH)
    # the partner named: no drop (it may still get the country lift)
    assert hits["policy-relations-korea"].score >= hits["policy-relations-korea"].dense - 1e-9
    # an entry that is not about one partner is left alone
    assert hits["policy-asean-x"].score == pytest.approx(hits["policy-asean-x"].dense)
    # a question naming no country leaves every partner where the encoder put it
    for h in kb.search("How are the relations between the two countries?", "en", k=3):
        assert h.score == pytest.approx(h.dense)
    # a bilateral compound names the partner too: 越中 is Viet Nam and China, so Mexico drops
    hits = {h.entry.id: h for h in kb.search("您对目前越中关系有何评价?", "zh", k=3)}
    assert hits["policy-relations-mexico"].score == pytest.approx(
        hits["policy-relations-mexico"].dense - service.PARTNER_MISMATCH)


def _one_candidate_kb(tmp_path, monkeypatch, partner):
    """Mexico's relations entry (the dense search's only candidate for "the two countries"), `partner`'s, and a
    visa entry, with one dense candidate and no classifier picks: what joins the candidates is the ranking's doing."""
    kb = _dense_only_kb(tmp_path, monkeypatch, [
        make_entry("policy-relations-mexico", en_q="How are the relations between the two countries?",
                   answer_en="Viet Nam and Mexico established diplomatic relations in 1975."),
        partner, make_entry("visa-a", en_q="Do I need a visa for Vietnam?")])
    monkeypatch.setattr(service, "CANDIDATES", 1)
    monkeypatch.setattr(service, "CLASSIFIER_PICKS", 0)
    return kb


def test_the_relations_entry_of_a_named_country_is_a_candidate_however_far_down_the_dense_search_puts_it(
        tmp_path, fake_encoder, monkeypatch):
    # with about 125 phrasings per entry, "両国関係…日本" no longer had the Japan entry among the 20 dense candidates
    kb = _one_candidate_kb(tmp_path, monkeypatch, make_entry(
        "policy-relations-japan", en_q="Tell me about the Japan partnership",
        answer_en="Viet Nam and Japan established diplomatic relations in 1973."))
    question = "How are the relations between the two countries, Japan and Viet Nam?"
    # every candidate the ranking weighed (search() cuts them to k)
    hits = {h.entry.id: h for h in kb._search(question, "en", 1)[0]}
    assert set(hits) == {"policy-relations-mexico", "policy-relations-japan"}  # Japan joins as a candidate
    assert hits["policy-relations-mexico"].score == pytest.approx(
        hits["policy-relations-mexico"].dense - service.PARTNER_MISMATCH)
    # without a country named, only the dense candidate
    assert [h.entry.id for h in kb._search("How are the relations between the two countries?", "en", 1)[0]] == [
        "policy-relations-mexico"]


def test_our_two_countries_on_an_embassy_site_means_the_host_countrys_relations(tmp_path, fake_encoder, monkeypatch):
    # a journalist at the embassy in Seoul asks about "our two countries": the Korea entry, not whichever relations
    # entry the encoder puts first
    kb = _one_candidate_kb(tmp_path, monkeypatch, make_entry(
        "policy-relations-korea", en_q="Tell me about the partnership with the Republic",
        answer_en="Viet Nam and the Republic established diplomatic relations in 1992."))
    question = "How are the relations between our two countries?"
    hits = {h.entry.id: h for h in kb._search(question, "en", 1, host_country="KR")[0]}
    assert set(hits) == {"policy-relations-mexico", "policy-relations-korea"}  # Korea joins as a candidate
    assert hits["policy-relations-mexico"].score == pytest.approx(
        hits["policy-relations-mexico"].dense - service.PARTNER_MISMATCH)
    # the same question on a site in no country, or a question that does not speak of two countries: unchanged
    assert [h.entry.id for h in kb._search(question, "en", 1)[0]] == ["policy-relations-mexico"]
    plain = kb._search("Do I need a visa for Vietnam?", "en", 1, host_country="KR")[0]
    assert [h.entry.id for h in plain] == ["visa-a"] and plain[0].score == pytest.approx(plain[0].dense)
    # a question that names its partner keeps it, whatever the site's country
    named = {h.entry.id: h for h in kb._search("How are the relations between our two countries, Mexico and Viet Nam?",
                                                "en", 1, host_country="KR")[0]}
    assert named["policy-relations-mexico"].score >= named["policy-relations-mexico"].dense - 1e-9
    # lookup passes it on
    assert "policy-relations-korea" in [h.entry.id for h in kb.lookup(question, "en", host_country="KR").hits]


def test_our_two_countries_is_searched_with_the_host_countrys_name_in_the_visitors_language(kb, monkeypatch):
    seen = []
    encode = kb.encoder.encode_queries
    monkeypatch.setattr(kb.encoder, "encode_queries", lambda texts: seen.extend(texts) or encode(texts))
    kb.search("Comment évaluez-vous les relations entre nos deux pays ?", "fr", host_country="CA")
    kb.search("Comment évaluez-vous les relations entre nos deux pays ?", "fr")
    kb.search("Faut-il un visa ?", "fr", host_country="CA")
    kb.search("両国関係についてどうお考えですか", "ja", host_country="JP")
    assert seen[0].endswith("(Canada)") and "Canada" not in seen[1] and "Canada" not in seen[2]
    assert seen[3].endswith("(日本)")


def test_the_classifiers_likeliest_entries_are_candidates_too(kb, monkeypatch):
    monkeypatch.setattr(service, "CANDIDATES", 1)
    monkeypatch.setattr(service, "CLASSIFIER_PICKS", 2)
    hits = kb._search("Do I need a visa for Vietnam?", "en", 1)[0]  # every candidate the ranking weighed
    assert {h.entry.id for h in hits} == {"visa-a", "travel-b"}
    monkeypatch.setattr(service, "CLASSIFIER_PICKS", 0)
    assert [h.entry.id for h in kb._search("Do I need a visa for Vietnam?", "en", 1)[0]] == ["visa-a"]


def test_prepare_entries_finds_every_entrys_countries_ahead(kb):
    assert kb.prepare_entries() == 2
    assert {key[0] for key in kb._facts} == {"visa-a", "travel-b"}


def _flat_bands(p: float) -> "service.Bands":
    # every question gets probability p from both models; answer at 0.9, suggest at 0.5
    bias = math.log(p / (1 - p))
    zeros = tuple(0.0 for _ in FEATURES)
    return service.Bands(zeros, bias, zeros, tuple(1.0 for _ in FEATURES), 0.9, 0.5, 0.95)


def _bands_with_other(p: float, other: float) -> "service.Bands":
    # _flat_bands(p) with a suggest band of its own for the languages the assistant does not speak
    flat = _flat_bands(p)
    return service.Bands(flat.weights, flat.bias, flat.mean, flat.scale, 0.9, 0.5, 0.95,
                         suggest_by_lang={"en": 0.5, "other": other})


@pytest.mark.parametrize("question", ["Czy potrzebuję wizy do Wietnamu?", "Preciso de um visto para o Vietnã?",
                                      "क्या मुझे वियतनाम के लिए वीज़ा चाहिए?"])
def test_a_question_in_an_unsupported_language_gets_the_band_of_those_languages(kb, question):
    kb.__dict__["bands"] = _bands_with_other(0.3, other=0.25)  # under the suggest band, over the `other` one
    result = kb.lookup(question, "en")
    assert result.status == "suggest" and result.suggestions
    kb.__dict__["bands"] = _bands_with_other(0.3, other=0.35)  # under both: declined
    assert kb.lookup(question, "en").status == "unknown"
    kb.__dict__["bands"] = _flat_bands(0.3)  # no band of their own: the common one, under which it is declined
    assert kb.lookup(question, "en").status == "unknown"


@pytest.mark.parametrize("question", ["Do I need a visa for Vietnam?", "Brauche ich ein Visum für Vietnam?"])
def test_a_supported_language_keeps_the_suggest_band(kb, question):
    kb.__dict__["bands"] = _bands_with_other(0.3, other=0.25)
    assert kb.lookup(question, "en").status == "unknown"


def test_the_gateways_language_decision_is_used_when_given(kb, monkeypatch):
    kb.__dict__["bands"] = _bands_with_other(0.3, other=0.25)
    # told that the message is in an unsupported language, the service does not detect it again
    monkeypatch.setattr(service, "in_unsupported_language", lambda q: pytest.fail("detected again"))
    assert kb.lookup("Do I need a visa for Vietnam?", "en", unsupported=True).status == "suggest"
    assert kb.lookup("Czy potrzebuję wizy do Wietnamu?", "en", unsupported=False).status == "unknown"


def test_the_suggest_band_of_the_visitors_language_applies(kb):
    bands = _flat_bands(0.4)  # under the common suggest band (0.5)
    kb.__dict__["bands"] = service.Bands(bands.weights, bands.bias, bands.mean, bands.scale, 0.9, 0.5, 0.95,
                                         suggest_by_lang={"de": 0.35})
    assert kb.lookup("Brauche ich ein Visum für Vietnam?", "de", unsupported=False).status == "suggest"
    assert kb.lookup("Do I need a visa for Vietnam?", "en", unsupported=False).status == "unknown"
    # a language the assistant does not speak is replied to in English, but never gets the band of the language
    # it is judged in: without a band of its own (`other`) it keeps the common one
    assert kb.lookup("Czy potrzebuję wizy do Wietnamu?", "de", unsupported=True).status == "unknown"
    kb.__dict__["bands"] = service.Bands(bands.weights, bands.bias, bands.mean, bands.scale, 0.9, 0.5, 0.95,
                                         suggest_by_lang={"en": 0.35})
    assert kb.lookup("Czy potrzebuję wizy do Wietnamu?", "en", unsupported=True).status == "unknown"
    assert kb.lookup("Do I need a visa for Vietnam?", "en", unsupported=False).status == "suggest"
    # with its own band it gets that one
    kb.__dict__["bands"] = service.Bands(bands.weights, bands.bias, bands.mean, bands.scale, 0.9, 0.5, 0.95,
                                         suggest_by_lang={"en": 0.45, "other": 0.35})
    assert kb.lookup("Czy potrzebuję wizy do Wietnamu?", "en", unsupported=True).status == "suggest"
    assert kb.lookup("Do I need a visa for Vietnam?", "en", unsupported=False).status == "unknown"


def test_a_shouted_question_is_searched_and_judged_in_sentence_case(kb, fake_encoder):
    kb.search("DO I NEED A VISA FOR VIETNAM TODAY?", "en")
    assert fake_encoder.texts[-1] == "Do i need a visa for Vietnam today?"  # a name in the entries keeps its capital
    hits = kb.search("Do I need a visa for Vietnam today?", "en")
    # the capitals are not read as abbreviations the entry lacks (DO, NEED, VISA…)
    shouted = kb.features("DO I NEED A VISA FOR VIETNAM TODAY?", "en", hits)
    assert shouted["unmatched"] == kb.features("Do I need a visa for Vietnam today?", "en", hits)["unmatched"] == 0


def test_a_traditional_chinese_question_is_searched_and_judged_in_simplified_characters(kb, fake_encoder):
    kb.search("去越南需要簽證嗎？我的護照還有效。", "zh")
    assert fake_encoder.texts[-1] == "去越南需要签证吗？我的护照还有效。"
    hits = kb.search("去越南需要签证吗？", "zh")
    assert kb.features("去越南需要簽證嗎？", "zh", hits) == kb.features("去越南需要签证吗？", "zh", hits)
    # Japanese kanji are not Traditional Chinese: a Japanese question is searched as the visitor wrote it
    kb.search("ベトナムのビザの申請書類は何ですか？", "ja")
    assert fake_encoder.texts[-1] == "ベトナムのビザの申請書類は何ですか？"


def test_a_close_passage_is_quoted_before_any_suggestion(kb_config, fake_encoder):
    kb = service.KnowledgeBase(kb_config)
    kb.store.add_document(title="Festivals", publisher="VNAT", url="https://vietnam.travel/", language="vi",
                          chunks=[FESTIVAL])
    kb.rebuild()
    kb.__dict__["bands"] = _flat_bands(0.6)  # every question is in the suggest band
    assert kb.lookup(FESTIVAL, "en").status == "excerpt"
    assert kb.lookup("Do I need a visa for Vietnam?", "en").status == "suggest"  # no close passage
    # a personal case is never answered with a quote, however close the passage
    loose = service.KnowledgeBase(dataclasses.replace(kb_config, passage_threshold=0.5))
    loose.__dict__["bands"] = _flat_bands(0.6)
    assert loose.lookup("Why is it held? " + FESTIVAL, "en").status == "excerpt"
    personal = loose.lookup("My husband was refused entry, why? " + FESTIVAL, "en")
    assert personal.status == "unknown" and personal.reason == "personal"  # the consulate, not a quote or buttons


def test_a_passage_that_only_reaches_the_threshold_does_not_jump_ahead_of_suggestions(kb_config, fake_encoder):
    # the passage reaches the (lowered) threshold, but the entry's phrasing matches the question better
    question = "Do I need a visa for Vietnam?"
    kb = service.KnowledgeBase(dataclasses.replace(kb_config, passage_threshold=0.3))
    kb.store.add_document(title="Visas", publisher="Demo", url="https://example.org/visas", language="en",
                          chunks=["Visitors to Vietnam may need a visa depending on their passport."])
    kb.rebuild()
    kb.__dict__["bands"] = _flat_bands(0.6)  # in the suggest band
    hits, vec = kb._search(question, "en", 4)
    passage = kb._close_passage(vec)
    assert passage and passage[1] < max(h.dense for h in hits)
    assert kb.lookup(question, "en").status == "suggest"
    kb.__dict__["bands"] = _flat_bands(0.1)  # under every band: the passage is quoted rather than a decline
    assert kb.lookup(question, "en").status == "excerpt"


def test_the_entry_classifier_adds_its_probability_to_the_score_and_to_the_features(kb_config, fake_encoder):
    kb = service.KnowledgeBase(kb_config)
    kb.rebuild()
    hits = kb.search("Do I need a visa for Vietnam?", "en", k=2)
    top = hits[0]
    assert top.entry.id == "visa-a" and 0.5 < top.clf <= 1.0
    assert sum(h.clf for h in hits) == pytest.approx(1.0, abs=1e-4)  # both entries are candidates
    assert top.score == pytest.approx(top.dense + top.lexical + classifier_mod.WEIGHT * top.clf, abs=1e-5)
    assert kb.features("Do I need a visa for Vietnam?", "en", hits)["clf"] == pytest.approx(top.clf)


def test_the_near_feature_is_the_classifier_belief_in_the_four_best_entries(kb_config, fake_encoder):
    kb = service.KnowledgeBase(kb_config)
    kb.rebuild()
    hits = kb.search("Do I need a visa for Vietnam?", "en", k=20)
    assert len(hits) >= 2
    feats = kb.features("Do I need a visa for Vietnam?", "en", hits)
    assert feats["near"] == pytest.approx(sum(h.clf for h in hits[:service.NEAR_ENTRIES]))
    assert feats["near"] >= feats["clf"]
    # a caller that passes only four hits (the follow-up reading) gets the same value
    assert kb.features("Do I need a visa for Vietnam?", "en", hits[:4])["near"] == pytest.approx(feats["near"])
    # the top entry alone holds less of the belief than the four best together when the second has any
    if len(hits) > 1 and hits[1].clf > 0:
        assert kb.features("Do I need a visa for Vietnam?", "en", hits[:1])["near"] < feats["near"]


def test_entries_for_vietnamese_citizens_are_offered_only_to_questions_that_may_come_from_them(
        tmp_path, fake_encoder, monkeypatch):
    # a visitor of another country who lost their own passport must not be told how Vietnamese citizens replace theirs
    kb = _dense_only_kb(tmp_path, monkeypatch, [
        make_entry("citizen-passport-abroad", en_q="I lost my Vietnamese passport abroad. What should I do?",
                   answer_en="A Vietnamese citizen abroad reports the loss to the embassy or consulate."),
        make_entry("entry-lost-passport", en_q="I lost my passport in Vietnam. What should I do?",
                   answer_en="A foreigner who loses a passport in Viet Nam reports it to the police.")])
    ids = lambda q, lang: [h.entry.id for h in kb._search(q, lang, 5)[0]]  # noqa: E731
    assert ids("I lost my passport abroad. What should I do?", "en") == ["entry-lost-passport"]
    assert "citizen-passport-abroad" in ids("I lost my Vietnamese passport abroad. What should I do?", "en")
    # a question in Vietnamese is a Vietnamese citizen's, unless it is about a foreigner
    assert "citizen-passport-abroad" in ids("Tôi bị mất hộ chiếu ở nước ngoài, phải làm sao?", "vi")
    assert ids("Người nước ngoài bị mất hộ chiếu thì phải làm sao?", "vi") == ["entry-lost-passport"]


def test_a_citizen_abroad_who_names_the_country_gets_the_citizens_entry_not_a_decline():
    # "Tôi làm mất hộ chiếu khi đang ở Nhật Bản": the entry on foreigners' lost passports in Viet Nam came first and
    # made the question about Japan; the citizens' entry next to it keeps it Viet Nam's business
    foreigners = hit(Entry.from_dict(make_entry("entry-lost-passport", en_q="I lost my passport in Vietnam.",
                                                answer_en="A foreigner reports the loss to the police in Viet Nam.")), 0.9)
    citizens = hit(Entry.from_dict(make_entry("citizen-passport-abroad", en_q="I lost my Vietnamese passport abroad.",
                                              answer_en="A Vietnamese citizen abroad reports it to the embassy.")), 0.85)
    question = "Tôi làm mất hộ chiếu khi đang ở Nhật Bản, phải làm gì?"
    assert [h.entry.id for h in service._citizens_abroad_first(question, [foreigners, citizens])] == [
        "citizen-passport-abroad", "entry-lost-passport"]
    # a question that stays in scope with its best entry keeps the order
    assert service._citizens_abroad_first("Tôi làm mất hộ chiếu, phải làm gì?", [foreigners, citizens]) == [
        foreigners, citizens]
    # another country's visa is still another country's, whatever entries follow
    assert service._citizens_abroad_first("Xin visa Nhật Bản có khó không?", [foreigners, citizens])[0] is foreigners
