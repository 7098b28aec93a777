"""The candidate index: which list names could possibly be the query, found in microseconds.

Every list name is normalised once. Dictionaries then point from a key to the names
containing it:

- the exact token, in both forms of a name (Korean syllable keys *and* the plain spelling,
  so a Korean name with a typo that no longer splits into syllables still finds it);
- every list token within two typing edits of a query token (one edit for tokens of
  three or four letters), found with SymSpell deletion keys: the list tokens' deletion
  neighbourhoods are built once, so a query token costs a few dozen dictionary look-ups
  instead of a scan of the vocabulary, and no token within the edit bound can be missed;
- sound-alike keys (metaphone) and consonant skeletons (names from Arabic script);
- the whole name written without spaces (RIW ON HO = RI WON HO, GREM LOS = GREMLOS);
- every whole name, as written (before any name rule) and without spaces, within its
  edits of the query written so (:func:`spelt_edits`: two for eight to ten letters, one
  for five to seven and eleven to thirty), again by
  deletion keys (hashed): a typo that makes the name rules read a word another way
  (ABDLALAH is abd al lalah, ABDALLAH abd al lah) or a short name whose parts are too
  short for edits of their own (KU UN SAN = KUM UN SAN) still finds the list name;
- the words the name rules split (ABDALLAH, SALAHUDIN), as tokens of their own;
- organisation acronyms: bracketed ones (SHAHID HEMMAT INDUSTRIAL GROUP (SHIG)) and the
  initials of the name (ATOMIC ENERGY ORGANISATION OF IRAN = AEOI).

Particles (al, bin), legal forms (llc), country tokens and function words never select
candidates on their own. Identity-document numbers have their own index.

Token weights: rare tokens identify, common ones (KIM, KOREA, MOHAMMED) barely do, so a
token weighs ``1 / (1 + ln(1 + df) / 2.5)`` of its kind's base weight.

Answers must not depend on the order entities arrive in (the store and a file list them
differently): entities are sorted by id when the index is built, every tie is broken by
that order, and sums run in a fixed token order.
"""

from __future__ import annotations

import heapq
import itertools
import math
import re
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import process as rf_process
from rapidfuzz.distance import OSA, JaroWinkler
from rigour.text import remove_bracketed_text

from unsc.lists.model import Entity, NameQuality, Schema
from unsc.screening.compare import (
    Spelt,
    spelling_similarity,
    spelt,
    spelt_turns,
    token_similarity,
    written_joined,
)
from unsc.screening.normalize import (
    DESIGNATOR_WORDS,
    NormName,
    kinds,
    latin_variant,
    legal_form_words,
    normalize,
    phonetic,
    respell_particle,
    skeleton,
    spelling,
)
from unsc.screening.postings import TokenPostings, accumulate, token_postings
from unsc.screening.qualifiers import is_org_stopword
from unsc.screening.variants import LONG_LEGAL_FORMS, squash

__all__ = ["INITIALS", "IndexedName", "NameIndex", "Partners", "QueryForm", "compounds",
           "doc_key", "max_edits", "spelt_edits"]

KIND_WEIGHT = {"name": 1.0, "particle": 0.15, "legal": 0.2, "country": 0.3, "stop": 0.1,
               "title": 0.15, "initial": 0.3}
_IDF_SCALE = 2.5
"""Rarity scale: a token in e^2.5 - 1 = 11 names weighs half of a unique one."""
_DOC_CLEAN = re.compile(r"[^0-9A-Z]")
_MAX_FUZZY = 30
"""Longest token looked up by edits (the deletion neighbourhood grows with the square
of the length; no name part is longer)."""
INITIALS = "^"
"""Marks an acronym made of a name's initials (as against one the name writes)."""
_PER_ENTITY = 3
"""Names of one entity among the candidates at most, so that one entity's many aliases
cannot crowd the others out (three: a short alias, the full name and an original-script
name often all come close)."""
_GLUED = 0.9
"""Similarity of each half of a query token that is two list tokens written together."""
_SELECT = frozenset({"name", "initial"})
"""Token kinds that select candidates (initials only by equality: M AND S TRADING)."""
_LEGAL_MIN = 3
"""A word rewritten as a legal form in at least this many list names is a legal-form word."""
_ACRONYM = re.compile(r"\(([A-Za-z]{2,10})\)")
_WORD = re.compile(r"[^A-Za-z0-9]+")
_SPELT_MIN = 5
"""Shortest written-out name looked up by its edits (shorter: by its exact spelling)."""
_SPELT_FLOOR = 0.5
"""Estimated share of a name found only by its written-out edits."""
NEAREST_LONGEST = 10
"""Longest written-out query whose nearest short list names are always looked for (a
short name with two slips has too few letters left for any key to find it)."""
_NEAREST_SPAN = 2
"""Letters a short list name may differ in length from the query and still be compared."""
_NEAREST_MIN = 0.7
"""Least Jaro-Winkler similarity of a nearest short name worth showing."""
_NEAREST_WIDEN = 0.8
"""Below this, the nearest name starting as the query does is not near, and all the short
names of about its length are compared (a first letter typed wrong)."""
_ACRONYM_LEGAL = frozenset({"co", "ltd", "llc", "inc", "corp", "corporation", "company",
                            "limited", "jsc", "plc", "sa", "ag"})


