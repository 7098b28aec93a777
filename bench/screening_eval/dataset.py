"""Build the labelled evaluation from real records: name pairs and screening queries.

Sets (``Pair.set`` / ``ScreenQuery.set``):

- ``aliases``: a record's published Latin-script aliases against its primary name.
- ``cross_list``: the same person or entity as spelled on the OFAC SDN list, linked by a
  shared passport/ID/IMO number or an exact name + birth-year match.
- ``typos``: generated edits of the primary name (1-2 character edits, word order,
  hyphenation/spacing, dropped particles).
- ``translit``: original-script names (NAME_ORIGINAL_SCRIPT: Arabic, Cyrillic; the
  2026-05-08 list has no Hangul) and non-Latin aliases (Han company names) against the
  Latin primary name, and generated Korean McCune-Reischauer -> Revised Romanization
  variants.
- ``neg_surname`` (pairs only): two different listed people sharing a surname.
- ``neg_common``: common names from ten cultures that are not on the list.

Screening queries for ``aliases`` and original-script ``translit`` run against an index
that keeps only each record's Latin primary name ("primary" index): against the full list
the query would be found by exact lookup and prove nothing. All other queries run against
the full list. Splits are by target record (or by the negative query), so a record's
variants never sit in both the tuning (dev) and the reported (test) half.
"""

from __future__ import annotations

import dataclasses
import random
import zlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from bench.screening_eval.common_names import common_names
from bench.screening_eval.sources import OfacRecord, load_ofac, load_un, un_identifiers
from bench.screening_eval.variants import (
    PARTICLES,
    korean_variants,
    norm,
    script_of,
    token_key,
    typo_variants,
)
from rapidfuzz import fuzz, process

from unsc.lists.model import Entity, Name, Schema

__all__ = ["Dataset", "Pair", "ScreenQuery", "build_dataset", "listed_words", "primary_name",
           "split_of"]

SEED = 1718
T = TypeVar("T")
POSITIVE_SETS = ("aliases", "cross_list", "typos", "translit")
NEGATIVE_SETS = ("neg_surname", "neg_common")


@dataclass(frozen=True)
class Pair:
    set: str
    sub: str
    query: str
    target: str
    target_id: str
    schema: str
    label: int
    split: str


@dataclass(frozen=True)
class ScreenQuery:
    set: str
    sub: str
    query: str
    target_id: str | None
    schema: str
    split: str
    index: str  # "full" or "primary"


@dataclass
class Dataset:
    entities: list[Entity]
    primary_entities: list[Entity]
    pairs: list[Pair]
    queries: list[ScreenQuery]
    links: dict[str, str]  # OFAC ent_num -> UN entity id


def split_of(key: str) -> str:
    """Deterministic 50/50 dev/test split on a stable key (crc32, not per-process hash)."""
    return "dev" if zlib.crc32(key.encode("utf-8")) % 2 == 0 else "test"


def primary_name(entity: Entity) -> str:
    """The Latin-script primary name (the list's caption)."""
    return entity.caption


def _latin_names(entity: Entity) -> list[Name]:
    return [n for n in entity.names if n.script is None and n.value.strip()]


def _rng(*parts: str) -> random.Random:
    return random.Random(":".join((str(SEED), *parts)))


def _sample(items: list[T], limit: int, key: str) -> list[T]:
    if len(items) <= limit:
        return items
    return _rng(key).sample(items, limit)


def link_ofac(entities: list[Entity], records: list[OfacRecord]) -> dict[str, str]:
    """OFAC ent_num -> UN id, unambiguous: a shared passport/ID/IMO number, an exact name
    (any word order) + birth year for people, an exact multi-word name for organisations
    and vessels."""
    by_id: dict[str, set[str]] = defaultdict(set)
    by_name_year: dict[tuple[str, int], set[str]] = defaultdict(set)
    by_org_name: dict[str, set[str]] = defaultdict(set)
    for e in entities:
        for ident in un_identifiers(e):
            by_id[ident].add(e.id)
        years = {y for b in e.birth_dates if (span := b.years()) for y in range(span[0],
                                                                                 span[1] + 1)}
        for n in _latin_names(e):
            for y in years:
                by_name_year[(token_key(n.value), y)].add(e.id)
            if e.schema != Schema.PERSON:  # organisations and vessels: the name is the key
                by_org_name[token_key(n.value)].add(e.id)
    schema_of = {e.id: str(e.schema) for e in entities}
    links: dict[str, str] = {}
    for r in records:
        found: set[str] = set()
        for ident in r.identifiers:
            found |= by_id.get(ident, set())
        for ofac_name in r.names:
            for y in r.birth_years:
                found |= by_name_year.get((token_key(ofac_name), y), set())
            if r.schema != "Person" and len(token_key(ofac_name).split()) >= 2:
                found |= by_org_name.get(token_key(ofac_name), set())
        found = {f for f in found if schema_of[f] == r.schema}
        if len(found) == 1:
            links[r.ent_num] = found.pop()
    return links


