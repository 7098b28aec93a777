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

from collections.abc import Callable, Container, Mapping, Sequence

from rapidfuzz.distance import OSA, Levenshtein

from unsc.screening.korean import syllable_key
from unsc.screening.normalize import long_vowels_fit, phonetic, skeleton
from unsc.screening.variants import squash

__all__ = [
    "SYLLABLES_REORDERED",
    "Spelt",
    "align",
    "edit_cost",
    "korean_similarity",
    "name_similarity",
    "spelling_similarity",
    "spelt",
    "spelt_turns",
    "syllables_in_turn",
    "token_similarity",
    "written_joined",
]

_SIM_CACHE: dict[tuple[str, str], float] = {}
_EXTRA_LIST_TOKEN = 0.75
"""Share of its weight a list-name token without a partner counts against the score."""
_KEY_MISMATCH = 0.6
"""Share of the letter similarity two *different* Korean syllable keys keep..."""
_KEY_MISMATCH_MIN = 0.68
"""...when their spellings are at least this alike (KWENG / KWANG); less alike (YONG /
SONG) they are two syllables and keep nothing."""
_EDGE_DROPPED = 0.8
"""The letter similarity a syllable that lost its first or last letter (SON / SO, KIM /
IM) counts with: the commonest slip in a short part counts as a vowel changed inside a
syllable does (KWENG / KWANG, 0.8), not less. At the floor of 0.68 it did, and JANG
YONG SO put JONG, Yong Su before JANG YONG SON. On the recall bench's tuning half, 0.8
puts two right records first and makes one more a match, and moves no negative; 0.9
makes KIM MU CHOL a match for KIM MUN CHOL (MU and MUN are two syllables) and brings
Oh Min Jun within 0.03 of the threshold against O, In Chun; 1.0 makes it alert."""

_LONG_VOWEL_MISFIT = 0.5
"""A Latin token with the consonants of an Arabic-script one but no vowel where the Arabic
writes a long one: most likely another name (HAMID against أحمد, Ahmad)."""
_DROPPED_VOWELS = 0.8
"""A token written without (most of) its vowels, consonants intact (MKHV = MIKHEEV)."""
_PAIR_MIN = 0.5
"""Two Latin tokens less alike than this are two different name parts, not one mistyped:
they are left unpaired (SAMIR / NASIR), so neither counts as found."""

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
_COST_SWAP = 0.5
_COST_DOUBLE = 0.4
_COST_VOWEL = 0.6
_COST_NEIGHBOUR = 0.7
_FIRST_LETTER = 1.4
_SUFFIX_VOWELS = frozenset("aiy")
_COST_TWO = 2.0
"""Two slips cost two arbitrary edits: two wrong letters in a short part are more often
another name (SAMIR / NASIR) than a doubly mistyped one."""


