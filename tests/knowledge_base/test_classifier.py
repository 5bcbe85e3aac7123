"""knowledge_base.classifier: the entry classifier, its storage with the index, and its part in the ranking."""
from __future__ import annotations

import json

import numpy as np
import pytest

from knowledge_base import classifier as classifier_mod
from knowledge_base.classifier import EntryClassifier, train
from knowledge_base.index import IndexMismatch, build, load
from knowledge_base.schema import Entry
from tests.fakes import make_entry


def _cluster(rng, centre: np.ndarray, n: int, spread: float = 0.3) -> np.ndarray:
    vecs = centre + spread * rng.standard_normal((n, centre.size))
    return (vecs / np.linalg.norm(vecs, axis=1, keepdims=True)).astype(np.float32)


def test_train_tells_entries_apart_and_probabilities_sum_to_one():
    rng = np.random.default_rng(3)
    centres = np.eye(8, dtype=np.float32)[:3]
    vecs = np.vstack([_cluster(rng, c, 20) for c in centres])
    labels = ["visa-a"] * 20 + ["visa-b"] * 20 + ["travel-c"] * 20
    clf = train(vecs, labels)
    assert clf.classes == ["travel-c", "visa-a", "visa-b"]
    for centre, expected in zip(centres, ["visa-a", "visa-b", "travel-c"]):
        probs = clf.of(centre)
        assert max(probs, key=probs.get) == expected
        assert probs[expected] > 0.8
        assert sum(probs.values()) == pytest.approx(1.0, abs=1e-5)


def test_two_entries_make_a_two_way_softmax():
    rng = np.random.default_rng(4)
    centres = np.eye(6, dtype=np.float32)[:2]
    clf = train(np.vstack([_cluster(rng, c, 15) for c in centres]), ["a"] * 15 + ["b"] * 15)
    assert clf.coef.shape == (2, 6)
    assert clf.of(centres[0])["a"] > 0.5 > clf.of(centres[0])["b"]
    assert clf.of(centres[1])["b"] > 0.5


def test_one_entry_has_nothing_to_tell_apart():
    assert train(np.ones((3, 4), np.float32), ["only"] * 3) is None


def test_save_and_load_round_trip(tmp_path):
    clf = EntryClassifier(["a", "b"], np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([0.0, 0.5]))
    clf.save(tmp_path / "c.npz")
    back = EntryClassifier.load(tmp_path / "c.npz")
    assert back.classes == ["a", "b"]
    v = np.array([0.2, 0.7], np.float32)
    assert np.allclose(back.probabilities(v), clf.probabilities(v))


def test_large_logits_do_not_overflow():
    clf = EntryClassifier(["a", "b"], np.array([[1000.0], [-1000.0]]), np.zeros(2))
    probs = clf.probabilities(np.array([5.0], np.float32))
    assert np.isfinite(probs).all() and probs[0] == pytest.approx(1.0)


def _entries(*ids: str) -> list[Entry]:
    return [Entry.from_dict(make_entry(eid)) for eid in ids]


def test_the_index_stores_and_loads_its_classifier(tmp_path, fake_encoder):
    folder = build(_entries("visa-a", "visa-b", "travel-c"), [], fake_encoder, tmp_path)
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["classifier_entries"] == 3
    loaded = load(tmp_path, fake_encoder)
    assert loaded.classifier is not None and sorted(loaded.classifier.classes) == ["travel-c", "visa-a", "visa-b"]
    # the classifier learnt the phrasings: each entry's own question is most probably that entry
    for eid in ("visa-a", "visa-b", "travel-c"):
        probs = loaded.classifier.of(fake_encoder.encode_queries([f"What about {eid}?"])[0])
        assert max(probs, key=probs.get) == eid


def test_an_index_of_one_entry_has_no_classifier_and_still_loads(tmp_path, fake_encoder):
    folder = build(_entries("visa-a"), [], fake_encoder, tmp_path)
    assert json.loads((folder / "manifest.json").read_text())["classifier_entries"] == 0
    assert not (folder / classifier_mod.FILE).exists()
    assert load(tmp_path, fake_encoder).classifier is None


