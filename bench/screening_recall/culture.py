"""Culture/script class of a listed record, decided from the record's own data.

The rule, first that applies:

1. **Original script.** The primary name in original script (UN NAME_ORIGINAL_SCRIPT)
   whose letters are mostly Hangul -> ``korean``, Arabic -> ``arabic``, Cyrillic ->
   ``cyrillic``, CJK ideographs -> ``han``. (An original-script *alias* counts only after
   nationality: KIM CHOL SAM, a DPRK national, has a Chinese alias 金铁三.)
2. **Nationality** (the first listed that maps): KP, KR -> ``korean``; a member state of the
   League of Arab States, or Iran, Afghanistan, Pakistan (Arabic-script cultures: Persian,
   Pashto, Urdu names are romanised from Arabic script) -> ``arabic``; a state whose
   national script is Cyrillic (RU, UA, BY, BG, RS, MK, KZ, KG, TJ, MN) -> ``cyrillic``;
   CN, HK, MO, TW -> ``han``.
3. **Programme** (the list's own UN_LIST_TYPE / SDN programme, or the UN regime):
   a DPRK programme (UN 1718, OFAC DPRK*, NKSPEA) and a primary name that *reads as
   Korean* -> ``korean``, for any schema (DPRK companies and ships carry Korean names).
   "Reads as Korean": most of its tokens split completely into romanised Korean
   syllables (onset, vowel, final, in Revised or McCune-Reischauer spelling, written
   here from the romanisation tables, not from the matcher; a syllable after the first
   needs an onset, which keeps out most Pinyin), or are KOREA/KOREAN. For people only:
   UN regimes 1267 (ISIL/Al-Qaida), 1988 (Taliban), 1518 (Iraq), 1970 (Libya), 1591 (Sudan),
   2140 (Yemen), 751 (Somalia), 1737 (Iran) and the corresponding OFAC programmes ->
   ``arabic``; OFAC Russia/Ukraine/Belarus programmes -> ``cyrillic``.
4. Otherwise ``latin``.

Organisations and vessels get rules 1, 2 and the Korean part of 3 only: an English company
name in an Iran programme is not an Arabic name.
"""

from __future__ import annotations

import re
import unicodedata

from unsc.lists.model import Entity

__all__ = ["CULTURES", "culture_of", "reads_korean", "script_of"]

CULTURES = ("korean", "arabic", "cyrillic", "han", "latin")

_NATIONALITY = {
    **dict.fromkeys(("kp", "kr"), "korean"),
    **dict.fromkeys(("dz", "bh", "km", "dj", "eg", "iq", "jo", "kw", "lb", "ly", "mr", "ma",
                     "om", "ps", "qa", "sa", "so", "sd", "sy", "tn", "ae", "ye",
                     "ir", "af", "pk"), "arabic"),
    **dict.fromkeys(("ru", "ua", "by", "bg", "rs", "mk", "kz", "kg", "tj", "mn"), "cyrillic"),
    **dict.fromkeys(("cn", "hk", "mo", "tw"), "han"),
}
_ARABIC_REGIMES = frozenset({"1267", "1988", "1518", "1970", "1591", "2140", "751", "1737"})
_ARABIC_PROGRAMMES = ("SDGT", "FTO", "IRAQ", "SYRIA", "LIBYA", "YEMEN", "SUDAN", "IRAN",
                      "IRGC", "IFSR", "HIZBALLAH", "SOMALIA", "HRIT-IR", "SDT")
_CYRILLIC_PROGRAMMES = ("RUSSIA", "UKRAINE", "BELARUS", "CAATSA - RUSSIA")
_SCRIPTS = (("HANGUL", "korean"), ("ARABIC", "arabic"), ("CYRILLIC", "cyrillic"),
            ("CJK", "han"))

_ONSET = "(?:kk|tt|pp|ss|jj|tch|ch|sh|ph|th|kh|g|k|n|d|t|r|l|m|b|p|s|j|h|y|w)"
_VOWEL = "(?:yae|yeo|wae|weo|ae|ya|eo|ye|wa|oe|yo|wo|we|wi|yu|eu|ui|oi|a|e|o|u|i)"
_FINAL = "(?:ng|k|g|n|t|d|l|r|m|p|b)?"
_KOREAN_TOKEN = re.compile(f"{_ONSET}?{_VOWEL}{_FINAL}(?:{_ONSET}{_VOWEL}{_FINAL})*")
"""A syllable after the first needs an onset: Pinyin's HAO, WEIHAI, JIANG do not split."""
_KOREAN_WORDS = frozenset({"korea", "korean", "dprk"})


def script_of(text: str) -> str | None:
    """The culture of a name written in a non-Latin script, by its letters' Unicode names."""
    counts = dict.fromkeys(CULTURES, 0)
    letters = 0
    for char in text:
        if not char.isalpha():
            continue
        letters += 1
        uname = unicodedata.name(char, "")
        for prefix, culture in _SCRIPTS:
            if uname.startswith(prefix):
                counts[culture] += 1
                break
    best = max(counts, key=lambda c: counts[c])
    return best if letters and counts[best] * 2 > letters else None


def reads_korean(name: str) -> bool:
    """Most of the name's tokens are sequences of romanised Korean syllables."""
    tokens = [t for t in re.split(r"[^a-z]+", name.lower().replace("'", "").replace("’", ""))
              if t]
    korean = sum(1 for t in tokens if t in _KOREAN_WORDS or _KOREAN_TOKEN.fullmatch(t))
    return bool(tokens) and korean * 2 > len(tokens)


def _programmes(entity: Entity, prefixes: tuple[str, ...]) -> bool:
    return any(p.upper().startswith(prefixes) for p in entity.programmes)


def culture_of(entity: Entity) -> str:
    """The record's culture/script class (see the module docstring for the rule)."""
    original = [n for n in entity.names if n.script is not None]
    for name in sorted(original, key=lambda n: n.kind != "primary"):
        if name.kind == "primary" and (found := script_of(name.value)):
            return found
    for nationality in entity.nationalities:
        if nationality.lower() in _NATIONALITY:
            return _NATIONALITY[nationality.lower()]
    for name in original:
        if found := script_of(name.value):
            return found
    dprk = "1718" in entity.regimes or _programmes(entity, ("DPRK", "NKSPEA"))
    if dprk and reads_korean(entity.caption):
        return "korean"
    if str(entity.schema) == "Person":
        if _ARABIC_REGIMES & set(entity.regimes) or _programmes(entity, _ARABIC_PROGRAMMES):
            return "arabic"
        if _programmes(entity, _CYRILLIC_PROGRAMMES):
            return "cyrillic"
    return "latin"