def edit_cost(a: str, b: str) -> float | None:
    """Typing cost of ``a`` -> ``b`` in arbitrary-edit units (None beyond two edits).

    Two positions are not typing slips as often as the rest: the first letter, which
    people rarely get wrong (Pollock & Zamora 1984, "Automatic spelling correction in
    scientific and scholarly text", CACM 27(4): the first letter is right in about 93 % of
    misspellings), and a vowel added or dropped at the end, which in Arabic and Persian
    names is a suffix that makes another name (AHMAD / AHMADI, AMIR / AMIRI, HAMID /
    HAMIDA) rather than a typo.
    """
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
                cost = _COST_VOWEL
            else:
                cost = _COST_NEIGHBOUR if y in _NEAR.get(x, ()) else 1.0
            return cost * _FIRST_LETTER if i == 0 else cost
        return _COST_SWAP
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    i = next((k for k in range(len(shorter)) if longer[k] != shorter[k]), len(shorter))
    c = longer[i]
    if (i > 0 and longer[i - 1] == c) or (i + 1 < len(longer) and longer[i + 1] == c):
        return _COST_DOUBLE
    if i == len(shorter) and c in _SUFFIX_VOWELS:
        return 1.0
    if c in _VOWELS:
        return _COST_VOWEL
    near = _NEAR.get(c, frozenset())
    if (i > 0 and longer[i - 1] in near) or (i + 1 < len(longer) and longer[i + 1] in near):
        cost = _COST_NEIGHBOUR + 0.1
    else:
        cost = 1.0
    return cost * _FIRST_LETTER if i == 0 else cost


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
            if a[0] == b[0] or long_vowels_fit(*((a[1:], b) if a[0] == "~" else (b[1:], a))):
                return 0.9
            return _LONG_VOWEL_MISFIT
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
    if sim < _DROPPED_VOWELS and _vowels_dropped(a, b):
        sim = _DROPPED_VOWELS
    if min(len(a), len(b)) >= 5 and sim < 0.85 and (cost is None or cost >= _COST_TWO):
        # Mohammed / Muhammad, Husain / Hussein: several letters apart, one sound
        key_a = phonetic(a)
        if key_a and key_a == phonetic(b) and Levenshtein.normalized_similarity(a, b) >= 0.7:
            sim = 0.85
    return sim


def _vowels_dropped(a: str, b: str) -> bool:
    """One token is the other with vowels deleted and nothing else (MKHV = MIKHEEV, ALKS =
    ALEKSEI): at most one vowel left, at least two dropped, three consonants or more so
    that what is left still identifies."""
    shorter, longer = (a, b) if len(a) < len(b) else (b, a)
    few = sum(c in _VOWELS for c in shorter)
    if few > 1 or sum(c in _VOWELS for c in longer) < few + 2:
        return False
    j = 0
    for c in longer:
        if j < len(shorter) and c == shorter[j]:
            j += 1
        elif c not in _VOWELS:
            return False
    return j == len(shorter) and len(shorter) - few >= 3


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
                    cw: Sequence[float], korean: bool | str = False,
                    lookup: Sequence[Mapping[str, float]] | None = None,
                    q_missing: Sequence[float] | None = None,
                    legal: tuple[Sequence[bool], Sequence[bool]] | None = None,
                    joined: tuple[str, Sequence[str]] | None = None) -> float:
    """Weighted token overlap of two names in 0..1 (plain tokens).

    Matched tokens count with their similarity on both sides; a query token without a
    partner counts fully against the score, a list token without one three quarters (lists
    often carry extra middle names or tribal names the customer record lacks). Names
    written with spaces in other places (PETERGADET, RIW ON HO) are also compared joined.
    ``korean``: one side is a Korean name the other side's spelling does not split into
    syllables (a typo); its syllables are still short and each matters, so unmatched
    parts count double and unlike pairs half, as in :func:`korean_similarity`. With
    ``korean="strict"`` (both names split into as many syllables, yet not the same ones)
    unlike pairs count nothing: YONG and SONG are two given names. In both modes a
    syllable that lost its first or last letter (KYONG / YONG, CHUN / CHU) is taken for a
    typo, the commonest slip in a short part.
    ``lookup``: for each query token, the list tokens it can pair with and how well
    (from the index), which spares computing the many pairs that score nothing.
    ``q_missing``: what each query token costs when it finds no partner, if not its
    weight: a name part of the customer's that the list name lacks is evidence against
    however common it is (a shared rare surname alone is not a match), while a shared
    common part is weak evidence for. ``legal``: which tokens of each side are legal
    forms; when both sides keep a legal form unpaired (PUBLIC JOINT STOCK COPANY, a typo
    the legal-form table could not rewrite, against PJSC), neither costs anything.
    ``joined``: both names already written without spaces (:func:`written_joined`).
    """
    if not q or not c:
        return 0.0
    if q == c:
        return 1.0
    pairs = align(q, c) if lookup is None else _align_lookup(q, c, lookup)
    missing = qw if q_missing is None else q_missing
    matched = 0.0
    used_q = 0.0
    used_c = 0.0
    paired: set[int] = set()
    for i, j, sim in pairs:
        if korean and sim < _STRICT_BELOW:
            if _edge_dropped(q[i], c[j]):
                sim = _STRICT_BELOW
            elif korean == "strict":
                continue
            else:
                sim *= 0.5
        elif sim < _PAIR_MIN and q[i][0] != "~" and c[j][0] != "~":
            continue  # (Arabic-script skeletons are compared on their own, looser scale)
        matched += sim * (qw[i] + cw[j])
        used_q += qw[i]
        used_c += cw[j]
        paired.add(i)
    unpaired_c = sum(cw) - used_c
    unpaired_q = sum(m for i, m in enumerate(missing) if i not in paired)
    if legal is not None:
        q_legal, c_legal = legal
        paired_c = {j for i, j, s in pairs if i in paired}
        c_spare = [j for j, is_legal in enumerate(c_legal) if is_legal and j not in paired_c]
        q_spare = [i for i, is_legal in enumerate(q_legal) if is_legal and i not in paired]
        if c_spare and q_spare:
            unpaired_q -= sum(missing[i] for i in q_spare)
            unpaired_c -= sum(cw[j] for j in c_spare)
    if korean:
        total = used_q + used_c + 2.0 * (unpaired_q + unpaired_c)
    else:
        total = used_q + unpaired_q + used_c + _EXTRA_LIST_TOKEN * unpaired_c
    score = matched / total if total else 0.0
    if score < 0.9 and (len(q) != len(c) or score < 0.75) and korean != "strict":
        score = max(score, _joined(q, c, score, joined))
    return score


