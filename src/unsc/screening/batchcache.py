"""The batch result cache: each distinct query of a file screened and rendered once per process.

Customer files repeat names, and the index is immutable, so a result cannot go stale. An
entry keeps each hit's output cells already rendered (a repeated name costs a list copy,
not seven conversions per hit and row) and what :func:`unsc.screening.batch.screen_rows`
needs to give the typed values back. Entries are kept up to a byte budget (setting
``batch_cache_mb``), least recently used dropped first; the size of an entry is counted
from the objects it keeps alive, so the budget holds as many entries as its memory allows.
"""

from __future__ import annotations

import sys
import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from unsc import settings
from unsc.errors import InputError
from unsc.screening.batchio import cell
from unsc.screening.types import Query

if TYPE_CHECKING:
    from unsc.screening.screener import Screener

__all__ = ["RESULTS", "HitCells", "ResultCache", "Screened", "entry_bytes", "screen_one"]


class HitCells(NamedTuple):
    """One hit as the output holds it (``cells``: entity_id, reference_number, list,
    score, match, matched_name, explanation) plus the typed values the text loses."""

    cells: tuple[str, ...]
    score: float
    match: bool
    reference_number: str | None


Screened = tuple[tuple[HitCells, ...], tuple[str, ...]]
"""A query's hits and its own warnings."""
_ENTRY = 420
"""Bytes an entry costs besides its strings and hits: the ordered dict's slot and link,
the key and value tuples, the tuple of hits (CPython 3.11, 64-bit)."""
_HIT = 330
"""Bytes of one hit besides its explanation: its tuple, the cells tuple, the score as a
float and as text."""


class ResultCache:
    """Results of identical queries (same name and evidence), per process, within a byte
    budget, least recently used dropped first."""

    def __init__(self) -> None:
        self.items: OrderedDict[tuple[Any, ...], tuple[Screened, int]] = OrderedDict()
        self.bytes = 0
        self.owner: Screener | None = None
        self.lock = threading.Lock()

    def get(self, screener: Screener, key: tuple[Any, ...]) -> Screened | None:
        with self.lock:
            if self.owner is not screener:
                self.items.clear()
                self.bytes, self.owner = 0, screener
            found = self.items.get(key)
            if found is None:
                return None
            self.items.move_to_end(key)
            return found[0]

    def put(self, key: tuple[Any, ...], value: Screened) -> None:
        budget = float(settings.get("batch_cache_mb")) * 1e6
        size = entry_bytes(key, value)
        with self.lock:
            if key in self.items or size > budget:
                return
            self.items[key] = (value, size)
            self.bytes += size
            while self.bytes > budget and self.items:
                _, (_, old) = self.items.popitem(last=False)
                self.bytes -= old


def entry_bytes(key: tuple[Any, ...], value: Screened) -> int:
    """Memory one entry keeps alive: its containers, the key's strings, and per hit its
    explanation (names and ids are the entity's own strings, shared)."""
    hits, warnings = value
    size = _ENTRY + sum(sys.getsizeof(v) for v in key) + sum(sys.getsizeof(w) for w in warnings)
    return size + sum(_HIT + sys.getsizeof(h.cells[6]) for h in hits)


RESULTS = ResultCache()


def screen_one(screener: Screener, values: Sequence[Any], limit: int,
               threshold: float | None) -> Screened:
    """Hits of one query tuple and the query's own warnings; a row that cannot make a
    query (no name, no id_number) gets no hits and says why."""
    _, name, schema, birth, nat, number = values[:6]
    try:
        query = Query(name=name, schema=schema or None, birth_date=birth or None,
                      nationality=nat or None, id_number=number or None)
    except InputError as exc:
        return (), (f"not screened: {exc}",)
    hits = tuple(HitCells(tuple(cell(v) for v in (
        h.entity.id, h.entity.reference_number, h.entity.list, h.score, h.match,
        h.matched_name, h.explanation)), h.score, h.match, h.entity.reference_number)
        for h in screener.screen(query, limit=limit, threshold=threshold))
    return hits, query.warnings
