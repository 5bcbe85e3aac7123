"""Retrieval quality on a fixed subset of the evaluation set, with the real encoder and index.

The floors sit a little below the figures `make eval` measured, so a regression fails the build
while normal noise does not.
"""
from __future__ import annotations

import pytest

from eval.run import load_questions, score_all, summarise
from knowledge_base.config import load_config
from knowledge_base.index import current_version
from knowledge_base.service import KnowledgeBase

pytestmark = [pytest.mark.encoder, pytest.mark.index]

ACC1_FLOOR = 0.80
DECLINE_FLOOR = 0.70
EVERY_NTH = 5


@pytest.fixture(scope="module")
def subset_summary():
    cfg = load_config()
    if not current_version(cfg.index_dir):
        pytest.fail("no index: `make test` builds it first (python -m knowledge_base build)")
    items = load_questions()[::EVERY_NTH]
    rows = score_all(KnowledgeBase(cfg), items)
    return summarise(rows, cfg.threshold)


def test_subset_has_every_language(subset_summary):
    from language.names import SUPPORTED

    for lang in SUPPORTED:
        assert subset_summary[lang]["n"] >= 5, lang


def test_accuracy_at_1_floor(subset_summary):
    assert subset_summary["all"]["acc1"] >= ACC1_FLOOR, subset_summary["all"]


def test_out_of_scope_decline_floor(subset_summary):
    assert subset_summary["all"]["declined_ok"] >= DECLINE_FLOOR, subset_summary["all"]
