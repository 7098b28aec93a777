"""Screen queries against a fixed set of entities: candidates from the index, then scoring.

A :class:`Screener` needs no store: give it entities (a list version, a test fixture, a
what-if designation) and call :meth:`Screener.screen`. Per query it normalises the name,
asks the index for the few list names sharing identifying tokens, scores the best name of
each candidate entity, adds the other evidence (date of birth, nationality, schema,
document number) and explains the result.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import lru_cache

from rapidfuzz.distance import OSA, Levenshtein

from unsc import settings
from unsc.lists.model import Entity
from unsc.screening import features as F
from unsc.screening.compare import (
    SPELT_SHARE,
    SYLLABLES_REORDERED,
    align,
    korean_similarity,
    name_similarity,
    spelling_similarity,
    syllables_in_turn,
)
from unsc.screening.index import INITIALS, IndexedName, NameIndex, QueryForm, doc_key
from unsc.screening.korean import unwritten_syllable
from unsc.screening.normalize import normalize, spelling
from unsc.screening.types import FeatureScore, Hit, Query

__all__ = ["Screener"]

_CANDIDATE_NAMES = 16
_ENOUGH = 6
_FAR_BELOW = 0.7
"""Candidates are scored best estimate first; once more than ``_ENOUGH`` entities are
scored, one estimated under ``_FAR_BELOW`` of the best estimate ends the scoring (on the
recall bench's tuning half this changes no recall figure and saves a third of the work)."""
"""List names scored per query: the candidate stage ranks names by the weight they share
with the query, so the right one is nearly always among the first few."""
_BEST_CACHE_SIZE = 20_000
"""Name-stage results kept per screener (about 1 KB each): customer files and API traffic
repeat names. Cleared when full, so memory stays bounded in long-lived processes."""
_RISE = F.WEIGHTS["birth_date_match"] + F.WEIGHTS["nationality_match"] + 0.01
_ACRONYM_SIM = 0.9
"""Name similarity of a one-word query equal to an acronym an organisation's name writes
(ATOMIC ENERGY ORGANISATION OF IRAN (AEOI))..."""
_INITIALS_SIM = 0.85
"""...and to the initials of its words, which many organisations share."""
_PART_OF = 0.85
"""Score of an organisation query holding every identifying word of a list name (KOREAN
PEOPLE'S ARMY, RECONNAISSANCE GENERAL BUREAU), times how well those words match."""
_PART_OF_MIN = 0.8
_WHOLE = 0.15
"""Share of a name similarity that is the whole-spelling similarity (see :func:`_whole`)."""
_LETTERS_ONLY = 0.95
"""Share a Korean name compared letter by letter keeps when its syllables disagree."""
_Best = dict[int, tuple[float, IndexedName | None, bool]]
"""Per candidate entity: its best name similarity, that name, and whether the name was
added as one of the nearest spellings by letters (no list name read as the query)."""


class Screener:
    """Screens queries against ``entities``; the index is built once, in the constructor."""

    def __init__(self, entities: Sequence[Entity]) -> None:
        self.index = NameIndex(entities)
        self._best_cache: dict[str, _Best] = {}

    @property
    def entities(self) -> list[Entity]:
        return self.index.entities

    def screen(self, query: Query, limit: int = 5, threshold: float | None = None) -> list[Hit]:
        """The ``limit`` most likely list entries for one query, highest score first.

        There is no score floor: an analyst reviewing five hits sees the five most likely
        records, and ``match`` alone says which reach the threshold. Ties are broken by
        the list spelling nearest the query, then by entity id, so the same question
        always gets the same answer.
        """
        thr = float(settings.get("match_threshold")) if threshold is None else threshold
        best = self._best_names(query)
        docs: tuple[int, ...] = ()
        if query.id_number:
            docs = self.index.documents.get(doc_key(query.id_number), ())
            best = dict(best)  # the cached name-stage result is shared: copy before adding
            for e_idx in docs:
                best.setdefault(e_idx, (0.0, None, False))
        # Full evidence only for the entities that can still make the list: other features
        # move a score by at most a few tenths, except a document number (always kept).
        entities = self.index.entities
        ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], entities[kv[0]].id))
        # Evidence other than a document moves a score up by at most the date and
        # nationality bonuses: candidates further below the last one shown cannot enter
        # (candidates tied with the last one shown all stay).
        floor = ranked[limit - 1][1][0] - _RISE if len(ranked) >= limit else -1.0
        keep = [kv for i, kv in enumerate(ranked)
                if i < limit or kv[1][0] >= floor or kv[0] in docs]
        scored = [self._evidence(query, e_idx, sim, name) for e_idx, (sim, name, _) in keep]
        scored = [x for x in scored if x[0] > 0.0 or x[1] in docs]
        scored.sort(key=lambda x: (-x[0], entities[x[1]].id))
        # Explanations are built only for the hits returned.
        return [self._hit(query, score, e_idx, name, feats, thr, best[e_idx][2])
                for score, e_idx, name, feats in _settle_ties(scored, query.name, limit,
                                                              entities)]

    def screen_many(self, queries: Iterable[Query], limit: int = 5,
                    threshold: float | None = None) -> Iterator[list[Hit]]:
        """Hits for each query in turn (lazy, so a generator of millions streams)."""
        thr = float(settings.get("match_threshold")) if threshold is None else threshold
        for query in queries:
            yield self.screen(query, limit=limit, threshold=thr)

    def _best_names(self, query: Query) -> _Best:
        """Best-scoring list name per candidate entity. The result depends on the query's
        name only (the index is immutable), so it is cached per name as typed: not per
        name reading, since the name stage also compares the name as typed, and two
        spellings with the same tokens (Abou Ai, ABU-'AI) would share the first one's
        answer, whichever came first. The dict returned is shared with the cache:
        callers copy it before changing it."""
        key = query.name
        cached = self._best_cache.get(key)
        if cached is None:
            cached = self._score_names(query)
            if len(self._best_cache) >= _BEST_CACHE_SIZE:
                self._best_cache.clear()
            self._best_cache[key] = cached
        return cached

    def _score_names(self, query: Query) -> _Best:
        forms: list[QueryForm] = []
        # the query's plain tokens in either reading, order-free
        spelt: set[tuple[str, ...]] = set()
        if query.name.strip():  # both readings whatever the schema: it weighs, never hides
            typed = spelling(query.name)
            for as_org in (False, True):
                norm = normalize(query.name, as_org)
                spelt.add(tuple(sorted(norm.plain)))
                forms.append(self.index.form(norm, org=as_org, typed=typed))
        forms = [f for f in forms if f.tokens]
        if not forms:
            return {}
        person = next((f for f in forms if not f.org), forms[0])
        org = next((f for f in forms if f.org), forms[0])
        lookups = {id(f): [self.index.similarities(t) for t in f.plain] for f in forms}
        best: _Best = {}
        names = self.index.names
        ranks: dict[int, tuple[float, bool]] = {}
        top = 0.0
        for n_idx, share in self.index.candidates(forms, _CANDIDATE_NAMES):
            # Once enough entities are scored, a candidate estimated far below the best
            # is not worth scoring (the estimate rarely errs by that much).
            if len(best) > _ENOUGH and share < _FAR_BELOW * top:
                break
            if share != math.inf:
                top = max(top, share)
            cand = names[n_idx]
            form = person if cand.person else org
            sim = similarity(form, cand, lookups[id(form)])
            # on a tie the name spelt as the query was typed represents the entity
            rank = (_rank(sim, cand), tuple(sorted(cand.plain)) in spelt)
            if cand.entity not in ranks or rank > ranks[cand.entity]:
                best[cand.entity] = (sim, cand, False)
                ranks[cand.entity] = rank
        sims = [sim for sim, _, _ in best.values()]
        if max(sims, default=0.0) < _NEAREST_UNDER and sum(
                1 for sim in sims if sim >= _NEAREST_SHARE) < _NEAREST_SHOWN:
            # No name reads as the query and too few are likely for a full list of hits:
            # a short name with two slips scores nothing on its parts, yet the analyst
            # should see the nearest names.
            for n_idx, near in self.index.nearest_spellings(person.spelt, _NEAREST_SHOWN):
                cand = names[n_idx]
                sim = _NEAREST_SHARE * near
                if sim > best.get(cand.entity, (0.0, None, False))[0]:
                    best[cand.entity] = (sim, cand, True)
        return best

    def _evidence(self, query: Query, e_idx: int, sim: float, name: IndexedName | None,
                  ) -> tuple[float, int, IndexedName | None, list[FeatureScore]]:
        """The score of one candidate entity and the features it is made of."""
        entity = self.index.entities[e_idx]
        list_name = name.text if name else entity.caption
        feats: list[FeatureScore] = [F.name_match(sim, query.name, list_name)]
        if name is not None and name.weak:
            feats.append(F.weak_alias(sim, list_name))
        for extra in (F.birth_date(query.birth_date, entity),
                      F.nationality(query.nationality, entity),
                      F.schema_mismatch(query.schema, entity)):
            if extra is not None:
                feats.append(extra)
        rest = sum(f.contribution for f in feats)
        doc = F.id_number(query.id_number, entity, rest)
        if doc is not None:
            feats.append(doc)
        score = min(1.0, max(0.0, sum(f.contribution for f in feats)))
        return score, e_idx, name, feats

    def _hit(self, query: Query, score: float, e_idx: int, name: IndexedName | None,
             feats: list[FeatureScore], thr: float, nearest: bool = False) -> Hit:
        entity = self.index.entities[e_idx]
        list_name = name.text if name else entity.caption
        match = score >= thr
        return Hit(entity=entity, score=score, match=match, matched_name=list_name,
                   query_name=query.name, features=feats,
                   explanation=_explain(query, entity, list_name, name, feats, score, thr,
                                        nearest))