def max_edits(length: int) -> int:
    """Typing edits a token of this length may carry and still select its list token:
    two from five letters on, one for three or four, none below (a two-letter part with
    one edit is any other two-letter part)."""
    return 2 if length >= 5 else 1 if length >= 3 else 0


def _deletions(token: str, depth: int) -> set[str]:
    """The token and every string ``depth`` deletions or fewer away (SymSpell): two tokens
    within ``depth`` edits (insertion, deletion, substitution, adjacent swap) share one."""
    out = {token}
    frontier = {token}
    for _ in range(depth):
        frontier = {t[:i] + t[i + 1:] for t in frontier for i in range(len(t))}
        out |= frontier
    return out


def doc_key(number: str) -> str:
    """A document number without spaces, dashes or case (``381 310-014`` = ``381310014``)."""
    return _DOC_CLEAN.sub("", number.upper())


def acronyms(value: str) -> tuple[str, ...]:
    """Acronyms an organisation name may be known by: the ones it writes in brackets and,
    marked ``^`` (weaker: many organisations share their initials), the initials of its
    words (function words left out), with and without the legal form. Only three
    letters or more."""
    found = [m.group(1).casefold() for m in _ACRONYM.finditer(value)]
    words = [w.casefold() for w in _WORD.split(remove_bracketed_text(value)) if w]
    words = [w for w in words if not is_org_stopword(w.casefold())]
    for group in (words, [w for w in words if w not in _ACRONYM_LEGAL]):
        if len(group) >= 3 and all(w.isalpha() for w in group):
            found.append(INITIALS + "".join(w[0] for w in group))
    return tuple(dict.fromkeys(a for a in found if len(a.lstrip(INITIALS)) >= 3))


@dataclass(frozen=True, slots=True)
class IndexedName:
    """One list name, normalised both ways, with the entity it belongs to."""

    entity: int
    text: str
    tokens: tuple[str, ...]
    weights: tuple[float, ...]
    plain: tuple[str, ...]
    plain_weights: tuple[float, ...]
    pieces: tuple[str, ...]
    korean: bool
    weak: bool
    kind: str
    person: bool
    acronyms: tuple[str, ...]
    plain_kinds: tuple[str, ...] = ()
    joined: tuple[str, ...] = ()
    """The plain name written without spaces from each starting part (for spacing slips)."""
    spelt: tuple[Spelt, ...] = ()
    """The name as written (:func:`~unsc.screening.normalize.spelling`), without spaces,
    from each starting part."""
    craft: bool = False
    """A vessel's or an aircraft's name: a name, not an organisation with units."""


@dataclass(frozen=True, slots=True)
class QueryForm:
    """One reading of the query (as a person's name or an organisation's), with weights."""

    tokens: tuple[str, ...]
    weights: tuple[float, ...]
    plain: tuple[str, ...]
    plain_weights: tuple[float, ...]
    pieces: tuple[str, ...]
    korean: bool
    org: bool
    name_tokens: tuple[str, ...]
    """Tokens of kind ``name`` in either form: the ones that select candidates."""
    plain_missing: tuple[float, ...]
    """What each plain token costs when the list name has no partner for it: its kind's
    weight, not lowered by how common the token is."""
    plain_kinds: tuple[str, ...] = ()
    joined: str = ""
    """The plain name written without spaces."""
    respelt: int = 0
    """How many mistyped Abd- parts were read as the list spells them (each costs a
    little: see :func:`unsc.screening.normalize.respell_particle`)."""
    spelt: Spelt = ("", ())
    """The query as typed (:func:`~unsc.screening.normalize.spelling`) without spaces."""
    unknown_syllables: tuple[bool, ...] = ()
    """Of a Korean reading, which syllables (``pieces``) no Korean list name holds, in
    that spelling or in any other of the same key (see
    :func:`~unsc.screening.compare.korean_similarity`)."""


