"""The three systems compared, behind one small interface.

- ``unsc`` — the product through the same code path as the CLI: both lists loaded with
  ``unsc.lists.service.load_list`` into a temporary store (``UNSC_HOME``), each query
  screened with ``unsc.screening.service.screen`` and the product's defaults (no schema,
  limit 5, the shipped ``match_threshold``); pairs with ``unsc.screening.score_pair``.
  An exception (e.g. a date unsc cannot read) is a *dropped subject*.
- ``logic-v2`` — nomenklatura's LogicV2, the default matcher of OpenSanctions' yente, with
  its default configuration and yente's default threshold 0.70. yente retrieves
  candidates from Elasticsearch with a ``match`` query on the names, ``fuzziness: AUTO``
  (yente/search/queries.py); that stage is emulated generously: every list token within
  Lucene's AUTO edit distance (0 edits up to 2 characters, 1 up to 5, else 2; optimal
  string alignment, transpositions count one) of a query token is a hit, records are
  ranked by the summed rarity (idf) of the query tokens they match, and the top 30 join
  the top 20 names by rapidfuzz ratio (Indel) over all whole names (which catches merged or split
  tokens). There is no cap on fuzzy expansions (Lucene's default is 50). LogicV2 then
  scores every candidate against the record with all its names (weak aliases as
  ``weakAlias``) and listed birth dates. The query carries the record's schema (yente's
  /match requires one; negatives are Person) and the birth date if any (FtM ignores what
  it cannot parse). The candidate stage's own recall is reported.
- ``jaro-winkler`` — rapidfuzz Jaro-Winkler on ASCII-transliterated (normality), lower-case,
  punctuation-free names; a record scores its best name. It ships no threshold.
"""

from __future__ import annotations

import math
import os
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from bench.screening_recall.dataset import Pair, Query
from bench.screening_recall.records import Record, natural
from normality import ascii_text
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA, JaroWinkler

from unsc.lists.model import NameQuality

__all__ = ["JaroWinklerSystem", "LogicV2System", "Result", "UnscSystem", "norm"]


@dataclass(frozen=True)
class Result:
    hits: list[tuple[str, float]]
    error: str | None = None
    candidates: tuple[str, ...] | None = None


def norm(text: str) -> str:
    """ASCII, lower case, alphanumeric tokens separated by single spaces."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", (ascii_text(text) or text).lower()).split())


class UnscSystem:
    name = "unsc"
    parallel = False

    def __init__(self, paths: Sequence[Path], home: Path) -> None:
        os.environ["UNSC_HOME"] = str(home)
        os.environ["UNSC_DATABASE_URL"] = f"sqlite:///{home / 'unsc.db'}"
        from unsc import settings
        from unsc.lists.service import load_list
        from unsc.screening import service

        for path in paths:
            load_list(path)
        self._service: Any = service
        self.default_threshold: float | None = float(settings.get("match_threshold"))
        service.current_screener()  # build the index once, outside the timed loop

    def screen(self, query: Query, limit: int) -> Result:
        from unsc.screening import Query as UQuery

        try:
            hits = self._service.screen(UQuery(name=query.text, birth_date=query.birth_date),
                                        limit=limit)
        except Exception as exc:  # any failure means the subject was not screened
            return Result([], f"{type(exc).__name__}: {exc}")
        return Result([(h.entity.id, float(h.score)) for h in hits])

    def score_pairs(self, pairs: Sequence[Pair]) -> list[float]:
        from unsc.screening import score_pair

        return [float(score_pair(p.latin, p.other, schema=p.schema)) for p in pairs]


def _forms(records: Sequence[Record]) -> tuple[list[str], list[int]]:
    """Normalised name forms (listed order and natural order) and their record index."""
    forms: list[str] = []
    owners: list[int] = []
    for i, r in enumerate(records):
        seen: set[str] = set()
        for n in r.entity.names:
            for text in (n.value, natural(n.value, r.list, r.schema)):
                form = norm(text)
                if form and form not in seen:
                    seen.add(form)
                    forms.append(form)
                    owners.append(i)
    return forms, owners


class JaroWinklerSystem:
    name = "jaro-winkler"
    parallel = True
    default_threshold: float | None = None

    def __init__(self, records: Sequence[Record]) -> None:
        self.ids = [r.id for r in records]
        self.forms, self.owners = _forms(records)

    def screen(self, query: Query, limit: int) -> Result:
        best: dict[int, float] = {}
        for _, score, i in process.extract(norm(query.text), self.forms,
                                           scorer=JaroWinkler.similarity, limit=limit * 8):
            owner = self.owners[i]
            best[owner] = max(best.get(owner, 0.0), float(score))
        ranked = sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
        return Result([(self.ids[i], s) for i, s in ranked])

    def score_pairs(self, pairs: Sequence[Pair]) -> list[float]:
        return [float(JaroWinkler.similarity(norm(p.latin), norm(p.other))) for p in pairs]


def _fuzziness(token: str) -> int:
    """Lucene's AUTO fuzziness: exact up to 2 characters, 1 edit up to 5, else 2."""
    return 0 if len(token) <= 2 else 1 if len(token) <= 5 else 2


