"""The relations rule and the nationality scope rule with the real encoder and index (the unit tests in
test_service.py and test_scope.py use a fake encoder). Questions written for this test, not taken from an
evaluation set."""
from __future__ import annotations

import pytest

from knowledge_base.config import load_config
from knowledge_base.index import current_version
from knowledge_base.scope import PARTNER_PREFIX
from knowledge_base.service import KnowledgeBase, suggestion_candidates

pytestmark = [pytest.mark.encoder, pytest.mark.index]


@pytest.fixture(scope="module")
def kb():
    cfg = load_config()
    if not current_version(cfg.index_dir):
        pytest.fail("no index: `make test` builds it first (python -m knowledge_base build)")
    return KnowledgeBase(cfg)


@pytest.mark.parametrize("question, lang, partner", [
    ("베트남과 한국의 외교 관계 수립 30주년은 어떤 의미가 있나요?", "ko", "korea"),
    ("Wie haben sich die Beziehungen zwischen Vietnam und Mexiko entwickelt?", "de", "mexico"),
    ("越中关系近年来发展如何？", "zh", "china"),
    ("Comment se portent les relations franco-vietnamiennes ?", "fr", "france"),
    ("Как развиваются российско-вьетнамские отношения?", "ru", "russia"),
])
def test_a_relations_question_finds_its_partner_and_offers_no_other_partner(kb, question, lang, partner):
    found = kb.lookup(question, lang)
    assert found.hits[0].entry.id == PARTNER_PREFIX + partner
    if found.status == "suggest":
        offered = [h.entry.id for h in suggestion_candidates(found.hits)]
        assert [i for i in offered if i.startswith(PARTNER_PREFIX) and i != PARTNER_PREFIX + partner] == []


@pytest.mark.parametrize("question, lang", [
    ("日本で生まれた子どもはベトナム国籍を取れますか？", "ja"),
    ("아내가 베트남 사람인데 한국에서 태어난 아이가 베트남 국적을 받을 수 있나요?", "ko"),
])
def test_a_question_on_viet_nams_nationality_is_not_declined_as_about_another_country(kb, question, lang):
    found = kb.lookup(question, lang)
    assert found.status != "out_of_scope"
    assert found.hits[0].entry.id == "entry-child-nationality"


@pytest.mark.parametrize("question, lang, entry", [
    ("Is it compulsory to wear a helmet when riding a scooter in Vietnam?", "en", "travel-motorbike-helmets"),
    ("ベトナムでバイクに乗るときヘルメットは義務ですか？", "ja", "travel-motorbike-helmets"),
    ("Wie verständige ich mich in Vietnam ohne Vietnamesischkenntnisse?", "de", "travel-communicating-without-vietnamese"),
    ("외국인 배우자와 베트남에서 이혼하려면 어떻게 해야 하나요?", "ko", "entry-divorce-foreign-element"),
    ("Comment divorcer au Vietnam quand on est marié à une Vietnamienne ?", "fr", "entry-divorce-foreign-element"),
])
def test_the_entries_added_in_round_15_are_found_first(kb, question, lang, entry):
    # the divorce entry must not lose to marriage registration, nor the helmet entry to driving licences
    found = kb.lookup(question, lang)
    assert found.status in ("answered", "suggest")
    assert found.hits[0].entry.id == entry
