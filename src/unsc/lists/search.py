"""Text search over the current entries, as yente's ``/search`` and OpenRefine's
suggest services ask for it: words of a name (every word must match), an identifier
(reference number, id, document number, referent) as a whole, filters by FtM schema,
country, topic and dataset, optional fuzzy matching, paging and facet counts.

This is look-up, not screening: it answers "which entries carry these words" for a
person browsing, where screening (:mod:`unsc.screening`) scores one subject against every
candidate with transliteration and evidence. Words are compared after ICU transliteration
to Latin ASCII and case folding, so "Юн Хо Джин" finds its Latin spelling only if the list
has it. Fuzzy words follow Elasticsearch's AUTO edit distance (0 edits up to 2 letters, 1
up to 5, else 2), which is what yente's ``fuzzy=true`` asks of its index. The index is
built from the current versions once and rebuilt when a current-version pointer moves.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import icu
from followthemoney import model
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from unsc.errors import InputError, InvalidDateError
from unsc.lists import service
from unsc.lists.changes import EntryDates, entry_dates
from unsc.lists.model import Entity

__all__ = ["FACETS", "Index", "SearchResult", "changed_since", "current_index",
           "entity_countries", "entity_datasets", "entity_topics", "search", "words"]

FACETS = ("countries", "topics", "datasets")
_LATIN = icu.Transliterator.createInstance("Any-Latin; Latin-ASCII")
_SPLIT = re.compile(r"[^a-z0-9]+")
_lock = threading.Lock()
_cached: dict[str, Index] = {}


def words(text: str) -> list[str]:
    """The comparison words of a text: Latin ASCII, case-folded, split on the rest."""
    if not text.isascii():
        text = _LATIN.transliterate(text)
    return [w for w in _SPLIT.split(text.casefold()) if w]


def _fuzz(word: str) -> int:
    return 0 if len(word) <= 2 else 1 if len(word) <= 5 else 2


def entity_countries(entity: Entity) -> set[str]:
    """Every country code an entry carries (nationality, jurisdiction, addresses, flag)."""
    found = set(entity.nationalities) | set(entity.jurisdictions)
    found |= {a.country for a in entity.addresses if a.country}
    if entity.vessel and entity.vessel.flag:
        found.add(entity.vessel.flag)
    return {c.lower() for c in found if len(c) == 2 and c.isalpha()}


def entity_topics(entity: Entity) -> tuple[str, ...]:
    """FtM topics; a UN or OFAC entry is, by being on the list, a ``sanction``."""
    return entity.topics or ("sanction",)


def entity_datasets(entity: Entity) -> tuple[str, ...]:
    return entity.datasets or (entity.list,)


def changed_since(text: str | None) -> str | None:
    """yente's ``changed_since`` (an ISO date or date-time) as the day it falls on.

    unsc knows when an entry changed to the day (the publication date of the version that
    changed it), so an entry changed on that day counts as changed since any time of it."""
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.strip().replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        raise InvalidDateError(f"changed_since {text!r} is not an ISO 8601 date or date-time "
                               "(e.g. 2024-09-21 or 2024-09-21T00:00:00)") from None


def ftm_schema(entity: Entity) -> str:
    return entity.ftm_schema or str(entity.schema)


@dataclass
class Index:
    """The current entries with their words, identifiers and dates."""

    key: tuple[str, ...]
    entities: list[Entity]
    by_id: dict[str, int] = field(default_factory=dict)
    aliases: dict[str, int] = field(default_factory=dict)
    """Reference numbers and referents -> entry (``/entities`` redirects them)."""
    postings: dict[str, set[int]] = field(default_factory=dict)
    identifiers: dict[str, set[int]] = field(default_factory=dict)
    dates: dict[str, EntryDates] = field(default_factory=dict)

    @classmethod
    def build(cls, key: tuple[str, ...], versions: Sequence[service.VersionInfo]) -> Index:
        entities = [e for v in versions for e in service.get_version_entities(v.version)]
        index = cls(key, entities)
        for version in versions:
            index.dates.update(entry_dates(version))
        for i, entity in enumerate(entities):
            index.by_id.setdefault(entity.id, i)
            for alias in (entity.reference_number, *entity.referents):
                if alias:
                    index.aliases.setdefault(alias, i)
            for name in entity.names:
                for word in words(name.value):
                    index.postings.setdefault(word, set()).add(i)
            for ident in (entity.id, entity.reference_number, *entity.referents,
                          *(d.number for d in entity.documents), *_identifiers(entity)):
                if ident:
                    index.identifiers.setdefault(_ident(ident), set()).add(i)
        return index

    def lookup(self, key: str) -> tuple[Entity, bool] | None:
        """The entry with id ``key`` (and True), or whose reference number or referent it
        is (and False: the caller redirects to the entry's id)."""
        if key in self.by_id:
            return self.entities[self.by_id[key]], True
        if key in self.aliases:
            return self.entities[self.aliases[key]], False
        return None

    def matching(self, word: str, fuzzy: bool) -> dict[int, float]:
        """Entry -> how well ``word`` matched one of its names' words (1.0 exact)."""
        found = dict.fromkeys(self.postings.get(word, ()), 1.0)
        if fuzzy and _fuzz(word):
            for other, distance, _ in process.extract(
                    word, list(self.postings), scorer=Levenshtein.distance,
                    score_cutoff=_fuzz(word), limit=None):
                weight = 1.0 - distance / (len(word) + 1)
                for i in self.postings[other]:
                    found[i] = max(found.get(i, 0.0), weight)
        return found


def _identifiers(entity: Entity) -> list[str]:
    """Values of the entry's FtM identifier properties (registrationNumber, imoNumber,
    leiCode, innCode, swiftBic...), as published."""
    kind = model.get(ftm_schema(entity))
    if kind is None:
        return []
    found: list[str] = []
    for name, values in entity.properties.items():
        prop = kind.get(name)
        if prop is not None and prop.type.name == "identifier":
            found.extend(values)
    return found


def _ident(text: str) -> str:
    return "".join(words(text))


def current_index() -> Index:
    """The index of the current versions, rebuilt when a pointer has moved."""
    versions = service.current_versions()
    key = tuple(v.version for v in versions)
    with _lock:
        found = _cached.get("current")
        if found is not None and found.key == key:
            return found
    index = Index.build(key, versions)
    with _lock:
        _cached["current"] = index
    return index


@dataclass(frozen=True)
class SearchResult:
    total: int
    results: list[Entity]
    scores: list[float]
    facets: dict[str, dict[str, Any]]


def _facet_label(facet: str, value: str) -> str:
    from followthemoney.types import registry

    if facet == "countries":
        return str(registry.country.caption(value) or value)
    if facet == "topics":
        return str(registry.topic.caption(value) or value)
    return value


def _facets(entities: list[Entity], names: Sequence[str]) -> dict[str, dict[str, Any]]:
    labels = {"countries": "Countries", "topics": "Topics", "datasets": "Data sources"}
    out: dict[str, dict[str, Any]] = {}
    for facet in names:
        counts: dict[str, int] = {}
        for entity in entities:
            values: Any = (entity_countries(entity) if facet == "countries" else
                           entity_topics(entity) if facet == "topics" else
                           entity_datasets(entity))
            for value in set(values):
                counts[value] = counts.get(value, 0) + 1
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:50]
        out[facet] = {"label": labels[facet], "values": [
            {"name": k, "label": _facet_label(facet, k), "count": n} for k, n in ranked]}
    return out


