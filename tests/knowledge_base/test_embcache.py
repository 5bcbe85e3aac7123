"""knowledge_base.embcache: a rebuild encodes only text it has not encoded before with the same encoder."""
from __future__ import annotations

import threading

import numpy as np
import pytest

from knowledge_base import embcache
from knowledge_base.embcache import BATCH, encode_cached
from tests.fakes import FakeEncoder

TEXTS = ["Do I need a visa?", "What is Tết?", "Where can I eat phở?"]


class FlippedPassages(FakeEncoder):
    """Encodes passages as the opposite of queries, so a test can tell which of the two it got."""

    def encode_passages(self, texts):
        return -self.encode_queries(texts)


@pytest.fixture
def cache_file(tmp_path):
    return tmp_path / "cache" / "embeddings.sqlite3"  # its folder does not exist yet


def test_a_second_call_is_served_from_the_cache(fake_encoder, cache_file):
    first = encode_cached(fake_encoder, TEXTS, "query", cache_file)
    assert cache_file.is_file() and fake_encoder.texts == TEXTS
    again = encode_cached(fake_encoder, TEXTS, "query", cache_file)
    assert fake_encoder.texts == TEXTS  # nothing encoded again
    assert again.dtype == np.float32 and np.array_equal(again, first)
    assert np.allclose(first, fake_encoder.encode_queries(TEXTS))


def test_the_cache_outlives_the_encoder_object(cache_file):
    # a later rebuild, in another process, with the same encoder
    expected = encode_cached(FakeEncoder(), TEXTS, "query", cache_file)
    later = FakeEncoder()
    assert np.array_equal(encode_cached(later, TEXTS, "query", cache_file), expected)
    assert later.calls == 0


def test_only_new_texts_are_encoded_and_rows_keep_the_input_order(fake_encoder, cache_file):
    encode_cached(fake_encoder, TEXTS[:2], "query", cache_file)
    fake_encoder.texts.clear()
    texts = [TEXTS[2], TEXTS[0], "How much is the e-visa?", TEXTS[1]]
    vecs = encode_cached(fake_encoder, texts, "query", cache_file)
    assert fake_encoder.texts == [TEXTS[2], "How much is the e-visa?"]
    assert np.allclose(vecs, FakeEncoder().encode_queries(texts))


def test_the_key_is_the_exact_text(fake_encoder, cache_file):
    encode_cached(fake_encoder, ["Do I need a visa?"], "query", cache_file)
    encode_cached(fake_encoder, ["Do I need a visa"], "query", cache_file)  # the same vector, but other text
    assert fake_encoder.texts == ["Do I need a visa?", "Do I need a visa"]


def test_queries_and_passages_are_cached_apart(cache_file):
    enc = FlippedPassages()
    queries = encode_cached(enc, TEXTS, "query", cache_file)
    passages = encode_cached(enc, TEXTS, "passage", cache_file)
    assert np.allclose(passages, -queries)
    assert np.allclose(encode_cached(enc, TEXTS, "query", cache_file), queries)
    assert np.allclose(encode_cached(enc, TEXTS, "passage", cache_file), passages)


def test_another_encoder_or_dimension_is_not_served_old_vectors(fake_encoder, cache_file):
    encode_cached(fake_encoder, TEXTS, "query", cache_file)
    other = FakeEncoder(name="other-model")
    encode_cached(other, TEXTS, "query", cache_file)
    assert other.texts == TEXTS
    wider = FakeEncoder(dim=fake_encoder.dim * 2)  # same name, another size: a stale row is ignored
    vecs = encode_cached(wider, TEXTS, "query", cache_file)
    assert wider.texts == TEXTS and vecs.shape == (3, wider.dim)


def test_repeated_texts_are_encoded_once(fake_encoder, cache_file):
    vecs = encode_cached(fake_encoder, [TEXTS[0], TEXTS[1], TEXTS[0]], "query", cache_file)
    assert fake_encoder.texts == TEXTS[:2]
    assert vecs.shape == (3, fake_encoder.dim) and np.array_equal(vecs[0], vecs[2])