_Scored = tuple[float, int, IndexedName | None, list[FeatureScore]]


def _settle_ties(scored: list[_Scored], typed: str, limit: int,
                 entities: Sequence[Entity]) -> list[_Scored]:
    """The first ``limit`` of ``scored`` (sorted by score, then entity id), each run of
    equal scores ordered first by whether the record's remarks name another record of
    the run (:func:`_names_another`), then by how near the list name's own spelling is to
    what was typed, then by entity id: the same person on two lists (KIM JONG SIK and
    KIM CHONG SIK, both 1.00) is shown first as the query spells it. Only ties need the
    comparison."""
    near = _Closeness(typed)
    out: list[_Scored] = []
    i = 0
    while i < len(scored) and len(out) < limit:
        j = i + 1
        while j < len(scored) and scored[j][0] == scored[i][0]:
            j += 1
        group = scored[i:j]
        if len(group) > 1:
            names = [_words(x[2].text) for x in group if x[2] is not None]
            group.sort(key=lambda x: (_names_another(entities[x[1]], x[2], names),
                                      near(x[2])), reverse=True)  # stable: id among equals
        out.extend(group)
        i = j
    return out[:limit]


def _names_another(entity: Entity, name: IndexedName | None, names: Sequence[str]) -> bool:
    """Whether the record's remarks name a record it ties with (``names``: the tied
    records' names as :func:`_words` writes them), by a name that is none of
    its own: a unit named with its parent (DCB FINANCE LIMITED (DAEDONG CREDIT BANK))
    ties the unit's record with the parent's, and the UN writes the parent into the
    unit's remarks ("a front company for Daedong Credit Bank"). The query is about the
    unit; the parent says where it belongs. A record's remarks that name the record itself
    (the UN's DAEDONG CREDIT BANK (DCB) names Daedong Credit Bank, which is also how OFAC
    writes the same bank) do not count."""
    if not entity.comments or name is None:
        return False
    remarks = f" {_words(entity.comments)} "
    own = [f" {_words(n.value)} " for n in entity.names]
    return any(f" {other} " in remarks for other in names
               if other and not any(f" {other} " in mine for mine in own))


