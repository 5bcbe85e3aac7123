"""Entry schema: validation of single entries and collections, round-trips and expiry."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml

from knowledge_base.schema import (LANGS, MAX_ANSWER_CHARS, Entry, Source, phrasing_key, validate_entries,
                                   validate_entry)
from tests.fakes import make_entry

ROOT = Path(__file__).resolve().parents[2]


def _has(errs: list[str], fragment: str) -> bool:
    return any(fragment in e for e in errs)


def test_valid_entry_has_no_problems():
    assert validate_entry(make_entry()) == []


def test_valid_entry_with_all_optional_fields():
    data = make_entry(effective_date="2023-08-15", valid_until="2028-03-14", review_due="2027-01-01",
                      related=["visa-other"])
    assert validate_entry(data) == []


def test_non_mapping_entry():
    assert validate_entry(["not", "a", "dict"]) == ["entry is not a mapping"]


@pytest.mark.parametrize("lang", ["fr", "vi", "ja"])
def test_missing_language_in_answer(lang):
    data = make_entry()
    del data["answer"][lang]
    errs = validate_entry(data)
    assert _has(errs, "answer missing languages") and _has(errs, lang)


def test_blank_answer_counts_as_missing():
    data = make_entry()
    data["answer"]["de"] = "   "
    errs = validate_entry(data)
    assert _has(errs, "answer[de] is empty")
    assert _has(errs, "answer missing languages: de")


def test_require_all_langs_false_only_needs_english():
    data = make_entry()
    data["answer"] = {"en": "Only English."}
    assert validate_entry(data, require_all_langs=False) == []
    assert _has(validate_entry(data), "answer missing languages")
    del data["answer"]["en"]
    data["answer"]["fr"] = "Seulement en français."
    assert _has(validate_entry(data, require_all_langs=False), "answer missing languages: en")


def test_unknown_answer_language_and_too_long_answer():
    data = make_entry()
    data["answer"]["it"] = "Ciao"
    data["answer"]["en"] = "x" * (MAX_ANSWER_CHARS + 1)
    errs = validate_entry(data)
    assert _has(errs, "unknown language 'it'")
    assert _has(errs, "answer[en] is longer than")


@pytest.mark.parametrize("bad_id", ["Visa-Test", "visa_test", "visa--test", "-visa", "", None, 42])
def test_bad_ids(bad_id):
    assert _has(validate_entry(make_entry(eid=bad_id)), "kebab-case")


def test_bad_topic():
    assert _has(validate_entry(make_entry(topic="sports")), "topic 'sports'")


def test_questions_need_english_and_lists_of_strings():
    data = make_entry()
    del data["questions"]["en"]
    assert _has(validate_entry(data), "at least one English phrasing")
    data = make_entry()
    data["questions"]["fr"] = "pas une liste"
    assert _has(validate_entry(data), "questions[fr] must be a list")
    data = make_entry()
    data["questions"]["xx"] = ["?"]
    assert _has(validate_entry(data), "questions has unknown language 'xx'")
    data = make_entry()
    data["questions"] = {}
    assert _has(validate_entry(data), "questions must map")


@pytest.mark.parametrize("url", ["ftp://example.org/x", "example.org", "https://", "https://exa mple.org",
                                 "javascript:alert(1)"])
def test_bad_source_url(url):
    data = make_entry()
    data["source"]["url"] = url
    assert _has(validate_entry(data), "is not an http(s) URL")


@pytest.mark.parametrize("url", ["https://evisa.gov.vn/", "http://example.org/a?b=c#d"])
def test_good_source_url(url):
    data = make_entry()
    data["source"]["url"] = url
    assert validate_entry(data) == []


def test_missing_source_fields():
    data = make_entry()
    data["source"] = {"publisher": "", "url": "https://a.org"}
    errs = validate_entry(data)
    assert _has(errs, "source.publisher is missing") and _has(errs, "source.title is missing")
    data["source"] = "https://a.org"
    assert _has(validate_entry(data), "source must have")


@pytest.mark.parametrize("key,value", [("last_reviewed", "2026-13-01"), ("last_reviewed", "yesterday"),
                                       ("effective_date", "15/08/2023"), ("valid_until", "2028-02-30"),
                                       ("review_due", "soon")])
def test_bad_dates(key, value):
    errs = validate_entry(make_entry(**{key: value}))
    assert _has(errs, f"{key} {value!r} is not a date")


def test_last_reviewed_required():
    data = make_entry()
    del data["last_reviewed"]
    assert _has(validate_entry(data), "last_reviewed is required")


def test_date_objects_accepted():
    # YAML turns unquoted dates into datetime.date objects
    data = make_entry(last_reviewed=dt.date(2026, 1, 1), effective_date=dt.date(2025, 1, 1))
    assert validate_entry(data) == []


def test_valid_until_before_effective_date():
    errs = validate_entry(make_entry(effective_date="2024-06-01", valid_until="2024-05-31"))
    assert "valid_until is before effective_date" in errs
    assert validate_entry(make_entry(effective_date="2024-06-01", valid_until="2024-06-01")) == []


def test_related_must_be_list_of_strings():
    assert _has(validate_entry(make_entry(related="visa-x")), "related must be a list")
    assert _has(validate_entry(make_entry(related=[1, 2])), "related must be a list")


def test_validate_entries_all_good():
    items = [make_entry("visa-a", related=["visa-b"]), make_entry("visa-b", related=["visa-a"])]
    assert validate_entries(items) == {}


def test_validate_entries_duplicate_id():
    problems = validate_entries([make_entry("visa-a"), make_entry("visa-a")])
    assert problems == {"visa-a": ["duplicate id"]}


def test_validate_entries_unknown_related():
    problems = validate_entries([make_entry("visa-a", related=["visa-ghost"])])
    assert problems == {"visa-a": ["related id 'visa-ghost' does not exist"]}


def test_phrasing_key_ignores_case_punctuation_and_word_order():
    assert phrasing_key("Validité passeport, Vietnam ?") == phrasing_key("vietnam : validité passeport")
    assert phrasing_key("テト 2027 日付") == phrasing_key("2027 テト 日付")
    assert phrasing_key("visa fee Vietnam") != phrasing_key("visa fees Vietnam")


def test_validate_entries_rejects_a_phrasing_in_two_entries():
    a = make_entry("visa-a")
    b = make_entry("visa-b")
    a["questions"]["fr"].append("validité passeport Vietnam")
    b["questions"]["fr"].append("Vietnam : validité du passeport ?")  # not the same words: allowed
    assert validate_entries([a, b]) == {}
    b["questions"]["fr"].append("Validité passeport, Vietnam")
    problems = validate_entries([a, b])
    assert problems == {"visa-a": ["phrasing 'validité passeport Vietnam' [fr] is also a phrasing of visa-b"],
                        "visa-b": ["phrasing 'Validité passeport, Vietnam' [fr] is also a phrasing of visa-a"]}


def test_the_same_phrasing_in_two_languages_is_not_shared():
    a = make_entry("visa-a")
    b = make_entry("visa-b")
    a["questions"]["fr"].append("e-visa Vietnam")
    b["questions"]["de"].append("e-visa Vietnam")
    assert validate_entries([a, b]) == {}


def test_validate_entries_keys_bad_items_by_position():
    bad = make_entry()
    del bad["id"]
    problems = validate_entries([make_entry("visa-a"), bad, "junk"])
    assert set(problems) == {"#2", "#3"}
    assert problems["#3"] == ["entry is not a mapping"]


def test_entry_round_trip():
    data = make_entry("visa-round", effective_date="2023-08-15", valid_until="2030-01-01",
                      review_due="2027-02-02", related=["visa-a", "visa-b"])
    entry = Entry.from_dict(data)
    assert entry.last_reviewed == dt.date(2026, 1, 15)
    assert entry.effective_date == dt.date(2023, 8, 15)
    assert entry.related == ("visa-a", "visa-b")
    assert isinstance(entry.source, Source)
    out = entry.as_dict()
    assert out == data
    assert Entry.from_dict(out) == entry


def test_as_dict_omits_unset_optional_fields():
    out = Entry.from_dict(make_entry()).as_dict()
    for key in ("effective_date", "valid_until", "review_due", "related"):
        assert key not in out


def test_from_dict_drops_empty_translations_and_extra_source_keys():
    data = make_entry()
    data["answer"]["ko"] = ""
    data["questions"]["ja"] = []
    data["source"]["extra"] = "ignored"
    entry = Entry.from_dict(data)
    assert "ko" not in entry.answer and "ja" not in entry.questions
    assert entry.source.as_dict() == {"publisher": "Ministry", "title": "Official page",
                                      "url": "https://example.gov.vn/page"}


def test_is_expired():
    entry = Entry.from_dict(make_entry(valid_until="2025-06-30"))
    assert not entry.is_expired(dt.date(2025, 6, 29))
    assert not entry.is_expired(dt.date(2025, 6, 30))  # valid through its last day
    assert entry.is_expired(dt.date(2025, 7, 1))
    assert entry.is_expired()  # today (2026 or later) is past 2025-06-30
    assert not Entry.from_dict(make_entry()).is_expired(dt.date(2999, 1, 1))


def test_first_question_falls_back_to_english():
    data = make_entry("visa-q")
    del data["questions"]["ko"]
    entry = Entry.from_dict(data)
    assert entry.first_question("fr") == "fr question about visa-q?"
    assert entry.first_question("ko") == "What about visa-q?"


def test_entries_use_the_one_language_list_the_bot_speaks():
    # the schema keeps no list of its own: it is language/languages.json (which the widget build injects too),
    # and the bot has training data and a reply variation in each of those languages, and in no other
    from language.names import SUPPORTED

    assert LANGS is SUPPORTED
    assert tuple(json.loads((ROOT / "language" / "languages.json").read_text(encoding="utf-8"))["languages"]) == LANGS
    assert sorted(p.name for p in (ROOT / "bot" / "data" / "nlu").iterdir() if p.is_dir()) == sorted(LANGS)
    for path in sorted((ROOT / "bot" / "domain").glob("*.yml")):
        for name, variations in (yaml.safe_load(path.read_text(encoding="utf-8")).get("responses") or {}).items():
            langs = [c["value"] for v in variations for c in v.get("condition") or () if c.get("name") == "language"]
            assert sorted(langs) == sorted(LANGS), f"{path.name}: {name}"


# -- malformed YAML shapes must be reported, not crash `check` or `seed` -----------------------------

@pytest.mark.parametrize("related", [5, {"visa-b": 1}, True])
def test_validate_entries_reports_non_list_related(related):
    problems = validate_entries([make_entry("visa-a", related=related), make_entry("visa-b")])
    assert problems["visa-a"] == ["related must be a list of entry ids"]


def test_validate_entries_string_related_is_one_problem():
    # a bare string must not be read character by character as ids 'v', 'i', 's', ...
    problems = validate_entries([make_entry("visa-a", related="visa-b"), make_entry("visa-b")])
    assert problems == {"visa-a": ["related must be a list of entry ids"]}


def test_validate_entries_unhashable_id():
    problems = validate_entries([make_entry(["visa", "a"]), make_entry("visa-b")])
    assert list(problems) == ["#1"]
    assert any("kebab-case" in e for e in problems["#1"])


@pytest.mark.parametrize("eid, ok", [("policy-relations-brazil", True), ("policy-relations-south-africa", True),
                                     ("policy-relations-korea", True), ("policy-relations-brasil", False),
                                     ("policy-relations-asean", False), ("policy-asean", True)])
def test_a_relations_entrys_id_must_name_its_partner(eid, ok):
    # the ranking reads the partner from the id; an id that names no country would silently miss the rule
    problems = validate_entry(make_entry(eid))
    assert (problems == []) is ok, problems


def test_successors_take_effect_the_day_after_and_are_related_either_way():
    import datetime as dt

    from knowledge_base.schema import Entry, live_successor, successors

    def entry(eid, **extra):
        return Entry.from_dict(make_entry(eid, **extra))

    items = {e.id: e for e in [
        entry("vat-2026", valid_until="2026-12-31"),
        entry("vat-2027", effective_date="2027-01-01", valid_until="2027-12-31", related=["vat-2026"]),
        entry("vat-2028", effective_date="2028-01-01"),  # not related to vat-2027: no successor
        entry("fee-old", valid_until="2026-06-30", related=["fee-a", "fee-b"]),
        entry("fee-a", effective_date="2026-07-01"), entry("fee-b", effective_date="2026-07-01"),  # two: ambiguous
    ]}
    assert successors(items) == {"vat-2026": "vat-2027"}
    chain = successors(items)
    assert live_successor("vat-2026", items, chain, dt.date(2026, 12, 31)) == "vat-2026"
    assert live_successor("vat-2026", items, chain, dt.date(2027, 3, 1)) == "vat-2027"
    # the successor lapses too, with none of its own: nothing answers
    assert live_successor("vat-2026", items, chain, dt.date(2028, 3, 1)) is None
    assert live_successor("fee-old", items, chain, dt.date(2026, 7, 1)) is None
    assert live_successor("missing", items, chain, dt.date(2026, 7, 1)) is None
