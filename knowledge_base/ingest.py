"""Split long documents into passages that the assistant can quote as excerpts."""
from __future__ import annotations

import re
from pathlib import Path

from . import yamlio

TARGET_CHARS = 700
MIN_LINE_CHARS = 40
_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+")


def split_passages(text: str, target: int = TARGET_CHARS) -> list[str]:
    """Group paragraphs into passages of about `target` characters, breaking long ones at sentences.

    Lines shorter than MIN_LINE_CHARS are dropped: in scraped articles they are captions, menus
    and bylines, not content.
    """
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n|\n", text)]
    paragraphs = [p for p in paragraphs if len(p) >= MIN_LINE_CHARS]
    pieces: list[str] = []
    for para in paragraphs:
        if len(para) <= target:
            pieces.append(para)
            continue
        sentence_run = ""
        for sentence in _SENTENCE_END.split(para):
            if sentence_run and len(sentence_run) + len(sentence) > target:
                pieces.append(sentence_run)
                sentence_run = ""
            sentence_run = f"{sentence_run} {sentence}".strip()
        if sentence_run:
            pieces.append(sentence_run)
    chunks: list[str] = []
    for piece in pieces:
        if chunks and len(chunks[-1]) + len(piece) < target * 0.6:
            chunks[-1] = f"{chunks[-1]}\n{piece}"
        else:
            chunks.append(piece)
    return chunks


def detect_document_language(text: str) -> str:
    """Language of a whole document (long text, so plain seeded langdetect is reliable)."""
    from language import detect

    found = detect(text[:4000])
    return found.language or found.candidate or "en"


def ingest_file(store, path: Path, *, publisher: str, title: str, url: str, language: str | None = None) -> int | None:
    """Store one text file's passages; returns the document id, or None if it was already ingested."""
    text = Path(path).read_text(encoding="utf-8", errors="replace")
    chunks = split_passages(text)
    if not chunks:
        raise ValueError(f"{path}: no text long enough to ingest")
    return store.add_document(title=title, publisher=publisher, url=url,
                              language=language or detect_document_language(text), chunks=chunks)


def ingest_folder(store, folder: Path, sources_file: Path) -> list[int]:
    """Ingest every .txt in folder whose name has a source in sources_file (YAML: name -> source)."""
    sources = yamlio.safe_load(Path(sources_file).read_text(encoding="utf-8")) or {}
    added = []
    for path in sorted(Path(folder).glob("*.txt")):
        meta = sources.get(path.name)
        if not meta:
            continue
        doc_id = ingest_file(store, path, publisher=meta["publisher"], title=meta["title"], url=meta["url"],
                             language=meta.get("language"))
        if doc_id:
            added.append(doc_id)
    return added
