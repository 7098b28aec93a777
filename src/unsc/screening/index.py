"""The candidate index: which list names could possibly be the query, found in microseconds.

Every list name is normalised once into tokens. Three dictionaries then point from a key
to the names containing it: the exact token, its metaphone key (sound-alike spellings),
and, for tokens the list does not contain, the list tokens within a small edit distance
(found with ``rapidfuzz.process.extract`` over the token vocabulary and cached, since
queries in a batch share most of their tokens). Particles (al, bin) and legal forms (llc)
never select candidates on their own. Identity-document numbers have their own index.

Token weights: rare tokens identify, common ones (KIM, KOREA, MOHAMMED) barely do, so a
token weighs ``1 / (1 + ln(1 + df) / 4)`` of its kind's base weight.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from unsc.lists.model import Entity, NameQuality, Schema
from unsc.screening.normalize import normalize, phonetic, skeleton, token_kind

__all__ = ["IndexedName", "NameIndex", "doc_key"]

_KIND_WEIGHT = {"name": 1.0, "particle": 0.15, "legal": 0.2}
_DOC_CLEAN = re.compile(r"[^0-9A-Z]")


def doc_key(number: str) -> str:
    """A document number without spaces, dashes or case (``381 310-014`` = ``381310014``)."""
    return _DOC_CLEAN.sub("", number.upper())


@dataclass(frozen=True, slots=True)
class IndexedName:
    """One list name, normalised, with the entity it belongs to."""

    entity: int
    text: str
    tokens: tuple[str, ...]
    weights: tuple[float, ...]
    weak: bool
    kind: str


class NameIndex:
    """Inverted index over the names of a fixed set of entities (immutable once built)."""

    def __init__(self, entities: Sequence[Entity]) -> None:
        self.entities = list(entities)
        self.names: list[IndexedName] = []
        raw: list[tuple[int, str, tuple[str, ...], bool, str]] = []
        for e_idx, entity in enumerate(self.entities):
            org = entity.schema != Schema.PERSON
            seen: set[tuple[str, ...]] = set()
            for name in entity.names:
                tokens = normalize(name.value, org).tokens
                if not tokens or tokens in seen:
                    continue
                seen.add(tokens)
                raw.append((e_idx, name.value, tokens, name.quality == NameQuality.WEAK,
                            name.kind))
        df: dict[str, int] = defaultdict(int)
        for _, _, tokens, _, _ in raw:
            for token in set(tokens):
                df[token] += 1
        self.df = dict(df)
        self._weights: dict[str, float] = {}
        postings: dict[str, list[int]] = defaultdict(list)
        for n_idx, (e_idx, text, tokens, weak, kind) in enumerate(raw):
            weights = tuple(self.weight(t) for t in tokens)
            self.names.append(IndexedName(e_idx, text, tokens, weights, weak, kind))
            for token in set(tokens):
                if token_kind(token) == "name":
                    postings[token].append(n_idx)
        self.postings = {t: tuple(p) for t, p in postings.items()}
        self.posting_sets = {t: frozenset(p) for t, p in postings.items() if len(p) > 64}
        self.vocab = list(self.postings)
        sounds: dict[str, list[str]] = defaultdict(list)
        for token in self.vocab:
            key = phonetic(token)
            if key:
                sounds[key].append(token)
        self.sounds = dict(sounds)
        bones: dict[str, list[str]] = defaultdict(list)
        for token in self.vocab:
            bone = skeleton(token)
            if len(bone) >= 2 and not token.isupper():
                bones[bone].append(token)
        self.skeletons = dict(bones)
        docs: dict[str, list[int]] = defaultdict(list)
        for e_idx, entity in enumerate(self.entities):
            numbers = [d.number for d in entity.documents]
            if entity.vessel and entity.vessel.imo:
                numbers.append(entity.vessel.imo)
            for number in numbers:
                key = doc_key(number)
                if len(key) >= 5:
                    docs[key].append(e_idx)
        self.documents = dict(docs)
        self._expand_cache: dict[str, tuple[str, ...]] = {}

    def weight(self, token: str) -> float:
        """How much a token identifies a name (kind weight x rarity)."""
        cached = self._weights.get(token)
        if cached is None:
            base = _KIND_WEIGHT[token_kind(token)]
            cached = base / (1.0 + math.log1p(self.df.get(token, 0)) / 4.0)
            if len(self._weights) < 1_000_000:
                self._weights[token] = cached
        return cached

    def expand(self, token: str) -> tuple[str, ...]:
        """List tokens that may be spellings of ``token`` (itself, sound-alikes, near typos)."""
        cached = self._expand_cache.get(token)
        if cached is not None:
            return cached
        found: list[str] = []
        if token in self.postings:
            found.append(token)
        key = phonetic(token)
        if key:
            found.extend(t for t in self.sounds.get(key, ()) if t != token)
        if token[0] == "~":
            found.extend(t for t in self.skeletons.get(skeleton(token), ()) if t != token)
        elif token not in self.postings and len(token) >= 4 and not token.isupper():
            cutoff = 70.0 if len(token) >= 6 else 80.0
            for match, _, _ in process.extract(token, self.vocab, scorer=fuzz.ratio,
                                               score_cutoff=cutoff, limit=8):
                if match not in found:
                    found.append(match)
        result = tuple(found)
        if len(self._expand_cache) > 500_000:
            self._expand_cache.clear()
        self._expand_cache[token] = result
        return result

    def candidates(self, tokens: Sequence[str], limit: int, floor: float = 0.34) -> list[int]:
        """Name ids sharing the most identifying weight with the query tokens, best first.

        Names sharing less than ``floor`` of the query's weight are dropped: with a share
        ``f`` the name similarity is at most about ``2f / (1 + f)`` (0.5 for f = 0.34).
        """
        names = [t for t in set(tokens) if token_kind(t) == "name"]
        total = sum(self.weight(t) for t in names)
        groups = sorted((self.expand(t) for t in names),
                        key=lambda vs: sum(len(self.postings[v]) for v in vs))
        acc: dict[int, float] = {}
        for rank, variants in enumerate(groups):
            local: dict[int, float] = {}
            for variant in variants:
                w = self.weight(variant)
                posting: Sequence[int] = self.postings[variant]
                # A common token (KIM, MOHAMMED): only raise names already found, unless
                # it alone could lift a name over the floor.
                if rank and len(posting) > 4 * len(acc) + 64 and w < floor * total:
                    posting = [n for n in acc if n in self.posting_sets[variant]]
                for n_idx in posting:
                    if local.get(n_idx, 0.0) < w:
                        local[n_idx] = w
            for n_idx, w in local.items():
                acc[n_idx] = acc.get(n_idx, 0.0) + w
        cut = floor * total
        kept = [n for n, w in acc.items() if w >= cut]
        kept.sort(key=acc.__getitem__, reverse=True)
        return kept[:limit]
