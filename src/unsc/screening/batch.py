"""Batch screening of query files, in parallel across processes (or a Dask cluster).

The index is built (or loaded from the cache) once in the parent; worker processes are
forked from it and inherit it without copying or pickling. Queries travel to workers
in chunks of plain tuples; result rows come back in input order and are streamed to the
output file. With the ``dask_scheduler`` setting the chunks go to a Dask cluster instead,
the index being scattered to every worker once.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from unsc import settings
from unsc.errors import Problem, ServiceUnavailableError
from unsc.screening.batchio import RESULT_COLUMNS, ResultWriter, read_rows
from unsc.screening.screener import Screener
from unsc.screening.service import current_screener, score_pair
from unsc.screening.types import Query

__all__ = ["BatchReport", "screen_batch", "screen_pairs", "screen_rows"]

Progress = Callable[[int, int], None]
_QUERY_FIELDS = ("id", "name", "schema", "birth_date", "nationality", "id_number")
_CHUNK = 2000
_WORKER: Screener | None = None
_RESULTS: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
_RESULTS_OWNER: Screener | None = None


@dataclass
class BatchReport:
    """What a batch run did: counts, problems (bad input rows) and timing."""

    input: str
    output: str
    queries: int = 0
    rows: int = 0
    matches: int = 0
    workers: int = 1
    seconds: float = 0.0
    problems: list[Problem] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"input": self.input, "output": self.output, "queries": self.queries,
                "rows": self.rows, "matches": self.matches, "workers": self.workers,
                "seconds": round(self.seconds, 3),
                "problems": [p.__dict__ for p in self.problems]}


def screen_rows(screener: Screener, chunk: Sequence[tuple[str, ...]], limit: int,
                threshold: float | None) -> list[dict[str, Any]]:
    """Result rows for a chunk of query tuples (fields in ``_QUERY_FIELDS`` order).

    Customer files repeat names; identical queries (same name and evidence) are screened
    once per process (a bounded cache: the index is immutable, so results cannot go stale).
    """
    global _RESULTS_OWNER
    if _RESULTS_OWNER is not screener or len(_RESULTS) > 100_000:
        _RESULTS.clear()
        _RESULTS_OWNER = screener
    out: list[dict[str, Any]] = []
    for values in chunk:
        key = (*values[1:], limit, threshold)
        hits = _RESULTS.get(key)
        if hits is None:
            _, name, schema, birth, nat, number = values
            query = Query(name=name, schema=schema or None, birth_date=birth or None,
                          nationality=nat or None, id_number=number or None)
            hits = [{"entity_id": h.entity.id, "reference_number": h.entity.reference_number,
                     "list": h.entity.list, "score": h.score, "match": h.match,
                     "matched_name": h.matched_name, "explanation": h.explanation}
                    for h in screener.screen(query, limit=limit, threshold=threshold)]
            _RESULTS[key] = hits
        if not hits:
            out.append({"id": values[0], "match": False})
        for rank, hit in enumerate(hits, start=1):
            out.append({"id": values[0], "rank": rank, **hit})
    return out


def _work(args: tuple[Sequence[tuple[str, ...]], int, float | None]) -> list[dict[str, Any]]:
    assert _WORKER is not None, "worker started without a screener"
    return screen_rows(_WORKER, *args)


def _workers() -> int:
    configured = int(settings.get("screening_workers"))
    return configured if configured > 0 else (os.cpu_count() or 1)


def _run(screener: Screener, chunks: list[list[tuple[str, ...]]], limit: int,
         threshold: float | None, workers: int) -> Iterator[list[dict[str, Any]]]:
    global _WORKER
    tasks = [(chunk, limit, threshold) for chunk in chunks]
    if settings.get("dask_scheduler"):
        yield from _run_dask(screener, tasks)
        return
    if workers <= 1 or len(chunks) <= 1:
        for task in tasks:
            yield screen_rows(screener, *task)
        return
    _WORKER = screener
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(workers) as pool:
            yield from pool.imap(_work, tasks)
    finally:
        _WORKER = None


def _run_dask(screener: Screener, tasks: list[Any]) -> Iterator[list[dict[str, Any]]]:
    try:
        from dask.distributed import Client
    except ImportError:
        raise ServiceUnavailableError(
            "UNSC_DASK_SCHEDULER is set but dask.distributed is not installed "
            "(pip install 'distributed'); unset it to screen locally") from None
    with Client(settings.get("dask_scheduler")) as client:
        remote = client.scatter(screener, broadcast=True)
        futures = [client.submit(screen_rows, remote, *task, pure=False) for task in tasks]
        for future in futures:
            yield future.result()


def screen_batch(in_path: str | Path, out_path: str | Path, *, limit: int = 5,
                 threshold: float | None = None, progress: Progress | None = None,
                 screener: Screener | None = None, chunk_size: int = _CHUNK) -> BatchReport:
    """Screen every row of ``in_path`` (CSV/Parquet: id,name[,schema,birth_date,nationality,
    id_number]) and write the candidates to ``out_path`` (CSV/Parquet by extension).

    ``screener`` defaults to the one over the lists in the store (benchmarks pass their own);
    queries go to worker processes ``chunk_size`` at a time.
    """
    started = time.perf_counter()
    src, dst = Path(in_path), Path(out_path)
    report = BatchReport(str(src), str(dst), workers=_workers())
    rows = [tuple(row.get(k, "") for k in _QUERY_FIELDS)
            for _, row in read_rows(src, ("id", "name"), report.problems)]
    screener = screener or current_screener()
    chunks = [rows[i:i + chunk_size] for i in range(0, len(rows), max(1, chunk_size))]
    writer = ResultWriter(dst, RESULT_COLUMNS)
    try:
        done = 0
        for chunk, result in zip(chunks, _run(screener, chunks, limit, threshold,
                                               report.workers), strict=True):
            writer.write(result)
            done += len(chunk)
            report.rows += len(result)
            report.matches += sum(1 for r in result if r.get("match"))
            if progress:
                progress(done, len(rows))
    except BaseException:
        writer.abort()
        raise
    writer.close()
    report.queries = len(rows)
    report.seconds = time.perf_counter() - started
    return report


def screen_pairs(in_path: str | Path, out_path: str | Path, *,
                 threshold: float | None = None) -> BatchReport:
    """Score name pairs (IN id,name1,name2[,schema]; OUT id,score,match)."""
    started = time.perf_counter()
    src, dst = Path(in_path), Path(out_path)
    thr = float(settings.get("match_threshold")) if threshold is None else threshold
    report = BatchReport(str(src), str(dst))
    writer = ResultWriter(dst, ("id", "score", "match"))
    try:
        for _, row in read_rows(src, ("id", "name1", "name2"), report.problems):
            score = score_pair(row["name1"], row["name2"], row.get("schema") or None)
            writer.write([{"id": row["id"], "score": score, "match": score >= thr}])
            report.queries += 1
            report.rows += 1
            report.matches += score >= thr
    except BaseException:
        writer.abort()
        raise
    writer.close()
    report.seconds = time.perf_counter() - started
    return report
