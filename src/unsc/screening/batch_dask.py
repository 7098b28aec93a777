"""Batch screening on a Dask cluster: the workers read, screen and write the partitions.

The client only plans. It reads the input's header (or its Parquet metadata), asks the
workers to count line ends and quotes per block (:mod:`batchsplit`), and submits one task
per partition, about four per worker thread. Each task reads its byte range (or row
range) itself, screens it with the same code as the local path, and writes its own part
of the output; the client receives a few counts per partition, never a row. The screener
reaches each worker once: scattered from the client (setting ``dask_screener=scatter``,
the default: on one machine it is ready sooner, docs/benchmarks.md) or built by each
worker from the list versions in the store (``store``).

The output is a directory at ``out_path``: ``part-00000.csv`` (or ``.parquet``) per
partition in input order, and ``_manifest.json`` naming every part with its row counts
and SHA-256. Parts are written into a hidden temporary directory beside it, which is
renamed into place only when every partition has succeeded, so a failed run leaves no
partial output; a worker that dies mid-run has its partitions rerun elsewhere (Dask
reschedules them) and a rerun part replaces its file atomically.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from unsc import settings
from unsc.errors import ConflictError, InputError, ServiceUnavailableError
from unsc.screening import batchsplit
from unsc.screening.batch import (
    MAX_PROBLEMS,
    REQUIRED,
    BatchReport,
    Tally,
    as_task,
    chunked,
    screen_cells,
)
from unsc.screening.batchio import (
    RESULT_COLUMNS,
    ResultWriter,
    file_sha256,
    inspect_input,
    is_parquet,
)
from unsc.screening.screener import Screener
from unsc.screening.types import max_name_chars

__all__ = ["MANIFEST", "PER_THREAD", "screen_batch_dask"]

MANIFEST = "_manifest.json"
PER_THREAD = 4
"""Partitions per worker thread: enough for the faster workers to take over the slower
ones' share, few enough that per-task overhead stays small."""
_CHUNK = 2000
_COLUMNS = ("id", "name", "schema", "birth_date", "nationality", "id_number")
_STORE_LOCK = threading.Lock()
_STORE_SCREENER: dict[tuple[str, ...], Screener] = {}


def screen_batch_dask(src: Path, dst: Path, address: str, *, limit: int,
                      threshold: float | None, progress: Callable[[int, int], None] | None,
                      screener: Screener | None, partitions: int | None) -> BatchReport:
    """Screen ``src`` on the cluster at ``address`` (``local[:N]``: a LocalCluster of N
    processes here) into the directory ``dst``; see the module docstring."""
    started = time.perf_counter()
    fieldnames, header_end, total = inspect_input(src, REQUIRED)
    _check_target(dst)
    report = BatchReport(str(src), str(dst), engine="dask")
    with _client(address) as client:
        info = _cluster(client)
        report.workers, report.threads = info["workers"], info["threads"]
        count = partitions or PER_THREAD * max(1, report.threads)
        ship_started = time.perf_counter()
        source = _ship(client, screener, info)
        info["screener"] = {"mode": "store" if isinstance(source, tuple) else "scatter",
                            "client_seconds": round(time.perf_counter() - ship_started, 3)}
        tmp = dst.parent / f".{dst.name}.{uuid.uuid4().hex[:12]}.tmp"
        tmp.mkdir(parents=True)
        try:
            parts = _plan(client, src, header_end, count, exact_count=bool(partitions))
            info["plan"] = "rows" if is_parquet(src) else \
                "exact records" if parts and parts[0].exact else "quote count"
            try:
                summaries = _screen(client, src, parts, fieldnames, tmp, dst.suffix,
                                    source, limit, threshold, progress, total)
            except batchsplit.IrregularQuotingError:
                _empty(tmp)  # quotes the count cannot follow: cut at exact records
                info["plan"] = "exact records (irregular quotes)"
                parts = client.submit(batchsplit.exact_parts, str(src), count,
                                      pure=False).result()
                summaries = _screen(client, src, parts, fieldnames, tmp, dst.suffix,
                                    source, limit, threshold, progress, total)
            _finish(report, summaries, src.name)
            _write_manifest(tmp, report, summaries)
            _replace(tmp, dst)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    info["partitions"] = len(summaries)
    report.cluster = info
    if progress and not total:
        progress(report.queries, report.queries)
    report.seconds = time.perf_counter() - started
    return report


