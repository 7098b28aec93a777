"""From a name as written to the comparison tokens both sides of a match share.

Steps, each from a field library where one exists:

1. Script: ICU transliterators turn Hangul (syllable by syllable, so given names keep
   their syllables), Han, Cyrillic, Arabic, Greek... into Latin, then to ASCII
   (``Any-Latin; Latin-ASCII``); plain ASCII input skips ICU.
2. Case and punctuation: casefold; apostrophes vanish (MR ``CHO'NG`` = ``CHONG``),
   hyphens and other punctuation split tokens (``Won-ho`` = ``Won ho``).
3. Organisations: rigour's org-type database rewrites legal forms to a generic form
   (``Co., Ltd.`` -> ``llc``); legal-form tokens then weigh little.
4. Arabic particles (al-, el-, bin/ibn, abu, abd al-, abdul-) are split off and
   normalised to one spelling; they weigh little.
5. Korean names become syllable keys (see :mod:`unsc.screening.korean`); their plain
   spelling is kept beside the keys, so a misspelt Korean name that no longer splits into
   syllables is still compared letter by letter, never dropped.
6. Other Latin name parts get one spelling where transliteration varies at will:
   doubled consonants (Sayyed = Sayed) and a few vowel variants (Umar = Omar); Chinese
   company words become the English words such firms use (有限公司 = Ltd), see
   :mod:`unsc.screening.variants`.
7. Organisations: possessives go (KOREA'S = KOREA), a country phrase becomes one token
   ``#code`` (DPRK = North Korea = Democratic People's Republic of Korea = ``#kp``), a
   short legal form glued to the name is split off (JSCARGUMENT = JSC ARGUMENT); such
   tokens, function words (of, the) and titles of persons weigh little (:func:`kinds`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import icu
from rapidfuzz.distance import OSA
from rigour.names import replace_org_types_compare
from rigour.text import metaphone

from unsc.screening.korean import is_korean_name, korean_joined, korean_syllables
from unsc.screening.qualifiers import COUNTRY_PREFIX, TITLES, is_org_stopword, mark_countries
from unsc.screening.variants import (
    HAN_TERMS,
    HAN_TERMS_RE,
    LONG_LEGAL_FORMS,
    NAME_VARIANTS,
    undouble,
)

__all__ = ["DESIGNATOR_WORDS", "NormName", "kinds", "latin_variant", "legal_form_words",
           "long_vowels_fit", "normalize", "phonetic", "respell_particle", "skeleton",
           "spelling", "token_kind"]

_TO_LATIN = icu.Transliterator.createInstance("Any-Latin; Latin-ASCII")
_HANGUL = icu.Transliterator.createInstance("Hangul-Latin; Latin-ASCII")
_HANGUL_RE = re.compile(r"[\uac00-\ud7a3]+")
_ARABIC_RE = re.compile(r"[\u0600-\u06ff]")
_HARAKAT_RE = re.compile(r"[\u064b-\u0652]")
_HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_APOSTROPHES = re.compile(r"[''`´ʻʼʿʾ’‘]")
_SPLIT = re.compile(r"[^a-z0-9]+")

# Particles: spelling variants -> one form. Low weight in scoring, ignored in blocking.
_PARTICLES: dict[str, str] = {
    "al": "al", "el": "al", "ul": "al", "ad": "al", "ar": "al", "as": "al", "ash": "al",
    "az": "al", "at": "al", "an": "al", "ur": "al", "ud": "al",
    "bin": "bin", "ibn": "bin", "ben": "bin", "bint": "bin", "binti": "bin", "ibnu": "bin",
    "abu": "abu", "abou": "abu", "abo": "abu", "abd": "abd", "abdel": "abd", "abdul": "abd",
    "abdal": "abd", "abdoul": "abd", "abdur": "abd", "abdus": "abd", "abdun": "abd",
}
_DIN = tuple(sorted(("uddin", "uddeen", "eddin", "eddine", "udin", "uddine", "ouddine",
                     "oudine", "ouddin", "oddin", "oddine", "eldin", "eldine"),
                    key=len, reverse=True))
_DIN_STEM = 4
"""Shortest stem split off a -uddin name (Siraj-uddin): SADUDDIN stays whole, since a
three-letter stem is as likely part of the name as the particle is."""
# Particles that only count as particles next to another name token: "an" is also a
# Korean surname and "as" an English word, so single-token names keep them.
_GLUED = ("abdul", "abdel", "abdal", "abd")
# English corporate designators rigour keeps as written; one spelling each.
_DESIGNATORS: dict[str, str] = {
    "corporation": "corp", "corp": "corp", "company": "co", "co": "co", "inc": "inc",
    "incorporated": "inc", "llc": "llc", "ltd": "llc", "limited": "llc", "jsc": "jsc",
    "plc": "plc", "group": "group", "sa": "sa", "ag": "ag", "ooo": "ooo", "pte": "pte",
}
LEGAL_FORMS = frozenset(_DESIGNATORS.values()) | {"gmbh", "bv", "nv", "oao", "zao", "pao"}
DESIGNATOR_WORDS = frozenset(_DESIGNATORS)
"""Corporate designators as written (COMPANY, LIMITED...): words, not name parts."""
PARTICLES = frozenset(_PARTICLES.values())
_GLUED_LEGAL = ("pjsc", "cjsc", "ojsc", "jsc", "ooo", "llc", "ltd")
"""Short legal forms found written together with the name (JSCARGUMENT, OOOTRANSGAZ)."""
_FUZZY_PARTICLES = tuple(p for p in _PARTICLES if len(p) >= 5)
"""Long particle spellings a typo may hit (ABUDL = ABDUL): one edit away is still them."""
_MAX_TOKEN = 40
"""Tokens longer than this are compared as written (no particle, suffix or glue rules):
no name part is that long, and the rules' work grows with length."""