class NameIndex:
    """Inverted index over the names of a fixed set of entities (immutable once built)."""

    def __init__(self, entities: Sequence[Entity]) -> None:
        self.entities = sorted(entities, key=lambda e: e.id)
        found: list[tuple[int, str, NormName, bool, str, bool]] = []
        legal_count: dict[str, int] = defaultdict(int)
        for e_idx, entity in enumerate(self.entities):
            org = entity.schema != Schema.PERSON
            seen: set[tuple[tuple[str, ...], tuple[str, ...]]] = set()
            for name in entity.names:
                norm = normalize(name.value, org)
                if not norm.tokens or (norm.tokens, norm.plain) in seen:
                    continue  # (two spellings with one Korean key both stay: either may be typed)
                seen.add((norm.tokens, norm.plain))
                found.append((e_idx, name.value, norm, name.quality == NameQuality.WEAK,
                              name.kind, org))
                if org:
                    for word in legal_form_words(name.value):
                        legal_count[word] += 1
        self.legal_words = frozenset(w for w, n in legal_count.items() if n >= _LEGAL_MIN)
        legal = self.legal_words
        self._legal_sorted = tuple(sorted(legal))  # a set's order changes per process
        # legal-form words written without their vowels (JNT STOCK = JOINT STOCK, BNK)
        self._legal_bare = {_bare(w): w for w in self._legal_sorted if len(w) >= 4}
        raw = [(e_idx, text, norm, kinds(norm.tokens, org, legal),
                kinds(norm.plain, org, legal), weak, kind, acronyms(text) if org else ())
               for e_idx, text, norm, weak, kind, org in found]
        df: dict[str, int] = defaultdict(int)
        for _, text, norm, *_rest in raw:
            for token in (set(norm.tokens) | set(norm.plain)
                          | set(compounds(spelling(text), norm.plain, legal))):
                df[token] += 1
        self.df = dict(df)
        # the syllables of the list's Korean names as written (a query's KANG, JIN, MIM
        # against them: see QueryForm.unknown_syllables); their keys are tokens, in df
        self.syllable_spellings = frozenset(
            p for _, _, norm, *_rest in raw if norm.korean for p in norm.pieces)
        self._weights: dict[tuple[str, str], float] = {}
        self._expand_cache: dict[str, tuple[tuple[str, float], ...]] = {}
        self._lookup_cache: dict[str, Partners] = {}
        self._posting_cache: dict[str, TokenPostings] = {}
        self.names: list[IndexedName] = []
        postings: dict[str, list[int]] = defaultdict(list)
        joined: dict[str, list[int]] = defaultdict(list)
        spelled: dict[tuple[str, ...], list[int]] = defaultdict(list)
        acronym_postings: dict[str, list[int]] = defaultdict(list)
        for n_idx, (e_idx, text, norm, tkinds, pkinds, weak, kind, acr) in enumerate(raw):
            person = self.entities[e_idx].schema == Schema.PERSON
            typed = spelling(text)
            self.names.append(IndexedName(
                e_idx, text, norm.tokens, self._name_weights(norm.tokens, tkinds),
                norm.plain, self._name_weights(norm.plain, pkinds), norm.pieces, norm.korean,
                weak, kind, person, acr, pkinds, written_joined(norm.plain),
                spelt_turns(typed), self.entities[e_idx].schema in _CRAFT))
            selecting = {t for t, k in zip(norm.tokens, tkinds, strict=True) if k in _SELECT}
            selecting |= {t for t, k in zip(norm.plain, pkinds, strict=True) if k in _SELECT}
            selecting |= set(compounds(typed, norm.plain, legal))
            for token in sorted(selecting):
                postings[token].append(n_idx)
            for written in _rotations(norm.plain) | _rotations(typed, shortest=3):
                joined[written].append(n_idx)
            for a in dict.fromkeys(a.lstrip(INITIALS) for a in acr):
                acronym_postings[a].append(n_idx)
            spelled[tuple(sorted(norm.plain))].append(n_idx)
        self.name_total = np.asarray([sum(n.plain_weights) for n in self.names],
                                     dtype=np.float64)
        self.postings = {t: tuple(p) for t, p in postings.items()}
        # All postings in one array (CSR): a query gathers its tokens' slices and sums
        # them with numpy, whatever their number.
        spans: dict[str, tuple[int, int]] = {}
        flat: list[int] = []
        for token in sorted(postings):
            spans[token] = (len(flat), len(flat) + len(postings[token]))
            flat.extend(postings[token])
        self.spans = spans
        self.flat_postings = np.asarray(flat, dtype=np.int32)
        self.joined = {t: tuple(p) for t, p in joined.items()}
        self.spelled = {t: tuple(p) for t, p in spelled.items()}
        self.acronyms = {t: tuple(p) for t, p in acronym_postings.items()}
        self.vocab = sorted(self.postings)
        self.vocab_ids = {t: i for i, t in enumerate(self.vocab)}
        sounds: dict[str, list[str]] = defaultdict(list)
        bones: dict[str, list[str]] = defaultdict(list)
        keys: list[str] = []
        owners: list[int] = []
        for v_idx, token in enumerate(self.vocab):
            key = phonetic(token)
            if key:
                sounds[key].append(token)
            if token.isupper():
                continue
            bone = skeleton(token)
            if len(bone) >= 2:
                bones[bone].append(token)
            if _fuzzy_token(token, shortest=1):
                deleted = _deletions(token, max_edits(len(token)))
                keys.extend(deleted)
                owners.extend([v_idx] * len(deleted))
        self.sounds = dict(sounds)
        self.skeletons = dict(bones)
        # Deletion keys as one sorted byte-string array (a dict of half a million keys
        # costs seconds to build and ~100 MB): looked up with a binary search.
        key_array = np.array(keys, dtype=f"S{_MAX_FUZZY}")
        order = np.argsort(key_array, kind="stable")
        self.deletion_keys = key_array[order]
        self.deletion_owners = np.asarray(owners, dtype=np.int32)[order]
        self._index_spellings()
        docs: dict[str, list[int]] = defaultdict(list)
        for e_idx, entity in enumerate(self.entities):
            numbers = [d.number for d in entity.documents]
            if entity.vessel and entity.vessel.imo:
                numbers.append(entity.vessel.imo)
            for number in numbers:
                key = doc_key(number)
                if len(key) >= 5:
                    docs[key].append(e_idx)
        self.documents = {k: tuple(sorted(set(v))) for k, v in docs.items()}

    def _index_spellings(self) -> None:
        """Deletion keys of every name as written without spaces (each turn of its words),
        so that a whole name within its edits of the query is always a candidate, however
        the name rules read either side (see :func:`spelt_edits`)."""
        written: dict[str, list[int]] = defaultdict(list)
        short: dict[str, list[int]] = defaultdict(list)
        for n_idx, name in enumerate(self.names):
            for text, _ in name.spelt:
                if text.isascii():
                    if _SPELT_MIN <= len(text) <= _MAX_FUZZY:
                        written[text].append(n_idx)
                    if len(text) <= NEAREST_LONGEST + _NEAREST_SPAN:
                        short[text].append(n_idx)
        self._short = {t: tuple(v) for t, v in short.items()}
        # by length and first letter, and by length and second letter
        self._short_first: dict[tuple[int, str], list[str]] = defaultdict(list)
        self._short_second: dict[tuple[int, str], list[str]] = defaultdict(list)
        by_length: dict[int, list[str]] = defaultdict(list)
        for text in sorted(self._short):
            by_length[len(text)].append(text)
            self._short_first[len(text), text[0]].append(text)
            if len(text) > 1:
                self._short_second[len(text), text[1]].append(text)
        # every short name of about each query length, shortest first
        self._short_span = {
            n: [t for length in range(n - _NEAREST_SPAN, n + _NEAREST_SPAN + 1)
                for t in by_length.get(length, ())]
            for n in range(2, NEAREST_LONGEST + 1)}
        self.spelt_vocab = sorted(written)
        self.spelt_names = [tuple(written[w]) for w in self.spelt_vocab]
        # A million keys: kept as their hashes (8 bytes each, built without holding the
        # strings); a collision only adds a name that the distance check then drops.
        keys = array("q")
        owners = array("i")
        for v_idx, text in enumerate(self.spelt_vocab):
            deleted = _deletions(text, spelt_edits(len(text)))
            keys.extend(hash(k) for k in deleted)
            owners.extend([v_idx] * len(deleted))
        key_array = np.frombuffer(keys, dtype=np.int64)
        order = np.argsort(key_array, kind="stable")
        self.spelt_keys = key_array[order]
        self.spelt_owners = np.frombuffer(owners, dtype=np.int32)[order]

    def near_spellings(self, typed: Spelt) -> dict[int, float]:
        """Names whose written form (any turn of its words) is within
        :func:`spelt_edits` of the query as typed (OSA distance, bounded by the longer of
        the two), with their :func:`spelling_similarity` (at least ``_SPELT_FLOOR``, so
        that a near name the similarity rules out as too short still competes)."""
        text = typed[0]
        if not _SPELT_MIN <= len(text) <= _MAX_FUZZY + 1 or not text.isascii():
            return {}  # (a name one longer than the longest indexed may be one edit away)
        wanted = np.array(sorted({hash(k) for k in _deletions(text, spelt_edits(len(text)))}),
                          dtype=np.int64)
        lo = np.searchsorted(self.spelt_keys, wanted, "left")
        hi = np.searchsorted(self.spelt_keys, wanted, "right")
        hits: set[int] = set()
        for a, b in zip(lo.tolist(), hi.tolist(), strict=True):
            if a < b:
                hits.update(self.spelt_owners[a:b].tolist())
        out: dict[int, float] = {}
        for v_idx in sorted(hits):
            other = self.spelt_vocab[v_idx]
            bound = spelt_edits(max(len(other), len(text)))
            if OSA.distance(text, other, score_cutoff=bound) > bound:
                continue
            for n_idx in self.spelt_names[v_idx]:
                if n_idx not in out:
                    out[n_idx] = max(_SPELT_FLOOR,
                                     spelling_similarity(typed, self.names[n_idx].spelt))
        return out

    def nearest_spellings(self, typed: Spelt, limit: int) -> list[tuple[int, float]]:
        """The short list names nearest a short query as typed, both written out without
        spaces (Jaro-Winkler, at least ``_NEAREST_MIN``), best first, with their
        similarity: KBCK for KKBC, KTU IM for KYU KIM. Two slips leave a short name too few
        letters for its parts' keys or its written-out edits; a plain scan of the names of
        about its length still finds the nearest. People rarely get a first letter wrong,
        so the scan covers the names that start with the query's first or second letter
        (a swap at the start) or whose second letter is its first (a first letter lost):
        a few hundred, not thousands. Only when none of them is near (Jaro-Winkler under
        ``_NEAREST_WIDEN``) are all the names of about its length compared, a first letter
        typed wrong (XABRI OJ for OFAC's OK, Sabri)."""
        text = typed[0]
        if not 2 <= len(text) <= NEAREST_LONGEST or not text.isascii():
            return []
        window: list[str] = []
        for length in range(len(text) - _NEAREST_SPAN, len(text) + _NEAREST_SPAN + 1):
            window += self._short_first.get((length, text[0]), ())
            if text[1] != text[0]:
                window += self._short_first.get((length, text[1]), ())
            window += self._short_second.get((length, text[0]), ())
        # a name may stand in the window twice (first and second letter alike)
        found = rf_process.extract(text, window, scorer=JaroWinkler.normalized_similarity,
                                   limit=2 * limit, score_cutoff=_NEAREST_MIN)
        if not found or found[0][1] < _NEAREST_WIDEN:
            # nothing near starts so: the slip may be the first letter itself (a key
            # beside it, XABRI for SABRI), so every name of about the length is compared
            found = rf_process.extract(text, self._short_span.get(len(text), ()),
                                       scorer=JaroWinkler.normalized_similarity,
                                       limit=2 * limit, score_cutoff=_NEAREST_MIN)
        out: dict[int, float] = {}
        for other, score, _ in found:
            for n_idx in self._short[other]:
                out[n_idx] = max(out.get(n_idx, 0.0), float(score))
        return sorted(out.items(), key=lambda kv: (-kv[1], kv[0]))

    def _name_weights(self, tokens: tuple[str, ...], tkinds: tuple[str, ...],
                      ) -> tuple[float, ...]:
        return tuple(self.weight(t, k) for t, k in zip(tokens, tkinds, strict=True))

    def weight(self, token: str, kind: str = "name") -> float:
        """How much a token identifies a name (kind weight x rarity)."""
        cached = self._weights.get((token, kind))
        if cached is None:
            cached = KIND_WEIGHT[kind] / (1.0 + math.log1p(self.df.get(token, 0)) / _IDF_SCALE)
            if len(self._weights) < 1_000_000:
                self._weights[(token, kind)] = cached
        return cached

    def query_weight(self, token: str, kind: str = "name") -> float:
        """Weight of a query token: a misspelling of a common list token (ISLAMJC) weighs
        like that token, not like a unique one."""
        if token in self.df or kind != "name":
            return self.weight(token, kind)
        found = self.expand(token)
        if not found:
            return self.weight(token, kind)
        return max(self.weight(v) for v, _ in found)

    def form(self, norm: NormName, org: bool, typed: tuple[str, ...] = ()) -> QueryForm:
        """A query reading with its weights, ready for :meth:`candidates` and scoring;
        ``typed``: the query's :func:`~unsc.screening.normalize.spelling`."""
        norm, respelt = self._respell(norm)
        tkinds = self._query_kinds(norm.tokens, org)
        weights = tuple(self.query_weight(t, k) for t, k in zip(norm.tokens, tkinds,
                                                                strict=True))
        selecting = {t for t, k in zip(norm.tokens, tkinds, strict=True) if k in _SELECT}
        if norm.plain is norm.tokens or norm.plain == norm.tokens:
            plain_weights = weights
            pkinds = tkinds
        else:
            pkinds = self._query_kinds(norm.plain, org)
            plain_weights = tuple(self.query_weight(t, k) for t, k in zip(norm.plain, pkinds,
                                                                          strict=True))
            selecting |= {t for t, k in zip(norm.plain, pkinds, strict=True) if k in _SELECT}
        selecting |= set(compounds(typed, norm.plain, self.legal_words))
        unknown = tuple(p not in self.syllable_spellings and k not in self.df
                        for k, p in zip(norm.tokens, norm.pieces, strict=True)
                        ) if norm.korean else ()
        return QueryForm(norm.tokens, weights, norm.plain, plain_weights, norm.pieces,
                         norm.korean, org, tuple(sorted(selecting)),
                         tuple(KIND_WEIGHT[k] for k in pkinds), pkinds,
                         squash("".join(t.lstrip("~") for t in norm.plain).lower()),
                         respelt, spelt(typed), unknown)

    def _respell(self, norm: NormName) -> tuple[NormName, int]:
        """The query with each mistyped Abd- part the list does not know read as the list
        would spell it, if every token that gives is one the list has (QBDUL QADEER KHAN
        = ABDUL QADEER KHAN); with how many parts were read so."""
        if norm.korean or len(norm.plain) < 2:
            return norm, 0
        out: list[str] = []
        respelt = 0
        for token in norm.plain:
            options = [] if token in self.df or token[0] == "~" else respell_particle(token)
            parts = next((o for o in options if all(p in self.df for p in o)), None)
            if parts is not None:
                out.extend(parts)
                respelt += 1
            else:
                out.append(token)
        if not respelt:
            return norm, 0
        return NormName(tuple(out), False, tuple(out), ()), respelt

    def _query_kinds(self, tokens: tuple[str, ...], org: bool) -> tuple[str, ...]:
        """Kinds of a query's tokens; in an organisation name, a word the list does not
        know but one typo from a legal-form word (COPANY, LIMITEX, BAKN: one edit from
        four letters on, two from nine) or one written without its vowels (JNT for JOINT)
        is that legal-form word mistyped: rigour cannot rewrite a mistyped legal form, so
        it would otherwise count as a name part the list name lacks. Of several legal-form
        words equally near, any that fits will do (BAND is BANK mistyped, though AND is as
        near): taking the first one found made the answer depend on the order of a set,
        which changes from one process to the next."""
        found = kinds(tokens, org, self.legal_words)
        if not org:
            return found
        out = list(found)
        for i, (token, kind) in enumerate(zip(tokens, found, strict=True)):
            if kind != "name" or token in self.df or not _fuzzy_token(token):
                continue
            if self._legal_bare.get(token) is not None:
                out[i] = "legal"
                continue
            if len(token) < 4:
                continue
            bound = 1 if len(token) < 9 else 2
            near = rf_process.extract(token, self._legal_sorted, scorer=OSA.distance,
                                      score_cutoff=bound, limit=None)
            least = min((d for _, d, _ in near), default=None)
            if any(d == least and (len(w) >= 6 or w[0] == token[0]) for w, d, _ in near):
                out[i] = "legal"
        return tuple(out)

    def expand(self, token: str) -> tuple[tuple[str, float], ...]:
        """List tokens that may be spellings of ``token`` with their similarity: itself,
        every token within :func:`max_edits`, sound-alikes, and the two halves of a
        token written without its space (PETERGADET)."""
        cached = self._expand_cache.get(token)
        if cached is not None:
            return cached
        found: dict[str, float] = {}
        if token in self.postings:
            found[token] = 1.0
        if not token.isupper():
            self._similar(token, found)
        result = tuple(sorted(found.items()))
        if len(self._expand_cache) > 500_000:
            self._expand_cache.clear()
        self._expand_cache[token] = result
        return result

    def similarities(self, token: str) -> Partners:
        """The list tokens a query token can pair with when names are scored (those of
        :meth:`expand`, and itself; everything else scores 0), with their exact
        similarity, computed only for the tokens a scored name holds."""
        cached = self._lookup_cache.get(token)
        if cached is None:
            cached = Partners(token, self.expand(token))
            if len(self._lookup_cache) > 500_000:
                self._lookup_cache.clear()
            self._lookup_cache[token] = cached
        return cached

    def _similar(self, token: str, found: dict[str, float]) -> None:
        """Fill ``found`` with the list tokens that may be spellings of ``token``. Edit
        neighbours get an estimate from their distance (scoring computes the exact typing
        cost only for the few that a candidate name holds, see :class:`Partners`)."""
        key = phonetic(token)
        if key:
            for t in self.sounds.get(key, ()):
                found.setdefault(t, token_similarity(token, t))
        bone = skeleton(token)
        if len(bone) >= 2:  # Arabic-script tokens and their Latin spellings meet here
            for t in self.skeletons.get(bone, ()):
                found.setdefault(t, token_similarity(token, t))
        if token[0] == "~":
            return
        if len(token) == 2 and token.isalpha() and token[::-1] in self.postings:
            # two letters typed the wrong way round (LI HO for IL HO, IR for RI): too short
            # for edit look-ups, common enough in Korean given names to be worth one
            found.setdefault(token[::-1], token_similarity(token, token[::-1]))
        if _fuzzy_token(token) or (token not in self.postings and _fuzzy_token(token, 2)):
            wanted = np.array(sorted(_deletions(token, max_edits(len(token)))),
                              dtype=self.deletion_keys.dtype)
            lo = np.searchsorted(self.deletion_keys, wanted, "left")
            hi = np.searchsorted(self.deletion_keys, wanted, "right")
            hits: set[int] = set()
            owners = self.deletion_owners
            for a, b in zip(lo.tolist(), hi.tolist(), strict=True):
                if a < b:
                    hits.update(owners[a:b].tolist())
            for v_idx in sorted(hits):
                match = self.vocab[v_idx]
                if match in found:
                    continue
                bound = max_edits(max(len(match), len(token)))
                d = OSA.distance(token, match, score_cutoff=bound)
                if d <= bound:  # estimated for ranking; scoring computes it exactly
                    found[match] = 1.0 - d * _approx_weight(max(len(match), len(token)))
        if token not in self.postings and 4 <= len(token) <= _MAX_FUZZY:
            for cut in range(2, len(token) - 1):
                # each half as the list spells its tokens (MOHAMMAD+YAQOUB: mohamad, yaqoub)
                head, tail = latin_variant(token[:cut]), latin_variant(token[cut:])
                if head in self.df and tail in self.df and (
                        head in self.postings or tail in self.postings):
                    for half in (head, tail):
                        if half in self.postings:
                            found.setdefault(half, _GLUED)
        for t in [t for t, s in found.items() if s < 0.3]:
            del found[t]

    def candidates(self, forms: Sequence[QueryForm], limit: int,
                   ) -> list[tuple[int, float]]:
        """Name ids most likely to score high against the query with their estimated
        share (:meth:`_accumulate`; infinite for a boosted name), best first, at most ``limit``
        (at most ``_PER_ENTITY`` names per entity). Ties keep index order, so the answer
        does not depend on the order entities were given in."""
        # Each reading selects on its own tokens: pooled, the person reading's words that
        # the organisation reading treats as legal forms (OPEN JNT STOCK) would dilute every
        # share and crowd out the names the organisation reading is after.
        readings = list(dict.fromkeys(tuple(sorted(set(f.name_tokens))) for f in forms))
        shares: dict[int, float] = self.near_spellings(forms[0].spelt) if forms else {}
        order: Iterable[tuple[int, float]]
        if len(readings) == 1 and not shares:
            order = self._accumulate(readings[0], 8 * limit)
        else:
            for tokens in readings:
                for n_idx, share in self._accumulate(tokens, 8 * limit):
                    if share > shares.get(n_idx, -1.0):
                        shares[n_idx] = share
            order = _best_first(shares)
        boosted = [(n, math.inf) for n in self._boosted(forms)]
        seen: dict[int, int] = {}
        taken: set[int] = set()
        out: list[tuple[int, float]] = []
        for n_idx, share in itertools.chain(boosted, order):
            e_idx = self.names[n_idx].entity
            if seen.get(e_idx, 0) < _PER_ENTITY and n_idx not in taken:
                seen[e_idx] = seen.get(e_idx, 0) + 1
                taken.add(n_idx)
                out.append((n_idx, share))
                if len(out) == limit:
                    break
        return out

    def _boosted(self, forms: Sequence[QueryForm]) -> list[int]:
        """Names spelt as the query (in any word order), or that the query equals written
        without spaces, or whose acronym it is: these go first, whatever their token
        overlap."""
        found: set[int] = set()
        for form in forms:
            found.update(self.joined.get(form.joined, ()))  # written without spaces
            found.update(self.joined.get(form.spelt[0], ()))  # ... as typed
            found.update(self.spelled.get(tuple(sorted(form.plain)), ()))
            if form.org and len(form.name_tokens) == 1:
                found.update(self.acronyms.get(form.name_tokens[0], ()))
        return sorted(found)

    def _token_postings(self, token: str) -> TokenPostings:
        """Every (name, list token) pair where the list token may be a spelling of
        ``token``, what the pair is worth (similarity x the weight of both tokens, as the
        name score counts it), and the query token's own weight; cached, since queries
        share most of their tokens."""
        cached = self._posting_cache.get(token)
        if cached is not None:
            return cached
        variants = self.expand(token)
        own = self.query_weight(token)
        found = token_postings([self.flat_postings[slice(*self.spans[v])] for v, _ in variants],
                               [(self.weight(v) + own) * s for v, s in variants],
                               [self.vocab_ids[v] for v, _ in variants], own)
        if len(self._posting_cache) > 200_000:
            self._posting_cache.clear()
        self._posting_cache[token] = found
        return found

    def _accumulate(self, tokens: Sequence[str], keep: int) -> list[tuple[int, float]]:
        """The ``keep`` names sharing most with the query, best first.

        A name's share is a Dice-like estimate of its final score: what the pairs of its
        tokens with query tokens are worth, each list token and each query token used
        once (BATIS is not both BAQI and BASIR), over the weight of both names (a list
        name's parts three quarters, as unmatched ones count in the score), so a short
        alias that holds every query word outranks a long name that holds the same words
        among many others. Sums run in a fixed order and ties keep index order
        (:func:`~unsc.screening.postings.accumulate`).
        """
        return accumulate([self._token_postings(t) for t in tokens], self.name_total, keep)


