"""The misses of one system, for diagnosis: one JSON object per line.

A miss is a positive query whose right record is not first, or not returned at the
shipped threshold, or a negative that alerts. Each line gives the query, the expected
records and the five returned with their scores.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from bench.screening_recall.dataset import Query
from bench.screening_recall.metrics import rank_of
from bench.screening_recall.records import Record
from bench.screening_recall.systems import Result

__all__ = ["dump"]


def _why(query: Query, result: Result, threshold: float) -> str | None:
    if result.error:
        return "dropped"
    if query.target is None:
        return "negative alerts" if result.hits and result.hits[0][1] >= threshold else None
    rank, score = rank_of(query, result)
    if rank is None:
        return "not in top 5"
    if rank > 0:
        return "not first"
    return "below threshold" if score < threshold else None


def dump(path: Path, rows: Sequence[tuple[Query, Result]], records: Sequence[Record],
         threshold: float) -> int:
    """Write the misses to ``path``; return how many."""
    caption = {r.id: r.caption for r in records}
    n = 0
    with path.open("w", encoding="utf-8") as fh:
        for q, r in rows:
            why = _why(q, r, threshold)
            if why is None:
                continue
            n += 1
            fh.write(json.dumps({
                "why": why, "class": q.cls, "culture": q.culture, "query": q.text,
                "birth_date": q.birth_date, "base": q.base, "detail": q.detail,
                "target": q.target, "target_caption": caption.get(q.target or ""),
                "expected": sorted(q.expected), "error": r.error,
                "top5": [{"id": eid, "caption": caption.get(eid), "score": round(s, 4)}
                         for eid, s in r.hits[:5]],
            }, ensure_ascii=False) + "\n")
    return n