@dataclass(frozen=True, slots=True)
class NormName:
    """A name ready to compare.

    ``tokens`` are the comparison tokens (Korean syllable keys when ``korean``);
    ``plain`` the same name as plain Latin tokens (equal to ``tokens`` unless Korean);
    ``pieces`` the romanised spelling behind each Korean key (empty otherwise), so that
    two different keys can still be compared letter by letter when one is a typo.
    """

    tokens: tuple[str, ...]
    korean: bool = False
    plain: tuple[str, ...] = ()
    pieces: tuple[str, ...] = ()


def token_kind(token: str, org: bool = False) -> str:
    """``particle``, ``legal``, ``country``, ``stop`` (function words of organisation
    names), ``initial`` (one letter) or ``name``: decides a token's weight."""
    if token in PARTICLES:
        return "particle"
    if token in LEGAL_FORMS:
        return "legal"
    if token[:1] == COUNTRY_PREFIX:
        return "country"
    if org and is_org_stopword(token):
        return "stop"
    if len(token) == 1 and token.islower():
        return "initial"
    return "name"


def kinds(tokens: tuple[str, ...], org: bool,
          legal: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """The kind of every token of one name: as :func:`token_kind`; for persons a title
    (Sheikh, Haji, Dr) when the name has another name part to carry it; for organisations
    ``legal`` also for the words of legal forms in ``legal`` (JOINT, STOCK, LIABILITY
    where a list writes them out)."""
    out = [token_kind(t, org) for t in tokens]
    if org and legal:
        out = ["legal" if k == "name" and t in legal else k
               for t, k in zip(tokens, out, strict=True)]
    if not org and sum(1 for k in out if k == "name") > 1:
        out = ["title" if k == "name" and t in TITLES else k
               for t, k in zip(tokens, out, strict=True)]
    return tuple(out)


def _hangul_to_latin(text: str) -> str:
    # One syllable at a time: ICU would run a given name together (joyongcheol).
    return _HANGUL_RE.sub(lambda m: " ".join(_HANGUL.transliterate(c) for c in m.group()) + " ",
                          text)


def legal_form_words(text: str) -> frozenset[str]:
    """The words of an organisation name that rigour's legal-form table rewrites
    (LIMITED LIABILITY COMPANY -> llc): what counts as a legal-form word is learnt from
    the list's own names, so no word table is kept here."""
    folded = _APOSTROPHES.sub("", _TO_LATIN.transliterate(text).casefold())
    before = {t for t in _SPLIT.split(folded) if t}
    after = {t for t in _SPLIT.split(replace_org_types_compare(folded, generic=True)) if t}
    return frozenset(t for t in before - after if len(t) >= 3 and t.isalpha())


@lru_cache(maxsize=200_000)
def normalize(text: str, org: bool = False) -> NormName:
    """Comparison tokens of one name. ``org`` applies legal-form normalisation."""
    hangul = bool(_HANGUL_RE.search(text))
    # Arabic written with its short vowels (harakat) transliterates to full Latin words;
    # only unvocalised Arabic, as names are usually written, needs consonant skeletons.
    arabic = bool(_ARABIC_RE.search(text)) and not _HARAKAT_RE.search(text)
    written = text
    if hangul:
        text = _hangul_to_latin(text)
    if arabic:  # ta marbuta: Latin writes Hamida(h), ICU a "t" no list spelling has
        text = text.replace("\u0629", "\u0627\u0647")
    if _HAN_RE.search(text):  # company words in English, as such firms write themselves
        text = HAN_TERMS_RE.sub(lambda m: HAN_TERMS[m.group()], text)
    if not text.isascii():
        text = _TO_LATIN.transliterate(text)
    text = _CAMEL.sub(" ", text).casefold()  # LutwinSCHOMMER = Lutwin SCHOMMER
    if org:  # KOREA'S MINISTRY = KOREA MINISTRY
        text = _POSSESSIVE.sub("", text)
    text = _APOSTROPHES.sub("", text)
    if org:
        text = replace_org_types_compare(text, generic=True)
    raw = [t for t in _SPLIT.split(text) if t]
    tokens: list[str] = []
    for position, token in enumerate(raw):
        if len(token) > _MAX_TOKEN:
            tokens.append(token)
            continue
        if len(raw) > 1 and token in _PARTICLES:
            tokens.append(_PARTICLES[token])
            continue
        if position < len(raw) - 1 and len(token) >= 5 and token[0] == "a" and not arabic:
            near = _near_particle(token)
            if near is not None:  # ABUDL BAQI = ABDUL BAQI
                tokens.append(_PARTICLES[near])
                continue
        glued = next((p for p in _GLUED if token.startswith(p) and len(token) > len(p) + 2),
                     None) if token.startswith(_GLUED) else None
        if glued is not None and len(raw) > 1:
            tokens.extend(("abd", "al"))
            token = token[len(glued):]
            token = token[2:] if glued == "abd" and token.startswith("al") else token
        elif arabic:
            token = _arabic_token(token, tokens)
            if not token:
                continue
        suffix = next((x for x in _DIN if token.endswith(x)
                       and len(token) >= len(x) + _DIN_STEM),
                      None) if token.endswith(_DIN) else None
        if token in _DIN and len(raw) > 1:  # Salah Eddine = Salah al-Din
            tokens.extend(("al", "din"))
            continue
        if suffix is not None:  # Sirajuddin = Siraj al-Din: the stem identifies
            tokens.extend((token[:-len(suffix)], "al"))
            token = "din"
        if org:
            form = next((f for f in LONG_LEGAL_FORMS if token.endswith(f)
                         and len(token) >= len(f) + 4), None)
            if form is not None:  # SABALANCOMPANY = SABALAN COMPANY
                tokens.append(token[:-len(form)])
                token = form
            elif (lead := next((f for f in LONG_LEGAL_FORMS if f != "group"
                                and token.startswith(f) and len(token) >= len(f) + 4),
                               None)) is not None:
                # COMPANYABROS = COMPANY ABROS, a space lost (not GROUP: French GROUPEMENT
                # and GROUPE are words of their own)
                tokens.append(lead)
                token = token[len(lead):]
            elif token not in _DESIGNATORS:
                token = _unglue_legal(token, tokens)
            token = _DESIGNATORS.get(token, token)
        if token == "kong" and tokens and tokens[-1] == "hong":
            tokens[-1] = "hongkong"
            continue
        tokens.append(token)
    if org:
        tokens = mark_countries(tokens)
    result = tuple(tokens)
    plain = tuple(latin_variant(t) for t in result)
    if not org and len(result) <= 8:
        syllables = None
        if hangul or is_korean_name(result):
            syllables = korean_syllables(result)
        elif any(len(t) <= 2 for t in result[1:]):
            syllables = korean_joined(result)
        if hangul:  # a foreign name in Hangul: compared letter by letter, word by word
            plain = normalize(_foreign_latin(written), org).plain
        if syllables is not None:
            return NormName(tuple(k for k, _ in syllables), korean=True, plain=plain,
                            pieces=tuple(p for _, p in syllables))
    elif hangul:
        plain = normalize(_foreign_latin(written), org).plain
    return NormName(plain, plain=plain)


_POSSESSIVE = re.compile(r"(?<=[a-z])['’`]s\b")


def _foreign_latin(written: str) -> str:
    """A name written in Hangul, in Latin letters. Korean writes a foreign consonant
    that no vowel follows as a syllable of its own with the vowel EU and no final (Smith
    = 스미스, SEU-MI-SEU; Xiaohong = 크시아오홍, KEU-SI-A-O-HONG): such a syllable stands
    for its consonant alone (SMIS, KSIAOHONG), nearer the name as its owner writes it.
    Korean names hardly ever hold one (their EU syllables have a final: 금, 은, 승)."""
    return str(_TO_LATIN.transliterate(_OPEN_EU.sub(_lone_consonant, written)))


def _lone_consonant(found: re.Match[str]) -> str:
    """One open EU syllable (스) as its consonant alone (S)."""
    return str(_TO_LATIN.transliterate(found.group())).removesuffix("eu")


# Hangul syllables are 0xAC00 + (initial * 21 + vowel) * 28 + final: vowel 18 is EU,
# final 0 is none; initial 11 (ㅇ) is silent, so 으 is a vowel, not a consonant's carrier.
_OPEN_EU = re.compile("[" + "".join(chr(0xAC00 + (i * 21 + 18) * 28)
                                    for i in range(19) if i != 11) + "]")


@lru_cache(maxsize=200_000)
def spelling(text: str) -> tuple[str, ...]:
    """The words of a name as typed, in Latin letters, before any rule (no particle split,
    no legal form, no variant spelling). The rules read a well-typed name; a typo can make
    them read the same name another way (ABDALLAH is ABD AL LAH, its typo ABDLALAH is ABD
    AL LALAH; SALAHUDIN is SALAH AL DIN, SALAHUDKIN stays whole), so names are also
    compared as written (:func:`unsc.screening.compare.spelling_similarity`)."""
    if not text.isascii():
        text = _TO_LATIN.transliterate(text)
    text = _APOSTROPHES.sub("", _CAMEL.sub(" ", text).casefold())
    return tuple(t for t in _SPLIT.split(text) if t and len(t) <= _MAX_TOKEN)
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z]{2})")
"""A lower-case letter followed by two capitals: a given name glued to a surname written
in capitals, as lists write surnames (ChunpengSU). McDONALD-style names are split too, and
still meet their unsplit spelling when names are compared joined."""


