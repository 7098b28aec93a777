"""The candidate index: which list names could possibly be the query, found in microseconds.

Every list name is normalised once into tokens. Dictionaries then point from a key to
the names containing it: the exact token, its metaphone key (sound-alike spellings), its
consonant skeleton (for names transliterated from Arabic script) and, for tokens the list
does not contain, the list tokens one edit away (SymSpell-style deletion keys: a few dict
look-ups instead of a scan of the vocabulary; expansions are cached, since queries in a
batch share most of their tokens). Particles (al, bin) and legal forms (llc)
never select candidates on their own. Identity-document numbers have their own index.

Token weights: rare tokens identify, common ones (KIM, KOREA, MOHAMMED) barely do, so a
token weighs ``1 / (1 + ln(1 + df) / 2.5)`` of its kind's base weight.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from unsc.lists.model import Entity, NameQuality, Schema
from unsc.screening.compare import token_similarity
from unsc.screening.normalize import normalize, phonetic, skeleton, token_kind

__all__ = ["IndexedName", "NameIndex", "doc_key"]

_KIND_WEIGHT = {"name": 1.0, "particle": 0.15, "legal": 0.2}
_IDF_SCALE = 2.5
"""Rarity scale: a token in e^2.5 - 1 = 11 names weighs half of a unique one."""
_DOC_CLEAN = re.compile(r"[^0-9A-Z]")


def _deletions(token: str) -> set[str]:
    """The token and every string one deletion away (SymSpell): two tokens within one edit
    (insertion, deletion, substitution, adjacent swap) share at least one of these."""
    return {token, *(token[:i] + token[i + 1:] for i in range(len(token)))}


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
    person: bool


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
        self._qweights: dict[str, float] = {}
        postings: dict[str, list[int]] = defaultdict(list)
        for n_idx, (e_idx, text, tokens, weak, kind) in enumerate(raw):
            weights = tuple(self.weight(t) for t in tokens)
            person = self.entities[e_idx].schema == Schema.PERSON
            self.names.append(IndexedName(e_idx, text, tokens, weights, weak, kind, person))
            for token in set(tokens):
                if token_kind(token) == "name":
                    postings[token].append(n_idx)
        self.postings = {t: tuple(p) for t, p in postings.items()}
        self.arrays = {t: np.asarray(p, dtype=np.int32) for t, p in postings.items()}
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
        deletions: dict[str, list[str]] = defaultdict(list)
        for token in self.vocab:
            if len(token) >= 3 and not token.isupper():
                for key in _deletions(token):
                    deletions[key].append(token)
        self.deletions = dict(deletions)
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
            cached = base / (1.0 + math.log1p(self.df.get(token, 0)) / _IDF_SCALE)
            if len(self._weights) < 1_000_000:
                self._weights[token] = cached
        return cached

    def _accumulate_small(self, groups: list[tuple[tuple[str, ...], str]],
                          joined: Sequence[str], cut: float) -> list[int]:
        acc: dict[int, float] = {}
        get = acc.get
        postings = self.postings
        for variants, _ in groups:
            if len(variants) == 1:  # the common case: no spelling variants to take a max over
                w = self.weight(variants[0])
                for n_idx in postings[variants[0]]:
                    acc[n_idx] = get(n_idx, 0.0) + w
                continue
            local: dict[int, float] = {}
            lget = local.get
            for variant in variants:
                w = self.weight(variant)
                for n_idx in postings[variant]:
                    if lget(n_idx, 0.0) < w:
                        local[n_idx] = w
            for n_idx, w in local.items():
                acc[n_idx] = get(n_idx, 0.0) + w
        for token in joined:
            w = 2 * self.weight(token)
            for n_idx in self.postings[token]:
                acc[n_idx] = get(n_idx, 0.0) + w
        kept = [n for n, w in acc.items() if w >= cut]
        kept.sort(key=lambda n: (-acc[n], n))
        return kept

    def _accumulate_dense(self, groups: list[tuple[tuple[str, ...], str]],
                          joined: Sequence[str], cut: float, limit: int) -> list[int]:
        acc = np.zeros(len(self.names), dtype=np.float32)
        for variants, _ in groups:
            if len(variants) == 1:
                acc[self.arrays[variants[0]]] += self.weight(variants[0])
                continue
            local = np.zeros(len(self.names), dtype=np.float32)
            for variant in variants:
                hit = self.arrays[variant]
                local[hit] = np.maximum(local[hit], self.weight(variant))
            acc += local
        for token in joined:  # two query tokens the list writes as one (CHON MYONG)
            acc[self.arrays[token]] += 2 * self.weight(token)
        kept = np.flatnonzero(acc >= cut)
        if len(kept) > 3 * limit:
            kept = kept[np.argpartition(-acc[kept], 3 * limit)[:3 * limit]]
        order: list[int] = kept[np.argsort(-acc[kept], kind="stable")].tolist()
        return order

    def query_weight(self, token: str) -> float:
        """Weight of a query token: a misspelling of a common list token (ISLAMJC) weighs
        like that token, not like a unique one."""
        cached = self._qweights.get(token)
        if cached is not None:
            return cached
        if token in self.df or token_kind(token) != "name":
            cached = self.weight(token)
        else:
            cached = max((self.weight(v) for v in self.expand(token)),
                         default=self.weight(token))
        if len(self._qweights) < 1_000_000:
            self._qweights[token] = cached
        return cached

    def expand(self, token: str) -> tuple[str, ...]:
        """List tokens that may be spellings of ``token`` (itself, sound-alikes, near typos)."""
        cached = self._expand_cache.get(token)
        if cached is not None:
            return cached
        found: list[str] = []
        glued: set[str] = set()
        if token in self.postings:
            found.append(token)
        key = phonetic(token)
        if key:
            found.extend(t for t in self.sounds.get(key, ()) if t != token)
        if token[0] == "~":
            found.extend(t for t in self.skeletons.get(skeleton(token), ()) if t != token)
        elif token not in self.postings and len(token) >= 4 and not token.isupper():
            for key in _deletions(token):
                for match in self.deletions.get(key, ()):
                    if match not in found:
                        found.append(match)
            # Two list tokens written without the space (PETERGADET): both select.
            for cut in range(2, len(token) - 1):
                head, tail = token[:cut], token[cut:]
                if head in self.postings and tail in self.postings and len(tail) >= 2:
                    found.extend(t for t in (head, tail) if t not in found)
                    glued.update((head, tail))
        # Only spellings the scorer would credit: a sound-alike or one-edit neighbour that
        # scores nothing (KAN for KHAN... or YONG for SONG) would just cost time.
        result = tuple(t for t in found
                       if t == token or t in glued or token_similarity(token, t) >= 0.3)
        if len(self._expand_cache) > 500_000:
            self._expand_cache.clear()
        self._expand_cache[token] = result
        return result

    def candidates(self, tokens: Sequence[str], limit: int, floor: float = 0.34,
                   joined: Sequence[str] = ()) -> list[int]:
        """Name ids sharing the most identifying weight with the query tokens, best first.

        ``joined`` are list tokens equal to two adjacent query tokens. Names sharing less
        than ``floor`` of the query's weight are dropped: with a share
        ``f`` the name similarity is at most about ``2f / (1 + f)`` (0.5 for f = 0.34).
        """
        names = [t for t in set(tokens) if token_kind(t) == "name"]
        if not names:
            return []
        total = sum(self.query_weight(t) for t in names)
        groups = [(self.expand(t), t) for t in names]
        size = sum(len(self.postings[v]) for vs, _ in groups for v in vs)
        if size < 400:  # few postings: a dict beats numpy's per-call overhead
            order = self._accumulate_small(groups, joined, floor * total)
        else:
            order = self._accumulate_dense(groups, joined, floor * total, limit)
        # At most two names per entity, so one entity's many aliases cannot crowd out others.
        seen: dict[int, int] = {}
        out: list[int] = []
        for n_idx in order:
            e_idx = self.names[n_idx].entity
            if seen.get(e_idx, 0) < 2:
                seen[e_idx] = seen.get(e_idx, 0) + 1
                out.append(n_idx)
                if len(out) == limit:
                    break
        return out