@lru_cache(maxsize=8192)
def _words(text: str) -> str:
    """Text as lower-case words split by single spaces (for whole-phrase look-ups); cached,
    as the same remarks and names come back in query after query."""
    return " ".join(_WORD.findall(text.casefold()))


_WORD = re.compile(r"\w+")


class _Closeness:
    """How near a list name's own spelling is to what was typed: first its words in Latin
    letters, sorted, then its letters as they stand (ABU ABDALLAH before ABU 'ABDALLAH
    for ABU ABDLALAH): 킴 총싴 is nearer KIM CHONG SIK than KIM JONG SIK,
    though both read as the same name; ジン ユ (given name first) is YU Jin; Han Chang-Su
    is Chang-Su HAN rather than HAN Jang Su."""

    def __init__(self, typed: str) -> None:
        self.typed = typed.casefold()
        self.words = " ".join(sorted(spelling(typed)))

    def __call__(self, name: IndexedName | None) -> tuple[float, float]:
        if name is None:
            return 0.0, 0.0
        return (Levenshtein.normalized_similarity(
                    self.words, " ".join(sorted(spelling(name.text)))),
                Levenshtein.normalized_similarity(self.typed, name.text.casefold()))


def similarity(form: QueryForm, cand: IndexedName,
               lookup: Sequence[Mapping[str, float]] | None = None) -> float:
    """Name similarity of one query reading and one list name (0..1).

    Korean against Korean compares syllable keys; anything else compares the plain
    spellings, so a Korean name whose typo breaks its syllables still scores on its
    letters. An organisation query also scores as an acronym of the list name (AEOI) and
    as a name that holds every identifying word of the list name (a unit named with its
    parent).
    """
    if form.korean and cand.korean:
        sim = korean_similarity(form.tokens, form.weights, form.pieces, cand.tokens,
                                cand.weights, cand.pieces, form.unknown_syllables)
        # A typo may make another valid syllable (KYONG -> YONG, CHUN -> CHU) or split a
        # name into other syllables (KYONGOK = KYON GOK): the letters are compared too,
        # strictly, and count a little less than agreeing syllables.
        same = len(form.tokens) == len(cand.tokens) and len(form.plain) == len(cand.plain)
        letters = name_similarity(form.plain, form.plain_weights, cand.plain,
                                  cand.plain_weights, korean="strict" if same else True,
                                  lookup=lookup, q_missing=form.plain_missing)
        sim = max(sim, letters * _LETTERS_ONLY if same else letters)
        if not syllables_in_turn(form.tokens, cand.tokens):
            sim *= SYLLABLES_REORDERED  # the as-typed comparison below keeps the order
    else:
        sim = name_similarity(form.plain, form.plain_weights, cand.plain, cand.plain_weights,
                              korean=form.korean or cand.korean, lookup=lookup,
                              q_missing=form.plain_missing,
                              legal=_legal_mask(form.plain_kinds, cand.plain_kinds),
                              joined=(form.joined, cand.joined) if cand.joined else None)
    if 0.0 < sim < 1.0:
        whole = _whole(form.plain, form.plain_kinds, cand.plain, cand.plain_kinds)
        if whole is not None:
            sim = (1.0 - _WHOLE) * sim + _WHOLE * whole
    if sim < SPELT_SHARE and form.spelt[0] and cand.spelt:
        # the whole name as typed against the list name as written: a slip that made the
        # name rules read a word another way (ABDLALAH, SALAHUDKIN) costs one slip
        sim = max(sim, spelling_similarity(
            form.spelt, cand.spelt,
            slips_only=form.korean and cand.korean and not unwritten_syllable(form.pieces)))
    if form.org and not cand.person:
        if len(form.plain) == 1 and form.plain[0] in cand.acronyms:
            sim = max(sim, _ACRONYM_SIM)
        elif len(form.plain) == 1 and INITIALS + form.plain[0] in cand.acronyms:
            sim = max(sim, _INITIALS_SIM)
        if sim < _PART_OF and not cand.craft:
            sim = max(sim, _part_of(form, cand))
    return sim * _RESPELT ** form.respelt if form.respelt else sim