def _edge_dropped(a: str, b: str) -> bool:
    """One syllable is the other without its first or last letter (KYONG / YONG, CHUN /
    CHU): the commonest slip in a short part."""
    if abs(len(a) - len(b)) != 1:
        return False
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return bool(short) and (long_.startswith(short) or long_.endswith(short))


def _align_lookup(q: Sequence[str], c: Sequence[str],
                  lookup: Sequence[Mapping[str, float]]) -> list[tuple[int, int, float]]:
    """:func:`align` with each query token's partners given (the hot path: most pairs
    score nothing and are never computed)."""
    pairs: list[tuple[float, int, int]] = []
    for i, a in enumerate(q):
        known = lookup[i]
        # Partners (the index's lookups) expose what they computed and what they allow,
        # so that the many tokens that pair with nothing cost two dict look-ups.
        exact: Mapping[str, float] = getattr(known, "exact", known)
        allowed: Container[str] = getattr(known, "allowed", ())
        short = len(a) == 1
        for j, b in enumerate(c):
            s = exact.get(b)
            if s is None:
                if b in allowed:
                    s = known[b]
                elif (short or len(b) == 1) and a[0] == b[0] and a[0].isalpha():
                    s = 0.6  # an initial stands for any name with that letter
                else:
                    continue
            if s > 0.0:
                pairs.append((-s, i, j))
    if len(pairs) > 1:
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


