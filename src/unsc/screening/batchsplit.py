"""Input partitions for distributed batch screening: byte ranges of a CSV file and row
ranges of a Parquet file, each read by the worker that screens it, so no single process
ever reads the whole input.

A CSV record may span lines (a quoted value with a line break), so a byte offset is not
always a record start. Planning is therefore two passes, both on the workers. The first
counts, per block, its line ends and quote characters (``bytes.count``, at disk speed); from
their running totals the client knows where each block starts in lines and whether it
starts inside a quoted value. The second (the screening task) starts at the first line end
outside quotes at or after its block, reads to the first one at or after the next block,
and checks as it reads that every record the ``csv`` module returns ends exactly where the
quote count says a record ends. A file that breaks the quoting rules (a bare quote inside
an unquoted value, ``5'11"``) fails that check and is planned again from exact record
boundaries found by one sequential read (:func:`exact_parts`), as is a file with lone
carriage returns (old Mac line ends). Either way the rows, their line numbers and their
warnings are those the whole-file reader gives (:mod:`batchio`).
"""

from __future__ import annotations

import csv
import io
import itertools
import math
import re
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import pyarrow.parquet as pq

from unsc.errors import InputError
from unsc.screening.batchio import Row, csv_values, parquet_values, tidy
from unsc.screening.types import max_name_chars

__all__ = ["IrregularQuotingError", "Part", "Scan", "blocks", "exact_parts", "parquet_parts",
           "plan_csv", "read_part", "scan_block"]

_PIECE = 1 << 20
_LONE_CR = re.compile(rb"\r(?!\n)")
_SENTINEL = "\ue000unsc part end\ue000"


class IrregularQuotingError(Exception):
    """A CSV part whose records do not end where its quotes say: plan exactly instead."""


@dataclass(frozen=True)
class Scan:
    """What the first pass counts in one block: line ends, quote characters, and whether
    a carriage return stands alone (a line end the quote count cannot see)."""

    newlines: int
    quotes: int
    lone_cr: bool


@dataclass(frozen=True)
class Part:
    """One partition. CSV: bytes ``start``..``end``, ``lines`` line ends before ``start``,
    ``parity`` the quote count before ``start`` and ``end`` (mod 2) unless ``exact`` (the
    offsets are then record starts). Parquet: rows ``start``..``end``."""

    index: int
    kind: str
    start: int
    end: int
    lines: int = 0
    parity: tuple[int, int] = (0, 0)
    exact: bool = False


def blocks(first: int, size: int, count: int, minimum: int = 4096) -> list[tuple[int, int]]:
    """About ``count`` byte ranges covering ``first``..``size``, none under ``minimum``."""
    span = max(size - first, 0)
    step = max(minimum, math.ceil(span / max(count, 1)))
    return [(a, min(a + step, size)) for a in range(first, size, step)] or [(first, first)]


def scan_block(path: str, start: int, end: int) -> Scan:
    """Line ends, quotes and lone carriage returns in ``start``..``end`` (the first pass)."""
    newlines = quotes = 0
    lone = False
    with open(path, "rb") as fh:
        fh.seek(start)
        left = end - start
        while left > 0:
            data = fh.read(min(_PIECE, left))
            if not data:
                break
            left -= len(data)
            newlines += data.count(b"\n")
            quotes += data.count(b'"')
            if b"\r" in data:
                if data.endswith(b"\r"):
                    data += fh.read(1)
                    fh.seek(-1, io.SEEK_CUR)
                lone = lone or _LONE_CR.search(data) is not None
    return Scan(newlines, quotes, lone)


