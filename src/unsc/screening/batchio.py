"""Reading query files and writing result files (CSV or Parquet, chosen by extension).

Every input row is screened: a missing or odd value becomes a warning on that row (with its
line number), never a skipped row, because in compliance a subject silently left out is
the worst outcome there is. Only file-level faults stop a run: an unreadable file, a
missing required column. Output goes to a temporary file renamed into place at the end,
so a failed run never leaves half a result file.
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

from unsc.errors import InputError
from unsc.screening.types import SCHEMAS, max_name_chars

__all__ = ["RESULT_COLUMNS", "ResultWriter", "Row", "read_rows"]

RESULT_COLUMNS = ("id", "row", "rank", "entity_id", "reference_number", "list", "score",
                  "match", "matched_name", "explanation", "warnings")
"""One group of rows per input row: ``row`` is its line in the input (the header is line 1),
``warnings`` what could not be read in it (repeated on every row of the group)."""

Row = tuple[int, dict[str, str], list[str]]
"""(line number, values, warnings) of one input row."""


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
            yield i, {k: "" if v is None else str(v).strip() for k, v in row.items()}
        return
    try:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            reader = csv.DictReader(fh)
            _check_columns(path, reader.fieldnames or [], required)
            for row in reader:
                values = {k: (v or "").strip() for k, v in row.items()
                          if k and isinstance(v, str)}
                yield reader.line_num, values
    except UnicodeDecodeError as exc:
        raise InputError(f"{path.name}: not UTF-8 text ({exc.reason} at byte {exc.start}); "
                         "save the file as UTF-8 CSV or Parquet") from None
    except csv.Error as exc:
        raise InputError(f"{path.name}: unreadable CSV ({exc})") from None


def _check_columns(path: Path, found: Sequence[str], required: Sequence[str]) -> None:
    missing = [c for c in required if c not in found]
    if missing:
        raise InputError(f"{path.name}: missing column(s) {', '.join(missing)} "
                         f"(found: {', '.join(found) or 'none'}; required: {', '.join(required)})")


def read_rows(path: Path, required: Sequence[str]) -> Iterator[Row]:
    """Every row of a query or pair file, each with the warnings its values raise.

    Values are tidied so that the row can still be screened: an unknown schema is
    dropped, a name longer than the ``max_name_chars`` setting is cut to that length.
    Dates of birth are read later by :class:`~unsc.screening.types.Query`, which says
    itself what it could not read.
    """
    limit = max_name_chars()
    for line, row in _raw_rows(path, required):
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
        yield line, row, warnings


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
