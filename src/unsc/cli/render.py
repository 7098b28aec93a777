"""Output helpers shared by every command: JSON for machines, Rich tables for people."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from typing import Any, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from unsc.errors import UnscError

__all__ = ["console", "emit_json", "err_console", "fail", "table"]

console = Console()
err_console = Console(stderr=True)


def emit_json(data: Any) -> None:
    """Print ``data`` as JSON on stdout (no Rich markup, so it pipes cleanly)."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


KEEP_WHOLE = 32
"""Cells of a column whose values are all single words up to this long (reference
numbers, ids, versions, dates, scores) are never wrapped or cut with "…": a reference
number cut at 80 columns is a wrong reference number. Text columns give way instead."""


def table(title: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    cells = [["" if v is None else str(v) for v in row] for row in rows]
    out = Table(title=title)
    for n, column in enumerate(columns):
        values = [row[n] for row in cells if n < len(row)]
        whole = bool(values) and all(len(v) <= KEEP_WHOLE and not any(c.isspace() for c in v)
                                     for v in values)
        if whole:
            out.add_column(column, no_wrap=True, overflow="ignore",
                           min_width=max(len(column) if " " not in column else 0,
                                         *(len(v) for v in values)))
        else:
            out.add_column(column, overflow="fold")  # a long word folds, never "…"
    for row in cells:
        out.add_row(*row)
    console.print(out)


def fail(exc: UnscError) -> NoReturn:
    """Report an error clearly and exit with the class's code."""
    err_console.print(f"[bold red]error:[/] {type(exc).__name__}: {exc.message}", markup=True,
                      highlight=False, soft_wrap=True)
    raise typer.Exit(exc.exit_code)
