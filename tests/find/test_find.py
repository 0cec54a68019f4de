"""Finding repeated passages (issue 6): the method's parts, the corpus job and its runners,
the `find` command, and `collate` with a single source."""

from __future__ import annotations

import importlib.util
import itertools
import json
import sys
from functools import cache
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from variorum import Witness
from variorum.cli import main
from variorum.errors import VariorumError
from variorum.find import FindSettings, find, list_sources
from variorum.find import words as words_module
from variorum.find.chains import chain_anchors
from variorum.find.index import ANCHOR, SHINGLE, ScanTask, doc_id, repeated_pairs, scan
from variorum.find.kernels import batch_word_spans, sampled_shingles
from variorum.find.refine import WordStore, _member, extend, similarity
from variorum.find.repeats import collate_repeats, section_of
from variorum.find.runner import DaskRunner, InProcessRunner, make_runner
from variorum.find.textstore import TextReader, TextWriter
from variorum.find.words import fold_table, ngram_hashes, witness_words
from variorum.ingest import ReadOptions
from variorum.text.charclass import UNSPACED, WORD, class_table
from variorum.text.normalize import Normalizer
from variorum.text.tokens import Vocabulary, token_hashes, tokenize

CORPUS = Path(__file__).resolve().parents[2] / "benchmarks" / "reuse_corpus.py"


@cache
def corpus_module() -> ModuleType:
    """The benchmark's corpus generator, loaded from its file (benchmarks/ is no package)."""
    spec = importlib.util.spec_from_file_location("reuse_corpus", CORPUS)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def prose(seed: int, words: int) -> str:
    """Paragraphs of generated words (invented, so no outside text)."""
    writer = corpus_module()._Writer(seed)
    return "\n\n".join(writer.paragraphs(words))


PASSAGE = prose(1, 120)


# --- words and the index ------------------------------------------------------------------

def test_token_hashes_cut_as_the_tokenizer_does() -> None:
    text = "  Won't it — “rain” in 1917–18? Ça va.\n"
    starts, ends, _, _ = token_hashes(text)
    table = tokenize(text, Vocabulary(Normalizer("nfc")))
    assert starts.tolist() == table.starts.tolist()
    assert ends.tolist() == table.ends.tolist()


def test_words_match_on_repaired_folded_text_and_keep_glued_punctuation() -> None:
    clean = Witness.from_text("a", "He said “won’t” to État.")
    damaged_text = "He said “won’t” to État.".encode().decode("cp1252", errors="replace")
    from variorum.ingest import read_bytes

    (damaged,) = read_bytes(damaged_text.encode(), source="d.txt", witness_id="d")
    first, second = witness_words(clean), witness_words(damaged)
    assert first.hashes.tolist() == second.hashes.tolist()
    assert [clean.text[s:e] for s, e in zip(first.starts, first.ends, strict=True)] == [
        "He", "said", "“won’", "’t”", "to", "État."]
    assert witness_words(Witness.from_text("b", "HE SAID")).hashes.tolist() == \
        first.hashes[:2].tolist()


def _reference_words(text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """What the compiled word loop must give, from numpy definitions: the tokenizer's tokens
    and hashes, each word token widened to the punctuation glued to it (a run of tokens with
    no space between is one written word; its punctuation goes to the words beside it), and
    splitmix64 over the hash."""
    starts, ends, classes, hashes = token_hashes(text, 0, None, fold_table())
    count = len(starts)
    is_word = (classes == WORD) | (classes == UNSPACED)
    word_index = np.flatnonzero(is_word)
    spaced = np.ones(count, dtype=np.bool_)
    spaced[1:] = starts[1:] != ends[:-1]
    run_starts = np.append(np.flatnonzero(spaced), count)
    run = np.cumsum(spaced) - 1
    previous_word = np.concatenate([[-1], word_index[:-1]]).astype(np.int64)
    next_word = np.concatenate([word_index[1:], [count]]).astype(np.int64)
    word_run = run[word_index]
    first = np.maximum(run_starts[word_run], previous_word + 1)
    last = np.minimum(run_starts[word_run + 1], next_word) - 1
    return starts[first], ends[last], words_module._mix(hashes[is_word])


def _compiled_words(text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return batch_word_spans(codes, class_table(), fold_table())


@pytest.mark.parametrize("text", ["", "a", "  Won't  it?", "...--a--b..c -- . .", "x" * 9,
                                  "日本語テキスト and “quoted”, words.", "¹²³ É é ÉCOLE",
                                  "don't-stop 1.2.3 ---\n\nnext", "e\u0301te\u0301 x\U0001d400y"])
def test_compiled_words_equal_the_numpy_definition(text: str) -> None:
    for found, expected in zip(_compiled_words(text), _reference_words(text), strict=True):
        assert found.tolist() == expected.tolist()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("ab .-'’,\n\t日¹É\u0301\U0001d400\u00ad")),
                max_size=40).map("".join))