class Partners(Mapping[str, float]):
    """A query token's possible partners among the list tokens, with exact similarities
    computed on first use (most partners found by edit distance are never looked at)."""

    __slots__ = ("allowed", "exact", "token")

    def __init__(self, token: str, expanded: tuple[tuple[str, float], ...]) -> None:
        self.token = token
        self.allowed = dict(expanded)
        self.allowed[token] = 1.0
        self.exact: dict[str, float] = {token: 1.0}
        """Similarities computed so far (read directly on the hot path)."""

    def get(self, key: str, default: float | None = None) -> float | None:  # type: ignore[override]
        found = self.exact.get(key)
        if found is not None:
            return found
        estimate = self.allowed.get(key)
        if estimate is None:
            return default
        exact = token_similarity(self.token, key)
        # the halves of a token written without its space keep their share (PETERGADET)
        exact = max(exact, estimate) if estimate == _GLUED else exact
        self.exact[key] = exact
        return exact

    def __getitem__(self, key: str) -> float:
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self.allowed)

    def __len__(self) -> int:
        return len(self.allowed)


_CRAFT = frozenset({Schema.VESSEL, Schema.AIRPLANE})


def _best_first(shares: dict[int, float]) -> Iterator[tuple[int, float]]:
    """(name, share) pairs by share descending, then name ascending, popped from a heap
    as they are wanted: the candidate loop takes a few dozen of a few hundred."""
    heap = [(-share, n_idx) for n_idx, share in shares.items()]
    heapq.heapify(heap)
    while heap:
        neg, n_idx = heapq.heappop(heap)
        yield n_idx, -neg


