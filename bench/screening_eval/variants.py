"""Generated name variants: typos, word order, spacing, particles, Korean romanisations.

Every generator takes a ``random.Random`` seeded from the record id, so the evaluation is
identical on every run and on every machine (string seeds are hashed with SHA-512 by
``random``, not with the per-process ``hash()``).
"""

from __future__ import annotations

import random
import re
import unicodedata
from functools import lru_cache

__all__ = [
    "KOREAN_SYLLABLE_VARIANTS",
    "korean_variants",
    "norm",
    "script_of",
    "token_key",
    "typo_variants",
]

PARTICLES = {"al", "el", "bin", "ibn", "bint", "abu", "abd", "ould", "van", "von", "de",
             "der", "da", "di", "du", "mohamed", "muhammad", "mohammad", "haji", "mullah",
             "mawlawi", "maulavi", "qari"}

# McCune-Reischauer (as on the UN list, without breves) -> Revised Romanization, common
# South Korean and DPRK spellings. Keys are syllables as they appear on the list.
KOREAN_SYLLABLE_VARIANTS: dict[str, tuple[str, ...]] = {
    "ri": ("lee", "yi", "li", "rhee"), "pak": ("park", "bak"), "jo": ("cho",),
    "cho": ("jo",), "chang": ("jang",), "jang": ("chang",),
    "chong": ("jong", "jung", "chung"), "jong": ("jung", "chong"), "chol": ("chul", "cheol"),
    "hyok": ("hyuk", "hyeok"), "kwang": ("gwang",), "pong": ("bong",),
    "song": ("seong", "sung"), "yong": ("young", "yeong"), "kyong": ("kyung", "gyeong"),
    "myong": ("myung", "myeong"), "chon": ("jeon", "chun"), "son": ("sun", "seon"),
    "choe": ("choi",), "sin": ("shin",), "hyon": ("hyun", "hyeon"), "tong": ("dong",),
    "tae": ("dae",), "kil": ("gil",), "su": ("soo",), "chun": ("choon", "jun"),
    "kyu": ("gyu",), "mun": ("moon",), "ku": ("koo", "gu"), "u": ("woo",), "o": ("oh",),
    "yun": ("yoon",), "yu": ("yoo",), "ryong": ("ryeong", "yong"), "ryu": ("yu", "yoo"),
    "rim": ("lim", "im"), "ryang": ("yang",), "ro": ("roh", "no"), "sok": ("seok", "suk"),
    "tok": ("deok", "duk"), "pyong": ("byung", "pyeong"), "kang": ("gang",),
    "ko": ("go", "koh"), "kum": ("geum",), "pom": ("beom",), "sun": ("soon",),
    "chu": ("joo", "ju"), "sung": ("seung",), "mu": ("moo",), "kon": ("geon", "gun"),
    "chin": ("jin",), "kun": ("geun",), "kyo": ("gyo",), "hak": ("hak",), "il": ("il",),
}


@lru_cache(maxsize=200_000)
def norm(name: str) -> str:
    """Casefolded, accent-free, punctuation-free form, for leakage and duplicate checks."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


def token_key(name: str) -> str:
    """Order-free form: two spellings with the same key differ only by word order."""
    return " ".join(sorted(norm(name).replace("-", " ").split()))


def script_of(name: str) -> str:
    """The Unicode script family of a name's first letter ("latin", "arabic", "hangul"...)."""
    for char in name:
        if char.isalpha():
            label = unicodedata.name(char, "")
            for script in ("HANGUL", "ARABIC", "CYRILLIC", "CJK", "LATIN"):
                if label.startswith(script):
                    return "han" if script == "CJK" else script.lower()
            return "other"
    return "none"


def _char_edit(token: str, rng: random.Random) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    upper = token.isupper()
    i = rng.randrange(1, len(token) - 1) if len(token) > 2 else 0
    op = rng.choice(("sub", "del", "ins", "swap"))
    if op == "sub":
        out = token[:i] + rng.choice(letters) + token[i + 1:]
    elif op == "del":
        out = token[:i] + token[i + 1:]
    elif op == "ins":
        out = token[:i] + rng.choice(letters) + token[i:]
    else:
        j = min(i + 1, len(token) - 1)
        out = token[:i] + token[j] + token[i] + token[j + 1:]
    return out.upper() if upper else out


def typo_variants(name: str, rng: random.Random) -> list[tuple[str, str]]:
    """(variant, operation) pairs for a multi-token Latin name; empty when not applicable."""
    tokens = name.split()
    if len(tokens) < 2:
        return []
    out: list[tuple[str, str]] = []
    # 1-2 character edits inside tokens of 4+ letters.
    long_idx = [i for i, t in enumerate(tokens) if len(t) >= 4 and t.isalpha()]
    if long_idx:
        edited = list(tokens)
        # At most one edit per token: two edits in one four-letter token make another name.
        for k in rng.sample(long_idx, min(len(long_idx), rng.choice((1, 2)))):
            edited[k] = _char_edit(edited[k], rng)
        out.append((" ".join(edited), "typo"))
    # Word order: surname moved (Korean/Chinese surname-first vs Western order) or a swap.
    swapped = tokens[1:] + tokens[:1] if rng.random() < 0.5 else tokens[-1:] + tokens[:-1]
    out.append((" ".join(swapped).title(), "word_order"))
    # Spacing and hyphenation of two neighbouring tokens ("YONG CHOL" -> "Yong-chol").
    k = rng.randrange(len(tokens) - 1)
    joiner = rng.choice(("-", ""))
    second = tokens[k + 1].lower() if joiner else tokens[k + 1]  # "YONG-chol", "YONGCHOL"
    joined = [*tokens[:k], tokens[k] + joiner + second, *tokens[k + 2:]]
    out.append((" ".join(joined), "spacing"))
    # Dropped particle (al-, bin, abu, de...), only when there is one to drop.
    parts = re.split(r"(\s+|-)", name)
    kept = [p for p in parts if norm(p) not in PARTICLES]
    dropped = re.sub(r"\s+", " ", "".join(kept).replace("--", "-")).strip(" -")
    if dropped != name and len(dropped.split()) >= 2:
        out.append((dropped, "particle"))
    return out


def korean_variants(name: str, rng: random.Random, count: int = 2) -> list[str]:
    """Romanisation variants of a Korean name written syllable by syllable (KIM YONG CHOL).

    Each variant swaps one or two syllables for a Revised Romanization or South Korean
    spelling and sometimes hyphenates the given name ("Kim Young-chul"), as customers and
    other lists write it. Returns only variants that differ from the input.
    """
    # MR apostrophes mark aspiration inside a syllable (KY'ONG): drop them, do not split.
    syllables = norm(re.sub(r"['’‘]", "", name)).split()
    if len(syllables) < 2:
        return []
    changeable = [i for i, s in enumerate(syllables) if s in KOREAN_SYLLABLE_VARIANTS]
    variants: list[str] = []
    for _ in range(count * 3):
        if not changeable or len(variants) >= count:
            break
        out = list(syllables)
        for i in rng.sample(changeable, min(len(changeable), rng.choice((1, 2)))):
            out[i] = rng.choice(KOREAN_SYLLABLE_VARIANTS[syllables[i]])
        words = [w.capitalize() for w in out]
        if len(words) == 3 and rng.random() < 0.5:
            words = [words[0], f"{words[1]}-{words[2].lower()}"]
        text = " ".join(words)
        if norm(text) != norm(name) and text not in variants:
            variants.append(text)
    return variants
