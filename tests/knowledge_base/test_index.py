"""knowledge_base.index: FAISS index build/load/search and versions, with a deterministic fake encoder."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from knowledge_base import index as index_mod
from knowledge_base.index import IndexMismatch, build, current_version, entry_rows, load
from knowledge_base.schema import Entry
from tests.fakes import FakeEncoder, make_entry


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


def test_a_vietnamese_phrasing_is_also_a_row_without_diacritics():
    data = make_entry("visa-vi")
    data["questions"]["vi"] = ["Người nước ngoài có được mua nhà không?", "Nguoi nuoc ngoai co duoc mua nha khong?",
                               "visa la gi?"]
    rows = [r for r in entry_rows(Entry.from_dict(data)) if r[0] == "q" and r[1] == "vi"]
    # the plain form once, though an editor also wrote it; a phrasing without diacritics adds nothing
    assert [r[2] for r in rows] == ["Người nước ngoài có được mua nhà không?", "Nguoi nuoc ngoai co duoc mua nha khong?",
                                    "visa la gi?"]
    data["questions"]["vi"] = ["Đi Đà Nẵng mùa nào đẹp nhất?"]
    data["questions"]["fr"] = ["Où aller à Đà Nẵng ?"]  # only Vietnamese phrasings get a plain form
    rows = [r for r in entry_rows(Entry.from_dict(data)) if r[0] == "q" and r[1] in ("vi", "fr")]
    assert [r[2] for r in rows] == ["Où aller à Đà Nẵng ?", "Đi Đà Nẵng mùa nào đẹp nhất?", "Di Da Nang mua nao dep nhat?"]


def test_build_writes_versioned_folder_and_current(tmp_path, fake_encoder):
    folder = build(_entries("visa-a", "visa-b"), [PASSAGE], fake_encoder, tmp_path / "index")
    assert folder.parent == tmp_path / "index"
    assert current_version(tmp_path / "index") == folder.name
    for name in ("manifest.json", "entries.faiss", "entries.json", "snapshot.json", "passages.faiss",
                 "passages.json"):
        assert (folder / name).is_file(), name
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["encoder"] == "fake-hash" and manifest["dim"] == fake_encoder.dim
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


def test_row_kinds_outside_the_rows_searched_are_scored_not_left_out():
    """An entry found through its phrasings still reports its best answer-sentence score, even when its answer rows
    rank below the rows the search looks at (the decision model reads that score; a missing one used to read 0)."""
    import faiss
    import numpy as np

    dim = 8
    query = np.zeros(dim, np.float32)
    query[0] = 1.0
    vectors, rows = [], []
    # entry "a": one phrasing right on the query, one answer sentence far from it
    vectors.append(query.copy())
    rows.append({"entry": "a", "kind": "q"})
    far = np.zeros(dim, np.float32)
    far[0], far[1] = 0.1, 0.995
    vectors.append(far)
    rows.append({"entry": "a", "kind": "s"})
    # 300 phrasings of other entries, all closer to the query than a's sentence
    for i in range(300):
        v = np.zeros(dim, np.float32)
        v[0], v[2 + i % 6] = 0.9, 0.43
        vectors.append(v)
        rows.append({"entry": f"other-{i}", "kind": "q"})
    mat = np.array(vectors, np.float32)
    mat /= np.linalg.norm(mat, axis=1, keepdims=True)
    flat = faiss.IndexFlatIP(dim)
    flat.add(mat)
    loaded = index_mod.LoadedIndex("v", {}, {}, rows, flat, [], faiss.IndexFlatIP(dim))
    found = loaded.search_entries(query, 2)
    assert found[0][0] == "a"
    by_kind = found[0][2]["by_kind"]
    assert by_kind["q"] == pytest.approx(1.0, abs=1e-5)
    assert by_kind["s"] == pytest.approx(float(mat[1] @ query), abs=1e-5)
    # the ranking itself is unchanged: the far sentence does not lift the entry
    assert found[0][1] == pytest.approx(1.0, abs=1e-5)


def _crowded_index():
    """Entry "b" with 400 phrasings, all closer to the query than entry "a"'s one phrasing, and entry "c" far off."""
    import faiss
    import numpy as np

    dim = 8
    query = np.zeros(dim, np.float32)
    query[0] = 1.0
    vectors, rows = [], []
    for i in range(400):
        v = np.zeros(dim, np.float32)
        v[0], v[1 + i % 3] = 0.95, 0.31
        vectors.append(v)
        rows.append({"entry": "b", "kind": "q"})
    for eid, second in (("a", 0.6), ("c", 0.99)):
        v = np.zeros(dim, np.float32)
        v[0], v[5] = (1 - second ** 2) ** 0.5, second
        vectors.append(v)
        rows.append({"entry": eid, "kind": "q"})
    mat = np.array(vectors, np.float32)
    mat /= np.linalg.norm(mat, axis=1, keepdims=True)
    flat = faiss.IndexFlatIP(dim)
    flat.add(mat)
    return index_mod.LoadedIndex("v", {}, {}, rows, flat, [], faiss.IndexFlatIP(dim)), query, mat


