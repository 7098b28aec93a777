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
from unsc.errors import InputError, Problem, ServiceUnavailableError
from unsc.screening.batchio import RESULT_COLUMNS, ResultWriter, read_rows
from unsc.screening.screener import Screener
from unsc.screening.service import current_screener, score_pair
from unsc.screening.types import Query

__all__ = ["BatchReport", "screen_batch", "screen_pairs", "screen_rows"]

Progress = Callable[[int, int], None]
_QUERY_FIELDS = ("id", "name", "schema", "birth_date", "nationality", "id_number")
"""A query travels to workers as these fields, then its line number and its warnings."""
_CHUNK = 2000
_WORKER: Screener | None = None
_RESULTS: dict[tuple[Any, ...], tuple[list[dict[str, Any]], tuple[str, ...]]] = {}
_RESULTS_OWNER: Screener | None = None


@dataclass
class BatchReport:
    """What a batch run did: counts, the input rows that carried warnings, and timing.

    ``queries`` counts every input row (each one is screened or, when it has neither a
    name nor an id_number, reported as a warning row); ``with_warnings`` the rows whose
    values could not all be read; ``problems`` says what, row by row.
    """

    input: str
    output: str
    queries: int = 0
    rows: int = 0
    matches: int = 0
    with_warnings: int = 0
    workers: int = 1
    seconds: float = 0.0
    problems: list[Problem] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"input": self.input, "output": self.output, "queries": self.queries,
                "rows": self.rows, "matches": self.matches,
                "with_warnings": self.with_warnings, "workers": self.workers,
                "seconds": round(self.seconds, 3),
                "problems": [p.__dict__ for p in self.problems]}


def screen_rows(screener: Screener, chunk: Sequence[tuple[Any, ...]], limit: int,
                threshold: float | None) -> list[dict[str, Any]]:
    """Result rows for a chunk of query tuples (``_QUERY_FIELDS``, line, warnings).

    Exactly one group per query: its hits, or one row without a rank when nothing was
    found or nothing could be screened, every row carrying the query's warnings.
    Customer files repeat names; identical queries (same name and evidence) are screened
    once per process (a bounded cache: the index is immutable, so results cannot go stale).
    """
    global _RESULTS_OWNER
    if _RESULTS_OWNER is not screener or len(_RESULTS) > 100_000:
        _RESULTS.clear()
        _RESULTS_OWNER = screener
    out: list[dict[str, Any]] = []
    for values in chunk:
        ident, line, row_warnings = values[0], values[6], values[7]
        key = (*values[1:6], limit, threshold)
        cached = _RESULTS.get(key)
        if cached is None:
            cached = _screen_one(screener, values, limit, threshold)
            _RESULTS[key] = cached
        hits, query_warnings = cached
        warnings = "; ".join((*row_warnings, *query_warnings))
        if not hits:
            out.append({"id": ident, "row": line, "match": False, "warnings": warnings})
        for rank, hit in enumerate(hits, start=1):
            out.append({"id": ident, "row": line, "rank": rank, **hit, "warnings": warnings})
    return out


def _screen_one(screener: Screener, values: Sequence[Any], limit: int,
                threshold: float | None) -> tuple[list[dict[str, Any]], tuple[str, ...]]:
    """Hits of one query tuple and the query's own warnings; a row that cannot make a
    query (no name, no id_number) gets no hits and says why."""
    _, name, schema, birth, nat, number = values[:6]
    try:
        query = Query(name=name, schema=schema or None, birth_date=birth or None,
                      nationality=nat or None, id_number=number or None)
    except InputError as exc:
        return [], (f"not screened: {exc}",)
    hits = [{"entity_id": h.entity.id, "reference_number": h.entity.reference_number,
             "list": h.entity.list, "score": h.score, "match": h.match,
             "matched_name": h.matched_name, "explanation": h.explanation}
            for h in screener.screen(query, limit=limit, threshold=threshold)]
    return hits, query.warnings


def _work(args: tuple[Sequence[tuple[Any, ...]], int, float | None]) -> list[dict[str, Any]]:
    assert _WORKER is not None, "worker started without a screener"
    return screen_rows(_WORKER, *args)


def _workers() -> int:
    configured = int(settings.get("screening_workers"))
    return configured if configured > 0 else (os.cpu_count() or 1)


def _run(screener: Screener, chunks: list[list[tuple[Any, ...]]], limit: int,
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

    Every input row gives one group of output rows (see ``RESULT_COLUMNS``); values that
    cannot be read are warnings on their row, not reasons to skip it. ``screener``
    defaults to the one over the lists in the store (benchmarks pass their own); queries
    go to worker processes ``chunk_size`` at a time.
    """
    started = time.perf_counter()
    src, dst = Path(in_path), Path(out_path)
    report = BatchReport(str(src), str(dst), workers=_workers())
    rows: list[tuple[Any, ...]] = []
    for line, row, warnings in read_rows(src, ("id", "name")):
        rows.append((*(row.get(k, "") for k in _QUERY_FIELDS), line, tuple(warnings)))
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
            _note_warnings(report, src.name, result)
            if progress:
                progress(done, len(rows))
    except BaseException:
        writer.abort()
        raise
    writer.close()
    report.queries = len(rows)
    report.seconds = time.perf_counter() - started
    return report


def _note_warnings(report: BatchReport, file: str, result: Sequence[dict[str, Any]]) -> None:
    """Count each input row with warnings once (a group repeats them on every row)."""
    seen: set[Any] = set()
    for r in result:
        if r.get("warnings") and r["row"] not in seen:
            seen.add(r["row"])
            report.with_warnings += 1
            report.problems.append(Problem(file, f"line {r['row']}", None, r["warnings"]))


def screen_pairs(in_path: str | Path, out_path: str | Path, *,
                 threshold: float | None = None) -> BatchReport:
    """Score name pairs (IN id,name1,name2[,schema]; OUT id,score,match)."""
    started = time.perf_counter()
    src, dst = Path(in_path), Path(out_path)
    thr = float(settings.get("match_threshold")) if threshold is None else threshold
    report = BatchReport(str(src), str(dst))
    writer = ResultWriter(dst, ("id", "row", "score", "match", "warnings"))
    try:
        for line, row, warnings in read_rows(src, ("id", "name1", "name2")):
            out: dict[str, Any] = {"id": row["id"], "row": line}
            if row["name1"] and row["name2"]:
                score = score_pair(row["name1"], row["name2"], row.get("schema") or None)
                out.update(score=score, match=score >= thr)
                report.matches += score >= thr
            else:
                out["match"] = False
            out["warnings"] = "; ".join(warnings)
            writer.write([out])
            _note_warnings(report, src.name, [out])
            report.queries += 1
            report.rows += 1
    except BaseException:
        writer.abort()
        raise
    writer.close()
    report.seconds = time.perf_counter() - started
    return report
