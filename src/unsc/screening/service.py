"""Screening against the lists loaded in the store, with the index cached per list version.

The index depends only on the set of list versions screened, so it is keyed by their
version ids (and the database): built once per process (kept in memory) and pickled under
``$UNSC_HOME/cache`` so the next process loads it instead of re-reading every entity
from the store. A new list version changes the key; stale files are removed.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Sequence
from pathlib import Path

from unsc import settings
from unsc.errors import ServiceUnavailableError
from unsc.lists import service as lists_service
from unsc.lists.model import Entity
from unsc.screening.compare import align, name_similarity
from unsc.screening.normalize import normalize, token_kind
from unsc.screening.screener import Screener
from unsc.screening.types import Hit, Query

__all__ = ["current_screener", "score_pair", "screen"]

_CACHE_FORMAT = "v1"
_SCREENERS: dict[tuple[str, ...], Screener] = {}


def _version_ids(lists: Sequence[str] | None) -> tuple[str, ...]:
    versions = [v for v in lists_service.latest_versions() if lists is None or v.list in lists]
    if not versions:
        wanted = f" for {', '.join(lists)}" if lists else ""
        raise ServiceUnavailableError(
            f"no sanctions list loaded{wanted}: load one with `unsc lists load FILE` "
            "(UN XML, OFAC CSV/XML, FtM JSON) or fetch the UN list with `unsc lists update`")
    return tuple(sorted(v.version for v in versions))


def _cache_path(key: tuple[str, ...]) -> Path:
    digest = hashlib.sha256("|".join((_CACHE_FORMAT, *key[1:])).encode()).hexdigest()[:24]
    return settings.home() / "cache" / f"screening-{digest}.pickle"


def current_screener(lists: Sequence[str] | None = None) -> Screener:
    """The screener over the latest version of each (or each named) list, cached."""
    key = (settings.database_url(), *_version_ids(lists))
    cached = _SCREENERS.get(key)
    if cached is not None:
        return cached
    path = _cache_path(key)
    screener: Screener | None = None
    if settings.get("screening_disk_cache") and path.is_file():
        try:
            with path.open("rb") as fh:
                loaded = pickle.load(fh)  # our own file under UNSC_HOME, keyed by versions
            screener = loaded if isinstance(loaded, Screener) else None
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            screener = None
    if screener is None:
        entities = [e for v in key[1:] for e in lists_service.get_version_entities(v)]
        screener = Screener(entities)
        if settings.get("screening_disk_cache"):
            _write_cache(path, screener)
    _SCREENERS.clear()  # one set of versions at a time keeps memory bounded
    _SCREENERS[key] = screener
    return screener


def _write_cache(path: Path, screener: Screener) -> None:
    """Atomically replace the cache file and drop caches of older version sets."""
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in path.parent.glob("screening-*.pickle"):
        if stale != path:
            stale.unlink(missing_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(screener, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)


def screen(query: Query, *, limit: int = 5, threshold: float | None = None,
           lists: Sequence[str] | None = None, extra_entities: Sequence[Entity] = ()) -> list[Hit]:
    """Screen one query against the loaded lists (plus what-if ``extra_entities``)."""
    screener = current_screener(lists)
    if extra_entities:
        screener = Screener([*screener.entities, *extra_entities])
    return screener.screen(query, limit=limit, threshold=threshold)


def score_pair(name1: str, name2: str, schema: str | None = None) -> float:
    """Name similarity of two names alone (no list, no other evidence), 0..1.

    Without a list there is no token rarity, so tokens weigh by kind only (particles and
    legal forms little, name parts fully).
    """
    org = schema is not None and schema != "Person"
    a, b = normalize(name1, org).tokens, normalize(name2, org).tokens
    aw, bw = _pair_weights(a), _pair_weights(b)
    score = (name_similarity(a, aw, b, bw) + name_similarity(b, bw, a, aw)) / 2.0
    return max(score, _subset(a, aw, b, bw))


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


_KIND_WEIGHTS = {"name": 1.0, "particle": 0.15, "legal": 0.2}
_TITLES = frozenset({"dr", "sheikh", "shaykh", "shaikh", "sheik", "cheikh", "haji", "hajji",
                     "hajii", "hadji", "alhaji", "mullah", "mulla", "maulvi", "mawlawi",
                     "maulavi", "moulavi", "mr", "mrs", "the"})
"""Titles and honorifics one list writes and the other drops (DR. ABBASI, Haji Khairullah,
Shaykh Yunis): weighed like particles when a name has other tokens."""


def _pair_weights(tokens: Sequence[str]) -> tuple[float, ...]:
    weights = [_KIND_WEIGHTS[token_kind(t)] for t in tokens]
    if len(tokens) > 1:
        weights = [_KIND_WEIGHTS["particle"] if t in _TITLES else w
                   for t, w in zip(tokens, weights, strict=True)]
    return tuple(weights)
