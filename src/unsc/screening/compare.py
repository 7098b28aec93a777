"""Name-to-name similarity on normalised tokens: order-free, typo-tolerant, strict on short parts.

Two names are compared as bags of tokens. Tokens are paired greedily by similarity (so
word order does not matter), and the score is the weighted share of both names that
found a partner. Token similarity comes from rapidfuzz's Levenshtein similarity, but
bent so that one wrong letter in a long surname (ZAWAHRI / ZAWAHIRI) costs little while
one wrong letter in a short part (YONG / SONG) means a different name; Korean syllable
keys must agree exactly because spelling variants are already folded into the key.
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz.distance import Levenshtein

from unsc.screening.korean import syllable_key
from unsc.screening.normalize import phonetic, skeleton

__all__ = ["align", "name_similarity", "token_similarity"]

_SIM_CACHE: dict[tuple[str, str], float] = {}
_EXTRA_LIST_TOKEN = 0.75
"""Share of its weight a list-name token without a partner counts against the score."""


def token_similarity(a: str, b: str) -> float:
    """Similarity of two tokens in 0..1 (cached: names repeat their tokens endlessly)."""
    if a == b:
        return 1.0
    key = (a, b)
    cached = _SIM_CACHE.get(key)
    if cached is not None:
        return cached
    sim = _token_similarity(a, b)
    if len(_SIM_CACHE) > 2_000_000:
        _SIM_CACHE.clear()
    _SIM_CACHE[key] = sim
    return sim


def _token_similarity(a: str, b: str) -> float:
    if a.isupper() and b.isupper():  # both Korean syllable keys: variants already folded
        return 0.0
    if a.isupper() != b.isupper():  # a Korean key against a plain token: key the token
        plain = b if a.isupper() else a
        key = syllable_key(plain.lstrip("~"))
        if key is not None:
            return 1.0 if key == (a if a.isupper() else b) else 0.0
    if a[0] == "~" or b[0] == "~":  # from Arabic script: compare consonant skeletons
        sa, sb = skeleton(a), skeleton(b)
        if not sa or not sb:
            return 0.0
        if sa == sb:
            return 0.9
        penalty = 4.0 if max(len(sa), len(sb)) <= 3 else 2.0
        return max(0.0, 0.9 - (1.0 - Levenshtein.normalized_similarity(sa, sb)) * penalty)
    a, b = a.lower(), b.lower()
    if a == b:
        return 0.95
    if len(a) == 1 or len(b) == 1:  # an initial stands for any name with that letter
        return 0.6 if a[0] == b[0] else 0.0
    if a.isdigit() or b.isdigit():
        return 0.0
    ratio = Levenshtein.normalized_similarity(a, b)
    penalty = 4.0 if max(len(a), len(b)) <= 4 else 2.0
    sim = max(0.0, 1.0 - (1.0 - ratio) * penalty)
    if ratio >= 0.6:  # sound-alike spellings (Mohammed / Muhammad, Husain / Hussein)
        key_a, key_b = phonetic(a), phonetic(b)
        if key_a and key_a == key_b:
            sim = max(sim, 0.85)
    return sim


def align(q: Sequence[str], c: Sequence[str]) -> list[tuple[int, int, float]]:
    """Greedy one-to-one pairing of query tokens with candidate tokens, best pairs first."""
    get = _SIM_CACHE.get
    pairs: list[tuple[float, int, int]] = []
    for i, a in enumerate(q):
        for j, b in enumerate(c):
            if a == b:
                pairs.append((1.0, i, j))
                continue
            sim = get((a, b))
            if sim is None:
                sim = token_similarity(a, b)
                _SIM_CACHE[(b, a)] = sim
            if sim > 0.0:
                pairs.append((sim, i, j))
    pairs.sort(reverse=True)
    used_q: set[int] = set()
    used_c: set[int] = set()
    out: list[tuple[int, int, float]] = []
    for sim, i, j in pairs:
        if i in used_q or j in used_c:
            continue
        used_q.add(i)
        used_c.add(j)
        out.append((i, j, sim))
    return out


def name_similarity(q: Sequence[str], qw: Sequence[float], c: Sequence[str],
                    cw: Sequence[float]) -> float:
    """Weighted token overlap of two names in 0..1.

    Matched tokens count with their similarity on both sides; a query token without a
    partner counts fully against the score, a list token without one three quarters (lists
    often carry extra middle names or tribal names the customer record lacks). Korean
    names are short and every syllable matters (KIM SONG is not KIM SONG CHOL), so there
    a syllable without a partner counts double on either side.
    """
    if not q or not c:
        return 0.0
    if q == c:
        return 1.0
    pairs = align(q, c)
    matched = 0.0
    used_q = 0.0
    used_c = 0.0
    for i, j, sim in pairs:
        matched += sim * (qw[i] + cw[j])
        used_q += qw[i]
        used_c += cw[j]
    if q[0].isupper() and c[0].isupper():
        if len(pairs) < 2 < min(len(q), len(c)):  # one syllable in common: the surname,
            return 0.0  # shared by a fifth of Koreans (KIM SONG CHOL is not KIM KYU)
        total = used_q + used_c + 2.0 * (sum(qw) - used_q + sum(cw) - used_c)
    else:
        total = sum(qw) + used_c + _EXTRA_LIST_TOKEN * (sum(cw) - used_c)
    score = matched / total if total else 0.0
    if len(q) != len(c) and score < 0.9:
        score = max(score, _joined(q, c, score))
    return score


def _joined(q: Sequence[str], c: Sequence[str], beat: float = 0.0) -> float:
    """Spacing slips (PETERGADET, Abdul Rahman / Abdulrahman): compare the names written
    without spaces, strictly (three times the distance), since this ignores token order.

    Returns 0 when the result cannot exceed ``beat``: the Levenshtein ratio it would need
    is known in advance, and a length difference alone often rules it out (no edit
    distance computed).
    """
    a = "".join(t.lstrip("~") for t in q).lower()
    b = "".join(t.lstrip("~") for t in c).lower()
    need = 1.0 - (1.0 - beat / 0.95) / 3.0 - 1e-9  # ratio at which the result equals beat
    longest = max(len(a), len(b))
    if longest and min(len(a), len(b)) / longest < need:  # ratio <= shorter / longer
        return 0.0
    ratio = Levenshtein.normalized_similarity(a, b, score_cutoff=max(0.0, need))
    return max(0.0, 1.0 - 3.0 * (1.0 - ratio)) * 0.95