def _rotations(tokens: tuple[str, ...], shortest: int = 5) -> set[str]:
    """A name of up to four parts written without spaces, starting from each part
    (OFAC writes "AL-LIBI, Abu Yahya", a customer "Abu Yahya al-Libi"; GREMLOS is
    typed GREM LOS)."""
    if not 1 <= len(tokens) <= 4:
        return set()
    return {w for w in written_joined(tokens) if len(w) >= shortest}


def compounds(typed: tuple[str, ...], plain: tuple[str, ...],
              legal: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """Words of a name as typed that the name rules split (ABDALLAH = ABD AL LAH,
    SALAHUDIN = SALAH AL DIN): they select candidates too, so that a typo which makes the
    rules read the word another way (ABDLALAH, SALAHUDKIN) still finds the list's word
    within its edits. Legal forms (COMPANY = co) are not such words."""
    if len(typed) > 8:
        return ()
    kept = set(plain)
    return tuple(w for w in typed
                 if len(w) >= 6 and w.isalpha() and w.isascii() and w not in kept
                 and latin_variant(w) not in kept and w not in legal
                 and w not in DESIGNATOR_WORDS and w not in LONG_LEGAL_FORMS
                 and any(len(p) >= 3 and w.startswith(p) for p in plain))


def spelt_edits(length: int) -> int:
    """Edits a whole name written without spaces may carry and still be a candidate: two
    for eight to ten letters, one for longer names up to thirty (whose words are each
    looked up with their own edits, see :func:`max_edits`) and for five to seven letters,
    none below."""
    return 2 if 8 <= length <= 10 else 1 if length >= _SPELT_MIN else 0


def _bare(word: str) -> str:
    """A word without its vowels (JOINT -> jnt), as people shorten legal forms."""
    return "".join(c for c in word if c not in "aeiouy")


def _approx_weight(length: int) -> float:
    """Similarity lost per edit, roughly, for a token of this length (ranking only)."""
    return 0.85 * (1.0 if length <= 2 else 0.4 if length <= 3 else 0.3 if length <= 4
                   else 0.25 if length <= 6 else 0.18 if length <= 10 else 0.13)


def _fuzzy_token(token: str, shortest: int = 3) -> bool:
    """Whether a token takes part in edit look-ups (list tokens from one letter on, so a
    query's ILL finds the list's IL; query tokens from three)."""
    return (shortest <= len(token) <= _MAX_FUZZY and token.isascii() and token.isalpha()
            and token.islower())