def search(q: str, *, lists: Sequence[str] | None = None, schema: str = "Thing",
           countries: Sequence[str] = (), topics: Sequence[str] = (),
           datasets: Sequence[str] = (), exclude_schema: Sequence[str] = (),
           fuzzy: bool = False, limit: int = 10, offset: int = 0,
           facets: Sequence[str] = FACETS, since: str | None = None,
           index: Index | None = None) -> SearchResult:
    """Entries whose names hold every word of ``q`` (or an identifier equal to ``q``),
    filtered, best first; an empty ``q`` (or ``*``) lists every entry, by caption.
    ``since`` (YYYY-MM-DD, see :func:`changed_since`) keeps entries changed on or after
    that day."""
    wanted = model.get(schema)
    if wanted is None:
        raise InputError(f"unknown FtM schema {schema!r} (e.g. Thing, LegalEntity, Person, "
                         "Organization, Company, Vessel, Airplane)")
    excluded = [model.get(s) for s in exclude_schema]
    if None in excluded:
        raise InputError(f"unknown FtM schema in exclude_schema: {list(exclude_schema)}")
    bad = [f for f in facets if f not in FACETS]
    if bad:
        raise InputError(f"unknown facet(s) {bad}; facets are {', '.join(FACETS)}")
    index = index or current_index()
    scored = _scored(index, q, fuzzy)
    want_countries = {c.lower() for c in countries}

    def keep(entity: Entity) -> bool:
        kind = model.get(ftm_schema(entity))
        if kind is None or not kind.is_a(wanted):
            return False
        if any(kind.is_a(x) for x in excluded if x is not None):
            return False
        if lists is not None and entity.list not in lists:
            return False
        if want_countries and not want_countries & entity_countries(entity):
            return False
        if topics and not set(topics) & set(entity_topics(entity)):
            return False
        if since is not None:
            dates = index.dates.get(entity.id)
            if dates is None or dates.last_change < since:
                return False
        return not (datasets and not set(datasets) & set(entity_datasets(entity)))

    hits = [(i, s) for i, s in scored if keep(index.entities[i])]
    if q.strip() in ("", "*"):
        hits.sort(key=lambda h: (index.entities[h[0]].caption, index.entities[h[0]].id))
    else:
        hits.sort(key=lambda h: (-h[1], index.entities[h[0]].caption))
    entities = [index.entities[i] for i, _ in hits]
    page = hits[offset:offset + limit]
    return SearchResult(total=len(hits), results=[index.entities[i] for i, _ in page],
                        scores=[round(s, 4) for _, s in page],
                        facets=_facets(entities, facets))


def _scored(index: Index, q: str, fuzzy: bool) -> list[tuple[int, float]]:
    if q.strip() in ("", "*"):
        return [(i, 1.0) for i in range(len(index.entities))]
    query = words(q)
    found: dict[int, float] = {}
    if query:
        common: dict[int, float] | None = None
        for word in query:
            matched = index.matching(word, fuzzy)
            common = matched if common is None else {
                i: common[i] + w for i, w in matched.items() if i in common}
        found = {i: total / len(query) for i, total in (common or {}).items()}
    for i in index.identifiers.get(_ident(q), ()):
        found[i] = max(found.get(i, 0.0), 1.0) + 1.0  # a whole identifier beats words
    return list(found.items())
