"""Access to the council package data files (membership, holidays, vetoes, example drafts).

The files live in ``unsc/data/council`` so the product works without the shared data tree;
each carries its sources in its own columns (see ``SOURCES.md`` there).
"""

from __future__ import annotations

import csv
import io
from importlib import resources
from importlib.resources.abc import Traversable

__all__ = ["data_dir", "read_csv", "read_text"]


def data_dir() -> Traversable:
    """The package folder holding the council data files."""
    return resources.files("unsc").joinpath("data", "council")


def read_text(*parts: str) -> str:
    node = data_dir()
    for part in parts:
        node = node.joinpath(part)
    return node.read_text(encoding="utf-8")


def read_csv(name: str) -> list[dict[str, str]]:
    """Rows of a shipped CSV as dicts (small files, read whole)."""
    return list(csv.DictReader(io.StringIO(read_text(name), newline="")))
