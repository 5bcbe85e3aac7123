"""Messages in languages the assistant does not speak are flagged unsupported (and answered in English with a
notice), while supported messages that look like them (Spanish next to Portuguese and Italian, German and English
next to Dutch, Vietnamese typed without accents) keep their language."""

import json
from pathlib import Path

import pytest

from language import choose_language, detect

EVAL = Path(__file__).resolve().parents[2] / "eval" / "language"


def _decide(text, session=None):
    decision = choose_language(text, session_lang=session)
    return decision.language, decision.unsupported


@pytest.mark.parametrize("text", [
    "Visum nodig?",
    "Is Grab goedkoop?",
    "Waar is de ambassade?",
    "Is de SIM kaart duur?",
    "Is het eten in Vietnam pittig?",
    "Kan ik met euro betalen?",
    "Mijn visum verloopt volgende week, kan ik het verlengen zonder het land te verlaten?",
])
def test_dutch_is_unsupported_not_german_or_english(text):
    assert _decide(text) == ("en", "nl"), detect(text).reason


@pytest.mark.parametrize("text", [
    "Como funciona o Tết e o que fica fechado?",
    "Que roupa devo levar para visitar os templos?",
    "Dá para usar o Grab no aeroporto de Hà Nội?",
    "Gostava de saber se o comboio entre Hanói e Huế é confortável.",
    "É fácil encontrar comida vegetariana?",
    "Tem Grab em Hanói?",
    ("Olá, sou brasileira e vou fazer um intercâmbio de seis meses em Hồ Chí Minh a partir de março; queria saber se "
     "consigo tirar o visto de estudante pela internet ou se tenho que ir ao consulado em São Paulo antes de viajar."),
])
def test_portuguese_is_unsupported_not_spanish(text):
    assert _decide(text) == ("en", "pt"), detect(text).reason


@pytest.mark.parametrize("text", [
    "Devo lasciare la mancia al ristorante?",
    "Qual è la valuta?",
    "C'è Uber o solo Grab?",
    "Quale valuta conviene portare?",
    "Serve un adattatore per le prese?",
])
def test_italian_is_unsupported_not_spanish_or_french(text):
    assert _decide(text) == ("en", "it"), detect(text).reason


@pytest.mark.parametrize("text", [
    "Czy Polacy potrzebują wizy?",
    "ile kosztuje wiza na miesiac",
    "Gdzie kupię kartę SIM na lotnisku?",
    "Czy mogę wynająć skuter bez międzynarodowego prawa jazdy?",
])
def test_polish_is_unsupported(text):
    assert _decide(text) == ("en", "pl"), detect(text).reason


@pytest.mark.parametrize("text,candidate", [
    # their own letters (å, ı, ş, ğ) rule out German, whose ä, ö and ü they share
    ("När är bästa tiden att åka till Hội An?", "sv"),
    ("Vilka vaccinationer behövs innan resan?", "sv"),
    ("Saigon'da gece yalnız yürümek güvenli mi?", "tr"),
    ("vietnam vizesi kac para", "tr"),
    # Romanian ă at the end of a word is not Vietnamese
    ("Cât costă viza electronică?", "ro"),
    ("Vreau să deschid o firmă în Vietnam, ce acte îmi trebuie și cât durează procesul?", "ro"),
    ("Musluk suyu içilir mi?", "tr"),
    ("Bisa bayar pakai kartu kredit di mana-mana?", "id"),
    ("Děkuji moc za pomoc", "cs"),
])
def test_other_unsupported_languages(text, candidate):
    assert _decide(text) == ("en", candidate), detect(text).reason


def test_an_unsupported_message_keeps_the_session_language_for_the_reply():
    assert _decide("Kan ik met euro betalen?", session="de") == ("de", "nl")
    assert _decide("Que roupa devo levar para visitar os templos?", session="es") == ("es", "pt")


