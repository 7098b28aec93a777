"""The faster paths give exactly what the plain ones give (real UN + OFAC SDN lists).

- Candidate shares: :func:`unsc.screening.postings.accumulate` sums cached per-token bests
  when no list token can pair with two query tokens; the reference below is the plain
  two-step pairing for every query, and both must agree to the last bit.
- Batch cells: :func:`unsc.screening.batch.screen_cells` renders cached hits once; its rows
  and counts must be those of :func:`screen_rows` rendered by :func:`cells` and counted by
  :meth:`Tally.add`, for hits, empty results, warnings and repeated queries.
"""

from __future__ import annotations

import numpy as np

from unsc.screening import Screener, batch
from unsc.screening.batchio import RESULT_COLUMNS, cells
from unsc.screening.normalize import normalize, spelling
from unsc.screening.postings import Floats, TokenPostings, accumulate, best_per


def _reference(parts: list[TokenPostings], name_total: Floats, keep: int,
               ) -> list[tuple[int, float]]:
    """Each list token to one query token, then each query token to one list token, for
    every query (no shortcut)."""
    used = [(i, p) for i, p in enumerate(parts) if len(p.names)]
    if not used:
        return []
    ids = np.concatenate([p.names for _, p in used])
    each = np.concatenate([p.worth for _, p in used])
    tokens_of = np.concatenate([p.tokens for _, p in used])
    asked = np.concatenate([np.full(len(p.names), i, np.int32) for i, p in used])
    ids, each, asked = best_per(ids, tokens_of, each, asked)
    ids, each, _ = best_per(ids, asked, each, asked)
    names, inverse = np.unique(ids, return_inverse=True)
    summed = np.bincount(inverse, weights=each)
    share = summed / (sum(p.own for p in parts) + 0.75 * name_total[names])
    best = np.argsort(-share, kind="stable")[:keep]
    return list(zip(names[best].tolist(), share[best].tolist(), strict=True))


def test_candidate_shares_equal_the_plain_pairing(real_screener: Screener) -> None:
    index = real_screener.index
    queries = [n.value for e in real_screener.entities[::40] for n in e.names[:2]]
    queries += ["Mohammed Mohamed Ali", "Kim Kim Jong", "Abdul Rahman Abdulrahman",
                "Hassan Hasan Husein", "Ivan Petrov Bakoterin"]
    shortcut = 0
    for name in queries:
        for org in (False, True):
            form = index.form(normalize(name, org), org=org, typed=spelling(name))
            tokens = sorted(set(form.name_tokens))
            parts = [index._token_postings(t) for t in tokens]
            got = accumulate(parts, index.name_total, 128)
            assert got == _reference(parts, index.name_total, 128), name
            used = [p for p in parts if len(p.names)]
            shortcut += len(used) > 1 and len(frozenset().union(*(p.variants for p in used))
                                              ) == sum(len(p.variants) for p in used)
    assert shortcut > 100  # the shortcut was taken, and often


def _task(i: int, name: str, birth: str = "") -> tuple[object, ...]:
    return (f"q{i}", name, "", birth, "", "", i + 2, ("empty id",) if i % 9 == 0 else ())


def test_rendered_cells_and_counts_equal_the_rows_rendered(real_screener: Screener) -> None:
    names = ["KIM JONG UN", "Abdul Baqi", "Xqzvw Plorkt", "", "RI WONN HO", "KIM JONG UN"]
    chunk = [_task(i, n, "17/07/1964" if i % 2 else "not a date")
             for i, n in enumerate(names * 5)]
    batch._RESULTS.owner = None  # start empty
    rows = batch.screen_rows(real_screener, chunk, 3, None)
    expected = batch.Tally("f.csv")
    expected.add(len(chunk), rows)
    batch._RESULTS.owner = None  # cold again: the first pass screens, the second reads
    for _ in range(2):
        tally = batch.Tally("f.csv")
        got = batch.screen_cells(real_screener, chunk, 3, None, tally)
        assert got == cells(rows, RESULT_COLUMNS)
        assert (tally.queries, tally.rows, tally.matches, tally.with_warnings, tally.by_list
                ) == (expected.queries, expected.rows, expected.matches,
                      expected.with_warnings, expected.by_list)
        assert [p.__dict__ for p in tally.problems] == [p.__dict__ for p in expected.problems]
    assert expected.matches > 0 and expected.with_warnings > 0
    assert any(r.get("rank") is None for r in rows)  # an empty result is a row too
    batch._RESULTS.owner = None  # leave the cache to empty itself for the next test