def _unglue_legal(token: str, tokens: list[str]) -> str:
    """Split a short legal form written together with the name (JSCARGUMENT = JSC ARGUMENT,
    ARGUMENTJSC = ARGUMENT JSC) when at least four letters of name remain."""
    for form in _GLUED_LEGAL:
        if token.startswith(form) and len(token) >= len(form) + 4:
            tokens.append(_DESIGNATORS.get(form, form))
            return token[len(form):]
        if token.endswith(form) and len(token) >= len(form) + 4:
            tokens.append(token[:-len(form)])
            return form
    return token


def _near_particle(token: str) -> str | None:
    """The long particle spelling (ABDUL, ABDEL...) ``token`` is one typo from, if any."""
    return next((p for p in _FUZZY_PARTICLES if OSA.distance(token, p, score_cutoff=1) <= 1),
                None)


def respell_particle(token: str) -> list[tuple[str, ...]]:
    """The tokens a mistyped Abd- name part may stand for, likeliest first: QBDUL = abd (a
    particle one typo from ABDUL, whatever its first letter), ANBDOLLAH = abd al olah,
    ASBDULLAH = abd al lah (an Abd-al- prefix one typo away, glued to the name; the LL that
    undoubling made one L is tried both ways). :func:`normalize` splits these parts only
    when spelt right, so a typo there leaves one long name token the list's ``abd al ...``
    cannot pair with. The caller (the index, which knows the list's tokens) decides which
    to believe, if any: ABIDULLAH is one edit from ABDULLAH too."""
    if len(token) < 5 or not token.isalpha():
        return []
    near = _near_particle(token)
    if near is not None:
        return [(_PARTICLES[near],)]
    found: list[tuple[str, ...]] = []
    for glued in _GLUED:
        # ABD itself only with a letter slipped in (ANBDOLLAH): one of its three letters
        # changed is any ARD-, AND-, AMD- name (ARDIAN, ANDRIY)
        cuts = (4,) if glued == "abd" else (len(glued), len(glued) + 1, len(glued) - 1)
        for cut in cuts:
            rest = token[cut:]
            if len(rest) < 2 or token.startswith(glued) or OSA.distance(
                    token[:cut], glued, score_cutoff=1) > 1:
                continue
            rest = rest[2:] if glued == "abd" and rest.startswith("al") else rest
            # after ABDUL a vowel means the name's own L was merged with the prefix's
            # (ABDULLAHI -> abdulahi): that reading first
            tails = ((rest,) if not glued.endswith("l") else ("l" + rest, rest)
                     if rest[0] in "aeiou" else (rest, "l" + rest))
            for tail in tails:
                if len(tail) >= 3:
                    found.append(("abd", "al", latin_variant(tail)))
    return found


