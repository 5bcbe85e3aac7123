"""Freshness and provenance checks (knowledge_base.freshness): each one catches a planted example,
leaves the clean form alone, and `python -m knowledge_base check` fails on it."""
from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from knowledge_base.freshness import findings, is_bare_url, load_renames
from knowledge_base.store import load_content_dir
from tests.fakes import make_entry

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 12, 2)


def checks(data: dict, today: dt.date = TODAY) -> set[str]:
    return {f.check for f in findings([data], today)}


def test_clean_entry_has_no_findings():
    assert checks(make_entry("visa-clean")) == set()


@pytest.mark.parametrize("url,bare", [
    ("https://vanban.chinhphu.vn/", True), ("https://www.gso.gov.vn", True), ("https://mofa.gov.vn/en/", True),
    ("https://example.gov.vn/index.html", True),
    ("https://vanban.chinhphu.vn/?pageid=27160&docid=208811", False),
    ("https://whc.unesco.org/en/list/672", False), ("https://evisa.gov.vn/e-visa/search", False),
])
def test_bare_url(url, bare):
    assert is_bare_url(url) is bare


def test_bare_domain_source_is_caught_unless_marked():
    data = make_entry("visa-bare", source={"publisher": "Government", "title": "Resolution 127/NQ-CP",
                                           "url": "https://vanban.chinhphu.vn/"})
    assert "bare_source" in checks(data)
    data["source"]["homepage"] = True
    assert "bare_source" not in checks(data)


def test_past_date_written_as_future_is_caught():
    stale = make_entry("invest-stale", answer_en="The upgrade is scheduled for 21 September 2026, subject to review.")
    assert "past_as_future" in checks(stale, TODAY)
    assert "past_as_future" not in checks(stale, dt.date(2026, 9, 1))  # still ahead then
    weekday = make_entry("culture-day", answer_en="In 2025, 24 November falls on a Monday.")
    assert "past_as_future" in checks(weekday, TODAY)
    history = make_entry("history-x", answer_en="Elections were planned for 1956 but never held.")
    assert "past_as_future" not in checks(history)


def test_measure_stated_as_current_after_its_end_is_caught():
    cut = make_entry("invest-fees", answer_en="Circular 64 halves a number of fees until 31 December 2026.",
                     review_due="2027-06-01")
    assert "measure_ended" in checks(cut, dt.date(2027, 1, 1))
    assert "measure_ended" not in checks(cut, dt.date(2026, 12, 31))  # the last day it applies
    assert "measure_ending" in checks(cut, dt.date(2026, 12, 2))  # within 60 days: a notice, not an error
    assert not {"measure_ended", "measure_ending"} & checks(cut, dt.date(2026, 9, 1))
    bold = make_entry("invest-bold", answer_en="The 8% rate applies only until **31 December 2026**.", review_due="2027-06-01")
    assert "measure_ended" in checks(bold, dt.date(2027, 1, 1))
    # an entry that is itself withdrawn on that day needs no warning about the sentence
    bounded = dict(cut, valid_until="2026-12-31")
    assert "measure_ending" not in checks(bounded, dt.date(2026, 12, 2))


@pytest.mark.parametrize("text", [
    "The reduction applied until 30 June 2025.",  # told in the past
    "The 8% rate ended on 31 December 2024, and 10% applies again.",
    "If your passport expires on 30 June 2026, for example, the visa can run at most until 31 May 2026.",
    "He remained President until his death on 2 September 1969.",
])
def test_history_and_examples_are_not_measures(text):
    entry = make_entry("invest-hist", answer_en=text, review_due="2027-06-01")
    assert not {"measure_ended", "measure_ending"} & checks(entry, dt.date(2027, 1, 1))


def test_old_as_of_is_caught():
    old = make_entry("policy-old", answer_en="As of the end of October 2025, 14 countries are partners.",
                     review_due="2027-06-01")
    assert "old_as_of" in checks(old)
    recent = make_entry("policy-new", answer_en="As of March 2026, 15 partners.", review_due="2027-06-01")
    assert "old_as_of" not in checks(recent)


def test_former_agency_name_is_caught_in_english_and_vietnamese():
    data = make_entry("invest-tax", answer_en="Register with the General Department of Taxation.")
    assert "former_name" in checks(data)
    data["answer"]["vi"] = "Đăng ký với Tổng cục Thuế."
    assert [f.lang for f in findings([data], TODAY) if f.check == "former_name"] == ["en", "vi"]
    historical = make_entry("invest-tax2", answer_en="The Tax Department (formerly the General Department of "
                                                     "Taxation) runs the portal.")
    assert "former_name" not in checks(historical)


def test_renames_table_is_well_formed():
    table = load_renames()
    assert len(table) >= 8
    for item in table:
        assert item["old"]["en"] and item["old"]["vi"] and item["now"] and item["since"]


