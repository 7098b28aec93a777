"""The batch screener's process pool gives exactly the sequential path's output
(src/unsc/screening/batch.py: chunks go to forked workers with ``screening_workers`` > 1,
are screened in the parent with 1). Same input, same screener, byte-identical CSV.

The queries are real: every 7th caption of the UN list of 8 May 2026, each also with its
words reversed and a letter dropped, plus names on no list, so hits, near misses and
empty results all cross the chunk boundaries.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from unsc.lists.readers import read_list
from unsc.screening import Screener, screen_batch


@pytest.fixture(scope="module")
def screener(shared_data: Path) -> Screener:
    return Screener(read_list(shared_data / "un" / "un_consolidated_2026-05-08.xml").entities)


def _queries(screener: Screener, path: Path) -> int:
    names: list[str] = []
    for entity in list(screener.entities)[::7]:
        caption = entity.caption
        names += [caption, " ".join(reversed(caption.split())), caption[:-1]]
    names += ["Xqzvw Plorkt", "Jane Q. Public", ""]
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "name", "birth_date"])
        for n, name in enumerate(names):
            writer.writerow([f"q{n}", name, "1964-07-17" if n % 5 == 0 else ""])
    return len(names)


def test_the_pool_and_the_sequential_path_write_the_same_file(
        screener: Screener, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = tmp_path / "in.csv"
    count = _queries(screener, src)
    assert count > 300
    outputs = {}
    for workers in (1, 2):
        monkeypatch.setenv("UNSC_SCREENING_WORKERS", str(workers))
        out = tmp_path / f"out-{workers}.csv"
        report = screen_batch(src, out, limit=3, screener=screener, chunk_size=37)
        assert (report.workers, report.queries) == (workers, count)
        outputs[workers] = out.read_bytes()
    assert outputs[1] == outputs[2]
    rows = list(csv.DictReader(outputs[1].decode("utf-8").splitlines()))
    assert {r["id"] for r in rows} == {f"q{n}" for n in range(count)}
    assert any(r["match"] == "true" for r in rows) and any(r["match"] == "false" for r in rows)
