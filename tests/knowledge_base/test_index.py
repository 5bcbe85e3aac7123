"""FAISS index build/load/search and the KnowledgeBase service, with a deterministic fake encoder."""
from __future__ import annotations

import datetime as dt

import dataclasses
import json
from pathlib import Path

import pytest
import yaml

from knowledge_base import index as index_mod
from knowledge_base import service
from knowledge_base.config import KBConfig
from knowledge_base.index import IndexMismatch, build, current_version, entry_rows, load
from knowledge_base.schema import Entry
from tests.knowledge_base.conftest import FakeEncoder, make_entry


def _entries(*ids: str, **kw) -> list[Entry]:
    return [Entry.from_dict(make_entry(eid, **kw)) for eid in ids]


def _versions(index_dir: Path) -> list[str]:
    return sorted(p.name for p in index_dir.iterdir() if p.is_dir())


PASSAGE = {"id": 1, "ord": 0, "text": "The Hung Kings festival is held on the tenth day of the third lunar month.",
           "title": "Festivals", "publisher": "VNAT", "url": "https://vietnam.travel/", "language": "en"}


def test_entry_rows_cover_questions_and_answers():
    entry = _entries("visa-a")[0]
    rows = entry_rows(entry)
    assert ("q", "en", "What about visa-a?") in rows
    assert ("a", "vi", "vi answer for visa-a.") in rows
    assert len([r for r in rows if r[0] == "q"]) == 10  # 2 English + 8 other languages
    assert len([r for r in rows if r[0] == "a"]) == 9


def test_build_writes_versioned_folder_and_current(tmp_path, fake_encoder):
    folder = build(_entries("visa-a", "visa-b"), [PASSAGE], fake_encoder, tmp_path / "index")
    assert folder.parent == tmp_path / "index"
    assert current_version(tmp_path / "index") == folder.name
    for name in ("manifest.json", "entries.faiss", "entries.json", "snapshot.json", "passages.faiss",
                 "passages.json"):
        assert (folder / name).is_file(), name
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["encoder"] == "fake-hash" and manifest["dim"] == 16
    assert manifest["entries"] == 2 and manifest["entry_rows"] == 38 and manifest["passages"] == 1
    assert manifest["version"] == folder.name and folder.name.endswith(manifest["content_hash"][:10])
    assert not [p for p in (tmp_path / "index").iterdir() if p.name.startswith(".")]  # no temp leftovers


def test_current_version_none_before_first_build(tmp_path, fake_encoder):
    assert current_version(tmp_path) is None
    with pytest.raises(FileNotFoundError):
        load(tmp_path, fake_encoder)


def test_rebuild_same_content_is_noop(tmp_path, fake_encoder):
    first = build(_entries("visa-a", "visa-b"), [PASSAGE], fake_encoder, tmp_path)
    calls = fake_encoder.calls
    # same entries in another order: same content
    second = build(_entries("visa-b", "visa-a"), [PASSAGE], fake_encoder, tmp_path)
    assert second == first
    assert fake_encoder.calls == calls  # nothing was embedded again
    assert _versions(tmp_path) == [first.name]


def test_changed_content_makes_new_version(tmp_path, fake_encoder):
    first = build(_entries("visa-a"), [], fake_encoder, tmp_path)
    second = build(_entries("visa-a", "visa-b"), [], fake_encoder, tmp_path)
    assert second != first
    assert current_version(tmp_path) == second.name
    third = build(_entries("visa-a", "visa-b"), [PASSAGE], fake_encoder, tmp_path)
    assert third not in (first, second)
    assert load(tmp_path, fake_encoder).version == third.name