def test_changeable_facts_without_validity_are_caught():
    fee = make_entry("visa-fee", answer_en="The e-visa fee is US$25 for a single entry.")
    assert "no_validity" in checks(fee)
    assert "no_validity" not in checks(dict(fee, review_due="2027-06-01"))
    assert "no_validity" not in checks(dict(fee, valid_until="2027-12-31"))
    countries = make_entry("visa-list", answer_en="Citizens of 12 countries are exempt.")
    assert "no_validity" in checks(countries)
    recent = make_entry("policy-event", answer_en="The partnership was upgraded in January 2026.")
    assert "no_validity" in checks(recent)


def test_number_mismatch_between_translations_is_caught():
    data = make_entry("visa-days", answer_en="Visitors may stay 45 days.", review_due="2027-06-01")
    data["answer"]["fr"] = "Les visiteurs peuvent rester 45 jours."
    assert "number_mismatch" not in checks(data)
    data["answer"]["fr"] = "Les visiteurs peuvent rester 90 jours."
    found = [f for f in findings([data], TODAY) if f.check == "number_mismatch"]
    assert [f.lang for f in found] == ["fr"] and "45" in found[0].detail and "90" in found[0].detail


def test_due_and_expiring_entries_are_notices_not_errors():
    data = make_entry("invest-vat", valid_until="2026-12-31", review_due="2026-12-20")
    found = findings([data], TODAY)
    assert {f.check for f in found} == {"expiring", "review_due"}
    assert not any(f.is_error for f in found)
    assert {f.check for f in findings([data], dt.date(2027, 1, 5))} == {"expired", "review_due"}
    # the notice says what happens to the entry's questions when it lapses
    assert [f.detail for f in found if f.check == "expiring"] == [
        "valid_until 2026-12-31; no entry takes over its questions"]
    successor = make_entry("invest-vat-2027", effective_date="2027-01-01", related=["invest-vat"])
    expiring = [f for f in findings([data, successor], TODAY) if f.check == "expiring"]
    assert expiring[0].detail == "valid_until 2026-12-31; invest-vat-2027 takes over its questions"


def _run_check(folder: Path, today: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "knowledge_base", "check", "--content", str(folder),
                           "--today", today], capture_output=True, text=True, cwd=ROOT, timeout=120)


def test_check_command_fails_on_each_planted_problem(tmp_path):
    clean = make_entry("visa-clean")
    (tmp_path / "a.yaml").write_text(yaml.safe_dump({"entries": [clean]}, allow_unicode=True), encoding="utf-8")
    assert _run_check(tmp_path, "2026-12-02").returncode == 0
    planted = {
        "bare_source": make_entry("visa-p1", source={"publisher": "G", "title": "T", "url": "https://gso.gov.vn/"}),
        "past_as_future": make_entry("visa-p2", answer_en="It is scheduled for 1 March 2026.",
                                     review_due="2027-01-01"),
        "former_name": make_entry("visa-p3", answer_en="Ask the General Statistics Office."),
        "no_validity": make_entry("visa-p4", answer_en="The fee is VND 500,000."),
        "measure_ended": make_entry("visa-p6", answer_en="Fees are halved until 30 June 2026.",
                                    review_due="2027-01-01"),
        "number_mismatch": dict(make_entry("visa-p5", answer_en="Stay up to 45 days."),
                                answer={**make_entry("visa-p5")["answer"], "en": "Stay up to 45 days.",
                                        "de": "Aufenthalt bis zu 60 Tage."}),
    }
    for check, data in planted.items():
        (tmp_path / "a.yaml").write_text(yaml.safe_dump({"entries": [clean, data]}, allow_unicode=True),
                                         encoding="utf-8")
        done = _run_check(tmp_path, "2026-12-02")
        assert done.returncode == 1, (check, done.stdout)
        assert f"STALE {data['id']} [{check}" in done.stdout, done.stdout


# checks whose verdict depends on the calendar: the suite judges them on the day the content was last reviewed
# (test_content.py), so that it does not turn red on a date with no commit; `knowledge_base check` and the workspace
# judge them on today's date, and the review dates bring such entries up first
DATED_CHECKS = {"past_as_future", "old_as_of", "measure_ended"}


def test_published_content_passes_every_check():
    """What CI enforces today: the shipped content has no unsourced or inconsistent entry (the dated checks: above)."""
    items = load_content_dir(ROOT / "knowledge_base" / "content")
    errors = [f"{f.entry_id} [{f.check} {f.lang}]: {f.detail}" for f in findings(items)
              if f.is_error and f.check not in DATED_CHECKS]
    assert not errors, "\n".join(errors[:40])


def test_dated_checks_are_the_ones_that_depend_on_the_calendar():
    """An entry that passes every check on one day fails only dated checks on a later day."""
    entry = make_entry("invest-dated", review_due="2027-06-01",
                       answer_en="As of May 2026, fees are halved until 30 June 2026. It is scheduled for 1 July 2026.")
    assert checks(entry, dt.date(2026, 5, 20)) & DATED_CHECKS == set()
    assert checks(entry, dt.date(2027, 6, 2)) & {"past_as_future", "old_as_of", "measure_ended"} == DATED_CHECKS
