"""The real curated content under knowledge_base/content/: schema, coverage and editorial rules."""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pytest

from knowledge_base.schema import LANGS, URL_RE, parse_date, validate_entries, validate_entry
from knowledge_base.store import load_content_dir

CONTENT = Path(__file__).resolve().parents[2] / "knowledge_base" / "content"
ITEMS = load_content_dir(CONTENT)
IDS = [d["id"] for d in ITEMS]
# the day the shipped content was last reviewed: the freshness tests judge it as of then, not as of the calendar
REVIEWED = max(parse_date(d["last_reviewed"]) for d in ITEMS)
MAX_CHARS = 1400
AREAS = {  # area -> (id prefixes, minimum entries)
    "visa": (("visa-", "entry-"), 25),
    "foreign policy and information": (("policy-", "info-"), 30),
    "culture": (("culture-", "history-"), 35),
    "investment": (("invest-",), 35),
    "travel": (("travel-",), 25),
}
TOPIC_OF_PREFIX = {"visa": {"policy"}, "entry": {"policy"}, "citizen": {"policy"}, "policy": {"policy", "foreign-information"},
                   "info": {"foreign-information", "policy"}, "culture": {"culture"}, "history": {"culture"},
                   "invest": {"investment"}, "travel": {"travel"}}


def _by_id(eid: str) -> dict:
    return next(d for d in ITEMS if d["id"] == eid)


def test_content_files_exist():
    assert sorted(p.name for p in CONTENT.glob("*.yaml"))
    assert len(ITEMS) >= 150


def test_every_entry_valid_and_collection_consistent():
    assert validate_entries(ITEMS) == {}


def test_ids_unique():
    dupes = [eid for eid, n in Counter(IDS).items() if n > 1]
    assert dupes == []


@pytest.mark.parametrize("area", list(AREAS))
def test_entries_per_area(area):
    prefixes, minimum = AREAS[area]
    count = sum(1 for eid in IDS if eid.startswith(prefixes))
    assert count >= minimum, f"{area}: {count} entries, want {minimum}+"


def test_every_id_starts_with_its_area_and_matches_topic():
    wrong = [(d["id"], d["topic"]) for d in ITEMS
             if d["id"].split("-")[0] not in TOPIC_OF_PREFIX or d["topic"] not in TOPIC_OF_PREFIX[d["id"].split("-")[0]]]
    assert wrong == []


@pytest.mark.parametrize("eid", IDS)
def test_entry(eid):
    d = _by_id(eid)
    assert validate_entry(d) == []
    # all nine languages answered
    missing = [lang for lang in LANGS if not str(d["answer"].get(lang) or "").strip()]
    assert missing == [], f"answers missing {missing}"
    # visitors ask in many ways: at least two English phrasings
    assert len(d["questions"]["en"]) >= 2
    # an authoritative source on the web
    assert re.match(r"^https?://", d["source"]["url"]) and URL_RE.match(d["source"]["url"])
    assert d["source"]["publisher"].strip() and d["source"]["title"].strip()
    # reviewed, and not in the future
    reviewed = parse_date(d.get("last_reviewed"))
    assert reviewed is not None and reviewed <= dt.date.today()
    # related ids point at real entries, and not at the entry itself
    for rel in d.get("related") or []:
        assert rel in IDS and rel != eid, rel


@pytest.mark.parametrize("eid", IDS)
def test_answers_are_concise(eid):
    """README: answers are 2 to 6 sentences; in characters, no translation above ~1400."""
    too_long = {lang: len(text) for lang, text in _by_id(eid)["answer"].items() if len(text) > MAX_CHARS}
    assert too_long == {}, f"{eid}: answers longer than {MAX_CHARS} characters: {too_long}"


@pytest.mark.parametrize("eid", IDS)
def test_questions_in_every_language(eid):
    """README: 'en needs 2+, every other language 1+' phrasings: the first one in the visitor's language is the
    entry's "Did you mean…?" button, and an entry without one could never be suggested in that language."""
    questions = _by_id(eid)["questions"]
    missing = [lang for lang in LANGS if not questions.get(lang)]
    assert missing == [], f"{eid}: no question phrasing in {missing}"


def test_time_limited_entries_are_consistent():
    for d in ITEMS:
        if d.get("valid_until") and d.get("effective_date"):
            assert parse_date(d["valid_until"]) >= parse_date(d["effective_date"]), d["id"]


def test_shipped_content_passes_the_freshness_and_provenance_checks():
    """`python -m knowledge_base check` fails on these errors, and so must the suite: in round 23 an edit made
    invest-work-permits state a capital threshold without review_due, and only the check noticed."""
    from knowledge_base.freshness import findings

    # judged on the day the content was last reviewed, not on the calendar: "as of December 2025" becomes an error a
    # year later with no commit at all, and a suite that turns red on 1 January would block every change. Content that
    # ages past a check is the editors' business: `python -m knowledge_base check` and the workspace's review list use
    # today's date (and the review dates below make them come up before it does).
    errors = [f"{f.entry_id} [{f.check}] {f.detail}" for f in findings(ITEMS, REVIEWED) if f.is_error]
    assert errors == []


def test_an_entry_comes_up_for_review_before_its_dated_wording_turns_into_an_error():
    """Every entry whose wording the freshness check will flag within a year (an "as of" date turning a year old, a
    future date passing) is due for review before that day, so it appears in the workspace's review list first."""
    from knowledge_base.freshness import findings

    first_error: dict[str, dt.date] = {}
    for days in range(0, 366, 7):
        day = REVIEWED + dt.timedelta(days=days)
        for f in findings(ITEMS, day):
            if f.is_error:
                first_error.setdefault(f.entry_id, day)
    late = [(eid, str(_by_id(eid).get("review_due")), str(day)) for eid, day in sorted(first_error.items())
            if not _by_id(eid).get("review_due") or parse_date(_by_id(eid)["review_due"]) >= day]
    assert late == []