def test_rebuild_encodes_only_new_text(tmp_path, fake_encoder):
    build(_entries("visa-a"), [], fake_encoder, tmp_path)
    fake_encoder.texts.clear()
    folder = build(_entries("visa-a", "visa-b"), [PASSAGE], fake_encoder, tmp_path)
    assert fake_encoder.texts and all("visa-b" in t for t in fake_encoder.texts if t != PASSAGE["text"])
    assert len(fake_encoder.texts) == 19 + 1  # visa-b's rows and the passage, nothing of visa-a
    # vectors from the cache are the same as fresh ones: an exact question still scores 1.0
    loaded = load(tmp_path, fake_encoder)
    assert loaded.version == folder.name
    top = loaded.search_entries(fake_encoder.encode_queries(["What about visa-a?"])[0], 1)[0]
    assert top[0] == "visa-a" and top[1] == pytest.approx(1.0, abs=1e-5)


def test_other_encoder_rebuilds(tmp_path, fake_encoder):
    first = build(_entries("visa-a"), [], fake_encoder, tmp_path)
    second = build(_entries("visa-a"), [], FakeEncoder(name="other"), tmp_path)
    assert second != first
    assert json.loads((second / "manifest.json").read_text())["encoder"] == "other"


def test_load_round_trip(tmp_path, fake_encoder):
    build(_entries("visa-a", "visa-b"), [PASSAGE], fake_encoder, tmp_path)
    loaded = load(tmp_path, fake_encoder)
    assert set(loaded.entries) == {"visa-a", "visa-b"}
    assert loaded.entries["visa-a"] == _entries("visa-a")[0]
    assert loaded.entry_index.ntotal == len(loaded.rows) == 38
    assert loaded.passages[0]["text"] == PASSAGE["text"]


@pytest.mark.parametrize("other", [FakeEncoder(name="different"), FakeEncoder(dim=32)])
def test_load_refuses_other_encoder(tmp_path, fake_encoder, other):
    build(_entries("visa-a"), [], fake_encoder, tmp_path)
    with pytest.raises(IndexMismatch, match="rebuild"):
        load(tmp_path, other)


def test_load_refuses_tampered_snapshot(tmp_path, fake_encoder):
    folder = build(_entries("visa-a"), [], fake_encoder, tmp_path)
    snap = json.loads((folder / "snapshot.json").read_text())
    snap[0]["answer"]["en"] = "Tampered."
    (folder / "snapshot.json").write_text(json.dumps(snap))
    with pytest.raises(IndexMismatch, match="entry snapshot"):
        load(tmp_path, fake_encoder)


def test_load_refuses_wrong_vector_count(tmp_path, fake_encoder):
    folder = build(_entries("visa-a"), [], fake_encoder, tmp_path)
    other = build(_entries("visa-a", "visa-b"), [], fake_encoder, tmp_path / "other")
    # vectors of a bigger build next to this build's manifest and rows
    (folder / "entries.faiss").write_bytes((other / "entries.faiss").read_bytes())
    with pytest.raises(IndexMismatch, match="entry vectors"):
        load(tmp_path, fake_encoder)