def test_an_entry_is_found_however_many_rows_of_other_entries_score_above_it():
    # the search used to look at the best 96 rows (k=1) to 320 (k=20): here all of them were b's, and a was lost
    loaded, query, mat = _crowded_index()
    found = loaded.search_entries(query, 2)
    assert [eid for eid, _, _ in found] == ["b", "a"]
    assert found[1][1] == pytest.approx(float(mat[400] @ query), abs=1e-5)
    assert found[1][2]["entry"] == "a" and found[1][2]["by_kind"] == {"q": pytest.approx(float(mat[400] @ query), abs=1e-5)}


def test_entries_other_signals_point_to_join_the_candidates_with_their_own_scores():
    loaded, query, mat = _crowded_index()
    found = loaded.search_entries(query, 1, also=["c", "b", "unknown-id"])
    assert [eid for eid, _, _ in found] == ["b", "c"]  # b only once; an id the index does not hold is skipped
    assert found[1][1] == pytest.approx(float(mat[401] @ query), abs=1e-5)


def test_a_version_carries_its_lexical_index_and_names_as_the_entries_would_make_them(tmp_path, fake_encoder):
    from knowledge_base.lexical import LexicalIndex

    entries = _entries("visa-a", "visa-b", answer_en="Apply at the Embassy of Viet Nam in Hanoi. Ask Hanoi first.")
    folder = build(entries, [PASSAGE], fake_encoder, tmp_path)
    assert (folder / "lexical.npz").is_file() and (folder / "names.json").is_file()
    loaded = load(tmp_path, fake_encoder)
    made = LexicalIndex(loaded.entries)
    for query in ("visa", "Embassy Hanoi", "nothing alike"):
        assert loaded.lexical.scores(query, "en", list(loaded.entries)) == made.scores(query, "en", list(loaded.entries))
    assert loaded.names == index_mod.names_of(loaded.entries) and "hanoi" in loaded.names


@pytest.mark.parametrize("damage", ["missing", "corrupt", "truncated"])
def test_a_version_without_a_readable_lexical_index_still_loads_and_makes_it(tmp_path, fake_encoder, damage):
    from knowledge_base.config import load_config
    from knowledge_base.service import KnowledgeBase

    folder = build(_entries("visa-a", "visa-b"), [PASSAGE], fake_encoder, tmp_path)
    if damage == "missing":
        (folder / "lexical.npz").unlink()
    elif damage == "corrupt":
        (folder / "lexical.npz").write_bytes(b"not a zip file")
    else:
        (folder / "lexical.npz").write_bytes((folder / "lexical.npz").read_bytes()[:200])
    loaded = load(tmp_path, fake_encoder)
    assert loaded.lexical is None
    import dataclasses

    kb = KnowledgeBase(dataclasses.replace(load_config(), index_dir=tmp_path))
    assert kb._lexical(loaded).scores("visa", "en", ["visa-a"])["visa-a"] > 0
    assert loaded.lexical is not None  # made once, kept with the version
