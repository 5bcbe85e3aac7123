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
    # round 15
    ("Is it compulsory to wear a helmet when riding a scooter in Vietnam?", "en", "travel-motorbike-helmets"),
    ("ベトナムでバイクに乗るときヘルメットは義務ですか？", "ja", "travel-motorbike-helmets"),
    ("Wie verständige ich mich in Vietnam ohne Vietnamesischkenntnisse?", "de", "travel-communicating-without-vietnamese"),
    ("외국인 배우자와 베트남에서 이혼하려면 어떻게 해야 하나요?", "ko", "entry-divorce-foreign-element"),
    ("Comment divorcer au Vietnam quand on est marié à une Vietnamienne ?", "fr", "entry-divorce-foreign-element"),
    # round 16
    ("Can the Vietnamese authorities stop me from leaving the country because of a tax debt?", "en", "entry-exit-suspension"),
    ("Comment obtenir un extrait de casier judiciaire vietnamien après avoir quitté le pays ?", "fr", "entry-judicial-record-certificate"),
    ("Mein Vater ist in Vietnam gestorben. Wie wird der Leichnam nach Deutschland überführt?", "de", "entry-death-repatriation"),
    ("犬を連れてベトナムに入国するには何が必要ですか？", "ja", "entry-pets"),
    ("Может ли иностранец открыть счёт в вьетнамском банке?", "ru", "invest-personal-bank-account"),
    ("외국인이 베트남으로 이사할 때 이삿짐에 관세가 붙나요?", "ko", "entry-household-goods-relocation"),
    ("¿Qué hace Vietnam con las víctimas del agente naranja y las bombas sin explotar?", "es", "policy-war-legacies"),
    ("我们想在越南拍电影，需要什么许可？", "zh", "visa-filming-permit"),
    ("Người nước ngoài có thể nhận con nuôi Việt Nam không?", "vi", "entry-intercountry-adoption"),
    ("Can I swap my UK driving licence for a Vietnamese one now that I have a residence card?", "en", "travel-driving-licence-conversion"),
    ("How would you describe Viet Nam's relations with Cambodia?", "en", "policy-relations-cambodia"),
    ("如何评价越老关系？", "zh", "policy-relations-laos"),
    ("Quan hệ Việt Nam - Thái Lan hiện nay ở cấp độ nào?", "vi", "policy-relations-thailand"),
    ("Wie eng sind die Beziehungen zwischen Vietnam und Singapur?", "de", "policy-relations-singapore"),
    ("베트남과 인도네시아의 관계는 어떻습니까?", "ko", "policy-relations-indonesia"),
    ("Quelles sont les relations entre le Vietnam et les Philippines ?", "fr", "policy-relations-philippines"),
    ("Какие отношения у Вьетнама с Малайзией?", "ru", "policy-relations-malaysia"),
])
def test_the_entries_added_in_rounds_15_and_16_are_found_first(kb, question, lang, entry):
    # the divorce entry must not lose to marriage registration, the helmet entry to driving licences, the exit-ban
    # entry to the exit requirements, nor a relations entry to a neighbour's
    found = kb.lookup(question, lang)
    assert found.status in ("answered", "suggest")
    assert found.hits[0].entry.id == entry


@pytest.mark.parametrize("question, entry", [
    ("Nguoi nuoc ngoai co duoc mua nha o Viet Nam khong?", "invest-foreigners-buy-housing"),
    ("Le phi e-visa Viet Nam la bao nhieu?", "visa-evisa-fee"),
    ("Tet Trung thu la ngay nao?", "culture-mid-autumn-festival"),
])
def test_a_vietnamese_question_typed_without_diacritics_finds_its_entry(kb, question, entry):
    # searched against the phrasings written the same way (language.script.phrasing_variants): among the entries a
    # "Did you mean…?" offers, where before the first of these found banking, SIM cards and foreign policy
    assert entry in [h.entry.id for h in suggestion_candidates(kb.search(question, "vi", k=4))]


@pytest.mark.parametrize("question, lang", [
    ("What VAT rate applies in Vietnam?", "en"),
    ("Quel est le taux de TVA au Vietnam ?", "fr"),
    ("Thuế suất thuế giá trị gia tăng ở Việt Nam là bao nhiêu?", "vi"),
])
def test_the_vat_question_is_handed_to_the_2027_entry_once_the_temporary_rate_expires(kb, question, lang, monkeypatch):
    """invest-vat (the 8% reduction) is valid until 31 December 2026; from 1 January 2027 the same question must find
    invest-vat-2027 and never the expired entry, without a rebuild of the index."""
    import datetime as dt

    from knowledge_base import service

    def ranked(found) -> list[str]:
        return [h.entry.id for h in found.hits[:3]]

    monkeypatch.setattr(service, "today", lambda: dt.date(2026, 12, 31))
    before = ranked(kb.lookup(question, lang))
    assert "invest-vat" in before
    monkeypatch.setattr(service, "today", lambda: dt.date(2027, 1, 1))
    after = kb.lookup(question, lang)
    offered = [h.entry.id for h in after.hits] + [h.entry.id for h in after.suggestions]
    assert "invest-vat" not in offered
    # the successor takes the lapsed entry's place (or a better one), with the lapsed entry's scores
    assert "invest-vat-2027" in ranked(after)
    assert ranked(after).index("invest-vat-2027") <= before.index("invest-vat")


@pytest.mark.parametrize("question, lang", [
    ("Thuế suất thuế giá trị gia tăng ở Việt Nam là bao nhiêu?", "vi"),
    ("Какая ставка налога на добавленную стоимость во Вьетнаме?", "ru"),
    ("Quel est le taux de la taxe sur la valeur ajoutée au Vietnam ?", "fr"),
])
def test_a_spelled_out_vat_question_finds_a_vat_entry_not_the_corporate_tax(kb, question, lang):
    # the corporate-tax phrasings read almost alike ("ставка налога на прибыль предприятий"); round 33 found the CIT
    # entry first for the Vietnamese and Russian wording
    assert kb.lookup(question, lang).hits[0].entry.id in ("invest-vat", "invest-vat-2027")
