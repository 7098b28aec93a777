"""Screening against the lists loaded in the store, with the index kept per list version.

The index depends only on the set of list versions screened, so it is keyed by the
database and by those versions (their ids and sha256): built once per process and kept
in memory. There is no disk cache: a pickled index under ``UNSC_HOME`` could run code
when loaded and could be doctored to hide a listed person, and a rebuild from the store
costs a few seconds (docs/benchmarks.md), so the index is always rebuilt from the rows
the store holds.
"""

from __future__ import annotations

from collections.abc import Sequence

from unsc import settings
from unsc.errors import ServiceUnavailableError
from unsc.lists import service as lists_service
from unsc.lists import versions_cache
from unsc.lists.model import Entity
from unsc.screening.compare import align, spelt, spelt_turns
from unsc.screening.index import KIND_WEIGHT, IndexedName, QueryForm
from unsc.screening.normalize import NormName, kinds, normalize, spelling
from unsc.screening.screener import Screener, similarity
from unsc.screening.types import Hit, Query

__all__ = ["current_screener", "score_pair", "screen"]

_SCREENERS: dict[tuple[str, ...], Screener] = {}


def _version_keys(lists: Sequence[str] | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(version ids, version id + sha256 pairs) of the current version of each list."""
    versions = [v for v in versions_cache.current_versions() if lists is None or v.list in lists]
    if not versions:
        wanted = f" for {', '.join(lists)}" if lists else ""
        raise ServiceUnavailableError(
            f"no sanctions list loaded{wanted}: load one with `unsc lists load FILE` "
            "(UN XML, OFAC CSV/XML, FtM JSON) or fetch the UN list with `unsc lists update`")
    ordered = sorted(versions, key=lambda v: v.version)
    return (tuple(v.version for v in ordered),
            tuple(f"{v.version}:{v.sha256}" for v in ordered))


def current_screener(lists: Sequence[str] | None = None) -> Screener:
    """The screener over the current version of each (or each named) list, kept in memory
    per database and set of versions (one set at a time, so memory stays bounded)."""
    ids, keyed = _version_keys(lists)
    key = (settings.database_url(), *keyed)
    cached = _SCREENERS.get(key)
    if cached is not None:
        return cached
    entities = [e for v in ids for e in lists_service.get_version_entities(v)]
    screener = Screener(entities)
    _SCREENERS.clear()
    _SCREENERS[key] = screener
    return screener


def screen(query: Query, *, limit: int = 5, threshold: float | None = None,
           lists: Sequence[str] | None = None, extra_entities: Sequence[Entity] = ()) -> list[Hit]:
    """Screen one query against the loaded lists (plus what-if ``extra_entities``)."""
    screener = current_screener(lists)
    if extra_entities:
        screener = Screener([*screener.entities, *extra_entities])
    return screener.screen(query, limit=limit, threshold=threshold)


def score_pair(name1: str, name2: str, schema: str | None = None) -> float:
    """Name similarity of two names alone (no list, no other evidence), 0..1.

    Without a list there is no token rarity, so tokens weigh by kind only (particles,
    titles, legal forms and country words little, name parts fully). The comparison is
    the screener's, taken both ways, and the better way counts: screening compares the
    name typed with the list name, and either of two names may be the one typed. A space
    typed one letter early reads as the name only one way round (Chong O kO for O, Chong
    Ok: 0.95 as screening scores it, 0.69 averaged with the other way).
    """
    org = schema is not None and schema != "Person"
    a, b = normalize(name1, org), normalize(name2, org)
    if not a.tokens or not b.tokens:
        return 0.0
    typed_a, typed_b = spelling(name1), spelling(name2)
    score = max(similarity(_form(a, org, typed_a), _listed(b, org, typed_b)),
                similarity(_form(b, org, typed_b), _listed(a, org, typed_a)))
    tokens_a, weights_a = _pair_tokens(a, org)
    tokens_b, weights_b = _pair_tokens(b, org)
    return max(score, _subset(tokens_a, weights_a, tokens_b, weights_b))


def _weights(tokens: tuple[str, ...], org: bool) -> tuple[float, ...]:
    return tuple(KIND_WEIGHT[k] for k in kinds(tokens, org))


def _pair_tokens(norm: NormName, org: bool) -> tuple[tuple[str, ...], tuple[float, ...]]:
    tokens = norm.tokens if norm.korean else norm.plain
    return tokens, _weights(tokens, org)


def _form(norm: NormName, org: bool, typed: tuple[str, ...]) -> QueryForm:
    tokens = {t for t, k in zip(norm.plain, kinds(norm.plain, org), strict=True) if k == "name"}
    plain = _weights(norm.plain, org)
    return QueryForm(norm.tokens, _weights(norm.tokens, org), norm.plain, plain, norm.pieces,
                     norm.korean, org, tuple(sorted(tokens)), plain, kinds(norm.plain, org),
                     spelt=spelt(typed))


def _listed(norm: NormName, org: bool, typed: tuple[str, ...]) -> IndexedName:
    return IndexedName(-1, " ".join(norm.plain), norm.tokens, _weights(norm.tokens, org),
                       norm.plain, _weights(norm.plain, org), norm.pieces, norm.korean,
                       False, "primary", not org, (), kinds(norm.plain, org),
                       spelt=spelt_turns(typed))


_SUBSET = 0.85
"""Score of a part-of match, times the mean similarity of the shorter name's parts."""
_SUBSET_MIN = 0.8
"""Every full-weight part of the shorter name must find a partner at least this close."""


def _subset(a: Sequence[str], aw: Sequence[float], b: Sequence[str],
            bw: Sequence[float]) -> float:
    """One name is a part of the other (Sultan ZABIN / SULTAN SALEH AIDA AIDA ZABIN): when at
    least two full-weight name parts of the shorter name all find a close partner, the
    longer name's extra parts (middle, tribal, father's names) count much less."""
    if len(a) > len(b):
        a, aw, b, bw = b, bw, a, aw
    full = [i for i, w in enumerate(aw) if w >= 1.0]
    if len(full) < 2 or len(a) == len(b):
        return 0.0
    sims = {i: sim for i, _, sim in align(a, b)}
    worst = min(sims.get(i, 0.0) for i in full)
    if worst < _SUBSET_MIN:
        return 0.0
    return _SUBSET * sum(sims[i] for i in full) / len(full)
