"""Grading one reply of the real-question evaluation (eval/real.py classify), on crafted replies."""
from __future__ import annotations

from eval.real import classify

ITEM = {"lang": "fr", "labels": ["travel-tipping"], "question": "Faut-il laisser un pourboire ?"}


def msg(kind: str, text: str = "…", **extra) -> dict:
    return {"kind": kind, "text": text, "language": "fr", **extra}


def test_an_answer_with_a_labelled_entry_is_right_and_another_is_wrong():
    assert classify(ITEM, [msg("answer", entry_id="travel-tipping")], "fr")["outcome"] == "right"
    assert classify(ITEM, [msg("answer", entry_id="travel-currency")], "fr")["outcome"] == "wrong"


def test_a_suggestion_is_useful_only_with_a_labelled_entry_among_the_buttons():
    good = classify(ITEM, [msg("suggest", suggestions=["travel-currency", "travel-tipping"])], "fr")
    bad = classify(ITEM, [msg("suggest", suggestions=["travel-currency", "travel-sim-esim"])], "fr")
    assert (good["outcome"], good["ok"]) == ("suggested", True) and (bad["outcome"], bad["ok"]) == ("suggested", False)


def test_a_decline_is_right_only_when_nothing_answers():
    assert not classify(ITEM, [msg("unknown")], "fr")["ok"]
    assert classify({**ITEM, "labels": ["decline"]}, [msg("out_of_scope")], "fr")["ok"]


def test_small_talk_to_a_question_is_wrong():
    assert classify(ITEM, [msg("small_talk")], "fr")["outcome"] == "wrong"


def test_the_same_reply_twice_in_a_turn_is_counted_as_repeated():
    once = classify(ITEM, [msg("answer", "Le pourboire…", entry_id="travel-tipping")], "fr")
    twice = classify(ITEM, [msg("answer", "Le pourboire…", entry_id="travel-tipping")] * 2, "fr")
    assert not once["repeated"] and twice["repeated"]


def test_a_reply_in_another_language_is_not_in_the_askers_language():
    assert not classify(ITEM, [{**msg("answer", entry_id="travel-tipping"), "language": "en"}], "fr")["lang_ok"]
