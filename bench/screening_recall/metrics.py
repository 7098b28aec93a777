"""Recall, match rates and false alerts, per class, culture and cell.

- R@1 / R@5: a right record (one carrying the base name) is first / among the 5 returned.
- M@ship: a right record is returned with a score at or above the system's shipped
  threshold (unsc ``match_threshold``, yente's 0.70; Jaro-Winkler ships none).
- M@tuned: the same at a threshold chosen on the *tuning* half: the lowest threshold at
  which at most 0.2 % (the issue's goal) of the tuning half's common-name negatives alert.
  All systems are thus compared at the same false-alert budget.
- dropped: the query raised an error (the subject was not screened); for dates also the
  rows ``screen batch`` gave no result group.
- negatives: share of common-name queries whose best hit is at or above the threshold.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from bench.screening_recall.dataset import (
    DOB_CLASSES,
    NAME_CLASSES,
    SINGLE_EDIT,
    Dataset,
    Pair,
    Query,
)
from bench.screening_recall.systems import Result

__all__ = ["FALSE_ALERT_BUDGET", "evaluate", "rank_of", "tuned_threshold"]

FALSE_ALERT_BUDGET = 0.002


def tuned_threshold(negative_top_scores: Sequence[float],
                    budget: float = FALSE_ALERT_BUDGET) -> float:
    """Lowest threshold letting at most ``budget`` of the negatives alert."""
    ordered = sorted(negative_top_scores, reverse=True)
    allowed = math.floor(budget * len(ordered))
    if not ordered or allowed >= len(ordered):
        return 0.0
    return math.nextafter(ordered[allowed], math.inf)


def rank_of(query: Query, result: Result) -> tuple[int | None, float]:
    """0-based rank and score of the first right record among the hits."""
    for i, (eid, score) in enumerate(result.hits):
        if eid in query.expected:
            return i, score
    return None, -1.0


def _top(result: Result) -> float:
    return result.hits[0][1] if result.hits else 0.0


def _rate(flags: Iterable[bool]) -> float:
    values = list(flags)
    return sum(values) / len(values) if values else float("nan")


def summarize(rows: Sequence[tuple[Query, Result]], ship: float | None,
              tuned: float) -> dict[str, Any]:
    ranks = [rank_of(q, r) for q, r in rows]
    out: dict[str, Any] = {
        "n": len(rows),
        "r1": _rate(rank == 0 for rank, _ in ranks),
        "r5": _rate(rank is not None and rank < 5 for rank, _ in ranks),
        "m_tuned": _rate(rank is not None and s >= tuned for rank, s in ranks),
        "dropped": _rate(r.error is not None for _, r in rows),
        "m_ship": (float("nan") if ship is None else
                   _rate(rank is not None and s >= ship for rank, s in ranks)),
    }
    cands = [(q, r) for q, r in rows if r.candidates is not None]
    if cands:
        out["candidates"] = _rate(bool(q.expected & set(r.candidates or ())) for q, r in cands)
    return out


def _group(rows: Sequence[tuple[Query, Result]], by: Callable[[Query], str | None],
           ship: float | None, tuned: float) -> dict[str, dict[str, Any]]:
    groups: dict[str, list[tuple[Query, Result]]] = defaultdict(list)
    for q, r in rows:
        if (k := by(q)) is not None:
            groups[k].append((q, r))
    return {k: summarize(v, ship, tuned) for k, v in groups.items()}


def evaluate(data: Dataset, split: str, results: dict[str, Result], ship: float | None,
             pair_scores: Sequence[float], batch_dropped: set[str] | None = None,
             seconds: float = 0.0, n_run: int = 0) -> dict[str, Any]:
    """All figures of one system on one half (thresholds always from the tuning half)."""
    tune_neg = [_top(results[q.qid]) for q in data.queries
                if q.cls == "negative" and q.split == "tune"]
    tuned = tuned_threshold(tune_neg)
    rows = [(q, results[q.qid]) for q in data.queries if q.split == split]
    pos = [(q, r) for q, r in rows if q.target is not None]
    neg = [(q, r) for q, r in rows if q.target is None]
    name_rows = [(q, r) for q, r in pos if q.cls in NAME_CLASSES]
    out: dict[str, Any] = {
        "threshold_ship": ship, "threshold_tuned": tuned,
        "by_class": _group(pos, lambda q: q.cls, ship, tuned),
        "by_culture": _group(name_rows, lambda q: q.culture, ship, tuned),
        "by_cell": _group(pos, lambda q: f"{q.cls}|{q.culture}", ship, tuned),
        "groups": {
            "single_edit": summarize([x for x in pos if x[0].cls in SINGLE_EDIT], ship, tuned),
            "single_edit_korean": summarize(
                [x for x in pos if x[0].cls in SINGLE_EDIT and x[0].culture == "korean"],
                ship, tuned),
            "all": summarize(pos, ship, tuned),
        },
        "negatives": {
            "n": len(neg),
            "flagged_tuned": _rate(_top(r) >= tuned for _, r in neg),
            "flagged_ship": (float("nan") if ship is None else
                             _rate(_top(r) >= ship for _, r in neg)),
            "by_culture": {c: _rate(_top(r) >= (ship if ship is not None else tuned)
                                    for q, r in neg if q.culture == c)
                           for c in sorted({q.culture for q, _ in neg})},
        },
        "qps": n_run / seconds if seconds else float("nan"),
        "seconds": seconds,
    }
    alert_at = ship if ship is not None else tuned
    caption = {rec.id: rec.caption for rec in data.records}
    alerting = sorted(((r.hits[0][1], q.text, r.hits[0][0]) for q, r in neg
                       if _top(r) >= alert_at), key=lambda x: (-x[0], x[1]))
    out["negatives"]["alerting"] = [
        {"query": t, "id": eid, "caption": caption.get(eid, eid), "score": round(sc, 4)}
        for sc, t, eid in alerting[:12]]
    if batch_dropped is not None:
        dob = [q for q, _ in pos if q.cls in DOB_CLASSES]
        for cls in DOB_CLASSES:
            mine = [q for q in dob if q.cls == cls]
            if cls in out["by_class"]:
                out["by_class"][cls]["dropped_batch"] = _rate(q.qid in batch_dropped
                                                              for q in mine)
    out["pairs"] = _pairs(data.pairs, pair_scores, split, ship, tuned)
    return out


def _pairs(pairs: Sequence[Pair], scores: Sequence[float], split: str, ship: float | None,
           tuned: float) -> dict[str, dict[str, Any]]:
    by: dict[str, dict[str, list[float]]] = defaultdict(lambda: {"pos": [], "neg": []})
    for p, s in zip(pairs, scores, strict=True):
        if p.split == split:
            for k in (p.cls, "all"):
                by[k]["pos" if p.label else "neg"].append(s)
    out: dict[str, dict[str, Any]] = {}
    for k, v in by.items():
        out[k] = {"n": len(v["pos"]),
                  "recall_tuned": _rate(s >= tuned for s in v["pos"]),
                  "false_tuned": _rate(s >= tuned for s in v["neg"]),
                  "recall_ship": (float("nan") if ship is None else
                                  _rate(s >= ship for s in v["pos"])),
                  "false_ship": (float("nan") if ship is None else
                                 _rate(s >= ship for s in v["neg"]))}
    return out