@pytest.mark.parametrize("use_cache", [True, False])
def test_texts_are_encoded_in_batches(fake_encoder, tmp_path, use_cache):
    texts = [f"question number {n}" for n in range(2 * BATCH + 5)]
    vecs = encode_cached(fake_encoder, texts, "passage", tmp_path / "c.sqlite3" if use_cache else None)
    assert fake_encoder.calls == 3 and vecs.shape == (len(texts), fake_encoder.dim)


def test_without_a_cache_file_everything_is_encoded_each_time(fake_encoder):
    encode_cached(fake_encoder, TEXTS, "query", None)
    encode_cached(fake_encoder, TEXTS, "query", None)
    assert fake_encoder.texts == TEXTS + TEXTS


def test_no_texts_no_encoding(fake_encoder, cache_file):
    vecs = encode_cached(fake_encoder, [], "query", cache_file)
    assert vecs.shape == (0, fake_encoder.dim) and fake_encoder.calls == 0


class PinnableEncoder(FakeEncoder):
    """Records which threads encoded and which of them were pinned to one core first."""

    def __init__(self, can_pin=True, **kw):
        super().__init__(**kw)
        self._can_pin = can_pin
        self.pinned: set[int] = set()
        self.encoded_on: list[tuple[int, bool]] = []

    def can_pin_threads(self):
        return self._can_pin

    def pin_thread_to_one_core(self):
        self.pinned.add(threading.get_ident())

    def encode_queries(self, texts):
        me = threading.get_ident()
        self.encoded_on.append((me, me in self.pinned))
        return super().encode_queries(texts)


@pytest.mark.parametrize("use_cache", [True, False])
def test_a_large_build_encodes_on_one_pinned_thread_per_core_and_keeps_the_order(tmp_path, monkeypatch, use_cache):
    monkeypatch.setattr(embcache, "_workers", lambda: 2)
    enc = PinnableEncoder()
    texts = [f"question number {n}" for n in range(embcache.PARALLEL_FROM + 7)]
    vecs = encode_cached(enc, texts, "query", tmp_path / "c.sqlite3" if use_cache else None)
    assert np.allclose(vecs, FakeEncoder().encode_queries(texts))  # each row is its own text's vector
    assert all(pinned for _thread, pinned in enc.encoded_on)  # every batch ran on a pinned worker thread
    assert threading.get_ident() not in enc.pinned  # the caller's thread keeps every core
    assert 1 <= len(enc.pinned) <= 2 and len(enc.encoded_on) == -(-len(texts) // BATCH)


def test_a_small_rebuild_or_an_encoder_that_cannot_pin_stays_on_the_callers_thread(tmp_path, monkeypatch):
    monkeypatch.setattr(embcache, "_workers", lambda: 2)
    me = threading.get_ident()
    small = PinnableEncoder()
    encode_cached(small, [f"q {n}" for n in range(embcache.PARALLEL_FROM - 1)], "query", tmp_path / "a.sqlite3")
    unpinnable = PinnableEncoder(can_pin=False)
    encode_cached(unpinnable, [f"q {n}" for n in range(embcache.PARALLEL_FROM * 2)], "query", tmp_path / "b.sqlite3")
    for enc in (small, unpinnable):
        assert not enc.pinned and {thread for thread, _ in enc.encoded_on} == {me}


def test_an_encoding_error_in_a_worker_reaches_the_caller_and_keeps_what_was_stored(tmp_path, monkeypatch):
    monkeypatch.setattr(embcache, "_workers", lambda: 2)

    class FailsLate(PinnableEncoder):
        def encode_queries(self, texts):
            if any(t.endswith(" 200") for t in texts):
                raise RuntimeError("engine failed")
            return super().encode_queries(texts)

    texts = [f"q {n}" for n in range(embcache.PARALLEL_FROM * 2)]
    with pytest.raises(RuntimeError, match="engine failed"):
        encode_cached(FailsLate(), texts, "query", tmp_path / "c.sqlite3")
    again = PinnableEncoder()
    encode_cached(again, texts, "query", tmp_path / "c.sqlite3")
    assert 0 < len(again.texts) < len(texts)  # the batches before the failure were kept