def test_load_refuses_wrong_passage_count_and_format(tmp_path, fake_encoder):
    folder = build(_entries("visa-a"), [PASSAGE], fake_encoder, tmp_path)
    (folder / "passages.json").write_text("[]")
    with pytest.raises(IndexMismatch, match="passage vectors"):
        load(tmp_path, fake_encoder)
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["format"] = 1
    (folder / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(IndexMismatch, match="format"):
        load(tmp_path, fake_encoder)


def test_search_entries_collapses_rows_to_one_hit_per_entry(tmp_path, fake_encoder):
    build(_entries("visa-a", "visa-b", "visa-c"), [], fake_encoder, tmp_path)
    loaded = load(tmp_path, fake_encoder)
    vec = fake_encoder.encode_queries(["What about visa-b?"])[0]
    hits = loaded.search_entries(vec, k=5)
    ids = [eid for eid, _, _ in hits]
    assert len(ids) == len(set(ids)) == 3  # 57 rows, three entries
    assert ids[0] == "visa-b"
    assert hits[0][1] == pytest.approx(1.0, abs=1e-5)
    assert {k: hits[0][2][k] for k in ("entry", "kind", "lang")} == {"entry": "visa-b", "kind": "q", "lang": "en"}
    # the best raw score per row kind, for the decision's features
    assert hits[0][2]["by_kind"]["q"] == pytest.approx(1.0, abs=1e-5) and set(hits[0][2]["by_kind"]) <= {"q", "a", "s"}
    assert [s for _, s, _ in hits] == sorted((s for _, s, _ in hits), reverse=True)
    assert len(loaded.search_entries(vec, k=1)) == 1


def test_search_on_empty_index(tmp_path, fake_encoder):
    build([], [], fake_encoder, tmp_path)
    loaded = load(tmp_path, fake_encoder)
    vec = fake_encoder.encode_queries(["anything"])[0]
    assert loaded.search_entries(vec, 3) == [] and loaded.search_passages(vec, 3) == []


def test_search_passages(tmp_path, fake_encoder):
    other = dict(PASSAGE, id=2, text="Pho is a noodle soup eaten at breakfast all over the country.")
    build([], [PASSAGE, other], fake_encoder, tmp_path)
    loaded = load(tmp_path, fake_encoder)
    found = loaded.search_passages(fake_encoder.encode_passages([other["text"]])[0], 5)
    assert len(found) == 2
    assert found[0][0]["id"] == 2 and found[0][1] == pytest.approx(1.0, abs=1e-5)


def test_old_versions_pruned_to_three(tmp_path, fake_encoder):
    built = [build(_entries(*[f"visa-{n}" for n in range(1, k + 1)]), [], fake_encoder, tmp_path).name
             for k in range(1, 6)]
    assert len(set(built)) == 5
    assert _versions(tmp_path) == sorted(built[-3:])
    assert index_mod.KEEP_VERSIONS == 3
    assert current_version(tmp_path) == built[-1]


# -- the KnowledgeBase service ----------------------------------------------------------------------

def _write_content(folder: Path, items: list[dict]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "entries.yaml").write_text(yaml.safe_dump({"entries": items}, allow_unicode=True), encoding="utf-8")


@pytest.fixture
def kb_config(tmp_path):
    _write_content(tmp_path / "content", [make_entry("visa-a", en_q="Do I need a visa for Vietnam?"),
                                          make_entry("travel-b", topic="travel", en_q="Where can I eat pho?")])
    return KBConfig(database_url=f"sqlite:///{tmp_path}/kb.sqlite3", index_dir=tmp_path / "index",
                    content_dir=tmp_path / "content", encoder="fake", threshold=0.9, passage_threshold=0.9,
                    reload_seconds=0)


@pytest.fixture
def fake_kb_encoder(monkeypatch):
    enc = FakeEncoder()
    monkeypatch.setattr(service, "get_encoder", lambda spec: enc)
    return enc


def test_lookup_answered_and_unknown_around_threshold(kb_config, fake_kb_encoder):
    kb = service.KnowledgeBase(kb_config)
    version = kb.rebuild()
    result = kb.lookup("Do I need a visa for Vietnam?", "en")
    assert result.status == "answered" and result.index_version == version
    top = result.hits[0]
    assert top.entry.id == "visa-a" and top.matched_kind == "q" and top.matched_lang == "en"
    assert top.dense == pytest.approx(1.0, abs=1e-5)
    # the exact phrasing also matches lexically: at least the full question-overlap bonus on top
    from knowledge_base import lexical
    assert top.score >= top.dense + lexical.QUESTION_WEIGHT - 1e-6
    # uncalibrated bands: well above the score -> unknown; just above -> "Did you mean"; just below -> answered
    far = service.KnowledgeBase(dataclasses.replace(kb_config, threshold=top.score + 0.05))
    assert far.lookup("Do I need a visa for Vietnam?").status == "unknown"
    above = service.KnowledgeBase(dataclasses.replace(kb_config, threshold=top.score + 0.001))
    assert above.lookup("Do I need a visa for Vietnam?").status == "suggest"
    below = service.KnowledgeBase(dataclasses.replace(kb_config, threshold=top.score - 0.001))
    assert below.lookup("Do I need a visa for Vietnam?").status == "answered"
    unknown = kb.lookup("What is the weather like on Mars today?")
    assert unknown.status == "unknown" and unknown.top_score < 0.9 and unknown.passage is None


def test_lookup_excerpt_from_passage(kb_config, fake_kb_encoder):
    kb = service.KnowledgeBase(kb_config)
    kb.store.add_document(title="Festivals", publisher="VNAT", url="https://vietnam.travel/", language="vi",
                          chunks=[PASSAGE["text"]])
    kb.rebuild()
    result = kb.lookup(PASSAGE["text"])
    assert result.status == "excerpt"
    assert result.passage["language"] == "vi" and result.passage["publisher"] == "VNAT"
    assert result.passage_score == pytest.approx(1.0, abs=1e-5)


def test_search_empty_question_and_k(kb_config, fake_kb_encoder):
    kb = service.KnowledgeBase(kb_config)
    kb.rebuild()
    assert kb.search("   ") == []
    assert len(kb.search("Where can I eat pho?", k=1)) == 1
    assert kb.search("Where can I eat pho?")[0].entry.id == "travel-b"


def test_hot_reload_picks_up_new_version(kb_config, fake_kb_encoder):
    kb = service.KnowledgeBase(kb_config)
    v1 = kb.rebuild()
    assert kb.index().version == v1
    assert kb.lookup("How do I extend my visa?").status == "unknown"
    # an editor process publishes new content and rebuilds
    _write_content(kb_config.content_dir, [make_entry("visa-a", en_q="Do I need a visa for Vietnam?"),
                                           make_entry("visa-extend", en_q="How do I extend my visa?")])
    other = service.KnowledgeBase(kb_config)
    v2 = other.rebuild()
    assert v2 != v1
    assert kb.index().version == v2
    result = kb.lookup("How do I extend my visa?")
    assert result.status == "answered" and result.hits[0].entry.id == "visa-extend"
    assert result.index_version == v2


def test_no_reload_within_reload_seconds(kb_config, fake_kb_encoder):
    kb = service.KnowledgeBase(dataclasses.replace(kb_config, reload_seconds=3600))
    v1 = kb.rebuild()
    kb.index()
    _write_content(kb_config.content_dir, [make_entry("visa-a"), make_entry("visa-c")])
    v2 = service.KnowledgeBase(kb_config).rebuild()
    assert v2 != v1 and kb.index().version == v1


def test_broken_new_version_keeps_serving_old(kb_config, fake_kb_encoder):
    kb = service.KnowledgeBase(kb_config)
    v1 = kb.rebuild()
    assert kb.index().version == v1
    _write_content(kb_config.content_dir, [make_entry("visa-a"), make_entry("visa-d")])
    v2 = service.KnowledgeBase(kb_config).rebuild()
    (kb_config.index_dir / v2 / "snapshot.json").write_text("[]")
    assert kb.index().version == v1  # the tampered version is refused, the old one stays live
    with pytest.raises(IndexMismatch):
        service.KnowledgeBase(kb_config).index()  # a fresh process has nothing to fall back to


def test_an_entry_that_expires_while_its_index_is_live_is_no_longer_served(kb_config, fake_kb_encoder, monkeypatch):
    _write_content(kb_config.content_dir, [
        make_entry("visa-a", en_q="Do I need a visa for Vietnam?", valid_until="2026-12-31"),
        make_entry("travel-b", topic="travel", en_q="Where can I eat pho?")])
    kb = service.KnowledgeBase(kb_config)
    version = kb.rebuild()
    monkeypatch.setattr(service, "today", lambda: dt.date(2026, 12, 31))
    assert kb.lookup("Do I need a visa for Vietnam?", "en").hits[0].entry.id == "visa-a"
    # the clock passes valid_until; the index version is the same, but the entry is not served or suggested
    monkeypatch.setattr(service, "today", lambda: dt.date(2027, 1, 1))
    result = kb.lookup("Do I need a visa for Vietnam?", "en")
    assert result.index_version == version
    assert "visa-a" not in [h.entry.id for h in result.hits + result.suggestions]
    assert result.status != "answered" or result.hits[0].entry.id != "visa-a"