@pytest.mark.parametrize("text,lang", [
    # Spanish that langdetect calls Portuguese or Catalan
    ("Vale la pena ir a Hue?", "es"),
    ("Qué comida típica debo probar?", "es"),
    ("eso no responde a mi pregunta", "es"),
    ("cambiar a vietnamita", "es"),
    ("Necesito visa para Vietnam?", "es"),
    ("cuanto cuesta la e-visa", "es"),
    ("Cuál es la mejor época para ir a Hội An?", "es"),
    ("soy ciudadana italiana", "es"),
    ("¿cómo llego al consulado?", "es"),
    ("Se puede alquilar una moto sin carnet internacional?", "es"),
    # German and English next to Dutch
    ("Brauche ich ein Visum?", "de"),
    ("Ist Grab billig?", "de"),
    ("Kann ich mit Euro bezahlen?", "de"),
    ("Wo kaufe ich eine SIM-Karte?", "de"),
    ("SIM-Karte", "de"),
    ("Muss ich eine Firma gründen, um zu investieren?", "de"),
    ("Do Dutch citizens need a visa?", "en"),
    ("Is Grab cheap?", "en"),
    ("Is the SIM card expensive?", "en"),
    ("Do EU citizens need a visa?", "en"),
    ("can I use Grab in Da Nang?", "en"),
    ("I'm German", "en"),
    ("Is booking.com reliable?", "en"),
    ("Is Pho Bo halal?", "en"),
    # French with a Dutch-looking word
    ("Comment contacter l'ambassade ?", "fr"),
    # Vietnamese, with and without accents
    ("toi can visa khong", "vi"),
    ("o san bay co Grab khong", "vi"),
    ("visa cua toi sap het han, co gia han duoc khong", "vi"),
    ("doi tien o dau", "vi"),
    ("mua ao o dau", "vi"),
    ("com ga o dau ngon", "vi"),
    ("em oi cho hoi", "vi"),
    ("Tôi muốn ăn phở ở Hà Nội", "vi"),
    ("Làm thế nào để liên hệ với Đại sứ quán?", "vi"),
])
def test_near_neighbour_supported_messages_keep_their_language(text, lang):
    assert _decide(text) == (lang, None), detect(text).reason


@pytest.mark.parametrize("text", ["Dong to euro rate?", "volver a empezar", "hola a todos", "es-tu humain ?"])
def test_langdetect_alone_does_not_make_three_words_unsupported(text):
    assert _decide(text)[1] is None, detect(text).reason


def test_a_casual_ciao_is_not_italian():
    assert _decide("ciao", session="fr") == ("fr", None)
    assert _decide("ciao")[1] is None
    assert _decide("ciao, bis dann")[1] is None


def _rows(name):
    return [json.loads(line) for line in (EVAL / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def test_unsupported_eval_file_is_well_formed():
    rows = _rows("unsupported.jsonl")
    counts = {}
    for r in rows:
        assert set(r) == {"text", "lang", "session", "expected"} and r["expected"] == "unsupported"
        counts[r["lang"]] = counts.get(r["lang"], 0) + 1
    for lang in ("nl", "pt", "it", "pl", "id", "tr", "sv"):
        assert counts[lang] >= 25, lang
    for lang in ("tl", "cs", "ro", "hi", "th", "ar"):
        assert counts[lang] >= 10, lang
    assert len({r["text"] for r in rows}) == len(rows)


def test_unsupported_eval_meets_target():
    from eval.language_eval import evaluate

    result = evaluate(EVAL / "unsupported.jsonl")
    n, ok = result["table"]["pipeline"]["unsupported"]
    assert ok / n >= 0.97, [(r["text"], got) for r, got, _ in result["misses"]]


def test_neighbours_eval_has_no_false_unsupported():
    from eval.language_eval import evaluate

    result = evaluate(EVAL / "neighbours.jsonl")
    assert result["false_unsupported"]["pipeline"] == 0, [
        (r["text"], got) for r, got, _ in result["misses"] if got == "unsupported"]
    cells = result["table"]["pipeline"].values()
    assert sum(c[1] for c in cells) / sum(c[0] for c in cells) >= 0.9