def test_compiled_words_equal_the_numpy_definition_on_any_text(text: str) -> None:
    for found, expected in zip(_compiled_words(text), _reference_words(text), strict=True):
        assert found.tolist() == expected.tolist()


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 12), min_size=1, max_size=6), st.integers(1, 6),
       st.integers(1, 4))
def test_sampled_shingles_are_each_documents_ngrams_kept_by_hash(
        counts: list[int], n: int, sample: int) -> None:
    rng = np.random.default_rng(sum(counts) + n)
    hashes = rng.integers(0, 2**63, size=sum(counts), dtype=np.int64).astype(np.uint64) * 3
    offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    expected = [(int(h), doc, pos) for doc in range(len(counts))
                for pos, h in enumerate(ngram_hashes(hashes[offsets[doc]:offsets[doc + 1]], n))
                if sample == 1 or (int(h) >> 40) % sample == 0]
    found_hashes, found_docs, found_positions = sampled_shingles(hashes, offsets, n, sample)
    assert list(zip(found_hashes.tolist(), found_docs.tolist(), found_positions.tolist(),
                    strict=True)) == expected


@settings(max_examples=60, deadline=None)
@given(texts=st.lists(st.text(st.sampled_from(list("ab é—日\U0001d400\n")), max_size=3000),
                      min_size=1, max_size=4), data=st.data())
def test_text_store_gives_back_any_slice_of_any_text(texts: list[str], data: st.DataObject,
                                                     tmp_path_factory: pytest.TempPathFactory
                                                     ) -> None:
    folder = str(tmp_path_factory.mktemp("store"))
    writer = TextWriter(folder, 3)
    for text in texts:
        writer.add(text)
    writer.close()
    reader = TextReader(folder, 3)
    try:
        for index, text in enumerate(texts):
            start = data.draw(st.integers(0, len(text)))
            end = data.draw(st.integers(start, len(text)))
            assert reader.read(index, start, end) == text[start:end]
    finally:
        reader.close()


@pytest.mark.parametrize("longest_word", [12, 70_000])
def test_word_store_gives_back_the_scanned_words(longest_word: int, tmp_path: Path) -> None:
    # Word extents are kept as 16-bit lengths unless a written word is longer than that.
    texts = [PASSAGE, "x" * longest_word + " and “quoted”, words.", prose(5, 50)]
    witnesses = [Witness.from_text(f"w{i}", text) for i, text in enumerate(texts)]
    scan(ScanTask(7, tuple(witnesses), str(tmp_path), 2, FindSettings(), ReadOptions()))
    store = WordStore(str(tmp_path))
    for index, witness in enumerate(witnesses):
        stored, scanned = store.words(doc_id(7, index)), witness_words(witness)
        assert stored.starts.tolist() == scanned.starts.tolist()
        assert stored.ends.tolist() == scanned.ends.tolist()
        assert stored.hashes.tolist() == (scanned.hashes >> np.uint64(32)).tolist()


def _records(items: list[tuple[int, int, int]]) -> np.ndarray:
    records = np.zeros(len(items), dtype=SHINGLE)
    for i, (h, doc, pos) in enumerate(items):
        records[i] = (h, doc, pos)
    return records


