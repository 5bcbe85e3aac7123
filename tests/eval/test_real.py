"""Grading one reply of the real-question evaluation (eval/real.py classify), on crafted replies, the report
for editors, and the form of the question file itself."""
from __future__ import annotations

from eval.real import classify, interval, table, write_report

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


def test_the_table_gives_each_language_an_interval_that_narrows_with_more_questions():
    # 11 good of 19 (a language of `test`) is 58%, but anything from about 36% to 77% fits those 19 questions
    low, high = interval(11, 19)
    assert 0.35 < low < 0.37 and 0.76 < high < 0.78
    assert interval(110, 190)[1] - interval(110, 190)[0] < high - low
    rows = [{"lang": "es", "outcome": "right", "ok": True, "lang_ok": True}] * 11 + \
           [{"lang": "es", "outcome": "suggested", "ok": False, "lang_ok": True}] * 8
    text, totals = table(rows)
    assert "36-77%" in text.splitlines()[1] and totals["es"]["good"] == 11
    # no wrong answer in 19 still allows up to about 15% at 95%
    assert 0.14 < totals["es"]["wrong_bound"] < 0.16


def test_the_report_lists_wrong_answers_then_missed_ones_and_nothing_else(tmp_path):
    def row(question, labels, messages):
        item = {**ITEM, "question": question, "labels": labels, "url": "https://example.org/" + question[:3]}
        return {**item, **classify(item, messages, "fr"), "reply": messages[0].get("text", "")}

    rows = [row("Wrong?", ["travel-tipping"], [msg("answer", "Le dong…", entry_id="travel-currency")]),
            row("Declined?", ["travel-tipping"], [msg("unknown")]),
            row("Other buttons?", ["travel-tipping"],
                [msg("suggest", suggestions=["travel-currency", "travel-sim-esim"])]),
            row("Right?", ["travel-tipping"], [msg("answer", entry_id="travel-tipping")]),
            row("Useful buttons?", ["travel-tipping"], [msg("suggest", suggestions=["travel-tipping", "x"])]),
            row("Rightly declined?", ["decline"], [msg("out_of_scope")]),
            row("Nothing answers?", [], [msg("suggest", suggestions=["travel-currency", "x"])])]
    path = tmp_path / "report.md"
    write_report(rows, path)
    text = path.read_text(encoding="utf-8")
    wrong, missed = text.split("# Missed")
    assert "Wrong answers on real questions (1 of 7)" in wrong and "Wrong?" in wrong and "travel-currency" in wrong
    assert "(2 of 7)" in missed and "Declined?" in missed and "Other buttons?" in missed
    assert "suggested travel-currency, travel-sim-esim" in missed and "answered by: travel-tipping" in missed
    for fine in ("Right?", "Useful buttons?", "Rightly declined?", "Nothing answers?"):
        assert fine not in text


def test_the_real_question_file_is_well_formed():
    """Every question has the documented id, a known split, a page URL, and labels that name entries the base holds."""
    import hashlib

    from eval.real import QUESTIONS, load
    from knowledge_base import yamlio

    entry_ids = {e["id"] for f in (QUESTIONS.parents[2] / "knowledge_base" / "content").glob("*.yaml")
                 for e in yamlio.safe_load(f.read_text(encoding="utf-8"))["entries"]}
    items = load(split="all")
    assert len(items) >= 1279
    splits = {"dev", "cal", "fresh", "tune", "test", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7", "fresh8", "fresh9", "fresh10", "fresh11", "fresh12", "fresh13", "fresh14", "fresh15", "fresh16",
              "tune2", "tune3", "tune4", "tune5", "tune6"}
    for item in items:
        assert item["id"] == "rq-" + hashlib.sha1(item["question"].encode()).hexdigest()[:10], item["question"]
        assert item["split"] in splits and item["url"].startswith("http"), item["id"]
        assert set(item["labels"]) <= entry_ids | {"decline"}, item["id"]
        assert item["labels"] != ["decline"] or not item["missing"], item["id"]
    assert len({item["id"] for item in items}) == len(items)
