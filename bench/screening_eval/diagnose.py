"""Why unsc misses a screening target: the candidate stage or the score.

For every test positive whose target is not in unsc's top 5, the best ``score_pair`` of
the query against the target's own names tells the two apart: at or above the threshold
the scorer would have matched, so the index never proposed the target ("candidate
miss"); below it, the name score itself is too low ("low score").
"""

from __future__ import annotations

from collections import Counter, defaultdict

from bench.screening_eval.dataset import Dataset, ScreenQuery
from bench.screening_eval.runner import SystemRun

__all__ = ["diagnose"]


def diagnose(data: Dataset, queries: list[ScreenQuery], run: SystemRun, threshold: float,
             examples: int) -> str:
    import unsc.screening as screening

    entities = {"full": {e.id: e for e in data.entities},
                "primary": {e.id: e for e in data.primary_entities}}
    counts: Counter[tuple[str, str]] = Counter()
    shown: dict[str, list[str]] = defaultdict(list)
    for q, hits in zip(queries, run.screen_hits, strict=True):
        if q.target_id is None or q.split != "test":
            continue
        if any(eid == q.target_id for eid, _ in hits):
            counts[(q.set, "found")] += 1
            continue
        target = entities[q.index][q.target_id]
        score, name = max((screening.score_pair(q.query, n.value, schema=q.schema), n.value)
                          for n in target.names)
        kind = "candidate_miss" if score >= threshold else "low_score"
        counts[(q.set, kind)] += 1
        if len(shown[f"{q.set}/{kind}"]) < examples:
            shown[f"{q.set}/{kind}"].append(f"   {q.query!r} -> {name!r} score_pair={score:.2f}")
    lines = ["", f"unsc screening misses (test split; threshold {threshold:.3f}):"]
    for set_ in sorted({s for s, _ in counts}):
        lines.append(f"-- {set_}: found {counts[(set_, 'found')]}, candidate_miss "
                     f"{counts[(set_, 'candidate_miss')]}, low_score {counts[(set_, 'low_score')]}")
        for kind in ("candidate_miss", "low_score"):
            lines += [f"   [{kind}]", *shown[f"{set_}/{kind}"]]
    return "\n".join(lines)
