"""The three systems under comparison, behind one small interface.

- ``unsc``: ``unsc.screening.score_pair`` for pairs and ``unsc.screening.Screener`` for
  screening, exactly as the product ships them.
- ``logic-v2``: nomenklatura's LogicV2 (the matcher behind OpenSanctions' yente) with its
  default configuration. Pairs: two FollowTheMoney entities with one name each. Screening:
  a cheap candidate stage (rapidfuzz token_set_ratio top-50 over ASCII-transliterated
  names, as yente narrows candidates with an index before scoring), then LogicV2.compare
  against every candidate entity with all its names (weak aliases as ``weakAlias``).
- ``jaro-winkler``: rapidfuzz Jaro-Winkler on casefolded, accent-free names; an entity
  scores the maximum over its names.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from bench.screening_eval.dataset import Pair, ScreenQuery
from bench.screening_eval.variants import norm
from normality import ascii_text
from rapidfuzz import fuzz, process
from rapidfuzz.distance import JaroWinkler

from unsc.lists.model import Entity, NameQuality

__all__ = ["JaroWinklerSystem", "LogicV2System", "System", "UnscSystem", "all_systems"]

Hits = list[tuple[str, float]]


class System(Protocol):
    name: str
    default_threshold: float | None  # the threshold the system ships with, if any

    def score_pairs(self, pairs: Sequence[Pair]) -> list[float]: ...

    def build(self, entities: list[Entity]) -> Any: ...

    def screen(self, index: Any, query: ScreenQuery, limit: int) -> Hits: ...


class UnscSystem:
    name = "unsc"

    def __init__(self) -> None:
        import unsc.screening as screening
        from unsc import settings

        self._s: Any = screening
        self.default_threshold: float | None = float(settings.get("match_threshold"))

    def score_pairs(self, pairs: Sequence[Pair]) -> list[float]:
        return [float(self._s.score_pair(p.query, p.target, schema=p.schema)) for p in pairs]

    def build(self, entities: list[Entity]) -> Any:
        return self._s.Screener(entities)

    def screen(self, index: Any, query: ScreenQuery, limit: int) -> Hits:
        hits = index.screen(self._s.Query(query.query, schema=query.schema), limit=limit)
        return [(h.entity.id, float(h.score)) for h in hits]


class JaroWinklerSystem:
    name = "jaro-winkler"
    default_threshold: float | None = None

    def score_pairs(self, pairs: Sequence[Pair]) -> list[float]:
        return [JaroWinkler.similarity(norm(p.query), norm(p.target)) for p in pairs]

    def build(self, entities: list[Entity]) -> Any:
        names = [norm(n.value) for e in entities for n in e.names]
        owners = [e.id for e in entities for _ in e.names]
        return names, owners

    def screen(self, index: Any, query: ScreenQuery, limit: int) -> Hits:
        names, owners = index
        best: dict[str, float] = {}
        for _, score, i in process.extract(norm(query.query), names,
                                           scorer=JaroWinkler.similarity, limit=limit * 8):
            best[owners[i]] = max(best.get(owners[i], 0.0), float(score))
        return sorted(best.items(), key=lambda kv: -kv[1])[:limit]


def _ascii(name: str) -> str:
    return norm(ascii_text(name) or name)


class LogicV2System:
    name = "logic-v2"
    default_threshold: float | None = 0.7  # yente's server default match threshold

    def __init__(self) -> None:
        from followthemoney import model
        from nomenklatura.matching import LogicV2

        self._model = model
        self._algo = LogicV2
        self._config = LogicV2.default_config()
        self._n = 0

    def _entity(self, schema: str, names: Sequence[tuple[str, str]]) -> Any:
        proxy = self._model.make_entity(schema)
        self._n += 1
        proxy.id = f"e{self._n}"
        for prop, value in names:
            proxy.add(prop, value)
        return proxy

    def _score(self, query: Any, result: Any) -> float:
        return float(self._algo.compare(query, result, self._config).score)

    def score_pairs(self, pairs: Sequence[Pair]) -> list[float]:
        return [self._score(self._entity(p.schema, [("name", p.query)]),
                            self._entity(p.schema, [("name", p.target)])) for p in pairs]

    def build(self, entities: list[Entity]) -> Any:
        proxies = {}
        for e in entities:
            props = [("name" if n.kind == "primary" else
                      "weakAlias" if n.quality == NameQuality.WEAK else "alias", n.value)
                     for n in e.names]
            proxies[e.id] = self._entity(str(e.schema), props)
        names = [_ascii(n.value) for e in entities for n in e.names]
        owners = [e.id for e in entities for _ in e.names]
        return proxies, names, owners

    def screen(self, index: Any, query: ScreenQuery, limit: int) -> Hits:
        proxies, names, owners = index
        found = process.extract(_ascii(query.query), names, scorer=fuzz.token_set_ratio,
                                limit=50)
        candidates = dict.fromkeys(owners[i] for _, _, i in found)
        q = self._entity(query.schema, [("name", query.query)])
        scored = [(eid, self._score(q, proxies[eid])) for eid in candidates]
        return sorted(scored, key=lambda kv: -kv[1])[:limit]


def all_systems() -> list[System]:
    """The systems to compare; unsc is skipped (with a note) only if it cannot be imported."""
    systems: list[System] = []
    try:
        systems.append(UnscSystem())
    except (ImportError, AttributeError) as exc:  # engine not built yet in this checkout
        print(f"unsc screening not available: {exc}")
    systems += [LogicV2System(), JaroWinklerSystem()]
    return systems
