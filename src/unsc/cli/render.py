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


def table(title: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    out = Table(title=title)
    for column in columns:
        out.add_column(column)
    for row in rows:
        out.add_row(*("" if v is None else str(v) for v in row))
    console.print(out)


def fail(exc: UnscError) -> NoReturn:
    """Report an error clearly and exit with the class's code."""
    err_console.print(f"[bold red]error:[/] {type(exc).__name__}: {exc.message}", markup=True,
                      highlight=False, soft_wrap=True)
    raise typer.Exit(exc.exit_code)
