"""eval.breakdown: the held-out splits and the table of outcomes by the suggest model's probability."""
from __future__ import annotations

import pytest

from eval.breakdown import buckets, held_out_splits, render


def _row(ps: float, p: float = 0.1, sugg_ok: bool = False, labels=("visa-x",), strict=False, never=False,
         judged=True) -> dict:
    # the signals are only passed through to the probability functions below, which read them back
    return {"judged": judged, "x": [p], "xs": [ps], "sugg_ok": sugg_ok, "labels": set(labels), "strict": strict,
            "never": never}


def _p(signals):
    return signals["score"]


def _ps(signals):
    return signals["score_s"]


@pytest.fixture(autouse=True)
def _names(monkeypatch):
    # _signals names the features from the models' lists: give the tiny rows one name each
    import eval.calibrate_real as cr
    monkeypatch.setattr(cr, "FEATURES", ("score",))
    monkeypatch.setattr(cr, "SUGGEST_FEATURES", ("score_s",))


def test_held_out_splits_are_every_split_outside_the_fitting_pool():
    items = [{"split": s} for s in ("dev", "cal", "test", "fresh2", "test", "tune")]
    assert held_out_splits(items, "dev+cal+tune") == "fresh2+test"
    assert held_out_splits(items, "dev+cal+tune+test+fresh2") == ""


def test_buckets_leave_out_answered_questions_and_count_the_three_shares():
    rows = [_row(0.1), _row(0.15, labels=()), _row(0.85, sugg_ok=True), _row(0.9, sugg_ok=True), _row(0.95),
            _row(1.0, labels=()),
            _row(0.9, p=0.99, sugg_ok=True),  # answered outright: not in the table
            _row(0.5, judged=False)]  # declined before any band: not in the table
    table = buckets(rows, 0.98, _p, _ps)
    assert [(b["from"], b["n"]) for b in table] == [(0.0, 2), (0.8, 4)]
    low, high = table
    assert (low["sugg_ok"], low["no_entry"], low["neither"]) == (0.0, 0.5, 0.5)
    assert (high["sugg_ok"], high["no_entry"], high["neither"]) == (0.5, 0.25, 0.25)
    assert "0.8-1.0" in render("pool", table)


def test_a_strict_or_choice_only_question_above_the_answer_band_still_counts_as_not_answered():
    # a bare yes/no answer needs the strict band (0.9) where it is above the answer band (0.85 here)
    rows = [_row(0.6, p=0.88, strict=True), _row(0.6, p=0.95, never=True), _row(0.6, p=0.95, strict=True)]
    table = buckets(rows, 0.85, _p, _ps)
    assert table == [{"from": 0.6, "to": 0.7, "n": 2, "sugg_ok": 0.0, "no_entry": 0.0, "neither": 1.0}]
