"""knowledge_base.embcache: a rebuild encodes only text it has not encoded before with the same encoder."""
from __future__ import annotations

import numpy as np
import pytest

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