def test_rare_shingles_pair_all_occurrences_frequent_ones_link_neighbours() -> None:
    records = _records([(7, 0, 0), (9, 0, 3), (7, 1, 5), (7, 2, 1), (9, 3, 2), (5, 4, 4)])
    few = repeated_pairs(records, FindSettings(max_repeats=3))
    assert sorted(map(tuple, few.tolist())) == [(0, 0, 1, 5), (0, 0, 2, 1), (0, 3, 3, 2),
                                                (1, 5, 2, 1)]
    many = repeated_pairs(records, FindSettings(max_repeats=2))
    assert sorted(map(tuple, many.tolist())) == [(0, 0, 1, 5), (0, 3, 3, 2), (1, 5, 2, 1)]


def test_scope_and_overlapping_self_matches() -> None:
    records = _records([(7, 0, 0), (7, 0, 2), (8, 0, 1), (8, 0, 50), (8, 1, 9)])
    anchors = repeated_pairs(records, FindSettings())
    # (0, 0)-(0, 2) overlap (a repeated word), so only shingle 8's pairs remain.
    assert sorted(map(tuple, anchors.tolist())) == [(0, 1, 0, 50), (0, 1, 1, 9), (0, 50, 1, 9)]
    within = repeated_pairs(records, FindSettings(scope="within"))
    assert sorted(map(tuple, within.tolist())) == [(0, 1, 0, 50)]
    across = repeated_pairs(records, FindSettings(scope="across"))
    assert len(across) == 2 and all(a[0] != a[2] for a in across.tolist())


def test_chains_follow_a_drifting_diagonal_and_break_at_gaps() -> None:
    anchors = np.zeros(8, dtype=ANCHOR)
    rows = [(0, 0, 1, 100), (0, 5, 1, 105), (0, 10, 1, 107), (0, 15, 1, 112),  # drift 2
            (0, 400, 1, 500), (0, 405, 1, 505), (0, 410, 1, 510), (0, 415, 1, 515)]
    for i, row in enumerate(rows):
        anchors[i] = row
    chains = chain_anchors(anchors, FindSettings(min_words=10, max_gap=60))
    assert chains.a_start.tolist() == [0, 400] and chains.a_end.tolist() == [20, 420]
    assert chains.b_start.tolist() == [100, 500] and chains.anchors.tolist() == [4, 4]


def test_extension_passes_a_stray_difference_and_stops_at_the_end_of_the_copy() -> None:
    first = np.arange(100, dtype=np.uint64)
    second = first.copy()
    second[10] = 999  # one substituted word inside the copy
    second[30:] = np.arange(1000, 1070, dtype=np.uint64)  # the copy ends at word 30
    assert extend(first, second, 5, 5, +1, 95) == 25
    assert extend(first, second, 30, 30, -1, 30) == 30
    assert extend(first, second, 40, 40, +1, 60) == 0


@given(st.lists(st.integers(0, 6), max_size=30), st.lists(st.integers(0, 6), max_size=30))
def test_member_is_isin(values: list[int], pool: list[int]) -> None:
    as_hashes = [np.asarray(v, dtype=np.uint64) * np.uint64(2**61 + 1) for v in (values, pool)]
    assert _member(*as_hashes).tolist() == np.isin(*as_hashes).tolist()


def test_similarity_is_one_for_copies_and_insensitive_to_order() -> None:
    words = witness_words(Witness.from_text("a", PASSAGE)).hashes
    assert similarity(words, words) == 1.0
    assert similarity(words, np.concatenate([words[60:], words[:60]])) > 0.95
    other = witness_words(Witness.from_text("b", prose(2, 120))).hashes
    assert similarity(words, other) < 0.3


# --- the corpus job -----------------------------------------------------------------------

def _spans(result) -> list[list[tuple[str, int, int]]]:
    return [[(p.witness_id, p.start, p.end) for p in g.passages] for g in result.groups]


