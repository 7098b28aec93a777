"""Screen queries against a fixed set of entities: candidates from the index, then scoring.

A :class:`Screener` needs no store: give it entities (a list version, a test fixture, a
what-if designation) and call :meth:`Screener.screen`. Per query it normalises the name,
asks the index for the few list names sharing identifying tokens, scores the best name of
each candidate entity, adds the other evidence (date of birth, nationality, schema,
document number) and explains the result.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import pairwise

from unsc import settings
from unsc.lists.model import Entity
from unsc.screening import features as F
from unsc.screening.compare import name_similarity
from unsc.screening.index import IndexedName, NameIndex, doc_key
from unsc.screening.normalize import normalize
from unsc.screening.types import FeatureScore, Hit, Query

__all__ = ["MIN_SCORE", "Screener"]

MIN_SCORE = 0.5
"""Candidates scoring below this are not worth showing at all (far below any threshold)."""
_CANDIDATE_NAMES = 12
_BEST_CACHE_SIZE = 20_000
"""Name-stage results kept per screener (about 1 KB each): customer files and API traffic
repeat names. Cleared when full, so memory stays bounded in long-lived processes."""
_Best = dict[int, tuple[float, IndexedName | None]]
_ORG_SCHEMAS = {"Organization", "Company", "LegalEntity", "PublicBody", "Vessel", "Airplane"}


class Screener:
    """Screens queries against ``entities``; the index is built once, in the constructor."""

    def __init__(self, entities: Sequence[Entity]) -> None:
        self.index = NameIndex(entities)
        self._best_cache: dict[tuple[tuple[str, ...], tuple[str, ...]], _Best] = {}

    def __getstate__(self) -> dict[str, object]:
        """Pickle the index only: the per-name result cache is rebuilt on demand."""
        return {k: v for k, v in self.__dict__.items() if k != "_best_cache"}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._best_cache = {}

    @property
    def entities(self) -> list[Entity]:
        return self.index.entities

    def screen(self, query: Query, limit: int = 5, threshold: float | None = None) -> list[Hit]:
        """The best ``limit`` hits for one query, highest score first."""
        thr = float(settings.get("match_threshold")) if threshold is None else threshold
        best = self._best_names(query)
        docs: tuple[int, ...] = ()
        if query.id_number:
            docs = tuple(self.index.documents.get(doc_key(query.id_number), ()))
            best = dict(best)  # the cached name-stage result is shared: copy before adding
            for e_idx in docs:
                best.setdefault(e_idx, (0.0, None))
        # Full evidence only for the entities that can still make the list: other features
        # move a score by at most a few hundredths, except a document number (always kept).
        ranked = sorted(best.items(), key=lambda kv: -kv[1][0])
        keep = [kv for i, kv in enumerate(ranked)
                if (i < limit + 3 and kv[1][0] >= MIN_SCORE - 0.1) or kv[0] in docs]
        scored = [self._evidence(query, e_idx, sim, name) for e_idx, (sim, name) in keep]
        scored = [x for x in scored if x[0] >= MIN_SCORE]
        scored.sort(key=lambda x: (-x[0], self.index.entities[x[1]].id))
        # Explanations are built only for the hits returned.
        return [self._hit(query, score, e_idx, name, feats, thr)
                for score, e_idx, name, feats in scored[:limit]]

    def screen_many(self, queries: Iterable[Query], limit: int = 5,
                    threshold: float | None = None) -> Iterator[list[Hit]]:
        """Hits for each query in turn (lazy, so a generator of millions streams)."""
        thr = float(settings.get("match_threshold")) if threshold is None else threshold
        for query in queries:
            yield self.screen(query, limit=limit, threshold=thr)

    def _query_tokens(self, query: Query) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Query tokens as a person name and as an organisation name (one may be empty)."""
        person = () if query.schema in _ORG_SCHEMAS else normalize(query.name).tokens
        org = () if query.schema == "Person" else normalize(query.name, True).tokens
        return person, org

    def _best_names(self, query: Query) -> _Best:
        """Best-scoring list name per candidate entity. The result depends on the query's
        tokens only (the index is immutable), so it is cached per token pair. The dict
        returned is shared with the cache: callers copy it before changing it."""
        key = self._query_tokens(query)
        cached = self._best_cache.get(key)
        if cached is None:
            cached = self._score_names(*key)
            if len(self._best_cache) >= _BEST_CACHE_SIZE:
                self._best_cache.clear()
            self._best_cache[key] = cached
        return cached

    def _score_names(self, person: tuple[str, ...], org: tuple[str, ...]) -> _Best:
        if not person and not org:
            return {}
        weight = self.index.query_weight
        pw = tuple(weight(t) for t in person)
        ow = tuple(weight(t) for t in org)
        best: dict[int, tuple[float, IndexedName | None]] = {}
        names = self.index.names
        postings = self.index.postings
        joined = {a + b for tokens in (person, org) for a, b in pairwise(tokens)
                  if a + b in postings}
        for n_idx in self.index.candidates(tuple(set(person) | set(org)), _CANDIDATE_NAMES,
                                           joined=tuple(joined)):
            cand = names[n_idx]
            q, qw = (person, pw) if cand.person else (org, ow)
            if not q:
                q, qw = (org, ow) if cand.person else (person, pw)
            sim = name_similarity(q, qw, cand.tokens, cand.weights)
            if cand.weak:
                sim *= 1.0  # discounted as a feature, so the explanation shows it
            prev = best.get(cand.entity)
            if prev is None or _rank(sim, cand) > _rank(prev[0], prev[1]):
                best[cand.entity] = (sim, cand)
        return best

    def _evidence(self, query: Query, e_idx: int, sim: float, name: IndexedName | None,
                  ) -> tuple[float, int, IndexedName | None, list[FeatureScore]]:
        """The score of one candidate entity and the features it is made of."""
        entity = self.index.entities[e_idx]
        list_name = name.text if name else entity.caption
        feats: list[FeatureScore] = [F.name_match(sim, query.name, list_name)]
        if name is not None and name.weak:
            feats.append(F.weak_alias(sim, list_name))
        for extra in (F.birth_date(query.birth_date, entity),
                      F.nationality(query.nationality, entity),
                      F.schema_mismatch(query.schema, entity)):
            if extra is not None:
                feats.append(extra)
        rest = sum(f.contribution for f in feats)
        doc = F.id_number(query.id_number, entity, rest)
        if doc is not None:
            feats.append(doc)
        score = min(1.0, max(0.0, sum(f.contribution for f in feats)))
        return score, e_idx, name, feats

    def _hit(self, query: Query, score: float, e_idx: int, name: IndexedName | None,
             feats: list[FeatureScore], thr: float) -> Hit:
        entity = self.index.entities[e_idx]
        list_name = name.text if name else entity.caption
        match = score >= thr
        return Hit(entity=entity, score=score, match=match, matched_name=list_name,
                   query_name=query.name, features=feats,
                   explanation=_explain(query, entity, list_name, name, feats, score, thr))


def _rank(sim: float, name: IndexedName | None) -> float:
    """Prefer strong names over weak ones at equal similarity."""
    if name is None:
        return sim
    return sim * (1.0 - F.WEIGHTS["weak_alias"]) if name.weak else sim


def _explain(query: Query, entity: Entity, list_name: str, name: IndexedName | None,
             feats: list[FeatureScore], score: float, thr: float) -> str:
    kind = name.kind if name else "caption"
    quality = " weak" if name and name.weak else ""
    head = (f"{query.name!r} matched {list_name!r} ({kind}{quality} name of "
            f"{entity.reference_number or entity.id})")
    parts = [f"{f.name} {f.contribution:+.2f} ({f.detail})" for f in feats[1:]]
    body = f"name similarity {feats[0].contribution:.2f}"
    if parts:
        body += "; " + "; ".join(parts)
    verdict = "match" if score >= thr else "no match"
    return f"{head}: {body}; score {score:.2f} {'>=' if score >= thr else '<'} " \
           f"threshold {thr:.2f}: {verdict}"