def korean_similarity(q: Sequence[str], qw: Sequence[float], qp: Sequence[str],
                      c: Sequence[str], cw: Sequence[float], cp: Sequence[str],
                      q_unknown: Sequence[bool] = ()) -> float:
    """Similarity of two Korean names given as syllable keys (``q``, ``c``) with the
    spelling of each syllable (``qp``, ``cp``).

    Korean names are short and every syllable matters (KIM SONG is not KIM SONG CHOL), so
    a syllable without a partner counts double on either side, and names sharing fewer
    than two syllables exactly (the surname, shared by a fifth of Koreans) score 0.
    ``q_unknown``: which query syllables no list name has, in that spelling or another.
    One edit from a list syllable, such a syllable is most likely that one mistyped
    (MIM for KIM), not another name: a different syllable one letter away (SONG for YONG,
    LIM for KIM, which the list writes RIM) stays another name.
    """
    if not q or not c:
        return 0.0
    if q == c:
        return 1.0

    def sim(i: int, j: int) -> float:
        if q[i] == c[j]:
            return 1.0
        letters = token_similarity(qp[i], cp[j])
        if letters < _EDGE_DROPPED and _edge_dropped(qp[i], cp[j]):
            letters = _EDGE_DROPPED  # SON / SO, KIM / IM: a letter lost at an edge
        elif letters < _KEY_MISMATCH_MIN and q_unknown and q_unknown[i] and OSA.distance(
                qp[i], cp[j], score_cutoff=1) <= 1:
            letters = _KEY_MISMATCH_MIN
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


SYLLABLES_REORDERED = 0.75
"""What a Korean name keeps when its syllables stand in another order than a turn of the
words: the surname may stand first or last (KWANG IL KIM), but a given name's syllables
are read in order, and 김정은 (KIM JONG UN) and 김은정 (KIM UN JONG, a common woman's
name) are two names. Kept under the match threshold, still ranked."""


def syllables_in_turn(q: Sequence[str], c: Sequence[str]) -> bool:
    """Whether the syllables the two Korean names share can be read in the same order on
    both sides, once the query is turned (its first syllables moved to the end). Names of
    as many syllables must line up in full: CHUN YON CHOE is CHOE CHUN YON, whose given
    name is not CHO's YON CHUN."""
    turns = [[*q[k:], *q[:k]] for k in range(max(1, len(q)))]
    if len(q) != len(c):
        return any(_in_order(turn, c) for turn in turns)
    shared = sum(min(q.count(a), c.count(a)) for a in set(q))
    return any(sum(1 for a, b in zip(turn, c, strict=True) if a == b) == shared
               for turn in turns)


def _in_order(q: Sequence[str], c: Sequence[str]) -> bool:
    """Whether each syllable of ``q`` found in ``c`` stands after the one before it (a
    syllable ``q`` has more often than ``c`` is an extra, not out of order)."""
    left = {a: c.count(a) for a in q}
    at = 0
    for a in q:
        if not left[a]:
            continue
        left[a] -= 1
        try:
            at = c.index(a, at) + 1
        except ValueError:
            return False
    return True


def written_joined(tokens: Sequence[str]) -> tuple[str, ...]:
    """A name written without spaces, as it stands and then starting from each further
    part ("SU, Chunpeng" is written Chunpeng Su by a customer, "AL-LIBI, Abu Yahya" Abu
    Yahya al-Libi); at most four starting points."""
    parts = [t.lstrip("~").lower() for t in tokens]
    return tuple(dict.fromkeys(squash("".join(turn)) for turn in _turns(parts)))


def _turns(words: Sequence[str]) -> list[list[str]]:
    """The words as they stand and starting from each further word: every turn of a name
    of up to four words, the first two of a longer one."""
    starts = range(len(words)) if len(words) <= 4 else range(2)
    return [[*words[i:], *words[:i]] for i in starts]


def _joined(q: Sequence[str], c: Sequence[str], beat: float = 0.0,
            given: tuple[str, Sequence[str]] | None = None) -> float:
    """Spacing slips (PETERGADET, Abdul Rahman / Abdulrahman): compare the names written
    without spaces, strictly (three times the distance), since this ignores token order.

    Returns 0 when the result cannot exceed ``beat``: the Levenshtein ratio it would need
    is known in advance, and a length difference alone often rules it out (no edit
    distance computed).
    """
    written: Sequence[str]
    if given is None:
        a, written = squash("".join(t.lstrip("~") for t in q).lower()), written_joined(c)
    else:
        a, written = given
    need = 1.0 - (1.0 - beat / 0.95) / 3.0 - 1e-9  # ratio at which the result equals beat
    best = 0.0
    for b in written:
        longest = max(len(a), len(b))
        if not longest or min(len(a), len(b)) / longest < need:  # ratio <= shorter / longer
            continue
        ratio = Levenshtein.normalized_similarity(a, b, score_cutoff=max(0.0, need))
        best = max(best, (1.0 - 3.0 * (1.0 - ratio)) * 0.95)
    return best


