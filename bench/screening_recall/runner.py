"""Run a system over the queries: in this process, or (slow matchers) in forked workers
that inherit the built index, so a full run fits in about 15 minutes on two cores."""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Sequence
from typing import Any

from bench.screening_recall.dataset import Query
from bench.screening_recall.systems import Result

__all__ = ["LIMIT", "run"]

LIMIT = 5
_SYSTEM: Any = None


def _chunk(queries: Sequence[Query]) -> list[Result]:
    return [_SYSTEM.screen(q, LIMIT) for q in queries]


def run(system: Any, queries: Sequence[Query], workers: int = 2) -> tuple[list[Result], float]:
    """Results in query order, and the wall-clock seconds the screening took."""
    global _SYSTEM
    started = time.perf_counter()
    if not getattr(system, "parallel", False) or workers <= 1 or len(queries) < 200:
        results = [system.screen(q, LIMIT) for q in queries]
        return results, time.perf_counter() - started
    _SYSTEM = system
    size = max(50, len(queries) // (workers * 20))
    chunks = [queries[i:i + size] for i in range(0, len(queries), size)]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        parts = pool.map(_chunk, chunks)
    _SYSTEM = None
    return [r for part in parts for r in part], time.perf_counter() - started