def latin_variant(token: str) -> str:
    """One spelling for a Latin name part: known variants of an Arabic name (Omar = Umar)
    fold to one form, and doubled consonants to one (Sayyed = Sayed). Particles, legal
    forms and Arabic-script tokens (compared by skeleton) are left as they are."""
    if token[0] == "~" or token in PARTICLES or token in LEGAL_FORMS:
        return token
    return NAME_VARIANTS.get(token) or undouble(token)


def _arabic_token(token: str, tokens: list[str]) -> str:
    """Tidy one token transliterated from Arabic script and mark it for skeleton matching.

    ICU writes Arabic consonants and long vowels only (محمد -> mhmd), so such tokens are
    compared by consonant skeleton (:func:`skeleton`); the ``~`` prefix says so. Glued
    forms are split (عبدالجبار -> abd al jbar) and Allah joins the name before it
    (هدايت الله -> hdaytallh = Hidayatullah).
    """
    if token in {"allh", "llh", "all"} and tokens and tokens[-1].startswith("~"):
        tokens[-1] += "allh"
        return ""
    if token.startswith("bdal") and len(token) > 5:
        tokens.extend(("abd", "al"))
        token = token[4:]
    elif token.startswith("bd") and len(token) > 4:
        tokens.append("abd")
        token = token[2:]
    elif token.startswith("al") and len(token) > 4:
        tokens.append("al")
        token = token[2:]
    return "~" + token


