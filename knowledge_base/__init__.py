"""Vietnam Assistant knowledge base: curated entries, ingested passages, encoder and FAISS index."""
from .schema import LANGS, TOPICS, Entry, Source, validate_entry


def search(question: str, lang: str | None = None, k: int = 5):
    """Top k entries for a question from the default knowledge base (loads lazily)."""
    from .service import search as _search

    return _search(question, lang, k)


__all__ = ["LANGS", "TOPICS", "Entry", "Source", "validate_entry", "search"]