def plan_csv(header_end: int, ranges: Sequence[tuple[int, int]],
             scans: Sequence[Scan]) -> list[Part] | None:
    """Parts from the first pass, or None when the file needs :func:`exact_parts`."""
    if header_end < 0 or any(s.lone_cr for s in scans):
        return None
    parts: list[Part] = []
    lines, quotes = 1, 0  # the header: one line, an even number of quotes
    for i, ((a, b), scan) in enumerate(zip(ranges, scans, strict=True)):
        after = quotes + scan.quotes
        parts.append(Part(i, "csv", a, b, lines, (quotes % 2, after % 2)))
        lines, quotes = lines + scan.newlines, after
    return parts


def exact_parts(path: str, count: int) -> list[Part]:
    """Parts cut at exact record boundaries by one sequential read of the file (the
    fallback for files the quote count cannot split)."""
    size = Path(path).stat().st_size
    target = max(1, math.ceil(size / max(count, 1)))
    with open(path, "rb") as raw:
        consumed = 3 if raw.read(3) == b"\xef\xbb\xbf" else 0  # the BOM utf-8-sig drops
    with open(path, encoding="utf-8-sig", newline="") as fh:

        def lines() -> Iterator[str]:
            nonlocal consumed
            for line in fh:
                consumed += len(line.encode("utf-8"))
                yield line

        reader = csv.reader(lines())
        parts: list[Part] = []
        records = _guard(path, reader)
        next(records, None)  # the header
        start, before = consumed, reader.line_num
        for _ in records:
            if consumed - start >= target:
                parts.append(Part(len(parts), "csv", start, consumed, before, exact=True))
                start, before = consumed, reader.line_num
        parts.append(Part(len(parts), "csv", start, consumed, before, exact=True))
    return parts


def parquet_parts(path: str, count: int, minimum: int = 100) -> list[Part]:
    """About ``count`` row ranges of a Parquet file (its metadata only is read)."""
    rows = pq.ParquetFile(path).metadata.num_rows
    step = max(minimum, math.ceil(rows / max(count, 1)))
    return [Part(i, "parquet", a, min(a + step, rows))
            for i, a in enumerate(range(0, rows, step))] or [Part(0, "parquet", 0, 0)]


def read_part(path: str, part: Part, fieldnames: Sequence[str], required: Sequence[str],
              columns: Sequence[str], limit: int | None = None) -> Iterator[Row]:
    """The tidied rows of one part, read as they are consumed (names cut at ``limit``,
    default: the ``max_name_chars`` setting)."""
    limit = max_name_chars() if limit is None else limit
    if part.kind == "parquet":
        for line, row in _parquet_rows(path, part, columns):
            yield tidy(line, row, required, limit)
        return
    for line, record in _csv_records(path, part):
        if record:
            yield tidy(line, csv_values(fieldnames, record), required, limit)


def _parquet_rows(path: str, part: Part,
                  columns: Sequence[str]) -> Iterator[tuple[int, dict[str, str]]]:
    parquet = pq.ParquetFile(path)
    wanted = [c for c in parquet.schema_arrow.names if c in columns]
    first = 0
    for group in range(parquet.num_row_groups):
        size = parquet.metadata.row_group(group).num_rows
        lo, hi = max(part.start, first), min(part.end, first + size)
        if lo < hi:
            table = parquet.read_row_group(group, columns=wanted).slice(lo - first, hi - lo)
            line = lo + 2
            for batch in table.to_batches(max_chunksize=10_000):
                for row in batch.to_pylist():
                    yield line, parquet_values(row)
                    line += 1
        first += size