def _check_target(dst: Path) -> None:
    """Refuse to replace anything but a file or an earlier result directory."""
    if dst.is_dir() and not (dst / MANIFEST).is_file():
        raise InputError(f"{dst} is a directory that is not a batch result (no {MANIFEST}); "
                         "choose another --output")


@contextmanager
def _client(address: str) -> Iterator[Any]:
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise ServiceUnavailableError(
            "a Dask scheduler is set but dask.distributed is not installed: pip install "
            "'unsc[dask]' (or unset UNSC_DASK_SCHEDULER / --scheduler to screen "
            "locally)") from None
    timeout = float(settings.get("dask_connect_timeout"))
    if address == "local" or address.startswith("local:"):
        workers = int(address.partition(":")[2] or 0) or (os.cpu_count() or 1)
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                          dashboard_address=_dashboard()) as cluster, \
                Client(cluster, timeout=timeout) as client:
            yield client
        return
    try:
        client = Client(address, timeout=timeout)
    except ValueError as exc:
        raise InputError(f"not a Dask scheduler address: {address!r} ({exc}); give "
                         "tcp://host:8786 or local[:N]") from None
    except (OSError, TimeoutError) as exc:
        raise ServiceUnavailableError(
            f"cannot reach the Dask scheduler at {address!r} within {timeout:g} s "
            f"({type(exc).__name__}: {exc}); check the address and that `dask scheduler` "
            "runs there, or unset UNSC_DASK_SCHEDULER to screen locally") from None
    try:
        yield client
    finally:
        client.close()


def _dashboard() -> str | None:
    import importlib.util

    return ":8787" if importlib.util.find_spec("bokeh") else None


def _cluster(client: Any) -> dict[str, Any]:
    """The cluster's workers and threads, once at least one worker is there."""
    timeout = float(settings.get("dask_connect_timeout"))
    try:
        client.wait_for_workers(1, timeout=timeout)
    except (OSError, TimeoutError) as exc:
        raise ServiceUnavailableError(f"the Dask scheduler has no worker after {timeout:g} s "
                                      f"({exc}); start `dask worker` processes") from None
    about = client.scheduler_info(n_workers=-1)
    workers = about["workers"]
    hosts = {str(w.get("host") or addr.split("://")[-1].rsplit(":", 1)[0])
             for addr, w in workers.items()}
    return {"scheduler": about.get("address", ""), "workers": len(workers),
            "threads": sum(int(w.get("nthreads", 1)) for w in workers.values()),
            "local": hosts <= {"127.0.0.1", "localhost", "::1", "[::1]"}}


def _ship(client: Any, screener: Screener | None, info: dict[str, Any]) -> Any:
    """What each task gets to find its screener: a scattered future, or the store's
    database URL and the list versions to build it from."""
    url = settings.database_url()
    mode = str(settings.get("dask_screener"))
    if mode == "auto":
        mode = "store" if not url.startswith("sqlite") or info["local"] else "scatter"
    if screener is None and mode == "store":
        from unsc.lists import versions_cache

        versions = tuple(sorted((v.version, v.sha256) for v in versions_cache.current_versions()))
        if not versions:
            from unsc.screening.service import current_screener

            current_screener()  # raises the usual "no list loaded" error
        return ("store", url, versions)
    if screener is None:
        from unsc.screening.service import current_screener

        screener = current_screener()
    return client.scatter(screener, broadcast=True, hash=False)


