"""Korean romanisation: one canonical key per syllable, whatever the spelling system.

The UN list writes DPRK names in McCune-Reischauer without diacritics (CHO'NG -> CHONG),
OFAC and the press mix in Revised Romanization (JEONG), DPRK spellings (RI, PAK) and
popular forms (LEE, PARK, JUNG). No library maps these systems onto each other (ICU has
Hangul -> Revised Romanization only), so this module carries the domain data: the jamo
spellings each system uses, collapsed into one *class* per sound, plus the surname
spellings that follow no rule (Lee/Rhee/Yi = Ri). A syllable's key is
``initial class + vowel class + final class``; two spellings of one syllable get the same
key, two different syllables (YONG and SONG) do not.

The initial-sound rule is folded into the key (the South writes RYONG as YONG, RI as I or
LEE, RO as NO), since both spellings stand for the same Hangul syllable.

Names are split into syllables (``Wonho`` -> ``WON HO``) so hyphenation and spacing of
given names do not matter. A name is treated as Korean only when every token splits into
valid syllables and one of them is a Korean surname, or when it was written in Hangul.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["is_korean_name", "korean_joined", "korean_syllables", "korean_tokens",
           "split_syllables", "syllable_key", "unwritten_syllable"]

# Initial consonants: every spelling MR (k, ch', p...), RR (g, j, b...) and DPRK use,
# mapped to one class. Aspirated/plain/tense are one class because the apostrophe of MR
# is routinely dropped; r/l/n-initial alternate (Ri/Li/Ni).
_INITIALS: dict[str, str] = {
    "": "", "g": "K", "k": "K", "kk": "K", "gg": "K", "kh": "K",
    "n": "N", "d": "T", "t": "T", "tt": "T", "th": "T",
    "r": "L", "l": "L", "m": "M",
    "b": "P", "p": "P", "pp": "P", "bb": "P", "ph": "P",
    "s": "S", "ss": "S", "sh": "S",
    "j": "J", "ch": "J", "jj": "J", "tch": "J", "chh": "J", "h": "H",
}
# Vowels: MR o-breve/u-breve lose their diacritics (o, u) while RR writes eo/eu, and
# popular spellings swap o and u (Jung/Jong, Chul/Chol), so the o/u family is one class.
_VOWELS: dict[str, str] = {
    "a": "A", "ae": "E", "ya": "YA", "yae": "YE", "e": "E", "ye": "YE",
    "o": "O", "eo": "O", "u": "O", "eu": "O", "oo": "O", "ou": "O",
    "yo": "YO", "yeo": "YO", "yu": "YO", "yoo": "YO", "woo": "O", "wu": "O",
    "wa": "WA", "wae": "WE", "oe": "WE", "we": "WE", "wi": "WI",
    "wo": "WO", "weo": "WO", "ui": "I", "i": "I", "ee": "I", "you": "YO",
}
_FINALS: dict[str, str] = {
    "": "", "k": "K", "g": "K", "n": "N", "ng": "NG", "l": "L", "r": "L",
    "m": "M", "p": "P", "b": "P", "t": "T",
}
# Surname spellings outside the jamo rules (one row per Hangul surname), keyed after the
# initial-sound rule (Ri = I, Ryu = Yu, Ro = No).
_SURNAMES: dict[str, str] = {
    **dict.fromkeys(["ri", "li", "lee", "rhee", "yi", "i", "rhie", "yee", "ree"], "I"),
    **dict.fromkeys(["pak", "park", "bak", "bahk", "pack"], "PAK"),
    **dict.fromkeys(["choe", "choi", "chwe", "che"], "JWE"),
    **dict.fromkeys(["ryu", "yu", "yoo", "ryoo", "lyu", "you"], "YO"),
    **dict.fromkeys(["rim", "lim", "im", "yim"], "IM"),
    **dict.fromkeys(["ro", "no", "roh", "noh"], "NO"),
    **dict.fromkeys(["ryang", "yang"], "YANG"),
    **dict.fromkeys(["ryom", "yeom", "yom"], "YOM"),
    **dict.fromkeys(["kim", "gim"], "KIM"),
    **dict.fromkeys(["o", "oh"], "O"),
    **dict.fromkeys(["shin", "sin"], "SIN"),
    **dict.fromkeys(["kang", "gang"], "KANG"),
    **dict.fromkeys(["han", "hahn"], "HAN"),
    **dict.fromkeys(["ko", "go", "koh", "goh"], "KO"),
}
_SURNAME_HINTS = frozenset(_SURNAMES) | frozenset(
    ["jo", "cho", "jang", "chang", "jong", "chong", "jeong", "jung", "chung", "kil", "ko",
     "go", "kye", "hong", "hwang", "jon", "chon", "jeon", "jun", "mun", "moon", "paek",
     "baek", "so", "seo", "son", "song", "sok", "suk", "tong", "yun", "yoon", "kwon",
     "gwon", "ju", "chu", "an", "ahn", "nam", "ha", "hyon", "hyun", "ma", "kwak",
     "kang", "kong", "min", "u", "woo", "won", "yo", "yeo", "pae", "bae", "ok", "ku", "koo",
     "gye", "gil", "gu", "gong", "seok", "pyon", "byon", "byeon", "byun", "pang", "bang",
     "cha", "chae", "eom", "sim", "shim", "hyeon", "ra", "na"]
)

# Surnames common enough on the DPRK lists to be recognised glued to a given name (KIMMUN).
_GLUED_SURNAMES = frozenset(["kim", "ri", "pak", "park", "choe", "jo", "cho", "jang", "chang",
                             "han", "kang", "jong", "chong", "ryu", "paek", "hwang", "yun"])
_ONSET = "|".join(sorted((k for k in _INITIALS if k), key=len, reverse=True))
_NUCLEUS = "|".join(sorted(_VOWELS, key=len, reverse=True))
_CODA = "|".join(sorted((k for k in _FINALS if k), key=len, reverse=True))
_SYLLABLE = re.compile(rf"^({_ONSET})?({_NUCLEUS})({_CODA})?$")


@lru_cache(maxsize=20000)
def syllable_key(syllable: str) -> str | None:
    """The class key of one romanised syllable (``cheol`` -> ``JOL``), None if it is not one."""
    if syllable in _SURNAMES:
        return _SURNAMES[syllable]
    found = _SYLLABLE.match(syllable)
    if found is None:
        return None
    onset, nucleus, coda = found.group(1) or "", found.group(2), found.group(3) or ""
    return _initial_law(_INITIALS[onset], _VOWELS[nucleus]) + _FINALS[coda]


@lru_cache(maxsize=20000)
def unwritten_syllable(pieces: tuple[str, ...]) -> bool:
    """Whether a name's syllable spellings hold one no romanisation writes: a final G, B
    or R stands only before a vowel (RR's HYEGYONG), so YOG in PAK YOG SIK is a typo of
    YONG, not another syllable. Cached: asked once per candidate of a query."""
    for k, piece in enumerate(pieces):
        if piece[-1:] in ("g", "b", "r") and not piece.endswith("ng"):
            after = pieces[k + 1][:1] if k + 1 < len(pieces) else ""
            if after not in _LETTER_VOWELS:
                return True
    return False


_LETTER_VOWELS = frozenset("aeiou")


def _initial_law(initial: str, vowel: str) -> str:
    """Fold the initial-sound rule (dueum beopchik): the South drops an initial R/N before
    I/Y and writes R as N elsewhere, the DPRK keeps R (RYONG = YONG, RI = I, RO = NO). Both
    spellings of one syllable then share a key; the syllable is the same Hangul either way.
    """
    if initial in ("L", "N") and (vowel == "I" or vowel.startswith("Y")):
        return vowel
    if initial == "L":
        return "N" + vowel
    return initial + vowel


_MAX_SYLLABLES = 3
"""Most syllables one written token may hold (a given name written as one word)."""
_MAX_SYLLABLE_LETTERS = 7
"""Longest romanised syllable the split tries (``chyeong``)."""


@lru_cache(maxsize=50_000)
def split_syllables(token: str, most: int = _MAX_SYLLABLES) -> tuple[tuple[str, str], ...] | None:
    """Split a run of romanised syllables (``wonho``) into (key, spelling) pairs, fewest
    syllables first; None when the token is not at most ``most`` syllables.

    Each piece but a whole-token surname must be at least two letters and start with a
    consonant or ``y``/``w`` — otherwise nearly any word would split into vowels. Among
    splits with as few pieces, the longest first syllable wins: a consonant between two
    vowels groups with the syllable before it (YONGWON = YONG WON, not YON GWON; PAKHAN =
    PAK HAN), which is how given names are hyphenated on the lists.

    Dynamic programming from the end of the token, not recursion, and tokens longer than
    ``most`` syllables can be are refused at once: the work is bounded by the token's
    length whatever the input.
    """
    whole = syllable_key(token)
    if whole is not None:
        return ((whole, token),)
    n = len(token)
    if n > most * _MAX_SYLLABLE_LETTERS or n < 4:
        return None
    # best[i]: the best split of token[i:], as a tuple of pairs, or None.
    best: list[tuple[tuple[str, str], ...] | None] = [None] * (n + 1)
    best[n] = ()
    for i in range(n - 2, -1, -1):
        if i > 0 and token[i] in "aeiou":
            continue
        choice: tuple[tuple[str, str], ...] | None = None
        # Longest head first, so that on a tie in piece count the longest first syllable
        # stays (strictly fewer pieces are needed to replace it).
        for j in range(min(n, i + _MAX_SYLLABLE_LETTERS), i + 1, -1):
            rest = best[j]
            if rest is None or (j < n and token[j] in "aeiou"):
                continue
            piece = token[i:j]
            key = syllable_key(piece)
            if key is None:
                continue
            if choice is None or len(rest) + 1 < len(choice):
                choice = ((key, piece), *rest)
        best[i] = choice
    found = best[0]
    if found is None or len(found) > most:
        return None
    return found


def _split(token: str) -> tuple[str, ...] | None:
    """Syllable keys of a token (see :func:`split_syllables`)."""
    pairs = split_syllables(token)
    return None if pairs is None else tuple(k for k, _ in pairs)


def is_korean_name(tokens: tuple[str, ...]) -> bool:
    """True when the tokens read as a romanised Korean name: two to four syllables in all,
    no token longer than two syllables (a given name written as one word), and a Korean
    surname first or last (or glued to the given name: KIMMUN CHOL). Stricter than "every
    token splits into syllables", which WIJI JOKO SANTOSO also does."""
    if not 2 <= len(tokens) <= 4:
        return False
    splits = [_split(t) for t in tokens]
    if any(sp is None or len(sp) > 2 for sp in splits):
        return False
    if not 2 <= sum(len(sp) for sp in splits if sp) <= 4:
        return False
    if tokens[0] in _SURNAME_HINTS or tokens[-1] in _SURNAME_HINTS:
        return True
    # A glued surname must leave whole syllables behind: KIMMUN = KIM MUN, but CHOUKA is
    # not CHO + UKA.
    return any(tokens[0][:k] in _GLUED_SURNAMES and tokens[0][k] not in "aeiou"
               and _split(tokens[0][k:]) is not None
               for k in range(2, min(5, len(tokens[0]) - 1)))


def korean_joined(tokens: tuple[str, ...]) -> tuple[tuple[str, str], ...] | None:
    """Syllables of a Korean name broken at odd places (``Go Ch O L Chae``, ``RIW ON HO``),
    else None: the whole name is joined and re-split, and must start with a surname and
    hold two to four syllables."""
    if not 2 <= len(tokens) <= 6:
        return None
    if tokens[0] in _SURNAME_HINTS:
        surname = syllable_key(tokens[0])
        rest = split_syllables("".join(tokens[1:]))
        if surname is None or rest is None:
            return None
        return ((surname, tokens[0]), *rest)
    joined = split_syllables("".join(tokens), most=4)
    if joined is None or len(joined) < 2 or joined[0][1] not in _SURNAME_HINTS:
        return None
    return joined


def korean_syllables(tokens: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """(key, spelling) of every syllable of a name already judged Korean; a token that does
    not split keeps itself as both."""
    out: list[tuple[str, str]] = []
    for token in tokens:
        pairs = split_syllables(token)
        out.extend(pairs if pairs is not None else ((token, token),))
    return tuple(out)


def korean_tokens(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """Syllable keys of a name already judged Korean (tokens that do not split stay as is)."""
    return tuple(k for k, _ in korean_syllables(tokens))
