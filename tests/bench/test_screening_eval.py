"""The screening-quality evaluation is built from real records, labelled honestly, and
reproducible: these tests guard the benchmark's own correctness (bench/screening_eval)."""

from __future__ import annotations

import random
from collections import defaultdict
from pathlib import Path

import pytest
from bench.screening_eval.dataset import Dataset, build_dataset, listed_words, primary_name
from bench.screening_eval.metrics import auc, best_threshold, rate_at, threshold_at_fpr
from bench.screening_eval.report import write_docs
from bench.screening_eval.runner import evaluate, run_system, screening_queries
from bench.screening_eval.systems import JaroWinklerSystem
from bench.screening_eval.variants import korean_variants, norm, token_key, typo_variants


@pytest.fixture(scope="module")
def data(shared_data: Path) -> Dataset:
    assert (shared_data / "un").is_dir()
    return build_dataset()


def test_positive_pairs_come_from_real_records(data: Dataset) -> None:
    by_id = {e.id: e for e in data.entities}
    sets = {p.set for p in data.pairs}
    assert {"aliases", "cross_list", "typos", "translit", "neg_surname", "neg_common"} <= sets
    for p in data.pairs:
        entity = by_id[p.target_id]
        if p.label == 1:
            assert p.target == primary_name(entity)
        if p.set == "aliases" or (p.set == "translit" and p.sub != "korean_rr"):
            assert p.query in {n.value for n in entity.names}, p
    aliases = {(p.query, p.target_id) for p in data.pairs if p.set == "aliases"}
    assert ("Cho Yong Chol", "un-KPi.034") in aliases
    scripts = {p.sub for p in data.pairs if p.set == "translit"}
    assert {"arabic", "cyrillic", "han", "korean_rr"} <= scripts


def test_cross_list_links_are_real_ofac_records(data: Dataset) -> None:
    # RI, Won Ho shares passport 381310014 with KPi.033; JO, Yong Chol matches KPi.034
    # by name and date of birth (30 Sep 1973).
    assert data.links["19609"] == "un-KPi.033"
    assert data.links["19610"] == "un-KPi.034"
    # Organisations link by exact name: OFAC 9345 is KOMID, KPe.001 on the UN list.
    assert data.links["9345"] == "un-KPe.001"
    cross = [p for p in data.pairs if p.set == "cross_list"]
    assert len(cross) > 100
    assert ("Won Ho RI", "un-KPi.033") in {(p.query, p.target_id) for p in cross}


def test_no_label_leakage(data: Dataset) -> None:
    splits: dict[str, set[str]] = defaultdict(set)
    for p in data.pairs:
        if p.label == 1:
            # A positive is never the target verbatim, and a record sits in one split only.
            assert p.query.casefold() != p.target.casefold(), p
            splits[p.target_id].add(p.split)
    assert all(len(s) == 1 for s in splits.values())
    assert {"dev", "test"} == {p.split for p in data.pairs}
    by_id = {e.id: e for e in data.entities}
    for p in data.pairs:
        if p.set == "neg_surname":
            b = by_id[p.target_id]
            assert p.query != p.target and token_key(p.query) != token_key(p.target)
            assert norm(p.query) not in {norm(n.value) for n in b.names}
    negatives = [q for q in data.queries if q.set == "neg_common"]
    assert len(negatives) > 250
    listed = [set(token_key(n.value).split()) for e in data.entities for n in e.names]
    # Brute force on a sample (the builder uses an inverted index): no common-name query
    # has all its words inside one listed name.
    for q in random.Random(7).sample(negatives, 40):
        assert q.target_id is None
        assert not any(set(token_key(q.query).split()) <= s for s in listed), q.query
    contained = listed_words(data.entities)
    assert contained("Kim Yong Chol") and contained("chol yong kim")
    assert not any(contained(q.query) for q in negatives)


def test_screening_queries_have_targets_on_the_list(data: Dataset) -> None:
    ids = {e.id for e in data.entities}
    positives = [q for q in data.queries if q.target_id is not None]
    assert positives and all(q.target_id in ids for q in positives)
    # The reduced index keeps exactly one Latin primary name per record.
    assert len(data.primary_entities) == len(data.entities)
    assert all(len(e.names) == 1 for e in data.primary_entities)


def test_generators_are_deterministic_and_change_the_name() -> None:
    first = typo_variants("ABD AL-RAHMAN BIN HASSAN", random.Random("1718:x"))
    again = typo_variants("ABD AL-RAHMAN BIN HASSAN", random.Random("1718:x"))
    assert first == again
    ops = {op for _, op in first}
    assert {"typo", "word_order", "spacing", "particle"} <= ops
    assert all(v != "ABD AL-RAHMAN BIN HASSAN" for v, _ in first)
    variants = korean_variants("RI YONG CHOL", random.Random("1718:k"), count=3)
    assert variants and all(norm(v) != "ri yong chol" for v in variants)
    assert any(w in norm(v).split() for v in variants
               for w in ("lee", "yi", "li", "rhee", "young", "yeong", "chul", "cheol"))


def test_metrics() -> None:
    assert auc([0.9, 0.8], [0.1, 0.2]) == 1.0
    assert auc([0.5], [0.5]) == 0.5
    negatives = [i / 100 for i in range(100)]
    t = threshold_at_fpr(negatives, 0.05)
    assert rate_at(negatives, t) <= 0.05 < rate_at(negatives, t - 0.011)
    assert best_threshold([0.9, 0.8, 0.7], [0.1, 0.75]) == 0.8


def test_write_docs_keeps_other_sections(tmp_path: Path) -> None:
    doc = tmp_path / "benchmarks.md"
    doc.write_text("# Benchmarks\n\n## Throughput\nkeep me\n", encoding="utf-8")
    write_docs(doc, "## Screening quality\nv1\n")
    write_docs(doc, "## Screening quality\nv2\n")
    text = doc.read_text(encoding="utf-8")
    assert "keep me" in text and "v2" in text and "v1" not in text
    assert text.count("## Screening quality") == 1


def test_runner_scores_a_real_baseline_end_to_end(data: Dataset) -> None:
    queries = screening_queries(data, 20)
    run = run_system(JaroWinklerSystem(), data, queries)
    results = evaluate(run, data.pairs, queries)
    # Recomputed by hand: typos recall at the tuned threshold on the test split.
    thr = results["pair_threshold"]
    typos = [s for p, s in zip(data.pairs, run.pair_scores, strict=True)
             if p.set == "typos" and p.split == "test"]
    assert results["pairs"]["typos"]["recall_thr"] == sum(s >= thr for s in typos) / len(typos)
    # Plain Jaro-Winkler cannot read Arabic script against Latin: near-chance or worse.
    assert results["pairs_sub"]["translit/arabic"]["auc"] < 0.3
    assert results["pairs"]["typos"]["auc"] > 0.8
    for set_ in ("aliases", "cross_list", "typos", "translit"):
        screen = results["screen"][set_]
        assert 0 <= screen["r1"] <= screen["r5"] <= 1 and screen["n"] == 20
