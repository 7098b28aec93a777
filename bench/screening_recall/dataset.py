"""The queries and name pairs of the evaluation, sampled per (class, culture) cell.

Each cell draws up to ``n`` records of one culture from one half, in an order fixed by
the seed, and makes one query per record from one of its strong Latin names (picked by
the same seeded generator). A query counts as found when a system returns any record
that carries the base name (same letters, order-free): the UN and OFAC often list the
same person, and the name alone cannot tell them apart. A perturbed query that happens
to spell another listed name is dropped, so no query has two right answers by accident.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from bench.screening_recall import dates, orgs, typos
from bench.screening_recall.culture import CULTURES
from bench.screening_recall.negatives import common_names
from bench.screening_recall.records import Record, key, load_records, name_index
from bench.screening_recall.scripts import SCRIPTS, convert
from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler

__all__ = ["DOB_CLASSES", "NAME_CLASSES", "ORG_CLASSES", "SCRIPT_CLASSES", "SINGLE_EDIT",
           "Dataset", "Pair", "Query", "Sizes", "build"]

Gen = Callable[[random.Random, str], "str | None"]

NAME_GENERATORS: dict[str, Gen] = {
    "exact": lambda rng, s: s,
    "insertion": typos.insertion, "deletion": typos.deletion,
    "substitution": typos.substitution, "transposition": typos.transposition,
    "doubled": typos.doubled, "dropped_double": typos.dropped_double,
    "space_hyphen": typos.space_hyphen, "dropped_vowels": typos.dropped_vowels,
    "one_edit": typos.one_edit, "two_edits": typos.two_edits,
    "word_order": typos.word_order,
}
NAME_CLASSES = tuple(NAME_GENERATORS)
SINGLE_EDIT = ("insertion", "deletion", "substitution", "transposition", "doubled",
               "dropped_double", "space_hyphen", "one_edit")
"""Classes whose every query is exactly one Damerau-Levenshtein edit from its base."""
ORG_CLASSES = ("acronym_bracketed", "acronym_initials", "qualifier", "possessive",
               "parent_unit", "legal_glued")
SCRIPT_CLASSES = tuple(f"script_{s.lower()}" for s in SCRIPTS)
DOB_CLASSES = tuple(f"dob_{f}" for f in dates.FORMATS)


@dataclass(frozen=True)
class Sizes:
    """Records drawn per (class, culture, half); negatives per half (None: all)."""

    name: int = 150
    org: int = 150
    script: int = 50
    dob: int = 40
    negatives: int | None = None

    @classmethod
    def quick(cls) -> Sizes:
        return cls(name=8, org=8, script=4, dob=3, negatives=120)


@dataclass(frozen=True)
class Query:
    qid: str
    cls: str
    culture: str
    split: str
    text: str
    base: str
    target: str | None
    expected: frozenset[str]
    schema: str
    birth_date: str | None = None
    detail: str = ""


@dataclass(frozen=True)
class Pair:
    """A Latin name and the same (label 1) or a similar other (label 0) name in a script."""

    cls: str
    culture: str
    split: str
    latin: str
    other: str
    label: int
    schema: str


@dataclass
class Dataset:
    queries: list[Query]
    pairs: list[Pair]
    sizes: Sizes
    seed: int
    negatives_removed: int
    records: Sequence[Record] = field(repr=False, default=())


def _people(record: Record) -> bool:
    return record.schema == "Person"


def _anyone(record: Record) -> bool:
    return True


class _Builder:
    def __init__(self, records: Sequence[Record], seed: int, sizes: Sizes) -> None:
        self.records, self.seed, self.sizes = records, seed, sizes
        self.names = name_index(records)
        self.acronyms = orgs.acronym_index(records)
        self.queries: list[Query] = []
        self.pairs: list[Pair] = []

    def pool(self, cls: str, culture: str, split: str,
             keep: Callable[[Record], bool]) -> tuple[random.Random, list[Record]]:
        rng = random.Random(f"{self.seed}|{cls}|{culture}|{split}")
        pool = [r for r in self.records
                if r.split == split and r.culture == culture and r.names and keep(r)]
        rng.shuffle(pool)
        return rng, pool

    def expected(self, record: Record, base: str) -> frozenset[str]:
        return self.names.get(key(base), frozenset()) | {record.id}

    def add(self, cls: str, record: Record, base: str, text: str | None,
            expected: frozenset[str], **extra: str | None) -> bool:
        """Keep a query unless it is empty or spells a listed name of another record."""
        if text is None or not text.strip():
            return False
        if self.names.get(key(text), frozenset()) - expected:
            return False
        n = len(self.queries)
        self.queries.append(Query(f"{cls}:{record.culture}:{record.split}:{n}", cls,
                                  record.culture, record.split, text, base, record.id,
                                  expected, record.schema, **extra))  # type: ignore[arg-type]
        return True

    def name_classes(self, culture: str, split: str) -> None:
        for cls, gen in NAME_GENERATORS.items():
            keep = _people if cls == "word_order" else _anyone
            rng, pool = self.pool(cls, culture, split, keep)
            made = 0
            for record in pool:
                if made >= self.sizes.name:
                    break
                for _ in range(3):
                    base = rng.choice(record.names)
                    text = gen(rng, base)
                    if text is None or not self._distance_ok(cls, base, text):
                        continue
                    if self.add(cls, record, base, text, self.expected(record, base)):
                        made += 1
                        break

    @staticmethod
    def _distance_ok(cls: str, base: str, text: str) -> bool:
        if cls in SINGLE_EDIT:
            return DamerauLevenshtein.distance(base, text) == 1
        if cls == "two_edits":
            return DamerauLevenshtein.distance(base, text) == 2
        return cls == "exact" or text != base

    def org_classes(self, culture: str, split: str) -> None:
        for cls in ORG_CLASSES:
            rng, pool = self.pool(cls, culture, split, lambda r: r.schema == "Organization")
            made = 0
            for record in pool:
                if made >= self.sizes.org:
                    break
                made += self._org_query(cls, rng, record)

    def _org_query(self, cls: str, rng: random.Random, record: Record) -> bool:
        names = list(record.names)
        rng.shuffle(names)
        code = orgs.country_of(record)
        parent = orgs.parent_of(record, self.names, self.acronyms)
        for base in names:
            text: str | None = None
            expected = self.expected(record, base)
            if cls == "acronym_bracketed" and orgs.bracketed(base):
                text = orgs.bracketed(base)[0]
            elif cls == "acronym_initials":
                text = orgs.initials(base)
            elif cls == "qualifier" and code:
                text = orgs.qualified(rng, base, code)
            elif cls == "possessive" and code:
                text = orgs.possessive(rng, base, code)
            elif cls == "parent_unit" and parent:
                text = orgs.with_parent(rng, base, parent[0])
            elif cls == "legal_glued":
                text = orgs.glued(rng, base)
            if text is None:
                continue
            if cls.startswith("acronym"):
                expected = (expected | self.acronyms.get(text, frozenset())
                            | self.names.get(key(text), frozenset()))
            detail = parent[0] if cls == "parent_unit" and parent else ""
            if self.add(cls, record, base, text, expected, detail=detail):
                return True
        return False

    def script_classes(self, culture: str, split: str) -> None:
        for script, cls in zip(SCRIPTS, SCRIPT_CLASSES, strict=True):
            # people and organisations: nobody writes a ship's or aircraft's mark in Hangul
            rng, pool = self.pool(cls, culture, split,
                                  lambda r: r.schema in ("Person", "Organization"))
            for record in pool[:self.sizes.script]:
                base = rng.choice(record.names)
                text = convert(base, script)
                if not self.add(cls, record, base, text, self.expected(record, base),
                                detail=script):
                    continue
                self.pairs.append(Pair(cls, culture, split, base, text, 1, record.schema))
                other = self._similar_other(rng, pool, record, base)
                if other is not None:
                    self.pairs.append(Pair(cls, culture, split, other, text, 0,
                                           record.schema))

    def _similar_other(self, rng: random.Random, pool: Sequence[Record], record: Record,
                       base: str) -> str | None:
        """A different record's name, the most Jaro-Winkler-similar of 30 drawn at random
        from the same culture and schema: a hard negative, not a random one."""
        others = [r for r in pool if r.schema == record.schema and r.id != record.id]
        if not others:
            return None
        drawn = rng.sample(others, min(30, len(others)))
        names = [n for r in drawn for n in r.names if key(n) != key(base)]
        if not names:
            return None
        return max(names, key=lambda n: (JaroWinkler.similarity(n.lower(), base.lower()), n))

    def dob_classes(self, culture: str, split: str) -> None:
        rng, pool = self.pool("dob", culture, split,
                              lambda r: r.schema == "Person" and bool(r.birth_dates))
        for record in pool[:self.sizes.dob]:
            base = rng.choice(record.names)
            born = date.fromisoformat(rng.choice(record.birth_dates))
            for fmt, cls in zip(dates.FORMATS, DOB_CLASSES, strict=True):
                if dates.applies(born, fmt):
                    self.add(cls, record, base, base, self.expected(record, base),
                             birth_date=dates.render(born, fmt), detail=born.isoformat())

    def negatives(self) -> int:
        names, removed = common_names(self.names, self.seed)
        for split in ("tune", "held"):
            chosen = [(n, c) for n, c, s in names if s == split]
            if self.sizes.negatives is not None and len(chosen) > self.sizes.negatives:
                chosen = random.Random(f"{self.seed}|neg|{split}").sample(
                    chosen, self.sizes.negatives)
            for i, (name, culture) in enumerate(chosen):
                self.queries.append(Query(f"negative:{culture}:{split}:{i}", "negative",
                                          culture, split, name, name, None, frozenset(),
                                          "Person"))
        return removed


def build(seed: int = 1718, sizes: Sizes | None = None,
          records: Sequence[Record] | None = None) -> Dataset:
    """The whole evaluation, both halves, deterministic in ``seed``."""
    sizes = sizes or Sizes()
    records = records if records is not None else load_records()
    b = _Builder(records, seed, sizes)
    for split in ("tune", "held"):
        for culture in CULTURES:
            b.name_classes(culture, split)
            b.org_classes(culture, split)
            b.script_classes(culture, split)
            b.dob_classes(culture, split)
    removed = b.negatives()
    return Dataset(b.queries, b.pairs, sizes, seed, removed, records)
