"""`unsc screen batch` on a real Dask cluster (a LocalCluster of 2 worker processes).

The cluster is started once for the module; its workers build the screener from the
session's store (the real UN and OFAC lists) once each and keep it across the tests. Every
test compares the cluster's output with the local path's for the same input, row for row.
"""

from __future__ import annotations

import csv
import json
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import distributed
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from unsc.cli import app
from unsc.screening import Screener, screen_batch

runner = CliRunner()

ROWS = ("id,name,schema,birth_date,nationality,id_number\n"
        "c1,Ri Won-ho,Person,1964-07-17,KP,\n"
        "c2,Xqzvw Plorkt,,,,\n"
        ",Ri Won Ho,,,,\n"
        "c4,Jo Yong Chol,Person,30/09/1973,,\n"
        "c5,,,,,381310014\n"
        "c6,KOMID,Organisation,,,\n"
        "c7,,,,,\n"
        "c8,Ri Won Ho,,not a date,,\n"
        'c9,"KIM, Yong Chol",Person,,,\n'
        'c10,"Korea Mining\nDevelopment Trading Corporation",Organization,,,\n')


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as local:  # any free port
        yield local


def _csv_input(path: Path, copies: int) -> Path:
    body = ROWS.split("\n", 1)[1]
    path.write_text(ROWS.split("\n", 1)[0] + "\n" + body * copies, encoding="utf-8")
    return path


