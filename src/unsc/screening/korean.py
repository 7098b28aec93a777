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

__all__ = ["is_korean_name", "korean_joined", "korean_tokens", "syllable_key"]

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


@lru_cache(maxsize=20000)
def _split(token: str) -> tuple[str, ...] | None:
    """Split a run of romanised syllables (``wonho``) into syllable keys, fewest first.

    Each piece but a whole-token surname must be at least two letters and start with a
    consonant or ``y``/``w`` — otherwise nearly any word would split into vowels. Among
    splits with as few pieces, the longest first syllable wins: a consonant between two
    vowels groups with the syllable before it (YONGWON = YONG WON, not YON GWON; PAKHAN =
    PAK HAN), which is how given names are hyphenated on the lists.
    """
    whole = syllable_key(token)
    if whole is not None:
        return (whole,)
    best: tuple[str, ...] | None = None
    for cut in range(len(token) - 2, 1, -1):
        head, tail = token[:cut], token[cut:]
        if tail[0] in "aeiou":
            continue
        key = syllable_key(head)
        if key is None:
            continue
        rest = _split(tail)
        if rest is not None and (best is None or len(rest) + 1 < len(best)):
            best = (key, *rest)
    if best is not None and len(best) > 3:
        return None
    return best


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


def korean_joined(tokens: tuple[str, ...]) -> tuple[str, ...] | None:
    """Syllable keys of a Korean name broken at odd places (``Go Ch O L Chae``), else None.

    The surname must be the first token; the rest is joined and re-split into at most
    three syllables.
    """
    if len(tokens) < 3 or tokens[0] not in _SURNAME_HINTS:
        return None
    surname = syllable_key(tokens[0])
    rest = _split("".join(tokens[1:]))
    if surname is None or rest is None:
        return None
    return (surname, *rest)


def korean_tokens(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """Syllable keys of a name already judged Korean (tokens that do not split stay as is)."""
    out: list[str] = []
    for token in tokens:
        keys = _split(token)
        out.extend(keys if keys is not None else (token,))
    return tuple(out)
