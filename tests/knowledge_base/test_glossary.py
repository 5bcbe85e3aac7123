"""The glossary: questions are expanded with the meaning of the abbreviations they use."""
from __future__ import annotations

from knowledge_base.glossary import GLOSSARY_FILE, Glossary, load_terms, validate_terms

TERMS = [{"id": "irc", "match": ["IRC", "Investment Registration Certificate"],
          "expand": {"en": "Investment Registration Certificate", "ko": "투자등록증"}},
         {"id": "tet", "match": ["Tết", "Tet", "뗏"], "expand": {"en": "Lunar New Year"}}]


def test_expands_in_the_question_language_with_english_fallback():
    g = Glossary(TERMS)
    assert g.expand("What is an IRC?", "ko") == "What is an IRC? (투자등록증)"
    assert g.expand("뗏(Tết)이란 무엇일까요?", "ko") == "뗏(Tết)이란 무엇일까요? (Lunar New Year)"


def test_abbreviations_match_whole_upper_case_words_only():
    g = Glossary(TERMS)
    assert g.expand("a circle of friends", "en") == "a circle of friends"
    assert g.expand("the irc channel", "en") == "the irc channel"
    assert [t.id for t in g.found("IRC and Tet")] == ["irc", "tet"]


def test_spelled_out_forms_are_not_repeated():
    g = Glossary(TERMS)
    assert g.expand("How do I get an Investment Registration Certificate?", "en") == \
        "How do I get an Investment Registration Certificate?"


def test_validation_names_each_problem():
    assert validate_terms(TERMS) == []
    problems = validate_terms([{"id": "Bad", "match": [], "expand": {"xx": "y"}}, TERMS[0], TERMS[0]])
    assert any("kebab-case" in p for p in problems)
    assert any("match" in p for p in problems)
    assert any("English" in p for p in problems)
    assert any("duplicate" in p for p in problems)


def test_the_shipped_glossary_is_valid_and_covers_the_common_abbreviations():
    terms = load_terms(GLOSSARY_FILE)
    assert validate_terms(terms) == []
    g = Glossary(terms)
    for question in ("What are the IRC and ERC?", "TRC renewal", "DN1 visa", "evisa fee", "CIT rate", "VAT rate",
                     "FDI in Vietnam", "When is Tet?", "Làm thế nào để kiểm tra kết quả TTĐT?"):
        assert g.expand(question, "en") != question, question


def test_the_shipped_glossary_adds_the_abbreviation_to_a_spelled_out_vat():
    # the VAT entries' phrasings mostly say VAT/GTGT/TVA/НДС; a question that spells the tax out gets the short form
    g = Glossary(load_terms(GLOSSARY_FILE))
    assert g.expand("Thuế suất thuế giá trị gia tăng là bao nhiêu?", "vi").endswith("(thuế giá trị gia tăng (VAT))")
    assert "(TVA)" in g.expand("Quel est le taux de la taxe sur la valeur ajoutée ?", "fr")
    assert "(НДС)" in g.expand("Какая ставка налога на добавленную стоимость?", "ru")
    # the value a company adds is not the tax
    assert g.expand("Which sectors add the most value in Vietnam?", "en") == "Which sectors add the most value in Vietnam?"
