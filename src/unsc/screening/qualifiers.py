"""Words that qualify a name rather than identify it: countries, stopwords, titles.

"MINISTRY OF ATOMIC ENERGY INDUSTRY OF THE DEMOCRATIC PEOPLE'S REPUBLIC OF KOREA",
"NORTH KOREA'S MINISTRY OF ATOMIC ENERGY INDUSTRY" and "DPRK MINISTRY OF ATOMIC ENERGY
INDUSTRY" are the listed "MINISTRY OF ATOMIC ENERGY INDUSTRY" with a country said in three
ways; "Sheikh Omar" is Omar with a title. Such words must weigh little when names are
compared, or a qualified name falls under the threshold and a title alone makes a hit.

Country names come from rigour's territory data (English short and full names, strong
names such as ``DPRK``, and the names in other languages), so no hand table is kept here.
A country phrase in an organisation name becomes one token ``#<code>`` (``#kp``), so that
"DPRK" and "North Korea" are the same word.
"""

from __future__ import annotations

import re
from functools import cache

from rigour._core import territories_jsonl
from rigour.data import iter_jsonl_text
from rigour.text import ascii_text, is_stopword

__all__ = ["COUNTRY_PREFIX", "TITLES", "country_phrases", "is_org_stopword", "mark_countries"]

COUNTRY_PREFIX = "#"
TITLES = frozenset({"dr", "sheikh", "shaykh", "shaikh", "sheik", "cheikh", "haji", "hajji",
                    "hajii", "hadji", "alhaji", "mullah", "mulla", "maulvi", "mawlawi",
                    "maulavi", "moulavi", "maulana", "mawlana", "mr", "mrs", "ms", "qari",
                    "prof"})
"""Titles and honorifics one list writes and another drops (DR. ABBASI, Haji Khairullah,
Shaykh Yunis). Words that are titles and given names alike (Amir, Sayyid) are not here."""
_SPLIT = re.compile(r"[^a-z0-9]+")
_MIN_SINGLE = 5
"""A one-word country name in another language shorter than this (IRA, ERON, CHIN...) is
too likely a name part to be read as a country."""


_POSSESSIVE = re.compile(r"(?<=[a-z])['\u2019`]s\b")
_SAME = {"kr": "kp"}
"""The two Koreas are one country token: "KOREA" alone says either, and a name that says
"Korea" on one list says "DPRK" on another."""


def _tokens(text: str) -> tuple[str, ...]:
    folded = _POSSESSIVE.sub("", ascii_text(text).casefold())
    folded = folded.replace("'", "").replace("\u2019", "")
    return tuple(t for t in _SPLIT.split(folded) if t)


@cache
def country_phrases() -> dict[tuple[str, ...], str]:
    """Token sequences that name a country -> its code (``('north', 'korea')`` -> ``kp``).

    Built once per process from rigour's territory data: English name and full name and
    strong names always; weak names (the other languages) when they are several words or
    long enough not to be a person's name part. Historical territories are left out, and a
    phrase that names two territories is dropped.
    """
    found: dict[tuple[str, ...], set[str]] = {}
    for data in iter_jsonl_text(territories_jsonl()):
        if data.get("is_historical"):
            continue
        code = str(data["code"])
        strong = [data.get("name"), data.get("full_name"), *data.get("names_strong", [])]
        weak = data.get("names_weak", [])
        for text in strong:
            if text:
                _add(found, _tokens(str(text)), code)
        for text in weak:
            tokens = _tokens(str(text))
            if len(tokens) > 1 or (tokens and len(tokens[0]) >= _MIN_SINGLE):
                _add(found, tokens, code)
    for extra, code in ((("north", "korea"), "kp"), (("n", "korea"), "kp"),
                        (("south", "korea"), "kr"), (("dprk",), "kp"), (("rok",), "kr")):
        _add(found, extra, code)
    out: dict[tuple[str, ...], str] = {}
    for phrase, codes in found.items():
        merged = {_SAME.get(c, c) for c in codes}
        if len(merged) == 1:
            out[phrase] = merged.pop()
    return out


def _add(found: dict[tuple[str, ...], set[str]], tokens: tuple[str, ...], code: str) -> None:
    while tokens and tokens[0] == "the":
        tokens = tokens[1:]
    if tokens and not (len(tokens) == 1 and len(tokens[0]) < 3):
        found.setdefault(tokens, set()).add(code)


@cache
def _longest() -> int:
    return max(len(k) for k in country_phrases())


def mark_countries(tokens: list[str]) -> list[str]:
    """Replace country phrases in an organisation name's tokens by ``#code`` tokens,
    longest phrase first. A name that is nothing but a country keeps its words: there the
    country is the name."""
    phrases = country_phrases()
    longest = _longest()
    out: list[str] = []
    i = 0
    while i < len(tokens):
        for size in range(min(longest, len(tokens) - i), 0, -1):
            code = phrases.get(tuple(tokens[i:i + size]))
            if code is not None and size < len(tokens):
                out.append(COUNTRY_PREFIX + code)
                i += size
                break
        else:
            out.append(tokens[i])
            i += 1
    return out


def is_org_stopword(token: str) -> bool:
    """Function words of organisation names (of, the, and, de, la...), from rigour."""
    return len(token) <= 4 and is_stopword(token)
