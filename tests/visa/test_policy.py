"""The visa rules as data: validation (CLDR, deep links, overlaps) and the advice for a nationality and stay."""
from __future__ import annotations

import copy
import datetime as dt

import pytest

from visa.policy import Rule, advise, load_seed, validate, validate_rule

TODAY = dt.date(2026, 12, 2)


@pytest.fixture(scope="module")
def seed() -> list[dict]:
    return load_seed()


@pytest.fixture(scope="module")
def rules(seed) -> list[Rule]:
    return [Rule.from_dict(d) for d in seed]


def test_the_published_rules_file_is_valid(seed):
    assert validate(seed) == []
    assert {r["regime"] for r in seed} == {"visa_free", "evisa", "special"}


def test_a_german_for_two_weeks_is_visa_free_under_resolution_44(rules):
    advice = advise(rules, "DE", 14, TODAY)
    assert advice.outcome == "visa_free"
    assert advice.exemption.days == 45 and advice.exemption.legal_basis.reference == "44/NQ-CP"
    assert advice.exemption.valid_until == dt.date(2028, 3, 14)


def test_a_german_for_two_months_needs_the_evisa(rules):
    advice = advise(rules, "DE", 60, TODAY)
    assert advice.outcome == "evisa" and advice.rules[0].regime == "evisa"
    assert advice.evisa.fee_usd == {"single": 25, "multiple": 50} and advice.evisa.portal == "https://evisa.gov.vn/"


def test_an_american_needs_the_evisa_and_a_long_stay_needs_a_sponsor(rules):
    assert advise(rules, "US", None, TODAY).outcome == "evisa"
    assert advise(rules, "US", 120, TODAY).outcome == "long_stay"


def test_a_rule_past_its_end_date_is_never_used(rules):
    assert advise(rules, "DE", 14, dt.date(2028, 3, 15)).outcome == "evisa"
    assert advise(rules, "DE", 14, dt.date(2028, 3, 14)).outcome == "visa_free"


def test_phu_quoc_applies_to_every_nationality(rules):
    assert [r.area for r in advise(rules, "US", None, TODAY).special] == ["Phu Quoc"]


def _rule(seed, rid):
    return copy.deepcopy(next(d for d in seed if d["id"] == rid))


def test_an_unknown_country_is_refused(seed):
    bad = _rule(seed, "chile-90-days") | {"countries": ["CL", "XY"]}
    assert any("not CLDR territories: XY" in p for p in validate_rule(bad))


def test_yaml_norway_read_as_false_is_refused(seed):
    bad = _rule(seed, "chile-90-days") | {"countries": [False]}
    assert any("not CLDR territories" in p for p in validate_rule(bad))


def test_two_exemptions_for_one_country_at_the_same_time_are_refused(seed):
    clash = _rule(seed, "chile-90-days") | {"id": "chile-again", "days": 30, "valid_from": "2026-01-01"}
    assert any("both exempt CL" in p for p in validate([*seed, clash]))
    later = clash | {"valid_from": "2030-01-01"}
    first = _rule(seed, "chile-90-days") | {"valid_until": "2029-12-31"}
    assert validate([first, later]) == []


def test_a_home_page_is_not_a_legal_basis(seed):
    bad = _rule(seed, "chile-90-days")
    bad["legal_basis"]["url"] = "https://vov.vn/"
    assert any("deep link" in p for p in validate_rule(bad))


def test_a_visa_free_rule_says_when_it_ends_or_is_checked(seed):
    bad = _rule(seed, "chile-90-days")
    bad.pop("review_due")
    assert any("valid_until or review_due" in p for p in validate_rule(bad))
