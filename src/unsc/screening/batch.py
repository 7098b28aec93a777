"""Batch screening of query files, streamed through worker processes (or a Dask cluster).

Local path: the index is built (or taken from the store's cache) once in the parent; worker
processes are forked from it and inherit it without copying or pickling. The parent reads
the input a chunk at a time and keeps at most two chunks per worker in flight, so its
memory does not grow with the file; result rows come back in input order and are streamed
to the output file. With a Dask scheduler (``--scheduler`` or the ``dask_scheduler``
setting) the workers read, screen and write the partitions themselves
(:mod:`unsc.screening.batch_dask`).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from unsc import settings
from unsc.errors import InputError, Problem
from unsc.screening.batchio import (
    RESULT_COLUMNS,
    ResultWriter,
    Row,
    cells,
    count_rows,
    inspect_input,
    read_rows,
)
from unsc.screening.screener import Screener
from unsc.screening.service import current_screener, score_pair
from unsc.screening.types import Query

__all__ = ["MAX_PROBLEMS", "BatchReport", "Tally", "as_task", "chunked", "screen_batch",
           "screen_pairs", "screen_rows"]

Progress = Callable[[int, int], None]
"""``progress(done, total)``: input rows screened so far, and the number of input rows
(counted in one streaming pass before a local run; 0 while unknown on a Dask cluster,
where the client does not read the file)."""
QUERY_FIELDS = ("id", "name", "schema", "birth_date", "nationality", "id_number")
"""A query travels to workers as these fields, then its line number and its warnings."""
REQUIRED = ("id", "name")
MAX_PROBLEMS = 1000
"""Rows with warnings listed one by one in a report (``with_warnings`` counts them all; the
output's ``warnings`` column has every one), so a report stays small for any file."""
_CHUNK = 2000
_WORKER: Screener | None = None


@dataclass
class BatchReport:
    """What a batch run did: counts, the input rows that carried warnings, and timing.

    ``queries`` counts every input row (each one is screened or, when it has neither a
    name nor an id_number, reported as a warning row); ``with_warnings`` the rows whose
    values could not all be read; ``problems`` says what, row by row (the first
    ``MAX_PROBLEMS``); ``matches_by_list`` the matching rows per list. ``engine`` is
    ``local`` (processes on this machine) or ``dask``; ``workers`` and ``threads`` the
    processes (or the cluster's workers and their threads) that screened.
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
    engine: str = "local"
    threads: int = 1
    matches_by_list: dict[str, int] = field(default_factory=dict)
    cluster: dict[str, Any] = field(default_factory=dict)
    partitions: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"input": self.input, "output": self.output, "queries": self.queries,
                "rows": self.rows, "matches": self.matches,
                "with_warnings": self.with_warnings, "workers": self.workers,
                "threads": self.threads, "engine": self.engine,
                "matches_by_list": dict(sorted(self.matches_by_list.items())),
                "seconds": round(self.seconds, 3),
                "problems": [p.__dict__ for p in self.problems],
                **({"cluster": self.cluster} if self.cluster else {}),
                **({"partitions": self.partitions} if self.partitions else {})}


class Tally:
    """Counts of result rows as they are written (one per process or partition)."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.queries = self.rows = self.matches = self.with_warnings = 0
        self.by_list: dict[str, int] = {}
        self.problems: list[Problem] = []

    def add(self, queries: int, result: Sequence[dict[str, Any]]) -> None:
        """Count one chunk's result (each input row with warnings once: a group repeats
        them on every row)."""
        self.queries += queries
        self.rows += len(result)
        seen: set[Any] = set()
        for r in result:
            if r.get("match"):
                self.matches += 1
                self.by_list[r["list"]] = self.by_list.get(r["list"], 0) + 1
            if r.get("warnings") and r["row"] not in seen:
                seen.add(r["row"])
                self.with_warnings += 1
                if len(self.problems) < MAX_PROBLEMS:
                    self.problems.append(Problem(self.file, f"line {r['row']}", None,
                                                 r["warnings"]))

    def merge(self, other: Tally) -> None:
        """Add the counts of a later chunk (its problems follow this one's)."""
        self.queries += other.queries
        self.rows += other.rows
        self.matches += other.matches
        self.with_warnings += other.with_warnings
        for name, count in other.by_list.items():
            self.by_list[name] = self.by_list.get(name, 0) + count
        self.problems.extend(other.problems[:MAX_PROBLEMS - len(self.problems)])

    def into(self, report: BatchReport) -> None:
        report.queries += self.queries
        report.rows += self.rows
        report.matches += self.matches
        report.with_warnings += self.with_warnings
        for name, count in self.by_list.items():
            report.matches_by_list[name] = report.matches_by_list.get(name, 0) + count
        report.problems.extend(self.problems[:MAX_PROBLEMS - len(report.problems)])


class _ResultCache:
    """Results of identical queries (same name and evidence), kept per process up to a
    byte budget (setting ``batch_cache_mb``), least recently used dropped first: customer
    files repeat names, and the index is immutable, so a result cannot go stale."""

    def __init__(self) -> None:
        self.items: OrderedDict[tuple[Any, ...], tuple[list[dict[str, Any]],
                                                       tuple[str, ...]]] = OrderedDict()
        self.bytes = 0
        self.owner: Screener | None = None
        self.lock = threading.Lock()

    def get(self, screener: Screener, key: tuple[Any, ...],
            ) -> tuple[list[dict[str, Any]], tuple[str, ...]] | None:
        with self.lock:
            if self.owner is not screener:
                self.items.clear()
                self.bytes, self.owner = 0, screener
            found = self.items.get(key)
            if found is not None:
                self.items.move_to_end(key)
            return found

    def put(self, key: tuple[Any, ...],
            value: tuple[list[dict[str, Any]], tuple[str, ...]]) -> None:
        budget = float(settings.get("batch_cache_mb")) * 1e6
        size = _approx_bytes(key, value)
        with self.lock:
            if key in self.items or size > budget:
                return
            self.items[key] = value
            self.bytes += size
            while self.bytes > budget and self.items:
                old_key, old = self.items.popitem(last=False)
                self.bytes -= _approx_bytes(old_key, old)


def _approx_bytes(key: tuple[Any, ...],
                  value: tuple[list[dict[str, Any]], tuple[str, ...]]) -> int:
    """Rough memory of one cache entry: container overheads plus its text."""
    hits, warnings = value
    text = sum(len(str(v)) for v in key) + sum(len(w) for w in warnings)
    for hit in hits:
        text += 700 + sum(len(v) for v in hit.values() if isinstance(v, str))
    return 500 + text


_RESULTS = _ResultCache()


def as_task(row: Row) -> tuple[Any, ...]:
    """An input row as the plain tuple ``screen_rows`` takes (cheap to send to a worker)."""
    line, values, warnings = row
    return (*(values.get(k, "") for k in QUERY_FIELDS), line, tuple(warnings))


def chunked(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def screen_rows(screener: Screener, chunk: Sequence[tuple[Any, ...]], limit: int,
                threshold: float | None) -> list[dict[str, Any]]:
    """Result rows for a chunk of query tuples (``QUERY_FIELDS``, line, warnings).

    Exactly one group per query: its hits, or one row without a rank when nothing was
    found or nothing could be screened, every row carrying the query's warnings.
    """
    out: list[dict[str, Any]] = []
    for values in chunk:
        ident, line, row_warnings = values[0], values[6], values[7]
        key = (*values[1:6], limit, threshold)
        cached = _RESULTS.get(screener, key)
        if cached is None:
            cached = _screen_one(screener, values, limit, threshold)
            _RESULTS.put(key, cached)
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


Rendered = tuple[list[list[str]], "Tally"]
"""A screened chunk as output cells and its counts: what a worker sends back (text cells
cost the parent less to receive and write than result dicts)."""


def _render(screener: Screener, chunk: Sequence[tuple[Any, ...]], limit: int,
            threshold: float | None, file: str) -> Rendered:
    result = screen_rows(screener, chunk, limit, threshold)
    tally = Tally(file)
    tally.add(len(chunk), result)
    return cells(result, RESULT_COLUMNS), tally


def _work(args: tuple[Sequence[tuple[Any, ...]], int, float | None, str]) -> Rendered:
    assert _WORKER is not None, "worker started without a screener"
    return _render(_WORKER, *args)


def _workers() -> int:
    configured = int(settings.get("screening_workers"))
    return configured if configured > 0 else (os.cpu_count() or 1)


def _run(screener: Screener, chunks: Iterator[list[tuple[Any, ...]]], limit: int,
         threshold: float | None, workers: int, file: str) -> Iterator[Rendered]:
    """Each chunk screened and rendered, in input order, with at most two chunks per
    worker in flight (the parent never reads far ahead of the workers)."""
    global _WORKER
    first = next(chunks, None)
    second = next(chunks, None) if first is not None else None
    if workers <= 1 or second is None:  # one chunk is not worth forking for
        for chunk in (c for c in (first, second) if c is not None):
            yield _render(screener, chunk, limit, threshold, file)
        for chunk in chunks:
            yield _render(screener, chunk, limit, threshold, file)
        return
    assert first is not None
    _WORKER = screener
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            pending: deque[Any] = deque()
            for chunk in _all(first, second, chunks):
                pending.append(pool.apply_async(_work, ((chunk, limit, threshold, file),)))
                if len(pending) >= 2 * workers:
                    yield pending.popleft().get()
            while pending:
                yield pending.popleft().get()
    finally:
        _WORKER = None


def _all(first: list[Any], second: list[Any], rest: Iterator[list[Any]],
         ) -> Iterator[list[Any]]:
    yield first
    yield second
    yield from rest


def screen_batch(in_path: str | Path, out_path: str | Path, *, limit: int = 5,
                 threshold: float | None = None, progress: Progress | None = None,
                 screener: Screener | None = None, chunk_size: int = _CHUNK,
                 scheduler: str | None = None, partitions: int | None = None,
                 ) -> BatchReport:
    """Screen every row of ``in_path`` (CSV/Parquet: id,name[,schema,birth_date,nationality,
    id_number]) and write the candidates to ``out_path`` (CSV/Parquet by extension).

    Every input row gives one group of output rows (see ``RESULT_COLUMNS``); values that
    cannot be read are warnings on their row, not reasons to skip it. ``screener``
    defaults to the one over the lists in the store (benchmarks pass their own); queries
    go to worker processes ``chunk_size`` at a time. With ``scheduler`` (default: the
    ``dask_scheduler`` setting) the run goes to a Dask cluster and ``out_path`` becomes a
    directory of partitions plus a manifest (:mod:`unsc.screening.batch_dask`).
    """
    started = time.perf_counter()
    src, dst = Path(in_path), Path(out_path)
    address = scheduler or settings.get("dask_scheduler")
    if address:
        from unsc.screening.batch_dask import screen_batch_dask

        return screen_batch_dask(src, dst, str(address), limit=limit, threshold=threshold,
                                 progress=progress, screener=screener, partitions=partitions)
    total = inspect_input(src, REQUIRED)[2]
    if progress and not total:
        total = count_rows(src)
    report = BatchReport(str(src), str(dst), workers=_workers())
    report.threads = report.workers
    screener = screener or current_screener()
    tally = Tally(src.name)
    tasks = chunked((as_task(row) for row in read_rows(src, REQUIRED)), max(1, chunk_size))
    writer = ResultWriter(dst, RESULT_COLUMNS)
    try:
        for rendered, part in _run(screener, tasks, limit, threshold, report.workers,
                                   src.name):
            writer.write_cells(rendered)
            tally.merge(part)
            if progress:
                progress(tally.queries, total)
    except BaseException:
        writer.abort()
        raise
    writer.close()
    tally.into(report)
    if progress and not total:
        progress(report.queries, report.queries)
    report.seconds = time.perf_counter() - started
    return report


def screen_pairs(in_path: str | Path, out_path: str | Path, *,
                 threshold: float | None = None) -> BatchReport:
    """Score name pairs (IN id,name1,name2[,schema]; OUT id,score,match)."""
    started = time.perf_counter()
    src, dst = Path(in_path), Path(out_path)
    thr = float(settings.get("match_threshold")) if threshold is None else threshold
    report = BatchReport(str(src), str(dst))
    tally = Tally(src.name)
    writer = ResultWriter(dst, ("id", "row", "score", "match", "warnings"))
    try:
        for line, row, warnings in read_rows(src, ("id", "name1", "name2")):
            out: dict[str, Any] = {"id": row["id"], "row": line}
            if row["name1"] and row["name2"]:
                score = score_pair(row["name1"], row["name2"], row.get("schema") or None)
                out.update(score=score, match=score >= thr)
            else:
                out["match"] = False
            out["warnings"] = "; ".join(warnings)
            writer.write([out])
            tally.add(1, [{**out, "list": "pairs"}])
    except BaseException:
        writer.abort()
        raise
    writer.close()
    tally.into(report)
    report.matches_by_list = {}
    report.seconds = time.perf_counter() - started
    return report
