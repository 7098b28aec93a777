"""A model of how people mistype a name, independent of any matcher.

Damerau (1964), "A technique for computer detection and correction of spelling errors",
Communications of the ACM 7(3):171-176, doi:10.1145/363958.363994, found that about 80 %
of misspellings are a single insertion, deletion, substitution or transposition of
adjacent letters. Kukich (1992), "Techniques for automatically correcting words in text",
ACM Computing Surveys 24(4):377-439, doi:10.1145/146370.146380, reviews typing-error
studies: substitutions are mostly of a key's physical neighbour, insertions mostly a
neighbour or the same key struck twice. Keyboard neighbours here come from the QWERTY
layout (ISO/IEC 9995 rows, each row offset by half a key from the one above).

Every function takes a seeded :class:`random.Random` and the typed name and returns the
perturbed name, or None when the name offers no place for that error. Letter errors
fall on ASCII letters anywhere in the name, short tokens included; the case of the
letter typed follows the letter next to it.
"""

from __future__ import annotations

import random
from collections.abc import Callable

__all__ = ["EDITS", "NEIGHBOURS", "VOWELS", "deletion", "doubled", "dropped_double",
           "dropped_vowels", "insertion", "one_edit", "space_hyphen", "substitution",
           "transposition", "two_edits", "word_order"]

_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
VOWELS = frozenset("aeiouAEIOU")


def _neighbours() -> dict[str, str]:
    """Keys touching each letter key: left and right on its row, and the two keys it sits
    between on the rows above and below (rows are staggered by half a key)."""
    pos = {ch: (r, c) for r, row in enumerate(_ROWS) for c, ch in enumerate(row)}
    out: dict[str, str] = {}
    for ch, (r, c) in pos.items():
        near = [(r, c - 1), (r, c + 1), (r - 1, c), (r - 1, c + 1), (r + 1, c - 1), (r + 1, c)]
        out[ch] = "".join(_ROWS[rr][cc] for rr, cc in near
                          if 0 <= rr < len(_ROWS) and 0 <= cc < len(_ROWS[rr]))
    return out


NEIGHBOURS = _neighbours()