class LogicV2System:
    name = "logic-v2"
    parallel = True
    default_threshold: float | None = 0.7
    TOKEN_TOP = 30
    NAME_TOP = 20

    def __init__(self, records: Sequence[Record]) -> None:
        from followthemoney import model
        from nomenklatura.matching import LogicV2

        self._model = model
        self._algo = LogicV2
        self._config = LogicV2.default_config()
        self._n = 0
        self.ids = [r.id for r in records]
        self.proxies = [self._proxy(r) for r in records]
        self.forms, self.owners = _forms(records)
        postings: dict[str, set[int]] = defaultdict(set)
        for form, owner in zip(self.forms, self.owners, strict=True):
            for token in form.split():
                postings[token].add(owner)
        self.postings = {t: np.array(sorted(o), dtype=np.int64) for t, o in postings.items()}
        by_length: dict[int, list[str]] = defaultdict(list)
        for token in sorted(self.postings):
            by_length[len(token)].append(token)
        self.by_length = dict(by_length)
        n = len(records)
        self.idf = {t: math.log(1 + n / len(o)) for t, o in self.postings.items()}

    def _proxy(self, record: Record) -> Any:
        proxy = self._model.make_entity(record.schema)
        proxy.id = record.id
        for n in record.entity.names:
            prop = ("name" if n.kind == "primary" else
                    "weakAlias" if n.quality == NameQuality.WEAK else "alias")
            proxy.add(prop, natural(n.value, record.list, record.schema))
        if record.schema == "Person":
            for b in record.entity.birth_dates:
                if b.value:
                    proxy.add("birthDate", b.value)
        return proxy

    def candidates(self, text: str) -> list[int]:
        q = norm(text)
        scores = np.zeros(len(self.ids))
        for token in sorted(set(q.split())):
            k = _fuzziness(token)
            if k == 0:
                matched = [(token, 0)] if token in self.postings else []
            else:
                matched = [(v, int(d)) for n in range(len(token) - k, len(token) + k + 1)
                           for v, d, _ in process.extract(
                               token, self.by_length.get(n, ()), scorer=OSA.distance,
                               score_cutoff=k, limit=None)]
            best = np.zeros(len(self.ids))
            for term, dist in matched:
                owners = self.postings[term]
                best[owners] = np.maximum(best[owners], self.idf[term] * (1.0, 0.7, 0.5)[dist])
            scores += best
        hit = np.flatnonzero(scores)
        order = np.lexsort((hit, -scores[hit]))[:self.TOKEN_TOP]  # score, then file order
        top = [int(i) for i in hit[order]]
        whole = [self.owners[i] for _, _, i in process.extract(
            q, self.forms, scorer=fuzz.ratio, limit=self.NAME_TOP)] if q else []
        return list(dict.fromkeys([*top, *whole]))

    def _query(self, query: Query) -> Any:
        proxy = self._model.make_entity(query.schema)
        self._n += 1
        proxy.id = f"query-{self._n}"  # nomenklatura caches name analysis by entity id
        proxy.add("name", query.text)
        if query.birth_date and query.schema == "Person":
            proxy.add("birthDate", query.birth_date)
        return proxy

    def screen(self, query: Query, limit: int) -> Result:
        cands = self.candidates(query.text)
        q = self._query(query)
        scored = [(self.ids[c], float(self._algo.compare(q, self.proxies[c],
                                                         self._config).score))
                  for c in cands]
        scored.sort(key=lambda kv: (-kv[1], kv[0]))
        return Result(scored[:limit], None, tuple(self.ids[c] for c in cands))

    def score_pairs(self, pairs: Sequence[Pair]) -> list[float]:
        out = []
        for p in pairs:
            self._n += 1
            a = self._model.make_entity(p.schema)
            a.id = f"a-{self._n}"
            a.add("name", p.latin)
            b = self._model.make_entity(p.schema)
            b.id = f"b-{self._n}"
            b.add("name", p.other)
            out.append(float(self._algo.compare(a, b, self._config).score))
        return out


def batch_dropped(queries: Sequence[Query], workdir: Path) -> set[str]:
    """Query ids that ``unsc.screening.screen_batch`` (the ``unsc screen batch`` path) gives
    no result group: a row it skipped is a subject never screened."""
    import csv

    from unsc.screening import screen_batch

    src, dst = workdir / "dob_queries.csv", workdir / "dob_results.csv"
    with src.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "name", "birth_date"])
        writer.writerows((q.qid, q.text, q.birth_date or "") for q in queries)
    screen_batch(src, dst)
    with dst.open(newline="", encoding="utf-8") as fh:
        seen = {row["id"] for row in csv.DictReader(fh)}
    return {q.qid for q in queries} - seen
