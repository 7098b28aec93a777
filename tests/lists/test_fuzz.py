"""Mutated real list files (hypothesis, derandomized and bounded so CI is repeatable and
fast): no traceback, no hang (a per-case time limit), the store changed only by a valid
file, and then whole. The mutations and the verdict are shared with the reliability table
(bench/reliability/_mutations.py); see its docstring for what each mutation expects."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from bench.reliability._mutations import (
    Base,
    Mutation,
    csv_base,
    export_of,
    fresh_store,
    ftm_base,
    judge,
    un_base,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FUZZ = settings(derandomize=True, max_examples=60, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])


@functools.cache
def base_of(fmt: str) -> Base:
    """The real base files, built once (a fixture argument would be printed whole in
    hypothesis's failure report)."""
    if fmt == "un-xml":
        return un_base()
    if fmt == "ofac-csv":
        return csv_base()
    return ftm_base(export_of(un_base()))


def mutations(base: Base) -> st.SearchStrategy[Mutation]:
    size, records, lines = len(base.data), len(base.records), len(base.line_ends)
    return st.one_of(
        st.builds(Mutation, st.just("cut"), st.integers(0, size - 1)),
        st.builds(Mutation, st.just("cut-line"), st.integers(0, lines - 1)),
        st.builds(Mutation, st.just("flip"), st.integers(0, size - 1), st.integers(0, 7)),
        st.builds(Mutation, st.just("delete"), st.integers(0, records - 1)),
        st.builds(Mutation, st.just("duplicate"), st.integers(0, records - 1)),
        st.just(Mutation("empty")))


def check(base: Base, mutation: Mutation, folder: Path) -> None:
    with fresh_store(base):
        verdict = judge(base, mutation, folder, timeout=10)
    assert verdict.ok, verdict


@pytest.mark.parametrize("fmt", ["un-xml", "ofac-csv", "ftm"])
@FUZZ
@given(data=st.data())
def test_mutated_files(fmt: str, tmp_path: Path, data: st.DataObject) -> None:
    base = base_of(fmt)
    check(base, data.draw(mutations(base), label="mutation"), tmp_path)


@pytest.mark.parametrize("fmt", ["un-xml", "ofac-csv", "ftm"])
def test_every_kind_of_mutation_once(fmt: str, tmp_path: Path) -> None:
    """Each kind on a fixed record, so every verdict path runs whatever hypothesis draws;
    the unmutated base must load (a gate that refused everything would pass the rest)."""
    base = base_of(fmt)
    with fresh_store() as home:
        path = home / base.name
        path.write_bytes(base.data)
        from unsc.lists import service

        assert service.load_list(path).entities == base.entities
    for kind in ("cut", "cut-line", "flip", "delete", "duplicate", "empty"):
        check(base, Mutation(kind, len(base.records) // 2, 3), tmp_path)


def test_sdn_cut_at_every_tenth_line_is_refused(tmp_path: Path) -> None:
    base = base_of("ofac-csv")
    with fresh_store(base):
        for line in range(0, len(base.line_ends), 10):
            verdict = judge(base, Mutation("cut-line", line), tmp_path)
            assert verdict.ok and verdict.outcome == "refused", verdict