def test_load_refuses_a_missing_or_mismatched_classifier(tmp_path, fake_encoder):
    folder = build(_entries("visa-a", "visa-b"), [], fake_encoder, tmp_path)
    (folder / classifier_mod.FILE).unlink()
    with pytest.raises(IndexMismatch, match="classifier"):
        load(tmp_path, fake_encoder)
    EntryClassifier(["x", "y", "z"], np.zeros((3, fake_encoder.dim)), np.zeros(3)).save(folder / classifier_mod.FILE)
    with pytest.raises(IndexMismatch, match="classifier"):
        load(tmp_path, fake_encoder)


def test_a_new_entry_with_two_phrasings_is_not_drowned_by_entries_with_many():
    # an editor's new entry starts with a phrasing or two, close to a curated entry with dozens: classes are weighted
    # by their size, or the new entry's own question would read as improbable (0.12 unweighted here) and never be
    # answered
    rng = np.random.default_rng(5)
    centres = np.eye(24, dtype=np.float32)
    near = (centres[0] + 0.5 * centres[1]) / np.linalg.norm(centres[0] + 0.5 * centres[1])
    vecs = np.vstack([_cluster(rng, c, 60) for c in centres[:20]] + [_cluster(rng, near, 2, spread=0.1)])
    labels = [f"e{i}" for i in range(20) for _ in range(60)] + ["new"] * 2
    clf = train(vecs, labels)
    assert clf.of(vecs[-1])["new"] > 0.5
    assert max(clf.of(centres[0]), key=clf.of(centres[0]).get) == "e0"  # the curated entry keeps its own ground


def test_a_change_of_classifier_settings_rebuilds_the_index(tmp_path, fake_encoder, monkeypatch):
    first = build(_entries("visa-a", "visa-b"), [], fake_encoder, tmp_path)
    assert build(_entries("visa-a", "visa-b"), [], fake_encoder, tmp_path) == first
    monkeypatch.setattr(classifier_mod, "C", classifier_mod.C * 2)
    assert build(_entries("visa-a", "visa-b"), [], fake_encoder, tmp_path) != first


def test_refit_with_a_draft_learns_the_new_entry_and_keeps_the_others():
    rng = np.random.default_rng(6)
    centres = np.eye(24, dtype=np.float32)
    vecs = np.vstack([_cluster(rng, c, 40) for c in centres[:10]])
    labels = [f"e{i}" for i in range(10) for _ in range(40)]
    live = train(vecs, labels)
    near = (centres[0] + 0.5 * centres[1]) / np.linalg.norm(centres[0] + 0.5 * centres[1])
    draft = _cluster(rng, near, 2, spread=0.1)
    assert "draft" not in live.classes
    refitted = classifier_mod.refit_with(live, vecs, labels, "draft", draft)
    assert "draft" in refitted.classes and refitted.of(draft[0])["draft"] > 0.5
    assert max(refitted.of(centres[3]), key=refitted.of(centres[3]).get) == "e3"
    # an edited entry: its old phrasings are replaced, not added to
    moved = classifier_mod.refit_with(live, vecs, labels, "e5", _cluster(rng, centres[20], 3, spread=0.1))
    assert moved.of(centres[20])["e5"] > 0.5 and moved.of(centres[5])["e5"] < live.of(centres[5])["e5"]


def test_probabilities_of_some_entries_only():
    clf = EntryClassifier(["a", "b", "c"], np.eye(3), np.zeros(3))
    v = np.array([2.0, 0.0, 0.0], np.float32)
    assert clf.of(v, ["c", "a", "unknown"]) == {"c": pytest.approx(clf.of(v)["c"]), "a": pytest.approx(clf.of(v)["a"]),
                                                 "unknown": 0.0}
