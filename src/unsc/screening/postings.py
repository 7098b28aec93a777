"""Candidate shares from posting lists: which list names share most with a query.

Split from :mod:`unsc.screening.index` so the hot loop of the candidate stage can be read
(and timed) on its own. Each query token's postings are gathered once and cached
(:class:`TokenPostings`), together with the best pair each name offers that token alone:
a name's share then only needs those per-token bests summed, unless two query tokens may
pair with one list token, when each list token must first go to one query token only.
Both ways give the same numbers, summed in the same order (query token order).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

__all__ = ["Floats", "Ints", "TokenPostings", "accumulate", "best_per", "token_postings"]

Ints = np.ndarray[tuple[int], np.dtype[np.int32]]
Floats = np.ndarray[tuple[int], np.dtype[np.float64]]


class TokenPostings(NamedTuple):
    """One query token's (name, list token) pairs and their worth, and per name the best
    of them (what the token alone gives each name)."""

    names: Ints
    worth: Floats
    tokens: Ints
    own: float
    variants: frozenset[int]
    """Vocabulary ids of the list tokens the query token may pair with."""
    best_names: Ints
    """Names holding any of those list tokens, ascending..."""
    best_worth: Floats
    """...and the best worth of their pairs with the query token."""


def token_postings(slices: Sequence[Ints], worths: Sequence[float],
                   vocab_ids: Sequence[int], own: float) -> TokenPostings:
    """A query token's postings from the posting slice, pair worth and vocabulary id of
    each list token it may pair with."""
    if not slices:
        empty_i, empty_f = np.zeros(0, np.int32), np.zeros(0, np.float64)
        return TokenPostings(empty_i, empty_f, empty_i, own, frozenset(), empty_i, empty_f)
    sizes = [len(x) for x in slices]
    names = np.concatenate(slices)
    worth = np.repeat(np.asarray(worths, dtype=np.float64), sizes)
    tokens = np.repeat(np.asarray(vocab_ids, dtype=np.int32), sizes)
    best_names, best_worth, _ = best_per(names, names, worth, names)
    return TokenPostings(names, worth, tokens, own, frozenset(vocab_ids), best_names,
                         best_worth)


def accumulate(parts: Sequence[TokenPostings], name_total: Floats, keep: int,
               ) -> list[tuple[int, float]]:
    """The ``keep`` names sharing most with the query tokens ``parts``, best first, with
    their share (see :meth:`unsc.screening.index.NameIndex._accumulate`)."""
    q_total = sum(p.own for p in parts)
    used = [(i, p) for i, p in enumerate(parts) if len(p.names)]
    if not used:
        return []
    if len(used) == 1:
        names, summed = used[0][1].best_names, used[0][1].best_worth
    else:
        if _shared_partners([p for _, p in used]):
            ids, each = _one_token_each(used)
        else:  # no list token can pair with two query tokens: each token's bests count
            ids = np.concatenate([p.best_names for _, p in used])
            each = np.concatenate([p.best_worth for _, p in used])
        # bincount adds each name's values in array order, that is query token order
        names, inverse = np.unique(ids, return_inverse=True)
        summed = np.bincount(inverse, weights=each).astype(np.float64)
    share = summed / (q_total + 0.75 * name_total[names])
    best = np.argsort(-share, kind="stable")[:keep]
    return list(zip(names[best].tolist(), share[best].tolist(), strict=True))


def _shared_partners(parts: Sequence[TokenPostings]) -> bool:
    """Whether a list token is a possible partner of two query tokens."""
    seen: set[int] = set()
    for p in parts:
        if not seen.isdisjoint(p.variants):
            return True
        seen |= p.variants
    return False


def _one_token_each(used: Sequence[tuple[int, TokenPostings]]) -> tuple[Ints, Floats]:
    """Each list token of a name paired with one query token (its best), then each query
    token with one list token (its best): (name, worth) pairs sorted by name, then by
    query token."""
    ids = np.concatenate([p.names for _, p in used])
    each = np.concatenate([p.worth for _, p in used])
    tokens_of = np.concatenate([p.tokens for _, p in used])
    asked = np.concatenate([np.full(len(p.names), i, np.int32) for i, p in used])
    ids, each, asked = best_per(ids, tokens_of, each, asked)  # list token once
    ids, each, _ = best_per(ids, asked, each, asked)           # query token once
    return ids, each


def best_per(ids: Ints, key: Ints, worth: Floats, carry: Ints) -> tuple[Ints, Floats, Ints]:
    """The best ``worth`` of each (name, key) pair, with its ``carry`` value, sorted by
    name then key (ties: the first given)."""
    order = np.lexsort((-worth, key, ids))
    ids, key, worth, carry = ids[order], key[order], worth[order], carry[order]
    first = np.ones(len(ids), dtype=bool)
    first[1:] = (ids[1:] != ids[:-1]) | (key[1:] != key[:-1])
    return ids[first], worth[first], carry[first]