def _lines(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


def _parts(directory: Path) -> list[list[str]]:
    manifest = json.loads((directory / "_manifest.json").read_text(encoding="utf-8"))
    rows: list[list[str]] = []
    for i, part in enumerate(manifest["parts"]):
        lines = _lines(directory / part["file"])
        rows.extend(lines if i == 0 else lines[1:])
    return rows


def test_csv_on_the_cluster_equals_the_local_path(loaded_store: Path, tmp_path: Path,
                                                  cluster: Any) -> None:
    src = _csv_input(tmp_path / "in.csv", 30)
    local = screen_batch(src, tmp_path / "local.csv", limit=3)
    result = runner.invoke(app, ["screen", "batch", str(src), "-o", str(tmp_path / "out.csv"),
                                 "--limit", "3", "--scheduler", cluster.scheduler_address,
                                 "--partitions", "7", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["engine"], report["workers"], report["threads"]) == ("dask", 2, 2)
    assert report["cluster"]["partitions"] == len(report["partitions"]) >= 5
    assert report["cluster"]["plan"] == "quote count"
    assert {p["worker_pid"] for p in report["partitions"]} and report["queries"] == 300
    assert _parts(tmp_path / "out.csv") == _lines(tmp_path / "local.csv")
    for key in ("queries", "rows", "matches", "with_warnings"):
        assert report[key] == getattr(local, key), key
    assert report["matches_by_list"] == local.matches_by_list
    assert sum(report["matches_by_list"].values()) == report["matches"] > 0
    assert [p["record"] for p in report["problems"]] == [p.record for p in local.problems]
    rows = _lines(tmp_path / "local.csv")
    assert any(r[1] == "12" and r[4] == "KPe.001" for r in rows)  # the two-line name
    assert not list(tmp_path.glob(".*"))  # no temporary directory left


def test_bare_quotes_are_replanned_exactly(loaded_store: Path, tmp_path: Path,
                                           cluster: Any) -> None:
    """A bare quote inside an unquoted value (a height, 5'11") fools the quote count; the
    part that finds out makes the run cut the file at exact record boundaries."""
    src = tmp_path / "in.csv"
    body = ROWS.split("\n", 1)[1]
    src.write_text("id,name,schema,birth_date,nationality,id_number\n" + body * 3 +
                   "c11,Ri Won Ho 5'11\",Person,,,\n" + body * 3, encoding="utf-8")
    local = screen_batch(src, tmp_path / "local.csv", limit=2)
    report = screen_batch(src, tmp_path / "out.csv", limit=2, partitions=6,
                          scheduler=cluster.scheduler_address)
    assert report.queries == local.queries == 61
    assert report.cluster["plan"] == "exact records (irregular quotes)"
    assert _parts(tmp_path / "out.csv") == _lines(tmp_path / "local.csv")
    assert not list(tmp_path.glob(".*"))


def test_parquet_dataset_equals_the_local_parquet(loaded_store: Path, tmp_path: Path,
                                                  cluster: Any) -> None:
    names = ["Ri Won Ho", "Jo Yong Chol", "Xqzvw Plorkt", "Kim Yong Chol", "", "KOMID"] * 60
    src = tmp_path / "in.parquet"
    pq.write_table(pa.table({"id": [f"q{i}" for i in range(len(names))], "name": names,
                             "birth_date": [None, "1964-07-17", "x", None, None, None] * 60}),
                   src, row_group_size=50)
    screen_batch(src, tmp_path / "local.parquet", limit=2)
    seen: list[tuple[int, int]] = []
    report = screen_batch(src, tmp_path / "out.parquet", limit=2, partitions=4,
                          scheduler=cluster.scheduler_address,
                          progress=lambda d, t: seen.append((d, t)))
    assert len(report.partitions) == 4 and seen[-1] == (360, 360)
    assert pq.read_table(tmp_path / "out.parquet").to_pylist() == \
        pq.read_table(tmp_path / "local.parquet").to_pylist()


def test_a_given_screener_is_scattered_once(real_screener: Screener, tmp_path: Path,
                                            cluster: Any) -> None:
    """A screener passed in (no store: a benchmark's, a what-if list) is sent to each
    worker once and gives the local path's rows."""
    src = _csv_input(tmp_path / "in.csv", 10)
    screen_batch(src, tmp_path / "local.csv", limit=2, screener=real_screener)
    report = screen_batch(src, tmp_path / "out.csv", limit=2, screener=real_screener,
                          partitions=3, scheduler=cluster.scheduler_address)
    assert report.cluster["screener"]["mode"] == "scatter"
    assert _parts(tmp_path / "out.csv") == _lines(tmp_path / "local.csv")


def test_a_killed_worker_loses_nothing(loaded_store: Path, tmp_path: Path,
                                       cluster: Any) -> None:
    src = _csv_input(tmp_path / "in.csv", 60)
    screen_batch(src, tmp_path / "local.csv", limit=2)
    with distributed.Client(cluster.scheduler_address) as client:
        pids = client.run(os.getpid)
    killed: list[int] = []

    def kill_one(done: int, total: int) -> None:
        if not killed:  # after the first partition: the other worker is mid-task
            killed.append(next(iter(pids.values())))
            os.kill(killed[0], signal.SIGKILL)

    report = screen_batch(src, tmp_path / "out.csv", limit=2, partitions=12,
                          scheduler=cluster.scheduler_address, progress=kill_one)
    assert killed and report.queries == 600
    assert _parts(tmp_path / "out.csv") == _lines(tmp_path / "local.csv")
    with distributed.Client(cluster.scheduler_address) as client:
        client.wait_for_workers(2, timeout=60)  # the nanny restarted it for the next tests


def test_a_failed_run_leaves_no_output(loaded_store: Path, tmp_path: Path,
                                       cluster: Any) -> None:
    src = tmp_path / "in.csv"
    src.write_bytes(ROWS.encode() * 1 + b"c11,Bad \xff byte\n" + ROWS.split("\n", 1)[1]
                    .encode() * 20)
    out = tmp_path / "out.csv"
    result = runner.invoke(app, ["screen", "batch", str(src), "-o", str(out), "--scheduler",
                                 cluster.scheduler_address, "--partitions", "4"])
    assert result.exit_code == 2
    assert "not UTF-8" in result.output
    assert not out.exists() and not list(tmp_path.glob(".*"))
    (tmp_path / "mine").mkdir()
    result = runner.invoke(app, ["screen", "batch", str(_csv_input(tmp_path / "ok.csv", 1)),
                                 "-o", str(tmp_path / "mine"), "--scheduler",
                                 cluster.scheduler_address])
    assert result.exit_code == 2 and "not a batch result" in result.output


def test_unreachable_scheduler_fails_fast_and_clearly(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UNSC_DASK_CONNECT_TIMEOUT", "2")
    src = _csv_input(tmp_path / "in.csv", 1)
    started = time.monotonic()
    result = runner.invoke(app, ["screen", "batch", str(src), "-o", str(tmp_path / "o.csv"),
                                 "--scheduler", "tcp://127.0.0.1:9"])
    assert time.monotonic() - started < 10
    assert result.exit_code != 0 and "ServiceUnavailableError" in result.output
    assert "cannot reach the Dask scheduler" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "o.csv").exists()