def test_a_copy_across_documents_is_found_with_exact_spans() -> None:
    before, after = prose(3, 200), prose(4, 200)
    a = Witness.from_text("a", before + "\n\n" + PASSAGE)
    b = Witness.from_text("b", PASSAGE + "\n\n" + after)
    (group,) = find([a, b]).groups
    assert _spans(find([a, b])) == [[("a", len(before) + 2, len(a.text)),
                                     ("b", 0, len(PASSAGE))]]
    assert group.similarity == 1.0
    assert group.passages[0].words == len(witness_words(Witness.from_text("p", PASSAGE)))
    assert group.passages[0].excerpt.startswith(" ".join(PASSAGE.split()[:5]))


def test_damaged_edited_and_reordered_copies_are_found() -> None:
    paragraphs = PASSAGE.split("\n\n") + prose(5, 150).split("\n\n")
    original = "\n\n".join(paragraphs)
    mojibake = original.encode("utf-8").decode("cp1252", errors="replace")
    reordered = "\n\n".join(paragraphs[::-1])
    words = original.split(" ")
    edited = " ".join("changed" if i % 20 == 7 else w for i, w in enumerate(words))
    from variorum.ingest import read_bytes

    texts = {"original": original, "mojibake": mojibake, "reordered": reordered,
             "edited": edited}
    witnesses = [read_bytes(text.encode(), source=f"{name}.txt", witness_id=name)[0]
                 for name, text in texts.items()]
    (group,) = find(witnesses).groups
    assert sorted(p.witness_id for p in group.passages) == sorted(texts)
    for passage in group.passages:  # each copy is found whole
        assert passage.end - passage.start > 0.9 * len(texts[passage.witness_id])
    assert all(pair.similarity > 0.85 for pair in group.pairs)


def test_a_passage_repeated_inside_one_document() -> None:
    text = prose(6, 100) + "\n\n" + PASSAGE + "\n\n" + prose(7, 80) + "\n\n" + PASSAGE[40:]
    result = find([Witness.from_text("doc", text)])
    ((first, second),) = _spans(result)
    assert text[first[1] : first[2]].endswith(PASSAGE[-30:])
    assert text[second[1] : second[2]] == PASSAGE[40:].strip() or \
        PASSAGE[40:].strip().startswith(text[second[1] : second[2]][:20])
    assert find([Witness.from_text("doc", text)], FindSettings(scope="across")).groups == ()


def test_three_copies_make_one_group_and_scope_restricts() -> None:
    docs = [Witness.from_text(name, prose(10 + i, 90) + "\n\n" + PASSAGE + "\n\n"
                              + prose(20 + i, 90)) for i, name in enumerate("xyz")]
    (group,) = find(docs).groups
    assert [p.witness_id for p in group.passages] == ["x", "y", "z"]
    assert len(group.pairs) == 3
    assert find(docs, FindSettings(scope="within")).groups == ()


def test_short_and_dissimilar_passages_are_left_out() -> None:
    docs = [Witness.from_text("a", prose(30, 100) + " " + PASSAGE),
            Witness.from_text("b", PASSAGE + " " + prose(31, 100))]
    assert find(docs, FindSettings(min_words=len(PASSAGE.split()) + 10)).groups == ()
    assert find([Witness.from_text("a", prose(32, 300)),
                 Witness.from_text("b", prose(33, 300))]).groups == ()


def test_partitioned_index_gives_the_same_groups() -> None:
    corpus = corpus_module().make_corpus(24, words_per_document=600, plants=12, seed=3)
    docs = [Witness.from_text(name, text) for name, text in zip(corpus.names(),
                                                                 corpus.texts, strict=True)]
    one = find(docs, FindSettings(partitions=1))
    several = find(docs, FindSettings(partitions=5, batch_bytes=20_000))
    assert _spans(one) == _spans(several) and len(one.groups) >= 10


def test_work_folder_is_removed(tmp_path: Path) -> None:
    find([Witness.from_text("a", PASSAGE + " " + PASSAGE)], work_dir=str(tmp_path))
    assert list(tmp_path.iterdir()) == []


