"""Reading query files and writing result files (CSV or Parquet, chosen by extension).

Input rows are validated one by one: a bad row becomes a :class:`~unsc.errors.Problem`
with its line number and is skipped, the rest is screened. Output goes to a temporary
file renamed into place at the end, so a failed run never leaves half a result file.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from unsc.errors import InputError, Problem
from unsc.screening.types import DATE_RE, SCHEMAS

__all__ = ["RESULT_COLUMNS", "ResultWriter", "read_rows"]

RESULT_COLUMNS = ("id", "rank", "entity_id", "reference_number", "list", "score", "match",
                  "matched_name", "explanation")



def _is_parquet(path: Path) -> bool:
    return path.suffix.lower() in {".parquet", ".pq"}


def _raw_rows(path: Path, required: Sequence[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) pairs; line numbers count the header as line 1."""
    if not path.is_file():
        raise InputError(f"input file not found: {path}")
    if _is_parquet(path):
        table = pq.read_table(path)
        _check_columns(path, table.column_names, required)
        for i, row in enumerate(table.to_pylist(), start=2):
            yield i, {k: "" if v is None else str(v) for k, v in row.items()}
        return
    with path.open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        _check_columns(path, reader.fieldnames or [], required)
        for row in reader:
            yield reader.line_num, {k: (v or "").strip() for k, v in row.items() if k}


def _check_columns(path: Path, found: Sequence[str], required: Sequence[str]) -> None:
    missing = [c for c in required if c not in found]
    if missing:
        raise InputError(f"{path.name}: missing column(s) {', '.join(missing)} "
                         f"(found: {', '.join(found) or 'none'}; required: {', '.join(required)})")


def read_rows(path: Path, required: Sequence[str], problems: list[Problem],
              ) -> Iterator[tuple[int, dict[str, str]]]:
    """Valid rows of a query or pair file; invalid ones are appended to ``problems``."""
    for line, row in _raw_rows(path, required):
        error = _row_error(row, required)
        if error:
            problems.append(Problem(path.name, f"line {line}", error[0], error[1]))
            continue
        yield line, row


def _row_error(row: dict[str, str], required: Sequence[str]) -> tuple[str, str] | None:
    if not row.get("id"):
        return ("id", "empty id")
    if "name" in required and not row.get("name") and not row.get("id_number"):
        return ("name", "empty name (and no id_number)")
    for col in required:
        if col != "name" and not row.get(col):
            return (col, f"empty {col}")
    schema = row.get("schema")
    if schema and schema not in SCHEMAS:
        return ("schema", f"unknown schema {schema!r} (use one of {', '.join(sorted(SCHEMAS))})")
    birth = row.get("birth_date")
    if birth and not DATE_RE.match(birth):
        return ("birth_date", f"birth_date {birth!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    return None


class ResultWriter:
    """Streams result rows to CSV or Parquet through a temporary file (atomic on close)."""

    def __init__(self, path: Path, columns: Sequence[str]) -> None:
        self.path = path
        self.columns = list(columns)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        os.close(fd)
        self.tmp = Path(tmp)
        self._parquet = _is_parquet(path)
        self._buffer: list[dict[str, Any]] = []
        self._pq: pq.ParquetWriter | None = None
        self._fh = None if self._parquet else self.tmp.open("w", newline="", encoding="utf-8")
        self._csv = csv.writer(self._fh) if self._fh else None
        if self._csv:
            self._csv.writerow(self.columns)

    def write(self, rows: Sequence[dict[str, Any]]) -> None:
        if self._csv is not None:
            self._csv.writerows([[_cell(r.get(c)) for c in self.columns] for r in rows])
            return
        self._buffer.extend(rows)
        if len(self._buffer) >= 50_000:
            self._flush()

    def _flush(self) -> None:
        if not self._buffer:
            return
        table = pa.table({c: [_cell(r.get(c)) for r in self._buffer] for c in self.columns})
        if self._pq is None:
            self._pq = pq.ParquetWriter(self.tmp, table.schema)
        self._pq.write_table(table)
        self._buffer = []

    def close(self) -> None:
        """Finish and move the file into place."""
        if self._fh is not None:
            self._fh.close()
        else:
            if self._pq is None and not self._buffer:
                self._buffer.append({})  # an empty result still gets its columns
                table = pa.table({c: pa.array([], pa.string()) for c in self.columns})
                self._pq = pq.ParquetWriter(self.tmp, table.schema)
                self._buffer = []
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


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.4f}"
    return str(value)