def _is_letter(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def _letters(s: str) -> list[int]:
    return [i for i, ch in enumerate(s) if _is_letter(ch)]


def _like(ch: str, model: str) -> str:
    return ch.upper() if model.isupper() else ch.lower()


def _near(rng: random.Random, ch: str) -> str:
    return _like(rng.choice(NEIGHBOURS[ch.lower()]), ch)


def insertion(rng: random.Random, s: str) -> str | None:
    """An extra key struck before or after a letter: one of its neighbours, or the same key
    again."""
    spots = _letters(s)
    if not spots:
        return None
    i = rng.choice(spots)
    extra = s[i] if rng.random() < 0.5 else _near(rng, s[i])
    at = i + rng.randint(0, 1)
    return s[:at] + extra + s[at:]


def deletion(rng: random.Random, s: str) -> str | None:
    """A letter left out (never the only letter of a token, which would drop the token)."""
    spots = [i for i in _letters(s)
             if (i > 0 and _is_letter(s[i - 1])) or (i + 1 < len(s) and _is_letter(s[i + 1]))]
    if not spots:
        return None
    i = rng.choice(spots)
    return s[:i] + s[i + 1:]


def substitution(rng: random.Random, s: str) -> str | None:
    """A letter replaced by a neighbouring key."""
    spots = _letters(s)
    if not spots:
        return None
    i = rng.choice(spots)
    return s[:i] + _near(rng, s[i]) + s[i + 1:]


def transposition(rng: random.Random, s: str) -> str | None:
    """Two adjacent, different letters typed in the wrong order."""
    spots = [i for i in _letters(s)[:-1] if _is_letter(s[i + 1])
             and s[i].lower() != s[i + 1].lower()]
    if not spots:
        return None
    i = rng.choice(spots)
    return s[:i] + s[i + 1] + s[i] + s[i + 2:]


def doubled(rng: random.Random, s: str) -> str | None:
    """A letter struck twice (KIMM, KWANG-ILL)."""
    spots = _letters(s)
    if not spots:
        return None
    i = rng.choice(spots)
    return s[:i + 1] + s[i] + s[i + 1:]


def dropped_double(rng: random.Random, s: str) -> str | None:
    """A doubled letter typed once (HEMAT for HEMMAT); only names with a double letter."""
    spots = [i for i in _letters(s)[:-1] if _is_letter(s[i + 1])
             and s[i].lower() == s[i + 1].lower()]
    if not spots:
        return None
    i = rng.choice(spots)
    return s[:i] + s[i + 1:]


def space_hyphen(rng: random.Random, s: str) -> str | None:
    """A space or hyphen inserted inside a token, removed, or moved by one position
    (RIW ON HO), or a hyphen typed for a space and back (each is one edit)."""
    seps = [i for i, ch in enumerate(s) if ch in " -"
            and 0 < i < len(s) - 1 and _is_letter(s[i - 1]) and _is_letter(s[i + 1])]
    inner = [i for i in range(1, len(s)) if _is_letter(s[i - 1]) and _is_letter(s[i])]
    moves: list[Callable[[], str]] = []
    if inner:
        def insert() -> str:
            i = rng.choice(inner)
            return s[:i] + rng.choice(" -") + s[i:]
        moves.append(insert)
    if seps:
        i = rng.choice(seps)
        other = "-" if s[i] == " " else " "
        moves += [lambda: s[:i] + s[i + 1:], lambda: s[:i] + other + s[i + 1:]]
        if i >= 2 and _is_letter(s[i - 2]):
            moves.append(lambda: s[:i - 1] + s[i] + s[i - 1] + s[i + 1:])
        if i + 2 < len(s) and _is_letter(s[i + 2]):
            moves.append(lambda: s[:i] + s[i + 1] + s[i] + s[i + 2:])
    if not moves:
        return None
    return rng.choice(moves)()


def dropped_vowels(rng: random.Random, s: str) -> str | None:
    """All or some vowels of one token left out, SMS style (MHMMD, MHAMMAD); the token's
    first letter stays."""
    tokens = s.split(" ")
    spots = [t for t, tok in enumerate(tokens)
             if any(ch in VOWELS for ch in tok[1:]) and sum(ch.isalpha() for ch in tok) >= 2]
    if not spots:
        return None
    t = rng.choice(spots)
    tok = tokens[t]
    vowels = [i for i in range(1, len(tok)) if tok[i] in VOWELS]
    if rng.random() < 0.5 or len(vowels) == 1:
        drop = set(vowels)
    else:
        drop = set(rng.sample(vowels, rng.randint(1, len(vowels) - 1)))
    tokens[t] = "".join(ch for i, ch in enumerate(tok) if i not in drop)
    return " ".join(tokens)


EDITS: dict[str, Callable[[random.Random, str], str | None]] = {
    "insertion": insertion, "deletion": deletion, "substitution": substitution,
    "transposition": transposition}
"""Damerau's four single-error kinds."""


def one_edit(rng: random.Random, s: str) -> str | None:
    """One of Damerau's four errors, anywhere in the name."""
    kinds = list(EDITS)
    rng.shuffle(kinds)
    for kind in kinds:
        out = EDITS[kind](rng, s)
        if out is not None and out != s:
            return out
    return None


def two_edits(rng: random.Random, s: str) -> str | None:
    """Two independent errors anywhere, possibly in the same (short) token. The caller
    keeps only results exactly two edits away (a second edit may undo the first)."""
    first = one_edit(rng, s)
    return one_edit(rng, first) if first is not None else None


def word_order(rng: random.Random, s: str) -> str | None:
    """Surname moved first or last (KWANG IL KIM for KIM KWANG IL, Given SURNAME for
    SURNAME Given)."""
    tokens = s.split(" ")
    if len(tokens) < 2:
        return None
    if rng.random() < 0.5:
        return " ".join([tokens[-1], *tokens[:-1]])
    return " ".join([*tokens[1:], tokens[0]])