def test_sweeper_deletes_stage_files_and_tolerates_missing_ones(tmp_path: Path) -> None:
    from variorum.find.pipeline import _Sweeper

    files = [tmp_path / name for name in ("s0.npy", "s0.bounds.npy", "keep.bin")]
    for file in files:
        file.write_bytes(b"x")
    with _Sweeper() as sweeper:
        sweeper.remove([files[:2], [tmp_path / "never-written.npy"]])
    assert list(tmp_path.iterdir()) == [files[2]]


def _worker_setup() -> tuple[bool, str | None]:
    import os

    import dask

    return (dask.config.get("distributed.worker.profile.enabled"),
            os.environ.get("MALLOC_TRIM_THRESHOLD_"))


def test_dask_local_cluster_gives_the_in_process_results(tmp_path: Path) -> None:
    corpus = corpus_module().make_corpus(16, words_per_document=500, plants=8, seed=5)
    paths = corpus_module().write_corpus(corpus, tmp_path / "corpus")
    sources = [str(p) for p in paths]
    settings = FindSettings(batch_bytes=15_000)
    expected = find(sources, settings, runner=InProcessRunner())
    with DaskRunner(workers=2) as runner:
        assert runner.workers == 2
        # Workers run without the stack sampler and with glibc's adaptive mmap threshold.
        assert set(runner._client.run(_worker_setup).values()) == {(False, None)}
        found = find(sources, settings, runner=runner)
    assert _spans(found) == _spans(expected) and len(expected.groups) >= 6
    assert [g.pairs for g in found.groups] == [g.pairs for g in expected.groups]


