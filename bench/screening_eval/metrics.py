"""Metrics: ROC AUC, recall at a matched false-positive rate, tuned thresholds.

Thresholds are tuned on the dev split and reported on the test split. The tuning
objective is Youden's J (recall minus false-positive rate): the evaluation's class balance
is an artefact of how many variants we generate, so the objective must not depend on it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["auc", "best_threshold", "rate_at", "threshold_at_fpr"]


def auc(pos: Sequence[float], neg: Sequence[float]) -> float:
    """Probability a random positive outscores a random negative (ties count half)."""
    if not pos or not neg:
        return float("nan")
    p = np.asarray(pos, dtype=float)
    n = np.sort(np.asarray(neg, dtype=float))
    below = np.searchsorted(n, p, side="left")
    equal = np.searchsorted(n, p, side="right") - below
    return float((below + 0.5 * equal).sum() / (len(p) * len(n)))


def rate_at(scores: Sequence[float], threshold: float) -> float:
    """Fraction of scores at or above the threshold (recall on positives, FPR on negatives)."""
    if not scores:
        return float("nan")
    return float(np.mean(np.asarray(scores, dtype=float) >= threshold))


def threshold_at_fpr(neg: Sequence[float], fpr: float) -> float:
    """The lowest threshold at which at most ``fpr`` of the negatives score at or above it."""
    ordered = np.sort(np.asarray(neg, dtype=float))[::-1]
    allowed = int(np.floor(fpr * len(ordered)))
    if allowed >= len(ordered):
        return float(ordered[-1])
    return float(np.nextafter(ordered[allowed], np.inf))


def best_threshold(pos: Sequence[float], neg: Sequence[float]) -> float:
    """The threshold maximising recall minus false-positive rate (Youden's J) on dev.

    J weighs a missed positive and a false alarm by their *rates*, so the class balance
    of the evaluation does not move the threshold, and "everything matches" scores 0 (a
    balanced F1 would give that 2/3 and pick it for a weak baseline). Ties go to the
    higher threshold (fewer alerts).
    """
    p = np.asarray(pos, dtype=float)
    n = np.asarray(neg, dtype=float)
    best, best_t = -1.0, 0.5
    for t in np.unique(np.concatenate([p, n])):
        j = float((p >= t).mean()) - float((n >= t).mean())
        if j >= best:
            best, best_t = j, float(t)
    return best_t