_SPELT_SHORTEST = 6
"""Shortest name compared as written: below, one edit is as often another name."""
_SPELT_TWO = 9
"""Names written out this long or longer may carry two slips; shorter ones one."""
SPELT_SHARE = 0.95
"""What a name found only as written keeps: joined, a name shows no word boundaries."""
_CONSONANTS = frozenset("bcdfghjklmnpqrstvwxyz")
Spelt = tuple[str, tuple[int, ...]]
"""A name written without spaces (doubled consonants single, as :func:`squash` writes
it) and where its words start."""


def spelt(words: Sequence[str]) -> Spelt:
    """``words`` written without spaces as :func:`squash` writes them, with the positions
    where the second and later words start."""
    joined = "".join(words)
    if len(joined) < 6:
        starts, at = set(), 0
        for w in words[:-1]:
            at += len(w)
            starts.add(at)
        return joined, tuple(sorted(starts))
    out: list[str] = []
    starts = set()
    for n, word in enumerate(words):
        for k, ch in enumerate(word):
            if out and ch == out[-1] and ch in _CONSONANTS:
                continue
            if k == 0 and n > 0:
                starts.add(len(out))
            out.append(ch)
    return "".join(out), tuple(sorted(starts))


def spelt_turns(words: Sequence[str]) -> tuple[Spelt, ...]:
    """:func:`spelt` of each turn of the words (at most four), as :func:`written_joined`
    turns them."""
    found: dict[str, tuple[int, ...]] = {}
    for turn in _turns(words):
        joined, starts = spelt(turn)
        found.setdefault(joined, starts)
    return tuple(found.items())


def spelling_similarity(typed: Spelt, written: Sequence[Spelt], slips_only: bool = False,
                        ) -> float:
    """Similarity of a name as typed to a list name as written, both without spaces
    (:func:`spelt` of :func:`unsc.screening.normalize.spelling`): the typing cost of the
    whole name, spread over its length as for one token, so one slip anywhere in a long
    name costs little whatever the name rules made of the words around it. A slip at the
    start of a word costs what it costs at the start of a name (:func:`edit_cost`: people
    rarely get first letters wrong; QASIM and BASIM are two names). 0 beyond one slip in
    a short name or two in a longer one. ``slips_only``: only a swapped pair or a doubled
    or dropped double letter counts (two Korean names: any other letter changed, added or
    dropped makes another syllable, and YONG and SONG are two given names)."""
    best = 0.0
    a, a_starts = typed
    for b, b_starts in written:
        if b == a and len(b) >= 3:  # the same letters, spaced otherwise (S FI = SFI)
            return SPELT_SHARE
        longest = max(len(a), len(b))
        if min(len(a), len(b)) < _SPELT_SHORTEST or abs(len(a) - len(b)) > 2:
            continue
        cost = edit_cost(a, b)
        if cost is None or (cost > 1.4 and longest < _SPELT_TWO) or (
                slips_only and cost > _COST_SWAP):
            continue
        left = next((k for k in range(min(len(a), len(b))) if a[k] != b[k]), 0)
        right_a = len(a) - next((k for k in range(min(len(a), len(b)))
                                 if a[-1 - k] != b[-1 - k]), 0) - 1
        right_b = right_a + len(b) - len(a)
        if left in a_starts or left in b_starts or right_a in a_starts or right_b in b_starts:
            cost *= _FIRST_LETTER
        best = max(best, 1.0 - cost * _edit_weight(longest))
    return best * SPELT_SHARE
