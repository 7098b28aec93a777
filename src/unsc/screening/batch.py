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
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from unsc import settings
from unsc.errors import Problem
from unsc.screening.batchcache import RESULTS, HitCells, screen_one
from unsc.screening.batchio import (
    RESULT_COLUMNS,
    ResultWriter,
    Row,
    cell,
    count_rows,
    inspect_input,
    read_rows,
)
from unsc.screening.screener import Screener
from unsc.screening.service import current_screener, score_pair

__all__ = ["MAX_PROBLEMS", "BatchReport", "Tally", "as_task", "chunked", "screen_batch",
           "screen_cells", "screen_pairs", "screen_rows"]

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
_ROW, _LIST, _MATCH, _WARNINGS = (RESULT_COLUMNS.index(c)
                                  for c in ("row", "list", "match", "warnings"))
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

    def add_rows(self, group: Sequence[Sequence[str]]) -> None:
        """Count one input row's group of output rows (cells in ``RESULT_COLUMNS`` order),
        as :meth:`add` counts them."""
        self.rows += len(group)
        for row in group:
            if row[_MATCH] == "true":
                self.matches += 1
                self.by_list[row[_LIST]] = self.by_list.get(row[_LIST], 0) + 1
        warnings = group[0][_WARNINGS]
        if warnings:
            self.with_warnings += 1
            if len(self.problems) < MAX_PROBLEMS:
                self.problems.append(Problem(self.file, f"line {group[0][_ROW]}", None,
                                             warnings))

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


_RESULTS = RESULTS


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
        ident, line = values[0], values[6]
        hits, warnings = _screened(screener, values, limit, threshold)
        if not hits:
            out.append({"id": ident, "row": line, "match": False, "warnings": warnings})
        for rank, hit in enumerate(hits, start=1):
            text = hit.cells
            out.append({"id": ident, "row": line, "rank": rank, "entity_id": text[0],
                        "reference_number": hit.reference_number, "list": text[2],
                        "score": hit.score, "match": hit.match, "matched_name": text[5],
                        "explanation": text[6], "warnings": warnings})
    return out


def screen_cells(screener: Screener, chunk: Sequence[tuple[Any, ...]], limit: int,
                 threshold: float | None, tally: Tally) -> list[list[str]]:
    """:func:`screen_rows` as the output cells (``RESULT_COLUMNS``), counted into
    ``tally``: a repeated query's hits are rendered once, when first screened."""
    out: list[list[str]] = []
    tally.queries += len(chunk)
    for group in screen_groups(screener, chunk, limit, threshold):
        out.extend(group)
        tally.add_rows(group)
    return out


def screen_groups(screener: Screener, chunk: Sequence[tuple[Any, ...]], limit: int,
                  threshold: float | None) -> list[list[list[str]]]:
    """Each query's group of output rows (cells in ``RESULT_COLUMNS`` order)."""
    out: list[list[list[str]]] = []
    for values in chunk:
        ident, line = cell(values[0]), cell(values[6])
        hits, warnings = _screened(screener, values, limit, threshold)
        if not hits:
            out.append([[ident, line, "", "", "", "", "", "false", "", "", warnings]])
        else:
            out.append([[ident, line, str(rank), *hit.cells, warnings]
                        for rank, hit in enumerate(hits, start=1)])
    return out


def _screened(screener: Screener, values: Sequence[Any], limit: int,
              threshold: float | None) -> tuple[tuple[HitCells, ...], str]:
    """A query tuple's hits (from the cache when it was screened before) and the
    warnings of its row."""
    key = (*values[1:6], limit, threshold)
    cached = _RESULTS.get(screener, key)
    if cached is None:
        cached = screen_one(screener, values, limit, threshold)
        _RESULTS.put(key, cached)
    hits, query_warnings = cached
    return hits, "; ".join((*values[7], *query_warnings))


Rendered = tuple[list[list[str]], "Tally"]
"""A screened chunk as output cells and its counts: what a worker sends back (text cells
cost the parent less to receive and write than result dicts)."""


def _render(screener: Screener, chunk: Sequence[tuple[Any, ...]], limit: int,
            threshold: float | None, file: str) -> Rendered:
    tally = Tally(file)
    return screen_cells(screener, chunk, limit, threshold, tally), tally


def _work(args: tuple[Sequence[tuple[Any, ...]], int, float | None],
          ) -> list[list[list[str]]]:
    assert _WORKER is not None, "worker started without a screener"
    return screen_groups(_WORKER, *args)


def _workers() -> int:
    configured = int(settings.get("screening_workers"))
    return configured if configured > 0 else (os.cpu_count() or 1)


def _run(screener: Screener, chunks: Iterator[list[tuple[Any, ...]]], limit: int,
         threshold: float | None, workers: int, file: str) -> Iterator[Rendered]:
    """Each chunk screened and rendered, in input order, with at most two chunks per
    worker in flight (the parent never reads far ahead of the workers).

    Every query of a name goes to the same worker (by the name's hash), so each worker's
    result cache holds its share of the file's distinct names, not most of them: on a
    file that repeats names, fewer are screened twice after falling out of a cache.
    """
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
    context = multiprocessing.get_context("fork")
    pools = [context.Pool(1) for _ in range(workers)]
    try:
        pending: deque[list[tuple[list[int], Any]]] = deque()
        for chunk in _all(first, second, chunks):
            parts: list[list[int]] = [[] for _ in pools]
            for at, values in enumerate(chunk):
                parts[hash(values[1]) % workers].append(at)
            pending.append([(at, pool.apply_async(
                _work, (([chunk[i] for i in at], limit, threshold),)))
                for pool, at in zip(pools, parts, strict=True) if at])
            if len(pending) >= 2 * workers:
                yield _merge(pending.popleft(), file)
        while pending:
            yield _merge(pending.popleft(), file)
    finally:
        _WORKER = None
        for pool in pools:
            pool.terminate()
            pool.join()


def _merge(parts: list[tuple[list[int], Any]], file: str) -> Rendered:
    """A chunk's groups, screened in parts by several workers, back in input order."""
    groups: dict[int, list[list[str]]] = {}
    for positions, result in parts:
        groups.update(zip(positions, result.get(), strict=True))
    tally = Tally(file)
    tally.queries = len(groups)
    out: list[list[str]] = []
    for at in range(len(groups)):
        out.extend(groups[at])
        tally.add_rows(groups[at])
    return out, tally


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