def _csv_records(path: str, part: Part) -> Iterator[tuple[int, list[str]]]:
    """(line number, raw record) of every record starting in the part, blank ones too."""
    with open(path, "rb") as fh:
        if part.exact:
            start, end, lines = part.start, part.end, part.lines
        else:
            size = fh.seek(0, io.SEEK_END)
            start, skipped = _record_start(fh, part.start, part.parity[0], size)
            end, _ = _record_start(fh, part.end, part.parity[1], size)
            lines = part.lines + skipped
        if end <= start:
            return
        raw = _Slice(fh, start, end)
        text = io.TextIOWrapper(io.BufferedReader(raw), encoding="utf-8", newline="")
        if part.exact:
            reader = csv.reader(text)
            for record in _guard(path, reader, start):
                yield lines + reader.line_num, record
            return
        # A line after the slice: read as a record of its own only if the slice ended
        # outside quotes, as the quote count says it does.
        reader = csv.reader(itertools.chain(text, [_SENTINEL + "\n"]))
        for record in _guard(path, reader, start):
            if record == [_SENTINEL] and raw.done:
                return
            raw.check(reader.line_num)
            yield lines + reader.line_num, record
        raise IrregularQuotingError("the slice ends inside a quoted value")


def _record_start(fh: IO[bytes], offset: int, parity: int, size: int) -> tuple[int, int]:
    """The first record start at or after ``offset`` (just past a line end outside quotes)
    given the quote count before ``offset``, and the line ends between the two."""
    if offset >= size:
        return size, 0
    fh.seek(offset - 1)
    data = fh.read(_PIECE)
    state = parity ^ (data[:1] == b'"')  # quotes before offset - 1
    base, i, lines = offset - 1, 0, 0
    while data:
        j = data.find(b"\n", i)
        if j < 0:
            state ^= data.count(b'"', i) & 1
            base += len(data)
            data, i = fh.read(_PIECE), 0
            continue
        state ^= data.count(b'"', i, j) & 1
        if base + j >= offset:
            lines += 1
        if state == 0:
            return base + j + 1, lines
        i = j + 1
    return size, lines


class _Slice(io.RawIOBase):
    """Bytes ``start``..``end`` of a file, noting as they pass which line ends lie outside
    quotes: each is where a record must end if the file follows the quoting rules."""

    def __init__(self, fh: IO[bytes], start: int, end: int) -> None:
        super().__init__()
        fh.seek(start)
        self.fh, self.left = fh, end - start
        self.state = self.lines = 0
        self.ends: deque[int] = deque()
        self.open_tail = False  # bytes after the last record end (a last line without \n)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.fh.read(min(len(buffer), self.left))
        self.left -= len(data)
        self._note(data)
        buffer[:len(data)] = data
        return len(data)

    def _note(self, data: bytes) -> None:
        i = 0
        while True:
            q = data.find(b'"', i)
            stop = len(data) if q < 0 else q
            if self.state == 0:
                j = data.find(b"\n", i, stop)
                while j >= 0:
                    self.lines += 1
                    self.ends.append(self.lines)
                    j = data.find(b"\n", j + 1, stop)
            else:
                self.lines += data.count(b"\n", i, stop)
            if q < 0:
                break
            self.state ^= 1
            i = q + 1
        if data:
            self.open_tail = not (data.endswith(b"\n") and self.state == 0)

    def check(self, line: int) -> None:
        """The csv module ended a record on ``line``: it must be the next quote-count end
        (or the unterminated last line of the file)."""
        expected = self.ends.popleft() if self.ends else None
        if expected is None and self.left == 0 and self.open_tail:
            expected, self.open_tail = self.lines + 1, False
        if expected != line:
            raise IrregularQuotingError(f"record ends at line {line}, quotes say {expected}")

    @property
    def done(self) -> bool:
        """Every record the quote count sees has been checked."""
        return self.left == 0 and not self.ends and not self.open_tail


def _guard(path: str, reader: Any, offset: int = 0) -> Iterator[list[str]]:
    """Records of ``reader``; a decoding or CSV error is the file's (InputError)."""
    name = Path(path).name
    try:
        yield from reader
    except UnicodeDecodeError as exc:
        where = f"after byte {offset}" if offset else f"at byte {exc.start}"
        raise InputError(f"{name}: not UTF-8 text ({exc.reason} {where}); save the file as "
                         "UTF-8 CSV or Parquet") from None
    except csv.Error as exc:
        raise InputError(f"{name}: unreadable CSV ({exc})") from None