def _plan(client: Any, src: Path, header_end: int, count: int,
          exact_count: bool) -> list[batchsplit.Part]:
    """Partitions: Parquet row ranges from the metadata, CSV byte ranges from the line-end
    and quote counts the workers make (exact record boundaries when those cannot say).
    Unless ``exact_count`` (the user chose it), a small file gets fewer partitions."""
    path = str(src)
    if is_parquet(src):
        return batchsplit.parquet_parts(path, count, 1 if exact_count else 100)
    size = src.stat().st_size
    plan = None
    if header_end >= 0:
        ranges = batchsplit.blocks(header_end, size, count, 1 if exact_count else 4096)
        scans = client.gather(client.map(batchsplit.scan_block, [path] * len(ranges),
                                         [a for a, _ in ranges], [b for _, b in ranges],
                                         pure=False))
        plan = batchsplit.plan_csv(header_end, ranges, scans)
    if plan is None:
        plan = client.submit(batchsplit.exact_parts, path, count, pure=False).result()
    return list(plan)


def _screen(client: Any, src: Path, parts: list[batchsplit.Part], fieldnames: list[str],
            tmp: Path, suffix: str, source: Any, limit: int, threshold: float | None,
            progress: Callable[[int, int], None] | None, total: int) -> list[dict[str, Any]]:
    from dask.distributed import as_completed, wait

    thr = float(settings.get("match_threshold")) if threshold is None else threshold
    futures = [client.submit(screen_part, str(src), part, fieldnames, str(tmp), suffix,
                             source, limit, thr, max_name_chars(), pure=False)
               for part in parts]
    summaries: dict[int, dict[str, Any]] = {}
    done, prefix = 0, _Prefix()
    try:
        for future in as_completed(futures):
            summary = future.result()
            summaries[summary["index"]] = summary
            prefix.trim(summaries)
            done += summary["queries"]
            if progress:
                progress(done, total)
    except batchsplit.IrregularQuotingError:
        wait(futures)  # the plan is redone in this directory: nothing may still write to it
        raise
    except BaseException:
        client.cancel(futures)  # a task still running finds its directory gone and stops
        raise
    return [summaries[i] for i in sorted(summaries)]


class _Prefix:
    """Keeps the client's memory bounded for any partition count: once the partitions
    0..k have all arrived with ``MAX_PROBLEMS`` rows with warnings between them, the
    report's list is settled, and later partitions' lists are dropped on arrival."""

    def __init__(self) -> None:
        self.next, self.held = 0, 0

    def trim(self, summaries: dict[int, dict[str, Any]]) -> None:
        while self.held < MAX_PROBLEMS and self.next in summaries:
            self.held += len(summaries[self.next]["problems"])
            self.next += 1
        if self.held >= MAX_PROBLEMS:
            for index, summary in summaries.items():
                if index >= self.next:
                    summary["problems"] = []


def _resolve(source: Any) -> Screener:
    if isinstance(source, Screener):
        return source
    _, url, versions = source
    with _STORE_LOCK:
        key = (url, *(f"{v}:{sha}" for v, sha in versions))
        found = _STORE_SCREENER.get(key)
        if found is None:
            found = _build_from_store(url, versions)
            _STORE_SCREENER.clear()
            _STORE_SCREENER[key] = found
    return found


def _build_from_store(url: str, versions: tuple[tuple[str, str], ...]) -> Screener:
    """The screener over exactly these versions, read from the client's store."""
    from unsc.lists import service as lists_service

    if url.startswith("sqlite"):
        from sqlalchemy import make_url

        database = make_url(url).database
        if database and not Path(database).is_file():
            raise ServiceUnavailableError(
                f"this Dask worker cannot see the SQLite store {database}: use PostgreSQL, a "
                "shared file system, or UNSC_DASK_SCREENER=scatter")
    old = os.environ.get("UNSC_DATABASE_URL")
    os.environ["UNSC_DATABASE_URL"] = url
    try:
        entities = []
        for version, sha in versions:
            if lists_service.get_version(version).sha256 != sha:
                raise ConflictError(f"list version {version} changed during the run")
            entities.extend(lists_service.get_version_entities(version))
    finally:
        if old is None:
            os.environ.pop("UNSC_DATABASE_URL", None)
        else:
            os.environ["UNSC_DATABASE_URL"] = old
    return Screener(entities)