# Digraphs become one letter (upper case: not to be confused with the single letters
# mapped below). dh/th/z/d meet because the Arabic emphatic and interdental letters
# (ض ظ ذ ث) are written d, z, dh, th or s in Latin (فضل = Fazl = Fadl); French "c" and "dj"
# are s and j (لونيسي = Lounici, جمال = Djamel).
_DIGRAPHS = (("sh", "C"), ("ch", "C"), ("kh", "X"), ("gh", "G"), ("dj", "j"), ("dh", "z"),
             ("th", "s"), ("ph", "f"))
_SKELETON_DROP = str.maketrans({**dict.fromkeys("aeiouyw~", None), "q": "k", "p": "b",
                                "v": "f", "d": "z", "c": "s"})


@lru_cache(maxsize=200_000)
def skeleton(token: str) -> str:
    """Consonant skeleton of a token (vowels, w/y and doubled letters dropped; q = k): how
    an Arabic-script name and its Latin spellings meet (Mohammad, Muhammad = mhmd)."""
    text = token.lstrip("~")
    for digraph, letter in _DIGRAPHS:
        text = text.replace(digraph, letter)
    text = text.translate(_SKELETON_DROP)
    out = [c for i, c in enumerate(text) if i == 0 or c != text[i - 1]]
    return "".join(out)


_VOWELISH = frozenset("aeiouyw")
_CONSONANT_MAP = str.maketrans({"q": "k", "p": "b", "v": "f", "d": "z", "c": "s", "~": None})
_LONG_VOWEL = {"a": "ae", "w": "wuo", "y": "yie"}
"""Arabic long vowels as ICU writes them (ا و ي) and the Latin letters that render them."""


@lru_cache(maxsize=200_000)
def _vowel_runs(token: str) -> tuple[str, ...]:
    """The vowel letters before the first consonant and after each consonant of a token
    (consonants as in :func:`skeleton`, a doubled one counted once)."""
    text = token
    for digraph, letter in _DIGRAPHS:
        text = text.replace(digraph, letter)
    runs = [""]
    previous = ""
    for ch in text.translate(_CONSONANT_MAP):
        if ch in _VOWELISH:
            runs[-1] += ch
        elif not (ch == previous and not runs[-1]):
            runs.append("")
        previous = ch
    return tuple(runs)


def long_vowels_fit(arabic: str, latin: str) -> bool:
    """Whether a Latin spelling has a vowel wherever an Arabic-script name writes a long
    one. Both names share a consonant skeleton; the long vowels are what tell HAMID
    (حامد, "hamd") from AHMAD (أحمد, "ahmd")."""
    ours, theirs = _vowel_runs(arabic), _vowel_runs(latin)
    if len(ours) != len(theirs):
        return False
    return all(any(c in run for c in _LONG_VOWEL.get(ch, ch)) for want, run in zip(
        ours, theirs, strict=True) for ch in want if ch in _LONG_VOWEL)


@lru_cache(maxsize=200_000)
def phonetic(token: str) -> str:
    """Metaphone key of a token (rigour), '' for short or numeric tokens."""
    if len(token) < 4 or not token.isalpha() or token.isupper() or token[0] == "~":
        return ""
    return str(metaphone(token))
