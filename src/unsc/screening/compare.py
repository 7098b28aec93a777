"""Name-to-name similarity on normalised tokens: order-free, typo-tolerant, strict on short parts.

Two names are compared as bags of tokens. Tokens are paired greedily by similarity (so
word order does not matter), and the score is the weighted share of both names that
found a partner.

Token similarity is a *typing* cost, not a bare edit count. People mistype in known ways
(Damerau 1964, "A technique for computer detection and correction of spelling errors",
CACM 7(3): about 80 % of misspellings are one insertion, deletion, substitution or swap of
two adjacent letters): a swapped pair (BQAI / BAQI), a doubled or dropped double letter
(KIMM / KIM), a neighbouring key (HASSAM / HASSAN) or a vowel written differently (ABDEL /
ABDUL) cost less than an arbitrary letter. The cost is then spread over the token's
length, so one slip in a long surname (ZAWAHRI / ZAWAHIRI) costs little while one wrong
letter in a short part still costs much of it. Edit distance is rapidfuzz's optimal string
alignment (an adjacent swap is one edit). Korean syllables compare by their key (variant
spellings are already folded into it); two different keys count only half of their
letter similarity, since YONG and SONG are different given names, but KWANG and KAWNG are
one name mistyped.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from rapidfuzz.distance import OSA, Levenshtein

from unsc.screening.korean import syllable_key
from unsc.screening.normalize import phonetic, skeleton

__all__ = ["align", "edit_cost", "korean_similarity", "name_similarity", "token_similarity"]

_SIM_CACHE: dict[tuple[str, str], float] = {}
_EXTRA_LIST_TOKEN = 0.75
"""Share of its weight a list-name token without a partner counts against the score."""
_KEY_MISMATCH = 0.4
"""Share of the letter similarity two *different* Korean syllable keys keep..."""
_KEY_MISMATCH_MIN = 0.75
"""...when their spellings are at least this alike (KWENG / KWANG); less alike (YONG /
SONG) they are two syllables and keep nothing."""

_ROWS = ("1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm")
_VOWELS = frozenset("aeiouy")


def _neighbours() -> dict[str, frozenset[str]]:
    """Keys touching each key on a QWERTY keyboard: left and right, and, since each row
    sits half a key to the right of the one above, columns i and i+1 of the row above and
    i-1 and i of the row below."""
    out: dict[str, frozenset[str]] = {}
    for r, row in enumerate(_ROWS):
        for i, c in enumerate(row):
            near = {row[k] for k in (i - 1, i + 1) if 0 <= k < len(row)}
            if r > 0:
                near |= {_ROWS[r - 1][k] for k in (i, i + 1) if k < len(_ROWS[r - 1])}
            if r + 1 < len(_ROWS):
                near |= {_ROWS[r + 1][k] for k in (i - 1, i) if 0 <= k < len(_ROWS[r + 1])}
            out[c] = frozenset(near)
    return out


_NEAR = _neighbours()
_COST_SWAP = 0.6
_COST_DOUBLE = 0.4
_COST_VOWEL = 0.6
_COST_NEIGHBOUR = 0.7
_COST_TWO = 1.8
"""Two slips: a little under two arbitrary edits, since either may be a cheap one."""


def edit_cost(a: str, b: str) -> float | None:
    """Typing cost of ``a`` -> ``b`` in arbitrary-edit units (None beyond two edits)."""
    d = OSA.distance(a, b, score_cutoff=2)
    if d > 2:
        return None
    if d == 0:
        return 0.0
    if d == 2:
        return _COST_TWO
    if len(a) == len(b):
        i = next(k for k in range(len(a)) if a[k] != b[k])
        if a[i + 1:] == b[i + 1:]:  # one substitution
            x, y = a[i], b[i]
            if x in _VOWELS and y in _VOWELS:
                return _COST_VOWEL
            return _COST_NEIGHBOUR if y in _NEAR.get(x, ()) else 1.0
        return _COST_SWAP
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    i = next((k for k in range(len(shorter)) if longer[k] != shorter[k]), len(shorter))
    c = longer[i]
    if (i > 0 and longer[i - 1] == c) or (i + 1 < len(longer) and longer[i + 1] == c):
        return _COST_DOUBLE
    if c in _VOWELS:
        return _COST_VOWEL
    near = _NEAR.get(c, frozenset())
    if (i > 0 and longer[i - 1] in near) or (i + 1 < len(longer) and longer[i + 1] in near):
        return _COST_NEIGHBOUR + 0.1
    return 1.0


def _edit_weight(longest: int) -> float:
    """What one arbitrary edit costs a token of this length (0..1 of its similarity)."""
    if longest <= 2:
        return 1.0
    if longest <= 10:
        return (0.45, 0.34, 0.27, 0.23, 0.2, 0.18, 0.16, 0.15)[longest - 3]
    return 0.13 if longest <= 13 else 0.12


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
    _SIM_CACHE[(b, a)] = sim
    return sim


def _token_similarity(a: str, b: str) -> float:
    if a[0] == "#" or b[0] == "#":  # country tokens: the same country or not
        return 0.0
    if a.isupper() and b.isupper():  # two different Korean keys without their spellings
        return 0.0
    if a.isupper() != b.isupper():  # a Korean key against a plain token: key the token
        plain = b if a.isupper() else a
        key = syllable_key(plain.lstrip("~"))
        if key is not None:
            return 1.0 if key == (a if a.isupper() else b) else 0.0
        a, b = a.lower(), b.lower()
    if a[0] == "~" or b[0] == "~":  # from Arabic script: compare consonant skeletons
        sa, sb = skeleton(a), skeleton(b)
        if not sa or not sb:
            return 0.0
        if sa == sb:
            return 0.9
        penalty = 4.0 if max(len(sa), len(sb)) <= 3 else 2.0
        return max(0.0, 0.9 - (1.0 - Levenshtein.normalized_similarity(sa, sb)) * penalty)
    if a == b:
        return 0.95
    if len(a) == 1 or len(b) == 1:  # an initial stands for any name with that letter
        return 0.6 if a[0] == b[0] else 0.0
    if a.isdigit() or b.isdigit():
        return 0.0
    return plain_similarity(a, b)


def plain_similarity(a: str, b: str) -> float:
    """Similarity of two different Latin tokens (see the module docstring)."""
    weight = _edit_weight(max(len(a), len(b)))
    cost = edit_cost(a, b)
    if cost is not None:
        sim = max(0.0, 1.0 - cost * weight)
    else:  # more than two edits: the old ratio rule, never above a two-edit score
        ratio = Levenshtein.normalized_similarity(a, b)
        sim = min(max(0.0, 1.0 - (1.0 - ratio) * 2.0), max(0.0, 1.0 - 2.0 * weight))
    if min(len(a), len(b)) >= 5 and sim < 0.85:  # Mohammed / Muhammad, Husain / Hussein
        key_a = phonetic(a)
        if key_a and key_a == phonetic(b) and Levenshtein.normalized_similarity(a, b) >= 0.7:
            sim = 0.85
    return sim


SimFn = Callable[[int, int], float]


def align(q: Sequence[str], c: Sequence[str],
          sim: SimFn | None = None) -> list[tuple[int, int, float]]:
    """Greedy one-to-one pairing of query tokens with candidate tokens, best pairs first
    (ties: earlier query token, then earlier candidate token)."""
    pairs: list[tuple[float, int, int]] = []
    for i, a in enumerate(q):
        for j, b in enumerate(c):
            s = sim(i, j) if sim is not None else (1.0 if a == b else token_similarity(a, b))
            if s > 0.0:
                pairs.append((-s, i, j))
    pairs.sort()
    used_q: set[int] = set()
    used_c: set[int] = set()
    out: list[tuple[int, int, float]] = []
    for s, i, j in pairs:
        if i in used_q or j in used_c:
            continue
        used_q.add(i)
        used_c.add(j)
        out.append((i, j, -s))
    return out


_STRICT_BELOW = 0.7
"""In a Korean name compared letter by letter, a syllable pair less alike than this is
most likely two different syllables (YONG / SONG), not a typo: it keeps half its score."""


def name_similarity(q: Sequence[str], qw: Sequence[float], c: Sequence[str],
                    cw: Sequence[float], korean: bool = False,
                    lookup: Sequence[Mapping[str, float]] | None = None) -> float:
    """Weighted token overlap of two names in 0..1 (plain tokens).

    Matched tokens count with their similarity on both sides; a query token without a
    partner counts fully against the score, a list token without one three quarters (lists
    often carry extra middle names or tribal names the customer record lacks). Names
    written with spaces in other places (PETERGADET, RIW ON HO) are also compared joined.
    ``korean``: one side is a Korean name the other side's spelling does not split into
    syllables (a typo); its syllables are still short and each matters, so unmatched
    parts count double and unlike pairs half, as in :func:`korean_similarity`.
    ``lookup``: for each query token, the list tokens it can pair with and how well
    (from the index), which spares computing the many pairs that score nothing.
    """
    if not q or not c:
        return 0.0
    if q == c:
        return 1.0
    pairs = align(q, c, None if lookup is None else _lookup_sim(q, c, lookup))
    matched = 0.0
    used_q = 0.0
    used_c = 0.0
    for i, j, sim in pairs:
        if korean and sim < _STRICT_BELOW:
            sim *= 0.5
        matched += sim * (qw[i] + cw[j])
        used_q += qw[i]
        used_c += cw[j]
    if korean:
        total = used_q + used_c + 2.0 * (sum(qw) - used_q + sum(cw) - used_c)
    else:
        total = sum(qw) + used_c + _EXTRA_LIST_TOKEN * (sum(cw) - used_c)
    score = matched / total if total else 0.0
    if (score < 0.9 and len(q) != len(c)) or "".join(q) == "".join(c):
        score = max(score, _joined(q, c, score))
    return score


def _lookup_sim(q: Sequence[str], c: Sequence[str],
                lookup: Sequence[Mapping[str, float]]) -> SimFn:
    def sim(i: int, j: int) -> float:
        a, b = q[i], c[j]
        found = lookup[i].get(b)
        if found is not None:
            return found
        if len(a) == 1 or len(b) == 1:  # an initial stands for any name with that letter
            return 0.6 if a[0] == b[0] and a.isalpha() else 0.0
        return 0.0
    return sim


def korean_similarity(q: Sequence[str], qw: Sequence[float], qp: Sequence[str],
                      c: Sequence[str], cw: Sequence[float], cp: Sequence[str]) -> float:
    """Similarity of two Korean names given as syllable keys (``q``, ``c``) with the
    spelling of each syllable (``qp``, ``cp``).

    Korean names are short and every syllable matters (KIM SONG is not KIM SONG CHOL), so
    a syllable without a partner counts double on either side, and names sharing fewer
    than two syllables exactly (the surname, shared by a fifth of Koreans) score 0.
    """
    if not q or not c:
        return 0.0
    if q == c:
        return 1.0

    def sim(i: int, j: int) -> float:
        if q[i] == c[j]:
            return 1.0
        letters = token_similarity(qp[i], cp[j])
        return _KEY_MISMATCH * letters if letters >= _KEY_MISMATCH_MIN else 0.0

    pairs = align(q, c, sim)
    if sum(1 for i, j, _ in pairs if q[i] == c[j]) < 2 < min(len(q), len(c)):
        return 0.0
    matched = used_q = used_c = 0.0
    for i, j, s in pairs:
        matched += s * (qw[i] + cw[j])
        used_q += qw[i]
        used_c += cw[j]
    total = used_q + used_c + 2.0 * (sum(qw) - used_q + sum(cw) - used_c)
    return matched / total if total else 0.0


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