def test_an_existing_cluster_through_the_command_line(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    distributed = pytest.importorskip("distributed")
    folder = _folder(tmp_path)
    assert main(["find", str(folder), "--format", "json"]) == 0
    expected = json.loads(capsys.readouterr().out)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        address = cluster.scheduler_address
        assert main(["find", str(folder), "--format", "json", "--scheduler", address,
                     "--work-dir", str(tmp_path)]) == 0
    assert json.loads(capsys.readouterr().out) == expected


def test_unreachable_scheduler_is_one_line_error() -> None:
    with pytest.raises(VariorumError, match="cannot reach the Dask scheduler"):
        DaskRunner(address="tcp://127.0.0.1:9", connect_timeout="1s")


def test_bad_scheduler_address_is_one_line_error() -> None:
    with pytest.raises(VariorumError, match="not a scheduler address"):
        make_runner("localhost:1")
    assert isinstance(make_runner(None, 1), InProcessRunner)


# --- accuracy on a labelled corpus (floors, not timings) ---------------------------------

def test_accuracy_floors_on_a_small_labelled_corpus() -> None:
    module = corpus_module()
    corpus = module.make_corpus(60, words_per_document=800, plants=40, seed=11)
    docs = [Witness.from_text(name, text) for name, text in zip(corpus.names(),
                                                                 corpus.texts, strict=True)]
    result = find(docs)
    index = {name: i for i, name in enumerate(corpus.names())}
    detections = [(index[a.witness_id], (a.start, a.end), index[b.witness_id], (b.start, b.end))
                  for g in result.groups for a, b in itertools.combinations(g.passages, 2)]
    overall = module.plagdet(corpus.cases, detections)
    assert overall.precision > 0.95 and overall.plagdet > 0.9
    for kind in ("exact", "edited"):
        scores = module.plagdet([c for c in corpus.cases if c.kind == kind], detections,
                                only_detecting=True)
        assert scores.plagdet > 0.9, kind
    for kind in ("mojibake", "truncated", "reordered"):
        scores = module.plagdet([c for c in corpus.cases if c.kind == kind], detections)
        assert scores.recall > 0.85, kind


# --- the command line ---------------------------------------------------------------------

def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    (folder / "sub").mkdir(parents=True)
    (folder / "one.txt").write_text(prose(40, 100) + "\n\n" + PASSAGE, encoding="utf-8")
    (folder / "sub" / "two.txt").write_text(PASSAGE + "\n\n" + prose(41, 100), encoding="utf-8")
    (folder / ".hidden.txt").write_text(PASSAGE, encoding="utf-8")
    return folder


def test_find_command_reads_folders_and_writes_json(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    folder = _folder(tmp_path)
    assert main(["find", str(folder), "--format", "json"]) == 0
    captured = capsys.readouterr()
    document = json.loads(captured.out)
    assert captured.err == ""  # no progress bar on a pipe
    assert document["schema"] == "variorum.passages/1" and document["documents"] == 2
    (group,) = document["groups"]
    assert set(group) >= {"id", "passages", "similarity"}
    for passage in group["passages"]:
        assert set(passage) >= {"source", "start", "end", "words", "excerpt"}
        text = Path(passage["source"]).read_text(encoding="utf-8")
        assert text[passage["start"] : passage["end"]].split() == PASSAGE.split()
    assert group["similarity"] == 1.0


def test_find_command_text_table_and_output_file(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    folder = _folder(tmp_path)
    out = tmp_path / "found.txt"
    assert main(["find", str(folder / "one.txt"), str(folder / "sub"), "-o", str(out)]) == 0
    report = out.read_text(encoding="utf-8")
    assert report.startswith("1 group of passages found in 2 documents (2 sources)")
    assert "similarity 1.000" in report and "two.txt" in report


def test_unreadable_sources_are_skipped_and_counted(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    folder = _folder(tmp_path)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.bin").write_bytes(b"\x00\x01\x02" * 100)
    assert main(["find", str(folder), str(tmp_path / "missing.txt")]) == 0
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert len([line for line in lines if line.startswith("variorum: skipped: ")]) == 3
    assert lines[-1] == "variorum: skipped 3 unreadable sources of 5"
    assert "1 group of passages" in captured.out


def test_empty_folder_and_nothing_readable_are_errors(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty").mkdir()
    assert main(["find", str(tmp_path / "empty")]) == 1
    assert capsys.readouterr().err.strip() == (
        f"variorum: error: {tmp_path / 'empty'}: the folder holds no files "
        "(give a folder with text files in it)")
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "empty.txt").write_bytes(b"")
    assert main(["find", str(tmp_path / "bad")]) == 1
    assert "none of the 1 sources could be read" in capsys.readouterr().err


def test_find_usage_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    assert main(["find", str(folder), "--workers", "2", "--scheduler", "tcp://x:1"]) == 2
    assert main(["find", str(folder), "--threshold", "2"]) == 2
    assert main(["find"]) == 2
    assert main(["find", str(folder), "--scheduler", "nowhere"]) == 1
    assert "not a scheduler address" in capsys.readouterr().err


def test_list_sources_is_recursive_sorted_and_skips_hidden(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    assert list_sources([str(folder)]) == [str(folder / "one.txt"),
                                           str(folder / "sub" / "two.txt")]


# --- collate with a single source ---------------------------------------------------------

def _single(tmp_path: Path) -> tuple[Path, str]:
    opening = prose(50, 60)
    continuation = prose(51, 80)
    second = PASSAGE.replace(PASSAGE.split()[30], "Zanzibar", 1)
    text = ("Title Of The Page\n\n" + opening + "\n\n" + PASSAGE + "\n\n" + second + "\n\n"
            + continuation + "\n\nSubscribe now\n")
    path = tmp_path / "page.txt"
    path.write_text(text, encoding="utf-8")
    return path, text


def test_collate_one_source_collates_its_repeated_passages(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path, text = _single(tmp_path)
    assert main(["collate", str(path), "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["schema"] == "variorum.collation/1" and document["other_groups"] == []
    (variant,) = document["variants"]
    readings = [r["text"] for r in variant["readings"].values()]
    assert readings[1] == "Zanzibar"
    found = document["found"]
    first, second = found["passages"]
    before = first["unshared_before"]
    assert text[before["start"] : before["end"]] == prose(50, 60)
    assert first["unshared_after"] is None and second["unshared_before"] is None
    after = second["unshared_after"]
    assert text[after["start"] : after["end"]] == prose(51, 80)


def test_collate_one_source_text_report_says_what_each_copy_lacks(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path, _ = _single(tmp_path)
    assert main(["collate", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("group 1 of 1: 2 copies of a repeated passage")
    assert "words before the shared text that page:" in out
    assert "words after the shared text that page:" in out
    assert "1 variant" in out


def test_collate_one_source_without_repeats_is_an_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "plain.txt"
    path.write_text(prose(60, 300), encoding="utf-8")
    assert main(["collate", str(path)]) == 1
    assert "no passage of at least 40 words is repeated in it" in capsys.readouterr().err


def test_section_stops_at_headings() -> None:
    text = "Intro text here.\n\nA Heading:\n\nBody one. More.\n\nBody two.\n\n[Link](#)\n\nEnd."
    start = text.index("Body two")
    assert section_of(text, start, start + 9) == (text.index("Body one") - 2,
                                                  text.index("[Link]"))


def test_collate_repeats_of_a_witness_directly() -> None:
    witness = Witness.from_text("w", PASSAGE + "\n\n" + PASSAGE.replace(",", ";"))
    (repeat,) = collate_repeats(witness)
    assert [w.span for w in repeat.collation.witnesses] != [None, None]
    assert {v.class_ for v in repeat.collation.variants} == {"punctuation"}


def test_find_reads_the_captures_of_a_warc(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    from tests.ingest.test_formats_archives import DATE, warc

    def page(body: str) -> bytes:
        paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
        return f"<html><body>{paragraphs}</body></html>".encode()

    data = warc([("http://example.org/a", "200 OK", "text/html",
                  page(prose(70, 80) + "\n\n" + PASSAGE), DATE),
                 ("http://example.org/b", "200 OK", "text/html",
                  page(PASSAGE + "\n\n" + prose(71, 80)), DATE)], compress=True)
    (tmp_path / "pages.warc.gz").write_bytes(data)
    assert main(["find", str(tmp_path / "pages.warc.gz"), "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    (group,) = document["groups"]
    witnesses = [p["witness"] for p in group["passages"]]
    assert len(set(witnesses)) == 2 and all(w.startswith("pages#") for w in witnesses)
    assert all(p["words"] == len(witness_words(Witness.from_text("p", PASSAGE)))
               for p in group["passages"])


def test_sampling_follows_min_words_unless_given() -> None:
    assert FindSettings().effective_sample == 3
    assert FindSettings(min_words=10).effective_sample == 1
    assert FindSettings(min_words=400).effective_sample == 4
    assert FindSettings(sample=2).effective_sample == 2
    with pytest.raises(VariorumError):
        FindSettings(threshold=1.5)


def test_short_passages_are_found_with_a_lower_min_words() -> None:
    short = " ".join(PASSAGE.split()[:15])
    docs = [Witness.from_text("a", prose(80, 100) + "\n\n" + short + "\n\n" + prose(81, 50)),
            Witness.from_text("b", prose(82, 100) + "\n\n" + short)]
    assert find(docs).groups == ()
    (group,) = find(docs, FindSettings(min_words=12)).groups
    assert [doc.text[p.start : p.end] for doc, p in zip(docs, group.passages, strict=True)] \
        == [short, short]


def test_progress_is_told_each_stage_and_task() -> None:
    from variorum.find import Progress

    stages: list[tuple[str, int]] = []
    done: list[int] = []
    docs = [Witness.from_text(name, prose(90 + i, 400) + "\n\n" + PASSAGE)
            for i, name in enumerate("abcd")]
    find(docs, FindSettings(batch_bytes=3000, partitions=2),
         progress=Progress(lambda name, total: stages.append((name, total)),
                           lambda: done.append(1)))
    assert [name for name, _ in stages] == ["reading", "indexing", "chaining", "excerpts"]
    assert stages[0][1] >= 4 and stages[1][1] == stages[2][1] == 2
    assert 1 <= stages[3][1] <= stages[0][1]  # one task per batch that a group needs
    assert len(done) == sum(total for _, total in stages)