_SPELT = frozenset({"name", "initial"})
_NEAREST_SHARE = 0.5
"""What a short list name found only as one of the nearest by its letters keeps of its
Jaro-Winkler similarity: shown, never a match."""
_NEAREST_SHOWN = 10
"""Hits worth showing: with fewer names scoring ``_NEAREST_SHARE`` or more, and none
``_NEAREST_UNDER`` or more, the nearest short names by their letters are added."""
_NEAREST_UNDER = 0.8
"""A name scoring this (the default match threshold) reads as the query: no list name
found only by its letters is worth adding then."""
_RESPELT = 0.95
"""What a mistyped Abd- part read as the list spells it keeps of the similarity (the
typo costs about what one edit in a name part does)."""


def _whole(q: tuple[str, ...], qk: tuple[str, ...], c: tuple[str, ...],
           ck: tuple[str, ...]) -> float | None:
    """Letter similarity of the two names written out (name parts only, sorted, so word
    order, particles and legal forms do not count): the nearest whole spelling breaks
    near-ties between list names that the token comparison rates alike. None for names
    from Arabic script, whose Latin letters are consonants only."""
    a = sorted(t for t, k in zip(q, qk, strict=True) if k in _SPELT)
    b = sorted(t for t, k in zip(c, ck, strict=True) if k in _SPELT)
    if not a or not b or any(t[0] == "~" for t in (*a, *b)):
        return None
    return OSA.normalized_similarity(" ".join(a), " ".join(b))


