"""Reading query files and writing result files (CSV or Parquet, chosen by extension).

Every input row is screened: a missing or odd value becomes a warning on that row (with its
line number), never a skipped row, because in compliance a subject silently left out is
the worst outcome there is. Only file-level faults stop a run: an unreadable file, a
missing required column. Output goes to a temporary file renamed into place at the end,
so a failed run never leaves half a result file.

The whole-file reader here and the partition reader of :mod:`batchsplit` (which the Dask
workers run on byte ranges) turn a CSV record or a Parquet row into values with the same
functions (:func:`csv_values`, :func:`parquet_values`, :func:`tidy`), so both paths give
the same row for the same input.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from unsc.errors import InputError
from unsc.screening.types import SCHEMAS, max_name_chars

__all__ = [
    "RESULT_COLUMNS",
    "ResultWriter",
    "Row",
    "cell",
    "cells",
    "check_columns",
    "count_rows",
    "csv_header",
    "csv_values",
    "file_sha256",
    "inspect_input",
    "is_parquet",
    "parquet_values",
    "read_rows",
    "tidy",
]

RESULT_COLUMNS = ("id", "row", "rank", "entity_id", "reference_number", "list", "score",
                  "match", "matched_name", "explanation", "warnings")
"""One group of rows per input row: ``row`` is its line in the input (the header is line 1),
``warnings`` what could not be read in it (repeated on every row of the group)."""

Row = tuple[int, dict[str, str], list[str]]
"""(line number, values, warnings) of one input row."""
_PARQUET_BATCH = 10_000
"""Parquet rows decoded at a time: the reader never holds a whole file."""


def is_parquet(path: Path) -> bool:
    return path.suffix.lower() in {".parquet", ".pq"}


def csv_values(fieldnames: Sequence[str], record: Sequence[str]) -> dict[str, str]:
    """A CSV record as ``csv.DictReader`` maps it, keeping named text cells only (a
    record longer than the header loses its extra cells, a shorter one gets "")."""
    values = {k: v.strip() for k, v in zip(fieldnames, record, strict=False) if k}
    for k in fieldnames[len(record):]:
        if k:
            values[k] = ""
    return values


def parquet_values(row: dict[str, Any]) -> dict[str, str]:
    """A Parquet row as text: a null is "", any other value its ``str``."""
    return {k: "" if v is None else str(v).strip() for k, v in row.items()}


def csv_header(path: Path, required: Sequence[str]) -> tuple[list[str], int]:
    """The header of a CSV file and the byte offset where its first record starts."""
    if not path.is_file():
        raise InputError(f"input file not found: {path}")
    with path.open("rb") as fh:
        head = fh.read(1 << 20)
    text = head.decode("utf-8", errors="replace")
    try:
        fields = next(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")), [])
    except csv.Error as exc:
        raise InputError(f"{path.name}: unreadable CSV header ({exc})") from None
    check_columns(path, fields, required)
    end = head.find(b"\n")
    if end < 0 or head.count(b'"', 0, end) % 2 or b"\r" in head[:max(end - 1, 0)]:
        # no line end in the first MB, a header spanning lines or a lone carriage return:
        # the exact reader finds where the header ends
        return fields, -1
    return fields, end + 1


def _raw_rows(path: Path, required: Sequence[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) pairs; line numbers count the header as line 1."""
    if not path.is_file():
        raise InputError(f"input file not found: {path}")
    if is_parquet(path):
        parquet = pq.ParquetFile(path)
        check_columns(path, parquet.schema_arrow.names, required)
        line = 2
        for batch in parquet.iter_batches(batch_size=_PARQUET_BATCH):
            for row in batch.to_pylist():
                yield line, parquet_values(row)
                line += 1
        return
    try:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            reader = csv.reader(fh)
            fieldnames = next(reader, [])
            check_columns(path, fieldnames, required)
            for record in reader:
                if record:  # a blank line is no row (as csv.DictReader skips it)
                    yield reader.line_num, csv_values(fieldnames, record)
    except UnicodeDecodeError as exc:
        raise InputError(f"{path.name}: not UTF-8 text ({exc.reason} at byte {exc.start}); "
                         "save the file as UTF-8 CSV or Parquet") from None
    except csv.Error as exc:
        raise InputError(f"{path.name}: unreadable CSV ({exc})") from None


def count_rows(path: Path) -> int:
    """Input rows of a file (Parquet: from its metadata; CSV: one streaming pass that
    holds no row, about a second per million rows), for a progress total."""
    if is_parquet(path):
        return int(pq.ParquetFile(path).metadata.num_rows)
    count = 0
    try:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            for record in csv.reader(fh):
                count += bool(record)
    except (UnicodeDecodeError, csv.Error):
        return 0  # the reading pass reports it, with its line
    return max(count - 1, 0)


