"""Document ingestion (passage splitting, storing once) and the `python -m knowledge_base check` CLI."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from knowledge_base.ingest import MIN_LINE_CHARS, TARGET_CHARS, ingest_file, ingest_folder, split_passages
from knowledge_base.store import Store
from tests.fakes import make_entry

ROOT = Path(__file__).resolve().parents[2]
PY = ROOT / ".venv" / "bin" / "python"


def _sentence(n: int, words: int = 12) -> str:
    return " ".join(f"word{n}x{i}" for i in range(words)) + "."


def test_drops_short_lines():
    long_line = "This line is long enough to be real article content, not a caption."
    text = f"Menu\nHome | News\n\n{long_line}\nBy A. Writer\n   \n"
    assert split_passages(text) == [long_line]
    assert len("By A. Writer") < MIN_LINE_CHARS
    assert split_passages("short\n\ntiny\n") == []


def test_normalises_whitespace_inside_lines():
    assert split_passages("A   line  with\tsome    odd spacing that is long enough.") == \
        ["A line with some odd spacing that is long enough."]


def test_merges_small_paragraphs_up_to_target():
    paras = [f"Paragraph number {n} is a short but valid line of text." for n in range(20)]
    chunks = split_passages("\n\n".join(paras), target=300)
    assert len(chunks) > 1
    for chunk in chunks:
        assert len(chunk) <= 300
    # nothing lost and order kept
    assert "\n".join(chunks).split("\n") == paras
    assert any("\n" in c for c in chunks)  # some paragraphs were grouped


def test_respects_target_size_for_big_paragraphs():
    paras = [" ".join([_sentence(p * 100 + s) for s in range(3)]) for p in range(4)]
    for target in (200, 500, TARGET_CHARS):
        chunks = split_passages("\n\n".join(paras), target=target)
        assert chunks
        assert max(len(c) for c in chunks) <= target, target


def test_splits_long_paragraph_at_sentence_ends():
    sentences = [_sentence(n) for n in range(30)]
    para = " ".join(sentences)
    assert len(para) > TARGET_CHARS
    chunks = split_passages(para)
    assert len(chunks) >= 2
    for chunk in chunks:
        assert len(chunk) <= TARGET_CHARS
        assert chunk.endswith(".")  # cut after a sentence, never inside one
        assert chunk.split(" ")[0].startswith("word") and chunk.split(" ")[0].endswith("x0")
    assert " ".join(chunks) == para


def test_splits_cjk_sentences():
    sentence = "越南是一个美丽的国家，有很多值得参观的地方和好吃的食物。"
    para = " ".join([sentence] * 40)
    chunks = split_passages(para, target=200)
    assert len(chunks) > 1 and all(len(c) <= 200 for c in chunks)
    assert all(c.endswith("。") for c in chunks)


@pytest.fixture
def store(tmp_path):
    return Store(f"sqlite:///{tmp_path}/kb.sqlite3")


ARTICLE = "\n\n".join(" ".join(_sentence(p * 10 + s) for s in range(4)) for p in range(6))


def test_ingest_file_stores_once(tmp_path, store):
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    doc = ingest_file(store, path, publisher="VNA", title="Article", url="https://vna.vn/a", language="en")
    assert isinstance(doc, int)
    n = len(store.all_passages())
    assert n == len(split_passages(ARTICLE)) and n >= 1
    assert ingest_file(store, path, publisher="VNA", title="Article", url="https://vna.vn/a", language="en") is None
    assert len(store.all_passages()) == n
    assert {p["publisher"] for p in store.all_passages()} == {"VNA"}


def test_ingest_file_detects_language(tmp_path, store):
    text = ("Le Viet Nam est un pays d'Asie du Sud-Est dont la capitale est Hanoï. "
            "Les visiteurs peuvent demander un visa électronique valable quatre-vingt-dix jours sur le portail officiel.")
    path = tmp_path / "fr.txt"
    path.write_text(text, encoding="utf-8")
    ingest_file(store, path, publisher="P", title="T", url="")
    assert store.all_passages()[0]["language"] == "fr"


def test_ingest_file_without_content_fails(tmp_path, store):
    path = tmp_path / "empty.txt"
    path.write_text("Home\nMenu\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no text long enough"):
        ingest_file(store, path, publisher="P", title="T", url="")


def test_ingest_folder_uses_sources_file(tmp_path, store):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(ARTICLE.replace("word", "term"), encoding="utf-8")  # no source: skipped
    sources = tmp_path / "sources.yaml"
    sources.write_text(yaml.safe_dump({"a.txt": {"publisher": "P", "title": "A", "url": "https://a.org",
                                                 "language": "en"}}), encoding="utf-8")
    assert len(ingest_folder(store, tmp_path, sources)) == 1
    assert ingest_folder(store, tmp_path, sources) == []  # second run: already in
    assert {p["title"] for p in store.all_passages()} == {"A"}


def _check(tmp_path, content_dir: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, KB_CONTENT_DIR=str(content_dir), VA_VAR_DIR=str(tmp_path / "var"))
    return subprocess.run([str(PY if PY.exists() else sys.executable), "-m", "knowledge_base", "check"], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=120)


def test_cli_check_real_content(tmp_path):
    proc = _check(tmp_path, ROOT / "knowledge_base" / "content")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.strip().endswith("ok")
    assert "ERROR" not in proc.stdout


def test_cli_check_broken_content(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    bad = make_entry("visa-broken", related=["visa-missing"])
    del bad["answer"]["ja"]
    bad["source"]["url"] = "not a url"
    items = [make_entry("visa-good"), bad, make_entry("visa-good")]
    (content / "broken.yaml").write_text(yaml.safe_dump({"entries": items}), encoding="utf-8")
    proc = _check(tmp_path, content)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    out = proc.stdout
    assert "ERROR visa-broken: answer missing languages: ja" in out
    assert "ERROR visa-broken: related id 'visa-missing' does not exist" in out
    assert "is not an http(s) URL" in out
    assert "ERROR visa-good: duplicate id" in out
    assert "2 entries with problems" in out


def test_cli_check_reports_expired_but_passes(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    items = [make_entry("visa-old", effective_date="2020-01-01", valid_until="2021-01-01")]
    (content / "c.yaml").write_text(yaml.safe_dump({"entries": items}), encoding="utf-8")
    proc = _check(tmp_path, content)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "EXPIRED visa-old" in proc.stdout


def test_cli_check_reports_non_mapping_entries(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (content / "c.yaml").write_text("entries:\n  - just a string\n", encoding="utf-8")
    proc = _check(tmp_path, content)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr, proc.stderr
    assert "ERROR #1: entry is not a mapping" in proc.stdout