def _legal_mask(q: tuple[str, ...], c: tuple[str, ...],
                ) -> tuple[tuple[bool, ...], tuple[bool, ...]] | None:
    """Which tokens of each side are legal forms, when both sides have one."""
    if "legal" not in q or "legal" not in c:
        return None
    return tuple(k == "legal" for k in q), tuple(k == "legal" for k in c)


def _part_of(form: QueryForm, cand: IndexedName) -> float:
    """Every name word of the list name in a longer query (each found at least
    ``_PART_OF_MIN`` alike), at least two of them: a unit named with its parent, or a
    name with a qualifier the country and legal-form rules do not know. Not for a
    vessel's or an aircraft's name, which has no units: the DPRK's vessels carry given
    names (HWA SONG), and HWA SONG in a person's name (PAK HWA SONG) is no part of the
    vessel."""
    if len(form.plain) <= len(cand.plain):
        return 0.0
    words = [j for j, k in enumerate(cand.plain_kinds) if k == "name"]
    if len(words) < 2:
        return 0.0
    sims = {j: s for _, j, s in align(form.plain, cand.plain)}
    found = [sims.get(j, 0.0) for j in words]
    if min(found) < _PART_OF_MIN:
        return 0.0
    return _PART_OF * sum(found) / len(found)


def _rank(sim: float, name: IndexedName | None) -> float:
    """Prefer strong names over weak ones at equal similarity (on a tie the first
    candidate stays: candidates come in index order, which never depends on input order)."""
    if name is None:
        return sim
    return sim * (1.0 - F.WEIGHTS["weak_alias"]) if name.weak else sim


def _explain(query: Query, entity: Entity, list_name: str, name: IndexedName | None,
             feats: list[FeatureScore], score: float, thr: float,
             nearest: bool = False) -> str:
    """One line an analyst can read: which list name, the evidence, the verdict. A name
    shown only as one of the nearest spellings says so, or a score under half would look
    like a weak reading of the name rather than letters that merely look alike."""
    kind = name.kind if name else "caption"
    quality = " weak" if name and name.weak else ""
    head = (f"{query.name!r} matched {list_name!r} ({kind}{quality} name of "
            f"{entity.reference_number or entity.id})")
    parts = [f"{f.name} {f.contribution:+.2f} ({f.detail})" for f in feats[1:]]
    body = f"name similarity {feats[0].contribution:.2f}"
    if nearest:
        body += (" (no list name reads as the query: one of the nearest short names by "
                 f"their letters, Jaro-Winkler {feats[0].value / _NEAREST_SHARE:.2f}, "
                 "counted at half)")
    if parts:
        body += "; " + "; ".join(parts)
    verdict = "match" if score >= thr else "no match"
    return f"{head}: {body}; score {score:.2f} {'>=' if score >= thr else '<'} " \
           f"threshold {thr:.2f}: {verdict}"
