"""CSV and Parquet partitions read the same rows, line numbers and warnings as the
whole-file reader, whatever the quoting, line ends and partition count.

The Dask workers run exactly these functions (test_batch_dask.py runs them on a cluster);
here they run in-process over many generated files, so every odd case is covered quickly.
"""

from __future__ import annotations

import os
import random
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from unsc.errors import InputError
from unsc.screening import batchio
from unsc.screening import batchsplit as bs

REQUIRED = ("id", "name")
CELLS = ["Kim", "Ri Won Ho", '"Smith, John"', '"multi\nline"', '"say ""hi"""', "", " x ",
         "é 조용철", '"\r\n"']
ODD = ['5\'11"', 'a"b', '"q"x', 'ab"', '"unterminated', "\r"]


def _whole(path: Path) -> list[batchio.Row]:
    return list(batchio.read_rows(path, REQUIRED))


def _parted(path: Path, count: int) -> tuple[list[batchio.Row], str]:
    fields, header_end = batchio.csv_header(path, REQUIRED)
    plan = None
    if header_end >= 0:
        ranges = bs.blocks(header_end, path.stat().st_size, count, minimum=1)
        plan = bs.plan_csv(header_end, ranges, [bs.scan_block(str(path), a, b)
                                                for a, b in ranges])
    if plan is not None:
        try:
            return [r for p in plan for r in bs.read_part(str(path), p, fields, REQUIRED,
                                                            ())], "quote count"
        except bs.IrregularQuotingError:
            pass
    parts = bs.exact_parts(str(path), count)
    return [r for p in parts for r in bs.read_part(str(path), p, fields, REQUIRED, ())], "exact"


def _generated(rnd: random.Random, odd: bool) -> str:
    eol = rnd.choice(["\n", "\r\n"])
    lines = [rnd.choice(["id,name", '"id","name",extra', "name,id,schema"])]
    for i in range(rnd.randint(0, 60)):
        pool = CELLS + ODD if odd and rnd.random() < 0.1 else CELLS
        cells = [rnd.choice([f"c{i}", "", f'"c{i}"'])]
        cells += [rnd.choice(pool) for _ in range(rnd.randint(0, 3))]
        lines.append(",".join(cells) if rnd.random() > 0.05 else "")
    text = eol.join(lines) + (eol if rnd.random() < 0.7 else "")
    return ("\ufeff" if rnd.random() < 0.1 else "") + text


@pytest.mark.parametrize("odd", [False, True])
def test_partitions_read_what_the_whole_file_reader_reads(tmp_path: Path, odd: bool) -> None:
    rnd = random.Random(15 + odd)
    modes: dict[str, int] = {}
    for trial in range(400):
        path = tmp_path / f"t{trial}.csv"
        path.write_bytes(_generated(rnd, odd).encode("utf-8"))
        whole = _whole(path)
        rows, mode = _parted(path, rnd.randint(1, 25))
        assert rows == whole, path.read_bytes()
        modes[mode] = modes.get(mode, 0) + 1
        os.unlink(path)
    assert modes.get("quote count", 0) > 100  # the parallel plan is the common case
    if odd:
        assert modes.get("exact", 0) > 50  # and the fallback really ran


def test_lone_carriage_returns_and_multiline_headers_are_planned_exactly(tmp_path: Path,
                                                                         ) -> None:
    path = tmp_path / "mac.csv"
    path.write_bytes(b"id,name\rc1,Ri Won Ho\rc2,\"multi\nline\"\r")
    _, header_end = batchio.csv_header(path, REQUIRED)
    ranges = bs.blocks(max(header_end, 8), path.stat().st_size, 3, minimum=1)
    assert header_end == -1 or bs.plan_csv(header_end, ranges, [
        bs.scan_block(str(path), a, b) for a, b in ranges]) is None
    assert _parted(path, 3) == (_whole(path), "exact")
    assert [line for line, _, _ in _whole(path)] == [2, 4]
    path.write_bytes(b'"id\n",name\nc1,Kim\n')
    assert batchio.csv_header(path, ("name",))[1] == -1


def test_a_bad_byte_is_the_files_error_in_any_part(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(b"id,name\n" + b"c1,Kim\n" * 50 + b"c2,K\xffm\n" + b"c3,Ri\n" * 50)
    fields, header_end = batchio.csv_header(path, REQUIRED)
    ranges = bs.blocks(header_end, path.stat().st_size, 4, minimum=1)
    plan = bs.plan_csv(header_end, ranges, [bs.scan_block(str(path), a, b) for a, b in ranges])
    assert plan is not None
    with pytest.raises(InputError, match="not UTF-8"):
        for part in plan:
            list(bs.read_part(str(path), part, fields, REQUIRED, ()))


def test_parquet_row_ranges_across_row_groups(tmp_path: Path) -> None:
    path = tmp_path / "in.parquet"
    n = 1234
    pq.write_table(pa.table({"id": [f"q{i}" for i in range(n)],
                             "name": [None if i % 7 == 0 else f"Name {i}" for i in range(n)],
                             "birth_date": [i if i % 3 else None for i in range(n)]}),
                   path, row_group_size=100)
    for count in (1, 3, 7, 40):
        parts = bs.parquet_parts(str(path), count, minimum=1)
        rows = [r for p in parts for r in bs.read_part(str(path), p, [], REQUIRED,
                                                        ("id", "name", "birth_date"))]
        assert rows == _whole(path)
    assert [line for line, _, _ in _whole(path)][:3] == [2, 3, 4]
