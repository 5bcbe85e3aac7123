"""The knowledge-base service: search with thresholds, hot reload of published index versions."""
from __future__ import annotations

import functools
import logging
import threading
import time
from dataclasses import dataclass, field

from . import index as index_mod
from .config import KBConfig, load_config
from .encoder import get_encoder
from .lexical import LexicalIndex
from .scope import about_another_country
from .schema import Entry
from .store import get_store, load_content_dir

log = logging.getLogger(__name__)
MAX_QUERY_CHARS = 1000


@dataclass
class Hit:
    """One entry found for a question."""

    entry: Entry
    score: float
    dense: float
    matched_kind: str
    matched_lang: str


@dataclass
class Lookup:
    """What the knowledge base has for a question: an answer, an excerpt, or nothing."""

    status: str  # answered | excerpt | unknown | out_of_scope
    hits: list[Hit] = field(default_factory=list)
    passage: dict | None = None
    passage_score: float | None = None
    index_version: str = ""

    @property
    def top_score(self) -> float:
        """Score of the best entry, 0 when none."""
        return self.hits[0].score if self.hits else 0.0


class KnowledgeBase:
    """Searches the live index version; picks up newly published versions by itself."""

    def __init__(self, config: KBConfig | None = None):
        self.config = config or load_config()
        self._lock = threading.Lock()
        self._loaded: index_mod.LoadedIndex | None = None
        self._checked_at = 0.0

    @property
    def encoder(self):
        """The configured encoder, built on first use."""
        return get_encoder(self.config.encoder)

    @property
    def store(self):
        """The configured store, connected on first use."""
        return get_store(self.config.database_url)

    def index(self) -> index_mod.LoadedIndex:
        """The live index; re-reads CURRENT at most every reload_seconds and swaps in a new version."""
        now = time.monotonic()
        if self._loaded is not None and now - self._checked_at < self.config.reload_seconds:
            return self._loaded
        with self._lock:
            self._checked_at = now
            version = index_mod.current_version(self.config.index_dir)
            if self._loaded is None or (version and version != self._loaded.version):
                try:
                    # the new version is fully loaded before the reference moves, so no search sees half of it
                    self._loaded = index_mod.load(self.config.index_dir, self.encoder, version)
                    log.info("loaded index %s", self._loaded.version)
                except (OSError, index_mod.IndexMismatch) as exc:
                    if self._loaded is None:
                        raise
                    log.error("keeping index %s; could not load %s: %s", self._loaded.version, version, exc)
        return self._loaded

    def _lexical(self, loaded: index_mod.LoadedIndex) -> LexicalIndex:
        # built once per index version and kept beside it
        cached = getattr(loaded, "_lexical", None)
        if cached is None:
            cached = LexicalIndex(loaded.entries)
            loaded._lexical = cached
        return cached

    def search(self, question: str, lang: str | None = None, k: int = 5) -> list[Hit]:
        """Top k entries for a question, best first, with fused dense and lexical scores."""
        return self._search(question, lang, k)[0]

    def _search(self, question: str, lang: str | None, k: int):
        question = (question or "").strip()[:MAX_QUERY_CHARS]
        if not question:
            return [], None
        loaded = self.index()
        vec = self.encoder.encode_queries([question])[0]
        found = loaded.search_entries(vec, max(k, CANDIDATES))
        lex = self._lexical(loaded).scores(question, lang, [eid for eid, _, _ in found])
        hits = [Hit(loaded.entries[eid], dense + lex.get(eid, 0.0), dense, row["kind"], row["lang"])
                for eid, dense, row in found]
        hits.sort(key=lambda h: -h.score)
        return hits[:k], vec

    def lookup(self, question: str, lang: str | None = None, k: int = 4) -> Lookup:
        """Decide what to answer: the best entry above the threshold, else a passage, else nothing."""
        hits, vec = self._search(question, lang, k)
        version = self._loaded.version if self._loaded else ""
        if about_another_country(question, hits[0].entry if hits else None):
            return Lookup("out_of_scope", hits, index_version=version)
        if hits and hits[0].score >= self.config.threshold:
            return Lookup("answered", hits, index_version=version)
        loaded = self.index()
        if vec is not None and loaded.passage_index.ntotal:
            found = loaded.search_passages(vec, 1)
            if found and found[0][1] >= self.config.passage_threshold:
                return Lookup("excerpt", hits, found[0][0], found[0][1], version)
        return Lookup("unknown", hits, index_version=version)

    def rebuild(self, seed: bool = True) -> str:
        """Seed the store from the content folder (optional), rebuild the index, return the live version."""
        if seed:
            self.store.seed(load_content_dir(self.config.content_dir))
        folder = index_mod.build(self.store.published_entries(), self.store.all_passages(), self.encoder,
                                 self.config.index_dir)
        self._checked_at = 0.0
        return folder.name


CANDIDATES = 20


@functools.lru_cache(maxsize=1)
def get_kb() -> KnowledgeBase:
    """The process-wide knowledge base, built from the environment on first use."""
    return KnowledgeBase()


def search(question: str, lang: str | None = None, k: int = 5) -> list[Hit]:
    """Search the default knowledge base."""
    return get_kb().search(question, lang, k)
