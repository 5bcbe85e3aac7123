"""Sizing the answer band's margin (eval/answer_margin.py): the perturbation and the arithmetic, on small inputs."""
from __future__ import annotations

import numpy as np
import pytest
import yaml

from eval.answer_margin import margin, moves, perturb


def _content(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    entries = [{"id": f"e{i}", "questions": {"en": [f"first {i}"] + [f"q {i} {j}" for j in range(40)],
                                             "fr": ["un", "deux", "trois"]}} for i in range(10)]
    (src / "a.yaml").write_text(yaml.safe_dump({"entries": entries}), encoding="utf-8")
    (src / "README.md").write_text("notes", encoding="utf-8")
    return src


def test_perturb_leaves_out_about_the_share_but_never_a_first_phrasing_or_a_short_list(tmp_path):
    src = _content(tmp_path)
    removed = perturb(src, tmp_path / "out", 0.1, seed=1)
    out = yaml.safe_load((tmp_path / "out" / "a.yaml").read_text(encoding="utf-8"))["entries"]
    kept = sum(len(e["questions"]["en"]) for e in out)
    assert 10 <= removed <= 80 and kept == 410 - removed
    assert all(e["questions"]["en"][0] == f"first {i}" for i, e in enumerate(out))
    assert all(e["questions"]["fr"] == ["un", "deux", "trois"] for e in out)
    assert (tmp_path / "out" / "README.md").read_text() == "notes"
    # the same seed leaves out the same phrasings; share 0 copies everything
    assert perturb(src, tmp_path / "again", 0.1, seed=1) == removed
    assert perturb(src, tmp_path / "none", 0.0, seed=1) == 0


def test_moves_count_only_questions_near_the_band_and_margin_rounds_up():
    base = {"a": 0.95, "b": 0.5, "c": 0.976}
    other = {"a": 1 / (1 + np.exp(-(np.log(0.95 / 0.05) + 0.2))), "b": 0.9, "c": 0.976}
    moved = moves(base, other)
    assert len(moved) == 2 and np.allclose(sorted(moved), [0.0, 0.2])
    # rounded up to three significant digits: 0.1191 is 0.12, 0.119 stays
    assert margin([np.array([0.1191]), np.array([0.05])], 100) == pytest.approx(0.12)
    assert margin([np.array([0.119])], 100) == pytest.approx(0.119)
    assert margin([np.array([0.05, 0.1, 0.2])], 50) == pytest.approx(0.1)
    assert margin([], 95) == 0.0


@pytest.mark.index
@pytest.mark.encoder
def test_a_rebuild_from_unchanged_content_scores_every_question_as_the_index_in_use(tmp_path):
    """The margin is measured as the difference between rebuilds, so a rebuild of the same content must give the same
    probabilities as the index `make build` built (it did, to the last digit, in round 33)."""
    import eval.calibrate_real as cr
    from eval.answer_margin import build_and_score
    from eval.real import load
    from knowledge_base.config import ROOT, load_config
    from knowledge_base.service import KnowledgeBase

    split = "tune5"
    kb = KnowledgeBase()
    live = {r["item"]["id"]: kb.bands.probability(cr._signals(r)) for r in cr.collect(kb, load(split=split))
            if r["judged"]}
    seeds = ROOT.parent / "shared" / "seeds"
    perturb(load_config().content_dir, tmp_path / "content", 0.0, 0)
    rebuilt = build_and_score(tmp_path, tmp_path / "content", str(seeds) if seeds.exists() else None, split)
    assert len(live) >= 15 and rebuilt.keys() == live.keys()
    assert max(abs(rebuilt[k] - live[k]) for k in live) < 1e-9
