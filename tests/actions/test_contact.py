"""action_embassy_contact (actions.contact): the embassy's contact details and whether its office is open now."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

import actions.contact
from actions import ActionEmbassyContact
from actions.contact import office_status
from knowledge_base.schema import Entry
from knowledge_base.service import Lookup
from tests.fakes import FakeKB, hit, make_entry, make_tracker, payloads, run_action

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
GATES = Entry.from_dict(make_entry("visa-gates"))
ENTRIES = {GATES.id: GATES}

HOURS = {"timezone": "Asia/Ho_Chi_Minh", "text": "Mon-Fri 09:00-12:00 and 14:00-17:00",
         "weekly": {d: "09:00-12:00,14:00-17:00" for d in ("mon", "tue", "wed", "thu", "fri")}}
CONTACT = {"name": "Embassy of Viet Nam", "address": "1 Example Street", "phone": "+33 1 00 00 00 00",
           "email": "consular@example.org", "website": "https://mofa.gov.vn/", "hours": HOURS}


def _hanoi(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=HANOI)


@pytest.mark.parametrize("now", [_hanoi(2026, 11, 23, 9, 0), _hanoi(2026, 11, 23, 11, 59),
                                 _hanoi(2026, 11, 27, 16, 30)])  # Monday morning, Friday afternoon
def test_office_open_inside_hours(now):
    assert office_status(HOURS, now) == (True, None)


@pytest.mark.parametrize("now,expected", [
    (_hanoi(2026, 11, 23, 12, 30), _hanoi(2026, 11, 23, 14, 0)),   # lunch break: this afternoon
    (_hanoi(2026, 11, 23, 17, 0), _hanoi(2026, 11, 24, 9, 0)),     # closing time: tomorrow
    (_hanoi(2026, 11, 24, 22, 15), _hanoi(2026, 11, 25, 9, 0)),    # at night: next morning
    (_hanoi(2026, 11, 27, 18, 0), _hanoi(2026, 11, 30, 9, 0)),     # Friday evening: Monday
    (_hanoi(2026, 11, 28, 10, 0), _hanoi(2026, 11, 30, 9, 0)),     # Saturday: Monday
    (_hanoi(2026, 11, 29, 10, 0), _hanoi(2026, 11, 30, 9, 0)),     # Sunday: Monday
])
def test_office_closed_with_next_opening(now, expected):
    is_open, next_open = office_status(HOURS, now)
    assert is_open is False
    assert next_open == expected and next_open.utcoffset() == dt.timedelta(hours=7)


def test_office_status_converts_from_utc(utc):
    # Sunday 23:30 UTC is Monday 06:30 in Hanoi: closed, opening at 09:00 Hanoi time the same morning
    assert office_status(HOURS, utc(2026, 11, 22, 23, 30)) == (False, _hanoi(2026, 11, 23, 9, 0))
    # Monday 03:00 UTC is 10:00 in Hanoi: open
    assert office_status(HOURS, utc(2026, 11, 23, 3, 0)) == (True, None)


def test_office_status_without_hours():
    assert office_status({"weekly": {}}, _hanoi(2026, 11, 23, 10, 0)) == (False, None)


def test_contact_action_uses_metadata_contact(monkeypatch, dispatcher, domain):
    monkeypatch.setattr(actions.contact, "office_status", lambda hours, now=None: (False, _hanoi(2026, 11, 30, 9, 0)))
    tracker = make_tracker("contact", slots={"language": "fr"}, metadata={"contact": CONTACT, "language": "fr"},
                           intent="ask_contact")
    assert run_action(ActionEmbassyContact(), dispatcher, tracker, domain) == []
    (msg,) = payloads(dispatcher)
    assert msg["kind"] == "contact" and msg["language"] == "fr"
    assert msg["text"].splitlines() == [
        "Embassy of Viet Nam", "1 Example Street", "Téléphone : +33 1 00 00 00 00", "E-mail : consular@example.org",
        "Horaires : Mon-Fri 09:00-12:00 and 14:00-17:00",
        "Le bureau est fermé ; il rouvrira Mon 30 Nov 09:00 (Asia/Ho_Chi_Minh)."]
    assert msg["sources"] == [{"title": "Embassy of Viet Nam", "url": "https://mofa.gov.vn/",
                               "publisher": "Embassy of Viet Nam"}]


def test_contact_action_open_now(monkeypatch, dispatcher, domain):
    monkeypatch.setattr(actions.contact, "office_status", lambda hours, now=None: (True, None))
    tracker = make_tracker("contact", metadata={"contact": CONTACT}, intent="ask_contact")
    run_action(ActionEmbassyContact(), dispatcher, tracker, domain)
    assert payloads(dispatcher)[0]["text"].endswith("The office is open now.")


def test_contact_action_without_contact(dispatcher, domain):
    run_action(ActionEmbassyContact(), dispatcher, make_tracker("contact", intent="ask_contact"), domain)
    (msg,) = payloads(dispatcher)
    assert msg["sources"] == [] and msg["kind"] == "contact" and "Phone:" in msg["text"]


def test_contact_intent_on_a_plain_question_answers_it(dispatcher, domain, use_kb):
    use_kb(FakeKB(Lookup("answered", [hit(GATES, 0.97)], confidence=0.97), entries=ENTRIES))
    tracker = make_tracker("Quels sont les horaires de train entre Hanoï et Hué ?", slots={"language": "fr"},
                           intent="ask_contact")
    run_action(ActionEmbassyContact(), dispatcher, tracker, domain)
    (msg,) = payloads(dispatcher)
    assert msg["kind"] == "answer" and msg["entry_id"] == "visa-gates"


def test_contact_words_always_give_the_contact(dispatcher, domain, use_kb):
    kb = use_kb(FakeKB(Lookup("answered", [hit(GATES, 0.97)]), entries=ENTRIES))
    tracker = make_tracker("Quelles sont les horaires de l'ambassade ?", slots={"language": "fr"},
                           intent="ask_contact", metadata={"contact": {"name": "Ambassade", "phone": "+33 1"}})
    run_action(ActionEmbassyContact(), dispatcher, tracker, domain)
    (msg,) = payloads(dispatcher)
    assert msg["kind"] == "contact" and "+33 1" in msg["text"]
    assert kb.asked == []