def screen_part(path: str, part: batchsplit.Part, fieldnames: list[str], out_dir: str,
                suffix: str, source: Any, limit: int, threshold: float,
                name_chars: int) -> dict[str, Any]:
    """One partition, on a worker: read it, screen it, write its part file; return its
    counts (the only thing that travels back to the client). The threshold and the name
    bound come from the client, so a worker's own settings cannot change a result."""
    import resource

    started = time.perf_counter()
    if not Path(out_dir).is_dir():
        raise ServiceUnavailableError(f"the run writing to {out_dir} was abandoned")
    screener = _resolve(source)
    ready = time.perf_counter()
    name = f"part-{part.index:05d}{suffix}"
    tally = Tally(Path(path).name)
    rows = batchsplit.read_part(path, part, fieldnames, REQUIRED, _COLUMNS, name_chars)
    writer = ResultWriter(Path(out_dir) / name, RESULT_COLUMNS)
    try:
        for chunk in chunked((as_task(row) for row in rows), _CHUNK):
            writer.write_cells(screen_cells(screener, chunk, limit, threshold, tally))
    except BaseException:
        writer.abort()
        raise
    writer.close()
    return {"index": part.index, "file": name, "queries": tally.queries, "rows": tally.rows,
            "matches": tally.matches, "matches_by_list": tally.by_list,
            "with_warnings": tally.with_warnings, "problems": tally.problems,
            "sha256": file_sha256(Path(out_dir) / name), "worker_pid": os.getpid(),
            "screener_seconds": round(ready - started, 3),
            "seconds": round(time.perf_counter() - started, 3),
            "worker_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
                                        / 1024.0, 1)}


def _finish(report: BatchReport, summaries: list[dict[str, Any]], file: str) -> None:
    for summary in summaries:
        tally = Tally(file)
        tally.queries, tally.rows = summary["queries"], summary["rows"]
        tally.matches, tally.with_warnings = summary["matches"], summary["with_warnings"]
        tally.by_list, tally.problems = summary["matches_by_list"], summary["problems"]
        tally.into(report)
        report.partitions.append({k: summary[k] for k in (
            "index", "file", "queries", "rows", "matches", "with_warnings", "seconds",
            "screener_seconds", "worker_pid", "worker_peak_rss_mb")})
    del report.problems[MAX_PROBLEMS:]


def _write_manifest(tmp: Path, report: BatchReport, summaries: list[dict[str, Any]]) -> None:
    manifest = {"format": "unsc-batch-result", "version": 1, "input": report.input,
                "columns": list(RESULT_COLUMNS), "queries": report.queries,
                "rows": report.rows, "matches": report.matches,
                "with_warnings": report.with_warnings,
                "parts": [{"file": s["file"], "queries": s["queries"], "rows": s["rows"],
                           "sha256": s["sha256"]} for s in summaries]}
    (tmp / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    for stray in tmp.glob(".*"):  # temporary files of tasks whose worker died
        stray.unlink(missing_ok=True)


def _empty(tmp: Path) -> None:
    for item in tmp.iterdir():
        item.unlink()


def _replace(tmp: Path, dst: Path) -> None:
    """Move the finished directory to ``dst``; an earlier result there is replaced."""
    old = None
    if dst.exists() or dst.is_symlink():
        old = dst.parent / f".{dst.name}.{uuid.uuid4().hex[:12]}.old"
        os.replace(dst, old)
    os.replace(tmp, dst)
    if old is not None:
        if old.is_dir():
            shutil.rmtree(old, ignore_errors=True)
        else:
            old.unlink(missing_ok=True)