def _positives(entities: list[Entity], records: list[OfacRecord],
               links: dict[str, str]) -> tuple[list[Pair], list[ScreenQuery]]:
    pairs: list[Pair] = []
    queries: list[ScreenQuery] = []
    by_id = {e.id: e for e in entities}

    def add(set_: str, sub: str, query: str, e: Entity, index: str) -> None:
        split = split_of(e.id)
        pairs.append(Pair(set_, sub, query, primary_name(e), e.id, str(e.schema), 1, split))
        queries.append(ScreenQuery(set_, sub, query, e.id, str(e.schema), split, index))

    for e in entities:
        primary = primary_name(e)
        known = {n.value.casefold() for n in e.names}
        for n in _latin_names(e):
            if n.kind != "primary" and norm(n.value) and norm(n.value) != norm(primary):
                script = script_of(n.value)
                if script == "latin":
                    add("aliases", str(n.quality), n.value, e, "primary")
                else:  # a non-Latin alias (Han company names) is a transliteration case
                    add("translit", script, n.value, e, "primary")
        for variant, op in typo_variants(primary, _rng("typo", e.id)):
            if variant.casefold() not in known:
                add("typos", op, variant, e, "full")
        for n in e.names:
            if n.script == "original" and script_of(n.value) != "latin":
                add("translit", script_of(n.value), n.value, e, "primary")
        if "DPRK" in e.programmes and str(e.schema) == "Person":
            for variant in korean_variants(primary, _rng("korean", e.id)):
                if norm(variant) not in {norm(v) for v in known}:
                    add("translit", "korean_rr", variant, e, "full")
    for r in records:
        if r.ent_num not in links:
            continue
        e = by_id[links[r.ent_num]]
        known_norm = {norm(n.value) for n in e.names}
        known_keys = {token_key(n.value) for n in e.names}
        for name in dict.fromkeys(r.names):
            if norm(name) in known_norm:
                continue
            sub = "word_order" if token_key(name) in known_keys else "spelling"
            add("cross_list", sub, name, e, "full")
    return pairs, queries


def _surname(entity: Entity) -> str | None:
    tokens = [t for t in norm(primary_name(entity)).split() if t not in PARTICLES]
    if len(tokens) < 2:
        return None
    return tokens[0] if "DPRK" in entity.programmes else tokens[-1]


def _negatives(entities: list[Entity]) -> tuple[list[Pair], list[ScreenQuery]]:
    pairs: list[Pair] = []
    queries: list[ScreenQuery] = []
    groups: dict[str, list[Entity]] = defaultdict(list)
    for e in entities:
        if str(e.schema) == "Person" and (s := _surname(e)):
            groups[s].append(e)
    for surname, members in sorted(groups.items()):
        for a in members:
            a_names = {norm(n.value) for n in _latin_names(a)}
            others = [b for b in members if b.id != a.id
                      and token_key(primary_name(b)) != token_key(primary_name(a))
                      and not a_names & {norm(n.value) for n in _latin_names(b)}]
            for b in _sample(others, 3, f"surname:{surname}:{a.id}"):
                pairs.append(Pair("neg_surname", "korean" if "DPRK" in a.programmes
                                  else "other", primary_name(a), primary_name(b), b.id,
                                  "Person", 0, split_of(f"{a.id}|{b.id}")))
    contained = listed_words(entities)
    choices = {f"{e.id}#{i}": n.value for e in entities
               for i, n in enumerate(_latin_names(e))
               if str(e.schema) == "Person" and len(norm(n.value).split()) >= 2}
    normed = {k: norm(v) for k, v in choices.items()}
    owner = {k: k.split("#")[0] for k in choices}
    for name, culture in common_names(SEED):
        if contained(name):
            continue  # the name (or all its words) is on the list: not a clean negative
        split = split_of(f"common:{name}")
        queries.append(ScreenQuery("neg_common", culture, name, None, "Person", split, "full"))
        # Pair mode: the three nearest listed names by a neutral scorer (token_sort_ratio,
        # none of the compared systems): hard negatives, not random ones.
        for _, _, key in process.extract(norm(name), normed, scorer=fuzz.token_sort_ratio,
                                         limit=3):
            pairs.append(Pair("neg_common", culture, name, choices[key], owner[key],
                              "Person", 0, split))
    return pairs, queries


def listed_words(entities: list[Entity]) -> Callable[[str], bool]:
    """A test "are all words of this name inside one listed name?" (inverted index)."""
    postings: dict[str, set[int]] = defaultdict(set)
    for i, name in enumerate(n.value for e in entities for n in e.names):
        for token in token_key(name).split():
            postings[token].add(i)

    def contained(name: str) -> bool:
        tokens = token_key(name).split()
        common = set.intersection(*(postings.get(t, set()) for t in tokens)) if tokens else set()
        return bool(common)

    return contained


def build_dataset(screen_limit: int = 700) -> Dataset:
    """The whole evaluation; screening queries per positive set capped at ``screen_limit``."""
    entities = load_un()
    records = load_ofac()
    links = link_ofac(entities, records)
    pos_pairs, pos_queries = _positives(entities, records, links)
    neg_pairs, neg_queries = _negatives(entities)
    queries: list[ScreenQuery] = []
    for set_ in POSITIVE_SETS:
        chosen = [q for q in pos_queries if q.set == set_]
        queries += _sample(chosen, screen_limit, f"screen:{set_}")
    queries += neg_queries
    primary_entities = [dataclasses.replace(e, names=tuple(
        n for n in e.names if n.kind == "primary" and n.script is None)[:1] or e.names[:1])
        for e in entities]
    return Dataset(entities, primary_entities, pos_pairs + neg_pairs, queries, links)