def check_columns(path: Path, found: Sequence[str], required: Sequence[str]) -> None:
    missing = [c for c in required if c not in found]
    if missing:
        raise InputError(f"{path.name}: missing column(s) {', '.join(missing)} "
                         f"(found: {', '.join(found) or 'none'}; required: {', '.join(required)})")


def tidy(line: int, row: dict[str, str], required: Sequence[str], limit: int) -> Row:
    """One row with the warnings its values raise, tidied so that it can be screened: an
    unknown schema is dropped, a name longer than ``limit`` is cut to that length."""
    warnings: list[str] = []
    if not row.get("id"):
        warnings.append("empty id")
    for col in required:
        if col not in ("id", "name") and not row.get(col):
            warnings.append(f"empty {col}")
    schema = row.get("schema")
    if schema and schema not in SCHEMAS:
        warnings.append(f"unknown schema {schema!r} ignored (use one of "
                        f"{', '.join(sorted(SCHEMAS))})")
        row["schema"] = ""
    for col in ("name", "name1", "name2", "id_number"):
        value = row.get(col, "")
        if len(value) > limit:
            warnings.append(f"{col} is {len(value)} characters long; the first {limit} "
                            "were screened")
            row[col] = value[:limit]
    return line, row, warnings


def read_rows(path: Path, required: Sequence[str]) -> Iterator[Row]:
    """Every row of a query or pair file, each with the warnings its values raise, read
    as it is consumed (a CSV line or a Parquet batch at a time).

    Dates of birth are read later by :class:`~unsc.screening.types.Query`, which says
    itself what it could not read.
    """
    limit = max_name_chars()
    for line, row in _raw_rows(path, required):
        yield tidy(line, row, required, limit)


def inspect_input(path: Path, required: Sequence[str]) -> tuple[list[str], int, int]:
    """File-level checks before any work: (header, byte where the CSV records start, input
    rows when the file says so (Parquet metadata), else 0). A missing file, an unreadable
    Parquet file or a missing column is an InputError before any row is screened."""
    if not path.is_file():
        raise InputError(f"input file not found: {path}")
    if is_parquet(path):
        try:
            parquet = pq.ParquetFile(path)
        except Exception as exc:  # pyarrow raises its own types for a bad file
            raise InputError(f"{path.name}: unreadable Parquet ({exc})") from None
        names = list(parquet.schema_arrow.names)
        check_columns(path, names, required)
        return names, 0, int(parquet.metadata.num_rows)
    fieldnames, header_end = csv_header(path, required)
    return fieldnames, header_end, 0


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class ResultWriter:
    """Streams result rows to CSV or Parquet through a temporary file (atomic on close)."""

    def __init__(self, path: Path, columns: Sequence[str]) -> None:
        self.path = path
        self.columns = list(columns)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        os.close(fd)
        self.tmp = Path(tmp)
        self._parquet = is_parquet(path)
        self._buffer: list[Sequence[str]] = []
        self._pq: pq.ParquetWriter | None = None
        self._fh = None if self._parquet else self.tmp.open("w", newline="", encoding="utf-8")
        self._csv = csv.writer(self._fh) if self._fh else None
        if self._csv:
            self._csv.writerow(self.columns)

    def write(self, rows: Sequence[dict[str, Any]]) -> None:
        self.write_cells(cells(rows, self.columns))

    def write_cells(self, rows: Sequence[Sequence[str]]) -> None:
        """Rows already rendered as text cells in column order (see :func:`cells`): a
        worker renders them, so the process writing the file only writes."""
        if self._csv is not None:
            self._csv.writerows(rows)
            return
        self._buffer.extend(rows)
        if len(self._buffer) >= 50_000:
            self._flush()

    def _flush(self) -> None:
        if not self._buffer:
            return
        table = pa.table({c: pa.array([r[i] for r in self._buffer], pa.string())
                          for i, c in enumerate(self.columns)})
        if self._pq is None:
            self._pq = pq.ParquetWriter(self.tmp, table.schema)
        self._pq.write_table(table)
        self._buffer = []

    def close(self) -> None:
        """Finish and move the file into place."""
        if self._fh is not None:
            self._fh.close()
        else:
            if self._pq is None and not self._buffer:  # an empty result still gets columns
                table = pa.table({c: pa.array([], pa.string()) for c in self.columns})
                self._pq = pq.ParquetWriter(self.tmp, table.schema)
            self._flush()
            if self._pq is not None:
                self._pq.close()
        os.replace(self.tmp, self.path)

    def abort(self) -> None:
        if self._fh is not None:
            self._fh.close()
        if self._pq is not None:
            self._pq.close()
        self.tmp.unlink(missing_ok=True)


def cells(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> list[list[str]]:
    """Result rows as the text the output files hold, column by column."""
    return [[cell(r.get(c)) for c in columns] for r in rows]


def cell(value: Any) -> str:
    """A value as the output files hold it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.4f}"
    return str(value)
